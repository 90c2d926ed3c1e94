//! RFC 9457 problem details: what every error of the directory API is, as the server builds it and
//! the client reads it. The `type` is a URL under `TYPE_BASE`; code compares `ProblemKind`s, never
//! the URL text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::{Lang, Msg};

/// Base of every problem `type`.
pub const TYPE_BASE: &str = "https://vereint.org/problems/";

macro_rules! kinds {
    ($($kind:ident = $slug:literal, $status:literal, $title:ident;)*) => {
        /// The stable `type` of a problem. `Other` keeps a type this version does not know.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum ProblemKind {
            $($kind,)*
            Other(String),
        }

        impl ProblemKind {
            const KNOWN: &[ProblemKind] = &[$(ProblemKind::$kind,)*];

            /// The last part of the `type` URL (`validation`, `not-found`, ...).
            pub fn slug(&self) -> &str {
                match self {
                    $(ProblemKind::$kind => $slug,)*
                    ProblemKind::Other(t) => t.strip_prefix(TYPE_BASE).unwrap_or(t),
                }
            }

            /// The HTTP status and title the server answers this kind with (the title in English;
            /// the directory sends it in the request's language).
            pub fn status_and_title(&self) -> (u16, &'static str) {
                let (status, title) = match self {
                    $(ProblemKind::$kind => ($status, Msg::$title),)*
                    ProblemKind::Other(_) => (500, Msg::TitleError),
                };
                (status, title.text(Lang::En))
            }

            /// The messages every title can be: one per kind, then HTTP's reason phrases (the
            /// titles of `http-error`).
            pub const TITLES: &[Msg] = &[
                $(Msg::$title,)*
                Msg::TitleHttpBadRequest,
                Msg::TitleHttpNotFound,
                Msg::TitleHttpMethodNotAllowed,
                Msg::TitleHttpRequestTimeout,
                Msg::TitleHttpPayloadTooLarge,
                Msg::TitleHttpUriTooLong,
                Msg::TitleHttpUnsupportedMediaType,
                Msg::TitleHttpUnprocessable,
                Msg::TitleHttpTooManyRequests,
                Msg::TitleHttpHeadersTooLarge,
                Msg::TitleHttpInternal,
                Msg::TitleHttpNotImplemented,
                Msg::TitleHttpBadGateway,
                Msg::TitleHttpUnavailable,
                Msg::TitleHttpGatewayTimeout,
            ];
        }
    };
}

kinds! {
    Validation = "validation", 422, TitleInvalidInput;
    MalformedBody = "malformed-body", 400, TitleMalformedBody;
    BodyTooLarge = "body-too-large", 413, TitleBodyTooLarge;
    UnsupportedMediaType = "unsupported-media-type", 415, TitleUnsupportedMediaType;
    NotFound = "not-found", 404, TitleNotFound;
    MethodNotAllowed = "method-not-allowed", 405, TitleMethodNotAllowed;
    RequestTimeout = "request-timeout", 408, TitleRequestTimeout;
    HttpError = "http-error", 400, TitleError;
    Unauthorized = "unauthorized", 401, TitleUnauthorized;
    AdminDisabled = "admin-disabled", 403, TitleAdminDisabled;
    RateLimited = "rate-limited", 429, TitleTooManyRequests;
    Internal = "internal", 500, TitleInternal;
    Unavailable = "unavailable", 503, TitleUnavailable;
    StorageFull = "storage-full", 507, TitleStorageFull;
    IdempotencyKeyMissing = "idempotency-key-missing", 400, TitleIdemMissing;
    IdempotencyKeyInvalid = "idempotency-key-invalid", 400, TitleIdemInvalid;
    IdempotencyKeyReused = "idempotency-key-reused", 422, TitleIdemReused;
    InvalidTransition = "invalid-transition", 409, TitleConflict;
    EventWithoutDates = "event-without-dates", 409, TitleConflict;
    AlreadyRegistered = "already-registered", 409, TitleAlreadyRegistered;
    NoTeam = "no-team", 409, TitleConflict;
    IntegrationNotConfigured = "integration-not-configured", 409, TitleIntegrationNotConfigured;
    IntegrationFailed = "integration-failed", 502, TitleIntegrationFailed;
    EnrollmentExpired = "enrollment-expired", 401, TitleEnrollmentExpired;
    EnrollmentUsed = "enrollment-used", 409, TitleConflict;
    SignatureMissing = "signature-missing", 401, TitleSignatureRefused;
    SignatureInvalid = "signature-invalid", 401, TitleSignatureRefused;
    SignatureStale = "signature-stale", 401, TitleSignatureRefused;
    ReportReplayed = "report-replayed", 409, TitleConflict;
}

