//! `vereint directory serve` under hostile clients, over real TCP on 127.0.0.1: silent sockets by
//! the thousand, half-sent headers and bodies, idle keep-alives, every connection busy, and
//! requests hyper refuses before a handler sees them. The server runs as a child process with its
//! own open-files limit and short timeouts (`[directory] header_timeout_ms`, ...).

use crate::support;
use crate::support::directory as common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::ChildGuard;

const HEADER_TIMEOUT_MS: u64 = 800;
const BODY_TIMEOUT_MS: u64 = 1_200;
/// What a timeout may take beyond its setting on a loaded 2-core machine.
const SLACK: Duration = Duration::from_secs(5);

struct Server {
    child: ChildGuard,
    addr: SocketAddr,
    log: std::path::PathBuf,
    _db: common::TestDb,
    _dir: tempfile::TempDir,
}

impl Server {
    /// The server's log so far (its standard error).
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.0.id()))
            .unwrap()
            .count()
    }
}

/// Starts `vereint directory serve` with at most `open_files` file descriptors and `env` on top
/// of the short timeouts.
fn start(open_files: u32, env: &[(&str, &str)]) -> Server {
    let db = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.log");
    let database = match &db.location {
        vereint::directory::db::Location::Sqlite(p) => p.display().to_string(),
        vereint::directory::db::Location::Postgres(u) => u.clone(),
    };
    let mut cmd = Command::new("bash");
    cmd.args([
        "-c",
        r#"ulimit -n "$0" && exec "$@""#,
        &open_files.to_string(),
        env!("CARGO_BIN_EXE_vereint"),
        "--lang",
        "en",
        "directory",
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--database",
        &database,
    ])
    .env("XDG_CONFIG_HOME", dir.path())
    .env("VEREINT_DIRECTORY__ADMIN_TOKEN", common::ADMIN)
    .env("VEREINT_CATALOG__DIR", common::CATALOG_DIR)
    .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
    .env(
        "VEREINT_DIRECTORY__HEADER_TIMEOUT_MS",
        HEADER_TIMEOUT_MS.to_string(),
    )
    .env(
        "VEREINT_DIRECTORY__BODY_TIMEOUT_MS",
        BODY_TIMEOUT_MS.to_string(),
    )
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(std::fs::File::create(&log).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = ChildGuard(cmd.spawn().unwrap());
    let url = support::printed_url(&mut child);
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    Server {
        child,
        addr,
        log,
        _db: db,
        _dir: dir,
    }
}

/// An answer as read off the socket.
#[derive(Debug)]
struct Answer {
    status: u16,
    /// The head, lower-cased.
    head: String,
    body: String,
}

impl Answer {
    fn parse(raw: &[u8]) -> Option<Answer> {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some(Answer {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        })
    }

    /// The problem's `type` slug, checking that this is problem+json.
    fn problem(&self) -> String {
        assert!(
            self.head
                .contains("\r\ncontent-type: application/problem+json"),
            "{self:?}"
        );
        let v: serde_json::Value =
            serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"));
        assert_eq!(v["status"], self.status, "{v}");
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()), "{v}");
        v["type"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Reads until the server closes the connection (or the read timeout); what came, and when the
/// close came.
fn read_to_close(s: &mut TcpStream) -> (Vec<u8>, Option<Instant>) {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (out, Some(Instant::now())),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            // a reset after the answer is a close too
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (out, Some(Instant::now()));
            }
            Err(_) => return (out, None),
        }
    }
}

/// Sends `request` on a new connection and reads the answer up to the close.
fn exchange(addr: SocketAddr, request: &[u8]) -> Answer {
    let mut s = connect(addr);
    s.write_all(request).unwrap();
    let (raw, closed) = read_to_close(&mut s);
    assert!(
        closed.is_some(),
        "no answer to {:?}",
        String::from_utf8_lossy(request)
    );
    Answer::parse(&raw).unwrap_or_else(|| {
        panic!(
            "no HTTP answer to {:?}: {:?}",
            String::from_utf8_lossy(request),
            String::from_utf8_lossy(&raw)
        )
    })
}

