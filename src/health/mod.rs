//! Health checks of a club's services (HTTP, TLS, BBB, Mattermost, STUN/TURN, DNS), run with bounded
//! concurrency and per-check timeouts; outputs for people and monitoring systems; the reporting agent.

pub mod agent;
pub mod cli;
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

pub use crate::api::reports::{CheckResult, Facts, Status};
pub use run::{Options, run_all};
pub use target::{Target, TargetError};

/// Days before expiry under which a certificate is a warning.
pub const CERT_WARNING_DAYS: i64 = 21;
