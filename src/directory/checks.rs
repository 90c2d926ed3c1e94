//! The directory's own checks of what registered instances publish (off unless
//! `directory.checks.interval_secs` is set). Anyone with an enrollment token can register a URL, so
//! every fetch goes through the SSRF guard: each resolved address of each redirect hop must be
//! public unless the operator allow-listed its range. The findings are written in English from the
//! catalogue (as an agent's are) and shown in the reader's language by `i18n::health_finding`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::config::DirectoryChecks;
use crate::health::http::Fetcher;
use crate::health::ssrf::{Guard, guarded_get};
use crate::health::tls::TlsSetup;
use crate::i18n::{Lang, Msg, t, tf};

use super::AppState;
use crate::api::{DirectoryCheck, ServiceEntry, Status};

/// The last result per instance id.
pub type Results = RwLock<HashMap<String, DirectoryCheck>>;

pub struct Checker {
    fetcher: Fetcher,
    interval: Duration,
    timeout: Duration,
}

impl Checker {
    /// `None` when the checks are off; an error names the bad allow-list entry.
    pub fn from_settings(settings: &DirectoryChecks) -> anyhow::Result<Option<Checker>> {
        if settings.interval_secs == 0 {
            return Ok(None);
        }
        let guard = Guard::new(&settings.allow)
            .map_err(|e| anyhow::anyhow!("directory.checks.allow: {e}"))?;
        Ok(Some(Checker {
            fetcher: Fetcher {
                tls: TlsSetup::new(None)?,
                guard: Some(guard),
            },
            interval: Duration::from_secs(settings.interval_secs),
            timeout: Duration::from_secs(settings.timeout_secs.max(1)),
        }))
    }

    /// Checks every instance, then sleeps for the interval; runs as long as the server does.
    pub async fn run(self, state: Arc<AppState>) {
        loop {
            if let Err(e) = self.round(&state).await {
                tracing::warn!(error = %e, "directory checks could not list the instances");
            }
            tokio::time::sleep(self.interval).await;
        }
    }

    async fn round(&self, state: &AppState) -> anyhow::Result<()> {
        for instance in state.db.instances().await? {
            let services: Vec<ServiceEntry> =
                serde_json::from_str(&instance.services).unwrap_or_default();
            let problems = self.problems(&services).await;
            let check = DirectoryCheck {
                status: if problems.is_empty() {
                    Status::Ok
                } else {
                    Status::Critical
                },
                detail: if problems.is_empty() {
                    t(Msg::DirCheckAllAnswer, Lang::En).to_string()
                } else {
                    problems.join("; ")
                },
                checked_at: jiff::Timestamp::now().to_string(),
            };
            state
                .checked
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(instance.id, check);
        }
        Ok(())
    }

    /// What is wrong with the instance's http(s) URLs; other kinds (turn:, stun:) are the agent's.
    async fn problems(&self, services: &[ServiceEntry]) -> Vec<String> {
        let mut problems = Vec::new();
        for service in services {
            let Ok(url) = url::Url::parse(&service.url) else {
                problems.push(tf(
                    Msg::DirCheckNotUrl,
                    Lang::En,
                    &[("kind", &service.kind)],
                ));
                continue;
            };
            if !matches!(url.scheme(), "http" | "https") {
                continue;
            }
            let answer = tokio::time::timeout(self.timeout, guarded_get(&self.fetcher, &url)).await;
            match answer {
                Err(_) => problems.push(format!(
                    "{}: {}",
                    service.kind,
                    tf(
                        Msg::HealthTimeout,
                        Lang::En,
                        &[("seconds", &self.timeout.as_secs())]
                    )
                )),
                Ok(Err(e)) => problems.push(format!("{}: {e:#}", service.kind)),
                Ok(Ok((_, response))) if response.status >= 400 => {
                    problems.push(format!("{}: HTTP {}", service.kind, response.status))
                }
                Ok(Ok(_)) => {}
            }
        }
        problems
    }
}
