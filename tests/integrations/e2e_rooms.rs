//! End to end: real `vereint directory serve` and `vereint sim bbb` processes. Book a room over
//! HTTP, approve it, enter it at /r/{slug} like a browser, and land in the simulator with the role
//! the code grants; the directory's log holds neither the secret nor a join URL's checksum.

use crate::support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::{ChildGuard, free_port, printed_url};

const SECRET: &str = "e2e-bbb-secret-3b9f27c1";
const ADMIN: &str = "e2e-admin-token-7c1d0e5a9b";

fn vereint(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vereint"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .arg("--lang")
        .arg("en");
    cmd
}

fn start_sim(home: &Path) -> (ChildGuard, String) {
    let secret_file = home.join("bbb-secret");
    std::fs::write(&secret_file, SECRET).unwrap();
    let mut child = ChildGuard(
        vereint(home)
            .args(["sim", "bbb", "--bind", "127.0.0.1:0", "--secret-file"])
            .arg(&secret_file)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let url = printed_url(&mut child);
    (child, url)
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn wait_ready(base: &str) {
    for _ in 0..200 {
        if let Ok(r) = http().get(format!("{base}/readyz")).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the directory did not become ready");
}

async fn enter(base_room: &str, name: &str, code: &str) -> reqwest::Response {
    http()
        .post(base_room)
        .form(&[("name", name), ("code", code)])
        .send()
        .await
        .unwrap()
}

/// Follows a 303 from the room page into the simulator: returns the role the simulator shows.
async fn joined_role(response: reqwest::Response, sim: &str) -> String {
    assert_eq!(response.status(), 303, "{:?}", response.text().await);
    let join = response.headers()["location"].to_str().unwrap().to_string();
    assert!(join.starts_with(&format!("{sim}join?")), "{join}");
    let hop = http().get(&join).send().await.unwrap();
    assert_eq!(hop.status(), 302, "the simulator refused the join URL");
    let client = hop.headers()["location"].to_str().unwrap().to_string();
    let page = http()
        .get(&client)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let role = page
        .split("<span id=\"role\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_else(|| panic!("{page}"));
    role.to_string()
}

#[tokio::test]
async fn a_booked_room_lets_people_in_with_the_role_their_code_grants() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let (_sim, sim_url) = start_sim(home);
    let admin_file = home.join("admin-token");
    std::fs::write(&admin_file, ADMIN).unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log_path = home.join("directory.log");
    let mut directory = ChildGuard(
        vereint(home)
            .args(["directory", "serve", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(home.join("directory.sqlite3"))
            .env("VEREINT_DIRECTORY__ADMIN_TOKEN_FILE", &admin_file)
            .env("VEREINT_DIRECTORY__PUBLIC_URL", &base)
            .env("VEREINT_DIRECTORY__BBB__URL", &sim_url)
            .env(
                "VEREINT_DIRECTORY__BBB__SECRET_FILE",
                home.join("bbb-secret"),
            )
            .env("VEREINT_DIRECTORY__BBB__CHECKSUM", "sha256")
            .env("VEREINT_DIRECTORY__LOG", "debug")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap(),
    );
    wait_ready(&base).await;

    // book from the CLI (as a club would), then approve
    let out = vereint(home)
        .args(["book", "room", "--directory", &base])
        .args([
            "--organisation",
            "Kiezchor Wedding e.V.",
            "--contact-name",
            "Ada Lovelace",
        ])
        .args([
            "--email",
            "ada@example.org",
            "--purpose",
            "Chorprobe online",
        ])
        .args(["--name", "Chorprobe Dienstag", "--participants", "20"])
        .arg("--accept-code-of-conduct")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the CLI keeps the owner token in the user's store (0600), not on the screen
    let store: Value =
        serde_json::from_slice(&std::fs::read(home.join("data/vereint/mine.json")).unwrap())
            .unwrap();
    let booked = &store["bookings"][0];
    let id = booked["id"].as_str().unwrap().to_string();
    let owner = booked["owner_token"].as_str().unwrap().to_string();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&owner));
    let approved = http()
        .post(format!("{base}/api/v1/admin/bookings/{id}/approve"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 200);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved["status"], "active");
    let links = &approved["links"];
    let room_url = links["room_url"].as_str().unwrap().to_string();
    let viewer = links["viewer_code"].as_str().unwrap().to_string();
    let moderator = links["moderator_code"].as_str().unwrap().to_string();
    assert!(
        room_url.starts_with(&format!("{base}/r/chorprobe-dienstag-")),
        "{room_url}"
    );

    // the page: a form in the language asked for
    let page = http()
        .get(&room_url)
        .header("Accept-Language", "de-DE,de;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("<html lang=\"de\">") && page.contains("Zugangscode"),
        "{page}"
    );
    assert!(page.contains("name=\"name\"") && page.contains("name=\"code\""));
    let english = http()
        .get(format!("{room_url}?lang=en"))
        .send()
        .await
        .unwrap();
    assert!(english.text().await.unwrap().contains("Access code"));

    // a wrong code is refused with a page, not a redirect, and what was typed comes back escaped
    let evil = "<script>alert(1)</script>";
    let refused = enter(&room_url, evil, "not-the-code").await;
    assert_eq!(refused.status(), 403);
    assert!(refused.headers().get("location").is_none());
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{text}"
    );
    assert!(!text.contains(evil));

    // an empty name is refused before the code is even looked at
    let nameless = enter(&room_url, "   ", &moderator).await;
    assert_eq!(nameless.status(), 400);
    assert!(nameless.text().await.unwrap().contains("role=\"alert\""));

    // only moderators may start: a viewer first waits on a page that refreshes itself
    let waiting = enter(&room_url, "Bo Viewer", &viewer).await;
    assert_eq!(waiting.status(), 200);
    let text = waiting.text().await.unwrap();
    assert!(text.contains("http-equiv=\"refresh\""), "{text}");
    let refresh = text
        .split(";url=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(
        !refresh.contains(&viewer),
        "the code must not travel in the refresh URL"
    );

    assert_eq!(
        joined_role(enter(&room_url, "Mo Derator", &moderator).await, &sim_url).await,
        "MODERATOR"
    );
    // now running: the waiting viewer's next refresh lets them in
    let refreshed = http().get(format!("{base}{refresh}")).send().await.unwrap();
    assert_eq!(joined_role(refreshed, &sim_url).await, "VIEWER");
    assert_eq!(
        joined_role(
            enter(&room_url, "Cy", &format!(" {} ", viewer.to_uppercase())).await,
            &sim_url
        )
        .await,
        "VIEWER"
    );

    // the owner rotates the codes: the old viewer code stops working at once
    let rotated: Value = http()
        .post(format!("{base}/api/v1/bookings/{id}/room/rotate-codes"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_viewer = rotated["viewer_code"].as_str().unwrap();
    assert_ne!(new_viewer, viewer);
    assert_eq!(enter(&room_url, "Bo", &viewer).await.status(), 403);
    assert_eq!(
        joined_role(enter(&room_url, "Bo", new_viewer).await, &sim_url).await,
        "VIEWER"
    );
    let booking: Value = http()
        .get(format!("{base}/api/v1/bookings/{id}"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        booking["links"]["viewer_code"], new_viewer,
        "the booking's links follow the rotation"
    );

    // rate limit: after five wrong codes this client is held off even with the right one
    for _ in 0..5 {
        assert_eq!(enter(&room_url, "Eve", "guess").await.status(), 403);
    }
    let limited = enter(&room_url, "Eve", new_viewer).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().get("retry-after").is_some());

    // unknown rooms are a 404 page
    let missing = http()
        .get(format!("{base}/r/no-such-room"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        missing.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    // owners' CLI: token from a file
    let token_file = home.join("owner-token");
    std::fs::write(&token_file, &owner).unwrap();
    let out = vereint(home)
        .args([
            "room",
            "set",
            &id,
            "--anyone-may-start",
            "true",
            "--max-participants",
            "0",
            "--json",
            "--url",
            &base,
        ])
        .arg("--token-file")
        .arg(&token_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["anyone_may_start"], true);
    assert_eq!(shown["max_participants"], Value::Null);
    let wrong = vereint(home)
        .args(["room", "show", &id, "--url", &base])
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin
                .take()
                .unwrap()
                .write_all(b"not-the-owner-token\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(!wrong.status.success());

    // the log: requests were logged, but no secret and no join URL
    let _ = directory.0.kill();
    let _ = directory.0.wait();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("/r/{slug}"),
        "expected request lines in the debug log:\n{log}"
    );
    assert!(!log.contains(SECRET), "the BBB secret is in the log");
    assert!(!log.contains("checksum="), "a signed URL is in the log");
    assert!(
        !log.contains(&moderator) && !log.contains(new_viewer),
        "an access code is in the log"
    );
}
