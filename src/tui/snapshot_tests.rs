//! Every screen at 80x24 and 120x40, in German and English, on the fixture catalogue at a fixed time.
//! Snapshots live in `src/tui/snapshots/`.

use std::sync::Arc;

use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use rstest::rstest;

use super::action::{Action, ScreenId};
use super::app::App;
use super::results::Outcome;
use super::testing::*;
use crate::api::{Booking, BookingKind, BookingStatus, Links, NewBooking};
use crate::i18n::Lang;
use crate::mine::store::{Mine, MyBooking};

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
            let dir = use_store(app, &Mine::default());
            go(app, ScreenId::Book);
            fill_booking(app);
            press(app, ctrl('s'));
            app.dispatch(Action::Booked(Outcome::Offline(
                "the directory at http://127.0.0.1:9/ cannot be reached".into(),
            )));
            return Some(dir);
        }
        "my_bookings" => {
            let dir = use_store(app, &stored_bookings());
            go(app, ScreenId::MyBookings);
            app.dispatch(Action::BookingsLive(vec![(
                "bk_active".into(),
                Some(active_booking()),
            )]));
            return Some(dir);
        }
        "book_sent" => {
            let dir = use_store(app, &Mine::default());
            go(app, ScreenId::Book);
            fill_booking(app);
            press(app, ctrl('s'));
            app.dispatch(Action::Booked(Outcome::Sent(Box::new(
                crate::mine::store::Sent::Booking(my_booking("bk_new", BookingStatus::Requested)),
            ))));
            return Some(dir);
        }
        "my_bookings_team" => {
            let mut mine = stored_bookings();
            mine.bookings.retain(|b| b.id == "bk_team");
            mine.pending.clear();
            let dir = use_store(app, &mine);
            go(app, ScreenId::MyBookings);
            app.dispatch(Action::BookingsLive(vec![(
                "bk_team".into(),
                Some(active_team()),
            )]));
            return Some(dir);
        }
        "my_bookings_offline" => {
            let dir = use_store(app, &stored_bookings());
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
            let dir = use_store(app, &Mine::default());
            go(app, ScreenId::Events);
            press(app, ch('r'));
            for text in ["Anna Beispiel", "anna@example.org", "Sportverein Nord"] {
                type_text(app, text);
                press(app, key(KeyCode::Tab));
            }
            press(app, ctrl('s'));
            app.dispatch(Action::Booked(Outcome::Sent(Box::new(
                crate::mine::store::Sent::Registration(crate::mine::store::MyRegistration {
                    id: "reg_1".into(),
                    directory: "http://127.0.0.1:9/".into(),
                    event_id: "x".into(),
                    date: "2026-12-15".into(),
                    name: "Anna Beispiel".into(),
                    cancel_token: "can_test".into(),
                    created_at: "2026-11-28T09:00:00Z".into(),
                    status: crate::api::RegistrationStatus::Waitlisted,
                }),
            ))));
            return Some(dir);
        }
        other => panic!("no setup for {other}"),
    }
    None
}

fn stored_bookings() -> Mine {
    let booking = |id: &str, name: &str, status| MyBooking {
        name: name.into(),
        ..my_booking(id, status)
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
        pending: vec![crate::mine::store::booking(
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
                lang: None,
            },
        )],
    }
}

