//! The operator's catalogue over real HTTP on 127.0.0.1: fetched and cached, confirmed with
//! If-None-Match (304) on the next start, the cached copy used while the directory is away, and a
//! broken cache or a broken answer never replacing what the user sees.

#[path = "directory_common/mod.rs"]
mod common;

use std::net::SocketAddr;

use common::*;
use vereint::client::Client;
use vereint::client::catalog_sync::{Cache, Source, sync};

/// Serves the test directory on 127.0.0.1:0; its base URL and the task to stop it.
async fn serve(db: &TestDb) -> (String, tokio::task::JoinHandle<()>) {
    let (router, _state) = vereint::directory::app(options(db)).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    (format!("http://{addr}/"), task)
}

/// The test catalogue as the directory serves it: exact addresses are for the registered only.
fn public_catalog() -> vereint::catalog::Catalog {
    let mut public = (*catalog()).clone();
    assert!(
        public
            .events
            .iter()
            .any(|e| e.address_after_registration.is_some()),
        "the fixture has an address to keep back"
    );
    for event in &mut public.events {
        event.address_after_registration = None;
    }
    public
}

fn now() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().unwrap()
}

#[tokio::test]
async fn fetched_cached_confirmed_and_used_offline() {
    let db = sqlite();
    let (url, server) = serve(&db).await;
    let cache_home = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_home.path(), &url);
    let client = Client::new(&url).unwrap();

    let first = sync(&client, Some(&cache), now()).await;
    assert_eq!(first.problem, None);
    assert_eq!(first.source, Source::Directory { url: url.clone() });
    let served = first.catalog.expect("a catalogue");
    assert_eq!(
        served,
        public_catalog(),
        "the directory's catalogue, not the embedded one"
    );

    // the next start sends the ETag and gets a 304: the cached copy is shown
    let second = sync(&client, Some(&cache), now()).await;
    assert_eq!(second.source, Source::Directory { url: url.clone() });
    assert_eq!(second.catalog.as_ref(), Some(&served));

    // the directory goes away: the copy from before, marked as such
    server.abort();
    let _ = server.await;
    let offline = sync(&client, Some(&cache), now()).await;
    assert_eq!(
        offline.source,
        Source::Cached {
            url: url.clone(),
            fetched_at: now().to_string()
        }
    );
    assert_eq!(offline.catalog.as_ref(), Some(&served));
    assert!(offline.problem.unwrap().contains("127.0.0.1"));

    // no cache and no directory: keep the embedded catalogue
    let nothing = sync(&client, None, now()).await;
    assert_eq!(nothing.source, Source::Embedded);
    assert!(nothing.catalog.is_none());
}

#[tokio::test]
async fn a_broken_cache_is_ignored_and_replaced() {
    let db = sqlite();
    let (url, _server) = serve(&db).await;
    let cache_home = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_home.path(), &url);
    let client = Client::new(&url).unwrap();
    sync(&client, Some(&cache), now()).await.catalog.unwrap();

    // someone (or a full disk) broke the cached file; its ETag still matches
    let folder = std::fs::read_dir(cache_home.path().join("catalog"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(folder.join("catalog.json"), b"{\"tools\": [").unwrap();
    let again = sync(&client, Some(&cache), now()).await;
    assert_eq!(again.source, Source::Directory { url: url.clone() });
    assert_eq!(again.catalog.as_ref(), Some(&public_catalog()));
    let rewritten = std::fs::read(folder.join("catalog.json")).unwrap();
    assert!(vereint::catalog::load_json("cache", &rewritten).is_ok());
}

#[tokio::test]
async fn an_answer_that_is_not_a_valid_catalogue_changes_nothing() {
    // a plain HTTP server that answers every request with JSON that is not a catalogue
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = axum::Router::new().route(
        "/api/v1/catalog",
        axum::routing::get(|| async {
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                r#"{"categories": [], "tools": 7}"#,
            )
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let url = format!("http://{addr}/");
    let client = Client::new(&url).unwrap();
    let synced = sync(&client, None, now()).await;
    assert!(synced.catalog.is_none());
    assert_eq!(synced.source, Source::Embedded);
    let problem = synced.problem.unwrap();
    assert!(
        problem.contains("api/v1/catalog") && problem.contains("tools"),
        "{problem}"
    );
}
