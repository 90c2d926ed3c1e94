//! Rooms of approved `bbb_room` bookings as their owners see and change them
//! (`/api/v1/bookings/{id}/room`).

use serde::{Deserialize, Serialize};

/// Who gets in without a moderator letting them in.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuestPolicy {
    /// Everyone with a code enters directly.
    Open,
    /// Viewers wait until a moderator lets them in (BBB's waiting room).
    WaitingRoom,
}

impl GuestPolicy {
    /// BBB's `guestPolicy` value.
    pub fn bbb(self) -> &'static str {
        match self {
            GuestPolicy::Open => "ALWAYS_ACCEPT",
            GuestPolicy::WaitingRoom => "ASK_MODERATOR",
        }
    }

    pub fn from_bbb(value: &str) -> GuestPolicy {
        match value {
            "ASK_MODERATOR" => GuestPolicy::WaitingRoom,
            _ => GuestPolicy::Open,
        }
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSettings {
    /// Viewers may start the meeting; otherwise they wait for a moderator.
    pub anyone_may_start: bool,
    pub mute_on_start: bool,
    pub guest_policy: GuestPolicy,
    /// None: no limit.
    pub max_participants: Option<u32>,
    /// Off by default: recording needs the participants' consent.
    pub record: bool,
}

impl Default for RoomSettings {
    fn default() -> Self {
        RoomSettings {
            anyone_may_start: false,
            mute_on_start: true,
            guest_policy: GuestPolicy::Open,
            max_participants: None,
            record: false,
        }
    }
}

/// A room as its owner sees it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub booking_id: String,
    pub slug: String,
    pub name: String,
    pub room_url: String,
    pub viewer_code: String,
    pub moderator_code: String,
    #[serde(flatten)]
    pub settings: RoomSettings,
}

/// A change of settings: fields left out stay as they are. `max_participants: 0` removes the limit.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anyone_may_start: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute_on_start: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_policy: Option<GuestPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_participants: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<bool>,
}
