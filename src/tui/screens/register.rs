//! Registering for a workshop date (opened with `r` on the Events screen): name, e-mail,
//! organisation and an optional note, checked as you type with the server's rules, sent in the
//! background; the answer says confirmed or waitlisted. Offline it works like the booking form: the
//! form stays, the request is kept, `Ctrl-R` sends it again with the same Idempotency-Key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::book::Outcome;
use super::{Component, pane};
use crate::api::NewRegistration;
use crate::api::validate::registration_errors;
use crate::i18n::{Msg, tf};
use crate::mine::cli::registration_status;
use crate::mine::problem::{field_label, field_line, field_message};
use crate::mine::send::{self, SendError, Sent};
use crate::mine::store::{Pending, Submission};
use crate::tui::action::{Action, Job};
use crate::tui::app::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::clean;

const FIELDS: [&str; 4] = ["name", "email", "organisation", "note"];

#[derive(Debug, Default)]
pub struct Register {
    event_id: String,
    title: String,
    date: String,
    values: [String; FIELDS.len()],
    touched: [bool; FIELDS.len()],
    /// 0..FIELDS.len() are the fields, FIELDS.len() is the send button.
    focus: usize,
    tried: bool,
    pending: Option<Pending>,
    sending: bool,
    outcome: Option<Outcome>,
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
            self.pending = None;
            self.outcome = None;
            self.tried = false;
        }
        self.event_id = event_id;
        self.title = title;
        self.date = date;
    }

    fn registration(&self) -> NewRegistration {
        let note = self.values[3].trim();
        NewRegistration {
            name: self.values[0].clone(),
            email: self.values[1].clone(),
            organisation: self.values[2].clone(),
            note: (!note.is_empty()).then(|| self.values[3].clone()),
            date: Some(self.date.clone()),
        }
    }

    fn leave(&mut self) {
        if self.focus < FIELDS.len() {
            self.touched[self.focus] = true;
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Option<Action> {
        self.tried = true;
        let registration = self.registration();
        if self.sending || !registration_errors(&registration).is_empty() {
            return None;
        }
        let Some(store) = ctx.mine.clone() else {
            return Some(Action::Status(ctx.t(Msg::BookNoStore).to_string()));
        };
        let same = Submission::Registration {
            event_id: self.event_id.clone(),
            registration: registration.clone(),
        };
        let p = match &self.pending {
            Some(p) if p.submission == same => p.clone(),
            previous => {
                if let Some(old) = previous {
                    let key = old.idempotency_key.clone();
                    if let Err(e) = store.update(|m| m.pending.retain(|q| q.idempotency_key != key))
                    {
                        return Some(Action::Status(e.to_string()));
                    }
                }
                send::registration(&ctx.directory_url, &self.event_id, registration)
            }
        };
        self.pending = Some(p.clone());
        self.sending = true;
        ctx.spawn(Job::new("registration", async move {
            Action::Booked(match send::send(&store, &p).await {
                Ok(sent) => Outcome::Sent(Box::new(sent)),
                Err(e) if e.kept() => Outcome::Offline(e.to_string()),
                Err(SendError::Client(e)) => match e.problem() {
                    Some(p) => Outcome::Refused(Box::new(p.clone())),
                    None => Outcome::Failed(e.to_string()),
                },
                Err(e) => Outcome::Failed(e.to_string()),
            })
        }));
        None
    }
}

impl Component for Register {
    fn mode(&self) -> Mode {
        Mode::Form
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        let count = FIELDS.len() + 1;
        match action {
            Action::NextPane | Action::Down => {
                self.leave();
                self.focus = (self.focus + 1) % count;
            }
            Action::PrevPane | Action::Up => {
                self.leave();
                self.focus = (self.focus + count - 1) % count;
            }
            Action::Input(c) if self.focus < FIELDS.len() => self.values[self.focus].push(c),
            Action::DeleteBack if self.focus < FIELDS.len() => {
                self.values[self.focus].pop();
            }
            Action::ClearInput if self.focus < FIELDS.len() => self.values[self.focus].clear(),
            Action::Toggle if self.focus < FIELDS.len() => {
                self.leave();
                self.focus += 1;
            }
            Action::Toggle | Action::SubmitInput => return self.submit(ctx),
            Action::Booked(outcome) if self.sending => {
                self.sending = false;
                if let Outcome::Sent(_) = outcome {
                    self.pending = None;
                }
                self.outcome = Some(outcome);
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let offline = matches!(self.outcome, Some(Outcome::Offline(_)));
        let [banner, body] = Layout::vertical([
            Constraint::Length(if offline { 2 } else { 0 }),
            Constraint::Min(5),
        ])
        .areas(area);
        if offline {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::BookOfflineBanner))
                    .style(theme.concern)
                    .wrap(Wrap { trim: true }),
                banner,
            );
        }
        let errors = registration_errors(&self.registration());
        let label_width = FIELDS
            .iter()
            .map(|f| label(f, ctx).chars().count())
            .max()
            .unwrap_or(8)
            + 1;
        let mut lines = vec![
            Line::styled(
                format!("{} – {}", clean(&self.title), self.date),
                theme.title,
            ),
            Line::raw(""),
        ];
        for (i, field) in FIELDS.iter().enumerate() {
            let focused = i == self.focus;
            let label = label(field, ctx);
            lines.push(Line::from(vec![
                Span::raw(if focused { "▸ " } else { "  " }),
                Span::styled(format!("{label:<label_width$}"), theme.key),
                Span::styled(
                    format!(
                        "{}{}",
                        clean(&self.values[i]),
                        if focused { "▏" } else { "" }
                    ),
                    if focused { theme.selected } else { theme.base },
                ),
            ]));
            if (self.tried || self.touched[i])
                && let Some(e) = errors.iter().find(|e| e.field == *field)
            {
                lines.push(Line::styled(
                    format!("    {}", field_message(&e.message, ctx.lang)),
                    theme.concern,
                ));
            }
        }
        let focused = self.focus == FIELDS.len();
        let label = if self.sending {
            ctx.t(Msg::BookSending)
        } else if self.pending.is_some() {
            ctx.t(Msg::BookSendAgain)
        } else {
            ctx.t(Msg::BookSend)
        };
        lines.push(Line::from(vec![
            Span::raw(if focused { "▸ " } else { "  " }),
            Span::styled(
                format!("[ {label} ]"),
                if focused { theme.selected } else { theme.base },
            ),
        ]));
        if let Some(outcome) = &self.outcome {
            lines.push(Line::raw(""));
            match outcome {
                Outcome::Sent(sent) => {
                    if let Sent::Registration(r) = sent.as_ref() {
                        lines.push(Line::styled(
                            tf(
                                Msg::MineRegistered,
                                ctx.lang,
                                &[
                                    ("id", &r.id),
                                    ("date", &r.date),
                                    ("status", &registration_status(r.status, ctx.lang)),
                                ],
                            ),
                            theme.good,
                        ));
                    }
                }
                Outcome::Offline(_) => {
                    lines.push(Line::styled(ctx.t(Msg::BookKept), theme.caution))
                }
                Outcome::Refused(p) => {
                    lines.push(Line::styled(
                        tf(
                            Msg::MineRefused,
                            ctx.lang,
                            &[("status", &p.status), ("detail", &clean(&p.detail))],
                        ),
                        theme.concern,
                    ));
                    for e in &p.errors {
                        lines.push(Line::styled(
                            format!("  {}", clean(&field_line(e, ctx.lang))),
                            theme.concern,
                        ));
                    }
                }
                Outcome::Failed(e) => lines.push(Line::styled(clean(e), theme.concern)),
            }
        }
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(pane(
                ctx.t(Msg::RegTitle),
                true,
                ctx,
            )),
            body,
        );
    }
}
