//! Faults of the database, for real: SQLite on a small tmpfs that is filled up (507 with a problem
//! in German and English, `/readyz` 503 until writes work again), and a PostgreSQL of its own that
//! is shut down with `pg_ctl stop -m fast` (SQLSTATE 57P01, then connection refused: 503 with
//! Retry-After). The tmpfs needs root; without it (or PostgreSQL) the test is skipped, and with
//! CI=true it fails.

use crate::support::directory as common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;
use serde_json::json;
use sqlx::Connection as _;
use vereint::directory::db::Location;
use vereint::directory::error::Fault;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn skip(why: &str) {
    if ci() {
        panic!("{why}; CI=true, so this is a failure");
    }
    eprintln!("SKIPPED: {why}");
}

/// A tmpfs of `size` mounted on a fresh temp dir; unmounted (lazily, should anything still hold
/// it) and removed when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("running mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cannot mount a tmpfs (needs root): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
        if Command::new("mountpoint")
            .arg("-q")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success())
        {
            let _ = Command::new("umount")
                .arg("-l")
                .arg(self.dir.path())
                .status();
        }
    }
}

/// Writes zeros to `path` until the filesystem is full (at most `limit` bytes).
fn fill(path: &Path, limit: usize) -> usize {
    let mut file = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    let mut written = 0;
    while written < limit {
        match file.write(&chunk) {
            Ok(0) => break,
            Ok(n) => written += n,
            Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
            Err(e) => panic!("filling {}: {e}", path.display()),
        }
    }
    let _ = file.sync_all();
    written
}

async fn book(app: &App) -> Reply {
    let mut body = booking_body();
    body["purpose"] = json!("x".repeat(400));
    app.post(
        "/api/v1/bookings",
        None,
        &[("idempotency-key", &new_key())],
        &body,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_507_and_not_ready_until_writes_work_again() {
    let tmpfs = match Tmpfs::mount("4m") {
        Ok(t) => t,
        Err(why) => return skip(&why),
    };
    let db = TestDb::at(Location::Sqlite(tmpfs.path().join("directory.sqlite3")));
    let app = app(&db).await;
    let (id, secret) = {
        let token = app
            .post("/api/v1/admin/enrollments", Some(ADMIN), &[], &json!({}))
            .await
            .json()["token"]
            .as_str()
            .unwrap()
            .to_string();
        let created = app
            .post("/api/v1/instances", Some(&token), &[], &instance_body())
            .await
            .json();
        (
            created["id"].as_str().unwrap().to_string(),
            created["secret"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(book(&app).await.status, 201);
    assert_eq!(app.get("/readyz", None).await.status, 200);

    let filler: PathBuf = tmpfs.path().join("filler");
    let written = fill(&filler, 8 << 20);
    assert!(written > 0 && written < 4 << 20, "{written}");

    // a booking cannot be stored: 507, a problem in both languages, Retry-After
    let r = book(&app).await;
    assert_eq!(r.status, 507, "{}", r.text());
    assert_eq!(
        r.headers["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    assert_eq!(r.problem(), "storage-full");
    let detail = r.json()["detail"].as_str().unwrap().to_string();
    assert!(
        detail.contains("Speicher des Verzeichnisses ist voll")
            && detail.contains("storage is full"),
        "{detail}"
    );
    assert!(
        !detail.contains("disk is full"),
        "no database text: {detail}"
    );
    assert!(r.headers.contains_key("retry-after"));
    // a report goes through the group commit: the same answer
    let now = jiff::Timestamp::now().as_second();
    let body = br#"{"status":"ok","checks":[]}"#;
    let signature = vereint::api::token::sign(&secret, now, body);
    let r = app
        .post_raw(
            &format!("/api/v1/instances/{id}/reports"),
            None,
            &[
                ("x-vereint-timestamp", &now.to_string()),
                ("x-vereint-signature", &signature),
            ],
            body.to_vec(),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (507, "storage-full")
    );
    // not ready while writes fail; reading still works
    let r = app.get("/readyz", None).await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (503, "storage-full")
    );
    assert_eq!(app.get("/readyz", None).await.status, 503);
    assert_eq!(app.get("/api/v1/instances", None).await.status, 200);

    // room again: ready, and writes work
    std::fs::remove_file(&filler).unwrap();
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(book(&app).await.status, 201);
    app.state.db.close().await;
    drop(app);
    drop(tmpfs);
}

/// A PostgreSQL server of this test alone (it is shut down), started with tests/pg.sh.
fn own_postgres() -> Option<(String, String)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg.sh");
    let out = Command::new("bash")
        .args([script, "start", "--watch", &std::process::id().to_string()])
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("tests/pg.sh: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let dir = stderr.lines().find_map(|l| l.strip_prefix("PG_DIR="))?;
    let url = String::from_utf8(out.stdout).ok()?.trim().to_string();
    Some((url, dir.to_string()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_shut_down_by_its_administrator_is_503_with_retry_after() {
    let Some((url, dir)) = own_postgres() else {
        return skip("PostgreSQL is not available (apt-get install -y postgresql)");
    };
    let db = TestDb::at(Location::Postgres(url.clone()));
    let app = app(&db).await;
    assert_eq!(book(&app).await.status, 201);

    // a query running while the administrator stops the server gets SQLSTATE 57P01
    let mut direct = sqlx::PgConnection::connect(&url).await.unwrap();
    let sleeping = tokio::spawn(async move {
        sqlx::query("SELECT pg_sleep(30)")
            .execute(&mut direct)
            .await
            .map(|_| ())
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stop = Command::new("bash")
        .args([
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg.sh"),
            "stop",
            &dir,
        ])
        .status()
        .unwrap();
    assert!(stop.success());
    let e = tokio::time::timeout(Duration::from_secs(20), sleeping)
        .await
        .expect("the query ends with the server")
        .unwrap()
        .expect_err("the server went away");
    let code = match &e {
        sqlx::Error::Database(d) => d.code().map(|c| c.to_string()),
        _ => None,
    };
    assert_eq!(code.as_deref(), Some("57P01"), "{e:?}");
    assert_eq!(Fault::of(&e), Fault::Unavailable);
    let p = vereint::api::Problem::from(e);
    assert_eq!((p.status, p.retry_after), (503, Some(5)));

    // afterwards the connection is refused: every request is a 503 with Retry-After
    let r = book(&app).await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (503, "unavailable"),
        "{}",
        r.text()
    );
    assert_eq!(r.headers["retry-after"], "5");
    let detail = r.json()["detail"].as_str().unwrap().to_string();
    assert!(
        detail.contains("nicht erreichbar") && detail.contains("not reachable"),
        "{detail}"
    );
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, 503);
}
