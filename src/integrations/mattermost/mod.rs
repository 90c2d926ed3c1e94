//! Mattermost API v4 client: ping with server status, teams, channels, members, invite ids, bots
//! and user access tokens, channel posts.
//!
//! Authentication is a bearer token (a bot's or a user's access token). The token never appears in
//! `Debug` output, logs or errors. Mattermost's JSON error body becomes [`Error::Api`]; a 429 is
//! retried after the `X-Ratelimit-Reset` seconds the server names (bounded by `max_wait` and a few
//! attempts), then reported as [`Error::RateLimited`].

pub mod types;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::api::path_segment;

pub use types::*;

/// Whether `name` is a valid Mattermost team, channel or user name: 2 to 64 of a-z, 0-9, `-` and
/// `_`, starting with a letter or digit.
pub fn valid_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Attempts per request when the server keeps answering 429.
const RATE_LIMIT_ATTEMPTS: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Mattermost answered with its error JSON.
    #[error("Mattermost said {message} ({id}, HTTP {status})")]
    Api {
        status: u16,
        id: String,
        message: String,
        request_id: String,
    },
    /// Still rate limited after waiting.
    #[error("Mattermost keeps rate-limiting us (HTTP 429); try again in {retry_after_s} s")]
    RateLimited { retry_after_s: u64 },
    #[error("Mattermost at {url} did not answer in time")]
    Timeout { url: String },
    #[error("Mattermost at {url} cannot be reached: {detail}")]
    Unreachable { url: String, detail: String },
    /// The answer was not what API v4 sends.
    #[error("unexpected answer from Mattermost (HTTP {status}): {detail}")]
    Protocol { status: u16, detail: String },
    #[error(
        "invalid Mattermost URL `{0}`: give the server's base URL, such as https://chat.example.org"
    )]
    BadUrl(String),
}