fn get(addr: SocketAddr, path: &str) -> Answer {
    exchange(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Raises this test process's own open-files limit to at least `want` (2,000 sockets need it).
fn raise_open_files(want: u64) {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let soft: u64 = limits
        .lines()
        .find_map(|l| l.strip_prefix("Max open files"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if soft >= want {
        return;
    }
    support::require("prlimit", "util-linux").expect("prlimit");
    let status = Command::new("prlimit")
        .args([
            "--pid",
            &std::process::id().to_string(),
            &format!("--nofile={want}:{want}"),
        ])
        .status()
        .unwrap();
    assert!(
        status.success(),
        "raising this test's open-files limit to {want} failed (it is {soft})"
    );
}

/// With 1,024 open files and 2,000 sockets that never send a byte held open, normal requests are
/// still answered, and the server never holds more descriptors than it may.
#[test]
fn two_thousand_silent_sockets_lock_nobody_out() {
    raise_open_files(2_600);
    let server = start(1024, &[("VEREINT_DIRECTORY__HEADER_TIMEOUT_MS", "60000")]);
    let mut silent = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        silent.push(connect(server.addr));
    }
    let started = Instant::now();
    for i in 0..20 {
        let a = get(server.addr, "/healthz");
        assert_eq!(
            a.status, 200,
            "request {i} while 2,000 sockets are silent: {a:?}"
        );
    }
    // long before the (60 s) header timeout: the room came from closing the oldest silent ones
    assert!(started.elapsed() < Duration::from_secs(30));
    let files = server.open_files();
    assert!(files <= 1024, "the server holds {files} descriptors");
    let metrics = get(server.addr, "/metrics").body;
    let closed: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("vereint_connections_closed_for_room_total "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(closed >= 1_000, "{closed} closed to make room");
    eprintln!(
        "hostile: 2000 silent sockets held, 20 of 20 requests answered in {} ms, {closed} silent ones closed to make room, at most {files} descriptors",
        started.elapsed().as_millis()
    );
    let log = server.log();
    assert!(!log.contains("out of file descriptors"), "{log}");
    assert!(
        log.contains("raise LimitNOFILE"),
        "the cap was lowered, and said so: {log}"
    );
    drop(silent);
}

/// Headers that stop halfway, and a kept-alive connection that stays silent after its answer,
/// are closed once `header_timeout_ms` has passed, not before.
#[test]
fn half_sent_headers_and_idle_keep_alives_are_closed() {
    let server = start(1024, &[]);
    let timeout = Duration::from_millis(HEADER_TIMEOUT_MS);

    let mut half = connect(server.addr);
    let sent = Instant::now();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .unwrap();
    let (raw, closed) = read_to_close(&mut half);
    let took = closed.expect("closed") - sent;
    assert!(raw.is_empty(), "{:?}", String::from_utf8_lossy(&raw));
    assert!(
        took >= timeout && took < timeout + SLACK,
        "closed after {took:?}"
    );

    let mut idle = connect(server.addr);
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 512];
    let n = idle.read(&mut first).unwrap();
    let answered = Instant::now();
    assert!(
        first[..n].starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&first[..n])
    );
    let (_, closed) = read_to_close(&mut idle);
    let took = closed.expect("closed") - answered;
    assert!(
        took < timeout + SLACK,
        "idle keep-alive closed after {took:?}"
    );
    assert!(
        took >= timeout - Duration::from_millis(100),
        "idle keep-alive closed after {took:?}"
    );

    let mut silent = connect(server.addr);
    let (_, closed) = read_to_close(&mut silent);
    assert!(closed.is_some(), "a silent socket is closed too");
    let metrics = get(server.addr, "/metrics").body;
    let timeouts: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("vereint_header_timeouts_total "))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(timeouts, 3, "the half-sent, the idle and the silent one");
}

/// A body that stops halfway is answered 408 problem+json and its connection closed after
/// `body_timeout_ms`; and while every connection is busy that way, a new one gets an immediate
/// 503 problem (not a hang), then is served once the slow ones are gone.
#[test]
fn half_sent_bodies_time_out_and_a_full_server_refuses_cleanly() {
    let cap = 8;
    let server = start(1024, &[("VEREINT_DIRECTORY__MAX_CONNECTIONS", "8")]);
    let slow: Vec<(TcpStream, Instant)> = (0..cap)
        .map(|_| {
            let mut s = connect(server.addr);
            s.write_all(
                b"POST /api/v1/bookings HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nIdempotency-Key: 7d4f0c9a-2b1e-4c3d-9f8a-6e5b4a3c2d1f\r\nContent-Length: 500\r\n\r\n{\"kind\": \"bbb_",
            )
            .unwrap();
            (s, Instant::now())
        })
        .collect();
    // every connection now has a request in flight: nothing can be closed to make room
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    let refused = get(server.addr, "/healthz");
    assert!(asked.elapsed() < Duration::from_secs(2), "answered at once");
    assert_eq!(refused.status, 503, "{refused:?}");
    assert_eq!(refused.problem(), "unavailable");
    assert!(refused.head.contains("\r\nretry-after: 1"), "{refused:?}");

    let timeout = Duration::from_millis(BODY_TIMEOUT_MS);
    for (mut s, sent) in slow {
        let (raw, closed) = read_to_close(&mut s);
        let took = closed.expect("closed after the answer") - sent;
        let a = Answer::parse(&raw).expect("an answer before the close");
        assert_eq!(a.status, 408, "{a:?}");
        assert_eq!(a.problem(), "request-timeout");
        assert!(
            took >= timeout && took < timeout + SLACK,
            "closed after {took:?}"
        );
    }
    assert_eq!(get(server.addr, "/healthz").status, 200);
    let metrics = get(server.addr, "/metrics").body;
    assert!(
        metrics.contains("vereint_connections_refused_total 1\n"),
        "{metrics}"
    );
}

/// What hyper refuses before any handler runs is problem+json like every other refusal.
#[test]
fn refusals_of_the_http_layer_are_problems() {
    let server = start(1024, &[]);
    let mut cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "a byte that is not ASCII in the path",
            b"GET /api/v1/bookings/\xff\xfe HTTP/1.1\r\nHost: t\r\n\r\n".to_vec(),
            400,
        ),
        (
            "NUL in a header",
            b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\x00b\r\n\r\n".to_vec(),
            400,
        ),
        (
            "an escape character in a header",
            b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: \x1b]0;owned\x07\r\n\r\n".to_vec(),
            400,
        ),
        (
            "not a method",
            b"G(T /healthz HTTP/1.1\r\nHost: t\r\n\r\n".to_vec(),
            400,
        ),
        (
            "a malformed Content-Length",
            b"POST /api/v1/bookings HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n".to_vec(),
            400,
        ),
    ];
    let mut big = b"GET /healthz HTTP/1.1\r\nHost: t\r\n".to_vec();
    for i in 0..400 {
        big.extend_from_slice(format!("X-Filler-{i}: {}\r\n", "a".repeat(60)).as_bytes());
    }
    big.extend_from_slice(b"\r\n");
    cases.push(("headers over 16 KiB", big, 431));
    for (what, request, status) in cases {
        let a = exchange(server.addr, &request);
        assert_eq!(a.status, status, "{what}: {a:?}");
        assert_eq!(a.problem(), "http-error", "{what}");
    }
    // the router's own refusals, over the wire
    for (what, request, status, problem) in [
        (
            "unknown route",
            &b"GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"[..],
            404,
            "not-found",
        ),
        (
            "wrong method",
            b"PUT /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            405,
            "method-not-allowed",
        ),
        (
            "undecodable path",
            b"GET /api/v1/bookings/%FF%FE HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            400,
            "http-error",
        ),
        (
            "body over the limit",
            b"POST /api/v1/bookings HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nIdempotency-Key: 7d4f0c9a-2b1e-4c3d-9f8a-6e5b4a3c2d1f\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{",
            413,
            "body-too-large",
        ),
    ] {
        let a = exchange(server.addr, request);
        assert_eq!(a.status, status, "{what}: {a:?}");
        assert_eq!(a.problem(), problem, "{what}");
    }
    assert_eq!(get(server.addr, "/healthz").status, 200, "still serving");
}
