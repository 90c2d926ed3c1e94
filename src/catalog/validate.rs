//! Rules a catalogue must follow beyond its types; every problem names the file and the field.

use std::collections::HashMap;
use std::fmt;

use super::countries::is_iso_alpha2;
use super::model::{Catalog, Text};
use crate::events::Schedule;
use crate::i18n::{Lang, Msg, io_error_of, t, tf};

/// Where in a file: a field, or a position for parse errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    Field(String),
    Position { line: usize, column: usize },
}

/// What is wrong, with the values it names; worded in a language by `Issue::text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    FolderUnreadable {
        kind: std::io::ErrorKind,
        error: String,
    },
    FileUnreadable {
        kind: std::io::ErrorKind,
        error: String,
    },
    UnexpectedFile,
    NoCategories,
    NoCodeOfConduct,
    NotUtf8 {
        at: usize,
    },
    MissingField {
        field: String,
    },
    UnknownField {
        field: String,
        expected: String,
    },
    UnknownVariant {
        value: String,
        expected: String,
    },
    InvalidType {
        found: String,
        expected: String,
    },
    Syntax(String),
    IdMismatch {
        id: String,
        stem: String,
    },
    DuplicateId {
        kind: Msg,
        id: String,
        first: String,
    },
    BadId(String),
    MissingText,
    ControlChar(u32),
    NotHttp {
        value: String,
        scheme: String,
    },
    BadUrl {
        value: String,
        error: url::ParseError,
    },
    BadCountry(String),
    UnknownCategory {
        category: String,
        known: String,
    },
    NoSource,
    NoLicence,
    /// `reason_msg` when the catalogue has words for spdx's reason.
    BadSpdx {
        licence: String,
        reason: String,
        reason_msg: Option<Msg>,
    },
    LicenceNotOpen,
    NoPlatform,
    PlatformTwice,
    VideoNeedsMax,
    MaxOnlyVideo,
    BadLanguage(String),
    AtLeastOne,
    Duration,
    BadTimezone(String),
    NoPlace,
    BadNth(i8),
    NoDates,
    UnknownTool(String),
}

impl Issue {
    /// A serde message (TOML's or JSON's) as an issue: the usual shapes by their parts, the rest
    /// as it is.
    pub fn from_serde(message: &str) -> Issue {
        let quoted = |rest: &str| {
            rest.split_once('`')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        };
        if let Some((field, _)) = message.strip_prefix("missing field `").and_then(quoted) {
            return Issue::MissingField { field };
        }
        if let Some((field, rest)) = message.strip_prefix("unknown field `").and_then(quoted)
            && let Some(expected) = rest.strip_prefix(", expected ")
        {
            return Issue::UnknownField {
                field,
                expected: expected.to_string(),
            };
        }
        if let Some((value, rest)) = message.strip_prefix("unknown variant `").and_then(quoted)
            && let Some(expected) = rest.strip_prefix(", expected ")
        {
            return Issue::UnknownVariant {
                value,
                expected: expected.to_string(),
            };
        }
        if let Some((found, expected)) = message
            .strip_prefix("invalid type: ")
            .and_then(|rest| rest.split_once(", expected "))
        {
            return Issue::InvalidType {
                found: found.into(),
                expected: expected.into(),
            };
        }
        Issue::Syntax(message.to_string())
    }

