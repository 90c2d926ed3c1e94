//! Mail from the outbox to a local SMTP server (aiosmtpd from tests/smtp/setup.sh, STARTTLS and
//! AUTH, as in the tests), and what a mail adds to a booking request:
//!
//!   cargo bench --bench mail -- [--rate 100] [--steady 300] [--blocks 8]
//!                               [--connections 16] [--saturated 1000] [--in-memory]
//!
//! Three in-process directories on SQLite files, serving on loopback: one without
//! `[directory.smtp]`, one whose SMTP server is away (a closed loopback port: each booking writes
//! its mail into the outbox and the worker's one attempt per batch is refused, which is what a
//! request pays for mail), and one with aiosmtpd delivering alongside (on this 2-core machine the
//! SMTP server and the delivery share the CPU with the server and the load; its spool is in
//! /dev/shm). The directories' databases are on disk, with their fsyncs; with `--in-memory` in
//! /dev/shm, where an fsync costs nothing: what the directory itself adds, without the disk's
//! tail (on this machine's virtual disk a single fsync now and then takes 100 ms and more, which
//! then decides every mode's p99).
//!
//! Two loads, each in `--blocks` blocks that take turns between the three directories, so that the
//! machine's drift falls on all three alike:
//! - steady: `--rate` bookings a second, each sent at its time whether or not the one before has
//!   been answered (open loop; its latency counts from when it was due). This is what a person
//!   booking feels, at a rate far above any real day's. The target applies here.
//! - saturated: `--connections` clients booking one after the other as fast as they are answered.
//!   Every booking then waits for the ones before it on SQLite's one write connection, so latency
//!   is the inverse of throughput; printed as bookings per second, with the p99 beside it.
//!
//! After each block with delivery the benchmark waits until every mail has arrived, so the next
//! block starts on a quiet machine; the saturated blocks' mails per second count from their first
//! booking to their last mail.

#[path = "../tests/support/smtp.rs"]
mod smtp;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// Every booking has its own address, so none reaches the hourly cap.
fn booking(n: usize) -> NewBooking {
    NewBooking {
        kind: BookingKind::BbbRoom,
        organisation: format!("Verein {n}"),
        contact_name: "Ada".into(),
        email: format!("club-{n}@example.org"),
        purpose: "mail benchmark".into(),
        name: format!("Raum {n}"),
        expected_participants: 5,
        accept_code_of_conduct: true,
        lang: None,
    }
}

/// Numbers bookings across all blocks and directories.
static NEXT: AtomicUsize = AtomicUsize::new(0);

async fn book_one(client: &Client) {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    client
        .book(&booking(n), &new_idempotency_key())
        .await
        .expect("booking");
}

/// `count` bookings at `rate` a second, each sent when it is due; each one's latency from then.
async fn steady(client: &Client, rate: usize, count: usize) -> Vec<Duration> {
    let start = tokio::time::Instant::now() + Duration::from_millis(10);
    let gap = Duration::from_secs(1) / u32::try_from(rate.max(1)).unwrap_or(u32::MAX);
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        let due = start + gap * u32::try_from(i).unwrap_or(u32::MAX);
        tokio::time::sleep_until(due).await;
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            book_one(&client).await;
            due.elapsed()
        }));
    }
    let mut all = Vec::with_capacity(count);
    for t in tasks {
        all.push(t.await.unwrap());
    }
    all
}

/// `count` bookings by `connections` clients, each booking again once answered; every latency and
/// the time all took.
async fn saturated(client: &Client, count: usize, connections: usize) -> (Vec<Duration>, Duration) {
    let left = Arc::new(AtomicUsize::new(count));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = client.clone();
        let left = left.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                let start = Instant::now();
                book_one(&client).await;
                times.push(start.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    (all, started.elapsed())
}

/// A loopback port nobody listens on (bound, then released).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(times: &[Duration], p: f64) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort();
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[i])
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// What one directory's blocks measured.
#[derive(Default)]
struct Mode {
    steady: Vec<Duration>,
    steady_p99_by_block: Vec<f64>,
    saturated: Vec<Duration>,
    saturated_rate_by_block: Vec<f64>,
}

const NAMES: [&str; 3] = ["mail off", "queued, SMTP away", "delivered alongside"];

