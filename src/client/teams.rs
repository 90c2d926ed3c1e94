//! The owner's view of a booking's Mattermost team, and the community channel.

use reqwest::Method;

use super::{Client, ClientResult};
use crate::api::path_segment;
use crate::api::{Community, TeamInfo};

impl Client {
    /// The team of an active team booking (owner token).
    pub async fn team(&self, booking_id: &str, owner_token: &str) -> ClientResult<TeamInfo> {
        let rb = self
            .request(
                Method::GET,
                &format!("api/v1/bookings/{}/team", path_segment(booking_id)),
            )?
            .bearer_auth(owner_token);
        self.json(rb).await
    }

    /// A new invite link for the team; the old one stops working.
    pub async fn regenerate_team_invite(
        &self,
        booking_id: &str,
        owner_token: &str,
    ) -> ClientResult<TeamInfo> {
        let rb = self
            .request(
                Method::POST,
                &format!("api/v1/bookings/{}/team/invite", path_segment(booking_id)),
            )?
            .bearer_auth(owner_token);
        self.json(rb).await
    }

    /// Recent posts of the operator's community channel and the link to join it.
    pub async fn community(&self) -> ClientResult<Community> {
        let rb = self.request(Method::GET, "api/v1/community")?;
        self.json(rb).await
    }
}
