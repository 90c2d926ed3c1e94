//! The directory's stories, each run against SQLite (temp file) and PostgreSQL (tests/pg.sh).

use crate::support::directory as common;

use std::sync::Arc;

use common::*;
use serde_json::{Value, json};
use vereint::api::{BookingKind, Links};
use vereint::directory::db::{BookingRow, Db, NewReport, schema_before};
use vereint::directory::integrations::{BoxFuture, IntegrationError, Integrations};

both!(
    booking_lifecycle,
    approval_without_integration_changes_nothing,
    approval_with_integration_gives_links,
    auto_approve_activates_what_the_integration_can_create,
    registrations_fill_then_waitlist_then_move_up,
    concurrent_registrations_never_exceed_capacity,
    instances_enroll_and_report,
    concurrent_reports_tell_new_from_replayed,
    operations_endpoints,
    a_schema_3_database_migrates_and_keeps_its_reports,
    a_used_enrollment_token_gives_the_secret_only_briefly,
);

async fn booking_lifecycle(db: TestDb) {
    let app = app(&db).await;
    let body = booking_body();

    let r = app.post("/api/v1/bookings", None, &[], &body).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.problem(), "idempotency-key-missing");

    let key = new_key();
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &key)],
            &body,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let created = r.json();
    assert_eq!(created["status"], "requested");
    let id = created["id"].as_str().unwrap().to_string();
    let token = created["owner_token"].as_str().unwrap().to_string();
    assert_eq!(
        r.headers["location"].to_str().unwrap(),
        format!("/api/v1/bookings/{id}")
    );

    // a retry with the same key: same booking, same token, nothing new
    let again = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &key)],
            &body,
        )
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.json()["id"], created["id"]);
    assert_eq!(again.json()["owner_token"], created["owner_token"]);
    // the same key for something else is refused
    let mut other = body.clone();
    other["name"] = json!("Anderer Raum");
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &key)],
            &other,
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.problem(), "idempotency-key-reused");
    let all = app
        .get("/api/v1/admin/bookings?status=requested", Some(ADMIN))
        .await;
    assert_eq!(all.json().as_array().unwrap().len(), 1);

    // reading needs the owner token
    let path = format!("/api/v1/bookings/{id}");
    assert_eq!(app.get(&path, None).await.status, 401);
    let r = app.get(&path, Some("own_wrong")).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.problem(), "unauthorized");
    assert_eq!(
        app.get("/api/v1/bookings/bk_nope", Some(&token))
            .await
            .status,
        404
    );
    let r = app.get(&path, Some(&token)).await;
    assert_eq!(r.status, 200);
    let b = r.json();
    assert_eq!(b["status"], "requested");
    assert_eq!(b["organisation"], "Kiezchor Wedding e.V.");
    assert!(b.get("links").is_none());

    // the admin rejects with a reason; the owner reads it and can no longer cancel
    let reject = format!("/api/v1/admin/bookings/{id}/reject");
    let r = app
        .post(&reject, Some("not-admin"), &[], &json!({"reason": "x"}))
        .await;
    assert_eq!(r.status, 401);
    let r = app
        .post(
            &reject,
            Some(ADMIN),
            &[],
            &json!({"reason": "Bitte mehr zum Zweck schreiben."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = app.get(&path, Some(&token)).await.json();
    assert_eq!(b["status"], "rejected");
    assert_eq!(b["reason"], "Bitte mehr zum Zweck schreiben.");
    let r = app.delete(&path, Some(&token)).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.problem(), "invalid-transition");

    // a second booking is cancelled by its owner, twice (idempotent), then cannot be approved
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            &other,
        )
        .await;
    let c = r.json();
    let (id2, token2) = (
        c["id"].as_str().unwrap(),
        c["owner_token"].as_str().unwrap(),
    );
    let path2 = format!("/api/v1/bookings/{id2}");
    assert_eq!(
        app.delete(&path2, Some(&token)).await.status,
        401,
        "another booking's token"
    );
    let r = app.delete(&path2, Some(token2)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "cancelled");
    assert_eq!(
        app.delete(&path2, Some(token2)).await.json()["status"],
        "cancelled"
    );
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{id2}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.problem(), "invalid-transition");
    let cancelled = app
        .get("/api/v1/admin/bookings?status=cancelled", Some(ADMIN))
        .await
        .json();
    assert_eq!(cancelled.as_array().unwrap().len(), 1);
    let r = app
        .get("/api/v1/admin/bookings?status=weird", Some(ADMIN))
        .await;
    assert_eq!(r.status, 422);
}

