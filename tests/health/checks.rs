//! `vereint health` and `vereint agent` against real processes on loopback: nginx with a
//! certificate that expires soon and one that is valid for long (made with the openssl CLI at test
//! time), real coturn, the BBB and Mattermost simulators (`vereint sim`), small loopback fakes for
//! answers the simulators do not give on demand (a sick Mattermost, fixed meeting lists), a target that
//! never answers, and a directory that goes away and comes back.

use crate::support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{ChildGuard, free_port, require};

fn vereint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vereint"));
    cmd.args(["--lang", "en"])
        .env("XDG_CONFIG_HOME", "/nonexistent-vereint-test")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

fn health(args: &[&str]) -> (i32, Vec<Value>) {
    let out = vereint()
        .arg("health")
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {:?} stderr {:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

fn find<'a>(results: &'a [Value], check: &str) -> &'a Value {
    results
        .iter()
        .find(|r| r["check"] == check)
        .unwrap_or_else(|| panic!("no {check} in {results:?}"))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A CA, and two certificates for `localhost` signed by it: 10 and 400 days.
fn certificates(dir: &Path) {
    let openssl = |args: &[&str]| run(Command::new("openssl").current_dir(dir).args(args));
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "30",
        "-subj",
        "/CN=vereint test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]);
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    for (name, days) in [("soon", "10"), ("long", "400")] {
        openssl(&[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            "/CN=localhost",
        ]);
        openssl(&[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            days,
            "-extfile",
            "leaf.ext",
            "-out",
            &format!("{name}.pem"),
        ]);
    }
}

/// nginx ends with its workers: `nginx -s quit` (the master stops its workers and waits for them),
/// then the master is reaped; whatever is left of its process group is killed. Killing only the
/// master (as `ChildGuard` does) leaves the workers listening.
struct NginxGuard {
    master: std::process::Child,
    binary: PathBuf,
    prefix: PathBuf,
}

impl NginxGuard {
    /// The master's children (its workers), from /proc.
    fn workers(&self) -> Vec<u32> {
        let pid = self.master.id();
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }
}

impl Drop for NginxGuard {
    fn drop(&mut self) {
        let _ = Command::new(&self.binary)
            .arg("-p")
            .arg(&self.prefix)
            .arg("-c")
            .arg(self.prefix.join("nginx.conf"))
            .args(["-s", "quit"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.master.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.master.kill();
        let _ = self.master.wait();
        // the group is the master's pid (process_group(0)); nothing of it may stay
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.master.id())])
            .stderr(Stdio::null())
            .status();
    }
}

struct Nginx {
    guard: NginxGuard,
    dir: tempfile::TempDir,
    http: u16,
    soon: u16,
    long: u16,
}

impl Nginx {
    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
}

