//! What the booking and the registration form share: text fields checked as you type (an error shows
//! once its field was left, every error after the first attempt to send), sending in the background
//! through the local store, and the answer. Offline the request stays pending and the form keeps
//! everything; sending the same form again reuses its Idempotency-Key, so nothing is booked twice.
//! Once the directory has acknowledged a submission the form is done: it shows the answer, sends
//! nothing more, and its button starts a new, empty form. The row helpers draw the room settings
//! form, too.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane;
use crate::i18n::{Msg, tf};
use crate::mine::problem::{field_line, field_message, headline};
use crate::mine::store::{self as send, SendError, Sent};
use crate::mine::store::{Pending, Submission};
use crate::tui::action::{Action, Job};
use crate::tui::ctx::Ctx;
use crate::tui::results::Outcome;
use crate::tui::text::clean;

/// The state of a form with `N` text fields.
#[derive(Debug)]
pub struct Form<const N: usize> {
    pub values: [String; N],
    /// Fields the user has left: their errors show from then on.
    touched: [bool; N],
    /// After the first attempt to send, every error shows.
    tried: bool,
    /// The submission last sent, kept for a retry with the same Idempotency-Key.
    pending: Option<Pending>,
    sending: bool,
    pub outcome: Option<Outcome>,
}

impl<const N: usize> Default for Form<N> {
    fn default() -> Self {
        Form {
            values: std::array::from_fn(|_| String::new()),
            touched: [false; N],
            tried: false,
            pending: None,
            sending: false,
            outcome: None,
        }
    }
}

impl<const N: usize> Form<N> {
    /// The directory acknowledged the submission: nothing more is sent from this form.
    pub fn done(&self) -> bool {
        matches!(self.outcome, Some(Outcome::Sent(_)))
    }

    /// Forgets the last submission and its answer; what was typed stays.
    pub fn forget(&mut self) {
        self.pending = None;
        self.outcome = None;
        self.tried = false;
    }

    /// The user leaves text field `i`.
    pub fn leave(&mut self, i: usize) {
        self.touched[i] = true;
    }

    /// Whether field `i` shows its error now.
    pub fn shows_error(&self, i: usize) -> bool {
        self.tried || self.touched[i]
    }

    /// Whether errors of things that are not text fields show (after an attempt to send).
    pub fn tried(&self) -> bool {
        self.tried
    }

    /// Typing, deleting and clearing in text field `i` (a done form keeps what was sent); false
    /// for any other action.
    pub fn edit(&mut self, i: usize, action: &Action) -> bool {
        if !matches!(
            action,
            Action::Input(_) | Action::DeleteBack | Action::ClearInput
        ) {
            return false;
        }
        if self.done() {
            return true;
        }
        let value = &mut self.values[i];
        match action {
            Action::Input(c) => value.push(*c),
            Action::DeleteBack => {
                value.pop();
            }
            Action::ClearInput => value.clear(),
            _ => return false,
        }
        true
    }

    /// Sends `submission` in the background when `valid`. The same submission again (a retry)
    /// keeps its Idempotency-Key; an edited one replaces the unsent one, so that it is not sent
    /// as well. A done form sends nothing and says how to start another (`another`, the button).
    pub fn submit(
        &mut self,
        submission: Submission,
        valid: bool,
        job: &'static str,
        another: Msg,
        ctx: &mut Ctx,
    ) -> Option<Action> {
        if self.done() {
            let button = ctx.t(another);
            return Some(Action::Status(tf(
                Msg::FormAlreadySent,
                ctx.lang,
                &[("button", &button)],
            )));
        }
        self.tried = true;
        if self.sending || !valid {
            return None;
        }
        let Some(store) = ctx.mine.clone() else {
            return Some(Action::Status(ctx.t(Msg::BookNoStore).to_string()));
        };
        let p = match &self.pending {
            Some(p) if p.submission == submission => p.clone(),
            previous => {
                if let Some(old) = previous {
                    let key = old.idempotency_key.clone();
                    if let Err(e) = store.update(|m| m.pending.retain(|q| q.idempotency_key != key))
                    {
                        return Some(Action::Status(e.to_string()));
                    }
                }
                send::pending(&ctx.directory_url, submission)
            }
        };
        self.pending = Some(p.clone());
        self.sending = true;
        ctx.spawn(Job::new(job, async move {
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

    /// The answer to a submission; only the form that sent one takes it.
    pub fn answered(&mut self, outcome: Outcome) {
        if !self.sending {
            return;
        }
        self.sending = false;
        if let Outcome::Sent(_) = outcome {
            self.pending = None;
        }
        self.outcome = Some(outcome);
    }

    /// The label of the send button; `another` once the form is done.
    pub fn send_label(&self, another: Msg, ctx: &Ctx) -> &'static str {
        ctx.t(if self.done() {
            another
        } else if self.sending {
            Msg::BookSending
        } else if self.pending.is_some() {
            Msg::BookSendAgain
        } else {
            Msg::BookSend
        })
    }

    /// Draws the offline banner above the form when the directory could not be reached; returns
    /// the area left for the form.
    pub fn banner(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) -> Rect {
        let offline = matches!(self.outcome, Some(Outcome::Offline(_)));
        let [banner, body] = Layout::vertical([
            Constraint::Length(if offline { 2 } else { 0 }),
            Constraint::Min(5),
        ])
        .areas(area);
        if offline {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::BookOfflineBanner))
                    .style(ctx.theme.concern)
                    .wrap(Wrap { trim: true }),
                banner,
            );
        }
        body
    }

