//! Storage: one `Store` trait, implemented for SQLite (the default, a file in the data dir) and
//! PostgreSQL (chosen by a `postgres://` URL). The SQL is the same text for both where the dialects
//! agree (`$n` parameters, `ON CONFLICT`, `RETURNING`); migrations are per backend.
//!
//! Every write that must be serialised (capacity, enrollment use) starts its transaction with a
//! write to the row that guards it, which locks that row in PostgreSQL and takes the write lock in
//! SQLite. SQLite writes go through a pool of one connection so that writers queue instead of
//! spinning on SQLITE_BUSY.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Executor, Row};

pub type DbResult<T> = Result<T, sqlx::Error>;

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
}

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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    Created { status: String },
    Existing { id: String, request_hash: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub registration: RegistrationRow,
    /// The waitlisted registration that moved up, if any.
    pub promoted: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceRow {
    pub id: String,
    pub organisation: String,
    pub contact_email: String,
    pub services: String,
    pub status: String,
    pub created_at: i64,
    pub last_report_at: Option<i64>,
    pub reports_24h: i64,
    pub ok_24h: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInstance {
    pub id: String,
    pub organisation: String,
    pub contact_email: String,
    pub services: String,
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolled {
    Created,
    /// The same registration again (a retry): the instance it created.
    Existing {
        id: String,
        secret: String,
    },
    InvalidToken,
    Expired,
    /// The token was already used for a different registration.
    Used,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub instance_id: String,
    pub timestamp_secs: i64,
    pub signature: String,
    pub status: Option<String>,
    pub body: String,
    pub received_at: i64,
}

/// The operations the directory needs from a database.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn ping(&self) -> DbResult<()>;
    async fn create_booking(&self, row: &BookingRow, idempotency_hash: &str) -> DbResult<Inserted>;
    async fn booking(&self, id: &str) -> DbResult<Option<BookingRow>>;
    async fn bookings(&self, status: Option<&str>) -> DbResult<Vec<BookingRow>>;
    /// Moves a booking to `to` if its status is one of `from`; the updated row, or None.
    async fn transition_booking(
        &self,
        id: &str,
        from: &[&str],
        to: &str,
        reason: Option<&str>,
        links: Option<&str>,
        now: i64,
    ) -> DbResult<Option<BookingRow>>;
    /// Puts a booking back as it was (used when an integration failed half-way).
    async fn restore_booking(&self, row: &BookingRow) -> DbResult<()>;
    async fn booking_counts(&self) -> DbResult<Vec<(String, i64)>>;

    async fn register(
        &self,
        row: &RegistrationRow,
        idempotency_hash: Option<&str>,
        capacity: i64,
    ) -> DbResult<Registered>;
    async fn registration(&self, id: &str) -> DbResult<Option<RegistrationRow>>;
    async fn cancel_registration(&self, id: &str, now: i64) -> DbResult<Option<Cancelled>>;
    async fn registrations(&self, event_id: &str) -> DbResult<Vec<RegistrationRow>>;
    /// (date, status, count) of the registrations of an event that are not cancelled.
    async fn registration_counts(&self, event_id: &str) -> DbResult<Vec<(String, String, i64)>>;

    async fn create_enrollment(
        &self,
        token_hash: &str,
        note: Option<&str>,
        expires_at: i64,
        now: i64,
    ) -> DbResult<()>;
    async fn enroll(
        &self,
        token_hash: &str,
        request_hash: &str,
        instance: &NewInstance,
        now: i64,
    ) -> DbResult<Enrolled>;
    async fn instance_secret(&self, id: &str) -> DbResult<Option<String>>;
    /// Inserts reports in one transaction; for each, whether it was new (false: a replay).
    async fn instances(&self, since: i64) -> DbResult<Vec<InstanceRow>>;
    async fn instance_counts(&self) -> DbResult<Vec<(String, i64)>>;
    async fn report_count(&self, instance_id: &str) -> DbResult<i64>;
}

const BOOKING_COLUMNS: &str = "id, kind, organisation, contact_name, email, purpose, name, expected_participants, status, reason, links, owner_token_hash, request_hash, created_at, updated_at";
const REGISTRATION_COLUMNS: &str = "id, event_id, date, name, email, organisation, note, status, token_hash, request_hash, created_at, updated_at";

/// Placeholders `$first, $first+1, ...` for `n` values.
fn params(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same SQL for both backends; `$Store` has fields `read` and `write` of pool type `$Pool`.
macro_rules! store_impl {
    ($Store:ident, $Row:ty) => {
        impl $Store {
            fn booking_row(r: &$Row) -> DbResult<BookingRow> {
                Ok(BookingRow {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    organisation: r.try_get("organisation")?,
                    contact_name: r.try_get("contact_name")?,
                    email: r.try_get("email")?,
                    purpose: r.try_get("purpose")?,
                    name: r.try_get("name")?,
                    expected_participants: r.try_get("expected_participants")?,
                    status: r.try_get("status")?,
                    reason: r.try_get("reason")?,
                    links: r.try_get("links")?,
                    owner_token_hash: r.try_get("owner_token_hash")?,
                    request_hash: r.try_get("request_hash")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            }

            fn registration_row(r: &$Row) -> DbResult<RegistrationRow> {
                Ok(RegistrationRow {
                    id: r.try_get("id")?,
                    event_id: r.try_get("event_id")?,
                    date: r.try_get("date")?,
                    name: r.try_get("name")?,
                    email: r.try_get("email")?,
                    organisation: r.try_get("organisation")?,
                    note: r.try_get("note")?,
                    status: r.try_get("status")?,
                    token_hash: r.try_get("token_hash")?,
                    request_hash: r.try_get("request_hash")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            }
        }

        impl Store for $Store {
            async fn ping(&self) -> DbResult<()> {
                sqlx::query("SELECT 1").execute(&self.read).await?;
                Ok(())
            }

            async fn create_booking(
                &self,
                b: &BookingRow,
                idempotency_hash: &str,
            ) -> DbResult<Inserted> {
                let sql = format!(
                    "INSERT INTO bookings ({BOOKING_COLUMNS}, idempotency_hash) VALUES ({}) ON CONFLICT (idempotency_hash) DO NOTHING",
                    params(1, 16)
                );
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
                    .bind(idempotency_hash)
                    .execute(&self.write)
                    .await?;
                if done.rows_affected() == 1 {
                    return Ok(Inserted::Created);
                }
                let row = sqlx::query(
                    "SELECT id, request_hash FROM bookings WHERE idempotency_hash = $1",
                )
                .bind(idempotency_hash)
                .fetch_one(&self.write)
                .await?;
                Ok(Inserted::Existing {
                    id: row.try_get("id")?,
                    request_hash: row.try_get("request_hash")?,
                })
            }

            async fn booking(&self, id: &str) -> DbResult<Option<BookingRow>> {
                let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.read).await?;
                row.as_ref().map(Self::booking_row).transpose()
            }

            async fn bookings(&self, status: Option<&str>) -> DbResult<Vec<BookingRow>> {
                let rows = match status {
                    Some(status) => {
                        let sql = format!(
                            "SELECT {BOOKING_COLUMNS} FROM bookings WHERE status = $1 ORDER BY created_at, id"
                        );
                        sqlx::query(&sql).bind(status).fetch_all(&self.read).await?
                    }
                    None => {
                        let sql =
                            format!("SELECT {BOOKING_COLUMNS} FROM bookings ORDER BY created_at, id");
                        sqlx::query(&sql).fetch_all(&self.read).await?
                    }
                };
                rows.iter().map(Self::booking_row).collect()
            }

            async fn transition_booking(
                &self,
                id: &str,
                from: &[&str],
                to: &str,
                reason: Option<&str>,
                links: Option<&str>,
                now: i64,
            ) -> DbResult<Option<BookingRow>> {
                let sql = format!(
                    "UPDATE bookings SET status = $1, reason = COALESCE($2, reason), links = COALESCE($3, links), updated_at = $4 WHERE id = $5 AND status IN ({}) RETURNING {BOOKING_COLUMNS}",
                    params(6, from.len())
                );
                let mut q = sqlx::query(&sql)
                    .bind(to)
                    .bind(reason)
                    .bind(links)
                    .bind(now)
                    .bind(id);
                for f in from {
                    q = q.bind(*f);
                }
                let row = q.fetch_optional(&self.write).await?;
                row.as_ref().map(Self::booking_row).transpose()
            }

            async fn restore_booking(&self, b: &BookingRow) -> DbResult<()> {
                sqlx::query(
                    "UPDATE bookings SET status = $1, reason = $2, links = $3, updated_at = $4 WHERE id = $5",
                )
                .bind(&b.status)
                .bind(&b.reason)
                .bind(&b.links)
                .bind(b.updated_at)
                .bind(&b.id)
                .execute(&self.write)
                .await?;
                Ok(())
            }

            async fn booking_counts(&self) -> DbResult<Vec<(String, i64)>> {
                let rows = sqlx::query(
                    "SELECT status, COUNT(*) AS n FROM bookings GROUP BY status ORDER BY status",
                )
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
                    .collect()
            }

            async fn register(
                &self,
                r: &RegistrationRow,
                idempotency_hash: Option<&str>,
                capacity: i64,
            ) -> DbResult<Registered> {
                let mut tx = self.write.begin().await?;
                // lock the slot first: every change to this event date queues here
                let confirmed: i64 = sqlx::query(
                    "INSERT INTO event_slots (event_id, date, confirmed) VALUES ($1, $2, 0) ON CONFLICT (event_id, date) DO UPDATE SET confirmed = event_slots.confirmed RETURNING confirmed",
                )
                .bind(&r.event_id)
                .bind(&r.date)
                .fetch_one(&mut *tx)
                .await?
                .try_get("confirmed")?;
                let status = if confirmed < capacity {
                    "confirmed"
                } else {
                    "waitlisted"
                };
                let sql = format!(
                    "INSERT INTO registrations ({REGISTRATION_COLUMNS}, idempotency_hash) VALUES ({}) ON CONFLICT DO NOTHING",
                    params(1, 13)
                );
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
                    .bind(idempotency_hash)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    tx.rollback().await?;
                    let row = sqlx::query(
                        "SELECT id, request_hash FROM registrations WHERE idempotency_hash = $1",
                    )
                    .bind(idempotency_hash)
                    .fetch_one(&self.write)
                    .await?;
                    return Ok(Registered::Existing {
                        id: row.try_get("id")?,
                        request_hash: row.try_get("request_hash")?,
                    });
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
                tx.commit().await?;
                Ok(Registered::Created {
                    status: status.to_string(),
                })
            }

            async fn registration(&self, id: &str) -> DbResult<Option<RegistrationRow>> {
                let sql =
                    format!("SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.read).await?;
                row.as_ref().map(Self::registration_row).transpose()
            }

            async fn cancel_registration(&self, id: &str, now: i64) -> DbResult<Option<Cancelled>> {
                let Some(found) = self.registration(id).await? else {
                    return Ok(None);
                };
                let mut tx = self.write.begin().await?;
                sqlx::query(
                    "UPDATE event_slots SET confirmed = confirmed WHERE event_id = $1 AND date = $2",
                )
                .bind(&found.event_id)
                .bind(&found.date)
                .execute(&mut *tx)
                .await?;
                let sql =
                    format!("SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE id = $1");
                let current = Self::registration_row(
                    &sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?,
                )?;
                if current.status == "cancelled" {
                    tx.rollback().await?;
                    return Ok(Some(Cancelled {
                        registration: current,
                        promoted: None,
                    }));
                }
                let mut promoted = None;
                if current.status == "confirmed" {
                    let next = sqlx::query(
                        "SELECT id FROM registrations WHERE event_id = $1 AND date = $2 AND status = 'waitlisted' ORDER BY seq LIMIT 1",
                    )
                    .bind(&current.event_id)
                    .bind(&current.date)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match next {
                        Some(row) => {
                            let next_id: String = row.try_get("id")?;
                            sqlx::query(
                                "UPDATE registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2",
                            )
                            .bind(now)
                            .bind(&next_id)
                            .execute(&mut *tx)
                            .await?;
                            promoted = Some(next_id);
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
                tx.commit().await?;
                Ok(Some(Cancelled {
                    registration: RegistrationRow {
                        status: "cancelled".into(),
                        updated_at: now,
                        ..current
                    },
                    promoted,
                }))
            }

            async fn registrations(&self, event_id: &str) -> DbResult<Vec<RegistrationRow>> {
                let sql = format!(
                    "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE event_id = $1 ORDER BY date, seq"
                );
                let rows = sqlx::query(&sql).bind(event_id).fetch_all(&self.read).await?;
                rows.iter().map(Self::registration_row).collect()
            }

            async fn registration_counts(
                &self,
                event_id: &str,
            ) -> DbResult<Vec<(String, String, i64)>> {
                let rows = sqlx::query(
                    "SELECT date, status, COUNT(*) AS n FROM registrations WHERE event_id = $1 AND status <> 'cancelled' GROUP BY date, status",
                )
                .bind(event_id)
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| Ok((r.try_get("date")?, r.try_get("status")?, r.try_get("n")?)))
                    .collect()
            }

            async fn create_enrollment(
                &self,
                token_hash: &str,
                note: Option<&str>,
                expires_at: i64,
                now: i64,
            ) -> DbResult<()> {
                sqlx::query(
                    "INSERT INTO enrollments (token_hash, note, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(token_hash)
                .bind(note)
                .bind(now)
                .bind(expires_at)
                .execute(&self.write)
                .await?;
                Ok(())
            }

            async fn enroll(
                &self,
                token_hash: &str,
                request_hash: &str,
                i: &NewInstance,
                now: i64,
            ) -> DbResult<Enrolled> {
                let mut tx = self.write.begin().await?;
                let Some(row) = sqlx::query(
                    "UPDATE enrollments SET note = note WHERE token_hash = $1 RETURNING expires_at, instance_id, request_hash",
                )
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    return Ok(Enrolled::InvalidToken);
                };
                let expires_at: i64 = row.try_get("expires_at")?;
                let used_by: Option<String> = row.try_get("instance_id")?;
                let used_for: Option<String> = row.try_get("request_hash")?;
                if let Some(id) = used_by {
                    if used_for.as_deref() != Some(request_hash) {
                        return Ok(Enrolled::Used);
                    }
                    let secret: String =
                        sqlx::query("SELECT secret FROM instances WHERE id = $1")
                            .bind(&id)
                            .fetch_one(&mut *tx)
                            .await?
                            .try_get("secret")?;
                    return Ok(Enrolled::Existing { id, secret });
                }
                if expires_at < now {
                    return Ok(Enrolled::Expired);
                }
                sqlx::query(
                    "INSERT INTO instances (id, organisation, contact_email, services, secret, status, created_at) VALUES ($1, $2, $3, $4, $5, 'new', $6)",
                )
                .bind(&i.id)
                .bind(&i.organisation)
                .bind(&i.contact_email)
                .bind(&i.services)
                .bind(&i.secret)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE enrollments SET instance_id = $1, request_hash = $2 WHERE token_hash = $3",
                )
                .bind(&i.id)
                .bind(request_hash)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Enrolled::Created)
            }

            async fn instance_secret(&self, id: &str) -> DbResult<Option<String>> {
                let row = sqlx::query("SELECT secret FROM instances WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.read)
                    .await?;
                row.map(|r| r.try_get("secret")).transpose()
            }

            async fn instances(&self, since: i64) -> DbResult<Vec<InstanceRow>> {
                let rows = sqlx::query(
                    "SELECT i.id, i.organisation, i.contact_email, i.services, i.status, i.created_at, i.last_report_at, \
                     (SELECT COUNT(*) FROM reports r WHERE r.instance_id = i.id AND r.received_at > $1) AS reports_24h, \
                     (SELECT COUNT(*) FROM reports r WHERE r.instance_id = i.id AND r.received_at > $1 AND r.status = 'ok') AS ok_24h \
                     FROM instances i ORDER BY i.organisation, i.id",
                )
                .bind(since)
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(InstanceRow {
                            id: r.try_get("id")?,
                            organisation: r.try_get("organisation")?,
                            contact_email: r.try_get("contact_email")?,
                            services: r.try_get("services")?,
                            status: r.try_get("status")?,
                            created_at: r.try_get("created_at")?,
                            last_report_at: r.try_get("last_report_at")?,
                            reports_24h: r.try_get("reports_24h")?,
                            ok_24h: r.try_get("ok_24h")?,
                        })
                    })
                    .collect()
            }

            async fn instance_counts(&self) -> DbResult<Vec<(String, i64)>> {
                let rows = sqlx::query(
                    "SELECT status, COUNT(*) AS n FROM instances GROUP BY status ORDER BY status",
                )
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
                    .collect()
            }

            async fn report_count(&self, instance_id: &str) -> DbResult<i64> {
                sqlx::query("SELECT COUNT(*) AS n FROM reports WHERE instance_id = $1")
                    .bind(instance_id)
                    .fetch_one(&self.read)
                    .await?
                    .try_get("n")
            }
        }
    };
}

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(super) read: SqlitePool,
    pub(super) write: SqlitePool,
}

#[derive(Debug, Clone)]
pub struct PgStore {
    pub(super) read: PgPool,
    pub(super) write: PgPool,
}

store_impl!(SqliteStore, sqlx::sqlite::SqliteRow);
store_impl!(PgStore, sqlx::postgres::PgRow);

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const SQLITE_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "rooms",
        sql: include_str!("migrations/sqlite/0002_rooms.sql"),
    },
    Migration {
        version: 3,
        name: "mattermost_teams",
        sql: include_str!("migrations/sqlite/0003_mattermost_teams.sql"),
    },
    Migration {
        version: 4,
        name: "reports_key",
        sql: include_str!("migrations/sqlite/0004_reports_key.sql"),
    },
    Migration {
        version: 5,
        name: "reports_touch_instance",
        sql: include_str!("migrations/sqlite/0005_reports_touch_instance.sql"),
    },
];

const POSTGRES_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "rooms",
        sql: include_str!("migrations/postgres/0002_rooms.sql"),
    },
    Migration {
        version: 3,
        name: "mattermost_teams",
        sql: include_str!("migrations/postgres/0003_mattermost_teams.sql"),
    },
    Migration {
        version: 4,
        name: "reports_key",
        sql: include_str!("migrations/postgres/0004_reports_key.sql"),
    },
];

impl SqliteStore {
    /// Opens (creating if needed) the database file, with WAL and synchronous=FULL: a write is
    /// acknowledged only once it is on disk.
    pub async fn open(path: &Path) -> DbResult<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let store = SqliteStore { read, write };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> DbResult<()> {
        let mut conn = self.write.acquire().await?;
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)").await?;
        for m in SQLITE_MIGRATIONS {
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            let done = sqlx::query("SELECT 1 FROM schema_migrations WHERE version = $1")
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                sqlx::raw_sql(m.sql).execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                )
                .bind(m.version)
                .bind(m.name)
                .bind(super::now_ms())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

impl PgStore {
    pub async fn open(url: &str, max_connections: u32) -> DbResult<Self> {
        let options = sqlx::postgres::PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        let store = PgStore {
            read: pool.clone(),
            write: pool,
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        // several servers may start at once: one migrates, the others wait
        sqlx::query("SELECT pg_advisory_xact_lock(7465726569)")
            .execute(&mut *tx)
            .await?;
        tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").await?;
        for m in POSTGRES_MIGRATIONS {
            let done = sqlx::query("SELECT 1 FROM schema_migrations WHERE version = $1")
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                sqlx::raw_sql(m.sql).execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                )
                .bind(m.version)
                .bind(m.name)
                .bind(super::now_ms())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The backend chosen from the database URL.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Where the database is, decided from the URL: `postgres://` or `postgresql://` for PostgreSQL,
/// `sqlite://PATH` or a plain path for SQLite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn parse(url: &str) -> Location {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Location::Postgres(url.to_string())
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            Location::Sqlite(PathBuf::from(path))
        }
    }

    /// For logs: the PostgreSQL URL without its password.
    pub fn redacted(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("sqlite {}", p.display()),
            Location::Postgres(url) => match url::Url::parse(url) {
                Ok(mut u) => {
                    if u.password().is_some() {
                        let _ = u.set_password(Some("***"));
                    }
                    format!("postgres {u}")
                }
                Err(_) => "postgres (unparsable URL)".to_string(),
            },
        }
    }
}

impl Db {
    pub async fn open(location: &Location) -> DbResult<Db> {
        Ok(match location {
            Location::Sqlite(path) => Db::Sqlite(SqliteStore::open(path).await?),
            Location::Postgres(url) => Db::Postgres(PgStore::open(url, 16).await?),
        })
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(s) => {
                s.write.close().await;
                s.read.close().await;
            }
            Db::Postgres(s) => s.write.close().await,
        }
    }
}

macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Db::Sqlite(s) => s.$method($($arg),*).await,
            Db::Postgres(s) => s.$method($($arg),*).await,
        }
    };
}

impl Store for Db {
    async fn ping(&self) -> DbResult<()> {
        dispatch!(self.ping())
    }
    async fn create_booking(&self, row: &BookingRow, key: &str) -> DbResult<Inserted> {
        dispatch!(self.create_booking(row, key))
    }
    async fn booking(&self, id: &str) -> DbResult<Option<BookingRow>> {
        dispatch!(self.booking(id))
    }
    async fn bookings(&self, status: Option<&str>) -> DbResult<Vec<BookingRow>> {
        dispatch!(self.bookings(status))
    }
    async fn transition_booking(
        &self,
        id: &str,
        from: &[&str],
        to: &str,
        reason: Option<&str>,
        links: Option<&str>,
        now: i64,
    ) -> DbResult<Option<BookingRow>> {
        dispatch!(self.transition_booking(id, from, to, reason, links, now))
    }
    async fn restore_booking(&self, row: &BookingRow) -> DbResult<()> {
        dispatch!(self.restore_booking(row))
    }
    async fn booking_counts(&self) -> DbResult<Vec<(String, i64)>> {
        dispatch!(self.booking_counts())
    }
    async fn register(
        &self,
        row: &RegistrationRow,
        key: Option<&str>,
        capacity: i64,
    ) -> DbResult<Registered> {
        dispatch!(self.register(row, key, capacity))
    }
    async fn registration(&self, id: &str) -> DbResult<Option<RegistrationRow>> {
        dispatch!(self.registration(id))
    }
    async fn cancel_registration(&self, id: &str, now: i64) -> DbResult<Option<Cancelled>> {
        dispatch!(self.cancel_registration(id, now))
    }
    async fn registrations(&self, event_id: &str) -> DbResult<Vec<RegistrationRow>> {
        dispatch!(self.registrations(event_id))
    }
    async fn registration_counts(&self, event_id: &str) -> DbResult<Vec<(String, String, i64)>> {
        dispatch!(self.registration_counts(event_id))
    }
    async fn create_enrollment(
        &self,
        token_hash: &str,
        note: Option<&str>,
        expires_at: i64,
        now: i64,
    ) -> DbResult<()> {
        dispatch!(self.create_enrollment(token_hash, note, expires_at, now))
    }
    async fn enroll(
        &self,
        token_hash: &str,
        request_hash: &str,
        instance: &NewInstance,
        now: i64,
    ) -> DbResult<Enrolled> {
        dispatch!(self.enroll(token_hash, request_hash, instance, now))
    }
    async fn instance_secret(&self, id: &str) -> DbResult<Option<String>> {
        dispatch!(self.instance_secret(id))
    }
    async fn instances(&self, since: i64) -> DbResult<Vec<InstanceRow>> {
        dispatch!(self.instances(since))
    }
    async fn instance_counts(&self) -> DbResult<Vec<(String, i64)>> {
        dispatch!(self.instance_counts())
    }
    async fn report_count(&self, instance_id: &str) -> DbResult<i64> {
        dispatch!(self.report_count(instance_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_from_url() {
        assert_eq!(
            Location::parse("postgres://u:p@localhost/db"),
            Location::Postgres("postgres://u:p@localhost/db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///var/lib/x.db"),
            Location::Sqlite("/var/lib/x.db".into())
        );
        assert_eq!(
            Location::parse("/tmp/x.db"),
            Location::Sqlite("/tmp/x.db".into())
        );
        let r = Location::parse("postgres://u:secret@localhost/db").redacted();
        assert!(!r.contains("secret"), "{r}");
    }
}
