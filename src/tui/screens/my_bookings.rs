//! "My bookings": what is in the local store, in two sections (bookings, registrations; `Tab`
//! switches), the status fetched in the background (`r`), cancel (`x`, pressed twice), and for an
//! active booking its links with a QR code and copy to the clipboard (`y`, OSC 52). Room owners open
//! the room settings (`e`) and make new access codes (`R`); team owners make a new invite link (`I`).
//! Whatever takes the old link or code away asks first: the same key again confirms.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Component, Picker, pane};
use crate::api::{Booking, BookingKind, BookingStatus, Registration};
use crate::client::Client;
use crate::events::Occurrence;
use crate::i18n::{Lang, Msg, t, tf};
use crate::mine::live::{fetch_booking, fetch_registration};
use crate::mine::store::{Mine, MyBooking, MyRegistration, Submission};
use crate::mine::text::{kind_label, link_rows, registration_status};
use crate::tui::action::{Action, Job};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, fit, when};

/// Columns between the details and the QR code.
const QR_GAP: u16 = 2;

/// One line of the list: a stored booking with what the directory last said, or a pending one.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    stored: Option<MyBooking>,
    pending_name: Option<String>,
    live: Option<Booking>,
}

/// One stored registration with what the directory last said.
#[derive(Debug, Clone, PartialEq)]
struct RegItem {
    stored: MyRegistration,
    live: Option<Registration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    Bookings,
    Registrations,
}

/// An action that takes something away, waiting for its key to be pressed a second time.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Confirm {
    CancelBooking(String),
    CancelRegistration(String),
    RotateCodes(String),
    RenewInvite(String),
}

#[derive(Debug, Default)]
pub struct MyBookings {
    section: Section,
    list: Picker,
    items: Vec<Item>,
    reg_list: Picker,
    registrations: Vec<RegItem>,
    confirm: Option<Confirm>,
    /// The last refresh could not reach the directory.
    offline: bool,
    loading: bool,
}

/// A booking status in the user's language.
pub fn status_label(status: BookingStatus, lang: Lang) -> &'static str {
    t(
        match status {
            BookingStatus::Requested => Msg::OwnerStatusRequested,
            BookingStatus::Approved => Msg::OwnerStatusApproved,
            BookingStatus::Active => Msg::OwnerStatusActive,
            BookingStatus::Rejected => Msg::OwnerStatusRejected,
            BookingStatus::Cancelled => Msg::OwnerStatusCancelled,
        },
        lang,
    )
}

