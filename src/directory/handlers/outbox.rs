//! The outbox for the operator: what is waiting or failed, and putting a failed message back.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Problems, json, query};
use crate::api::{Outbox, OutboxMessage, Problem, time_text};
use crate::directory::db::OutboxRow;
use crate::directory::error::ApiResult;
use crate::directory::{Shared, now_ms};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutboxFilter {
    failed: Option<bool>,
}

fn message_json(m: &OutboxRow) -> OutboxMessage {
    OutboxMessage {
        id: m.notice.id.clone(),
        topic: m.notice.topic.clone(),
        about: m.notice.subject_id.clone(),
        recipient: m.notice.recipient.clone(),
        subject: m.notice.subject.clone(),
        status: m.status.clone(),
        attempts: u32::try_from(m.attempts).unwrap_or(0),
        next_attempt: (m.status == "pending").then(|| time_text(m.next_at)),
        last_error: m.last_error.clone(),
        created_at: time_text(m.created_at),
    }
}

#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", security(("admin_token" = [])), params(("failed" = Option<bool>, Query, description = "only failed messages")), responses((status = 200, description = "Pending and failed messages, oldest first", body = Outbox), Problems))]
pub(super) async fn outbox(
    State(state): State<Shared>,
    headers: HeaderMap,
    q: Result<Query<OutboxFilter>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let filter = query(q, "failed", Some("must be `true` or `false`"))?;
    let rows = state.db.outbox(filter.failed.unwrap_or(false)).await?;
    Ok(json(
        StatusCode::OK,
        &Outbox {
            mail_enabled: state.notify.enabled,
            messages: rows.iter().map(message_json).collect(),
        },
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "Queued again, due now", body = OutboxMessage), Problems))]
pub(super) async fn retry(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    if !state.db.retry_message(&id, now_ms()).await? {
        return Err(Problem::not_found("failed message"));
    }
    state.outbox.now();
    let row = state
        .db
        .outbox(false)
        .await?
        .into_iter()
        .find(|m| m.notice.id == id)
        .ok_or_else(|| Problem::not_found("failed message"))?;
    Ok(json(StatusCode::OK, &message_json(&row)))
}
