//! `vereint agent`: runs the configured checks every interval and sends signed reports to the
//! directory. While the directory is away, reports wait in a bounded queue in `state_dir` and are
//! delivered later, oldest first, retried with exponential backoff plus jitter.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use figment::Source;

use super::queue::{Queue, Queued};
use super::run::run_kinds;
use super::{CheckResult, Options, Status};
use crate::api::token::{hex, random_bytes};
use crate::api::{ProblemKind, Report};
use crate::client::{Client, ClientError};
use crate::config::AgentSettings;
use crate::i18n::{Lang, Msg, t, tf};
use crate::session::Session;

/// Reports kept while the directory is away (a day at the default interval of a minute is 1,440).
pub const QUEUE_MAX: usize = 2_000;
/// A signature is reused for a retry while younger than this; the directory accepts 5 minutes.
const SIGNATURE_REUSE: i64 = 240;
const BACKOFF_FIRST: Duration = Duration::from_secs(2);
const BACKOFF_MAX: Duration = Duration::from_secs(300);

/// Refuses a configuration file holding the token that others can read.
pub fn check_secret_file(figment: &figment::Figment, lang: Lang) -> anyhow::Result<()> {
    let Some(meta) = figment.find_metadata("agent.token") else {
        return Ok(());
    };
    if let Some(Source::File(path)) = &meta.source {
        crate::config::check_private(path, Msg::SecretWhatAgentToken, lang)?;
    }
    Ok(())
}

/// Outcome of one delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The queue is empty.
    Done,
    /// The directory is away (or busy): try later.
    Later,
}

pub struct Agent {
    settings: AgentSettings,
    options: Options,
    client: Client,
    queue: Queue,
    token: Option<String>,
    lang: Lang,
}

impl Agent {
    pub fn new(session: &Session, settings: AgentSettings) -> anyhow::Result<Agent> {
        let timeout = Duration::from_secs(settings.interval_secs.clamp(2, 30));
        let options = super::options(session, timeout, 16, None, None, None)?;
        Self::with_options(session.lang, settings, options)
    }

    pub fn with_options(
        lang: Lang,
        settings: AgentSettings,
        options: Options,
    ) -> anyhow::Result<Agent> {
        if settings.interval_secs == 0 {
            anyhow::bail!(t(Msg::AgentIntervalZero, Lang::current()));
        }
        let client = Client::new(&settings.directory_url).with_context(|| {
            format!(
                "agent.directory_url `{}` is not an http(s) URL",
                settings.directory_url
            )
        })?;
        let token = Some(settings.token.0.trim().to_string()).filter(|t| !t.is_empty());
        let queue = Queue::open(&settings.state_dir, QUEUE_MAX)?;
        Ok(Agent {
            settings,
            options,
            client,
            queue,
            token,
            lang,
        })
    }

    pub fn state_dir(&self) -> PathBuf {
        self.settings.state_dir.clone()
    }

    /// Runs the checks and queues their report (when there is a token to sign it with).
    pub async fn check_round(&self) -> anyhow::Result<Vec<CheckResult>> {
        // "backup" reads a local state file (health::backup); every other kind goes over the network
        let (backups, network): (Vec<_>, Vec<_>) = self
            .settings
            .checks
            .iter()
            .partition(|c| c.kind == "backup");
        let pairs: Vec<(String, String)> = network
            .iter()
            .map(|c| (c.kind.clone(), c.target.clone()))
            .collect();
        let mut results = run_kinds(&pairs, &self.options)
            .await
            .context("agent.checks")?;
        let now = jiff::Timestamp::now().as_second();
        results.extend(
            backups
                .iter()
                .map(|c| super::backup::check(std::path::Path::new(&c.target), now, self.lang)),
        );
        let worst = Status::worst(&results);
        tracing::info!(status = worst.as_str(), checks = results.len(), "checked");
        if self.token.is_some() {
            let report = Report {
                report_id: Some(hex(&random_bytes::<16>())),
                status: Some(worst),
                observed_at: Some(jiff::Timestamp::now().to_string()),
                interval_secs: Some(self.settings.interval_secs),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
                checks: results.clone(),
            };
            let dropped = self.queue.push(&Queued {
                body: serde_json::to_string(&report)?,
                signed_at: None,
            })?;
            if dropped > 0 {
                tracing::warn!(
                    dropped,
                    "report queue full: the oldest reports were dropped"
                );
            }
        }
        Ok(results)
    }

