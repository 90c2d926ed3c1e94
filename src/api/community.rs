//! The operator's community channel: recent posts and the link to join (`/api/v1/community`).

use serde::{Deserialize, Serialize};

/// One post as the TUI shows it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityPost {
    /// The author's display name.
    pub author: String,
    pub message: String,
    /// RFC 3339.
    pub time: String,
}

/// `GET /api/v1/community`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    /// `team-name/channel-name`.
    pub channel: String,
    /// Where people join the channel.
    pub join_url: String,
    /// Newest first.
    pub posts: Vec<CommunityPost>,
    /// When the posts were fetched from Mattermost (RFC 3339).
    pub fetched_at: String,
}