impl MyBookings {
    fn load(&mut self, mine: Mine) {
        let live: Vec<Option<Booking>> = self.items.iter().map(|i| i.live.clone()).collect();
        let old_ids: Vec<Option<String>> = self
            .items
            .iter()
            .map(|i| i.stored.as_ref().map(|b| b.id.clone()))
            .collect();
        self.items = mine
            .bookings
            .into_iter()
            .map(|b| {
                let previous = old_ids
                    .iter()
                    .position(|id| id.as_deref() == Some(&b.id))
                    .and_then(|i| live[i].clone());
                Item {
                    stored: Some(b),
                    pending_name: None,
                    live: previous,
                }
            })
            .collect();
        let live_regs: Vec<(String, Option<Registration>)> = self
            .registrations
            .iter()
            .map(|r| (r.stored.id.clone(), r.live.clone()))
            .collect();
        self.registrations = mine
            .registrations
            .into_iter()
            .map(|stored| {
                let live = live_regs
                    .iter()
                    .find(|(id, _)| *id == stored.id)
                    .and_then(|(_, l)| l.clone());
                RegItem { stored, live }
            })
            .collect();
        for p in mine.pending {
            if let Submission::Booking(b) = p.submission {
                self.items.push(Item {
                    stored: None,
                    pending_name: Some(b.name),
                    live: None,
                });
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) {
        let Some(store) = ctx.mine.clone() else {
            return;
        };
        match store.load() {
            Ok(mine) => self.load(mine),
            Err(e) => {
                ctx.status = Some(e.to_string());
                return;
            }
        }
        let regs: Vec<MyRegistration> = self
            .registrations
            .iter()
            .map(|r| r.stored.clone())
            .collect();
        if !regs.is_empty() {
            let store = store.clone();
            ctx.spawn(Job::new("registration status", async move {
                let mut out = Vec::new();
                for r in regs {
                    let live = fetch_registration(&r).await.ok();
                    if let Some(l) = &live
                        && l.status != r.status
                    {
                        let _ = store.update(|m| {
                            if let Some(x) = m.registrations.iter_mut().find(|x| x.id == r.id) {
                                x.status = l.status;
                            }
                        });
                    }
                    out.push((r.id, live));
                }
                Action::RegistrationsLive(out)
            }));
        }
        let wanted: Vec<MyBooking> = self.items.iter().filter_map(|i| i.stored.clone()).collect();
        if wanted.is_empty() {
            return;
        }
        self.loading = true;
        ctx.spawn(Job::new("booking status", async move {
            let mut out = Vec::new();
            for b in wanted {
                let live = fetch_booking(&b.directory, &b.id, &b.owner_token)
                    .await
                    .ok();
                if let Some(l) = &live
                    && l.status != b.status
                {
                    let _ = store.update(|m| {
                        if let Some(x) = m.bookings.iter_mut().find(|x| x.id == b.id) {
                            x.status = l.status;
                        }
                    });
                }
                out.push((b.id, live));
            }
            Action::BookingsLive(out)
        }));
    }

    fn selected(&self) -> Option<&Item> {
        self.items.get(self.list.selected())
    }

    fn status(item: &Item) -> Option<BookingStatus> {
        item.live
            .as_ref()
            .map(|l| l.status)
            .or(item.stored.as_ref().map(|b| b.status))
    }

    /// Sends what is still pending (same Idempotency-Keys), then refreshes.
    fn send_pending(&mut self, ctx: &mut Ctx) {
        let Some(store) = ctx.mine.clone() else {
            return;
        };
        ctx.spawn(Job::new("send pending", async move {
            let pending = store.load().map(|m| m.pending).unwrap_or_default();
            for p in pending {
                let _ = crate::mine::store::send(&store, &p).await;
            }
            Action::Refresh
        }));
    }

    fn selected_registration(&self) -> Option<&RegItem> {
        self.registrations.get(self.reg_list.selected())
    }

    /// The first press of a key that takes something away asks; the second one (on the same item)
    /// returns true.
    fn confirmed(&mut self, wanted: Confirm, question: String, ctx: &mut Ctx) -> bool {
        if self.confirm.as_ref() == Some(&wanted) {
            self.confirm = None;
            return true;
        }
        self.confirm = Some(wanted);
        ctx.status = Some(question);
        false
    }

    fn cancel(&mut self, ctx: &mut Ctx) {
        match self.section {
            Section::Bookings => self.cancel_booking(ctx),
            Section::Registrations => self.cancel_registration(ctx),
        }
    }

    fn cancel_booking(&mut self, ctx: &mut Ctx) {
        let Some(b) = self.selected().and_then(|i| i.stored.clone()) else {
            return;
        };
        let question = tf(
            Msg::OwnerBookingCancelConfirm,
            ctx.lang,
            &[("name", &clean(&b.name))],
        );
        if !self.confirmed(Confirm::CancelBooking(b.id.clone()), question, ctx) {
            return;
        }
        ctx.spawn(Job::new("cancel booking", async move {
            match Client::new(&b.directory) {
                Ok(c) => match c.cancel_booking(&b.id, &b.owner_token).await {
                    Ok(_) => Action::Refresh,
                    Err(e) => Action::Status(clean(&e.to_string())),
                },
                Err(e) => Action::Status(clean(&e.to_string())),
            }
        }));
    }

    fn cancel_registration(&mut self, ctx: &mut Ctx) {
        let Some(r) = self.selected_registration().map(|r| r.stored.clone()) else {
            return;
        };
        let question = tf(
            Msg::OwnerRegCancelConfirm,
            ctx.lang,
            &[("date", &clean(&r.date))],
        );
        if !self.confirmed(Confirm::CancelRegistration(r.id.clone()), question, ctx) {
            return;
        }
        let (store, lang) = (ctx.mine.clone(), ctx.lang);
        ctx.spawn(Job::new("cancel registration", async move {
            let client = match Client::new(&r.directory) {
                Ok(c) => c,
                Err(e) => return Action::Status(clean(&e.to_string())),
            };
            match client
                .cancel_registration(&r.event_id, &r.id, &r.cancel_token)
                .await
            {
                Ok(live) => {
                    if let Some(store) = store {
                        let _ = store.update(|m| {
                            if let Some(x) = m.registrations.iter_mut().find(|x| x.id == r.id) {
                                x.status = live.status;
                            }
                        });
                    }
                    Action::Chain(vec![
                        Action::Status(tf(Msg::MineUnregistered, lang, &[("id", &r.id)])),
                        Action::Refresh,
                    ])
                }
                Err(e) => Action::Status(clean(&e.to_string())),
            }
        }));
    }

    /// The selected booking when it is active and of `kind`; otherwise says what it needs.
    fn active(&self, kind: BookingKind, ctx: &mut Ctx) -> Option<MyBooking> {
        let found = Some(self)
            .filter(|s| s.section == Section::Bookings)
            .and_then(|s| s.selected())
            .filter(|i| Self::status(i) == Some(BookingStatus::Active))
            .and_then(|i| i.stored.clone())
            .filter(|b| b.kind == kind);
        if found.is_none() {
            ctx.status = Some(
                ctx.t(match kind {
                    BookingKind::BbbRoom => Msg::OwnerNeedsActiveRoom,
                    BookingKind::MattermostTeam => Msg::OwnerNeedsActiveTeam,
                })
                .to_string(),
            );
        }
        found
    }

    fn rotate_codes(&mut self, ctx: &mut Ctx) {
        let Some(b) = self.active(BookingKind::BbbRoom, ctx) else {
            return;
        };
        let question = ctx.t(Msg::OwnerRotateConfirm).to_string();
        if !self.confirmed(Confirm::RotateCodes(b.id.clone()), question, ctx) {
            return;
        }
        let lang = ctx.lang;
        ctx.spawn(Job::new("rotate access codes", async move {
            let result = match Client::new(&b.directory) {
                Ok(c) => c.rotate_room_codes(&b.id, &b.owner_token).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(room) => Action::Chain(vec![
                    Action::Status(tf(
                        Msg::OwnerRotated,
                        lang,
                        &[
                            ("viewer", &clean(&room.viewer_code)),
                            ("moderator", &clean(&room.moderator_code)),
                        ],
                    )),
                    Action::Refresh,
                ]),
                Err(e) => Action::Status(clean(&e.to_string())),
            }
        }));
    }

    fn renew_invite(&mut self, ctx: &mut Ctx) {
        let Some(b) = self.active(BookingKind::MattermostTeam, ctx) else {
            return;
        };
        let question = ctx.t(Msg::OwnerInviteConfirm).to_string();
        if !self.confirmed(Confirm::RenewInvite(b.id.clone()), question, ctx) {
            return;
        }
        let lang = ctx.lang;
        ctx.spawn(Job::new("renew invite link", async move {
            let result = match Client::new(&b.directory) {
                Ok(c) => c.regenerate_team_invite(&b.id, &b.owner_token).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(_) => Action::Chain(vec![
                    Action::Status(t(Msg::OwnerInviteRenewed, lang).to_string()),
                    Action::Refresh,
                ]),
                Err(e) => Action::Status(clean(&e.to_string())),
            }
        }));
    }
}

impl Component for MyBookings {
    fn mode(&self) -> Mode {
        Mode::Bookings
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        // a question stands until the next key; background answers and the clock do not end it
        let asks_again = matches!(
            action,
            Action::Remove | Action::RotateCodes | Action::RenewInvite
        );
        let background = matches!(
            action,
            Action::Tick(_) | Action::BookingsLive(_) | Action::RegistrationsLive(_)
        );
        if !asks_again && !background {
            self.confirm = None;
        }
        match action {
            Action::Refresh => self.refresh(ctx),
            Action::NextPane | Action::PrevPane => {
                self.section = match self.section {
                    Section::Bookings => Section::Registrations,
                    Section::Registrations => Section::Bookings,
                };
            }
            Action::RegistrationsLive(live) => {
                self.offline |= live.iter().any(|(_, l)| l.is_none());
                for (id, l) in live {
                    if let Some(item) = self.registrations.iter_mut().find(|r| r.stored.id == id)
                        && l.is_some()
                    {
                        item.live = l;
                    }
                }
            }
            Action::RotateCodes => self.rotate_codes(ctx),
            Action::RenewInvite => self.renew_invite(ctx),
            Action::EditRoom => {
                return self
                    .active(BookingKind::BbbRoom, ctx)
                    .map(|b| Action::OpenRoom(Box::new(b)));
            }
            Action::BookingsLive(live) => {
                self.loading = false;
                self.offline = live.iter().any(|(_, l)| l.is_none());
                for (id, l) in live {
                    if let Some(item) = self
                        .items
                        .iter_mut()
                        .find(|i| i.stored.as_ref().is_some_and(|b| b.id == id))
                        && l.is_some()
                    {
                        item.live = l;
                    }
                }
            }
            Action::Remove => self.cancel(ctx),
            Action::SubmitInput => self.send_pending(ctx),
            Action::Copy => {
                let invitation = self
                    .selected()
                    .and_then(|i| i.live.as_ref())
                    .and_then(|l| invitation(l, ctx));
                if let Some(text) = invitation {
                    ctx.clipboard = Some(text);
                    ctx.status = Some(ctx.t(Msg::OwnerInviteCopied).to_string());
                }
            }
            Action::Click { column, row } => {
                if let Some(i) = self.list.hit(column, row) {
                    self.section = Section::Bookings;
                    self.list.select(i);
                } else if let Some(i) = self.reg_list.hit(column, row) {
                    self.section = Section::Registrations;
                    self.reg_list.select(i);
                }
            }
            other => {
                match self.section {
                    Section::Bookings => self.list.apply(&other),
                    Section::Registrations => self.reg_list.apply(&other),
                };
            }
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let banner = if self.offline { 1 } else { 0 };
        let [banner_area, body] =
            Layout::vertical([Constraint::Length(banner), Constraint::Min(4)]).areas(area);
        if self.offline {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::BookOfflineList)).style(theme.concern),
                banner_area,
            );
        }
        match self.section {
            Section::Bookings => self.draw_bookings(frame, body, ctx),
            Section::Registrations => self.draw_registrations(frame, body, ctx),
        }
    }
}

