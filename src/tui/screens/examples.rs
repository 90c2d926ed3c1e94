//! Practical examples: a list, with the selected example's summary below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Component, Picker, padded, pane};
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, fit_words, truncate_words, wrap};

#[derive(Debug, Default)]
pub struct Examples {
    list: Picker,
}

impl Component for Examples {
    fn mode(&self) -> Mode {
        Mode::Examples
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        // the length is known before the first draw, too
        self.list.set_len(ctx.catalog.examples.len());
        match action {
            Action::Open | Action::Toggle if !ctx.catalog.examples.is_empty() => {
                Some(Action::ShowExample(self.list.selected()))
            }
            Action::Click { column, row } => {
                let i = self.list.hit(column, row)?;
                let again = self.list.selected() == i;
                self.list.select(i);
                again.then_some(Action::ShowExample(i))
            }
            other => {
                self.list.apply(&other);
                None
            }
        }
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let examples = &ctx.catalog.examples;
        let list_height =
            (examples.len() as u16 + 2).clamp(3, area.height.saturating_sub(8).max(3));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(3)]).areas(area);
        let width = usize::from(top.width.saturating_sub(3));
        let title_width = (width * 3 / 5).max(20);
        let club_width = width.saturating_sub(title_width + 2);
        let items: Vec<Line<'static>> = examples
            .iter()
            .map(|e| {
                Line::from(vec![
                    Span::raw(fit_words(&clean(e.title.get(lang)), title_width)),
                    Span::styled(
                        format!("  {}", truncate_words(&clean(e.club.get(lang)), club_width)),
                        theme.dim,
                    ),
                ])
            })
            .collect();
        self.list.draw_lines(
            frame,
            pane(ctx.t(Msg::TuiExamplesTitle), true, ctx),
            top,
            items,
            ctx,
        );

        let Some(example) = examples.get(self.list.selected()) else {
            frame.render_widget(pane("", false, ctx), bottom);
            return;
        };
        let block = pane(clean(example.club.get(lang)), false, ctx);
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        let width = usize::from(inner.width.saturating_sub(2));
        let mut lines: Vec<Line<'static>> =
            vec![Line::styled(clean(example.title.get(lang)), theme.title)];
        lines.extend(
            wrap(&clean(example.summary.get(lang)), width)
                .into_iter()
                .map(Line::raw),
        );
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "{}: {}",
                ctx.t(Msg::FieldTools),
                tool_names(&example.tools, ctx)
            ),
            theme.dim,
        ));
        lines.push(Line::styled(ctx.t(Msg::TuiExamplesHint), theme.dim));
        frame.render_widget(Paragraph::new(lines), padded(inner));
    }
}

/// The names of the tools an example uses, falling back to their ids.
pub fn tool_names(ids: &[String], ctx: &Ctx) -> String {
    ids.iter()
        .map(|id| {
            ctx.catalog
                .tool(id)
                .map_or_else(|| clean(id), |t| clean(&t.name))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
