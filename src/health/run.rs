//! Runs checks: each target is one task; at most `concurrency` run at once, each bounded by the
//! timeout. A check's clock starts when it gets its slot, so queueing never counts as latency, and a
//! silent target holds one slot until its timeout and nothing else.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::http::Fetcher;
use super::target::Target;
use super::{CheckResult, Facts, Status, dns, services, stun};
use crate::i18n::{Lang, Msg, tf};

/// Settings of one run.
#[derive(Clone)]
pub struct Options {
    pub lang: Lang,
    pub timeout: Duration,
    pub concurrency: usize,
    pub bbb_secret: Option<String>,
    pub turn_secret: Option<String>,
    pub fetcher: Fetcher,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("lang", &self.lang)
            .field("timeout", &self.timeout)
            .field("concurrency", &self.concurrency)
            .field("bbb_secret", &self.bbb_secret.as_ref().map(|_| "***"))
            .field("turn_secret", &self.turn_secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// One check's outcome before the target is attached.
#[derive(Debug, Clone)]
pub struct Found {
    pub check: String,
    pub status: Status,
    pub latency_ms: Option<f64>,
    pub detail: String,
    pub facts: Facts,
}

async fn probe(target: &Target, opts: &Options) -> Vec<Found> {
    match target {
        Target::Http { url } => services::web(url, opts).await,
        Target::Tls { host, port } => services::tls_only(host, *port, opts).await,
        Target::Bbb { api } => services::bbb(api, opts).await,
        Target::Mattermost { base } => services::mattermost(base, opts).await,
        Target::Stun {
            host,
            port,
            transport,
        } => stun::binding(host, *port, *transport, opts).await,
        Target::Turn {
            host,
            port,
            transport,
        } => stun::allocate(host, *port, *transport, opts).await,
        Target::Dns { name, expect } => dns::resolve(name, expect, opts).await,
    }
}

/// Checks one target within the timeout.
pub async fn check(target: &Target, opts: &Options) -> Vec<CheckResult> {
    let name = target.to_string();
    let found = match tokio::time::timeout(opts.timeout, probe(target, opts)).await {
        Ok(found) => found,
        Err(_) => {
            let secs = format!("{:.1}", opts.timeout.as_secs_f64());
            target
                .checks()
                .iter()
                .map(|check| Found {
                    check: (*check).into(),
                    status: Status::Critical,
                    latency_ms: Some(opts.timeout.as_secs_f64() * 1000.0),
                    detail: tf(Msg::HealthTimeout, opts.lang, &[("seconds", &secs)]),
                    facts: Facts::default(),
                })
                .collect()
        }
    };
    found
        .into_iter()
        .map(|f| CheckResult {
            target: name.clone(),
            check: f.check,
            status: f.status,
            latency_ms: f.latency_ms.map(|ms| (ms * 1000.0).round() / 1000.0),
            detail: f.detail,
            facts: f.facts,
        })
        .collect()
}

/// Checks all targets; results in the order of `targets`.
pub async fn run_all(targets: &[Target], opts: &Options) -> Vec<CheckResult> {
    let slots = Arc::new(Semaphore::new(opts.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for (i, target) in targets.iter().enumerate() {
        let (slots, target, opts) = (slots.clone(), target.clone(), opts.clone());
        tasks.spawn(async move {
            let _slot = slots
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            (i, check(&target, &opts).await)
        });
    }
    let mut done: Vec<(usize, Vec<CheckResult>)> = Vec::with_capacity(targets.len());
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(r) => done.push(r),
            Err(e) => tracing::error!(error = %e, "a check task failed"),
        }
    }
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().flat_map(|(_, r)| r).collect()
}

/// For site files and the agent: `(kind, target)` pairs as `Target::from_kind` reads them.
pub async fn run_kinds(
    pairs: &[(String, String)],
    opts: &Options,
) -> Result<Vec<CheckResult>, super::TargetError> {
    let targets = pairs
        .iter()
        .map(|(kind, target)| Target::from_kind(kind, target))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(run_all(&targets, opts).await)
}
