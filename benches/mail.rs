//! Mail from the outbox to a local SMTP server (aiosmtpd from tests/smtp/setup.sh, STARTTLS and
//! AUTH, as in the tests), and what a mail adds to a booking request:
//!
//!   cargo bench --bench mail -- [--bookings 2000] [--connections 16]
//!
//! Three in-process directories on SQLite files, serving on loopback: one without
//! `[directory.smtp]`, one whose SMTP server is away (a closed loopback port: each booking writes
//! its mail into the outbox and the worker's one attempt per batch is refused, which is what a
//! request pays for mail), and one with aiosmtpd delivering alongside (on this 2-core machine the
//! SMTP server and the delivery share the CPU with the server and the load). The same number of
//! `POST /api/v1/bookings` against each (alternating rounds), each booking with its own address.
//! Prints p50/p99 of the bookings' latency for the three, and how fast the outbox delivered (mails
//! per second from the first booking to the last mail arriving, and the drain after the last
//! booking).

#[path = "../tests/support/smtp.rs"]
mod smtp;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use vereint::api::{BookingKind, NewBooking};
use vereint::client::{Client, new_idempotency_key};
use vereint::directory::Options;
use vereint::directory::db::Location;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn serve(options: Options) -> String {
    let (router, _state) = vereint::directory::app(options).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    format!("http://{addr}/")
}

fn booking(round: usize, n: usize) -> NewBooking {
    NewBooking {
        kind: BookingKind::BbbRoom,
        organisation: format!("Verein {n}"),
        contact_name: "Ada".into(),
        email: format!("club-{round}-{n}@example.org"),
        purpose: "mail benchmark".into(),
        name: format!("Raum {n}"),
        expected_participants: 5,
        accept_code_of_conduct: true,
        lang: None,
    }
}

/// Books `count` times with `connections` at once; every request's latency.
async fn book(url: &str, round: usize, count: usize, connections: usize) -> Vec<Duration> {
    let client = Client::new(url).unwrap();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = client.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= count {
                    return times;
                }
                let start = Instant::now();
                client
                    .book(&booking(round, n), &new_idempotency_key())
                    .await
                    .expect("booking");
                times.push(start.elapsed());
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

/// A loopback port nobody listens on (bound, then released).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let count = arg("--bookings", 2000);
    let connections = arg("--connections", 16);
    let rounds = 3;
    let Some(python) = smtp::python() else {
        panic!("the mail benchmark needs aiosmtpd: bash tests/smtp/setup.sh")
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let server = smtp::SmtpServer::start(&python);
        let dir = tempfile::tempdir().unwrap();
        let catalog = vereint::catalog::embedded().expect("the embedded catalogue");
        let mut off = Options::new(Location::Sqlite(dir.path().join("off.sqlite3")), catalog.clone());
        off.rate_per_second = 0.0;
        let mut away = Options::new(
            Location::Sqlite(dir.path().join("away.sqlite3")),
            catalog.clone(),
        );
        away.rate_per_second = 0.0;
        away.notify.retry_first_secs = 3600;
        away.smtp = Some(vereint::config::SmtpSettings {
            url: format!("smtp://127.0.0.1:{}", closed_port()),
            ..smtp::settings(&server)
        });
        let mut on = Options::new(Location::Sqlite(dir.path().join("on.sqlite3")), catalog);
        on.rate_per_second = 0.0;
        on.smtp = Some(smtp::settings(&server));
        let off_url = serve(off).await;
        let away_url = serve(away).await;
        let on_url = serve(on).await;
        let (mut lat_off, mut lat_away, mut lat_on) = (Vec::new(), Vec::new(), Vec::new());
        let mut delivered_rates = Vec::new();
        for round in 0..rounds {
            lat_off.extend(book(&off_url, round, count, connections).await);
            lat_away.extend(book(&away_url, round, count, connections).await);
            let before = server.mails().len();
            let start = Instant::now();
            lat_on.extend(book(&on_url, round, count, connections).await);
            let booked = start.elapsed();
            server
                .wait_for(Duration::from_secs(600), |m| m.len() >= before + count)
                .await;
            let all = start.elapsed();
            delivered_rates.push(count as f64 / all.as_secs_f64());
            println!(
                "round {round}: {count} bookings in {:.2} s with mail on; all {count} mails delivered after {:.2} s ({:.0} mails/s; drain after the last booking {:.2} s)",
                booked.as_secs_f64(),
                all.as_secs_f64(),
                count as f64 / all.as_secs_f64(),
                (all - booked).as_secs_f64()
            );
        }
        lat_off.sort();
        lat_away.sort();
        lat_on.sort();
        let p99 = |l: &[Duration]| percentile(l, 0.99);
        println!(
            "POST /api/v1/bookings, {connections} at once, {} each: mail off p50 {:.2} ms p99 {:.2} ms; mail queued (SMTP away) p50 {:.2} ms p99 {:.2} ms; mail delivered alongside p50 {:.2} ms p99 {:.2} ms",
            lat_off.len(),
            percentile(&lat_off, 0.5),
            p99(&lat_off),
            percentile(&lat_away, 0.5),
            p99(&lat_away),
            percentile(&lat_on, 0.5),
            p99(&lat_on),
        );
        println!(
            "p99 added by mail: {:+.2} ms queued (what the request pays), {:+.2} ms with delivery and aiosmtpd on the same 2 cores",
            p99(&lat_away) - p99(&lat_off),
            p99(&lat_on) - p99(&lat_off)
        );
        delivered_rates.sort_by(f64::total_cmp);
        println!(
            "outbox to aiosmtpd (STARTTLS, AUTH): median {:.0} mails/s",
            delivered_rates[delivered_rates.len() / 2]
        );
    });
}
