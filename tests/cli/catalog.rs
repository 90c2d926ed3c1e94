//! The embedded catalogue is valid and complete; broken catalogue folders are rejected with messages
//! that name the file and the field.

use std::fs;
use std::path::{Path, PathBuf};

use rstest::rstest;
use vereint::catalog::{
    self,
    model::{E2e, Fact, Platform},
};

const REQUIRED_IDS: &[&str] = &[
    "signal",
    "whatsapp",
    "threema",
    "telegram",
    "element",
    "mattermost",
    "slack",
    "nextcloud",
    "bigbluebutton",
    "jitsi",
    "zoom",
    "microsoft-teams",
    "google-meet",
    "nuudel",
    "framadate",
    "doodle",
    "limesurvey",
    "lamapoll",
    "mailchimp",
    "cleverreach",
    "brevo",
    "google-drive",
    "dropbox",
    "etherpad",
    "cryptpad",
    "google-docs",
    "onlyoffice",
    "trello",
    "asana",
    "openproject",
    "easyverein",
    "campai",
    "clubdesk",
    "admidio",
    "jverein",
    "spond",
    "mastodon",
    "facebook",
    "instagram",
    "wordpress",
    "canva",
    "bitwarden",
    "keepassxc",
    "1password",
    "openslides",
    "polyas",
    "liquidfeedback",
    "betterplace",
    "twingle",
    "altruja",
    "startnext",
    "posteo",
    "mailbox-org",
    "pretix",
    "excalidraw",
    "taskcards",
    "padlet",
    "nextcloud-talk",
    "zammad",
    "webling",
    "vereinsflieger",
    "netxp-verein",
    "s-verein",
    "matrix-org",
];

const REQUIRED_CATEGORIES: &[&str] = &[
    "chat",
    "video",
    "surveys",
    "scheduling",
    "newsletter",
    "files",
    "documents",
    "tasks",
    "club-admin",
    "social-media",
    "passwords",
    "assemblies",
    "donations",
    "email-hosting",
    "events",
    "whiteboards",
];

#[test]
fn embedded_catalogue_is_valid_and_complete() {
    let cat = catalog::embedded().unwrap_or_else(|p| panic!("embedded catalogue invalid:\n{p}"));
    assert!(cat.tools.len() >= 65, "only {} tools", cat.tools.len());
    assert_eq!(cat.categories.len(), REQUIRED_CATEGORIES.len());
    for id in REQUIRED_IDS {
        assert!(cat.tool(id).is_some(), "tool `{id}` missing");
    }
    for id in REQUIRED_CATEGORIES {
        assert!(cat.category(id).is_some(), "category `{id}` missing");
        assert!(
            cat.tools.iter().any(|t| t.category == *id),
            "category `{id}` has no tool"
        );
    }
    for tool in &cat.tools {
        assert!(!tool.sources.is_empty(), "{} has no source", tool.id);
        for text in [&tool.summary, &tool.description] {
            assert!(
                !text.de.trim().is_empty() && !text.en.trim().is_empty(),
                "{} lacks a language",
                tool.id
            );
            assert_ne!(
                text.de, text.en,
                "{}: German and English are identical",
                tool.id
            );
        }
    }
    let sprechstunde = cat
        .events
        .iter()
        .find(|e| e.id == "digitale-sprechstunde")
        .expect("Sprechstunde");
    assert!(matches!(
        sprechstunde.schedule,
        vereint::events::Schedule::MonthlyWeekday { nth: 3, .. }
    ));
    assert!(
        cat.events
            .iter()
            .any(|e| e.title.de.contains("Social Media"))
    );
    for id in [
        "imkerverein-sepa",
        "fussball-jugend-videotraining",
        "kunstkollektiv-online",
    ] {
        assert!(cat.example(id).is_some(), "example `{id}` missing");
    }
    assert!(
        cat.services
            .iter()
            .any(|s| s.kind == catalog::model::ServiceKind::BbbRoom)
    );
    assert!(
        cat.services
            .iter()
            .any(|s| s.kind == catalog::model::ServiceKind::MattermostTeam)
    );
}

