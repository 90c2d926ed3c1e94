//! The catalogue: search field, filter chips, categories, filters and the tool list.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Component, Picker, pane};
use crate::catalog::Catalog;
use crate::catalog::filter::{Chip, FilterKey, Filters};
use crate::catalog::model::{E2e, Tool};
use crate::catalog::search::Searcher;
use crate::i18n::{Lang, Msg, t, tf};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Mode, label};
use crate::tui::text::{clean, fit, highlighted, truncate, wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Search,
    Tools,
    Categories,
    Filters,
}

pub struct Catalogue {
    pub focus: Pane,
    pub query: String,
    pub filters: Filters,
    /// Tools shown, by position in the catalogue, in the order shown.
    pub visible: Vec<usize>,
    searcher: Searcher,
    tools: Picker,
    categories: Picker,
    filter_list: Picker,
    /// Tools per category, in category order.
    counts: Vec<usize>,
    /// Which of categories and filters shows when only one of them fits.
    left: Pane,
    search_area: Rect,
    chip_areas: Vec<(Rect, usize)>,
}

impl Catalogue {
    pub fn new(catalog: &Catalog) -> Catalogue {
        let counts = catalog
            .categories
            .iter()
            .map(|c| catalog.tools.iter().filter(|t| t.category == c.id).count())
            .collect();
        let mut tools = Picker::default();
        tools.set_len(catalog.tools.len());
        Catalogue {
            focus: Pane::Tools,
            query: String::new(),
            filters: Filters::default(),
            visible: (0..catalog.tools.len()).collect(),
            searcher: Searcher::default(),
            tools,
            categories: Picker::default(),
            filter_list: Picker::default(),
            counts,
            left: Pane::Categories,
            search_area: Rect::default(),
            chip_areas: Vec::new(),
        }
    }

    /// After the catalogue was replaced: counts, list and search again, keeping query and filters.
    pub fn reload(&mut self, ctx: &mut Ctx) {
        let fresh = Catalogue::new(&ctx.catalog);
        self.counts = fresh.counts;
        let categories = &ctx.catalog.categories;
        self.categories.set_len(categories.len() + 1);
        let position = self
            .filters
            .category
            .as_ref()
            .and_then(|id| categories.iter().position(|c| &c.id == id));
        if position.is_none() {
            self.filters.category = None;
        }
        self.categories.select(position.map_or(0, |p| p + 1));
        self.refresh(ctx);
    }

    pub fn focus_search(&mut self) {
        self.focus = Pane::Search;
    }

    /// The tool under the cursor.
    pub fn selected_tool(&self) -> Option<usize> {
        self.visible.get(self.tools.selected()).copied()
    }

    /// Runs the search and the filters again, keeping the selected tool where possible.
    fn refresh(&mut self, ctx: &mut Ctx) {
        let before = self.selected_tool();
        let hits: Vec<usize> = if self.query.trim().is_empty() {
            (0..ctx.catalog.tools.len()).collect()
        } else {
            let index = ctx.index();
            self.searcher
                .search(&index, &self.query)
                .into_iter()
                .map(|h| h.tool)
                .collect()
        };
        let tools = &ctx.catalog.tools;
        self.visible = hits
            .into_iter()
            .filter(|&i| self.filters.matches(&tools[i]))
            .collect();
        self.tools.set_len(self.visible.len());
        let keep = before.and_then(|b| self.visible.iter().position(|&v| v == b));
        // a new query puts the best hit first
        self.tools.select(if self.focus == Pane::Search {
            0
        } else {
            keep.unwrap_or(0)
        });
    }

    fn toggle_filter(&mut self, key: FilterKey) {
        self.filters.toggle(key);
    }

    fn remove_chip(&mut self, index: usize) {
        let chips = self.filters.chips();
        if let Some(chip) = chips.get(index) {
            if matches!(chip, Chip::Category(_)) {
                self.categories.select(0);
            }
            self.filters.remove(chip);
        }
    }

