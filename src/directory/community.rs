//! The community channel: the operator names one Mattermost channel; the directory reads its
//! recent posts with a read-only token and serves them, cached, at `GET /api/v1/community`. The
//! token stays in the directory: the answer carries author names, messages, times and the link.
//! The handler is `handlers/community.rs`.

use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::api::{Community, CommunityPost};
use crate::i18n::{Lang, Msg, t, tf};
use crate::integrations::mattermost::Client;

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
            anyhow::bail!(tf(
                Msg::CfgCommunityChannel,
                Lang::current(),
                &[("value", spec)]
            ));
        };
        let Some(token) = settings.community_token()? else {
            anyhow::bail!(t(Msg::CfgCommunityToken, Lang::current()));
        };
        let client = super::teams::client(url, token)?;
        Ok(Some(CommunityConfig {
            client,
            team: team.into(),
            channel: channel.into(),
        }))
    }
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
