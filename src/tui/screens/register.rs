//! Registering for a workshop date (opened with `r` on the Events screen): name, e-mail,
//! organisation and an optional note, checked as you type with the server's rules, sent in the
//! background; the answer says confirmed or waitlisted. Offline it works like the booking form
//! (`form.rs`): the form stays, the request is kept, `Ctrl-R` sends it again with the same
//! Idempotency-Key.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::Component;
use super::form::{self, Form, button_row, field_error_row, text_row};
use crate::api::NewRegistration;
use crate::api::validate::registration_errors;
use crate::i18n::{Lang, Msg, tf};
use crate::mine::problem::field_label;
use crate::mine::store::Sent;
use crate::mine::store::Submission;
use crate::mine::text::registration_status;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::clean;

const FIELDS: [&str; 4] = ["name", "email", "organisation", "note"];

#[derive(Debug, Default)]
pub struct Register {
    event_id: String,
    title: String,
    date: String,
    form: Form<{ FIELDS.len() }>,
    /// 0..FIELDS.len() are the fields, FIELDS.len() is the send button.
    focus: usize,
}

/// The booking's "name" is the room's; here it is the person's.
fn label(field: &str, ctx: &Ctx) -> String {
    if field == "name" {
        ctx.t(Msg::RegFieldName).to_string()
    } else {
        field_label(field, ctx.lang)
    }
}

impl Register {
    /// Opens the form for a date; what was typed for another date is kept (names rarely change).
    pub fn open(&mut self, event_id: String, title: String, date: String) {
        if self.event_id != event_id || self.date != date {
            self.form.forget();
        }
        self.event_id = event_id;
        self.title = title;
        self.date = date;
    }

    fn registration(&self) -> NewRegistration {
        let v = &self.form.values;
        let note = v[3].trim();
        NewRegistration {
            name: v[0].clone(),
            email: v[1].clone(),
            organisation: v[2].clone(),
            note: (!note.is_empty()).then(|| v[3].clone()),
            date: Some(self.date.clone()),
            lang: None,
        }
    }

    fn leave(&mut self) {
        if self.focus < FIELDS.len() {
            self.form.leave(self.focus);
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Option<Action> {
        let mut registration = self.registration();
        registration.lang = Some(ctx.lang);
        let valid = registration_errors(&registration).is_empty();
        let submission = Submission::Registration {
            event_id: self.event_id.clone(),
            registration,
        };
        self.form
            .submit(submission, valid, "registration", Msg::RegAnother, ctx)
    }
}

impl Component for Register {
    fn mode(&self) -> Mode {
        Mode::Form
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        if self.focus < FIELDS.len() {
            ctx.keymap.action(Mode::Form, key)
        } else {
            ctx.keymap.choice_action(Mode::Form, key)
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        let count = FIELDS.len() + 1;
        let on_field = self.focus < FIELDS.len();
        match action {
            Action::NextPane | Action::Down => {
                self.leave();
                self.focus = (self.focus + 1) % count;
            }
            Action::PrevPane | Action::Up => {
                self.leave();
                self.focus = (self.focus + count - 1) % count;
            }
            Action::Input(_) | Action::DeleteBack | Action::ClearInput if on_field => {
                self.form.edit(self.focus, &action);
            }
            Action::Toggle if on_field => {
                self.leave();
                self.focus += 1;
            }
            // a new, empty form for the same date
            Action::Toggle if self.form.done() => {
                self.form = Form::default();
                self.focus = 0;
            }
            Action::Toggle | Action::SubmitInput => return self.submit(ctx),
            Action::Booked(outcome) => {
                self.form.answered(outcome);
                if self.form.done() {
                    self.focus = FIELDS.len();
                }
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let body = self.form.banner(frame, area, ctx);
        let errors = registration_errors(&self.registration());
        let label_width = FIELDS
            .iter()
            .map(|f| label(f, ctx).chars().count())
            .max()
            .unwrap_or(8)
            + 1;
        let mut lines = vec![
            Line::styled(
                format!(
                    "{} – {}",
                    clean(&self.title),
                    shown_day(&self.date, ctx.lang)
                ),
                theme.title,
            ),
            Line::raw(""),
        ];
        for (i, field) in FIELDS.iter().enumerate() {
            let focused = i == self.focus;
            lines.push(text_row(
                &label(field, ctx),
                label_width,
                &self.form.values[i],
                focused,
                ctx,
            ));
            if self.form.shows_error(i)
                && let Some(e) = errors.iter().find(|e| e.field == *field)
            {
                lines.push(field_error_row(&e.message, ctx));
            }
        }
        lines.push(button_row(
            self.form.send_label(Msg::RegAnother, ctx),
            self.focus == FIELDS.len(),
            ctx,
        ));
        lines.extend(self.form.outcome_lines(
            |sent| match sent {
                Sent::Registration(r) => Some(tf(
                    Msg::MineRegistered,
                    ctx.lang,
                    &[
                        ("id", &r.id),
                        ("date", &shown_day(&r.date, ctx.lang)),
                        ("status", &registration_status(r.status, ctx.lang)),
                    ],
                )),
                Sent::Booking(_) => None,
            },
            ctx,
        ));
        form::draw(frame, ctx.t(Msg::RegTitle), lines, body, ctx);
    }
}

/// `2026-12-15` as the events screen writes a day (`Di 15.12.2026`); anything else as it came.
fn shown_day(date: &str, lang: Lang) -> String {
    date.parse::<jiff::civil::Date>()
        .map_or_else(|_| clean(date), |d| crate::tui::text::day(d, lang))
}