async fn approval_without_integration_changes_nothing(db: TestDb) {
    let app = app(&db).await;
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            &booking_body(),
        )
        .await;
    let c = r.json();
    let (id, token) = (
        c["id"].as_str().unwrap(),
        c["owner_token"].as_str().unwrap(),
    );
    let before = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await
        .json();
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.problem(), "integration-not-configured");
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .contains("BigBlueButton")
    );
    let after = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await
        .json();
    assert_eq!(before, after, "the booking stays exactly as it was");
}

/// Creates links for rooms; fails for teams (to check that a failure puts the booking back).
struct FakeIntegrations;

impl Integrations for FakeIntegrations {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        Box::pin(async move {
            if booking.kind == "bbb_room" {
                Ok(Links {
                    room_url: Some(format!("https://dir.example/r/{}", booking.id)),
                    viewer_code: Some("123456".into()),
                    moderator_code: Some("654321".into()),
                    invite_url: None,
                })
            } else {
                Err(IntegrationError::Failed {
                    service: "Mattermost",
                    detail: "HTTP 500 with token mm-secret-token".into(),
                })
            }
        })
    }

    fn configured(&self, _kind: BookingKind) -> Result<(), IntegrationError> {
        Ok(())
    }
}

async fn auto_approve_activates_what_the_integration_can_create(db: TestDb) {
    let mut options = options(&db);
    options.integrations = Arc::new(FakeIntegrations);
    options.auto_approve = true;
    let app = app_with(options).await;
    let status_of = async |body: &Value| {
        let c = app
            .post(
                "/api/v1/bookings",
                None,
                &[("idempotency-key", &new_key())],
                body,
            )
            .await
            .json();
        let (id, token) = (
            c["id"].as_str().unwrap(),
            c["owner_token"].as_str().unwrap(),
        );
        // approval runs after the answer (requested -> approved -> active); wait for it, bounded
        for _ in 0..200 {
            let b = app
                .get(&format!("/api/v1/bookings/{id}"), Some(token))
                .await
                .json();
            if b["status"] != "requested" && b["status"] != "approved" {
                return b;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("booking {id} not active after 2 s");
    };
    let room = status_of(&booking_body()).await;
    assert_eq!(room["status"], "active", "{room}");
    assert_eq!(room["links"]["viewer_code"], "123456");

    // without a configured integration nothing changes: the booking waits for the operator
    let mut options = self::options(&db);
    options.auto_approve = true;
    let app = app_with(options).await;
    let c = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            &booking_body(),
        )
        .await
        .json();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let b = app
        .get(
            &format!("/api/v1/bookings/{}", c["id"].as_str().unwrap()),
            c["owner_token"].as_str(),
        )
        .await
        .json();
    assert_eq!(b["status"], "requested", "{b}");
}

async fn approval_with_integration_gives_links(db: TestDb) {
    let mut options = options(&db);
    options.integrations = Arc::new(FakeIntegrations);
    let app = app_with(options).await;
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            &booking_body(),
        )
        .await;
    let c = r.json();
    let (id, token) = (
        c["id"].as_str().unwrap(),
        c["owner_token"].as_str().unwrap(),
    );
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let b = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await
        .json();
    assert_eq!(b["status"], "active");
    assert_eq!(b["links"]["viewer_code"], "123456");
    assert!(b["links"]["room_url"].as_str().unwrap().ends_with(id));
    // approving again is harmless
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200);

    let mut team = booking_body();
    team["kind"] = json!("mattermost_team");
    let c = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            &team,
        )
        .await
        .json();
    let (id, token) = (
        c["id"].as_str().unwrap(),
        c["owner_token"].as_str().unwrap(),
    );
    let before = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await
        .json();
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 502);
    assert_eq!(r.problem(), "integration-failed");
    assert!(
        !r.text().contains("mm-secret-token"),
        "internal details stay internal"
    );
    let after = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await
        .json();
    assert_eq!(before, after);
}

