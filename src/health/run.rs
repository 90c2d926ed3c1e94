//! Runs checks: each target is one task; at most `concurrency` run at once, each bounded by the
//! timeout. A check's clock starts when it gets its slot, so queueing never counts as latency, and a
//! silent target holds one slot until its timeout and nothing else. Each check is isolated: a
//! timeout, a panic or a check that forgot a row still yields one row per check asked for.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt as _;

use tokio::task::JoinSet;

use super::http::Fetcher;
use super::target::Target;
use super::{CheckResult, Facts, Status, dns, services, stun};
use crate::i18n::{Lang, Msg, t, tf};
use crate::output::sanitize;

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

/// Checks one target within the timeout: always exactly one row per name in `target.checks()`.
pub async fn check(target: &Target, opts: &Options) -> Vec<CheckResult> {
    let found = isolated(target.checks(), opts, probe(target, opts)).await;
    rows(&target.to_string(), target.checks(), found, opts)
}

/// Runs `probe` within the timeout; a timeout or a panic becomes a row for each expected check.
async fn isolated(
    expected: &[&str],
    opts: &Options,
    probe: impl Future<Output = Vec<Found>>,
) -> Vec<Found> {
    let every = |status: Status, latency_ms: Option<f64>, detail: String| {
        expected
            .iter()
            .map(|check| Found {
                check: (*check).into(),
                status,
                latency_ms,
                detail: detail.clone(),
                facts: Facts::default(),
            })
            .collect()
    };
    match tokio::time::timeout(opts.timeout, AssertUnwindSafe(probe).catch_unwind()).await {
        Ok(Ok(found)) => found,
        Ok(Err(panic)) => {
            let error = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            tracing::error!(%error, "a check panicked");
            every(
                Status::Unknown,
                None,
                tf(Msg::HealthCheckFailed, opts.lang, &[("error", &error)]),
            )
        }
        Err(_) => {
            let secs = format!("{:.1}", opts.timeout.as_secs_f64());
            every(
                Status::Critical,
                Some(opts.timeout.as_secs_f64() * 1000.0),
                tf(Msg::HealthTimeout, opts.lang, &[("seconds", &secs)]),
            )
        }
    }
}

/// One row per expected check, in that order: what the probe found, or UNKNOWN where it found
/// nothing. Details are freed of control characters (a server's words may be in them).
fn rows(
    target: &str,
    expected: &[&str],
    mut found: Vec<Found>,
    opts: &Options,
) -> Vec<CheckResult> {
    expected
        .iter()
        .map(|check| {
            let f = match found.iter().position(|f| f.check == *check) {
                Some(i) => found.remove(i),
                None => Found {
                    check: (*check).into(),
                    status: Status::Unknown,
                    latency_ms: None,
                    detail: t(Msg::HealthNoResult, opts.lang).into(),
                    facts: Facts::default(),
                },
            };
            CheckResult {
                target: target.to_string(),
                check: f.check,
                status: f.status,
                latency_ms: f.latency_ms.map(|ms| (ms * 1000.0).round() / 1000.0),
                detail: sanitize(&crate::i18n::health_finding(&f.detail, opts.lang)),
                facts: Facts {
                    // one line: the directory refuses a line break in a report's version
                    version: f
                        .facts
                        .version
                        .as_deref()
                        .map(|v| sanitize(v).replace('\n', " ")),
                    ..f.facts
                },
            }
        })
        .collect()
}

/// Checks all targets; results in the order of `targets`, every target's rows present whatever
/// happened to its task. A task is spawned only when a slot is free: a spawned task keeps its
/// whole future allocated until it is joined, so spawning all targets up front cost about 20 kB
/// each (1,000 targets: +20 MB peak RSS, measured).
pub async fn run_all(targets: &[Target], opts: &Options) -> Vec<CheckResult> {
    let limit = opts.concurrency.max(1);
    let mut tasks = JoinSet::new();
    let mut index = HashMap::new();
    let mut done: Vec<Option<Vec<CheckResult>>> = vec![None; targets.len()];
    let mut record =
        |joined: Result<(tokio::task::Id, Vec<CheckResult>), tokio::task::JoinError>,
         index: &HashMap<tokio::task::Id, usize>| match joined {
            Ok((id, r)) => done[index[&id]] = Some(r),
            Err(e) => tracing::error!(error = %e, "a check task failed"),
        };
    for (i, target) in targets.iter().enumerate() {
        if tasks.len() >= limit
            && let Some(joined) = tasks.join_next_with_id().await
        {
            record(joined, &index);
        }
        let (target, opts) = (target.clone(), opts.clone());
        let task = tasks.spawn(async move { check(&target, &opts).await });
        index.insert(task.id(), i);
    }
    while let Some(joined) = tasks.join_next_with_id().await {
        record(joined, &index);
    }
    done.into_iter()
        .zip(targets)
        .flat_map(|(r, target)| {
            r.unwrap_or_else(|| rows(&target.to_string(), target.checks(), Vec::new(), opts))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::tls::TlsSetup;

    fn opts(timeout_ms: u64) -> Options {
        Options {
            lang: Lang::En,
            timeout: Duration::from_millis(timeout_ms),
            concurrency: 4,
            bbb_secret: None,
            turn_secret: None,
            fetcher: Fetcher {
                tls: TlsSetup::new(None).unwrap(),
                guard: None,
            },
        }
    }

    fn ok(check: &str) -> Found {
        Found {
            check: check.into(),
            status: Status::Ok,
            latency_ms: Some(1.0),
            detail: "fine\u{1b}]0;owned\u{7}".into(),
            facts: Facts::default(),
        }
    }

    #[tokio::test]
    async fn a_panicking_check_is_a_row_for_each_of_its_checks() {
        let opts = opts(1000);
        let found = isolated(&["http", "tls"], &opts, async {
            if opts.concurrency > 0 {
                panic!("slice index starts at 18 but ends at 17");
            }
            vec![ok("http")]
        })
        .await;
        let rows = rows("https://x/", &["http", "tls"], found, &opts);
        assert_eq!(rows.len(), 2);
        for r in &rows {
            assert_eq!(r.status, Status::Unknown);
            assert!(r.detail.contains("broke off: slice index"), "{}", r.detail);
        }
    }

    #[tokio::test]
    async fn a_silent_check_is_critical_at_the_timeout() {
        let opts = opts(50);
        let found = isolated(&["dns"], &opts, std::future::pending()).await;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].status, Status::Critical);
        assert!(found[0].detail.contains("no answer within"));
    }

    #[test]
    fn rows_are_exactly_the_checks_asked_for() {
        let opts = opts(50);
        // one missing, one unexpected, out of order
        let rows = rows(
            "bbb+https://b/",
            &["bbb-api", "bbb-meetings"],
            vec![ok("surprise"), ok("bbb-meetings")],
            &opts,
        );
        let checks: Vec<_> = rows.iter().map(|r| (r.check.as_str(), r.status)).collect();
        assert_eq!(
            checks,
            [("bbb-api", Status::Unknown), ("bbb-meetings", Status::Ok)]
        );
        assert!(!rows[1].detail.contains('\u{1b}') && !rows[1].detail.contains('\u{7}'));
    }
}
