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
