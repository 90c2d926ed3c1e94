//! The rules for request fields, shared by the server (which enforces them) and the TUI and CLI
//! (which check the same while the user types). Every rule names the field it refuses.
// A problem is built only on the error path of a request, where its size does not matter (as in
// the directory's handlers).
#![allow(clippy::result_large_err)]

use super::bookings::NewBooking;
use super::events::NewRegistration;
use super::instances::{NewEnrollment, NewInstance};
use super::problem::{FieldError, Problem};
use super::reports::Report;
use super::rooms::RoomChange;

const INVISIBLE: &str =
    "must not contain invisible or direction-changing characters (such as U+202E, U+200B)";

/// Characters that draw nothing or change the direction of the text around them: bidirectional
/// embeddings, overrides and isolates, marks, zero-width spaces and joiners, the byte-order mark.
/// In a name they disguise it (U+202E turns "exe.txt" around) and shift a terminal's columns.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Collects field errors while checking a request.
#[derive(Debug, Default)]
pub struct Check(pub Vec<FieldError>);

impl Check {
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// A single-line text: trimmed length within bounds, no control characters.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let len = value.trim().chars().count();
        if len < min {
            self.fail(
                field,
                if min <= 1 {
                    "must not be empty".to_string()
                } else {
                    format!("must be at least {min} characters")
                },
            );
        } else if value.chars().count() > max {
            self.fail(field, format!("must be at most {max} characters"));
        } else if value.chars().any(char::is_control) {
            self.fail(field, "must not contain control characters");
        } else if value.chars().any(is_invisible) {
            self.fail(field, INVISIBLE);
        }
    }

    /// Text of any length from a machine (a health report): no control characters (C0, DEL, C1,
    /// so no escape sequence), line breaks only where `breaks`, nothing invisible.
    pub fn plain(&mut self, field: &str, value: &str, breaks: bool) {
        if value
            .chars()
            .any(|c| c.is_control() && !(breaks && c == '\n'))
        {
            self.fail(field, "must not contain control characters");
        } else if value.chars().any(is_invisible) {
            self.fail(field, INVISIBLE);
        }
    }

    /// A multi-line text: like `text`, but line breaks and tabs are allowed.
    pub fn paragraph(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let len = value.trim().chars().count();
        if len < min {
            self.fail(field, "must not be empty");
        } else if value.chars().count() > max {
            self.fail(field, format!("must be at most {max} characters"));
        } else if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.fail(field, "must not contain control characters");
        }
    }

    pub fn email(&mut self, field: &str, value: &str) {
        if !is_email(value) {
            self.fail(field, "must be an e-mail address such as name@example.org");
        }
    }

    pub fn url(&mut self, field: &str, value: &str) {
        let ok = value.len() <= 500
            && url::Url::parse(value)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok {
            self.fail(field, "must be an http:// or https:// URL");
        }
    }

    pub fn finish(self) -> Result<(), Problem> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Problem::validation(self.0))
        }
    }
}

/// The rules for a booking request. The server enforces them; the TUI and CLI check the same while
/// the user types.
pub fn booking_errors(b: &NewBooking) -> Vec<FieldError> {
    let mut c = Check::default();
    c.text("organisation", &b.organisation, 2, 200);
    c.text("contact_name", &b.contact_name, 2, 200);
    c.email("email", &b.email);
    c.paragraph("purpose", &b.purpose, 1, 2000);
    c.text("name", &b.name, 2, 100);
    if !(1..=1000).contains(&b.expected_participants) {
        c.fail("expected_participants", "must be between 1 and 1000");
    }
    if !b.accept_code_of_conduct {
        c.fail(
            "accept_code_of_conduct",
            "the Code of Conduct must be accepted (GET /api/v1/services shows it)",
        );
    }
    c.0
}

/// The rules for a registration's own fields (the date is checked against the event by the server).
pub fn registration_errors(r: &NewRegistration) -> Vec<FieldError> {
    let mut c = Check::default();
    c.text("name", &r.name, 2, 200);
    c.email("email", &r.email);
    c.text("organisation", &r.organisation, 2, 200);
    if let Some(note) = &r.note {
        c.paragraph("note", note, 0, 2000);
    }
    c.0
}

/// The rules for registering an instance.
pub fn instance_errors(new: &NewInstance) -> Vec<FieldError> {
    let mut c = Check::default();
    c.text("organisation", &new.organisation, 2, 200);
    c.email("contact_email", &new.contact_email);
    if new.services.is_empty() || new.services.len() > 20 {
        c.fail("services", "must list 1 to 20 services");
    }
    for (i, s) in new.services.iter().enumerate() {
        c.text(&format!("services[{i}].kind"), &s.kind, 1, 40);
        c.url(&format!("services[{i}].url"), &s.url);
        c.text(&format!("services[{i}].software"), &s.software, 1, 80);
        c.text(&format!("services[{i}].version"), &s.version, 1, 80);
    }
    c.0
}

/// The rules for an enrollment token request.
pub fn enrollment_errors(new: &NewEnrollment) -> Vec<FieldError> {
    let mut c = Check::default();
    if let Some(note) = &new.note {
        c.text("note", note, 0, 200);
    }
    if new.valid_days.is_some_and(|d| !(1..=90).contains(&d)) {
        c.fail("valid_days", "must be between 1 and 90");
    }
    c.0
}

/// The rules for a change of room settings.
pub fn room_change_errors(change: &RoomChange) -> Vec<FieldError> {
    let mut c = Check::default();
    if let Some(name) = &change.name {
        c.text("name", name, 2, 100);
    }
    if change.max_participants.is_some_and(|n| n > 1000) {
        c.fail("max_participants", "must be between 0 (no limit) and 1000");
    }
    c.0
}