    /// Sends queued reports, oldest first, until the queue is empty or the directory is away.
    pub async fn deliver(&self) -> anyhow::Result<Delivery> {
        let Some(token) = &self.token else {
            return Ok(Delivery::Done);
        };
        for (seq, path) in self.queue.list()? {
            let mut item = self.queue.read(&path)?;
            let now = jiff::Timestamp::now().as_second();
            let ts = match item.signed_at {
                Some(t) if now - t < SIGNATURE_REUSE => t,
                _ => now,
            };
            if item.signed_at != Some(ts) {
                item.signed_at = Some(ts);
                self.queue.update(seq, &item)?;
            }
            let sent = self
                .client
                .report_at(&self.settings.instance_id, token, item.body.as_bytes(), ts)
                .await;
            match sent {
                Ok(_) => self.queue.remove(&path)?,
                // the directory has it already: an earlier answer was lost on the way
                Err(ClientError::Api(p)) if p.is(ProblemKind::ReportReplayed) => {
                    self.queue.remove(&path)?
                }
                Err(ClientError::Api(p)) if p.is(ProblemKind::SignatureStale) => {
                    // sign anew next time; the body keeps when it was observed
                    item.signed_at = None;
                    self.queue.update(seq, &item)?;
                    return Ok(Delivery::Later);
                }
                Err(e) if e.is_transient() => {
                    tracing::warn!(error = %e, queued = self.queue.len()?, "directory away; reports stay queued");
                    return Ok(Delivery::Later);
                }
                Err(ClientError::Api(p)) if p.status == 401 || p.status == 403 => {
                    anyhow::bail!(tf(Msg::AgentRefused, self.lang, &[("detail", &p.detail)]));
                }
                Err(e) => {
                    // refused for good (bad body): keeping it would block every later report
                    tracing::error!(error = %e, "report refused by the directory; dropped");
                    self.queue.remove(&path)?;
                }
            }
        }
        Ok(Delivery::Done)
    }

    /// `agent once` (single round) or `agent run` (until SIGTERM / Ctrl-C).
    pub async fn start(self, once: bool) -> anyhow::Result<()> {
        init_logging();
        if self.token.is_none() {
            tracing::warn!("agent.token is empty: checking without reporting");
        }
        if once {
            self.check_round().await?;
            return match self.deliver().await? {
                Delivery::Done => Ok(()),
                Delivery::Later => anyhow::bail!(tf(
                    Msg::AgentQueued,
                    self.lang,
                    &[("count", &self.queue.len()?)]
                )),
            };
        }
        let interval = Duration::from_secs(self.settings.interval_secs);
        let mut next_check = tokio::time::Instant::now();
        let mut next_delivery = next_check;
        let mut failures: u32 = 0;
        let stop = crate::runtime::shutdown_signal();
        tokio::pin!(stop);
        loop {
            let now = tokio::time::Instant::now();
            if now >= next_check {
                if let Err(e) = self.check_round().await {
                    tracing::error!(error = %format!("{e:#}"), "check round failed");
                }
                next_check = now + interval;
                if failures == 0 {
                    next_delivery = now;
                }
            }
            if tokio::time::Instant::now() >= next_delivery && !self.queue.is_empty()? {
                match self.deliver().await {
                    Ok(Delivery::Done) => failures = 0,
                    Ok(Delivery::Later) => {
                        failures += 1;
                        next_delivery = tokio::time::Instant::now() + backoff(failures);
                    }
                    Err(e) => {
                        tracing::error!(error = %format!("{e:#}"), "delivery failed");
                        failures += 1;
                        next_delivery = tokio::time::Instant::now() + backoff(failures);
                    }
                }
            }
            let wake = if failures > 0 {
                next_check.min(next_delivery)
            } else {
                next_check
            };
            tokio::select! {
                _ = tokio::time::sleep_until(wake) => {}
                _ = &mut stop => {
                    tracing::info!("stopping");
                    return Ok(());
                }
            }
        }
    }
}

/// Exponential from 2 s, capped at 5 minutes, plus up to half again as jitter so that many agents
/// do not return to a recovered directory at the same moment.
pub fn backoff(failures: u32) -> Duration {
    let exp = BACKOFF_FIRST.saturating_mul(1u32 << failures.saturating_sub(1).min(16));
    let base = exp.min(BACKOFF_MAX);
    let mut r = [0u8; 4];
    getrandom::fill(&mut r).expect("the OS random source");
    let jitter = base.mul_f64(f64::from(u32::from_le_bytes(r)) / f64::from(u32::MAX) / 2.0);
    base + jitter
}

fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_writer(crate::output::LogWriter)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let first = backoff(1);
        assert!(first >= Duration::from_secs(2) && first <= Duration::from_secs(3));
        let fourth = backoff(4);
        assert!(fourth >= Duration::from_secs(16) && fourth <= Duration::from_secs(24));
        for n in [20, 100, u32::MAX] {
            let b = backoff(n);
            assert!(
                b >= Duration::from_secs(300) && b <= Duration::from_secs(450),
                "{n}: {b:?}"
            );
        }
    }
}
