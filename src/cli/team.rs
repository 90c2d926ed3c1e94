//! `vereint team show|regenerate-invite BOOKING_ID`: the owner's commands for a booked
//! Mattermost team. The owner token comes from `--token-file` or standard input, never from the
//! command line.

use std::path::PathBuf;

use clap::Subcommand;

use super::client;

use crate::i18n::{Msg, t, tf};
use crate::mine::owner_token;
use crate::output;
use crate::runtime::{self, Threads};
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

pub fn run(session: &Session, cmd: TeamCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let (regenerate, booking_id, access, json) = match cmd {
        TeamCmd::Show {
            booking_id,
            access,
            json,
        } => (false, booking_id, access, json),
        TeamCmd::RegenerateInvite {
            booking_id,
            access,
            json,
        } => (true, booking_id, access, json),
    };
    let token = owner_token::read(access.token_file.as_deref(), lang)?;
    let client = client(session, access.url.as_deref())?;
    let team = runtime::new(Threads::One)?.block_on(async {
        if regenerate {
            client.regenerate_team_invite(&booking_id, &token).await
        } else {
            client.team(&booking_id, &token).await
        }
    })?;
    if json {
        return Ok(output::json(&team)?);
    }
    if regenerate {
        return Ok(output::text(&tf(
            Msg::TeamInviteRegenerated,
            lang,
            &[("id", &booking_id), ("url", &team.invite_url)],
        ))?);
    }
    Ok(output::text(&format!(
        "{}: {}\n{}: {}",
        t(Msg::TeamName, lang),
        team.team_name,
        t(Msg::TeamInvite, lang),
        team.invite_url
    ))?)
}