    fn select_category(&mut self, index: usize, ctx: &Ctx) {
        self.categories.select(index);
        self.filters.category = index
            .checked_sub(1)
            .and_then(|i| ctx.catalog.categories.get(i))
            .map(|c| c.id.clone());
    }

    fn click(&mut self, column: u16, row: u16, ctx: &mut Ctx) -> Option<Action> {
        let at = Position::new(column, row);
        if self.search_area.contains(at) {
            self.focus = Pane::Search;
            return None;
        }
        if let Some((_, chip)) = self.chip_areas.iter().find(|(r, _)| r.contains(at)) {
            return Some(Action::RemoveChip(*chip));
        }
        if let Some(i) = self.tools.hit(column, row) {
            let again = self.focus == Pane::Tools && self.tools.selected() == i;
            self.focus = Pane::Tools;
            self.tools.select(i);
            // a second click on the selected tool opens it
            return again.then(|| self.selected_tool().map(Action::ShowTool))?;
        }
        if let Some(i) = self.categories.hit(column, row) {
            self.focus = Pane::Categories;
            self.select_category(i, ctx);
            self.refresh(ctx);
            return None;
        }
        if let Some(i) = self.filter_list.hit(column, row) {
            self.focus = Pane::Filters;
            self.filter_list.select(i);
            return Some(Action::Filter(FilterKey::ALL[i]));
        }
        None
    }
}

impl Component for Catalogue {
    fn mode(&self) -> Mode {
        if self.focus == Pane::Search {
            Mode::Search
        } else {
            Mode::Catalogue
        }
    }