impl ProblemKind {
    /// The full `type` URL.
    pub fn uri(&self) -> String {
        match self {
            ProblemKind::Other(t) => t.clone(),
            known => format!("{TYPE_BASE}{}", known.slug()),
        }
    }

    pub fn from_uri(uri: &str) -> ProblemKind {
        uri.strip_prefix(TYPE_BASE)
            .and_then(|slug| Self::KNOWN.iter().find(|k| k.slug() == slug))
            .cloned()
            .unwrap_or_else(|| ProblemKind::Other(uri.to_string()))
    }
}

impl Serialize for ProblemKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.uri())
    }
}

impl<'de> Deserialize<'de> for ProblemKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ProblemKind::from_uri(&String::deserialize(d)?))
    }
}

/// One offending field of a request.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON path of the field (`email`, `services[0].url`), or a header name.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(value_type = String, example = "https://vereint.org/problems/validation")]
    pub kind: ProblemKind,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    pub retry_after: Option<u64>,
    /// Logged by the request log, never sent.
    #[serde(skip)]
    pub internal: Option<String>,
}

impl Problem {
    /// A problem with the status and title of its kind.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        let (status, title) = kind.status_and_title();
        Problem {
            kind,
            title: title.to_string(),
            status,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            internal: None,
        }
    }

    /// The same with another status and title (`http-error` keeps the status axum answered with).
    pub fn with_status(mut self, status: u16, title: &str) -> Self {
        self.status = status;
        self.title = title.to_string();
        self
    }

    /// The same with the field errors of a bad header or query.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The same with a cause for the log (never sent).
    pub fn with_internal(mut self, cause: impl Into<String>) -> Self {
        self.internal = Some(cause.into());
        self
    }

    pub fn is(&self, kind: ProblemKind) -> bool {
        self.kind == kind
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ => format!("{} fields are invalid", errors.len()),
        };
        Problem::new(ProblemKind::Validation, detail).with_errors(errors)
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    pub fn malformed(detail: impl Into<String>, field: Option<String>) -> Self {
        let detail = detail.into();
        let errors = field
            .map(|field| vec![FieldError::new(&field, detail.clone())])
            .unwrap_or_default();
        Problem::new(ProblemKind::MalformedBody, detail).with_errors(errors)
    }

    pub fn not_found(what: &str) -> Self {
        Problem::new(ProblemKind::NotFound, format!("no such {what}"))
    }

    /// Missing or wrong credentials. The same answer whether the resource exists or not.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Problem::new(ProblemKind::Unauthorized, detail)
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        Problem::new(
            ProblemKind::Internal,
            "the server could not complete the request; it has been logged",
        )
        .with_internal(error.to_string())
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Problem::new(ProblemKind::Unavailable, detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_roundtrip_through_their_type_url() {
        for kind in ProblemKind::KNOWN {
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{TYPE_BASE}{}\"", kind.slug()));
            assert_eq!(&serde_json::from_str::<ProblemKind>(&json).unwrap(), kind);
        }
        let other = ProblemKind::from_uri("about:blank");
        assert_eq!(other, ProblemKind::Other("about:blank".into()));
        assert_eq!(other.uri(), "about:blank");
        assert_eq!(
            ProblemKind::from_uri(&format!("{TYPE_BASE}from-the-future")).slug(),
            "from-the-future"
        );
    }
}
