//! End to end: `vereint directory serve` with `vereint sim mattermost`: book a team over HTTP,
//! approve it, and the invite link resolves on the simulator; the owner regenerates it from the
//! CLI; the directory's log never contains the Mattermost token.

use crate::support;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{ChildGuard, free_port};
use vereint::integrations::mattermost::{Client as Mm, TeamType, Token};

const MM_TOKEN: &str = "mm-bot-token-e2e-5f3a9c";
const ADMIN: &str = "admin-token-for-e2e-0123456789";
const CATALOG_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/directory/catalog"
);

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "port {port} never opened");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn invite_id(url: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no id in {url}"))
}

#[tokio::test]
async fn team_booking_gets_a_working_invite_link() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("mm-token");
    std::fs::write(&token_file, MM_TOKEN).unwrap();
    let mm_port = free_port();
    let _sim = ChildGuard(
        Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args([
                "sim",
                "mattermost",
                "--bind",
                &format!("127.0.0.1:{mm_port}"),
            ])
            .arg("--token-file")
            .arg(&token_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(mm_port);
    let mm_url = format!("http://127.0.0.1:{mm_port}");

    // the operator's community channel, with a read-only reader account
    let mm = Mm::new(&mm_url, Some(Token::new(MM_TOKEN))).unwrap();
    let reader_token = support::community_channel(&mm_url, MM_TOKEN, "Willkommen im Forum!").await;

    let mut directory = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args([
            "--lang",
            "en",
            "directory",
            "serve",
            "--bind",
            "127.0.0.1:0",
        ])
        .arg("--database")
        .arg(dir.path().join("dir.sqlite3"))
        .env("XDG_CONFIG_HOME", dir.path())
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
        .env("VEREINT_DIRECTORY__LOG", "debug")
        .env("VEREINT_DIRECTORY__MATTERMOST__URL", &mm_url)
        .env("VEREINT_DIRECTORY__MATTERMOST__TOKEN", MM_TOKEN)
        .env(
            "VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_CHANNEL",
            "gemeinschaft/forum",
        )
        .env(
            "VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_TOKEN",
            &reader_token,
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(directory.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let base = format!("http://{addr}");
    let directory = ChildGuard(directory);

    let http = reqwest::Client::new();

    // community posts through the directory's client, without any token in the answer
    let client = vereint::client::Client::new(&base).unwrap();
    let feed = client.community().await.unwrap();
    assert_eq!(feed.channel, "gemeinschaft/forum");
    assert_eq!(
        feed.join_url,
        format!("{mm_url}/gemeinschaft/channels/forum")
    );
    assert_eq!(feed.posts.len(), 1);
    assert_eq!(feed.posts[0].message, "Willkommen im Forum!");
    assert_eq!(feed.posts[0].author, "sysadmin");
    let raw = http
        .get(format!("{base}/api/v1/community"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!raw.contains(&reader_token) && !raw.contains(MM_TOKEN));
    // book from the CLI, as a club would; the owner token lands in the user's store
    let out = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args(["--lang", "en", "book", "chat", "--directory", &base])
        .args([
            "--organisation",
            "TSV Beispiel e.V.",
            "--contact-name",
            "Anna Schmidt",
        ])
        .args(["--email", "anna@example.org"])
        .args(["--purpose", "Absprachen im Vorstand und mit den Trainern"])
        .args(["--name", "TSV Beispiel", "--participants", "25"])
        .arg("--accept-code-of-conduct")
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("data/vereint/mine.json")).unwrap())
            .unwrap();
    let created = &store["bookings"][0];
    let id = created["id"].as_str().unwrap().to_string();
    let owner = created["owner_token"].as_str().unwrap().to_string();

    let approve = || async {
        http.post(format!("{base}/api/v1/admin/bookings/{id}/approve"))
            .bearer_auth(ADMIN)
            .send()
            .await
            .unwrap()
    };
    let response = approve().await;
    assert_eq!(response.status(), 200);
    let booking: Value = response.json().await.unwrap();
    assert_eq!(booking["status"], "active");
    let invite_url = booking["links"]["invite_url"].as_str().unwrap().to_string();
    assert!(invite_url.starts_with(&format!("{mm_url}/signup_user_complete/?id=")));

    // the invite id resolves on the simulator, without authentication
    let anon = Mm::new(&mm_url, None).unwrap();
    let team = anon.team_by_invite(&invite_id(&invite_url)).await.unwrap();
    assert_eq!(team.display_name, "TSV Beispiel");

    // invite-only, with the default channels
    let full = mm.team(&team.id).await.unwrap();
    assert_eq!(full.team_type, TeamType::InviteOnly);
    for channel in ["allgemein", "vorstand"] {
        assert!(
            mm.channel_by_name(&team.id, channel)
                .await
                .unwrap()
                .is_some()
        );
    }

    // approving again changes nothing (and makes no second team)
    let again: Value = approve().await.json().await.unwrap();
    assert_eq!(again["links"]["invite_url"], invite_url.as_str());

    // the owner sees the team; someone else does not
    let shown: Value = http
        .get(format!("{base}/api/v1/bookings/{id}/team"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["invite_url"], invite_url.as_str());
    let refused = http
        .post(format!("{base}/api/v1/bookings/{id}/team/invite"))
        .bearer_auth("not-the-owner-token")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    // regenerate from the CLI, the owner token on stdin
    let mut cli = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args(["--lang", "en", "team", "regenerate-invite", &id, "--json"])
        .args(["--url", &base])
        .env("XDG_CONFIG_HOME", dir.path())
        .env("VEREINT_CATALOG__DIR", CATALOG_DIR)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    cli.stdin
        .take()
        .unwrap()
        .write_all(owner.as_bytes())
        .unwrap();
    let out = cli.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let regenerated: Value = serde_json::from_slice(&out.stdout).unwrap();
    let new_url = regenerated["invite_url"].as_str().unwrap();
    assert_ne!(new_url, invite_url);
    assert!(anon.team_by_invite(&invite_id(&invite_url)).await.is_err());
    assert_eq!(
        anon.team_by_invite(&invite_id(new_url)).await.unwrap().id,
        team.id
    );
    let booking: Value = http
        .get(format!("{base}/api/v1/bookings/{id}"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(booking["links"]["invite_url"], new_url);

    // the directory's log never shows the Mattermost token
    let mut directory = directory;
    let _ = directory.0.kill();
    let mut log = String::new();
    directory
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(!log.contains(MM_TOKEN), "token in the log:\n{log}");
    assert!(!log.contains(&reader_token), "community token in the log");
    assert!(!log.contains(&owner), "owner token in the log");
}
