//! The CLI as users and scripts call it: every subcommand, bad arguments, bad configuration.

use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

use crate::support;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The binary with a clean environment: no user config, English unless asked.
fn vereint(home: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("vereint").unwrap();
    for (key, _) in std::env::vars() {
        if key.starts_with("VEREINT_") || key.starts_with("LC_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("LANG", "en_GB.UTF-8");
    cmd
}

use std::os::unix::fs::PermissionsExt as _;

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn catalog_list_json_keeps_the_contract() {
    let h = home();
    let tools = json(vereint(&h).args(["catalog", "list", "--json"]));
    let tools = tools.as_array().unwrap();
    assert!(tools.len() >= 45);
    let platforms = ["web", "windows", "macos", "linux", "android", "ios"];
    for tool in tools {
        for key in [
            "id",
            "name",
            "category",
            "open_source",
            "self_hostable",
            "pricing",
            "website",
            "as_of",
        ] {
            assert!(tool.get(key).is_some(), "{key} missing in {}", tool["id"]);
        }
        assert!(tool["licence"].is_null() || tool["licence"].is_string());
        let country = tool["provider"]["country"].as_str().unwrap();
        assert_eq!(country.len(), 2);
        assert!(tool["provider"]["name"].is_string());
        assert!(["yes", "partial", "no", "n/a"].contains(&tool["e2e"].as_str().unwrap()));
        for p in tool["platforms"].as_array().unwrap() {
            assert!(platforms.contains(&p.as_str().unwrap()));
        }
        assert!(tool["summary"]["de"].is_string() && tool["summary"]["en"].is_string());
    }
}

#[test]
fn filters_combine() {
    let h = home();
    let tools = json(vereint(&h).args([
        "catalog",
        "list",
        "--json",
        "--e2e",
        "--open-source",
        "--platform",
        "android",
    ]));
    let tools = tools.as_array().unwrap();
    assert!(!tools.is_empty());
    for t in tools {
        assert_eq!(t["e2e"], "yes");
        assert_eq!(t["open_source"], true);
        assert!(
            t["platforms"]
                .as_array()
                .unwrap()
                .contains(&Value::from("android"))
        );
    }
    let chat = json(vereint(&h).args(["catalog", "list", "--json", "--category", "chat"]));
    assert!(
        chat.as_array()
            .unwrap()
            .iter()
            .all(|t| t["category"] == "chat")
    );
}

#[test]
fn show_prints_facts_and_profile_in_both_languages() {
    let h = home();
    vereint(&h)
        .args(["catalog", "show", "signal"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Privacy profile")
                .and(predicate::str::contains("+ Open source")),
        );
    vereint(&h)
        .args(["--lang", "de", "catalog", "show", "signal"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Datenschutz-Profil"));
    vereint(&h)
        .env("LANG", "de_DE.UTF-8")
        .args(["catalog", "show", "threema"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Anbieter"));
    let shown = json(vereint(&h).args(["catalog", "show", "signal", "--json"]));
    assert_eq!(shown["id"], "signal");
    assert_eq!(shown["profile"].as_array().unwrap().len(), 6);
}

#[test]
fn unknown_tool_is_an_error_that_says_what_to_do() {
    let h = home();
    vereint(&h)
        .args(["catalog", "show", "nope"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("nope").and(predicate::str::contains("vereint catalog list")),
        );
}

#[test]
fn search_finds_by_name_provider_and_summary() {
    let h = home();
    vereint(&h)
        .args(["catalog", "search", "signl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("signal"));
    let hits = json(vereint(&h).args(["catalog", "search", "Verschlüsselt", "--json"]));
    assert!(!hits.as_array().unwrap().is_empty());
    vereint(&h)
        .args(["catalog", "search", "zzqqxxjj"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No matches"));
}

#[test]
fn validate_reports_file_and_field() {
    let h = home();
    vereint(&h)
        .args(["catalog", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("valid"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tools")).unwrap();
    std::fs::write(dir.path().join("tools/x.toml"), "id = \"x\"\nname = 1\n").unwrap();
    vereint(&h)
        .args(["catalog", "validate"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("tools/x.toml: line 2")
                .and(predicate::str::contains("categories.toml: missing"))
                .and(predicate::str::contains("problem(s) found")),
        );
    let report = vereint(&h)
        .args(["catalog", "validate", "--json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&report).unwrap();
    assert_eq!(report["valid"], false);
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["file"] == "tools/x.toml")
    );
}

#[test]
fn events_list_and_ics() {
    let h = home();
    let events = json(vereint(&h).args(["events", "list", "--json"]));
    let sprechstunde: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["id"] == "digitale-sprechstunde")
        .collect();
    assert_eq!(sprechstunde.len(), 3);
    for e in sprechstunde {
        let start: jiff::Timestamp = e["start"].as_str().unwrap().parse().unwrap();
        let local = start.to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").unwrap());
        assert_eq!(local.weekday(), jiff::civil::Weekday::Tuesday);
        assert!(
            (15..=21).contains(&local.day()),
            "3rd Tuesday falls on day 15-21, got {}",
            local.day()
        );
    }
    let out = vereint(&h)
        .args(["events", "ics", "digitale-sprechstunde"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let ics = String::from_utf8(out).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 12);
    vereint(&h)
        .args(["events", "ics", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("events list"));
    let file = h.path().join("all.ics");
    vereint(&h)
        .args(["events", "ics", "-o"])
        .arg(&file)
        .assert()
        .success();
    let all = std::fs::read_to_string(file).unwrap().replace("\r\n ", "");
    assert!(all.matches("BEGIN:VEVENT").count() > 12);
    assert!(all.to_lowercase().contains("summary:social media"), "{all}");
    vereint(&h)
        .args(["--lang", "de", "events", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Wann"));

    // grouped: each event's dates together, its title once, then the feed to subscribe to
    let ids: Vec<String> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let mut seen = Vec::new();
    for id in &ids {
        if seen.last() != Some(id) {
            assert!(!seen.contains(id), "{id} is split up: {ids:?}");
            seen.push(id.clone());
        }
    }
    let out = vereint(&h)
        .args(["--lang", "en", "events", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.matches("Digital consultation hour").count(),
        1,
        "{text}"
    );
    let title_line = text
        .lines()
        .position(|l| l.contains("Digital consultation hour"))
        .unwrap();
    let date_lines = text
        .lines()
        .skip(title_line)
        .take_while(|l| l.contains(" 17:00"))
        .count();
    assert_eq!(date_lines, 3, "its three dates, one under another: {text}");
    assert!(
        text.contains("webcal://") && text.contains("/api/v1/events.ics"),
        "{text}"
    );

    // one date of one event
    let first = sprechstunde_first_date(&events);
    let out = vereint(&h)
        .args(["events", "ics", "digitale-sprechstunde", "--date", &first])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let one = String::from_utf8(out).unwrap().replace("\r\n ", "");
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1, "{one}");
    let uid = one
        .lines()
        .find_map(|l| l.strip_prefix("UID:"))
        .unwrap()
        .trim_end();
    assert_eq!(uid, format!("digitale-sprechstunde-{first}@vereint"));
    let dtstart = one
        .lines()
        .find_map(|l| l.strip_prefix("DTSTART:"))
        .unwrap()
        .trim_end();
    assert_eq!(dtstart.len(), "20270119T160000Z".len(), "{dtstart}");
    assert_eq!(
        &dtstart[..8],
        first.replace('-', ""),
        "17:00 Berlin is the same UTC day"
    );
    for (bad, says) in [
        ("2027-13-45", "YYYY-MM-DD"),
        ("next tuesday", "YYYY-MM-DD"),
        ("2026-01-20", "does not take place"),
        ("2027-01-20", "does not take place"),
    ] {
        vereint(&h)
            .args([
                "--lang",
                "en",
                "events",
                "ics",
                "digitale-sprechstunde",
                "--date",
                bad,
            ])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(says).and(predicate::str::contains(&first)));
    }
    vereint(&h)
        .args(["events", "ics", "--date", &first])
        .assert()
        .code(2);
}

/// The next date of the consultation hour, from `events list --json`.
fn sprechstunde_first_date(events: &Value) -> String {
    let start: jiff::Timestamp = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "digitale-sprechstunde")
        .unwrap()["start"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    start
        .to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").unwrap())
        .date()
        .to_string()
}

#[test]
fn examples_list_and_show() {
    let h = home();
    let list = json(vereint(&h).args(["examples", "list", "--json"]));
    assert!(list.as_array().unwrap().len() >= 3);
    vereint(&h)
        .args(["--lang", "de", "examples", "show", "imkerverein-sepa"])
        .assert()
        .success()
        .stdout(predicate::str::contains("SEPA"));
    let one = json(vereint(&h).args(["examples", "show", "kunstkollektiv-online", "--json"]));
    assert_eq!(one["id"], "kunstkollektiv-online");
    vereint(&h)
        .args(["examples", "show", "nope"])
        .assert()
        .code(1);
}

#[test]
fn config_show_names_sources_and_bad_config_is_reported() {
    let h = home();
    let dir = h.path().join("config/vereint");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("vereint.toml"), "lang = \"de\"\n").unwrap();
    let settings = json(
        vereint(&h)
            .env("VEREINT_UI__MOUSE", "false")
            .args(["config", "show", "--json"]),
    );
    let find = |k: &str| {
        settings
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == k)
            .unwrap()
            .clone()
    };
    assert!(
        find("lang")["source"]
            .as_str()
            .unwrap()
            .ends_with("vereint/vereint.toml")
    );
    assert_eq!(find("ui.mouse")["value"], false);
    assert!(
        find("ui.mouse")["source"]
            .as_str()
            .unwrap()
            .contains("VEREINT_")
    );
    assert_eq!(find("ui.theme")["source"], "default");
    vereint(&h)
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Voreinstellung"));

    std::fs::write(dir.join("vereint.toml"), "[ui]\nthem = \"dark\"\n").unwrap();
    vereint(&h)
        .args(["catalog", "list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("vereint.toml, line 2: unknown key `ui.them`")
                .and(predicate::str::contains("did you mean `theme`?")),
        );
    std::fs::write(dir.join("vereint.toml"), "[ui]\ntheme = 3\n").unwrap();
    vereint(&h)
        .args(["config", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`ui.theme` = 3"));
    vereint(&h)
        .args(["--config", "/nonexistent/vereint.toml", "config", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/vereint.toml"));
    std::fs::remove_file(dir.join("vereint.toml")).unwrap();
    let broken = h.path().join("broken-catalog");
    std::fs::create_dir_all(&broken).unwrap();
    vereint(&h)
        .env("VEREINT_CATALOG__DIR", &broken)
        .args(["catalog", "list"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("catalog.dir")
                .and(predicate::str::contains("catalog validate")),
        );
}

#[test]
fn usage_errors_exit_2() {
    let h = home();
    vereint(&h).args(["catalog", "frobnicate"]).assert().code(2);
    vereint(&h)
        .args(["--lang", "fr", "catalog", "list"])
        .assert()
        .code(2);
    vereint(&h)
        .args(["catalog", "list", "--platform", "blackberry"])
        .assert()
        .code(2);
    vereint(&h)
        .args(["events", "list", "--count", "many"])
        .assert()
        .code(2);
    vereint(&h)
        .args(["--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("catalog"));
}

#[test]
fn completions_and_man_page() {
    let h = home();
    vereint(&h)
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("vereint"));
    vereint(&h).args(["completions", "zsh"]).assert().success();
    vereint(&h)
        .args(["man"])
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH vereint"));
}

#[test]
fn closed_pipe_exits_quietly() {
    let h = home();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("vereint"))
        .args(["catalog", "list", "--json"])
        .env("HOME", h.path())
        .env("XDG_CONFIG_HOME", h.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "status {:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_error_with_stderr_closed_keeps_its_exit_code() {
    let h = home();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("vereint"))
        .args(["--lang", "de", "catalog", "show", "threma"])
        .env("HOME", h.path())
        .env("XDG_CONFIG_HOME", h.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // both ends closed before the error is written, as in `vereint ... 2>&1 | head -0`
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "status {status:?} (101 is a panic)");
}

/// The user's config file with `text`.
fn config_file(h: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
    let dir = h.path().join("config/vereint");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("vereint.toml");
    std::fs::write(&file, text).unwrap();
    file
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn config_errors_name_file_line_key_and_a_suggestion() {
    let h = home();
    let file = config_file(
        &h,
        "lang = \"en\"\n\n[directory]\nbind = \"127.0.0.1:1\"\npublic_ulr = \"https://x.example\"\n",
    );
    let err = stderr_of(vereint(&h).args(["catalog", "list"]), 2);
    assert!(
        err.contains(&format!(
            "{}, line 5: unknown key `directory.public_ulr`; did you mean `public_url`?",
            file.display()
        )),
        "{err}"
    );
    assert!(!err.contains("default."), "{err}");
    assert!(err.contains("vereint config show"), "{err}");
    // in German too, and `config show` still lists what is there, the wrong key with its file
    let err = stderr_of(
        vereint(&h)
            .env("LANG", "de_DE.UTF-8")
            .args(["config", "show", "--json"]),
        2,
    );
    assert!(
        err.contains(
            "Zeile 5: unbekannter Schlüssel „directory.public_ulr“; meintest du „public_url“?"
        ),
        "{err}"
    );
    let out = vereint(&h)
        .args(["config", "show", "--json"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let shown: Value = serde_json::from_slice(&out).unwrap();
    let wrong = shown
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "directory.public_ulr")
        .expect("the wrong key is shown");
    assert_eq!(wrong["source"], file.display().to_string());
    // the environment: the variable as written, not UI.THEME
    std::fs::remove_file(&file).unwrap();
    let err = stderr_of(
        vereint(&h)
            .env("VEREINT_UI__THEME", "dark")
            .args(["catalog", "list"]),
        2,
    );
    assert!(
        err.contains("environment variable VEREINT_UI__THEME: `VEREINT_UI__THEME` = `dark` is not allowed; use one of: default, high-contrast"),
        "{err}"
    );
    let err = stderr_of(
        vereint(&h)
            .env("VEREINT_DIRECTORY__AUTO_APROVE", "true")
            .args(["catalog", "list"]),
        2,
    );
    assert!(
        err.contains("VEREINT_DIRECTORY__AUTO_APROVE") && err.contains("`auto_approve`"),
        "{err}"
    );
    // not TOML at all: the line and its text
    config_file(&h, "lang = \"de\"\n[ui\nmouse = true\n");
    let err = stderr_of(vereint(&h).args(["catalog", "list"]), 2);
    assert!(
        err.contains("vereint.toml, line 2: not valid TOML") && err.contains("  [ui"),
        "{err}"
    );
}

#[test]
fn catalog_categories_and_suggestions() {
    let h = home();
    let categories = json(vereint(&h).args(["catalog", "categories", "--json"]));
    let categories = categories.as_array().unwrap();
    assert!(categories.len() >= 5);
    let chat = categories.iter().find(|c| c["id"] == "chat").unwrap();
    assert!(chat["tools"].as_u64().unwrap() >= 1);
    assert!(chat["name"]["de"].is_string());
    vereint(&h)
        .args(["--lang", "de", "catalog", "categories"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Beschreibung").and(predicate::str::contains("chat")));
    let err = stderr_of(
        vereint(&h).args(["catalog", "list", "--category", "Chat"]),
        2,
    );
    assert!(
        err.contains("no category with id `Chat`; the ids are: ")
            && err.contains("did you mean `chat`?"),
        "{err}"
    );
    for c in categories {
        assert!(err.contains(c["id"].as_str().unwrap()), "{err}");
    }
    let err = stderr_of(vereint(&h).args(["catalog", "show", "threma"]), 1);
    assert!(err.contains("did you mean `threema`?"), "{err}");
    let err = stderr_of(
        vereint(&h).args(["--lang", "de", "catalog", "show", "threma"]),
        1,
    );
    assert!(err.contains("meintest du „threema“?"), "{err}");
    let err = stderr_of(vereint(&h).args(["catalog", "show", "zzzzzzzz"]), 1);
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn help_and_usage_errors_in_german_and_english() {
    let h = home();
    let de = |cmd: &mut Command| {
        cmd.env("LANG", "de_DE.UTF-8");
    };
    let mut c = vereint(&h);
    de(&mut c);
    c.args(["--help"]).assert().success().stdout(
        predicate::str::contains("Aufruf: vereint [OPTIONEN] [BEFEHL]")
            .and(predicate::str::contains("Befehle:"))
            .and(predicate::str::contains(
                "Den Katalog digitaler Werkzeuge durchsehen",
            ))
            .and(predicate::str::contains("Hilfe anzeigen")),
    );
    let mut c = vereint(&h);
    de(&mut c);
    c.args(["help", "catalog", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nur Open-Source-Werkzeuge"));
    vereint(&h)
        .args(["catalog", "list", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Usage: vereint catalog list [OPTIONS]")
                .and(predicate::str::contains("Only open-source tools")),
        );
    let mut c = vereint(&h);
    de(&mut c);
    let err = stderr_of(c.args(["catalog", "show"]), 2);
    assert!(
        err.starts_with("vereint: es fehlt: <ID>\n\nAufruf: vereint catalog show [OPTIONEN] <ID>"),
        "{err}"
    );
    let err = stderr_of(vereint(&h).args(["catalog", "show"]), 2);
    assert!(err.starts_with("vereint: missing: <ID>"), "{err}");
    let err = stderr_of(vereint(&h).args(["--lang", "de", "catalog", "lst"]), 2);
    assert!(
        err.contains("unbekannter Befehl „lst“") && err.contains("meintest du „list“?"),
        "{err}"
    );
    let err = stderr_of(
        vereint(&h).args(["--lang", "de", "catalog", "list", "--platform", "x"]),
        2,
    );
    assert!(
        err.contains("ungültiger Wert „x“ für --platform") && err.contains("erlaubt: web"),
        "{err}"
    );
    // --lang decides the language of help, before the locale
    vereint(&h)
        .env("LANG", "de_DE.UTF-8")
        .args(["--lang", "en", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Browse the catalogue of digital tools",
        ));
}

#[test]
fn man_pages_for_every_command_in_both_languages() {
    let h = home();
    for (lang, exit, env, files) in [
        ("de", "EXIT-STATUS", "UMGEBUNG", "DATEIEN"),
        ("en", "EXIT STATUS", "ENVIRONMENT", "FILES"),
    ] {
        let dir = h.path().join(format!("man-{lang}"));
        vereint(&h)
            .args(["--lang", lang, "man", "--dir"])
            .arg(&dir)
            .assert()
            .success();
        let main = std::fs::read_to_string(dir.join("vereint.1")).unwrap();
        for section in [exit, env, files] {
            assert!(
                main.contains(&format!(".SH \"{section}\"")),
                "{lang}: {section}"
            );
        }
        // every page named in a page exists
        for entry in std::fs::read_dir(&dir).unwrap() {
            let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for (i, _) in page.match_indices("\\fR(1)") {
                let start = page[..i].rfind("\\fB").unwrap() + 3;
                let name = page[start..i].replace("\\-", "-");
                assert!(
                    dir.join(format!("{name}.1")).exists(),
                    "{lang}: {name}.1 missing"
                );
            }
        }
        assert!(dir.join("vereint-catalog-list.1").exists());
        let health = std::fs::read_to_string(dir.join("vereint-health.1")).unwrap();
        assert!(health.contains("CRITICAL") || health.contains("KRITISCH"));
    }
    vereint(&h)
        .args(["--lang", "de", "man", "catalog", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(".TH vereint\\-catalog\\-list 1")
                .and(predicate::str::contains("Nur Open\\-Source\\-Werkzeuge")),
        );
    vereint(&h).args(["man", "nope"]).assert().code(2);
}

#[test]
fn health_usage_errors_exit_2() {
    let h = home();
    for args in [
        vec!["health", "gopher://x"],
        vec!["health", "https://"],
        vec!["health"],
        vec!["health", "--timeout", "0", "https://example.org"],
    ] {
        vereint(&h).args(&args).assert().code(2);
    }
    let err = stderr_of(vereint(&h).args(["--lang", "de", "health", "stun:[::1"]), 2);
    assert!(
        err.contains("einer IPv6-Adresse fehlt die schließende ]"),
        "{err}"
    );
}

/// Arguments, environment and the user's config file of one run.
type Run = (
    Vec<&'static str>,
    Vec<(&'static str, &'static str)>,
    Option<&'static str>,
);

#[test]
fn every_error_path_in_german_is_german() {
    let h = home();
    let pieces = vereint::i18n::english_only();
    assert!(pieces.len() > 300, "{}", pieces.len());
    let runs: Vec<Run> = vec![
        (vec!["catalog", "show"], vec![], None),
        (vec!["catalog", "show", "threma"], vec![], None),
        (vec!["catalog", "frobnicate"], vec![], None),
        (vec!["catalog"], vec![], None),
        (vec!["catalog", "list", "--platform", "x"], vec![], None),
        (vec!["catalog", "list", "--category", "Chat"], vec![], None),
        (vec!["catalog", "list", "--nope"], vec![], None),
        (vec!["events", "list", "--count", "many"], vec![], None),
        (vec!["events", "ics", "nope"], vec![], None),
        (vec!["examples", "show", "nope"], vec![], None),
        (vec!["health"], vec![], None),
        (vec!["health", "gopher://x"], vec![], None),
        (vec!["health", "stun:[::1"], vec![], None),
        (
            vec!["health", "--timeout", "0", "https://x.example"],
            vec![],
            None,
        ),
        (vec!["tui"], vec![], None),
        (vec!["man", "nope"], vec![], None),
        (vec!["bookings", "show", "bk_nope"], vec![], None),
        (
            vec![
                "directory",
                "admin",
                "--url",
                "http://127.0.0.1:9",
                "bookings",
            ],
            vec![("VEREINT_DIRECTORY__ADMIN_TOKEN", "t0ken-for-the-test")],
            None,
        ),
        (
            vec![
                "directory",
                "admin",
                "--url",
                "http://127.0.0.1:9",
                "bookings",
            ],
            vec![],
            None,
        ),
        (
            vec!["catalog", "list"],
            vec![],
            Some("[ui]\nthem = \"dark\"\n"),
        ),
        (
            vec!["catalog", "list"],
            vec![],
            Some("[ui]\nmouse = \"sometimes\"\n"),
        ),
        (vec!["config", "show"], vec![], Some("lang = \"fr\"\n")),
        (vec!["catalog", "list"], vec![], Some("[ui\n")),
        (
            vec!["catalog", "list"],
            vec![("VEREINT_UI__THEME", "dark")],
            None,
        ),
        (
            vec!["--config", "/nonexistent/vereint.toml", "catalog", "list"],
            vec![],
            None,
        ),
    ];
    // the directory's settings, refused before it serves
    let serve = || vec!["directory", "serve", "--bind", "127.0.0.1:0"];
    let token = ("VEREINT_DIRECTORY__ADMIN_TOKEN", "t0ken-for-the-test");
    let smtp = |url: &'static str, from: &'static str| {
        vec![
            token,
            ("VEREINT_DIRECTORY__SMTP__URL", url),
            ("VEREINT_DIRECTORY__SMTP__FROM", from),
        ]
    };
    let settings_runs: Vec<Run> = vec![
        (
            serve(),
            vec![token, ("VEREINT_DIRECTORY__BODY_LIMIT", "10")],
            None,
        ),
        (
            serve(),
            vec![token, ("VEREINT_DIRECTORY__MAX_CONNECTIONS", "0")],
            None,
        ),
        (
            serve(),
            vec![token, ("VEREINT_DIRECTORY__HEADER_TIMEOUT_MS", "5")],
            None,
        ),
        (
            serve(),
            vec![token, ("VEREINT_DIRECTORY__PUBLIC_URL", "no url")],
            None,
        ),
        (
            serve(),
            vec![token, ("VEREINT_DIRECTORY__BBB__URL", "ftp://bbb.example/")],
            None,
        ),
        (
            serve(),
            vec![
                token,
                (
                    "VEREINT_DIRECTORY__BBB__URL",
                    "https://bbb.example/bigbluebutton/api/",
                ),
            ],
            None,
        ),
        (
            serve(),
            vec![
                token,
                (
                    "VEREINT_DIRECTORY__NOTIFY__WEBHOOK_URL",
                    "https://hooks.example/v",
                ),
            ],
            None,
        ),
        (
            serve(),
            vec![
                token,
                (
                    "VEREINT_DIRECTORY__NOTIFY__MATTERMOST_WEBHOOK_URL",
                    "hooks.example",
                ),
            ],
            None,
        ),
        (
            serve(),
            vec![
                token,
                ("VEREINT_DIRECTORY__TRUSTED_PROXIES", "[\"10.0.0.0/99\"]"),
            ],
            None,
        ),
        (
            serve(),
            vec![
                token,
                ("VEREINT_DIRECTORY__MATTERMOST__URL", "no url"),
                ("VEREINT_DIRECTORY__MATTERMOST__TOKEN", "t0ken-for-the-test"),
            ],
            None,
        ),
        (
            serve(),
            smtp("smtp://mail.example.org", "noreply@example.org"),
            None,
        ),
        (
            serve(),
            smtp("gopher://mail.example.org", "noreply@example.org"),
            None,
        ),
        (
            serve(),
            smtp("smtps://u:p@mail.example.org", "noreply@example.org"),
            None,
        ),
        (
            serve(),
            smtp("smtps://mail.example.org", "not an address"),
            None,
        ),
        (
            serve(),
            vec![
                token,
                (
                    "VEREINT_DIRECTORY__MATTERMOST__URL",
                    "https://chat.example/",
                ),
                (
                    "VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_CHANNEL",
                    "just-a-channel",
                ),
            ],
            None,
        ),
    ];
    let runs: Vec<Run> = runs.into_iter().chain(settings_runs).collect();
    for (args, env, config) in runs {
        let file = h.path().join("config/vereint/vereint.toml");
        let _ = std::fs::remove_file(&file);
        if let Some(text) = config {
            config_file(&h, text);
        }
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        assert_german_failure(&h, &pieces, &args, &env);
    }

    // files the commands read: secrets, CA files, the site's state, catalogue folders
    let _ = std::fs::remove_file(h.path().join("config/vereint/vereint.toml"));
    let w = h.path().join("w");
    std::fs::create_dir_all(&w).unwrap();
    let path = |name: &str| w.join(name).display().to_string();
    std::fs::write(w.join("empty.secret"), "\n").unwrap();
    std::fs::write(w.join("empty.pem"), "no certificate here\n").unwrap();
    let agent_config = w.join("agent.toml");
    std::fs::write(
        &agent_config,
        format!(
            "[agent]\ndirectory_url = \"http://127.0.0.1:9\"\ninstance_id = \"in_x\"\ntoken = \"s3cr3t-agent-token\"\nstate_dir = \"{}\"\n",
            path("agent-state")
        ),
    )
    .unwrap();
    std::fs::set_permissions(&agent_config, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(w.join("site.toml"), SITE).unwrap();
    std::fs::create_dir_all(w.join("site.state")).unwrap();
    let instance = w.join("site.state/instance.json");
    std::fs::write(
        &instance,
        r#"{"id": "in_x", "secret": "s3cr3t-instance", "directory_url": "http://127.0.0.1:9"}"#,
    )
    .unwrap();
    std::fs::set_permissions(&instance, std::fs::Permissions::from_mode(0o644)).unwrap();
    let broken = w.join("broken-catalogue");
    broken_catalogue(&broken);
    let token_config = w.join("token.toml");
    std::fs::write(
        &token_config,
        format!(
            "[directory]\nadmin_token_file = \"{}\"\n",
            path("missing.token")
        ),
    )
    .unwrap();
    let bbb = "bbb+https://bbb.example/bigbluebutton/api/";
    let file_runs: Vec<(Vec<String>, Env)> = vec![
        (
            vec![
                "health".into(),
                "--bbb-secret-file".into(),
                path("missing.secret"),
                bbb.into(),
            ],
            vec![],
        ),
        (
            vec![
                "health".into(),
                "--bbb-secret-file".into(),
                path("empty.secret"),
                bbb.into(),
            ],
            vec![],
        ),
        (
            vec![
                "health".into(),
                "--bbb-secret-file".into(),
                path(""),
                bbb.into(),
            ],
            vec![],
        ),
        (
            vec![
                "health".into(),
                "--ca-file".into(),
                path("empty.pem"),
                "https://x.example".into(),
            ],
            vec![],
        ),
        (
            vec![
                "health".into(),
                "--ca-file".into(),
                path("missing.pem"),
                "https://x.example".into(),
            ],
            vec![],
        ),
        (
            vec![
                "--config".into(),
                token_config.display().to_string(),
                "directory".into(),
                "admin".into(),
                "--url".into(),
                "http://127.0.0.1:9".into(),
                "bookings".into(),
            ],
            vec![],
        ),
        (
            vec![
                "--config".into(),
                agent_config.display().to_string(),
                "agent".into(),
                "once".into(),
            ],
            vec![],
        ),
        (
            vec!["provision".into(), "status".into(), path("site.toml")],
            vec![],
        ),
        (
            vec![
                "catalog".into(),
                "validate".into(),
                broken.display().to_string(),
            ],
            vec![],
        ),
        (
            vec!["catalog".into(), "validate".into(), path("nowhere")],
            vec![],
        ),
        (
            vec!["catalog".into(), "list".into()],
            vec![("VEREINT_CATALOG__DIR", broken.to_str().unwrap())],
        ),
    ];
    for (args, env) in file_runs {
        let text = assert_german_failure(&h, &pieces, &args, &env);
        assert!(!text.contains("s3cr3t"), "{args:?}: a secret in:\n{text}");
    }
}

#[test]
fn the_directory_refuses_a_webhook_without_its_key_in_both_languages() {
    let h = home();
    for (lang, says) in [
        (
            "de",
            "directory.notify.webhook_url braucht directory.notify.webhook_secret_file (den HMAC-Schlüssel)",
        ),
        (
            "en",
            "directory.notify.webhook_url needs directory.notify.webhook_secret_file (the HMAC key)",
        ),
    ] {
        let out = vereint(&h)
            .args([
                "--lang",
                lang,
                "directory",
                "serve",
                "--bind",
                "127.0.0.1:0",
            ])
            .env("VEREINT_DIRECTORY__ADMIN_TOKEN", "t0ken-for-the-test")
            .env(
                "VEREINT_DIRECTORY__NOTIFY__WEBHOOK_URL",
                "https://hooks.example/v",
            )
            .output()
            .unwrap();
        assert!(!out.status.success(), "{lang}: it served");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{lang}: {err}");
    }
}

type Env<'a> = Vec<(&'a str, &'a str)>;

/// Runs vereint in German, which must fail and say so with no text of the English table and
/// none of clap's; returns what it said.
fn assert_german_failure(
    h: &tempfile::TempDir,
    pieces: &[String],
    args: &[String],
    env: &[(&str, &str)],
) -> String {
    let mut cmd = vereint(h);
    cmd.env("LANG", "de_DE.UTF-8").args(args).write_stdin("");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.trim().is_empty(), "{args:?} said nothing");
    for piece in pieces {
        assert!(
            !text.contains(piece.as_str()),
            "{args:?}: English `{piece}` in:\n{text}"
        );
    }
    for word in [
        "error:",
        "Usage:",
        "[OPTIONS]",
        "For more information",
        "the following",
    ] {
        assert!(
            !text.contains(word),
            "{args:?}: clap's `{word}` in:\n{text}"
        );
    }
    text
}

/// A site with a directory, as `provision status` reads it.
const SITE: &str = r#"
organisation = "SV"
contact_email = "it@sv.example"
[tls]
mode = "selfsigned"
[domains]
mattermost = "chat.sv.example"
directory = "dir.sv.example"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "1111111111111111111111111111111111111111111111111111111111111111"
[directory]
url = "https://dir.sv.example"
[[hosts]]
name = "chat"
address = "10.0.0.2"
services = ["mattermost", "coturn", "agent"]
[[hosts]]
name = "dir"
address = "10.0.0.3"
services = ["directory"]
"#;

/// The valid test catalogue with one of most mistakes a catalogue can have.
fn broken_catalogue(dir: &std::path::Path) {
    let valid =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog/valid");
    copy_tree(&valid, dir);
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "tools/alpha-chat.toml",
        "category = \"chat\"",
        "category = \"chatt\"",
    );
    edit("tools/alpha-chat.toml", "AGPL-3.0-only", "GPL v3");
    edit(
        "tools/alpha-chat.toml",
        "\"https://alpha.example.org/about\"",
        "\"ftp://alpha.example.org/\"",
    );
    edit(
        "tools/alpha-chat.toml",
        "website = \"https://alpha.example.org/\"",
        "website = \"alpha example\"",
    );
    edit(
        "tools/alpha-chat.toml",
        "Zum Testen.",
        "Zum \\u001b[2J Testen.",
    );
    edit(
        "tools/alpha-chat.toml",
        "en = \"An open messenger.\"",
        "en = \" \"",
    );
    edit(
        "tools/beta-video.toml",
        "country = \"US\"",
        "country = \"XX\"",
    );
    edit("tools/beta-video.toml", "max_participants = 100\n", "");
    edit(
        "tools/beta-video.toml",
        "sources = [\"https://beta.example.com/pricing\"]",
        "sources = []",
    );
    edit("examples/test-club.toml", "\"alpha-chat\"", "\"gamma\"");
    edit("events/sprechstunde.toml", "nth = 3", "nth = 5");
    edit(
        "events/sprechstunde.toml",
        "Europe/Berlin",
        "Europe/Springfield",
    );
    std::fs::write(dir.join("notes.toml"), "x = 1").unwrap();
    std::fs::create_dir_all(dir.join("tools/more")).unwrap();
    std::fs::write(dir.join("tools/more/x.toml"), "id = \"y\"\nname = 1\n").unwrap();
    std::fs::write(dir.join("tools/bad.toml"), "id = \"bad\"\nrating = 5\n").unwrap();
    std::fs::write(
        dir.join("tools/worse.toml"),
        "id = \"worse\"\nname = \"unclosed\n",
    )
    .unwrap();
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `vereint provision init` on a terminal checks every answer as it is typed and asks again,
/// keeping the answers already given, until the site file can be written.
#[test]
fn provision_init_asks_again_until_each_answer_is_right() {
    if support::require("tmux", "apt-get install tmux").is_none() {
        return;
    }
    let home = home();
    let site = home.path().join("site.toml");
    let command = format!(
        "cd {dir} && env -i PATH=/usr/bin:/bin HOME={dir} TERM=xterm-256color {bin} --lang en provision init {site}; \
         echo EXIT=$?; sleep 60",
        dir = home.path().display(),
        site = site.display(),
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    let tmux = support::tmux::Tmux::start("init", &command, 120, 40);
    let answer = |text: &str| {
        if !text.is_empty() {
            tmux.type_text(text);
        }
        tmux.keys(&["Enter"]);
    };
    let sha = "ab".repeat(32);
    for (question, wrong, said, right) in [
        (
            "club/organisation",
            "",
            "must not be empty; please try again",
            "Kiezchor e.V.",
        ),
        (
            "contact e-mail",
            "it-at-kiezchor",
            "must be an e-mail address",
            "it@kiezchor.example",
        ),
        (
            "host NAME=ADDRESS:SERVICES",
            "chat=203.0.113.10:mattermost,jitsi",
            "use NAME=ADDRESS:SERVICE",
            "chat 1=203.0.113.10:mattermost",
        ),
        (
            "host NAME=ADDRESS:SERVICES",
            "chat 1=203.0.113.10:mattermost",
            "host name `chat 1` is invalid",
            "chat=203.0.113.10:mattermost,coturn",
        ),
        (
            "DNS name for Mattermost",
            "chat_kiezchor",
            "`chat_kiezchor` is not a valid DNS name",
            "chat.kiezchor.example",
        ),
        (
            "Mattermost version",
            "",
            "Mattermost version missing",
            "10.11.1",
        ),
        (
            "SHA-256 of the Mattermost tarball",
            "abc",
            "not 64 hex digits",
            &sha,
        ),
    ] {
        let before = tmux.screen().matches(question).count();
        tmux.wait_for(&[question]);
        answer(wrong);
        let screen = tmux.wait_for(&[said]);
        assert!(
            screen.matches(question).count() > before,
            "asked again: {screen}"
        );
        answer(right);
    }
    let done = tmux.wait_for(&["EXIT="]);
    assert!(done.contains("EXIT=0") && done.contains("wrote"), "{done}");
    let written = std::fs::read_to_string(&site).unwrap();
    for kept in [
        "Kiezchor e.V.",
        "it@kiezchor.example",
        "chat.kiezchor.example",
        "203.0.113.10",
        "coturn",
        &sha,
    ] {
        assert!(written.contains(kept), "{kept} lost: {written}");
    }
    let loaded = vereint::provision::site::Site::load(&site, vereint::i18n::Lang::En).unwrap();
    assert_eq!(loaded.hosts[0].name, "chat");

    // German, and the end of input keeps nothing half-written
    let site = home.path().join("de.toml");
    let command = format!(
        "env -i PATH=/usr/bin:/bin HOME={dir} TERM=xterm-256color {bin} --lang de provision init {site}; \
         echo EXIT=$?; sleep 60",
        dir = home.path().display(),
        site = site.display(),
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    let tmux = support::tmux::Tmux::start("init-de", &command, 120, 40);
    tmux.wait_for(&["Verein/Organisation"]);
    tmux.type_text("SV Nord");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Kontakt-E-Mail"]);
    tmux.type_text("nord");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["muss eine E-Mail-Adresse sein", "bitte noch einmal"]);
    tmux.keys(&["C-d"]);
    let done = tmux.wait_for(&["EXIT="]);
    assert!(
        done.contains("EXIT=1") && done.contains("es fehlt"),
        "{done}"
    );
    assert!(!site.exists(), "nothing written");
}
