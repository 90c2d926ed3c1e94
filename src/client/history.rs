//! The public report history of an instance (latency, certificate days), for the admin dashboard.

use reqwest::Method;

use super::{Client, ClientResult, seg};
use crate::api::ReportHistory;

impl Client {
    /// The latest `limit` reports of an instance, newest first.
    pub async fn instance_reports(&self, id: &str, limit: u32) -> ClientResult<ReportHistory> {
        let rb = self
            .request(
                Method::GET,
                &format!("api/v1/instances/{}/reports", seg(id)),
            )?
            .query(&[("limit", limit)]);
        self.json(rb).await
    }
}
