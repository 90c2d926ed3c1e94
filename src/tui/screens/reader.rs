//! Reading one practical example.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::examples::tool_names;
use super::{Component, Scroll, pane};
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, clean_block, wrap};

#[derive(Debug, Default)]
pub struct Reader {
    pub example: usize,
    scroll: Scroll,
}

impl Reader {
    pub fn show(&mut self, example: usize) {
        if example != self.example {
            self.scroll = Scroll::default();
        }
        self.example = example;
    }
}

impl Component for Reader {
    fn mode(&self) -> Mode {
        Mode::Reader
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Option<Action> {
        self.scroll.apply(&action);
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let lang = ctx.lang;
        let Some(example) = ctx.catalog.examples.get(self.example) else {
            frame.render_widget(pane("", true, ctx), area);
            return;
        };
        let block = pane(clean(example.title.get(lang)), true, ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // a comfortable reading width, centred on wide terminals
        let width = inner.width.saturating_sub(4).min(90);
        let text_area = Rect {
            x: inner.x + (inner.width - width) / 2,
            width,
            ..inner
        };
        let w = usize::from(width);
        let mut lines: Vec<Line<'static>> = vec![
            Line::styled(clean(example.title.get(lang)), theme.title),
            Line::styled(clean(example.club.get(lang)), theme.dim),
            Line::from(vec![
                Span::styled(format!("{}: ", ctx.t(Msg::FieldTools)), theme.dim),
                Span::raw(tool_names(&example.tools, ctx)),
            ]),
            Line::raw(""),
        ];
        lines.extend(
            wrap(&clean(example.summary.get(lang)), w)
                .into_iter()
                .map(|l| Line::styled(l, theme.title)),
        );
        lines.push(Line::raw(""));
        lines.extend(
            wrap(&clean_block(example.body.get(lang)), w)
                .into_iter()
                .map(Line::raw),
        );
        self.scroll.draw(frame, text_area, lines, theme.base);
        if let Some(pos) = self.scroll.indicator() {
            let label = format!(" {pos} ");
            let x = area.right().saturating_sub(label.len() as u16 + 2);
            frame.render_widget(
                Span::styled(label, theme.dim),
                Rect::new(x, area.bottom().saturating_sub(1), 6, 1),
            );
        }
    }
}
