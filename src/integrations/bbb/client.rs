//! HTTP transport for the BigBlueButton API: one endpoint (a server, or a Scalelite/bbblb front).
//!
//! Errors never carry a request URL: every URL but the root's holds a checksum made with the secret,
//! and a join URL is a credential for whoever holds it.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::{Api, BbbError, Created, MeetingInfo, Meetings, Running, Version};

/// Attempts for a call that may be repeated (see `Retry`).
const ATTEMPTS: u32 = 3;
const FIRST_BACKOFF: Duration = Duration::from_millis(200);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// BigBlueButton answered FAILED, or with something that is not its XML.
    #[error(transparent)]
    Api(#[from] BbbError),
    /// The server could not be reached or timed out; the detail never contains the URL.
    #[error("BigBlueButton cannot be reached: {0}")]
    Unreachable(String),
    #[error("BigBlueButton answered HTTP {0}")]
    Status(u16),
}

impl ClientError {
    /// The `messageKey` of a FAILED answer.
    pub fn key(&self) -> Option<&str> {
        match self {
            ClientError::Api(e) => e.key(),
            _ => None,
        }
    }

    fn transient(&self) -> bool {
        match self {
            ClientError::Unreachable(_) => true,
            ClientError::Status(s) => *s >= 500,
            ClientError::Api(_) => false,
        }
    }
}

/// Whether a call may be sent again after a timeout or a 5xx. Reads (root, isMeetingRunning,
/// getMeetingInfo, getMeetings) change nothing; `create` with the same meetingID and parameters is
/// answered with `duplicateWarning` and the same meeting, so a repeat is harmless. `end` is sent
/// once: a repeat after a lost answer would report `notFound` for a meeting that was ended fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    Idempotent,
    Once,
}

/// What a room wants from `create`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateMeeting {
    pub meeting_id: String,
    pub name: String,
    pub record: bool,
    pub mute_on_start: bool,
    /// `ALWAYS_ACCEPT`, `ALWAYS_DENY` or `ASK_MODERATOR`.
    pub guest_policy: Option<String>,
    pub max_participants: Option<u32>,
    pub welcome: Option<String>,
    pub logout_url: Option<String>,
    /// Sent as `meta_<key>`.
    pub meta: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Moderator,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "MODERATOR",
            Role::Viewer => "VIEWER",
        }
    }
}

/// A signed join URL: hand it to the browser, never to a log.
#[derive(Clone, PartialEq, Eq)]
pub struct JoinUrl(String);

impl JoinUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for JoinUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JoinUrl(***)")
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    api: Api,
}

impl Client {
    pub fn new(api: Api) -> Result<Client, ClientError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            // BBB answers the API itself; a redirect would be a misconfigured front
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("vereint/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Unreachable(e.without_url().to_string()))?;
        Ok(Client { http, api })
    }

    pub fn api(&self) -> &Api {
        &self.api
    }

    /// The API root: version information (no checksum).
    pub async fn version(&self) -> Result<Version, ClientError> {
        self.get(self.api.root_url().to_string(), Retry::Idempotent)
            .await
    }

    pub async fn create(&self, m: &CreateMeeting) -> Result<Created, ClientError> {
        let max = m.max_participants.map(|n| n.to_string());
        let meta: Vec<(String, &str)> = m
            .meta
            .iter()
            .map(|(k, v)| (format!("meta_{k}"), v.as_str()))
            .collect();
        let mut params: Vec<(&str, &str)> = vec![
            ("meetingID", &m.meeting_id),
            ("name", &m.name),
            ("record", if m.record { "true" } else { "false" }),
            ("autoStartRecording", "false"),
            (
                "allowStartStopRecording",
                if m.record { "true" } else { "false" },
            ),
            (
                "muteOnStart",
                if m.mute_on_start { "true" } else { "false" },
            ),
        ];
        if let Some(p) = &m.guest_policy {
            params.push(("guestPolicy", p));
        }
        if let Some(max) = &max {
            params.push(("maxParticipants", max));
        }
        if let Some(w) = &m.welcome {
            params.push(("welcome", w));
        }
        if let Some(u) = &m.logout_url {
            params.push(("logoutURL", u));
        }
        params.extend(meta.iter().map(|(k, v)| (k.as_str(), *v)));
        self.get(self.api.url("create", &params), Retry::Idempotent)
            .await
    }

