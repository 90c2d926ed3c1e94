//! Independent peer: the official npm `@mattermost/client` (installed by
//! tests/peers/mattermost/setup.sh) drives `vereint sim mattermost`: ping, team, channel, member,
//! invite, bot, token. The install folder can be moved with env `MM_PEER_DIR`.

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{ChildGuard, free_port, require};

const TOKEN: &str = "peer-admin-token-0123456789";

fn peer_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(
        std::env::var("MM_PEER_DIR")
            .unwrap_or_else(|_| "/var/tmp/vereint-test/peers/mm-node".into()),
    );
    if dir
        .join("node_modules/@mattermost/client/package.json")
        .is_file()
    {
        return Some(dir);
    }
    let message = format!(
        "@mattermost/client is not installed in {} (run tests/peers/mattermost/setup.sh)",
        dir.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}; CI must have it: scripts/test.sh installs it");
    }
    eprintln!("SKIPPED: {message}");
    None
}

#[test]
fn official_js_client_against_the_simulator() {
    let Some(node) = require("node", "apt-get install -y nodejs") else {
        return;
    };
    let Some(dir) = peer_dir() else { return };
    let port = free_port();
    let _sim = ChildGuard(
        Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args(["sim", "mattermost", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--token", TOKEN])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "simulator did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/peers/mattermost/peer.js"
    );
    let out = Command::new(node)
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(TOKEN)
        .env("NODE_PATH", dir.join("node_modules"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "peer failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "ping", "team", "invite", "channel", "bot", "member", "token",
    ] {
        assert!(
            stdout.lines().any(|l| l == format!("ok {step}")),
            "step {step} missing:\n{stdout}"
        );
    }
}
