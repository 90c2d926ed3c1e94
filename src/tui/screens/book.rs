//! Booking a BBB room or a Mattermost team: a form checked as you type with the server's rules
//! (`api::validate::booking_errors`), the Code of Conduct beside it to read and accept, sending
//! in the background, then the answer (`form.rs`). When the directory cannot be reached, a banner
//! says so, the form keeps everything and stays pending in the local store; sending again reuses
//! the same Idempotency-Key, so nothing is booked twice.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::form::{self, Form, button_row, field_error_row, plain_row, text_row};
use super::{Component, pane};
use crate::api::validate::booking_errors;
use crate::api::{BookingKind, FieldError, NewBooking};
use crate::i18n::{Msg, tf};
use crate::mine::problem::field_label;
use crate::mine::store::Sent;
use crate::mine::store::Submission;
use crate::mine::text::kind_label;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, clean_block, wrap};

/// The rows of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Kind,
    Text(usize),
    CodeOfConduct,
    Send,
}

/// Text fields: the request field each fills.
const FIELDS: [&str; 6] = [
    "organisation",
    "contact_name",
    "email",
    "purpose",
    "name",
    "expected_participants",
];

fn rows() -> Vec<Row> {
    let mut rows = vec![Row::Kind];
    rows.extend((0..FIELDS.len()).map(Row::Text));
    rows.extend([Row::CodeOfConduct, Row::Send]);
    rows
}

#[derive(Debug, Default)]
pub struct Book {
    kind_team: bool,
    form: Form<{ FIELDS.len() }>,
    accepted: bool,
    focus: usize,
    /// How far the Code of Conduct is scrolled (PgDn/PgUp).
    coc_scroll: u16,
}

impl Book {
    pub fn booking(&self) -> NewBooking {
        let v = &self.form.values;
        NewBooking {
            kind: if self.kind_team {
                BookingKind::MattermostTeam
            } else {
                BookingKind::BbbRoom
            },
            organisation: v[0].clone(),
            contact_name: v[1].clone(),
            email: v[2].clone(),
            purpose: v[3].clone(),
            name: v[4].clone(),
            expected_participants: v[5].trim().parse().unwrap_or(0),
            accept_code_of_conduct: self.accepted,
            lang: None,
        }
    }

    /// Picks the kind when opened from elsewhere (the services on the home screen).
    pub fn choose(&mut self, kind: BookingKind) {
        self.kind_team = kind == BookingKind::MattermostTeam;
    }

    /// Errors to show now: those of fields already left, or all after an attempt to send.
    fn visible_errors(&self) -> Vec<FieldError> {
        booking_errors(&self.booking())
            .into_iter()
            .filter(|e| match FIELDS.iter().position(|f| *f == e.field) {
                Some(i) => self.form.shows_error(i),
                None => self.form.tried(),
            })
            .collect()
    }

    fn row(&self) -> Row {
        rows()[self.focus]
    }

