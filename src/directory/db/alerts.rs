//! Alert state of instances (migration 0009): what each instance's contact was told. The rules
//! (`notify::alerts`) step a state with each stored report inside the report batch's own
//! transaction, and with the sweep (stale instances, daily reminders), so an alert is queued in the
//! outbox exactly when the change that causes it is committed.

use std::collections::HashMap;

use sqlx::{PgConnection, SqliteConnection};

use super::{Db, DbResult, NewMessage, NewReport};

/// One instance's alert state, with what a message needs to name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertState {
    pub instance_id: String,
    pub organisation: String,
    pub contact_email: String,
    /// The contact's language ("de" or "en").
    pub lang: String,
    /// Whether the row exists (false: up, nothing said).
    pub stored: bool,
    /// "up" or "down".
    pub state: String,
    /// Why it is down: "critical" or "stale".
    pub reason: Option<String>,
    /// The critical checks' details, as the alert named them.
    pub detail: String,
    pub critical_run: i64,
    pub down_since: Option<i64>,
    pub alerted_at: Option<i64>,
    /// Times (ms) of the state changes within the last hour, comma-separated.
    pub changes: String,
    pub flapping: bool,
}

from_row!(AlertState {
    instance_id,
    organisation,
    contact_email,
    lang,
    stored,
    state,
    reason,
    detail,
    critical_run,
    down_since,
    alerted_at,
    changes,
    flapping,
});

/// When an instance changes state and what it is told; `notify::Notifier` implements it.
pub trait AlertRules: Send + Sync {
    /// Whether `report` can change an instance that has no stored state (a critical one can).
    fn may_change(&self, report: &NewReport) -> bool;
    /// Steps `state` with a stored report; the messages to queue.
    fn on_report(&self, state: &mut AlertState, report: &NewReport) -> Vec<NewMessage>;
    /// Steps `state` at `now` from the sweep: `stale` when three intervals passed without a report.
    fn on_sweep(&self, state: &mut AlertState, stale: bool, now: i64) -> Vec<NewMessage>;
}

const SELECT: &str = "SELECT i.id AS instance_id, i.organisation, i.contact_email, i.lang, \
     a.instance_id IS NOT NULL AS stored, COALESCE(a.state, 'up') AS state, a.reason, \
     COALESCE(a.detail, '') AS detail, COALESCE(a.critical_run, 0) AS critical_run, a.down_since, \
     a.alerted_at, COALESCE(a.changes, '') AS changes, COALESCE(a.flapping, FALSE) AS flapping \
     FROM instances i LEFT JOIN instance_alerts a ON a.instance_id = i.id";

/// No report for three of the last report's intervals (60 s when it gave none) before `$1`, as
/// the public list's `is_stale` says.
const STALE: &str = "i.last_report_at IS NOT NULL AND i.last_report_at + 3000 * COALESCE(\
     (SELECT r.interval_secs FROM reports r WHERE r.instance_id = i.id ORDER BY r.received_at DESC LIMIT 1), 60) < $1";

pub(super) const UPSERT: &str = "INSERT INTO instance_alerts (instance_id, state, reason, detail, critical_run, down_since, alerted_at, changes, flapping) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (instance_id) DO UPDATE SET state = excluded.state, \
     reason = excluded.reason, detail = excluded.detail, critical_run = excluded.critical_run, \
     down_since = excluded.down_since, alerted_at = excluded.alerted_at, changes = excluded.changes, \
     flapping = excluded.flapping";

/// Writes the changed states and their messages (`(Vec<AlertState>, Vec<NewMessage>)`) on
/// `$tx`, an open transaction, at `$now` (ms).
macro_rules! save_alerts {
    ($tx:expr, $changed:expr, $now:expr) => {{
        let (states, messages) = $changed;
        for s in states.iter() {
            sqlx::query($crate::directory::db::alerts::UPSERT)
                .bind(&s.instance_id)
                .bind(&s.state)
                .bind(&s.reason)
                .bind(&s.detail)
                .bind(s.critical_run)
                .bind(s.down_since)
                .bind(s.alerted_at)
                .bind(&s.changes)
                .bind(s.flapping)
                .execute(&mut *$tx)
                .await?;
        }
        enqueue!($tx, messages, $now);
        !messages.is_empty()
    }};
}

