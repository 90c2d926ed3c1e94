//! The public status page (`/status`, `/status/{id}`) as a person sees it: served over real HTTP
//! on loopback and opened in a real headless Chromium (Debian's `chromium`), in German from the
//! browser's language and in English from `?lang=en`. With CI=true a missing Chromium fails.

use crate::support;
use crate::support::directory as common;

use std::net::SocketAddr;
use std::time::Duration;

use common::*;
use vereint::api::*;
use vereint::client::Client;

async fn serve(options: vereint::directory::Options) -> String {
    let (router, _state) = vereint::directory::app(options).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    format!("http://{addr}")
}

/// The page's DOM after Chromium loaded it (`--dump-dom`), with the browser's language set to
/// `accept_lang`. Chromium runs in a process group of its own, ended when it is done or after 60 s.
async fn chromium_dom(chromium: &std::path::Path, url: &str, accept_lang: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            &format!("--accept-lang={accept_lang}"),
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
            url,
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .kill_on_drop(true);
    let child = command.spawn().expect("starting chromium");
    let group = child.id().expect("chromium has a pid");
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output()).await;
    // whatever chromium left behind (its zygote and renderers) is in its group
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{group}")])
        .stderr(std::process::Stdio::null())
        .status();
    let out = out.expect("chromium did not finish within 60 s").unwrap();
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

/// Registers an instance of `organisation` and sends it one report of `status`.
async fn instance_reporting(client: &Client, organisation: &str, status: &str) -> String {
    let admin = client.clone().with_admin_token(ADMIN);
    let enrollment = admin.enroll(&NewEnrollment::default()).await.unwrap();
    let mut body = instance_body();
    body["organisation"] = organisation.into();
    let created = admin
        .register_instance(&enrollment.token, &serde_json::from_value(body).unwrap())
        .await
        .unwrap();
    let now = jiff::Timestamp::now().as_second();
    let report = format!(
        r#"{{"status":"{status}","interval_secs":60,"checks":[{{"check":"bbb","status":"{status}","latency_ms":42.0,"detail":"<i>getMeetings</i> answered"}}]}}"#
    );
    client
        .report_at(&created.id, &created.secret, report.as_bytes(), now)
        .await
        .unwrap();
    created.id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_page_in_a_real_browser() {
    let Some(chromium) = support::require("chromium", "apt-get install -y chromium") else {
        return;
    };
    let db = sqlite();
    let url = serve(options(&db)).await;
    let client = Client::new(&format!("{url}/")).unwrap();
    let hostile = "Chor <script>alert(1)</script> & Co";
    let ok = instance_reporting(&client, "Kiezchor Wedding e.V.", "ok").await;
    let down = instance_reporting(&client, hostile, "critical").await;

    // German from the browser's language
    let dom = chromium_dom(&chromium, &format!("{url}/status"), "de-DE,de").await;
    assert!(dom.contains("<html lang=\"de\">"), "{dom}");
    assert!(dom.contains("Status der Vereins-Instanzen"), "{dom}");
    assert!(dom.contains("Kiezchor Wedding e.V."), "{dom}");
    assert!(
        dom.contains("in Ordnung") && dom.contains("gestört"),
        "{dom}"
    );
    assert!(
        dom.contains("Verfügbarkeit 24 h") && dom.contains("100,0 %"),
        "{dom}"
    );
    assert!(dom.contains("BigBlueButton 3.0.4"), "{dom}");
    // the hostile name is text, not markup: no script element came of it
    assert!(
        dom.contains("Chor &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"),
        "{dom}"
    );
    assert_eq!(dom.matches("<script").count(), 0, "{dom}");

    // English from ?lang=en, whatever the browser says
    let dom = chromium_dom(&chromium, &format!("{url}/status?lang=en"), "de").await;
    assert!(dom.contains("<html lang=\"en\">"), "{dom}");
    assert!(dom.contains("Status of the club instances"), "{dom}");
    assert!(dom.contains(">ok<") && dom.contains(">down<"), "{dom}");
    assert!(dom.contains(&format!("/status/{ok}?lang=en")), "{dom}");

    // an instance's page: its recent reports with their checks, escaped
    let dom = chromium_dom(&chromium, &format!("{url}/status/{down}"), "en-GB,en").await;
    assert!(dom.contains("Recent reports"), "{dom}");
    assert!(
        dom.contains("bbb: down, 42 ms (&lt;i&gt;getMeetings&lt;/i&gt; answered)"),
        "{dom}"
    );
    assert_eq!(dom.matches("<script").count(), 0, "{dom}");
    assert_eq!(dom.matches("<i>").count(), 0, "{dom}");
}

#[tokio::test]
async fn status_page_answers_html_and_a_missing_instance_is_404() {
    let db = sqlite();
    let app = app(&db).await;
    let r = app.get("/status", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.headers["content-type"].to_str().unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(r.text().contains("Noch keine Instanz angemeldet."));
    let r = app.get("/status/in_nothere?lang=en", None).await;
    assert_eq!(r.status, 404);
    assert!(
        r.text().contains("There is no such instance."),
        "{}",
        r.text()
    );
}
