//! `vereint sim mattermost`: a protocol-faithful Mattermost API v4 server for tests and for trying
//! vereint without a Mattermost. Not Mattermost: it speaks the part of API v4 that vereint, the
//! Ansible role and `@mattermost/client` use, the way Mattermost speaks it (status codes, the error
//! JSON `{id, message, detailed_error, request_id, status_code, is_oauth}`, `Content-Type` exactly
//! `application/json`, `X-Version-Id`, `X-Request-Id`, rate-limit headers).
//!
//! Endpoints (under `/api/v4`): `GET system/ping[?get_server_status=true][&use_rest_semantics=true]`;
//! `POST users` (the first user becomes system admin), `POST users/login` (session token in the
//! `Token` header), `GET users/me`, `GET users/{id}`, `POST users/ids`; `POST bots`,
//! `POST users/{id}/tokens`; `POST teams`, `GET teams`, `GET teams/{id}`, `GET teams/name/{name}`,
//! `POST teams/{id}/regenerate_invite_id`, `GET teams/invite/{invite_id}` (no auth),
//! `POST teams/{id}/members`; `POST channels`, `GET teams/{id}/channels/name/{name}`,
//! `GET teams/name/{team}/channels/name/{channel}`, `POST channels/{id}/members`; `POST posts`,
//! `GET channels/{id}/posts`, `POST hooks/incoming`; and outside `/api/v4` an incoming webhook's
//! `POST /hooks/{id}` (`mattermost/hooks.rs`).
//!
//! Two ways to start it:
//! - For tests and try-outs: `vereint sim mattermost --bind ADDR --token T [--token-file F]
//!   [--database URL] [--files DIR] [--server-version V] [--rate-limit N]`. `T` (or the content of
//!   `F`) is a system admin's bearer token. Without `--database` the state lives in memory.
//! - As the `bin/mattermost` of a test tarball (replacing a Mattermost server under systemd), with
//!   no flags, from Mattermost's own environment: `MM_SQLSETTINGS_DATASOURCE` (a `postgres://` URL;
//!   all state lives in that database, so backup and restore are real),
//!   `MM_SERVICESETTINGS_LISTENADDRESS` (`:8065` or `HOST:PORT`, default `:8065`),
//!   `MM_FILESETTINGS_DIRECTORY` (team files are written there, default `./data/`), `MM_SIM_VERSION`
//!   (the version in `X-Version-Id`, default 9.11.0). It waits up to 60 s for the database, then
//!   tells systemd `READY=1` through `NOTIFY_SOCKET` (`Type=notify`). SIGTERM stops it.
//!
//! `database_status` in the ping is the result of a real query (2 s timeout) on that database.

mod hooks;
mod model;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Digest;
use subtle::ConstantTimeEq;

use crate::i18n::{Lang, Msg, tf};
use crate::integrations::mattermost::types::{
    ApiErrorBody, Bot, Channel, ChannelType, Ping, Post, Team, TeamInvite, TeamType, User,
    UserAccessToken,
};
use model::{
    BotReply, ChannelMember, Login, NewBot, NewChannel, NewMember, NewPost, NewTeam, NewToken,
    NewUser, PingReply, PostsReply, PublicUser, StoredChannel, StoredPost, StoredTeam, StoredToken,
    StoredUser, TeamMember, Times, TokenReply,
};
use store::{PutError, Store};

const DEFAULT_VERSION: &str = "9.11.0";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (default: MM_SERVICESETTINGS_LISTENADDRESS, else :8065)
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// A system admin's bearer token (prefer --token-file: command lines are visible to others)
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// File holding that token
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// postgres://... or a SQLite file (default: MM_SQLSETTINGS_DATASOURCE, else memory)
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Directory for team files (default: MM_FILESETTINGS_DIRECTORY, else none outside systemd)
    #[arg(long, value_name = "DIR")]
    pub files: Option<PathBuf>,
    /// Version reported in X-Version-Id (default: MM_SIM_VERSION, else 9.11.0)
    #[arg(long, value_name = "VERSION")]
    pub server_version: Option<String>,
    /// Requests per second before 429 (0: no limit)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub rate_limit: u32,
}

struct Sim {
    store: Store,
    files: Option<PathBuf>,
    version_id: String,
    limiter: Option<Mutex<Bucket>>,
}

/// One bucket for the whole simulator (Mattermost limits per IP or user; one is enough for tests).
struct Bucket {
    per_second: u32,
    window_start: Instant,
    used: u32,
}

impl Bucket {
    /// `Ok(remaining)` or `Err(seconds until reset)`.
    fn take(&mut self, now: Instant) -> Result<u32, u64> {
        if now.duration_since(self.window_start) >= Duration::from_secs(1) {
            self.window_start = now;
            self.used = 0;
        }
        if self.used >= self.per_second {
            return Err(1);
        }
        self.used += 1;
        Ok(self.per_second - self.used)
    }
}

/// Settings resolved from flags and Mattermost's environment.
struct Resolved {
    bind: String,
    token: Option<String>,
    database: Option<String>,
    files: Option<PathBuf>,
    version: String,
    systemd: bool,
}

