//! Rooms in the directory, against SQLite and PostgreSQL: approval stores a room (once), owners
//! read and change it and rotate its codes, and the booking's links follow.

use crate::support::directory as common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::{Value, json};
use vereint::integrations::bbb::client::Client;
use vereint::integrations::bbb::{Algorithm, Api, Secret};

both!(rooms_are_stored_once_and_owned, room_changes_are_checked);

const SECRET: &str = "rooms-story-secret";

async fn bbb() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, vereint::sim::bbb::router(SECRET.into()))
            .await
            .unwrap();
    });
    Client::new(Api::new(
        &format!("http://{addr}/bigbluebutton/api/"),
        Secret::new(SECRET),
        Algorithm::Sha1,
    ))
    .unwrap()
}

/// An app with BBB, and an approved room booking: (app, booking id, owner token, links).
async fn approved_room(db: &TestDb) -> (App, String, String, Value) {
    let mut options = options(db);
    options.bbb = Some(bbb().await);
    options.public_url = Some("https://verzeichnis.example".into());
    let app = app_with(options).await;
    let key = new_key();
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &key)],
            &booking_body(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let booked = r.json();
    let id = booked["id"].as_str().unwrap().to_string();
    let owner = booked["owner_token"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let links = r.json()["links"].clone();
    (app, id, owner, links)
}

async fn patch(app: &App, path: &str, token: &str, body: &Value) -> Reply {
    app.call(
        Request::patch(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn rooms_are_stored_once_and_owned(db: TestDb) {
    let (app, id, owner, links) = approved_room(&db).await;
    let room_url = links["room_url"].as_str().unwrap();
    assert!(
        room_url.starts_with("https://verzeichnis.example/r/kiezchor-vorstand-"),
        "{links}"
    );
    assert_eq!(links["viewer_code"].as_str().unwrap().len(), 8);
    assert_eq!(links["moderator_code"].as_str().unwrap().len(), 10);

    // a repeated approval keeps the room and its codes
    let again = app
        .post(
            &format!("/api/v1/admin/bookings/{id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(again.json()["links"], links);

    let room = app
        .get(&format!("/api/v1/bookings/{id}/room"), Some(&owner))
        .await;
    assert_eq!(room.status, 200, "{}", room.text());
    let room = room.json();
    assert_eq!(room["room_url"], links["room_url"]);
    assert_eq!(room["name"], "Kiezchor Vorstand");
    assert_eq!(room["record"], false, "recording is off by default");
    assert_eq!(room["anyone_may_start"], false);
    assert_eq!(room["max_participants"], 12);

    let wrong = app
        .get(&format!("/api/v1/bookings/{id}/room"), Some("someone-else"))
        .await;
    assert_eq!(wrong.status, 401);

    let changed = patch(
        &app,
        &format!("/api/v1/bookings/{id}/room"),
        &owner,
        &json!({"guest_policy": "waiting_room", "record": true, "name": "Vorstand & Chor"}),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    let changed = changed.json();
    assert_eq!(changed["guest_policy"], "waiting_room");
    assert_eq!(changed["record"], true);
    assert_eq!(changed["viewer_code"], links["viewer_code"]);

    let rotated = app
        .post(
            &format!("/api/v1/bookings/{id}/room/rotate-codes"),
            Some(&owner),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(rotated.status, 200, "{}", rotated.text());
    let rotated = rotated.json();
    assert_ne!(rotated["viewer_code"], links["viewer_code"]);
    assert_ne!(rotated["moderator_code"], links["moderator_code"]);
    let booking = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&owner))
        .await
        .json();
    assert_eq!(booking["links"]["viewer_code"], rotated["viewer_code"]);
    assert_eq!(
        booking["links"]["moderator_code"],
        rotated["moderator_code"]
    );

    // the page is served for the active room, in HTML; a cancelled booking's room is gone
    let slug = room_url.rsplit('/').next().unwrap();
    let page = app.get(&format!("/r/{slug}"), None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Vorstand &amp; Chor"),
        "{}",
        page.text()
    );
    assert_eq!(
        app.delete(&format!("/api/v1/bookings/{id}"), Some(&owner))
            .await
            .status,
        200
    );
    assert_eq!(app.get(&format!("/r/{slug}"), None).await.status, 404);

    let doc = app.get("/api/v1/openapi.json", None).await.json();
    assert!(doc["paths"]["/api/v1/bookings/{id}/room"]["patch"].is_object());
    assert!(doc["paths"]["/api/v1/bookings/{id}/room/rotate-codes"]["post"].is_object());
}

async fn room_changes_are_checked(db: TestDb) {
    let (app, id, owner, _) = approved_room(&db).await;
    let path = format!("/api/v1/bookings/{id}/room");
    let r = patch(
        &app,
        &path,
        &owner,
        &json!({"max_participants": 5000, "name": "x"}),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text());
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["name", "max_participants"]);
    for bad in [
        json!({"colour": "red"}),
        json!({"guest_policy": "everyone"}),
    ] {
        let r = patch(&app, &path, &owner, &bad).await;
        assert!(r.status.is_client_error(), "{}", r.text());
        assert!(
            r.text().contains("colour") || r.text().contains("guest_policy"),
            "{}",
            r.text()
        );
    }
    let r = patch(&app, &path, &owner, &json!({"max_participants": 0})).await;
    assert_eq!(r.json()["max_participants"], Value::Null);
    assert_eq!(
        app.get("/api/v1/bookings/nope/room", Some(&owner))
            .await
            .status,
        404
    );
}
