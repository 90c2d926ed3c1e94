//! Events with their next dates, and registrations for them: `/api/v1/events`.

use serde::{Deserialize, Serialize};

use super::catalog::I18nText;
use crate::catalog::Text;

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
    /// The language of the mails about this registration: `de` (default) or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "de")]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub const ALL: [RegistrationStatus; 3] = [
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
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