    pub fn text(&self, lang: Lang) -> String {
        use Issue::*;
        let plain = |msg: Msg| t(msg, lang).to_string();
        match self {
            FolderUnreadable { kind, error } => tf(
                Msg::CatFolderUnreadable,
                lang,
                &[("error", &io_error_of(*kind, error, lang))],
            ),
            FileUnreadable { kind, error } => tf(
                Msg::CatFileUnreadable,
                lang,
                &[("error", &io_error_of(*kind, error, lang))],
            ),
            UnexpectedFile => plain(Msg::CatUnexpectedFile),
            NoCategories => plain(Msg::CatNoCategories),
            NoCodeOfConduct => plain(Msg::CatNoCodeOfConduct),
            NotUtf8 { at } => tf(Msg::CatNotUtf8, lang, &[("at", at)]),
            MissingField { field } => tf(Msg::CatMissingField, lang, &[("field", field)]),
            UnknownField { field, expected } => tf(
                Msg::CatUnknownField,
                lang,
                &[("field", field), ("expected", &expected_in(expected, lang))],
            ),
            UnknownVariant { value, expected } => tf(
                Msg::CatUnknownVariant,
                lang,
                &[("value", value), ("expected", &expected_in(expected, lang))],
            ),
            InvalidType { found, expected } => tf(
                Msg::CatInvalidType,
                lang,
                &[("found", found), ("expected", expected)],
            ),
            Syntax(error) => tf(Msg::CatSyntax, lang, &[("error", error)]),
            IdMismatch { id, stem } => tf(Msg::CatIdMismatch, lang, &[("id", id), ("stem", stem)]),
            DuplicateId { kind, id, first } => tf(
                Msg::CatDuplicateId,
                lang,
                &[("kind", &t(*kind, lang)), ("id", id), ("first", first)],
            ),
            BadId(id) => tf(Msg::CatBadId, lang, &[("id", id)]),
            MissingText => plain(Msg::CatMissingText),
            ControlChar(c) => tf(Msg::CatControlChar, lang, &[("code", &format!("{c:04X}"))]),
            NotHttp { value, scheme } => tf(
                Msg::CatNotHttp,
                lang,
                &[("value", value), ("scheme", scheme)],
            ),
            BadUrl { value, error } => tf(
                Msg::CatBadUrl,
                lang,
                &[
                    ("value", value),
                    ("error", &crate::i18n::url_error(*error, lang)),
                ],
            ),
            BadCountry(code) => tf(Msg::CatBadCountry, lang, &[("code", code)]),
            UnknownCategory { category, known } => tf(
                Msg::CatUnknownCategory,
                lang,
                &[("category", category), ("known", known)],
            ),
            NoSource => plain(Msg::CatNoSource),
            NoLicence => plain(Msg::CatNoLicence),
            BadSpdx {
                licence,
                reason,
                reason_msg,
            } => tf(
                Msg::CatBadSpdx,
                lang,
                &[
                    ("licence", licence),
                    (
                        "reason",
                        &reason_msg.map_or(reason.as_str(), |m| t(m, lang)),
                    ),
                ],
            ),
            LicenceNotOpen => plain(Msg::CatLicenceNotOpen),
            NoPlatform => plain(Msg::CatNoPlatform),
            PlatformTwice => plain(Msg::CatPlatformTwice),
            VideoNeedsMax => plain(Msg::CatVideoNeedsMax),
            MaxOnlyVideo => plain(Msg::CatMaxOnlyVideo),
            BadLanguage(value) => tf(Msg::CatBadLanguage, lang, &[("value", value)]),
            AtLeastOne => plain(Msg::CatAtLeastOne),
            Duration => plain(Msg::CatDuration),
            BadTimezone(value) => tf(Msg::CatBadTimezone, lang, &[("value", value)]),
            NoPlace => plain(Msg::CatNoPlace),
            BadNth(nth) => tf(Msg::CatBadNth, lang, &[("nth", nth)]),
            NoDates => plain(Msg::CatNoDates),
            UnknownTool(tool) => tf(Msg::CatUnknownTool, lang, &[("tool", tool)]),
        }
    }
}

/// serde's list of what it expected (`one of `a`, `b``), in `lang`.
fn expected_in(expected: &str, lang: Lang) -> String {
    match (lang, expected.strip_prefix("one of ")) {
        (Lang::De, Some(list)) => format!("eines von {list}"),
        _ => expected.to_string(),
    }
}

fn spdx_reason(reason: &spdx::error::Reason) -> Option<Msg> {
    use spdx::error::Reason::*;
    Some(match reason {
        UnknownLicense => Msg::SpdxUnknownLicense,
        UnknownException => Msg::SpdxUnknownException,
        InvalidCharacters => Msg::SpdxInvalidCharacters,
        UnclosedParens => Msg::SpdxUnclosedParens,
        UnopenedParens => Msg::SpdxUnopenedParens,
        Empty => Msg::SpdxEmpty,
        SeparatedPlus => Msg::SpdxSeparatedPlus,
        UnknownTerm => Msg::SpdxUnknownTerm,
        GnuNoPlus => Msg::SpdxGnuNoPlus,
        Unexpected(_) => return None,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub at: Option<At>,
    pub issue: Issue,
}

impl Problem {
    pub fn file(file: String, issue: Issue) -> Self {
        Problem {
            file,
            at: None,
            issue,
        }
    }

    pub fn field(file: &str, field: &str, issue: Issue) -> Self {
        Problem {
            file: file.into(),
            at: Some(At::Field(field.into())),
            issue,
        }
    }

    /// The field or position in `lang`.
    pub fn at_text(&self, lang: Lang) -> Option<String> {
        self.at.as_ref().map(|at| match at {
            At::Field(field) => field.clone(),
            At::Position { line, column } => tf(
                Msg::CatPosition,
                lang,
                &[("line", line), ("column", column)],
            ),
        })
    }

    /// `file: field: what is wrong` in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self.at_text(lang) {
            Some(at) => format!("{}: {}: {}", self.file, at, self.issue.text(lang)),
            None => format!("{}: {}", self.file, self.issue.text(lang)),
        }
    }

    /// For `catalog validate --json`: the file, the field (or position) and the message in `lang`.
    pub fn json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "field": self.at_text(lang),
            "message": self.issue.text(lang),
        })
    }
}

