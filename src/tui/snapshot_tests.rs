//! Every screen at 80x24 and 120x40, in German and English, on the fixture catalogue at a fixed time.
//! Snapshots live in `src/tui/snapshots/`.

use std::sync::Arc;

use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use rstest::rstest;

use super::action::{Action, ScreenId};
use super::app::App;
use super::screens::book;
use super::testing::*;
use crate::directory::model::{Booking, BookingKind, BookingStatus, Links, NewBooking};
use crate::i18n::Lang;
use crate::mine::store::{Mine, MyBooking, Store};

/// Brings a fresh app into the state a snapshot shows; the temp dir (if any) holds its local store.
fn setup(app: &mut App, screen: &str, (w, h): (u16, u16)) -> Option<tempfile::TempDir> {
    // the real app draws before the first key arrives
    render(app, w, h);
    match screen {
        "home" => {}
        "catalogue" => go(app, ScreenId::Catalogue),
        "catalogue_search" => {
            press(app, ch('/'));
            type_text(app, "ver");
            let c = tool(app, "quasselfix");
            app.ctx.marked = vec![c];
        }
        "catalogue_filters" => {
            go(app, ScreenId::Catalogue);
            press(app, ch('o'));
            press(app, ch('f'));
            press(app, key(KeyCode::Tab));
            press(app, key(KeyCode::Tab));
            press(app, ch('j'));
        }
        "catalogue_empty" => {
            press(app, ch('/'));
            type_text(app, "zzzz");
        }
        "detail" => {
            let t = tool(app, "plauderbox");
            app.dispatch(Action::ShowTool(t));
        }
        "detail_scrolled" => {
            let t = tool(app, "bildtelefon");
            app.dispatch(Action::ShowTool(t));
            render(app, w, h);
            press(app, key(KeyCode::PageDown));
        }
        "compare" => {
            app.ctx.marked = ["plauderbox", "quasselfix", "funkraum"]
                .iter()
                .map(|id| tool(app, id))
                .collect();
            app.dispatch(Action::OpenCompare);
        }
        "compare_four" => {
            app.ctx.marked = ["funkraum", "bildtelefon", "tresor", "schluesselbund"]
                .iter()
                .map(|id| tool(app, id))
                .collect();
            app.dispatch(Action::OpenCompare);
            press(app, ch('l'));
        }
        "compare_empty" => go(app, ScreenId::Compare),
        "examples" => go(app, ScreenId::Examples),
        "reader" => {
            go(app, ScreenId::Examples);
            press(app, key(KeyCode::Enter));
        }
        "events" => {
            go(app, ScreenId::Events);
            render(app, w, h);
            press(app, ch('j'));
        }
        "help" => app.dispatch(Action::Help),
        "book" => go(app, ScreenId::Book),
        "book_invalid" => {
            go(app, ScreenId::Book);
            press(app, key(KeyCode::Tab));
            type_text(app, "K");
            press(app, key(KeyCode::Tab));
            type_text(app, "Ada Beispiel");
            press(app, key(KeyCode::Tab));
            type_text(app, "ada@");
            press(app, ctrl('s'));
        }
        "book_offline" => {
            let dir = tempfile::tempdir().unwrap();
            app.ctx.mine = Some(Store::at(dir.path().join("mine.json")));
            app.ctx.directory_url = "http://127.0.0.1:9/".into();
            go(app, ScreenId::Book);
            fill_booking(app);
            press(app, ctrl('s'));
            app.dispatch(Action::Booked(book::Outcome::Offline(
                "the directory at http://127.0.0.1:9/ cannot be reached".into(),
            )));
            return Some(dir);
        }
        "my_bookings" => {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::at(dir.path().join("mine.json"));
            store.save(&stored_bookings()).unwrap();
            app.ctx.mine = Some(store);
            go(app, ScreenId::MyBookings);
            app.dispatch(Action::BookingsLive(vec![(
                "bk_active".into(),
                Some(active_booking()),
            )]));
            return Some(dir);
        }
        "my_bookings_offline" => {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::at(dir.path().join("mine.json"));
            store.save(&stored_bookings()).unwrap();
            app.ctx.mine = Some(store);
            go(app, ScreenId::MyBookings);
            press(app, ch('j'));
            app.dispatch(Action::BookingsLive(vec![("bk_active".into(), None)]));
            return Some(dir);
        }
        "register_invalid" => {
            go(app, ScreenId::Events);
            render(app, w, h);
            press(app, ch('r'));
            type_text(app, "Anna");
            press(app, key(KeyCode::Tab));
            type_text(app, "anna.example.org");
            press(app, ctrl('s'));
        }
        "register_waitlisted" => {
            let dir = tempfile::tempdir().unwrap();
            app.ctx.mine = Some(Store::at(dir.path().join("mine.json")));
            app.ctx.directory_url = "http://127.0.0.1:9/".into();
            go(app, ScreenId::Events);
            press(app, ch('r'));
            for text in ["Anna Beispiel", "anna@example.org", "Sportverein Nord"] {
                type_text(app, text);
                press(app, key(KeyCode::Tab));
            }
            press(app, ctrl('s'));
            app.dispatch(Action::Booked(book::Outcome::Sent(Box::new(
                crate::mine::send::Sent::Registration(crate::mine::store::MyRegistration {
                    id: "reg_1".into(),
                    directory: "http://127.0.0.1:9/".into(),
                    event_id: "x".into(),
                    date: "2026-12-15".into(),
                    name: "Anna Beispiel".into(),
                    cancel_token: "can_test".into(),
                    created_at: "2026-11-28T09:00:00Z".into(),
                    status: crate::directory::model::RegistrationStatus::Waitlisted,
                }),
            ))));
            return Some(dir);
        }
        other => panic!("no setup for {other}"),
    }
    None
}

