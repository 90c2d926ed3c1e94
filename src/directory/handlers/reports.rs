//! Signed health reports: `POST /api/v1/instances/{id}/reports` from the agent (group-committed by
//! `crate::directory::reports`), and `GET` of the same path, the public report history the
//! dashboards draw from: when each report arrived, its status, and per check its name, status,
//! latency, detail and the facts dashboards show. Everything else stays in the database.

use std::sync::atomic::Ordering;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Problems, json, query};
use crate::api::token::{SignatureError, hex, parse_signature, parse_timestamp, verify};
use crate::api::{
    HistoryCheck, HistoryReport, Problem, ProblemKind, Report, ReportAccepted, ReportHistory,
    Status, time_text,
};
use crate::directory::db::HistoryRow;
use crate::directory::db::health::stored_interval;
use crate::directory::db::{self};
use crate::directory::error::ApiResult;
use crate::directory::input::{RawBody, decode};
use crate::directory::{Shared, now_ms};

/// A report's `status` of the wrong shape, said as the rule it breaks.
fn status_rule(p: Problem) -> Problem {
    match p.errors.as_slice() {
        [e] if e.field == "status" => {
            Problem::field("status", "must be one of ok, warning, critical, unknown")
        }
        _ => p,
    }
}

fn signature_problem(e: SignatureError) -> Problem {
    let (kind, detail) = match e {
        SignatureError::MissingTimestamp => (
            ProblemKind::SignatureMissing,
            "send X-Vereint-Timestamp (unix seconds) and X-Vereint-Signature",
        ),
        SignatureError::MissingSignature => (
            ProblemKind::SignatureMissing,
            "send X-Vereint-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>",
        ),
        SignatureError::BadTimestamp => (
            ProblemKind::SignatureInvalid,
            "X-Vereint-Timestamp must be unix seconds",
        ),
        SignatureError::BadSignatureFormat => (
            ProblemKind::SignatureInvalid,
            "X-Vereint-Signature must be sha256= followed by 64 hex digits",
        ),
        SignatureError::Stale => (
            ProblemKind::SignatureStale,
            "the timestamp is more than 5 minutes from the server's clock; check the clock (NTP)",
        ),
        SignatureError::Mismatch => (
            ProblemKind::SignatureInvalid,
            "the signature does not match this instance's secret and the body",
        ),
    };
    Problem::new(kind, detail)
}

async fn instance_secret(state: &Shared, id: &str) -> ApiResult<Option<String>> {
    if let Some(s) = state
        .secrets
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(id)
    {
        return Ok(Some(s.clone()));
    }
    let secret = state.db.instance_secret(id).await?;
    if let Some(s) = &secret {
        state
            .secrets
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_string(), s.clone());
    }
    Ok(secret)
}

#[utoipa::path(post, path = "/api/v1/instances/{id}/reports", tag = "instances", params(("id" = String, Path), ("X-Vereint-Timestamp" = i64, Header, description = "Unix seconds, within 5 minutes of the server clock"), ("X-Vereint-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>")), request_body = Report, responses((status = 202, description = "Stored (after the commit)", body = ReportAccepted), Problems))]
pub(super) async fn report(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    let refused = |p: Problem| {
        state
            .metrics
            .reports_rejected
            .fetch_add(1, Ordering::Relaxed);
        p
    };
    let now = now_ms();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let ts = header("x-vereint-timestamp")
        .ok_or(SignatureError::MissingTimestamp)
        .and_then(|v| parse_timestamp(v, now / 1000))
        .map_err(|e| refused(signature_problem(e)))?;
    let signature = header("x-vereint-signature")
        .ok_or(SignatureError::MissingSignature)
        .and_then(parse_signature)
        .map_err(|e| refused(signature_problem(e)))?;
    // an unknown instance looks like a wrong signature: ids cannot be probed
    let secret = instance_secret(&state, &id)
        .await?
        .ok_or_else(|| refused(signature_problem(SignatureError::Mismatch)))?;
    verify(&secret, ts, &body, &signature).map_err(|e| refused(signature_problem(e)))?;
    let report: Report = decode(&body).map_err(|p| refused(status_rule(p)))?;
    crate::api::validate::finish(crate::api::validate::report_errors(&report)).map_err(refused)?;
    let observed_at = report
        .observed_at
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .map_or(now, |t| t.as_millisecond().min(now));
    let new = db::NewReport {
        observed_at,
        interval_secs: stored_interval(report.interval_secs),
        instance_id: id.clone(),
        timestamp_secs: ts,
        signature: hex(&signature),
        status: report.status.map(|s| s.as_str().to_string()),
        body: String::from_utf8_lossy(&body).into_owned(),
        received_at: now,
    };
    if !state.reports.submit(new).await? {
        return Err(refused(Problem::new(
            ProblemKind::ReportReplayed,
            "this exact report (same signature) was already received",
        )));
    }
    state
        .metrics
        .reports_received
        .fetch_add(1, Ordering::Relaxed);
    Ok(json(
        StatusCode::ACCEPTED,
        &ReportAccepted {
            instance_id: id,
            received_at: time_text(now),
        },
    ))
}

/// Reports returned when `limit` is not given.
pub const DEFAULT_LIMIT: i64 = 30;
/// Most reports one request returns.
pub const MAX_LIMIT: i64 = 200;
/// Longest `detail` passed on (characters); longer ones are cut.
const MAX_DETAIL: usize = 300;
/// Most checks passed on per report.
const MAX_CHECKS: usize = 50;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LimitQuery {
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/instances/{id}/reports", tag = "instances", params(("id" = String, Path), ("limit" = Option<i64>, Query, description = "How many reports, 1 to 200 (default 30)")), responses((status = 200, description = "The latest reports, newest first: timestamps, overall status and per check name, status, latency, detail, certificate days and version", body = ReportHistory), Problems))]
pub(super) async fn report_history(
    State(state): State<Shared>,
    Path(id): Path<String>,
    q: Result<Query<LimitQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, "query", None)?;
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
    Ok(json(StatusCode::OK, &history))
}

/// The public part of a stored report; a body that is not what an agent sends gives no checks.
pub fn public_report(row: &HistoryRow) -> HistoryReport {
    let report = Report::read_stored(&row.body);
    HistoryReport {
        received_at: time_text(row.received_at),
        observed_at: report.observed_at.as_deref().map(short),
        status: row.status.as_deref().and_then(Status::parse),
        checks: report
            .checks
            .iter()
            .take(MAX_CHECKS)
            .map(|c| HistoryCheck {
                check: short(&c.check),
                status: Some(c.status),
                latency_ms: c.latency_ms.filter(|l| l.is_finite() && *l >= 0.0),
                detail: short(&c.detail),
                cert_days: c.facts.cert_days,
                version: c.facts.version.as_deref().map(short),
            })
            .collect(),
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
        assert_eq!(r.status, Some(Status::Warning));
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
