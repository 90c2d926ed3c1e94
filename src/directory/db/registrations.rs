//! Workshop registrations (migrations 0001, 0006): confirmed up to an event date's capacity, then
//! waitlisted; a cancellation moves the first waitlisted one up. `event_slots` guards each date.
//! One e-mail address (compared with `lower()`) has at most one registration per event date that
//! is not cancelled; the unique index of 0006 holds that even against a writer that skips the check.

use super::{Db, DbResult, NewMessage, params};

/// The messages a new registration causes, by the status it got.
pub type OnRegistered<'a> = &'a (dyn Fn(&str) -> Vec<NewMessage> + Sync);
/// The messages a cancellation causes: for the cancelled one, and the one who moved up.
pub type OnCancelled<'a> =
    &'a (dyn Fn(&RegistrationRow, Option<&RegistrationRow>) -> Vec<NewMessage> + Sync);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRow {
    pub id: String,
    pub event_id: String,
    pub date: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub note: Option<String>,
    pub status: String,
    pub token_hash: String,
    pub request_hash: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The language of the person's mail ("de" or "en").
    pub lang: String,
}

from_row!(RegistrationRow {
    id,
    event_id,
    date,
    name,
    email,
    organisation,
    note,
    status,
    token_hash,
    request_hash,
    created_at,
    updated_at,
    lang,
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    Created {
        status: String,
    },
    /// The same Idempotency-Key was sent before.
    Existing {
        id: String,
        request_hash: String,
    },
    /// This e-mail address is already registered for this date, with this status.
    Duplicate {
        status: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub registration: RegistrationRow,
    /// The waitlisted registration that moved up, if any.
    pub promoted: Option<String>,
}

const COLUMNS: &str = "id, event_id, date, name, email, organisation, note, status, token_hash, request_hash, created_at, updated_at, lang";

impl Db {
    pub async fn register(
        &self,
        r: &RegistrationRow,
        idempotency_hash: Option<&str>,
        capacity: i64,
        messages: OnRegistered<'_>,
    ) -> DbResult<Registered> {
        let sql = format!(
            "INSERT INTO registrations ({COLUMNS}, idempotency_hash) VALUES ({}) ON CONFLICT DO NOTHING",
            params(1, 14)
        );
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            // lock the slot first: every change to this event date queues here, so the checks
            // below see every registration made before this one
            let confirmed: i64 = sqlx::query_scalar(
                "INSERT INTO event_slots (event_id, date, confirmed) VALUES ($1, $2, 0) ON CONFLICT (event_id, date) DO UPDATE SET confirmed = event_slots.confirmed RETURNING confirmed",
            )
            .bind(&r.event_id)
            .bind(&r.date)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(key) = idempotency_hash {
                let existing: Option<(String, String)> = sqlx::query_as(
                    "SELECT id, request_hash FROM registrations WHERE idempotency_hash = $1",
                )
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some((id, request_hash)) = existing {
                    tx.rollback().await?;
                    return Ok(Registered::Existing { id, request_hash });
                }
            }
            let duplicate: Option<String> = sqlx::query_scalar(
                "SELECT status FROM registrations WHERE event_id = $1 AND date = $2 AND lower(email) = lower($3) AND status <> 'cancelled'",
            )
            .bind(&r.event_id)
            .bind(&r.date)
            .bind(&r.email)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(status) = duplicate {
                tx.rollback().await?;
                return Ok(Registered::Duplicate { status });
            }
            let status = if confirmed < capacity {
                "confirmed"
            } else {
                "waitlisted"
            };
            let done = sqlx::query(&sql)
                .bind(&r.id)
                .bind(&r.event_id)
                .bind(&r.date)
                .bind(&r.name)
                .bind(&r.email)
                .bind(&r.organisation)
                .bind(&r.note)
                .bind(status)
                .bind(&r.token_hash)
                .bind(&r.request_hash)
                .bind(r.created_at)
                .bind(r.updated_at)
                .bind(&r.lang)
                .bind(idempotency_hash)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                // only a key used at the same moment for another event date gets here
                tx.rollback().await?;
                let (id, request_hash): (String, String) = sqlx::query_as(
                    "SELECT id, request_hash FROM registrations WHERE idempotency_hash = $1",
                )
                .bind(idempotency_hash)
                .fetch_one(pool)
                .await?;
                return Ok(Registered::Existing { id, request_hash });
            }
            if status == "confirmed" {
                sqlx::query(
                    "UPDATE event_slots SET confirmed = confirmed + 1 WHERE event_id = $1 AND date = $2",
                )
                .bind(&r.event_id)
                .bind(&r.date)
                .execute(&mut *tx)
                .await?;
            }
            enqueue!(tx, &messages(status), r.created_at);
            tx.commit().await?;
            Ok(Registered::Created {
                status: status.to_string(),
            })
        })
    }

    pub async fn registration(&self, id: &str) -> DbResult<Option<RegistrationRow>> {
        let sql = format!("SELECT {COLUMNS} FROM registrations WHERE id = $1");
        on_pool!(self, read, |pool| {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await
        })
    }

    pub async fn cancel_registration(
        &self,
        id: &str,
        now: i64,
        messages: OnCancelled<'_>,
    ) -> DbResult<Option<Cancelled>> {
        let Some(found) = self.registration(id).await? else {
            return Ok(None);
        };
        let sql = format!("SELECT {COLUMNS} FROM registrations WHERE id = $1");
        let next_sql = format!(
            "SELECT {COLUMNS} FROM registrations WHERE event_id = $1 AND date = $2 AND status = 'waitlisted' ORDER BY seq LIMIT 1"
        );
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE event_slots SET confirmed = confirmed WHERE event_id = $1 AND date = $2",
            )
            .bind(&found.event_id)
            .bind(&found.date)
            .execute(&mut *tx)
            .await?;
            let current: RegistrationRow =
                sqlx::query_as(&sql).bind(id).fetch_one(&mut *tx).await?;
            if current.status == "cancelled" {
                tx.rollback().await?;
                return Ok(Some(Cancelled {
                    registration: current,
                    promoted: None,
                }));
            }
            let mut promoted = None;
            let mut promoted_row: Option<RegistrationRow> = None;
            if current.status == "confirmed" {
                let next: Option<RegistrationRow> = sqlx::query_as(&next_sql)
                    .bind(&current.event_id)
                    .bind(&current.date)
                    .fetch_optional(&mut *tx)
                    .await?;
                match next {
                    Some(next) => {
                        sqlx::query(
                            "UPDATE registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2",
                        )
                        .bind(now)
                        .bind(&next.id)
                        .execute(&mut *tx)
                        .await?;
                        promoted = Some(next.id.clone());
                        promoted_row = Some(RegistrationRow {
                            status: "confirmed".into(),
                            updated_at: now,
                            ..next
                        });
                    }
                    None => {
                        sqlx::query(
                            "UPDATE event_slots SET confirmed = confirmed - 1 WHERE event_id = $1 AND date = $2",
                        )
                        .bind(&current.event_id)
                        .bind(&current.date)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            sqlx::query(
                "UPDATE registrations SET status = 'cancelled', updated_at = $1 WHERE id = $2",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(super::outbox::DROP_REMINDERS)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let registration = RegistrationRow {
                status: "cancelled".into(),
                updated_at: now,
                ..current
            };
            enqueue!(tx, &messages(&registration, promoted_row.as_ref()), now);
            tx.commit().await?;
            Ok(Some(Cancelled {
                registration,
                promoted,
            }))
        })
    }

    pub async fn registrations(&self, event_id: &str) -> DbResult<Vec<RegistrationRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM registrations WHERE event_id = $1 ORDER BY date, seq");
        on_pool!(self, read, |pool| {
            sqlx::query_as(&sql).bind(event_id).fetch_all(pool).await
        })
    }

    /// (date, status, count) of the registrations of an event that are not cancelled.
    pub async fn registration_counts(
        &self,
        event_id: &str,
    ) -> DbResult<Vec<(String, String, i64)>> {
        on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT date, status, COUNT(*) AS n FROM registrations WHERE event_id = $1 AND status <> 'cancelled' GROUP BY date, status",
            )
            .bind(event_id)
            .fetch_all(pool)
            .await
        })
    }
}
