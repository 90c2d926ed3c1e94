//! STUN and TURN probes against a real coturn (Debian's package) on loopback.

use crate::support;

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::{ChildGuard, free_port, require};
use vereint::integrations::stun::{
    Outcome, Transport, binding, turn_allocate, turn_rest_credentials,
};

const SECRET: &str = "test-static-auth-secret";
const REALM: &str = "vereint.test";

struct Coturn {
    _child: ChildGuard,
    _dir: tempfile::TempDir,
    addr: SocketAddr,
}

async fn start_coturn() -> Option<Coturn> {
    let binary = require("turnserver", "apt-get install coturn")?;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let relay = free_port();
    let child = Command::new(binary)
        .args([
            "-n",
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            "--simple-log",
            "--log-file=stdout",
            "--fingerprint",
        ])
        .arg("--listening-ip=127.0.0.1")
        .arg(format!("--listening-port={port}"))
        .arg("--relay-ip=127.0.0.1")
        .arg(format!("--min-port={relay}"))
        .arg(format!("--max-port={}", relay + 20))
        .arg("--use-auth-secret")
        .arg(format!("--static-auth-secret={SECRET}"))
        .arg(format!("--realm={REALM}"))
        .arg("--denied-peer-ip=10.0.0.0-10.255.255.255")
        .arg("--denied-peer-ip=192.168.0.0-192.168.255.255")
        .arg("--allow-loopback-peers")
        .arg(format!("--userdb={}", dir.path().join("turndb").display()))
        .arg(format!("--pidfile={}", dir.path().join("pid").display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start turnserver");
    let server = Coturn {
        _child: ChildGuard(child),
        _dir: dir,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    for _ in 0..50 {
        if binding(server.addr, Transport::Udp, Duration::from_millis(200))
            .await
            .is_ok()
        {
            return Some(server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("coturn did not answer on {} within 15 s", server.addr);
}

fn expiry() -> i64 {
    jiff::Timestamp::now().as_second() + 600
}

#[tokio::test]
async fn binding_over_udp_and_tcp_reports_our_address() {
    let Some(turn) = start_coturn().await else {
        return;
    };
    for transport in [Transport::Udp, Transport::Tcp] {
        match binding(turn.addr, transport, Duration::from_secs(2))
            .await
            .unwrap()
        {
            Outcome::Mapped { address, .. } => assert_eq!(address.ip().to_string(), "127.0.0.1"),
            other => panic!("{transport:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn coturns_fingerprints_and_signatures_verify() {
    use vereint::integrations::stun::message::{
        BINDING_REQUEST, BINDING_SUCCESS, Builder, Message,
    };
    let Some(turn) = start_coturn().await else {
        return;
    };
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    socket.connect(turn.addr).await.unwrap();
    let request = Builder::new(BINDING_REQUEST, [3; 12])
        .fingerprint()
        .finish();
    socket.send(&request).await.unwrap();
    let mut buf = [0u8; 1500];
    let n = tokio::time::timeout(Duration::from_secs(2), socket.recv(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let answer = Message::parse(&buf[..n]).unwrap();
    assert_eq!(answer.kind, BINDING_SUCCESS);
    assert_eq!(answer.fingerprint_ok(), Some(true));

    // signed allocations on both transports: the probe checks MESSAGE-INTEGRITY and FINGERPRINT
    let creds = turn_rest_credentials(SECRET, "vereint-health", expiry());
    for transport in [Transport::Udp, Transport::Tcp] {
        let (allocation, _) = turn_allocate(
            turn.addr,
            transport,
            Some(&creds),
            None,
            Duration::from_secs(3),
        )
        .await
        .unwrap();
        assert!(
            matches!(allocation, Outcome::Allocated { .. }),
            "{transport:?}: {allocation:?}"
        );
    }
}

#[tokio::test]
async fn allocate_without_credentials_is_challenged() {
    let Some(turn) = start_coturn().await else {
        return;
    };
    for transport in [Transport::Udp, Transport::Tcp] {
        let (outcome, _) = turn_allocate(turn.addr, transport, None, None, Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(
            outcome,
            Outcome::Challenge {
                realm: REALM.into()
            },
            "{transport:?}"
        );
    }
}

#[tokio::test]
async fn allocate_with_rest_credentials_relays_but_not_to_private_peers() {
    let Some(turn) = start_coturn().await else {
        return;
    };
    let creds = turn_rest_credentials(SECRET, "vereint-health", expiry());
    let private: SocketAddr = "10.1.2.3:9".parse().unwrap();
    let (allocation, permission) = turn_allocate(
        turn.addr,
        Transport::Udp,
        Some(&creds),
        Some(private),
        Duration::from_secs(3),
    )
    .await
    .unwrap();
    assert!(
        matches!(allocation, Outcome::Allocated { relayed } if relayed.ip().is_loopback()),
        "{allocation:?}"
    );
    assert!(
        matches!(permission, Some(Outcome::Refused { code: 403, .. })),
        "{permission:?}"
    );

    let public_peer: SocketAddr = "127.0.0.1:9".parse().unwrap();
    let (_, permission) = turn_allocate(
        turn.addr,
        Transport::Tcp,
        Some(&creds),
        Some(public_peer),
        Duration::from_secs(3),
    )
    .await
    .unwrap();
    assert!(
        matches!(permission, Some(Outcome::Allocated { .. })),
        "{permission:?}"
    );
}

#[tokio::test]
async fn wrong_secret_and_expired_credentials_are_refused() {
    let Some(turn) = start_coturn().await else {
        return;
    };
    let wrong = turn_rest_credentials("not-the-secret", "x", expiry());
    let (outcome, _) = turn_allocate(
        turn.addr,
        Transport::Udp,
        Some(&wrong),
        None,
        Duration::from_secs(2),
    )
    .await
    .unwrap();
    assert!(
        matches!(outcome, Outcome::Refused { code: 401, .. }),
        "{outcome:?}"
    );
    let expired = turn_rest_credentials(SECRET, "x", jiff::Timestamp::now().as_second() - 60);
    let (outcome, _) = turn_allocate(
        turn.addr,
        Transport::Udp,
        Some(&expired),
        None,
        Duration::from_secs(2),
    )
    .await
    .unwrap();
    assert!(
        matches!(outcome, Outcome::Refused { code: 401, .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn silent_server_times_out_within_the_limit() {
    // a bound UDP socket that never answers
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let started = std::time::Instant::now();
    let err = binding(
        silent.local_addr().unwrap(),
        Transport::Udp,
        Duration::from_millis(700),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("no answer"), "{err}");
    assert!(
        started.elapsed() < Duration::from_millis(1200),
        "{:?}",
        started.elapsed()
    );
}
