//! `GET /api/v1/community`: the operator's community channel, cached (`crate::directory::community`).

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{Problems, integration_failed, integration_not_configured};
use crate::api::Community;
use crate::directory::Shared;
use crate::directory::error::ApiResult;

#[utoipa::path(get, path = "/api/v1/community", tag = "community", responses((status = 200, description = "Recent posts of the operator's community channel (cached for 60 s) and the link to join", body = Community), Problems))]
pub(super) async fn community(State(state): State<Shared>) -> ApiResult<Response> {
    let feed = state.community.as_ref().ok_or_else(|| {
        integration_not_configured(
            "this directory has no community channel (operators: directory.mattermost.community_channel)",
        )
    })?;
    let community = feed.get().await.map_err(|e| {
        integration_failed(
            "the community channel cannot be read right now; try again later",
            format!("community channel: {e}"),
        )
    })?;
    let mut response = axum::Json(community).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}