/// English, for logs and tests; people read `Problem::text` in their language.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// One problem a line, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.0.iter().map(|p| p.text(lang) + "\n").collect()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for Problems {}

pub trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> &str { &self.id } })* };
}
has_id!(
    super::model::Tool,
    super::model::Example,
    super::model::Service,
    crate::events::Event
);

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, file: &str, field: &str, issue: Issue) {
        self.problems.push(Problem::field(file, field, issue));
    }

    fn id(&mut self, file: &str, id: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !ok {
            self.push(file, "id", Issue::BadId(id.to_string()));
        }
    }

    fn text(&mut self, file: &str, field: &str, text: &Text) {
        for (lang, value) in [("de", &text.de), ("en", &text.en)] {
            self.plain(file, &format!("{field}.{lang}"), value, true);
        }
    }

    /// Non-empty (when required) and free of control characters other than newlines and tabs.
    fn plain(&mut self, file: &str, field: &str, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            self.push(file, field, Issue::MissingText);
        }
        // C0 controls are bytes below 0x20 or 0x7F; C1 controls (U+0080..U+009F) start with the byte 0xC2
        let suspicious = value
            .bytes()
            .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2);
        if let Some(c) = value
            .chars()
            .filter(|_| suspicious)
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            self.push(file, field, Issue::ControlChar(c as u32));
        }
    }

    fn url(&mut self, file: &str, field: &str, value: &str) {
        match url::Url::parse(value) {
            Ok(u) if matches!(u.scheme(), "https" | "http") && u.host_str().is_some() => {}
            Ok(u) => self.push(
                file,
                field,
                Issue::NotHttp {
                    value: value.into(),
                    scheme: u.scheme().into(),
                },
            ),
            Err(error) => self.push(
                file,
                field,
                Issue::BadUrl {
                    value: value.into(),
                    error,
                },
            ),
        }
    }

    fn country(&mut self, file: &str, field: &str, code: &str) {
        if !is_iso_alpha2(code) {
            self.push(file, field, Issue::BadCountry(code.into()));
        }
    }

    fn duplicates<'a>(&mut self, kind: Msg, items: impl IntoIterator<Item = (&'a str, String)>) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (id, file) in items {
            if let Some(first) = seen.get(id) {
                let issue = Issue::DuplicateId {
                    kind,
                    id: id.into(),
                    first: first.clone(),
                };
                self.push(&file, "id", issue);
            } else {
                seen.insert(id, file);
            }
        }
    }
}

