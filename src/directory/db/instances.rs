//! Registered club instances (migration 0001); their uptime is in `health.rs`.

use super::{Db, DbResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceRow {
    pub id: String,
    pub organisation: String,
    pub contact_email: String,
    pub services: String,
    pub status: String,
    pub created_at: i64,
    pub last_report_at: Option<i64>,
}

from_row!(InstanceRow {
    id,
    organisation,
    contact_email,
    services,
    status,
    created_at,
    last_report_at,
});

impl Db {
    pub async fn instance_secret(&self, id: &str) -> DbResult<Option<String>> {
        on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT secret FROM instances WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }

    /// Every instance, by organisation.
    pub async fn instances(&self) -> DbResult<Vec<InstanceRow>> {
        on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, organisation, contact_email, services, status, created_at, last_report_at \
                 FROM instances ORDER BY organisation, id",
            )
            .fetch_all(pool)
            .await
        })
    }

    pub async fn instance_counts(&self) -> DbResult<Vec<(String, i64)>> {
        self.status_counts("instances").await
    }
}
