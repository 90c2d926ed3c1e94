//! Group commit for signed reports: handlers queue a report and wait; one task writes whatever has
//! queued up in a single transaction and answers each handler only after the commit (on SQLite with
//! synchronous=FULL, after the fsync). Nothing is acknowledged that is not on disk.
//!
//! While reports keep arriving the task keeps the write connection, for a bounded time, so that
//! other writers (on SQLite there is one write connection) still get their turn.

use std::time::Duration;

use tokio::sync::{Mutex, mpsc, oneshot};
use tokio::time::{Instant, timeout};

use super::db::{Db, DbResult, NewReport};
use super::db_reports::ReportConn;

/// Most reports per transaction.
const MAX_BATCH: usize = 1024;
/// How long the writer keeps the connection at most before handing it to other writers.
const MAX_HOLD: Duration = Duration::from_millis(100);
/// How long it waits, holding the connection, for the next report before giving it back.
const LINGER: Duration = Duration::from_millis(5);

type Job = (NewReport, oneshot::Sender<DbResult<bool>>);

pub struct Writer {
    sender: mpsc::Sender<Job>,
    done: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Writer {
    pub fn spawn(db: Db) -> Writer {
        let (sender, rx) = mpsc::channel::<Job>(MAX_BATCH * 8);
        Writer {
            sender,
            done: Mutex::new(Some(tokio::spawn(run(db, rx)))),
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
        if let Some(handle) = self.done.lock().await.take() {
            handle.abort();
        }
    }
}

async fn run(db: Db, mut rx: mpsc::Receiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut conn = match db.report_conn().await {
            Ok(conn) => conn,
            Err(e) => {
                fail(&mut batch, &e);
                continue;
            }
        };
        let held = Instant::now();
        while write(&mut conn, &mut batch).await && held.elapsed() < MAX_HOLD {
            match timeout(LINGER, rx.recv_many(&mut batch, MAX_BATCH)).await {
                Ok(n) if n > 0 => {}
                _ => break,
            }
        }
    }
}

/// Writes and answers a batch; false if the database failed (the connection is then given back).
async fn write(conn: &mut ReportConn, batch: &mut Vec<Job>) -> bool {
    let reports: Vec<NewReport> = batch.iter().map(|(r, _)| r.clone()).collect();
    match conn.insert_reports(&reports).await {
        Ok(accepted) => {
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

fn fail(batch: &mut Vec<Job>, e: &sqlx::Error) {
    tracing::error!(error = %e, count = batch.len(), "writing reports failed");
    let text = e.to_string();
    for (_, reply) in batch.drain(..) {
        let _ = reply.send(Err(sqlx::Error::Protocol(text.clone())));
    }
}
