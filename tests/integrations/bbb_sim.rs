//! Our BigBlueButton client against `vereint sim bbb`'s router over real HTTP on loopback.

use vereint::integrations::bbb::client::{Client, CreateMeeting, Role};
use vereint::integrations::bbb::{Algorithm, Api, Secret, checksum};

const SECRET: &str = "sim-secret-8f2c1e";

async fn sim() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, vereint::sim::bbb::router(SECRET.into()))
            .await
            .unwrap();
    });
    format!("http://{addr}/bigbluebutton/api/")
}

fn client(base: &str, secret: &str, algorithm: Algorithm) -> Client {
    Client::new(Api::new(base, Secret::new(secret), algorithm)).unwrap()
}

fn meeting(id: &str) -> CreateMeeting {
    CreateMeeting {
        meeting_id: id.into(),
        name: "Vorstand & Freunde <3".into(),
        mute_on_start: true,
        max_participants: Some(2),
        meta: vec![("origin".into(), "vereint".into())],
        ..CreateMeeting::default()
    }
}

/// Follows a join URL without following the redirect: returns where BBB sends the browser.
async fn follow_join(url: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap()
}

async fn story(algorithm: Algorithm) {
    let base = sim().await;
    let bbb = client(&base, SECRET, algorithm);
    let version = bbb.version().await.unwrap();
    assert_eq!(version.version, "2.0");
    assert!(
        bbb.meetings().await.unwrap().list().is_empty(),
        "noMeetings"
    );

    let created = bbb.create(&meeting("room-1")).await.unwrap();
    assert_eq!(created.meeting_id, "room-1");
    assert_ne!(created.message_key.as_deref(), Some("duplicateWarning"));
    let again = bbb.create(&meeting("room-1")).await.unwrap();
    assert_eq!(again.message_key.as_deref(), Some("duplicateWarning"));
    assert_eq!(again.create_time, created.create_time);
    assert!(!bbb.is_meeting_running("room-1").await.unwrap());

    // the join URL is only a URL until a browser opens it
    let join = bbb.join_url("room-1", "Ada <b>", Role::Moderator, created.create_time);
    assert!(!bbb.is_meeting_running("room-1").await.unwrap());
    let response = follow_join(join.expose()).await;
    assert_eq!(response.status(), 302);
    let client_page = response.headers()["location"].to_str().unwrap().to_string();
    let page = reqwest::get(&client_page)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Ada &lt;b&gt; joined as <span id=\"role\">MODERATOR</span>"),
        "{page}"
    );
    assert!(bbb.is_meeting_running("room-1").await.unwrap());

    let viewer = bbb.join_url("room-1", "Bo", Role::Viewer, None);
    assert_eq!(follow_join(viewer.expose()).await.status(), 302);
    let info = bbb.meeting_info("room-1").await.unwrap();
    assert_eq!(info.name, "Vorstand & Freunde <3");
    assert_eq!((info.participant_count, info.moderator_count), (2, 1));
    assert!(info.running);

    // maxParticipants = 2: the third is refused with BBB's key, still HTTP 200
    let third = bbb.join_url("room-1", "Cy", Role::Viewer, None);
    let response = follow_join(third.expose()).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("maxParticipantsReached")
    );

    // a stale createTime is refused
    let stale = bbb.join_url("room-1", "Di", Role::Viewer, Some(1));
    let text = follow_join(stale.expose()).await.text().await.unwrap();
    assert!(text.contains("mismatchCreateTimeParam"), "{text}");

    assert_eq!(bbb.meetings().await.unwrap().list().len(), 1);
    bbb.end("room-1").await.unwrap();
    let err = bbb.meeting_info("room-1").await.unwrap_err();
    assert_eq!(err.key(), Some("notFound"));
    assert_eq!(bbb.end("room-1").await.unwrap_err().key(), Some("notFound"));
    assert!(!bbb.is_meeting_running("room-1").await.unwrap());
}

#[tokio::test]
async fn client_and_simulator_agree_with_sha1() {
    story(Algorithm::Sha1).await;
}

#[tokio::test]
async fn client_and_simulator_agree_with_sha256() {
    story(Algorithm::Sha256).await;
}

#[tokio::test]
async fn sha384_and_sha512_are_accepted_too() {
    let base = sim().await;
    for algorithm in [Algorithm::Sha384, Algorithm::Sha512] {
        client(&base, SECRET, algorithm).meetings().await.unwrap();
    }
}

