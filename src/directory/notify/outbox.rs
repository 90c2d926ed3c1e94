//! The delivery worker: claims due messages from the outbox, sends them (mail over SMTP, posts to
//! the chat channels over HTTP, `posts.rs`), and records the answer. A 4xx answer from SMTP (408,
//! 429 or 5xx over HTTP) or an unreachable server is retried with a doubling wait (the first after
//! `retry_first_secs`, at most 15 minutes apart) for three days; a 5xx answer from SMTP (another
//! 4xx over HTTP) fails the message with the server's words. Claims are leases: when a process dies mid-send, another one (or the
//! same after a restart) sends the message again after the lease, with the same Message-ID.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::mail::{Delivery, Mailer};
use super::posts::Poster;
use crate::directory::db::{Db, OutboxRow, Outcome};
use crate::directory::now_ms;
use crate::i18n::{Lang, Msg, tf};

/// How long a claimed message is kept from other processes: longer than one send may take
/// (`SEND_LIMIT`). A process killed mid-send leaves its claims to be taken again after this.
const LEASE_MS: i64 = 60_000;
const SEND_LIMIT: Duration = Duration::from_secs(45);
/// Messages claimed, and sent, at once. All of a batch are sent side by side (the SMTP pool bounds
/// the connections), each within `SEND_LIMIT`, so the whole batch is recorded inside its lease.
pub(super) const BATCH: usize = 32;
/// After a wake, or a batch that was not full, how long the worker lets more changes commit
/// before it claims: each of its writes is one more fsync on the connection bookings wait for, so
/// it writes a few times a second however many bookings come. A mail leaves up to this much later.
const GATHER: Duration = Duration::from_millis(500);
/// How often the outbox is looked at when nothing woke the worker (other processes' messages).
const POLL: Duration = Duration::from_secs(2);
const MAX_WAIT_MS: i64 = 15 * 60 * 1000;
const GIVE_UP_MS: i64 = 3 * 24 * 3600 * 1000;

/// Wakes the worker right after a change committed its messages.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn now(&self) {
        self.0.notify_one();
    }
}

/// The wait before attempt `attempts + 1`, after `attempts` failed ones.
pub fn backoff_ms(first_ms: i64, attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    first_ms.saturating_mul(1_i64 << doublings).min(MAX_WAIT_MS)
}

/// What to record for a delivery of `m` (claimed, so `attempts` counts this one) at `now`.
pub fn outcome(m: &OutboxRow, delivery: Delivery, now: i64, first_ms: i64) -> Outcome {
    match delivery {
        Delivery::Sent => Outcome::Sent,
        Delivery::Permanent(error) => Outcome::Failed { error },
        Delivery::Transient(error) if now - m.created_at >= GIVE_UP_MS => Outcome::Failed {
            error: tf(Msg::OutboxGaveUp, Lang::En, &[("error", &error)]),
        },
        Delivery::Transient(error) => Outcome::Retry {
            next_at: now + backoff_ms(first_ms, m.attempts),
            error,
        },
    }
}

pub struct Worker {
    pub db: Db,
    /// None without `[directory.smtp]`; then no mail is queued.
    pub mailer: Option<Arc<Mailer>>,
    /// None without a chat channel; then no post is queued.
    pub posts: Option<Arc<Poster>>,
    pub wake: Wake,
    pub retry_first: Duration,
}

