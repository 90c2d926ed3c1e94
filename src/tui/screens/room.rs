//! Room settings for the owner of an active room booking: the room is loaded from the directory,
//! edited here (name, who may start, mute on start, waiting room, most participants, recording) and
//! saved in the background with only the fields that changed. Checked as you type with the server's
//! limits; nothing typed is lost when saving fails.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::form::{button_row, error_row, plain_row, text_row};
use super::{Component, pane};
use crate::api::{GuestPolicy, Room, RoomChange};
use crate::client::Client;
use crate::i18n::{Msg, tf};
use crate::mine::store::MyBooking;
use crate::tui::action::{Action, Job};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::results::RoomAnswer;
use crate::tui::text::clean;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Name,
    AnyoneMayStart,
    MuteOnStart,
    WaitingRoom,
    MaxParticipants,
    Record,
    Save,
}

const ROWS: [Row; 7] = [
    Row::Name,
    Row::AnyoneMayStart,
    Row::MuteOnStart,
    Row::WaitingRoom,
    Row::MaxParticipants,
    Row::Record,
    Row::Save,
];

/// The form's values, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Values {
    name: String,
    anyone_may_start: bool,
    mute_on_start: bool,
    waiting_room: bool,
    max_participants: String,
    record: bool,
}

impl Values {
    fn of(room: &Room) -> Values {
        let s = &room.settings;
        Values {
            name: room.name.clone(),
            anyone_may_start: s.anyone_may_start,
            mute_on_start: s.mute_on_start,
            waiting_room: s.guest_policy == GuestPolicy::WaitingRoom,
            max_participants: s
                .max_participants
                .map(|n| n.to_string())
                .unwrap_or_default(),
            record: s.record,
        }
    }

    /// The problems with what is typed, as messages.
    fn errors(&self) -> Vec<Msg> {
        let mut errors = Vec::new();
        let name = self.name.trim().chars().count();
        if !(2..=100).contains(&name) || self.name.chars().any(char::is_control) {
            errors.push(Msg::RoomErrName);
        }
        if self.max().is_err() {
            errors.push(Msg::RoomErrMax);
        }
        errors
    }

    /// Most participants: `Ok(None)` for no limit.
    fn max(&self) -> Result<Option<u32>, ()> {
        let text = self.max_participants.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(Some(n)),
            _ => Err(()),
        }
    }

    /// Only what differs from `room`; `max_participants: 0` removes the limit.
    fn change(&self, room: &Room) -> RoomChange {
        let was = Values::of(room);
        let differs = |a: bool, b: bool| (a != b).then_some(a);
        let max = self.max().unwrap_or(None);
        RoomChange {
            name: (self.name.trim() != room.name).then(|| self.name.trim().to_string()),
            anyone_may_start: differs(self.anyone_may_start, was.anyone_may_start),
            mute_on_start: differs(self.mute_on_start, was.mute_on_start),
            guest_policy: (self.waiting_room != was.waiting_room).then_some(if self.waiting_room {
                GuestPolicy::WaitingRoom
            } else {
                GuestPolicy::Open
            }),
            max_participants: (max != room.settings.max_participants).then_some(max.unwrap_or(0)),
            record: differs(self.record, was.record),
        }
    }
}

#[derive(Debug, Default)]
pub struct RoomSettings {
    booking: Option<MyBooking>,
    room: Option<Room>,
    values: Values,
    focus: usize,
    busy: bool,
    /// After an attempt to save, every error shows.
    tried: bool,
    /// The last answer that was not a room: shown until the next one.
    problem: Option<String>,
}

impl RoomSettings {
    /// Opens the settings of `booking`'s room and loads it in the background.
    pub fn open(&mut self, booking: MyBooking, ctx: &mut Ctx) {
        let same = self.booking.as_ref().is_some_and(|b| b.id == booking.id);
        if !same {
            *self = RoomSettings::default();
        }
        self.booking = Some(booking.clone());
        self.busy = true;
        self.problem = None;
        ctx.spawn(Job::new("load room", async move {
            let answer = match Client::new(&booking.directory) {
                Ok(c) => c.room(&booking.id, &booking.owner_token).await,
                Err(e) => Err(e),
            };
            Action::RoomAnswer(match answer {
                Ok(room) => RoomAnswer::Loaded(Box::new(room)),
                Err(e) => RoomAnswer::Failed(e.to_string()),
            })
        }));
    }

