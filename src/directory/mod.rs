// Handlers return `Result<_, Problem>`; a problem carries its field errors and is built only on the
// error path of a request, where its size does not matter.
#![allow(clippy::result_large_err)]

//! The central directory: `vereint directory serve`. Bookings of BBB rooms and Mattermost teams,
//! workshop registrations, and self-hosted club instances with their signed health reports.
//!
//! What goes over the wire is `crate::api`; this module is the server around it:
//! - `handlers/`: one file per resource, and the one router (`handlers::router`)
//! - `error` (problems as problem+json answers), `input` (strict JSON bodies), `auth` (bearer and
//!   admin tokens), `openapi` (the document built from the handlers)
//! - `db/` (storage, a file per resource, on SQLite or PostgreSQL, migrations beside it),
//!   `reports` (group commit of signed reports)
//! - `integrations` (what approving a booking runs), `rooms/` (BBB rooms and their `/r/{slug}`
//!   page), `teams` (Mattermost teams), `community` (the community channel feed)
//! - `notify/` (mail: what each change tells whom, the outbox's delivery worker, SMTP)
//! - `ratelimit`, `metrics`, `checks` (the directory's own checks of registered URLs)
//! - `conn` (serving connections: timeouts, the connection cap, hyper's refusals as problems)

pub mod auth;
mod checks;
pub mod community;
pub mod conn;
pub mod db;
pub mod error;
mod handlers;
pub mod input;
pub mod integrations;
pub mod metrics;
pub mod notify;
pub mod openapi;
pub mod ratelimit;
mod reports;
pub mod rooms;
pub mod teams;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, MatchedPath, Request, State as AxState};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use sha2::Digest;

use crate::api::{Problem, ProblemKind};
use crate::catalog::Catalog;
use crate::config::DirectorySettings;
use crate::health::ssrf::Range;
use crate::i18n::{Lang, Msg, io_failed, t, tf};
use db::{Db, Location};
use error::InternalCause;
use integrations::{ByKind, Integrations, NotConfigured};
use metrics::Metrics;
use ratelimit::RateLimiter;

