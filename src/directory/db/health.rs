//! Health history of registered instances: report counts over 30 days and the last report's body
//! (its interval decides when an instance is stale). Reads the `reports` table of 0001.

use std::collections::HashMap;

use super::{Db, DbResult};

/// Per instance: reports in the window, how many said "ok", and the latest report's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthRow {
    pub reports_30d: i64,
    pub ok_30d: i64,
    pub last_body: Option<String>,
}

const SQL: &str = "SELECT i.id, \
     (SELECT COUNT(*) FROM reports r WHERE r.instance_id = i.id AND r.received_at > $1) AS reports_30d, \
     (SELECT COUNT(*) FROM reports r WHERE r.instance_id = i.id AND r.received_at > $1 AND r.status = 'ok') AS ok_30d, \
     (SELECT r.body FROM reports r WHERE r.instance_id = i.id ORDER BY r.received_at DESC, r.seq DESC LIMIT 1) AS last_body \
     FROM instances i";

impl Db {
    /// Health figures of every instance, counting reports received after `since` (unix ms).
    pub async fn instance_health(&self, since: i64) -> DbResult<HashMap<String, HealthRow>> {
        let rows: Vec<(String, i64, i64, Option<String>)> =
            on_pool!(self, read, |pool| sqlx::query_as(SQL)
                .bind(since)
                .fetch_all(pool)
                .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, reports_30d, ok_30d, last_body)| {
                let row = HealthRow {
                    reports_30d,
                    ok_30d,
                    last_body,
                };
                (id, row)
            })
            .collect())
    }
}

/// The interval an agent announced in a report body (`interval_secs`), if any.
pub fn interval_secs(body: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("interval_secs")?
        .as_i64()
        .filter(|s| *s > 0)
}

/// Intervals without a report after which an instance counts as stale.
pub const STALE_AFTER_MISSED: i64 = 3;
/// Interval assumed when reports do not say (the agent's default).
pub const DEFAULT_INTERVAL_SECS: i64 = 60;

/// Stale once three intervals passed without a report.
pub fn is_stale(last_report_ms: Option<i64>, last_body: Option<&str>, now_ms: i64) -> bool {
    let Some(last) = last_report_ms else {
        return false;
    };
    let interval = last_body
        .and_then(interval_secs)
        .unwrap_or(DEFAULT_INTERVAL_SECS);
    now_ms - last > STALE_AFTER_MISSED * interval * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_after_three_missed_intervals() {
        let body = r#"{"status":"ok","interval_secs":10}"#;
        assert!(!is_stale(Some(0), Some(body), 30_000));
        assert!(is_stale(Some(0), Some(body), 30_001));
        assert!(!is_stale(Some(0), None, 180_000));
        assert!(is_stale(Some(0), Some("{}"), 180_001));
        assert!(!is_stale(None, None, i64::MAX));
    }
}