    /// The wheel scrolls the pane under the pointer, which takes the focus.
    fn handle_mouse(&mut self, mouse: &MouseEvent, _ctx: &Ctx) -> Option<Action> {
        let action = match mouse.kind {
            MouseEventKind::ScrollDown => Action::ScrollDown,
            MouseEventKind::ScrollUp => Action::ScrollUp,
            MouseEventKind::Down(MouseButton::Left) => {
                return Some(Action::Click {
                    column: mouse.column,
                    row: mouse.row,
                });
            }
            _ => return None,
        };
        let at = Position::new(mouse.column, mouse.row);
        if self.categories.area.contains(at) {
            self.focus = Pane::Categories;
        } else if self.filter_list.area.contains(at) {
            self.focus = Pane::Filters;
        } else if self.tools.area.contains(at) {
            self.focus = Pane::Tools;
        }
        Some(action)
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        let action = ctx.keymap.action(self.mode(), key)?;
        // Esc first clears the search, then leaves the catalogue
        if action == Action::Back && !self.query.is_empty() {
            return Some(Action::ClearSearch);
        }
        Some(action)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        match action {
            Action::Search => self.focus = Pane::Search,
            Action::Input(c) => {
                self.focus = Pane::Search;
                self.query.push(c);
                self.refresh(ctx);
            }
            Action::DeleteBack => {
                self.query.pop();
                self.refresh(ctx);
            }
            Action::ClearInput | Action::ClearSearch => {
                self.query.clear();
                self.refresh(ctx);
            }
            Action::CancelInput | Action::SubmitInput => self.focus = Pane::Tools,
            Action::NextPane => {
                self.focus = match self.focus {
                    Pane::Search => Pane::Tools,
                    Pane::Tools => Pane::Categories,
                    Pane::Categories => Pane::Filters,
                    Pane::Filters => Pane::Tools,
                }
            }
            Action::PrevPane => {
                self.focus = match self.focus {
                    Pane::Search | Pane::Categories => Pane::Tools,
                    Pane::Tools => Pane::Filters,
                    Pane::Filters => Pane::Categories,
                }
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ScrollUp
            | Action::ScrollDown => match self.focus {
                Pane::Search | Pane::Tools => {
                    self.tools.apply(&action);
                }
                Pane::Categories => {
                    self.categories.set_len(ctx.catalog.categories.len() + 1);
                    self.categories.apply(&action);
                    self.select_category(self.categories.selected(), ctx);
                    self.refresh(ctx);
                }
                Pane::Filters => {
                    self.filter_list.set_len(FilterKey::ALL.len());
                    self.filter_list.apply(&action);
                }
            },
            Action::Open | Action::Toggle => match self.focus {
                Pane::Search | Pane::Tools if action == Action::Open => {
                    return self.selected_tool().map(Action::ShowTool);
                }
                Pane::Search | Pane::Tools => {
                    if let Some(tool) = self.selected_tool() {
                        ctx.toggle_mark(tool);
                    }
                }
                Pane::Categories => self.focus = Pane::Tools,
                Pane::Filters => {
                    return Some(Action::Filter(FilterKey::ALL[self.filter_list.selected()]));
                }
            },
            Action::ToggleCompare => {
                if let Some(tool) = self.selected_tool() {
                    ctx.toggle_mark(tool);
                }
            }
            Action::Filter(key) => {
                self.toggle_filter(key);
                self.refresh(ctx);
            }
            Action::RemoveChip(i) => {
                self.remove_chip(i);
                self.refresh(ctx);
            }
            Action::RemoveLastChip => {
                let n = self.filters.chips().len();
                if n > 0 {
                    self.remove_chip(n - 1);
                    self.refresh(ctx);
                }
            }
            Action::ClearFilters => {
                self.filters = Filters::default();
                self.categories.select(0);
                self.refresh(ctx);
            }
            Action::Click { column, row } => return self.click(column, row, ctx),
            Action::IndexReady(..) if !self.query.trim().is_empty() => self.refresh(ctx),
            _ => {}
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let [search, chips, panes] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Min(4),
        ])
        .areas(area);
        self.draw_search(frame, search, ctx);
        self.draw_chips(frame, chips, ctx);

        let left_width = if area.width >= 110 { 30 } else { 26 };
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Min(20)]).areas(panes);
        let categories_height = ctx.catalog.categories.len() as u16 + 3;
        let filters_height = FilterKey::ALL.len() as u16 + 2;
        if matches!(self.focus, Pane::Categories | Pane::Filters) {
            self.left = self.focus;
        }
        if left.height >= categories_height + filters_height {
            let [c, f] =
                Layout::vertical([Constraint::Length(categories_height), Constraint::Min(3)])
                    .areas(left);
            self.draw_categories(frame, c, ctx, false);
            self.draw_filters(frame, f, ctx, false);
        } else if self.left == Pane::Filters {
            self.categories.area = Rect::default();
            self.draw_filters(frame, left, ctx, true);
        } else {
            self.filter_list.area = Rect::default();
            self.draw_categories(frame, left, ctx, true);
        }

        if right.height >= 30 {
            let [list, preview] =
                Layout::vertical([Constraint::Min(10), Constraint::Length(8)]).areas(right);
            self.draw_tools(frame, list, ctx);
            self.draw_preview(frame, preview, ctx);
        } else {
            self.draw_tools(frame, right, ctx);
        }
    }
}

impl Catalogue {
    fn draw_search(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let focused = self.focus == Pane::Search;
        let block = pane(ctx.t(Msg::TuiSearch), focused, ctx);
        let inner = block.inner(area);
        self.search_area = area;
        frame.render_widget(block, area);
        let query = clean(&self.query);
        let line = if query.is_empty() && !focused {
            Line::styled(
                format!(" {}", ctx.t(Msg::TuiSearchPlaceholder)),
                ctx.theme.dim,
            )
        } else {
            // show the end of a long query
            let room = usize::from(inner.width).saturating_sub(4);
            let mut shown = query.as_str();
            while shown.width() > room {
                let mut chars = shown.chars();
                chars.next();
                shown = chars.as_str();
            }
            if focused {
                let x = inner.x + 3 + shown.width() as u16;
                frame.set_cursor_position(Position::new(
                    x.min(inner.right().saturating_sub(1)),
                    inner.y,
                ));
            }
            Line::from(vec![
                Span::styled(" › ", ctx.theme.key),
                Span::styled(shown.to_string(), ctx.theme.base),
            ])
        };
        frame.render_widget(Paragraph::new(line), inner);
    }

