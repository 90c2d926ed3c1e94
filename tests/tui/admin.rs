//! The TUI's admin screen against a real `vereint directory serve` (and `vereint sim bbb`) on
//! 127.0.0.1: keys go into the app as they would from the terminal, the background jobs it asks for
//! run for real, and what comes back is checked on the drawn screen and in the directory.
//! Approve a room booking, reject a team booking with a typed reason, list an event's confirmed and
//! waitlisted registrations, and see an instance with its latency after a signed report.

use crate::support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use support::tui::{ch, key, press, screen};
use support::{ChildGuard, free_port, printed_url};
use vereint::api::{
    BookingKind, BookingStatus, NewBooking, NewEnrollment, NewInstance, NewRegistration,
    ServiceEntry,
};
use vereint::client::Client;
use vereint::i18n::Lang;
use vereint::tui::App;
use vereint::tui::ctx::AdminAccess;
use vereint::tui::theme::Theme;

const ADMIN: &str = "tui-admin-token-5e0c2b9a71";
const BBB_SECRET: &str = "tui-admin-bbb-secret-81f2";
const CATALOG_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/directory/catalog"
);
const EVENT: &str = "social-media-fuer-vereine";

fn vereint(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vereint"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .args(["--lang", "en"]);
    cmd
}

fn first_url(child: &mut ChildGuard) -> String {
    printed_url(child)
        .trim_end_matches("/bigbluebutton/api/")
        .to_string()
}

async fn wait_ready(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the directory did not become ready");
}