/// The states of the batch's instances (SQLite: the ids as one JSON array).
pub(super) async fn states_sqlite(
    conn: &mut SqliteConnection,
    ids: &[&str],
) -> DbResult<HashMap<String, AlertState>> {
    let sql = format!("{SELECT} WHERE i.id IN (SELECT value FROM json_each($1))");
    let ids = serde_json::to_string(ids).expect("strings always serialise");
    let rows: Vec<AlertState> = sqlx::query_as(&sql).bind(ids).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|s| (s.instance_id.clone(), s))
        .collect())
}

pub(super) async fn states_postgres(
    conn: &mut PgConnection,
    ids: &[&str],
) -> DbResult<HashMap<String, AlertState>> {
    let sql = format!("{SELECT} WHERE i.id = ANY($1)");
    let rows: Vec<AlertState> = sqlx::query_as(&sql).bind(ids).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|s| (s.instance_id.clone(), s))
        .collect())
}

/// Steps each instance's state with its accepted reports, in arrival order: the states that
/// changed and the messages to queue.
pub(super) fn step_reports(
    rules: &dyn AlertRules,
    mut states: HashMap<String, AlertState>,
    reports: &[NewReport],
    accepted: &[bool],
) -> (Vec<AlertState>, Vec<NewMessage>) {
    let before = states.clone();
    let mut messages = Vec::new();
    for (r, ok) in reports.iter().zip(accepted) {
        if let (true, Some(state)) = (*ok, states.get_mut(&r.instance_id)) {
            messages.extend(rules.on_report(state, r));
        }
    }
    let mut changed: Vec<AlertState> = states
        .into_values()
        .filter(|s| before.get(&s.instance_id) != Some(s))
        .collect();
    changed.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    (changed, messages)
}

/// The sweep's step of one instance: the state if it changed, and the messages.
fn sweep_step(
    rules: &dyn AlertRules,
    mut state: AlertState,
    stale: bool,
    now: i64,
) -> (Vec<AlertState>, Vec<NewMessage>) {
    let before = state.clone();
    let messages = rules.on_sweep(&mut state, stale, now);
    let changed = if state == before {
        Vec::new()
    } else {
        vec![state]
    };
    (changed, messages)
}

/// On `$tx`: reads instance `$id`'s state and whether it is stale at `$now`, steps it, writes it.
macro_rules! sweep_one {
    ($tx:expr, $rules:expr, $id:expr, $now:expr) => {{
        let sql = SELECT.replacen(
            " FROM instances i",
            &format!(", {STALE} AS stale FROM instances i"),
            1,
        );
        let sql = format!("{sql} WHERE i.id = $2");
        let row = sqlx::query(&sql)
            .bind($now)
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?;
        match row {
            Some(row) => {
                let stale: bool = sqlx::Row::try_get(&row, "stale")?;
                let state: AlertState = sqlx::FromRow::from_row(&row)?;
                let changed = sweep_step($rules, state, stale, $now);
                // queued at the wall clock: a sweep run for a later time (tests) delivers at once
                save_alerts!($tx, (&changed.0, &changed.1), crate::directory::now_ms())
            }
            None => false,
        }
    }};
}

impl Db {
    /// Steps at most `limit` instances that went stale or are due for a reminder at `now`, each in
    /// its own transaction; true when messages were queued.
    pub async fn sweep_alerts(
        &self,
        rules: &dyn AlertRules,
        now: i64,
        limit: i64,
    ) -> DbResult<bool> {
        let due = format!(
            "SELECT i.id FROM instances i LEFT JOIN instance_alerts a ON a.instance_id = i.id \
             WHERE (COALESCE(a.state, 'up') = 'up' AND {STALE}) OR (a.state = 'down' AND a.alerted_at <= $2) \
             ORDER BY i.id LIMIT $3"
        );
        let ids: Vec<String> = on_pool!(self, read, |pool| sqlx::query_scalar(&due)
            .bind(now)
            .bind(now - super::health::DAY_MS)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        let mut queued = false;
        for id in ids {
            queued |= match self {
                Db::Sqlite(s) => {
                    let mut tx = s.write.begin().await?;
                    let queued = sweep_one!(tx, rules, &id, now);
                    tx.commit().await?;
                    queued
                }
                Db::Postgres(p) => {
                    let mut tx = p.write.begin().await?;
                    // a report batch updates the instance row first: one of the two waits
                    sqlx::query("SELECT id FROM instances WHERE id = $1 FOR UPDATE")
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                    let queued = sweep_one!(tx, rules, &id, now);
                    tx.commit().await?;
                    queued
                }
            };
        }
        Ok(queued)
    }
}
