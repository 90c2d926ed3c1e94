//! Booking a BBB room or a Mattermost team: a form checked as you type with the server's rules
//! (`api::validate::booking_errors`), the Code of Conduct beside it to read and accept, sending
//! in the background, then the answer. When the directory cannot be reached, a banner says so, the
//! form keeps everything and stays pending in the local store; sending again reuses the same
//! Idempotency-Key, so nothing is booked twice.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Component, pane};
use crate::api::validate::booking_errors;
use crate::api::{BookingKind, FieldError, NewBooking, Problem};
use crate::i18n::{Msg, tf};
use crate::mine::cli::kind_label;
use crate::mine::problem::{field_label, field_message};
use crate::mine::send::{self, SendError, Sent};
use crate::mine::store::{Pending, Submission};
use crate::tui::action::{Action, Job};
use crate::tui::app::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, clean_block};

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

/// What became of a submission (the result of the background job).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent(Box<Sent>),
    /// The directory could not be reached: kept as pending.
    Offline(String),
    Refused(Box<Problem>),
    Failed(String),
}

#[derive(Debug, Default)]
pub struct Book {
    kind_team: bool,
    values: [String; FIELDS.len()],
    accepted: bool,
    /// Fields the user has left: their errors show from then on.
    touched: [bool; FIELDS.len()],
    focus: usize,
    /// After the first attempt to send, every error shows.
    tried: bool,
    /// The submission last sent, kept for a retry with the same Idempotency-Key.
    pending: Option<Pending>,
    sending: bool,
    outcome: Option<Outcome>,
    /// How far the Code of Conduct is scrolled (PgDn/PgUp).
    coc_scroll: u16,
}

impl Book {
    pub fn booking(&self) -> NewBooking {
        let v = &self.values;
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
            .filter(|e| {
                self.tried
                    || FIELDS
                        .iter()
                        .position(|f| *f == e.field)
                        .is_some_and(|i| self.touched[i])
            })
            .collect()
    }

    fn row(&self) -> Row {
        rows()[self.focus]
    }

