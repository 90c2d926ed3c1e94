//! The booking and registration forms: what is sent, when, and how often; once sent, never again.

use ratatui::crossterm::event::KeyCode;
use rstest::rstest;

use super::action::{Action, ScreenId};
use super::results::Outcome;
use super::testing::*;
use crate::api::{BookingStatus, RegistrationStatus};
use crate::i18n::{Lang, Msg, t};
use crate::mine::store::Sent;
use crate::mine::store::{Mine, MyRegistration};

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

fn sent_booking() -> Outcome {
    Outcome::Sent(Box::new(Sent::Booking(my_booking(
        "bk_1",
        BookingStatus::Requested,
    ))))
}

fn sent_registration() -> Outcome {
    Outcome::Sent(Box::new(Sent::Registration(MyRegistration {
        id: "reg_1".into(),
        directory: NOWHERE.into(),
        event_id: "sprechstunde".into(),
        date: "2026-12-15".into(),
        name: "Anna Beispiel".into(),
        cancel_token: "can_test".into(),
        created_at: "2026-11-28T09:00:00Z".into(),
        status: RegistrationStatus::Confirmed,
    })))
}

#[rstest]
fn a_sent_booking_is_not_sent_again_and_book_another_starts_empty(
    #[values(Lang::De, Lang::En)] lang: Lang,
) {
    let mut app = app(lang);
    let _dir = use_store(&mut app, &Mine::default());
    go(&mut app, ScreenId::Book);
    fill_booking(&mut app);
    press(&mut app, ctrl('s'));
    assert_eq!(app.take_jobs().len(), 1);
    app.dispatch(Action::Booked(sent_booking()));
    let another = t(Msg::BookAnother, lang);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("bk_1"), "the answer is shown: {screen}");
    assert!(screen.contains(another), "{screen}");

    for again in [ctrl('s'), ctrl('r')] {
        press(&mut app, again);
        assert!(
            app.take_jobs().is_empty(),
            "a sent booking is not sent again"
        );
        let status = app.ctx.status.clone().unwrap_or_default();
        assert!(status.contains(another), "{status}");
    }
    // up to the number of participants: what was sent stays as it was
    press(&mut app, key(KeyCode::Up));
    press(&mut app, key(KeyCode::Up));
    type_text(&mut app, "9");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("12") && !screen.contains("129"), "{screen}");
    press(&mut app, key(KeyCode::Down));
    press(&mut app, key(KeyCode::Down));

    // Enter on the button: a new, empty form
    press(&mut app, key(KeyCode::Enter));
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("Kiezchor Wedding e.V."), "{screen}");
    assert!(!screen.contains("bk_1"), "{screen}");
    press(&mut app, ctrl('s'));
    assert!(app.take_jobs().is_empty(), "an empty form is not sent");
    fill_booking(&mut app);
    press(&mut app, ctrl('s'));
    assert_eq!(
        app.take_jobs().len(),
        1,
        "the new form is sent as a new booking"
    );
}

#[rstest]
fn a_sent_registration_is_not_sent_again_and_register_another_starts_empty(
    #[values(Lang::De, Lang::En)] lang: Lang,
) {
    let mut app = app(lang);
    let _dir = use_store(&mut app, &Mine::default());
    go(&mut app, ScreenId::Events);
    press(&mut app, ch('r'));
    for text in ["Anna Beispiel", "anna@example.org", "Sportverein Nord"] {
        type_text(&mut app, text);
        press(&mut app, key(KeyCode::Tab));
    }
    press(&mut app, ctrl('s'));
    assert_eq!(app.take_jobs().len(), 1);
    app.dispatch(Action::Booked(sent_registration()));
    press(&mut app, ctrl('s'));
    assert!(
        app.take_jobs().is_empty(),
        "a sent registration is not sent again"
    );
    let another = t(Msg::RegAnother, lang);
    assert!(render(&mut app, 80, 24).contains(another));
    press(&mut app, key(KeyCode::Enter));
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("Anna Beispiel"), "{screen}");
    assert!(!screen.contains(another), "{screen}");
    assert_eq!(app.current(), ScreenId::Register, "for the same date");
}

#[test]
fn an_offline_answer_keeps_the_form_sendable() {
    let mut app = app(Lang::En);
    let _dir = use_store(&mut app, &Mine::default());
    go(&mut app, ScreenId::Book);
    fill_booking(&mut app);
    press(&mut app, ctrl('s'));
    app.take_jobs();
    app.dispatch(Action::Booked(Outcome::Offline("unreachable".into())));
    press(&mut app, ctrl('r'));
    assert_eq!(
        app.take_jobs().len(),
        1,
        "offline is not done: Ctrl-R sends again"
    );
}
