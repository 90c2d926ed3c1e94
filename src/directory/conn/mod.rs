//! Serving connections under hostile clients: hyper's HTTP/1 server driven directly (instead of
//! `axum::serve`) so that every way of holding a connection open has a bound.
//!
//! - request headers must arrive within `header_timeout`, counted from the connection's start and,
//!   on a kept-alive connection, from the end of the previous answer: so this is also the idle
//!   keep-alive timeout. One sweep over the open connections a few times per timeout closes the
//!   ones past it (hyper's own header timer costs a timer per request: 13 % of the requests per
//!   second of a trivial route);
//! - a request body must arrive within `body_timeout` of its headers (`body::Deadline`, answered 408);
//! - at most `max_connections` connections are open, and never more than the process's open-files
//!   limit allows. When all are taken, the oldest connection without a request in flight (a
//!   silent socket, an idle keep-alive) is closed to make room; when every one is busy, the new
//!   connection gets an immediate 503 problem and is closed, so the process never runs out of
//!   file descriptors;
//! - request heads over `MAX_HEAD_BYTES` get a 431, and what hyper refuses itself is problem+json
//!   too (`io`).

pub mod body;
mod io;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tower::ServiceExt as _;

use crate::api::{Problem, ProblemKind};
use crate::i18n::{Lang, Msg, t};
use body::{Activity, Counted, Deadline, InFlight, clock_ms};

/// Largest request head (request line and headers) in bytes; more is answered 431.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// File descriptors kept free for the database, log files and the answers to refused connections.
const RESERVED_FDS: usize = 128;
/// How often at most a warning about refused connections is logged.
const WARN_EVERY: Duration = Duration::from_secs(10);

/// The bounds of `serve`, from `[directory] header_timeout_ms`, `body_timeout_ms`, `max_connections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(20),
            max_connections: 10_000,
        }
    }
}

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    pub open: AtomicU64,
    pub refused: AtomicU64,
    pub closed_for_room: AtomicU64,
    pub header_timeouts: AtomicU64,
}

/// The number of connections served at once: `configured`, but below the open-files limit.
pub fn connection_cap(configured: usize) -> usize {
    let by_files = open_files_limit().map_or(usize::MAX, |n| n.saturating_sub(RESERVED_FDS));
    configured.min(by_files).clamp(1, 1 << 20)
}

/// The soft `RLIMIT_NOFILE` of this process (Linux: /proc/self/limits), if it can be read.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One open connection as the accept loop and the sweep see it.
#[derive(Default)]
struct Conn {
    activity: Arc<Activity>,
    /// Closes the connection when it has no request in flight (else after its answer): to make
    /// room, or because its headers did not come in time.
    close: Notify,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn add(&self) -> (u64, Arc<Conn>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn::default());
        self.lock().insert(id, conn.clone());
        (id, conn)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Asks the oldest connection with no request in flight to close; false when all are busy.
    fn close_oldest_idle(&self) -> bool {
        let mut open = self.lock();
        let Some(id) = open
            .iter()
            .find(|(_, c)| !c.activity.busy())
            .map(|(id, _)| *id)
        else {
            return false;
        };
        if let Some(conn) = open.remove(&id) {
            conn.close.notify_one();
        }
        true
    }

    /// Asks every connection that has waited longer than `limit` for request headers to close;
    /// how many.
    fn close_silent(&self, now: u64, limit: u64) -> u64 {
        let mut open = self.lock();
        let silent: Vec<u64> = open
            .iter()
            .filter(|(_, c)| c.activity.idle_for(now).is_some_and(|ms| ms > limit))
            .map(|(id, _)| *id)
            .collect();
        for id in &silent {
            if let Some(conn) = open.remove(id) {
                conn.close.notify_one();
            }
        }
        silent.len() as u64
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting, lets requests in
/// flight finish, closes idle connections, and returns when every connection is closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    counters: Arc<Counters>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let cap = connection_cap(limits.max_connections);
    if cap < limits.max_connections {
        tracing::warn!(
            configured = limits.max_connections,
            cap,
            "directory.max_connections is above what the open-files limit allows; raise LimitNOFILE"
        );
    }
    let slots = Arc::new(Semaphore::new(cap));
    let registry = Arc::new(Registry::default());
    let busy_answer = busy_answer();
    let (stop, stopping) = watch::channel(false);
    let sweep = tokio::spawn(sweep(
        registry.clone(),
        limits.header_timeout,
        counters.clone(),
    ));
    let mut shutdown = pin!(shutdown);
    let mut warned: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e, &mut warned).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => Some(slot),
            Err(_) if registry.close_oldest_idle() => {
                counters.closed_for_room.fetch_add(1, Ordering::Relaxed);
                // the closed connection gives its slot back at once (it had nothing in flight)
                tokio::time::timeout(Duration::from_millis(50), slots.clone().acquire_owned())
                    .await
                    .ok()
                    .and_then(Result::ok)
            }
            Err(_) => None,
        };
        let Some(slot) = slot else {
            refuse(&stream, &busy_answer);
            let refused = counters.refused.fetch_add(1, Ordering::Relaxed) + 1;
            if warned.is_none_or(|at| at.elapsed() >= WARN_EVERY) {
                warned = Some(Instant::now());
                tracing::warn!(
                    cap,
                    refused,
                    "every connection is busy: refusing new ones with 503"
                );
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (id, conn) = registry.add();
        let registry = registry.clone();
        let router = router.clone();
        let counters = counters.clone();
        let stopping = stopping.clone();
        tokio::spawn(async move {
            counters.open.fetch_add(1, Ordering::Relaxed);
            connection(stream, peer, router, limits, &conn, stopping).await;
            counters.open.fetch_sub(1, Ordering::Relaxed);
            registry.remove(id);
            drop(slot);
        });
    }
    drop(listener);
    sweep.abort();
    let _ = stop.send(true);
    let _ = slots.acquire_many(cap as u32).await;
}

