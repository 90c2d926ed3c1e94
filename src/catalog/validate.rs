//! Rules a catalogue must follow beyond its types; every problem names the file and the field.

use std::collections::HashMap;
use std::fmt;

use super::countries::is_iso_alpha2;
use super::model::{Catalog, Text};
use crate::events::Schedule;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    /// The field, or the position in the file for parse errors.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(file: String, message: String) -> Self {
        Problem {
            file,
            field: None,
            message,
        }
    }

    pub fn field(file: &str, field: &str, message: String) -> Self {
        Problem {
            file: file.into(),
            field: Some(field.into()),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: {}: {}", self.file, field, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
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
    fn push(&mut self, file: &str, field: &str, message: String) {
        self.problems.push(Problem::field(file, field, message));
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
            self.push(
                file,
                "id",
                format!("`{id}` is not a valid id: use 1-64 characters a-z, 0-9 and '-'"),
            );
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
            self.push(file, field, "missing text: give it in this language".into());
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
            self.push(
                file,
                field,
                format!(
                    "contains the control character U+{:04X}; remove it",
                    c as u32
                ),
            );
        }
    }

    fn url(&mut self, file: &str, field: &str, value: &str) {
        match url::Url::parse(value) {
            Ok(u) if matches!(u.scheme(), "https" | "http") && u.host_str().is_some() => {}
            Ok(u) => self.push(
                file,
                field,
                format!("`{value}` must be an http(s) URL, not `{}:`", u.scheme()),
            ),
            Err(e) => self.push(file, field, format!("`{value}` is not a valid URL: {e}")),
        }
    }

    fn country(&mut self, file: &str, field: &str, code: &str) {
        if !is_iso_alpha2(code) {
            self.push(
                file,
                field,
                format!("`{code}` is not an ISO 3166-1 alpha-2 country code (such as DE, CH, US)"),
            );
        }
    }

    fn duplicates<'a>(&mut self, kind: &str, items: impl IntoIterator<Item = (&'a str, String)>) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (id, file) in items {
            if let Some(first) = seen.get(id) {
                self.push(
                    &file,
                    "id",
                    format!("duplicate {kind} id `{id}`, already used in {first}"),
                );
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
        "category",
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
                format!(
                    "unknown category `{}`; known: {}",
                    tool.category,
                    known.join(", ")
                ),
            );
        }
        c.url(f, "website", &tool.website);
        if tool.sources.is_empty() {
            c.push(
                f,
                "sources",
                "give at least one source URL, the vendor's own page where possible".into(),
            );
        }
        for (i, s) in tool.sources.iter().enumerate() {
            c.url(f, &format!("sources[{i}]"), s);
        }
        match (&tool.licence, tool.open_source) {
            (None, true) => c.push(
                f,
                "licence",
                "an open-source tool needs its licence as an SPDX expression".into(),
            ),
            (Some(l), true) => {
                if let Err(e) = spdx::Expression::parse(l) {
                    c.push(
                        f,
                        "licence",
                        format!("`{l}` is not a valid SPDX expression: {}", e.reason),
                    );
                }
            }
            (Some(_), false) => c.push(
                f,
                "licence",
                "only open-source tools carry a licence; remove it or set open_source = true"
                    .into(),
            ),
            (None, false) => {}
        }
        if tool.platforms.is_empty() {
            c.push(f, "platforms", "name at least one platform".into());
        }
        let mut platforms = tool.platforms.clone();
        platforms.sort();
        platforms.dedup();
        if platforms.len() != tool.platforms.len() {
            c.push(f, "platforms", "a platform is listed twice".into());
        }
        match (tool.category == "video", &tool.max_participants) {
            (true, None) => c.push(
                f,
                "max_participants",
                "video tools give a number or \"unknown\"".into(),
            ),
            (false, Some(_)) => c.push(
                f,
                "max_participants",
                "only video tools have max_participants".into(),
            ),
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
            c.push(
                f,
                "language",
                format!(
                    "`{}` is not supported: use \"de\" or \"en\"",
                    event.language
                ),
            );
        }
        if event.capacity == 0 {
            c.push(f, "capacity", "must be at least 1".into());
        }
        if event.duration_minutes == 0 || event.duration_minutes > 24 * 60 {
            c.push(f, "duration_minutes", "must be between 1 and 1440".into());
        }
        if event.tz().is_err() {
            c.push(
                f,
                "timezone",
                format!(
                    "`{}` is not an IANA time zone such as Europe/Berlin",
                    event.timezone
                ),
            );
        }
        if let Some(url) = &event.online_url {
            c.url(f, "online_url", url);
        }
        if let Some(place) = &event.place {
            c.text(f, "place", place);
        }
        if event.online_url.is_none() && event.place.is_none() {
            c.push(f, "place", "give a place, an online_url, or both".into());
        }
        match &event.schedule {
            Schedule::MonthlyWeekday { nth, .. } if !matches!(nth, 1..=4 | -1) => {
                c.push(
                    f,
                    "schedule.nth",
                    format!("{nth} is out of range: use 1 to 4, or -1 for the last"),
                );
            }
            Schedule::Dates { dates } if dates.is_empty() => {
                c.push(f, "schedule.dates", "list at least one date".into());
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
                c.push(f, &format!("tools[{i}]"), format!("unknown tool `{tool}`"));
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
