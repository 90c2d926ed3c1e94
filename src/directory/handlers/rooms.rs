//! The room owner's endpoints: `/api/v1/bookings/{id}/room` (show, change settings) and `.../rotate-codes`.
//! The owner token of the booking (or the admin token) is required.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::bookings::{kind_of, owned_booking};
use super::{Problems, integration_not_configured};
use crate::api::validate::{finish, room_change_errors};
use crate::api::{BookingKind, Problem, Room, RoomChange};
use crate::directory::db::RoomRow;
use crate::directory::error::ApiResult;
use crate::directory::input::Json;
use crate::directory::rooms::{Rooms, new_code, settings_of};
use crate::directory::{Shared, now_ms};

/// The room of an owned booking, with the service that renders its links.
async fn owned_room(
    state: &Shared,
    headers: &HeaderMap,
    id: &str,
) -> ApiResult<(std::sync::Arc<Rooms>, RoomRow)> {
    let booking = owned_booking(state, headers, id).await?;
    if kind_of(&booking)? != BookingKind::BbbRoom {
        return Err(Problem::not_found(
            "room: this booking is not a BigBlueButton room",
        ));
    }
    let room = state.db.room_by_booking(id).await?.ok_or_else(|| {
        Problem::not_found("room: the booking has no room yet (it gets one when approved)")
    })?;
    let rooms = state.rooms.clone().ok_or_else(|| {
        integration_not_configured(
            "BigBlueButton is not configured on this directory (operators: see directory.bbb)",
        )
    })?;
    Ok((rooms, room))
}

async fn save(state: &Shared, rooms: &Rooms, room: &RoomRow) -> ApiResult<Response> {
    let links = serde_json::to_string(&rooms.links(room)).map_err(Problem::internal)?;
    state.db.update_room(room, &links).await?;
    Ok((StatusCode::OK, axum::Json(rooms.room_json(room))).into_response())
}

#[utoipa::path(get, path = "/api/v1/bookings/{id}/room", tag = "rooms", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "The room with its codes and settings", body = Room), Problems))]
pub(super) async fn get_room(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (rooms, room) = owned_room(&state, &headers, &id).await?;
    Ok((StatusCode::OK, axum::Json(rooms.room_json(&room))).into_response())
}

#[utoipa::path(patch, path = "/api/v1/bookings/{id}/room", tag = "rooms", security(("owner_token" = [])), params(("id" = String, Path)), request_body = RoomChange, responses((status = 200, description = "Changed; applies from the next time the meeting is created", body = Room), Problems))]
pub(super) async fn change_room(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(change): Json<RoomChange>,
) -> ApiResult<Response> {
    let (rooms, mut room) = owned_room(&state, &headers, &id).await?;
    finish(room_change_errors(&change))?;
    if let Some(name) = change.name {
        room.name = name.trim().to_string();
    }
    let mut settings = settings_of(&room);
    if let Some(v) = change.anyone_may_start {
        settings.anyone_may_start = v;
    }
    if let Some(v) = change.mute_on_start {
        settings.mute_on_start = v;
    }
    if let Some(v) = change.guest_policy {
        settings.guest_policy = v;
    }
    if let Some(v) = change.max_participants {
        settings.max_participants = (v > 0).then_some(v);
    }
    if let Some(v) = change.record {
        settings.record = v;
    }
    room.anyone_may_start = settings.anyone_may_start;
    room.mute_on_start = settings.mute_on_start;
    room.guest_policy = settings.guest_policy.bbb().into();
    room.max_participants = settings.max_participants.map(i64::from);
    room.record = settings.record;
    room.updated_at = now_ms();
    save(&state, &rooms, &room).await
}

#[utoipa::path(post, path = "/api/v1/bookings/{id}/room/rotate-codes", tag = "rooms", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "New viewer and moderator codes; the old ones stop working at once", body = Room), Problems))]
pub(super) async fn rotate_codes(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (rooms, mut room) = owned_room(&state, &headers, &id).await?;
    room.viewer_code = new_code(8);
    room.moderator_code = new_code(10);
    room.updated_at = now_ms();
    save(&state, &rooms, &room).await
}
