//! Home: what vereint offers, the next consultation hour, the main keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{Component, Scroll, padded, pane};
use crate::client::catalog_sync::Source;
use crate::events::{EventKind, agenda};
use crate::i18n::{Msg, tf};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Mode, label};
use crate::tui::text::{berlin, clean, when, wrap};

#[derive(Debug, Default)]
pub struct Home {
    scroll: Scroll,
}

impl Component for Home {
    fn mode(&self) -> Mode {
        Mode::Home
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Option<Action> {
        self.scroll.apply(&action);
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let catalog = &ctx.catalog;
        let wide = area.width >= 110;
        let [main, side] = if wide {
            Layout::horizontal([Constraint::Min(60), Constraint::Length(44)]).areas(area)
        } else {
            [area, Rect::default()]
        };

        let block = pane(ctx.t(Msg::TuiHomeTitle), true, ctx);
        let inner = block.inner(main);
        frame.render_widget(block, main);
        let width = usize::from(inner.width.saturating_sub(2)).max(10);
        let mut lines: Vec<Line<'static>> = Vec::new();
        let para = |lines: &mut Vec<Line<'static>>, text: &str, indent: &str| {
            for (i, l) in wrap(text, width.saturating_sub(indent.len()))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    indent.to_string()
                } else {
                    " ".repeat(indent.chars().count())
                };
                lines.push(Line::raw(format!("{lead}{l}")));
            }
        };
        para(&mut lines, ctx.t(Msg::TuiHomeIntro), "");
        lines.push(Line::raw(""));

        // the next consultation hour, the first thing people ask for
        let next = agenda(&catalog.events, ctx.now, 1)
            .into_iter()
            .find(|u| u.event.kind == EventKind::Consultation);
        match next {
            Some(u) => {
                let place = match (&u.event.online_url, &u.event.place) {
                    (Some(_), _) => ctx.t(Msg::Online).to_string(),
                    (None, Some(p)) => clean(p.get(lang)),
                    (None, None) => String::new(),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{}: ", clean(u.event.title.get(lang))), theme.title),
                    Span::styled(
                        format!(
                            "{} ({}), {place}",
                            when(&u.occurrence, lang),
                            ctx.t(Msg::TimesBerlin)
                        ),
                        theme.notice,
                    ),
                ]));
            }
            None => lines.push(Line::styled(ctx.t(Msg::TuiHomeNoConsultation), theme.dim)),
        }
        lines.push(Line::raw(""));

        lines.push(Line::styled(ctx.t(Msg::TuiHomeOffers), theme.title));
        let offers = [
            tf(
                Msg::TuiHomeOfferCatalogue,
                lang,
                &[
                    ("tools", &catalog.tools.len()),
                    ("categories", &catalog.categories.len()),
                ],
            ),
            ctx.t(Msg::TuiHomeOfferCompare).to_string(),
            tf(
                Msg::TuiHomeOfferExamples,
                lang,
                &[("examples", &catalog.examples.len())],
            ),
            ctx.t(Msg::TuiHomeOfferEvents).to_string(),
        ];
        for (i, offer) in offers.iter().enumerate() {
            para(&mut lines, offer, " • ");
            if i > 0 {
                continue;
            }
            // where the catalogue came from, under the catalogue's line
            match &ctx.catalog_source {
                Source::Embedded => {}
                Source::Directory { url } => para(
                    &mut lines,
                    &tf(Msg::TuiCatalogFromDirectory, lang, &[("url", &clean(url))]),
                    "   ",
                ),
                Source::Cached { url, fetched_at } => para(
                    &mut lines,
                    &tf(
                        Msg::TuiCatalogCached,
                        lang,
                        &[("url", &clean(url)), ("date", &berlin_date(fetched_at))],
                    ),
                    "   ",
                ),
            }
        }
        for service in &catalog.services {
            let text = tf(
                Msg::TuiHomeOfferBook,
                lang,
                &[("service", &clean(service.title.get(lang)))],
            );
            para(&mut lines, &text, " • ");
        }

        if !wide {
            lines.push(Line::raw(""));
            lines.push(Line::styled(ctx.t(Msg::TuiHomeShortcuts), theme.title));
            lines.extend(packed_shortcuts(ctx, width));
        }
        self.scroll.draw(frame, padded(inner), lines, theme.base);
        // at 80x24 not every key fits: the bottom border says that there is more
        if self.scroll.more_below() {
            let more = ctx.t(Msg::TuiMoreBelow);
            let width = (more.width() as u16).min(main.width.saturating_sub(4));
            let x = main.right().saturating_sub(width + 2);
            frame.render_widget(
                Span::styled(more, theme.notice),
                Rect::new(x, main.bottom().saturating_sub(1), width, 1),
            );
        }

        if wide {
            let block = pane(ctx.t(Msg::TuiHomeShortcuts), false, ctx);
            let inner = block.inner(side);
            frame.render_widget(block, side);
            let mut lines = shortcuts(ctx);
            lines.remove(0);
            frame.render_widget(
                ratatui::widgets::Paragraph::new(lines),
                Rect {
                    x: inner.x + 1,
                    width: inner.width.saturating_sub(1),
                    ..inner
                },
            );
        }
    }
}

/// The day an RFC 3339 time falls on in Berlin (the zone of this screen, which shows an event).
fn berlin_date(at: &str) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(ts) => ts.to_zoned(berlin()).date().to_string(),
        Err(_) => clean(at.get(..10).unwrap_or(at)),
    }
}

/// The global keys, from the keymap.
fn shortcuts(ctx: &Ctx) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(ctx.t(Msg::TuiHomeShortcuts), ctx.theme.title)];
    for binding in ctx.keymap.bindings(Mode::Global) {
        let keys: Vec<String> = binding.specs.iter().map(|s| label(s, ctx.lang)).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<9}", keys.join(" ")), ctx.theme.key),
            Span::raw(binding.desc.get(ctx.lang).to_string()),
        ]));
    }
    lines
}

/// The global keys packed into as few lines as fit `width`.
fn packed_shortcuts(ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for binding in ctx.keymap.bindings(Mode::Global) {
        let key = label(&binding.specs[0], ctx.lang);
        let desc = binding.desc.get(ctx.lang).to_string();
        let w = key.width() + 1 + desc.width() + 3;
        if used > 0 && used + w > width + 3 {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        used += w;
        spans.push(Span::styled(key, ctx.theme.key));
        spans.push(Span::raw(format!(" {desc}   ")));
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}
