//! Bookings: `/api/v1/bookings` for the people who book, `/api/v1/admin/bookings` for the operator,
//! and approval, which runs the integration for the booking's kind.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::{Problems, idempotency_key, json, key_reused, query, request_hash};
use crate::api::token::{derive_token, hash_token, new_id, token_matches};
use crate::api::validate::{booking_errors, finish, rejection_errors};
use crate::api::{
    Booking, BookingCreated, BookingKind, BookingStatus, Links, NewBooking, OtherBooking, Problem,
    ProblemKind, Rejection, time_text,
};
use crate::directory::auth::require_bearer;
use crate::directory::db::{BookingRow, Inserted, NewMessage};
use crate::directory::error::ApiResult;
use crate::directory::input::Json;
use crate::directory::integrations::IntegrationError;
use crate::directory::{Shared, now_ms};

use BookingStatus::{Active, Approved, Cancelled, Rejected, Requested};

pub(crate) fn status_of(row: &BookingRow) -> ApiResult<BookingStatus> {
    BookingStatus::parse(&row.status)
        .ok_or_else(|| Problem::internal(format!("booking status {} in db", row.status)))
}

pub(crate) fn kind_of(row: &BookingRow) -> ApiResult<BookingKind> {
    BookingKind::parse(&row.kind)
        .ok_or_else(|| Problem::internal(format!("booking kind {} in db", row.kind)))
}

/// The links a booking carries (none before it is active).
pub(super) fn links_of(row: &BookingRow) -> ApiResult<Option<Links>> {
    row.links
        .as_deref()
        .map(serde_json::from_str::<Links>)
        .transpose()
        .map_err(Problem::internal)
}

fn booking_json(row: &BookingRow) -> ApiResult<Booking> {
    Ok(Booking {
        id: row.id.clone(),
        kind: kind_of(row)?,
        organisation: row.organisation.clone(),
        contact_name: row.contact_name.clone(),
        email: row.email.clone(),
        purpose: row.purpose.clone(),
        name: row.name.clone(),
        expected_participants: u32::try_from(row.expected_participants).unwrap_or(0),
        status: status_of(row)?,
        reason: row.reason.clone(),
        links: links_of(row)?,
        created_at: time_text(row.created_at),
        updated_at: time_text(row.updated_at),
        same_organisation: Vec::new(),
    })
}

/// At most this many other bookings are named beside one, the newest first: enough for an
/// operator to see that an organisation has asked before, and bounded however many it has.
const SAME_ORGANISATION_SHOWN: usize = 5;

/// The open bookings by kind and by organisation name or e-mail address (trimmed, any case).
struct OpenBookings<'a> {
    by_key: std::collections::HashMap<(String, String), Vec<&'a BookingRow>>,
}

impl<'a> OpenBookings<'a> {
    fn key(s: &str) -> String {
        s.trim().to_lowercase()
    }

    fn new(open: &'a [BookingRow]) -> Self {
        let mut by_key: std::collections::HashMap<(String, String), Vec<&BookingRow>> =
            std::collections::HashMap::new();
        for o in open {
            for k in [
                Self::key(&o.organisation),
                format!("@{}", Self::key(&o.email)),
            ] {
                by_key.entry((o.kind.clone(), k)).or_default().push(o);
            }
        }
        for rows in by_key.values_mut() {
            rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        }
        OpenBookings { by_key }
    }

    /// The bookings `row` should be seen beside: same kind, same organisation or e-mail address,
    /// not `row` itself.
    fn beside(&self, row: &BookingRow) -> ApiResult<Vec<OtherBooking>> {
        let mut found: Vec<&BookingRow> = Vec::new();
        for k in [
            Self::key(&row.organisation),
            format!("@{}", Self::key(&row.email)),
        ] {
            let Some(rows) = self.by_key.get(&(row.kind.clone(), k)) else {
                continue;
            };
            for o in rows.iter().filter(|o| o.id != row.id) {
                if found.len() >= SAME_ORGANISATION_SHOWN {
                    break;
                }
                if !found.iter().any(|f| f.id == o.id) {
                    found.push(o);
                }
            }
        }
        found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        found
            .into_iter()
            .map(|o| {
                Ok(OtherBooking {
                    id: o.id.clone(),
                    status: status_of(o)?,
                    name: o.name.clone(),
                    purpose: o.purpose.clone(),
                    contact_name: o.contact_name.clone(),
                    email: o.email.clone(),
                    created_at: time_text(o.created_at),
                })
            })
            .collect()
    }
}

