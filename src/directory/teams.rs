//! Mattermost teams for approved `mattermost_team` bookings: an invite-only team with the
//! operator's default channels, one per booking (found again by its derived name when an approval
//! is retried). The owner's endpoints are `handlers/teams.rs`.

use super::db::{BookingRow, Db, TeamRow};
use super::integrations::{BoxFuture, IntegrationError, Integrations};
use super::now_ms;
use crate::api::{BookingKind, Links};
use crate::i18n::{Lang, Msg, tf};
use crate::integrations::mattermost::{self, ChannelType, Client, TeamType, Token, valid_name};

/// What the directory needs to create teams.
#[derive(Debug, Clone)]
pub struct TeamsConfig {
    pub client: Client,
    pub default_channels: Vec<String>,
}

impl TeamsConfig {
    /// `None` when the operator has not configured both URL and token.
    pub fn from_settings(
        settings: &crate::config::MattermostSettings,
    ) -> anyhow::Result<Option<TeamsConfig>> {
        let (Some(url), Some(token)) = (&settings.url, settings.token()?) else {
            return Ok(None);
        };
        let client = client(url, token)?;
        for name in &settings.default_channels {
            if !valid_name(name) {
                anyhow::bail!(tf(Msg::CfgChannelName, Lang::current(), &[("name", name)]));
            }
        }
        Ok(Some(TeamsConfig {
            client,
            default_channels: settings.default_channels.clone(),
        }))
    }
}

/// The client for `directory.mattermost.url` with `token` (the teams' or the community feed's).
pub(crate) fn client(url: &str, token: String) -> anyhow::Result<Client> {
    Client::new(url, Some(Token::new(token))).map_err(|_| {
        anyhow::anyhow!(tf(
            Msg::CfgMattermostUrl,
            Lang::current(),
            &[("value", &url)]
        ))
    })
}

/// The team name for a booking: stable, so a retried approval finds the team it made.
pub fn team_name(booking_id: &str) -> String {
    let cleaned: String = booking_id
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut name = format!("verein-{cleaned}");
    name.truncate(64);
    name
}

pub struct Teams {
    config: TeamsConfig,
    db: Db,
}

fn failed(e: mattermost::Error) -> IntegrationError {
    IntegrationError::Failed {
        service: "Mattermost",
        detail: e.to_string(),
    }
}

impl Teams {
    pub fn new(config: TeamsConfig, db: Db) -> Teams {
        Teams { config, db }
    }

    fn client(&self) -> &Client {
        &self.config.client
    }

    /// A new invite link for a team; the old one stops working.
    pub async fn new_invite(&self, team_id: &str) -> Result<String, mattermost::Error> {
        let team = self.client().regenerate_invite_id(team_id).await?;
        Ok(self.client().invite_url(&team.invite_id))
    }

    async fn create(&self, booking: &BookingRow) -> Result<Links, IntegrationError> {
        let mm = self.client();
        let name = team_name(&booking.id);
        let team = match mm.team_by_name(&name).await.map_err(failed)? {
            Some(team) => team,
            None => {
                let display: String = booking.name.chars().take(64).collect();
                match mm.create_team(&name, &display, TeamType::InviteOnly).await {
                    Ok(team) => team,
                    // created meanwhile by a concurrent approval
                    Err(e) if e.status() == Some(400) => mm
                        .team_by_name(&name)
                        .await
                        .map_err(failed)?
                        .ok_or_else(|| failed(e))?,
                    Err(e) => return Err(failed(e)),
                }
            }
        };
        for channel in &self.config.default_channels {
            if mm
                .channel_by_name(&team.id, channel)
                .await
                .map_err(failed)?
                .is_none()
            {
                let display = display_name(channel);
                match mm
                    .create_channel(&team.id, channel, &display, ChannelType::Public)
                    .await
                {
                    Ok(_) => {}
                    Err(e) if e.status() == Some(400) => {}
                    Err(e) => return Err(failed(e)),
                }
            }
        }
        self.db
            .save_team(
                &TeamRow {
                    booking_id: booking.id.clone(),
                    team_id: team.id.clone(),
                    team_name: team.name.clone(),
                },
                now_ms(),
            )
            .await
            .map_err(|e| IntegrationError::Failed {
                service: "Mattermost",
                detail: format!("storing the team: {e}"),
            })?;
        Ok(Links {
            invite_url: Some(mm.invite_url(&team.invite_id)),
            ..Links::default()
        })
    }
}

/// `allgemein` -> `Allgemein`.
fn display_name(channel: &str) -> String {
    let mut chars = channel.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

impl Integrations for Teams {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        Box::pin(self.create(booking))
    }

    fn configured(&self, kind: BookingKind) -> Result<(), IntegrationError> {
        if kind == BookingKind::MattermostTeam {
            Ok(())
        } else {
            Err(IntegrationError::NotConfigured(
                super::integrations::service_name(kind),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_are_valid_and_stable() {
        let n = team_name("bk_01HX-Ab9");
        assert_eq!(n, "verein-bk-01hx-ab9");
        assert!(valid_name(&n));
        assert_eq!(team_name(&"x".repeat(100)).len(), 64);
    }

    #[test]
    fn channel_display_names() {
        assert_eq!(display_name("allgemein"), "Allgemein");
        assert_eq!(display_name(""), "");
    }
}
