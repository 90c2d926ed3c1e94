//! Mail from the directory to a real SMTP server (aiosmtpd, STARTTLS on a generated certificate,
//! AUTH), on SQLite and PostgreSQL: every change that tells someone (booking received, operator's
//! request, approved, rejected, cancelled; registration confirmed, waitlisted, moved up, cancelled)
//! delivers one mail in the person's language with the contract headers, and nothing twice. Faults:
//! 451 then 250, 550 for one recipient, the server down and then up. Many recipients at once
//! share a few kept connections.

use crate::support::directory as common;
use crate::support::smtp;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};
use smtp::{Mail, SmtpServer};
use vereint::config::SmtpSettings;
use vereint::directory::db::{NewMessage, Notice, Outcome, schema_before};
use vereint::directory::notify::smtp::DEFAULT_CONNECTIONS;
use vereint::integrations::bbb::client::Client as BbbClient;
use vereint::integrations::bbb::{Algorithm, Api, Secret};

both!(
    every_change_mails_the_right_person_once,
    a_batch_is_recorded_as_each_message_ended_and_the_hourly_cap_holds,
    migration_0010_keeps_a_claim_until_its_lease_ends
);

const BBB_SECRET: &str = "mail-story-secret";
const WAIT: Duration = Duration::from_secs(30);
const EVENT_WITH_ADDRESS: &str = "social-media-fuer-vereine";

async fn bbb() -> BbbClient {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, vereint::sim::bbb::router(BBB_SECRET.into()))
            .await
            .unwrap();
    });
    BbbClient::new(Api::new(
        &format!("http://{addr}/bigbluebutton/api/"),
        Secret::new(BBB_SECRET),
        Algorithm::Sha1,
    ))
    .unwrap()
}

async fn mail_app(db: &TestDb, server: &SmtpServer, operators: &[&str]) -> App {
    mail_app_with(db, smtp::settings(server), operators).await
}

async fn mail_app_with(db: &TestDb, settings: SmtpSettings, operators: &[&str]) -> App {
    let mut options = options(db);
    options.bbb = Some(bbb().await);
    options.public_url = Some("https://verzeichnis.example".into());
    options.smtp = Some(settings);
    options.notify.operator_emails = operators.iter().map(|s| s.to_string()).collect();
    options.notify.retry_first_secs = 1;
    app_with(options).await
}

async fn book(app: &App, body: &Value) -> (String, String) {
    let r = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            body,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    (
        v["id"].as_str().unwrap().into(),
        v["owner_token"].as_str().unwrap().into(),
    )
}

async fn register(app: &App, event: &str, body: &Value) -> Value {
    let r = app
        .post(
            &format!("/api/v1/events/{event}/registrations"),
            None,
            &[],
            body,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

/// Waits until the pending messages of `app` satisfy `done`; `what` says what was waited for.
async fn wait_for_outbox(
    app: &App,
    what: &str,
    done: impl Fn(&[vereint::directory::db::OutboxRow]) -> bool,
) -> Vec<vereint::directory::db::OutboxRow> {
    let start = std::time::Instant::now();
    loop {
        let pending = app.state.db.outbox(false).await.unwrap();
        if done(&pending) {
            return pending;
        }
        assert!(start.elapsed() < WAIT, "{what}: {pending:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn about<'a>(mails: &'a [Mail], to: &str, subject_part: &str) -> Vec<&'a Mail> {
    mails
        .iter()
        .filter(|m| m.to() == to && m.subject().contains(subject_part))
        .collect()
}

fn one<'a>(mails: &'a [Mail], to: &str, subject_part: &str) -> &'a Mail {
    let found = about(mails, to, subject_part);
    assert_eq!(
        found.len(),
        1,
        "expected one mail to {to} about {subject_part:?}, got {}",
        found.len()
    );
    found[0]
}

/// The VEVENT of a mail's calendar part: exactly one, with the registration's stable UID.
fn vevent(mail: &Mail) -> Vec<(String, String)> {
    let part = mail.calendar().expect("an iCalendar attachment");
    assert_eq!(part["method"], "PUBLISH");
    assert_eq!(part["disposition"], "attachment");
    let lines = smtp::ics_lines(part["text"].as_str().unwrap());
    assert_eq!(
        lines.first().unwrap(),
        &("BEGIN".into(), "VCALENDAR".into())
    );
    let begins = lines
        .iter()
        .filter(|(k, v)| k == "BEGIN" && v == "VEVENT")
        .count();
    assert_eq!(begins, 1, "{lines:?}");
    lines
}

fn field<'a>(lines: &'a [(String, String)], name: &str) -> &'a str {
    lines
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{name} missing in {lines:?}"))
}

