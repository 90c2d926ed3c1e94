//! `vereint team show|regenerate-invite BOOKING_ID`: the owner's commands for a booked
//! Mattermost team. The owner token comes from `--token-file` or standard input, never from the
//! command line.

use std::io::Read as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;

use crate::client::Client;
use crate::i18n::{Msg, t, tf};
use crate::output;
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Show the team and its invite link
    Show {
        booking_id: String,
        #[command(flatten)]
        access: Access,
        #[arg(long)]
        json: bool,
    },
    /// Make a new invite link (the old one stops working)
    RegenerateInvite {
        booking_id: String,
        #[command(flatten)]
        access: Access,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct Access {
    /// File holding the owner token you got when booking (default: read from standard input)
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The directory's URL (default: directory.public_url, else http:// and directory.bind)
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

fn owner_token(session: &Session, access: &Access) -> anyhow::Result<String> {
    let lang = session.lang;
    let (text, from) = match &access.token_file {
        Some(f) => (
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?,
            f.display().to_string(),
        ),
        None => {
            use std::io::IsTerminal as _;
            if std::io::stdin().is_terminal() {
                anyhow::bail!(t(Msg::TeamTokenMissing, lang));
            }
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading the owner token from standard input")?;
            (s, "stdin".to_string())
        }
    };
    let token = text.trim().to_string();
    if token.is_empty() {
        anyhow::bail!(tf(Msg::TeamTokenEmpty, lang, &[("from", &from)]));
    }
    Ok(token)
}

fn client(session: &Session, access: &Access) -> anyhow::Result<Client> {
    let settings = &session.config.directory;
    let url = access
        .url
        .clone()
        .or_else(|| settings.public_url.clone())
        .unwrap_or_else(|| format!("http://{}", settings.bind));
    Ok(Client::new(&url)?)
}

pub fn run(session: &Session, cmd: TeamCmd) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let lang = session.lang;
    runtime.block_on(async {
        match cmd {
            TeamCmd::Show {
                booking_id,
                access,
                json,
            } => {
                let token = owner_token(session, &access)?;
                let team = client(session, &access)?.team(&booking_id, &token).await?;
                if json {
                    return Ok(output::json(&team)?);
                }
                Ok(output::text(&format!(
                    "{}: {}\n{}: {}",
                    t(Msg::TeamName, lang),
                    team.team_name,
                    t(Msg::TeamInvite, lang),
                    team.invite_url
                ))?)
            }
            TeamCmd::RegenerateInvite {
                booking_id,
                access,
                json,
            } => {
                let token = owner_token(session, &access)?;
                let team = client(session, &access)?
                    .regenerate_team_invite(&booking_id, &token)
                    .await?;
                if json {
                    return Ok(output::json(&team)?);
                }
                Ok(output::text(&tf(
                    Msg::TeamInviteRegenerated,
                    lang,
                    &[("id", &booking_id), ("url", &team.invite_url)],
                ))?)
            }
        }
    })
}