    fn leave(&mut self) {
        if let Row::Text(i) = self.row() {
            self.form.leave(i);
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Option<Action> {
        let mut booking = self.booking();
        // the directory mails the club in the language of the interface
        booking.lang = Some(ctx.lang);
        let valid = booking_errors(&booking).is_empty();
        let submission = Submission::Booking(booking);
        self.form
            .submit(submission, valid, "booking", Msg::BookAnother, ctx)
    }

    /// Space or Enter on a choice; a done form keeps what was sent.
    fn flip(&mut self) {
        if self.form.done() {
            return;
        }
        match self.row() {
            Row::Kind => self.kind_team = !self.kind_team,
            Row::CodeOfConduct => self.accepted = !self.accepted,
            Row::Text(_) | Row::Send => {}
        }
    }
}

impl Component for Book {
    fn mode(&self) -> Mode {
        Mode::Form
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        match self.row() {
            Row::Text(_) => ctx.keymap.action(Mode::Form, key),
            _ => ctx.keymap.choice_action(Mode::Form, key),
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        let count = rows().len();
        match action {
            Action::NextPane | Action::Down => {
                self.leave();
                self.focus = (self.focus + 1) % count;
            }
            Action::PrevPane | Action::Up => {
                self.leave();
                self.focus = (self.focus + count - 1) % count;
            }
            Action::Input(_) | Action::DeleteBack | Action::ClearInput => match self.row() {
                Row::Text(i) => {
                    self.form.edit(i, &action);
                }
                Row::Kind | Row::CodeOfConduct if action == Action::Input(' ') => self.flip(),
                _ => {}
            },
            Action::Toggle => match self.row() {
                Row::Kind | Row::CodeOfConduct => self.flip(),
                Row::Text(_) => {
                    self.leave();
                    self.focus += 1;
                }
                // a new, empty form
                Row::Send if self.form.done() => *self = Book::default(),
                Row::Send => return self.submit(ctx),
            },
            Action::SubmitInput => return self.submit(ctx),
            Action::PageDown => self.coc_scroll = self.coc_scroll.saturating_add(10),
            Action::PageUp => self.coc_scroll = self.coc_scroll.saturating_sub(10),
            Action::Booked(outcome) => {
                self.form.answered(outcome);
                if self.form.done() {
                    self.focus = count - 1;
                }
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let body = self.form.banner(frame, area, ctx);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(64), Constraint::Percentage(36)])
                .areas(body);
        let errors = self.visible_errors();
        let error_of = |field: &str| errors.iter().find(|e| e.field == field);
        let label_width = FIELDS
            .iter()
            .map(|f| field_label(f, ctx.lang).chars().count())
            .max()
            .unwrap_or(10)
            + 1;
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (n, row) in rows().into_iter().enumerate() {
            let focused = n == self.focus;
            match row {
                Row::Kind => {
                    let choice = |k, on: bool| {
                        format!(
                            "({}) {}",
                            if on { "•" } else { " " },
                            kind_label(k, ctx.lang)
                        )
                    };
                    let text = format!(
                        "{}  {}",
                        choice(BookingKind::BbbRoom, !self.kind_team),
                        choice(BookingKind::MattermostTeam, self.kind_team)
                    );
                    lines.push(plain_row(text, focused, ctx));
                }
                Row::Text(i) => {
                    let label = field_label(FIELDS[i], ctx.lang);
                    lines.push(text_row(
                        &label,
                        label_width,
                        &self.form.values[i],
                        focused,
                        ctx,
                    ));
                    lines.extend(error_of(FIELDS[i]).map(|e| field_error_row(&e.message, ctx)));
                }
                Row::CodeOfConduct => {
                    let mark = if self.accepted { "[x]" } else { "[ ]" };
                    // wrapped here, so that a second line stays under the text, not the marker
                    let width = usize::from(left.width.saturating_sub(8)).max(10);
                    for (i, part) in wrap(ctx.t(Msg::BookAccept), width).into_iter().enumerate() {
                        if i == 0 {
                            lines.push(plain_row(format!("{mark} {part}"), focused, ctx));
                        } else {
                            lines.push(plain_row(format!("    {part}"), false, ctx));
                        }
                    }
                    lines.extend(
                        error_of("accept_code_of_conduct")
                            .map(|e| field_error_row(&e.message, ctx)),
                    );
                }
                Row::Send => lines.push(button_row(
                    self.form.send_label(Msg::BookAnother, ctx),
                    focused,
                    ctx,
                )),
            }
        }
        lines.extend(self.form.outcome_lines(
            |sent| match sent {
                Sent::Booking(b) => Some(tf(
                    Msg::BookSent,
                    ctx.lang,
                    &[("id", &b.id), ("status", &b.status.as_str())],
                )),
                Sent::Registration(_) => None,
            },
            ctx,
        ));
        form::draw(frame, ctx.t(Msg::BookTitle), lines, left, ctx);
        let coc = &ctx.catalog.code_of_conduct;
        frame.render_widget(
            Paragraph::new(clean_block(coc.text.get(ctx.lang).trim()))
                .wrap(Wrap { trim: false })
                .scroll((self.coc_scroll, 0))
                .block(pane(clean(coc.title.get(ctx.lang)), false, ctx)),
            right,
        );
    }
}
