//! `vereint health` against hostile servers on loopback, written here: each target must end as a
//! named CRITICAL row (never a missing row, never a panic) within `--timeout` plus a small margin,
//! with what is read bounded (the reader's caps are asserted in `src/health/http.rs`).

use crate::support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::require;

/// Serves every connection on its own thread with `answer`; the threads end when the client goes.
fn serve(answer: impl Fn(TcpStream) + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let answer = answer.clone();
            std::thread::spawn(move || answer(stream));
        }
    });
    port
}

/// Reads the request head (at most 16 KiB).
fn read_request(s: &mut impl Read) {
    let mut buf = Vec::new();
    let mut b = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 << 10 {
        match s.read(&mut b) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&b[..n]),
        }
    }
}

/// Answers with `head` and then `body` forever (or once when `repeat` is false).
fn fixed(head: &'static [u8], body: &'static [u8], repeat: bool) -> u16 {
    serve(move |mut s| {
        read_request(&mut s);
        if s.write_all(head).is_err() {
            return;
        }
        while s.write_all(body).is_ok() && repeat {}
    })
}

fn run(dir: &Path, args: &[&str]) {
    let out = Command::new(args[0])
        .current_dir(dir)
        .args(&args[1..])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA; a leaf for `localhost` valid now and one that expired in 2020 (`openssl ca` can date it).
fn certificates(dir: &Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca = vec!["openssl", "req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "30",
        "-subj",
        "/CN=hostile test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]);
    run(dir, &ca);
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("ca.cnf"),
        "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\n\
         default_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n",
    )
    .unwrap();
    std::fs::write(dir.join("index.txt"), "").unwrap();
    std::fs::write(dir.join("serial"), "01\n").unwrap();
    let mut csr = vec!["openssl", "req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=localhost",
    ]);
    run(dir, &csr);
    for (out, start, end) in [
        ("valid.pem", "20200101000000Z", "20991231000000Z"),
        ("expired.pem", "20200101000000Z", "20200201000000Z"),
    ] {
        run(
            dir,
            &[
                "openssl",
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-cert",
                "ca.pem",
                "-keyfile",
                "ca.key",
                "-in",
                "leaf.csr",
                "-out",
                out,
                "-startdate",
                start,
                "-enddate",
                end,
                "-notext",
                "-extfile",
                "leaf.ext",
            ],
        );
    }
}

/// A TLS server with `cert` answering 200 to everything.
fn tls_server(dir: &Path, cert: &str) -> u16 {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join(cert))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_file(dir.join("leaf.key")).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap(),
    );
    serve(move |tcp| {
        let conn = rustls::ServerConnection::new(config.clone()).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        read_request(&mut tls);
        let _ =
            tls.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        let _ = tls.flush();
        tls.conn.send_close_notify();
        let _ = tls.flush();
    })
}

const TIMEOUT_S: f64 = 2.0;
/// Start-up of the binary and scheduling on a busy machine.
const MARGIN_S: f64 = 1.5;

