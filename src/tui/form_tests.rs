//! The booking and registration forms: what is sent, when, and how often.

use ratatui::crossterm::event::KeyCode;

use super::action::{Action, ScreenId};
use super::testing::*;
use crate::i18n::Lang;
use crate::mine::store::Mine;

/// A port on loopback that refuses connections: the directory is offline.
fn offline_directory() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://127.0.0.1:{}/", l.local_addr().unwrap().port())
}

#[test]
fn invalid_form_sends_nothing_and_offline_retry_keeps_the_key() {
    let mut app = app(Lang::De);
    let _dir = use_store(&mut app, &Mine::default());
    let store = app.ctx.mine.clone().unwrap();
    app.ctx.directory_url = offline_directory();
    go(&mut app, ScreenId::Book);
    press(&mut app, ctrl('s'));
    assert_eq!(run_jobs(&mut app), 0, "an invalid form is not sent");

    fill_booking(&mut app);
    press(&mut app, ctrl('s'));
    assert_eq!(run_jobs(&mut app), 1);
    let first = store.load().unwrap().pending;
    assert_eq!(first.len(), 1, "kept while the directory is unreachable");
    let text = render(&mut app, 80, 24);
    assert!(text.contains("Offline"), "{text}");
    assert!(
        text.contains("Kiezchor Wedding e.V."),
        "the form keeps what was typed"
    );

    press(&mut app, ctrl('r'));
    assert_eq!(run_jobs(&mut app), 1);
    let second = store.load().unwrap().pending;
    assert_eq!(second, first, "a retry reuses the same Idempotency-Key");

    // a changed form is a new request
    press(&mut app, key(KeyCode::BackTab));
    press(&mut app, key(KeyCode::BackTab));
    press(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "3");
    press(&mut app, ctrl('s'));
    run_jobs(&mut app);
    let third = store.load().unwrap().pending;
    assert_eq!(third.len(), 1, "the edited form replaces the unsent one");
    assert_ne!(third[0].idempotency_key, first[0].idempotency_key);
    app.dispatch(Action::Back);
}