fn resolve(args: Args) -> anyhow::Result<Resolved> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let systemd = args.bind.is_none();
    let bind = match args
        .bind
        .or_else(|| env("MM_SERVICESETTINGS_LISTENADDRESS"))
    {
        Some(b) if b.starts_with(':') => format!("0.0.0.0{b}"),
        Some(b) => b,
        None => "0.0.0.0:8065".into(),
    };
    let token = match (&args.token, &args.token_file) {
        (Some(t), _) => Some(t.trim().to_string()),
        (None, Some(f)) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("reading the token file {}", f.display()))?
                .trim()
                .to_string(),
        ),
        (None, None) => None,
    };
    if token.as_deref().is_some_and(|t| t.len() < 8) {
        anyhow::bail!("the token must have at least 8 characters");
    }
    let files = args.files.or_else(|| {
        systemd.then(|| {
            env("MM_FILESETTINGS_DIRECTORY")
                .unwrap_or_else(|| "./data/".into())
                .into()
        })
    });
    if !systemd && token.is_none() {
        anyhow::bail!("give --token-file FILE (or --token T) together with --bind");
    }
    Ok(Resolved {
        bind,
        token,
        database: args.database.or_else(|| env("MM_SQLSETTINGS_DATASOURCE")),
        files,
        version: args
            .server_version
            .or_else(|| env("MM_SIM_VERSION"))
            .unwrap_or_else(|| DEFAULT_VERSION.into()),
        systemd,
    })
}

/// Runs the simulator until SIGTERM or Ctrl-C.
pub async fn run(lang: Lang, args: Args) -> anyhow::Result<()> {
    let rate_limit = args.rate_limit;
    let r = resolve(args)?;
    let store = open_store(r.database.as_deref(), r.systemd).await?;
    if let Some(files) = &r.files {
        std::fs::create_dir_all(files)
            .with_context(|| format!("creating the files directory {}", files.display()))?;
    }
    let sim = Sim {
        store,
        files: r.files.clone(),
        version_id: format!("{v}.{v}.vereint-sim.false", v = r.version),
        limiter: (rate_limit > 0).then(|| {
            Mutex::new(Bucket {
                per_second: rate_limit,
                window_start: Instant::now(),
                used: 0,
            })
        }),
    };
    if let Some(token) = &r.token {
        sim.preset_admin(token)
            .await
            .map_err(|e| anyhow::anyhow!("storing the admin token: {}", e.message))?;
    }
    let listener = tokio::net::TcpListener::bind(&r.bind)
        .await
        .with_context(|| format!("binding {}", r.bind))?;
    let addr = listener.local_addr()?;
    let database = match &sim.store {
        Store::Sqlite(_) if r.database.is_none() => "memory",
        Store::Sqlite(_) => "sqlite",
        Store::Postgres(_) => "postgres",
    };
    eprintln!(
        "{}",
        tf(
            Msg::SimMattermostListening,
            lang,
            &[("version", &r.version), ("addr", &addr), ("db", &database)],
        )
    );
    notify_systemd();
    let sim = Arc::new(sim);
    let app = router(sim.clone());
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(crate::runtime::shutdown_signal())
    .await?;
    sim.store.close().await;
    Ok(())
}

async fn open_store(url: Option<&str>, patient: bool) -> anyhow::Result<Store> {
    let deadline = Instant::now() + Duration::from_secs(if patient { 60 } else { 0 });
    loop {
        match Store::open(url).await {
            Ok(s) => return Ok(s),
            Err(e) if Instant::now() >= deadline => {
                return Err(anyhow::anyhow!(e).context("opening the simulator's database"));
            }
            Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
        }
    }
}

/// `READY=1` to systemd when started as a `Type=notify` service.
fn notify_systemd() {
    #[cfg(unix)]
    if let Some(path) = std::env::var_os("NOTIFY_SOCKET") {
        use std::os::unix::net::UnixDatagram;
        let Ok(socket) = UnixDatagram::unbound() else {
            return;
        };
        let bytes = path.as_encoded_bytes();
        let result = if let Some(name) = bytes.strip_prefix(b"@") {
            #[cfg(target_os = "linux")]
            {
                use std::os::linux::net::SocketAddrExt;
                std::os::unix::net::SocketAddr::from_abstract_name(name)
                    .and_then(|a| socket.send_to_addr(b"READY=1", &a))
            }
            #[cfg(not(target_os = "linux"))]
            {
                let _ = name;
                Ok(0)
            }
        } else {
            socket.send_to(b"READY=1", &path)
        };
        if let Err(e) = result {
            eprintln!("vereint sim mattermost: cannot notify systemd: {e}");
        }
    }
}

fn router(sim: Arc<Sim>) -> Router {
    Router::new().fallback(handle).with_state(sim)
}

// ---- plumbing ----

/// Mattermost's error, as its JSON.
struct ApiError {
    status: StatusCode,
    id: &'static str,
    message: String,
}

fn err(status: u16, id: &'static str, message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        id,
        message: message.into(),
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        eprintln!("vereint sim mattermost: database error: {e}");
        err(500, "store.sql.error", "We encountered a database error.")
    }
}

impl From<PutError> for ApiError {
    fn from(e: PutError) -> Self {
        match e {
            PutError::Exists => err(
                400,
                "store.sql_object.save.existing.app_error",
                "A record with that name already exists.",
            ),
            PutError::Db(e) => e.into(),
        }
    }
}

