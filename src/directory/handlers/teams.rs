//! The team owner's endpoints: `/api/v1/bookings/{id}/team` (the team and its invite link) and
//! `.../invite` (a new link; the old one stops working).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::bookings::{changed_meanwhile, kind_of, links_of, owned_booking, status_of, transition};
use super::{Problems, integration_failed, integration_not_configured, json};
use crate::api::{BookingKind, BookingStatus, Problem, ProblemKind, TeamInfo};
use crate::directory::Shared;
use crate::directory::db::BookingRow;
use crate::directory::db::TeamRow;
use crate::directory::error::ApiResult;
use crate::directory::teams::Teams;
use crate::integrations::mattermost;

fn not_configured() -> Problem {
    integration_not_configured(
        "Mattermost is not configured on this directory (operators: see directory.mattermost)",
    )
}

fn mattermost_problem(e: mattermost::Error) -> Problem {
    integration_failed(
        "Mattermost did not complete the request; try again later",
        format!("Mattermost: {e}"),
    )
}

/// The active team booking and its team, for its owner (or the admin).
async fn owned_team(
    state: &Shared,
    headers: &HeaderMap,
    id: &str,
) -> ApiResult<(Arc<Teams>, BookingRow, TeamRow)> {
    let row = owned_booking(state, headers, id).await?;
    let (kind, status) = (kind_of(&row)?, status_of(&row)?);
    if kind != BookingKind::MattermostTeam || status != BookingStatus::Active {
        return Err(Problem::new(
            ProblemKind::NoTeam,
            format!(
                "this booking has no team (it is a {} booking, {})",
                kind.as_str(),
                status.as_str()
            ),
        ));
    }
    let teams = state.teams.clone().ok_or_else(not_configured)?;
    let team = state
        .db
        .team_of(id)
        .await?
        .ok_or_else(|| Problem::internal(format!("active team booking {id} without a team")))?;
    Ok((teams, row, team))
}

fn invite_of(row: &BookingRow) -> String {
    links_of(row)
        .ok()
        .flatten()
        .and_then(|l| l.invite_url)
        .unwrap_or_default()
}

#[utoipa::path(get, path = "/api/v1/bookings/{id}/team", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "The booking's Mattermost team and invite link", body = TeamInfo), Problems))]
pub(super) async fn get_team(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, row, team) = owned_team(&state, &headers, &id).await?;
    Ok(json(
        StatusCode::OK,
        &TeamInfo {
            booking_id: id,
            team_name: team.team_name,
            invite_url: invite_of(&row),
        },
    ))
}

#[utoipa::path(post, path = "/api/v1/bookings/{id}/team/invite", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "A new invite link; the old one stops working", body = TeamInfo), Problems))]
pub(super) async fn regenerate_invite(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (teams, row, team) = owned_team(&state, &headers, &id).await?;
    let invite_url = teams
        .new_invite(&team.team_id)
        .await
        .map_err(mattermost_problem)?;
    let mut links = links_of(&row).ok().flatten().unwrap_or_default();
    links.invite_url = Some(invite_url.clone());
    let links = serde_json::to_string(&links).map_err(Problem::internal)?;
    use BookingStatus::Active;
    transition(&state, &id, &[Active], Active, None, Some(&links), &[])
        .await?
        .ok_or_else(changed_meanwhile)?;
    Ok(json(
        StatusCode::OK,
        &TeamInfo {
            booking_id: id,
            team_name: team.team_name,
            invite_url,
        },
    ))
}
