//! Mattermost teams for approved `mattermost_team` bookings: an invite-only team with the
//! operator's default channels, one per booking (found again by its derived name when an approval
//! is retried), and the owner's `/api/v1/bookings/{id}/team` endpoints.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::db::{BookingRow, Db, TeamRow};
use super::error::{ApiResult, Problem};
use super::integrations::{BoxFuture, IntegrationError, Integrations, Links};
use super::{Shared, now_ms};
use crate::integrations::mattermost::{self, ChannelType, Client, TeamType, Token};

/// What the directory needs to create teams.
#[derive(Debug, Clone)]
pub struct TeamsConfig {
    pub client: Client,
    pub default_channels: Vec<String>,
}

impl TeamsConfig {
    /// `None` when the operator has not configured both URL and token.
    pub fn from_settings(
        settings: &crate::config::MattermostSettings,
    ) -> anyhow::Result<Option<TeamsConfig>> {
        let (Some(url), Some(token)) = (&settings.url, settings.token()?) else {
            return Ok(None);
        };
        let client = Client::new(url, Some(Token::new(token)))
            .map_err(|e| anyhow::anyhow!("directory.mattermost.url: {e}"))?;
        for name in &settings.default_channels {
            if !valid_name(name) {
                anyhow::bail!(
                    "directory.mattermost.default_channels: `{name}` is not a Mattermost channel name (2-64 of a-z 0-9 - _, starting with a letter or digit)"
                );
            }
        }
        Ok(Some(TeamsConfig {
            client,
            default_channels: settings.default_channels.clone(),
        }))
    }
}

fn valid_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The team name for a booking: stable, so a retried approval finds the team it made.
pub fn team_name(booking_id: &str) -> String {
    let cleaned: String = booking_id
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut name = format!("verein-{cleaned}");
    name.truncate(64);
    name
}

pub struct Teams {
    config: TeamsConfig,
    db: Db,
}

fn failed(e: mattermost::Error) -> IntegrationError {
    IntegrationError::Failed {
        service: "Mattermost",
        detail: e.to_string(),
    }
}

impl Teams {
    pub fn new(config: TeamsConfig, db: Db) -> Teams {
        Teams { config, db }
    }

    fn client(&self) -> &Client {
        &self.config.client
    }

    async fn create(&self, booking: &BookingRow) -> Result<Links, IntegrationError> {
        let mm = self.client();
        let name = team_name(&booking.id);
        let team = match mm.team_by_name(&name).await.map_err(failed)? {
            Some(team) => team,
            None => {
                let display: String = booking.name.chars().take(64).collect();
                match mm.create_team(&name, &display, TeamType::InviteOnly).await {
                    Ok(team) => team,
                    // created meanwhile by a concurrent approval
                    Err(e) if e.status() == Some(400) => mm
                        .team_by_name(&name)
                        .await
                        .map_err(failed)?
                        .ok_or_else(|| failed(e))?,
                    Err(e) => return Err(failed(e)),
                }
            }
        };
        for channel in &self.config.default_channels {
            if mm
                .channel_by_name(&team.id, channel)
                .await
                .map_err(failed)?
                .is_none()
            {
                let display = display_name(channel);
                match mm
                    .create_channel(&team.id, channel, &display, ChannelType::Public)
                    .await
                {
                    Ok(_) => {}
                    Err(e) if e.status() == Some(400) => {}
                    Err(e) => return Err(failed(e)),
                }
            }
        }
        self.db
            .save_team(
                &TeamRow {
                    booking_id: booking.id.clone(),
                    team_id: team.id.clone(),
                    team_name: team.name.clone(),
                },
                now_ms(),
            )
            .await
            .map_err(|e| IntegrationError::Failed {
                service: "Mattermost",
                detail: format!("storing the team: {e}"),
            })?;
        Ok(Links {
            invite_url: Some(mm.invite_url(&team.invite_id)),
            ..Links::default()
        })
    }
}

/// `allgemein` -> `Allgemein`.
fn display_name(channel: &str) -> String {
    let mut chars = channel.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

impl Integrations for Teams {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        Box::pin(self.create(booking))
    }

    fn configured(&self, kind: &str) -> Result<(), IntegrationError> {
        if kind == "mattermost_team" {
            Ok(())
        } else {
            Err(IntegrationError::NotConfigured(
                super::integrations::service_name(kind),
            ))
        }
    }
}

