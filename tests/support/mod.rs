//! Helpers shared by integration tests that need real programs.

#![allow(dead_code)]

use std::path::PathBuf;

#[macro_use]
pub mod directory;
pub mod mmsim;
pub mod smtp;
pub mod tmux;
pub mod tui;

/// Finds an external program. Missing: with CI=true the test fails; otherwise it is skipped with the reason.
pub fn require(program: &str, install_hint: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let message = format!("`{program}` is not installed ({install_hint})");
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message}; CI must have it: scripts/test.sh installs it");
        }
        eprintln!("SKIPPED: {message}");
    }
    found
}

/// A free loopback port (TCP and UDP both free at the time of asking).
pub fn free_port() -> u16 {
    loop {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// The `http://` address a child process (`vereint sim ...`, `vereint directory serve`) prints on its
/// first line of standard output, as printed.
pub fn printed_url(child: &mut ChildGuard) -> String {
    use std::io::BufRead as _;
    let mut line = String::new();
    std::io::BufReader::new(child.0.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .unwrap();
    line.split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string()
}

/// The operator's community channel on a Mattermost (simulator) with `admin_token`: team
/// `gemeinschaft`, channel `forum` holding `post`, and a read-only reader; returns the reader's token.
pub async fn community_channel(mm_url: &str, admin_token: &str, post: &str) -> String {
    use vereint::integrations::mattermost::{ChannelType, Client, TeamType, Token};
    let mm = Client::new(mm_url, Some(Token::new(admin_token))).unwrap();
    let community = mm
        .create_team("gemeinschaft", "Gemeinschaft", TeamType::Open)
        .await
        .unwrap();
    let forum = mm
        .create_channel(&community.id, "forum", "Forum", ChannelType::Public)
        .await
        .unwrap();
    mm.create_post(&forum.id, post).await.unwrap();
    let reader = mm.create_bot("leser", "Leser", "reads").await.unwrap();
    mm.add_team_member(&community.id, &reader.user_id)
        .await
        .unwrap();
    mm.create_user_token(&reader.user_id, "community")
        .await
        .unwrap()
        .token
}

/// Kills the child process when dropped.
pub struct ChildGuard(pub std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