#[tokio::test]
async fn a_wrong_secret_is_a_checksum_error() {
    let base = sim().await;
    let err = client(&base, "not-the-secret", Algorithm::Sha256)
        .meetings()
        .await
        .unwrap_err();
    assert_eq!(err.key(), Some("checksumError"));
    assert!(!format!("{err} {err:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn the_checksum_covers_the_raw_query() {
    let base = sim().await;
    let http = reqwest::Client::new();
    let query = "name=A+B&meetingID=raw-1";
    let sum = checksum::checksum(Algorithm::Sha256, "create", query, SECRET);
    let ok = http
        .get(format!("{base}create?{query}&checksum={sum}"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(
        ok.text()
            .await
            .unwrap()
            .contains("<returncode>SUCCESS</returncode>")
    );
    // the same parameters spelled with %20 are other bytes: refused, with HTTP 200
    let respelled = http
        .get(format!(
            "{base}create?name=A%20B&meetingID=raw-2&checksum={sum}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(respelled.status(), 200);
    let text = respelled.text().await.unwrap();
    assert!(text.contains("<returncode>FAILED</returncode>"), "{text}");
    assert!(
        text.contains("<messageKey>checksumError</messageKey>"),
        "{text}"
    );
    let missing = http.get(format!("{base}getMeetings")).send().await.unwrap();
    assert!(missing.text().await.unwrap().contains("checksumError"));
}

#[tokio::test]
async fn failed_answers_carry_their_keys() {
    let base = sim().await;
    let bbb = client(&base, SECRET, Algorithm::Sha256);
    let api = bbb.api().clone();
    let get = |url: String| async move { reqwest::get(url).await.unwrap().text().await.unwrap() };
    assert!(
        get(api.url("create", &[("name", "x")]))
            .await
            .contains("missingParamMeetingID")
    );
    assert!(
        get(api.url("create", &[("name", "x"), ("meetingID", "a,b")]))
            .await
            .contains("validationError")
    );
    assert!(
        get(api.url("getMeetingInfo", &[("meetingID", "nope")]))
            .await
            .contains("notFound")
    );
    assert!(
        get(api.url("join", &[("meetingID", "nope"), ("role", "VIEWER")]))
            .await
            .contains("missingParamFullName")
    );
    assert!(
        get(api.url(
            "join",
            &[("fullName", "A"), ("meetingID", "nope"), ("role", "VIEWER")]
        ))
        .await
        .contains("invalidMeetingIdentifier")
    );
    // passwords: a repeated create with other passwords is idNotUnique; a join by password gets its role
    let create = |pw: &str| {
        api.url(
            "create",
            &[
                ("name", "P"),
                ("meetingID", "pw-1"),
                ("attendeePW", "ap"),
                ("moderatorPW", pw),
            ],
        )
    };
    assert!(get(create("mp")).await.contains("SUCCESS"));
    assert!(get(create("other")).await.contains("idNotUnique"));
    assert_eq!(
        bbb.create(&CreateMeeting {
            meeting_id: "pw-1".into(),
            name: "P".into(),
            ..CreateMeeting::default()
        })
        .await
        .unwrap()
        .message_key
        .as_deref(),
        Some("duplicateWarning")
    );
    let by_password = api.url(
        "join",
        &[
            ("fullName", "Mo"),
            ("meetingID", "pw-1"),
            ("password", "mp"),
            ("redirect", "false"),
        ],
    );
    let text = get(by_password).await;
    assert!(text.contains("successfullyJoined"), "{text}");
    assert!(
        get(api.url(
            "join",
            &[
                ("fullName", "X"),
                ("meetingID", "pw-1"),
                ("password", "bad")
            ]
        ))
        .await
        .contains("invalidPassword")
    );
    let info = bbb.meeting_info("pw-1").await.unwrap();
    assert_eq!(info.moderator_count, 1);
}

/// A BBB that always answers 503 and counts what it got.
async fn flaky() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/bigbluebutton/api/"), hits)
}

#[tokio::test]
async fn only_idempotent_calls_are_retried() {
    use std::sync::atomic::Ordering;
    let (base, hits) = flaky().await;
    let bbb = client(&base, SECRET, Algorithm::Sha256);
    let err = bbb.meetings().await.unwrap_err();
    assert!(err.to_string().contains("503"), "{err}");
    assert_eq!(
        hits.swap(0, Ordering::SeqCst),
        3,
        "reads are tried three times"
    );
    bbb.create(&meeting("m-1")).await.unwrap_err();
    assert_eq!(
        hits.swap(0, Ordering::SeqCst),
        3,
        "create repeats harmlessly"
    );
    bbb.end("m-1").await.unwrap_err();
    assert_eq!(hits.swap(0, Ordering::SeqCst), 1, "end is sent once");
}
