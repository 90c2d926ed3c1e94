//! Driving the TUI's `App` in integration tests: keys as the terminal sends them, the background
//! jobs they start run for real (as the event loop would run them), the screen drawn to text.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vereint::tui::App;

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

/// Presses a key, then runs the background work it started (and what that starts) to the end.
pub async fn press(app: &mut App, event: KeyEvent) {
    if let Some(action) = app.handle_key(&event) {
        app.dispatch(action);
    }
    settle(app).await;
}

pub async fn settle(app: &mut App) {
    for _ in 0..20 {
        let jobs = app.take_jobs();
        if jobs.is_empty() {
            return;
        }
        for job in jobs {
            let action = tokio::time::timeout(Duration::from_secs(20), job.run)
                .await
                .unwrap_or_else(|_| panic!("job {} hung", job.name));
            app.dispatch(action);
        }
    }
    panic!("background jobs kept starting new ones");
}

/// The screen at 120x40 as text.
pub fn screen(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().to_string()
}
