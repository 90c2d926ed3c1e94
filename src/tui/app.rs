//! The application state: shared context, one component per screen, a stack of open screens, and the
//! chrome (tab bar, hint line, the too-small message). Pure: no terminal, no clock, no I/O; the event
//! loop in `mod.rs` feeds it events and time, and runs the jobs it asks for.

use std::sync::Arc;

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::action::{Action, Job, ScreenId, Shared};
use super::ctx::Ctx;
use super::keymap::Mode;
use super::screens::{
    Component, admin::Admin, book::Book, catalogue::Catalogue, community::Community,
    compare::Compare, detail::Detail, events::Events, examples::Examples, help::Help, home::Home,
    my_bookings::MyBookings, reader::Reader, register::Register, room::RoomSettings,
    site_health::SiteHealth,
};
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::catalog::search::Index;
use crate::config::ThemeName;
use crate::i18n::{Lang, Msg, t, tf};

/// The smallest terminal the interface is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

struct Screens {
    home: Home,
    catalogue: Catalogue,
    detail: Detail,
    compare: Compare,
    examples: Examples,
    reader: Reader,
    events: Events,
    book: Book,
    my_bookings: MyBookings,
    register: Register,
    room: RoomSettings,
    community: Community,
    help: Help,
    admin: Admin,
    site_health: SiteHealth,
}

impl Screens {
    fn get(&mut self, id: ScreenId) -> &mut dyn Component {
        match id {
            ScreenId::Home => &mut self.home,
            ScreenId::Catalogue => &mut self.catalogue,
            ScreenId::Detail => &mut self.detail,
            ScreenId::Compare => &mut self.compare,
            ScreenId::Examples => &mut self.examples,
            ScreenId::Reader => &mut self.reader,
            ScreenId::Events => &mut self.events,
            ScreenId::Book => &mut self.book,
            ScreenId::MyBookings => &mut self.my_bookings,
            ScreenId::Register => &mut self.register,
            ScreenId::Room => &mut self.room,
            ScreenId::Community => &mut self.community,
            ScreenId::Help => &mut self.help,
            ScreenId::Admin => &mut self.admin,
            ScreenId::SiteHealth => &mut self.site_health,
        }
    }
}

pub struct App {
    pub ctx: Ctx,
    screens: Screens,
    stack: Vec<ScreenId>,
    pub should_quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
    /// Where the tabs were drawn, for mouse clicks.
    tabs: Vec<(Rect, ScreenId)>,
}

impl App {
    pub fn new(catalog: Arc<Catalog>, lang: Lang, theme: Theme, now: Timestamp) -> App {
        let screens = Screens {
            home: Home::default(),
            catalogue: Catalogue::new(&catalog),
            detail: Detail::default(),
            compare: Compare::default(),
            examples: Examples::default(),
            reader: Reader::default(),
            events: Events::default(),
            book: Default::default(),
            my_bookings: Default::default(),
            register: Default::default(),
            room: Default::default(),
            community: Default::default(),
            help: Help::default(),
            admin: Default::default(),
            site_health: Default::default(),
        };
        App {
            ctx: Ctx::new(catalog, lang, theme, now),
            screens,
            stack: vec![ScreenId::Home],
            should_quit: false,
            dirty: true,
            tabs: Vec::new(),
        }
    }

    pub fn current(&self) -> ScreenId {
        *self.stack.last().unwrap_or(&ScreenId::Home)
    }

    pub fn stack(&self) -> &[ScreenId] {
        &self.stack
    }