fn start_nginx() -> Option<Nginx> {
    let nginx = require("nginx", "apt-get install nginx")?;
    require("openssl", "apt-get install openssl")?;
    let dir = tempfile::tempdir().unwrap();
    certificates(dir.path());
    let (http, soon, long) = (free_port(), free_port(), free_port());
    let d = dir.path().display();
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n access_log off;\n client_body_temp_path {d}/body;\n proxy_temp_path {d}/proxy;\n\
          fastcgi_temp_path {d}/fcgi;\n uwsgi_temp_path {d}/uwsgi;\n scgi_temp_path {d}/scgi;\n\
          server {{ listen 127.0.0.1:{http}; location = /missing {{ return 404; }} location / {{ return 200 'ok'; }} }}\n\
          server {{ listen 127.0.0.1:{soon} ssl; ssl_certificate {d}/soon.pem; ssl_certificate_key {d}/soon.key; location / {{ return 200 'ok'; }} }}\n\
          server {{ listen 127.0.0.1:{long} ssl; ssl_certificate {d}/long.pem; ssl_certificate_key {d}/long.key; location / {{ return 200 'ok'; }} }}\n\
         }}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let child = {
        use std::os::unix::process::CommandExt as _;
        Command::new(&nginx)
            .args(["-p", &d.to_string(), "-c"])
            .arg(dir.path().join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .unwrap()
    };
    let server = Nginx {
        guard: NginxGuard {
            master: child,
            binary: nginx,
            prefix: dir.path().to_path_buf(),
        },
        dir,
        http,
        soon,
        long,
    };
    for _ in 0..100 {
        if [http, soon, long]
            .iter()
            .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
        {
            return Some(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nginx did not listen within 5 s");
}

#[test]
fn nginx_ends_with_its_workers() {
    let Some(nginx) = start_nginx() else { return };
    let workers = nginx.guard.workers();
    assert!(!workers.is_empty(), "nginx has no workers");
    let port = nginx.http;
    drop(nginx);
    let deadline = Instant::now() + Duration::from_secs(5);
    let alive = || {
        workers
            .iter()
            .filter(|w| {
                std::fs::read_to_string(format!("/proc/{w}/stat"))
                    .is_ok_and(|stat| !stat.contains(") Z "))
            })
            .count()
    };
    while alive() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(alive(), 0, "workers {workers:?} outlived the test's nginx");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "port {port} still accepts"
    );
}

#[test]
fn certificates_expiring_soon_warn_and_valid_ones_are_ok() {
    let Some(nginx) = start_nginx() else { return };
    let ca = nginx.ca();
    let ca = ca.to_str().unwrap();

    let long = format!("https://localhost:{}/", nginx.long);
    let (code, results) = health(&["--ca-file", ca, &long]);
    assert_eq!(code, 0, "{results:?}");
    assert_eq!(find(&results, "http")["status"], "ok");
    assert_eq!(find(&results, "http")["detail"], "HTTP 200");
    let tls = find(&results, "tls");
    assert_eq!(tls["status"], "ok");
    let detail = tls["detail"].as_str().unwrap();
    assert!(detail.contains("399") || detail.contains("400"), "{detail}");

    let soon = format!("https://localhost:{}/", nginx.soon);
    let (code, results) = health(&["--ca-file", ca, &soon]);
    assert_eq!(code, 1, "{results:?}");
    assert_eq!(find(&results, "http")["status"], "ok");
    let tls = find(&results, "tls");
    assert_eq!(tls["status"], "warning");
    assert!(
        tls["detail"]
            .as_str()
            .unwrap()
            .contains("expires in 9 days")
            || tls["detail"]
                .as_str()
                .unwrap()
                .contains("expires in 10 days"),
        "{tls}"
    );

    // without the test CA the chain is not trusted; by IP the name does not match
    let (code, results) = health(&[&long]);
    assert_eq!(code, 2);
    assert_eq!(find(&results, "tls")["status"], "critical");
    assert!(
        find(&results, "tls")["detail"]
            .as_str()
            .unwrap()
            .contains("not trusted")
    );
    let by_ip = format!("https://127.0.0.1:{}/", nginx.long);
    let (code, results) = health(&["--ca-file", ca, &by_ip]);
    assert_eq!(code, 2);
    assert!(
        find(&results, "tls")["detail"]
            .as_str()
            .unwrap()
            .contains("not valid for 127.0.0.1")
    );

    // plain HTTP: 200 ok, 404 critical; the worst of several decides the exit code
    let ok = format!("http://127.0.0.1:{}/", nginx.http);
    let missing = format!("http://127.0.0.1:{}/missing", nginx.http);
    let (code, results) = health(&["--ca-file", ca, &ok, &missing, &soon]);
    assert_eq!(code, 2);
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["status"], "ok");
    assert_eq!(results[1]["status"], "critical");
    assert_eq!(results[1]["detail"], "HTTP 404");
    assert!(
        results
            .iter()
            .all(|r| r["latency_ms"].as_f64().unwrap() > 0.0)
    );

    // the other formats
    let out = vereint()
        .args(["health", "--format", "prometheus", "--ca-file", ca, &soon])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "vereint_health_status{{target=\"{soon}\",check=\"tls\"}} 1"
        )),
        "{text}"
    );
    assert!(text.contains("vereint_health_certificate_days"));
    let out = vereint()
        .args(["health", "--ca-file", ca, &soon])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("State"), "{table}");
    assert!(
        table.contains("WARNING") && !table.contains('\x1b'),
        "{table}"
    );
}