#[test]
fn hostile_servers_end_as_named_critical_rows_within_the_timeout() {
    if require("openssl", "apt-get install openssl").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    certificates(dir.path());

    let overflow = fixed(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"ffffffffffffffff\r\nabc\r\n0\r\n\r\n",
        false,
    );
    let drip = serve(|mut s| {
        read_request(&mut s);
        for b in b"HTTP/1.1 200 OK\r\nX-Slow: "
            .iter()
            .chain(std::iter::repeat(&b'a'))
        {
            if s.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    // 64 MiB of header fields; the count shows the client stopped reading long before
    let header_bytes = Arc::new(AtomicUsize::new(0));
    let written = header_bytes.clone();
    let huge_headers = serve(move |mut s| {
        read_request(&mut s);
        if s.write_all(b"HTTP/1.1 200 OK\r\n").is_err() {
            return;
        }
        let line = [b"X-Filler: ".as_slice(), &[b'a'; 1014], b"\r\n"].concat();
        for _ in 0..(64 << 20) / line.len() {
            if s.write_all(&line).is_err() {
                return;
            }
            written.fetch_add(line.len(), Ordering::Relaxed);
        }
    });
    let endless_body = fixed(b"HTTP/1.1 200 OK\r\n\r\n", &[b'x'; 8192], true);
    let both = fixed(
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"3\r\nabc\r\n0\r\n\r\n",
        false,
    );
    let bad_utf8_body = fixed(
        b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-Version-Id: \xff\xfe\r\n\r\n",
        b"{\"\xff\xfe\x80\"",
        false,
    );
    let bad_utf8_name = fixed(
        b"HTTP/1.1 200 OK\r\nX-\xff\xfe: 1\r\nContent-Length: 0\r\n\r\n",
        b"",
        false,
    );
    let redirect_loop = fixed(
        b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n",
        b"",
        false,
    );
    let valid_cert = tls_server(dir.path(), "valid.pem");
    let expired_cert = tls_server(dir.path(), "expired.pem");

    // (target, check that must be critical, words of its detail)
    let cases: Vec<(String, &str, &str)> = vec![
        (
            format!("mattermost+http://127.0.0.1:{overflow}"),
            "mattermost",
            "chunk size is larger",
        ),
        (
            format!("http://127.0.0.1:{drip}/"),
            "http",
            "no answer within 2.0 s",
        ),
        (
            format!("http://127.0.0.1:{huge_headers}/"),
            "http",
            "header is larger than 65536 bytes",
        ),
        (
            format!("mattermost+http://127.0.0.1:{endless_body}"),
            "mattermost",
            "larger than 1048576 bytes",
        ),
        (
            format!("http://127.0.0.1:{both}/"),
            "http",
            "both Transfer-Encoding and Content-Length",
        ),
        (
            format!("mattermost+http://127.0.0.1:{bad_utf8_body}"),
            "mattermost",
            "not Mattermost's ping JSON",
        ),
        (
            format!("http://127.0.0.1:{bad_utf8_name}/"),
            "http",
            "not HTTP",
        ),
        (
            format!("http://127.0.0.1:{redirect_loop}/"),
            "http",
            "more than 5 redirects",
        ),
        (
            format!("https://127.0.0.1:{valid_cert}/"),
            "tls",
            "not valid for 127.0.0.1",
        ),
        (
            format!("https://localhost:{expired_cert}/"),
            "tls",
            "expired",
        ),
    ];
    let ca = dir.path().join("ca.pem");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args([
            "--lang",
            "en",
            "health",
            "--format",
            "json",
            "--timeout",
            "2",
        ])
        .arg("--ca-file")
        .arg(&ca)
        .args(cases.iter().map(|c| &c.0))
        .env("XDG_CONFIG_HOME", "/nonexistent-vereint-test")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let wall = started.elapsed().as_secs_f64();
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: stderr {}", String::from_utf8_lossy(&out.stderr));
    });
    eprintln!("{}", serde_json::to_string_pretty(&rows).unwrap());
    assert!(
        wall < TIMEOUT_S + MARGIN_S,
        "the run took {wall:.2} s with --timeout 2"
    );
    assert_eq!(out.status.code(), Some(2), "critical is the worst state");
    // one row per check asked for: two for https targets, one for the others
    let expected_rows: usize = cases
        .iter()
        .map(|c| if c.0.starts_with("https:") { 2 } else { 1 })
        .sum();
    assert_eq!(rows.len(), expected_rows, "{rows:#?}");
    for (target, check, words) in &cases {
        let row = rows
            .iter()
            .find(|r| {
                r["check"] == *check
                    && r["target"]
                        .as_str()
                        .is_some_and(|t| t.trim_end_matches('/') == target.trim_end_matches('/'))
            })
            .unwrap_or_else(|| panic!("no {check} row for {target}: {rows:#?}"));
        assert_eq!(row["status"], "critical", "{target}: {row}");
        let detail = row["detail"].as_str().unwrap();
        assert!(
            detail.contains(words),
            "{target}: {detail:?} lacks {words:?}"
        );
        let ms = row["latency_ms"].as_f64().unwrap_or(0.0);
        assert!(
            ms <= (TIMEOUT_S + 0.5) * 1000.0,
            "{target}: {ms} ms with --timeout 2"
        );
        eprintln!("hostile fixture {target}: {check} critical after {ms:.0} ms: {detail}");
    }
    let sent = header_bytes.load(Ordering::Relaxed);
    assert!(
        sent < 16 << 20,
        "the client kept reading headers: {sent} bytes were accepted"
    );
    eprintln!(
        "hostile: {} fixtures, {} rows, all critical; the run took {wall:.2} s with --timeout 2; of 64 MiB of headers {sent} bytes were sent before the client stopped reading",
        cases.len(),
        rows.len()
    );
}

/// Checks on behalf of others (the directory's guard): a redirect to a private or loopback
/// address is refused on that hop, before any connection to it.
#[tokio::test]
async fn redirects_to_private_addresses_are_refused_by_the_guard() {
    use vereint::health::http::Fetcher;
    use vereint::health::ssrf::Guard;
    use vereint::health::tls::TlsSetup;
    use vereint::health::{Options, Status, Target, run_all};

    let targets: Vec<Target> = [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://0x7f.0.0.2/",
    ]
    .iter()
    .map(|location| {
        let head: &'static [u8] =
            format!("HTTP/1.1 301 Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
                .into_bytes()
                .leak();
        let port = fixed(head, b"", false);
        Target::parse(&format!("http://127.0.0.1:{port}/")).unwrap()
    })
    .collect();
    let opts = Options {
        lang: vereint::i18n::Lang::En,
        timeout: Duration::from_secs(2),
        concurrency: 4,
        bbb_secret: None,
        turn_secret: None,
        fetcher: Fetcher {
            tls: TlsSetup::new(None).unwrap(),
            guard: Some(Guard::new(&["127.0.0.1/32".into()]).unwrap()),
        },
    };
    let rows = run_all(&targets, &opts).await;
    assert_eq!(rows.len(), targets.len());
    for (row, why) in rows.iter().zip([
        "10.0.0.1 is a private address",
        "169.254.169.254 is a link-local address",
        "::1 is a loopback address",
        "127.0.0.2 is a loopback address",
    ]) {
        assert_eq!(row.status, Status::Critical, "{row:?}");
        assert!(row.detail.contains(why), "{:?} lacks {why:?}", row.detail);
    }
}