    fn row(&self) -> Row {
        ROWS[self.focus]
    }

    fn save(&mut self, ctx: &mut Ctx) {
        self.tried = true;
        let (Some(booking), Some(room)) = (self.booking.clone(), self.room.as_ref()) else {
            return;
        };
        if self.busy || !self.values.errors().is_empty() {
            return;
        }
        let change = self.values.change(room);
        if change == RoomChange::default() {
            ctx.status = Some(ctx.t(Msg::RoomUnchanged).to_string());
            return;
        }
        self.busy = true;
        let lang = ctx.lang;
        ctx.spawn(Job::new("save room", async move {
            let answer = match Client::new(&booking.directory) {
                Ok(c) => {
                    c.change_room(&booking.id, &booking.owner_token, &change)
                        .await
                }
                Err(e) => Err(e),
            };
            Action::RoomAnswer(match answer {
                Ok(room) => RoomAnswer::Saved(Box::new(room)),
                Err(e) => RoomAnswer::Failed(match e.problem() {
                    Some(p) => crate::mine::problem::describe(p, lang),
                    None => e.to_string(),
                }),
            })
        }));
    }

    fn toggle(&mut self) {
        let row = self.row();
        let v = &mut self.values;
        match row {
            Row::AnyoneMayStart => v.anyone_may_start = !v.anyone_may_start,
            Row::MuteOnStart => v.mute_on_start = !v.mute_on_start,
            Row::WaitingRoom => v.waiting_room = !v.waiting_room,
            Row::Record => v.record = !v.record,
            Row::Name | Row::MaxParticipants | Row::Save => {}
        }
    }
}

