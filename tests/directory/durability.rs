//! kill -9 under concurrent writes, 20 rounds, on SQLite and on PostgreSQL: every acknowledged
//! booking, registration and report is there after the restart, and retries with the same
//! idempotency key create nothing twice. Each backend prints its counts (acknowledged, lost,
//! duplicated) for README.

use crate::support::directory as common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use vereint::api::*;
use vereint::client::Client;
use vereint::directory::db::Location;

const ROUNDS: usize = 20;
const WRITERS: usize = 6;
const EVENT: &str = "digitale-sprechstunde";

struct Server {
    child: Child,
    url: String,
    _config: tempfile::TempDir,
}

fn start(location: &Location) -> Server {
    let config = tempfile::tempdir().unwrap();
    let database = match location {
        Location::Sqlite(p) => p.display().to_string(),
        Location::Postgres(u) => u.clone(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args([
            "--lang",
            "en",
            "directory",
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database",
        ])
        .arg(&database)
        .env("XDG_CONFIG_HOME", config.path())
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
        .env("VEREINT_DIRECTORY__LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting vereint directory serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server {
        child,
        url: format!("http://{addr}/"),
        _config: config,
    }
}

fn kill9(server: Server) {
    // SIGKILL (in Drop): no graceful shutdown, no flush
    drop(server);
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Default)]
struct Ledger {
    /// idempotency key -> (request, acknowledged (id, token))
    bookings: HashMap<String, (NewBooking, Option<(String, String)>)>,
    registrations: HashMap<String, (NewRegistration, Option<(String, String)>)>,
    /// acknowledged reports: (timestamp, body)
    reports: Vec<(i64, Vec<u8>)>,
    unacked_reports: usize,
}

fn new_booking(n: usize) -> NewBooking {
    NewBooking {
        kind: if n.is_multiple_of(2) {
            BookingKind::BbbRoom
        } else {
            BookingKind::MattermostTeam
        },
        organisation: format!("Verein {n}"),
        contact_name: "Ada".into(),
        email: "ada@example.org".into(),
        purpose: "durability".into(),
        name: format!("Raum {n}"),
        expected_participants: 5,
        accept_code_of_conduct: true,
        lang: None,
    }
}

async fn writer(
    client: Client,
    ledger: Arc<Mutex<Ledger>>,
    instance: (String, String),
    seed: usize,
) {
    let mut n = seed * 1_000_000;
    loop {
        n += 1;
        match n % 3 {
            0 => {
                let key = new_key();
                let b = new_booking(n);
                ledger
                    .lock()
                    .unwrap()
                    .bookings
                    .insert(key.clone(), (b.clone(), None));
                match client.book(&b, &key).await {
                    Ok(c) => {
                        ledger.lock().unwrap().bookings.get_mut(&key).unwrap().1 =
                            Some((c.id, c.owner_token))
                    }
                    Err(e) if e.is_transient() => return,
                    Err(e) => panic!("booking refused: {e}"),
                }
            }
            1 => {
                let key = new_key();
                let r = NewRegistration {
                    name: format!("Person {n}"),
                    // one address per person: a second registration of one address is refused
                    email: format!("p{n}@example.org"),
                    organisation: "Verein".into(),
                    note: None,
                    date: None,
                    lang: None,
                };
                ledger
                    .lock()
                    .unwrap()
                    .registrations
                    .insert(key.clone(), (r.clone(), None));
                match client.register(EVENT, &r, Some(&key)).await {
                    Ok(c) => {
                        ledger
                            .lock()
                            .unwrap()
                            .registrations
                            .get_mut(&key)
                            .unwrap()
                            .1 = Some((c.id, c.cancel_token))
                    }
                    Err(e) if e.is_transient() => return,
                    Err(e) => panic!("registration refused: {e}"),
                }
            }
            _ => {
                let ts = jiff::Timestamp::now().as_second();
                let body = format!("{{\"status\":\"ok\",\"n\":{n}}}").into_bytes();
                match client.report_at(&instance.0, &instance.1, &body, ts).await {
                    Ok(_) => ledger.lock().unwrap().reports.push((ts, body)),
                    Err(e) if e.is_transient() => {
                        ledger.lock().unwrap().unacked_reports += 1;
                        return;
                    }
                    Err(e) => panic!("report refused: {e}"),
                }
            }
        }
    }
}

/// Retries every request whose answer was lost, with the same key; then counts what was
/// acknowledged and is not there, and what is there twice.
async fn verify(
    client: &Client,
    ledger: &Mutex<Ledger>,
    instance: &(String, String),
    location: &Location,
) -> Tally {
    let pending: Vec<(String, NewBooking)> = ledger
        .lock()
        .unwrap()
        .bookings
        .iter()
        .filter(|(_, (_, ack))| ack.is_none())
        .map(|(k, (b, _))| (k.clone(), b.clone()))
        .collect();
    for (key, b) in pending {
        let c = client.book(&b, &key).await.expect("retrying a booking");
        ledger.lock().unwrap().bookings.get_mut(&key).unwrap().1 = Some((c.id, c.owner_token));
    }
    let pending: Vec<(String, NewRegistration)> = ledger
        .lock()
        .unwrap()
        .registrations
        .iter()
        .filter(|(_, (_, ack))| ack.is_none())
        .map(|(k, (r, _))| (k.clone(), r.clone()))
        .collect();
    for (key, r) in pending {
        let c = client
            .register(EVENT, &r, Some(&key))
            .await
            .expect("retrying a registration");
        ledger
            .lock()
            .unwrap()
            .registrations
            .get_mut(&key)
            .unwrap()
            .1 = Some((c.id, c.cancel_token));
    }

    let (bookings, registrations, reports) = {
        let l = ledger.lock().unwrap();
        (
            l.bookings
                .values()
                .map(|(_, a)| a.clone().unwrap())
                .collect::<Vec<_>>(),
            l.registrations
                .values()
                .map(|(_, a)| a.clone().unwrap())
                .collect::<Vec<_>>(),
            l.reports.clone(),
        )
    };
    let mut tally = Tally::default();
    for (id, token) in &bookings {
        match client.booking(id, token).await {
            Ok(b) => assert_eq!(b.status, BookingStatus::Requested),
            Err(_) => tally.lost += 1,
        }
    }
    let all = client.admin_bookings(None).await.unwrap();
    tally.duplicated += all.len().saturating_sub(bookings.len() - tally.lost);
    for (id, token) in &registrations {
        if client.registration(EVENT, id, token).await.is_err() {
            tally.lost += 1;
        }
    }
    let stored = client.admin_registrations(EVENT).await.unwrap().len();
    tally.duplicated += stored.saturating_sub(registrations.len());
    // every acknowledged report is stored, once: read back from the database itself, opened by
    // this second process while the server runs (as a backup or a second server would)
    let store = vereint::directory::db::Db::open(location).await.unwrap();
    let history = store
        .report_history(&instance.0, i64::MAX)
        .await
        .unwrap()
        .unwrap();
    store.close().await;
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for row in &history {
        *copies.entry(row.body.as_str()).or_default() += 1;
    }
    tally.duplicated += copies.values().map(|n| n - 1).sum::<usize>();
    tally.lost += reports
        .iter()
        .filter(|(_, body)| !copies.contains_key(std::str::from_utf8(body).unwrap()))
        .count();
    tally
}

/// What the ledger and the database disagree on.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    /// Acknowledged, and not there.
    lost: usize,
    /// There more often than acknowledged.
    duplicated: usize,
}