fn booking(kind: BookingKind, name: &str) -> NewBooking {
    NewBooking {
        kind,
        organisation: "Kiezchor Wedding e.V.".into(),
        contact_name: "Ada Beispiel".into(),
        email: "ada@kiezchor.example".into(),
        purpose: "Vorstandssitzungen online".into(),
        name: name.into(),
        expected_participants: 12,
        accept_code_of_conduct: true,
        lang: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_screen_approves_rejects_lists_registrations_and_shows_instances() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    std::fs::write(home.join("bbb-secret"), BBB_SECRET).unwrap();
    let mut sim = ChildGuard(
        vereint(home)
            .args(["sim", "bbb", "--bind", "127.0.0.1:0", "--secret-file"])
            .arg(home.join("bbb-secret"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let sim_url = first_url(&mut sim);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let directory = ChildGuard(
        vereint(home)
            .args(["directory", "serve", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(home.join("directory.sqlite3"))
            .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
            .env("VEREINT_DIRECTORY__PUBLIC_URL", &base)
            .env(
                "VEREINT_DIRECTORY__BBB__URL",
                format!("{sim_url}/bigbluebutton/api/"),
            )
            .env(
                "VEREINT_DIRECTORY__BBB__SECRET_FILE",
                home.join("bbb-secret"),
            )
            .env("VEREINT_DIRECTORY__BBB__CHECKSUM", "sha256")
            .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_ready(&base).await;

    // what clubs send: a room and a team booking, 16 registrations for 15 places, one instance
    let public = Client::new(&base).unwrap();
    let room = public
        .book(
            &booking(BookingKind::BbbRoom, "Kiezchor Vorstand"),
            &vereint::client::new_idempotency_key(),
        )
        .await
        .unwrap();
    let team = public
        .book(
            &booking(BookingKind::MattermostTeam, "Kiezchor Team"),
            &vereint::client::new_idempotency_key(),
        )
        .await
        .unwrap();
    for i in 0..16 {
        public
            .register(
                EVENT,
                &NewRegistration {
                    name: format!("Person {i:02}"),
                    email: format!("p{i}@example.org"),
                    organisation: "Sportverein Nord".into(),
                    note: None,
                    date: None,
                    lang: None,
                },
                None,
            )
            .await
            .unwrap();
    }
    let admin = Client::new(&base).unwrap().with_admin_token(ADMIN);
    let enrollment = admin.enroll(&NewEnrollment::default()).await.unwrap();
    let instance = public
        .register_instance(
            &enrollment.token,
            &NewInstance {
                organisation: "Nachbarschaftshaus Moabit".into(),
                contact_email: "it@nbh.example".into(),
                services: vec![ServiceEntry {
                    kind: "mattermost".into(),
                    url: "https://chat.nbh.example".into(),
                    software: "Mattermost".into(),
                    version: "10.5.1".into(),
                }],
                lang: None,
            },
        )
        .await
        .unwrap();
    let report = serde_json::json!({
        "report_id": "r1", "status": "warning", "observed_at": "2026-11-28T09:00:00Z",
        "interval_secs": 60, "version": "test",
        "checks": [
            {"target": "https://chat.nbh.example", "check": "http", "status": "ok",
             "latency_ms": 321.0, "detail": "HTTP 200"},
            {"target": "chat.nbh.example:443", "check": "tls", "status": "warning",
             "latency_ms": 40.0, "detail": "certificate expires in 9 days; renew it now",
             "facts": {"cert_days": 9}}
        ]
    });
    public
        .report(
            &instance.id,
            &instance.secret,
            serde_json::to_string(&report).unwrap().as_bytes(),
        )
        .await
        .unwrap();

    let catalog = Arc::new(vereint::catalog::load_dir(Path::new(CATALOG_DIR)).unwrap());
    let theme = Theme::new(vereint::config::ThemeName::Default, false);
    let mut app = App::new(catalog, Lang::En, theme, jiff::Timestamp::now());
    app.ctx.directory_url = base.clone();
    app.ctx.admin = Some(AdminAccess::new(&base, ADMIN));

    // A opens the screen and loads every section in the background
    press(&mut app, ch('A')).await;
    let s = screen(&mut app);
    assert!(s.contains("Pending bookings (2)"), "{s}");
    assert!(
        s.contains("Kiezchor Vorstand") && s.contains("Kiezchor Team"),
        "{s}"
    );
    assert!(!s.contains(ADMIN), "the token is never drawn");

    // approve the room (the simulator creates it): the booking leaves the pending list
    press(&mut app, ch('a')).await;
    let status = app.ctx.status.clone().unwrap_or_default();
    assert!(status.contains(&room.id), "{status}");
    let s = screen(&mut app);
    assert!(s.contains("Pending bookings (1)"), "{s}");
    let live = admin.admin_bookings(None).await.unwrap();
    let room_now = live.iter().find(|b| b.id == room.id).unwrap();
    assert!(
        matches!(
            room_now.status,
            BookingStatus::Active | BookingStatus::Approved
        ),
        "{room_now:?}"
    );

    // reject the team with a typed reason; Enter sends it
    press(&mut app, ch('x')).await;
    for c in "No club behind it".chars() {
        press(&mut app, ch(c)).await;
    }
    press(&mut app, key(KeyCode::Enter)).await;
    let s = screen(&mut app);
    assert!(s.contains("Pending bookings (0)"), "{s}");
    let team_now = admin
        .admin_bookings(Some(BookingStatus::Rejected))
        .await
        .unwrap();
    assert_eq!(team_now.len(), 1);
    assert_eq!(team_now[0].id, team.id);
    assert_eq!(team_now[0].reason.as_deref(), Some("No club behind it"));

    // a second room for the same club (its name in other letters), and one from another club with
    // the same e-mail address: the operator sees the active room beside each
    let mut again = booking(BookingKind::BbbRoom, "Kiezchor Probe");
    again.organisation = "kiezchor WEDDING e.V. ".into();
    again.email = "probe@kiezchor.example".into();
    again.purpose = "Chorproben".into();
    let again = public
        .book(&again, &vereint::client::new_idempotency_key())
        .await
        .unwrap();
    let mut other = booking(BookingKind::BbbRoom, "Elternrat");
    other.organisation = "Elternrat Grundschule".into();
    public
        .book(&other, &vereint::client::new_idempotency_key())
        .await
        .unwrap();
    let pending = admin
        .admin_bookings(Some(BookingStatus::Requested))
        .await
        .unwrap();
    fn seen(b: &vereint::api::Booking) -> Vec<&str> {
        b.same_organisation.iter().map(|o| o.id.as_str()).collect()
    }
    let second = pending.iter().find(|b| b.id == again.id).unwrap();
    assert_eq!(seen(second), [room.id.as_str()], "{second:?}");
    assert_eq!(
        second.same_organisation[0].purpose,
        "Vorstandssitzungen online"
    );
    let by_mail = pending.iter().find(|b| b.id != again.id).unwrap();
    assert_eq!(
        seen(by_mail),
        [room.id.as_str()],
        "the same address: {by_mail:?}"
    );
    press(&mut app, ch('r')).await;
    let s = flat(&screen(&mut app));
    assert!(s.contains("Pending bookings (2)"), "{s}");
    assert!(
        s.contains("This organisation already has (BBB room):")
            && s.contains(&format!("{} “Kiezchor Vorstand” · active", room.id))
            && s.contains("purpose: Vorstandssitzungen online")
            && s.contains("contact: Ada Beispiel <ada@kiezchor.example>"),
        "{s}"
    );
    let out = vereint(home)
        .args(["directory", "admin", "--url", &base, "bookings"])
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "{} (kiezchor WEDDING e.V.) already has (BBB room):",
            again.id
        )) && text.contains("requested on ")
            && text.contains("contact: Ada Beispiel <ada@kiezchor.example>"),
        "{text}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args([
            "--lang",
            "de",
            "directory",
            "admin",
            "--url",
            &base,
            "bookings",
        ])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("hat schon (BBB-Raum):") && text.contains("Zweck: Vorstandssitzungen online"),
        "{text}"
    );

    // registrations: pick the event, see 15 confirmed and 1 waitlisted
    press(&mut app, key(KeyCode::Tab)).await;
    let events = public.events().await.unwrap();
    let pos = events.iter().position(|e| e.id == EVENT).unwrap();
    for _ in 0..pos {
        press(&mut app, ch('j')).await;
    }
    press(&mut app, key(KeyCode::Enter)).await;
    let s = screen(&mut app);
    assert!(s.contains("15 confirmed · 1 waitlisted"), "{s}");
    assert!(s.contains("Person 00") && s.contains("waitlisted"), "{s}");

    // the dashboard: the instance with its status, latency and certificate days
    press(&mut app, key(KeyCode::Tab)).await;
    let s = screen(&mut app);
    assert!(s.contains("Nachbarschaftshaus Moabit"), "{s}");
    assert!(s.contains("WARNING"), "{s}");
    assert!(s.contains("321 ms"), "the slowest check: {s}");
    assert!(s.contains("9 d"), "certificate days: {s}");
    assert!(s.contains("Mattermost 10.5.1"), "{s}");
    press(&mut app, key(KeyCode::Enter)).await;
    let s = screen(&mut app);
    assert!(s.contains("Checks of the last report"), "{s}");
    assert!(s.contains("certificate expires in 9 days"), "{s}");
    assert!(
        !s.contains("chat.nbh.example:443"),
        "targets stay private: {s}"
    );

    // the directory goes away: the offline banner, the last known state stays
    drop(directory);
    press(&mut app, key(KeyCode::Esc)).await;
    press(&mut app, ch('r')).await;
    let s = screen(&mut app);
    assert!(s.contains("Offline"), "{s}");
    assert!(s.contains("Nachbarschaftshaus Moabit"), "{s}");
}

/// The screen's text as one line: frames and line ends gone, runs of spaces as one, so that a
/// sentence wrapped over lines is found whole.
fn flat(screen: &str) -> String {
    let joined: Vec<&str> = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '"' || c == '│' || c == '┃' || c.is_whitespace()))
        .collect();
    joined
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
