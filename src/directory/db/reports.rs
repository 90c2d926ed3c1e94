//! Signed health reports of instances (migrations 0001, 0004, 0005): the batches the group commit
//! of `directory/reports.rs` writes, and the history read back.
//!
//! A batch is written with a fixed number of statements whatever its size. The reports travel as
//! one JSON array (SQLite, `json_each`) or as column arrays (PostgreSQL, `UNNEST`), so that each
//! backend has one statement text that stays prepared. On SQLite a batch is that one INSERT (its
//! own transaction; a trigger updates the instances) unless it changes alert states, on PostgreSQL
//! one transaction of the INSERT and one UPDATE per instance; both with the alert states the batch
//! changes and their messages (`alerts.rs`). A report is new if its (instance, signature) is neither stored nor
//! earlier in the same batch; the others are replays. The stored key also holds the timestamp
//! (migration 0004): the same key, since the signature covers the timestamp.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Sqlite, SqliteConnection};

use super::alerts::{self, AlertRules};
use super::{Db, DbResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub instance_id: String,
    pub timestamp_secs: i64,
    pub signature: String,
    pub status: Option<String>,
    pub body: String,
    pub received_at: i64,
    /// When the agent ran the checks (unix ms), never after `received_at`: a queued report counts
    /// at its own time.
    pub observed_at: i64,
    /// The interval the report announced (seconds), if any.
    pub interval_secs: Option<i64>,
}

/// One stored report as the history needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub received_at: i64,
    pub status: Option<String>,
    pub body: String,
}

from_row!(HistoryRow {
    received_at,
    status,
    body
});

const INSERT_SQLITE: &str = "INSERT INTO reports (instance_id, timestamp_secs, signature, status, body, received_at, observed_at, interval_secs) \
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7 FROM json_each($1) WHERE true \
     ON CONFLICT DO NOTHING";

const INSERT_POSTGRES: &str = "INSERT INTO reports (instance_id, timestamp_secs, signature, status, body, received_at, observed_at, interval_secs) \
     SELECT * FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[], $8::int8[]) \
     ON CONFLICT DO NOTHING";

const RETURNING: &str = " RETURNING instance_id, signature";

const UPDATE_INSTANCE: &str =
    "UPDATE instances SET last_report_at = $1, status = COALESCE($2, status) WHERE id = $3";

/// SQLite: the reports stored after `seq`, to tell new from replayed ones after an INSERT that
/// skipped some (only the report writer inserts reports, on the only write connection).
const STORED_AFTER_SQLITE: &str = "SELECT instance_id, signature FROM reports WHERE seq > $1";

/// The write connection, held by the report writer across consecutive batches: a pool checkout
/// and release cost a round trip each (sqlx pings the connection), more than a batch's statements.
pub enum ReportConn {
    /// With the highest `seq` stored before the next batch.
    Sqlite(PoolConnection<Sqlite>, i64),
    Postgres(PoolConnection<Postgres>),
}

impl Db {
    /// Waits for the write connection (on SQLite the only one, so other writers wait meanwhile).
    pub async fn report_conn(&self) -> DbResult<ReportConn> {
        Ok(match self {
            Db::Sqlite(s) => {
                let mut conn = s.write.acquire().await?;
                let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM reports")
                    .fetch_one(&mut *conn)
                    .await?;
                ReportConn::Sqlite(conn, last)
            }
            Db::Postgres(p) => ReportConn::Postgres(p.write.acquire().await?),
        })
    }

    pub async fn report_count(&self, instance_id: &str) -> DbResult<i64> {
        on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) AS n FROM reports WHERE instance_id = $1")
                .bind(instance_id)
                .fetch_one(pool)
                .await
        })
    }

    /// The latest `limit` reports of an instance, newest observation first; None when there is no such instance.
    pub async fn report_history(&self, id: &str, limit: i64) -> DbResult<Option<Vec<HistoryRow>>> {
        on_pool!(self, read, |pool| {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM instances WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?;
            if n == 0 {
                return Ok(None);
            }
            sqlx::query_as(
                "SELECT received_at, status, body FROM reports WHERE instance_id = $1 \
                 ORDER BY observed_at DESC, seq DESC LIMIT $2",
            )
            .bind(id)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map(Some)
        })
    }
}