impl MyBookings {
    /// The list's title names both sections, the shown one first marked.
    fn title(&self, ctx: &Ctx) -> String {
        let mark = |on: bool| if on { "▸" } else { " " };
        let loading = if self.loading { " …" } else { "" };
        format!(
            "{}{} ({}){loading}  {}{} ({})  ⇥",
            mark(self.section == Section::Bookings),
            ctx.t(Msg::BookMine),
            self.items.len(),
            mark(self.section == Section::Registrations),
            ctx.t(Msg::OwnerTabRegistrations),
            self.registrations.len(),
        )
    }

    fn draw_registrations(&mut self, frame: &mut Frame, body: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let list_height = (self.registrations.len() as u16 + 2).clamp(3, (body.height / 2).max(3));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(3)]).areas(body);
        let width = usize::from(top.width.saturating_sub(4));
        let title = self.title(ctx);
        let rows: Vec<(String, String, String)> = self
            .registrations
            .iter()
            .map(|r| {
                let status = r.live.as_ref().map_or(r.stored.status, |l| l.status);
                (
                    registration_status(status, lang).to_string(),
                    r.stored.date.clone(),
                    event_title(ctx, &r.stored.event_id),
                )
            })
            .collect();
        self.reg_list.draw(
            frame,
            pane(title, true, ctx),
            top,
            rows.len(),
            |i| {
                let (status, date, event) = &rows[i];
                Line::from(vec![
                    Span::styled(fit(status, 20), theme.key),
                    Span::raw(fit(&clean(date), 12)),
                    Span::raw(fit(&clean(event), width.saturating_sub(33).max(10))),
                ])
            },
            true,
            ctx,
        );
        if self.registrations.is_empty() {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::OwnerRegNone)).style(theme.dim),
                bottom,
            );
            return;
        }
        let Some(r) = self.selected_registration() else {
            return;
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("{}: ", ctx.t(Msg::FieldId)), theme.key),
                Span::raw(clean(&r.stored.id)),
            ]),
            Line::from(vec![
                Span::styled(format!("{}: ", ctx.t(Msg::OwnerRegName)), theme.key),
                Span::raw(clean(&r.stored.name)),
            ]),
        ];
        lines.extend(where_and_when(&r.stored, ctx));
        if let Some(address) = r.live.as_ref().and_then(|l| l.address.as_ref()) {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", ctx.t(Msg::OwnerRegAddress)), theme.key),
                Span::raw(clean(address.get(ctx.lang))),
            ]));
        }
        if r.live.is_none() {
            lines.push(Line::styled(ctx.t(Msg::MineOffline), theme.dim));
        }
        let block = pane(ctx.t(Msg::BookDetails), false, ctx);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            bottom,
        );
    }

    fn draw_bookings(&mut self, frame: &mut Frame, body: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let list_height = (self.items.len() as u16 + 2).clamp(3, (body.height / 2).max(3));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(3)]).areas(body);
        let items = self.items.clone();
        let width = usize::from(top.width.saturating_sub(4));
        let pending = ctx.t(Msg::BookPending);
        let title = self.title(ctx);
        self.list.draw(
            frame,
            pane(title, true, ctx),
            top,
            items.len(),
            |i| {
                let item = &items[i];
                let (status, name, kind) = match &item.stored {
                    Some(b) => (
                        Self::status(item)
                            .map_or("", |s| status_label(s, lang))
                            .to_string(),
                        b.name.clone(),
                        kind_label(b.kind, lang),
                    ),
                    None => (
                        pending.to_string(),
                        item.pending_name.clone().unwrap_or_default(),
                        "",
                    ),
                };
                Line::from(vec![
                    Span::styled(fit(&status, 12), theme.key),
                    Span::raw(fit(&clean(&name), width.saturating_sub(30).max(10))),
                    Span::styled(format!(" {kind}"), theme.dim),
                ])
            },
            true,
            ctx,
        );
        if self.items.is_empty() {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::BookNone)).style(theme.dim),
                bottom,
            );
            return;
        }
        let Some(item) = self.selected() else { return };
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut qr = None;
        match (&item.stored, &item.live) {
            (Some(b), live) => {
                lines.push(Line::from(vec![
                    Span::styled(format!("{}: ", ctx.t(Msg::FieldId)), theme.key),
                    Span::raw(b.id.clone()),
                ]));
                if let Some(l) = live {
                    if let Some(reason) = &l.reason {
                        lines.push(Line::raw(format!(
                            "{}: {}",
                            ctx.t(Msg::MineReason),
                            clean(reason)
                        )));
                    }
                    if let Some(links) = &l.links {
                        for (label, value) in link_rows(links, lang) {
                            lines.push(Line::from(vec![
                                Span::styled(format!("{label}: "), theme.key),
                                Span::raw(clean(value)),
                            ]));
                        }
                        qr = links.room_url.clone().or(links.invite_url.clone());
                    }
                    if l.status == BookingStatus::Active {
                        lines.push(Line::styled(
                            ctx.t(match l.kind {
                                BookingKind::BbbRoom => Msg::OwnerRoomKeys,
                                BookingKind::MattermostTeam => Msg::OwnerTeamKeys,
                            }),
                            theme.dim,
                        ));
                    }
                } else {
                    lines.push(Line::styled(
                        tf(
                            Msg::BookLastSeen,
                            lang,
                            &[("status", &status_label(b.status, lang))],
                        ),
                        theme.dim,
                    ));
                }
            }
            (None, _) => lines.push(Line::styled(ctx.t(Msg::BookPendingHint), theme.caution)),
        }
        let block = pane(ctx.t(Msg::BookDetails), false, ctx);
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        let qr_lines = qr.as_deref().map(qr_code).unwrap_or_default();
        let qr_width = qr_lines.first().map_or(0, |l| l.chars().count()) as u16;
        // the text wraps in its own column, two columns clear of the code, so that a long invite
        // link never runs into it
        let fits = qr_width > 0
            && qr_width + QR_GAP + 30 <= inner.width
            && qr_lines.len() as u16 <= inner.height;
        let [text_area, _, qr_area] = Layout::horizontal([
            Constraint::Min(20),
            Constraint::Length(if fits { QR_GAP } else { 0 }),
            Constraint::Length(if fits { qr_width } else { 0 }),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        if fits {
            frame.render_widget(
                Paragraph::new(qr_lines.into_iter().map(Line::raw).collect::<Vec<_>>())
                    .style(ratatui::style::Style::default()),
                qr_area,
            );
        }
    }
}

