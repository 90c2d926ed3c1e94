//! The directory's outbox for its operator: `GET /api/v1/admin/outbox` and
//! `POST /api/v1/admin/outbox/{id}/retry`.

use serde::{Deserialize, Serialize};

/// A message not delivered yet (pending) or given up (failed), with the server's last answer.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// Also the Message-ID's local part.
    pub id: String,
    /// What caused it, such as `booking_received` or `registration_confirmed`.
    pub topic: String,
    /// The booking or registration it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    pub recipient: String,
    pub subject: String,
    /// `pending` or `failed`.
    pub status: String,
    pub attempts: u32,
    /// When the next attempt is due (pending only), RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt: Option<String>,
    /// The SMTP server's last answer, or why it could not be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    pub created_at: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// False when `[directory.smtp]` is not set up: nobody is being told.
    pub mail_enabled: bool,
    pub messages: Vec<OutboxMessage>,
}
