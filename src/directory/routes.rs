//! The handlers. Each checks its input completely before it touches the database, and answers
//! problems for everything that is not right.

use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use sha2::Digest;

use super::auth::{self, SignatureError};
use super::db::health as db_health;
use super::db::{self, BookingRow, Enrolled, Inserted, Registered, RegistrationRow};
use super::error::{ApiResult, Problem};
use super::input::{Check, Json, RawBody};
use super::integrations::{IntegrationError, Links};
use super::model::*;
use super::{Shared, now_ms};
use crate::i18n::Lang;

/// The OpenAPI document, generated from the handlers' annotations and the model types.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "vereint directory", description = "Bookings of BBB rooms and Mattermost teams, workshop registrations, and self-hosted club instances. Errors are RFC 9457 problem+json."),
    paths(healthz, readyz, metrics, openapi, catalog, services, create_booking, get_booking, cancel_booking, admin_bookings, approve_booking, reject_booking, list_events, get_event, event_ics, all_ics, register, get_registration, cancel_registration, admin_registrations, create_enrollment, register_instance, report, instances, super::rooms::api::get_room, super::rooms::api::change_room, super::rooms::api::rotate_codes, super::teams::get_team, super::teams::regenerate_invite, super::community::community, super::history::report_history),
    modifiers(&BearerSchemes)
)]
pub struct ApiDoc;

struct BearerSchemes;

impl utoipa::Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, what) in [
            ("admin_token", "The operator's admin token"),
            ("owner_token", "The owner token returned when booking"),
            ("cancel_token", "The cancel token returned when registering"),
            ("enrollment_token", "An enrollment token from the operator"),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(what))
                        .build(),
                ),
            );
        }
    }
}

pub fn router(body_limit: usize) -> Router<Shared> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/catalog", get(catalog))
        .route("/api/v1/services", get(services))
        .route("/api/v1/bookings", post(create_booking))
        .route(
            "/api/v1/bookings/{id}",
            get(get_booking).delete(cancel_booking),
        )
        .route("/api/v1/admin/bookings", get(admin_bookings))
        .route("/api/v1/admin/bookings/{id}/approve", post(approve_booking))
        .route("/api/v1/admin/bookings/{id}/reject", post(reject_booking))
        .route("/api/v1/events", get(list_events))
        .route("/api/v1/events/{id}", get(get_event))
        .route("/api/v1/events/{id}/calendar.ics", get(event_ics))
        .route("/api/v1/calendar.ics", get(all_ics))
        .route("/api/v1/events/{id}/registrations", post(register))
        .route(
            "/api/v1/events/{id}/registrations/{rid}",
            get(get_registration).delete(cancel_registration),
        )
        .route(
            "/api/v1/admin/events/{id}/registrations",
            get(admin_registrations),
        )
        .route("/api/v1/admin/enrollments", post(create_enrollment))
        .route("/api/v1/instances", post(register_instance).get(instances))
        .route("/api/v1/instances/{id}/reports", post(report))
        .route(
            "/api/v1/bookings/{id}/room",
            get(super::rooms::api::get_room).patch(super::rooms::api::change_room),
        )
        .route(
            "/api/v1/bookings/{id}/room/rotate-codes",
            post(super::rooms::api::rotate_codes),
        )
        .route(
            "/r/{slug}",
            get(super::rooms::page::show).post(super::rooms::page::submit),
        )
        .merge(super::teams::router())
        .merge(super::community::router())
        .merge(super::history::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
}

async fn not_found() -> Problem {
    Problem::not_found("resource: see /api/v1/openapi.json")
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        "this resource does not support that method; see /api/v1/openapi.json",
    )
}

fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}

fn request_hash<T: serde::Serialize>(value: &T) -> String {
    auth::hex(&sha2::Sha256::digest(
        serde_json::to_vec(value).unwrap_or_default(),
    ))
}

// ---- operations ----

#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "The process is up", body = String, content_type = "text/plain")))]
async fn healthz() -> &'static str {
    "ok\n"
}

