//! `vereint sim mattermost` as a child process, with a channel and an incoming webhook into it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{ChildGuard, free_port};
use vereint::integrations::mattermost::{ChannelType, Client, TeamType, Token};

pub const TOKEN: &str = "sim-admin-token-0123456789";

/// The running simulator and its base URL.
pub fn start(extra: &[&str]) -> (ChildGuard, String) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args(["sim", "mattermost", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--token", TOKEN])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the simulator");
    let guard = ChildGuard(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "simulator did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (guard, format!("http://127.0.0.1:{port}"))
}

pub fn admin(url: &str) -> Client {
    Client::new(url, Some(Token::new(TOKEN))).unwrap()
}

/// A team with a channel "alerts" and an incoming webhook into it: (channel id, hook id).
pub async fn hook(url: &str) -> (String, String) {
    let mm = admin(url);
    let team = mm
        .create_team("betrieb", "Betrieb", TeamType::InviteOnly)
        .await
        .unwrap();
    let channel = mm
        .create_channel(&team.id, "alerts", "Alerts", ChannelType::Public)
        .await
        .unwrap();
    let r = reqwest::Client::new()
        .post(format!("{url}/api/v4/hooks/incoming"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"channel_id": channel.id, "display_name": "vereint"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let hook: serde_json::Value = r.json().await.unwrap();
    assert_eq!(hook["channel_id"], channel.id.as_str());
    (channel.id, hook["id"].as_str().unwrap().to_string())
}

/// The channel's posts, oldest first, with their props: (message, props).
pub async fn posts(url: &str, channel_id: &str) -> Vec<(String, serde_json::Value)> {
    let r = reqwest::Client::new()
        .get(format!(
            "{url}/api/v4/channels/{channel_id}/posts?per_page=200"
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let list: serde_json::Value = r.json().await.unwrap();
    // `order` is newest first, as Mattermost lists it
    let oldest_first: Vec<&serde_json::Value> = list["order"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|id| &list["posts"][id.as_str().unwrap()])
        .collect();
    let times: Vec<i64> = oldest_first
        .iter()
        .map(|p| p["create_at"].as_i64().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] < w[1]),
        "posts of one simulator share no millisecond: {times:?}"
    );
    oldest_first
        .into_iter()
        .map(|p| {
            (
                p["message"].as_str().unwrap().to_string(),
                p["props"].clone(),
            )
        })
        .collect()
}