/// Closes the connections whose request headers are overdue, `header_timeout` after the
/// connection opened or its last answer ended; checked 16 times per timeout (at most every
/// half second), so one closes at most a sixteenth late.
async fn sweep(registry: Arc<Registry>, header_timeout: Duration, counters: Arc<Counters>) {
    let limit = u64::try_from(header_timeout.as_millis()).unwrap_or(u64::MAX);
    let every = (header_timeout / 16).clamp(Duration::from_millis(10), Duration::from_millis(500));
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let closed = registry.close_silent(clock_ms(), limit);
        if closed > 0 {
            counters
                .header_timeouts
                .fetch_add(closed, Ordering::Relaxed);
        }
    }
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    conn: &Conn,
    mut stopping: watch::Receiver<bool>,
) {
    let activity = conn.activity.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        let counted = InFlight::start(&activity);
        req.extensions_mut().insert(ConnectInfo(peer));
        let req = req.map(|b| Body::new(Deadline::new(Body::new(b), limits.body_timeout)));
        let router = router.clone();
        async move {
            let response = match router.oneshot(req).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok::<_, Infallible>(response.map(|b| Counted::new(b, counted)))
        }
    });
    let io = io::ProblemIo::new(TokioIo::new(stream), conn.activity.clone());
    let mut builder = hyper::server::conn::http1::Builder::new();
    // no timer: hyper's header timeout is `sweep`'s
    builder.max_header_size(MAX_HEAD_BYTES).writev(false);
    let mut serving = pin!(builder.serve_connection(io, service));
    let mut closing = false;
    loop {
        tokio::select! {
            result = serving.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(%peer, error = %e, "connection ended");
                }
                return;
            }
            () = conn.close.notified(), if !closing => {
                if !conn.activity.busy() {
                    return;
                }
                // a request arrived meanwhile: it finishes, then the connection closes
                serving.as_mut().graceful_shutdown();
                closing = true;
            }
            _ = stopping.wait_for(|stop| *stop), if !closing => {
                serving.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
}

/// The answer to a connection beyond the cap.
fn busy_answer() -> Vec<u8> {
    let mut problem = Problem::new(
        ProblemKind::Unavailable,
        t(Msg::HostileTooManyConnections, Lang::En),
    );
    problem.retry_after = Some(1);
    io::encode(
        503,
        "Service Unavailable",
        &problem,
        &[("retry-after", "1")],
    )
}

/// Answers 503 without waiting and closes. What the client already sent is read first, so that
/// the close is a FIN that keeps the answer, not a reset that can destroy it.
fn refuse(stream: &TcpStream, answer: &[u8]) {
    let mut scratch = [0u8; 4096];
    for _ in 0..4 {
        match stream.try_read(&mut scratch) {
            Ok(n) if n > 0 => continue,
            _ => break,
        }
    }
    let _ = stream.try_write(answer);
}

/// Out of file descriptors (or another accept error): say so now and then, pause briefly.
async fn accept_failed(e: std::io::Error, warned: &mut Option<Instant>) {
    let out_of_files = matches!(e.raw_os_error(), Some(23 | 24)); // ENFILE, EMFILE
    if out_of_files && warned.is_none_or(|at| at.elapsed() >= WARN_EVERY) {
        *warned = Some(Instant::now());
        tracing::warn!(error = %e, "accepting connections failed: out of file descriptors");
    } else {
        tracing::debug!(error = %e, "accepting a connection failed");
    }
    if out_of_files {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_open_files_limit() {
        let limit = open_files_limit().expect("/proc/self/limits");
        assert_eq!(
            connection_cap(usize::MAX),
            (limit - RESERVED_FDS).min(1 << 20)
        );
        assert_eq!(connection_cap(10), 10);
        assert_eq!(connection_cap(0), 1);
    }

    #[test]
    fn room_is_made_by_closing_the_oldest_idle_connection() {
        let registry = Registry::default();
        let (_, busy) = registry.add();
        let _request = InFlight::start(&busy.activity);
        let (idle_id, _idle) = registry.add();
        let (_, _newer) = registry.add();
        assert!(registry.close_oldest_idle());
        assert!(
            !registry.lock().contains_key(&idle_id),
            "the oldest idle one"
        );
        assert!(registry.close_oldest_idle());
        assert!(!registry.close_oldest_idle(), "only the busy one is left");
    }
}