fn fill_booking(app: &mut App) {
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

fn stored_bookings() -> Mine {
    let booking = |id: &str, name: &str, status| MyBooking {
        id: id.into(),
        directory: "http://127.0.0.1:9/".into(),
        kind: BookingKind::BbbRoom,
        name: name.into(),
        organisation: "Kiezchor Wedding e.V.".into(),
        owner_token: "own_test".into(),
        created_at: "2026-11-27T10:00:00Z".into(),
        status,
    };
    let mut team = booking("bk_team", "Kiezchor Team", BookingStatus::Requested);
    team.kind = BookingKind::MattermostTeam;
    Mine {
        version: 1,
        bookings: vec![
            booking("bk_active", "Kiezchor Vorstand", BookingStatus::Approved),
            team,
        ],
        registrations: vec![],
        pending: vec![crate::mine::send::booking(
            "http://127.0.0.1:9/",
            NewBooking {
                kind: BookingKind::BbbRoom,
                organisation: "Kiezchor Wedding e.V.".into(),
                contact_name: "Ada".into(),
                email: "ada@kiezchor.example".into(),
                purpose: "Proben".into(),
                name: "Kiezchor Probe".into(),
                expected_participants: 30,
                accept_code_of_conduct: true,
            },
        )],
    }
}

fn active_booking() -> Booking {
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
    }
}

#[rstest]
fn screen(
    #[values(
        "home",
        "catalogue",
        "catalogue_search",
        "catalogue_filters",
        "catalogue_empty",
        "detail",
        "detail_scrolled",
        "compare",
        "compare_four",
        "compare_empty",
        "examples",
        "reader",
        "events",
        "help",
        "book",
        "book_invalid",
        "book_offline",
        "my_bookings",
        "my_bookings_offline",
        "register_invalid",
        "register_waitlisted"
    )]
    name: &str,
    #[values(Lang::De, Lang::En)] lang: Lang,
    #[values((80, 24), (120, 40))] size: (u16, u16),
) {
    let mut app = app(lang);
    let _store = setup(&mut app, name, size);
    let text = render(&mut app, size.0, size.1);
    insta::assert_snapshot!(
        format!("{name}_{}_{}x{}", lang.code(), size.0, size.1),
        text
    );
}