async fn register(app: &App, name: &str) -> Value {
    let r = app
        .post(
            &format!("/api/v1/events/{SMALL_EVENT}/registrations"),
            None,
            &[],
            &registration_body(name),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

async fn registrations_fill_then_waitlist_then_move_up(db: TestDb) {
    let app = app(&db).await;
    let events = app.get("/api/v1/events", None).await.json();
    let small = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == SMALL_EVENT)
        .unwrap()
        .clone();
    assert_eq!(small["title"]["de"], app.state.catalog.events[0].title.de);
    let first_date = small["next_dates"][0]["date"].as_str().unwrap().to_string();
    assert_eq!(small["next_dates"][0]["available"], 2);

    let a = register(&app, "Anna").await;
    let b = register(&app, "Bert").await;
    let c = register(&app, "Cem").await;
    let d = register(&app, "Dora").await;
    assert_eq!(
        [&a, &b, &c, &d].map(|r| r["status"].as_str().unwrap().to_string()),
        ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    );
    assert_eq!(a["date"], first_date.as_str());
    let info = app
        .get(&format!("/api/v1/events/{SMALL_EVENT}"), None)
        .await
        .json();
    assert_eq!(info["next_dates"][0]["confirmed"], 2);
    assert_eq!(info["next_dates"][0]["waitlisted"], 2);
    assert_eq!(info["next_dates"][0]["available"], 0);

    let reg = |r: &Value| {
        format!(
            "/api/v1/events/{SMALL_EVENT}/registrations/{}",
            r["id"].as_str().unwrap()
        )
    };
    let tok = |r: &Value| r["cancel_token"].as_str().unwrap().to_string();
    // wrong token: refused, nothing changes
    assert_eq!(app.delete(&reg(&a), Some(&tok(&b))).await.status, 401);
    assert_eq!(app.delete(&reg(&a), None).await.status, 401);
    // Anna cancels: Cem (first on the list) moves up, Dora still waits
    let r = app.delete(&reg(&a), Some(&tok(&a))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "cancelled");
    assert_eq!(
        app.get(&reg(&c), Some(&tok(&c))).await.json()["status"],
        "confirmed"
    );
    assert_eq!(
        app.get(&reg(&d), Some(&tok(&d))).await.json()["status"],
        "waitlisted"
    );
    // cancelling again changes nothing
    assert_eq!(app.delete(&reg(&a), Some(&tok(&a))).await.status, 200);
    assert_eq!(
        app.get(&reg(&d), Some(&tok(&d))).await.json()["status"],
        "waitlisted"
    );
    // a waitlisted person leaving frees nothing
    assert_eq!(app.delete(&reg(&d), Some(&tok(&d))).await.status, 200);
    let info = app
        .get(&format!("/api/v1/events/{SMALL_EVENT}"), None)
        .await
        .json();
    assert_eq!(info["next_dates"][0]["confirmed"], 2);
    assert_eq!(info["next_dates"][0]["waitlisted"], 0);
    // a confirmed person leaving with nobody waiting frees a place
    assert_eq!(app.delete(&reg(&b), Some(&tok(&b))).await.status, 200);
    let info = app
        .get(&format!("/api/v1/events/{SMALL_EVENT}"), None)
        .await
        .json();
    assert_eq!(info["next_dates"][0]["available"], 1);

    // a chosen date, and a date that is not offered
    let second = info["next_dates"][1]["date"].as_str().unwrap();
    let mut body = registration_body("Emil");
    body["date"] = json!(second);
    let r = app
        .post(
            &format!("/api/v1/events/{SMALL_EVENT}/registrations"),
            None,
            &[],
            &body,
        )
        .await;
    assert_eq!(r.json()["date"], second);
    body["date"] = json!("1999-01-01");
    let r = app
        .post(
            &format!("/api/v1/events/{SMALL_EVENT}/registrations"),
            None,
            &[],
            &body,
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0]["field"], "date");

    // idempotent registration
    let key = new_key();
    let path = format!("/api/v1/events/{SMALL_EVENT}/registrations");
    let mut formula = registration_body("=HYPERLINK(\"http://evil\")");
    formula["date"] = json!(second);
    let r1 = app
        .post(&path, None, &[("idempotency-key", &key)], &formula)
        .await
        .json();
    let r2 = app
        .post(&path, None, &[("idempotency-key", &key)], &formula)
        .await
        .json();
    assert_eq!(r1, r2);

    // admin export
    let list = app
        .get(
            &format!("/api/v1/admin/events/{SMALL_EVENT}/registrations"),
            Some(ADMIN),
        )
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 6);
    let r = app
        .get(
            &format!("/api/v1/admin/events/{SMALL_EVENT}/registrations?format=csv"),
            Some(ADMIN),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = r.text();
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{csv}"
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/admin/events/{SMALL_EVENT}/registrations"),
            None
        )
        .await
        .status,
        401
    );

    // calendars
    let r = app
        .get(
            &format!("/api/v1/events/{SMALL_EVENT}/calendar.ics?lang=en"),
            None,
        )
        .await;
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(r.text().starts_with("BEGIN:VCALENDAR\r\n"));
    let r = app.get("/api/v1/events.ics?lang=en", None).await;
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let feed = r.text();
    let mut events_in_feed = std::collections::BTreeSet::new();
    for vevent in parse_ics(&feed) {
        for key in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
            assert!(vevent.contains_key(key), "{key} missing: {vevent:?}");
        }
        // UID: EVENT-YYYY-MM-DD@vereint
        let uid = &vevent["UID"];
        events_in_feed.insert(uid[..uid.len() - "-2027-01-20@vereint".len()].to_string());
    }
    let with_dates: std::collections::BTreeSet<String> = app
        .state
        .catalog
        .events
        .iter()
        .filter(|e| !e.upcoming(jiff::Timestamp::now(), 1).is_empty())
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        events_in_feed, with_dates,
        "every event with dates is in the feed"
    );
    assert!(feed.contains("SUMMARY:Digital consultation hour"), "{feed}");
    assert_eq!(
        app.get("/api/v1/events.ics?lang=fr", None).await.status,
        422
    );
    // the first address of the feed sends subscribed calendars on
    let r = app.get("/api/v1/calendar.ics?lang=de", None).await;
    assert_eq!(r.status, 301);
    assert_eq!(r.headers["location"], "/api/v1/events.ics?lang=de");
    assert_eq!(
        app.get("/api/v1/events/nope/calendar.ics", None)
            .await
            .status,
        404
    );
}

