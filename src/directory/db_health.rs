//! Health history of registered instances: report counts over 30 days and the last report's body
//! (its interval decides when an instance is stale). Reads the `reports` table of 0001.

use std::collections::HashMap;

use sqlx::Row;

use super::db::{Db, DbResult};

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

macro_rules! health_rows {
    ($pool:expr, $since:expr) => {{
        let rows = sqlx::query(SQL).bind($since).fetch_all($pool).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<String, _>("id")?,
                    HealthRow {
                        reports_30d: r.try_get("reports_30d")?,
                        ok_30d: r.try_get("ok_30d")?,
                        last_body: r.try_get("last_body")?,
                    },
                ))
            })
            .collect::<DbResult<HashMap<String, HealthRow>>>()
    }};
}

impl Db {
    /// Health figures of every instance, counting reports received after `since` (unix ms).
    pub async fn instance_health(&self, since: i64) -> DbResult<HashMap<String, HealthRow>> {
        match self {
            Db::Sqlite(s) => health_rows!(&s.read, since),
            Db::Postgres(p) => health_rows!(&p.read, since),
        }
    }
}
