//! Help: every key of every mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{Component, Scroll, padded, pane};
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::text::{fit, wrap};

#[derive(Debug, Default)]
pub struct Help {
    scroll: Scroll,
}

impl Component for Help {
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Option<Action> {
        self.scroll.apply(&action);
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let block = pane(ctx.t(Msg::TuiHelpTitle), true, ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text_area = padded(inner);
        let lines = help_lines(ctx, usize::from(text_area.width));
        self.scroll.draw(frame, text_area, lines, ctx.theme.base);
    }
}

pub fn help_lines(ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let theme = &ctx.theme;
    let mut lines: Vec<Line<'static>> = wrap(ctx.t(Msg::TuiHelpIntro), width)
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect();
    let key_width = Mode::ALL
        .iter()
        .flat_map(|m| ctx.keymap.bindings(*m))
        .map(|b| b.keys_label(ctx.lang).width())
        .max()
        .unwrap_or(0)
        .min(width / 3);
    for mode in Mode::ALL {
        let bindings = ctx.keymap.bindings(mode);
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(mode.title(ctx.lang).to_string(), theme.title));
        for b in bindings {
            let desc = wrap(b.desc.get(ctx.lang), width.saturating_sub(key_width + 3));
            for (i, d) in desc.into_iter().enumerate() {
                let keys = if i == 0 {
                    b.keys_label(ctx.lang)
                } else {
                    String::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {}", fit(&keys, key_width)), theme.key),
                    Span::raw(format!(" {d}")),
                ]));
            }
        }
    }
    lines
}