impl Error {
    /// The Mattermost error id (`app.team.get_by_name.missing.app_error`, ...), if any.
    pub fn api_id(&self) -> Option<&str> {
        match self {
            Error::Api { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Protocol { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// A bearer token that never shows itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    /// The server's base URL (`https://chat.example.org/`); the API is under `api/v4/`.
    site: url::Url,
    token: Option<Token>,
    max_wait: Duration,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("mattermost::Client")
            .field("site", &self.site.as_str())
            .field("token", &self.token)
            .finish()
    }
}

impl Client {
    /// `site` is the server's base URL (what users open in the browser).
    pub fn new(site: &str, token: Option<Token>) -> Result<Client> {
        let mut url = url::Url::parse(site).map_err(|_| Error::BadUrl(site.into()))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(Error::BadUrl(site.into()));
        }
        url.set_query(None);
        url.set_fragment(None);
        if !url.path().ends_with('/') {
            url.set_path(&format!("{}/", url.path()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .user_agent(concat!("vereint/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Unreachable {
                url: site.into(),
                detail: e.to_string(),
            })?;
        Ok(Client {
            http,
            site: url,
            token,
            max_wait: Duration::from_secs(10),
        })
    }

    /// The longest single wait for a rate limit to reset (default 10 s).
    pub fn with_max_wait(mut self, max_wait: Duration) -> Client {
        self.max_wait = max_wait;
        self
    }

    /// The server's base URL, always ending in `/`.
    pub fn site(&self) -> &url::Url {
        &self.site
    }

    /// The invite link users open: `{site}/signup_user_complete/?id={invite_id}`.
    pub fn invite_url(&self, invite_id: &str) -> String {
        let mut url = self.site.clone();
        url.set_path(&format!("{}signup_user_complete/", self.site.path()));
        url.query_pairs_mut().append_pair("id", invite_id);
        url.to_string()
    }

    fn url(&self, path: &str) -> Result<url::Url> {
        self.site
            .join(&format!("api/v4/{}", path.trim_start_matches('/')))
            .map_err(|_| Error::BadUrl(path.into()))
    }

    fn origin(&self) -> String {
        self.site.origin().ascii_serialization()
    }

    /// Sends, waiting out 429s; the body is rebuilt for each attempt.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        auth: bool,
    ) -> Result<reqwest::Response> {
        let url = self.url(path)?;
        let mut attempt = 1;
        loop {
            let mut rb = self.http.request(method.clone(), url.clone());
            if auth && let Some(Token(t)) = &self.token {
                rb = rb.bearer_auth(t);
            }
            if let Some(b) = body {
                rb = rb.json(b);
            }
            let response = rb.send().await.map_err(|e| self.transport(e))?;
            if response.status() != StatusCode::TOO_MANY_REQUESTS {
                return Ok(response);
            }
            let wait_s = response
                .headers()
                .get("X-Ratelimit-Reset")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(1)
                .max(1);
            let wait = Duration::from_secs(wait_s);
            if attempt >= RATE_LIMIT_ATTEMPTS || wait > self.max_wait {
                return Err(Error::RateLimited {
                    retry_after_s: wait_s,
                });
            }
            tracing::debug!(path, wait_s, "Mattermost rate limit: waiting");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    fn transport(&self, e: reqwest::Error) -> Error {
        // reqwest's message carries the URL (no token in it); keep only the origin
        let url = self.origin();
        if e.is_timeout() {
            Error::Timeout { url }
        } else {
            Error::Unreachable {
                url,
                detail: std::error::Error::source(&e)
                    .map_or_else(|| e.to_string(), |s| s.to_string()),
            }
        }
    }

    async fn error_of(response: reqwest::Response) -> Error {
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap_or_default();
        match serde_json::from_slice::<ApiErrorBody>(&bytes) {
            Ok(b) if !b.id.is_empty() || !b.message.is_empty() => Error::Api {
                status,
                id: b.id,
                message: b.message,
                request_id: b.request_id,
            },
            _ => Error::Protocol {
                status,
                detail: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
            },
        }
    }

    async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T> {
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| Error::Protocol {
            status,
            detail: format!("reading the body: {e}"),
        })?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Protocol {
            status,
            detail: format!("cannot read the JSON: {e}"),
        })
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T> {
        let response = self.send(method, path, body.as_ref(), true).await?;
        if !response.status().is_success() {
            return Err(Self::error_of(response).await);
        }
        Self::read(response).await
    }

    fn body<B: Serialize>(b: &B) -> Option<serde_json::Value> {
        serde_json::to_value(b).ok()
    }

    // ---- system ----

    /// `GET /system/ping?get_server_status=true`: overall, database and file store status, plus
    /// the version from `X-Version-Id`. An unhealthy server answers 500 with the same body, which
    /// is returned as a status, not an error.
    pub async fn ping(&self) -> Result<ServerStatus> {
        let response = self
            .send(
                Method::GET,
                "system/ping?get_server_status=true",
                None,
                false,
            )
            .await?;
        let http_status = response.status().as_u16();
        let version = response
            .headers()
            .get("X-Version-Id")
            .and_then(|v| v.to_str().ok())
            .and_then(version_from_header);
        if !(response.status().is_success() || http_status == 500) {
            return Err(Self::error_of(response).await);
        }
        let ping: Ping = Self::read(response).await?;
        Ok(ServerStatus {
            ping,
            version,
            http_status,
        })
    }

    // ---- users, bots, tokens ----

    pub async fn me(&self) -> Result<User> {
        self.call(Method::GET, "users/me", None).await
    }

    /// `POST /users`: on a fresh server the first user becomes system admin.
    pub async fn create_user(&self, username: &str, email: &str, password: &str) -> Result<User> {
        let body = json!({"username": username, "email": email, "password": password});
        self.call(Method::POST, "users", Some(body)).await
    }

    /// `POST /users/ids`: several users at once (unknown ids are left out).
    pub async fn users_by_ids(&self, ids: &[String]) -> Result<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.call(Method::POST, "users/ids", Self::body(&ids)).await
    }

    pub async fn create_bot(
        &self,
        username: &str,
        display_name: &str,
        description: &str,
    ) -> Result<Bot> {
        let body =
            json!({"username": username, "display_name": display_name, "description": description});
        self.call(Method::POST, "bots", Some(body)).await
    }

    pub async fn create_user_token(
        &self,
        user_id: &str,
        description: &str,
    ) -> Result<UserAccessToken> {
        let body = json!({ "description": description });
        self.call(
            Method::POST,
            &format!("users/{}/tokens", path_segment(user_id)),
            Some(body),
        )
        .await
    }

    // ---- teams ----

    pub async fn create_team(
        &self,
        name: &str,
        display_name: &str,
        team_type: TeamType,
    ) -> Result<Team> {
        let body = json!({
            "name": name,
            "display_name": display_name,
            "type": team_type,
            "allow_open_invite": team_type == TeamType::Open,
        });
        self.call(Method::POST, "teams", Some(body)).await
    }

    /// The team with this name, or `None` when there is none.
    pub async fn team_by_name(&self, name: &str) -> Result<Option<Team>> {
        match self
            .call(
                Method::GET,
                &format!("teams/name/{}", path_segment(name)),
                None,
            )
            .await
        {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn team(&self, id: &str) -> Result<Team> {
        self.call(Method::GET, &format!("teams/{}", path_segment(id)), None)
            .await
    }

    /// A new invite id; the old invite link stops working.
    pub async fn regenerate_invite_id(&self, team_id: &str) -> Result<Team> {
        self.call(
            Method::POST,
            &format!("teams/{}/regenerate_invite_id", path_segment(team_id)),
            None,
        )
        .await
    }

    /// `GET /teams/invite/{invite_id}`, without authentication (what the signup page does).
    pub async fn team_by_invite(&self, invite_id: &str) -> Result<TeamInvite> {
        let response = self
            .send(
                Method::GET,
                &format!("teams/invite/{}", path_segment(invite_id)),
                None,
                false,
            )
            .await?;
        if !response.status().is_success() {
            return Err(Self::error_of(response).await);
        }
        Self::read(response).await
    }

    pub async fn add_team_member(&self, team_id: &str, user_id: &str) -> Result<()> {
        let body = json!({"team_id": team_id, "user_id": user_id});
        let _: serde_json::Value = self
            .call(
                Method::POST,
                &format!("teams/{}/members", path_segment(team_id)),
                Some(body),
            )
            .await?;
        Ok(())
    }

    // ---- channels, posts ----

    pub async fn create_channel(
        &self,
        team_id: &str,
        name: &str,
        display_name: &str,
        channel_type: ChannelType,
    ) -> Result<Channel> {
        let body = json!({
            "team_id": team_id,
            "name": name,
            "display_name": display_name,
            "type": channel_type,
            "purpose": "",
            "header": "",
        });
        self.call(Method::POST, "channels", Some(body)).await
    }

    /// `GET /teams/{team_id}/channels/name/{name}`, or `None`.
    pub async fn channel_by_name(&self, team_id: &str, name: &str) -> Result<Option<Channel>> {
        match self
            .call(
                Method::GET,
                &format!(
                    "teams/{}/channels/name/{}",
                    path_segment(team_id),
                    path_segment(name)
                ),
                None,
            )
            .await
        {
            Ok(c) => Ok(Some(c)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `GET /teams/name/{team}/channels/name/{channel}`.
    pub async fn channel_by_names(&self, team: &str, channel: &str) -> Result<Channel> {
        self.call(
            Method::GET,
            &format!(
                "teams/name/{}/channels/name/{}",
                path_segment(team),
                path_segment(channel)
            ),
            None,
        )
        .await
    }

    pub async fn add_channel_member(&self, channel_id: &str, user_id: &str) -> Result<()> {
        let body = json!({ "user_id": user_id });
        let _: serde_json::Value = self
            .call(
                Method::POST,
                &format!("channels/{}/members", path_segment(channel_id)),
                Some(body),
            )
            .await?;
        Ok(())
    }

    pub async fn create_post(&self, channel_id: &str, message: &str) -> Result<Post> {
        let body = json!({"channel_id": channel_id, "message": message});
        self.call(Method::POST, "posts", Some(body)).await
    }

    /// The newest `per_page` posts of a channel.
    pub async fn channel_posts(&self, channel_id: &str, per_page: u32) -> Result<PostList> {
        self.call(
            Method::GET,
            &format!(
                "channels/{}/posts?page=0&per_page={}",
                path_segment(channel_id),
                per_page.clamp(1, 200)
            ),
            None,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_url_follows_the_site_path() {
        let c = Client::new("https://chat.example.org", None).unwrap();
        assert_eq!(
            c.invite_url("abc123"),
            "https://chat.example.org/signup_user_complete/?id=abc123"
        );
        let c = Client::new("https://example.org/chat/", None).unwrap();
        assert_eq!(
            c.invite_url("x y"),
            "https://example.org/chat/signup_user_complete/?id=x+y"
        );
    }

    #[test]
    fn bad_urls_are_refused() {
        assert!(matches!(
            Client::new("chat.example.org", None),
            Err(Error::BadUrl(_))
        ));
        assert!(matches!(
            Client::new("ftp://chat.example.org", None),
            Err(Error::BadUrl(_))
        ));
    }

    #[test]
    fn token_is_not_in_debug() {
        let c = Client::new("http://127.0.0.1:1", Some(Token::new("s3cret-token"))).unwrap();
        assert!(!format!("{c:?}").contains("s3cret-token"));
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
    }
}
