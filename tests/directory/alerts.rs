//! Alerts for instances, on SQLite and PostgreSQL, delivered for real: mail to a real SMTP server
//! (aiosmtpd), posts to `vereint sim mattermost`'s incoming webhook, and the signed generic
//! webhook to a loopback receiver that checks the HMAC. Critical for `alert_after` reports is one
//! alert on each channel; staying critical adds nothing; ok is one recovery naming the downtime;
//! silence for three intervals (the sweep, at a later time passed in) is an alert, a day later one
//! reminder; changing state five times within an hour is one flapping message.

use crate::support::directory as common;
use crate::support::{mmsim, smtp};

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use common::*;
use serde_json::{Value, json};
use smtp::{Mail, SmtpServer};
use vereint::directory::notify::alerts::sweep_once;

both!(alerts_reach_every_channel_once);

const WAIT: Duration = Duration::from_secs(30);
const WEBHOOK_SECRET: &str = "webhook-secret-for-the-alert-test";
const DAY_MS: i64 = 86_400_000;

/// What the loopback webhook receiver got: the body as JSON, whether its signature held, the
/// delivery id.
type Received = Arc<Mutex<Vec<(Value, bool, String)>>>;

async fn webhook_receiver() -> (String, Received) {
    let received: Received = Arc::default();
    let store = received.clone();
    let app = axum::Router::new().route(
        "/alerts",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let store = store.clone();
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string()
                };
                let ts: i64 = header("x-vereint-timestamp").parse().unwrap_or(0);
                let good = vereint::api::token::sign(WEBHOOK_SECRET, ts, &body)
                    == header("x-vereint-signature");
                let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                store
                    .lock()
                    .unwrap()
                    .push((value, good, header("x-vereint-delivery")));
                "thanks"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/alerts"), received)
}

async fn send_report(app: &App, id: &str, secret: &str, status: &str) {
    let body = json!({
        "report_id": new_key(),
        "status": status,
        "interval_secs": 60,
        "checks": [
            {"target": "https://bbb.nachbarschaftshaus.example", "check": "tls", "status": status,
             "detail": if status == "critical" { "certificate expired 2 days ago" } else { "certificate valid" }},
            {"target": "turn.nachbarschaftshaus.example:3478", "check": "turn", "status": "ok", "detail": "relay allocated"}
        ]
    });
    let body = serde_json::to_vec(&body).unwrap();
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

/// The topics of the outbox's messages about `instance`, per channel, in order.
async fn topics(app: &App, instance: &str, channel: &str) -> Vec<String> {
    app.state
        .db
        .messages_about(instance)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.notice.channel == channel)
        .map(|m| m.notice.topic)
        .collect()
}

