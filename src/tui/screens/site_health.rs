//! The health of a site's services, checked from this machine (`vereint tui --site FILE`): every
//! host of the site file with the checks `vereint health --site` runs, shown in the dashboard the
//! directory's instances use (sort, filter, detail with a latency sparkline), in the words of hosts
//! and checks. The checks run in the
//! background every 30 seconds while the screen is open and on `r`; each sweep adds to the latency
//! history kept for this session.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::dashboard::Dashboard;
use super::{Component, pane};
use crate::api::{HistoryCheck, HistoryReport, PublicInstance, ReportHistory, ServiceEntry};
use crate::health::run::run_all;
use crate::health::{CheckResult, Status};
use crate::i18n::Msg;
use crate::tui::action::{Action, Job};
use crate::tui::ctx::{Ctx, SiteAccess};
use crate::tui::keymap::Mode;
use crate::tui::results::{InstanceHealth, Sweep};

/// Seconds between two sweeps while the screen is open.
const SWEEP_SECS: i64 = 30;
/// Sweeps kept per host for the sparkline.
const KEEP: usize = 60;

#[derive(Debug)]
pub struct SiteHealth {
    dashboard: Dashboard,
    /// Per host, newest first.
    history: BTreeMap<String, Vec<HistoryReport>>,
    running: bool,
    last: Option<Timestamp>,
}

impl Default for SiteHealth {
    fn default() -> Self {
        SiteHealth {
            dashboard: Dashboard::for_site(),
            history: BTreeMap::new(),
            running: false,
            last: None,
        }
    }
}

impl SiteHealth {
    fn sweep(&mut self, ctx: &mut Ctx) {
        let Some(site) = ctx.site.clone() else {
            return;
        };
        if self.running {
            return;
        }
        self.running = true;
        self.last = Some(ctx.now);
        ctx.spawn(Job::new("site health", run_sweep(site)));
    }

    /// Called on every clock tick while the screen is open.
    pub fn tick(&mut self, ctx: &mut Ctx) -> Option<Action> {
        let due = self
            .last
            .is_none_or(|last| ctx.now.as_second() - last.as_second() >= SWEEP_SECS);
        if due {
            self.sweep(ctx);
        }
        None
    }

    fn record(&mut self, sweep: Sweep, at: Timestamp, ctx: &Ctx) {
        self.running = false;
        let Some(site) = &ctx.site else { return };
        let mut rows = Vec::new();
        for (host, results) in sweep {
            let report = HistoryReport {
                received_at: at.to_string(),
                observed_at: None,
                status: Some(Status::worst(&results)),
                checks: results.iter().map(history_check).collect(),
            };
            let kept = self.history.entry(host.clone()).or_default();
            kept.insert(0, report);
            kept.truncate(KEEP);
            let Some(checks) = site.checks.hosts.iter().find(|h| h.host == host) else {
                continue;
            };
            // a host, in the dashboard's row: its name where an instance has its organisation,
            // its services by kind and address only (the site file's planned software and
            // versions are not what runs; versions come from the checks), and nothing of
            // registration or uptime, which only a directory knows
            let instance = PublicInstance {
                id: checks.address.clone(),
                organisation: host.clone(),
                services: checks
                    .services
                    .iter()
                    .map(|s| ServiceEntry {
                        kind: s.kind.clone(),
                        url: s.url.clone(),
                        software: String::new(),
                        version: String::new(),
                    })
                    .collect(),
                status: kept[0].status.unwrap_or(Status::Unknown).into(),
                registered_at: String::new(),
                last_report_at: Some(at.to_string()),
                uptime_24h: None,
                uptime_30d: None,
                stale: false,
                report_interval_secs: Some(SWEEP_SECS),
                directory_check: None,
            };
            rows.push(InstanceHealth {
                instance,
                history: Some(ReportHistory {
                    instance_id: host,
                    reports: kept.clone(),
                }),
            });
        }
        self.dashboard.set_rows(rows);
    }
}

fn history_check(r: &CheckResult) -> HistoryCheck {
    HistoryCheck {
        check: r.check.clone(),
        status: Some(r.status),
        latency_ms: r.latency_ms,
        detail: format!("{}: {}", r.target, r.detail),
        cert_days: r.facts.cert_days,
        version: r.facts.version.clone(),
    }
}

async fn run_sweep(site: Arc<SiteAccess>) -> Action {
    let hosts = site.checks.hosts.iter().map(|h| {
        let opts = site.opts.clone();
        async move { (h.host.clone(), run_all(&h.targets, &opts).await) }
    });
    let sweep = futures_util::future::join_all(hosts).await;
    Action::SiteChecked(sweep, Timestamp::now())
}

impl Component for SiteHealth {
    fn mode(&self) -> Mode {
        if self.dashboard.typing {
            Mode::AdminInput
        } else {
            Mode::Dashboard
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        let action = ctx.keymap.action(self.mode(), key);
        // Esc closes the detail view first, then leaves the screen
        if action == Some(Action::Back) && self.dashboard.has_inner() {
            return Some(Action::CancelInput);
        }
        action
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        match action {
            Action::SiteChecked(sweep, at) => self.record(sweep, at, ctx),
            Action::Refresh => self.sweep(ctx),
            other => {
                self.dashboard.update(&other);
            }
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if ctx.site.is_none() {
            frame.render_widget(
                Paragraph::new(vec![Line::styled(
                    ctx.t(Msg::SiteHealthNone),
                    ctx.theme.notice,
                )])
                .wrap(Wrap { trim: false })
                .block(pane(ctx.t(Msg::SiteHealthTitle), true, ctx)),
                area,
            );
            return;
        }
        if self.dashboard.rows.is_empty() {
            frame.render_widget(
                Paragraph::new(vec![Line::styled(
                    ctx.t(Msg::SiteHealthRunning),
                    ctx.theme.dim,
                )])
                .block(pane(ctx.t(Msg::SiteHealthTitle), true, ctx)),
                area,
            );
            return;
        }
        self.dashboard.draw(frame, area, ctx);
    }
}
