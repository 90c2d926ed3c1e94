//! Bookings of BBB rooms and Mattermost teams: `/api/v1/bookings` and the admin's
//! `/api/v1/admin/bookings`.

use serde::{Deserialize, Serialize};

#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingKind {
    BbbRoom,
    MattermostTeam,
}

impl BookingKind {
    pub const ALL: [BookingKind; 2] = [BookingKind::BbbRoom, BookingKind::MattermostTeam];

    pub fn as_str(self) -> &'static str {
        match self {
            BookingKind::BbbRoom => "bbb_room",
            BookingKind::MattermostTeam => "mattermost_team",
        }
    }

    pub fn parse(s: &str) -> Option<BookingKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Requested,
    Approved,
    Active,
    Rejected,
    Cancelled,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 5] = [
        BookingStatus::Requested,
        BookingStatus::Approved,
        BookingStatus::Active,
        BookingStatus::Rejected,
        BookingStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Requested => "requested",
            BookingStatus::Approved => "approved",
            BookingStatus::Active => "active",
            BookingStatus::Rejected => "rejected",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<BookingStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `POST /api/v1/bookings` (with an `Idempotency-Key` header).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    pub kind: BookingKind,
    pub organisation: String,
    pub contact_name: String,
    pub email: String,
    pub purpose: String,
    /// Desired room or team name.
    pub name: String,
    pub expected_participants: u32,
    pub accept_code_of_conduct: bool,
    /// The language of the mails about this booking: `de` (default) or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "de")]
    pub lang: Option<crate::i18n::Lang>,
}

/// 201 answer to a booking: the owner token is shown here only (and again to a retry with the same
/// idempotency key).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingCreated {
    pub id: String,
    pub status: BookingStatus,
    pub owner_token: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub id: String,
    pub kind: BookingKind,
    pub organisation: String,
    pub contact_name: String,
    pub email: String,
    pub purpose: String,
    pub name: String,
    pub expected_participants: u32,
    pub status: BookingStatus,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Once active: where to go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    pub created_at: String,
    pub updated_at: String,
    /// In the operator's list only: the same organisation's other bookings of this kind that are
    /// requested, approved or active (the newest 5), so that a second room or team is a decision,
    /// not a slip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_organisation: Vec<OtherBooking>,
}

/// Another open booking of the same organisation (its name or e-mail, in any case) and kind.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherBooking {
    pub id: String,
    pub status: BookingStatus,
    pub name: String,
    pub purpose: String,
    pub contact_name: String,
    pub email: String,
    pub created_at: String,
}

/// `POST /api/v1/admin/bookings/{id}/reject`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub reason: String,
}

/// The links an active booking carries (contract: `room_url`, `viewer_code`, `moderator_code` for
/// rooms; `invite_url` for teams).
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewer_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderator_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_url: Option<String>,
}
