//! Problems as HTTP answers. Every error the API returns is `application/problem+json`
//! (`crate::api::Problem`); internal errors are logged once (by the request log) and the client
//! sees a generic message. Faults of the database are told apart: a full disk is 507, an
//! unreachable or shutting-down database 503, both with Retry-After; only bugs are 500.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::{Problem, ProblemKind};
use crate::i18n::{Lang, Msg, from_english, t, tf};

tokio::task_local! {
    /// The language of the request being answered (its Accept-Language).
    static REQUEST_LANG: Lang;
}

/// The language a request's problems are answered in: German for `Accept-Language: de`, else
/// English.
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    crate::directory::rooms::page::accept_language(headers).unwrap_or(Lang::En)
}

/// Runs `answer` with its problems in `lang`.
pub async fn in_language<F: Future>(lang: Lang, answer: F) -> F::Output {
    REQUEST_LANG.scope(lang, answer).await
}

/// Every text a problem's `detail` or field message can be, found by its English text.
const PROBLEM_TEXTS: &[Msg] = &[
    Msg::ProbInternal,
    Msg::ProbFieldsInvalid,
    Msg::ProbEmpty,
    Msg::ProbMax,
    Msg::ProbMin,
    Msg::ProbControl,
    Msg::ProbEmail,
    Msg::ProbUrl,
    Msg::ProbBetweenNoLimit,
    Msg::ProbBetween,
    Msg::ProbServices,
    Msg::ProbCodeOfConduct,
    Msg::ProbBearer,
    Msg::ProbAdminInvalid,
    Msg::ProbAdminDisabled,
    Msg::ProbDbShortly,
    Msg::ProbDb,
    Msg::ProbCannotApprove,
    Msg::ProbCannotCancel,
    Msg::ProbCannotReject,
    Msg::ProbBookingStatuses,
    Msg::ProbBookingChanged,
    Msg::ProbCancelledDuringSetup,
    Msg::ProbBookingToken,
    Msg::ProbNotConfiguredApprove,
    Msg::ProbIntegrationFailed,
    Msg::ProbMattermostFailed,
    Msg::ProbMattermostNotConfigured,
    Msg::ProbBbbNotConfigured,
    Msg::ProbNoTeam,
    Msg::ProbNotARoom,
    Msg::ProbNoRoomYet,
    Msg::ProbFormat,
    Msg::ProbNextDates,
    Msg::ProbNoDates,
    Msg::ProbRegistrationToken,
    Msg::ProbEnrollInvalid,
    Msg::ProbEnrollExpired,
    Msg::ProbEnrollUsed,
    Msg::ProbIdemFormat,
    Msg::ProbIdemRequired,
    Msg::ProbNoResource,
    Msg::ProbIdemMissing,
    Msg::ProbIdemHeader,
    Msg::ProbIdemReused,
    Msg::ProbIdemVariety,
    Msg::ProbIdemHeaderVariety,
    Msg::HostileDuplicateKey,
    Msg::HostileInvisible,
    Msg::ProbMethod,
    Msg::ProbSignatureFormat,
    Msg::ProbTimestampFormat,
    Msg::ProbReportLimit,
    Msg::ProbReportStatus,
    Msg::ProbSignatureMissing,
    Msg::ProbSignatureInvalid,
    Msg::ProbSignatureStale,
    Msg::ProbReplayed,
    Msg::ProbJsonObject,
    Msg::ProbContentType,
    Msg::ProbNotJson,
    Msg::ProbUnreadBody,
    Msg::ProbTooLarge,
    Msg::ProbTooMany,
    Msg::ProbNoSuch,
];

/// `problem` with its `title`, `detail` and field messages in `lang` (English is how they are written).
pub fn localized(mut problem: Problem, lang: Lang) -> Problem {
    if lang == Lang::En {
        return problem;
    }
    let translate = |text: &str| from_english(PROBLEM_TEXTS, text, lang);
    if let Some(title) = from_english(ProblemKind::TITLES, &problem.title, lang) {
        problem.title = title;
    }
    for error in &mut problem.errors {
        if let Some(text) = translate(&error.message) {
            error.message = text;
        }
    }
    let single = match problem.errors.as_slice() {
        [one] if problem.kind == ProblemKind::Validation => {
            Some(format!("{}: {}", one.field, one.message))
        }
        _ => None,
    };
    if let Some(detail) = single {
        problem.detail = detail;
    } else if problem.kind == ProblemKind::Validation {
        problem.detail = tf(
            Msg::ProbFieldsInvalid,
            lang,
            &[("count", &problem.errors.len())],
        );
    } else if let Some(detail) = translate(&problem.detail) {
        problem.detail = detail;
    }
    problem
}

