//! The outbox (migration 0008 on both backends): mails and posts the directory owes.
//! A change that causes a message writes it with `enqueue!` inside its own transaction, so a
//! message exists exactly when its change was committed. The delivery worker claims due messages
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several servers never take the same one; SQLite: the
//! one write connection serialises claims), sends them, and records the answers together with its
//! next claim.

use super::{Db, DbResult, params};

/// What a message says, and to whom: written once, sent as written on every attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Also the local part of the Message-ID: stable across retries.
    pub id: String,
    /// "mail", "mattermost" or "webhook".
    pub channel: String,
    /// What caused it, such as `booking_received` (for listings and tests).
    pub topic: String,
    /// The booking, registration or instance it is about.
    pub subject_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    /// The text; a mail's HTML alternative is made from it when it is sent. (The `html` column of
    /// migration 0008 is no longer written, and left for processes of an older version.)
    pub body: String,
    /// An iCalendar attachment (`text/calendar`).
    pub calendar: Option<String>,
}

from_row!(Notice {
    id,
    channel,
    topic,
    subject_id,
    recipient,
    subject,
    body,
    calendar,
});

/// One message to write with the change that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub notice: Notice,
    /// At most this many messages to the recipient per hour; None: no limit (operators).
    pub hourly_cap: Option<i64>,
    /// Not before this time (ms; 0: at once), for reminders.
    pub not_before: i64,
}

/// A message in the outbox and how its delivery stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub notice: Notice,
    pub status: String,
    pub attempts: i64,
    pub next_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

from_row!(OutboxRow {
    status,
    attempts,
    next_at,
    last_error,
    created_at,
    sent_at;
    notice: Notice
});

const COLUMNS: &str = "id, channel, topic, subject_id, recipient, subject, body, calendar, status, attempts, next_at, last_error, created_at, sent_at";

/// Writes a message unless its recipient is at the hourly cap ($12; NULL: no cap), in one
/// statement: on SQLite's one write connection every statement of a booking's transaction is one
/// more wait for the next booking.
pub(super) const INSERT: &str = "INSERT INTO outbox (id, channel, topic, subject_id, recipient, subject, body, calendar, status, next_at, created_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10 WHERE $11 IS NULL OR (SELECT COUNT(*) FROM outbox WHERE recipient = $5 AND created_at > $12) < $11";
/// Drops the reminders still waiting for a registration that was cancelled.
pub(super) const DROP_REMINDERS: &str = "DELETE FROM outbox WHERE subject_id = $1 AND topic = 'registration_reminder' AND status = 'pending'";

/// Writes `$messages` (a `&[NewMessage]`) on `$tx`, an open transaction, at `$now` (ms). A
/// message over its recipient's hourly cap is dropped (and logged without the address).
macro_rules! enqueue {
    ($tx:expr, $messages:expr, $now:expr) => {{
        for m in $messages {
            let n = &m.notice;
            let written = sqlx::query($crate::directory::db::outbox::INSERT)
                .bind(&n.id)
                .bind(&n.channel)
                .bind(&n.topic)
                .bind(&n.subject_id)
                .bind(&n.recipient)
                .bind(&n.subject)
                .bind(&n.body)
                .bind(&n.calendar)
                .bind(m.not_before.max($now))
                .bind($now)
                .bind(m.hourly_cap)
                .bind($now - 3_600_000)
                .execute(&mut *$tx)
                .await?;
            if written.rows_affected() == 0 {
                tracing::warn!(topic = %n.topic, "mail not queued: its recipient had their hourly number of mails");
            }
        }
    }};
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Try again at `next_at` (ms).
    Retry {
        next_at: i64,
        error: String,
    },
    Failed {
        error: String,
    },
}

