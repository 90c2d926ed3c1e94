//! Typed HTTP client for the directory API (used by the TUI, the CLI and the agent).
//!
//! Errors keep apart what the caller treats differently: the directory could not be reached
//! (`Unreachable`: show the offline banner, keep the form, retry later) and the directory said no
//! (`Api`: a problem+json with `type`, `detail` and the offending fields).

pub mod catalog_sync;
mod rooms;
mod teams;

use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::token::{hex, random_bytes, sign};
use crate::api::*;
use crate::i18n::{Lang, Msg, t, tf};

/// Shown in the user's language (`Lang::current`); the directory writes a problem's `detail` in
/// the language the request asked for. reqwest's own (English) text stays out of the message.
#[derive(Debug)]
pub enum ClientError {
    Unreachable { url: String, source: reqwest::Error },
    Api(Box<Problem>),
    Protocol { status: u16, detail: String },
    BadUrl(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = Lang::current();
        let text = match self {
            ClientError::Unreachable { url, source } => {
                let why = if source.is_timeout() {
                    Msg::ClientWhyTimeout
                } else if source.is_connect() {
                    Msg::ClientWhyConnect
                } else {
                    Msg::ClientWhyBroken
                };
                tf(
                    Msg::ClientUnreachable,
                    lang,
                    &[("url", url), ("why", &t(why, lang))],
                )
            }
            ClientError::Api(problem) => problem.detail.clone(),
            ClientError::Protocol { status, detail } => tf(
                Msg::ClientProtocol,
                lang,
                &[("status", status), ("detail", detail)],
            ),
            ClientError::BadUrl(url) => tf(Msg::ClientBadUrl, lang, &[("url", url)]),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ClientError {}

impl ClientError {
    /// True when retrying later may help (network trouble, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Unreachable { .. } => true,
            ClientError::Api(p) => p.status >= 500 || p.status == 429,
            ClientError::Protocol { status, .. } => *status >= 500,
            ClientError::BadUrl(_) => false,
        }
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api(p) => Some(p),
            _ => None,
        }
    }
}

pub type ClientResult<T> = Result<T, ClientError>;

/// The catalogue as fetched: unchanged since the ETag we had, or new bytes with their ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogFetch {
    NotModified,
    Fresh { etag: Option<String>, json: Vec<u8> },
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: url::Url,
    admin_token: Option<String>,
}

/// A fresh idempotency key (128 random bits in hex). Keep it with the unsent form so that a retry
/// sends the same key.
pub fn new_idempotency_key() -> String {
    hex(&random_bytes::<16>())
}

impl Client {
    /// `base` is the directory's root URL, such as `https://verzeichnis.example.org/`.
    pub fn new(base: &str) -> ClientResult<Client> {
        let mut base = url::Url::parse(base).map_err(|_| ClientError::BadUrl(base.into()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(ClientError::BadUrl(base.to_string()));
        }
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("vereint/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Unreachable {
                url: base.to_string(),
                source: e,
            })?;
        Ok(Client {
            http,
            base,
            admin_token: None,
        })
    }

    pub fn with_admin_token(mut self, token: impl Into<String>) -> Client {
        self.admin_token = Some(token.into());
        self
    }

    pub fn base(&self) -> &url::Url {
        &self.base
    }

