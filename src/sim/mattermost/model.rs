//! The simulator's documents: what Mattermost's API shows, in the client's own types
//! (`integrations::mattermost::types`, so that both sides read one shape), plus what Mattermost
//! keeps beside them; and the request bodies it accepts (missing fields are empty, as Mattermost
//! treats them).

use serde::{Deserialize, Serialize};

use crate::integrations::mattermost::types::{
    Bot, Channel, ChannelType, Ping, Post, Team, TeamType, User, UserAccessToken,
};

/// Milliseconds since the epoch, as every Mattermost object carries them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Times {
    #[serde(default)]
    pub create_at: i64,
    #[serde(default)]
    pub update_at: i64,
    #[serde(default)]
    pub delete_at: i64,
}

impl Times {
    pub fn new(now: i64) -> Times {
        Times {
            create_at: now,
            update_at: now,
            delete_at: 0,
        }
    }
}

/// A user as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicUser {
    #[serde(flatten)]
    pub user: User,
    #[serde(default)]
    pub email: String,
    #[serde(flatten)]
    pub times: Times,
}

/// A user as stored: with the password hash (bots have none) and whether `--token` made it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredUser {
    #[serde(flatten)]
    pub public: PublicUser,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preset: bool,
}

impl StoredUser {
    pub fn id(&self) -> &str {
        &self.public.user.id
    }

    pub fn is_admin(&self) -> bool {
        self.public
            .user
            .roles
            .split(' ')
            .any(|r| r == "system_admin")
    }
}

/// A session or personal access token; stored under the SHA-256 of the token, never the token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredToken {
    pub id: String,
    pub user_id: String,
    /// "access" or "session".
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredTeam {
    #[serde(flatten)]
    pub team: Team,
    #[serde(default)]
    pub description: String,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TeamMember {
    pub team_id: String,
    pub user_id: String,
    pub roles: String,
    #[serde(default)]
    pub delete_at: i64,
    #[serde(default)]
    pub scheme_user: bool,
    #[serde(default)]
    pub scheme_admin: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredChannel {
    #[serde(flatten)]
    pub channel: Channel,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub header: String,
    #[serde(default)]
    pub creator_id: String,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChannelMember {
    pub channel_id: String,
    pub user_id: String,
    pub roles: String,
    #[serde(default)]
    pub msg_count: u64,
    #[serde(default)]
    pub mention_count: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredPost {
    #[serde(flatten)]
    pub post: Post,
    #[serde(default)]
    pub update_at: i64,
    #[serde(default)]
    pub edit_at: i64,
    #[serde(default)]
    pub root_id: String,
    #[serde(default)]
    pub props: serde_json::Map<String, serde_json::Value>,
}

/// `GET system/ping`, with the mobile-version fields Mattermost adds.
#[derive(Debug, Serialize)]
pub struct PingReply {
    #[serde(flatten)]
    pub ping: Ping,
    #[serde(rename = "AndroidLatestVersion")]
    pub android_latest_version: &'static str,
    #[serde(rename = "AndroidMinVersion")]
    pub android_min_version: &'static str,
    #[serde(rename = "IosLatestVersion")]
    pub ios_latest_version: &'static str,
    #[serde(rename = "IosMinVersion")]
    pub ios_min_version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct BotReply {
    #[serde(flatten)]
    pub bot: Bot,
    pub owner_id: String,
    #[serde(flatten)]
    pub times: Times,
}

#[derive(Debug, Serialize)]
pub struct TokenReply {
    #[serde(flatten)]
    pub token: UserAccessToken,
    pub description: String,
    pub is_active: bool,
}

/// `GET channels/{id}/posts`: the posts as stored (Mattermost sends all their fields).
#[derive(Debug, Serialize)]
pub struct PostsReply {
    pub order: Vec<String>,
    pub posts: std::collections::BTreeMap<String, StoredPost>,
    pub next_post_id: String,
    pub prev_post_id: String,
    pub has_next: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub nickname: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Login {
    pub login_id: String,
    pub password: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewBot {
    pub username: String,
    pub display_name: String,
    pub description: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewToken {
    pub description: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewTeam {
    pub name: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub allow_open_invite: bool,
}

impl NewTeam {
    pub fn team_type(&self) -> Option<TeamType> {
        match self.kind.as_str() {
            "O" => Some(TeamType::Open),
            "I" => Some(TeamType::InviteOnly),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewChannel {
    pub team_id: String,
    pub name: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub purpose: String,
    pub header: String,
}

impl NewChannel {
    /// Only public and private channels are created this way.
    pub fn channel_type(&self) -> Option<ChannelType> {
        match self.kind.as_str() {
            "O" => Some(ChannelType::Public),
            "P" => Some(ChannelType::Private),
            _ => None,
        }
    }
}

/// `POST teams/{id}/members` and `POST channels/{id}/members`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewMember {
    pub user_id: String,
    pub team_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPost {
    pub channel_id: String,
    pub message: String,
}
