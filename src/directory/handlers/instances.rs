//! Self-hosted instances: enrollment tokens from the operator, registration with one, and the
//! public list with uptime and staleness (`/api/v1/admin/enrollments`, `/api/v1/instances`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::{Problems, json, request_hash};
use crate::api::token::{hash_token, new_id, new_token};
use crate::api::validate::{enrollment_errors, finish, instance_errors};
use crate::api::{
    EnrollmentCreated, InstanceCreated, InstanceStatus, NewEnrollment, NewInstance, Problem,
    ProblemKind, PublicInstance, Report, time_text,
};
use crate::directory::auth::require_bearer;
use crate::directory::db::health::{COVERED_INTERVALS, DEFAULT_INTERVAL_SECS};
use crate::directory::db::{self, Enrolled};
use crate::directory::error::ApiResult;
use crate::directory::input::{Json, RawBody, decode};
use crate::directory::{Shared, now_ms};

/// Stale once three intervals (as the last report announced them) passed without a report: as
/// long as uptime lets a report hold.
pub fn is_stale(last_report_ms: Option<i64>, interval_secs: Option<i64>, now_ms: i64) -> bool {
    let Some(last) = last_report_ms else {
        return false;
    };
    let interval = interval_secs.unwrap_or(DEFAULT_INTERVAL_SECS);
    now_ms - last > COVERED_INTERVALS * interval * 1000
}

#[utoipa::path(post, path = "/api/v1/admin/enrollments", tag = "admin", security(("admin_token" = [])), request_body(content = NewEnrollment, description = "May be empty"), responses((status = 201, description = "A one-time enrollment token", body = EnrollmentCreated), Problems))]
pub(super) async fn create_enrollment(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let new: NewEnrollment = if body.iter().all(u8::is_ascii_whitespace) {
        NewEnrollment::default()
    } else {
        decode(&body)?
    };
    finish(enrollment_errors(&new))?;
    let token = new_token("enr");
    let now = now_ms();
    let days = i64::from(new.valid_days.unwrap_or(state.enrollment_days));
    let expires_at = now + days * 86_400_000;
    state
        .db
        .create_enrollment(&hash_token(&token), new.note.as_deref(), expires_at, now)
        .await?;
    Ok(json(
        StatusCode::CREATED,
        &EnrollmentCreated {
            token,
            expires_at: time_text(expires_at),
        },
    ))
}

#[utoipa::path(post, path = "/api/v1/instances", tag = "instances", security(("enrollment_token" = [])), request_body = NewInstance, responses((status = 201, description = "The instance id and its report secret, shown once", body = InstanceCreated), Problems))]
pub(super) async fn register_instance(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(new): Json<NewInstance>,
) -> ApiResult<Response> {
    let token = require_bearer(&headers)?.to_string();
    finish(instance_errors(&new))?;
    let instance = db::NewInstance {
        id: new_id("in"),
        organisation: new.organisation.trim().into(),
        contact_email: new.contact_email.trim().into(),
        services: serde_json::to_string(&new.services).map_err(Problem::internal)?,
        secret: new_token("sec"),
        lang: new.lang.unwrap_or_default().code().into(),
    };
    let enrolled = state
        .db
        .enroll(
            &hash_token(&token),
            &request_hash(&new),
            &instance,
            now_ms(),
        )
        .await?;
    let (id, secret) = match enrolled {
        Enrolled::Created => (instance.id, instance.secret),
        Enrolled::Existing { id, secret } => (id, secret),
        Enrolled::InvalidToken => {
            return Err(Problem::unauthorized("this enrollment token is not valid"));
        }
        Enrolled::Expired => {
            return Err(Problem::new(
                ProblemKind::EnrollmentExpired,
                "this enrollment token has expired; ask the operator for a new one",
            ));
        }
        Enrolled::Used => {
            return Err(Problem::new(
                ProblemKind::EnrollmentUsed,
                "this enrollment token was already used to register another instance",
            ));
        }
    };
    Ok(json(StatusCode::CREATED, &InstanceCreated { id, secret }))
}

#[utoipa::path(get, path = "/api/v1/instances", tag = "instances", responses((status = 200, description = "The public list", body = Vec<PublicInstance>), Problems))]
pub(super) async fn instances(State(state): State<Shared>) -> ApiResult<Response> {
    let list = public_instances(&state, now_ms()).await?;
    Ok(json(StatusCode::OK, &list))
}

/// Every registered instance as the public may see it at `now`: the list and the status page.
pub(super) async fn public_instances(state: &Shared, now: i64) -> ApiResult<Vec<PublicInstance>> {
    let rows = state.db.instances().await?;
    let mut health = state.db.instance_health(now).await?;
    let checked = state
        .checked
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let list: Vec<PublicInstance> = rows
        .into_iter()
        .map(|r| {
            let h = health.remove(&r.id).unwrap_or_default();
            let interval = h
                .last_body
                .as_deref()
                .and_then(|b| Report::read_stored(b).interval_secs)
                .and_then(|s| i64::try_from(s).ok())
                .filter(|s| *s > 0);
            let stale = is_stale(r.last_report_at, interval, now);
            PublicInstance {
                services: serde_json::from_str(&r.services).unwrap_or_default(),
                uptime_24h: h.uptime_24h(now),
                uptime_30d: h.uptime_30d(now),
                report_interval_secs: interval,
                stale,
                directory_check: checked.get(&r.id).cloned(),
                id: r.id,
                organisation: r.organisation,
                status: if stale {
                    InstanceStatus::Stale
                } else {
                    InstanceStatus::parse(&r.status).unwrap_or(InstanceStatus::Unknown)
                },
                registered_at: time_text(r.created_at),
                last_report_at: r.last_report_at.map(time_text),
            }
        })
        .collect();
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_after_three_missed_intervals() {
        let interval = |body: &str| Report::read_stored(body).interval_secs.map(|s| s as i64);
        let body = r#"{"status":"ok","interval_secs":10}"#;
        assert!(!is_stale(Some(0), interval(body), 30_000));
        assert!(is_stale(Some(0), interval(body), 30_001));
        assert!(!is_stale(Some(0), None, 180_000));
        assert!(is_stale(Some(0), interval("{}"), 180_001));
        assert!(!is_stale(None, None, i64::MAX));
    }
}
