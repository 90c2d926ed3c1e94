//! Group commit for signed reports: handlers queue a report and wait; one task writes whatever has
//! queued up in a single transaction (with the alert states it changes and their messages) and answers each handler only after the commit (on SQLite with
//! synchronous=FULL, after the fsync). Nothing is acknowledged that is not on disk.
//!
//! The task runs on a thread of its own (driven by the server's runtime): each batch waits for
//! several database round trips, and on a busy runtime every wake-up would queue behind the request
//! handlers. While reports keep arriving it keeps the write connection, for a bounded time, so that
//! other writers (on SQLite there is one write connection) still get their turn.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, mpsc, oneshot};

use super::db::{AlertRules, Db, DbResult, NewReport, ReportConn};
use super::error::Fault;
use super::notify::outbox::Wake;

/// Most reports per transaction.
const MAX_BATCH: usize = 1024;
/// How long the writer keeps the connection at most before handing it to other writers.
const MAX_HOLD: Duration = Duration::from_millis(100);

type Job = (NewReport, oneshot::Sender<DbResult<bool>>);

pub struct Writer {
    sender: mpsc::Sender<Job>,
    stop: Mutex<Option<oneshot::Sender<()>>>,
}

impl Writer {
    /// `rules` step the alert states inside each batch's transaction; `wake` is told when that
    /// queued messages.
    pub fn spawn(db: Db, rules: Arc<dyn AlertRules>, wake: Wake) -> Writer {
        let (sender, rx) = mpsc::channel::<Job>(MAX_BATCH * 8);
        let (stop, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Handle::current();
        let alerts = Alerts { rules, wake };
        tokio::task::spawn_blocking(move || runtime.block_on(run(db, alerts, rx, stopped)));
        Writer {
            sender,
            stop: Mutex::new(Some(stop)),
        }
    }

    /// Queues a report; true once it is committed, false if it was a replay.
    pub async fn submit(&self, report: NewReport) -> DbResult<bool> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send((report, reply))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }

    /// Stops the writer. Called after the server stopped taking requests: every handler that queued a
    /// report has had its answer (it waited for it), so nothing is pending.
    pub async fn close(&self) {
        if let Some(stop) = self.stop.lock().await.take() {
            let _ = stop.send(());
        }
    }
}

struct Alerts {
    rules: Arc<dyn AlertRules>,
    wake: Wake,
}

/// Writes batches until the channel closes or `stopped` fires.
async fn run(
    db: Db,
    alerts: Alerts,
    mut rx: mpsc::Receiver<Job>,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    loop {
        let received = tokio::select! {
            _ = &mut stopped => 0,
            n = rx.recv_many(&mut batch, MAX_BATCH) => n,
        };
        if received == 0 {
            return;
        }
        let mut conn = match db.report_conn().await {
            Ok(conn) => conn,
            Err(e) => {
                fail(&mut batch, &e);
                continue;
            }
        };
        let held = Instant::now();
        while write(&mut conn, &alerts, &mut batch).await
            && held.elapsed() < MAX_HOLD
            && !rx.is_empty()
        {
            rx.recv_many(&mut batch, MAX_BATCH).await;
        }
    }
}

/// Writes and answers a batch; false if the database failed (the connection is then given back).
async fn write(conn: &mut ReportConn, alerts: &Alerts, batch: &mut Vec<Job>) -> bool {
    let reports: Vec<NewReport> = batch.iter().map(|(r, _)| r.clone()).collect();
    match conn.insert_reports(&reports, &*alerts.rules).await {
        Ok((accepted, queued)) => {
            if queued {
                alerts.wake.now();
            }
            for ((_, reply), ok) in batch.drain(..).zip(accepted) {
                let _ = reply.send(Ok(ok));
            }
            true
        }
        Err(e) => {
            fail(batch, &e);
            false
        }
    }
}

/// Answers every report of the batch with the fault, so that a full disk stays a 507 and an
/// unreachable database a 503.
fn fail(batch: &mut Vec<Job>, e: &sqlx::Error) {
    tracing::error!(error = %e, count = batch.len(), "writing reports failed");
    let (fault, text) = (Fault::of(e), e.to_string());
    for (_, reply) in batch.drain(..) {
        let _ = reply.send(Err(fault.as_error(text.clone())));
    }
}