    fn draw_chips(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        self.chip_areas.clear();
        let chips = self.filters.chips();
        if chips.is_empty() {
            let hint = ctx.t(Msg::TuiNoFilters);
            frame.render_widget(
                Line::styled(
                    format!(" {}", truncate(hint, usize::from(area.width) - 1)),
                    theme.dim,
                ),
                area,
            );
            return;
        }
        let prefix = format!(" {} ", ctx.t(Msg::TuiFilters));
        let mut x = area.x + prefix.width() as u16;
        let mut spans = vec![Span::styled(prefix, theme.title)];
        for (i, chip) in chips.iter().enumerate() {
            let text = format!(" {} × ", chip_label(chip, ctx));
            let w = text.width() as u16;
            if x + w + 1 > area.right() {
                spans.push(Span::styled("…", theme.dim));
                break;
            }
            self.chip_areas.push((Rect::new(x, area.y, w, 1), i));
            spans.push(Span::styled(text, theme.chip));
            spans.push(Span::raw(" "));
            x += w + 1;
        }
        let hint = format!(" {}", ctx.t(Msg::TuiChipHint));
        if x + (hint.width() as u16) <= area.right() {
            spans.push(Span::styled(hint, theme.dim));
        }
        frame.render_widget(Line::from(spans), area);
    }

    fn draw_categories(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, alone: bool) {
        let focused = self.focus == Pane::Categories;
        let lang = ctx.lang;
        let title = if alone {
            format!("{} ◂▸ Tab", ctx.t(Msg::TuiCategories))
        } else {
            ctx.t(Msg::TuiCategories).to_string()
        };
        let width = usize::from(area.width.saturating_sub(3));
        let mut items = vec![count_line(
            ctx.t(Msg::TuiAll),
            ctx.catalog.tools.len(),
            width,
            ctx,
        )];
        for (c, n) in ctx.catalog.categories.iter().zip(&self.counts) {
            items.push(count_line(&clean(c.name.get(lang)), *n, width, ctx));
        }
        let len = items.len();
        let mut block = pane(title, focused, ctx);
        // At 80x24 the left column is one row short of a bordered list of 16 categories and "all":
        // the bottom border gives way so every category stays visible without scrolling.
        if usize::from(area.height.saturating_sub(2)) < len {
            block = block.borders(Borders::TOP | Borders::LEFT | Borders::RIGHT);
        }
        self.categories
            .draw(frame, block, area, len, |i| items[i].clone(), focused, ctx);
    }

    fn draw_filters(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx, alone: bool) {
        let focused = self.focus == Pane::Filters;
        let title = if alone {
            format!("{} ◂▸ Tab", ctx.t(Msg::TuiFilters))
        } else {
            ctx.t(Msg::TuiFilters).to_string()
        };
        let width = usize::from(area.width.saturating_sub(3));
        let items: Vec<Line<'static>> = FilterKey::ALL
            .iter()
            .map(|&key| {
                let on = filter_on(&self.filters, key);
                let shortcut = ctx
                    .keymap
                    .bindings(Mode::Catalogue)
                    .iter()
                    .find(|b| b.action == Action::Filter(key))
                    .map(|b| label(&b.specs[0], ctx.lang))
                    .unwrap_or_default();
                let check = if on { "[x]" } else { "[ ]" };
                let style = if on { ctx.theme.marked } else { ctx.theme.base };
                Line::from(vec![
                    Span::styled(format!("{check} "), style),
                    Span::styled(format!("{:<2}", shortcut), ctx.theme.key),
                    Span::styled(
                        fit(filter_label(key, ctx.lang), width.saturating_sub(6)),
                        style,
                    ),
                ])
            })
            .collect();
        let block = pane(title, focused, ctx);
        let len = items.len();
        self.filter_list
            .draw(frame, block, area, len, |i| items[i].clone(), focused, ctx);
    }

