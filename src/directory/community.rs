//! The community channel: the operator names one Mattermost channel; the directory reads its
//! recent posts with a read-only token and serves them, cached, at `GET /api/v1/community`. The
//! token stays in the directory: the answer carries author names, messages, times and the link.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::Shared;
use super::error::{ApiResult, Problem};
use crate::integrations::mattermost::{Client, Token};

/// How long fetched posts are served before asking Mattermost again.
const CACHE_FOR: Duration = Duration::from_secs(60);
/// How many posts are shown.
const POSTS: u32 = 20;

#[derive(Debug, Clone)]
pub struct CommunityConfig {
    client: Client,
    team: String,
    channel: String,
}

impl CommunityConfig {
    /// `None` unless URL, channel and read-only token are all configured.
    pub fn from_settings(
        settings: &crate::config::MattermostSettings,
    ) -> anyhow::Result<Option<CommunityConfig>> {
        let (Some(url), Some(spec)) = (&settings.url, &settings.community_channel) else {
            return Ok(None);
        };
        let Some((team, channel)) = spec
            .split_once('/')
            .filter(|(t, c)| !t.is_empty() && !c.is_empty() && !c.contains('/'))
        else {
            anyhow::bail!(
                "directory.mattermost.community_channel `{spec}` must look like team-name/channel-name"
            );
        };
        let Some(token) = settings.community_token()? else {
            anyhow::bail!(
                "directory.mattermost.community_channel is set but there is no read-only token: set directory.mattermost.community_token_file or VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_TOKEN"
            );
        };
        let client = Client::new(url, Some(Token::new(token)))
            .map_err(|e| anyhow::anyhow!("directory.mattermost.url: {e}"))?;
        Ok(Some(CommunityConfig {
            client,
            team: team.into(),
            channel: channel.into(),
        }))
    }
}

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

pub struct CommunityFeed {
    config: CommunityConfig,
    cache: Mutex<Option<(Instant, Community)>>,
}

impl CommunityFeed {
    pub fn new(config: CommunityConfig) -> CommunityFeed {
        CommunityFeed {
            config,
            cache: Mutex::new(None),
        }
    }

    fn join_url(&self) -> String {
        let site = self.config.client.site();
        let mut url = site.clone();
        url.set_path(&format!(
            "{}{}/channels/{}",
            site.path(),
            self.config.team,
            self.config.channel
        ));
        url.to_string()
    }

    async fn fetch(&self) -> Result<Community, crate::integrations::mattermost::Error> {
        let mm = &self.config.client;
        let channel = mm
            .channel_by_names(&self.config.team, &self.config.channel)
            .await?;
        let list = mm.channel_posts(&channel.id, POSTS).await?;
        let posts = list.in_order();
        let mut ids: Vec<String> = posts.iter().map(|p| p.user_id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let users = mm.users_by_ids(&ids).await?;
        let name_of = |id: &str| {
            users
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| "?".to_string(), |u| u.display_name())
        };
        Ok(Community {
            channel: format!("{}/{}", self.config.team, self.config.channel),
            join_url: self.join_url(),
            posts: posts
                .iter()
                .map(|p| CommunityPost {
                    author: name_of(&p.user_id),
                    message: p.message.clone(),
                    time: jiff::Timestamp::from_millisecond(p.create_at)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
            fetched_at: jiff::Timestamp::now().to_string(),
        })
    }

    /// Cached posts when fresh; else fetched. When Mattermost fails, older posts are served if
    /// there are any.
    pub async fn get(&self) -> Result<Community, crate::integrations::mattermost::Error> {
        let mut cache = self.cache.lock().await;
        if let Some((at, c)) = cache.as_ref()
            && at.elapsed() < CACHE_FOR
        {
            return Ok(c.clone());
        }
        match self.fetch().await {
            Ok(c) => {
                *cache = Some((Instant::now(), c.clone()));
                Ok(c)
            }
            Err(e) => match cache.as_ref() {
                Some((_, stale)) => {
                    tracing::warn!(error = %e, "community channel: serving older posts");
                    Ok(stale.clone())
                }
                None => Err(e),
            },
        }
    }
}

pub fn router() -> axum::Router<Shared> {
    axum::Router::new().route("/api/v1/community", axum::routing::get(community))
}

#[utoipa::path(get, path = "/api/v1/community", tag = "community", responses((status = 200, description = "Recent posts of the operator's community channel (cached for 60 s) and the link to join", body = Community), (status = "4XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json"), (status = "5XX", description = "Problem (RFC 9457)", body = Problem, content_type = "application/problem+json")))]
pub async fn community(State(state): State<Shared>) -> ApiResult<Response> {
    let feed = state.community.as_ref().ok_or_else(|| {
        Problem::new(
            StatusCode::CONFLICT,
            "integration-not-configured",
            "Integration not configured",
            "this directory has no community channel (operators: directory.mattermost.community_channel)",
        )
    })?;
    let community = feed.get().await.map_err(|e| Problem {
        internal: Some(format!("community channel: {e}")),
        ..Problem::new(
            StatusCode::BAD_GATEWAY,
            "integration-failed",
            "Integration failed",
            "the community channel cannot be read right now; try again later",
        )
    })?;
    let mut response = axum::Json(community).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}
