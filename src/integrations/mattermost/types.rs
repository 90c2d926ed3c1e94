//! The parts of Mattermost's API v4 objects vereint reads. Unknown fields are ignored, missing
//! optional ones default, as newer servers add fields.

use serde::{Deserialize, Serialize};

/// `GET /system/ping?get_server_status=true`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ping {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filestore_status: Option<String>,
    #[serde(
        default,
        rename = "ActiveSearchBackend",
        skip_serializing_if = "Option::is_none"
    )]
    pub active_search_backend: Option<String>,
}

/// A ping with what the headers said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStatus {
    pub ping: Ping,
    /// From `X-Version-Id` (`9.11.0.9.11.0.hash.false` -> `9.11.0`).
    pub version: Option<String>,
    /// The HTTP status (500 when unhealthy without REST semantics).
    pub http_status: u16,
}

impl ServerStatus {
    pub fn healthy(&self) -> bool {
        self.ping.status == "OK"
    }
}

/// The first three dot-separated parts of `X-Version-Id`.
pub fn version_from_header(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split('.').take(3).collect();
    (parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())))
        .then(|| parts.join("."))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub nickname: String,
    #[serde(default)]
    pub roles: String,
    #[serde(default)]
    pub is_bot: bool,
}

impl User {
    /// What Mattermost shows by default: nickname, else full name, else username.
    pub fn display_name(&self) -> String {
        if !self.nickname.trim().is_empty() {
            return self.nickname.trim().to_string();
        }
        let full = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        if !full.trim().is_empty() {
            return full.trim().to_string();
        }
        self.username.clone()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamType {
    /// Anyone on the server may join.
    #[serde(rename = "O")]
    Open,
    /// Only with an invite.
    #[serde(rename = "I")]
    InviteOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub team_type: TeamType,
    #[serde(default)]
    pub invite_id: String,
    #[serde(default)]
    pub allow_open_invite: bool,
}

/// `GET /teams/invite/{invite_id}` (no authentication).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInvite {
    pub id: String,
    pub name: String,
    pub display_name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelType {
    #[serde(rename = "O")]
    Public,
    #[serde(rename = "P")]
    Private,
    #[serde(rename = "D")]
    Direct,
    #[serde(rename = "G")]
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    pub id: String,
    pub team_id: String,
    pub name: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub channel_type: ChannelType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bot {
    pub user_id: String,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
}

/// A user access token as created: the token itself is shown only here.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccessToken {
    pub id: String,
    pub token: String,
    pub user_id: String,
}

impl std::fmt::Debug for UserAccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserAccessToken")
            .field("id", &self.id)
            .field("token", &"***")
            .field("user_id", &self.user_id)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: String,
    pub channel_id: String,
    pub user_id: String,
    pub message: String,
    /// Milliseconds since the epoch.
    pub create_at: i64,
    #[serde(default)]
    pub delete_at: i64,
    /// System messages (joins, header changes) have a type; user posts have "".
    #[serde(default, rename = "type")]
    pub post_type: String,
}

/// `GET /channels/{id}/posts`: ids newest first in `order`, the posts by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostList {
    #[serde(default)]
    pub order: Vec<String>,
    #[serde(default)]
    pub posts: std::collections::HashMap<String, Post>,
}

impl PostList {
    /// User posts (no system messages, nothing deleted), newest first.
    pub fn in_order(&self) -> Vec<&Post> {
        self.order
            .iter()
            .filter_map(|id| self.posts.get(id))
            .filter(|p| p.delete_at == 0 && p.post_type.is_empty())
            .collect()
    }
}

/// Mattermost's error body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub detailed_error: String,
    #[serde(default)]
    pub request_id: String,
    #[serde(default)]
    pub status_code: u16,
    #[serde(default)]
    pub is_oauth: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_header_is_cut_to_three_numbers() {
        assert_eq!(
            version_from_header("9.11.0.9.11.0.abc.false").as_deref(),
            Some("9.11.0")
        );
        assert_eq!(version_from_header("9.11").as_deref(), None);
        assert_eq!(version_from_header("x.y.z").as_deref(), None);
    }

    #[test]
    fn post_list_skips_system_and_deleted_posts() {
        let json = r#"{"order":["b","a","c"],"posts":{
            "a":{"id":"a","channel_id":"c","user_id":"u","message":"hi","create_at":1,"type":""},
            "b":{"id":"b","channel_id":"c","user_id":"u","message":"joined","create_at":2,"type":"system_join_channel"},
            "c":{"id":"c","channel_id":"c","user_id":"u","message":"gone","create_at":3,"delete_at":4}}}"#;
        let list: PostList = serde_json::from_str(json).unwrap();
        let ids: Vec<&str> = list.in_order().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
    }

    #[test]
    fn display_name_prefers_nickname_then_full_name() {
        let mut u = User {
            username: "anna".into(),
            ..User::default()
        };
        assert_eq!(u.display_name(), "anna");
        u.first_name = "Anna".into();
        u.last_name = "Schmidt".into();
        assert_eq!(u.display_name(), "Anna Schmidt");
        u.nickname = "Anni".into();
        assert_eq!(u.display_name(), "Anni");
    }

    #[test]
    fn token_is_not_in_debug() {
        let t = UserAccessToken {
            id: "i".into(),
            token: "very-secret".into(),
            user_id: "u".into(),
        };
        assert!(!format!("{t:?}").contains("very-secret"));
    }
}
