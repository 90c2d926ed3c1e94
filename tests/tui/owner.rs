//! The TUI's owner side against real processes: `vereint directory serve` with `vereint sim bbb` and
//! `vereint sim mattermost`. A room, a team and a registration are made over HTTP and kept in a local
//! store, as the TUI keeps them; then the interface (the library's `App`, drawn to a test backend,
//! its background jobs run for real) rotates the room's codes, changes its settings, renews the
//! team's invite link, cancels the registration and shows the community channel. Each change is
//! checked at the directory.

use crate::support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::tui::{ch, key, press, screen, settle};
use support::{ChildGuard, community_channel, free_port, printed_url};
use vereint::api::GuestPolicy;
use vereint::api::{BookingKind, BookingStatus, NewBooking, NewRegistration, RegistrationStatus};
use vereint::client::Client;
use vereint::config::ThemeName;
use vereint::i18n::Lang;
use vereint::mine::store::{Mine, MyBooking, MyRegistration, Store};
use vereint::tui::theme::Theme;
use vereint::tui::{Action, App};

const BBB_SECRET: &str = "tui-owner-bbb-secret-5d1e";
const MM_TOKEN: &str = "tui-owner-mm-token-8a2f";
const ADMIN: &str = "tui-owner-admin-token-0c4b7e";
const CATALOG_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/directory/catalog"
);

fn vereint(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vereint"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .arg("--lang")
        .arg("en");
    cmd
}

