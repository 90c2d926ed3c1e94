//! `GET /api/v1/instances/{id}/reports`: an instance's recent reports, newest first, as public data:
//! when each arrived, the overall status, and per check its name, status, latency, detail and the
//! facts dashboards show (certificate days, version). Everything else an agent put into its report
//! body stays in the database. The admin dashboard draws its latency history from this.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::Shared;
use super::db::HistoryRow;
use super::error::{ApiResult, Problem};
use super::model::time_text;

/// Reports returned when `limit` is not given.
pub const DEFAULT_LIMIT: i64 = 30;
/// Most reports one request returns.
pub const MAX_LIMIT: i64 = 200;
/// Longest `detail` passed on (characters); longer ones are cut.
const MAX_DETAIL: usize = 300;
/// Most checks passed on per report.
const MAX_CHECKS: usize = 50;

/// The history of one instance.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportHistory {
    pub instance_id: String,
    /// Newest first.
    pub reports: Vec<HistoryReport>,
}

/// One report as the public sees it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryReport {
    /// When the directory received it (RFC 3339).
    pub received_at: String,
    /// When the agent observed it, as it said (RFC 3339), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_at: Option<String>,
    /// "ok", "warning", "critical", "unknown", or null when the report gave none.
    pub status: Option<String>,
    pub checks: Vec<HistoryCheck>,
}

/// One check of a report, as the agent reported it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryCheck {
    /// The kind of check: "http", "tls", "bbb", "mattermost", "stun", "turn", "dns", ...
    pub check: String,
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    #[serde(default)]
    pub detail: String,
    /// Days until the certificate expires (negative: expired), for TLS checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_days: Option<i64>,
    /// The software version the check learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitQuery {
    limit: Option<i64>,
}

pub fn router() -> axum::Router<Shared> {
    axum::Router::new().route(
        "/api/v1/instances/{id}/reports",
        axum::routing::get(report_history),
    )
}

#[utoipa::path(get, path = "/api/v1/instances/{id}/reports", tag = "instances", params(("id" = String, Path), ("limit" = Option<i64>, Query, description = "How many reports, 1 to 200 (default 30)")), responses((status = 200, description = "The latest reports, newest first: timestamps, overall status and per check name, status, latency, detail, certificate days and version", body = ReportHistory), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
pub async fn report_history(
    State(state): State<Shared>,
    Path(id): Path<String>,
    query: Result<Query<LimitQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = query.map_err(|e| Problem::field("query", e.body_text()))?;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Problem::field("limit", "must be between 1 and 200"));
    }
    let rows = state
        .db
        .report_history(&id, limit)
        .await?
        .ok_or_else(|| Problem::not_found("instance"))?;
    let history = ReportHistory {
        instance_id: id,
        reports: rows.iter().map(public_report).collect(),
    };
    Ok((StatusCode::OK, axum::Json(history)).into_response())
}

/// The public part of a stored report; a body that is not what an agent sends gives no checks.
pub fn public_report(row: &HistoryRow) -> HistoryReport {
    let body: serde_json::Value = serde_json::from_str(&row.body).unwrap_or_default();
    let text = |v: &serde_json::Value, key: &str| v.get(key).and_then(|s| s.as_str()).map(short);
    let checks = body
        .get("checks")
        .and_then(|c| c.as_array())
        .map(|checks| {
            checks
                .iter()
                .filter(|c| c.is_object())
                .take(MAX_CHECKS)
                .map(|c| {
                    let facts = c.get("facts").cloned().unwrap_or_default();
                    HistoryCheck {
                        check: text(c, "check").unwrap_or_default(),
                        status: text(c, "status"),
                        latency_ms: c
                            .get("latency_ms")
                            .and_then(|l| l.as_f64())
                            .filter(|l| l.is_finite() && *l >= 0.0),
                        detail: text(c, "detail").unwrap_or_default(),
                        cert_days: facts.get("cert_days").and_then(|d| d.as_i64()),
                        version: text(&facts, "version"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    HistoryReport {
        received_at: time_text(row.received_at),
        observed_at: text(&body, "observed_at"),
        status: row.status.clone(),
        checks,
    }
}

fn short(s: &str) -> String {
    s.chars().take(MAX_DETAIL).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_public_fields_of_a_report_are_passed_on() {
        let row = HistoryRow {
            received_at: 0,
            status: Some("warning".into()),
            body: serde_json::json!({
                "status": "warning",
                "observed_at": "2026-11-28T09:00:00Z",
                "secret_stuff": "do not show",
                "checks": [
                    {"target": "https://x", "check": "tls", "status": "warning", "latency_ms": 12.5,
                     "detail": "x".repeat(1000), "facts": {"cert_days": 9, "private": 1}},
                    {"check": "http", "status": "ok", "latency_ms": -1},
                    "not an object"
                ]
            })
            .to_string(),
        };
        let r = public_report(&row);
        assert_eq!(r.status.as_deref(), Some("warning"));
        assert_eq!(r.observed_at.as_deref(), Some("2026-11-28T09:00:00Z"));
        assert_eq!(r.checks.len(), 2);
        assert_eq!(r.checks[0].cert_days, Some(9));
        assert_eq!(r.checks[0].latency_ms, Some(12.5));
        assert_eq!(r.checks[0].detail.chars().count(), MAX_DETAIL);
        assert_eq!(
            r.checks[1].latency_ms, None,
            "a negative latency is dropped"
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("secret_stuff") && !json.contains("private"));
        assert!(!json.contains("https://x"), "targets are not passed on");
        let broken = HistoryRow {
            received_at: 0,
            status: None,
            body: "not json".into(),
        };
        assert!(public_report(&broken).checks.is_empty());
    }
}
