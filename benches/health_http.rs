//! Which reader `health::http` uses, decided by this measurement: the same GET (fresh connection,
//! `Connection: close`, body read) to nginx on loopback, once through vereint's own reader
//! (`Fetcher::get`, httparse + `Dechunker`) and once through hyper's `client::conn::http1`.
//! Alternating rounds, median of each; figures in README.
//!
//!   cargo bench --bench health_http [-- REQUESTS CONCURRENCY ROUNDS]
//!
//! Needs nginx (apt-get install nginx).

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Empty, Limited};
use hyper::body::Bytes;
use tokio::sync::Semaphore;
use vereint::health::http::{BODY_LIMIT, Fetcher, Want, connect_any};
use vereint::health::tls::TlsSetup;

/// The same request as `Fetcher::get`, read by hyper.
async fn hyper_get(url: &url::Url) -> anyhow::Result<(u16, usize)> {
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<_> = tokio::net::lookup_host((host, port)).await?.collect();
    let tcp = connect_any(&addrs).await?;
    let _ = tcp.set_nodelay(true);
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tcp)).await?;
    tokio::spawn(conn);
    let request = hyper::Request::get(url.path())
        .header("host", format!("{host}:{port}"))
        .header(
            "user-agent",
            concat!("vereint-health/", env!("CARGO_PKG_VERSION")),
        )
        .header("accept", "*/*")
        .header("connection", "close")
        .body(Empty::<Bytes>::new())?;
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    let body = Limited::new(response.into_body(), BODY_LIMIT)
        .collect()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .to_bytes();
    Ok((status, body.len()))
}

#[derive(Clone, Copy, PartialEq)]
enum Reader {
    Own,
    Hyper,
}

async fn round(reader: Reader, url: &url::Url, requests: usize, concurrency: usize) -> f64 {
    let fetcher = Fetcher {
        tls: TlsSetup::new(None).unwrap(),
        guard: None,
    };
    let slots = Arc::new(Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..requests {
        let (slots, url, fetcher) = (slots.clone(), url.clone(), fetcher.clone());
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await.unwrap();
            match reader {
                Reader::Own => fetcher
                    .get(&url, Want::Body)
                    .await
                    .map(|r| (r.status, r.body.len())),
                Reader::Hyper => hyper_get(&url).await,
            }
        });
    }
    let mut ok = 0;
    while let Some(r) = tasks.join_next().await {
        if matches!(r, Ok(Ok((200, 2)))) {
            ok += 1;
        }
    }
    assert_eq!(ok, requests, "every request must succeed");
    requests as f64 / started.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let requests = args.first().copied().unwrap_or(4000);
    let concurrency = args.get(1).copied().unwrap_or(64);
    let rounds = args.get(2).copied().unwrap_or(5);

    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("nginx is needed (apt-get install nginx)");
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = dir.path().display();
    std::fs::write(
        dir.path().join("nginx.conf"),
        format!(
            "daemon off; worker_processes 1; pid {d}/nginx.pid; error_log {d}/error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{ access_log off; keepalive_timeout 0; client_body_temp_path {d}/b; proxy_temp_path {d}/p;\n\
             fastcgi_temp_path {d}/f; uwsgi_temp_path {d}/u; scgi_temp_path {d}/s;\n\
             server {{ listen 127.0.0.1:{port} backlog=4096; location / {{ return 200 'ok'; }} }} }}\n"
        ),
    )
    .unwrap();
    let mut master = {
        use std::os::unix::process::CommandExt as _;
        Command::new(nginx)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .stdout(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap()
    };
    let quit = |master: &mut std::process::Child| {
        let _ = Command::new(nginx)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .args(["-s", "quit"])
            .status();
        let _ = master.wait();
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let url: url::Url = format!("http://127.0.0.1:{port}/t").parse().unwrap();
    let (mut own, mut hyper) = (Vec::new(), Vec::new());
    rt.block_on(async {
        // warm-up of both
        round(Reader::Own, &url, requests / 4, concurrency).await;
        round(Reader::Hyper, &url, requests / 4, concurrency).await;
        for _ in 0..rounds {
            own.push(round(Reader::Own, &url, requests, concurrency).await);
            hyper.push(round(Reader::Hyper, &url, requests, concurrency).await);
        }
    });
    quit(&mut master);
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.0}"))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    println!(
        "{requests} GETs per round, concurrency {concurrency}, {rounds} rounds, nginx on loopback"
    );
    println!(
        "own reader (httparse + Dechunker): median {:.0} /s  ({})",
        median(own.clone()),
        fmt(&own)
    );
    println!(
        "hyper client::conn::http1:         median {:.0} /s  ({})",
        median(hyper.clone()),
        fmt(&hyper)
    );
    println!(
        "hyper / own: {:.3}",
        median(hyper.clone()) / median(own.clone())
    );
}
