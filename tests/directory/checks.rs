//! The directory's own checks of registered URLs: off by default, and never a way into the
//! operator's network. A loopback "instance" is refused (and never contacted) unless its range is
//! allow-listed; then it is checked and reported in the public list.

use crate::support::directory as common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// A loopback web server that counts its requests.
async fn counting_server() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { "ok" }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, hits)
}

/// Registers an instance publishing `url` and waits (bounded) for the directory's check of it.
async fn checked(allow: &[&str], url: &str) -> Value {
    let db = sqlite();
    let mut options = options(&db);
    options.checks.interval_secs = 1;
    options.checks.timeout_secs = 2;
    options.checks.allow = allow.iter().map(|s| s.to_string()).collect();
    let app = app_with(options).await;
    let r = app
        .post("/api/v1/admin/enrollments", Some(ADMIN), &[], &json!({}))
        .await;
    let token = r.json()["token"].as_str().unwrap().to_string();
    let mut body = instance_body();
    body["services"][0] =
        json!({"kind": "web", "url": url, "software": "nginx", "version": "1.22"});
    let r = app
        .post("/api/v1/instances", Some(&token), &[], &body)
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    for _ in 0..100 {
        let list = app.get("/api/v1/instances", None).await.json();
        if let Some(check) = list[0].get("directory_check") {
            return check.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no directory check after 5 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn loopback_urls_are_refused_without_being_contacted() {
    let (url, hits) = counting_server().await;
    let check = checked(&[], &url).await;
    assert_eq!(check["status"], "critical", "{check}");
    let detail = check["detail"].as_str().unwrap();
    assert!(
        detail.contains("127.0.0.1") && detail.contains("not checked"),
        "{detail}"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the guard let a request through"
    );

    // the same address in another notation is the same address
    let numeric = url.replace("127.0.0.1", "2130706433");
    let check = checked(&[], &numeric).await;
    assert_eq!(check["status"], "critical", "{check}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn allow_listed_ranges_are_checked_and_shown() {
    let (url, hits) = counting_server().await;
    let check = checked(&["127.0.0.0/8"], &url).await;
    assert_eq!(check["status"], "ok", "{check}");
    assert!(hits.load(Ordering::SeqCst) >= 1);
    assert!(check["checked_at"].as_str().unwrap().starts_with("20"));
}

#[tokio::test]
async fn a_bad_allow_list_entry_stops_the_start_with_its_name() {
    let db = sqlite();
    let mut options = options(&db);
    options.checks.interval_secs = 60;
    options.checks.allow = vec!["not-a-range".into()];
    let err = vereint::directory::app(options).await.err().unwrap();
    assert!(
        format!("{err:#}").contains("directory.checks.allow"),
        "{err:#}"
    );
}