    fn url(&self, path: &str) -> ClientResult<url::Url> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|_| ClientError::BadUrl(path.into()))
    }

    /// Every request asks for answers (a problem's `detail`) in the user's language.
    fn request(&self, method: Method, path: &str) -> ClientResult<reqwest::RequestBuilder> {
        Ok(self
            .http
            .request(method, self.url(path)?)
            .header(header::ACCEPT_LANGUAGE, Lang::current().code()))
    }

    fn admin(&self, method: Method, path: &str) -> ClientResult<reqwest::RequestBuilder> {
        let rb = self.request(method, path)?;
        Ok(match &self.admin_token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        })
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> ClientResult<reqwest::Response> {
        let response = rb.send().await.map_err(|e| ClientError::Unreachable {
            url: self.base.to_string(),
            source: e,
        })?;
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            return Ok(response);
        }
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap_or_default();
        match serde_json::from_slice::<Problem>(&bytes) {
            Ok(p) => Err(ClientError::Api(Box::new(p))),
            Err(_) => Err(ClientError::Protocol {
                status,
                detail: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
            }),
        }
    }

    async fn json<T: DeserializeOwned>(&self, rb: reqwest::RequestBuilder) -> ClientResult<T> {
        let response = self.send(rb).await?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::Unreachable {
                url: self.base.to_string(),
                source: e,
            })?;
        serde_json::from_slice(&bytes).map_err(|_| ClientError::Protocol {
            status,
            detail: t(Msg::ClientUnreadableAnswer, Lang::current()).to_string(),
        })
    }

    async fn text(&self, rb: reqwest::RequestBuilder) -> ClientResult<String> {
        self.send(rb)
            .await?
            .text()
            .await
            .map_err(|e| ClientError::Unreachable {
                url: self.base.to_string(),
                source: e,
            })
    }

    fn post_json<B: Serialize>(
        &self,
        rb: reqwest::RequestBuilder,
        body: &B,
    ) -> reqwest::RequestBuilder {
        rb.json(body)
    }

    // ---- public ----

    pub async fn healthy(&self) -> ClientResult<()> {
        self.send(self.request(Method::GET, "healthz")?).await?;
        Ok(())
    }

    /// The operator's catalogue; with the ETag of a cached copy, `NotModified` if it is current.
    pub async fn catalog(&self, etag: Option<&str>) -> ClientResult<CatalogFetch> {
        let mut rb = self.request(Method::GET, "api/v1/catalog")?;
        if let Some(etag) = etag {
            rb = rb.header(header::IF_NONE_MATCH, etag);
        }
        let response = self.send(rb).await?;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(CatalogFetch::NotModified);
        }
        let etag = response
            .headers()
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let json = response
            .bytes()
            .await
            .map_err(|e| ClientError::Unreachable {
                url: self.base.to_string(),
                source: e,
            })?
            .to_vec();
        Ok(CatalogFetch::Fresh { etag, json })
    }

    pub async fn services(&self) -> ClientResult<Services> {
        self.json(self.request(Method::GET, "api/v1/services")?)
            .await
    }

    /// Books a room or team. Reuse the same `idempotency_key` when retrying the same form.
    pub async fn book(
        &self,
        booking: &NewBooking,
        idempotency_key: &str,
    ) -> ClientResult<BookingCreated> {
        let rb = self
            .request(Method::POST, "api/v1/bookings")?
            .header("Idempotency-Key", idempotency_key);
        self.json(self.post_json(rb, booking)).await
    }

    pub async fn booking(&self, id: &str, owner_token: &str) -> ClientResult<Booking> {
        self.owned(Method::GET, &booking_path(id), owner_token)
            .await
    }

    pub async fn cancel_booking(&self, id: &str, owner_token: &str) -> ClientResult<Booking> {
        self.owned(Method::DELETE, &booking_path(id), owner_token)
            .await
    }

    /// A request made with the owner token of a booking or registration.
    async fn owned<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: &str,
    ) -> ClientResult<T> {
        let rb = self.request(method, path)?.bearer_auth(token);
        self.json(rb).await
    }

    pub async fn events(&self) -> ClientResult<Vec<EventInfo>> {
        self.json(self.request(Method::GET, "api/v1/events")?).await
    }

    pub async fn register(
        &self,
        event_id: &str,
        registration: &NewRegistration,
        idempotency_key: Option<&str>,
    ) -> ClientResult<RegistrationCreated> {
        let mut rb = self.request(
            Method::POST,
            &format!("api/v1/events/{}/registrations", path_segment(event_id)),
        )?;
        if let Some(key) = idempotency_key {
            rb = rb.header("Idempotency-Key", key);
        }
        self.json(self.post_json(rb, registration)).await
    }

    pub async fn registration(
        &self,
        event_id: &str,
        id: &str,
        token: &str,
    ) -> ClientResult<Registration> {
        self.owned(Method::GET, &registration_path(event_id, id), token)
            .await
    }

    pub async fn cancel_registration(
        &self,
        event_id: &str,
        id: &str,
        token: &str,
    ) -> ClientResult<Registration> {
        self.owned(Method::DELETE, &registration_path(event_id, id), token)
            .await
    }

    pub async fn calendar(&self, event_id: Option<&str>) -> ClientResult<String> {
        let path = match event_id {
            Some(id) => format!("api/v1/events/{}/calendar.ics", path_segment(id)),
            None => EVENTS_FEED.into(),
        };
        self.text(self.request(Method::GET, &path)?).await
    }

    pub async fn instances(&self) -> ClientResult<Vec<PublicInstance>> {
        self.json(self.request(Method::GET, "api/v1/instances")?)
            .await
    }

    /// Registers a self-hosted instance with an enrollment token; the secret is shown once.
    pub async fn register_instance(
        &self,
        enrollment_token: &str,
        instance: &NewInstance,
    ) -> ClientResult<InstanceCreated> {
        let rb = self
            .request(Method::POST, "api/v1/instances")?
            .bearer_auth(enrollment_token);
        self.json(self.post_json(rb, instance)).await
    }

    /// The latest `limit` reports of an instance, newest first (the admin dashboard's history).
    pub async fn instance_reports(&self, id: &str, limit: u32) -> ClientResult<ReportHistory> {
        let rb = self
            .request(
                Method::GET,
                &format!("api/v1/instances/{}/reports", path_segment(id)),
            )?
            .query(&[("limit", limit)]);
        self.json(rb).await
    }

    /// Sends a signed health report (`body` is a JSON object) stamped with the current time.
    pub async fn report(
        &self,
        instance_id: &str,
        secret: &str,
        body: &[u8],
    ) -> ClientResult<ReportAccepted> {
        let ts = jiff::Timestamp::now().as_second();
        self.report_at(instance_id, secret, body, ts).await
    }

    /// Like `report`, with an explicit timestamp (a queued report keeps the time it was signed at).
    pub async fn report_at(
        &self,
        instance_id: &str,
        secret: &str,
        body: &[u8],
        timestamp: i64,
    ) -> ClientResult<ReportAccepted> {
        let rb = self
            .request(
                Method::POST,
                &format!("api/v1/instances/{}/reports", path_segment(instance_id)),
            )?
            .header("X-Vereint-Timestamp", timestamp.to_string())
            .header("X-Vereint-Signature", sign(secret, timestamp, body))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.to_vec());
        self.json(rb).await
    }

    // ---- admin (needs `with_admin_token`) ----

    pub async fn admin_bookings(
        &self,
        status: Option<BookingStatus>,
    ) -> ClientResult<Vec<Booking>> {
        let mut rb = self.admin(Method::GET, "api/v1/admin/bookings")?;
        if let Some(s) = status {
            rb = rb.query(&[("status", s.as_str())]);
        }
        self.json(rb).await
    }

    pub async fn approve(&self, id: &str) -> ClientResult<Booking> {
        self.json(self.admin(
            Method::POST,
            &format!("api/v1/admin/bookings/{}/approve", path_segment(id)),
        )?)
        .await
    }

    pub async fn reject(&self, id: &str, reason: &str) -> ClientResult<Booking> {
        let rb = self.admin(
            Method::POST,
            &format!("api/v1/admin/bookings/{}/reject", path_segment(id)),
        )?;
        self.json(self.post_json(
            rb,
            &Rejection {
                reason: reason.into(),
            },
        ))
        .await
    }

    pub async fn enroll(&self, enrollment: &NewEnrollment) -> ClientResult<EnrollmentCreated> {
        let rb = self.admin(Method::POST, "api/v1/admin/enrollments")?;
        self.json(self.post_json(rb, enrollment)).await
    }

    pub async fn admin_registrations(&self, event_id: &str) -> ClientResult<Vec<Registration>> {
        self.json(self.admin(
            Method::GET,
            &format!(
                "api/v1/admin/events/{}/registrations",
                path_segment(event_id)
            ),
        )?)
        .await
    }

    /// Pending and failed messages (only failed ones with `failed_only`).
    pub async fn admin_outbox(&self, failed_only: bool) -> ClientResult<crate::api::Outbox> {
        let mut rb = self.admin(Method::GET, "api/v1/admin/outbox")?;
        if failed_only {
            rb = rb.query(&[("failed", "true")]);
        }
        self.json(rb).await
    }

    pub async fn retry_message(&self, id: &str) -> ClientResult<crate::api::OutboxMessage> {
        self.json(self.admin(
            Method::POST,
            &format!("api/v1/admin/outbox/{}/retry", path_segment(id)),
        )?)
        .await
    }

    pub async fn admin_registrations_csv(&self, event_id: &str) -> ClientResult<String> {
        let rb = self
            .admin(
                Method::GET,
                &format!(
                    "api/v1/admin/events/{}/registrations",
                    path_segment(event_id)
                ),
            )?
            .query(&[("format", "csv")]);
        self.text(rb).await
    }
}

fn booking_path(id: &str) -> String {
    format!("api/v1/bookings/{}", path_segment(id))
}

fn registration_path(event_id: &str, id: &str) -> String {
    format!(
        "api/v1/events/{}/registrations/{}",
        path_segment(event_id),
        path_segment(id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash_and_paths_join_under_it() {
        let c = Client::new("http://127.0.0.1:8470/dir").unwrap();
        assert_eq!(
            c.url("api/v1/events").unwrap().as_str(),
            "http://127.0.0.1:8470/dir/api/v1/events"
        );
        assert!(Client::new("ftp://x").is_err());
        assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn our_own_idempotency_keys_pass_the_servers_rule() {
        for _ in 0..10_000 {
            let key = new_idempotency_key();
            assert_eq!(
                crate::api::validate::idempotency_key_error(&key),
                None,
                "{key}"
            );
        }
    }
}
