//! The Mattermost team of an approved `mattermost_team` booking (`/api/v1/bookings/{id}/team`).

use serde::{Deserialize, Serialize};

/// The team of a booking as its owner sees it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInfo {
    pub booking_id: String,
    /// The team's name on the Mattermost server.
    pub team_name: String,
    /// The link that lets people join the team.
    pub invite_url: String,
}
