//! Recent reports of one instance, newest first, for the public report history
//! (`GET /api/v1/instances/{id}/reports`). Reads the `reports` table of 0001; the writing side is
//! `db.rs` and `reports.rs`.

use sqlx::Row;

use super::db::{Db, DbResult};

/// One stored report as the history needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub received_at: i64,
    pub status: Option<String>,
    pub body: String,
}

const EXISTS: &str = "SELECT COUNT(*) AS n FROM instances WHERE id = $1";
const SQL: &str = "SELECT received_at, status, body FROM reports WHERE instance_id = $1 \
     ORDER BY received_at DESC, seq DESC LIMIT $2";

macro_rules! history_rows {
    ($pool:expr, $id:expr, $limit:expr) => {{
        let n: i64 = sqlx::query(EXISTS)
            .bind($id)
            .fetch_one($pool)
            .await?
            .try_get("n")?;
        if n == 0 {
            return Ok(None);
        }
        let rows = sqlx::query(SQL)
            .bind($id)
            .bind($limit)
            .fetch_all($pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryRow {
                    received_at: r.try_get("received_at")?,
                    status: r.try_get("status")?,
                    body: r.try_get("body")?,
                })
            })
            .collect::<DbResult<Vec<HistoryRow>>>()
            .map(Some)
    }};
}

impl Db {
    /// The latest `limit` reports of an instance, newest first; None when there is no such instance.
    pub async fn report_history(&self, id: &str, limit: i64) -> DbResult<Option<Vec<HistoryRow>>> {
        match self {
            Db::Sqlite(s) => history_rows!(&s.read, id, limit),
            Db::Postgres(p) => history_rows!(&p.read, id, limit),
        }
    }
}