/// What to send to the people a booking is for: the link, the viewer code of a room (never the
/// moderator's), and how to join, in the user's language. None until the booking has its links.
fn invitation(booking: &Booking, ctx: &Ctx) -> Option<String> {
    let links = booking.links.as_ref()?;
    let name = clean(&booking.name);
    match booking.kind {
        BookingKind::BbbRoom => Some(tf(
            Msg::OwnerRoomInvite,
            ctx.lang,
            &[
                ("name", &name),
                ("url", &clean(links.room_url.as_deref()?)),
                ("code", &clean(links.viewer_code.as_deref()?)),
            ],
        )),
        BookingKind::MattermostTeam => Some(tf(
            Msg::OwnerTeamInvite,
            ctx.lang,
            &[
                ("name", &name),
                ("url", &clean(links.invite_url.as_deref()?)),
            ],
        )),
    }
}

/// When and where a registered date takes place (Berlin time, like every event), from the
/// catalogue; a line saying so when the catalogue no longer has the event.
fn where_and_when(r: &MyRegistration, ctx: &Ctx) -> Vec<Line<'static>> {
    let theme = &ctx.theme;
    let event = ctx.catalog.events.iter().find(|e| e.id == r.event_id);
    let occurrence = event.and_then(|e| {
        let date = r.date.parse::<jiff::civil::Date>().ok()?;
        Occurrence::new(date, e.start_time, e.duration_minutes, &e.tz().ok()?)
    });
    let (Some(event), Some(o)) = (event, occurrence) else {
        return vec![Line::styled(ctx.t(Msg::OwnerRegUnknownEvent), theme.dim)];
    };
    let row = |label: Msg, value: String| {
        Line::from(vec![
            Span::styled(format!("{}: ", ctx.t(label)), theme.key),
            Span::raw(value),
        ])
    };
    let mut lines = vec![row(
        Msg::OwnerRegWhen,
        format!("{} ({})", when(&o, ctx.lang), ctx.t(Msg::TimesBerlin)),
    )];
    if let Some(place) = &event.place {
        lines.push(row(Msg::FieldWhere, clean(place.get(ctx.lang))));
    }
    if let Some(url) = &event.online_url {
        lines.push(row(Msg::OwnerRegLink, clean(url)));
    }
    lines
}

