//! The admin screen (`A`), for the operator of a directory: pending bookings with approve (`a`) and
//! reject with a typed reason (`x`), registrations per event (Enter on an event), and the health
//! dashboard of the registered instances (`dashboard.rs`). Tab moves between the three sections.
//!
//! Every request runs as a background [`Job`] and comes back as [`Action::Admin`]; the sections
//! reload on `r` and every 30 seconds while the screen is open, without blocking keys. Without an
//! admin token in the configuration the screen says how to set one. The token itself is never
//! drawn, logged or put into a message.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dashboard::Dashboard;
use super::{Component, Picker, field_lines, pane};
use crate::api::{Booking, BookingStatus, EventInfo, Registration, RegistrationStatus};
use crate::i18n::{Msg, t, tf};
use crate::mine::text::{kind_label, other_booking_line};
use crate::tui::action::{Action, Job};
use crate::tui::ctx::{AdminAccess, Ctx};
use crate::tui::keymap::Mode;
use crate::tui::results::{AdminResult, Failure, InstanceHealth};
use crate::tui::text::{clean, fit};

/// Seconds between background refreshes while the screen is open.
pub const REFRESH_SECS: i64 = 30;
/// Reports fetched per instance for the latency history.
pub const HISTORY_LEN: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Bookings,
    Registrations,
    Instances,
}

impl Section {
    const ALL: [Section; 3] = [
        Section::Bookings,
        Section::Registrations,
        Section::Instances,
    ];

    fn title(self) -> Msg {
        match self {
            Section::Bookings => Msg::AdminSectionBookings,
            Section::Registrations => Msg::AdminSectionRegistrations,
            Section::Instances => Msg::AdminSectionInstances,
        }
    }