/// SQLite: a batch that cannot change an alert state (no instance of it has one, no report is
/// critical) is one INSERT in its own transaction (autocommit; with synchronous=FULL it returns
/// after the fsync), and the trigger of migration 0005 updates each instance inside it. Otherwise
/// the INSERT, the alert states and their messages are one transaction. The states are read before
/// the INSERT: this is the only write connection, so nothing changes them in between.
async fn sqlite_batch(
    conn: &mut PoolConnection<Sqlite>,
    last_seq: &mut i64,
    reports: &[NewReport],
    rules: &dyn AlertRules,
) -> DbResult<(Vec<bool>, bool)> {
    let mut accepted = first_in_batch(reports);
    let candidates = candidates(reports, &accepted);
    let states = alerts::states_sqlite(conn, &instance_ids(&candidates)).await?;
    if !states.values().any(|s| s.stored) && !candidates.iter().any(|r| rules.may_change(r)) {
        sqlite_insert(conn, last_seq, reports, &candidates, &mut accepted).await?;
        return Ok((accepted, false));
    }
    let mut tx = sqlx::Connection::begin(&mut **conn).await?;
    sqlite_insert(&mut tx, last_seq, reports, &candidates, &mut accepted).await?;
    let changed = alerts::step_reports(rules, states, reports, &accepted);
    let queued = save_alerts!(tx, (&changed.0, &changed.1), batch_time(reports));
    tx.commit().await?;
    Ok((accepted, queued))
}

async fn sqlite_insert(
    conn: &mut SqliteConnection,
    last_seq: &mut i64,
    reports: &[NewReport],
    candidates: &[&NewReport],
    accepted: &mut [bool],
) -> DbResult<()> {
    let result = sqlx::query(INSERT_SQLITE)
        .bind(sqlite_rows(candidates))
        .execute(&mut *conn)
        .await?;
    if result.rows_affected() != candidates.len() as u64 {
        // some were stored by an earlier batch: the rows this INSERT added are the new ones
        let returned = sqlx::query_as(STORED_AFTER_SQLITE)
            .bind(*last_seq)
            .fetch_all(&mut *conn)
            .await?;
        mark_returned(reports, accepted, &returned.into_iter().collect());
    }
    if result.rows_affected() > 0 {
        *last_seq = result.last_insert_rowid();
    }
    Ok(())
}

/// The instances of a batch, each once.
fn instance_ids<'a>(reports: &[&'a NewReport]) -> Vec<&'a str> {
    let ids: BTreeSet<&str> = reports.iter().map(|r| r.instance_id.as_str()).collect();
    ids.into_iter().collect()
}

/// When a batch's messages were queued: its last report's arrival.
fn batch_time(reports: &[NewReport]) -> i64 {
    reports.iter().map(|r| r.received_at).max().unwrap_or(0)
}

/// Which reports are the first of their (instance, signature) in the batch.
fn first_in_batch(reports: &[NewReport]) -> Vec<bool> {
    let mut seen = HashSet::with_capacity(reports.len());
    reports
        .iter()
        .map(|r| seen.insert((r.instance_id.as_str(), r.signature.as_str())))
        .collect()
}

/// The reports to insert: the first of each (instance, signature) in the batch.
fn candidates<'a>(reports: &'a [NewReport], accepted: &[bool]) -> Vec<&'a NewReport> {
    reports
        .iter()
        .zip(accepted)
        .filter_map(|(r, ok)| ok.then_some(r))
        .collect()
}

/// The batch as SQLite's `json_each` reads it: one array per report, in the column order.
fn sqlite_rows(reports: &[&NewReport]) -> String {
    let rows: Vec<_> = reports
        .iter()
        .map(|r| {
            (
                &r.instance_id,
                r.timestamp_secs,
                &r.signature,
                &r.status,
                &r.body,
                r.received_at,
                r.observed_at,
                r.interval_secs,
            )
        })
        .collect();
    serde_json::to_string(&rows).expect("strings and integers always serialise")
}

/// The newest accepted report of each instance: its time and status go to the instance row.
fn latest_per_instance<'a>(
    reports: &'a [NewReport],
    accepted: &[bool],
) -> BTreeMap<&'a str, &'a NewReport> {
    reports
        .iter()
        .zip(accepted)
        .filter(|(_, ok)| **ok)
        .map(|(r, _)| (r.instance_id.as_str(), r))
        .collect()
}

/// Marks as accepted the candidates whose (instance, signature) the INSERT returned.
fn mark_returned(
    reports: &[NewReport],
    accepted: &mut [bool],
    returned: &HashSet<(String, String)>,
) {
    for (r, ok) in reports.iter().zip(accepted.iter_mut()) {
        *ok = *ok && returned.contains(&(r.instance_id.clone(), r.signature.clone()));
    }
}

