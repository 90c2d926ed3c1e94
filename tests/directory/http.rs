//! Over real HTTP on 127.0.0.1: the typed client against the server, rate limiting with and without
//! a trusted proxy, graceful shutdown on SIGTERM, and the admin CLI.

use crate::support::directory as common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use common::*;
use vereint::api::*;
use vereint::client::{CatalogFetch, Client, ClientError};

/// Serves an app on 127.0.0.1:0 in this process; its base URL.
async fn serve(options: vereint::directory::Options) -> String {
    let (router, _state) = vereint::directory::app(options).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    format!("http://{addr}/")
}

fn booking() -> NewBooking {
    serde_json::from_value(booking_body()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_round_trip_over_http() {
    let db = sqlite();
    let url = serve(options(&db)).await;
    let client = Client::new(&url).unwrap();
    client.healthy().await.unwrap();

    let key = vereint::client::new_idempotency_key();
    let created = client.book(&booking(), &key).await.unwrap();
    assert_eq!(created.status, BookingStatus::Requested);
    assert_eq!(client.book(&booking(), &key).await.unwrap(), created);
    let b = client
        .booking(&created.id, &created.owner_token)
        .await
        .unwrap();
    assert_eq!(b.name, "Kiezchor Vorstand");
    let err = client.booking(&created.id, "own_wrong").await.unwrap_err();
    assert_eq!(err.problem().unwrap().status, 401);
    assert!(!err.is_transient());

    let admin = client.clone().with_admin_token(ADMIN);
    let pending = admin
        .admin_bookings(Some(BookingStatus::Requested))
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    let err = admin.approve(&created.id).await.unwrap_err();
    assert_eq!(
        err.problem().unwrap().kind,
        ProblemKind::IntegrationNotConfigured
    );
    let rejected = admin.reject(&created.id, "Nicht passend").await.unwrap();
    assert_eq!(rejected.status, BookingStatus::Rejected);

    let events = client.events().await.unwrap();
    assert!(events.iter().any(|e| e.id == SMALL_EVENT));
    let reg = client
        .register(
            SMALL_EVENT,
            &serde_json::from_value(registration_body("Anna")).unwrap(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(reg.status, RegistrationStatus::Confirmed);
    let got = client
        .registration(SMALL_EVENT, &reg.id, &reg.cancel_token)
        .await
        .unwrap();
    assert_eq!(got.name, "Anna");
    let csv = admin.admin_registrations_csv(SMALL_EVENT).await.unwrap();
    assert!(csv.contains("Anna"));
    let cancelled = client
        .cancel_registration(SMALL_EVENT, &reg.id, &reg.cancel_token)
        .await
        .unwrap();
    assert_eq!(cancelled.status, RegistrationStatus::Cancelled);
    assert!(
        client
            .calendar(Some(SMALL_EVENT))
            .await
            .unwrap()
            .contains("BEGIN:VEVENT")
    );

    let enrollment = admin.enroll(&NewEnrollment::default()).await.unwrap();
    let inst = client
        .register_instance(
            &enrollment.token,
            &serde_json::from_value(instance_body()).unwrap(),
        )
        .await
        .unwrap();
    client
        .report(&inst.id, &inst.secret, br#"{"status":"ok"}"#)
        .await
        .unwrap();
    let list = client.instances().await.unwrap();
    assert_eq!(list[0].status, InstanceStatus::Ok);

    let CatalogFetch::Fresh { etag, json } = client.catalog(None).await.unwrap() else {
        panic!("first fetch is fresh")
    };
    assert!(!json.is_empty());
    assert_eq!(
        client.catalog(etag.as_deref()).await.unwrap(),
        CatalogFetch::NotModified
    );
    assert!(client.services().await.unwrap().services.len() >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_directory_is_transient() {
    let client = Client::new("http://127.0.0.1:9/").unwrap();
    let err = client.events().await.unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }), "{err:?}");
    assert!(err.is_transient());
}

async fn burst(url: &str, forwarded: bool) -> Vec<u16> {
    let http = reqwest::Client::new();
    let mut codes = Vec::new();
    for i in 0..6 {
        let mut rb = http.get(format!("{url}api/v1/events"));
        if forwarded {
            rb = rb.header("x-forwarded-for", format!("198.51.100.{i}"));
        }
        codes.push(rb.send().await.unwrap().status().as_u16());
    }
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_ignores_forged_forwarded_for() {
    let db = sqlite();
    let mut o = options(&db);
    o.rate_per_second = 0.01;
    o.rate_burst = 3;
    let url = serve(o).await;
    let codes = burst(&url, true).await;
    assert_eq!(
        codes,
        [200, 200, 200, 429, 429, 429],
        "a forged header changes nothing"
    );
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{url}api/v1/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    // health checks are never limited
    assert_eq!(
        http.get(format!("{url}healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // behind a trusted proxy each forwarded client has its own bucket
    let db = sqlite();
    let mut o = options(&db);
    o.rate_per_second = 0.01;
    o.rate_burst = 3;
    o.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    let url = serve(o).await;
    assert_eq!(burst(&url, true).await, [200; 6]);
}

fn spawn_server(db: &TestDb, config: &std::path::Path) -> (std::process::Child, String) {
    let database = match &db.location {
        vereint::directory::db::Location::Sqlite(p) => p.display().to_string(),
        vereint::directory::db::Location::Postgres(u) => u.clone(),
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
        .arg(database)
        .env("XDG_CONFIG_HOME", config)
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    (child, format!("http://{addr}/"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_requests_in_flight_finish() {
    let db = sqlite();
    let config = tempfile::tempdir().unwrap();
    let (mut child, url) = spawn_server(&db, config.path());
    let client = Client::new(&url).unwrap();
    client.healthy().await.unwrap();
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .book(&booking(), &vereint::client::new_idempotency_key())
                    .await
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    // Connections still in the kernel's accept queue when the listener closes are reset without
    // the server having seen them: those fail on the client. What the server did accept must
    // finish: checked below, as stored bookings == acknowledged bookings.
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(ClientError::Unreachable { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut rest).unwrap();
    assert!(rest.contains("directory stopped"), "{rest}");
    let mut log = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut log).unwrap();
    assert!(!log.contains(ADMIN), "the admin token is never logged");
    // what was acknowledged is there
    let (mut child, url) = spawn_server(&db, config.path());
    let admin = Client::new(&url).unwrap().with_admin_token(ADMIN);
    assert_eq!(
        admin.admin_bookings(None).await.unwrap().len(),
        ok,
        "every booking the server stored was acknowledged, and every acknowledged one is stored"
    );
    assert!(ok > 0);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_cli_enrolls_and_lists() {
    let db = sqlite();
    let config = tempfile::tempdir().unwrap();
    let (mut child, url) = spawn_server(&db, config.path());
    let client = Client::new(&url).unwrap();
    let created = client
        .book(&booking(), &vereint::client::new_idempotency_key())
        .await
        .unwrap();
    let cli = |args: &[&str]| {
        let url = url.clone();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let config = config.path().to_path_buf();
        async move {
            tokio::task::spawn_blocking(move || {
                Command::new(env!("CARGO_BIN_EXE_vereint"))
                    .args(["--lang", "en", "directory", "admin", "--url", &url])
                    .args(&args)
                    .env("XDG_CONFIG_HOME", config)
                    .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
                    .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
                    .output()
                    .unwrap()
            })
            .await
            .unwrap()
        }
    };
    let out = cli(&["enroll", "--json"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["token"].as_str().unwrap().starts_with("enr_"));
    let out = cli(&["bookings"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&created.id) && text.contains("Kiezchor"),
        "{text}"
    );
    let out = cli(&["approve", &created.id]).await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not configured"), "{err}");
    let out = cli(&["reject", &created.id, "--reason", "nope", "--json"]).await;
    assert!(out.status.success());
    let out = cli(&["registrations", SMALL_EVENT, "--csv"]).await;
    // the server runs the embedded catalogue, which has no test event
    assert!(!out.status.success());
    let out = cli(&["registrations", "digitale-sprechstunde", "--csv"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("id,event_id"));
    child.kill().unwrap();
    child.wait().unwrap();
}