async fn concurrent_registrations_never_exceed_capacity(db: TestDb) {
    let app = Arc::new(app(&db).await);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            register(&app, &format!("Person {i}")).await
        }));
    }
    let mut confirmed = 0;
    for t in tasks {
        if t.await.unwrap()["status"] == "confirmed" {
            confirmed += 1;
        }
    }
    assert_eq!(confirmed, 2);
    let info = app
        .get(&format!("/api/v1/events/{SMALL_EVENT}"), None)
        .await
        .json();
    assert_eq!(info["next_dates"][0]["confirmed"], 2);
    assert_eq!(info["next_dates"][0]["waitlisted"], 14);
}

async fn send_report(app: &App, id: &str, secret: &str, ts: i64, body: &[u8]) -> common::Reply {
    let sig = vereint::api::token::sign(secret, ts, body);
    app.post_raw(
        &format!("/api/v1/instances/{id}/reports"),
        None,
        &[
            ("x-vereint-timestamp", &ts.to_string()),
            ("x-vereint-signature", &sig),
        ],
        body.to_vec(),
    )
    .await
}

async fn instances_enroll_and_report(db: TestDb) {
    let app = app(&db).await;
    // enrollment needs the admin token; registration needs an enrollment token
    let r = app
        .post("/api/v1/admin/enrollments", None, &[], &json!({}))
        .await;
    assert_eq!(r.status, 401);
    let r = app
        .post_raw("/api/v1/admin/enrollments", Some(ADMIN), &[], Vec::new())
        .await;
    assert_eq!(r.status, 201, "an empty body is fine: {}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_string();
    let r = app
        .post(
            "/api/v1/instances",
            Some("enr_wrong"),
            &[],
            &instance_body(),
        )
        .await;
    assert_eq!(r.status, 401);
    let r = app
        .post("/api/v1/instances", Some(&token), &[], &instance_body())
        .await;
    assert_eq!(r.status, 201);
    let first = r.json();
    // a retry of the same registration gets the same answer; another one is refused
    let r = app
        .post("/api/v1/instances", Some(&token), &[], &instance_body())
        .await;
    assert_eq!(r.json(), first);
    let mut other = instance_body();
    other["organisation"] = json!("Jemand anderes");
    let r = app
        .post("/api/v1/instances", Some(&token), &[], &other)
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.problem(), "enrollment-used");

    let (id, secret) = (
        first["id"].as_str().unwrap(),
        first["secret"].as_str().unwrap(),
    );
    let list = app.get("/api/v1/instances", None).await.json();
    assert_eq!(list[0]["status"], "new");
    assert!(list[0]["uptime_24h"].is_null());
    assert!(
        list[0].get("contact_email").is_none(),
        "contacts are not public"
    );

    let now = jiff::Timestamp::now().as_second();
    let body = br#"{"status":"ok","checks":[{"check":"http","status":"ok"}]}"#;
    let r = send_report(&app, id, secret, now, body).await;
    assert_eq!(r.status, 202, "{}", r.text());
    // the same request again is a replay
    let r = send_report(&app, id, secret, now, body).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.problem(), "report-replayed");
    // stale, from the future, wrong secret, tampered body, unknown instance
    let r = send_report(&app, id, secret, now - 301, body).await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (401, "signature-stale")
    );
    let r = send_report(&app, id, secret, now + 301, body).await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (401, "signature-stale")
    );
    let r = send_report(&app, id, "sec_wrong", now, body).await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (401, "signature-invalid")
    );
    let sig = vereint::api::token::sign(secret, now, body);
    let r = app
        .post_raw(
            &format!("/api/v1/instances/{id}/reports"),
            None,
            &[
                ("x-vereint-timestamp", &now.to_string()),
                ("x-vereint-signature", &sig),
            ],
            br#"{"status":"critical","checks":[]}"#.to_vec(),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (401, "signature-invalid")
    );
    let r = send_report(&app, "in_unknown", secret, now, body).await;
    assert_eq!(r.status, 401);
    let r = app
        .post_raw(
            &format!("/api/v1/instances/{id}/reports"),
            None,
            &[],
            body.to_vec(),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (401, "signature-missing")
    );
    // a signed body that is not a report object
    let r = send_report(&app, id, secret, now, b"[1,2]").await;
    assert_eq!(r.status, 422);
    let r = send_report(&app, id, secret, now, br#"{"status":"fine"}"#).await;
    assert_eq!(r.status, 422);

    // reports the agent queued count when they were observed: ok 2 h ago (holding for three
    // minute intervals), silence, ok 1 h ago with an hourly interval, then the reports of now
    for (ago, interval) in [(7_200, 60), (3_600, 3_600)] {
        let observed = jiff::Timestamp::from_second(now - ago).unwrap();
        let body = format!(
            r#"{{"status":"ok","observed_at":"{observed}","interval_secs":{interval},"checks":[]}}"#
        );
        let r = send_report(&app, id, secret, now - 2, body.as_bytes()).await;
        assert_eq!(r.status, 202, "{}", r.text());
    }
    let r = send_report(&app, id, secret, now - 1, br#"{"status":"warning"}"#).await;
    assert_eq!(r.status, 202);
    assert_eq!(app.state.db.report_count(id).await.unwrap(), 4);
    let list = app.get("/api/v1/instances", None).await.json();
    assert_eq!(list[0]["status"], "warning");
    // up 3 min + 60 min (a warning is up) of the 120 since the first report; the clock moved on
    let uptime = list[0]["uptime_24h"].as_f64().unwrap();
    assert!((uptime - 63.0 / 120.0).abs() < 0.001, "{uptime}");
    assert_eq!(list[0]["uptime_30d"], list[0]["uptime_24h"]);
    assert!(list[0]["last_report_at"].is_string());
    assert_eq!(list[0]["services"][0]["software"], "BigBlueButton");

    // an expired enrollment token
    let r = app
        .post(
            "/api/v1/admin/enrollments",
            Some(ADMIN),
            &[],
            &json!({"valid_days": 0}),
        )
        .await;
    assert_eq!(r.status, 422);
}

/// Many reports at once, so that they share group-commit batches: new ones, copies of one another
/// within the same burst, and copies of reports stored before. Each is stored once; every copy is a
/// replay (409), and the instance shows the last status.
async fn concurrent_reports_tell_new_from_replayed(db: TestDb) {
    let app = app(&db).await;
    let (id, secret) = enroll(&app).await;
    let ts = jiff::Timestamp::now().as_second();
    let body = |n: usize| {
        format!("{{\"status\":\"ok\",\"report_id\":\"r{n}\",\"checks\":[]}}").into_bytes()
    };
    for n in 0..10 {
        assert_eq!(
            send_report(&app, &id, &secret, ts, &body(n)).await.status,
            202
        );
    }
    // 0..10 again (stored), 10..40 new, each new one sent twice at the same moment
    let mut sends = Vec::new();
    for n in (0..40).chain(10..40) {
        let (app, id, secret, body) = (&app, &id, &secret, body(n));
        sends.push(async move {
            (
                n,
                send_report(app, id, secret, ts, &body)
                    .await
                    .status
                    .as_u16(),
            )
        });
    }
    let answers = futures_util::future::join_all(sends).await;
    for n in 0..40 {
        let codes: Vec<u16> = answers
            .iter()
            .filter(|(m, _)| *m == n)
            .map(|(_, c)| *c)
            .collect();
        let stored = codes.iter().filter(|c| **c == 202).count();
        let replays = codes.iter().filter(|c| **c == 409).count();
        if n < 10 {
            assert_eq!(
                (stored, replays),
                (0, 1),
                "report {n} was stored before: {codes:?}"
            );
        } else {
            assert_eq!(
                (stored, replays),
                (1, 1),
                "report {n}, sent twice: {codes:?}"
            );
        }
    }
    let list = app.get("/api/v1/instances", None).await.json();
    let me = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id.as_str())
        .unwrap();
    assert_eq!(me["status"], "ok", "{me}");
    assert!(me["last_report_at"].is_string(), "{me}");
    let history = app
        .get(&format!("/api/v1/instances/{id}/reports?limit=200"), None)
        .await
        .json();
    assert_eq!(
        history["reports"].as_array().unwrap().len(),
        40,
        "each report stored once"
    );
}