    fn leave(&mut self) {
        if let Row::Text(i) = self.row() {
            self.touched[i] = true;
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Option<Action> {
        self.tried = true;
        if self.sending || !booking_errors(&self.booking()).is_empty() {
            return None;
        }
        let Some(store) = ctx.mine.clone() else {
            return Some(Action::Status(ctx.t(Msg::BookNoStore).to_string()));
        };
        let booking = self.booking();
        // the same form again (a retry) keeps its Idempotency-Key; an edited form replaces the
        // unsent one, so that it is not sent as well
        let p = match &self.pending {
            Some(p) if p.submission == Submission::Booking(booking.clone()) => p.clone(),
            previous => {
                if let Some(old) = previous {
                    let key = old.idempotency_key.clone();
                    if let Err(e) = store.update(|m| m.pending.retain(|q| q.idempotency_key != key))
                    {
                        return Some(Action::Status(e.to_string()));
                    }
                }
                send::booking(&ctx.directory_url, booking)
            }
        };
        self.pending = Some(p.clone());
        self.sending = true;
        ctx.spawn(Job::new("booking", async move {
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

impl Component for Book {
    fn mode(&self) -> Mode {
        Mode::Form
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
            Action::Input(c) => match self.row() {
                Row::Text(i) => self.values[i].push(c),
                Row::Kind if c == ' ' => self.kind_team = !self.kind_team,
                Row::CodeOfConduct if c == ' ' => self.accepted = !self.accepted,
                _ => {}
            },
            Action::DeleteBack => {
                if let Row::Text(i) = self.row() {
                    self.values[i].pop();
                }
            }
            Action::ClearInput => {
                if let Row::Text(i) = self.row() {
                    self.values[i].clear();
                }
            }
            Action::Toggle => match self.row() {
                Row::Kind => self.kind_team = !self.kind_team,
                Row::CodeOfConduct => self.accepted = !self.accepted,
                Row::Text(_) => {
                    self.leave();
                    self.focus += 1;
                }
                Row::Send => return self.submit(ctx),
            },
            Action::SubmitInput => return self.submit(ctx),
            Action::PageDown => self.coc_scroll = self.coc_scroll.saturating_add(10),
            Action::PageUp => self.coc_scroll = self.coc_scroll.saturating_sub(10),
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
        let banner = match &self.outcome {
            Some(Outcome::Offline(_)) => 2,
            _ => 0,
        };
        let [banner_area, body] =
            Layout::vertical([Constraint::Length(banner), Constraint::Min(5)]).areas(area);
        if banner > 0 {
            frame.render_widget(
                Paragraph::new(ctx.t(Msg::BookOfflineBanner))
                    .style(theme.concern)
                    .wrap(Wrap { trim: true }),
                banner_area,
            );
        }
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
            let marker = if focused { "▸ " } else { "  " };
            let style = if focused { theme.selected } else { theme.base };
            match row {
                Row::Kind => {
                    let choice = |k, on: bool| {
                        format!(
                            "({}) {}",
                            if on { "•" } else { " " },
                            kind_label(k, ctx.lang)
                        )
                    };
                    lines.push(Line::from(vec![
                        Span::raw(marker),
                        Span::styled(
                            format!(
                                "{}  {}",
                                choice(BookingKind::BbbRoom, !self.kind_team),
                                choice(BookingKind::MattermostTeam, self.kind_team)
                            ),
                            style,
                        ),
                    ]));
                }
                Row::Text(i) => {
                    let label = field_label(FIELDS[i], ctx.lang);
                    let cursor = if focused { "▏" } else { "" };
                    lines.push(Line::from(vec![
                        Span::raw(marker),
                        Span::styled(format!("{label:<label_width$}"), theme.key),
                        Span::styled(format!("{}{cursor}", clean(&self.values[i])), style),
                    ]));
                    if let Some(e) = error_of(FIELDS[i]) {
                        lines.push(Line::styled(
                            format!("    {}", field_message(&e.message, ctx.lang)),
                            theme.concern,
                        ));
                    }
                }
                Row::CodeOfConduct => {
                    let mark = if self.accepted { "[x]" } else { "[ ]" };
                    lines.push(Line::from(vec![
                        Span::raw(marker),
                        Span::styled(format!("{mark} {}", ctx.t(Msg::BookAccept)), style),
                    ]));
                    if let Some(e) = error_of("accept_code_of_conduct") {
                        lines.push(Line::styled(
                            format!("    {}", field_message(&e.message, ctx.lang)),
                            theme.concern,
                        ));
                    }
                }
                Row::Send => {
                    let text = if self.sending {
                        ctx.t(Msg::BookSending)
                    } else if self.pending.is_some() {
                        ctx.t(Msg::BookSendAgain)
                    } else {
                        ctx.t(Msg::BookSend)
                    };
                    lines.push(Line::from(vec![
                        Span::raw(marker),
                        Span::styled(format!("[ {text} ]"), style),
                    ]));
                }
            }
        }
        if let Some(outcome) = &self.outcome {
            lines.push(Line::raw(""));
            for (text, style) in outcome_lines(outcome, ctx) {
                lines.push(Line::styled(text, style));
            }
        }
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(pane(
                ctx.t(Msg::BookTitle),
                true,
                ctx,
            )),
            left,
        );
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

fn outcome_lines(outcome: &Outcome, ctx: &Ctx) -> Vec<(String, ratatui::style::Style)> {
    let theme = &ctx.theme;
    match outcome {
        Outcome::Sent(sent) => match sent.as_ref() {
            Sent::Booking(b) => vec![(
                tf(
                    Msg::BookSent,
                    ctx.lang,
                    &[("id", &b.id), ("status", &b.status.as_str())],
                ),
                theme.good,
            )],
            Sent::Registration(r) => vec![(r.id.clone(), theme.good)],
        },
        Outcome::Offline(_) => vec![(ctx.t(Msg::BookKept).to_string(), theme.caution)],
        Outcome::Refused(p) => {
            let mut out = vec![(
                tf(
                    Msg::MineRefused,
                    ctx.lang,
                    &[("status", &p.status), ("detail", &clean(&p.detail))],
                ),
                theme.concern,
            )];
            for e in &p.errors {
                out.push((
                    format!(
                        "  {}",
                        clean(&crate::mine::problem::field_line(e, ctx.lang))
                    ),
                    theme.concern,
                ));
            }
            out
        }
        Outcome::Failed(e) => vec![(clean(e), theme.concern)],
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::i18n::Lang;
    use crate::mine::store::Store;
    use crate::tui::action::{Action, ScreenId};
    use crate::tui::app::App;
    use crate::tui::testing::*;

    fn fill(app: &mut App) {
        for text in [
            "Kiezchor Wedding e.V.",
            "Ada Beispiel",
            "ada@kiezchor.example",
            "Proben",
            "Kiezchor Vorstand",
            "12",
        ] {
            press(app, key(KeyCode::Tab));
            type_text(app, text);
        }
        press(app, key(KeyCode::Tab));
        press(app, ch(' '));
    }

    /// Runs the queued background jobs and feeds their actions back, as the event loop does.
    fn run_jobs(app: &mut App) -> usize {
        let jobs = app.take_jobs();
        let n = jobs.len();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for job in jobs {
            let action = rt.block_on(job.run);
            app.dispatch(action);
        }
        n
    }

    #[test]
    fn invalid_form_sends_nothing_and_offline_retry_keeps_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("mine.json"));
        let mut app = app(Lang::De);
        app.ctx.mine = Some(store.clone());
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        app.ctx.directory_url = format!("http://127.0.0.1:{port}/");
        go(&mut app, ScreenId::Book);
        press(&mut app, ctrl('s'));
        assert_eq!(run_jobs(&mut app), 0, "an invalid form is not sent");

        fill(&mut app);
        press(&mut app, ctrl('s'));
        assert_eq!(run_jobs(&mut app), 1);
        let first = store.load().unwrap().pending;
        assert_eq!(first.len(), 1, "kept while the directory is unreachable");
        let text = render(&mut app, 80, 24);
        assert!(text.contains("Offline"), "{text}");
        assert!(
            text.contains("Kiezchor Wedding e.V."),
            "the form keeps what was typed"
        );

        press(&mut app, ctrl('r'));
        assert_eq!(run_jobs(&mut app), 1);
        let second = store.load().unwrap().pending;
        assert_eq!(second, first, "a retry reuses the same Idempotency-Key");

        // a changed form is a new request
        press(&mut app, key(KeyCode::BackTab));
        press(&mut app, key(KeyCode::BackTab));
        press(&mut app, key(KeyCode::Backspace));
        type_text(&mut app, "3");
        press(&mut app, ctrl('s'));
        run_jobs(&mut app);
        let third = store.load().unwrap().pending;
        assert_eq!(third.len(), 1, "the edited form replaces the unsent one");
        assert_ne!(third[0].idempotency_key, first[0].idempotency_key);
        app.dispatch(Action::Back);
    }
}
