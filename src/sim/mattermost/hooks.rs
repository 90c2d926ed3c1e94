//! Incoming webhooks as Mattermost has them: `POST /api/v4/hooks/incoming` (a channel member or
//! admin creates one for a channel) and `POST /hooks/{id}`, which posts to that channel. The body
//! is JSON (`text` required, unless there are `attachments`; optional `channel` (a name in the
//! hook's team, overriding the hook's channel unless it is locked), `username`, `icon_url`,
//! `props`), or without a JSON Content-Type the Slack form `payload={json}`. The answer is `200`
//! with `text/plain` `ok`. The post is stored like any other, with `props.from_webhook = "true"`
//! and the overrides Mattermost records, so `GET /api/v4/channels/{id}/posts` shows it.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header;
use serde::{Deserialize, Serialize};

use super::model::StoredUser;
use super::{ApiError, ApiResult, Sim, err, new_id, now_ms, object, ok};

/// `POST /api/v4/hooks/incoming`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewHook {
    pub channel_id: String,
    pub display_name: String,
    pub description: String,
    pub username: String,
    pub icon_url: String,
    pub channel_locked: bool,
}

/// An incoming webhook, as Mattermost answers it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hook {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub display_name: String,
    pub description: String,
    pub username: String,
    pub icon_url: String,
    pub channel_locked: bool,
}

/// What a webhook request may carry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HookPost {
    text: Option<String>,
    channel: Option<String>,
    username: Option<String>,
    icon_url: Option<String>,
    attachments: Option<serde_json::Value>,
    props: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Sim {
    pub(super) async fn create_hook(&self, me: &StoredUser, b: NewHook) -> ApiResult {
        let channel = self.channel(&b.channel_id).await?;
        self.may_read_channel(me, &channel).await?;
        let now = now_ms();
        let hook = Hook {
            id: new_id(),
            create_at: now,
            update_at: now,
            delete_at: 0,
            user_id: me.id().to_string(),
            channel_id: channel.channel.id.clone(),
            team_id: channel.channel.team_id.clone(),
            display_name: b.display_name,
            description: b.description,
            username: b.username,
            icon_url: b.icon_url,
            channel_locked: b.channel_locked,
        };
        self.store
            .insert("hook", &hook.id, &hook.channel_id, &hook, now)
            .await?;
        ok(201, &hook)
    }

    /// `POST /hooks/{id}`: Ok once the post is stored (the caller answers `ok`).
    pub(super) async fn post_from_hook(
        &self,
        id: &str,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Result<(), ApiError> {
        let hook: Hook = self.store.get("hook", id).await?.ok_or_else(|| {
            err(
                404,
                "web.incoming_webhook.invalid.app_error",
                "Invalid webhook.",
            )
        })?;
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let b: HookPost = if json {
            object(body)?
        } else {
            let payload = url::form_urlencoded::parse(body)
                .find(|(k, _)| k == "payload")
                .map(|(_, v)| v.into_owned())
                .ok_or_else(|| {
                    err(
                        400,
                        "api.webhook.incoming.error",
                        "Could not decode the multipart payload of incoming webhook.",
                    )
                })?;
            object(&Bytes::from(payload))?
        };
        let text = b.text.unwrap_or_default();
        if text.trim().is_empty() && b.attachments.is_none() {
            return Err(err(
                400,
                "web.incoming_webhook.text.app_error",
                "No text specified.",
            ));
        }
        if text.chars().count() > 16383 {
            return Err(err(
                400,
                "model.post.is_valid.msg.app_error",
                "Invalid message.",
            ));
        }
        let channel = match b.channel.as_deref().filter(|c| !c.is_empty()) {
            Some(name) => {
                let channel = self.channel_named(&hook.team_id, name).await?;
                if hook.channel_locked && channel.channel.id != hook.channel_id {
                    return Err(err(
                        403,
                        "web.incoming_webhook.channel_locked.app_error",
                        "This webhook is not permitted to post to the requested channel.",
                    ));
                }
                channel
            }
            None => self.channel(&hook.channel_id).await?,
        };
        let mut props = b.props.unwrap_or_default();
        props.insert("from_webhook".into(), "true".into());
        let username = b
            .username
            .filter(|u| !u.is_empty())
            .or(Some(hook.username).filter(|u| !u.is_empty()));
        if let Some(u) = username {
            props.insert("override_username".into(), u.into());
        }
        let icon = b
            .icon_url
            .filter(|u| !u.is_empty())
            .or(Some(hook.icon_url).filter(|u| !u.is_empty()));
        if let Some(u) = icon {
            props.insert("override_icon_url".into(), u.into());
        }
        if let Some(a) = b.attachments {
            props.insert("attachments".into(), a);
        }
        self.add_post(&channel.channel.id, hook.user_id, text, props)
            .await?;
        Ok(())
    }
}
