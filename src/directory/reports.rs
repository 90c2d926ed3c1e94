//! Group commit for signed reports: handlers queue a report and wait; one task writes whatever has
//! queued up in a single transaction and answers each handler only after the commit (on SQLite with
//! synchronous=FULL, after the fsync). Nothing is acknowledged that is not on disk.

use tokio::sync::{Mutex, mpsc, oneshot};

use super::db::{Db, DbResult, NewReport, Store};

/// Most reports per transaction.
const MAX_BATCH: usize = 1024;

type Job = (NewReport, oneshot::Sender<DbResult<bool>>);

pub struct Writer {
    sender: mpsc::Sender<Job>,
    done: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Writer {
    pub fn spawn(db: Db) -> Writer {
        let (sender, mut rx) = mpsc::channel::<Job>(MAX_BATCH * 8);
        let handle = tokio::spawn(async move {
            let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let reports: Vec<NewReport> = batch.iter().map(|(r, _)| r.clone()).collect();
                match db.insert_reports(&reports).await {
                    Ok(accepted) => {
                        for ((_, reply), ok) in batch.drain(..).zip(accepted) {
                            let _ = reply.send(Ok(ok));
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, count = batch.len(), "writing reports failed");
                        let text = e.to_string();
                        for (_, reply) in batch.drain(..) {
                            let _ = reply.send(Err(sqlx::Error::Protocol(text.clone())));
                        }
                    }
                }
            }
        });
        Writer {
            sender,
            done: Mutex::new(Some(handle)),
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
