//! Events with their next dates, and registrations for them: `/api/v1/events`.

use serde::{Deserialize, Serialize};

use super::catalog::I18nText;
use crate::catalog::Text;

/// The directory's calendar feed of all events, relative to its root URL.
pub const EVENTS_FEED: &str = "api/v1/events.ics";

/// The feed of the directory at `base` as a `webcal://` link, which calendar apps subscribe to
/// (they fetch it over HTTP(S) and look again now and then). None for a URL that is not http(s);
/// credentials in the URL are left out.
pub fn webcal_url(base: &str) -> Option<String> {
    let mut url = url::Url::parse(base).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    url.set_username("").ok()?;
    url.set_password(None).ok()?;
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    let feed = url.join(EVENTS_FEED).ok()?;
    Some(format!("webcal{}", &feed.as_str()[feed.scheme().len()..]))
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
    /// The exact address of a place-based event, when the catalogue holds one: given to the
    /// registered person only (`GET` with the cancel token, once confirmed), never in public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<I18nText>)]
    pub address: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::webcal_url;

    #[test]
    fn the_feed_link_is_webcal_without_credentials() {
        assert_eq!(
            webcal_url("https://verzeichnis.example.org").as_deref(),
            Some("webcal://verzeichnis.example.org/api/v1/events.ics")
        );
        assert_eq!(
            webcal_url("http://user:secret@127.0.0.1:8080/vereint/?x=1#top").as_deref(),
            Some("webcal://127.0.0.1:8080/vereint/api/v1/events.ics")
        );
        assert_eq!(webcal_url("ftp://example.org/"), None);
        assert_eq!(webcal_url("not a url"), None);
    }
}