    /// Work queued by components, for the event loop to spawn.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        self.ctx.take_jobs()
    }

    /// Heavy preparations that wait until the first frame is on screen.
    pub fn after_first_frame(&mut self) {
        if self.ctx.has_index() {
            return;
        }
        self.build_index();
    }

    fn build_index(&mut self) {
        let catalog = Arc::clone(&self.ctx.catalog);
        self.ctx.spawn(Job::blocking("search index", move || {
            Action::IndexReady(Shared(Arc::new(Index::new(&catalog))), Shared(catalog))
        }));
    }

    /// Shows another catalogue (the directory's): marks, the open tool and the open example follow
    /// their ids; what no longer exists is closed. Search and filters stay.
    pub fn replace_catalog(&mut self, catalog: Arc<Catalog>) {
        if *catalog == *self.ctx.catalog {
            return;
        }
        let old = std::mem::replace(&mut self.ctx.catalog, catalog);
        let new = Arc::clone(&self.ctx.catalog);
        let tool = |i: usize| {
            let id = &old.tools.get(i)?.id;
            new.tools.iter().position(|t| &t.id == id)
        };
        self.ctx.marked = self.ctx.marked.iter().filter_map(|&m| tool(m)).collect();
        match tool(self.screens.detail.tool) {
            Some(t) => self.screens.detail.tool = t,
            None => self.close(ScreenId::Detail),
        }
        let example = old
            .examples
            .get(self.screens.reader.example)
            .and_then(|e| new.examples.iter().position(|n| n.id == e.id));
        match example {
            Some(e) => self.screens.reader.example = e,
            None => self.close(ScreenId::Reader),
        }
        self.ctx.set_index(None);
        self.screens.catalogue.reload(&mut self.ctx);
        self.build_index();
        self.dirty = true;
    }

    /// Takes a screen (and what was opened on top of it) off the stack.
    fn close(&mut self, id: ScreenId) {
        if let Some(pos) = self.stack.iter().position(|&s| s == id) {
            self.stack.truncate(pos.max(1));
        }
    }

    pub fn handle_event(&mut self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            Event::Resize(..) => {
                self.dirty = true;
                None
            }
            _ => None,
        }
    }

    /// Key presses only: Windows also reports releases.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Option<Action> {
        if key.kind != KeyEventKind::Press {
            return None;
        }
        self.dirty = true;
        self.ctx.status = None;
        let id = self.current();
        self.screens.get(id).handle_key(key, &self.ctx)
    }

    pub fn handle_mouse(&mut self, mouse: &MouseEvent) -> Option<Action> {
        if matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) {
            let at = Position::new(mouse.column, mouse.row);
            if let Some((_, id)) = self.tabs.iter().find(|(r, _)| r.contains(at)) {
                self.dirty = true;
                return Some(Action::Go(*id));
            }
        }
        if matches!(mouse.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) {
            return None;
        }
        self.dirty = true;
        let id = self.current();
        self.screens.get(id).handle_mouse(mouse, &self.ctx)
    }

    /// Applies an action and every follow-up action it leads to.
    pub fn dispatch(&mut self, action: Action) {
        let mut next = Some(action);
        // a chain is short; the bound only guards against a component bouncing actions forever
        for _ in 0..16 {
            let Some(action) = next.take() else { break };
            next = self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) -> Option<Action> {
        if !matches!(action, Action::Tick(_)) {
            self.dirty = true;
        }
        match action {
            Action::Quit => {
                self.should_quit = true;
                None
            }
            Action::Back => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                None
            }
            Action::Help => {
                self.push(ScreenId::Help);
                None
            }
            Action::Go(id) => {
                self.go(id);
                matches!(
                    id,
                    ScreenId::MyBookings
                        | ScreenId::Community
                        | ScreenId::Admin
                        | ScreenId::SiteHealth
                )
                .then_some(Action::Refresh)
            }
            Action::Search => {
                self.go(ScreenId::Catalogue);
                self.screens.catalogue.focus_search();
                None
            }
            Action::ToggleLang => {
                self.ctx.lang = self.ctx.lang.other();
                Lang::set_current(self.ctx.lang);
                self.ctx.status = Some(self.ctx.t(Msg::TuiLanguageSwitched).to_string());
                None
            }
            Action::ToggleTheme => {
                self.ctx.theme = self.ctx.theme.toggled();
                let name = self.ctx.t(match self.ctx.theme.name {
                    ThemeName::Default => Msg::TuiThemeDefault,
                    ThemeName::HighContrast => Msg::TuiThemeHighContrast,
                });
                self.ctx.status = Some(tf(
                    Msg::TuiThemeSwitched,
                    self.ctx.lang,
                    &[("theme", &name)],
                ));
                None
            }
            Action::Tick(now) => {
                // redraw only when the minute changes: dates are shown to the minute
                if now.as_second() / 60 != self.ctx.now.as_second() / 60 {
                    self.dirty = true;
                }
                self.ctx.now = now;
                // the admin screens refresh on a timer while open
                if self.stack.contains(&ScreenId::Admin) {
                    return self.screens.admin.tick(&mut self.ctx);
                }
                if self.current() == ScreenId::SiteHealth {
                    return self.screens.site_health.tick(&mut self.ctx);
                }
                None
            }
            Action::ShowTool(tool) => {
                self.screens.detail.show(tool);
                self.push(ScreenId::Detail);
                None
            }
            Action::ShowExample(example) => {
                self.screens.reader.show(example);
                self.push(ScreenId::Reader);
                None
            }
            Action::OpenCompare => {
                if self.ctx.marked.len() < 2 {
                    self.ctx.status = Some(self.ctx.t(Msg::TuiCompareTooFew).to_string());
                }
                self.push(ScreenId::Compare);
                None
            }
            Action::RegisterFor {
                event_id,
                title,
                date,
            } => {
                self.screens.register.open(event_id, title, date);
                self.push(ScreenId::Register);
                None
            }
            // background results go to the screen that asked, wherever the user is now
            Action::Booked(outcome) => {
                let ctx = &mut self.ctx;
                self.screens
                    .book
                    .update(Action::Booked(outcome.clone()), ctx);
                self.screens.register.update(Action::Booked(outcome), ctx)
            }
            Action::BookingsLive(live) => self
                .screens
                .my_bookings
                .update(Action::BookingsLive(live), &mut self.ctx),
            Action::RegistrationsLive(live) => self
                .screens
                .my_bookings
                .update(Action::RegistrationsLive(live), &mut self.ctx),
            Action::OpenRoom(booking) => {
                self.screens.room.open(*booking, &mut self.ctx);
                self.push(ScreenId::Room);
                None
            }
            Action::RoomAnswer(answer) => self
                .screens
                .room
                .update(Action::RoomAnswer(answer), &mut self.ctx),
            Action::CommunityAnswer(answer) => self
                .screens
                .community
                .update(Action::CommunityAnswer(answer), &mut self.ctx),
            Action::Chain(actions) => {
                for action in actions {
                    self.dispatch(action);
                }
                None
            }
            Action::SiteChecked(sweep, at) => self
                .screens
                .site_health
                .update(Action::SiteChecked(sweep, at), &mut self.ctx),
            Action::Admin(result) => self
                .screens
                .admin
                .update(Action::Admin(result), &mut self.ctx),
            Action::Status(message) => {
                self.ctx.status = Some(message);
                None
            }
            // an index built for a catalogue that has been replaced meanwhile is of no use
            Action::IndexReady(_, built_for) if !Arc::ptr_eq(&built_for.0, &self.ctx.catalog) => {
                None
            }
            Action::IndexReady(index, built_for) => {
                self.ctx.set_index(Some(index.0));
                self.screens.catalogue.update(
                    Action::IndexReady(Shared(self.ctx.index()), built_for),
                    &mut self.ctx,
                )
            }
            Action::CatalogSynced(synced) => {
                if let Some(catalog) = &synced.catalog {
                    self.replace_catalog(Arc::clone(&catalog.0));
                }
                self.ctx.catalog_source = synced.source.clone();
                None
            }
            other => {
                let id = self.current();
                self.screens.get(id).update(other, &mut self.ctx)
            }
        }
    }

    fn go(&mut self, id: ScreenId) {
        self.stack.truncate(1);
        if id != ScreenId::Home {
            self.stack.push(id);
        }
    }

    /// Opens a screen on top; a screen already open is returned to instead of stacked twice.
    fn push(&mut self, id: ScreenId) {
        match self.stack.iter().position(|&s| s == id) {
            Some(pos) => self.stack.truncate(pos + 1),
            None => self.stack.push(id),
        }
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        self.dirty = false;
        let area = frame.area();
        frame.render_widget(Block::default().style(self.ctx.theme.base), area);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            self.tabs.clear();
            self.draw_too_small(frame, area);
            return;
        }
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_header(frame, header);
        let id = self.current();
        self.screens.get(id).draw(frame, body, &self.ctx);
        self.draw_footer(frame, footer);
    }

    fn draw_too_small(&self, frame: &mut Frame, area: Rect) {
        let ctx = &self.ctx;
        let text = vec![
            Line::styled(ctx.t(Msg::TuiTooSmallTitle), ctx.theme.notice),
            Line::raw(tf(
                Msg::TuiTooSmall,
                ctx.lang,
                &[
                    ("width", &area.width),
                    ("height", &area.height),
                    ("min_width", &MIN_WIDTH),
                    ("min_height", &MIN_HEIGHT),
                ],
            )),
            Line::raw(ctx.t(Msg::TuiTooSmallQuit)),
        ];
        let height = 5.min(area.height);
        let y = area.y + area.height.saturating_sub(height) / 2;
        let rect = Rect::new(area.x, y, area.width, height);
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            rect,
        );
    }

    fn draw_header(&mut self, frame: &mut Frame, area: Rect) {
        let ctx = &self.ctx;
        let theme = &ctx.theme;
        let current = self.current();
        // detail belongs to the catalogue tab, the reader to the examples tab
        let active = self
            .stack
            .iter()
            .rev()
            .find(|s| ScreenId::TABS.contains(s))
            .copied()
            .unwrap_or(ScreenId::Home);
        let mut spans = vec![Span::styled(" vereint ", theme.title), Span::raw(" ")];
        let mut x = area.x + spans.iter().map(|s| s.width() as u16).sum::<u16>();
        self.tabs.clear();
        for (i, id) in ScreenId::TABS.iter().enumerate() {
            let mut label = format!(" {} {} ", i + 1, tab_title(*id, ctx.lang));
            if *id == ScreenId::Compare && !ctx.marked.is_empty() {
                label = format!(
                    " {} {} ({}) ",
                    i + 1,
                    tab_title(*id, ctx.lang),
                    ctx.marked.len()
                );
            }
            let width = label.width() as u16;
            let style = if *id == active && current != ScreenId::Help {
                theme.tab_active
            } else {
                theme.tab
            };
            self.tabs.push((Rect::new(x, area.y, width, 1), *id));
            spans.push(Span::styled(label, style));
            x += width;
        }
        let right = format!(
            "? {}  {} ",
            ctx.t(Msg::TuiHelp),
            ctx.lang.code().to_uppercase()
        );
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let gap = usize::from(area.width).saturating_sub(used + right.width());
        if gap > 0 {
            spans.push(Span::raw(" ".repeat(gap)));
            spans.push(Span::styled(right, theme.status));
        }
        frame.render_widget(Line::from(spans), area);
    }

    fn draw_footer(&mut self, frame: &mut Frame, area: Rect) {
        let ctx = &self.ctx;
        let theme = &ctx.theme;
        if let Some(status) = &ctx.status {
            frame.render_widget(
                Line::styled(format!(" {}", super::text::clean(status)), theme.notice),
                area,
            );
            return;
        }
        let id = self.current();
        let mode = self.screens.get(id).mode();
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for binding in ctx.keymap.hints(mode) {
            let Some(short) = &binding.short else {
                continue;
            };
            let key = super::keymap::label(&binding.specs[0], ctx.lang);
            let text = short.get(ctx.lang);
            let width = key.width() + 1 + text.width() + 3;
            if used + width > usize::from(area.width) {
                break;
            }
            used += width;
            spans.push(Span::styled(key, theme.key));
            spans.push(Span::styled(format!(" {text}   "), theme.status));
        }
        frame.render_widget(Line::from(spans), area);
    }
}