/// A taken name as Mattermost words it for this kind of object; other failures as they are.
fn taken(id: &'static str, message: &'static str) -> impl FnOnce(PutError) -> ApiError {
    move |e| match e {
        PutError::Exists => err(400, id, message),
        e => e.into(),
    }
}

/// The status, the JSON body, and one extra header (the session token of a login).
type ApiResult = Result<(StatusCode, String, Option<(&'static str, String)>), ApiError>;

fn ok(status: u16, body: &impl Serialize) -> ApiResult {
    let body = serde_json::to_string(body)
        .map_err(|_| err(500, "api.marshal_error", "Could not encode the response."))?;
    Ok((
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        body,
        None,
    ))
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn new_id() -> String {
    // Mattermost ids: 26 characters of lowercase base32
    const ALPHABET: &[u8] = b"ybndrfg8ejkmcpqxot1uwisza345h769";
    let bytes: [u8; 26] = crate::api::token::random_bytes();
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect()
}

fn token_hash(token: &str) -> String {
    crate::api::token::hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// Milliseconds since the epoch, strictly increasing within the process: Mattermost lists by
/// `create_at` alone, so two posts of one millisecond would come back in either order.
fn now_ms() -> i64 {
    static LAST: Mutex<i64> = Mutex::new(0);
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *last = jiff::Timestamp::now().as_millisecond().max(*last + 1);
    *last
}

fn valid_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The error ids Mattermost answers a bad new team or channel with.
struct NameRules {
    name: &'static str,
    display_name: &'static str,
    kind: &'static str,
}

const TEAM_RULES: NameRules = NameRules {
    name: "model.team.is_valid.name.app_error",
    display_name: "model.team.is_valid.name.app_error",
    kind: "model.team.is_valid.type.app_error",
};

const CHANNEL_RULES: NameRules = NameRules {
    name: "model.channel.is_valid.2_or_more.app_error",
    display_name: "model.channel.is_valid.display_name.app_error",
    kind: "model.channel.is_valid.type.app_error",
};

/// Mattermost's checks of a new team's or channel's name, display name and type, in its order.
fn check_new(
    rules: &NameRules,
    name: &str,
    display_name: &str,
    kind_ok: bool,
) -> Result<(), ApiError> {
    if !valid_name(name) {
        return Err(err(
            400,
            rules.name,
            "Name must be 2 or more lowercase alphanumeric characters.",
        ));
    }
    if display_name.trim().is_empty() {
        return Err(err(400, rules.display_name, "Invalid display name."));
    }
    if !kind_ok {
        return Err(err(400, rules.kind, "Invalid type."));
    }
    Ok(())
}

async fn handle(
    State(sim): State<Arc<Sim>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = new_id();
    let mut limit_headers = Vec::new();
    if let Some(limiter) = &sim.limiter {
        let mut bucket = limiter.lock().unwrap_or_else(|p| p.into_inner());
        let per_second = bucket.per_second;
        match bucket.take(Instant::now()) {
            Ok(remaining) => {
                limit_headers.push(("X-Ratelimit-Limit", per_second.to_string()));
                limit_headers.push(("X-Ratelimit-Remaining", remaining.to_string()));
                limit_headers.push(("X-Ratelimit-Reset", "1".to_string()));
            }
            Err(reset) => {
                drop(bucket);
                let mut r = (StatusCode::TOO_MANY_REQUESTS, "limit exceeded\n").into_response();
                let h = r.headers_mut();
                h.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                for (k, v) in [
                    ("X-Ratelimit-Limit", per_second.to_string()),
                    ("X-Ratelimit-Remaining", "0".into()),
                    ("X-Ratelimit-Reset", reset.to_string()),
                ] {
                    if let Ok(v) = HeaderValue::from_str(&v) {
                        h.insert(k, v);
                    }
                }
                return r;
            }
        }
    }
    let hook = uri
        .path()
        .strip_prefix("/hooks/")
        .filter(|id| method == Method::POST && !id.is_empty() && !id.contains('/'));
    let result = match hook {
        // an incoming webhook answers `ok` in plain text
        Some(id) => sim.post_from_hook(id, &headers, &body).await.map(|()| {
            (
                StatusCode::OK,
                "ok".to_string(),
                Some(("content-type", "text/plain".to_string())),
            )
        }),
        None => sim.dispatch(&method, &uri, &headers, &body).await,
    };
    let mut response = match result {
        Ok((status, body, extra)) => {
            let mut r = json_response(status, body);
            if let Some((k, v)) = extra
                && let Ok(v) = HeaderValue::from_str(&v)
            {
                r.headers_mut().insert(k, v);
            }
            r
        }
        Err(e) => {
            let body = ApiErrorBody {
                id: e.id.to_string(),
                message: e.message,
                detailed_error: String::new(),
                request_id: request_id.clone(),
                status_code: e.status.as_u16(),
                is_oauth: false,
            };
            json_response(e.status, serde_json::to_string(&body).unwrap_or_default())
        }
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&sim.version_id) {
        h.insert("X-Version-Id", v);
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("X-Request-Id", v);
    }
    for (k, v) in limit_headers {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    }
    response
}

fn invalid_body(what: &str) -> ApiError {
    err(
        400,
        "api.context.invalid_body_param.app_error",
        format!("Invalid or missing {what} in request body."),
    )
}

/// The body as JSON (an empty one as `{}`); a too large one is 413.
fn parse_body(body: &Bytes) -> Result<serde_json::Value, ApiError> {
    if body.len() > 1_000_000 {
        return Err(err(
            413,
            "api.context.request_body_too_large.app_error",
            "The request body is too large.",
        ));
    }
    if body.is_empty() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    serde_json::from_slice(body).map_err(|_| invalid_body("body"))
}

/// The body as the request type `T`: a JSON object whose missing fields are empty.
fn object<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let v = parse_body(body)?;
    if !v.is_object() {
        return Err(invalid_body("body"));
    }
    serde_json::from_value(v).map_err(|_| invalid_body("body"))
}

fn forbidden() -> ApiError {
    err(
        403,
        "api.context.permissions.app_error",
        "You do not have the appropriate permissions.",
    )
}

fn not_found_page() -> ApiError {
    err(
        404,
        "api.context.404.app_error",
        "Sorry, we could not find the page.",
    )
}

impl Sim {
    async fn preset_admin(&self, token: &str) -> Result<(), ApiError> {
        let hash = token_hash(token);
        if !self
            .store
            .find::<StoredToken>("token", &hash)
            .await?
            .is_empty()
        {
            return Ok(());
        }
        let users: Vec<StoredUser> = self.store.find("user", "sysadmin").await?;
        let user_id = match users.first() {
            Some(u) => u.id().to_string(),
            None => {
                let id = new_id();
                let now = now_ms();
                let user = StoredUser {
                    public: PublicUser {
                        user: User {
                            id: id.clone(),
                            username: "sysadmin".into(),
                            roles: "system_admin system_user".into(),
                            ..User::default()
                        },
                        email: "sysadmin@sim.invalid".into(),
                        times: Times::new(now),
                    },
                    password: None,
                    preset: true,
                };
                self.store
                    .insert("user", &id, "sysadmin", &user, now)
                    .await?;
                id
            }
        };
        let tid = new_id();
        let doc = StoredToken {
            id: tid.clone(),
            user_id,
            kind: "access".into(),
            description: "--token".into(),
        };
        self.store
            .insert("token", &tid, &hash, &doc, now_ms())
            .await?;
        Ok(())
    }

    /// The user the bearer token (or `Token` header) belongs to.
    async fn auth(&self, headers: &HeaderMap) -> Result<StoredUser, ApiError> {
        let expired = || {
            err(
                401,
                "api.context.session_expired.app_error",
                "Invalid or expired session, please login again.",
            )
        };
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (scheme, token) = value.split_once(' ').unwrap_or(("", ""));
        let token = token.trim();
        let token = if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token")
        {
            token
        } else {
            ""
        };
        if token.is_empty() {
            return Err(expired());
        }
        // looked up by SHA-256: the database never holds a usable token
        let found: Vec<StoredToken> = self.store.find("token", &token_hash(token)).await?;
        let Some(doc) = found.first() else {
            return Err(expired());
        };
        self.store
            .get("user", &doc.user_id)
            .await?
            .ok_or_else(expired)
    }

    async fn user(&self, id: &str) -> Result<StoredUser, ApiError> {
        self.store.get("user", id).await?.ok_or_else(missing_user)
    }

    async fn dispatch(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> ApiResult {
        let Some(path) = uri.path().strip_prefix("/api/v4/") else {
            return Err(not_found_page());
        };
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        let q = |k: &str| {
            query
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let segs: Vec<String> = path
            .trim_end_matches('/')
            .split('/')
            .map(percent_decode)
            .collect();
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let m = method.as_str();
        // authenticated on the routes that need it, after an unknown route is a 404
        let me = || self.auth(headers);
        match (m, s.as_slice()) {
            ("GET", ["system", "ping"]) => {
                self.ping(q("get_server_status"), q("use_rest_semantics"))
                    .await
            }
            ("POST", ["users"]) => self.create_user(object(body)?).await,
            ("POST", ["users", "login"]) => self.login(object(body)?).await,
            ("GET", ["users", "me"]) => ok(200, &me().await?.public),
            ("POST", ["users", "ids"]) => {
                me().await?;
                self.users_by_ids(parse_body(body)?).await
            }
            ("GET", ["users", id]) => {
                me().await?;
                ok(200, &self.user(id).await?.public)
            }
            ("POST", ["bots"]) => self.create_bot(&me().await?, object(body)?).await,
            ("POST", ["users", id, "tokens"]) => {
                self.create_token(&me().await?, id, object(body)?).await
            }
            ("POST", ["teams"]) => self.create_team(&me().await?, object(body)?).await,
            ("GET", ["teams"]) => self.teams(&me().await?).await,
            ("GET", ["teams", "invite", invite_id]) => self.team_by_invite(invite_id).await,
            ("GET", ["teams", "name", name]) => {
                let me = me().await?;
                ok(200, &self.visible(&me, self.team_named(name).await?).await?)
            }
            ("GET", ["teams", "name", team, "channels", "name", channel]) => {
                let me = me().await?;
                let team = self.visible(&me, self.team_named(team).await?).await?;
                ok(200, &self.channel_named(&team.team.id, channel).await?)
            }
            ("GET", ["teams", team_id, "channels", "name", channel]) => {
                let me = me().await?;
                self.visible(&me, self.team_by_id(team_id).await?).await?;
                ok(200, &self.channel_named(team_id, channel).await?)
            }
            ("GET", ["teams", id]) => {
                let me = me().await?;
                ok(200, &self.visible(&me, self.team_by_id(id).await?).await?)
            }
            ("POST", ["teams", id, "regenerate_invite_id"]) => {
                self.regenerate_invite(&me().await?, id).await
            }
            ("POST", ["teams", id, "members"]) => {
                self.add_team_member(&me().await?, id, object(body)?).await
            }
            ("POST", ["channels"]) => self.create_channel(&me().await?, object(body)?).await,
            ("POST", ["channels", id, "members"]) => {
                self.add_channel_member(&me().await?, id, object(body)?)
                    .await
            }
            ("POST", ["posts"]) => self.create_post(&me().await?, object(body)?).await,
            ("POST", ["hooks", "incoming"]) => self.create_hook(&me().await?, object(body)?).await,
            ("GET", ["channels", id, "posts"]) => {
                let me = me().await?;
                let per_page = q("per_page")
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(60);
                self.channel_posts(&me, id, per_page.clamp(1, 200)).await
            }
            _ => Err(not_found_page()),
        }
    }

    async fn ping(&self, status: Option<&str>, rest: Option<&str>) -> ApiResult {
        let mut ping = Ping {
            status: "OK".into(),
            active_search_backend: Some("database".into()),
            ..Ping::default()
        };
        let mut code = 200;
        if status == Some("true") {
            let db_ok = self.store.ping().await;
            let fs_ok = self.files.as_ref().is_none_or(|d| writable(d));
            let word = |ok: bool| if ok { "OK" } else { "UNHEALTHY" }.to_string();
            ping.database_status = Some(word(db_ok));
            ping.filestore_status = Some(word(fs_ok));
            if !(db_ok && fs_ok) {
                ping.status = "UNHEALTHY".into();
                code = if rest == Some("true") { 200 } else { 500 };
            }
        }
        ok(
            code,
            &PingReply {
                ping,
                android_latest_version: "",
                android_min_version: "",
                ios_latest_version: "",
                ios_min_version: "",
            },
        )
    }

    async fn create_user(&self, b: NewUser) -> ApiResult {
        let username = b.username.to_lowercase();
        if !valid_name(&username) || b.password.is_empty() || !b.email.contains('@') {
            return Err(err(
                400,
                "model.user.is_valid.username.app_error",
                "Invalid username, password or email.",
            ));
        }
        let users: Vec<StoredUser> = self.store.list("user").await?;
        let first = !users.iter().any(|u| !u.public.user.is_bot && !u.preset);
        let id = new_id();
        let now = now_ms();
        let user = StoredUser {
            public: PublicUser {
                user: User {
                    id: id.clone(),
                    username: username.clone(),
                    first_name: b.first_name,
                    last_name: b.last_name,
                    nickname: b.nickname,
                    roles: if first {
                        "system_admin system_user"
                    } else {
                        "system_user"
                    }
                    .into(),
                    is_bot: false,
                },
                email: b.email,
                times: Times::new(now),
            },
            password: Some(password_hash(&b.password)),
            preset: false,
        };
        self.store
            .insert("user", &id, &username, &user, now)
            .await
            .map_err(taken(
                "app.user.save.username_exists.app_error",
                "An account with that username already exists.",
            ))?;
        ok(201, &user.public)
    }

    async fn login(&self, b: Login) -> ApiResult {
        let login = b.login_id.to_lowercase();
        let invalid = || {
            err(
                401,
                "api.user.login.invalid_credentials_email_username",
                "Enter a valid email or username and/or password.",
            )
        };
        let users: Vec<StoredUser> = self.store.list("user").await?;
        let user = users
            .iter()
            .find(|u| {
                !u.public.user.is_bot
                    && (u.public.user.username == login
                        || u.public.email.eq_ignore_ascii_case(&login))
            })
            .ok_or_else(invalid)?;
        if !password_ok(user.password.as_deref().unwrap_or(""), &b.password) {
            return Err(invalid());
        }
        let token = crate::api::token::hex(&crate::api::token::random_bytes::<16>());
        let tid = new_id();
        let doc = StoredToken {
            id: tid.clone(),
            user_id: user.id().to_string(),
            kind: "session".into(),
            description: String::new(),
        };
        self.store
            .insert("token", &tid, &token_hash(&token), &doc, now_ms())
            .await?;
        let (status, body, _) = ok(200, &user.public)?;
        Ok((status, body, Some(("Token", token))))
    }

    /// `POST users/ids`: a JSON array of ids; what is not a string id is skipped.
    async fn users_by_ids(&self, b: serde_json::Value) -> ApiResult {
        let Some(ids) = b.as_array() else {
            return Err(invalid_body("user_ids"));
        };
        let mut users = Vec::new();
        for id in ids.iter().filter_map(serde_json::Value::as_str).take(200) {
            if let Some(u) = self.store.get::<StoredUser>("user", id).await? {
                users.push(u.public);
            }
        }
        ok(200, &users)
    }

    async fn create_bot(&self, me: &StoredUser, b: NewBot) -> ApiResult {
        if !me.is_admin() {
            return Err(forbidden());
        }
        let username = b.username.to_lowercase();
        if !valid_name(&username) {
            return Err(err(
                400,
                "model.bot.is_valid.username.app_error",
                "Invalid username.",
            ));
        }
        let id = new_id();
        let now = now_ms();
        let user = StoredUser {
            public: PublicUser {
                user: User {
                    id: id.clone(),
                    username: username.clone(),
                    first_name: b.display_name.clone(),
                    roles: "system_user".into(),
                    is_bot: true,
                    ..User::default()
                },
                email: String::new(),
                times: Times::new(now),
            },
            password: None,
            preset: false,
        };
        self.store
            .insert("user", &id, &username, &user, now)
            .await
            .map_err(taken(
                "app.user.save.username_exists.app_error",
                "An account with that username already exists.",
            ))?;
        ok(
            201,
            &BotReply {
                bot: Bot {
                    user_id: id,
                    username,
                    display_name: b.display_name,
                    description: b.description,
                },
                owner_id: me.id().to_string(),
                times: Times::new(now),
            },
        )
    }

    async fn create_token(&self, me: &StoredUser, user_id: &str, b: NewToken) -> ApiResult {
        if me.id() != user_id && !me.is_admin() {
            return Err(forbidden());
        }
        self.user(user_id).await?;
        if b.description.is_empty() {
            return Err(err(
                400,
                "model.user_access_token.is_valid.description.app_error",
                "Invalid description, must be 255 or less characters",
            ));
        }
        let token = new_id();
        let tid = new_id();
        let doc = StoredToken {
            id: tid.clone(),
            user_id: user_id.to_string(),
            kind: "access".into(),
            description: b.description.clone(),
        };
        self.store
            .insert("token", &tid, &token_hash(&token), &doc, now_ms())
            .await?;
        ok(
            200,
            &TokenReply {
                token: UserAccessToken {
                    id: tid,
                    token,
                    user_id: user_id.to_string(),
                },
                description: b.description,
                is_active: true,
            },
        )
    }

    async fn create_team(&self, me: &StoredUser, b: NewTeam) -> ApiResult {
        let team_type = b.team_type();
        check_new(&TEAM_RULES, &b.name, &b.display_name, team_type.is_some())?;
        let id = new_id();
        let now = now_ms();
        let team = StoredTeam {
            team: Team {
                id: id.clone(),
                name: b.name,
                display_name: b.display_name,
                team_type: team_type.unwrap_or(TeamType::InviteOnly),
                invite_id: new_id(),
                allow_open_invite: b.allow_open_invite,
            },
            description: b.description,
            times: Times::new(now),
        };
        self.store
            .insert("team", &id, &team.team.name, &team, now)
            .await
            .map_err(taken(
                "app.team.save.existing.app_error",
                "A team with that name already exists",
            ))?;
        self.put_team_member(&id, me.id(), true).await?;
        if let Some(dir) = &self.files {
            let dir = dir.join("teams").join(&id);
            let written = std::fs::create_dir_all(&dir).and_then(|()| {
                std::fs::write(
                    dir.join("team.json"),
                    serde_json::to_string(&team).unwrap_or_default(),
                )
            });
            if let Err(e) = written {
                eprintln!("vereint sim mattermost: writing team file: {e}");
            }
        }
        ok(201, &team)
    }

    async fn team_by_id(&self, id: &str) -> Result<StoredTeam, ApiError> {
        self.store.get("team", id).await?.ok_or_else(|| {
            err(
                404,
                "app.team.get.find.app_error",
                "Unable to find the existing team.",
            )
        })
    }

    async fn team_named(&self, name: &str) -> Result<StoredTeam, ApiError> {
        self.store
            .find("team", name)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                err(
                    404,
                    "app.team.get_by_name.missing.app_error",
                    "Unable to find the existing team.",
                )
            })
    }

    async fn team_member_doc(
        &self,
        team_id: &str,
        user_id: &str,
    ) -> Result<Option<TeamMember>, ApiError> {
        Ok(self
            .store
            .get("team_member", &format!("{team_id}:{user_id}"))
            .await?)
    }

    async fn team_member(&self, team_id: &str, user_id: &str) -> Result<bool, ApiError> {
        Ok(self.team_member_doc(team_id, user_id).await?.is_some())
    }

    /// `team` if `me` may see it: open teams are visible to everyone, invite-only ones to
    /// members and admins.
    async fn visible(&self, me: &StoredUser, team: StoredTeam) -> Result<StoredTeam, ApiError> {
        if me.is_admin()
            || team.team.team_type == TeamType::Open
            || self.team_member(&team.team.id, me.id()).await?
        {
            Ok(team)
        } else {
            Err(forbidden())
        }
    }

    /// `GET teams`: the teams `me` is a member of (all for admins).
    async fn teams(&self, me: &StoredUser) -> ApiResult {
        let teams: Vec<StoredTeam> = self.store.list("team").await?;
        let mut visible = Vec::new();
        for t in teams {
            if me.is_admin() || self.team_member(&t.team.id, me.id()).await? {
                visible.push(t);
            }
        }
        ok(200, &visible)
    }

    /// Stores `doc` under `id` unless something is there already; either way, what is stored.
    async fn put_once<T: Serialize + DeserializeOwned>(
        &self,
        kind: &str,
        id: &str,
        lookup: &str,
        doc: T,
    ) -> Result<T, ApiError> {
        if let Some(existing) = self.store.get(kind, id).await? {
            return Ok(existing);
        }
        match self.store.insert(kind, id, lookup, &doc, now_ms()).await {
            Ok(()) | Err(PutError::Exists) => Ok(doc),
            Err(e) => Err(e.into()),
        }
    }

    async fn put_team_member(
        &self,
        team_id: &str,
        user_id: &str,
        admin: bool,
    ) -> Result<TeamMember, ApiError> {
        let roles = if admin {
            "team_user team_admin"
        } else {
            "team_user"
        };
        let member = TeamMember {
            team_id: team_id.to_string(),
            user_id: user_id.to_string(),
            roles: roles.into(),
            delete_at: 0,
            scheme_user: true,
            scheme_admin: admin,
        };
        self.put_once(
            "team_member",
            &format!("{team_id}:{user_id}"),
            team_id,
            member,
        )
        .await
    }

    async fn team_by_invite(&self, invite_id: &str) -> ApiResult {
        let teams: Vec<StoredTeam> = self.store.list("team").await?;
        let team = teams
            .into_iter()
            .find(|t| {
                !invite_id.is_empty()
                    && t.team
                        .invite_id
                        .as_bytes()
                        .ct_eq(invite_id.as_bytes())
                        .into()
            })
            .ok_or_else(|| {
                err(
                    400,
                    "api.team.get_invite_info.not_open_team",
                    "Invite is invalid because this is not an open team.",
                )
            })?;
        ok(
            200,
            &TeamInvite {
                id: team.team.id,
                name: team.team.name,
                display_name: team.team.display_name,
                description: team.description,
            },
        )
    }

    async fn is_team_admin(&self, me: &StoredUser, team_id: &str) -> Result<bool, ApiError> {
        if me.is_admin() {
            return Ok(true);
        }
        Ok(self
            .team_member_doc(team_id, me.id())
            .await?
            .is_some_and(|m| m.scheme_admin))
    }

    async fn regenerate_invite(&self, me: &StoredUser, team_id: &str) -> ApiResult {
        let mut team = self.team_by_id(team_id).await?;
        if !self.is_team_admin(me, team_id).await? {
            return Err(forbidden());
        }
        team.team.invite_id = new_id();
        team.times.update_at = now_ms();
        self.store.update("team", team_id, &team).await?;
        ok(200, &team)
    }

    async fn add_team_member(&self, me: &StoredUser, team_id: &str, b: NewMember) -> ApiResult {
        let team = self.team_by_id(team_id).await?;
        if !b.team_id.is_empty() && b.team_id != team_id {
            return Err(invalid_body("team_id"));
        }
        let self_join_open = b.user_id == me.id() && team.team.team_type == TeamType::Open;
        if !(self_join_open || self.is_team_admin(me, team_id).await?) {
            return Err(forbidden());
        }
        self.user(&b.user_id).await?;
        ok(
            201,
            &self.put_team_member(team_id, &b.user_id, false).await?,
        )
    }

    async fn create_channel(&self, me: &StoredUser, b: NewChannel) -> ApiResult {
        self.team_by_id(&b.team_id).await?;
        if !(me.is_admin() || self.team_member(&b.team_id, me.id()).await?) {
            return Err(forbidden());
        }
        let channel_type = b.channel_type();
        check_new(
            &CHANNEL_RULES,
            &b.name,
            &b.display_name,
            channel_type.is_some(),
        )?;
        let id = new_id();
        let now = now_ms();
        let lookup = format!("{}/{}", b.team_id, b.name);
        let channel = StoredChannel {
            channel: Channel {
                id: id.clone(),
                team_id: b.team_id,
                name: b.name,
                display_name: b.display_name,
                channel_type: channel_type.unwrap_or(ChannelType::Private),
            },
            purpose: b.purpose,
            header: b.header,
            creator_id: me.id().to_string(),
            times: Times::new(now),
        };
        self.store
            .insert("channel", &id, &lookup, &channel, now)
            .await
            .map_err(taken(
                "store.sql_channel.save_channel.exists.app_error",
                "A channel with that name already exists on the same team.",
            ))?;
        self.put_channel_member(&id, me.id()).await?;
        ok(201, &channel)
    }

    async fn channel_named(&self, team_id: &str, name: &str) -> Result<StoredChannel, ApiError> {
        self.store
            .find("channel", &format!("{team_id}/{name}"))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                err(
                    404,
                    "app.channel.get_by_name.missing.app_error",
                    "Channel does not exist.",
                )
            })
    }

    async fn put_channel_member(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> Result<ChannelMember, ApiError> {
        let member = ChannelMember {
            channel_id: channel_id.to_string(),
            user_id: user_id.to_string(),
            roles: "channel_user".into(),
            msg_count: 0,
            mention_count: 0,
        };
        self.put_once(
            "channel_member",
            &format!("{channel_id}:{user_id}"),
            channel_id,
            member,
        )
        .await
    }

    async fn channel(&self, id: &str) -> Result<StoredChannel, ApiError> {
        self.store.get("channel", id).await?.ok_or_else(|| {
            err(
                404,
                "app.channel.get.existing.app_error",
                "Unable to find the existing channel.",
            )
        })
    }

    /// Members read; public channels are readable by the team's members too.
    async fn may_read_channel(
        &self,
        me: &StoredUser,
        channel: &StoredChannel,
    ) -> Result<(), ApiError> {
        let c = &channel.channel;
        let member: Option<ChannelMember> = self
            .store
            .get("channel_member", &format!("{}:{}", c.id, me.id()))
            .await?;
        if me.is_admin()
            || member.is_some()
            || (c.channel_type == ChannelType::Public
                && self.team_member(&c.team_id, me.id()).await?)
        {
            Ok(())
        } else {
            Err(forbidden())
        }
    }

    async fn add_channel_member(
        &self,
        me: &StoredUser,
        channel_id: &str,
        b: NewMember,
    ) -> ApiResult {
        let channel = self.channel(channel_id).await?;
        self.may_read_channel(me, &channel).await?;
        self.user(&b.user_id).await?;
        if !self
            .team_member(&channel.channel.team_id, &b.user_id)
            .await?
        {
            return Err(err(
                403,
                "api.channel.add_user.to.channel.failed.deleted.app_error",
                "Failed to add user to channel because they have been removed from the team.",
            ));
        }
        ok(201, &self.put_channel_member(channel_id, &b.user_id).await?)
    }

    async fn create_post(&self, me: &StoredUser, b: NewPost) -> ApiResult {
        let channel = self.channel(&b.channel_id).await?;
        self.may_read_channel(me, &channel).await?;
        if b.message.trim().is_empty() || b.message.chars().count() > 16383 {
            return Err(err(
                400,
                "model.post.is_valid.msg.app_error",
                "Invalid message.",
            ));
        }
        let post = self
            .add_post(
                &channel.channel.id,
                me.id().to_string(),
                b.message,
                serde_json::Map::new(),
            )
            .await?;
        ok(201, &post)
    }

    /// Stores a new post by `user_id` in the channel, as a user's post or a webhook's.
    pub(super) async fn add_post(
        &self,
        channel_id: &str,
        user_id: String,
        message: String,
        props: serde_json::Map<String, serde_json::Value>,
    ) -> Result<StoredPost, ApiError> {
        let now = now_ms();
        let post = StoredPost {
            post: Post {
                id: new_id(),
                channel_id: channel_id.to_string(),
                user_id,
                message,
                create_at: now,
                delete_at: 0,
                post_type: String::new(),
            },
            update_at: now,
            edit_at: 0,
            root_id: String::new(),
            props,
        };
        self.store
            .insert("post", &post.post.id, channel_id, &post, now)
            .await?;
        Ok(post)
    }

    async fn channel_posts(&self, me: &StoredUser, channel_id: &str, per_page: usize) -> ApiResult {
        let channel = self.channel(channel_id).await?;
        self.may_read_channel(me, &channel).await?;
        let mut posts: Vec<StoredPost> = self.store.find("post", channel_id).await?;
        posts.reverse();
        posts.truncate(per_page);
        ok(
            200,
            &PostsReply {
                order: posts.iter().map(|p| p.post.id.clone()).collect(),
                posts: posts.into_iter().map(|p| (p.post.id.clone(), p)).collect(),
                next_post_id: String::new(),
                prev_post_id: String::new(),
                has_next: false,
            },
        )
    }
}

fn missing_user() -> ApiError {
    err(
        404,
        "app.user.missing_account.const",
        "Unable to find the user.",
    )
}

fn writable(dir: &std::path::Path) -> bool {
    let probe = dir.join(".vereint-sim-probe");
    let ok = std::fs::write(&probe, b"ok").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Salted SHA-256: good enough for a simulator's test accounts, never for a real server.
fn password_hash(password: &str) -> String {
    let salt = crate::api::token::hex(&crate::api::token::random_bytes::<8>());
    let h = sha2::Sha256::digest(format!("{salt}{password}").as_bytes());
    format!("{salt}${}", crate::api::token::hex(&h))
}

fn password_ok(stored: &str, password: &str) -> bool {
    let Some((salt, hash)) = stored.split_once('$') else {
        return false;
    };
    let h = crate::api::token::hex(&sha2::Sha256::digest(
        format!("{salt}{password}").as_bytes(),
    ));
    bool::from(h.as_bytes().ct_eq(hash.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_mattermost_rules() {
        assert!(valid_name("allgemein"));
        assert!(valid_name("tsv-1860_vorstand"));
        assert!(!valid_name("A"));
        assert!(!valid_name("Grossbuchstaben"));
        assert!(!valid_name("-start"));
        assert!(!valid_name(&"x".repeat(65)));
    }

    #[test]
    fn ids_look_like_mattermost_ids() {
        let id = new_id();
        assert_eq!(id.len(), 26);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_ne!(id, new_id());
    }

    #[test]
    fn passwords_are_salted() {
        let a = password_hash("geheim");
        assert_ne!(a, password_hash("geheim"));
        assert!(password_ok(&a, "geheim"));
        assert!(!password_ok(&a, "falsch"));
    }

    #[test]
    fn bucket_refuses_over_the_limit() {
        let now = Instant::now();
        let mut b = Bucket {
            per_second: 2,
            window_start: now,
            used: 0,
        };
        assert_eq!(b.take(now), Ok(1));
        assert_eq!(b.take(now), Ok(0));
        assert_eq!(b.take(now), Err(1));
        assert_eq!(b.take(now + Duration::from_secs(1)), Ok(1));
    }
}