#[test]
fn a_silent_target_is_critical_within_the_timeout_and_delays_nothing_else() {
    let Some(nginx) = start_nginx() else { return };
    // accepts connections (the kernel does) and never says a word
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://127.0.0.1:{}/", silent.local_addr().unwrap().port());
    let ok = format!("http://127.0.0.1:{}/", nginx.http);
    let started = Instant::now();
    let (code, results) = health(&[
        "--timeout",
        "1",
        "--concurrency",
        "4",
        &silent_url,
        &ok,
        &ok,
        &ok,
    ]);
    let took = started.elapsed();
    assert_eq!(code, 2);
    assert_eq!(results[0]["status"], "critical");
    assert_eq!(results[0]["detail"], "no answer within 1.0 s");
    for r in &results[1..] {
        assert_eq!(r["status"], "ok");
        assert!(r["latency_ms"].as_f64().unwrap() < 500.0, "{r}");
    }
    assert!(took < Duration::from_millis(3000), "took {took:?}");
    drop(silent);
}

#[test]
fn bad_targets_and_options_are_refused_with_a_reason() {
    // a bad command line is a usage error (2), as for every command (README, exit codes)
    let out = vereint().args(["health", "ftp://x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a target"));
    let out = vereint()
        .args(["health", "--timeout", "0", "http://x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--timeout needs a number"));
    let out = vereint().arg("health").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to check"));
}

// ---- STUN / TURN against coturn ----

const TURN_SECRET: &str = "health-test-static-auth-secret";

/// The table for people in the user's language: the locale's, or `--lang`.
#[test]
fn a_refused_port_is_told_in_the_users_language() {
    let port = free_port();
    let target = format!("http://127.0.0.1:{port}/");
    let table = |lang: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_vereint"))
            .args(lang)
            .args(["health", &target, "stun:127.0.0.1:1"])
            .env("XDG_CONFIG_HOME", "/nonexistent-vereint-test")
            .env("NO_COLOR", "1")
            .env("LANG", "de_DE.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let de = table(&[]);
    assert!(de.contains("Prüfung"), "{de}");
    assert!(
        de.contains(&format!(
            "Verbindung zu 127.0.0.1:{port}: Verbindung abgelehnt"
        )),
        "{de}"
    );
    assert!(de.contains("Netzwerkfehler: Verbindung abgelehnt"), "{de}");
    for english in vereint::i18n::english_only() {
        assert!(!de.contains(&english), "English {english:?} in {de}");
    }
    assert!(!de.contains("refused"), "{de}");
    let en = table(&["--lang", "en"]);
    assert!(
        en.contains(&format!(
            "connecting to 127.0.0.1:{port}: Connection refused (os error 111)"
        )),
        "{en}"
    );
    assert!(en.contains("network error: Connection refused"), "{en}");
    assert!(en.contains("Check") && en.contains("HTTP"), "{en}");
}

fn start_coturn(dir: &Path) -> Option<(ChildGuard, u16)> {
    let binary = require("turnserver", "apt-get install coturn")?;
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
        ])
        .arg("--listening-ip=127.0.0.1")
        .arg(format!("--listening-port={port}"))
        .arg("--relay-ip=127.0.0.1")
        .arg(format!("--min-port={relay}"))
        .arg(format!("--max-port={}", relay + 20))
        .arg("--use-auth-secret")
        .arg(format!("--static-auth-secret={TURN_SECRET}"))
        .arg("--realm=vereint.test")
        .arg("--allow-loopback-peers")
        .arg(format!("--userdb={}", dir.join("turndb").display()))
        .arg(format!("--pidfile={}", dir.join("pid").display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let guard = ChildGuard(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some((guard, port));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("coturn did not listen within 5 s");
}

#[test]
fn stun_and_turn_against_coturn() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_coturn, port)) = start_coturn(dir.path()) else {
        return;
    };
    let stun_udp = format!("stun:127.0.0.1:{port}");
    let stun_tcp = format!("stun:127.0.0.1:{port}?transport=tcp");
    let turn = format!("turn:127.0.0.1:{port}");
    let turn_tcp = format!("turn:127.0.0.1:{port}?transport=tcp");
    let (code, results) = health(&[&stun_udp, &stun_tcp, &turn, &turn_tcp]);
    assert_eq!(code, 0, "{results:?}");
    assert!(
        results[0]["detail"]
            .as_str()
            .unwrap()
            .contains("sees us as 127.0.0.1:")
    );
    assert!(
        results[2]["detail"]
            .as_str()
            .unwrap()
            .contains("TURN alive (401, realm vereint.test)")
    );

    let secret = dir.path().join("turn-secret");
    std::fs::write(&secret, format!("{TURN_SECRET}\n")).unwrap();
    let (code, results) = health(&[
        "--turn-secret-file",
        secret.to_str().unwrap(),
        &turn,
        &turn_tcp,
    ]);
    assert_eq!(code, 0, "{results:?}");
    for r in &results {
        assert!(
            r["detail"]
                .as_str()
                .unwrap()
                .starts_with("relay allocated: 127.0.0.1:"),
            "{r}"
        );
    }
    std::fs::write(&secret, "wrong").unwrap();
    let (code, results) = health(&["--turn-secret-file", secret.to_str().unwrap(), &turn]);
    assert_eq!(code, 2);
    assert!(
        results[0]["detail"]
            .as_str()
            .unwrap()
            .contains("refuses the credentials")
    );

    // nothing listens: UDP probes retransmit until the timeout
    let closed = format!("stun:127.0.0.1:{}", free_port());
    let (code, results) = health(&["--timeout", "1", &closed]);
    assert_eq!(code, 2);
    assert_eq!(results[0]["status"], "critical");
}