    fn step(self, forward: bool) -> Section {
        let i = Section::ALL.iter().position(|&s| s == self).unwrap_or(0);
        let n = Section::ALL.len();
        Section::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// The reason being typed for a rejection.
#[derive(Debug, Clone, PartialEq)]
struct Prompt {
    booking_id: String,
    name: String,
    text: String,
}

#[derive(Debug, Default)]
pub struct Admin {
    pub section: Section,
    pub bookings: Vec<Booking>,
    booking_list: Picker,
    pub events: Vec<EventInfo>,
    event_list: Picker,
    /// The event whose registrations are shown, and them.
    pub registrations: Option<(String, Vec<Registration>)>,
    reg_list: Picker,
    pub dashboard: Dashboard,
    prompt: Option<Prompt>,
    /// The directory's last "no", as its problem's detail.
    pub error: Option<String>,
    /// The last request could not reach the directory.
    pub offline: bool,
    /// Requests on their way.
    pub in_flight: usize,
    /// When the last refresh was started.
    last_refresh: Option<Timestamp>,
    /// No admin token is configured (seen at the last draw): only the global keys apply.
    unconfigured: bool,
    /// The directory's failed deliveries (None: not known, such as from an older directory).
    pub outbox: Option<crate::api::Outbox>,
}

impl Admin {
    /// The reject prompt is open.
    pub fn prompting(&self) -> bool {
        self.prompt.is_some()
    }

    /// Starts a refresh of every section (and of the registrations shown).
    fn refresh(&mut self, ctx: &mut Ctx) {
        let Some(access) = ctx.admin.clone() else {
            return;
        };
        self.last_refresh = Some(ctx.now);
        let a = access.clone();
        self.spawn(
            ctx,
            Job::new("admin bookings", async move {
                let result = match a.client() {
                    Ok(c) => c
                        .admin_bookings(Some(BookingStatus::Requested))
                        .await
                        .map_err(|e| Failure::of(&e)),
                    Err(f) => Err(f),
                };
                Action::Admin(AdminResult::Bookings(result))
            }),
        );
        let a = access.clone();
        self.spawn(
            ctx,
            Job::new("admin events", async move {
                let result = match a.client() {
                    Ok(c) => c.events().await.map_err(|e| Failure::of(&e)),
                    Err(f) => Err(f),
                };
                Action::Admin(AdminResult::Events(result))
            }),
        );
        if let Some((event_id, _)) = &self.registrations {
            let event_id = event_id.clone();
            self.load_registrations(ctx, event_id);
        }
        let a = access.clone();
        self.spawn(
            ctx,
            Job::new("admin outbox", async move {
                let result = match a.client() {
                    Ok(c) => c.admin_outbox(true).await.map_err(|e| Failure::of(&e)),
                    Err(f) => Err(f),
                };
                Action::Admin(AdminResult::Outbox(result))
            }),
        );
        self.spawn(ctx, Job::new("dashboard", fetch_instances(access)));
    }

    fn spawn(&mut self, ctx: &mut Ctx, job: Job) {
        self.in_flight += 1;
        ctx.spawn(job);
    }

    fn load_registrations(&mut self, ctx: &mut Ctx, event_id: String) {
        let Some(access) = ctx.admin.clone() else {
            return;
        };
        self.spawn(
            ctx,
            Job::new("admin registrations", async move {
                let result = match access.client() {
                    Ok(c) => c
                        .admin_registrations(&event_id)
                        .await
                        .map_err(|e| Failure::of(&e)),
                    Err(f) => Err(f),
                };
                Action::Admin(AdminResult::Registrations { event_id, result })
            }),
        );
    }

    fn decide(&mut self, ctx: &mut Ctx, id: String, reason: Option<String>) {
        let Some(access) = ctx.admin.clone() else {
            return;
        };
        self.spawn(
            ctx,
            Job::new("admin decision", async move {
                let approved = reason.is_none();
                let result = match (access.client(), &reason) {
                    (Ok(c), None) => c.approve(&id).await.map_err(|e| Failure::of(&e)),
                    (Ok(c), Some(r)) => c.reject(&id, r).await.map_err(|e| Failure::of(&e)),
                    (Err(f), _) => Err(f),
                }
                .map(Box::new);
                Action::Admin(AdminResult::Decided { approved, result })
            }),
        );
    }

    /// Called on every clock tick while the screen is open: refreshes every 30 seconds, and never
    /// while the previous refresh is still on its way.
    pub fn tick(&mut self, ctx: &mut Ctx) -> Option<Action> {
        let due = self
            .last_refresh
            .is_some_and(|last| ctx.now.as_second() - last.as_second() >= REFRESH_SECS);
        if due && self.in_flight == 0 && ctx.admin.is_some() {
            self.refresh(ctx);
        }
        None
    }

    fn selected_booking(&self) -> Option<&Booking> {
        self.bookings.get(self.booking_list.selected())
    }

    /// Keeps what is known; an unreachable directory shows the offline banner, a refusal its detail.
    fn failed(&mut self, f: Failure) {
        match f {
            Failure::Offline(_) => self.offline = true,
            Failure::Refused(detail) => self.error = Some(detail),
        }
    }

    fn apply(&mut self, result: AdminResult, ctx: &mut Ctx) -> Option<Action> {
        self.in_flight = self.in_flight.saturating_sub(1);
        match result {
            AdminResult::Bookings(Ok(list)) => {
                self.offline = false;
                self.bookings = list;
                self.booking_list.set_len(self.bookings.len());
            }
            AdminResult::Events(Ok(list)) => {
                self.offline = false;
                self.events = list;
                self.event_list.set_len(self.events.len());
            }
            AdminResult::Registrations {
                event_id,
                result: Ok(list),
            } => {
                self.offline = false;
                let mut list = list;
                list.sort_by(|a, b| {
                    (&a.date, reg_rank(a.status), &a.created_at).cmp(&(
                        &b.date,
                        reg_rank(b.status),
                        &b.created_at,
                    ))
                });
                self.reg_list.set_len(list.len());
                self.registrations = Some((event_id, list));
            }
            AdminResult::Instances(Ok(rows)) => {
                self.offline = false;
                self.dashboard.set_rows(rows);
            }
            AdminResult::Outbox(Ok(outbox)) => self.outbox = Some(outbox),
            // an older directory without an outbox: nothing to say about mail
            AdminResult::Outbox(Err(_)) => {}
            AdminResult::Decided {
                approved,
                result: Ok(b),
            } => {
                self.offline = false;
                self.error = None;
                let msg = if approved {
                    tf(
                        Msg::DirApproved,
                        ctx.lang,
                        &[("id", &clean(&b.id)), ("status", &b.status.as_str())],
                    )
                } else {
                    tf(Msg::DirRejected, ctx.lang, &[("id", &clean(&b.id))])
                };
                self.bookings.retain(|x| x.id != b.id);
                self.booking_list.set_len(self.bookings.len());
                ctx.status = Some(msg);
            }
            AdminResult::Bookings(Err(f))
            | AdminResult::Events(Err(f))
            | AdminResult::Registrations { result: Err(f), .. }
            | AdminResult::Instances(Err(f))
            | AdminResult::Decided { result: Err(f), .. } => self.failed(f),
        }
        None
    }

    fn list_action(&mut self, action: &Action) {
        match self.section {
            Section::Bookings => {
                self.booking_list.apply(action);
            }
            Section::Registrations => {
                if let Action::Click { column, row } = action {
                    if let Some(i) = self.event_list.hit(*column, *row) {
                        self.event_list.select(i);
                    } else if let Some(i) = self.reg_list.hit(*column, *row) {
                        self.reg_list.select(i);
                    }
                    return;
                }
                if matches!(action, Action::ScrollUp | Action::ScrollDown) {
                    self.reg_list.apply(action);
                } else {
                    self.event_list.apply(action);
                }
            }
            Section::Instances => {
                self.dashboard.update(action);
            }
        }
        if let Action::Click { column, row } = action
            && self.section == Section::Bookings
            && let Some(i) = self.booking_list.hit(*column, *row)
        {
            self.booking_list.select(i);
        }
    }
}

/// Confirmed before waitlisted before cancelled.
fn reg_rank(s: RegistrationStatus) -> u8 {
    match s {
        RegistrationStatus::Confirmed => 0,
        RegistrationStatus::Waitlisted => 1,
        _ => 2,
    }
}

/// The public instance list, each with its recent reports (fetched side by side).
async fn fetch_instances(access: AdminAccess) -> Action {
    let client = match access.client() {
        Ok(c) => c,
        Err(f) => return Action::Admin(AdminResult::Instances(Err(f))),
    };
    let list = match client.instances().await {
        Ok(list) => list,
        Err(e) => return Action::Admin(AdminResult::Instances(Err(Failure::of(&e)))),
    };
    let histories = futures_util::future::join_all(
        list.iter()
            .map(|i| client.instance_reports(&i.id, HISTORY_LEN)),
    )
    .await;
    let rows = list
        .into_iter()
        .zip(histories)
        .map(|(instance, history)| InstanceHealth {
            instance,
            history: history.ok(),
        })
        .collect();
    Action::Admin(AdminResult::Instances(Ok(rows)))
}

impl Component for Admin {
    fn mode(&self) -> Mode {
        if self.unconfigured {
            Mode::Move
        } else if self.prompt.is_some()
            || (self.section == Section::Instances && self.dashboard.typing)
        {
            Mode::AdminInput
        } else if self.section == Section::Instances {
            Mode::Dashboard
        } else {
            Mode::Admin
        }
    }

    fn handle_key(
        &mut self,
        key: &ratatui::crossterm::event::KeyEvent,
        ctx: &Ctx,
    ) -> Option<Action> {
        let action = ctx.keymap.action(self.mode(), key);
        // Esc closes the detail view first, then leaves the screen
        if action == Some(Action::Back)
            && self.section == Section::Instances
            && self.dashboard.has_inner()
        {
            return Some(Action::CancelInput);
        }
        action
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        if let Action::Admin(result) = action {
            return self.apply(result, ctx);
        }
        // without a token there is nothing to do (the screen says how to set one)
        ctx.admin.as_ref()?;
        if let Some(prompt) = &mut self.prompt {
            match action {
                Action::Input(c) => prompt.text.push(c),
                Action::DeleteBack => {
                    prompt.text.pop();
                }
                Action::ClearInput => prompt.text.clear(),
                Action::CancelInput => self.prompt = None,
                Action::SubmitInput => {
                    let reason = prompt.text.trim().to_string();
                    if reason.is_empty() {
                        ctx.status = Some(ctx.t(Msg::AdminReasonNeeded).to_string());
                    } else {
                        let id = prompt.booking_id.clone();
                        self.prompt = None;
                        self.decide(ctx, id, Some(reason));
                    }
                }
                _ => {}
            }
            return None;
        }
        match action {
            Action::Refresh => {
                self.error = None;
                self.refresh(ctx);
            }
            Action::NextPane | Action::PrevPane
                if !(self.section == Section::Instances && self.dashboard.typing) =>
            {
                self.section = self.section.step(action == Action::NextPane);
                self.dashboard.detail = false;
            }
            Action::Approve if self.section == Section::Bookings => {
                if let Some(b) = self.selected_booking() {
                    let id = b.id.clone();
                    self.error = None;
                    self.decide(ctx, id, None);
                }
            }
            Action::Reject if self.section == Section::Bookings => {
                if let Some(b) = self.selected_booking() {
                    let prompt = Prompt {
                        booking_id: b.id.clone(),
                        name: b.name.clone(),
                        text: String::new(),
                    };
                    self.error = None;
                    self.prompt = Some(prompt);
                }
            }
            Action::Open if self.section == Section::Registrations => {
                if let Some(e) = self.events.get(self.event_list.selected()) {
                    let id = e.id.clone();
                    self.reg_list = Picker::default();
                    self.load_registrations(ctx, id);
                }
            }
            other => self.list_action(&other),
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        self.unconfigured = ctx.admin.is_none();
        let Some(access) = &ctx.admin else {
            let block = pane(t(Msg::AdminTitle, lang), true, ctx);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let text = vec![
                Line::styled(t(Msg::AdminNoToken, lang), theme.notice),
                Line::raw(""),
                Line::styled(
                    tf(
                        Msg::AdminDirectory,
                        lang,
                        &[("url", &clean(&ctx.directory_url))],
                    ),
                    theme.dim,
                ),
            ];
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
            return;
        };
        let mut banners = Vec::new();
        if self.offline {
            banners.push(t(Msg::AdminOffline, lang).to_string());
        }
        if let Some(e) = &self.error {
            banners.push(tf(Msg::AdminRefused, lang, &[("detail", &clean(e))]));
        }
        match &self.outbox {
            Some(o) if !o.mail_enabled => banners.push(t(Msg::OutboxNobodyTold, lang).to_string()),
            Some(o) => {
                if let Some(last) = o.messages.last() {
                    banners.push(tf(
                        Msg::OutboxFailedBanner,
                        lang,
                        &[
                            ("count", &o.messages.len()),
                            ("to", &clean(&last.recipient)),
                            ("error", &clean(last.last_error.as_deref().unwrap_or(""))),
                        ],
                    ));
                }
            }
            None => {}
        }
        let banner_lines: Vec<Line<'static>> = banners
            .iter()
            .flat_map(|b| crate::tui::text::wrap(b, usize::from(area.width)))
            .take(4)
            .map(|l| Line::styled(l, theme.concern))
            .collect();
        let [tabs, banner_area, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(banner_lines.len() as u16),
            Constraint::Min(4),
        ])
        .areas(area);
        // the section tabs, the directory and whether something is loading
        let mut spans = vec![Span::raw(" ")];
        for s in Section::ALL {
            let style = if s == self.section {
                theme.tab_active
            } else {
                theme.tab
            };
            spans.push(Span::styled(format!(" {} ", t(s.title(), lang)), style));
            spans.push(Span::raw(" "));
        }
        let mut right = String::new();
        if self.in_flight > 0 {
            right = t(Msg::AdminLoading, lang).to_string();
        } else if let Some(at) = self.last_refresh {
            // local time, named, like every time on this screen (registrations have dates only)
            let local = at.to_zoned(ctx.local.clone());
            right = format!(
                "{} {}",
                tf(
                    Msg::AdminRefreshed,
                    lang,
                    &[("at", &local.strftime("%H:%M:%S"))],
                ),
                ctx.local_zone()
            );
        }
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = usize::from(tabs.width).saturating_sub(used + 1);
        let url = clean(&access.url);
        if right.chars().count() + url.chars().count() + 3 <= room {
            right = format!("{right} · {url}");
        }
        spans.push(Span::styled(
            format!(
                "{:>room$}",
                crate::tui::text::truncate(&right, room),
                room = room
            ),
            theme.dim,
        ));
        frame.render_widget(Line::from(spans), tabs);
        frame.render_widget(Paragraph::new(banner_lines), banner_area);
        match self.section {
            Section::Bookings => self.draw_bookings(frame, body, ctx),
            Section::Registrations => self.draw_registrations(frame, body, ctx),
            Section::Instances => self.dashboard.draw(frame, body, ctx),
        }
    }
}

impl Admin {
    fn draw_bookings(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let prompt_h = if self.prompt.is_some() { 5 } else { 0 };
        let list_h = (self.bookings.len() as u16 + 2).clamp(3, (area.height / 2).max(3));
        let [list_area, detail_area, prompt_area] = Layout::vertical([
            Constraint::Length(list_h),
            Constraint::Min(3),
            Constraint::Length(prompt_h),
        ])
        .areas(area);
        let title = format!(
            "{} ({})",
            t(Msg::AdminSectionBookings, lang),
            self.bookings.len()
        );
        let bookings = &self.bookings;
        let width = usize::from(list_area.width.saturating_sub(4));
        let name_w = width.saturating_sub(18 + 17).max(10);
        let day = |at: &str| match at.parse::<Timestamp>() {
            Ok(ts) => ctx.local_time(ts),
            Err(_) => clean(at),
        };
        self.booking_list.draw(
            frame,
            pane(title, self.prompt.is_none(), ctx),
            list_area,
            bookings.len(),
            |i| {
                let b = &bookings[i];
                // `!`: the organisation has another open booking of this kind (see the details)
                let (mark, mark_style) = if b.same_organisation.is_empty() {
                    (" ", theme.base)
                } else {
                    ("!", theme.caution)
                };
                Line::from(vec![
                    Span::styled(fit(kind_label(b.kind, lang), 17), theme.key),
                    Span::styled(mark, mark_style),
                    Span::raw(fit(&clean(&b.name), (name_w / 2).saturating_sub(1))),
                    Span::raw(" "),
                    Span::styled(fit(&clean(&b.organisation), name_w - name_w / 2), theme.dim),
                    Span::styled(format!(" {}", fit(&day(&b.created_at), 16)), theme.dim),
                ])
            },
            self.prompt.is_none(),
            ctx,
        );
        let block = pane(ctx.t(Msg::BookDetails), false, ctx);
        let inner = block.inner(detail_area);
        frame.render_widget(block, detail_area);
        match self.selected_booking() {
            None => frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(t(Msg::AdminNoPending, lang), theme.dim),
                    Line::styled(t(Msg::AdminBookingHint, lang), theme.dim),
                ])
                .wrap(Wrap { trim: true }),
                inner,
            ),
            Some(b) => {
                let w = usize::from(inner.width);
                let mut lines = Vec::new();
                let participants = b.expected_participants.to_string();
                for (label, value) in [
                    (Msg::FieldId, b.id.as_str()),
                    (Msg::DirFieldKind, kind_label(b.kind, lang)),
                    (Msg::MineFieldName, b.name.as_str()),
                    (Msg::MineFieldOrganisation, b.organisation.as_str()),
                    (Msg::MineFieldContactName, b.contact_name.as_str()),
                    (Msg::MineFieldEmail, b.email.as_str()),
                    (Msg::MineFieldParticipants, participants.as_str()),
                    (Msg::MineFieldPurpose, b.purpose.as_str()),
                ] {
                    lines.extend(field_lines(
                        t(label, lang),
                        &clean(value),
                        22,
                        w,
                        theme.key,
                        theme.base,
                    ));
                }
                if !b.same_organisation.is_empty() {
                    lines.push(Line::styled(
                        tf(
                            Msg::AdminSameOrganisation,
                            lang,
                            &[("kind", &kind_label(b.kind, lang))],
                        ),
                        theme.caution,
                    ));
                    for o in &b.same_organisation {
                        lines.push(Line::styled(
                            format!("  {}", clean(&other_booking_line(o, lang))),
                            theme.caution,
                        ));
                    }
                }
                lines.push(Line::styled(t(Msg::AdminBookingHint, lang), theme.dim));
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
            }
        }
        if let Some(p) = &self.prompt {
            let block = pane(ctx.t(Msg::MineReason), true, ctx);
            let inner = block.inner(prompt_area);
            frame.render_widget(block, prompt_area);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(
                        tf(Msg::AdminRejectPrompt, lang, &[("name", &clean(&p.name))]),
                        theme.key,
                    ),
                    Line::from(vec![
                        Span::raw(clean(&p.text)),
                        Span::styled("▏", theme.notice),
                    ]),
                    Line::styled(t(Msg::AdminRejectHint, lang), theme.dim),
                ])
                .wrap(Wrap { trim: false }),
                inner,
            );
        }
    }

    fn draw_registrations(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let left_w = (area.width / 3).clamp(24, 40);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
        let events = &self.events;
        let shown = self.registrations.as_ref().map(|(id, _)| id.clone());
        let ev_w = usize::from(left_w.saturating_sub(4));
        self.event_list.draw(
            frame,
            pane(t(Msg::AdminEvents, lang), true, ctx),
            left,
            events.len(),
            |i| {
                let e = &events[i];
                let mark = if shown.as_deref() == Some(e.id.as_str()) {
                    "• "
                } else {
                    "  "
                };
                Line::raw(fit(&format!("{mark}{}", clean(e.title.get(lang))), ev_w))
            },
            true,
            ctx,
        );
        let Some((event_id, list)) = &self.registrations else {
            let block = pane(t(Msg::AdminSectionRegistrations, lang), false, ctx);
            let inner = block.inner(right);
            frame.render_widget(block, right);
            frame.render_widget(
                Paragraph::new(t(Msg::AdminPickEvent, lang))
                    .style(theme.dim)
                    .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        };
        let title = self
            .events
            .iter()
            .find(|e| &e.id == event_id)
            .map_or(event_id.clone(), |e| e.title.get(lang).to_string());
        let confirmed = list
            .iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed)
            .count();
        let waitlisted = list
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
            .count();
        let title = format!(
            "{} · {}",
            clean(&title),
            tf(
                Msg::AdminRegCounts,
                lang,
                &[("confirmed", &confirmed), ("waitlisted", &waitlisted)]
            )
        );
        let list = list.clone();
        if list.is_empty() {
            let block = pane(title, false, ctx);
            let inner = block.inner(right);
            frame.render_widget(block, right);
            frame.render_widget(
                Paragraph::new(t(Msg::AdminNoRegistrations, lang)).style(theme.dim),
                inner,
            );
            return;
        }
        let w = usize::from(right.width.saturating_sub(4));
        let status_w = [Msg::MineRegConfirmed, Msg::MineRegWaitlisted]
            .iter()
            .map(|m| unicode_width::UnicodeWidthStr::width(t(*m, lang)))
            .max()
            .unwrap_or(10)
            + 1;
        let rest = w.saturating_sub(11 + status_w);
        let (name_w, mail_w) = (rest / 3, rest / 3);
        let org_w = rest.saturating_sub(name_w + mail_w);
        self.reg_list.draw(
            frame,
            pane(title, false, ctx),
            right,
            list.len(),
            |i| {
                let r = &list[i];
                let (status, style) = match r.status {
                    RegistrationStatus::Confirmed => (Msg::MineRegConfirmed, theme.good),
                    RegistrationStatus::Waitlisted => (Msg::MineRegWaitlisted, theme.caution),
                    _ => (Msg::MineRegCancelled, theme.dim),
                };
                Line::from(vec![
                    Span::raw(fit(&clean(&r.date), 11)),
                    Span::styled(fit(t(status, lang), status_w), style),
                    Span::raw(fit(&clean(&r.name), name_w.saturating_sub(1))),
                    Span::raw(" "),
                    Span::styled(fit(&clean(&r.email), mail_w.saturating_sub(1)), theme.dim),
                    Span::raw(" "),
                    Span::raw(fit(&clean(&r.organisation), org_w)),
                ])
            },
            false,
            ctx,
        );
    }
}