impl Db {
    /// Messages written outside another change (tests, alerts).
    pub async fn enqueue(&self, messages: &[NewMessage], now: i64) -> DbResult<()> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            enqueue!(tx, messages, now);
            tx.commit().await
        })
    }

    /// Records how the deliveries `done` ended and takes up to `limit` due messages for `lease_ms`
    /// (nobody else delivers them meanwhile), in one transaction: under a backlog the worker
    /// writes once per batch on the connection bookings and registrations wait for. A claim moves
    /// a message's `next_at` to the end of its lease, so it is due again only if nobody records it.
    pub async fn record_and_claim(
        &self,
        done: &[(String, Outcome)],
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> DbResult<Vec<OutboxRow>> {
        let mut sent = Vec::new();
        let mut retry = Vec::new();
        let mut failed = Vec::new();
        for (id, outcome) in done {
            match outcome {
                Outcome::Sent => sent.push(id),
                Outcome::Retry { next_at, error } => retry.push((id, *next_at, error)),
                Outcome::Failed { error } => failed.push((id, error)),
            }
        }
        let sent_sql = format!(
            "UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL WHERE id IN ({})",
            params(2, sent.len())
        );
        let retry_sql = format!(
            "UPDATE outbox SET next_at = v.column2, last_error = v.column3 FROM (VALUES {}) AS v WHERE outbox.id = v.column1",
            tuples(retry.len(), 3)
        );
        let failed_sql = format!(
            "UPDATE outbox SET status = 'failed', last_error = v.column2 FROM (VALUES {}) AS v WHERE outbox.id = v.column1",
            tuples(failed.len(), 2)
        );
        let lock = match self {
            Db::Sqlite(_) => "",
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
        };
        let claim_sql = format!(
            "UPDATE outbox SET next_at = $1, attempts = attempts + 1 WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_at <= $2 ORDER BY next_at, id LIMIT $3{lock}) RETURNING {COLUMNS}"
        );
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            if !sent.is_empty() {
                let mut q = sqlx::query(&sent_sql).bind(now);
                for id in &sent {
                    q = q.bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            if !retry.is_empty() {
                let mut q = sqlx::query(&retry_sql);
                for (id, next_at, error) in &retry {
                    q = q.bind(*id).bind(*next_at).bind(*error);
                }
                q.execute(&mut *tx).await?;
            }
            if !failed.is_empty() {
                let mut q = sqlx::query(&failed_sql);
                for (id, error) in &failed {
                    q = q.bind(*id).bind(*error);
                }
                q.execute(&mut *tx).await?;
            }
            let claimed = if limit > 0 {
                sqlx::query_as(&claim_sql)
                    .bind(now + lease_ms)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&mut *tx)
                    .await?
            } else {
                Vec::new()
            };
            tx.commit().await?;
            Ok(claimed)
        })
    }

    /// When the next pending message is due (ms), if any.
    pub async fn next_message_due(&self) -> DbResult<Option<i64>> {
        on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT MIN(next_at) FROM outbox WHERE status = 'pending'")
                .fetch_one(pool)
                .await
        })
    }

    /// Pending and failed messages (only failed ones with `failed_only`), oldest first.
    pub async fn outbox(&self, failed_only: bool) -> DbResult<Vec<OutboxRow>> {
        let filter = if failed_only {
            "status = 'failed'"
        } else {
            "status IN ('pending', 'failed')"
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox WHERE {filter} ORDER BY created_at, id LIMIT 1000"
        );
        on_pool!(self, read, |pool| sqlx::query_as(&sql)
            .fetch_all(pool)
            .await)
    }

    /// Every message about `subject_id` (a booking or registration), oldest first.
    pub async fn messages_about(&self, subject_id: &str) -> DbResult<Vec<OutboxRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM outbox WHERE subject_id = $1 ORDER BY created_at, id");
        on_pool!(self, read, |pool| sqlx::query_as(&sql)
            .bind(subject_id)
            .fetch_all(pool)
            .await)
    }

    /// Puts a failed message back in the queue, due now, with three more days to go; false when
    /// there is no failed message with that id.
    pub async fn retry_message(&self, id: &str, now: i64) -> DbResult<bool> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE outbox SET status = 'pending', next_at = $1, created_at = $1, attempts = 0 WHERE id = $2 AND status = 'failed'",
            )
            .bind(now)
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1)
        })
    }

    pub async fn outbox_counts(&self) -> DbResult<Vec<(String, i64)>> {
        self.status_counts("outbox").await
    }
}

/// `count` parenthesised groups of `width` numbered parameters: `($1, $2), ($3, $4)`.
fn tuples(count: usize, width: usize) -> String {
    (0..count)
        .map(|i| format!("({})", params(1 + i * width, width)))
        .collect::<Vec<_>>()
        .join(", ")
}