#[rstest]
fn too_small(#[values(Lang::De, Lang::En)] lang: Lang) {
    let mut app = app(lang);
    go(&mut app, ScreenId::Catalogue);
    let text = render(&mut app, 60, 20);
    insta::assert_snapshot!(format!("too_small_{}_60x20", lang.code()), text);
}

#[test]
fn any_size_renders_without_panicking() {
    for screen in [
        "home",
        "catalogue_search",
        "detail",
        "compare",
        "reader",
        "events",
        "help",
    ] {
        let mut app = app(Lang::De);
        setup(&mut app, screen, (80, 24));
        for (w, h) in [
            (0, 0),
            (1, 1),
            (5, 3),
            (79, 24),
            (80, 23),
            (80, 24),
            (81, 25),
            (200, 60),
            (300, 24),
            (80, 100),
        ] {
            let mut terminal = terminal(w, h);
            terminal.draw(|f| app.draw(f)).unwrap();
        }
    }
}

/// A catalogue whose texts carry escape sequences and other control characters, as a hostile or broken
/// catalogue folder (or later: the network) might.
fn hostile() -> Arc<crate::catalog::Catalog> {
    let mut catalog = (*fixture()).clone();
    let evil = "\x1b[2J\x1b]0;pwned\x07\x1b[31m\r\x08\x00\u{9b}31m";
    for tool in &mut catalog.tools {
        tool.name = format!("Evil{evil}Tool");
        tool.provider.name.push_str(evil);
        tool.provider.country.push_str(evil);
        tool.summary.de.push_str(evil);
        tool.summary.en.push_str(evil);
        tool.description.de.push_str(evil);
        tool.description.en.push_str(evil);
        tool.website.push_str(evil);
        tool.sources.push(format!("https://x.example.org/{evil}"));
        tool.licence = tool.licence.take().map(|l| format!("{l}{evil}"));
        tool.hosting.countries.push(evil.into());
        tool.accessibility.en.push_str(evil);
        tool.accessibility.de.push_str(evil);
        tool.pricing.note.de.push_str(evil);
        tool.pricing.note.en.push_str(evil);
    }
    for c in &mut catalog.categories {
        c.name.de.push_str(evil);
        c.name.en.push_str(evil);
    }
    for e in &mut catalog.examples {
        e.title.de.push_str(evil);
        e.title.en.push_str(evil);
        e.body.de.push_str(evil);
        e.body.en.push_str(evil);
        e.club.en.push_str(evil);
        e.tools.push(evil.into());
    }
    for e in &mut catalog.events {
        e.title.de.push_str(evil);
        e.title.en.push_str(evil);
        e.description.en.push_str(evil);
        e.description.de.push_str(evil);
        e.online_url = Some(format!("https://x.example.org/{evil}"));
    }
    for s in &mut catalog.services {
        s.title.de.push_str(evil);
        s.title.en.push_str(evil);
    }
    Arc::new(catalog)
}

#[test]
fn no_control_character_from_data_reaches_the_terminal() {
    let catalog = hostile();
    for screen in [
        "home",
        "catalogue",
        "catalogue_search",
        "catalogue_filters",
        "detail",
        "detail_scrolled",
        "compare",
        "examples",
        "reader",
        "events",
    ] {
        for lang in [Lang::De, Lang::En] {
            let mut app = app_with(Arc::clone(&catalog), lang);
            if screen == "catalogue_search" {
                press(&mut app, ch('/'));
                type_text(&mut app, "evil");
            } else if screen == "compare" {
                app.ctx.marked = vec![0, 1, 2];
                app.dispatch(Action::OpenCompare);
            } else {
                setup(&mut app, screen, (120, 40));
            }
            let mut terminal = terminal(120, 40);
            terminal.draw(|f| app.draw(f)).unwrap();
            let buffer = terminal.backend().buffer();
            for cell in &buffer.content {
                assert!(
                    !cell
                        .symbol()
                        .chars()
                        .any(|c| c.is_control() || c == '\u{9b}'),
                    "{screen}/{lang:?}: control character in {:?}",
                    cell.symbol()
                );
            }
            let text = terminal.backend().to_string();
            assert!(!text.contains('\x1b'), "{screen}: ESC on screen");
        }
    }
}