#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, description = "The database is reachable", body = String, content_type = "text/plain"), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn readyz(State(state): State<Shared>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        Err(e) => Problem {
            internal: Some(e.to_string()),
            ..Problem::unavailable("the database is not reachable")
        }
        .into_response(),
    }
}

#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn metrics(State(state): State<Shared>) -> ApiResult<Response> {
    let bookings = state.db.booking_counts().await?;
    let instances = state.db.instance_counts().await?;
    let body = state.metrics.render(&[
        ("vereint_bookings", "Bookings by status.", bookings),
        (
            "vereint_instances",
            "Registered instances by status.",
            instances,
        ),
    ]);
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations", responses((status = 200, description = "This document", body = Object)))]
async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        super::openapi::document(),
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalogue", params(("If-None-Match" = Option<String>, Header, description = "ETag of a cached copy")), responses((status = 200, description = "The operator's catalogue (tools, categories, events, examples, services, code of conduct); with an ETag", body = Object), (status = 304, description = "The cached copy is current"), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn catalog(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&state.catalog_etag).expect("hex is a valid header");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == state.catalog_etag)
        });
    let cache = HeaderValue::from_static("public, max-age=300");
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        state.catalog_json.clone(),
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/services", tag = "catalogue", responses((status = 200, description = "What this operator offers, and the Code of Conduct", body = Services), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn services(State(state): State<Shared>) -> Response {
    json(
        StatusCode::OK,
        &Services {
            services: state.catalog.services.clone(),
            code_of_conduct: state.catalog.code_of_conduct.clone(),
        },
    )
}

// ---- bookings ----

const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// An idempotency key must be hard to guess: the owner token of a retry is derived from it.
fn idempotency_key(headers: &HeaderMap, required: bool) -> ApiResult<Option<String>> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        if required {
            return Err(Problem {
                errors: vec![super::error::FieldError {
                    field: "Idempotency-Key".into(),
                    message: "required: a random value of 16 to 128 characters, such as a UUID"
                        .into(),
                }],
                ..Problem::new(
                    StatusCode::BAD_REQUEST,
                    "idempotency-key-missing",
                    "Idempotency-Key missing",
                    "send an Idempotency-Key header (a fresh UUID per booking) so that retries create nothing twice",
                )
            });
        }
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("").trim();
    let ok = (16..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if !ok {
        return Err(Problem {
            errors: vec![super::error::FieldError {
                field: "Idempotency-Key".into(),
                message: "must be 16 to 128 visible ASCII characters, such as a UUID".into(),
            }],
            ..Problem::new(
                StatusCode::BAD_REQUEST,
                "idempotency-key-invalid",
                "Invalid Idempotency-Key",
                "the Idempotency-Key header must be 16 to 128 visible ASCII characters",
            )
        });
    }
    Ok(Some(key.to_string()))
}

fn key_reused() -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
        "Idempotency-Key reused",
        "this Idempotency-Key was already used for a different request; use a fresh key",
    )
}

fn check_booking(b: &NewBooking) -> ApiResult<()> {
    Check(super::input::booking_errors(b)).finish()
}

fn booking_json(row: &BookingRow) -> ApiResult<Booking> {
    let kind = match row.kind.as_str() {
        "bbb_room" => BookingKind::BbbRoom,
        "mattermost_team" => BookingKind::MattermostTeam,
        other => return Err(Problem::internal(format!("booking kind {other} in db"))),
    };
    Ok(Booking {
        id: row.id.clone(),
        kind,
        organisation: row.organisation.clone(),
        contact_name: row.contact_name.clone(),
        email: row.email.clone(),
        purpose: row.purpose.clone(),
        name: row.name.clone(),
        expected_participants: u32::try_from(row.expected_participants).unwrap_or(0),
        status: BookingStatus::parse(&row.status)
            .ok_or_else(|| Problem::internal(format!("booking status {} in db", row.status)))?,
        reason: row.reason.clone(),
        links: row
            .links
            .as_deref()
            .map(serde_json::from_str::<Links>)
            .transpose()
            .map_err(Problem::internal)?,
        created_at: time_text(row.created_at),
        updated_at: time_text(row.updated_at),
    })
}