pub fn tab_title(id: ScreenId, lang: Lang) -> &'static str {
    t(
        match id {
            ScreenId::Home => Msg::TuiTabHome,
            ScreenId::Catalogue => Msg::TuiTabCatalogue,
            ScreenId::Compare => Msg::TuiTabCompare,
            ScreenId::Examples => Msg::TuiTabExamples,
            ScreenId::Events => Msg::TuiTabEvents,
            ScreenId::Book => Msg::BookTitle,
            ScreenId::MyBookings => Msg::BookMine,
            ScreenId::Register => Msg::RegTitle,
            ScreenId::Room => Msg::RoomTitle,
            ScreenId::Community => Msg::CommunityTitle,
            ScreenId::Detail => Msg::TuiModeDetail,
            ScreenId::Reader => Msg::TuiModeReader,
            ScreenId::Help => Msg::TuiModeHelp,
            ScreenId::Admin => Msg::AdminTitle,
            ScreenId::SiteHealth => Msg::SiteHealthTitle,
        },
        lang,
    )
}

impl App {
    /// The keymap section that applies now.
    pub fn mode(&mut self) -> Mode {
        let id = self.current();
        self.screens.get(id).mode()
    }

    pub fn catalogue_mut(&mut self) -> &mut Catalogue {
        &mut self.screens.catalogue
    }
}