#[test]
fn clean_text_is_what_the_widgets_get() {
    // the widgets would drop lone control characters themselves; the sanitising must not rely on it
    let line = super::text::clean("Evil\x1b[2JTool");
    assert_eq!(line, "Evil[2JTool");
}

/// The cells of the first occurrence of `text` on screen.
fn find(buffer: &ratatui::buffer::Buffer, text: &str) -> Vec<ratatui::buffer::Cell> {
    let area = buffer.area;
    for y in 0..area.height {
        let cells: Vec<&ratatui::buffer::Cell> = (0..area.width).map(|x| &buffer[(x, y)]).collect();
        let row: Vec<&str> = cells.iter().map(|c| c.symbol()).collect();
        let wanted: Vec<String> = text.chars().map(String::from).collect();
        if let Some(x) = row
            .windows(wanted.len())
            .position(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
        {
            return cells[x..x + wanted.len()]
                .iter()
                .map(|c| (*c).clone())
                .collect();
        }
    }
    panic!("{text:?} is not on screen");
}

fn draw(app: &mut App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = terminal(width, height);
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn search_matches_are_highlighted() {
    let mut app = app(Lang::En);
    press(&mut app, ch('/'));
    type_text(&mut app, "plau");
    let cells = find(&draw(&mut app, 120, 40), "Plauderbox");
    // the row is selected, so the selection colours win; underline and bold mark the match
    for cell in &cells[..4] {
        assert!(
            cell.modifier
                .contains(Modifier::UNDERLINED | Modifier::BOLD),
            "{cell:?}"
        );
    }
    assert!(!cells[5].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn compare_highlights_rows_that_differ() {
    let mut app = app(Lang::En);
    app.ctx.marked = vec![tool(&app, "plauderbox"), tool(&app, "funkraum")];
    app.dispatch(Action::OpenCompare);
    let buffer = draw(&mut app, 120, 40);
    let diff = app.ctx.theme.diff;
    // category differs, account needed does not
    let differs = find(&buffer, "≠ Category");
    assert_eq!(differs[2].fg, diff.fg.unwrap());
    let same = find(&buffer, "Account needed");
    assert_ne!(same[0].fg, diff.fg.unwrap());
}

#[rstest]
fn no_color_means_no_colours_but_selection_stays_visible(
    #[values("catalogue_search", "detail", "compare", "events", "help")] screen: &str,
) {
    let mut app = App::new(
        fixture(),
        Lang::De,
        super::theme::Theme::new(crate::config::ThemeName::HighContrast, true),
        now(),
    );
    setup(&mut app, screen, (120, 40));
    let buffer = draw(&mut app, 120, 40);
    for cell in &buffer.content {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "{screen}: {cell:?}"
        );
    }
    if screen != "help" && screen != "detail" {
        assert!(
            buffer
                .content
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED)),
            "{screen}: the selection must stay visible"
        );
    }
}

#[test]
fn high_contrast_renders_every_screen() {
    let mut app = App::new(
        fixture(),
        Lang::En,
        super::theme::Theme::new(crate::config::ThemeName::HighContrast, false),
        now(),
    );
    go(&mut app, ScreenId::Catalogue);
    let buffer = draw(&mut app, 80, 24);
    assert!(buffer.content.iter().any(|c| c.bg == Color::Black));
    press(&mut app, ch('T'));
    assert_eq!(app.ctx.theme.name, crate::config::ThemeName::Default);
}
