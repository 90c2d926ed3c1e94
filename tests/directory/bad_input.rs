//! Bad input, as a table: every row gets the right 4xx problem, and afterwards the data is exactly
//! as it was. Text that merely looks like SQL or HTML is data: stored and returned verbatim.

use crate::support::directory as common;

use common::*;
use serde_json::{Value, json};

both!(
    bad_input_is_refused_and_changes_nothing,
    sql_and_html_are_just_text
);

struct Case {
    what: &'static str,
    path: String,
    token: Option<String>,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    content_type: &'static str,
    status: u16,
    problem: &'static str,
}

fn case(what: &'static str, path: &str, body: Value, status: u16, problem: &'static str) -> Case {
    Case {
        what,
        path: path.into(),
        token: None,
        headers: vec![("idempotency-key", new_key())],
        body: serde_json::to_vec(&body).unwrap(),
        content_type: "application/json",
        status,
        problem,
    }
}

fn with(mut b: Value, key: &str, value: Value) -> Value {
    b[key] = value;
    b
}

fn without(mut b: Value, key: &str) -> Value {
    b.as_object_mut().unwrap().remove(key);
    b
}

async fn snapshot(app: &App, booking: &(String, String)) -> Value {
    json!({
        "bookings": app.get("/api/v1/admin/bookings", Some(ADMIN)).await.json(),
        "one": app.get(&format!("/api/v1/bookings/{}", booking.0), Some(&booking.1)).await.json(),
        "registrations": app.get(&format!("/api/v1/admin/events/{SMALL_EVENT}/registrations"), Some(ADMIN)).await.json(),
        "instances": app.get("/api/v1/instances", None).await.json(),
    })
}