/// An active team whose invite link is longer than the details column is wide.
fn active_team() -> Booking {
    let mut b = active_booking();
    b.id = "bk_team".into();
    b.kind = BookingKind::MattermostTeam;
    b.name = "Kiezchor Team".into();
    b.links = Some(Links {
        room_url: None,
        viewer_code: None,
        moderator_code: None,
        invite_url: Some(format!(
            "https://chat.kiezchor.example/signup_user_complete/?id={}",
            "k1e2z3c4h5o6r7t8e9a0m".repeat(2)
        )),
    });
    b
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
        "book_sent",
        "my_bookings",
        "my_bookings_team",
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

/// A German screen has no text that only the English table has.
#[test]
fn german_screens_have_no_english_text() {
    let pieces = crate::i18n::english_only();
    for name in [
        "home",
        "catalogue",
        "catalogue_search",
        "catalogue_filters",
        "catalogue_empty",
        "detail",
        "compare",
        "compare_empty",
        "examples",
        "reader",
        "events",
        "help",
        "book",
        "book_invalid",
        "book_offline",
        "book_sent",
        "my_bookings",
        "my_bookings_team",
        "my_bookings_offline",
        "register_invalid",
        "register_waitlisted",
    ] {
        let mut app = app(Lang::De);
        let _store = setup(&mut app, name, (120, 40));
        let text = render(&mut app, 120, 40);
        for piece in &pieces {
            assert!(
                !text.contains(piece.as_str()),
                "{name}: English `{piece}` in\n{text}"
            );
        }
    }
}

/// The words on a screen at `size`, split at blanks and frame characters.
fn words(app: &mut App, (w, h): (u16, u16)) -> Vec<String> {
    render(app, w, h)
        .split(|c: char| c.is_whitespace() || "\"┃│┏┓┗┛━─┌┐└┘›▸≠".contains(c))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// At 80 columns every word is either whole (as it stands on a wide screen) or cut with `…`.
#[rstest]
fn no_word_is_broken_at_80_columns(
    #[values("compare", "compare_four", "examples", "events")] name: &str,
    #[values(Lang::De, Lang::En)] lang: Lang,
) {
    let mut wide = app(lang);
    setup(&mut wide, name, (240, 60));
    let whole: std::collections::BTreeSet<String> =
        words(&mut wide, (240, 60)).into_iter().collect();
    let mut narrow = app(lang);
    setup(&mut narrow, name, (80, 24));
    for word in words(&mut narrow, (80, 24)) {
        assert!(
            whole.contains(&word) || word.ends_with('…'),
            "{name}/{lang:?}: {word:?} is broken without an ellipsis"
        );
    }
}

#[rstest]
fn home_at_80x24_says_that_more_keys_exist(#[values(Lang::De, Lang::En)] lang: Lang) {
    let mut app = app(lang);
    let small = render(&mut app, 80, 24);
    let more = crate::i18n::t(crate::i18n::Msg::TuiMoreBelow, lang).trim();
    assert!(small.contains(more), "{small}");
    // scrolled to the end, the last global key is there and the note is gone
    press(&mut app, ch('G'));
    let end = render(&mut app, 80, 24);
    assert!(!end.contains(more), "{end}");
    let last = app
        .ctx
        .keymap
        .bindings(super::keymap::Mode::Global)
        .last()
        .unwrap();
    assert!(end.contains(last.desc.get(lang)), "{end}");
    assert!(
        !render(&mut app, 120, 40).contains(more),
        "everything fits at 120x40"
    );
}

#[rstest]
fn the_invite_link_never_runs_into_the_qr_code(
    #[values((100, 30), (120, 40), (160, 50))] size: (u16, u16),
) {
    let mut app = app(Lang::En);
    let _store = setup(&mut app, "my_bookings_team", size);
    let screen = render(&mut app, size.0, size.1);
    let mut qr_rows = 0;
    for line in screen.lines() {
        let chars: Vec<char> = line.trim_matches('"').chars().collect();
        // the QR code's quiet zone is its first column, drawn light
        let Some(qr) = chars.iter().position(|&c| "█▀▄".contains(c)) else {
            continue;
        };
        qr_rows += 1;
        assert!(
            chars[qr - 2..qr].iter().all(|&c| c == ' '),
            "text touches the QR code: {line}"
        );
    }
    assert!(qr_rows > 10, "the QR code is drawn at {size:?}:\n{screen}");
    assert!(
        screen.contains("https://chat.kiezchor.example/"),
        "{screen}"
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

// ---- admin screens and dashboard ----

pub(super) mod admin {
    use ratatui::crossterm::event::KeyCode;
    use rstest::rstest;

    use super::super::action::{Action, ScreenId};
    use super::super::app::App;
    use super::super::ctx::AdminAccess;
    use super::super::results::{AdminResult, Failure, InstanceHealth};
    use super::super::testing::*;
    use crate::api::{
        BookingKind, BookingStatus, EventInfo, HistoryCheck, HistoryReport, InstanceStatus,
        PublicInstance, Registration, RegistrationStatus, ReportHistory, ServiceEntry, Status,
    };
    use crate::i18n::Lang;
    use crate::tui::testing::active_booking;

    pub const URL: &str = "http://127.0.0.1:9/";
    pub const TOKEN: &str = "admin-secret-never-drawn-4711";

    pub fn pending() -> Vec<crate::api::Booking> {
        let mut a = active_booking();
        a.id = "bk_chor".into();
        a.status = BookingStatus::Requested;
        a.links = None;
        a.purpose = "Vorstandssitzungen, einmal im Monat".into();
        let mut b = a.clone();
        b.id = "bk_sport".into();
        b.kind = BookingKind::MattermostTeam;
        b.name = "SV Nord Jugend".into();
        b.organisation = "Sportverein Nord".into();
        b.contact_name = "Bea".into();
        b.email = "bea@sv-nord.example".into();
        vec![a, b]
    }

    pub fn events() -> Vec<EventInfo> {
        serde_json::from_value(serde_json::json!([
            {"id": "sprechstunde", "kind": "consultation",
             "title": {"de": "Digitale Sprechstunde", "en": "Digital consultation hour"},
             "description": {"de": "x", "en": "x"}, "language": "de", "capacity": 2,
             "next_dates": []},
            {"id": "workshop-passwort", "kind": "workshop",
             "title": {"de": "Passwörter im Verein", "en": "Passwords in the club"},
             "description": {"de": "x", "en": "x"}, "language": "de", "capacity": 20,
             "next_dates": []}
        ]))
        .unwrap()
    }

    pub fn registrations() -> Vec<Registration> {
        let reg = |id: &str, name: &str, status| Registration {
            id: id.into(),
            event_id: "sprechstunde".into(),
            date: "2026-12-15".into(),
            name: name.into(),
            email: format!("{}@example.org", name.to_lowercase()),
            organisation: "Kiezchor Wedding e.V.".into(),
            note: None,
            status,
            created_at: "2026-11-27T10:00:00Z".into(),
            updated_at: "2026-11-27T10:00:00Z".into(),
            address: None,
        };
        vec![
            reg("reg_3", "Carla", RegistrationStatus::Waitlisted),
            reg("reg_1", "Anna", RegistrationStatus::Confirmed),
            reg("reg_2", "Ben", RegistrationStatus::Confirmed),
        ]
    }

    fn report(minutes_ago: i64, status: &str, latency: f64, cert: i64) -> HistoryReport {
        let at = now() - jiff::SignedDuration::from_mins(minutes_ago);
        HistoryReport {
            received_at: at.to_string(),
            observed_at: None,
            status: Status::parse(status),
            checks: vec![
                HistoryCheck {
                    check: "http".into(),
                    status: Some(Status::Ok),
                    latency_ms: Some(latency),
                    detail: "HTTP 200".into(),
                    cert_days: None,
                    version: None,
                },
                HistoryCheck {
                    check: "tls".into(),
                    status: Status::parse(status),
                    latency_ms: Some(latency / 2.0),
                    detail: format!("certificate valid for {cert} more days"),
                    cert_days: Some(cert),
                    version: None,
                },
            ],
        }
    }

    pub fn instances() -> Vec<InstanceHealth> {
        let instance = |id: &str, org: &str, status: &str, last: Option<i64>| PublicInstance {
            id: id.into(),
            organisation: org.into(),
            services: vec![ServiceEntry {
                kind: "mattermost".into(),
                url: format!("https://chat.{id}.example"),
                software: "Mattermost".into(),
                version: "10.5.1".into(),
            }],
            status: InstanceStatus::parse(status).expect("a status the directory gives"),
            registered_at: "2026-10-01T08:00:00Z".into(),
            last_report_at: last.map(|m| (now() - jiff::SignedDuration::from_mins(m)).to_string()),
            uptime_24h: last.map(|_| 0.98),
            uptime_30d: last.map(|_| 0.995),
            stale: status == "stale",
            report_interval_secs: last.map(|_| 60),
            directory_check: None,
        };
        let history = |id: &str, reports: Vec<HistoryReport>| {
            Some(ReportHistory {
                instance_id: id.into(),
                reports,
            })
        };
        vec![
            InstanceHealth {
                instance: instance("in_kiez", "Kiezchor Wedding e.V.", "ok", Some(1)),
                history: history(
                    "in_kiez",
                    (0..40)
                        .map(|i| report(i, "ok", 40.0 + ((i * 37) % 90) as f64, 60))
                        .collect(),
                ),
            },
            InstanceHealth {
                instance: instance("in_nord", "Sportverein Nord", "warning", Some(2)),
                history: history("in_nord", vec![report(2, "warning", 310.0, 9)]),
            },
            InstanceHealth {
                instance: instance("in_garten", "Gemeinschaftsgarten Süd", "stale", Some(200)),
                history: history("in_garten", vec![report(200, "ok", 95.0, 40)]),
            },
            InstanceHealth {
                instance: instance("in_neu", "Nachbarschaftshaus", "new", None),
                history: history("in_neu", vec![]),
            },
        ]
    }

    fn admin_app(lang: Lang) -> App {
        let mut app = app(lang);
        app.ctx.directory_url = URL.into();
        app.ctx.admin = Some(AdminAccess::new(URL, TOKEN));
        app
    }

    fn answer(app: &mut App, result: AdminResult) {
        app.dispatch(Action::Admin(result));
    }

    /// Opens the admin screen and answers its first refresh with the fixtures.
    pub fn loaded(lang: Lang) -> App {
        let mut app = admin_app(lang);
        render(&mut app, 80, 24);
        go(&mut app, ScreenId::Admin);
        assert_eq!(
            app.take_jobs().len(),
            4,
            "bookings, events, outbox, instances"
        );
        answer(&mut app, AdminResult::Bookings(Ok(pending())));
        answer(&mut app, AdminResult::Events(Ok(events())));
        answer(&mut app, AdminResult::Outbox(Ok(outbox(true, 0))));
        answer(&mut app, AdminResult::Instances(Ok(instances())));
        app
    }

    /// An outbox answer: mail on or off, and `failed` failed deliveries.
    fn outbox(mail_enabled: bool, failed: usize) -> crate::api::Outbox {
        crate::api::Outbox {
            mail_enabled,
            messages: (0..failed)
                .map(|i| crate::api::OutboxMessage {
                    id: format!("ms_{i}"),
                    topic: "booking_received".into(),
                    about: Some("bk_1".into()),
                    recipient: format!("gone{i}@example.org"),
                    subject: "Buchung eingegangen".into(),
                    status: "failed".into(),
                    attempts: 2,
                    next_attempt: None,
                    last_error: Some("permanent error (550): mailbox unavailable\u{1b}[31m".into()),
                    created_at: "2026-12-02T10:00:00Z".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_screen_says_when_nobody_is_mailed_and_which_deliveries_failed() {
        let mut app = loaded(Lang::En);
        let screen = render(&mut app, 120, 40);
        assert!(!screen.contains("No mail") && !screen.contains("could not be delivered"));
        answer(&mut app, AdminResult::Outbox(Ok(outbox(false, 0))));
        let screen = render(&mut app, 120, 40);
        assert!(
            screen.contains("No mail: directory.smtp is not set up"),
            "{screen}"
        );
        answer(&mut app, AdminResult::Outbox(Ok(outbox(true, 2))));
        let screen = render(&mut app, 120, 40);
        assert!(
            screen.contains("2 mails could not be delivered, last to gone1@example.org"),
            "{screen}"
        );
        assert!(screen.contains("550"), "{screen}");
        assert!(!screen.contains('\u{1b}'), "an escape reached the screen");
    }

    fn setup(name: &str, lang: Lang, (w, h): (u16, u16)) -> App {
        if name == "admin_no_token" {
            let mut app = app(lang);
            app.ctx.directory_url = URL.into();
            render(&mut app, w, h);
            go(&mut app, ScreenId::Admin);
            assert!(app.take_jobs().is_empty(), "no token, no requests");
            return app;
        }
        let mut app = loaded(lang);
        render(&mut app, w, h);
        match name {
            "admin_bookings" => press(&mut app, ch('j')),
            "admin_reject" => {
                press(&mut app, ch('x'));
                type_text(&mut app, "Kein Vereinsbezug erkennbar");
            }
            "admin_refused" => {
                press(&mut app, ch('a'));
                answer(
                    &mut app,
                    AdminResult::Decided {
                        approved: true,
                        result: Err(Failure::Refused(
                            "BigBlueButton is not configured on this directory; the booking stays requested"
                                .into(),
                        )),
                    },
                );
            }
            "admin_registrations" => {
                press(&mut app, key(KeyCode::Tab));
                press(&mut app, key(KeyCode::Enter));
                answer(
                    &mut app,
                    AdminResult::Registrations {
                        event_id: "sprechstunde".into(),
                        result: Ok(registrations()),
                    },
                );
            }
            "admin_dashboard" => {
                press(&mut app, key(KeyCode::Tab));
                press(&mut app, key(KeyCode::Tab));
            }
            "admin_dashboard_problems" => {
                press(&mut app, key(KeyCode::Tab));
                press(&mut app, key(KeyCode::Tab));
                press(&mut app, ch('p'));
                press(&mut app, ch('o'));
                press(&mut app, ch('o'));
                press(&mut app, ch('/'));
                type_text(&mut app, "mattermost");
            }
            "admin_dashboard_detail" => {
                press(&mut app, key(KeyCode::BackTab));
                press(&mut app, ch('G'));
                press(&mut app, key(KeyCode::Enter));
            }
            "admin_offline" => {
                press(&mut app, key(KeyCode::BackTab));
                press(&mut app, ch('r'));
                let offline = || Failure::Offline("the directory cannot be reached".into());
                answer(&mut app, AdminResult::Bookings(Err(offline())));
                answer(&mut app, AdminResult::Events(Err(offline())));
                answer(&mut app, AdminResult::Outbox(Err(offline())));
                answer(&mut app, AdminResult::Instances(Err(offline())));
            }
            other => panic!("no setup for {other}"),
        }
        app
    }

    #[test]
    fn german_admin_screens_have_no_english_text() {
        let pieces = crate::i18n::english_only();
        for name in [
            "admin_no_token",
            "admin_bookings",
            "admin_reject",
            "admin_refused",
            "admin_registrations",
            "admin_dashboard",
            "admin_dashboard_problems",
            "admin_dashboard_detail",
            "admin_offline",
        ] {
            let mut app = setup(name, Lang::De, (120, 40));
            let text = render(&mut app, 120, 40);
            for piece in &pieces {
                assert!(
                    !text.contains(piece.as_str()),
                    "{name}: English `{piece}` in\n{text}"
                );
            }
        }
    }

    #[rstest]
    fn screen(
        #[values(
            "admin_no_token",
            "admin_bookings",
            "admin_reject",
            "admin_refused",
            "admin_registrations",
            "admin_dashboard",
            "admin_dashboard_problems",
            "admin_dashboard_detail",
            "admin_offline"
        )]
        name: &str,
        #[values(Lang::De, Lang::En)] lang: Lang,
        #[values((80, 24), (120, 40))] size: (u16, u16),
    ) {
        let mut app = setup(name, lang, size);
        let text = render(&mut app, size.0, size.1);
        assert!(
            !text.contains(TOKEN),
            "{name}: the admin token is on screen"
        );
        insta::assert_snapshot!(
            format!("{name}_{}_{}x{}", lang.code(), size.0, size.1),
            text
        );
    }

    #[test]
    fn any_size_renders_without_panicking() {
        for name in [
            "admin_no_token",
            "admin_reject",
            "admin_registrations",
            "admin_dashboard",
            "admin_dashboard_detail",
        ] {
            let mut app = setup(name, Lang::De, (80, 24));
            for (w, h) in [(0, 0), (1, 1), (80, 24), (81, 25), (200, 60), (80, 100)] {
                let mut terminal = terminal(w, h);
                terminal.draw(|f| app.draw(f)).unwrap();
            }
        }
    }

    #[test]
    fn no_control_character_from_the_directory_reaches_the_terminal() {
        let evil = "\x1b[2J\x1b]0;pwned\x07\x1b[31m\r\x08\x00\u{9b}31m";
        let mut app = admin_app(Lang::En);
        go(&mut app, ScreenId::Admin);
        let mut bookings = pending();
        for b in &mut bookings {
            b.name.push_str(evil);
            b.organisation.push_str(evil);
            b.purpose.push_str(evil);
            b.email.push_str(evil);
            b.id.push_str(evil);
        }
        let mut regs = registrations();
        for r in &mut regs {
            r.name.push_str(evil);
            r.organisation.push_str(evil);
            r.date.push_str(evil);
        }
        let mut rows = instances();
        for r in &mut rows {
            r.instance.organisation.push_str(evil);
            r.instance.id.push_str(evil);
            r.instance.services[0].version.push_str(evil);
            r.instance.services[0].url.push_str(evil);
            if let Some(h) = &mut r.history {
                for rep in &mut h.reports {
                    for c in &mut rep.checks {
                        c.detail.push_str(evil);
                        c.check.push_str(evil);
                    }
                }
            }
        }
        let mut evs = events();
        evs[0].title.en.push_str(evil);
        answer(&mut app, AdminResult::Bookings(Ok(bookings)));
        answer(&mut app, AdminResult::Events(Ok(evs)));
        answer(&mut app, AdminResult::Instances(Ok(rows)));
        answer(
            &mut app,
            AdminResult::Decided {
                approved: false,
                result: Err(Failure::Refused(format!("no{evil}"))),
            },
        );
        let mut screens = Vec::new();
        screens.push(draw_buffer(&mut app));
        press(&mut app, ch('x'));
        type_text(&mut app, "why\u{7}");
        screens.push(draw_buffer(&mut app));
        press(&mut app, key(KeyCode::Esc));
        press(&mut app, key(KeyCode::Tab));
        press(&mut app, key(KeyCode::Enter));
        answer(
            &mut app,
            AdminResult::Registrations {
                event_id: "sprechstunde".into(),
                result: Ok(regs),
            },
        );
        screens.push(draw_buffer(&mut app));
        press(&mut app, key(KeyCode::Tab));
        screens.push(draw_buffer(&mut app));
        press(&mut app, key(KeyCode::Enter));
        screens.push(draw_buffer(&mut app));
        for (i, buffer) in screens.iter().enumerate() {
            for cell in &buffer.content {
                assert!(
                    !cell
                        .symbol()
                        .chars()
                        .any(|c| c.is_control() || c == '\u{9b}'),
                    "screen {i}: control character in {:?}",
                    cell.symbol()
                );
            }
        }
    }

    fn draw_buffer(app: &mut App) -> ratatui::buffer::Buffer {
        let mut terminal = terminal(120, 40);
        terminal.draw(|f| app.draw(f)).unwrap();
        terminal.backend().buffer().clone()
    }
}