#[test]
fn well_known_facts_are_as_documented() {
    let cat = catalog::embedded().unwrap();
    let tool = |id: &str| cat.tool(id).unwrap();
    assert_eq!(tool("signal").e2e(), E2e::Yes);
    assert_eq!(tool("threema").provider.country, "CH");
    assert_eq!(tool("telegram").e2e(), E2e::Partial);
    assert!(tool("nextcloud").open_source && tool("nextcloud").self_hostable);
    assert!(
        tool("bigbluebutton").open_source
            && tool("bigbluebutton").licence.as_deref() == Some("LGPL-3.0-or-later")
    );
    assert!(!tool("whatsapp").open_source && tool("whatsapp").licence.is_none());
    assert_eq!(tool("keepassxc").e2e(), E2e::NotApplicable);
    // corrected in issue 15
    assert_eq!(tool("mastodon").provider.name, "Mastodon GmbH");
    assert_eq!(
        tool("mattermost").licence.as_deref(),
        Some("AGPL-3.0-only AND Apache-2.0")
    );
    assert_eq!(
        tool("element").licence.as_deref(),
        Some("AGPL-3.0-only OR GPL-3.0-only OR LicenseRef-Element-Commercial")
    );
    assert_eq!(tool("spond").gdpr.dpa, Fact::Yes);
    assert_eq!(tool("canva").gdpr.dpa, Fact::Yes);
    assert_eq!(tool("cleverreach").pricing.free_tier, Fact::Yes);
    assert!(tool("trello").platforms.contains(&Platform::Windows));
}

/// One spelling of e-mail in English, as in the user interface, and no "an own".
#[test]
fn english_texts_spell_consistently() {
    let cat = catalog::embedded().unwrap();
    let json = serde_json::to_value(&cat).unwrap();
    let mut english = Vec::new();
    collect_english(&json, &mut english);
    assert!(english.len() > 500, "only {} English texts", english.len());
    for text in english {
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .collect();
        assert!(
            !words
                .iter()
                .any(|w| w.eq_ignore_ascii_case("email") || w.eq_ignore_ascii_case("emails")),
            "write e-mail: {text}"
        );
        assert!(!text.contains("an own "), "write your own: {text}");
    }
}

fn collect_english<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(serde_json::Value::String(en)), true) =
                (map.get("en"), map.contains_key("de"))
            {
                out.push(en);
            }
            map.values().for_each(|v| collect_english(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_english(v, out)),
        _ => {}
    }
}

fn valid() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog/valid")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_valid_fixture_loads() {
    let cat = catalog::load_dir(&valid()).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(cat.tools.len(), 2);
}