#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings", params(("Idempotency-Key" = String, Header, description = "A fresh random value (16..=128 visible ASCII) per booking; a retry with the same key and body returns the same booking and token")), request_body = NewBooking, responses((status = 201, description = "Booked; the owner token is shown here only", body = BookingCreated), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn create_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(new): Json<NewBooking>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers, true)?.expect("required");
    check_booking(&new)?;
    let now = now_ms();
    let id = auth::new_id("bk");
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
        status: "requested".into(),
        reason: None,
        links: None,
        owner_token_hash: auth::hash_token(&auth::derive_token("own", &key, &id)),
        request_hash: hash.clone(),
        created_at: now,
        updated_at: now,
    };
    let id = match state
        .db
        .create_booking(&row, &auth::hash_token(&key))
        .await?
    {
        Inserted::Created => {
            if state.auto_approve {
                let state = state.clone();
                let id = id.clone();
                tokio::spawn(async move {
                    if let Err(p) = approve(&state, &id).await {
                        tracing::info!(booking = %id, problem = %p.slug(), "auto-approval did not go through");
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
        .map_or(BookingStatus::Requested, |b| {
            BookingStatus::parse(&b.status).unwrap_or(BookingStatus::Requested)
        });
    let mut response = json(
        StatusCode::CREATED,
        &BookingCreated {
            owner_token: auth::derive_token("own", &key, &id),
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
    let token = auth::require_bearer(headers)?;
    let row = state
        .db
        .booking(id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    if auth::token_matches(token, &row.owner_token_hash) || state.admin.check(headers).is_ok() {
        Ok(row)
    } else {
        Err(Problem::unauthorized(
            "this token does not belong to this booking",
        ))
    }
}

#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "The booking; `links` once active", body = Booking), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn get_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = owned_booking(&state, &headers, &id).await?;
    Ok(json(StatusCode::OK, &booking_json(&row)?))
}

#[utoipa::path(delete, path = "/api/v1/bookings/{id}", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "Cancelled", body = Booking), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn cancel_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row = owned_booking(&state, &headers, &id).await?;
    if row.status == "cancelled" {
        return Ok(json(StatusCode::OK, &booking_json(&row)?));
    }
    match state
        .db
        .transition_booking(
            &id,
            &["requested", "approved", "active"],
            "cancelled",
            None,
            None,
            now_ms(),
        )
        .await?
    {
        Some(row) => Ok(json(StatusCode::OK, &booking_json(&row)?)),
        None => Err(Problem::conflict(
            "invalid-transition",
            format!("a {} booking cannot be cancelled", row.status),
        )),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFilter {
    status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/bookings", tag = "admin", security(("admin_token" = [])), params(("status" = Option<BookingStatus>, Query)), responses((status = 200, description = "Bookings, oldest first", body = Vec<Booking>), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn admin_bookings(
    State(state): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<StatusFilter>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let Query(filter) = query.map_err(|e| Problem::field("query", e.body_text()))?;
    if let Some(s) = &filter.status
        && BookingStatus::parse(s).is_none()
    {
        return Err(Problem::field(
            "status",
            "must be one of requested, approved, active, rejected, cancelled",
        ));
    }
    let rows = state.db.bookings(filter.status.as_deref()).await?;
    let list = rows
        .iter()
        .map(booking_json)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(json(StatusCode::OK, &list))
}

/// Runs the integration for a booking: requested -> approved -> active with links. When the
/// integration is not configured or fails, the booking is left (or put back) as it was.
pub(super) async fn approve(state: &Shared, id: &str) -> ApiResult<BookingRow> {
    let row = state
        .db
        .booking(id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    match row.status.as_str() {
        "active" => return Ok(row),
        "requested" | "approved" => {}
        other => {
            return Err(Problem::conflict(
                "invalid-transition",
                format!("a {other} booking cannot be approved"),
            ));
        }
    }
    state
        .integrations
        .configured(&row.kind)
        .map_err(integration_problem)?;
    let Some(approved) = state
        .db
        .transition_booking(
            id,
            &["requested", "approved"],
            "approved",
            None,
            None,
            now_ms(),
        )
        .await?
    else {
        return Err(Problem::conflict(
            "invalid-transition",
            "the booking changed meanwhile; reload it",
        ));
    };
    match state.integrations.provision(&approved).await {
        Ok(links) => {
            let links = serde_json::to_string(&links).map_err(Problem::internal)?;
            state
                .db
                .transition_booking(id, &["approved"], "active", None, Some(&links), now_ms())
                .await?
                .ok_or_else(|| {
                    Problem::conflict(
                        "invalid-transition",
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
        IntegrationError::NotConfigured(service) => Problem::new(
            StatusCode::CONFLICT,
            "integration-not-configured",
            "Integration not configured",
            format!(
                "{service} is not configured on this directory, so the booking cannot be approved; it stays as it was (operators: see directory.bbb / directory.mattermost)"
            ),
        ),
        IntegrationError::Failed { service, detail } => Problem {
            internal: Some(format!("{service}: {detail}")),
            ..Problem::new(
                StatusCode::BAD_GATEWAY,
                "integration-failed",
                "Integration failed",
                format!(
                    "{service} did not complete the request; the booking stays as it was; try again later"
                ),
            )
        },
    }
}

#[utoipa::path(post, path = "/api/v1/admin/bookings/{id}/approve", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "Active, with links", body = Booking), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn approve_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let row = approve(&state, &id).await?;
    Ok(json(StatusCode::OK, &booking_json(&row)?))
}

#[utoipa::path(post, path = "/api/v1/admin/bookings/{id}/reject", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path)), request_body = Rejection, responses((status = 200, description = "Rejected", body = Booking), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn reject_booking(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(rejection): Json<Rejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let mut c = Check::default();
    c.paragraph("reason", &rejection.reason, 1, 2000);
    c.finish()?;
    let row = state
        .db
        .booking(&id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    match state
        .db
        .transition_booking(
            &id,
            &["requested", "approved"],
            "rejected",
            Some(rejection.reason.trim()),
            None,
            now_ms(),
        )
        .await?
    {
        Some(row) => Ok(json(StatusCode::OK, &booking_json(&row)?)),
        None => Err(Problem::conflict(
            "invalid-transition",
            format!("a {} booking cannot be rejected", row.status),
        )),
    }
}

// ---- events ----

/// How many dates an event offers for registration.
const DATES_OFFERED: usize = 6;

fn find_event<'a>(state: &'a Shared, id: &str) -> ApiResult<&'a crate::events::Event> {
    state
        .catalog
        .events
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Problem::not_found("event"))
}

async fn event_info(state: &Shared, e: &crate::events::Event) -> ApiResult<EventInfo> {
    let counts = state.db.registration_counts(&e.id).await?;
    let count = |date: &str, status: &str| -> u32 {
        counts
            .iter()
            .filter(|(d, s, _)| d == date && s == status)
            .map(|(_, _, n)| u32::try_from(*n).unwrap_or(u32::MAX))
            .sum()
    };
    let next_dates = e
        .upcoming(jiff::Timestamp::now(), DATES_OFFERED)
        .into_iter()
        .map(|o| {
            let date = o.start.date().to_string();
            let confirmed = count(&date, "confirmed");
            EventDate {
                start: o.start.timestamp().to_string(),
                end: o.end.timestamp().to_string(),
                confirmed,
                waitlisted: count(&date, "waitlisted"),
                available: e.capacity.saturating_sub(confirmed),
                date,
            }
        })
        .collect();
    Ok(EventInfo {
        id: e.id.clone(),
        kind: e.kind,
        title: e.title.clone(),
        description: e.description.clone(),
        language: e.language.clone(),
        capacity: e.capacity,
        online_url: e.online_url.clone(),
        place: e.place.clone(),
        next_dates,
    })
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events", responses((status = 200, description = "Events with their next dates", body = Vec<EventInfo>), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn list_events(State(state): State<Shared>) -> ApiResult<Response> {
    let mut list = Vec::new();
    for e in &state.catalog.events {
        list.push(event_info(&state, e).await?);
    }
    Ok(json(StatusCode::OK, &list))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path)), responses((status = 200, description = "One event", body = EventInfo), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn get_event(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let e = find_event(&state, &id)?;
    Ok(json(StatusCode::OK, &event_info(&state, e).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangQuery {
    lang: Option<Lang>,
}

fn ics_response(body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=900"),
            ),
        ],
        body,
    )
        .into_response()
}

fn lang_of(
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Lang> {
    let Query(q) = q.map_err(|_| Problem::field("lang", "must be `de` or `en`"))?;
    Ok(q.lang.unwrap_or(Lang::De))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/calendar.ics", tag = "events", params(("id" = String, Path), ("lang" = Option<String>, Query, description = "de (default) or en")), responses((status = 200, description = "iCalendar", body = String, content_type = "text/calendar"), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn event_ics(
    State(state): State<Shared>,
    Path(id): Path<String>,
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let lang = lang_of(q)?;
    let e = find_event(&state, &id)?;
    Ok(ics_response(crate::events::to_ics(
        [e],
        jiff::Timestamp::now(),
        lang,
    )))
}

#[utoipa::path(get, path = "/api/v1/calendar.ics", tag = "events", params(("lang" = Option<String>, Query, description = "de (default) or en")), responses((status = 200, description = "iCalendar of all events", body = String, content_type = "text/calendar"), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn all_ics(
    State(state): State<Shared>,
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let lang = lang_of(q)?;
    Ok(ics_response(crate::events::to_ics(
        &state.catalog.events,
        jiff::Timestamp::now(),
        lang,
    )))
}

fn registration_json(r: &RegistrationRow) -> ApiResult<Registration> {
    Ok(Registration {
        id: r.id.clone(),
        event_id: r.event_id.clone(),
        date: r.date.clone(),
        name: r.name.clone(),
        email: r.email.clone(),
        organisation: r.organisation.clone(),
        note: r.note.clone(),
        status: RegistrationStatus::parse(&r.status)
            .ok_or_else(|| Problem::internal(format!("registration status {} in db", r.status)))?,
        created_at: time_text(r.created_at),
        updated_at: time_text(r.updated_at),
    })
}

#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "events", params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = NewRegistration, responses((status = 201, description = "Confirmed or waitlisted; the cancel token is shown here only", body = RegistrationCreated), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn register(
    State(state): State<Shared>,
    Path(event_id): Path<String>,
    headers: HeaderMap,
    Json(new): Json<NewRegistration>,
) -> ApiResult<Response> {
    let event = find_event(&state, &event_id)?;
    let key = idempotency_key(&headers, false)?;
    let mut c = Check(super::input::registration_errors(&new));
    let dates: Vec<String> = event
        .upcoming(jiff::Timestamp::now(), DATES_OFFERED)
        .iter()
        .map(|o| o.start.date().to_string())
        .collect();
    let date = match &new.date {
        Some(d) if dates.contains(d) => Some(d.clone()),
        Some(_) => {
            c.fail(
                "date",
                format!(
                    "must be one of the next dates of this event: {}",
                    dates.join(", ")
                ),
            );
            None
        }
        None if dates.is_empty() => {
            return Err(Problem::conflict(
                "event-without-dates",
                "this event has no upcoming dates",
            ));
        }
        None => dates.first().cloned(),
    };
    c.finish()?;
    let date = date.expect("checked");
    let now = now_ms();
    let id = auth::new_id("rg");
    let token = match &key {
        Some(key) => auth::derive_token("can", key, &id),
        None => auth::new_token("can"),
    };
    let hash = request_hash(&(&event_id, &new));
    let row = RegistrationRow {
        id: id.clone(),
        event_id: event_id.clone(),
        date: date.clone(),
        name: new.name.trim().into(),
        email: new.email.trim().into(),
        organisation: new.organisation.trim().into(),
        note: new
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from),
        status: String::new(),
        token_hash: auth::hash_token(&token),
        request_hash: hash.clone(),
        created_at: now,
        updated_at: now,
    };
    let key_hash = key.as_deref().map(auth::hash_token);
    let (id, token) = match state
        .db
        .register(&row, key_hash.as_deref(), i64::from(event.capacity))
        .await?
    {
        Registered::Created { .. } => (id, token),
        Registered::Existing { id, request_hash } if request_hash == hash => {
            let key = key
                .as_deref()
                .expect("only keyed requests meet an existing one");
            let token = auth::derive_token("can", key, &id);
            (id, token)
        }
        Registered::Existing { .. } => return Err(key_reused()),
    };
    let stored = state
        .db
        .registration(&id)
        .await?
        .ok_or_else(|| Problem::internal("registration vanished after insert"))?;
    let created = RegistrationCreated {
        id: stored.id.clone(),
        event_id: stored.event_id.clone(),
        date: stored.date.clone(),
        status: RegistrationStatus::parse(&stored.status)
            .ok_or_else(|| Problem::internal("registration status"))?,
        cancel_token: token,
    };
    Ok(json(StatusCode::CREATED, &created))
}

async fn owned_registration(
    state: &Shared,
    headers: &HeaderMap,
    event_id: &str,
    id: &str,
) -> ApiResult<RegistrationRow> {
    let token = auth::require_bearer(headers)?;
    let row = state
        .db
        .registration(id)
        .await?
        .filter(|r| r.event_id == event_id)
        .ok_or_else(|| Problem::not_found("registration"))?;
    if auth::token_matches(token, &row.token_hash) || state.admin.check(headers).is_ok() {
        Ok(row)
    } else {
        Err(Problem::unauthorized(
            "this token does not belong to this registration",
        ))
    }
}

#[utoipa::path(get, path = "/api/v1/events/{id}/registrations/{rid}", tag = "events", security(("cancel_token" = [])), params(("id" = String, Path), ("rid" = String, Path)), responses((status = 200, description = "The registration", body = Registration), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn get_registration(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((event_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let row = owned_registration(&state, &headers, &event_id, &id).await?;
    Ok(json(StatusCode::OK, &registration_json(&row)?))
}

#[utoipa::path(delete, path = "/api/v1/events/{id}/registrations/{rid}", tag = "events", security(("cancel_token" = [])), params(("id" = String, Path), ("rid" = String, Path)), responses((status = 200, description = "Cancelled; the first on the waiting list moves up", body = Registration), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn cancel_registration(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((event_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    owned_registration(&state, &headers, &event_id, &id).await?;
    let cancelled = state
        .db
        .cancel_registration(&id, now_ms())
        .await?
        .ok_or_else(|| Problem::not_found("registration"))?;
    if let Some(promoted) = &cancelled.promoted {
        tracing::info!(registration = %promoted, event = %event_id, "moved up from the waiting list");
    }
    Ok(json(
        StatusCode::OK,
        &registration_json(&cancelled.registration)?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatQuery {
    format: Option<String>,
}

/// One CSV cell: quoted, and with a leading `'` when a spreadsheet would take it for a formula.
fn csv_cell(value: &str) -> String {
    let value: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

#[utoipa::path(get, path = "/api/v1/admin/events/{id}/registrations", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path), ("format" = Option<String>, Query, description = "json (default) or csv")), responses((status = 200, description = "Registrations", body = Vec<Registration>), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn admin_registrations(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(event_id): Path<String>,
    q: Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let Query(q) = q.map_err(|_| Problem::field("format", "must be `json` or `csv`"))?;
    find_event(&state, &event_id)?;
    let rows = state.db.registrations(&event_id).await?;
    match q.format.as_deref() {
        None | Some("json") => {
            let list = rows
                .iter()
                .map(registration_json)
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(json(StatusCode::OK, &list))
        }
        Some("csv") => {
            let mut out =
                String::from("id,event_id,date,status,name,email,organisation,note,created_at\r\n");
            for r in &rows {
                let cells = [
                    r.id.as_str(),
                    &r.event_id,
                    &r.date,
                    &r.status,
                    &r.name,
                    &r.email,
                    &r.organisation,
                    r.note.as_deref().unwrap_or(""),
                    &time_text(r.created_at),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                out.push_str(&line.join(","));
                out.push_str("\r\n");
            }
            Ok((
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&format!(
                            "attachment; filename=\"registrations-{event_id}.csv\""
                        ))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                    ),
                ],
                out,
            )
                .into_response())
        }
        Some(_) => Err(Problem::field("format", "must be `json` or `csv`")),
    }
}

// ---- instances ----

#[utoipa::path(post, path = "/api/v1/admin/enrollments", tag = "admin", security(("admin_token" = [])), request_body(content = NewEnrollment, description = "May be empty"), responses((status = 201, description = "A one-time enrollment token", body = EnrollmentCreated), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn create_enrollment(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let new: NewEnrollment = if body.iter().all(u8::is_ascii_whitespace) {
        NewEnrollment::default()
    } else {
        super::input::decode(&body)?
    };
    let mut c = Check::default();
    if let Some(note) = &new.note {
        c.text("note", note, 0, 200);
    }
    if new.valid_days.is_some_and(|d| !(1..=90).contains(&d)) {
        c.fail("valid_days", "must be between 1 and 90");
    }
    c.finish()?;
    let token = auth::new_token("enr");
    let now = now_ms();
    let days = i64::from(new.valid_days.unwrap_or(state.enrollment_days));
    let expires_at = now + days * 86_400_000;
    state
        .db
        .create_enrollment(
            &auth::hash_token(&token),
            new.note.as_deref(),
            expires_at,
            now,
        )
        .await?;
    Ok(json(
        StatusCode::CREATED,
        &EnrollmentCreated {
            token,
            expires_at: time_text(expires_at),
        },
    ))
}

#[utoipa::path(post, path = "/api/v1/instances", tag = "instances", security(("enrollment_token" = [])), request_body = NewInstance, responses((status = 201, description = "The instance id and its report secret, shown once", body = InstanceCreated), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn register_instance(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(new): Json<NewInstance>,
) -> ApiResult<Response> {
    let token = auth::require_bearer(&headers)?.to_string();
    let mut c = Check::default();
    c.text("organisation", &new.organisation, 2, 200);
    c.email("contact_email", &new.contact_email);
    if new.services.is_empty() || new.services.len() > 20 {
        c.fail("services", "must list 1 to 20 services");
    }
    for (i, s) in new.services.iter().enumerate() {
        c.text(&format!("services[{i}].kind"), &s.kind, 1, 40);
        c.url(&format!("services[{i}].url"), &s.url);
        c.text(&format!("services[{i}].software"), &s.software, 1, 80);
        c.text(&format!("services[{i}].version"), &s.version, 1, 80);
    }
    c.finish()?;
    let instance = db::NewInstance {
        id: auth::new_id("in"),
        organisation: new.organisation.trim().into(),
        contact_email: new.contact_email.trim().into(),
        services: serde_json::to_string(&new.services).map_err(Problem::internal)?,
        secret: auth::new_token("sec"),
    };
    let enrolled = state
        .db
        .enroll(
            &auth::hash_token(&token),
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
                StatusCode::UNAUTHORIZED,
                "enrollment-expired",
                "Enrollment token expired",
                "this enrollment token has expired; ask the operator for a new one",
            ));
        }
        Enrolled::Used => {
            return Err(Problem::conflict(
                "enrollment-used",
                "this enrollment token was already used to register another instance",
            ));
        }
    };
    Ok(json(StatusCode::CREATED, &InstanceCreated { id, secret }))
}