/// An event's title from the catalogue, or its id when the catalogue does not have it (any more).
fn event_title(ctx: &Ctx, id: &str) -> String {
    ctx.catalog
        .events
        .iter()
        .find(|e| e.id == id)
        .map_or_else(|| id.to_string(), |e| e.title.get(ctx.lang).to_string())
}

/// A QR code as text, two modules per character cell (upper and lower half blocks), with the quiet
/// zone; dark modules drawn as spaces on light so that it scans on dark terminals too.
pub fn qr_code(data: &str) -> Vec<String> {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::L) else {
        return Vec::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 1;
    let size = width + 2 * quiet;
    let dark = |x: usize, y: usize| -> bool {
        if x < quiet || y < quiet || x >= width + quiet || y >= width + quiet {
            return false;
        }
        colors[(y - quiet) * width + (x - quiet)] == qrcode::Color::Dark
    };
    (0..size)
        .step_by(2)
        .map(|y| {
            (0..size)
                .map(|x| match (dark(x, y), y + 1 < size && dark(x, y + 1)) {
                    (false, false) => '█',
                    (true, false) => '▄',
                    (false, true) => '▀',
                    (true, true) => ' ',
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn qr_code_is_square_and_scannable_size() {
        let lines = super::qr_code("https://bbb.example.org/rooms/abc-def");
        let width = lines[0].chars().count();
        // version 3 (29 modules) plus a quiet zone of 1 on each side
        assert!(width >= 23, "{width}");
        assert_eq!(lines.len(), width.div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == width));
    }
}