async fn kill_minus_nine(db: TestDb) {
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let server = start(&db.location);
    let admin = Client::new(&server.url).unwrap().with_admin_token(ADMIN);
    let enrollment = admin.enroll(&NewEnrollment::default()).await.unwrap();
    let created = admin
        .register_instance(
            &enrollment.token,
            &serde_json::from_value(instance_body()).unwrap(),
        )
        .await
        .unwrap();
    let instance = (created.id, created.secret);
    kill9(server);

    for round in 0..ROUNDS {
        let server = start(&db.location);
        let client = Client::new(&server.url).unwrap().with_admin_token(ADMIN);
        let tally = verify(&client, &ledger, &instance, &db.location).await;
        assert_eq!(tally, Tally::default(), "before round {round}");
        let tasks: Vec<_> = (0..WRITERS)
            .map(|w| {
                tokio::spawn(writer(
                    client.clone(),
                    ledger.clone(),
                    instance.clone(),
                    round * WRITERS + w + 1,
                ))
            })
            .collect();
        let ms = 150 + (vereint::api::token::random_bytes::<1>()[0] as u64) * 2;
        tokio::time::sleep(Duration::from_millis(ms)).await;
        kill9(server);
        for t in tasks {
            t.await.unwrap();
        }
    }
    let server = start(&db.location);
    let client = Client::new(&server.url).unwrap().with_admin_token(ADMIN);
    let tally = verify(&client, &ledger, &instance, &db.location).await;
    let l = ledger.lock().unwrap();
    eprintln!(
        "{}: {} rounds of kill -9: acknowledged {} bookings, {} registrations, {} reports; lost {}, duplicated {} ({} reports unacknowledged in flight)",
        db.location.redacted().split(' ').next().unwrap_or(""),
        ROUNDS,
        l.bookings.len(),
        l.registrations.len(),
        l.reports.len(),
        tally.lost,
        tally.duplicated,
        l.unacked_reports
    );
    assert_eq!(tally, Tally::default(), "nothing lost, nothing twice");
    assert!(l.bookings.len() > ROUNDS && l.reports.len() > ROUNDS);
    drop(l);
    kill9(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_kill_9() {
    kill_minus_nine(sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_kill_9() {
    let Some(db) = postgres().await else { return };
    kill_minus_nine(db).await;
}
