//! Room owner calls: show a room, change its settings, rotate its access codes (owner token).

use reqwest::Method;

use super::{Client, ClientResult};
use crate::api::path_segment;
use crate::api::{Room, RoomChange};

impl Client {
    pub async fn room(&self, booking_id: &str, owner_token: &str) -> ClientResult<Room> {
        let rb = self
            .request(
                Method::GET,
                &format!("api/v1/bookings/{}/room", path_segment(booking_id)),
            )?
            .bearer_auth(owner_token);
        self.json(rb).await
    }

    pub async fn change_room(
        &self,
        booking_id: &str,
        owner_token: &str,
        change: &RoomChange,
    ) -> ClientResult<Room> {
        let rb = self
            .request(
                Method::PATCH,
                &format!("api/v1/bookings/{}/room", path_segment(booking_id)),
            )?
            .bearer_auth(owner_token);
        self.json(self.post_json(rb, change)).await
    }

    pub async fn rotate_room_codes(
        &self,
        booking_id: &str,
        owner_token: &str,
    ) -> ClientResult<Room> {
        let rb = self
            .request(
                Method::POST,
                &format!(
                    "api/v1/bookings/{}/room/rotate-codes",
                    path_segment(booking_id)
                ),
            )?
            .bearer_auth(owner_token);
        self.json(rb).await
    }
}