/// Waits until every channel delivered `n` messages about `instance`.
async fn delivered(
    server: &SmtpServer,
    mm: &str,
    channel_id: &str,
    hooks: &Received,
    instance: &str,
    n: usize,
) -> (Vec<Mail>, Vec<String>, Vec<Value>) {
    let about = |m: &Mail| m.text().contains(instance);
    let mails = server
        .wait_for(WAIT, |m| m.iter().filter(|m| about(m)).count() >= n)
        .await;
    let mails: Vec<Mail> = mails.into_iter().filter(about).collect();
    let start = std::time::Instant::now();
    loop {
        let posts: Vec<String> = mmsim::posts(mm, channel_id)
            .await
            .into_iter()
            .map(|(m, _)| m)
            .filter(|m| m.contains(instance))
            .collect();
        let received: Vec<Value> = hooks
            .lock()
            .unwrap()
            .iter()
            .filter(|(v, _, _)| v["instance_id"] == instance)
            .map(|(v, _, _)| v.clone())
            .collect();
        if posts.len() >= n && received.len() >= n {
            assert_eq!(mails.len(), n, "mails about {instance}");
            assert_eq!(posts.len(), n, "posts about {instance}: {posts:#?}");
            assert_eq!(
                received.len(),
                n,
                "webhooks about {instance}: {received:#?}"
            );
            return (mails, posts, received);
        }
        assert!(
            start.elapsed() < WAIT,
            "posts {} and webhooks {} of {n} about {instance}",
            posts.len(),
            received.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn alerts_reach_every_channel_once(db: TestDb) {
    let Some(python) = smtp::python() else { return };
    let server = SmtpServer::start(&python);
    let (_sim, mm) = mmsim::start(&[]);
    let (channel_id, hook) = mmsim::hook(&mm).await;
    let (webhook_url, hooks) = webhook_receiver().await;
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("webhook-secret");
    std::fs::write(&secret_file, format!("{WEBHOOK_SECRET}\n")).unwrap();

    let mut options = options(&db);
    options.smtp = Some(smtp::settings(&server));
    options.notify.retry_first_secs = 1;
    options.notify.mattermost_webhook_url =
        Some(vereint::config::Secret(format!("{mm}/hooks/{hook}")));
    options.notify.webhook_url = Some(webhook_url);
    options.notify.webhook_secret_file = Some(secret_file);
    let app = app_with(options).await;
    let (id, secret) = enroll(&app).await;

    // one critical report is not yet an alert; the second is
    send_report(&app, &id, &secret, "critical").await;
    assert!(topics(&app, &id, "mail").await.is_empty());
    send_report(&app, &id, &secret, "critical").await;
    for channel in ["mail", "mattermost", "webhook"] {
        assert_eq!(
            topics(&app, &id, channel).await,
            ["instance_down"],
            "{channel}"
        );
    }
    let (mails, posts, received) = delivered(&server, &mm, &channel_id, &hooks, &id, 1).await;
    let mail = &mails[0];
    assert_eq!(mail.to(), "it@nachbarschaftshaus.example");
    assert_eq!(
        mail.subject(),
        "vereint: Nachbarschaftshaus Süd ist ausgefallen (https://bbb.nachbarschaftshaus.example)"
    );
    let text = mail.text();
    assert!(text.contains("die letzten 2 Berichte"), "{text}");
    assert!(
        text.contains(
            "- https://bbb.nachbarschaftshaus.example (tls): certificate expired 2 days ago"
        ),
        "{text}"
    );
    assert!(
        !text.contains("turn.nachbarschaftshaus"),
        "only critical checks: {text}"
    );
    assert!(
        posts[0].starts_with("**vereint: Nachbarschaftshaus Süd ist ausgefallen"),
        "{}",
        posts[0]
    );
    assert!(posts[0].contains("certificate expired 2 days ago"));
    assert_eq!(received[0]["event"], "down");
    assert_eq!(received[0]["reason"], "critical");
    assert_eq!(received[0]["organisation"], "Nachbarschaftshaus Süd");

    // staying critical: nothing more (the reports are committed with their messages)
    for _ in 0..3 {
        send_report(&app, &id, &secret, "critical").await;
    }
    assert_eq!(topics(&app, &id, "webhook").await, ["instance_down"]);

    // ok again: one recovery with the downtime
    send_report(&app, &id, &secret, "ok").await;
    send_report(&app, &id, &secret, "ok").await;
    let (mails, posts, received) = delivered(&server, &mm, &channel_id, &hooks, &id, 2).await;
    let recovery = mails
        .iter()
        .find(|m| m.subject().contains("läuft wieder"))
        .unwrap();
    assert!(
        recovery.subject().contains("(nach 0 Min. "),
        "{}",
        recovery.subject()
    );
    assert!(
        recovery.text().contains("Ausgefallen war es 0 Min. "),
        "{}",
        recovery.text()
    );
    assert!(posts[1].contains("läuft wieder"), "{}", posts[1]);
    assert_eq!(received[1]["event"], "recovered");
    assert!(received[1]["downtime_secs"].as_i64().unwrap() < 60);

    // silent for three intervals (60 s each): the sweep at that time finds it stale, once; a day
    // later it reminds once
    let now = vereint::directory::now_ms();
    sweep_once(&app.state, now + 150_000).await;
    assert_eq!(topics(&app, &id, "mail").await.len(), 2, "not stale yet");
    sweep_once(&app.state, now + 181_000).await;
    sweep_once(&app.state, now + 182_000).await;
    assert_eq!(
        topics(&app, &id, "mattermost").await,
        ["instance_down", "instance_recovered", "instance_down"]
    );
    sweep_once(&app.state, now + 181_000 + DAY_MS).await;
    sweep_once(&app.state, now + 182_000 + DAY_MS).await;
    assert_eq!(
        topics(&app, &id, "webhook").await,
        [
            "instance_down",
            "instance_recovered",
            "instance_down",
            "instance_reminder"
        ]
    );
    let (mails, _, received) = delivered(&server, &mm, &channel_id, &hooks, &id, 4).await;
    let stale = mails
        .iter()
        .find(|m| m.text().contains("kein Bericht mehr"))
        .unwrap();
    assert!(
        stale.subject().ends_with("(keine Berichte)"),
        "{}",
        stale.subject()
    );
    assert!(
        mails
            .iter()
            .any(|m| m.subject().contains("weiterhin ausgefallen (1 Tg. 0 Std.)"))
    );
    assert_eq!(received[2]["reason"], "stale");
    assert_eq!(received[3]["event"], "reminder");

    // another instance flaps: down, up, down, up, then the fifth change is told as flapping, and
    // nothing after that
    let (other, other_secret) = enroll(&app).await;
    for status in ["critical", "critical", "ok"].repeat(5) {
        send_report(&app, &other, &other_secret, status).await;
    }
    let expected = [
        "instance_down",
        "instance_recovered",
        "instance_down",
        "instance_recovered",
        "instance_flapping",
    ];
    for channel in ["mail", "mattermost", "webhook"] {
        assert_eq!(topics(&app, &other, channel).await, expected, "{channel}");
    }
    let (mails, posts, received) = delivered(&server, &mm, &channel_id, &hooks, &other, 5).await;
    let flapping: Vec<&Mail> = mails
        .iter()
        .filter(|m| m.subject().contains("wechselt ständig"))
        .collect();
    assert_eq!(flapping.len(), 1);
    assert!(
        flapping[0].text().contains("5-mal"),
        "{}",
        flapping[0].text()
    );
    assert_eq!(
        posts
            .iter()
            .filter(|p| p.contains("wechselt ständig"))
            .count(),
        1
    );
    assert_eq!(received[4]["event"], "flapping");

    // registered in English: the contact reads English, the operator's channels stay German
    let mut body = instance_body();
    body["lang"] = json!("en");
    let (english, english_secret) = enroll_with(&app, &body).await;
    send_report(&app, &english, &english_secret, "critical").await;
    send_report(&app, &english, &english_secret, "critical").await;
    let (mails, posts, _) = delivered(&server, &mm, &channel_id, &hooks, &english, 1).await;
    assert_eq!(
        mails[0].subject(),
        "vereint: Nachbarschaftshaus Süd is down (https://bbb.nachbarschaftshaus.example)"
    );
    let text = mails[0].text();
    assert!(
        text.starts_with("Hello,") && !text.contains("Bericht"),
        "{text}"
    );
    assert!(posts[0].contains("ist ausgefallen"), "{}", posts[0]);

    // every webhook was signed with the key from the file, each delivery once
    let all = hooks.lock().unwrap().clone();
    assert_eq!(all.len(), 10);
    assert!(
        all.iter().all(|(_, good, _)| *good),
        "a signature did not hold"
    );
    let ids: HashSet<&str> = all.iter().map(|(_, _, d)| d.as_str()).collect();
    assert_eq!(ids.len(), all.len());
    let mail_ids: HashSet<String> = server
        .mails()
        .iter()
        .map(|m| m.message_id().to_string())
        .collect();
    assert_eq!(mail_ids.len(), 10, "no mail twice");
    let failed = app.state.db.outbox(true).await.unwrap();
    assert!(failed.is_empty(), "{failed:?}");
}

/// The chat channels' answers: 2xx delivered; 408, 429, 5xx and no answer retried; other answers
/// (a redirect too) fail with the status and the start of the body, cleaned of control characters
/// and cut however long the body is; the Mattermost URL (its key) is in no error.
#[tokio::test]
async fn posts_judge_answers_and_keep_the_hook_key_secret() {
    use axum::http::StatusCode;
    use vereint::directory::notify::mail::Delivery;
    use vereint::directory::notify::posts::Poster;

    let app = axum::Router::new().route(
        "/hooks/{mode}",
        axum::routing::post(
            |axum::extract::Path(mode): axum::extract::Path<String>| async move {
                match mode.as_str() {
                    "ok" => (StatusCode::OK, "ok".to_string()),
                    "bad" => (
                        StatusCode::BAD_REQUEST,
                        format!("\x1b[31mno\r\n{}", "x".repeat(1 << 20)),
                    ),
                    "slow" => (StatusCode::TOO_MANY_REQUESTS, "later".into()),
                    "timeout" => (StatusCode::REQUEST_TIMEOUT, "".into()),
                    "down" => (StatusCode::SERVICE_UNAVAILABLE, "down".into()),
                    _ => (StatusCode::PERMANENT_REDIRECT, "".into()),
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let closed = smtp::free_port();

    let row = vereint::directory::db::Notice {
        id: "ms_1".into(),
        channel: "mattermost".into(),
        topic: "instance_down".into(),
        subject_id: None,
        recipient: "mattermost".into(),
        subject: "s".into(),
        body: "text".into(),
        calendar: None,
    };
    let send = |url: String| {
        let row = row.clone();
        async move {
            let settings = vereint::config::NotifySettings {
                mattermost_webhook_url: Some(vereint::config::Secret(url)),
                ..Default::default()
            };
            Poster::from_settings(&settings)
                .unwrap()
                .unwrap()
                .send(&row)
                .await
        }
    };
    assert_eq!(
        send(format!("http://{addr}/hooks/ok")).await,
        Delivery::Sent
    );
    match send(format!("http://{addr}/hooks/bad")).await {
        Delivery::Permanent(e) => {
            assert!(e.starts_with("HTTP 400: "), "{e}");
            assert!(e.len() < 600, "{}", e.len());
            assert!(!e.chars().any(char::is_control), "{e:?}");
        }
        other => panic!("{other:?}"),
    }
    for mode in ["slow", "timeout", "down"] {
        assert!(
            matches!(
                send(format!("http://{addr}/hooks/{mode}")).await,
                Delivery::Transient(_)
            ),
            "{mode}"
        );
    }
    assert!(matches!(
        send(format!("http://{addr}/hooks/elsewhere")).await,
        Delivery::Permanent(e) if e.starts_with("HTTP 308")
    ));
    match send(format!("http://127.0.0.1:{closed}/hooks/secret-key-123")).await {
        Delivery::Transient(e) => assert!(!e.contains("secret-key-123"), "{e}"),
        other => panic!("{other:?}"),
    }
}
