//! `GET /api/v1/instances/{id}/reports`, against SQLite and PostgreSQL: the latest reports, newest
//! first, with only their public part; limits checked; unknown instances are a 404; in the OpenAPI
//! document.

use crate::support::directory as common;

use common::*;
use serde_json::json;

both!(report_history_is_public_newest_first_and_limited);

async fn send_report(app: &App, id: &str, secret: &str, body: &serde_json::Value) {
    let body = serde_json::to_vec(body).unwrap();
    let ts = jiff::Timestamp::now().as_second();
    let sig = vereint::api::token::sign(secret, ts, &body);
    let r = app
        .post_raw(
            &format!("/api/v1/instances/{id}/reports"),
            None,
            &[
                ("x-vereint-timestamp", &ts.to_string()),
                ("x-vereint-signature", &sig),
            ],
            body,
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text());
}

fn report(n: u32, status: &str) -> serde_json::Value {
    json!({
        "report_id": format!("r{n}"),
        "status": status,
        "observed_at": "2026-11-28T09:00:00Z",
        "interval_secs": 60,
        "version": "test",
        "private_note": "only for the directory",
        "checks": [
            {"target": "10.0.0.7:3478", "check": "turn", "status": "ok", "latency_ms": 10.0 + f64::from(n),
             "detail": "relay allocated"},
            {"target": "https://chat.example", "check": "tls", "status": status, "latency_ms": 5.5,
             "detail": "certificate valid for 9 more days", "facts": {"cert_days": 9, "version": "10.5.1"}}
        ]
    })
}

async fn report_history_is_public_newest_first_and_limited(db: TestDb) {
    let app = app(&db).await;
    let (id, secret) = enroll(&app).await;
    let path = format!("/api/v1/instances/{id}/reports");

    // no reports yet: an empty history, not an error
    let r = app.get(&path, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["instance_id"], id.as_str());
    assert_eq!(r.json()["reports"], json!([]));

    for (n, status) in [(1, "ok"), (2, "warning"), (3, "critical")] {
        send_report(&app, &id, &secret, &report(n, status)).await;
        // received_at has millisecond resolution; keep the order unambiguous
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }

    let r = app.get(&path, None).await;
    assert_eq!(r.status, 200);
    let v = r.json();
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    let statuses: Vec<&str> = reports
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["critical", "warning", "ok"], "newest first");
    let newest = &reports[0];
    assert!(newest["received_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(newest["observed_at"], "2026-11-28T09:00:00Z");
    assert_eq!(newest["checks"][0]["check"], "turn");
    assert_eq!(newest["checks"][0]["latency_ms"], 13.0);
    assert_eq!(newest["checks"][1]["cert_days"], 9);
    assert_eq!(newest["checks"][1]["version"], "10.5.1");
    assert_eq!(
        newest["checks"][1]["detail"],
        "certificate valid for 9 more days"
    );
    let text = r.text();
    assert!(!text.contains("private_note"), "{text}");
    assert!(
        !text.contains("10.0.0.7"),
        "targets stay in the database: {text}"
    );

    let r = app.get(&format!("{path}?limit=2"), None).await;
    assert_eq!(r.json()["reports"].as_array().unwrap().len(), 2);
    assert_eq!(r.json()["reports"][1]["status"], "warning");

    // bad input is a validation problem naming the field, never a 500
    for (bad, field) in [
        ("0", "limit"),
        ("201", "limit"),
        ("-1", "limit"),
        ("many", "query"),
    ] {
        let r = app.get(&format!("{path}?limit={bad}"), None).await;
        assert_eq!(r.status, 422, "limit={bad}: {}", r.text());
        assert_eq!(r.problem(), "validation");
        assert_eq!(r.json()["errors"][0]["field"], field, "{}", r.text());
    }
    let r = app.get(&format!("{path}?other=1"), None).await;
    assert_eq!(r.status, 422, "unknown parameters are refused");

    let r = app.get("/api/v1/instances/in_nope/reports", None).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.problem(), "not-found");

    // posting reports still works on the same path
    send_report(&app, &id, &secret, &report(4, "ok")).await;
    let r = app.get(&format!("{path}?limit=1"), None).await;
    assert_eq!(r.json()["reports"][0]["status"], "ok");

    let doc = app.get("/api/v1/openapi.json", None).await.json();
    let op = &doc["paths"]["/api/v1/instances/{id}/reports"];
    assert!(
        op["post"].is_object(),
        "the report upload is still documented"
    );
    assert!(op["get"].is_object(), "the history is documented");
    assert!(doc["components"]["schemas"]["ReportHistory"].is_object());
    assert!(doc["components"]["schemas"]["HistoryCheck"].is_object());
}