    fn draw_tools(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let focused = matches!(self.focus, Pane::Tools | Pane::Search);
        let mut title = tf(
            Msg::TuiToolsTitle,
            ctx.lang,
            &[
                ("shown", &self.visible.len()),
                ("total", &ctx.catalog.tools.len()),
            ],
        );
        if !ctx.marked.is_empty() {
            title.push_str(&tf(
                Msg::TuiMarkedCount,
                ctx.lang,
                &[("count", &ctx.marked.len())],
            ));
        }
        let block = pane(title, focused, ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        let [head, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        // one column goes to the selection mark
        let cols = Columns::new(usize::from(inner.width).saturating_sub(1), ctx);
        frame.render_widget(cols.header(ctx), head);

        if self.visible.is_empty() {
            self.tools.set_len(0);
            self.tools.area = Rect::default();
            let lines = vec![
                Line::styled(format!(" {}", ctx.t(Msg::NoResults)), theme.notice),
                Line::styled(format!(" {}", ctx.t(Msg::TuiNoResultsHint)), theme.dim),
            ];
            frame.render_widget(Paragraph::new(lines), list);
            return;
        }
        let query = self.query.trim();
        let visible = &self.visible;
        let item = |n: usize| {
            let i = visible[n];
            cols.row(i, &ctx.catalog.tools[i], query, ctx)
        };
        self.tools
            .draw(frame, Block::new(), list, visible.len(), item, focused, ctx);
    }

    fn draw_preview(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(tool) = self.selected_tool().map(|i| &ctx.catalog.tools[i]) else {
            frame.render_widget(pane("", false, ctx), area);
            return;
        };
        let block = pane(clean(&tool.name), false, ctx);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = usize::from(inner.width.saturating_sub(2));
        let mut lines = vec![Line::styled(
            format!(
                " {} ({}) · {}",
                clean(&tool.provider.name),
                clean(&tool.provider.country),
                category_name(tool, ctx)
            ),
            ctx.theme.dim,
        )];
        lines.extend(
            wrap(&clean(tool.summary.get(ctx.lang)), width)
                .into_iter()
                .map(|l| Line::raw(format!(" {l}"))),
        );
        lines.push(Line::styled(
            format!(" {}", ctx.t(Msg::TuiPreviewHint)),
            ctx.theme.dim,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn count_line(name: &str, count: usize, width: usize, ctx: &Ctx) -> Line<'static> {
    let n = format!(" {count} ");
    let name = fit(name, width.saturating_sub(n.width()));
    Line::from(vec![Span::raw(name), Span::styled(n, ctx.theme.dim)])
}

fn filter_on(filters: &Filters, key: FilterKey) -> bool {
    match key {
        FilterKey::Platform(p) => filters.platforms.contains(&p),
        FilterKey::OpenSource => filters.open_source,
        FilterKey::SelfHostable => filters.self_hostable,
        FilterKey::E2e => filters.e2e,
        FilterKey::FreeTier => filters.free_tier,
        FilterKey::Eu => filters.eu,
    }
}

pub fn filter_label(key: FilterKey, lang: Lang) -> &'static str {
    match key {
        FilterKey::Platform(p) => p.label(),
        FilterKey::OpenSource => t(Msg::TuiFilterOpenSource, lang),
        FilterKey::SelfHostable => t(Msg::TuiFilterSelfHostable, lang),
        FilterKey::E2e => t(Msg::TuiFilterE2e, lang),
        FilterKey::FreeTier => t(Msg::TuiFilterFreeTier, lang),
        FilterKey::Eu => t(Msg::TuiFilterEu, lang),
    }
}

fn chip_label(chip: &Chip, ctx: &Ctx) -> String {
    let key = match chip {
        Chip::Category(id) => {
            return ctx
                .catalog
                .category(id)
                .map_or_else(|| clean(id), |c| clean(c.name.get(ctx.lang)));
        }
        Chip::On(key) => *key,
    };
    filter_label(key, ctx.lang).to_string()
}

pub fn category_name(tool: &Tool, ctx: &Ctx) -> String {
    ctx.catalog
        .category(&tool.category)
        .map_or_else(|| clean(&tool.category), |c| clean(c.name.get(ctx.lang)))
}

/// The columns of the tool list, sized to the pane.
struct Columns {
    name: usize,
    rest: usize,
    summary: bool,
}

impl Columns {
    /// mark (2) name country (4) OS (3) SH (3) E2E (4) rest
    const FIXED: usize = 2 + 1 + 5 + 3 + 3 + 4;

    fn new(width: usize, _ctx: &Ctx) -> Columns {
        let name = if width >= 80 { 22 } else { 18 };
        let rest = width.saturating_sub(Self::FIXED + name);
        Columns {
            name,
            rest,
            summary: rest >= 40,
        }
    }

    fn header(&self, ctx: &Ctx) -> Line<'static> {
        let rest = if self.summary {
            ctx.t(Msg::FieldSummary)
        } else {
            ctx.t(Msg::FieldCategory)
        };
        Line::styled(
            format!(
                "   {} {:<5}{:<3}{:<3}{:<4}{}",
                fit(ctx.t(Msg::FieldName), self.name),
                ctx.t(Msg::TuiColCountry),
                "OS",
                "SH",
                "E2E",
                truncate(rest, self.rest)
            ),
            ctx.theme.dim,
        )
    }

    fn row(&self, index: usize, tool: &Tool, query: &str, ctx: &Ctx) -> Line<'static> {
        let theme = &ctx.theme;
        let marked = ctx.marked.contains(&index);
        let mut spans = vec![Span::styled(if marked { "✓ " } else { "  " }, theme.marked)];
        let name = truncate(&clean(&tool.name), self.name);
        let pad = self.name.saturating_sub(name.width());
        let name_style = if marked { theme.marked } else { theme.base };
        spans.extend(highlighted(&name, query, name_style, theme.matched));
        spans.push(Span::raw(" ".repeat(pad + 1)));
        spans.push(Span::raw(format!(
            "{:<5}",
            truncate(&clean(&tool.provider.country), 4)
        )));
        for on in [tool.open_source, tool.self_hostable] {
            spans.push(if on {
                Span::styled("+  ", theme.good)
            } else {
                Span::styled("·  ", theme.dim)
            });
        }
        let (e2e, style) = match tool.e2e() {
            E2e::Yes => ("+   ", theme.good),
            E2e::Partial => ("~   ", theme.caution),
            E2e::No => ("·   ", theme.dim),
            E2e::NotApplicable => ("    ", theme.dim),
        };
        spans.push(Span::styled(e2e, style));
        let rest = if self.summary {
            clean(tool.summary.get(ctx.lang))
        } else {
            category_name(tool, ctx)
        };
        let rest = truncate(&rest, self.rest);
        if self.summary {
            spans.extend(highlighted(&rest, query, theme.dim, theme.matched));
        } else {
            spans.push(Span::styled(rest, theme.dim));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::catalog;
    use crate::i18n::Lang;
    use crate::tui::action::ScreenId;
    use crate::tui::testing::{app_with, go, render};

    /// The embedded catalogue's categories and "all" fit the left column at 80x24 without scrolling.
    #[test]
    fn every_embedded_category_is_visible_at_80x24() {
        let catalog = Arc::new(catalog::embedded().unwrap_or_else(|p| panic!("{p}")));
        assert!(catalog.categories.len() >= 16);
        for lang in [Lang::De, Lang::En] {
            let mut app = app_with(Arc::clone(&catalog), lang);
            render(&mut app, 80, 24);
            go(&mut app, ScreenId::Catalogue);
            let screen = render(&mut app, 80, 24);
            // the left column only: the tool list on the right names categories too
            let left: Vec<String> = screen
                .lines()
                .map(|l| l.trim_start_matches('"').chars().take(26).collect())
                .collect();
            let all = crate::i18n::t(crate::i18n::Msg::TuiAll, lang);
            let names =
                std::iter::once(all).chain(catalog.categories.iter().map(|c| c.name.get(lang)));
            for name in names {
                let start: String = name.chars().take(12).collect();
                assert!(
                    left.iter().any(|l| l.contains(&start)),
                    "{start} not visible in {lang:?}:\n{screen}"
                );
            }
        }
    }
}
