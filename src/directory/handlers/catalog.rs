//! The operator's catalogue (`/api/v1/catalog`, with an ETag) and offer (`/api/v1/services`).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Problems, json};
use crate::api::Services;
use crate::directory::Shared;

#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalogue", params(("If-None-Match" = Option<String>, Header, description = "ETag of a cached copy")), responses((status = 200, description = "The operator's catalogue (tools, categories, events, examples, services, code of conduct); with an ETag", body = Object), (status = 304, description = "The cached copy is current"), Problems))]
pub(super) async fn catalog(State(state): State<Shared>, headers: HeaderMap) -> Response {
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

#[utoipa::path(get, path = "/api/v1/services", tag = "catalogue", responses((status = 200, description = "What this operator offers, and the Code of Conduct", body = Services), Problems))]
pub(super) async fn services(State(state): State<Shared>) -> Response {
    json(
        StatusCode::OK,
        &Services {
            services: state.catalog.services.clone(),
            code_of_conduct: state.catalog.code_of_conduct.clone(),
        },
    )
}
