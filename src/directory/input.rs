//! Reading request bodies and checking fields. Every way a body can be wrong ends in a 4xx
//! problem that names the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::{FieldError, Problem};
use super::model::{NewBooking, NewRegistration};

/// A JSON body, decoded strictly (the types use `deny_unknown_fields`), with problems naming the path.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "send the body as JSON with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| body_problem(e.status()))?;
        decode(&bytes).map(Json)
    }
}

/// The raw body, with the size limit turned into a problem.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|e| body_problem(e.status()))
    }
}

fn body_problem(status: StatusCode) -> Problem {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            "Request body too large",
            format!(
                "the request body is larger than {} bytes",
                super::BODY_LIMIT_BYTES
            ),
        )
    } else {
        Problem::malformed("the request body could not be read", None)
    }
}

/// Decodes JSON: text that is not JSON is a 400; JSON of the wrong shape is a 422 naming the field.
/// Every request body of this API is an object.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        Problem::malformed(format!("the body is not valid JSON: {message}"), None)
    })?;
    if !value.is_object() {
        return Err(Problem::field("body", "must be a JSON object"));
    }
    match serde_path_to_error::deserialize(value) {
        Ok(value) => Ok(value),
        Err(e) => {
            let path = e.path().to_string();
            let message = e.into_inner().to_string();
            let field = if path != "." && !path.is_empty() {
                path
            } else {
                // missing or unknown fields are reported at the parent level: name them
                extract_quoted(&message).unwrap_or_else(|| "body".to_string())
            };
            Err(Problem::validation(vec![FieldError { field, message }]))
        }
    }
}

fn extract_quoted(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
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
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        name: String,
        n: u32,
    }

    #[test]
    fn errors_name_the_field() {
        let p = decode::<T>(br#"{"name": 1, "n": 2}"#).unwrap_err();
        assert_eq!(p.status, 422);
        assert_eq!(p.errors[0].field, "name");
        let p = decode::<T>(br#"{"name": "a", "n": 2, "x": 1}"#).unwrap_err();
        assert_eq!(p.errors[0].field, "x", "{p:?}");
        let p = decode::<T>(br#"{"name": "a"}"#).unwrap_err();
        assert_eq!(p.errors[0].field, "n", "{p:?}");
        let p = decode::<T>(br#"{"name": "a", "n": -1}"#).unwrap_err();
        assert_eq!(p.errors[0].field, "n", "{p:?}");
        let p = decode::<T>(b"{nope").unwrap_err();
        assert_eq!(p.status, 400);
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