/// Default largest request body.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Everything `serve` needs, resolved from the settings.
#[derive(Clone)]
pub struct Options {
    pub location: Location,
    pub catalog: Arc<Catalog>,
    pub admin_token: Option<String>,
    pub auto_approve: bool,
    pub trusted_proxies: Vec<Range>,
    pub rate_per_second: f64,
    pub rate_burst: u32,
    pub body_limit: usize,
    /// Timeouts and the connection cap of `serve`.
    pub limits: conn::Limits,
    pub enrollment_days: u32,
    pub public_url: Option<String>,
    pub integrations: Arc<dyn Integrations>,
    /// The BBB endpoint behind rooms; with it, `bbb_room` bookings become rooms.
    pub bbb: Option<crate::integrations::bbb::client::Client>,
    /// Mattermost teams for team bookings, when configured.
    pub mattermost: Option<teams::TeamsConfig>,
    /// The community channel, when configured.
    pub community: Option<community::CommunityConfig>,
    /// The directory's own checks of registered URLs (off by default).
    pub checks: crate::config::DirectoryChecks,
    /// Where mail goes out; None: nobody is mailed.
    pub smtp: Option<crate::config::SmtpSettings>,
    pub notify: crate::config::NotifySettings,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("location", &self.location.redacted())
            .field("admin_token", &self.admin_token.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

impl Options {
    /// Defaults for tests and embedding: no admin token, no rate limit, nothing integrated.
    pub fn new(location: Location, catalog: Arc<Catalog>) -> Options {
        Options {
            location,
            catalog,
            admin_token: None,
            auto_approve: false,
            trusted_proxies: Vec::new(),
            rate_per_second: 0.0,
            rate_burst: 1,
            body_limit: BODY_LIMIT_BYTES,
            limits: conn::Limits::default(),
            enrollment_days: 7,
            public_url: None,
            integrations: Arc::new(NotConfigured),
            bbb: None,
            mattermost: None,
            community: None,
            checks: crate::config::DirectoryChecks::default(),
            smtp: None,
            notify: crate::config::NotifySettings::default(),
        }
    }

    pub fn from_settings(
        settings: &DirectorySettings,
        catalog: Arc<Catalog>,
    ) -> anyhow::Result<Options> {
        let location = match &settings.database_url {
            Some(url) => Location::parse(url),
            None => Location::Sqlite(
                crate::config::data_dir()
                    .with_context(|| t(Msg::CfgNoDataDir, Lang::current()))?
                    .join("directory.sqlite3"),
            ),
        };
        let trusted_proxies = settings
            .trusted_proxies
            .iter()
            .map(|s| Range::parse(s, Lang::current()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow::anyhow!("directory.trusted_proxies: {e}"))?;
        if let Some(url) = &settings.public_url {
            url::Url::parse(url).map_err(|e| not_a_url("directory.public_url", url, e))?;
        }
        let bbb = rooms::bbb_client(&settings.bbb)?;
        if bbb.is_some() && settings.public_url.is_none() {
            anyhow::bail!(t(Msg::CfgBbbNeedsPublicUrl, Lang::current()));
        }
        if let Some(smtp) = &settings.smtp {
            notify::mail::parse_from(&smtp.from)?;
            for address in &settings.notify.operator_emails {
                address.parse::<lettre::Address>().map_err(|_| {
                    anyhow::anyhow!(tf(
                        Msg::CfgOperatorEmail,
                        Lang::current(),
                        &[("address", address)]
                    ))
                })?;
            }
        }
        if settings.body_limit < 1024 {
            anyhow::bail!(t(Msg::CfgBodyLimit, Lang::current()));
        }
        for (key, ms) in [
            ("header_timeout_ms", settings.header_timeout_ms),
            ("body_timeout_ms", settings.body_timeout_ms),
        ] {
            if !(100..=600_000).contains(&ms) {
                anyhow::bail!(tf(Msg::CfgTimeoutRange, Lang::current(), &[("key", &key)]));
            }
        }
        if settings.max_connections == 0 {
            anyhow::bail!(t(Msg::CfgMaxConnections, Lang::current()));
        }
        Ok(Options {
            location,
            catalog,
            admin_token: settings.admin_token()?,
            auto_approve: settings.auto_approve,
            trusted_proxies,
            rate_per_second: settings.rate_limit.per_second,
            rate_burst: settings.rate_limit.burst,
            body_limit: settings.body_limit,
            limits: conn::Limits {
                header_timeout: Duration::from_millis(settings.header_timeout_ms),
                body_timeout: Duration::from_millis(settings.body_timeout_ms),
                max_connections: settings.max_connections,
            },
            enrollment_days: settings.enrollment_days.max(1),
            public_url: settings.public_url.clone(),
            integrations: Arc::new(NotConfigured),
            bbb,
            mattermost: teams::TeamsConfig::from_settings(&settings.mattermost)?,
            community: community::CommunityConfig::from_settings(&settings.mattermost)?,
            checks: settings.checks.clone(),
            smtp: settings.smtp.clone(),
            notify: settings.notify.clone(),
        })
    }
}

/// Shared by all handlers.
pub struct AppState {
    pub db: Db,
    pub catalog: Arc<Catalog>,
    catalog_json: Bytes,
    catalog_etag: String,
    pub admin: auth::AdminToken,
    pub integrations: Arc<dyn Integrations>,
    /// Present when BBB is configured.
    pub rooms: Option<Arc<rooms::Rooms>>,
    pub teams: Option<Arc<teams::Teams>>,
    pub community: Option<community::CommunityFeed>,
    pub metrics: Metrics,
    limiter: RateLimiter,
    /// Bodies announced larger than this are refused before they are read.
    body_limit: usize,
    trusted: Vec<Range>,
    reports: reports::Writer,
    /// Instance secrets, read once per instance (they never change).
    secrets: RwLock<HashMap<String, String>>,
    /// The directory's own checks, last result per instance.
    pub checked: checks::Results,
    pub auto_approve: bool,
    pub enrollment_days: u32,
    pub public_url: Option<String>,
    /// Which messages each change causes (none without SMTP).
    pub notify: notify::Notifier,
    /// Wakes the outbox's worker after a change committed messages.
    pub outbox: notify::outbox::Wake,
    hsts: bool,
    /// Set when a write failed on a full disk; `/readyz` then answers 503 until a write works.
    pub storage_full: std::sync::atomic::AtomicBool,
}

pub type Shared = Arc<AppState>;

/// Opens the database (applying migrations) and builds the router.
pub async fn app(options: Options) -> anyhow::Result<(Router, Shared)> {
    let checker = checks::Checker::from_settings(&options.checks)?;
    let mailer = options
        .smtp
        .as_ref()
        .map(notify::mail::Mailer::from_settings)
        .transpose()?;
    let posts = notify::posts::Poster::from_settings(&options.notify)?;
    let db = Db::open(&options.location).await.with_context(|| {
        tf(
            Msg::DirectoryDbUnopenable,
            Lang::current(),
            &[("location", &options.location.redacted())],
        )
    })?;
    // the public copy: exact addresses are for the registered only
    let mut public = (*options.catalog).clone();
    for event in &mut public.events {
        event.address_after_registration = None;
    }
    let catalog_json = Bytes::from(serde_json::to_vec(&public)?);
    let catalog_etag = format!(
        "\"{}\"",
        &crate::api::token::hex(&sha2::Sha256::digest(&catalog_json))[..32]
    );
    let rooms = options
        .bbb
        .map(|bbb| rooms::Rooms::new(db.clone(), bbb, options.public_url.as_deref().unwrap_or("")));
    let teams = options
        .mattermost
        .map(|config| Arc::new(teams::Teams::new(config, db.clone())));
    // a kind without its own integration keeps what the options gave (NotConfigured by default)
    let integrations: Arc<dyn Integrations> = if rooms.is_none() && teams.is_none() {
        options.integrations
    } else {
        Arc::new(ByKind {
            bbb_room: Some(match &rooms {
                Some(r) => r.clone() as Arc<dyn Integrations>,
                None => options.integrations.clone(),
            }),
            mattermost_team: Some(match &teams {
                Some(t) => t.clone() as Arc<dyn Integrations>,
                None => options.integrations.clone(),
            }),
        })
    };
    let notifier = notify::Notifier::new(mailer.is_some(), &options.notify);
    let wake = notify::outbox::Wake::default();
    let state = Arc::new(AppState {
        reports: reports::Writer::spawn(db.clone(), Arc::new(notifier.clone()), wake.clone()),
        db,
        catalog: options.catalog,
        catalog_json,
        catalog_etag,
        admin: auth::AdminToken::new(options.admin_token.as_deref()),
        integrations,
        rooms,
        teams,
        community: options.community.map(community::CommunityFeed::new),
        metrics: Metrics::default(),
        limiter: RateLimiter::new(options.rate_per_second, options.rate_burst),
        body_limit: options.body_limit,
        trusted: options.trusted_proxies,
        secrets: RwLock::new(HashMap::new()),
        checked: RwLock::new(HashMap::new()),
        auto_approve: options.auto_approve,
        enrollment_days: options.enrollment_days,
        hsts: options
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
        public_url: options.public_url,
        storage_full: std::sync::atomic::AtomicBool::new(false),
        notify: notifier,
        outbox: wake,
    });
    if let Some(checker) = checker {
        tokio::spawn(checker.run(state.clone()));
    }
    tokio::spawn(notify::alerts::sweep(state.clone()));
    if mailer.is_some() || posts.is_some() {
        tokio::spawn(
            notify::outbox::Worker {
                db: state.db.clone(),
                mailer: mailer.map(Arc::new),
                posts: posts.map(Arc::new),
                wake: state.outbox.clone(),
                retry_first: Duration::from_secs(options.notify.retry_first_secs.max(1)),
            }
            .run(),
        );
    }
    let body_limit = options.body_limit;
    let router = handlers::router(body_limit)
        .layer(middleware::from_fn_with_state(state.clone(), admit))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state.clone());
    Ok((router, state))
}

/// Serves until SIGTERM or Ctrl-C; requests in flight finish, then the database is closed.
/// `on_listen` receives the bound address (useful with port 0).
pub async fn serve(
    options: Options,
    bind: &str,
    on_listen: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let location = options.location.redacted();
    let limits = options.limits;
    let (router, state) = app(options).await?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| io_failed(Msg::DirectoryBindFailed, &[("bind", &bind)], &e))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = %location, admin = state.admin.is_set(), "directory listening");
    on_listen(addr);
    conn::serve(
        listener,
        router,
        limits,
        state.metrics.connections.clone(),
        crate::runtime::shutdown_signal(),
    )
    .await;
    tracing::info!("shutting down: requests finished, closing the database");
    state.reports.close().await;
    state.db.close().await;
    Ok(())
}

