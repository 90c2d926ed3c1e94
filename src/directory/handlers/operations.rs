//! The operations endpoints: `/healthz`, `/readyz`, `/metrics` and the OpenAPI document.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Problems;
use crate::api::Problem;
use crate::directory::Shared;
use crate::directory::error::ApiResult;

#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "The process is up", body = String, content_type = "text/plain")))]
pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, description = "The database is reachable, and writable again after a full disk", body = String, content_type = "text/plain"), Problems))]
pub(super) async fn readyz(State(state): State<Shared>) -> Response {
    // after a write failed on a full disk, ready only once a write works again
    let checked = if state.storage_full.load(Ordering::Relaxed) {
        state.db.write_probe().await.inspect(|()| {
            state.storage_full.store(false, Ordering::Relaxed);
        })
    } else {
        state.db.ping().await
    };
    match checked {
        Ok(()) => (StatusCode::OK, "ready\n").into_response(),
        // not ready, whatever the fault: load balancers look for 503; the type says which
        Err(e) => Problem::from(e)
            .with_status(503, "Service unavailable")
            .into_response(),
    }
}

#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"), Problems))]
pub(super) async fn metrics(State(state): State<Shared>) -> ApiResult<Response> {
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
pub(super) async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        crate::directory::openapi::document(),
    )
        .into_response()
}
