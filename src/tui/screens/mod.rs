//! One component per screen. Each turns keys into actions (`handle_key`), applies actions to its state
//! (`update`, which may answer with a follow-up action) and draws itself (`draw`). Later screens that
//! talk to the network (booking forms, registrations, the admin dashboard) follow the same pattern:
//! `update` hands slow work to `Ctx::spawn` as a [`Job`](super::action::Job) and gets the result back
//! as an action, so input is never blocked.

pub mod admin;
pub mod book;
pub mod catalogue;
pub mod community;
pub mod compare;
pub mod dashboard;
pub mod detail;
pub mod events;
pub mod examples;
pub mod form;
pub mod help;
pub mod home;
pub mod my_bookings;
pub mod reader;
pub mod register;
pub mod room;
pub mod site_health;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, HighlightSpacing, List, ListItem, ListState, Paragraph,
};

use super::action::Action;
use super::ctx::Ctx;
use super::keymap::Mode;

pub trait Component {
    /// The keymap section that applies.
    fn mode(&self) -> Mode;

    fn handle_key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Option<Action> {
        ctx.keymap.action(self.mode(), key)
    }

    /// Wheel scrolls, a left click becomes [`Action::Click`] with the terminal position.
    fn handle_mouse(&mut self, mouse: &MouseEvent, _ctx: &Ctx) -> Option<Action> {
        match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action>;

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx);
}

/// A bordered pane; its border shows whether it has focus.
pub fn pane(title: impl Into<String>, focused: bool, ctx: &Ctx) -> Block<'static> {
    let theme = &ctx.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(format!(" {} ", title.into()), theme.title))
}

/// The inside of a pane with one column of space on the left and the right.
pub fn padded(inner: Rect) -> Rect {
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A selectable list of one-line items, remembering where it was drawn for mouse clicks.
#[derive(Debug, Default, Clone)]
pub struct Picker {
    pub state: ListState,
    pub len: usize,
    /// The inner area of the last draw.
    pub area: Rect,
}

impl Picker {
    pub fn selected(&self) -> usize {
        self.state
            .selected()
            .unwrap_or(0)
            .min(self.len.saturating_sub(1))
    }

    pub fn set_len(&mut self, len: usize) {
        self.len = len;
        let sel = self
            .state
            .selected()
            .unwrap_or(0)
            .min(len.saturating_sub(1));
        self.state.select(Some(sel));
        if self.state.offset() > sel {
            *self.state.offset_mut() = sel;
        }
    }

    pub fn select(&mut self, index: usize) {
        self.state
            .select(Some(index.min(self.len.saturating_sub(1))));
    }

    fn page(&self) -> usize {
        usize::from(self.area.height).max(1)
    }

    /// Applies a movement action; true if it was one.
    pub fn apply(&mut self, action: &Action) -> bool {
        let sel = self.selected();
        let last = self.len.saturating_sub(1);
        let next = match action {
            Action::Up | Action::ScrollUp => sel.saturating_sub(1),
            Action::Down | Action::ScrollDown => (sel + 1).min(last),
            Action::PageUp => sel.saturating_sub(self.page()),
            Action::PageDown => (sel + self.page()).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.select(next);
        true
    }

    /// The item at a terminal position, if the click fell on one.
    pub fn hit(&self, column: u16, row: u16) -> Option<usize> {
        if !self.area.contains(Position::new(column, row)) {
            return None;
        }
        let index = self.state.offset() + usize::from(row - self.area.y);
        (index < self.len).then_some(index)
    }

    /// Draws `len` items, building only the lines that are visible (the catalogue may hold many
    /// thousands of tools); the selected one gets a `›` in front, visible without colour, too.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &mut self,
        frame: &mut Frame,
        block: Block<'static>,
        area: Rect,
        len: usize,
        item: impl Fn(usize) -> Line<'static>,
        focused: bool,
        ctx: &Ctx,
    ) {
        self.area = block.inner(area);
        self.set_len(len);
        let height = usize::from(self.area.height);
        let selected = self.selected();
        let mut offset = self.state.offset();
        if selected < offset {
            offset = selected;
        } else if height > 0 && selected >= offset + height {
            offset = selected + 1 - height;
        }
        // no empty space below the last item when the list got shorter
        offset = offset.min(len.saturating_sub(height));
        *self.state.offset_mut() = offset;
        let end = len.min(offset + height);
        let items: Vec<ListItem<'static>> = (offset..end).map(|i| ListItem::new(item(i))).collect();
        let highlight = if focused {
            ctx.theme.selected
        } else {
            ctx.theme.selected_dim
        };
        let list = List::new(items)
            .block(block)
            .style(ctx.theme.base)
            .highlight_style(highlight)
            .highlight_symbol("›")
            .highlight_spacing(HighlightSpacing::Always);
        let mut window = ListState::default().with_selected((len > 0).then(|| selected - offset));
        frame.render_stateful_widget(list, area, &mut window);
    }

    /// Draws a short list whose lines are built already, with focus.
    pub fn draw_lines(
        &mut self,
        frame: &mut Frame,
        block: Block<'static>,
        area: Rect,
        lines: Vec<Line<'static>>,
        ctx: &Ctx,
    ) {
        self.draw(
            frame,
            block,
            area,
            lines.len(),
            |i| lines[i].clone(),
            true,
            ctx,
        );
    }
}

/// A vertical scroll position over a text that is laid out at draw time.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scroll {
    pub pos: usize,
    max: usize,
    page: usize,
}

impl Scroll {
    pub fn apply(&mut self, action: &Action) -> bool {
        let page = self.page.max(1);
        self.pos = match action {
            Action::Up => self.pos.saturating_sub(1),
            Action::ScrollUp => self.pos.saturating_sub(3),
            Action::Down => self.pos + 1,
            Action::ScrollDown => self.pos + 3,
            Action::PageUp => self.pos.saturating_sub(page.saturating_sub(1).max(1)),
            Action::PageDown => self.pos + page.saturating_sub(1).max(1),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            _ => return false,
        };
        if self.page > 0 {
            self.pos = self.pos.min(self.max);
        }
        true
    }

    /// Renders the visible part of `lines` into `area` and remembers the bounds.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, style: Style) {
        self.page = usize::from(area.height);
        self.max = lines.len().saturating_sub(self.page);
        self.pos = self.pos.min(self.max);
        let visible: Vec<Line<'static>> =
            lines.into_iter().skip(self.pos).take(self.page).collect();
        frame.render_widget(Paragraph::new(visible).style(style), area);
    }

    /// Part of the text is below the visible lines.
    pub fn more_below(&self) -> bool {
        self.pos < self.max
    }

    /// How far down the text is, in percent, when there is something to scroll.
    pub fn indicator(&self) -> Option<String> {
        (self.max > 0).then(|| format!("{}%", (self.pos * 100) / self.max.max(1)))
    }
}

/// Label and value lines: the value wraps in its own column.
pub fn field_lines(
    label: &str,
    value: &str,
    label_width: usize,
    width: usize,
    label_style: Style,
    value_style: Style,
) -> Vec<Line<'static>> {
    let value_width = width.saturating_sub(label_width + 1).max(8);
    let mut out = Vec::new();
    for (i, part) in super::text::wrap(value, value_width)
        .into_iter()
        .enumerate()
    {
        let head = if i == 0 {
            super::text::fit(label, label_width)
        } else {
            " ".repeat(label_width)
        };
        out.push(Line::from(vec![
            Span::styled(head, label_style),
            Span::raw(" "),
            Span::styled(part, value_style),
        ]));
    }
    out
}
