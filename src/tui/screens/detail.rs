//! One tool: all facts, the privacy profile, the sources and the date the facts were checked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::catalogue::category_name;
use super::{Component, Scroll, field_lines, padded, pane};
use crate::catalog::model::Tool;
use crate::catalog::profile::profile;
use crate::i18n::{Msg, t};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, clean_block, wrap};

#[derive(Debug, Default)]
pub struct Detail {
    pub tool: usize,
    scroll: Scroll,
}

impl Detail {
    pub fn show(&mut self, tool: usize) {
        if tool != self.tool {
            self.scroll = Scroll::default();
        }
        self.tool = tool;
    }
}

impl Component for Detail {
    fn mode(&self) -> Mode {
        Mode::Detail
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        match action {
            Action::ToggleCompare => ctx.toggle_mark(self.tool),
            Action::Open => {}
            other => {
                self.scroll.apply(&other);
            }
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(tool) = ctx.catalog.tools.get(self.tool) else {
            frame.render_widget(pane("", true, ctx), area);
            return;
        };
        let mut title = clean(&tool.name);
        if ctx.marked.contains(&self.tool) {
            title.push_str(" ✓");
        }
        let block = pane(title, true, ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text_area = padded(inner);
        let lines = tool_lines(tool, usize::from(text_area.width), ctx);
        self.scroll.draw(frame, text_area, lines, ctx.theme.base);
        if let Some(pos) = self.scroll.indicator() {
            let label = format!(" {pos} ");
            let x = area.right().saturating_sub(label.len() as u16 + 2);
            frame.render_widget(
                Span::styled(label, ctx.theme.dim),
                Rect::new(x, area.bottom().saturating_sub(1), 6, 1),
            );
        }
    }
}

/// The whole page, laid out for `width` columns.
pub fn tool_lines(tool: &Tool, width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
    let theme = &ctx.theme;
    let lang = ctx.lang;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let heading = |lines: &mut Vec<Line<'static>>, text: &str| {
        lines.push(Line::raw(""));
        lines.push(Line::styled(text.to_string(), theme.title));
    };
    let para = |lines: &mut Vec<Line<'static>>, text: &str| {
        lines.extend(wrap(&clean_block(text), width).into_iter().map(Line::raw));
    };

    lines.push(Line::from(vec![
        Span::styled(clean(&tool.name), theme.title),
        Span::styled(format!(" · {}", category_name(tool, ctx)), theme.dim),
    ]));
    para(&mut lines, tool.summary.get(lang));

    heading(&mut lines, ctx.t(Msg::FieldProfile));
    for line in profile(tool, lang) {
        let style = theme.mark(line.mark);
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", line.mark.symbol()), style),
            Span::styled(clean(&line.text), style),
        ]));
    }

    heading(&mut lines, ctx.t(Msg::TuiFacts));
    let rows: Vec<(Msg, String)> =
        crate::catalog::facts::rows(tool, &category_name(tool, ctx), lang)
            .into_iter()
            .map(|(label, value)| (label, clean(&value)))
            .collect();
    let label_width = rows
        .iter()
        .map(|(m, _)| unicode_width::UnicodeWidthStr::width(t(*m, lang)))
        .max()
        .unwrap_or(0)
        .min(width * 2 / 5);
    for (label, value) in rows {
        lines.extend(field_lines(
            ctx.t(label),
            &value,
            label_width,
            width,
            theme.dim,
            theme.base,
        ));
    }

    heading(&mut lines, ctx.t(Msg::TuiDescription));
    para(&mut lines, tool.description.get(lang));

    heading(&mut lines, ctx.t(Msg::FieldSources));
    for source in &tool.sources {
        for (i, part) in wrap(&clean(source), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "• " } else { "  " };
            lines.push(Line::raw(format!("{lead}{part}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{}: {}", ctx.t(Msg::FieldAsOf), tool.as_of),
        theme.dim,
    ));
    lines
}