/// The handlers' error type.
pub type ApiResult<T> = Result<T, Problem>;

/// Seconds a client is asked to wait before it tries again after a fault of the database.
pub const RETRY_AFTER_SECS: u64 = 5;

/// What a database error means for the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The disk is full (SQLite `SQLITE_FULL`, PostgreSQL 53100): nothing can be written.
    StorageFull,
    /// The database is away: not reachable, shutting down (PostgreSQL 57P01 after `pg_ctl stop`),
    /// out of connections, or the connection broke.
    Unavailable,
    /// Anything else is a bug or a broken database.
    Internal,
}

impl Fault {
    pub fn of(e: &sqlx::Error) -> Fault {
        match e {
            sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => {
                Fault::StorageFull
            }
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Fault::Unavailable,
            sqlx::Error::Database(db) => {
                let code = db.code().unwrap_or_default();
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    // SQLite's primary codes: FULL; BUSY and LOCKED beyond the busy timeout,
                    // IOERR and CANTOPEN
                    match code.parse::<i32>().map(|c| c & 0xff) {
                        Ok(13) => Fault::StorageFull,
                        Ok(5 | 6 | 10 | 14) => Fault::Unavailable,
                        _ => Fault::Internal,
                    }
                } else {
                    // PostgreSQL: disk_full; connection exceptions, insufficient resources,
                    // operator intervention (admin or crash shutdown, cannot connect now), and a
                    // read-only standby
                    match code.as_ref() {
                        "53100" => Fault::StorageFull,
                        c if c.starts_with("08")
                            || c.starts_with("53")
                            || c.starts_with("57P")
                            || c == "25006" =>
                        {
                            Fault::Unavailable
                        }
                        _ => Fault::Internal,
                    }
                }
            }
            _ => Fault::Internal,
        }
    }

    /// The same fault as an error the report writer can hand to every report of a failed batch
    /// (`sqlx::Error` cannot be cloned).
    pub fn as_error(self, text: String) -> sqlx::Error {
        match self {
            Fault::StorageFull => {
                sqlx::Error::Io(std::io::Error::new(std::io::ErrorKind::StorageFull, text))
            }
            Fault::Unavailable => sqlx::Error::Io(std::io::Error::other(text)),
            Fault::Internal => sqlx::Error::Protocol(text),
        }
    }
}

/// The text of a fault in both languages: a problem is not told whom it answers.
fn both_languages(msg: Msg) -> String {
    format!("{} / {}", t(msg, Lang::De), t(msg, Lang::En))
}

impl From<sqlx::Error> for Problem {
    fn from(e: sqlx::Error) -> Self {
        let mut problem = match Fault::of(&e) {
            Fault::StorageFull => Problem::new(
                ProblemKind::StorageFull,
                both_languages(Msg::FaultStorageFull),
            ),
            Fault::Unavailable => Problem::unavailable(both_languages(Msg::FaultDatabaseDown)),
            Fault::Internal => return Problem::internal(format!("database: {e}")),
        };
        problem.retry_after = Some(RETRY_AFTER_SECS);
        problem.with_internal(format!("database: {e}"))
    }
}

/// Carried in the response extensions so that the request log can record internal causes.
#[derive(Debug, Clone)]
pub struct InternalCause(pub String);

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let lang = REQUEST_LANG.try_with(|l| *l).unwrap_or(Lang::En);
        let this = localized(self, lang);
        let status = StatusCode::from_u16(this.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&this).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = this.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(cause) = this.internal {
            response.extensions_mut().insert(InternalCause(cause));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_title_is_answered_in_german() {
        for msg in ProblemKind::TITLES {
            let english =
                Problem::new(ProblemKind::HttpError, "x").with_status(400, msg.text(Lang::En));
            assert_eq!(
                localized(english.clone(), Lang::De).title,
                msg.text(Lang::De)
            );
            assert_eq!(localized(english, Lang::En).title, msg.text(Lang::En));
        }
        let p = localized(Problem::new(ProblemKind::StorageFull, "x"), Lang::De);
        assert_eq!((p.status, p.title.as_str()), (507, "Speicher voll"));
        assert_eq!(p.kind.uri(), "https://vereint.org/problems/storage-full");
        // readyz answers a full disk with 503 and the title of an unavailable service
        let p = Problem::new(ProblemKind::StorageFull, "x").with_status(503, "Service unavailable");
        assert_eq!(localized(p, Lang::De).title, "Dienst nicht verfügbar");
    }
}
