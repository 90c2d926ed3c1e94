//! Helpers shared by integration tests that need real programs.

#![allow(dead_code)]

use std::path::PathBuf;

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

/// Kills the child process when dropped.
pub struct ChildGuard(pub std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
