//! The handlers, one file per resource, and the one router that registers them. Each handler checks
//! its input completely before it touches the database, and answers problems for everything that is
//! not right.

mod bookings;
mod catalog;
mod community;
mod events;
mod instances;
mod operations;
mod outbox;
mod reports;
mod rooms;
mod status;
mod teams;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sha2::Digest;
use utoipa::openapi::{RefOr, ResponseBuilder, content::ContentBuilder, schema::Ref};

use super::Shared;
use super::error::ApiResult;
use crate::api::token::hex;
use crate::api::validate;
use crate::api::{FieldError, Problem, ProblemKind};

/// The OpenAPI document, generated from the handlers' annotations and the `crate::api` types.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "vereint directory", description = "Bookings of BBB rooms and Mattermost teams, workshop registrations, and self-hosted club instances. Errors are RFC 9457 problem+json."),
    paths(
        operations::healthz, operations::readyz, operations::metrics, operations::openapi,
        catalog::catalog, catalog::services,
        bookings::create_booking, bookings::get_booking, bookings::cancel_booking,
        bookings::admin_bookings, bookings::approve_booking, bookings::reject_booking,
        events::list_events, events::get_event, events::event_ics, events::all_ics, events::old_all_ics,
        events::register, events::get_registration, events::cancel_registration,
        events::admin_registrations,
        instances::create_enrollment, instances::register_instance, instances::instances,
        reports::report, reports::report_history,
        rooms::get_room, rooms::change_room, rooms::rotate_codes,
        teams::get_team, teams::regenerate_invite,
        community::community,
        outbox::outbox, outbox::retry,
    ),
    components(schemas(Problem, FieldError)),
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

/// The problem answers every operation may give, declared once: `responses(..., Problems)`.
pub struct Problems;

impl utoipa::IntoResponses for Problems {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::response::Response>> {
        [
            (
                "4XX",
                "Problem (RFC 9457): `type`, `detail` and, for bad input, `errors` with the fields",
            ),
            ("5XX", "Problem (RFC 9457)"),
        ]
        .into_iter()
        .map(|(status, description)| {
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build();
            let response = ResponseBuilder::new()
                .description(description)
                .content("application/problem+json", content)
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
    }
}

pub fn router(body_limit: usize) -> Router<Shared> {
    Router::new()
        .route("/healthz", get(operations::healthz))
        .route("/readyz", get(operations::readyz))
        .route("/metrics", get(operations::metrics))
        .route("/api/v1/openapi.json", get(operations::openapi))
        .route("/api/v1/catalog", get(catalog::catalog))
        .route("/api/v1/services", get(catalog::services))
        .route("/api/v1/bookings", post(bookings::create_booking))
        .route(
            "/api/v1/bookings/{id}",
            get(bookings::get_booking).delete(bookings::cancel_booking),
        )
        .route("/api/v1/admin/bookings", get(bookings::admin_bookings))
        .route(
            "/api/v1/admin/bookings/{id}/approve",
            post(bookings::approve_booking),
        )
        .route(
            "/api/v1/admin/bookings/{id}/reject",
            post(bookings::reject_booking),
        )
        .route(
            "/api/v1/bookings/{id}/room",
            get(rooms::get_room).patch(rooms::change_room),
        )
        .route(
            "/api/v1/bookings/{id}/room/rotate-codes",
            post(rooms::rotate_codes),
        )
        .route("/api/v1/bookings/{id}/team", get(teams::get_team))
        .route(
            "/api/v1/bookings/{id}/team/invite",
            post(teams::regenerate_invite),
        )
        .route(
            "/r/{slug}",
            get(super::rooms::page::show).post(super::rooms::page::submit),
        )
        .route("/api/v1/events", get(events::list_events))
        .route("/api/v1/events/{id}", get(events::get_event))
        .route("/api/v1/events/{id}/calendar.ics", get(events::event_ics))
        .route("/api/v1/events.ics", get(events::all_ics))
        .route("/api/v1/calendar.ics", get(events::old_all_ics))
        .route("/api/v1/events/{id}/registrations", post(events::register))
        .route(
            "/api/v1/events/{id}/registrations/{rid}",
            get(events::get_registration).delete(events::cancel_registration),
        )
        .route(
            "/api/v1/admin/events/{id}/registrations",
            get(events::admin_registrations),
        )
        .route(
            "/api/v1/admin/enrollments",
            post(instances::create_enrollment),
        )
        .route(
            "/api/v1/instances",
            post(instances::register_instance).get(instances::instances),
        )
        .route(
            "/api/v1/instances/{id}/reports",
            post(reports::report).get(reports::report_history),
        )
        .route("/api/v1/community", get(community::community))
        .route("/status", get(status::page))
        .route("/status/{id}", get(status::instance))
        .route("/api/v1/admin/outbox", get(outbox::outbox))
        .route("/api/v1/admin/outbox/{id}/retry", post(outbox::retry))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
}

async fn not_found() -> Problem {
    Problem::not_found("resource: see /api/v1/openapi.json")
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        ProblemKind::MethodNotAllowed,
        "this resource does not support that method; see /api/v1/openapi.json",
    )
}

fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}

fn request_hash<T: serde::Serialize>(value: &T) -> String {
    hex(&sha2::Sha256::digest(
        serde_json::to_vec(value).unwrap_or_default(),
    ))
}

const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// An idempotency key must be hard to guess: the owner token of a retry is derived from it.
fn idempotency_key(headers: &HeaderMap, required: bool) -> ApiResult<Option<String>> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        if required {
            return Err(Problem::new(
                ProblemKind::IdempotencyKeyMissing,
                "send an Idempotency-Key header (a fresh UUID per booking) so that retries create nothing twice",
            )
            .with_errors(vec![FieldError::new(
                "Idempotency-Key",
                "required: a random value of 16 to 128 characters, at least 8 of them different, such as a UUID",
            )]));
        }
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("").trim();
    if let Some(message) = validate::idempotency_key_error(key) {
        let detail = if message == validate::IDEMPOTENCY_KEY_VARIETY {
            "the Idempotency-Key header must look random: at least 8 different characters"
        } else {
            "the Idempotency-Key header must be 16 to 128 visible ASCII characters"
        };
        return Err(Problem::new(ProblemKind::IdempotencyKeyInvalid, detail)
            .with_errors(vec![FieldError::new("Idempotency-Key", message)]));
    }
    Ok(Some(key.to_string()))
}

fn key_reused() -> Problem {
    Problem::new(
        ProblemKind::IdempotencyKeyReused,
        "this Idempotency-Key was already used for a different request; use a fresh key",
    )
}

/// A query string of the wrong shape, as a problem naming `field`.
fn query<T>(
    q: Result<axum::extract::Query<T>, axum::extract::rejection::QueryRejection>,
    field: &str,
    message: Option<&str>,
) -> ApiResult<T> {
    q.map(|axum::extract::Query(q)| q)
        .map_err(|e| Problem::field(field, message.map_or_else(|| e.body_text(), String::from)))
}

fn integration_not_configured(detail: impl Into<String>) -> Problem {
    Problem::new(ProblemKind::IntegrationNotConfigured, detail)
}

fn integration_failed(detail: impl Into<String>, cause: String) -> Problem {
    Problem::new(ProblemKind::IntegrationFailed, detail).with_internal(cause)
}