async fn operations_endpoints(db: TestDb) {
    let app = app(&db).await;
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert!(r.headers.contains_key("content-security-policy"));
    assert_eq!(app.get("/readyz", None).await.status, 200);
    app.post(
        "/api/v1/bookings",
        None,
        &[("idempotency-key", &new_key())],
        &booking_body(),
    )
    .await;
    let m = app.get("/metrics", None).await;
    assert!(
        m.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = m.text();
    assert!(
        text.contains("vereint_bookings{status=\"requested\"} 1"),
        "{text}"
    );
    assert!(text.contains(
        "vereint_http_requests_total{method=\"POST\",route=\"/api/v1/bookings\",status=\"201\"} 1"
    ));
    assert!(text.contains("vereint_reports_received_total 0"));

    let r = app.get("/api/v1/catalog", None).await;
    assert_eq!(r.status, 200);
    let etag = r.headers["etag"].to_str().unwrap().to_string();
    assert_eq!(r.json()["tools"].as_array().unwrap().len(), 1);
    let r = app
        .call(
            axum::http::Request::get("/api/v1/catalog")
                .header("if-none-match", &etag)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    let r = app
        .call(
            axum::http::Request::get("/api/v1/catalog")
                .header("if-none-match", "\"stale\"")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200);

    let doc = app.get("/api/v1/openapi.json", None).await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/catalog",
        "/api/v1/services",
        "/api/v1/bookings",
        "/api/v1/bookings/{id}",
        "/api/v1/admin/bookings",
        "/api/v1/admin/bookings/{id}/approve",
        "/api/v1/admin/bookings/{id}/reject",
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/calendar.ics",
        "/api/v1/events.ics",
        "/api/v1/calendar.ics",
        "/api/v1/events/{id}/registrations",
        "/api/v1/events/{id}/registrations/{rid}",
        "/api/v1/admin/events/{id}/registrations",
        "/api/v1/admin/enrollments",
        "/api/v1/instances",
        "/api/v1/instances/{id}/reports",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "NewBooking",
        "BookingCreated",
        "Booking",
        "Problem",
        "NewInstance",
        "PublicInstance",
    ] {
        assert!(schemas.contains_key(name), "{name}");
    }
    assert!(
        schemas["NewBooking"]["required"]
            .as_array()
            .unwrap()
            .contains(&json!("accept_code_of_conduct"))
    );

    let s = app.get("/api/v1/services", None).await.json();
    assert!(s["code_of_conduct"]["text"]["de"].is_string());
    let r = app.get("/api/v1/nothing-here", None).await;
    assert_eq!(
        (r.status.as_u16(), r.problem().as_str()),
        (404, "not-found")
    );
    let r = app.delete("/api/v1/events", None).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.problem(), "method-not-allowed");
}

