//! "My bookings": what is in the local store, the status fetched in the background (`r`), cancel
//! (`x`), and for an active booking its links with a QR code and copy to the clipboard (`y`, OSC 52).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Component, Picker, pane};
use crate::client::Client;
use crate::directory::model::{Booking, BookingStatus};
use crate::i18n::{Msg, tf};
use crate::mine::cli::{kind_label, link_rows};
use crate::mine::store::{Mine, MyBooking, Submission};
use crate::tui::action::{Action, Job};
use crate::tui::app::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, fit};

/// One line of the list: a stored booking with what the directory last said, or a pending one.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    stored: Option<MyBooking>,
    pending_name: Option<String>,
    live: Option<Booking>,
}

#[derive(Debug, Default)]
pub struct MyBookings {
    list: Picker,
    items: Vec<Item>,
    /// The last refresh could not reach the directory.
    offline: bool,
    loading: bool,
}

/// Live answers by booking id; `None`: the directory could not be reached.
pub type LiveStatus = Vec<(String, Option<Booking>)>;

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
        let wanted: Vec<MyBooking> = self.items.iter().filter_map(|i| i.stored.clone()).collect();
        if wanted.is_empty() {
            return;
        }
        self.loading = true;
        ctx.spawn(Job::new("booking status", async move {
            let mut out = Vec::new();
            for b in wanted {
                let live = match Client::new(&b.directory) {
                    Ok(c) => c.booking(&b.id, &b.owner_token).await.ok(),
                    Err(_) => None,
                };
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
                let _ = crate::mine::send::send(&store, &p).await;
            }
            Action::Refresh
        }));
    }

    fn cancel(&mut self, ctx: &mut Ctx) {
        let Some(b) = self.selected().and_then(|i| i.stored.clone()) else {
            return;
        };
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
}

impl Component for MyBookings {
    fn mode(&self) -> Mode {
        Mode::Bookings
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        match action {
            Action::Refresh => self.refresh(ctx),
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
                let link = self
                    .selected()
                    .and_then(|i| i.live.as_ref())
                    .and_then(|l| l.links.as_ref())
                    .and_then(|l| l.room_url.clone().or(l.invite_url.clone()));
                if let Some(link) = link {
                    ctx.clipboard = Some(link);
                    ctx.status = Some(ctx.t(Msg::BookCopied).to_string());
                }
            }
            Action::Click { column, row } => {
                if let Some(i) = self.list.hit(column, row) {
                    self.list.select(i);
                }
            }
            other => {
                self.list.apply(&other);
            }
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let banner = if self.offline { 1 } else { 0 };
        let [banner_area, body] =
            Layout::vertical([Constraint::Length(banner), Constraint::Min(4)]).areas(area);
        if self.offline {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::BookOfflineList)).style(theme.concern),
                banner_area,
            );
        }
        let list_height = (self.items.len() as u16 + 2).clamp(3, (body.height / 2).max(3));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(3)]).areas(body);
        let items = self.items.clone();
        let width = usize::from(top.width.saturating_sub(4));
        let pending = ctx.t(Msg::BookPending);
        let title = if self.loading {
            format!("{} …", ctx.t(Msg::BookMine))
        } else {
            ctx.t(Msg::BookMine).to_string()
        };
        self.list.draw(
            frame,
            pane(title, true, ctx),
            top,
            items.len(),
            |i| {
                let item = &items[i];
                let (status, name, kind) = match &item.stored {
                    Some(b) => (
                        Self::status(item).map_or("", |s| s.as_str()).to_string(),
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
                } else {
                    lines.push(Line::styled(
                        tf(Msg::BookLastSeen, lang, &[("status", &b.status.as_str())]),
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
        let fits =
            qr_width > 0 && qr_width + 30 <= inner.width && qr_lines.len() as u16 <= inner.height;
        let [text_area, qr_area] = Layout::horizontal([
            Constraint::Min(20),
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
