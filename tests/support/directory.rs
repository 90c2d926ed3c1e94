//! Shared by the directory tests: databases (SQLite temp files; PostgreSQL from tests/pg.sh),
//! an in-process app called with `oneshot`, and request helpers.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;
use vereint::catalog::Catalog;
use vereint::directory::db::Location;
use vereint::directory::{self, Options, Shared};
use vereint::events::{Event, Schedule, WeekdayName};

pub const ADMIN: &str = "admin-token-for-tests-0123456789";
/// An event with two places, every first Monday, for capacity tests.
pub const SMALL_EVENT: &str = "test-small-workshop";

pub struct TestDb {
    pub location: Location,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A database the test made itself (on a filesystem or a server of its own).
    pub fn at(location: Location) -> TestDb {
        TestDb {
            location,
            _dir: None,
        }
    }
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    TestDb {
        location: Location::Sqlite(dir.path().join("directory.sqlite3")),
        _dir: Some(dir),
    }
}

/// The URL of a PostgreSQL server for this test process: `VEREINT_TEST_PG_URL`, or one started
/// with tests/pg.sh (stopped when this process ends). None when PostgreSQL is not installed.
fn pg_server() -> Option<&'static str> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("VEREINT_TEST_PG_URL") {
            return Some(url);
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg.sh");
        let out = std::process::Command::new("bash")
            .args([script, "start", "--watch", &std::process::id().to_string()])
            .stdin(std::process::Stdio::null())
            .output()
            .expect("running tests/pg.sh");
        if !out.status.success() {
            eprintln!(
                "tests/pg.sh failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            return None;
        }
        Some(String::from_utf8(out.stdout).unwrap().trim().to_string())
    })
    .as_deref()
}

/// A fresh PostgreSQL database, or None (the test is skipped, saying why). With CI=true a missing
/// PostgreSQL fails the test instead.
pub async fn postgres() -> Option<TestDb> {
    let Some(server) = pg_server() else {
        let why = "PostgreSQL is not available (install it with `apt-get install -y postgresql`, or set VEREINT_TEST_PG_URL)";
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("{why}; CI=true, so this is a failure");
        }
        eprintln!("skipping the PostgreSQL variant: {why}");
        return None;
    };
    use sqlx::Connection;
    let name = format!("t_{}", vereint::api::token::hex(&rand16()));
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .expect("connecting to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{name}"));
    Some(TestDb {
        location: Location::Postgres(url.to_string()),
        _dir: None,
    })
}

fn rand16() -> [u8; 8] {
    vereint::api::token::random_bytes::<8>()
}

/// The test catalogue folder (the servers started as processes get it via `VEREINT_CATALOG__DIR`).
pub const CATALOG_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/directory/catalog"
);

/// The test catalogue plus a small test event.
pub fn catalog() -> Arc<Catalog> {
    let mut cat = vereint::catalog::load_dir(std::path::Path::new(CATALOG_DIR)).unwrap();
    let mut small: Event = cat.events[0].clone();
    small.id = SMALL_EVENT.into();
    small.capacity = 2;
    small.schedule = Schedule::MonthlyWeekday {
        nth: 1,
        weekday: WeekdayName::Monday,
        from: None,
        until: None,
    };
    cat.events.push(small);
    Arc::new(cat)
}

pub fn options(db: &TestDb) -> Options {
    let mut o = Options::new(db.location.clone(), catalog());
    o.admin_token = Some(ADMIN.into());
    o
}

pub struct App {
    pub router: Router,
    pub state: Shared,
}

pub async fn app(db: &TestDb) -> App {
    app_with(options(db)).await
}

pub async fn app_with(options: Options) -> App {
    let (router, state) = directory::app(options).await.unwrap();
    App { router, state }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The problem `type` slug, checking that the body is problem+json.
    pub fn problem(&self) -> String {
        assert_eq!(
            self.headers
                .get("content-type")
                .map(|v| v.to_str().unwrap()),
            Some("application/problem+json"),
            "{} {}",
            self.status,
            self.text()
        );
        let v = self.json();
        v["type"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    }
}

impl App {
    pub async fn call(&self, req: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut b = Request::get(path);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        self.call(b.body(Body::empty()).unwrap()).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        let mut b = Request::delete(path);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        self.call(b.body(Body::empty()).unwrap()).await
    }

    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: &Value,
    ) -> Reply {
        self.post_raw(path, token, headers, serde_json::to_vec(body).unwrap())
            .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        let mut b = Request::post(path).header("content-type", "application/json");
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.call(b.body(Body::from(body)).unwrap()).await
    }
}

/// An enrollment token from the admin, then a registered instance: its id and secret.
pub async fn enroll(app: &App) -> (String, String) {
    enroll_with(app, &instance_body()).await
}

/// The same with the registration `body`.
pub async fn enroll_with(app: &App, body: &Value) -> (String, String) {
    let r = app
        .post(
            "/api/v1/admin/enrollments",
            Some(ADMIN),
            &[],
            &serde_json::json!({"note": "Nachbarschaftshaus"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_string();
    let r = app.post("/api/v1/instances", Some(&token), &[], body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    (
        v["id"].as_str().unwrap().into(),
        v["secret"].as_str().unwrap().into(),
    )
}

pub fn booking_body() -> Value {
    serde_json::json!({
        "kind": "bbb_room",
        "organisation": "Kiezchor Wedding e.V.",
        "contact_name": "Ada Beispiel",
        "email": "vorstand@kiezchor.example",
        "purpose": "Monthly board meetings and choir rehearsals online.",
        "name": "Kiezchor Vorstand",
        "expected_participants": 12,
        "accept_code_of_conduct": true
    })
}

/// A registration of `name`, with an address made from the name (one address registers once per date).
pub fn registration_body(name: &str) -> Value {
    let local: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    serde_json::json!({
        "name": name,
        "email": format!("{}@example.org", if local.is_empty() { "person" } else { &local }),
        "organisation": "Sportverein Nord"
    })
}

pub fn instance_body() -> Value {
    serde_json::json!({
        "organisation": "Nachbarschaftshaus Süd",
        "contact_email": "it@nachbarschaftshaus.example",
        "services": [
            {"kind": "bbb", "url": "https://bbb.nachbarschaftshaus.example/bigbluebutton/api/", "software": "BigBlueButton", "version": "3.0.4"}
        ]
    })
}

/// Runs `sql` (several statements) on the database at `location`, outside vereint.
pub async fn raw_sql(location: &Location, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    match location {
        Location::Sqlite(path) => {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true);
            let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
            sqlx::raw_sql(sql).execute(&mut conn).await?;
            conn.close().await
        }
        Location::Postgres(url) => {
            let mut conn = sqlx::PgConnection::connect(url).await?;
            sqlx::raw_sql(sql).execute(&mut conn).await?;
            conn.close().await
        }
    }
}

pub fn new_key() -> String {
    vereint::client::new_idempotency_key()
}

/// Runs a test body against SQLite and PostgreSQL: `both!(name1, name2)` expects `async fn
/// name1(db: TestDb)` in scope and makes `sqlite::name1` and `postgres::name1`.
#[allow(unused_macros)]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::directory::sqlite()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::directory::postgres().await else { return };
                    super::$name(db).await;
                }
            )*
        }
    };
}