pub fn check(catalog: &Catalog) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
    };

    let cats = "categories.toml";
    for (i, cat) in catalog.categories.iter().enumerate() {
        c.id(cats, &cat.id);
        c.text(cats, &format!("category[{i}].name"), &cat.name);
        c.text(
            cats,
            &format!("category[{i}].description"),
            &cat.description,
        );
    }
    c.duplicates(
        Msg::CatKindCategory,
        catalog
            .categories
            .iter()
            .map(|x| (x.id.as_str(), cats.to_string())),
    );

    for tool in &catalog.tools {
        let f = &format!("tools/{}.toml", tool.id);
        c.id(f, &tool.id);
        c.plain(f, "name", &tool.name, true);
        if catalog.category(&tool.category).is_none() {
            let known: Vec<&str> = catalog.categories.iter().map(|x| x.id.as_str()).collect();
            c.push(
                f,
                "category",
                Issue::UnknownCategory {
                    category: tool.category.clone(),
                    known: known.join(", "),
                },
            );
        }
        c.url(f, "website", &tool.website);
        if tool.sources.is_empty() {
            c.push(f, "sources", Issue::NoSource);
        }
        for (i, s) in tool.sources.iter().enumerate() {
            c.url(f, &format!("sources[{i}]"), s);
        }
        match (&tool.licence, tool.open_source) {
            (None, true) => c.push(f, "licence", Issue::NoLicence),
            (Some(l), true) => {
                if let Err(e) = spdx::Expression::parse(l) {
                    c.push(
                        f,
                        "licence",
                        Issue::BadSpdx {
                            licence: l.clone(),
                            reason: e.reason.to_string(),
                            reason_msg: spdx_reason(&e.reason),
                        },
                    );
                }
            }
            (Some(_), false) => c.push(f, "licence", Issue::LicenceNotOpen),
            (None, false) => {}
        }
        if tool.platforms.is_empty() {
            c.push(f, "platforms", Issue::NoPlatform);
        }
        let mut platforms = tool.platforms.clone();
        platforms.sort();
        platforms.dedup();
        if platforms.len() != tool.platforms.len() {
            c.push(f, "platforms", Issue::PlatformTwice);
        }
        match (tool.category == "video", &tool.max_participants) {
            (true, None) => c.push(f, "max_participants", Issue::VideoNeedsMax),
            (false, Some(_)) => c.push(f, "max_participants", Issue::MaxOnlyVideo),
            _ => {}
        }
        c.plain(f, "provider.name", &tool.provider.name, true);
        c.country(f, "provider.country", &tool.provider.country);
        for (i, code) in tool.hosting.countries.iter().enumerate() {
            c.country(f, &format!("hosting.countries[{i}]"), code);
        }
        for (field, text) in [
            ("hosting.note", &tool.hosting.note),
            ("security.e2e_note", &tool.security.e2e_note),
            ("gdpr.note", &tool.gdpr.note),
            ("pricing.note", &tool.pricing.note),
            ("accessibility", &tool.accessibility),
            ("summary", &tool.summary),
            ("description", &tool.description),
        ] {
            c.text(f, field, text);
        }
    }

    for event in &catalog.events {
        let f = &format!("events/{}.toml", event.id);
        c.id(f, &event.id);
        c.text(f, "title", &event.title);
        c.text(f, "description", &event.description);
        if !matches!(event.language.as_str(), "de" | "en") {
            c.push(f, "language", Issue::BadLanguage(event.language.clone()));
        }
        if event.capacity == 0 {
            c.push(f, "capacity", Issue::AtLeastOne);
        }
        if event.duration_minutes == 0 || event.duration_minutes > 24 * 60 {
            c.push(f, "duration_minutes", Issue::Duration);
        }
        if event.tz().is_err() {
            c.push(f, "timezone", Issue::BadTimezone(event.timezone.clone()));
        }
        if let Some(url) = &event.online_url {
            c.url(f, "online_url", url);
        }
        if let Some(place) = &event.place {
            c.text(f, "place", place);
        }
        if event.online_url.is_none() && event.place.is_none() {
            c.push(f, "place", Issue::NoPlace);
        }
        match &event.schedule {
            Schedule::MonthlyWeekday { nth, .. } if !matches!(nth, 1..=4 | -1) => {
                c.push(f, "schedule.nth", Issue::BadNth(*nth));
            }
            Schedule::Dates { dates } if dates.is_empty() => {
                c.push(f, "schedule.dates", Issue::NoDates);
            }
            _ => {}
        }
    }

    for example in &catalog.examples {
        let f = &format!("examples/{}.toml", example.id);
        c.id(f, &example.id);
        for (field, text) in [
            ("title", &example.title),
            ("club", &example.club),
            ("summary", &example.summary),
            ("body", &example.body),
        ] {
            c.text(f, field, text);
        }
        for (i, tool) in example.tools.iter().enumerate() {
            if catalog.tool(tool).is_none() {
                c.push(f, &format!("tools[{i}]"), Issue::UnknownTool(tool.clone()));
            }
        }
    }

    for service in &catalog.services {
        let f = &format!("services/{}.toml", service.id);
        c.id(f, &service.id);
        c.text(f, "title", &service.title);
        c.text(f, "description", &service.description);
        c.text(f, "limits", &service.limits);
    }

    c.text(
        "code-of-conduct.toml",
        "title",
        &catalog.code_of_conduct.title,
    );
    c.text(
        "code-of-conduct.toml",
        "text",
        &catalog.code_of_conduct.text,
    );
    c.problems
}