/// A setting's URL that does not parse, refused in the user's language.
pub(crate) fn not_a_url(key: &str, value: &str, e: url::ParseError) -> anyhow::Error {
    let lang = Lang::current();
    anyhow::anyhow!(tf(
        Msg::CfgNotUrl,
        lang,
        &[
            ("key", &key),
            ("value", &value),
            ("error", &crate::i18n::url_error(e, lang))
        ]
    ))
}

fn peer_ip(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// What is refused before a handler runs: a client over its rate (the API and the status pages;
/// health and metrics are exempt), and a body announced larger than the limit, before a byte of it
/// is read (the limit on reading catches bodies without a length).
async fn admit(AxState(state): AxState<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if state.limiter.enabled()
        && (path.starts_with("/api/") || path == "/status" || path.starts_with("/status/"))
        && let Some(ip) = ratelimit::client_ip(peer_ip(&req), req.headers(), &state.trusted)
        && let Err(wait) = state.limiter.check(ip, Instant::now())
    {
        state
            .metrics
            .rate_limited
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut p = Problem::new(
            ProblemKind::RateLimited,
            format!("this client sent too many requests; retry in {wait} s"),
        );
        p.retry_after = Some(wait);
        return p.into_response();
    }
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > state.body_limit as u64) {
        return Problem::new(
            ProblemKind::BodyTooLarge,
            format!("the request body is larger than {} bytes", state.body_limit),
        )
        .into_response();
    }
    next.run(req).await
}