async fn every_change_mails_the_right_person_once(db: TestDb) {
    let Some(python) = smtp::python() else { return };
    let server = SmtpServer::start(&python);
    let app = mail_app(&db, &server, &["ops@verzeichnis.example"]).await;

    // a booking in English: the club is told what happens next, the operator how to approve
    let mut body = booking_body();
    body["lang"] = json!("en");
    body["email"] = json!("club-en@kiezchor.example");
    let (room_id, room_owner) = book(&app, &body).await;
    let mails = server
        .wait_for(WAIT, |m| {
            !about(m, "club-en@kiezchor.example", "Booking received").is_empty()
                && !about(m, "ops@verzeichnis.example", &room_id).is_empty()
        })
        .await;
    let received = one(&mails, "club-en@kiezchor.example", "Booking received");
    assert!(
        received.text().contains("What happens next"),
        "{}",
        received.text()
    );
    assert!(received.text().contains(&room_id));
    let operator = one(&mails, "ops@verzeichnis.example", "Neue Buchungsanfrage");
    assert!(operator.subject().contains(&room_id));
    assert!(
        operator
            .text()
            .contains(&format!("vereint directory admin approve {room_id}")),
        "{}",
        operator.text()
    );

    // approval: the link and both codes as the API returns them, and an invitation to forward
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{room_id}/approve"),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let links = r.json()["links"].clone();
    let room_url = links["room_url"].as_str().unwrap().to_string();
    let viewer = links["viewer_code"].as_str().unwrap().to_string();
    let moderator = links["moderator_code"].as_str().unwrap().to_string();
    let mails = server
        .wait_for(WAIT, |m| {
            !about(m, "club-en@kiezchor.example", "Approved").is_empty()
        })
        .await;
    let approved = one(&mails, "club-en@kiezchor.example", "Approved");
    let text = approved.text();
    for part in [&room_url, &viewer, &moderator] {
        assert!(text.contains(part.as_str()), "{part} missing in {text}");
    }
    assert!(text.contains("How to join"), "{text}");
    assert!(text.contains(&format!("Access code: {viewer}")), "{text}");
    let html = approved.html().expect("an HTML alternative");
    assert!(html.contains(&format!("<a href=\"{room_url}\">")), "{html}");

    // a booking in German (the default), rejected with a reason; another one cancelled
    let mut body = booking_body();
    body["email"] = json!("club-de@kiezchor.example");
    let (rejected_id, _) = book(&app, &body).await;
    let r = app
        .post(
            &format!("/api/v1/admin/bookings/{rejected_id}/reject"),
            Some(ADMIN),
            &[],
            &json!({"reason": "Bitte den Zweck genauer beschreiben."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = app
        .delete(&format!("/api/v1/bookings/{room_id}"), Some(&room_owner))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let mails = server
        .wait_for(WAIT, |m| {
            !about(m, "club-de@kiezchor.example", "Abgelehnt").is_empty()
                && !about(m, "club-en@kiezchor.example", "Cancelled").is_empty()
        })
        .await;
    let rejected = one(&mails, "club-de@kiezchor.example", "Abgelehnt");
    assert!(
        rejected
            .text()
            .contains("Begründung: Bitte den Zweck genauer beschreiben.")
    );
    assert!(
        rejected.text().starts_with("Hallo Ada Beispiel,"),
        "{}",
        rejected.text()
    );
    one(&mails, "club-de@kiezchor.example", "Buchung eingegangen");

    // a registration: date and time in Berlin, the address only registered people get, the date
    // attached as iCalendar
    let reg = register(
        &app,
        EVENT_WITH_ADDRESS,
        &json!({"name": "Bea", "email": "bea@example.org", "organisation": "Kiezchor", "lang": "en"}),
    )
    .await;
    assert_eq!(reg["status"], "confirmed");
    let reg_id = reg["id"].as_str().unwrap().to_string();
    let mails = server
        .wait_for(WAIT, |m| {
            !about(m, "bea@example.org", "Registration confirmed").is_empty()
        })
        .await;
    let confirmed = one(&mails, "bea@example.org", "Registration confirmed");
    let text = confirmed.text();
    assert!(text.contains("18:00–20:00 (Berlin time)"), "{text}");
    assert!(text.contains("Urbanstraße 21, 10961 Berlin"), "{text}");
    assert!(
        text.contains(&format!("vereint events unregister {reg_id}")),
        "{text}"
    );
    let ev = vevent(confirmed);
    assert_eq!(field(&ev, "UID"), format!("{reg_id}@vereint"));
    assert!(field(&ev, "DTSTART").ends_with("T170000Z"), "{ev:?}");
    assert!(field(&ev, "LOCATION").contains("Urbanstraße 21"), "{ev:?}");
    // the public feed does not give the address away
    let feed = app
        .get(
            &format!("/api/v1/events/{EVENT_WITH_ADDRESS}/calendar.ics"),
            None,
        )
        .await;
    assert!(!feed.text().contains("Urbanstraße"), "{}", feed.text());

    // the small event (two places): the third one waits, and moves up when the first cancels
    let mut tokens = Vec::new();
    for name in ["Cem", "Dana", "Emil"] {
        let email = format!("{}@example.org", name.to_lowercase());
        let reg = register(
            &app,
            SMALL_EVENT,
            &json!({"name": name, "email": email, "organisation": "Sportverein Nord"}),
        )
        .await;
        tokens.push((
            reg["id"].as_str().unwrap().to_string(),
            reg["cancel_token"].as_str().unwrap().to_string(),
            reg["status"].as_str().unwrap().to_string(),
        ));
    }
    assert_eq!(tokens[2].2, "waitlisted");
    let emil = tokens[2].0.clone();
    let r = app
        .delete(
            &format!("/api/v1/events/{SMALL_EVENT}/registrations/{}", tokens[0].0),
            Some(&tokens[0].1),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let mails = server
        .wait_for(WAIT, |m| {
            !about(m, "cem@example.org", "Abgesagt").is_empty()
                && !about(m, "emil@example.org", "Platz frei").is_empty()
                && !about(m, "emil@example.org", "Warteliste").is_empty()
                && !about(m, "dana@example.org", "Anmeldung bestätigt").is_empty()
        })
        .await;
    one(&mails, "emil@example.org", "Warteliste");
    one(&mails, "dana@example.org", "Anmeldung bestätigt");
    let moved = one(&mails, "emil@example.org", "Platz frei");
    assert!(
        moved.text().contains("Warteliste nachgerückt"),
        "{}",
        moved.text()
    );
    assert_eq!(field(&vevent(moved), "UID"), format!("{emil}@vereint"));

    // every mail: the contract headers, STARTTLS-only server, no Message-ID twice, no secret
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails = server.mails();
    assert_eq!(
        mails.len(),
        13,
        "{:#?}",
        mails
            .iter()
            .map(|m| (m.to(), m.subject()))
            .collect::<Vec<_>>()
    );
    let mut ids = HashSet::new();
    for m in &mails {
        for h in ["From", "To", "Subject", "Date", "Message-ID"] {
            assert!(m.header(h).is_some(), "{h} missing in {}", m.raw);
        }
        assert!(
            m.header("From")
                .unwrap()
                .contains("noreply@verzeichnis.example")
        );
        assert!(
            m.message_id().ends_with("@verzeichnis.example>"),
            "{}",
            m.message_id()
        );
        assert!(
            ids.insert(m.message_id().to_string()),
            "{} twice",
            m.message_id()
        );
        assert!(!m.raw.contains(&room_owner), "an owner token in {}", m.raw);
        for (_, token, _) in &tokens {
            assert!(
                !m.raw.contains(token.as_str()),
                "a cancel token in {}",
                m.raw
            );
        }
        assert!(!m.raw.contains(smtp::PASSWORD));
    }
    // what is left in the outbox: one reminder for each registration still confirmed, due the day
    // before; the cancelled one's reminder was dropped with the cancellation
    let left = app.state.db.outbox(false).await.unwrap();
    let mut reminded: Vec<&str> = left
        .iter()
        .map(|m| {
            assert_eq!(m.notice.topic, "registration_reminder", "{m:?}");
            m.notice.recipient.as_str()
        })
        .collect();
    reminded.sort();
    assert_eq!(
        reminded,
        ["bea@example.org", "dana@example.org", "emil@example.org"]
    );
    let bea = left
        .iter()
        .find(|m| m.notice.recipient == "bea@example.org")
        .unwrap();
    let start = field(&ev, "DTSTART");
    let start: jiff::Timestamp = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &start[0..4],
        &start[4..6],
        &start[6..8],
        &start[9..11],
        &start[11..13],
        &start[13..15]
    )
    .parse()
    .unwrap();
    assert_eq!(bea.next_at, start.as_millisecond() - 24 * 3600 * 1000);
    assert!(
        bea.notice.subject.starts_with("Reminder"),
        "{}",
        bea.notice.subject
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_451_is_retried_and_a_550_fails_only_its_recipient() {
    let Some(python) = smtp::python() else { return };
    let server = SmtpServer::start(&python);
    let db = sqlite();
    let app = mail_app(
        &db,
        &server,
        &["ops@verzeichnis.example", "gone@verzeichnis.example"],
    )
    .await;

    server.set_mode("451");
    let (id, _) = book(&app, &booking_body()).await;
    // the 451 is recorded with the server's answer, and nothing is delivered
    let start = std::time::Instant::now();
    loop {
        let pending = app.state.db.outbox(false).await.unwrap();
        if pending.len() == 3
            && pending
                .iter()
                .all(|m| m.last_error.as_deref().is_some_and(|e| e.contains("451")))
        {
            break;
        }
        assert!(start.elapsed() < WAIT, "no 451 recorded: {pending:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(server.mails().is_empty());

    // then 250 for two, 550 for the third: the two arrive once each, the third is failed
    server.set_mode("550 gone@verzeichnis.example");
    let mails = server.wait_for(WAIT, |m| m.len() >= 2).await;
    let start = std::time::Instant::now();
    let failed = loop {
        let failed = app.state.db.outbox(true).await.unwrap();
        if !failed.is_empty() {
            break failed;
        }
        assert!(start.elapsed() < WAIT, "the 550 was not recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].notice.recipient, "gone@verzeichnis.example");
    let answer = failed[0].last_error.as_deref().unwrap();
    assert!(
        answer.contains("550") && answer.contains("mailbox unavailable"),
        "{answer}"
    );
    assert!(failed[0].attempts >= 2);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails_after = server.mails();
    assert_eq!(mails_after.len(), 2, "{mails:?}");
    let to: HashSet<&str> = mails_after.iter().map(|m| m.to()).collect();
    assert!(to.contains("vorstand@kiezchor.example") && to.contains("ops@verzeichnis.example"));
    assert!(mails_after.iter().any(|m| m.subject().contains(&id)));

    // the operator sees it with the server's answer, and puts it back; with the mailbox back it
    // goes out
    let listed = app
        .get("/api/v1/admin/outbox?failed=true", Some(ADMIN))
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    let listed = listed.json();
    assert_eq!(listed["mail_enabled"], true);
    assert_eq!(
        listed["messages"][0]["recipient"],
        "gone@verzeichnis.example"
    );
    assert_eq!(listed["messages"][0]["status"], "failed");
    assert!(
        listed["messages"][0]["last_error"]
            .as_str()
            .unwrap()
            .contains("550")
    );
    assert_eq!(
        app.get("/api/v1/admin/outbox", None).await.status,
        401,
        "the outbox is the admin's"
    );
    server.set_mode("");
    let r = app
        .post(
            &format!("/api/v1/admin/outbox/{}/retry", failed[0].notice.id),
            Some(ADMIN),
            &[],
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "pending");
    let mails = server.wait_for(WAIT, |m| m.len() == 3).await;
    assert_eq!(mails[2].to(), "gone@verzeichnis.example");
    // the server has the mail before the outbox hears its answer
    wait_for_outbox(&app, "the delivered mail is still pending", |p| {
        p.is_empty()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_nothing_is_queued_and_the_outbox_says_so() {
    let db = sqlite();
    let app = app(&db).await;
    let (id, _) = book(&app, &booking_body()).await;
    assert!(app.state.db.messages_about(&id).await.unwrap().is_empty());
    let listed = app.get("/api/v1/admin/outbox", Some(ADMIN)).await.json();
    assert_eq!(listed["mail_enabled"], false);
    assert_eq!(listed["messages"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_cannot_mail_bomb_an_address() {
    let Some(python) = smtp::python() else { return };
    let server = SmtpServer::start(&python);
    let db = sqlite();
    let app = mail_app(&db, &server, &[]).await;
    let mut body = booking_body();
    body["email"] = json!("victim@example.net");
    for _ in 0..15 {
        book(&app, &body).await;
    }
    let mails = server.wait_for(WAIT, |m| m.len() >= 10).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(server.mails().len(), 10, "{}", mails.len());
}

/// A batch to many recipients goes out side by side over a few connections that are kept: each
/// new one costs a TLS handshake and a login on both sides. `directory.smtp.connections` bounds
/// them (a provider may allow one client a single connection).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_recipients_share_a_few_kept_connections() {
    let Some(python) = smtp::python() else { return };
    for (setting, bound) in [(None, DEFAULT_CONNECTIONS), (Some(1), 1)] {
        let server = SmtpServer::start(&python);
        let db = sqlite();
        let settings = SmtpSettings {
            connections: setting,
            ..smtp::settings(&server)
        };
        let app = mail_app_with(&db, settings, &[]).await;
        let mut body = booking_body();
        for n in 0..40 {
            body["email"] = json!(format!("club-{n}@example.org"));
            book(&app, &body).await;
        }
        let mails = server.wait_for(WAIT, |m| m.len() >= 40).await;
        let recipients: HashSet<&str> = mails.iter().map(|m| m.to()).collect();
        assert_eq!(recipients.len(), 40);
        let sessions = server.sessions();
        assert!(
            (1..=bound).contains(&sessions),
            "{sessions} SMTP sessions for 40 mails, connections = {setting:?}"
        );
    }
}

/// `smtps://`: TLS from the first byte, the certificate checked against `ca_file`; without it
/// the server's certificate is not trusted and nothing is sent in the clear instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtps_speaks_tls_from_the_first_byte_and_checks_the_certificate() {
    let Some(python) = smtp::python() else { return };
    let server = SmtpServer::start_implicit(&python);
    let db = sqlite();
    let app = mail_app(&db, &server, &[]).await;
    let (id, _) = book(&app, &booking_body()).await;
    let mails = server.wait_for(WAIT, |m| !m.is_empty()).await;
    assert!(mails[0].subject().contains(&id), "{}", mails[0].subject());

    let db = sqlite();
    let settings = SmtpSettings {
        ca_file: None,
        ..smtp::settings(&server)
    };
    let untrusting = mail_app_with(&db, settings, &[]).await;
    book(&untrusting, &booking_body()).await;
    let pending = wait_for_outbox(&untrusting, "no attempt", |p| {
        p.first().is_some_and(|m| m.last_error.is_some())
    })
    .await;
    let error = pending[0].last_error.as_deref().unwrap();
    assert!(error.contains("certificate"), "{error}");
    assert_eq!(server.mails().len(), 1);
}

/// A kept connection the server has since closed is noticed (NOOP) and replaced, and the mail
/// goes out on the new one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_connection_the_server_closed_is_replaced() {
    let Some(python) = smtp::python() else { return };
    let mut server = SmtpServer::start(&python);
    let db = sqlite();
    let app = mail_app(&db, &server, &[]).await;
    book(&app, &booking_body()).await;
    server.wait_for(WAIT, |m| !m.is_empty()).await;
    server.down();
    server.up();
    let (id, _) = book(&app, &booking_body()).await;
    // the restarted server counts its mails and sessions from 1 again
    server
        .wait_for(WAIT, |m| m.iter().any(|m| m.subject().contains(&id)))
        .await;
    assert_eq!(server.sessions(), 1, "one new session after the restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_while_the_server_is_down_and_goes_out_when_it_is_back() {
    let Some(python) = smtp::python() else { return };
    let mut server = SmtpServer::start(&python);
    server.down();
    let db = sqlite();
    let app = mail_app(&db, &server, &[]).await;
    let (id, _) = book(&app, &booking_body()).await;
    wait_for_outbox(&app, "no retries while down", |p| {
        p.first().is_some_and(|m| m.attempts >= 2)
    })
    .await;
    server.up();
    let mails = server.wait_for(WAIT, |m| !m.is_empty()).await;
    assert!(mails[0].subject().contains(&id));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(server.mails().len(), 1);
}

/// The outbox's own statements on each backend: the cap folded into the insert, a batch's
/// outcomes recorded with one statement per kind together with the next claim, and a claim that
/// nobody records due again when its lease ends.
async fn a_batch_is_recorded_as_each_message_ended_and_the_hourly_cap_holds(db: TestDb) {
    let app = app(&db).await;
    let db = &app.state.db;
    let now = 1_800_000_000_000;
    let message = |id: &str, to: &str, hourly_cap| NewMessage {
        notice: Notice {
            id: id.into(),
            channel: "mail".into(),
            topic: "test".into(),
            subject_id: Some("bk_test".into()),
            recipient: to.into(),
            subject: "Betreff".into(),
            body: "Text".into(),
            calendar: None,
        },
        hourly_cap,
        not_before: 0,
    };
    db.enqueue(
        &[
            message("ms1", "a@example.org", None),
            message("ms2", "b@example.org", None),
            message("ms3", "c@example.org", None),
            message("ms4", "d@example.org", Some(1)),
            message("ms5", "d@example.org", Some(1)),
            message("ms6", "ops@example.org", None),
        ],
        now,
    )
    .await
    .unwrap();
    let mut claimed: Vec<String> = db
        .record_and_claim(&[], now, 60_000, 32)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.notice.id)
        .collect();
    claimed.sort();
    assert_eq!(
        claimed,
        ["ms1", "ms2", "ms3", "ms4", "ms6"],
        "ms5 is over d's cap"
    );
    let retry = |next_at, error: &str| Outcome::Retry {
        next_at,
        error: error.into(),
    };
    // recorded, and the next claim made, in one call: nothing is due yet
    let next = db
        .record_and_claim(
            &[
                ("ms1".into(), Outcome::Sent),
                ("ms2".into(), retry(now + 10_000, "451 later")),
                (
                    "ms3".into(),
                    Outcome::Failed {
                        error: "550 no such user".into(),
                    },
                ),
                ("ms4".into(), retry(now + 20_000, "421 busy")),
                ("ms6".into(), Outcome::Sent),
            ],
            now + 5,
            60_000,
            32,
        )
        .await
        .unwrap();
    assert!(next.is_empty(), "{next:?}");
    let rows = db.messages_about("bk_test").await.unwrap();
    let row = |id: &str| rows.iter().find(|m| m.notice.id == id).unwrap();
    for id in ["ms1", "ms6"] {
        assert_eq!(row(id).status, "sent");
        assert_eq!(row(id).sent_at, Some(now + 5));
    }
    assert_eq!(
        (row("ms2").status.as_str(), row("ms2").next_at),
        ("pending", now + 10_000)
    );
    assert_eq!(row("ms2").last_error.as_deref(), Some("451 later"));
    assert_eq!(row("ms4").next_at, now + 20_000);
    assert_eq!(row("ms4").last_error.as_deref(), Some("421 busy"));
    assert_eq!(row("ms3").status, "failed");
    assert_eq!(row("ms3").last_error.as_deref(), Some("550 no such user"));
    assert!(rows.iter().all(|m| m.notice.id != "ms5"));
    // released: due again at their new times, not before
    assert!(
        db.record_and_claim(&[], now + 9_999, 60_000, 32)
            .await
            .unwrap()
            .is_empty()
    );
    let again = db
        .record_and_claim(&[], now + 10_000, 60_000, 32)
        .await
        .unwrap();
    assert_eq!(
        again
            .iter()
            .map(|m| (m.notice.id.as_str(), m.attempts))
            .collect::<Vec<_>>(),
        [("ms2", 2)]
    );
    // a claim nobody records (its process died) is due again when its lease ends, not before
    assert_eq!(db.next_message_due().await.unwrap(), Some(now + 20_000));
    let lease_end = now + 10_000 + 60_000;
    let ids = |rows: Vec<vereint::directory::db::OutboxRow>| {
        rows.into_iter().map(|m| m.notice.id).collect::<Vec<_>>()
    };
    let claim = |at| db.record_and_claim(&[], at, 60_000, 32);
    assert_eq!(ids(claim(now + 20_000).await.unwrap()), ["ms4"]);
    assert!(claim(lease_end - 1).await.unwrap().is_empty());
    assert_eq!(ids(claim(lease_end).await.unwrap()), ["ms2"]);
}

/// A message claimed when the server stopped (its lease in claimed_until) is due again when the
/// lease ends, not at once; one waiting for its retry keeps its time.
async fn migration_0010_keeps_a_claim_until_its_lease_ends(db: TestDb) {
    let now = 1_800_000_000_000_i64;
    raw_sql(&db.location, &schema_before(&db.location, 10))
        .await
        .unwrap();
    raw_sql(
        &db.location,
        &format!(
            "INSERT INTO outbox (id, channel, topic, recipient, subject, body, status, attempts, next_at, claimed_until, created_at) VALUES \
             ('ms_claimed', 'mail', 't', 'a@example.org', 's', 'b', 'pending', 1, {now}, {}, {now}), \
             ('ms_waiting', 'mail', 't', 'b@example.org', 's', 'b', 'pending', 1, {}, 0, {now});",
            now + 60_000,
            now + 30_000
        ),
    )
    .await
    .unwrap();
    let store = vereint::directory::db::Db::open(&db.location)
        .await
        .expect("migrating to 0010");
    let claim = |at| store.record_and_claim(&[], at, 60_000, 32);
    let ids = |rows: Vec<vereint::directory::db::OutboxRow>| {
        rows.into_iter().map(|m| m.notice.id).collect::<Vec<_>>()
    };
    assert!(claim(now + 29_999).await.unwrap().is_empty());
    assert_eq!(ids(claim(now + 30_000).await.unwrap()), ["ms_waiting"]);
    assert!(claim(now + 59_999).await.unwrap().is_empty());
    assert_eq!(ids(claim(now + 60_000).await.unwrap()), ["ms_claimed"]);
}