    /// The answer, below the form: `sent` words a success.
    pub fn outcome_lines(
        &self,
        sent: impl Fn(&Sent) -> Option<String>,
        ctx: &Ctx,
    ) -> Vec<Line<'static>> {
        let Some(outcome) = &self.outcome else {
            return Vec::new();
        };
        let theme = &ctx.theme;
        let mut lines = vec![Line::raw("")];
        match outcome {
            Outcome::Sent(s) => lines.extend(sent(s).map(|text| Line::styled(text, theme.good))),
            Outcome::Offline(_) => lines.push(Line::styled(ctx.t(Msg::BookKept), theme.caution)),
            Outcome::Refused(p) => {
                lines.push(Line::styled(clean(&headline(p, ctx.lang)), theme.concern));
                for e in &p.errors {
                    lines.push(Line::styled(
                        format!("  {}", clean(&field_line(e, ctx.lang))),
                        theme.concern,
                    ));
                }
            }
            Outcome::Failed(e) => lines.push(Line::styled(clean(e), theme.concern)),
        }
        lines
    }
}

/// Draws a form's lines in its pane, wrapped.
pub fn draw(frame: &mut Frame, title: &str, lines: Vec<Line<'static>>, area: Rect, ctx: &Ctx) {
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(title, true, ctx)),
        area,
    );
}

/// The mark in front of the focused row.
pub fn marker(focused: bool) -> &'static str {
    if focused { "▸ " } else { "  " }
}

/// The style of a row's value.
pub fn row_style(focused: bool, ctx: &Ctx) -> Style {
    if focused {
        ctx.theme.selected
    } else {
        ctx.theme.base
    }
}

/// A text field: its label padded to `label_width`, the value (cleaned) and, when focused, a cursor.
pub fn text_row(
    label: &str,
    label_width: usize,
    value: &str,
    focused: bool,
    ctx: &Ctx,
) -> Line<'static> {
    let cursor = if focused { "▏" } else { "" };
    Line::from(vec![
        Span::raw(marker(focused)),
        Span::styled(format!("{label:<label_width$}"), ctx.theme.key),
        Span::styled(format!("{}{cursor}", clean(value)), row_style(focused, ctx)),
    ])
}

/// A row that is one piece of text: a choice, a check box, a button.
pub fn plain_row(text: String, focused: bool, ctx: &Ctx) -> Line<'static> {
    Line::from(vec![
        Span::raw(marker(focused)),
        Span::styled(text, row_style(focused, ctx)),
    ])
}

/// A button.
pub fn button_row(label: &str, focused: bool, ctx: &Ctx) -> Line<'static> {
    plain_row(format!("[ {label} ]"), focused, ctx)
}

/// What is wrong with the row above, already in the user's language.
pub fn error_row(text: &str, ctx: &Ctx) -> Line<'static> {
    Line::styled(format!("    {text}"), ctx.theme.concern)
}

/// A field error from the shared validation rules, below its field.
pub fn field_error_row(message: &str, ctx: &Ctx) -> Line<'static> {
    error_row(&field_message(message, ctx.lang), ctx)
}