/// The rules for a signed health report: its texts reach the dashboard and the public history, so
/// no control character (an escape sequence) and nothing invisible, anywhere.
pub fn report_errors(report: &Report) -> Vec<FieldError> {
    let mut c = Check::default();
    for (field, value) in [
        ("report_id", &report.report_id),
        ("observed_at", &report.observed_at),
        ("version", &report.version),
    ] {
        if let Some(value) = value {
            c.plain(field, value, false);
        }
    }
    for (i, check) in report.checks.iter().enumerate() {
        c.plain(&format!("checks[{i}].target"), &check.target, false);
        c.plain(&format!("checks[{i}].check"), &check.check, false);
        c.plain(&format!("checks[{i}].detail"), &check.detail, true);
        if let Some(version) = &check.facts.version {
            c.plain(&format!("checks[{i}].facts.version"), version, false);
        }
    }
    c.0
}

/// The rule for the reason of a rejection.
pub fn rejection_errors(reason: &str) -> Vec<FieldError> {
    let mut c = Check::default();
    c.paragraph("reason", reason, 1, 2000);
    c.0
}

/// Distinct characters an Idempotency-Key needs at least: the owner token of a retry is derived
/// from the key, so a key like `aaaaaaaaaaaaaaaa` or `1212121212121212` would make it guessable.
pub const IDEMPOTENCY_KEY_MIN_DISTINCT: usize = 8;

/// The field message for an Idempotency-Key of the wrong length or with characters outside
/// visible ASCII.
pub const IDEMPOTENCY_KEY_FORMAT: &str =
    "must be 16 to 128 visible ASCII characters, such as a UUID";

/// The field message for an Idempotency-Key with too little variety.
pub const IDEMPOTENCY_KEY_VARIETY: &str =
    "must look random: at least 8 different characters, such as a UUID";

/// The rule for an Idempotency-Key: 16 to 128 visible ASCII characters, at least 8 of them
/// different (a UUID or 32 random hex digits pass). The message names what is wrong.
pub fn idempotency_key_error(key: &str) -> Option<&'static str> {
    if !(16..=128).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Some(IDEMPOTENCY_KEY_FORMAT);
    }
    let mut seen = [false; 128];
    for b in key.bytes() {
        seen[usize::from(b)] = true;
    }
    if seen.iter().filter(|s| **s).count() < IDEMPOTENCY_KEY_MIN_DISTINCT {
        return Some(IDEMPOTENCY_KEY_VARIETY);
    }
    None
}

/// Field errors as the problem the server answers with (Ok when there are none).
pub fn finish(errors: Vec<FieldError>) -> Result<(), Problem> {
    Check(errors).finish()
}

/// A deliberately plain check: one `@`, a dot in the domain, no spaces or controls, at most 254 chars.
pub fn is_email(value: &str) -> bool {
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        && !local.contains(['<', '>', '(', ')', '[', ']', ',', ';', ':', '\\', '"'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_must_look_random() {
        for bad in [
            "short",
            "aaaaaaaaaaaaaaaa",
            "1212121212121212121212",
            "abcdefgabcdefgabcdefg",
            "has space in it 0123456789",
            "ümlaut-0123456789abcdef",
        ] {
            assert!(idempotency_key_error(bad).is_some(), "{bad:?}");
        }
        for ok in [
            "7d4f0c9a-2b1e-4c3d-9f8a-6e5b4a3c2d1f",
            "abcdefghabcdefgh",
            "01234567012345670123",
        ] {
            assert_eq!(idempotency_key_error(ok), None, "{ok:?}");
        }
    }

    #[test]
    fn invisible_and_direction_changing_characters_are_refused_in_names() {
        for bad in [
            "Kiezchor\u{202E}txt.exe",
            "Kiez\u{200B}chor",
            "\u{2066}Kiezchor\u{2069}",
            "\u{200E}Kiezchor",
            "\u{FEFF}Kiezchor",
        ] {
            let mut c = Check::default();
            c.text("organisation", bad, 2, 200);
            assert_eq!(c.0.len(), 1, "{bad:?}");
            assert_eq!(c.0[0].message, INVISIBLE);
        }
        let mut c = Check::default();
        c.text("organisation", "Ümlaut & Söhne e.V. 🎶 ملتقى", 2, 200);
        assert!(c.0.is_empty(), "{:?}", c.0);
    }

    #[test]
    fn report_texts_carry_no_escape_sequences() {
        let report: Report = serde_json::from_value(serde_json::json!({
            "version": "1.0\u{9b}31m",
            "checks": [
                {"target": "https://a.example/", "check": "http", "status": "ok",
                 "detail": "line one\nline two", "facts": {}},
                {"target": "https://b.example/", "check": "http", "status": "critical",
                 "detail": "FAILED \u{1b}]0;owned\u{7}", "facts": {"version": "\u{202E}1.2"}}
            ]
        }))
        .unwrap();
        let fields: Vec<String> = report_errors(&report)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["version", "checks[1].detail", "checks[1].facts.version"]
        );
    }

    #[test]
    fn emails() {
        for ok in ["a@b.de", "vorstand+x@verein-berlin.de", "ä@straße.de"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.de",
            "a@@b.de",
            "a b@c.de",
            "a@b..de",
            "a@.b.de",
            "<script>@x.de",
            "a@b.de\n",
            "x'; DROP TABLE bookings;--@x.de",
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
    }
}