enum Change {
    Replace(&'static str, &'static str),
    Write(&'static str),
    Remove,
}

#[rstest]
#[case::duplicate_id(
    "tools/more/alpha-chat.toml",
    Change::Write(ALPHA_COPY),
    "tools/more/alpha-chat.toml",
    "duplicate tool id `alpha-chat`"
)]
#[case::unknown_category(
    "tools/alpha-chat.toml",
    Change::Replace("category = \"chat\"", "category = \"chatt\""),
    "tools/alpha-chat.toml: category",
    "unknown category `chatt`"
)]
#[case::missing_language(
    "tools/alpha-chat.toml",
    Change::Replace(", en = \"An open messenger.\"", ""),
    "tools/alpha-chat.toml: line",
    "missing field `en`"
)]
#[case::empty_language(
    "tools/alpha-chat.toml",
    Change::Replace("en = \"An open messenger.\"", "en = \" \""),
    "tools/alpha-chat.toml: summary.en",
    "missing text"
)]
#[case::platform_outside_set(
    "tools/alpha-chat.toml",
    Change::Replace("\"web\", \"android\"", "\"web\", \"blackberry\""),
    "tools/alpha-chat.toml: line 10",
    "unknown variant `blackberry`"
)]
#[case::bad_country(
    "tools/beta-video.toml",
    Change::Replace("country = \"US\"", "country = \"XX\""),
    "tools/beta-video.toml: provider.country",
    "`XX` is not an ISO 3166-1 alpha-2"
)]
#[case::bad_hosting_country(
    "tools/beta-video.toml",
    Change::Replace("countries = [\"US\"]", "countries = [\"USA\"]"),
    "hosting.countries[0]",
    "`USA` is not an ISO"
)]
#[case::unparsable_url(
    "tools/alpha-chat.toml",
    Change::Replace(
        "website = \"https://alpha.example.org/\"",
        "website = \"alpha example\""
    ),
    "tools/alpha-chat.toml: website",
    "not a valid URL"
)]
#[case::non_http_url(
    "tools/alpha-chat.toml",
    Change::Replace("\"https://alpha.example.org/about\"", "\"ftp://alpha.example.org/\""),
    "sources[0]",
    "must be an http(s) URL"
)]
#[case::non_spdx_licence(
    "tools/alpha-chat.toml",
    Change::Replace("AGPL-3.0-only", "GPL v3"),
    "tools/alpha-chat.toml: licence",
    "not a valid SPDX expression"
)]
#[case::open_source_without_licence(
    "tools/alpha-chat.toml",
    Change::Replace("licence = \"AGPL-3.0-only\"\n", ""),
    "licence",
    "needs its licence"
)]
#[case::unknown_field(
    "tools/alpha-chat.toml",
    Change::Replace("self_hostable = true", "self_hostable = true\nrating = 5"),
    "tools/alpha-chat.toml: line 10",
    "unknown field `rating`"
)]
#[case::id_not_file_name(
    "tools/alpha-chat.toml",
    Change::Replace("id = \"alpha-chat\"", "id = \"alpha\""),
    "tools/alpha-chat.toml: id",
    "must match the file name"
)]
#[case::control_character(
    "tools/alpha-chat.toml",
    Change::Replace("Zum Testen.", "Zum \\u001b[2J Testen."),
    "description.de",
    "control character U+001B"
)]
#[case::missing_video_limit(
    "tools/beta-video.toml",
    Change::Replace("max_participants = 100\n", ""),
    "max_participants",
    "video tools give a number"
)]
#[case::no_source(
    "tools/beta-video.toml",
    Change::Replace("sources = [\"https://beta.example.com/pricing\"]", "sources = []"),
    "sources",
    "at least one source"
)]
#[case::example_unknown_tool(
    "examples/test-club.toml",
    Change::Replace("\"alpha-chat\"", "\"gamma\""),
    "examples/test-club.toml: tools[0]",
    "unknown tool `gamma`"
)]
#[case::event_bad_nth(
    "events/sprechstunde.toml",
    Change::Replace("nth = 3", "nth = 5"),
    "schedule.nth",
    "out of range"
)]
#[case::event_bad_timezone(
    "events/sprechstunde.toml",
    Change::Replace("Europe/Berlin", "Europe/Springfield"),
    "timezone",
    "not an IANA time zone"
)]
#[case::broken_toml(
    "tools/beta-video.toml",
    Change::Replace("name = \"Beta Video\"", "name = \"Beta Video"),
    "tools/beta-video.toml: line 2",
    ""
)]
#[case::missing_categories("categories.toml", Change::Remove, "categories.toml", "missing")]
#[case::stray_file("notes.toml", Change::Write("x = 1"), "notes.toml", "unexpected file")]
fn broken_catalogue_is_rejected(
    #[case] file: &str,
    #[case] change: Change,
    #[case] where_: &str,
    #[case] message: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&valid(), dir.path());
    let path = dir.path().join(file);
    match change {
        Change::Replace(from, to) => {
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "fixture lacks {from:?}");
            fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Change::Write(content) => {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, content).unwrap();
        }
        Change::Remove => fs::remove_file(&path).unwrap(),
    }
    let problems = catalog::load_dir(dir.path())
        .expect_err("broken catalogue accepted")
        .to_string();
    let line = problems
        .lines()
        .find(|l| l.contains(where_) && l.contains(message))
        .unwrap_or_else(|| panic!("no problem at {where_:?} saying {message:?} in:\n{problems}"));
    assert!(!line.is_empty());
}

const ALPHA_COPY: &str = r#"
id = "alpha-chat"
name = "Alpha Chat Copy"
category = "chat"
website = "https://alpha.example.org/"
as_of = "2026-11-01"
sources = ["https://alpha.example.org/about"]
open_source = false
self_hostable = false
platforms = ["web"]
account_to_join = "yes"
accessibility = { de = "Unbekannt.", en = "Unknown." }
summary = { de = "Kopie.", en = "Copy." }
description = { de = "Kopie.", en = "Copy." }
[provider]
name = "Alpha e.V."
country = "DE"
[hosting]
countries = []
note = { de = "-", en = "-" }
[security]
e2e = "no"
e2e_note = { de = "-", en = "-" }
[gdpr]
dpa = "unknown"
us_transfer = "unknown"
note = { de = "-", en = "-" }
[pricing]
free_tier = "yes"
nonprofit_offer = "no"
note = { de = "-", en = "-" }
"#;
