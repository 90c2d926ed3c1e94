//! Upcoming dates, grouped by event (its title on its first date), so that the monthly
//! consultation hour stays in sight beside the workshops; in Berlin time; `r` registers for the
//! selected date. The directory's calendar feed is shown as a `webcal://` link to subscribe to.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Component, Picker, padded, pane};
use crate::api::webcal_url;
use crate::events::{Upcoming, by_event};
use crate::i18n::{Msg, tf};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, clean_block, fit, fit_words, truncate, truncate_words, when, wrap};

/// Dates shown per event.
const PER_EVENT: usize = 3;

#[derive(Debug, Default)]
pub struct Events {
    list: Picker,
}

fn place(u: &Upcoming<'_>, ctx: &Ctx) -> String {
    match (&u.event.online_url, &u.event.place) {
        (Some(_), Some(p)) => format!("{} + {}", ctx.t(Msg::Online), clean(p.get(ctx.lang))),
        (Some(_), None) => ctx.t(Msg::Online).to_string(),
        (None, Some(p)) => clean(p.get(ctx.lang)),
        (None, None) => String::new(),
    }
}

impl Component for Events {
    fn mode(&self) -> Mode {
        Mode::Events
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        self.list
            .set_len(by_event(&ctx.catalog.events, ctx.now, PER_EVENT).len());
        match action {
            Action::Register => {
                let dates = by_event(&ctx.catalog.events, ctx.now, PER_EVENT);
                let u = dates.get(self.list.selected())?;
                return Some(Action::RegisterFor {
                    event_id: u.event.id.clone(),
                    title: u.event.title.get(ctx.lang).to_string(),
                    date: u.occurrence.start.date().to_string(),
                });
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
        let dates = by_event(&ctx.catalog.events, ctx.now, PER_EVENT);
        let list_height = (dates.len() as u16 + 2).clamp(3, (area.height / 2).max(3));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(3)]).areas(area);
        let width = usize::from(top.width.saturating_sub(3));
        let when_width = dates
            .iter()
            .map(|u| when(&u.occurrence, lang).width() + 2)
            .max()
            .unwrap_or(0);
        let title_width = (width.saturating_sub(when_width) * 11 / 20).max(16);
        let place_width = width.saturating_sub(when_width + title_width + 1);
        let items: Vec<Line<'static>> = dates
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let first = i == 0 || dates[i - 1].event.id != u.event.id;
                let (title, place) = if first {
                    (
                        fit_words(&clean(u.event.title.get(lang)), title_width),
                        format!(" {}", truncate_words(&place(u, ctx), place_width)),
                    )
                } else {
                    // the same event's next date: its title and place are the line above
                    (fit("  ·", title_width), String::new())
                };
                Line::from(vec![
                    Span::styled(fit(&when(&u.occurrence, lang), when_width), theme.key),
                    Span::raw(title),
                    Span::styled(place, theme.dim),
                ])
            })
            .collect();
        // event times are Berlin times, and the title says so
        let title = format!(
            "{} · {}",
            ctx.t(Msg::TuiEventsTitle),
            ctx.t(Msg::TimesBerlin)
        );
        self.list
            .draw_lines(frame, pane(title, true, ctx), top, items, ctx);

        let Some(u) = dates.get(self.list.selected()) else {
            let block = pane("", false, ctx);
            let inner = block.inner(bottom);
            frame.render_widget(block, bottom);
            frame.render_widget(
                Paragraph::new(Line::styled(ctx.t(Msg::TuiEventsNone), theme.dim)),
                inner,
            );
            return;
        };
        let event = u.event;
        let block = pane(clean(event.title.get(lang)), false, ctx);
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        let w = usize::from(inner.width.saturating_sub(2));
        let language = match event.language.as_str() {
            "de" => ctx.t(Msg::TuiLangGerman).to_string(),
            "en" => ctx.t(Msg::TuiLangEnglish).to_string(),
            other => clean(other),
        };
        let mut lines: Vec<Line<'static>> = vec![Line::from(vec![
            Span::styled(when(&u.occurrence, lang), theme.notice),
            Span::styled(
                format!(
                    " · {} · {}",
                    language,
                    tf(
                        Msg::TuiEventCapacity,
                        lang,
                        &[("capacity", &event.capacity)]
                    )
                ),
                theme.dim,
            ),
        ])];
        let mut where_ = Vec::new();
        if let Some(p) = &event.place {
            where_.push(clean(p.get(lang)));
        }
        if let Some(url) = &event.online_url {
            where_.push(clean(url));
        }
        for (i, part) in wrap(&where_.join(" · "), w.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                format!("{}: ", ctx.t(Msg::FieldWhere))
            } else {
                "    ".to_string()
            };
            lines.push(Line::styled(format!("{lead}{part}"), theme.dim));
        }
        lines.push(Line::raw(""));
        lines.extend(
            wrap(&clean_block(event.description.get(lang)), w)
                .into_iter()
                .map(Line::raw),
        );
        // keep the notes about registering and subscribing visible at the bottom
        let mut note = wrap(ctx.t(Msg::TuiEventsRegisterSoon), w);
        if let Some(feed) = webcal_url(&ctx.directory_url) {
            note.extend(wrap(
                &tf(Msg::EventsSubscribe, lang, &[("url", &clean(&feed))]),
                w,
            ));
        }
        let room = usize::from(inner.height).saturating_sub(note.len() + 1);
        if lines.len() > room && room > 0 {
            // cut: the last line shown says that more follows
            lines.truncate(room);
            if let Some(last) = lines.last_mut() {
                let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                let mut shown = truncate(text.trim_end(), w.saturating_sub(1));
                if !shown.ends_with('…') {
                    shown.push('…');
                }
                *last = Line::raw(shown);
            }
        }
        lines.truncate(room);
        while lines.len() < room {
            lines.push(Line::raw(""));
        }
        lines.push(Line::raw(""));
        lines.extend(note.into_iter().map(|l| Line::styled(l, theme.notice)));
        frame.render_widget(Paragraph::new(lines), padded(inner));
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::tui::action::ScreenId;
    use crate::tui::testing::*;

    #[test]
    fn the_feed_to_subscribe_to_is_shown_as_a_webcal_link() {
        for (lang, said) in [
            (Lang::De, "im Kalender abonnieren"),
            (Lang::En, "Subscribe"),
        ] {
            let mut app = app(lang);
            app.ctx.directory_url = "https://verzeichnis.example.org/".into();
            go(&mut app, ScreenId::Events);
            let screen = render(&mut app, 100, 30);
            assert!(
                screen.contains(said)
                    && screen.contains("webcal://verzeichnis.example.org/api/v1/events.ics"),
                "{screen}"
            );
        }
    }

    #[test]
    fn a_description_cut_by_a_short_screen_ends_in_an_ellipsis() {
        let mut catalog = (*fixture()).clone();
        let event = &mut catalog.events[0];
        let words: Vec<String> = (1..=200).map(|i| format!("word{i}")).collect();
        event.description.en = words.join(" ");
        let mut app = app_with(std::sync::Arc::new(catalog), Lang::En);
        app.ctx.directory_url = "https://verzeichnis.example.org/".into();
        go(&mut app, ScreenId::Events);
        let screen = render(&mut app, 100, 24);
        let rows: Vec<&str> = screen.lines().collect();
        let register = rows
            .iter()
            .position(|r| r.contains("r: register for the selected date"))
            .unwrap_or_else(|| panic!("the note stays at the bottom:\n{screen}"));
        // the last line of the description, above the blank line before the notes, says more follows
        assert!(
            rows[register - 2]
                .trim_end_matches(['"', ' ', '│'])
                .ends_with('…'),
            "{screen}"
        );
        assert!(!screen.contains("word200"), "{screen}");
        let tall = render(&mut app, 100, 60);
        assert!(
            tall.contains("word200") && !tall.contains("word200…"),
            "{tall}"
        );
    }
}
