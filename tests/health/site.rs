//! `vereint health --site FILE`: the targets of a provisioning site file, checked as the command line's
//! would be (JSON, exit code = worst status); a broken site file is UNKNOWN (3) and says where.

use std::process::Command;

use serde_json::Value;

fn vereint(home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vereint"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .arg("--lang")
        .arg("en");
    cmd
}

const SITE: &str = r#"
organisation = "SV Musterstadt e.V."
contact_email = "it@sv.example"
[tls]
mode = "selfsigned"
[domains]
mattermost = "chat.sv.invalid"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
[[hosts]]
name = "chat"
address = "127.0.0.1"
services = ["mattermost", "coturn"]
"#;

#[test]
fn a_site_files_services_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("club.toml");
    std::fs::write(&site, SITE).unwrap();
    let out = vereint(dir.path())
        .args(["health", "--format", "json", "--timeout", "2", "--site"])
        .arg(&site)
        .output()
        .unwrap();
    let results: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let results = results.as_array().unwrap();
    let targets: Vec<&str> = results
        .iter()
        .map(|r| r["target"].as_str().unwrap())
        .collect();
    for wanted in [
        "https://chat.sv.invalid/",
        "dns:chat.sv.invalid?expect=127.0.0.1",
        "mattermost+https://chat.sv.invalid",
        "stun:127.0.0.1:3478",
        "turn:127.0.0.1:3478",
        "turn:127.0.0.1:3478?transport=tcp",
    ] {
        assert!(
            targets.iter().any(|t| t.starts_with(wanted)),
            "{wanted} missing from {targets:?}"
        );
    }
    // .invalid never resolves: those checks are critical, and so is the exit code
    let dns = results
        .iter()
        .find(|r| r["target"].as_str().unwrap().starts_with("dns:"))
        .unwrap();
    assert_eq!(dns["status"], "critical", "{dns}");
    let worst = results
        .iter()
        .map(|r| match r["status"].as_str().unwrap() {
            "ok" => 0,
            "warning" => 1,
            "critical" => 2,
            _ => 3,
        })
        .max()
        .unwrap();
    assert_eq!(out.status.code(), Some(worst));
}

#[test]
fn a_broken_site_file_is_unknown_and_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("club.toml");
    std::fs::write(&site, SITE.replace("services = [", "servics = [")).unwrap();
    let out = vereint(dir.path())
        .args(["health", "--site"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("club.toml") && err.contains("servics"),
        "{err}"
    );
}
