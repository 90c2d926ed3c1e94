//! `vereint room show|set|rotate-codes BOOKING_ID`: the room owner's commands. The owner token
//! comes from `--token-file` or standard input, never from the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::client;

use crate::api::{GuestPolicy, Room, RoomChange};
use crate::i18n::{Lang, Msg, t};
use crate::mine::owner_token;
use crate::output;
use crate::runtime::{self, Threads};
use crate::session::Session;

#[derive(Debug, Args)]
pub struct Target {
    /// The booking the room belongs to
    pub booking_id: String,
    /// File holding the booking's owner token (default: read it from standard input)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// The directory's URL (default: directory.public_url, else http:// and directory.bind)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GuestPolicyArg {
    Open,
    WaitingRoom,
}

#[derive(Debug, Subcommand)]
pub enum RoomCmd {
    /// Show the room: address, access codes, settings
    Show(Target),
    /// Change settings (those not given stay as they are)
    Set {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        name: Option<String>,
        /// Whether viewers may start the meeting without a moderator
        #[arg(long, value_name = "BOOL")]
        anyone_may_start: Option<bool>,
        #[arg(long, value_name = "BOOL")]
        mute_on_start: Option<bool>,
        #[arg(long, value_enum)]
        guest_policy: Option<GuestPolicyArg>,
        /// 0 removes the limit
        #[arg(long, value_name = "N")]
        max_participants: Option<u32>,
        /// Allow recording (needs everyone's consent)
        #[arg(long, value_name = "BOOL")]
        record: Option<bool>,
    },
    /// New viewer and moderator codes; the old ones stop working at once
    RotateCodes(Target),
}

pub fn run(session: &Session, cmd: RoomCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let (target, room) = runtime::new(Threads::One)?.block_on(async {
        match cmd {
            RoomCmd::Show(target) => {
                let token = owner_token::read(target.token_file.as_deref(), lang)?;
                let room = client(session, target.url.as_deref())?
                    .room(&target.booking_id, &token)
                    .await?;
                anyhow::Ok((target, room))
            }
            RoomCmd::RotateCodes(target) => {
                let token = owner_token::read(target.token_file.as_deref(), lang)?;
                let room = client(session, target.url.as_deref())?
                    .rotate_room_codes(&target.booking_id, &token)
                    .await?;
                Ok((target, room))
            }
            RoomCmd::Set {
                target,
                name,
                anyone_may_start,
                mute_on_start,
                guest_policy,
                max_participants,
                record,
            } => {
                let token = owner_token::read(target.token_file.as_deref(), lang)?;
                let change = RoomChange {
                    name,
                    anyone_may_start,
                    mute_on_start,
                    guest_policy: guest_policy.map(|g| match g {
                        GuestPolicyArg::Open => GuestPolicy::Open,
                        GuestPolicyArg::WaitingRoom => GuestPolicy::WaitingRoom,
                    }),
                    max_participants,
                    record,
                };
                let room = client(session, target.url.as_deref())?
                    .change_room(&target.booking_id, &token, &change)
                    .await?;
                Ok((target, room))
            }
        }
    })?;
    if target.json {
        return Ok(output::json(&room)?);
    }
    print_room(&room, lang)
}

fn print_room(room: &Room, lang: Lang) -> anyhow::Result<()> {
    let yes_no = |b: bool| t(if b { Msg::Yes } else { Msg::No }, lang).to_string();
    let s = &room.settings;
    let rows = vec![
        vec![t(Msg::FieldName, lang).to_string(), room.name.clone()],
        vec![
            t(Msg::RoomFieldUrl, lang).to_string(),
            room.room_url.clone(),
        ],
        vec![
            t(Msg::RoomFieldViewerCode, lang).to_string(),
            room.viewer_code.clone(),
        ],
        vec![
            t(Msg::RoomFieldModeratorCode, lang).to_string(),
            room.moderator_code.clone(),
        ],
        vec![
            t(Msg::RoomFieldAnyoneMayStart, lang).to_string(),
            yes_no(s.anyone_may_start),
        ],
        vec![
            t(Msg::RoomFieldMuteOnStart, lang).to_string(),
            yes_no(s.mute_on_start),
        ],
        vec![
            t(Msg::RoomFieldWaitingRoom, lang).to_string(),
            yes_no(s.guest_policy == GuestPolicy::WaitingRoom),
        ],
        vec![
            t(Msg::FieldMaxParticipants, lang).to_string(),
            s.max_participants
                .map_or_else(|| "-".to_string(), |n| n.to_string()),
        ],
        vec![t(Msg::RoomFieldRecord, lang).to_string(), yes_no(s.record)],
    ];
    Ok(output::table(&["", ""], &rows)?)
}
