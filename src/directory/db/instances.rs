//! Registered club instances (migration 0001), with their report figures of the last day.

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
    pub reports_24h: i64,
    pub ok_24h: i64,
}

from_row!(InstanceRow {
    id,
    organisation,
    contact_email,
    services,
    status,
    created_at,
    last_report_at,
    reports_24h,
    ok_24h,
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

    /// Every instance, counting its reports received after `since` (unix ms).
    pub async fn instances(&self, since: i64) -> DbResult<Vec<InstanceRow>> {
        on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT i.id, i.organisation, i.contact_email, i.services, i.status, i.created_at, i.last_report_at, \
                 (SELECT COUNT(*) FROM reports r WHERE r.instance_id = i.id AND r.received_at > $1) AS reports_24h, \
                 (SELECT COUNT(*) FROM reports r WHERE r.instance_id = i.id AND r.received_at > $1 AND r.status = 'ok') AS ok_24h \
                 FROM instances i ORDER BY i.organisation, i.id",
            )
            .bind(since)
            .fetch_all(pool)
            .await
        })
    }

    pub async fn instance_counts(&self) -> DbResult<Vec<(String, i64)>> {
        self.status_counts("instances").await
    }
}
