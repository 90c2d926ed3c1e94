//! One registration per e-mail address and event date, against SQLite and PostgreSQL: the API's
//! 409, the unique index of migration 0006 underneath it, and what 0006 does with the duplicates
//! an older database already holds.

use crate::support::directory as common;

use std::sync::Arc;

use common::*;
use serde_json::{Value, json};
use vereint::catalog::Text;
use vereint::directory::Options;
use vereint::directory::db::{Db, Registered, RegistrationRow, schema_before};

both!(
    a_second_registration_of_an_address_is_refused_with_its_state,
    migration_0006_keeps_one_registration_per_address_and_fills_freed_places,
    the_exact_address_goes_only_to_those_with_a_place,
);

async fn a_second_registration_of_an_address_is_refused_with_its_state(db: TestDb) {
    let app = app(&db).await;
    let path = format!("/api/v1/events/{SMALL_EVENT}/registrations");
    let info = app
        .get(&format!("/api/v1/events/{SMALL_EVENT}"), None)
        .await
        .json();
    let first_date = info["next_dates"][0]["date"].as_str().unwrap().to_string();
    let second_date = info["next_dates"][1]["date"].as_str().unwrap().to_string();

    let mut anna = registration_body("Anna");
    anna["email"] = json!("Anna.Beispiel@Example.org");
    let key = new_key();
    let first = app
        .post(&path, None, &[("idempotency-key", &key)], &anna)
        .await;
    assert_eq!(first.status, 201, "{}", first.text());
    let first = first.json();
    assert_eq!(first["status"], "confirmed");

    // the same request again with its key is a retry, not a second registration
    let retry = app
        .post(&path, None, &[("idempotency-key", &key)], &anna)
        .await;
    assert_eq!((retry.status.as_u16(), retry.json()), (201, first.clone()));

    // the same address in other letters, with or without a key: 409 naming the state
    let mut again = anna.clone();
    again["email"] = json!("anna.beispiel@example.ORG");
    again["name"] = json!("Anna B.");
    for headers in [vec![], vec![("idempotency-key", new_key())]] {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post(&path, None, &headers, &again).await;
        assert_eq!(r.status, 409, "{}", r.text());
        assert_eq!(r.problem(), "already-registered");
        let p = r.json();
        assert_eq!(p["errors"][0]["field"], "email");
        assert_eq!(
            p["errors"][0]["message"],
            format!("already registered for {first_date}: confirmed")
        );
        assert!(p["detail"].as_str().unwrap().contains("confirmed"), "{p}");
    }

    // a waitlisted registration is named as such
    let bert = app.post(&path, None, &[], &registration_body("Bert")).await;
    assert_eq!(bert.json()["status"], "confirmed");
    let cem = app.post(&path, None, &[], &registration_body("Cem")).await;
    let cem = cem.json();
    assert_eq!(cem["status"], "waitlisted");
    let r = app.post(&path, None, &[], &registration_body("Cem")).await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["errors"][0]["message"],
        format!("already registered for {first_date}: waitlisted")
    );

    // nothing was counted for the refused ones
    let info = app
        .get(&format!("/api/v1/events/{SMALL_EVENT}"), None)
        .await
        .json();
    assert_eq!(info["next_dates"][0]["confirmed"], 2);
    assert_eq!(info["next_dates"][0]["waitlisted"], 1);

    // another date of the same event is another registration
    let mut other_date = again.clone();
    other_date["date"] = json!(second_date);
    let r = app.post(&path, None, &[], &other_date).await;
    assert_eq!(
        (r.status.as_u16(), r.json()["date"].clone()),
        (201, json!(second_date))
    );

    // once cancelled, the address may register again (Cem moved up into Anna's place)
    let own = format!("{path}/{}", first["id"].as_str().unwrap());
    let token = first["cancel_token"].as_str().unwrap();
    assert_eq!(app.delete(&own, Some(token)).await.status, 200);
    let r = app.post(&path, None, &[], &again).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["status"], "waitlisted");

    // the database holds the rule itself, whoever writes
    let store = app.state.db.clone();
    let row = row("rg_direct", &first_date, "ANNA.beispiel@example.org", 999);
    assert_eq!(
        store
            .register(&row, None, 100, &|_| Vec::new())
            .await
            .unwrap(),
        Registered::Duplicate {
            status: "waitlisted".into()
        }
    );
    let insert = format!(
        "INSERT INTO registrations (id, event_id, date, name, email, organisation, status, token_hash, request_hash, created_at, updated_at) \
         VALUES ('rg_raw', '{SMALL_EVENT}', '{first_date}', 'A', 'ANNA.BEISPIEL@example.org', 'V', 'confirmed', 'x', 'y', 0, 0)"
    );
    let err = raw_sql(&db.location, &insert).await.unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("unique"),
        "not refused by the index: {err}"
    );
}