async fn a_schema_3_database_migrates_and_keeps_its_reports(db: TestDb) {
    // schema 3: before the reports key of 0004 and, on SQLite, the trigger of 0005
    let setup = format!(
        "{}\n\
         INSERT INTO instances (id, organisation, contact_email, services, secret, status, created_at) VALUES ('inst_old', 'Chor Nord', 'it@chor.example', '[]', 'secret', 'ok', 0);\n\
         INSERT INTO reports (instance_id, timestamp_secs, signature, status, body, received_at) VALUES ('inst_old', 1700000000, 'sig-old', 'ok', '{{\"status\":\"ok\"}}', 1700000000000);",
        schema_before(&db.location, 4)
    );
    raw_sql(&db.location, &setup).await.unwrap();

    let store = Db::open(&db.location)
        .await
        .expect("migrating from version 3");
    let history = store.report_history("inst_old", 10).await.unwrap().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].status.as_deref(), history[0].body.as_str()),
        (Some("ok"), r#"{"status":"ok"}"#)
    );
    // replays are told by the key of 0004; the instance follows its newest report
    let report = |timestamp_secs: i64, signature: &str, status: &str| NewReport {
        instance_id: "inst_old".into(),
        timestamp_secs,
        signature: signature.into(),
        status: Some(status.into()),
        body: format!(r#"{{"status":"{status}"}}"#),
        received_at: timestamp_secs * 1000,
        observed_at: timestamp_secs * 1000,
        interval_secs: None,
    };
    let batch = [
        report(1_700_000_000, "sig-old", "critical"),
        report(1_700_000_060, "sig-new", "warning"),
        report(1_700_000_060, "sig-new", "warning"),
    ];
    let mut conn = store.report_conn().await.unwrap();
    assert_eq!(
        conn.insert_reports(&batch, &vereint::directory::notify::Notifier::default())
            .await
            .unwrap()
            .0,
        [false, true, false]
    );
    drop(conn);
    assert_eq!(store.report_count("inst_old").await.unwrap(), 2);
    let instances = store.instances().await.unwrap();
    assert_eq!(
        (instances[0].status.as_str(), instances[0].last_report_at),
        ("warning", Some(1_700_000_060_000))
    );
    // the report stored before 0006 counts at the time it was received
    let health = store.instance_health(1_700_000_060_000).await.unwrap();
    assert_eq!(health["inst_old"].first_report_at, Some(1_700_000_000_000));
    store.close().await;

    // the versions were recorded: opening again applies nothing twice
    let again = Db::open(&db.location)
        .await
        .expect("opening a migrated database");
    assert_eq!(again.report_count("inst_old").await.unwrap(), 2);
    again.close().await;
}