impl Component for RoomSettings {
    fn mode(&self) -> Mode {
        Mode::Form
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        match self.row() {
            Row::Name | Row::MaxParticipants => ctx.keymap.action(Mode::Form, key),
            _ => ctx.keymap.choice_action(Mode::Form, key),
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        let count = ROWS.len();
        match action {
            Action::NextPane | Action::Down => self.focus = (self.focus + 1) % count,
            Action::PrevPane | Action::Up => self.focus = (self.focus + count - 1) % count,
            Action::Input(c) => match self.row() {
                Row::Name => self.values.name.push(c),
                Row::MaxParticipants if c.is_ascii_digit() => self.values.max_participants.push(c),
                Row::MaxParticipants => {}
                _ if c == ' ' => self.toggle(),
                _ => {}
            },
            Action::DeleteBack | Action::ClearInput => {
                let all = action == Action::ClearInput;
                let field = match self.row() {
                    Row::Name => &mut self.values.name,
                    Row::MaxParticipants => &mut self.values.max_participants,
                    _ => return None,
                };
                if all {
                    field.clear();
                } else {
                    field.pop();
                }
            }
            Action::Toggle => match self.row() {
                Row::Save => self.save(ctx),
                Row::Name | Row::MaxParticipants => self.focus = (self.focus + 1) % count,
                _ => self.toggle(),
            },
            Action::SubmitInput => self.save(ctx),
            Action::RoomAnswer(answer) => {
                self.busy = false;
                match answer {
                    RoomAnswer::Loaded(room) => {
                        // a reload keeps what was typed meanwhile
                        if self.room.is_none() {
                            self.values = Values::of(&room);
                        }
                        self.room = Some(*room);
                        self.problem = None;
                    }
                    RoomAnswer::Saved(room) => {
                        self.values = Values::of(&room);
                        self.room = Some(*room);
                        self.problem = None;
                        self.tried = false;
                        ctx.status = Some(ctx.t(Msg::RoomSaved).to_string());
                    }
                    RoomAnswer::Failed(e) => self.problem = Some(e),
                }
            }
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let title = match &self.booking {
            Some(b) => format!("{}: {}", ctx.t(Msg::RoomTitle), clean(&b.name)),
            None => ctx.t(Msg::RoomTitle).to_string(),
        };
        let mut lines: Vec<Line<'static>> = Vec::new();
        if let Some(problem) = &self.problem {
            lines.push(Line::styled(clean(problem), theme.concern));
            lines.push(Line::raw(""));
        }
        let Some(room) = &self.room else {
            if self.problem.is_none() {
                lines.push(Line::styled(ctx.t(Msg::RoomLoading), theme.dim));
            }
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(pane(title, true, ctx)),
                area,
            );
            return;
        };
        let v = &self.values;
        let errors = v.errors();
        let label_width = [
            Msg::RoomName,
            Msg::RoomMaxParticipants,
            Msg::RoomAnyoneMayStart,
            Msg::RoomWaitingRoom,
        ]
        .iter()
        .map(|m| ctx.t(*m).chars().count())
        .max()
        .unwrap_or(20)
            + 1;
        for (n, row) in ROWS.into_iter().enumerate() {
            let focused = n == self.focus;
            let check = |label: Msg, on: bool| {
                plain_row(
                    format!("[{}] {}", if on { "x" } else { " " }, ctx.t(label)),
                    focused,
                    ctx,
                )
            };
            let text =
                |label: Msg, value: &str| text_row(ctx.t(label), label_width, value, focused, ctx);
            let error = |msg: Msg| {
                (errors.contains(&msg) && (self.tried || focused))
                    .then(|| error_row(ctx.t(msg), ctx))
            };
            match row {
                Row::Name => {
                    lines.push(text(Msg::RoomName, &v.name));
                    lines.extend(error(Msg::RoomErrName));
                }
                Row::AnyoneMayStart => {
                    lines.push(check(Msg::RoomAnyoneMayStart, v.anyone_may_start))
                }
                Row::MuteOnStart => lines.push(check(Msg::RoomMuteOnStart, v.mute_on_start)),
                Row::WaitingRoom => lines.push(check(Msg::RoomWaitingRoom, v.waiting_room)),
                Row::MaxParticipants => {
                    lines.push(text(Msg::RoomMaxParticipants, &v.max_participants));
                    lines.extend(error(Msg::RoomErrMax));
                }
                Row::Record => lines.push(check(Msg::RoomRecord, v.record)),
                Row::Save => {
                    let label = ctx.t(if self.busy {
                        Msg::RoomSaving
                    } else {
                        Msg::RoomSave
                    });
                    lines.push(button_row(label, focused, ctx));
                }
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::raw(tf(
            Msg::RoomCodes,
            ctx.lang,
            &[
                ("viewer", &clean(&room.viewer_code)),
                ("moderator", &clean(&room.moderator_code)),
            ],
        )));
        lines.push(Line::raw(clean(&room.room_url)));
        lines.push(Line::styled(ctx.t(Msg::RoomHint), theme.dim));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(pane(title, true, ctx)),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::RoomSettings as Settings;

    fn room() -> Room {
        Room {
            booking_id: "bk_1".into(),
            slug: "kiez-vor-123".into(),
            name: "Kiezchor Vorstand".into(),
            room_url: "https://dir.example/r/kiez-vor-123".into(),
            viewer_code: "4711".into(),
            moderator_code: "0815".into(),
            settings: Settings {
                max_participants: Some(12),
                ..Settings::default()
            },
        }
    }

    #[test]
    fn only_what_changed_is_sent() {
        let room = room();
        let mut v = Values::of(&room);
        assert_eq!(v.change(&room), RoomChange::default());
        v.waiting_room = true;
        v.max_participants.clear();
        let change = v.change(&room);
        assert_eq!(change.guest_policy, Some(GuestPolicy::WaitingRoom));
        assert_eq!(change.max_participants, Some(0), "empty removes the limit");
        assert_eq!(change.name, None);
        assert_eq!(change.mute_on_start, None);
    }

    #[test]
    fn limits_follow_the_server() {
        let mut v = Values::of(&room());
        v.name = "x".into();
        v.max_participants = "1001".into();
        assert_eq!(v.errors(), vec![Msg::RoomErrName, Msg::RoomErrMax]);
        v.name = "Vorstand".into();
        v.max_participants = "1000".into();
        assert!(v.errors().is_empty());
    }
}
