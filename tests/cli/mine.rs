//! The club member's CLI (`vereint book`, `bookings`, `events register|registrations|unregister`)
//! against a real `vereint directory serve` on 127.0.0.1, with the local store in a temp dir.

use crate::support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const ADMIN: &str = "admin-token-for-tests-0123456789";
const CATALOG_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/directory/catalog"
);

/// A user: own config and data dirs.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("data/vereint/mine.json")
    }

    fn run(&self, lang: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args(["--lang", lang])
            .args(args)
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
            .env_remove("VEREINT_DIRECTORY__ADMIN_TOKEN")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run("en", args);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// `vereint directory serve` on `bind` with a SQLite file in `db_dir`; killed when dropped.
struct Server {
    _child: support::ChildGuard,
    url: String,
    config: tempfile::TempDir,
}

impl Server {
    fn start(db_dir: &Path, bind: &str) -> Server {
        let config = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args(["--lang", "en", "directory", "serve", "--bind", bind])
            .arg("--database")
            .arg(db_dir.join("directory.sqlite3"))
            .env("XDG_CONFIG_HOME", config.path())
            .env("XDG_DATA_HOME", config.path())
            .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
            .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
            .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .unwrap_or_else(|| panic!("server did not start: {line}"))
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        Server {
            _child: support::ChildGuard(child),
            url: format!("http://{addr}/"),
            config,
        }
    }

    /// Every booking the directory holds (through the admin CLI).
    fn all_bookings(&self) -> Vec<Value> {
        let out = Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args(["--lang", "en", "directory", "admin", "--url", &self.url])
            .args(["bookings", "--status", "all", "--json"])
            .env("XDG_CONFIG_HOME", self.config.path())
            .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
            .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

fn book_args<'a>(url: &'a str, email: &'a str) -> Vec<&'a str> {
    vec![
        "book",
        "room",
        "--organisation",
        "Kiezchor Wedding e.V.",
        "--contact-name",
        "Ada Beispiel",
        "--email",
        email,
        "--purpose",
        "Board meetings online",
        "--name",
        "Kiezchor Vorstand",
        "--participants",
        "12",
        "--accept-code-of-conduct",
        "--directory",
        url,
    ]
}

#[test]
fn book_list_show_cancel() {
    let db = tempfile::tempdir().unwrap();
    let server = Server::start(db.path(), "127.0.0.1:0");
    let home = Home::new();
    let mut args = book_args(&server.url, "vorstand@kiezchor.example");
    args.push("--json");
    let created = home.json(&args);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "requested");
    assert!(
        created.get("owner_token").is_none(),
        "the token stays in the store"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.store())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the store holds owner tokens");
    }
    let stored = std::fs::read_to_string(home.store()).unwrap();
    assert!(stored.contains("\"owner_token\": \"own_"), "{stored}");

    let list = home.json(&["bookings", "list", "--json"]);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["status"], "requested");
    assert_eq!(list[0]["live"], true);

    let shown = home.json(&["bookings", "show", &id, "--json"]);
    assert_eq!(shown["name"], "Kiezchor Vorstand");
    let text = home.run("de", &["bookings", "show", &id]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("BBB-Raum") && text.contains("Erwartete Teilnehmende: 12"),
        "{text}"
    );

    // without a terminal to ask on, cancelling needs --yes; without it nothing changes
    for lang in ["de", "en"] {
        let out = home.run(lang, &["bookings", "cancel", &id]);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let said = if lang == "de" {
            "kein Terminal"
        } else {
            "no terminal"
        };
        assert!(err.contains(said) && err.contains("--yes"), "{err}");
    }
    assert_eq!(server.all_bookings()[0]["status"], "requested");
    assert_eq!(
        home.json(&["bookings", "list", "--json"])[0]["status"],
        "requested"
    );
    let cancelled = home.json(&["bookings", "cancel", &id, "--yes", "--json"]);
    assert_eq!(cancelled["status"], "cancelled");
    let list = home.json(&["bookings", "list", "--json"]);
    assert_eq!(list[0]["status"], "cancelled");

    let out = home.run("en", &["bookings", "show", "bk_unknown"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bookings list"));
    assert_eq!(server.all_bookings().len(), 1);
}

#[test]
fn bad_input_is_caught_locally_field_by_field_with_exit_2() {
    let home = Home::new();
    let mut args = book_args("http://127.0.0.1:9/", "not-an-address");
    args.retain(|a| *a != "--accept-code-of-conduct");
    let out = home.run("de", &args);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("E-Mail: muss eine E-Mail-Adresse sein")
            && err.contains("Verhaltenskodex: der Verhaltenskodex muss"),
        "{err}"
    );
    assert!(!home.store().exists(), "nothing was kept or sent");
}

#[test]
fn register_list_and_unregister_and_server_problems_by_field() {
    let db = tempfile::tempdir().unwrap();
    let server = Server::start(db.path(), "127.0.0.1:0");
    let home = Home::new();
    let event = "digitale-sprechstunde";
    let reg = |extra: &[&str], lang: &str| {
        let mut args = vec![
            "events",
            "register",
            event,
            "--name",
            "Anna Beispiel",
            "--email",
            "anna@example.org",
            "--organisation",
            "Sportverein Nord",
            "--directory",
            &server.url,
        ];
        args.extend_from_slice(extra);
        home.run(lang, &args)
    };
    let out = reg(&["--date", "1999-01-01"], "de");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("HTTP 422") && err.contains("Datum: muss einer der nächsten Termine sein"),
        "{err}"
    );

    let out = reg(&["--json"], "en");
    assert!(out.status.success(), "{out:?}");
    let created: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(created["status"], "confirmed");
    let id = created["id"].as_str().unwrap();

    let list = home.json(&["events", "registrations", "--json"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "the refused one is not kept"
    );
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["status"], "confirmed");
    assert_eq!(list[0]["live"], true);

    // the same address again for the same date: refused, said plainly in both languages
    let date = created["date"].as_str().unwrap();
    for (lang, headline, field) in [
        (
            "de",
            "Diese E-Mail-Adresse ist für diesen Termin schon angemeldet",
            format!("E-Mail: schon angemeldet für den {date}: bestätigt"),
        ),
        (
            "en",
            "This e-mail address is already registered for this date",
            format!("E-mail: already registered for {date}: confirmed"),
        ),
    ] {
        let out = reg(&[], lang);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(headline) && err.contains(&field), "{err}");
    }
    let out = reg(&["--json"], "en");
    assert_eq!(out.status.code(), Some(1));
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        refused["error"]["type"]
            .as_str()
            .unwrap()
            .ends_with("/already-registered"),
        "{refused}"
    );
    assert_eq!(
        home.json(&["events", "registrations", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "the refused ones are not kept"
    );

    let out = home.run("de", &["events", "unregister", id, "--json"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing to report: {out:?}");
    assert_eq!(
        home.json(&["events", "registrations", "--json"])[0]["status"],
        "confirmed",
        "still registered, at the directory too (live)"
    );
    let done = home.json(&["events", "unregister", id, "-y", "--json"]);
    assert_eq!(done["status"], "cancelled");
    let list = home.json(&["events", "registrations", "--json"]);
    assert_eq!(list[0]["status"], "cancelled");
}

#[test]
fn offline_booking_is_kept_and_a_retry_books_exactly_once() {
    let port = support::free_port();
    let url = format!("http://127.0.0.1:{port}/");
    let home = Home::new();
    let mut args = book_args(&url, "vorstand@kiezchor.example");
    args.push("--json");
    let out = home.run("en", &args);
    assert_eq!(out.status.code(), Some(1));
    let pending: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pending["status"], "pending");
    let out = home.run("de", &book_args(&url, "zweite@kiezchor.example"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nichts ist verloren"),
        "{out:?}"
    );
    let list = home.json(&["bookings", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|b| b["status"] == "pending")
    );
    let before_retry = std::fs::read(home.store()).unwrap();

    let db = tempfile::tempdir().unwrap();
    let server = Server::start(db.path(), &format!("127.0.0.1:{port}"));
    let sent = home.json(&["bookings", "retry", "--json"]);
    assert!(
        sent.as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "sent"),
        "{sent}"
    );
    let list = home.json(&["bookings", "list", "--json"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|b| b["status"] == "requested")
    );
    assert_eq!(server.all_bookings().len(), 2);

    // As if the first answers had been lost: the same pending entries are sent again, with the
    // same Idempotency-Keys, and the directory creates nothing new.
    std::fs::write(home.store(), &before_retry).unwrap();
    let again = home.json(&["bookings", "retry", "--json"]);
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "sent")
    );
    assert_eq!(server.all_bookings().len(), 2);
    assert_eq!(
        home.json(&["bookings", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let nothing = home.run("en", &["bookings", "retry"]);
    assert!(nothing.status.success());
}

#[test]
fn a_corrupt_store_is_named_and_kept_aside() {
    let home = Home::new();
    std::fs::create_dir_all(home.store().parent().unwrap()).unwrap();
    std::fs::write(home.store(), "{ not json").unwrap();
    let out = home.run("en", &["bookings", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&home.store().display().to_string()) && err.contains("kept as"),
        "{err}"
    );
    let kept: Vec<_> = std::fs::read_dir(home.store().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("broken"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), "{ not json");
    let out = home.run("en", &["bookings", "list"]);
    assert!(out.status.success(), "a fresh store afterwards");
}

/// `vereint ARGS` for `home` in a tmux pane (a real terminal), then `EXIT=<code>`.
fn in_tmux(home: &Home, name: &str, lang: &str, args: &str) -> support::tmux::Tmux {
    let command = format!(
        "env -i PATH=/usr/bin:/bin HOME={home} XDG_CONFIG_HOME={home}/config XDG_DATA_HOME={home}/data \
         VEREINT_CATALOG__DIR={catalog} TERM=xterm-256color {bin} --lang {lang} {args}; echo EXIT=$?; sleep 60",
        home = home.dir.path().display(),
        catalog = CATALOG_DIR,
        bin = env!("CARGO_BIN_EXE_vereint"),
    );
    support::tmux::Tmux::start(name, &command, 100, 30)
}

/// On a terminal, cancelling asks y/N in the user's language; no (or just Enter) changes nothing.
#[test]
fn cancel_and_unregister_ask_on_a_terminal() {
    if support::require("tmux", "apt-get install tmux").is_none() {
        return;
    }
    let db = tempfile::tempdir().unwrap();
    let server = Server::start(db.path(), "127.0.0.1:0");
    let home = Home::new();
    let mut args = book_args(&server.url, "vorstand@kiezchor.example");
    args.push("--json");
    let booking = home.json(&args);
    let id = booking["id"].as_str().unwrap();
    let registration = home.json(&[
        "events",
        "register",
        "digitale-sprechstunde",
        "--name",
        "Anna Beispiel",
        "--email",
        "anna@example.org",
        "--organisation",
        "Sportverein Nord",
        "--directory",
        &server.url,
        "--json",
    ]);
    let rid = registration["id"].as_str().unwrap();

    // German: the question names the booking; "n" and a bare Enter both leave it alone
    for (name, answer) in [("no", "n"), ("enter", "")] {
        let tmux = in_tmux(&home, name, "de", &format!("bookings cancel {id}"));
        let asked = tmux.wait_for(&["wirklich stornieren?", "[j/N]"]);
        assert!(
            asked.contains(id) && asked.contains("„Kiezchor Vorstand“"),
            "{asked}"
        );
        if !answer.is_empty() {
            tmux.type_text(answer);
        }
        tmux.keys(&["Enter"]);
        tmux.wait_for(&["abgebrochen, nichts geändert", "EXIT=1"]);
        assert_eq!(server.all_bookings()[0]["status"], "requested");
    }
    // English: "y" cancels
    let tmux = in_tmux(&home, "yes", "en", &format!("bookings cancel {id}"));
    tmux.wait_for(&["Really cancel booking", "[y/N]"]);
    tmux.type_text("y");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[&format!("booking {id} cancelled"), "EXIT=0"]);
    assert_eq!(server.all_bookings()[0]["status"], "cancelled");

    // unregistering asks too, naming the event and the date; "j" is yes in German
    let date = registration["date"].as_str().unwrap();
    let tmux = in_tmux(&home, "unreg-no", "en", &format!("events unregister {rid}"));
    let asked = tmux.wait_for(&["Really cancel registration", "[y/N]"]);
    assert!(
        asked.contains("Digital consultation hour") && asked.contains(date),
        "{asked}"
    );
    tmux.type_text("no");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["aborted, nothing changed", "EXIT=1"]);
    assert_eq!(
        home.json(&["events", "registrations", "--json"])[0]["status"],
        "confirmed"
    );
    let tmux = in_tmux(
        &home,
        "unreg-yes",
        "de",
        &format!("events unregister {rid}"),
    );
    tmux.wait_for(&["wirklich absagen?", "[j/N]"]);
    tmux.type_text("j");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[&format!("Anmeldung {rid} abgesagt"), "EXIT=0"]);
    assert_eq!(
        home.json(&["events", "registrations", "--json"])[0]["status"],
        "cancelled"
    );
}