/// Every error is problem+json: errors produced outside the handlers (axum's own rejections, such
/// as an undecodable path) are rewritten, keeping their status and text.
async fn as_problem(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/problem+json")
                || v.as_bytes().starts_with(b"text/html")
        });
    // problems, and the room pages, which answer people in HTML
    if is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let detail = String::from_utf8_lossy(&text).trim().to_string();
    let mut problem = Problem::new(
        ProblemKind::HttpError,
        if detail.is_empty() {
            status.to_string()
        } else {
            detail
        },
    )
    .with_status(
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
    );
    if status.is_server_error() {
        problem.internal = Some(problem.detail.clone());
        problem.detail = "the server could not complete the request; it has been logged".into();
    }
    let mut response = problem.into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            response.headers_mut().entry(name).or_insert(value.clone());
        }
    }
    response
}

/// Metrics, the request log (route, status and time only: no query strings, no headers, so no
/// secrets), and security headers; the answer's problems in the request's language.
async fn observe(AxState(state): AxState<Shared>, req: Request, next: Next) -> Response {
    let lang = error::request_lang(req.headers());
    error::in_language(lang, observed(state, req, next)).await
}

async fn observed(state: Shared, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("(unmatched)", |m| m.as_str())
        .to_string();
    let mut response = as_problem(next.run(req).await).await;
    let elapsed = start.elapsed();
    let status = response.status();
    if status == axum::http::StatusCode::INSUFFICIENT_STORAGE {
        state
            .storage_full
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
    state
        .metrics
        .observe(method.as_str(), &route, status.as_u16(), elapsed);
    if let Some(cause) = response.extensions().get::<InternalCause>() {
        tracing::error!(%method, %route, status = status.as_u16(), cause = %cause.0, "request failed");
    } else if elapsed > Duration::from_secs(1) {
        tracing::warn!(%method, %route, status = status.as_u16(), ms = elapsed.as_millis() as u64, "slow request");
    } else {
        tracing::debug!(%method, %route, status = status.as_u16(), us = elapsed.as_micros() as u64, "request");
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if state.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}
