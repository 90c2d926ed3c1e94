//! Independent clients keep `vereint sim bbb` honest: PyPI `bbbctl` and `bigbluebutton-api-python`
//! (installed by tests/peers/bbb/setup.sh) drive create/join/info/end against the real binary,
//! with SHA-1 and SHA-256.

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use support::ChildGuard;

/// Where setup.sh puts the venv; `BBB_PEER_VENV` overrides it.
fn venv_python() -> Option<PathBuf> {
    let venv = std::env::var_os("BBB_PEER_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/tmp/vereint-test/peers/bbb-venv"));
    let python = venv.join("bin/python");
    if python.is_file() {
        return Some(python);
    }
    let message = format!(
        "the BBB peers are not installed in {} (run tests/peers/bbb/setup.sh)",
        venv.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}; CI must have them: scripts/test.sh installs them");
    }
    eprintln!("SKIPPED: {message}");
    None
}

#[test]
fn python_peers_drive_the_simulator_with_sha1_and_sha256() {
    let Some(python) = venv_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let secret = "peer-secret-5d1f0a";
    let secret_file = dir.path().join("bbb-secret");
    std::fs::write(&secret_file, format!("{secret}\n")).unwrap();
    let mut sim = ChildGuard(
        Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args([
                "--lang",
                "en",
                "sim",
                "bbb",
                "--bind",
                "127.0.0.1:0",
                "--secret-file",
            ])
            .arg(&secret_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let url = support::printed_url(&mut sim);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peers/bbb/drive.py");
    for algorithm in ["sha1", "sha256"] {
        let out = Command::new(&python)
            .arg(script)
            .arg(algorithm)
            .env("BBB_PEER_URL", &url)
            .env("BBB_PEER_SECRET", secret)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{algorithm}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(&format!("all ok {algorithm}")), "{stdout}");
        assert!(stdout.matches("\nok ").count() >= 20, "{stdout}");
    }
}