/// The team of a booking as its owner sees it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInfo {
    pub booking_id: String,
    /// The team's name on the Mattermost server.
    pub team_name: String,
    /// The link that lets people join the team.
    pub invite_url: String,
}

pub fn router() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/api/v1/bookings/{id}/team", axum::routing::get(get_team))
        .route(
            "/api/v1/bookings/{id}/team/invite",
            axum::routing::post(regenerate_invite),
        )
}

fn not_configured() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "integration-not-configured",
        "Integration not configured",
        "Mattermost is not configured on this directory (operators: see directory.mattermost)",
    )
}

fn mattermost_problem(e: mattermost::Error) -> Problem {
    Problem {
        internal: Some(format!("Mattermost: {e}")),
        ..Problem::new(
            StatusCode::BAD_GATEWAY,
            "integration-failed",
            "Integration failed",
            "Mattermost did not complete the request; try again later",
        )
    }
}

/// The active team booking and its team, for its owner (or the admin).
async fn owned_team(
    state: &Shared,
    headers: &HeaderMap,
    id: &str,
) -> ApiResult<(Arc<Teams>, BookingRow, TeamRow)> {
    let token = super::auth::require_bearer(headers)?;
    let row = state
        .db
        .booking(id)
        .await?
        .ok_or_else(|| Problem::not_found("booking"))?;
    if !(super::auth::token_matches(token, &row.owner_token_hash)
        || state.admin.check(headers).is_ok())
    {
        return Err(Problem::unauthorized(
            "this token does not belong to this booking",
        ));
    }
    if row.kind != "mattermost_team" || row.status != "active" {
        return Err(Problem::conflict(
            "no-team",
            format!(
                "this booking has no team (it is a {} booking, {})",
                row.kind, row.status
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
    row.links
        .as_deref()
        .and_then(|l| serde_json::from_str::<Links>(l).ok())
        .and_then(|l| l.invite_url)
        .unwrap_or_default()
}

#[utoipa::path(get, path = "/api/v1/bookings/{id}/team", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "The booking's Mattermost team and invite link", body = TeamInfo), (status = "4XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
pub async fn get_team(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, row, team) = owned_team(&state, &headers, &id).await?;
    Ok(axum::Json(TeamInfo {
        booking_id: id,
        team_name: team.team_name,
        invite_url: invite_of(&row),
    })
    .into_response())
}

#[utoipa::path(post, path = "/api/v1/bookings/{id}/team/invite", tag = "bookings", security(("owner_token" = [])), params(("id" = String, Path)), responses((status = 200, description = "A new invite link; the old one stops working", body = TeamInfo), (status = "4XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
pub async fn regenerate_invite(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (teams, row, team) = owned_team(&state, &headers, &id).await?;
    let updated = teams
        .client()
        .regenerate_invite_id(&team.team_id)
        .await
        .map_err(mattermost_problem)?;
    let mut links = row
        .links
        .as_deref()
        .and_then(|l| serde_json::from_str::<Links>(l).ok())
        .unwrap_or_default();
    let invite_url = teams.client().invite_url(&updated.invite_id);
    links.invite_url = Some(invite_url.clone());
    let links = serde_json::to_string(&links).map_err(Problem::internal)?;
    state
        .db
        .transition_booking(&id, &["active"], "active", None, Some(&links), now_ms())
        .await?
        .ok_or_else(|| {
            Problem::conflict(
                "invalid-transition",
                "the booking changed meanwhile; reload it",
            )
        })?;
    Ok(axum::Json(TeamInfo {
        booking_id: id,
        team_name: team.team_name,
        invite_url,
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_are_valid_and_stable() {
        let n = team_name("bk_01HX-Ab9");
        assert_eq!(n, "verein-bk-01hx-ab9");
        assert!(valid_name(&n));
        assert_eq!(team_name(&"x".repeat(100)).len(), 64);
    }

    #[test]
    fn channel_display_names() {
        assert_eq!(display_name("allgemein"), "Allgemein");
        assert_eq!(display_name(""), "");
    }
}