/// PostgreSQL: one transaction of the INSERT and one UPDATE per instance.
async fn postgres_batch(
    conn: &mut PoolConnection<Postgres>,
    reports: &[NewReport],
    rules: &dyn AlertRules,
) -> DbResult<(Vec<bool>, bool)> {
    let mut accepted = first_in_batch(reports);
    let candidates = candidates(reports, &accepted);
    let mut tx = sqlx::Connection::begin(&mut **conn).await?;
    let inserted = bind_postgres(sqlx::query(INSERT_POSTGRES), &candidates)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted != candidates.len() as u64 {
        // some were stored by an earlier batch: start again, asking which rows are new
        tx.rollback().await?;
        tx = sqlx::Connection::begin(&mut **conn).await?;
        let sql = format!("{INSERT_POSTGRES}{RETURNING}");
        let returned: Vec<(String, String)> = bind_postgres(sqlx::query(&sql), &candidates)
            .try_map(|r| sqlx::FromRow::from_row(&r))
            .fetch_all(&mut *tx)
            .await?;
        mark_returned(reports, &mut accepted, &returned.into_iter().collect());
    }
    for (id, r) in latest_per_instance(reports, &accepted) {
        sqlx::query(UPDATE_INSTANCE)
            .bind(r.received_at)
            .bind(&r.status)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    // after the UPDATEs: the instance rows are locked, so the alert sweep waits for this batch
    let states = alerts::states_postgres(&mut tx, &instance_ids(&candidates)).await?;
    let changed = alerts::step_reports(rules, states, reports, &accepted);
    let queued = save_alerts!(tx, (&changed.0, &changed.1), batch_time(reports));
    tx.commit().await?;
    Ok((accepted, queued))
}

fn bind_postgres<'q>(
    q: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    reports: &[&'q NewReport],
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    q.bind(
        reports
            .iter()
            .map(|r| r.instance_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(reports.iter().map(|r| r.timestamp_secs).collect::<Vec<_>>())
    .bind(
        reports
            .iter()
            .map(|r| r.signature.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        reports
            .iter()
            .map(|r| r.status.as_deref())
            .collect::<Vec<_>>(),
    )
    .bind(reports.iter().map(|r| r.body.as_str()).collect::<Vec<_>>())
    .bind(reports.iter().map(|r| r.received_at).collect::<Vec<_>>())
    .bind(reports.iter().map(|r| r.observed_at).collect::<Vec<_>>())
    .bind(reports.iter().map(|r| r.interval_secs).collect::<Vec<_>>())
}

impl ReportConn {
    /// Stores a batch in one transaction with the alert states it changes and their messages;
    /// per report, true if it was new, false for a replay, and whether messages were queued.
    /// Returns only after the commit (on SQLite with synchronous=FULL: after the fsync).
    pub async fn insert_reports(
        &mut self,
        reports: &[NewReport],
        rules: &dyn AlertRules,
    ) -> DbResult<(Vec<bool>, bool)> {
        match self {
            ReportConn::Sqlite(conn, last_seq) => {
                sqlite_batch(conn, last_seq, reports, rules).await
            }
            ReportConn::Postgres(conn) => postgres_batch(conn, reports, rules).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(instance: &str, signature: &str, at: i64, status: Option<&str>) -> NewReport {
        NewReport {
            instance_id: instance.into(),
            timestamp_secs: 1_700_000_000,
            signature: signature.into(),
            status: status.map(str::to_string),
            body: format!("{{\"status\":\"x\",\"quote\":\"\\\"{signature}\\\"\"}}"),
            received_at: at,
            observed_at: at - 5,
            interval_secs: Some(60),
        }
    }

    #[test]
    fn later_copies_in_a_batch_are_replays() {
        let batch = [
            report("a", "s1", 1, None),
            report("a", "s2", 2, None),
            report("a", "s1", 3, None),
            report("b", "s1", 4, None),
        ];
        assert_eq!(first_in_batch(&batch), [true, true, false, true]);
    }

    #[test]
    fn the_newest_accepted_report_updates_its_instance() {
        let batch = [
            report("a", "s1", 1, Some("ok")),
            report("a", "s2", 2, Some("critical")),
            report("b", "s3", 3, None),
        ];
        let latest = latest_per_instance(&batch, &[true, false, true]);
        assert_eq!(latest["a"].signature, "s1");
        assert_eq!(latest["b"].signature, "s3");
        assert_eq!(latest.len(), 2);
    }

    #[test]
    fn only_returned_rows_stay_accepted() {
        let batch = [report("a", "s1", 1, None), report("a", "s2", 2, None)];
        let mut accepted = vec![true, true];
        let returned = HashSet::from([("a".to_string(), "s2".to_string())]);
        mark_returned(&batch, &mut accepted, &returned);
        assert_eq!(accepted, [false, true]);
    }

    #[test]
    fn json_rows_keep_columns_in_order() {
        let r = report("a", "s1", 7, None);
        let rows: serde_json::Value = serde_json::from_str(&sqlite_rows(&[&r])).unwrap();
        assert_eq!(
            rows,
            serde_json::json!([["a", 1_700_000_000, "s1", null, r.body, 7, 2, 60]])
        );
    }
}
