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
use serde::{Deserialize, Serialize};

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
        .with_context(|| format!("reading the instance list of {url}"))?;
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

/// Monitoring-plugin states; the number is the exit code.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl Status {
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Critical => "critical",
            Status::Unknown => "unknown",
        }
    }

    /// The exit code of a whole run: the highest code of its checks (0 without checks).
    pub fn worst(results: &[CheckResult]) -> Status {
        results.iter().map(|r| r.status).max().unwrap_or(Status::Ok)
    }
}

/// One check's outcome: the `--format json` contract is `target`, `check`, `status`, `latency_ms`,
/// `detail`; the facts below feed the dashboard and the agent's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub target: String,
    pub check: String,
    pub status: Status,
    pub latency_ms: Option<f64>,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
}

/// Machine-readable facts some checks learn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
}

impl Facts {
    pub fn is_empty(&self) -> bool {
        *self == Facts::default()
    }
}

/// Days before expiry under which a certificate is a warning.
pub const CERT_WARNING_DAYS: i64 = 21;