/// A used enrollment token hands the instance secret to a retry of the same registration only
/// within the retry window, and never once the token has expired.
async fn a_used_enrollment_token_gives_the_secret_only_briefly(db: TestDb) {
    use vereint::directory::db::{Enrolled, NewInstance, RETRY_WINDOW_MS};
    let store = Db::open(&db.location).await.unwrap();
    let now = 1_800_000_000_000;
    let day = 24 * 3600 * 1000;
    let instance = |id: &str| NewInstance {
        id: id.into(),
        organisation: "Kiezchor".into(),
        contact_email: "it@kiezchor.example".into(),
        services: "[]".into(),
        secret: format!("secret-of-{id}"),
        lang: "de".into(),
    };
    store
        .create_enrollment("long", None, now + day, now)
        .await
        .unwrap();
    assert_eq!(
        store
            .enroll("long", "req", &instance("in_a"), now)
            .await
            .unwrap(),
        Enrolled::Created
    );
    assert_eq!(
        store
            .enroll("long", "req", &instance("in_b"), now + RETRY_WINDOW_MS)
            .await
            .unwrap(),
        Enrolled::Existing {
            id: "in_a".into(),
            secret: "secret-of-in_a".into()
        }
    );
    assert_eq!(
        store
            .enroll("long", "req", &instance("in_c"), now + RETRY_WINDOW_MS + 1)
            .await
            .unwrap(),
        Enrolled::Used
    );
    assert_eq!(
        store
            .enroll("long", "other", &instance("in_d"), now + 1)
            .await
            .unwrap(),
        Enrolled::Used
    );

    store
        .create_enrollment("short", None, now + 1000, now)
        .await
        .unwrap();
    assert_eq!(
        store
            .enroll("short", "req", &instance("in_e"), now)
            .await
            .unwrap(),
        Enrolled::Created
    );
    assert_eq!(
        store
            .enroll("short", "req", &instance("in_f"), now + 1001)
            .await
            .unwrap(),
        Enrolled::Expired
    );
    store.close().await;
}

