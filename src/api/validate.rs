//! The rules for request fields, shared by the server (which enforces them) and the TUI and CLI
//! (which check the same while the user types). Every rule names the field it refuses.
// A problem is built only on the error path of a request, where its size does not matter (as in
// the directory's handlers).
#![allow(clippy::result_large_err)]

use super::bookings::NewBooking;
use super::events::NewRegistration;
use super::instances::{NewEnrollment, NewInstance};
use super::problem::{FieldError, Problem};
use super::rooms::RoomChange;

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

/// The rule for the reason of a rejection.
pub fn rejection_errors(reason: &str) -> Vec<FieldError> {
    let mut c = Check::default();
    c.paragraph("reason", reason, 1, 2000);
    c.0
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
