//! Health checks of a club's services (HTTP, TLS, BBB, Mattermost, STUN/TURN, DNS), run with bounded
//! concurrency and per-check timeouts; outputs for people and monitoring systems; the reporting agent.

pub mod agent;
pub mod backup;
pub mod dns;
pub mod http;
pub mod output;
pub mod queue;
pub mod run;
pub mod services;
pub mod site;
pub mod ssrf;
pub mod stun;
pub mod target;
pub mod tls;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;

use crate::i18n::{Lang, Msg, tf};

pub use crate::api::reports::{CheckResult, Facts, Status};
pub use run::{Options, run_all};
pub use target::{Target, TargetError};

use crate::config::read_secret;
use crate::session::Session;

/// The options `vereint health`, the agent and the TUI check with: these files, else `[health]`'s.
pub fn options(
    session: &Session,
    timeout: Duration,
    concurrency: usize,
    bbb_secret_file: Option<PathBuf>,
    turn_secret_file: Option<PathBuf>,
    ca_file: Option<PathBuf>,
) -> anyhow::Result<Options> {
    let h = &session.config.health;
    let bbb_file = bbb_secret_file.or_else(|| h.bbb_secret_file.clone());
    let turn_file = turn_secret_file.or_else(|| h.turn_secret_file.clone());
    let ca = ca_file.or_else(|| h.ca_file.clone());
    Ok(Options {
        lang: session.lang,
        timeout,
        concurrency,
        bbb_secret: read_secret(None, bbb_file.as_deref(), "health.bbb_secret_file")?,
        turn_secret: read_secret(None, turn_file.as_deref(), "health.turn_secret_file")?,
        fetcher: http::Fetcher {
            tls: tls::TlsSetup::new(ca.as_deref())?,
            guard: None,
        },
    })
}

/// The services of every instance in a directory's public list, as targets.
pub async fn from_directory(url: &str) -> anyhow::Result<Vec<Target>> {
    let client = crate::client::Client::new(url)?;
    let instances = client
        .instances()
        .await
        .with_context(|| tf(Msg::HealthInstanceList, Lang::current(), &[("url", &url)]))?;
    let mut targets = Vec::new();
    for instance in instances {
        for service in instance.services {
            match Target::from_kind(&service.kind, &service.url) {
                Ok(t) => targets.push(t),
                Err(e) => tracing::warn!(instance = %instance.id, error = %e, "service skipped"),
            }
        }
    }
    Ok(targets)
}

/// Days before expiry under which a certificate is a warning.
pub const CERT_WARNING_DAYS: i64 = 21;