fn row(id: &str, date: &str, email: &str, seq_time: i64) -> RegistrationRow {
    RegistrationRow {
        id: id.into(),
        event_id: SMALL_EVENT.into(),
        date: date.into(),
        name: "Person".into(),
        email: email.into(),
        organisation: "Verein".into(),
        note: None,
        status: String::new(),
        token_hash: format!("token-{id}"),
        request_hash: format!("request-{id}"),
        created_at: seq_time,
        updated_at: seq_time,
        lang: "de".into(),
    }
}

async fn migration_0006_keeps_one_registration_per_address_and_fills_freed_places(db: TestDb) {
    raw_sql(&db.location, &schema_before(&db.location, 6))
        .await
        .unwrap();
    // capacity 2 on D1: Anna twice confirmed (an old bug's doing), Cem twice waitlisted, Dora
    // waiting, Eve cancelled once and waiting once; on D2 Fay waitlisted, then confirmed
    let rows = [
        (1, "d1", "anna@verein.example", "confirmed"),
        (2, "d1", "ANNA@Verein.example", "confirmed"),
        (3, "d1", "cem@verein.example", "waitlisted"),
        (4, "d1", "Cem@verein.example", "waitlisted"),
        (5, "d1", "dora@verein.example", "waitlisted"),
        (6, "d1", "eve@verein.example", "cancelled"),
        (7, "d1", "Eve@verein.example", "waitlisted"),
        (8, "d2", "fay@verein.example", "waitlisted"),
        (9, "d2", "FAY@verein.example", "confirmed"),
    ];
    // inserted in this order, so `seq` follows the numbers
    let mut sql = format!(
        "INSERT INTO event_slots (event_id, date, confirmed) VALUES ('{SMALL_EVENT}', '2030-01-07', 2), ('{SMALL_EVENT}', '2030-02-04', 1);\n"
    );
    for (seq, date, email, status) in rows {
        let date = if date == "d1" {
            "2030-01-07"
        } else {
            "2030-02-04"
        };
        sql.push_str(&format!(
            "INSERT INTO registrations (id, event_id, date, name, email, organisation, status, token_hash, request_hash, created_at, updated_at) \
             VALUES ('rg_{seq}', '{SMALL_EVENT}', '{date}', 'P{seq}', '{email}', 'V', '{status}', 't{seq}', 'r{seq}', {seq}, {seq});\n"
        ));
    }
    raw_sql(&db.location, &sql).await.unwrap();

    let store = Db::open(&db.location).await.expect("migrating to 0006");
    let after: Vec<(String, String)> = store
        .registrations(SMALL_EVENT)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    let expected = [
        ("rg_1", "confirmed"),
        ("rg_2", "cancelled"),
        ("rg_3", "confirmed"),
        ("rg_4", "cancelled"),
        ("rg_5", "waitlisted"),
        ("rg_6", "cancelled"),
        ("rg_7", "waitlisted"),
        ("rg_8", "cancelled"),
        ("rg_9", "confirmed"),
    ]
    .map(|(id, status)| (id.to_string(), status.to_string()));
    assert_eq!(after, expected);
    let counts = store.registration_counts(SMALL_EVENT).await.unwrap();
    let confirmed = |date: &str| {
        counts
            .iter()
            .find(|(d, s, _)| d == date && s == "confirmed")
            .map(|c| c.2)
    };
    assert_eq!(
        (confirmed("2030-01-07"), confirmed("2030-02-04")),
        (Some(2), Some(1))
    );
    // the slot counter agrees: D1 is full, so the next one waits
    assert_eq!(
        store
            .register(
                &row("rg_new", "2030-01-07", "gil@verein.example", 10),
                None,
                2,
                &|_| Vec::new(),
            )
            .await
            .unwrap(),
        Registered::Created {
            status: "waitlisted".into()
        }
    );
    assert_eq!(
        store
            .register(
                &row("rg_dup", "2030-01-07", "DORA@verein.example", 11),
                None,
                2,
                &|_| Vec::new(),
            )
            .await
            .unwrap(),
        Registered::Duplicate {
            status: "waitlisted".into()
        }
    );
    store.close().await;
}