    /// Signs a join URL for the browser (BBB 2.4+: the role replaces the passwords).
    pub fn join_url(
        &self,
        meeting_id: &str,
        full_name: &str,
        role: Role,
        create_time: Option<u64>,
    ) -> JoinUrl {
        let time = create_time.map(|t| t.to_string());
        let mut params = vec![
            ("fullName", full_name),
            ("meetingID", meeting_id),
            ("role", role.as_str()),
        ];
        if let Some(t) = &time {
            params.push(("createTime", t));
        }
        JoinUrl(self.api.url("join", &params))
    }

    pub async fn is_meeting_running(&self, meeting_id: &str) -> Result<bool, ClientError> {
        let r: Running = self
            .get(
                self.api
                    .url("isMeetingRunning", &[("meetingID", meeting_id)]),
                Retry::Idempotent,
            )
            .await?;
        Ok(r.running)
    }

    pub async fn meeting_info(&self, meeting_id: &str) -> Result<MeetingInfo, ClientError> {
        self.get(
            self.api.url("getMeetingInfo", &[("meetingID", meeting_id)]),
            Retry::Idempotent,
        )
        .await
    }

    /// All meetings; also the cheapest proof that the secret is right.
    pub async fn meetings(&self) -> Result<Meetings, ClientError> {
        self.get(self.api.url("getMeetings", &[]), Retry::Idempotent)
            .await
    }

    /// Ends a meeting (BBB ends it asynchronously).
    pub async fn end(&self, meeting_id: &str) -> Result<(), ClientError> {
        #[derive(serde::Deserialize)]
        struct Ended {}
        let _: Ended = self
            .get(
                self.api.url("end", &[("meetingID", meeting_id)]),
                Retry::Once,
            )
            .await?;
        Ok(())
    }

    async fn get<T: DeserializeOwned>(&self, url: String, retry: Retry) -> Result<T, ClientError> {
        let attempts = if retry == Retry::Idempotent {
            ATTEMPTS
        } else {
            1
        };
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 1;
        loop {
            match self.get_once(&url).await {
                Err(e) if e.transient() && attempt < attempts => {
                    tracing::debug!(attempt, error = %e, "BigBlueButton call failed; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn get_once<T: DeserializeOwned>(&self, url: &str) -> Result<T, ClientError> {
        let unreachable = |e: reqwest::Error| ClientError::Unreachable(e.without_url().to_string());
        let response = self.http.get(url).send().await.map_err(unreachable)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ClientError::Status(status.as_u16()));
        }
        let body = response.text().await.map_err(unreachable)?;
        Ok(super::parse(&body)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrations::bbb::{Algorithm, Secret, checksum};

    fn client() -> Client {
        Client::new(Api::new(
            "http://127.0.0.1:9/bigbluebutton/api/",
            Secret::new("s3cret"),
            Algorithm::Sha1,
        ))
        .unwrap()
    }

    #[test]
    fn join_urls_are_signed_and_hidden_from_debug() {
        let url = client().join_url("m1", "Ada & Bob", Role::Viewer, Some(17));
        let query = url.expose().split_once('?').unwrap().1;
        assert!(query.starts_with("fullName=Ada+%26+Bob&meetingID=m1&role=VIEWER&createTime=17"));
        assert!(checksum::verify("join", query, "s3cret"));
        assert_eq!(format!("{url:?}"), "JoinUrl(***)");
        assert!(!format!("{:?}", client()).contains("s3cret"));
    }

    #[tokio::test]
    async fn unreachable_errors_carry_no_url() {
        let err = client().meetings().await.unwrap_err();
        assert!(matches!(err, ClientError::Unreachable(_)), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(!text.contains("checksum"), "{text}");
        assert!(!text.contains("127.0.0.1:9"), "{text}");
    }
}