/// Starts a process that prints its `http://` address on its first line.
fn start(mut cmd: Command) -> (ChildGuard, String) {
    let mut child = ChildGuard(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let url = printed_url(&mut child);
    (child, url)
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "port {port} never opened");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The status line (last line of the screen), without the frame's padding.
fn status(app: &mut App) -> String {
    screen(app)
        .lines()
        .last()
        .unwrap_or_default()
        .trim_matches(|c: char| c == '"' || c.is_whitespace())
        .to_string()
}

fn booking(kind: BookingKind, name: &str) -> NewBooking {
    NewBooking {
        kind,
        organisation: "Kiezchor Wedding e.V.".into(),
        contact_name: "Ada Beispiel".into(),
        email: "ada@kiezchor.example".into(),
        purpose: "Proben und Vorstandssitzungen".into(),
        name: name.into(),
        expected_participants: 12,
        accept_code_of_conduct: true,
        lang: None,
    }
}

#[tokio::test]
async fn owners_manage_rooms_teams_and_registrations_from_the_tui() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    std::fs::write(home.join("bbb-secret"), BBB_SECRET).unwrap();
    std::fs::write(home.join("mm-token"), MM_TOKEN).unwrap();

    let mut bbb = vereint(home);
    bbb.args(["sim", "bbb", "--bind", "127.0.0.1:0", "--secret-file"])
        .arg(home.join("bbb-secret"));
    let (_bbb, bbb_url) = start(bbb);

    let mm_port = free_port();
    let mut mm_cmd = vereint(home);
    mm_cmd
        .args([
            "sim",
            "mattermost",
            "--bind",
            &format!("127.0.0.1:{mm_port}"),
        ])
        .arg("--token-file")
        .arg(home.join("mm-token"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _mm = ChildGuard(mm_cmd.spawn().unwrap());
    wait_for_port(mm_port);
    let mm_url = format!("http://127.0.0.1:{mm_port}");
    let reader_token =
        community_channel(&mm_url, MM_TOKEN, "Nächste Sprechstunde: Dienstag, 17 Uhr").await;

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut directory = vereint(home);
    directory
        .args(["directory", "serve", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(home.join("directory.sqlite3"))
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_DIRECTORY__PUBLIC_URL", &base)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
        .env("VEREINT_DIRECTORY__BBB__URL", &bbb_url)
        .env("VEREINT_DIRECTORY__BBB__SECRET", BBB_SECRET)
        .env("VEREINT_DIRECTORY__MATTERMOST__URL", &mm_url)
        .env("VEREINT_DIRECTORY__MATTERMOST__TOKEN", MM_TOKEN)
        .env(
            "VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_CHANNEL",
            "gemeinschaft/forum",
        )
        .env(
            "VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_TOKEN",
            &reader_token,
        );
    let (_directory, _) = start(directory);

    // a room, a team and a registration, as the TUI's forms would have left them
    let client = Client::new(&base).unwrap();
    let admin = Client::new(&base).unwrap().with_admin_token(ADMIN);
    let room = client
        .book(
            &booking(BookingKind::BbbRoom, "Kiezchor Vorstand"),
            "idem-key-room-0000001",
        )
        .await
        .unwrap();
    let team = client
        .book(
            &booking(BookingKind::MattermostTeam, "Kiezchor Team"),
            "idem-key-team-0000001",
        )
        .await
        .unwrap();
    for id in [&room.id, &team.id] {
        assert_eq!(
            admin.approve(id).await.unwrap().status,
            BookingStatus::Active
        );
    }
    let reg = client
        .register(
            "digitale-sprechstunde",
            &NewRegistration {
                name: "Ada Beispiel".into(),
                email: "ada@kiezchor.example".into(),
                organisation: "Kiezchor Wedding e.V.".into(),
                note: None,
                date: None,
                lang: None,
            },
            None,
        )
        .await
        .unwrap();
    let mine = |id: &str, kind, name: &str, token: &str| MyBooking {
        id: id.into(),
        directory: base.clone(),
        kind,
        name: name.into(),
        organisation: "Kiezchor Wedding e.V.".into(),
        owner_token: token.into(),
        created_at: "2026-12-01T10:00:00Z".into(),
        status: BookingStatus::Requested,
    };
    let store = Store::at(home.join("data/mine.json"));
    store
        .save(&Mine {
            version: 1,
            bookings: vec![
                mine(
                    &room.id,
                    BookingKind::BbbRoom,
                    "Kiezchor Vorstand",
                    &room.owner_token,
                ),
                mine(
                    &team.id,
                    BookingKind::MattermostTeam,
                    "Kiezchor Team",
                    &team.owner_token,
                ),
            ],
            registrations: vec![MyRegistration {
                id: reg.id.clone(),
                directory: base.clone(),
                event_id: reg.event_id.clone(),
                date: reg.date.clone(),
                name: "Ada Beispiel".into(),
                cancel_token: reg.cancel_token.clone(),
                created_at: "2026-12-01T10:00:00Z".into(),
                status: reg.status,
            }],
            pending: vec![],
        })
        .unwrap();

    let catalog = vereint::catalog::load_dir(Path::new(CATALOG_DIR)).unwrap();
    let mut app = App::new(
        std::sync::Arc::new(catalog),
        Lang::En,
        Theme::new(ThemeName::Default, true),
        jiff::Timestamp::now(),
    );
    app.ctx.mine = Some(store.clone());
    app.ctx.directory_url = base.clone();

    // My bookings: the live status replaces the stored one, and the store learns it
    press(&mut app, ch('m')).await;
    let text = screen(&mut app);
    assert!(text.contains("active"), "{text}");
    assert!(
        store
            .load()
            .unwrap()
            .bookings
            .iter()
            .all(|b| b.status == BookingStatus::Active)
    );

    // R asks first; the second R makes new codes, which the status line shows
    let before = client.room(&room.id, &room.owner_token).await.unwrap();
    press(&mut app, ch('R')).await;
    assert!(
        status(&mut app).contains("Press R again"),
        "{}",
        status(&mut app)
    );
    assert_eq!(
        client.room(&room.id, &room.owner_token).await.unwrap(),
        before,
        "nothing changes before the confirmation"
    );
    if let Some(action) = app.handle_key(&ch('R')) {
        app.dispatch(action);
    }
    let jobs = app.take_jobs();
    assert_eq!(jobs.len(), 1);
    let answer = jobs.into_iter().next().unwrap().run.await;
    let Action::Chain(actions) = &answer else {
        panic!("{answer:?}")
    };
    let after = client.room(&room.id, &room.owner_token).await.unwrap();
    assert_ne!(after.viewer_code, before.viewer_code);
    assert_ne!(after.moderator_code, before.moderator_code);
    assert!(
        matches!(&actions[0], Action::Status(s) if s.contains(&after.viewer_code) && s.contains(&after.moderator_code)),
        "{actions:?}"
    );
    app.dispatch(answer);
    settle(&mut app).await;

    // e opens the settings; the waiting room (third toggle) is switched on and saved
    press(&mut app, ch('e')).await;
    let text = screen(&mut app);
    assert!(text.contains("Room settings: Kiezchor Vorstand"), "{text}");
    assert!(text.contains(&after.moderator_code), "{text}");
    for _ in 0..3 {
        press(&mut app, key(KeyCode::Down)).await;
    }
    press(&mut app, ch(' ')).await;
    press(
        &mut app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    )
    .await;
    assert!(
        status(&mut app).contains("Room settings saved"),
        "{}",
        screen(&mut app)
    );
    let changed = client.room(&room.id, &room.owner_token).await.unwrap();
    assert_eq!(changed.settings.guest_policy, GuestPolicy::WaitingRoom);
    assert_eq!(
        changed.settings.mute_on_start,
        before.settings.mute_on_start
    );
    assert_eq!(changed.name, "Kiezchor Vorstand");
    press(&mut app, key(KeyCode::Esc)).await;

    // the team: I on the room says it needs a team; on the team, twice, a new invite link
    press(&mut app, ch('I')).await;
    assert!(
        status(&mut app).contains("only for an active chat team"),
        "{}",
        status(&mut app)
    );
    press(&mut app, ch('j')).await;
    let invite = client.team(&team.id, &team.owner_token).await.unwrap();
    press(&mut app, ch('I')).await;
    press(&mut app, ch('I')).await;
    assert!(
        status(&mut app).contains("New invite link"),
        "{}",
        screen(&mut app)
    );
    let renewed = client.team(&team.id, &team.owner_token).await.unwrap();
    assert_ne!(renewed, invite);

    // registrations: Tab shows them; x twice cancels
    press(&mut app, key(KeyCode::Tab)).await;
    let text = screen(&mut app);
    assert!(text.contains("Digital consultation hour"), "{text}");
    assert!(text.contains("confirmed"), "{text}");
    press(&mut app, ch('x')).await;
    assert!(status(&mut app).contains("Press x again"));
    press(&mut app, ch('x')).await;
    let live = client
        .registration(&reg.event_id, &reg.id, &reg.cancel_token)
        .await
        .unwrap();
    assert_eq!(live.status, RegistrationStatus::Cancelled);
    assert_eq!(
        store.load().unwrap().registrations[0].status,
        RegistrationStatus::Cancelled
    );
    assert!(screen(&mut app).contains("cancelled"));

    // the community channel, and its link to copy; no token on screen
    press(&mut app, ch('C')).await;
    let text = screen(&mut app);
    assert!(
        text.contains("Nächste Sprechstunde: Dienstag, 17 Uhr"),
        "{text}"
    );
    assert!(text.contains("gemeinschaft/channels/forum"), "{text}");
    assert!(!text.contains(&reader_token) && !text.contains(MM_TOKEN));
    press(&mut app, ch('y')).await;
    assert_eq!(
        app.ctx.clipboard.as_deref(),
        Some(format!("{mm_url}/gemeinschaft/channels/forum").as_str())
    );
}

#[tokio::test]
async fn an_unreachable_directory_says_so_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!("http://127.0.0.1:{}", free_port());
    let store = Store::at(dir.path().join("mine.json"));
    store
        .save(&Mine {
            version: 1,
            bookings: vec![MyBooking {
                id: "bk_gone".into(),
                directory: base.clone(),
                kind: BookingKind::BbbRoom,
                name: "Vorstand".into(),
                organisation: "Kiezchor".into(),
                owner_token: "own_x".into(),
                created_at: "2026-12-01T10:00:00Z".into(),
                status: BookingStatus::Active,
            }],
            registrations: vec![],
            pending: vec![],
        })
        .unwrap();
    let catalog = vereint::catalog::load_dir(Path::new(CATALOG_DIR)).unwrap();
    let mut app = App::new(
        std::sync::Arc::new(catalog),
        Lang::De,
        Theme::new(ThemeName::Default, true),
        jiff::Timestamp::now(),
    );
    app.ctx.mine = Some(store.clone());
    app.ctx.directory_url = base;
    press(&mut app, ch('m')).await;
    let text = screen(&mut app);
    assert!(text.contains("aktiv"), "the stored status stays: {text}");
    press(&mut app, ch('R')).await;
    press(&mut app, ch('R')).await;
    let line = status(&mut app);
    assert!(
        line.contains("127.0.0.1"),
        "the error names the directory: {line}"
    );
    press(&mut app, ch('C')).await;
    let text = screen(&mut app);
    assert!(
        text.contains("nicht erreichbar") || text.contains("cannot be reached"),
        "{text}"
    );
    assert_eq!(store.load().unwrap().bookings.len(), 1);
}

/// Types `text` into the focused field (every character a key press).
async fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, ch(c)).await;
    }
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A booking and a registration sent from the forms to a real directory are made once: Ctrl-S and
/// Ctrl-R after the answer send nothing, and "book another" starts an empty form.
#[tokio::test]
async fn a_form_sent_successfully_is_never_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut directory = vereint(home);
    directory
        .args(["directory", "serve", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(home.join("directory.sqlite3"))
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_DIRECTORY__PUBLIC_URL", &base)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0");
    let (_directory, _) = start(directory);
    let store = Store::at(home.join("data/mine.json"));
    let catalog = vereint::catalog::load_dir(Path::new(CATALOG_DIR)).unwrap();
    let mut app = App::new(
        std::sync::Arc::new(catalog),
        Lang::En,
        Theme::new(ThemeName::Default, true),
        jiff::Timestamp::now(),
    );
    app.ctx.mine = Some(store.clone());
    app.ctx.directory_url = base.clone();

    press(&mut app, ch('b')).await;
    for text in [
        "Kiezchor Wedding e.V.",
        "Ada Beispiel",
        "ada@kiezchor.example",
        "Vorstandssitzungen",
        "Kiezchor Vorstand",
        "12",
    ] {
        press(&mut app, key(KeyCode::Tab)).await;
        type_text(&mut app, text).await;
    }
    press(&mut app, key(KeyCode::Tab)).await;
    press(&mut app, ch(' ')).await;
    press(&mut app, ctrl('s')).await;
    let text = screen(&mut app);
    assert!(text.contains("Requested: bk_"), "{text}");
    assert!(text.contains("Book another"), "{text}");
    press(&mut app, ctrl('s')).await;
    press(&mut app, ctrl('r')).await;
    assert!(
        status(&mut app).contains("Already sent"),
        "{}",
        status(&mut app)
    );
    let admin = Client::new(&base).unwrap().with_admin_token(ADMIN);
    let made = admin.admin_bookings(None).await.unwrap();
    assert_eq!(made.len(), 1, "booked once: {made:?}");
    assert_eq!(store.load().unwrap().bookings.len(), 1);
    press(&mut app, key(KeyCode::Enter)).await;
    let text = screen(&mut app);
    assert!(
        !text.contains("Kiezchor Wedding e.V."),
        "an empty form: {text}"
    );

    // the same for a workshop registration
    press(&mut app, ch('5')).await;
    press(&mut app, ch('r')).await;
    for text in [
        "Ada Beispiel",
        "ada@kiezchor.example",
        "Kiezchor Wedding e.V.",
    ] {
        type_text(&mut app, text).await;
        press(&mut app, key(KeyCode::Tab)).await;
    }
    press(&mut app, ctrl('s')).await;
    let text = screen(&mut app);
    assert!(text.contains("Register another"), "{text}");
    press(&mut app, ctrl('s')).await;
    press(&mut app, ctrl('r')).await;
    let mine = store.load().unwrap();
    assert_eq!(mine.registrations.len(), 1, "registered once");
    let event = &mine.registrations[0].event_id;
    let regs = admin.admin_registrations(event).await.unwrap();
    assert_eq!(regs.len(), 1, "registered once: {regs:?}");

    // a new form with the same address (other letters) for the same date: the directory says no,
    // and the form says why, in the user's language
    press(&mut app, key(KeyCode::Enter)).await;
    for text in ["Ada B.", "ADA@Kiezchor.example", "Kiezchor Wedding e.V."] {
        type_text(&mut app, text).await;
        press(&mut app, key(KeyCode::Tab)).await;
    }
    press(&mut app, ctrl('s')).await;
    let date = &mine.registrations[0].date;
    let text = screen(&mut app);
    assert!(
        text.contains("This e-mail address is already registered for this date")
            && text.contains(&format!("already registered for {date}: confirmed")),
        "{text}"
    );
    app.ctx.lang = Lang::De;
    let text = screen(&mut app);
    assert!(
        text.contains("Diese E-Mail-Adresse ist für diesen Termin schon angemeldet")
            && text.contains(&format!("schon angemeldet für den {date}: bestätigt")),
        "{text}"
    );
    let after = store.load().unwrap();
    assert_eq!(
        (after.registrations.len(), after.pending.len()),
        (1, 0),
        "the refused one is neither kept nor pending"
    );
    assert_eq!(admin.admin_registrations(event).await.unwrap().len(), 1);
}

/// My registrations shows, for each date, when it is, where or under which link, and, once the
/// directory has confirmed a place, the exact address the public listing keeps back.
#[tokio::test]
async fn my_registrations_show_time_place_link_and_the_address_after_registration() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut directory = vereint(home);
    directory
        .args(["directory", "serve", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(home.join("directory.sqlite3"))
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0");
    let (_directory, _) = start(directory);
    let client = Client::new(&base).unwrap();
    let public = reqwest::get(format!("{base}/api/v1/catalog"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        public.contains("social-media-fuer-vereine") && !public.contains("Urbanstraße 21"),
        "the public catalogue keeps the address back"
    );
    let mut registrations = Vec::new();
    for event in ["digitale-sprechstunde", "social-media-fuer-vereine"] {
        let r = client
            .register(
                event,
                &NewRegistration {
                    name: "Ada Beispiel".into(),
                    email: "ada@kiezchor.example".into(),
                    organisation: "Kiezchor Wedding e.V.".into(),
                    note: None,
                    date: None,
                    lang: None,
                },
                None,
            )
            .await
            .unwrap();
        registrations.push(MyRegistration {
            id: r.id.clone(),
            directory: base.clone(),
            event_id: r.event_id.clone(),
            date: r.date.clone(),
            name: "Ada Beispiel".into(),
            cancel_token: r.cancel_token.clone(),
            created_at: "2026-12-01T10:00:00Z".into(),
            status: r.status,
        });
    }
    let store = Store::at(home.join("data/mine.json"));
    store
        .save(&Mine {
            version: 1,
            bookings: vec![],
            registrations: registrations.clone(),
            pending: vec![],
        })
        .unwrap();
    let catalog = vereint::catalog::load_dir(Path::new(CATALOG_DIR)).unwrap();
    let mut app = App::new(
        std::sync::Arc::new(catalog),
        Lang::En,
        Theme::new(ThemeName::Default, true),
        jiff::Timestamp::now(),
    );
    app.ctx.mine = Some(store.clone());
    app.ctx.directory_url = base.clone();
    press(&mut app, ch('m')).await;
    press(&mut app, key(KeyCode::Tab)).await;
    let text = screen(&mut app);
    assert!(
        text.contains("When: ")
            && text.contains("(Berlin time)")
            && text.contains("Link: https://vereint.example.org/r/sprechstunde"),
        "{text}"
    );
    assert!(
        !text.contains("Address: "),
        "an online date has none: {text}"
    );
    press(&mut app, ch('j')).await;
    let text = screen(&mut app);
    assert!(
        text.contains("Where: Neighbourhood centre, Berlin-Kreuzberg")
            && text.contains("Address: Nachbarschaftshaus Urbanstraße, Urbanstraße 21, 10961 Berlin, 1st floor, hall 2"),
        "{text}"
    );
    app.ctx.lang = Lang::De;
    let text = screen(&mut app);
    assert!(text.contains("Adresse: Nachbarschaftshaus Urbanstraße, Urbanstraße 21, 10961 Berlin, 1. Stock, Saal 2"), "{text}");
}
