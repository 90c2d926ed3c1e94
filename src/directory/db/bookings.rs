//! Bookings of rooms and teams (migration 0001), keyed by an idempotency key.

use super::{Db, DbResult, NewMessage, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRow {
    pub id: String,
    pub kind: String,
    pub organisation: String,
    pub contact_name: String,
    pub email: String,
    pub purpose: String,
    pub name: String,
    pub expected_participants: i64,
    pub status: String,
    pub reason: Option<String>,
    pub links: Option<String>,
    pub owner_token_hash: String,
    pub request_hash: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The language of the person's mail ("de" or "en").
    pub lang: String,
}

from_row!(BookingRow {
    id,
    kind,
    organisation,
    contact_name,
    email,
    purpose,
    name,
    expected_participants,
    status,
    reason,
    links,
    owner_token_hash,
    request_hash,
    created_at,
    updated_at,
    lang,
});

/// What an insert keyed by an idempotency key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    Created,
    /// A row with the same key exists: its id and the hash of the request that created it.
    Existing {
        id: String,
        request_hash: String,
    },
}

const COLUMNS: &str = "id, kind, organisation, contact_name, email, purpose, name, expected_participants, status, reason, links, owner_token_hash, request_hash, created_at, updated_at, lang";

impl Db {
    /// Inserts the booking and, if it is new, `messages` in the same transaction.
    pub async fn create_booking(
        &self,
        b: &BookingRow,
        idempotency_hash: &str,
        messages: &[NewMessage],
    ) -> DbResult<Inserted> {
        let sql = format!(
            "INSERT INTO bookings ({COLUMNS}, idempotency_hash) VALUES ({}) ON CONFLICT (idempotency_hash) DO NOTHING",
            params(1, 17)
        );
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(&sql)
                .bind(&b.id)
                .bind(&b.kind)
                .bind(&b.organisation)
                .bind(&b.contact_name)
                .bind(&b.email)
                .bind(&b.purpose)
                .bind(&b.name)
                .bind(b.expected_participants)
                .bind(&b.status)
                .bind(&b.reason)
                .bind(&b.links)
                .bind(&b.owner_token_hash)
                .bind(&b.request_hash)
                .bind(b.created_at)
                .bind(b.updated_at)
                .bind(&b.lang)
                .bind(idempotency_hash)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 1 {
                enqueue!(tx, messages, b.created_at);
                tx.commit().await?;
                return Ok(Inserted::Created);
            }
            tx.rollback().await?;
            let (id, request_hash): (String, String) =
                sqlx::query_as("SELECT id, request_hash FROM bookings WHERE idempotency_hash = $1")
                    .bind(idempotency_hash)
                    .fetch_one(pool)
                    .await?;
            Ok(Inserted::Existing { id, request_hash })
        })
    }

    pub async fn booking(&self, id: &str) -> DbResult<Option<BookingRow>> {
        let sql = format!("SELECT {COLUMNS} FROM bookings WHERE id = $1");
        on_pool!(self, read, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await
        })
    }

    pub async fn bookings(&self, status: Option<&str>) -> DbResult<Vec<BookingRow>> {
        let sql = match status {
            Some(_) => {
                format!("SELECT {COLUMNS} FROM bookings WHERE status = $1 ORDER BY created_at, id")
            }
            None => format!("SELECT {COLUMNS} FROM bookings ORDER BY created_at, id"),
        };
        on_pool!(self, read, |pool| {
            let mut q = sqlx::query_as(&sql);
            if let Some(status) = status {
                q = q.bind(status);
            }
            q.fetch_all(pool).await
        })
    }

    /// Moves a booking to `to` if its status is one of `from`, writing `messages` in the same
    /// transaction; the updated row, or None (and no messages).
    #[allow(clippy::too_many_arguments)]
    pub async fn transition_booking(
        &self,
        id: &str,
        from: &[&str],
        to: &str,
        reason: Option<&str>,
        links: Option<&str>,
        now: i64,
        messages: &[NewMessage],
    ) -> DbResult<Option<BookingRow>> {
        let sql = format!(
            "UPDATE bookings SET status = $1, reason = COALESCE($2, reason), links = COALESCE($3, links), updated_at = $4 WHERE id = $5 AND status IN ({}) RETURNING {COLUMNS}",
            params(6, from.len())
        );
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let mut q = sqlx::query_as(&sql)
                .bind(to)
                .bind(reason)
                .bind(links)
                .bind(now)
                .bind(id);
            for f in from {
                q = q.bind(*f);
            }
            let row: Option<BookingRow> = q.fetch_optional(&mut *tx).await?;
            if row.is_some() {
                enqueue!(tx, messages, now);
            }
            tx.commit().await?;
            Ok(row)
        })
    }

    /// Puts a booking back as it was (used when an integration failed half-way).
    pub async fn restore_booking(&self, b: &BookingRow) -> DbResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE bookings SET status = $1, reason = $2, links = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(&b.status)
            .bind(&b.reason)
            .bind(&b.links)
            .bind(b.updated_at)
            .bind(&b.id)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    pub async fn booking_counts(&self) -> DbResult<Vec<(String, i64)>> {
        self.status_counts("bookings").await
    }
}
