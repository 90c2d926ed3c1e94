//! Two to four tools side by side: the same rows for each, rows that differ highlighted.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use super::catalogue::category_name;
use super::{Component, Scroll, padded, pane};
use crate::catalog::facts::{e2e_word, fact_word, yes_no};
use crate::catalog::model::{Count, Tool};
use crate::catalog::profile::{Mark, profile};
use crate::i18n::{Msg, t, tf};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, MAX_COMPARE};
use crate::tui::keymap::Mode;
use crate::tui::text::{clean, fit, fit_words, wrap, wrap_whole};

#[derive(Debug, Default)]
pub struct Compare {
    /// The selected column.
    pub column: usize,
    scroll: Scroll,
    /// Where the columns were drawn, for mouse clicks.
    columns: Vec<Rect>,
}

impl Component for Compare {
    fn mode(&self) -> Mode {
        Mode::Compare
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        let n = ctx.marked.len();
        match action {
            Action::Left => self.column = self.column.saturating_sub(1),
            Action::Right | Action::NextPane => {
                self.column = (self.column + 1).min(n.saturating_sub(1))
            }
            Action::PrevPane => self.column = self.column.saturating_sub(1),
            Action::Open => return ctx.marked.get(self.column).copied().map(Action::ShowTool),
            Action::Remove => {
                if self.column < n {
                    ctx.marked.remove(self.column);
                    self.column = self.column.min(ctx.marked.len().saturating_sub(1));
                }
            }
            Action::Click { column, row } => {
                let at = Position::new(column, row);
                if let Some(i) = self.columns.iter().position(|r| r.contains(at)) {
                    let again = i == self.column;
                    self.column = i;
                    if again {
                        return ctx.marked.get(i).copied().map(Action::ShowTool);
                    }
                }
            }
            other => {
                self.scroll.apply(&other);
            }
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let tools: Vec<(usize, &Tool)> = ctx
            .marked
            .iter()
            .filter_map(|&i| ctx.catalog.tools.get(i).map(|t| (i, t)))
            .collect();
        let block = pane(ctx.t(Msg::TuiCompareTitle), true, ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        self.columns.clear();
        if tools.len() < 2 {
            let mut lines = vec![Line::styled(ctx.t(Msg::TuiCompareEmpty), theme.notice)];
            for (_, tool) in &tools {
                lines.push(Line::raw(format!("✓ {}", clean(&tool.name))));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                tf(Msg::TuiCompareHowTo, ctx.lang, &[("max", &MAX_COMPARE)]),
                theme.dim,
            ));
            let width = usize::from(inner.width.saturating_sub(2));
            let lines: Vec<Line<'static>> = lines
                .into_iter()
                .flat_map(|l| {
                    let style = l.style;
                    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                    wrap(&text, width)
                        .into_iter()
                        .map(move |w| Line::styled(w, style))
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), padded(inner));
            return;
        }
        self.column = self.column.min(tools.len() - 1);

        let width = usize::from(inner.width);
        // labels as wide as they need, within 30% of the width and leaving every tool 12 columns
        let all_rows = rows(&tools.iter().map(|(_, t)| *t).collect::<Vec<_>>(), ctx);
        let widest = all_rows
            .iter()
            .map(|r| r.label.width() + 2)
            .max()
            .unwrap_or(10);
        let label_width = widest
            .min(width * 3 / 10)
            .min(width.saturating_sub(1 + 12 * tools.len()))
            .max(8);
        let col_width = (width - label_width - 1) / tools.len();
        let cell = col_width.saturating_sub(1).max(4);

        // the header: tool names, the selected one reversed
        let mut head = vec![Span::raw(" ".repeat(label_width + 1))];
        let mut x = inner.x + label_width as u16 + 1;
        for (i, (_, tool)) in tools.iter().enumerate() {
            let style = if i == self.column {
                theme.selected
            } else {
                theme.title
            };
            let mark = if i == self.column { "›" } else { " " };
            head.push(Span::styled(
                fit_words(&format!("{mark}{}", clean(&tool.name)), cell),
                style,
            ));
            head.push(Span::raw(" "));
            self.columns
                .push(Rect::new(x, inner.y, col_width as u16, inner.height));
            x += col_width as u16;
        }
        frame.render_widget(Line::from(head), Rect { height: 1, ..inner });

        let mut lines: Vec<Line<'static>> = Vec::new();
        for row in all_rows {
            let differs = row.cells.windows(2).any(|w| w[0].1 != w[1].1);
            let label_style = if differs { theme.diff } else { theme.dim };
            let marker = if differs { "≠ " } else { "  " };
            let wrapped: Vec<Vec<String>> = row
                .cells
                .iter()
                .map(|(mark, text)| {
                    let prefix = mark.map_or(String::new(), |m| format!("{} ", m.symbol()));
                    wrap_whole(&format!("{prefix}{text}"), cell)
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).min(4);
            for line in 0..height {
                let label = if line == 0 {
                    format!(
                        "{marker}{}",
                        fit_words(&row.label, label_width.saturating_sub(2))
                    )
                } else {
                    " ".repeat(label_width)
                };
                let mut spans = vec![Span::styled(label, label_style), Span::raw(" ")];
                for (i, parts) in wrapped.iter().enumerate() {
                    let text = parts.get(line).cloned().unwrap_or_default();
                    let mut style = match row.cells[i].0 {
                        Some(mark) => theme.mark(mark),
                        None => theme.base,
                    };
                    if differs && line == 0 && row.cells[i].0.is_none() {
                        style = style.patch(theme.diff);
                    }
                    if line == 3 && parts.len() > 4 {
                        // more lines than shown: say so (a cut word has its `…` already)
                        let more = if text.ends_with('…') {
                            text
                        } else {
                            format!("{text}…")
                        };
                        spans.push(Span::styled(fit(&more, cell), style));
                    } else {
                        spans.push(Span::styled(fit(&text, cell), style));
                    }
                    spans.push(Span::raw(" "));
                }
                lines.push(Line::from(spans));
            }
        }
        lines.push(Line::raw(""));
        // wrapped, so that no key of the legend is cut off at the pane's edge
        lines.extend(
            wrap(ctx.t(Msg::TuiCompareLegend), width.max(20))
                .into_iter()
                .map(|l| Line::styled(l, theme.dim)),
        );
        let body = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        self.scroll.draw(frame, body, lines, Style::default());
    }
}

struct Row {
    label: String,
    /// Per tool: the profile mark that goes with the value, and the value.
    cells: Vec<(Option<Mark>, String)>,
}

fn rows(tools: &[&Tool], ctx: &Ctx) -> Vec<Row> {
    let lang = ctx.lang;
    let profiles: Vec<_> = tools.iter().map(|t| profile(t, lang)).collect();
    let mark = |i: usize, aspect: &str| {
        profiles[i]
            .iter()
            .find(|l| l.aspect == aspect)
            .map(|l| l.mark)
    };
    let row = |msg: Msg, aspect: Option<&str>, value: &dyn Fn(&Tool) -> String| Row {
        label: t(msg, lang).to_string(),
        cells: tools
            .iter()
            .enumerate()
            .map(|(i, tool)| (aspect.and_then(|a| mark(i, a)), value(tool)))
            .collect(),
    };
    let mut rows = vec![
        row(Msg::FieldCategory, None, &|t| category_name(t, ctx)),
        row(Msg::FieldProvider, None, &|t| clean(&t.provider.name)),
        row(Msg::FieldCountry, Some("seat"), &|t| {
            clean(&t.provider.country)
        }),
        row(Msg::FieldHosting, None, &|t| {
            if t.hosting.countries.is_empty() {
                // self-hosted, or it depends on the plan: the detail screen has the note
                return "–".to_string();
            }
            t.hosting
                .countries
                .iter()
                .map(|c| clean(c))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        row(Msg::FieldOpenSource, Some("source"), &|t| {
            yes_no(t.open_source, lang).to_string()
        }),
        row(Msg::FieldLicence, None, &|t| {
            t.licence.as_deref().map_or("–".to_string(), clean)
        }),
        row(Msg::FieldSelfHostable, Some("self_hosting"), &|t| {
            yes_no(t.self_hostable, lang).to_string()
        }),
        row(Msg::FieldE2e, Some("e2e"), &|t| {
            e2e_word(t.e2e(), lang).to_string()
        }),
        row(Msg::FieldDpa, Some("dpa"), &|t| {
            fact_word(t.gdpr.dpa, lang).to_string()
        }),
        row(Msg::FieldUsTransfer, Some("us_transfer"), &|t| {
            fact_word(t.gdpr.us_transfer, lang).to_string()
        }),
        row(Msg::FieldPlatforms, None, &|t| {
            t.platforms
                .iter()
                .map(|p| p.label())
                .collect::<Vec<_>>()
                .join(", ")
        }),
        row(Msg::FieldAccount, None, &|t| {
            fact_word(t.account_to_join, lang).to_string()
        }),
        row(Msg::FieldFreeTier, None, &|t| {
            fact_word(t.pricing.free_tier, lang).to_string()
        }),
        row(Msg::FieldNonprofit, None, &|t| {
            fact_word(t.pricing.nonprofit_offer, lang).to_string()
        }),
    ];
    if tools.iter().any(|t| t.max_participants.is_some()) {
        rows.push(row(
            Msg::FieldMaxParticipants,
            None,
            &|t| match &t.max_participants {
                Some(Count::Known(n)) => n.to_string(),
                Some(Count::Unknown(_)) => crate::i18n::t(Msg::Unknown, lang).to_string(),
                None => "–".to_string(),
            },
        ));
    }
    rows.push(row(Msg::FieldAsOf, None, &|t| t.as_of.to_string()));
    rows
}