async fn bad_input_is_refused_and_changes_nothing(db: TestDb) {
    let app = app(&db).await;
    // something to protect: a booking, a registration, an instance with a report
    let c = app
        .post(
            "/api/v1/bookings",
            None,
            &[("idempotency-key", &new_key())],
            &booking_body(),
        )
        .await
        .json();
    let booking = (
        c["id"].as_str().unwrap().to_string(),
        c["owner_token"].as_str().unwrap().to_string(),
    );
    let reg = app
        .post(
            &format!("/api/v1/events/{SMALL_EVENT}/registrations"),
            None,
            &[],
            &registration_body("Anna"),
        )
        .await
        .json();
    let enr = app
        .post("/api/v1/admin/enrollments", Some(ADMIN), &[], &json!({}))
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let inst = app
        .post("/api/v1/instances", Some(&enr), &[], &instance_body())
        .await
        .json();
    let (iid, secret) = (
        inst["id"].as_str().unwrap().to_string(),
        inst["secret"].as_str().unwrap().to_string(),
    );
    let now = jiff::Timestamp::now().as_second();
    let report = br#"{"status":"ok"}"#.to_vec();
    let sig = vereint::api::token::sign(&secret, now, &report);
    let reports = format!("/api/v1/instances/{iid}/reports");
    let r = app
        .post_raw(
            &reports,
            None,
            &[
                ("x-vereint-timestamp", &now.to_string()),
                ("x-vereint-signature", &sig),
            ],
            report.clone(),
        )
        .await;
    assert_eq!(r.status, 202);
    let before = snapshot(&app, &booking).await;

    let b = booking_body();
    let bookings = "/api/v1/bookings";
    let regs = format!("/api/v1/events/{SMALL_EVENT}/registrations");
    let long = "x".repeat(201);
    let mut cases = vec![
        case(
            "wrong type",
            bookings,
            with(b.clone(), "expected_participants", json!("twelve")),
            422,
            "validation",
        ),
        case(
            "negative number",
            bookings,
            with(b.clone(), "expected_participants", json!(-3)),
            422,
            "validation",
        ),
        case(
            "zero participants",
            bookings,
            with(b.clone(), "expected_participants", json!(0)),
            422,
            "validation",
        ),
        case(
            "huge number",
            bookings,
            with(b.clone(), "expected_participants", json!(1e12)),
            422,
            "validation",
        ),
        case(
            "unknown kind",
            bookings,
            with(b.clone(), "kind", json!("zoom")),
            422,
            "validation",
        ),
        case(
            "unknown field",
            bookings,
            with(b.clone(), "is_admin", json!(true)),
            422,
            "validation",
        ),
        case(
            "missing field",
            bookings,
            without(b.clone(), "email"),
            422,
            "validation",
        ),
        case(
            "null field",
            bookings,
            with(b.clone(), "name", Value::Null),
            422,
            "validation",
        ),
        case(
            "invalid e-mail",
            bookings,
            with(b.clone(), "email", json!("not-an-address")),
            422,
            "validation",
        ),
        case(
            "e-mail with newline",
            bookings,
            with(b.clone(), "email", json!("a@b.de\nBcc: x@y.de")),
            422,
            "validation",
        ),
        case(
            "overlong string",
            bookings,
            with(b.clone(), "organisation", json!(long)),
            422,
            "validation",
        ),
        case(
            "empty string",
            bookings,
            with(b.clone(), "contact_name", json!("   ")),
            422,
            "validation",
        ),
        case(
            "control characters",
            bookings,
            with(b.clone(), "name", json!("Raum\u{1b}[31m")),
            422,
            "validation",
        ),
        case(
            "NUL byte",
            bookings,
            with(b.clone(), "organisation", json!("Verein\u{0}")),
            422,
            "validation",
        ),
        case(
            "direction override in a name",
            bookings,
            with(b.clone(), "organisation", json!("Kiezchor\u{202E}txt.exe")),
            422,
            "validation",
        ),
        case(
            "zero-width space in a name",
            bookings,
            with(b.clone(), "contact_name", json!("An\u{200B}na")),
            422,
            "validation",
        ),
        case(
            "code of conduct not accepted",
            bookings,
            with(b.clone(), "accept_code_of_conduct", json!(false)),
            422,
            "validation",
        ),
        case(
            "array instead of object",
            bookings,
            json!([1, 2]),
            422,
            "validation",
        ),
        case(
            "registration: bad e-mail",
            &regs,
            with(registration_body("Bob"), "email", json!("@")),
            422,
            "validation",
        ),
        case(
            "registration: unknown field",
            &regs,
            with(registration_body("Bob"), "admin", json!(1)),
            422,
            "validation",
        ),
        case(
            "registration: unknown event",
            "/api/v1/events/nope/registrations",
            registration_body("Bob"),
            404,
            "not-found",
        ),
        case(
            "instance: no token",
            "/api/v1/instances",
            instance_body(),
            401,
            "unauthorized",
        ),
    ];
    cases.push(Case {
        body: b"{\"kind\": \"bbb_room\",".to_vec(),
        ..case("truncated JSON", bookings, json!({}), 400, "malformed-body")
    });
    cases.push(Case {
        body: vec![0xff, 0xfe, 0x00],
        ..case("not UTF-8", bookings, json!({}), 400, "malformed-body")
    });
    cases.push(Case {
        body: serde_json::to_vec(&with(b.clone(), "purpose", json!("x".repeat(70 * 1024))))
            .unwrap(),
        ..case("oversized body", bookings, json!({}), 413, "body-too-large")
    });
    cases.push(Case {
        content_type: "text/plain",
        ..case(
            "wrong content type",
            bookings,
            b.clone(),
            415,
            "unsupported-media-type",
        )
    });
    cases.push(Case {
        headers: vec![],
        ..case(
            "no idempotency key",
            bookings,
            b.clone(),
            400,
            "idempotency-key-missing",
        )
    });
    cases.push(Case {
        headers: vec![("idempotency-key", "short".into())],
        ..case(
            "short idempotency key",
            bookings,
            b.clone(),
            400,
            "idempotency-key-invalid",
        )
    });
    cases.push(Case {
        token: Some("wrong-admin".into()),
        ..case(
            "reject with a wrong admin token",
            &format!("/api/v1/admin/bookings/{}/reject", booking.0),
            json!({"reason": "no"}),
            401,
            "unauthorized",
        )
    });
    cases.push(Case {
        token: Some(booking.1.clone()),
        ..case(
            "approve with the owner token",
            &format!("/api/v1/admin/bookings/{}/approve", booking.0),
            json!({}),
            401,
            "unauthorized",
        )
    });
    cases.push(Case {
        token: Some(ADMIN.into()),
        ..case(
            "reject without a reason",
            &format!("/api/v1/admin/bookings/{}/reject", booking.0),
            json!({"reason": ""}),
            422,
            "validation",
        )
    });
    cases.push(Case {
        token: Some(ADMIN.into()),
        ..case(
            "reject an unknown booking",
            "/api/v1/admin/bookings/bk_nope/reject",
            json!({"reason": "x"}),
            404,
            "not-found",
        )
    });
    cases.push(Case {
        token: Some(enr.clone()),
        ..case(
            "enrollment token used twice for another instance",
            "/api/v1/instances",
            with(instance_body(), "organisation", json!("Other")),
            409,
            "enrollment-used",
        )
    });
    cases.push(Case {
        token: Some(enr.clone()),
        ..case("instance: bad service URL", "/api/v1/instances", with(instance_body(), "services", json!([{"kind": "bbb", "url": "javascript:alert(1)", "software": "x", "version": "1"}])), 422, "validation")
    });
    let stale = now - 600;
    cases.push(Case {
        headers: vec![
            ("x-vereint-timestamp", stale.to_string()),
            (
                "x-vereint-signature",
                vereint::api::token::sign(&secret, stale, &report),
            ),
        ],
        body: report.clone(),
        ..case(
            "expired signature",
            &reports,
            json!({}),
            401,
            "signature-stale",
        )
    });
    cases.push(Case {
        headers: vec![
            ("x-vereint-timestamp", now.to_string()),
            ("x-vereint-signature", sig.clone()),
        ],
        body: report.clone(),
        ..case(
            "replayed signature",
            &reports,
            json!({}),
            409,
            "report-replayed",
        )
    });
    cases.push(Case {
        headers: vec![
            ("x-vereint-timestamp", now.to_string()),
            ("x-vereint-signature", "sha256=zz".into()),
        ],
        body: report.clone(),
        ..case(
            "garbled signature",
            &reports,
            json!({}),
            401,
            "signature-invalid",
        )
    });
    cases.push(Case {
        headers: vec![
            ("x-vereint-timestamp", "yesterday".into()),
            ("x-vereint-signature", sig.clone()),
        ],
        body: report.clone(),
        ..case(
            "garbled timestamp",
            &reports,
            json!({}),
            401,
            "signature-invalid",
        )
    });

    // a signed report whose texts carry an escape sequence (OSC) or a C1 control: refused, so
    // `GET .../reports` never serves them back
    for (what, detail) in [
        ("report with OSC", "FAILED \u{1b}]0;owned\u{7}"),
        ("report with C1", "FAILED \u{9b}31m"),
    ] {
        let body = serde_json::to_vec(&json!({"status": "critical", "checks": [
            {"target": "https://a.example/", "check": "http", "status": "critical",
             "detail": detail, "facts": {}}]}))
        .unwrap();
        cases.push(Case {
            headers: vec![
                ("x-vereint-timestamp", now.to_string()),
                (
                    "x-vereint-signature",
                    vereint::api::token::sign(&secret, now, &body),
                ),
            ],
            body,
            ..case(what, &reports, json!({}), 422, "validation")
        });
    }

    for c in &cases {
        let mut req =
            axum::http::Request::post(c.path.as_str()).header("content-type", c.content_type);
        if let Some(t) = &c.token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in &c.headers {
            req = req.header(*k, v.as_str());
        }
        let r = app
            .call(req.body(axum::body::Body::from(c.body.clone())).unwrap())
            .await;
        assert_eq!(r.status.as_u16(), c.status, "{}: {}", c.what, r.text());
        assert_eq!(r.problem(), c.problem, "{}: {}", c.what, r.text());
        let p = r.json();
        assert!(
            p["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{}",
            c.what
        );
        if c.problem == "validation" {
            assert!(
                p["errors"][0]["field"]
                    .as_str()
                    .is_some_and(|f| !f.is_empty()),
                "{}: validation problems name the field: {p}",
                c.what
            );
        }
    }

    // a key sent twice is refused by name, whatever the body (serde alone would keep the last)
    let twice = |body: &Value, key: &str| {
        let text = serde_json::to_string(body).unwrap();
        format!("{{\"{key}\": {}, {}", body[key], &text[1..]).into_bytes()
    };
    let dup_report = br#"{"status": "ok", "status": "critical"}"#.to_vec();
    for (what, path, token, headers, body, field) in [
        (
            "booking",
            bookings.to_string(),
            None,
            vec![("idempotency-key", new_key())],
            twice(&b, "organisation"),
            "organisation",
        ),
        (
            "registration",
            regs.clone(),
            None,
            vec![],
            twice(&registration_body("Bob"), "email"),
            "email",
        ),
        (
            "enrollment",
            "/api/v1/admin/enrollments".to_string(),
            Some(ADMIN),
            vec![],
            br#"{"note": "a", "valid_days": 3, "note": "b"}"#.to_vec(),
            "note",
        ),
        (
            "rejection",
            format!("/api/v1/admin/bookings/{}/reject", booking.0),
            Some(ADMIN),
            vec![],
            br#"{"reason": "a", "reason": "b"}"#.to_vec(),
            "reason",
        ),
        (
            "instance, nested",
            "/api/v1/instances".to_string(),
            Some(enr.as_str()),
            vec![],
            serde_json::to_vec(&instance_body())
                .unwrap()
                .windows(6)
                .position(|w| w == b"\"url\":")
                .map(|at| {
                    let mut v = serde_json::to_vec(&instance_body()).unwrap();
                    v.splice(at..at, b"\"url\": \"https://x.example/\", ".iter().copied());
                    v
                })
                .unwrap(),
            "services[0].url",
        ),
        (
            "report",
            reports.clone(),
            None,
            vec![
                ("x-vereint-timestamp", now.to_string()),
                (
                    "x-vereint-signature",
                    vereint::api::token::sign(&secret, now, &dup_report),
                ),
            ],
            dup_report.clone(),
            "status",
        ),
    ] {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post_raw(&path, token, &headers, body).await;
        assert_eq!(r.status, 422, "{what}: {}", r.text());
        assert_eq!(r.problem(), "validation", "{what}");
        assert_eq!(
            r.json()["errors"][0]["field"],
            field,
            "{what}: {}",
            r.text()
        );
    }

    // an Idempotency-Key with too little variety could be guessed: refused
    for key in [
        "aaaaaaaaaaaaaaaaaaaa",
        "abababababababababab",
        "1234567123456712345671",
    ] {
        let r = app
            .post(bookings, None, &[("idempotency-key", key)], &b)
            .await;
        assert_eq!(r.status, 400, "{key}: {}", r.text());
        assert_eq!(r.problem(), "idempotency-key-invalid", "{key}");
        assert_eq!(r.json()["errors"][0]["field"], "Idempotency-Key");
    }

    // reads with wrong tokens
    let reg_path = format!("{regs}/{}", reg["id"].as_str().unwrap());
    for (what, path, token, status) in [
        (
            "booking, other token",
            format!("/api/v1/bookings/{}", booking.0),
            Some("own_x"),
            401,
        ),
        (
            "booking, no token",
            format!("/api/v1/bookings/{}", booking.0),
            None,
            401,
        ),
        (
            "registration, booking's token",
            reg_path.clone(),
            Some(booking.1.as_str()),
            401,
        ),
        (
            "registration, wrong event",
            format!(
                "/api/v1/events/digitale-sprechstunde/registrations/{}",
                reg["id"].as_str().unwrap()
            ),
            Some(reg["cancel_token"].as_str().unwrap()),
            404,
        ),
        (
            "admin list, owner token",
            "/api/v1/admin/bookings".into(),
            Some(booking.1.as_str()),
            401,
        ),
    ] {
        let r = app.get(&path, token).await;
        assert_eq!(r.status.as_u16(), status, "{what}: {}", r.text());
        let r = app.delete(&path, token).await;
        assert!(r.status.is_client_error(), "{what}: DELETE {}", r.status);
    }

    // axum's own rejections (an undecodable path) are problems too
    let r = app.get("/api/v1/bookings/%FF%FE", Some(&booking.1)).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(r.problem(), "http-error", "{}", r.text());

    let after = snapshot(&app, &booking).await;
    assert_eq!(before, after, "bad input left the data as it was");
}

async fn sql_and_html_are_just_text(db: TestDb) {
    let app = app(&db).await;
    let nasty = [
        "Robert'); DROP TABLE bookings;--",
        "<script>alert('x')</script>",
        "\" OR 1=1 --",
        "<img src=x onerror=alert(1)>",
        "Ümlaut & Söhne <e.V.>",
    ];
    for text in nasty {
        let mut b = booking_body();
        for field in ["organisation", "contact_name", "purpose", "name"] {
            b[field] = json!(text);
        }
        let r = app
            .post(
                "/api/v1/bookings",
                None,
                &[("idempotency-key", &new_key())],
                &b,
            )
            .await;
        assert_eq!(r.status, 201, "{text}: {}", r.text());
        let c = r.json();
        let got = app
            .get(
                &format!("/api/v1/bookings/{}", c["id"].as_str().unwrap()),
                Some(c["owner_token"].as_str().unwrap()),
            )
            .await;
        assert!(
            got.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let got = got.json();
        for field in ["organisation", "contact_name", "purpose", "name"] {
            assert_eq!(got[field], text);
        }
    }
    let all = app
        .get("/api/v1/admin/bookings?status=requested", Some(ADMIN))
        .await
        .json();
    assert_eq!(
        all.as_array().unwrap().len(),
        nasty.len(),
        "the table is still there"
    );
}

/// A request in `lang` (`Accept-Language`), with an Idempotency-Key for POSTs.
async fn in_lang(
    app: &App,
    method: &str,
    path: &str,
    token: Option<&str>,
    accept_language: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let mut b = axum::http::Request::builder().method(method).uri(path);
    if let Some(l) = accept_language {
        b = b.header("accept-language", l);
    }
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(v) => {
            b = b
                .header("content-type", "application/json")
                .header("idempotency-key", new_key());
            axum::body::Body::from(serde_json::to_vec(v).unwrap())
        }
        None => axum::body::Body::empty(),
    };
    app.call(b.body(body).unwrap()).await
}

#[tokio::test]
async fn refusals_answer_in_the_language_of_the_request() {
    let db = sqlite();
    let app = app(&db).await;
    let bad = with(booking_body(), "email", json!("no-at-sign"));
    let de = Some("de-DE,de;q=0.9,en;q=0.5");
    let r = in_lang(&app, "POST", "/api/v1/bookings", None, de, Some(&bad)).await;
    assert_eq!(r.status, 422);
    let p = r.json();
    assert_eq!(p["title"], "Ungültige Eingabe");
    assert_eq!(
        p["detail"],
        "email: muss eine E-Mail-Adresse sein, etwa name@example.org"
    );
    assert_eq!(p["errors"][0]["field"], "email");
    assert_eq!(
        p["errors"][0]["message"],
        "muss eine E-Mail-Adresse sein, etwa name@example.org"
    );
    // English without Accept-Language, and when English is preferred
    for accept in [None, Some("en-GB,de;q=0.5")] {
        let r = in_lang(&app, "POST", "/api/v1/bookings", None, accept, Some(&bad)).await;
        assert_eq!(
            r.json()["errors"][0]["message"],
            "must be an e-mail address such as name@example.org"
        );
    }
    let worse = with(bad.clone(), "expected_participants", json!(0));
    let r = in_lang(&app, "POST", "/api/v1/bookings", None, de, Some(&worse)).await;
    let p = r.json();
    assert_eq!(p["detail"], "2 Felder sind ungültig", "{p}");
    assert!(
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["message"] == "muss zwischen 1 und 1000 liegen"),
        "{p}"
    );

    // a rejected booking cannot be cancelled: said in German, with the state in German
    let r = in_lang(
        &app,
        "POST",
        "/api/v1/bookings",
        None,
        de,
        Some(&booking_body()),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let created = r.json();
    let id = created["id"].as_str().unwrap();
    let token = created["owner_token"].as_str().unwrap();
    let reject = json!({"reason": "Bitte mehr zum Zweck schreiben."});
    let r = in_lang(
        &app,
        "POST",
        &format!("/api/v1/admin/bookings/{id}/reject"),
        Some(ADMIN),
        de,
        Some(&reject),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let path = format!("/api/v1/bookings/{id}");
    let r = in_lang(&app, "DELETE", &path, Some(token), de, None).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.problem(), "invalid-transition");
    assert_eq!(
        r.json()["detail"],
        "eine Buchung im Zustand „abgelehnt“ lässt sich nicht stornieren"
    );
    // the title too; the type stays the same URI in both languages
    assert_eq!(r.json()["title"], "Konflikt");
    assert_eq!(
        r.json()["type"],
        "https://vereint.org/problems/invalid-transition"
    );
    let r = in_lang(&app, "DELETE", &path, Some(token), None, None).await;
    assert_eq!(r.json()["detail"], "a rejected booking cannot be cancelled");
    assert_eq!(r.json()["title"], "Conflict");
    assert_eq!(
        r.json()["type"],
        "https://vereint.org/problems/invalid-transition"
    );
    let r = in_lang(&app, "GET", &path, Some("own_wrong"), de, None).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json()["detail"],
        "dieses Token gehört nicht zu dieser Buchung",
        "{}",
        r.text()
    );
    // the refusals of invisible characters, duplicate keys and guessable keys, in German
    let hidden = with(booking_body(), "organisation", json!("Kiez\u{202E}chor"));
    let r = in_lang(&app, "POST", "/api/v1/bookings", None, de, Some(&hidden)).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(
        r.json()["errors"][0]["message"],
        "darf keine unsichtbaren oder die Schreibrichtung ändernden Zeichen enthalten (etwa U+202E, U+200B)"
    );
    for (key, body, status, field_message) in [
        (
            new_key(),
            br#"{"reason": "a", "reason": "b"}"#.to_vec(),
            422,
            "darf im Inhalt nur einmal vorkommen",
        ),
        (
            "abababababababababab".to_string(),
            serde_json::to_vec(&booking_body()).unwrap(),
            400,
            "muss zufällig aussehen: mindestens 8 verschiedene Zeichen, etwa eine UUID",
        ),
    ] {
        let path = if status == 422 {
            format!("/api/v1/admin/bookings/{id}/reject")
        } else {
            "/api/v1/bookings".to_string()
        };
        let req = axum::http::Request::post(path.as_str())
            .header("content-type", "application/json")
            .header("accept-language", "de")
            .header("authorization", format!("Bearer {ADMIN}"))
            .header("idempotency-key", key)
            .body(axum::body::Body::from(body))
            .unwrap();
        let r = app.call(req).await;
        assert_eq!(r.status.as_u16(), status, "{}", r.text());
        assert_eq!(
            r.json()["errors"][0]["message"],
            field_message,
            "{}",
            r.text()
        );
        if status == 400 {
            assert_eq!(
                r.json()["detail"],
                "der Idempotency-Key-Header muss zufällig aussehen: mindestens 8 verschiedene Zeichen"
            );
        }
    }
    let r = in_lang(&app, "GET", "/api/v1/nowhere", None, de, None).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["title"], "Nicht gefunden");
    assert_eq!(
        r.json()["detail"],
        "gibt es nicht: Ressource: siehe /api/v1/openapi.json"
    );
}
