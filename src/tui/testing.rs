//! Shared by the TUI's tests: the fixture catalogue, a fixed clock, key events and rendering to text.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, ScreenId};
use super::app::App;
use super::theme::Theme;
use crate::catalog::{self, Catalog};
use crate::config::ThemeName;
use crate::i18n::Lang;

/// Saturday, 28 November 2026, 10:00 in Berlin.
pub fn now() -> jiff::Timestamp {
    "2026-11-28T09:00:00Z".parse().unwrap()
}

pub fn fixture() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    Arc::clone(CATALOG.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-catalog");
        Arc::new(catalog::load_dir(&dir).unwrap_or_else(|p| panic!("fixture catalogue:\n{p}")))
    }))
}

pub fn app_with(catalog: Arc<Catalog>, lang: Lang) -> App {
    App::new(catalog, lang, Theme::new(ThemeName::Default, false), now())
}

pub fn app(lang: Lang) -> App {
    app_with(fixture(), lang)
}

/// Position of a tool in the fixture catalogue.
pub fn tool(app: &App, id: &str) -> usize {
    app.ctx
        .catalog
        .tools
        .iter()
        .position(|t| t.id == id)
        .unwrap_or_else(|| panic!("no tool {id}"))
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> KeyEvent {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn release(mut event: KeyEvent) -> KeyEvent {
    event.kind = KeyEventKind::Release;
    event
}

/// Presses a key and applies what it leads to.
pub fn press(app: &mut App, event: KeyEvent) {
    if let Some(action) = app.handle_key(&event) {
        app.dispatch(action);
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, ch(c));
    }
}

pub fn go(app: &mut App, screen: ScreenId) {
    app.dispatch(Action::Go(screen));
}

pub fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).unwrap()
}

/// Draws one frame and returns the screen as text.
pub fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = terminal(width, height);
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().to_string()
}

/// A directory address nobody listens on.
pub const NOWHERE: &str = "http://127.0.0.1:9/";

/// Gives `app` a local store in a fresh temp dir, holding `mine`; requests go [`NOWHERE`]. The
/// store lives as long as the returned dir.
pub fn use_store(app: &mut App, mine: &crate::mine::store::Mine) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::mine::store::Store::at(dir.path().join("mine.json"));
    store.save(mine).unwrap();
    app.ctx.mine = Some(store);
    app.ctx.directory_url = NOWHERE.into();
    dir
}

/// Fills the booking form (open, focus on the kind) with a valid request and accepts the Code of
/// Conduct; the focus ends on the Code of Conduct.
pub fn fill_booking(app: &mut App) {
    for text in [
        "Kiezchor Wedding e.V.",
        "Ada Beispiel",
        "ada@kiezchor.example",
        "Vorstandssitzungen",
        "Kiezchor Vorstand",
        "12",
    ] {
        press(app, key(KeyCode::Tab));
        type_text(app, text);
    }
    press(app, key(KeyCode::Tab));
    press(app, ch(' '));
}

/// Runs the queued background jobs and feeds their actions back, as the event loop does; returns
/// how many ran.
pub fn run_jobs(app: &mut App) -> usize {
    let jobs = app.take_jobs();
    let n = jobs.len();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for job in jobs {
        let action = rt.block_on(job.run);
        app.dispatch(action);
    }
    n
}

/// A room booking of the Kiezchor as the user's store keeps it.
pub fn my_booking(id: &str, status: crate::api::BookingStatus) -> crate::mine::store::MyBooking {
    crate::mine::store::MyBooking {
        id: id.into(),
        directory: NOWHERE.into(),
        kind: crate::api::BookingKind::BbbRoom,
        name: "Kiezchor Vorstand".into(),
        organisation: "Kiezchor Wedding e.V.".into(),
        owner_token: "own_test".into(),
        created_at: "2026-11-27T10:00:00Z".into(),
        status,
    }
}

/// An active room booking with its links and codes.
pub fn active_booking() -> crate::api::Booking {
    use crate::api::{Booking, BookingKind, BookingStatus, Links};
    Booking {
        id: "bk_active".into(),
        kind: BookingKind::BbbRoom,
        organisation: "Kiezchor Wedding e.V.".into(),
        contact_name: "Ada".into(),
        email: "ada@kiezchor.example".into(),
        purpose: "Vorstand".into(),
        name: "Kiezchor Vorstand".into(),
        expected_participants: 12,
        status: BookingStatus::Active,
        reason: None,
        links: Some(Links {
            room_url: Some("https://bbb.example.org/rooms/kiez-vor-123".into()),
            viewer_code: Some("4711".into()),
            moderator_code: Some("0815".into()),
            invite_url: None,
        }),
        created_at: "2026-11-27T10:00:00Z".into(),
        updated_at: "2026-11-27T12:00:00Z".into(),
        same_organisation: Vec::new(),
    }
}