fn main() {
    // `cargo test --all-targets` runs it without `--bench`: one small block, to see it still works
    let full = std::env::args().any(|a| a == "--bench");
    let rate = arg("--rate", 100);
    let steady_count = arg("--steady", if full { 300 } else { 50 });
    let blocks = arg("--blocks", if full { 8 } else { 1 });
    let connections = arg("--connections", 16);
    let saturated_count = arg("--saturated", if full { 1000 } else { 100 });
    let Some(python) = smtp::python() else {
        panic!("the mail benchmark needs aiosmtpd: bash tests/smtp/setup.sh")
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // the SMTP server keeps what it receives in memory: in production it is another machine,
        // and its files on this disk would make the directory's fsyncs wait for them
        let spool = tempfile::tempdir_in("/dev/shm").expect("a folder in /dev/shm");
        let server = smtp::SmtpServer::start_in(&python, spool);
        let dir = if std::env::args().any(|a| a == "--in-memory") {
            tempfile::tempdir_in("/dev/shm").unwrap()
        } else {
            tempfile::tempdir().unwrap()
        };
        let catalog = vereint::catalog::embedded().expect("the embedded catalogue");
        let options = |file: &str| {
            let mut o = Options::new(Location::Sqlite(dir.path().join(file)), catalog.clone());
            o.rate_per_second = 0.0;
            o
        };
        let off = options("off.sqlite3");
        let mut away = options("away.sqlite3");
        away.notify.retry_first_secs = 3600;
        away.smtp = Some(vereint::config::SmtpSettings {
            url: format!("smtp://127.0.0.1:{}", closed_port()),
            ..smtp::settings(&server)
        });
        let mut on = options("on.sqlite3");
        on.smtp = Some(smtp::settings(&server));
        let clients = [
            Client::new(&serve(off).await).unwrap(),
            Client::new(&serve(away).await).unwrap(),
            Client::new(&serve(on).await).unwrap(),
        ];
        let mut modes: [Mode; 3] = Default::default();
        let mut mail_rates = Vec::new();
        let wait_for_mail = |expected: usize| {
            server.wait_for(Duration::from_secs(600), move |m| m.len() >= expected)
        };
        for block in 0..blocks {
            for (i, client) in clients.iter().enumerate() {
                let before = server.mails().len();
                let times = steady(client, rate, steady_count).await;
                modes[i].steady_p99_by_block.push(percentile(&times, 0.99));
                modes[i].steady.extend(times);
                if i == 2 {
                    wait_for_mail(before + steady_count).await;
                }
            }
            for (i, client) in clients.iter().enumerate() {
                let before = server.mails().len();
                let started = Instant::now();
                let (times, took) = saturated(client, saturated_count, connections).await;
                modes[i]
                    .saturated_rate_by_block
                    .push(saturated_count as f64 / took.as_secs_f64());
                modes[i].saturated.extend(times);
                if i == 2 {
                    wait_for_mail(before + saturated_count).await;
                    mail_rates.push(saturated_count as f64 / started.elapsed().as_secs_f64());
                }
            }
            println!("block {} of {blocks} done", block + 1);
        }
        println!(
            "steady: {rate} bookings/s, {} each (POST /api/v1/bookings, latency from when each was due):",
            modes[0].steady.len()
        );
        for (name, m) in NAMES.iter().zip(&modes) {
            println!(
                "  {name:20} p50 {:.2} ms  p99 {:.2} ms  (p99 of each block, median {:.2} ms)",
                percentile(&m.steady, 0.5),
                percentile(&m.steady, 0.99),
                median(m.steady_p99_by_block.clone()),
            );
        }
        let added = |i: usize| {
            let pooled = percentile(&modes[i].steady, 0.99) - percentile(&modes[0].steady, 0.99);
            let by_block = median(
                modes[i]
                    .steady_p99_by_block
                    .iter()
                    .zip(&modes[0].steady_p99_by_block)
                    .map(|(m, off)| m - off)
                    .collect(),
            );
            (pooled, by_block)
        };
        let (queued, queued_by_block) = added(1);
        let (delivered, delivered_by_block) = added(2);
        println!(
            "  p99 added by mail: {queued:+.2} ms queued (what the request pays; block by block, median {queued_by_block:+.2} ms), {delivered:+.2} ms with delivery and aiosmtpd on the same 2 cores (median {delivered_by_block:+.2} ms)"
        );
        println!(
            "saturated: {connections} clients, {} bookings each:",
            modes[0].saturated.len()
        );
        for (name, m) in NAMES.iter().zip(&modes) {
            println!(
                "  {name:20} median {:.0} bookings/s  p50 {:.2} ms  p99 {:.2} ms",
                median(m.saturated_rate_by_block.clone()),
                percentile(&m.saturated, 0.5),
                percentile(&m.saturated, 0.99),
            );
        }
        let off_rate = median(modes[0].saturated_rate_by_block.clone());
        let cost = |i: usize| 100.0 * (1.0 - median(modes[i].saturated_rate_by_block.clone()) / off_rate);
        println!(
            "  bookings/s lost to mail: {:.1} % queued, {:.1} % with delivery alongside",
            cost(1),
            cost(2)
        );
        println!(
            "outbox to aiosmtpd (STARTTLS, AUTH), saturated blocks from the first booking to the last mail: median {:.0} mails/s",
            median(mail_rates)
        );
    });
}
