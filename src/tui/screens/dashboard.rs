//! The health dashboard, the admin screen's third section: every instance from the directory's
//! public list (status, latency, certificate days, versions, last report), combined with each one's
//! recent report history. Sort (`o`), only problems (`p`), text filter (`/`), and a detail view
//! (Enter) with the latency history as a sparkline. The data comes from the admin screen's
//! background refresh; nothing here touches the network.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline, Wrap};

use super::{Picker, Scroll, pane};
use crate::api::{HistoryReport, InstanceStatus, Status};
use crate::i18n::{Lang, Msg, check_name, health_finding, t, tf};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::results::InstanceHealth;
use crate::tui::text::{clean, fit};

/// Certificates expiring within this many days count as a problem.
pub const CERT_WARN_DAYS: i64 = 14;

impl InstanceHealth {
    fn latest(&self) -> Option<&HistoryReport> {
        self.history.as_ref()?.reports.first()
    }

    /// The slowest check of the last report, in ms.
    pub fn latency_ms(&self) -> Option<f64> {
        slowest(self.latest()?)
    }

    /// The fewest days any certificate of the last report has left.
    pub fn cert_days(&self) -> Option<i64> {
        self.latest()?
            .checks
            .iter()
            .filter_map(|c| c.cert_days)
            .min()
    }

    /// Slowest check per report, oldest first (for the sparkline).
    pub fn latency_history(&self) -> Vec<u64> {
        let Some(h) = &self.history else {
            return Vec::new();
        };
        h.reports
            .iter()
            .rev()
            .filter_map(slowest)
            .map(|ms| ms.round() as u64)
            .collect()
    }

    /// Software and versions: what was registered, plus what the checks learned.
    pub fn versions(&self) -> String {
        let mut out: Vec<String> = self
            .instance
            .services
            .iter()
            .filter(|s| !s.version.is_empty())
            .map(|s| format!("{} {}", s.software, s.version))
            .collect();
        if let Some(r) = self.latest() {
            for v in r.checks.iter().filter_map(|c| c.version.as_deref()) {
                if !out.iter().any(|o| o.contains(v)) {
                    out.push(v.to_string());
                }
            }
        }
        clean(&out.join(", "))
    }

    pub fn is_problem(&self) -> bool {
        self.instance.status != InstanceStatus::Ok
            || self.cert_days().is_some_and(|d| d < CERT_WARN_DAYS)
    }

    fn matches(&self, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        let i = &self.instance;
        let hay = format!(
            "{} {} {} {}",
            i.organisation,
            i.id,
            i.status,
            i.services
                .iter()
                .map(|s| format!("{} {} {} {}", s.kind, s.url, s.software, s.version))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .to_lowercase();
        hay.contains(&needle.to_lowercase())
    }
}

fn slowest(r: &HistoryReport) -> Option<f64> {
    r.checks
        .iter()
        .filter_map(|c| c.latency_ms)
        .max_by(|a, b| a.total_cmp(b))
}

/// Worst first.
fn severity(status: InstanceStatus) -> u8 {
    match status {
        InstanceStatus::Critical => 0,
        InstanceStatus::Stale => 1,
        InstanceStatus::Warning => 2,
        InstanceStatus::Unknown => 3,
        InstanceStatus::New => 4,
        InstanceStatus::Ok => 5,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Status,
    Name,
    Latency,
    LastReport,
}

impl SortBy {
    fn next(self) -> SortBy {
        match self {
            SortBy::Status => SortBy::Name,
            SortBy::Name => SortBy::Latency,
            SortBy::Latency => SortBy::LastReport,
            SortBy::LastReport => SortBy::Status,
        }
    }

    fn label(self, site: bool, lang: Lang) -> &'static str {
        t(
            match self {
                SortBy::Status => Msg::AdminSortStatus,
                SortBy::Name => Msg::AdminSortName,
                SortBy::Latency => Msg::AdminSortLatency,
                SortBy::LastReport if site => Msg::SiteSortLastCheck,
                SortBy::LastReport => Msg::AdminSortLastReport,
            },
            lang,
        )
    }
}

#[derive(Debug, Default)]
pub struct Dashboard {
    pub rows: Vec<InstanceHealth>,
    /// Positions in `rows`, filtered and sorted.
    pub visible: Vec<usize>,
    list: Picker,
    pub sort: SortBy,
    pub only_problems: bool,
    pub filter: String,
    /// The text filter has focus (letters go into it).
    pub typing: bool,
    /// The detail view of the selected instance is open.
    pub detail: bool,
    scroll: Scroll,
    /// The rows are a site's hosts, checked from here (`vereint tui --site`), not instances
    /// registered with a directory: no registration, uptime or report interval to speak of.
    site: bool,
}

impl Dashboard {
    /// The dashboard of a site's hosts.
    pub fn for_site() -> Dashboard {
        Dashboard {
            site: true,
            ..Dashboard::default()
        }
    }