// ---- BBB and Mattermost: the simulators, and fakes for fixed answers ----

const BBB_SECRET: &str = "bbb-test-secret-0123456789";

async fn fake_servers() -> (u16, tokio::task::JoinHandle<()>) {
    use axum::extract::RawQuery;
    use axum::http::header;
    use axum::response::IntoResponse;
    use axum::routing::get;
    let xml = |body: String| ([(header::CONTENT_TYPE, "text/xml")], body);
    let app = axum::Router::new()
        .route(
            "/bigbluebutton/api/",
            get(move || async move {
                xml("<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion>3.0.4</bbbVersion></response>".into())
            }),
        )
        .route(
            "/bigbluebutton/api/getMeetings",
            get(move |RawQuery(q): RawQuery| async move {
                if vereint::integrations::bbb::checksum::verify("getMeetings", &q.unwrap_or_default(), BBB_SECRET) {
                    xml("<response><returncode>SUCCESS</returncode><meetings><meeting><meetingName>Vorstand</meetingName><meetingID>m1</meetingID><running>true</running><participantCount>3</participantCount><moderatorCount>1</moderatorCount></meeting><meeting><meetingName>Chor</meetingName><meetingID>m2</meetingID><participantCount>2</participantCount></meeting></meetings></response>".into())
                } else {
                    xml("<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>".into())
                }
            }),
        )
        .route(
            "/api/v4/system/ping",
            get(|| async {
                (
                    [("X-Version-Id", "10.5.1.10.5.1.abc123.false")],
                    axum::Json(serde_json::json!({"status": "OK", "database_status": "OK", "filestore_status": "OK", "ActiveSearchBackend": "database"})),
                )
                    .into_response()
            }),
        )
        .route(
            "/sick/api/v4/system/ping",
            get(|| async {
                (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    axum::Json(serde_json::json!({"status": "UNHEALTHY", "database_status": "UNHEALTHY", "filestore_status": "OK"})),
                )
                    .into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (port, handle)
}

#[tokio::test(flavor = "multi_thread")]
async fn bbb_and_mattermost_checks() {
    let (port, server) = fake_servers().await;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("bbb-secret");
    std::fs::write(&secret, BBB_SECRET).unwrap();
    let bbb = format!("bbb+http://127.0.0.1:{port}/bigbluebutton/api/");
    let mm = format!("mattermost+http://127.0.0.1:{port}");
    let sick = format!("mattermost+http://127.0.0.1:{port}/sick");
    let secret_arg = secret.to_str().unwrap().to_string();
    let (bbb2, mm2, sick2, s2) = (bbb.clone(), mm.clone(), sick.clone(), secret_arg.clone());
    let (code, results) =
        tokio::task::spawn_blocking(move || health(&["--bbb-secret-file", &s2, &bbb2, &mm2]))
            .await
            .unwrap();
    assert_eq!(code, 0, "{results:?}");
    assert_eq!(
        find(&results, "bbb-api")["detail"],
        "API 2.0, BigBlueButton 3.0.4"
    );
    assert_eq!(
        find(&results, "bbb-meetings")["detail"],
        "secret accepted; 2 meetings, 5 participants"
    );
    assert_eq!(
        find(&results, "mattermost")["detail"],
        "status OK, database OK, file store OK, version 10.5.1"
    );

    std::fs::write(&secret, "wrong-secret").unwrap();
    let (code, results) = tokio::task::spawn_blocking(move || {
        health(&["--bbb-secret-file", &secret_arg, &bbb, &sick2])
    })
    .await
    .unwrap();
    assert_eq!(code, 2);
    assert_eq!(find(&results, "bbb-api")["status"], "ok");
    assert!(
        find(&results, "bbb-meetings")["detail"]
            .as_str()
            .unwrap()
            .contains("checksumError")
    );
    assert_eq!(find(&results, "mattermost")["status"], "critical");
    assert!(
        find(&results, "mattermost")["detail"]
            .as_str()
            .unwrap()
            .contains("database UNHEALTHY")
    );

    // without a secret the meetings check is unknown (exit 3)
    let bbb = format!("bbb+http://127.0.0.1:{port}/bigbluebutton/api/");
    let (code, results) = tokio::task::spawn_blocking(move || health(&[&bbb]))
        .await
        .unwrap();
    assert_eq!(code, 3);
    assert_eq!(find(&results, "bbb-meetings")["status"], "unknown");
    let _ = sick;
    server.abort();
}

/// Our checks against our simulators (tests/integrations/bbb_sim.rs and mattermost_sim.rs keep those honest
/// to the protocols): a started meeting with two attendees is counted, the secret is proven, and the
/// Mattermost version comes from X-Version-Id.
#[tokio::test(flavor = "multi_thread")]
async fn bbb_and_mattermost_checks_against_the_simulators() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("bbb-secret");
    std::fs::write(&secret, BBB_SECRET).unwrap();
    let mut bbb_sim = ChildGuard(
        vereint()
            .args(["sim", "bbb", "--bind", "127.0.0.1:0", "--secret-file"])
            .arg(&secret)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufReader::new(bbb_sim.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let api = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // a meeting with two attendees, through our BBB client
    use vereint::integrations::bbb::{Algorithm, Api, Secret};
    let bbb = Api::new(&api, Secret::new(BBB_SECRET), Algorithm::Sha256);
    let http = reqwest::Client::new();
    let create = bbb.url(
        "create",
        &[
            ("meetingID", "m1"),
            ("name", "Vorstand"),
            ("moderatorPW", "mod"),
            ("attendeePW", "att"),
        ],
    );
    assert!(http.get(create).send().await.unwrap().status().is_success());
    for name in ["Ada", "Grace"] {
        let join = bbb.url(
            "join",
            &[("meetingID", "m1"), ("fullName", name), ("role", "VIEWER")],
        );
        http.get(join).send().await.unwrap();
    }

    let token = dir.path().join("mm-token");
    std::fs::write(&token, "mm-token-for-health-tests").unwrap();
    let mm_port = free_port();
    let _mm_sim = ChildGuard(
        vereint()
            .args([
                "sim",
                "mattermost",
                "--bind",
                &format!("127.0.0.1:{mm_port}"),
            ])
            .args(["--server-version", "10.5.1"])
            .arg("--token-file")
            .arg(&token)
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", mm_port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let target = format!("bbb+{api}");
    let mm = format!("mattermost+http://127.0.0.1:{mm_port}");
    let secret_arg = secret.to_str().unwrap().to_string();
    let (code, results) = tokio::task::spawn_blocking(move || {
        health(&["--bbb-secret-file", &secret_arg, &target, &mm])
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{results:?}");
    assert_eq!(find(&results, "bbb-api")["status"], "ok");
    assert_eq!(
        find(&results, "bbb-meetings")["detail"],
        "secret accepted; 1 meetings, 2 participants"
    );
    let mattermost = find(&results, "mattermost")["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        mattermost.contains("status OK") && mattermost.contains("10.5.1"),
        "{mattermost}"
    );
}

// ---- the agent and a directory that goes away and comes back ----

const ADMIN: &str = "admin-token-for-health-tests-0123456789";

fn start_directory(db: &Path, port: u16) -> ChildGuard {
    let child = Command::new(env!("CARGO_BIN_EXE_vereint"))
        .args(["--lang", "en", "directory", "serve", "--bind"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database")
        .arg(db)
        .env("XDG_CONFIG_HOME", "/nonexistent-vereint-test")
        .env("VEREINT_DIRECTORY__ADMIN_TOKEN", ADMIN)
        .env("VEREINT_DIRECTORY__RATE_LIMIT__PER_SECOND", "0")
        .env("VEREINT_DIRECTORY__LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let guard = ChildGuard(child);
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return guard;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the directory did not listen within 10 s");
}

fn queued(state: &Path) -> usize {
    std::fs::read_dir(state.join("queue"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".json")
            })
            .count()
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_queues_while_the_directory_is_away_and_delivers_each_report_once() {
    use vereint::api::NewEnrollment;
    use vereint::client::Client;
    use vereint::directory::db::{Db, Location};

    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("directory.sqlite3");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/");
    let directory = start_directory(&db_path, port);
    let admin = Client::new(&url).unwrap().with_admin_token(ADMIN);
    let enrollment = admin.enroll(&NewEnrollment::default()).await.unwrap();
    let created = admin
        .register_instance(
            &enrollment.token,
            &serde_json::from_value(serde_json::json!({
                "organisation": "Chor Nord",
                "contact_email": "it@chor.example",
                "services": [{"kind": "http", "url": "http://127.0.0.1:1/", "software": "nginx", "version": "1.22"}]
            }))
            .unwrap(),
        )
        .await
        .unwrap();

    let state = dir.path().join("state");
    let config = dir.path().join("agent.toml");
    let http_target = format!("http://127.0.0.1:{port}/healthz");
    std::fs::write(
        &config,
        format!(
            "[agent]\ndirectory_url = \"{url}\"\ntoken = \"{}\"\ninstance_id = \"{}\"\ninterval_secs = 60\nstate_dir = \"{}\"\n\n[[agent.checks]]\nkind = \"http\"\ntarget = \"{http_target}\"\n\n[[agent.checks]]\nkind = \"dns\"\ntarget = \"localhost\"\n",
            created.secret,
            created.id,
            state.display()
        ),
    )
    .unwrap();
    let agent_once = {
        let config = config.clone();
        move || {
            vereint()
                .arg("--config")
                .arg(&config)
                .args(["agent", "once"])
                .output()
                .unwrap()
        }
    };

    // group/world-readable configuration with the token: refused
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = tokio::task::spawn_blocking(agent_once.clone())
        .await
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(!stderr.contains(&created.secret));
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();

    // up: delivered right away
    let out = tokio::task::spawn_blocking(agent_once.clone())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(queued(&state), 0);

    // away: two rounds are queued, in order
    drop(directory);
    for n in 1..=2 {
        let out = tokio::task::spawn_blocking(agent_once.clone())
            .await
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{n} reports are queued")),
            "{stderr}"
        );
        assert!(!stderr.contains(&created.secret));
        assert_eq!(queued(&state), n);
    }

    // back: the queued two and the new one arrive, each once
    let directory = start_directory(&db_path, port);
    let out = tokio::task::spawn_blocking(agent_once.clone())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(queued(&state), 0);
    let list = Client::new(&url).unwrap().instances().await.unwrap();
    let me = list.iter().find(|i| i.id == created.id).unwrap();
    // delivered oldest first: the last one stored is the newest round, when the directory was up
    assert_eq!(me.status, vereint::api::InstanceStatus::Ok, "{me:?}");
    assert_eq!(me.report_interval_secs, Some(60));
    assert!(!me.stale);
    assert!(
        me.uptime_30d.is_some() && me.uptime_24h == me.uptime_30d,
        "{me:?}"
    );

    // stale after three missed intervals (here: 1 s)
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("interval_secs = 60", "interval_secs = 1"),
    )
    .unwrap();
    let out = tokio::task::spawn_blocking(agent_once.clone())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fetch = || async {
        let list = Client::new(&url).unwrap().instances().await.unwrap();
        list.into_iter().find(|i| i.id == created.id).unwrap()
    };
    assert!(!fetch().await.stale);
    tokio::time::sleep(Duration::from_millis(3300)).await;
    let me = fetch().await;
    assert!(
        me.stale && me.status == vereint::api::InstanceStatus::Stale,
        "{me:?}"
    );
    drop(directory);
    let db = Db::open(&Location::Sqlite(db_path)).await.unwrap();
    assert_eq!(db.report_count(&created.id).await.unwrap(), 5);
}
