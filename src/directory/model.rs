//! The JSON the directory API speaks, shared by the server and `crate::client`.

use serde::{Deserialize, Serialize};

use crate::catalog::Text;
pub use crate::directory::integrations::Links;

#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingKind {
    BbbRoom,
    MattermostTeam,
}

impl BookingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingKind::BbbRoom => "bbb_room",
            BookingKind::MattermostTeam => "mattermost_team",
        }
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
}

/// `POST /api/v1/admin/bookings/{id}/reject`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub reason: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventInfo {
    pub id: String,
    #[schema(value_type = String, example = "workshop")]
    pub kind: crate::events::EventKind,
    #[schema(value_type = I18nText)]
    pub title: Text,
    #[schema(value_type = I18nText)]
    pub description: Text,
    pub language: String,
    pub capacity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<I18nText>)]
    pub place: Option<Text>,
    pub next_dates: Vec<EventDate>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// Local date (`YYYY-MM-DD`), the key registrations refer to.
    pub date: String,
    /// RFC 3339 with offset.
    pub start: String,
    pub end: String,
    pub confirmed: u32,
    pub waitlisted: u32,
    /// Places left (0 means new registrations go on the waiting list).
    pub available: u32,
}

/// `POST /api/v1/events/{id}/registrations` (optionally with an `Idempotency-Key`).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    pub name: String,
    pub email: String,
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Which date (`YYYY-MM-DD`); default: the next one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        match s {
            "confirmed" => Some(RegistrationStatus::Confirmed),
            "waitlisted" => Some(RegistrationStatus::Waitlisted),
            "cancelled" => Some(RegistrationStatus::Cancelled),
            _ => None,
        }
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationCreated {
    pub id: String,
    pub event_id: String,
    pub date: String,
    pub status: RegistrationStatus,
    /// Shown once: send it as `Authorization: Bearer` to read or cancel.
    pub cancel_token: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub id: String,
    pub event_id: String,
    pub date: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub status: RegistrationStatus,
    pub created_at: String,
    pub updated_at: String,
}

/// `POST /api/v1/admin/enrollments` (the body may be empty).
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEnrollment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentCreated {
    pub token: String,
    pub expires_at: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// What it is: "bbb", "mattermost", "turn", ...
    pub kind: String,
    pub url: String,
    pub software: String,
    pub version: String,
}

/// `POST /api/v1/instances` with `Authorization: Bearer <enrollment token>`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInstance {
    pub organisation: String,
    pub contact_email: String,
    pub services: Vec<ServiceEntry>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceCreated {
    pub id: String,
    /// Shown once: the HMAC key for reports.
    pub secret: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAccepted {
    pub instance_id: String,
    pub received_at: String,
}

/// One entry of the public instance list.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicInstance {
    pub id: String,
    pub organisation: String,
    pub services: Vec<ServiceEntry>,
    /// "new" until the first report, then the status the last report gave.
    pub status: String,
    pub registered_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_report_at: Option<String>,
    /// Share of the last 24 hours' reports that said "ok" (0..=1); null without reports.
    pub uptime_24h: Option<f64>,
    /// The same over 30 days.
    #[serde(default)]
    pub uptime_30d: Option<f64>,
    /// No report for three of the agent's intervals; `status` then says "stale".
    #[serde(default)]
    pub stale: bool,
    /// The report interval the agent announced in its last report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_interval_secs: Option<i64>,
    /// The directory's own check of the published URLs, when the operator turned it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_check: Option<DirectoryCheck>,
}

/// The directory's last look at an instance's published http(s) URLs.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryCheck {
    /// "ok" when every URL answered below 400, else "critical".
    pub status: String,
    pub detail: String,
    pub checked_at: String,
}

/// `GET /api/v1/services`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Services {
    #[schema(value_type = Vec<Object>)]
    pub services: Vec<crate::catalog::Service>,
    #[schema(value_type = Object)]
    pub code_of_conduct: crate::catalog::model::CodeOfConduct,
}

/// Text in both languages (OpenAPI only: the catalogue's `Text`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct I18nText {
    de: String,
    en: String,
}

/// A signed health report (OpenAPI only: the server stores any JSON object; `status`, when given,
/// must be one of ok, warning, critical, unknown).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ReportBody {
    #[schema(example = "ok")]
    status: Option<String>,
    checks: Option<Vec<serde_json::Value>>,
}

/// RFC 3339 text of unix milliseconds.
pub fn time_text(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