    /// A message, in the words of a site's dashboard when it is one.
    fn word(&self, directory: Msg, site: Msg) -> Msg {
        if self.site { site } else { directory }
    }

    pub fn set_rows(&mut self, rows: Vec<InstanceHealth>) {
        let selected = self.selected().map(|r| r.instance.id.clone());
        self.rows = rows;
        self.arrange();
        if let Some(id) = selected
            && let Some(pos) = self
                .visible
                .iter()
                .position(|&i| self.rows[i].instance.id == id)
        {
            self.list.select(pos);
        }
    }

    /// Applies filter and sort to `rows`.
    fn arrange(&mut self) {
        let mut visible: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                (!self.only_problems || r.is_problem()) && r.matches(&self.filter)
            })
            .collect();
        let rows = &self.rows;
        let name = |i: usize| rows[i].instance.organisation.to_lowercase();
        match self.sort {
            SortBy::Status => {
                visible.sort_by_key(|&i| (severity(rows[i].instance.status), name(i)))
            }
            SortBy::Name => visible.sort_by_key(|&i| name(i)),
            // slowest first, those without a figure last
            SortBy::Latency => visible.sort_by(|&a, &b| {
                let (la, lb) = (rows[a].latency_ms(), rows[b].latency_ms());
                lb.unwrap_or(-1.0)
                    .total_cmp(&la.unwrap_or(-1.0))
                    .then_with(|| name(a).cmp(&name(b)))
            }),
            // longest silent first: RFC 3339 in UTC sorts as text; never reported comes first
            SortBy::LastReport => visible.sort_by_key(|&i| {
                (
                    rows[i].instance.last_report_at.clone().unwrap_or_default(),
                    name(i),
                )
            }),
        }
        self.visible = visible;
        self.list.set_len(self.visible.len());
    }

    pub fn selected(&self) -> Option<&InstanceHealth> {
        self.visible
            .get(self.list.selected())
            .and_then(|&i| self.rows.get(i))
    }

    /// Something is open that Esc closes before it leaves the screen.
    pub fn has_inner(&self) -> bool {
        self.detail || self.typing
    }

    /// Applies an action; true if it was the dashboard's.
    pub fn update(&mut self, action: &Action) -> bool {
        match action {
            Action::Sort => {
                self.sort = self.sort.next();
                self.arrange();
            }
            Action::OnlyProblems => {
                self.only_problems = !self.only_problems;
                self.arrange();
            }
            Action::FilterText => {
                self.detail = false;
                self.typing = true;
            }
            Action::Input(c) if self.typing => {
                self.filter.push(*c);
                self.arrange();
            }
            Action::DeleteBack if self.typing => {
                self.filter.pop();
                self.arrange();
            }
            Action::ClearInput if self.typing => {
                self.filter.clear();
                self.arrange();
            }
            Action::SubmitInput if self.typing => self.typing = false,
            Action::CancelInput => {
                if self.typing {
                    self.typing = false;
                } else {
                    self.detail = false;
                }
            }
            Action::Open => {
                if self.selected().is_some() {
                    self.detail = true;
                    self.scroll = Scroll::default();
                }
            }
            Action::Click { column, row } if !self.detail => {
                if let Some(i) = self.list.hit(*column, *row) {
                    self.list.select(i);
                }
            }
            other => {
                if self.detail {
                    return self.scroll.apply(other);
                }
                return self.list.apply(other);
            }
        }
        true
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if self.detail
            && let Some(row) = self.selected().cloned()
        {
            self.draw_detail(frame, area, &row, ctx);
            return;
        }
        self.detail = false;
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let [bar, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let filter = if self.typing || !self.filter.is_empty() {
            let cursor = if self.typing { "▏" } else { "" };
            tf(
                Msg::AdminFilter,
                lang,
                &[("text", &format!("{}{cursor}", clean(&self.filter)))],
            )
        } else {
            t(Msg::AdminFilterHint, lang).to_string()
        };
        let shown = if self.only_problems {
            t(Msg::AdminOnlyProblems, lang)
        } else {
            t(Msg::AdminAllShown, lang)
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(
                    format!(" {filter}"),
                    if self.typing { theme.notice } else { theme.key },
                ),
                Span::styled(
                    format!(
                        "  ·  {}  ·  {shown}",
                        tf(
                            Msg::AdminSort,
                            lang,
                            &[("sort", &self.sort.label(self.site, lang))]
                        )
                    ),
                    theme.dim,
                ),
            ]),
            bar,
        );
        let width = usize::from(table.width.saturating_sub(3));
        // status, latency, cert, last report are fixed; organisation and versions share the rest
        let fixed = 9 + 8 + 7 + 11;
        let rest = width.saturating_sub(fixed);
        let org_w = (rest * 3 / 5).max(8);
        let ver_w = rest.saturating_sub(org_w);
        let header = format!(
            "{}{}{}{}{}{}",
            fit(t(Msg::AdminColStatus, lang), 9),
            fit(
                t(self.word(Msg::AdminColName, Msg::SiteColHost), lang),
                org_w
            ),
            fit(t(Msg::AdminColLatency, lang), 8),
            fit(t(Msg::AdminColCert, lang), 7),
            fit(
                t(
                    self.word(Msg::AdminColLastReport, Msg::SiteColChecked),
                    lang
                ),
                11
            ),
            fit(
                t(self.word(Msg::AdminColVersions, Msg::SiteColVersions), lang),
                ver_w
            ),
        );
        let title = format!(
            "{} {}/{}",
            t(self.word(Msg::AdminSectionInstances, Msg::SiteHosts), lang),
            self.visible.len(),
            self.rows.len()
        );
        let block = pane(title, true, ctx);
        let inner = block.inner(table);
        frame.render_widget(block, table);
        if inner.height == 0 {
            return;
        }
        let [head, list_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        frame.render_widget(Line::styled(format!(" {header}"), theme.title), head);
        if self.visible.is_empty() {
            let msg = if self.rows.is_empty() {
                Msg::AdminNoInstances
            } else {
                Msg::AdminNoMatch
            };
            frame.render_widget(
                Paragraph::new(t(msg, lang))
                    .style(theme.dim)
                    .wrap(Wrap { trim: true }),
                list_area,
            );
            return;
        }
        let rows = &self.rows;
        let visible = &self.visible;
        let now = ctx.now;
        let no_block = ratatui::widgets::Block::default();
        self.list.draw(
            frame,
            no_block,
            list_area,
            visible.len(),
            |i| {
                let r = &rows[visible[i]];
                let status = r.instance.status;
                Line::from(vec![
                    Span::styled(
                        fit(&status_text(status, ctx.lang), 9),
                        status_style(status, ctx),
                    ),
                    Span::raw(fit(
                        &clean(&r.instance.organisation),
                        org_w.saturating_sub(1),
                    )),
                    Span::raw(" "),
                    Span::raw(fit(&latency_text(r.latency_ms()), 8)),
                    Span::styled(
                        fit(&cert_text(r.cert_days(), lang), 7),
                        cert_style(r.cert_days(), ctx),
                    ),
                    Span::styled(
                        fit(&ago(r.instance.last_report_at.as_deref(), now, lang), 11),
                        ctx.theme.dim,
                    ),
                    Span::raw(fit(&r.versions(), ver_w)),
                ])
            },
            true,
            ctx,
        );
    }

    fn draw_detail(&mut self, frame: &mut Frame, area: Rect, row: &InstanceHealth, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let i = &row.instance;
        let history = row.latency_history();
        let spark_h = if history.is_empty() { 0 } else { 5 };
        let [info_area, spark_area, checks_area] = Layout::vertical([
            Constraint::Length(8),
            Constraint::Length(spark_h),
            Constraint::Min(3),
        ])
        .areas(area);
        let title = format!("{} · {}", clean(&i.organisation), clean(&i.id));
        let block = pane(title, true, ctx);
        let inner = block.inner(info_area);
        frame.render_widget(block, info_area);
        let pct = |u: Option<f64>| u.map_or("–".to_string(), |u| format!("{:.1} %", u * 100.0));
        let mut status = vec![Span::styled(
            fit(&status_text(i.status, ctx.lang), 10),
            status_style(i.status, ctx),
        )];
        let ago = ago(i.last_report_at.as_deref(), ctx.now, lang);
        let last = if self.site {
            tf(
                Msg::SiteLastCheck,
                lang,
                &[("at", &ago), ("secs", &i.report_interval_secs.unwrap_or(0))],
            )
        } else {
            status.push(Span::raw(tf(
                Msg::AdminUptime,
                lang,
                &[("day", &pct(i.uptime_24h)), ("month", &pct(i.uptime_30d))],
            )));
            format!(
                "{}{}",
                tf(Msg::AdminLastReport, lang, &[("at", &ago)]),
                i.report_interval_secs
                    .map(|s| format!(" · {}", tf(Msg::AdminInterval, lang, &[("secs", &s)])))
                    .unwrap_or_default()
            )
        };
        let mut lines = vec![Line::from(status), Line::styled(last, theme.dim)];
        if !self.site {
            let registered = match i.registered_at.parse::<Timestamp>() {
                Ok(at) => format!("{} ({})", ctx.local_time(at), ctx.local_label()),
                Err(_) => clean(&i.registered_at),
            };
            lines.push(Line::styled(
                tf(Msg::AdminRegisteredAt, lang, &[("at", &registered)]),
                theme.dim,
            ));
        }
        if let Some(c) = &i.directory_check {
            lines.push(Line::raw(tf(
                Msg::AdminDirectoryCheck,
                lang,
                &[
                    ("status", &c.status.as_str()),
                    ("detail", &clean(&health_finding(&c.detail, lang))),
                ],
            )));
        }
        lines.push(Line::styled(t(Msg::AdminServices, lang), theme.key));
        for s in &i.services {
            let software = format!("{} {}", s.software, s.version);
            let parts: Vec<&str> = [s.kind.as_str(), software.trim(), s.url.as_str()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            lines.push(Line::raw(clean(&format!("  {}", parts.join(" · ")))));
        }
        self.scroll.draw(frame, inner, lines, theme.base);

        if !history.is_empty() {
            let (min, max) = (
                history.iter().min().copied().unwrap_or(0),
                history.iter().max().copied().unwrap_or(0),
            );
            let last = history.last().copied().unwrap_or(0);
            let title = tf(
                self.word(Msg::AdminLatencyHistory, Msg::SiteLatencyHistory),
                lang,
                &[
                    ("n", &history.len()),
                    ("min", &min),
                    ("max", &max),
                    ("last", &last),
                ],
            );
            let block = pane(title, false, ctx);
            // the newest reports when there are more than columns
            let cols = usize::from(block.inner(spark_area).width);
            let data: Vec<u64> = history[history.len().saturating_sub(cols)..].to_vec();
            frame.render_widget(
                Sparkline::default()
                    .block(block)
                    .data(data)
                    .style(theme.good),
                spark_area,
            );
        }

        let block = pane(
            t(self.word(Msg::AdminChecks, Msg::SiteChecks), lang),
            false,
            ctx,
        );
        let inner = block.inner(checks_area);
        frame.render_widget(block, checks_area);
        let mut lines = Vec::new();
        match row.history.as_ref().and_then(|h| h.reports.first()) {
            None => lines.push(Line::styled(t(Msg::AdminNoHistory, lang), theme.dim)),
            Some(r) => {
                let width = usize::from(inner.width);
                for c in &r.checks {
                    let status = InstanceStatus::from(c.status.unwrap_or(Status::Unknown));
                    lines.push(Line::from(vec![
                        Span::styled(
                            fit(&status_text(status, ctx.lang), 9),
                            status_style(status, ctx),
                        ),
                        Span::raw(fit(&clean(&check_name(&c.check, lang)), 12)),
                        Span::raw(fit(&latency_text(c.latency_ms), 8)),
                        Span::styled(
                            fit(&cert_text(c.cert_days, lang), 7),
                            cert_style(c.cert_days, ctx),
                        ),
                        Span::styled(
                            crate::tui::text::truncate(
                                &clean(&health_finding(&c.detail, ctx.lang)),
                                width.saturating_sub(36).max(8),
                            ),
                            theme.dim,
                        ),
                    ]));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn latency_text(ms: Option<f64>) -> String {
    ms.map_or("–".into(), |ms| format!("{ms:.0} ms"))
}

fn cert_text(days: Option<i64>, lang: Lang) -> String {
    days.map_or("–".into(), |d| tf(Msg::AdminDays, lang, &[("days", &d)]))
}

/// A status as the directory or a check says it, in the user's language.
fn status_text(status: InstanceStatus, lang: Lang) -> String {
    match (status.reported(), status) {
        (Some(s), _) => crate::health::output::status_label(s, lang).to_string(),
        (None, InstanceStatus::Stale) => t(Msg::DashStatusStale, lang).to_string(),
        (None, _) => t(Msg::DashStatusNew, lang).to_string(),
    }
}

fn status_style(status: InstanceStatus, ctx: &Ctx) -> Style {
    match status {
        InstanceStatus::Ok => ctx.theme.good,
        InstanceStatus::Warning | InstanceStatus::New | InstanceStatus::Unknown => {
            ctx.theme.caution
        }
        InstanceStatus::Critical | InstanceStatus::Stale => ctx.theme.concern,
    }
}

fn cert_style(days: Option<i64>, ctx: &Ctx) -> Style {
    match days {
        Some(d) if d < CERT_WARN_DAYS => ctx.theme.concern,
        _ => ctx.theme.base,
    }
}

/// "3 min ago" from an RFC 3339 time, relative to `now`; "never" without one.
pub fn ago(at: Option<&str>, now: Timestamp, lang: Lang) -> String {
    let Some(at) = at else {
        return t(Msg::AdminNever, lang).to_string();
    };
    let Ok(ts) = at.parse::<Timestamp>() else {
        return clean(at);
    };
    let secs = (now.as_second() - ts.as_second()).max(0);
    let span = match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => format!("{} h", secs / 3600),
        _ => tf(Msg::AdminDays, lang, &[("days", &(secs / 86_400))]),
    };
    tf(Msg::AdminAgo, lang, &[("ago", &span)])
}
