//! Load generator for the directory (a second process on loopback), run by benches/directory.sh:
//!
//!   VEREINT_DIRECTORY__ADMIN_TOKEN=T cargo bench --bench directory_load -- \
//!       --url http://127.0.0.1:8470 [--seconds 10] [--connections 64]
//!
//! The admin token comes from the environment, never from the command line (process lists).
//!
//! It prepares an instance and a booking, then drives three scenarios one after the other over
//! keep-alive HTTP/1.1 connections: a trivial route (`GET /healthz`, the baseline), booking-status
//! reads (`GET /api/v1/bookings/{id}` with the owner token), and signed report ingestion
//! (`POST /api/v1/instances/{id}/reports`, each report unique, acknowledged after commit). For
//! each it prints throughput, p50 and p99 latency, and the ratio to the baseline.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vereint::api::token::sign;
use vereint::api::*;
use vereint::client::{Client, new_idempotency_key};

struct Args {
    url: String,
    admin_token: String,
    seconds: u64,
    connections: usize,
}

fn args() -> Args {
    let mut a = Args {
        url: "http://127.0.0.1:8470".into(),
        admin_token: std::env::var("VEREINT_DIRECTORY__ADMIN_TOKEN").unwrap_or_default(),
        seconds: 10,
        connections: 64,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--url" => a.url = it.next().expect("--url URL"),
            "--seconds" => a.seconds = it.next().and_then(|v| v.parse().ok()).expect("--seconds N"),
            "--connections" => {
                a.connections = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--connections N")
            }
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

#[derive(Clone)]
enum Scenario {
    Baseline,
    Status { id: String, token: String },
    Reports { id: String, secret: String },
}

impl Scenario {
    fn name(&self) -> &'static str {
        match self {
            Scenario::Baseline => "GET /healthz (baseline)",
            Scenario::Status { .. } => "GET /api/v1/bookings/{id}",
            Scenario::Reports { .. } => "POST /api/v1/instances/{id}/reports",
        }
    }

    fn request(&self, host: &str, conn: usize, n: u64) -> Vec<u8> {
        match self {
            Scenario::Baseline => {
                format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()
            }
            Scenario::Status { id, token } => format!(
                "GET /api/v1/bookings/{id} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n"
            )
            .into_bytes(),
            Scenario::Reports { id, secret } => {
                let ts = jiff::Timestamp::now().as_second();
                let body = format!(
                    "{{\"status\":\"ok\",\"seq\":{n},\"conn\":{conn},\"checks\":[{{\"check\":\"http\",\"target\":\"https://bbb.example.org/\",\"status\":\"ok\",\"latency_ms\":12}}]}}"
                );
                let sig = sign(secret, ts, body.as_bytes());
                format!(
                    "POST /api/v1/instances/{id}/reports HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Vereint-Timestamp: {ts}\r\nX-Vereint-Signature: {sig}\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            }
        }
    }

    fn expected(&self) -> u16 {
        match self {
            Scenario::Reports { .. } => 202,
            _ => 200,
        }
    }
}

/// Reads one response; its status.
async fn read_response(r: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> std::io::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut len = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await?;
    Ok(status)
}

struct Outcome {
    requests: u64,
    errors: u64,
    p50_ms: f64,
    p99_ms: f64,
    per_second: f64,
}

async fn run(addr: &str, scenario: Scenario, seconds: u64, connections: usize) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|c| {
            let (addr, scenario, errors) = (addr.to_string(), scenario.clone(), errors.clone());
            tokio::spawn(async move {
                let stream = TcpStream::connect(&addr).await.expect("connect");
                stream.set_nodelay(true).unwrap();
                let (read, mut write) = stream.into_split();
                let mut read = BufReader::new(read);
                let mut latencies = Vec::with_capacity(100_000);
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let req = scenario.request(&addr, c, n);
                    let t = Instant::now();
                    write.write_all(&req).await.expect("write");
                    match read_response(&mut read).await {
                        Ok(s) if s == scenario.expected() => {
                            latencies.push(t.elapsed().as_micros() as u32)
                        }
                        Ok(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                    }
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<u32> = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.is_empty() {
            return f64::NAN;
        }
        all[((all.len() as f64 * p) as usize).min(all.len() - 1)] as f64 / 1000.0
    };
    Outcome {
        requests: all.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        per_second: all.len() as f64 / elapsed,
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    // `cargo test --all-targets` runs bench binaries without `--bench`: nothing to measure then
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let a = args();
    let client = Client::new(&a.url)
        .expect("--url")
        .with_admin_token(a.admin_token.clone());
    let booking = client
        .book(
            &NewBooking {
                kind: BookingKind::BbbRoom,
                organisation: "Benchmark e.V.".into(),
                contact_name: "Bench".into(),
                email: "bench@example.org".into(),
                purpose: "load test".into(),
                name: "Bench room".into(),
                expected_participants: 10,
                accept_code_of_conduct: true,
                lang: None,
            },
            &new_idempotency_key(),
        )
        .await
        .expect("booking");
    let enrollment = client
        .enroll(&NewEnrollment::default())
        .await
        .expect("enrollment (is the admin token right?)");
    let instance = client
        .register_instance(
            &enrollment.token,
            &NewInstance {
                organisation: "Benchmark e.V.".into(),
                contact_email: "bench@example.org".into(),
                services: vec![ServiceEntry {
                    kind: "bbb".into(),
                    url: "https://bbb.example.org/bigbluebutton/api/".into(),
                    software: "BigBlueButton".into(),
                    version: "3.0".into(),
                }],
                lang: None,
            },
        )
        .await
        .expect("instance");
    let addr = url::Url::parse(&a.url).unwrap();
    let addr = format!(
        "{}:{}",
        addr.host_str().unwrap(),
        addr.port_or_known_default().unwrap()
    );
    let scenarios = [
        Scenario::Baseline,
        Scenario::Status {
            id: booking.id,
            token: booking.owner_token,
        },
        Scenario::Reports {
            id: instance.id,
            secret: instance.secret,
        },
    ];
    // warm up
    run(&addr, Scenario::Baseline, 1, a.connections).await;
    println!(
        "{:<40} {:>10} {:>9} {:>9} {:>9} {:>7}",
        "scenario", "req/s", "p50 ms", "p99 ms", "vs base", "errors"
    );
    let mut baseline = None;
    for s in scenarios {
        let name = s.name();
        let o = run(&addr, s, a.seconds, a.connections).await;
        let base = *baseline.get_or_insert(o.per_second);
        println!(
            "{:<40} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>7}",
            name,
            o.per_second,
            o.p50_ms,
            o.p99_ms,
            o.per_second / base,
            o.errors
        );
        let _ = o.requests;
    }
}
