//! STUN binding probes per second against a local coturn (issue 6 target: at least 10,000/s over UDP).
//! Run: cargo bench --bench stun   (needs `turnserver` from Debian's coturn package)

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use vereint::integrations::stun::{Outcome, Transport, binding};

const CONCURRENCY: usize = 64;
const RUN: Duration = Duration::from_secs(5);

fn free_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::main]
async fn main() {
    // `cargo test --all-targets` runs bench binaries without `--bench`: nothing to measure then
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new("turnserver")
        .args(["-n", "--no-cli", "--no-tls", "--no-dtls", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1"])
        .arg(format!("--listening-port={port}"))
        .arg(format!("--userdb={}", dir.path().join("db").display()))
        .arg(format!("--pidfile={}", dir.path().join("pid").display()))
        .args(["--log-file=/dev/null", "--no-stdout-log"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("turnserver (apt-get install coturn)");
    let server = SocketAddr::from(([127, 0, 0, 1], port));
    let mut ready = false;
    for _ in 0..50 {
        if binding(server, Transport::Udp, Duration::from_millis(200)).await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "coturn did not start");

    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (ok, failed) = (ok.clone(), failed.clone());
            tokio::spawn(async move {
                while started.elapsed() < RUN {
                    match binding(server, Transport::Udp, Duration::from_secs(1)).await {
                        Ok(Outcome::Mapped { .. }) => ok.fetch_add(1, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    println!(
        "stun/udp_binding: {ok} ok, {failed} failed in {secs:.1} s = {:.0} probes/s (target >= 10000, ratio {:.2})",
        ok as f64 / secs,
        ok as f64 / secs / 10_000.0
    );
    let _ = child.kill();
    let _ = child.wait();
}