fn signature_problem(e: SignatureError) -> Problem {
    let (slug, detail) = match e {
        SignatureError::MissingTimestamp => (
            "signature-missing",
            "send X-Vereint-Timestamp (unix seconds) and X-Vereint-Signature",
        ),
        SignatureError::MissingSignature => (
            "signature-missing",
            "send X-Vereint-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>",
        ),
        SignatureError::BadTimestamp => (
            "signature-invalid",
            "X-Vereint-Timestamp must be unix seconds",
        ),
        SignatureError::BadSignatureFormat => (
            "signature-invalid",
            "X-Vereint-Signature must be sha256= followed by 64 hex digits",
        ),
        SignatureError::Stale => (
            "signature-stale",
            "the timestamp is more than 5 minutes from the server's clock; check the clock (NTP)",
        ),
        SignatureError::Mismatch => (
            "signature-invalid",
            "the signature does not match this instance's secret and the body",
        ),
    };
    Problem::new(StatusCode::UNAUTHORIZED, slug, "Signature refused", detail)
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

const REPORT_STATUSES: [&str; 4] = ["ok", "warning", "critical", "unknown"];

#[utoipa::path(post, path = "/api/v1/instances/{id}/reports", tag = "instances", params(("id" = String, Path), ("X-Vereint-Timestamp" = i64, Header, description = "Unix seconds, within 5 minutes of the server clock"), ("X-Vereint-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>")), request_body = ReportBody, responses((status = 202, description = "Stored (after the commit)", body = ReportAccepted), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn report(
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
        .and_then(|v| auth::parse_timestamp(v, now / 1000))
        .map_err(|e| refused(signature_problem(e)))?;
    let signature = header("x-vereint-signature")
        .ok_or(SignatureError::MissingSignature)
        .and_then(auth::parse_signature)
        .map_err(|e| refused(signature_problem(e)))?;
    // an unknown instance looks like a wrong signature: ids cannot be probed
    let secret = instance_secret(&state, &id)
        .await?
        .ok_or_else(|| refused(signature_problem(SignatureError::Mismatch)))?;
    auth::verify(&secret, ts, &body, &signature).map_err(|e| refused(signature_problem(e)))?;
    let value: serde_json::Value = super::input::decode(&body).map_err(refused)?;
    let Some(object) = value.as_object() else {
        return Err(refused(Problem::field(
            "body",
            "the report must be a JSON object",
        )));
    };
    let status = match object.get("status") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if REPORT_STATUSES.contains(&s.as_str()) => {
            Some(s.clone())
        }
        Some(_) => {
            return Err(refused(Problem::field(
                "status",
                "must be one of ok, warning, critical, unknown",
            )));
        }
    };
    let new = db::NewReport {
        instance_id: id.clone(),
        timestamp_secs: ts,
        signature: auth::hex(&signature),
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
        received_at: now,
    };
    if !state.reports.submit(new).await? {
        return Err(refused(Problem::conflict(
            "report-replayed",
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

#[utoipa::path(get, path = "/api/v1/instances", tag = "instances", responses((status = 200, description = "The public list", body = Vec<PublicInstance>), (status = "4XX", description = "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
async fn instances(State(state): State<Shared>) -> ApiResult<Response> {
    let now = now_ms();
    let rows = state.db.instances(now - 86_400_000).await?;
    let mut health = state.db.instance_health(now - 30 * 86_400_000).await?;
    let checked = state
        .checked
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let list: Vec<PublicInstance> = rows
        .into_iter()
        .map(|r| {
            let h = health.remove(&r.id).unwrap_or_default();
            let stale = db_health::is_stale(r.last_report_at, h.last_body.as_deref(), now);
            PublicInstance {
                services: serde_json::from_str(&r.services).unwrap_or_default(),
                uptime_24h: (r.reports_24h > 0).then(|| r.ok_24h as f64 / r.reports_24h as f64),
                uptime_30d: (h.reports_30d > 0).then(|| h.ok_30d as f64 / h.reports_30d as f64),
                report_interval_secs: h.last_body.as_deref().and_then(db_health::interval_secs),
                stale,
                directory_check: checked.get(&r.id).cloned(),
                id: r.id,
                organisation: r.organisation,
                status: if stale { "stale".into() } else { r.status },
                registered_at: time_text(r.created_at),
                last_report_at: r.last_report_at.map(time_text),
            }
        })
        .collect();
    Ok(json(StatusCode::OK, &list))
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line break\"");
    }
}