fn booking_response(row: &BookingRow) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &booking_json(row)?))
}

/// Moves a booking from one of `from` to `to`, with the `messages` the change causes; None when it
/// was in none of them (and nothing is sent).
pub(super) async fn transition(
    state: &Shared,
    id: &str,
    from: &[BookingStatus],
    to: BookingStatus,
    reason: Option<&str>,
    links: Option<&str>,
    messages: &[NewMessage],
) -> ApiResult<Option<BookingRow>> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let row = state
        .db
        .transition_booking(id, &from, to.as_str(), reason, links, now_ms(), messages)
        .await?;
    if row.is_some() && !messages.is_empty() {
        state.outbox.now();
    }
    Ok(row)
}

pub(super) fn changed_meanwhile() -> Problem {
    Problem::new(
        ProblemKind::InvalidTransition,
        "the booking changed meanwhile; reload it",
    )
}

#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings", params(("Idempotency-Key" = String, Header, description = "A fresh random value per booking: 16..=128 visible ASCII characters, at least 8 of them different (a UUID passes; `aaaaaaaaaaaaaaaa` does not); a retry with the same key and body returns the same booking and token")), request_body = NewBooking, responses((status = 201, description = "Booked; the owner token is shown here only", body = BookingCreated), Problems))]
pub(super) async fn create_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(new): Json<NewBooking>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers, true)?.expect("required");
    finish(booking_errors(&new))?;
    let now = now_ms();
    let id = new_id("bk");
    let hash = request_hash(&new);
    let row = BookingRow {
        id: id.clone(),
        kind: new.kind.as_str().into(),
        organisation: new.organisation.trim().into(),
        contact_name: new.contact_name.trim().into(),
        email: new.email.trim().into(),
        purpose: new.purpose.trim().into(),
        name: new.name.trim().into(),
        expected_participants: i64::from(new.expected_participants),
        status: Requested.as_str().into(),
        reason: None,
        links: None,
        owner_token_hash: hash_token(&derive_token("own", &key, &id)),
        request_hash: hash.clone(),
        created_at: now,
        updated_at: now,
        lang: new.lang.unwrap_or_default().code().into(),
    };
    let messages = state.notify.booking_received(&row);
    let id = match state
        .db
        .create_booking(&row, &hash_token(&key), &messages)
        .await?
    {
        Inserted::Created => {
            if !messages.is_empty() {
                state.outbox.now();
            }
            if state.auto_approve {
                let state = state.clone();
                let id = id.clone();
                tokio::spawn(async move {
                    if let Err(p) = approve(&state, &id).await {
                        tracing::info!(booking = %id, problem = %p.kind.slug(), "auto-approval did not go through");
                    }
                });
            }
            id
        }
        Inserted::Existing { id, request_hash } if request_hash == hash => id,
        Inserted::Existing { .. } => return Err(key_reused()),
    };
    let current = state
        .db
        .booking(&id)
        .await?
        .map_or(Requested, |b| status_of(&b).unwrap_or(Requested));
    let mut response = json(
        StatusCode::CREATED,
        &BookingCreated {
            owner_token: derive_token("own", &key, &id),
            status: current,
            id: id.clone(),
        },
    );
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/bookings/{id}")) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

/// The booking, if the request carries its owner token (or the admin token).
pub(super) async fn owned_booking(
    state: &Shared,
    headers: &HeaderMap,
    id: &str,
) -> ApiResult<BookingRow> {
    let token = require_bearer(headers)?;
    let row = state
        .db
        .booking(id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    if token_matches(token, &row.owner_token_hash) || state.admin.check(headers).is_ok() {
        Ok(row)
    } else {
        Err(Problem::unauthorized(
            "this token does not belong to this booking",
        ))
    }
}

#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "The booking; `links` once active", body = Booking), Problems))]
pub(super) async fn get_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    booking_response(&owned_booking(&state, &headers, &id).await?)
}