impl Worker {
    /// Runs until the task is dropped.
    pub async fn run(self) {
        let first_ms = i64::try_from(self.retry_first.as_millis()).unwrap_or(10_000);
        let this = Arc::new(self);
        // how the last batch ended, recorded with the next claim when there is a backlog
        let mut done: Vec<(String, Outcome)> = Vec::new();
        loop {
            let now = now_ms();
            let batch = match this
                .db
                .record_and_claim(&done, now, LEASE_MS, BATCH as i64)
                .await
            {
                Ok(batch) => batch,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: cannot claim messages; trying again");
                    tokio::time::sleep(POLL).await;
                    continue;
                }
            };
            done.clear();
            if batch.is_empty() {
                let due = this.db.next_message_due().await.ok().flatten();
                let wait = due
                    .map(|at| Duration::from_millis(u64::try_from(at - now).unwrap_or(0)))
                    .unwrap_or(POLL)
                    .min(POLL);
                tokio::select! {
                    _ = this.wake.0.notified() => tokio::time::sleep(GATHER).await,
                    _ = tokio::time::sleep(wait) => {}
                }
                continue;
            }
            done = this.deliver_batch(&batch, first_ms).await;
            if batch.len() < BATCH {
                // no backlog: record the answers now, then gather before the next claim
                match this.db.record_and_claim(&done, now_ms(), LEASE_MS, 0).await {
                    Ok(_) => done.clear(),
                    // kept, and recorded with the next claim; until then their leases hold them
                    Err(e) => {
                        tracing::warn!(messages = done.len(), error = %e, "outbox: cannot record the deliveries")
                    }
                }
                tokio::time::sleep(GATHER).await;
            }
        }
    }

    /// Sends a claimed batch: messages to one recipient on one channel one after the other, in the
    /// order they were written (a recovery never overtakes its alert), different recipients side by
    /// side, each recipient's in a task of its own (one task for all would build every message of
    /// the batch in one poll, and requests on its thread would wait for them). When one is to be
    /// retried, or the lease would run out before the next could finish, the recipient's later
    /// messages are put back unsent, due just after it, in their order.
    async fn deliver_batch(
        self: &Arc<Self>,
        batch: &[OutboxRow],
        first_ms: i64,
    ) -> Vec<(String, Outcome)> {
        // in the order they were written (PostgreSQL's RETURNING keeps no order)
        let mut ordered: Vec<&OutboxRow> = batch.iter().collect();
        ordered.sort_by(|a, b| (a.created_at, &a.notice.id).cmp(&(b.created_at, &b.notice.id)));
        let mut queues: Vec<Vec<OutboxRow>> = Vec::new();
        for m in ordered {
            match queues.iter_mut().find(|q| {
                q[0].notice.channel == m.notice.channel
                    && q[0].notice.recipient == m.notice.recipient
            }) {
                Some(q) => q.push(m.clone()),
                None => queues.push(vec![m.clone()]),
            }
        }
        let lease = Duration::from_millis(u64::try_from(LEASE_MS).unwrap_or(60_000));
        let last_start = tokio::time::Instant::now() + lease.saturating_sub(SEND_LIMIT);
        let mut tasks = tokio::task::JoinSet::new();
        for queue in queues {
            let this = self.clone();
            tasks.spawn(async move { this.deliver_queue(queue, last_start, first_ms).await });
        }
        let mut done = Vec::new();
        while let Some(sent) = tasks.join_next().await {
            match sent {
                Ok(sent) => done.extend(sent),
                // its messages stay claimed and go out again after the lease, with their Message-IDs
                Err(e) => tracing::warn!(error = %e, "outbox: a delivery task ended early"),
            }
        }
        done
    }

    /// One recipient's messages of a batch, in order (see `deliver_batch`).
    async fn deliver_queue(
        &self,
        queue: Vec<OutboxRow>,
        last_start: tokio::time::Instant,
        first_ms: i64,
    ) -> Vec<(String, Outcome)> {
        let mut done = Vec::new();
        let mut held: Option<(i64, String)> = None;
        for m in &queue {
            if held.is_none() && tokio::time::Instant::now() > last_start {
                held = Some((now_ms(), "the batch ran out of time".into()));
            }
            if let Some((after, why)) = &held {
                let next_at = after + 1 + i64::try_from(done.len()).unwrap_or(0);
                done.push((
                    m.notice.id.clone(),
                    Outcome::Retry {
                        next_at,
                        error: why.clone(),
                    },
                ));
                continue;
            }
            let (id, outcome) = self.deliver(m, first_ms).await;
            if let Outcome::Retry { next_at, .. } = &outcome {
                held = Some((
                    *next_at,
                    "waiting for an earlier message to the same recipient".into(),
                ));
            }
            done.push((id, outcome));
        }
        done
    }

    /// Sends one claimed message; its id and what to record.
    async fn deliver(&self, m: &OutboxRow, first_ms: i64) -> (String, Outcome) {
        let send = async {
            match (m.notice.channel.as_str(), &self.mailer, &self.posts) {
                ("mail", Some(mailer), _) => mailer.send(m).await,
                ("mail", None, _) => Delivery::Transient("directory.smtp is not set up".into()),
                (_, _, Some(posts)) => posts.send(&m.notice).await,
                (channel, _, None) => {
                    Delivery::Transient(format!("channel {channel:?} is not set up"))
                }
            }
        };
        let delivery = tokio::time::timeout(SEND_LIMIT, send)
            .await
            .unwrap_or_else(|_| Delivery::Transient("the server did not finish in time".into()));
        let result = outcome(m, delivery, now_ms(), first_ms);
        match &result {
            Outcome::Sent => {
                tracing::info!(message = %m.notice.id, channel = %m.notice.channel, topic = %m.notice.topic, "delivered")
            }
            Outcome::Retry { error, .. } => {
                tracing::info!(message = %m.notice.id, attempt = m.attempts, %error, "not delivered yet; will retry")
            }
            Outcome::Failed { error } => {
                tracing::warn!(message = %m.notice.id, channel = %m.notice.channel, %error, "delivery failed")
            }
        }
        (m.notice.id.clone(), result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::db::Notice;

    fn row(attempts: i64, created_at: i64) -> OutboxRow {
        OutboxRow {
            notice: Notice {
                id: "ms".into(),
                channel: "mail".into(),
                topic: "t".into(),
                subject_id: None,
                recipient: "a@example.org".into(),
                subject: "s".into(),
                body: "b".into(),
                calendar: None,
            },
            status: "pending".into(),
            attempts,
            next_at: 0,
            last_error: None,
            created_at,
            sent_at: None,
        }
    }

    #[test]
    fn backoff_starts_within_30_s_doubles_and_stops_at_15_minutes() {
        assert_eq!(backoff_ms(10_000, 1), 10_000);
        assert_eq!(backoff_ms(10_000, 2), 20_000);
        assert_eq!(backoff_ms(10_000, 3), 40_000);
        assert_eq!(backoff_ms(10_000, 8), MAX_WAIT_MS);
        assert_eq!(backoff_ms(10_000, 500), MAX_WAIT_MS);
    }

    #[test]
    fn transient_retries_permanent_fails_and_three_days_give_up() {
        let now = 10 * GIVE_UP_MS;
        match outcome(
            &row(1, now),
            Delivery::Transient("451 later".into()),
            now,
            10_000,
        ) {
            Outcome::Retry { next_at, error } => {
                assert_eq!(next_at, now + 10_000);
                assert_eq!(error, "451 later");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            outcome(
                &row(1, now),
                Delivery::Permanent("550 no".into()),
                now,
                10_000
            ),
            Outcome::Failed {
                error: "550 no".into()
            }
        );
        match outcome(
            &row(40, now - GIVE_UP_MS),
            Delivery::Transient("451".into()),
            now,
            10_000,
        ) {
            Outcome::Failed { error } => assert!(error.contains("3 days"), "{error}"),
            other => panic!("{other:?}"),
        }
    }
}