/// The VEVENTs of an iCalendar text, each as its properties (name without parameters -> value),
/// after checking the lines as RFC 5545 wants them: CRLF, at most 75 octets, folded with a space.
fn parse_ics(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    assert!(text.ends_with("\r\n"), "lines end with CRLF");
    for physical in text.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "line longer than 75 octets: {physical:?}"
        );
        assert!(!physical.contains('\n'), "bare LF in {physical:?}");
    }
    let unfolded = text.replace("\r\n ", "");
    let mut lines = unfolded.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("BEGIN:VCALENDAR"));
    let mut events = Vec::new();
    let mut current: Option<std::collections::BTreeMap<String, String>> = None;
    let mut ended = false;
    for line in lines {
        assert!(!ended, "content after END:VCALENDAR: {line}");
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("no colon: {line}"));
        let name = name.split(';').next().unwrap().to_string();
        match (name.as_str(), value) {
            ("BEGIN", "VEVENT") => {
                assert!(current.is_none(), "nested VEVENT");
                current = Some(Default::default());
            }
            ("END", "VEVENT") => events.push(current.take().expect("END without BEGIN")),
            ("END", "VCALENDAR") => ended = true,
            _ => {
                if let Some(event) = current.as_mut() {
                    assert!(
                        event.insert(name, value.to_string()).is_none(),
                        "repeated property"
                    );
                }
            }
        }
    }
    assert!(ended && current.is_none(), "the calendar is closed");
    events
}