#[utoipa::path(delete, path = "/api/v1/bookings/{id}", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "Cancelled", body = Booking), Problems))]
pub(super) async fn cancel_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = owned_booking(&state, &headers, &id).await?;
    let status = status_of(&row)?;
    if status == Cancelled {
        return booking_response(&row);
    }
    let messages = state.notify.booking_cancelled(&row);
    match transition(
        &state,
        &id,
        &[Requested, Approved, Active],
        Cancelled,
        None,
        None,
        &messages,
    )
    .await?
    {
        Some(row) => booking_response(&row),
        None => Err(Problem::new(
            ProblemKind::InvalidTransition,
            format!("a {} booking cannot be cancelled", status.as_str()),
        )),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StatusFilter {
    status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/bookings", tag = "admin", security(("admin_token" = [])), params(("status" = Option<BookingStatus>, Query)), responses((status = 200, description = "Bookings, oldest first", body = Vec<Booking>), Problems))]
pub(super) async fn admin_bookings(
    State(state): State<Shared>,
    headers: HeaderMap,
    q: Result<Query<StatusFilter>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let filter = query(q, "query", None)?;
    let status = match filter.status.as_deref() {
        None => None,
        Some(s) => Some(BookingStatus::parse(s).ok_or_else(|| {
            Problem::field(
                "status",
                "must be one of requested, approved, active, rejected, cancelled",
            )
        })?),
    };
    let rows = state.db.bookings(status.map(BookingStatus::as_str)).await?;
    let mut open = Vec::new();
    for s in [Requested, Approved, Active] {
        open.extend(state.db.bookings(Some(s.as_str())).await?);
    }
    let open = OpenBookings::new(&open);
    let list = rows
        .iter()
        .map(|row| {
            Ok(Booking {
                same_organisation: open.beside(row)?,
                ..booking_json(row)?
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(json(StatusCode::OK, &list))
}

/// Runs the integration for a booking: requested -> approved -> active with links. When the
/// integration is not configured or fails, the booking is left (or put back) as it was.
pub(crate) async fn approve(state: &Shared, id: &str) -> ApiResult<BookingRow> {
    let row = state
        .db
        .booking(id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    match status_of(&row)? {
        Active => return Ok(row),
        Requested | Approved => {}
        other => {
            return Err(Problem::new(
                ProblemKind::InvalidTransition,
                format!("a {} booking cannot be approved", other.as_str()),
            ));
        }
    }
    state
        .integrations
        .configured(kind_of(&row)?)
        .map_err(integration_problem)?;
    let Some(approved) =
        transition(state, id, &[Requested, Approved], Approved, None, None, &[]).await?
    else {
        return Err(changed_meanwhile());
    };
    match state.integrations.provision(&approved).await {
        Ok(links) => {
            let messages = state.notify.booking_approved(&approved, &links);
            let links = serde_json::to_string(&links).map_err(Problem::internal)?;
            transition(
                state,
                id,
                &[Approved],
                Active,
                None,
                Some(&links),
                &messages,
            )
            .await?
            .ok_or_else(|| {
                Problem::new(
                    ProblemKind::InvalidTransition,
                    "the booking was cancelled while it was being set up",
                )
            })
        }
        Err(e) => {
            state.db.restore_booking(&row).await?;
            Err(integration_problem(e))
        }
    }
}

fn integration_problem(e: IntegrationError) -> Problem {
    match e {
        IntegrationError::NotConfigured(service) => super::integration_not_configured(format!(
            "{service} is not configured on this directory, so the booking cannot be approved; it stays as it was (operators: see directory.bbb / directory.mattermost)"
        )),
        IntegrationError::Failed { service, detail } => super::integration_failed(
            format!(
                "{service} did not complete the request; the booking stays as it was; try again later"
            ),
            format!("{service}: {detail}"),
        ),
    }
}

#[utoipa::path(post, path = "/api/v1/admin/bookings/{id}/approve", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "Active, with links", body = Booking), Problems))]
pub(super) async fn approve_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    booking_response(&approve(&state, &id).await?)
}

#[utoipa::path(post, path = "/api/v1/admin/bookings/{id}/reject", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path)), request_body = Rejection, responses((status = 200, description = "Rejected", body = Booking), Problems))]
pub(super) async fn reject_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(rejection): Json<Rejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    finish(rejection_errors(&rejection.reason))?;
    let row = state
        .db
        .booking(&id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    let reason = rejection.reason.trim();
    let messages = state.notify.booking_rejected(&row, reason);
    match transition(
        &state,
        &id,
        &[Requested, Approved],
        Rejected,
        Some(reason),
        None,
        &messages,
    )
    .await?
    {
        Some(row) => booking_response(&row),
        None => Err(Problem::new(
            ProblemKind::InvalidTransition,
            format!("a {} booking cannot be rejected", row.status),
        )),
    }
}
