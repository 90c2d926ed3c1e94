//! The outbox across processes, against a real SMTP server (aiosmtpd): kill -9 of `vereint
//! directory serve` right after it acknowledged bookings, 20 rounds, on SQLite and PostgreSQL, and
//! three servers on one PostgreSQL (every message sent once).
//!
//! Two kinds of kill rounds. With the SMTP server away during the kills, every kill falls between
//! the commit and the send: every acknowledged booking gets its mail once the server answers, and
//! no Message-ID comes twice. With the server up, kills also land in the middle of a send; nothing
//! is lost, and a message the server had stored just before the kill (its 250 never recorded) comes
//! a second time after the lease, byte for byte the same, same Message-ID: recognisable. How many
//! did is printed. The SMTP settings reach the servers as a config file and the password as a 0600 file.

use crate::support::directory as common;
use crate::support::smtp;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use smtp::SmtpServer;
use vereint::api::{BookingKind, NewBooking};
use vereint::client::Client;
use vereint::directory::db::Location;

const ROUNDS: usize = 20;

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A config folder with `[directory.smtp]` for `smtp` and the password in a 0600 file.
fn config_dir(smtp: &SmtpServer) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("smtp-password");
    std::fs::write(&password, format!("{}\n", smtp::PASSWORD)).unwrap();
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::create_dir(dir.path().join("vereint")).unwrap();
    std::fs::write(
        dir.path().join("vereint/vereint.toml"),
        format!(
            "[directory.smtp]\nurl = \"{}\"\nfrom = \"Verzeichnis <noreply@verzeichnis.example>\"\nusername = \"{}\"\npassword_file = \"{}\"\nca_file = \"{}\"\n\n[directory.notify]\nretry_first_secs = 1\n",
            smtp.url(),
            smtp::USER,
            password.display(),
            smtp.ca().display()
        ),
    )
    .unwrap();
    dir
}

fn start(location: &Location, config: &tempfile::TempDir) -> Server {
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
    }
}

fn booking(n: usize) -> NewBooking {
    NewBooking {
        kind: BookingKind::BbbRoom,
        organisation: format!("Verein {n}"),
        contact_name: "Ada".into(),
        email: format!("club{n}@example.org"),
        purpose: "outbox across processes".into(),
        name: format!("Raum {n}"),
        expected_participants: 5,
        accept_code_of_conduct: true,
        lang: None,
    }
}

/// Every acknowledged booking id has its mail; with `strict` no Message-ID came twice, else a
/// repeated one is the same message byte for byte. The number of repeats.
async fn check_every_booking_mailed(
    smtp: &SmtpServer,
    acknowledged: &HashSet<String>,
    strict: bool,
) -> usize {
    let mails = smtp
        .wait_for(Duration::from_secs(150), |m| {
            acknowledged
                .iter()
                .all(|id| m.iter().any(|mail| mail.subject().contains(id.as_str())))
        })
        .await;
    let mut ids: HashMap<String, Vec<&str>> = HashMap::new();
    for m in &mails {
        ids.entry(m.message_id().to_string())
            .or_default()
            .push(&m.raw);
    }
    let twice: Vec<_> = ids.iter().filter(|(_, raws)| raws.len() > 1).collect();
    if strict {
        assert!(twice.is_empty(), "Message-IDs delivered twice: {twice:?}");
    }
    for (id, raws) in &twice {
        assert!(
            raws.iter().all(|r| r == &raws[0]),
            "{id} came twice with different content"
        );
    }
    for id in acknowledged {
        let n = mails
            .iter()
            .filter(|m| m.subject().contains(id.as_str()))
            .count();
        let distinct: HashSet<&str> = mails
            .iter()
            .filter(|m| m.subject().contains(id.as_str()))
            .map(|m| m.message_id())
            .collect();
        assert_eq!(
            distinct.len(),
            1,
            "booking {id}: {n} mails, {} Message-IDs",
            distinct.len()
        );
    }
    twice.iter().map(|(_, raws)| raws.len() - 1).sum()
}

async fn kill_after_acknowledging(db: TestDb, smtp_up: bool) {
    let Some(python) = smtp::python() else { return };
    let mut smtp = SmtpServer::start(&python);
    if !smtp_up {
        smtp.down();
    }
    let config = config_dir(&smtp);
    let mut acknowledged = HashSet::new();
    let mut n = 0;
    for _ in 0..ROUNDS {
        let server = start(&db.location, &config);
        let client = Client::new(&server.url).unwrap();
        let mut sent = Vec::new();
        for _ in 0..3 {
            n += 1;
            let client = client.clone();
            sent.push(tokio::spawn(async move {
                client.book(&booking(n), &new_key()).await
            }));
        }
        for s in sent {
            acknowledged.insert(s.await.unwrap().expect("booking acknowledged").id);
        }
        // SIGKILL right after the acknowledgements: the mails are committed, most not sent yet
        drop(server);
    }
    if !smtp_up {
        smtp.up();
    }
    let _server = start(&db.location, &config);
    let repeats = check_every_booking_mailed(&smtp, &acknowledged, !smtp_up).await;
    eprintln!(
        "{ROUNDS} kill -9 rounds, SMTP {}: {} bookings acknowledged, all mailed; {repeats} repeated with the same Message-ID",
        if smtp_up {
            "up"
        } else {
            "away during the kills"
        },
        acknowledged.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_kill_9_between_commit_and_send_loses_nothing_and_sends_once() {
    kill_after_acknowledging(sqlite(), false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_kill_9_between_commit_and_send_loses_nothing_and_sends_once() {
    let Some(db) = postgres().await else { return };
    kill_after_acknowledging(db, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_kill_9_mid_send_loses_nothing() {
    kill_after_acknowledging(sqlite(), true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_kill_9_mid_send_loses_nothing() {
    let Some(db) = postgres().await else { return };
    kill_after_acknowledging(db, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_on_one_postgres_send_each_mail_once() {
    let Some(python) = smtp::python() else { return };
    let Some(db) = postgres().await else { return };
    let smtp = SmtpServer::start(&python);
    let config = config_dir(&smtp);
    let servers: Vec<Server> = (0..3).map(|_| start(&db.location, &config)).collect();
    let clients: Vec<Client> = servers
        .iter()
        .map(|s| Client::new(&s.url).unwrap())
        .collect();
    let mut sent = Vec::new();
    for n in 0..90 {
        let client = clients[n % 3].clone();
        sent.push(tokio::spawn(async move {
            client.book(&booking(n), &new_key()).await
        }));
    }
    let mut acknowledged = HashSet::new();
    for s in sent {
        acknowledged.insert(s.await.unwrap().expect("booking acknowledged").id);
    }
    assert_eq!(
        check_every_booking_mailed(&smtp, &acknowledged, true).await,
        0
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.mails().len(), 90);
}