async fn the_exact_address_goes_only_to_those_with_a_place(db: TestDb) {
    let mut catalog = (*catalog()).clone();
    let small = catalog
        .events
        .iter_mut()
        .find(|e| e.id == SMALL_EVENT)
        .unwrap();
    small.address_after_registration = Some(Text {
        de: "Hinterhof 3, 2. Stock".into(),
        en: "Hinterhof 3, 2nd floor".into(),
    });
    let mut options = Options::new(db.location.clone(), Arc::new(catalog));
    options.admin_token = Some(ADMIN.into());
    let app = app_with(options).await;
    // nowhere in public
    for path in ["/api/v1/catalog", "/api/v1/events", "/api/v1/events.ics"] {
        let text = app.get(path, None).await.text();
        assert!(
            !text.contains("Hinterhof 3"),
            "{path} gives the address away"
        );
    }
    let path = format!("/api/v1/events/{SMALL_EVENT}/registrations");
    let made: Vec<Value> = {
        let mut made = Vec::new();
        for name in ["Anna", "Bert", "Cem"] {
            made.push(
                app.post(&path, None, &[], &registration_body(name))
                    .await
                    .json(),
            );
        }
        made
    };
    let read = |r: &Value| {
        let own = format!("{path}/{}", r["id"].as_str().unwrap());
        let token = r["cancel_token"].as_str().unwrap().to_string();
        (own, token)
    };
    for (r, address) in made.iter().zip([
        Some("Hinterhof 3, 2nd floor"),
        Some("Hinterhof 3, 2nd floor"),
        None,
    ]) {
        let (own, token) = read(r);
        let got = app.get(&own, Some(&token)).await.json();
        assert_eq!(got["address"]["en"].as_str(), address, "{got}");
        if address.is_none() {
            assert_eq!(got["status"], "waitlisted");
            assert!(got.get("address").is_none(), "{got}");
        }
    }
    // the admin list and the answer to registering do not carry it either
    let answer = serde_json::to_string(&made).unwrap();
    assert!(!answer.contains("Hinterhof"), "{answer}");
    // Anna leaves: Cem has a place now, and the address with it
    let (anna, anna_token) = read(&made[0]);
    let cancelled = app.delete(&anna, Some(&anna_token)).await.json();
    assert!(cancelled.get("address").is_none(), "{cancelled}");
    let (cem, cem_token) = read(&made[2]);
    let got = app.get(&cem, Some(&cem_token)).await.json();
    assert_eq!(
        (got["status"].as_str(), got["address"]["de"].as_str()),
        (Some("confirmed"), Some("Hinterhof 3, 2. Stock"))
    );
}
