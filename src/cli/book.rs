//! `vereint book room|chat`, and what every command that sends to the directory shares: the
//! `--directory`/`--json` flags, local validation, sending with the store, and the error wording.
//! Exit codes: 0 done, 1 failed (refused, unreachable: then kept as pending), 2 bad input.

use clap::{Args, ValueEnum};

use super::UsageError;
use crate::api::FieldError;
use crate::api::validate::booking_errors;
use crate::api::{BookingKind, NewBooking};
use crate::client::ClientError;
use crate::i18n::{Lang, Msg, t, tf};
use crate::mine::problem::{describe, field_line};
use crate::mine::store::{self as send, SendError, Sent};
use crate::mine::store::{Pending, Store};
use crate::mine::text::registration_status;
use crate::output;
use crate::runtime::{self, Threads};
use crate::session::Session;

#[derive(Debug, Args)]
pub struct Target {
    /// The directory's URL (default: directory.public_url, else http:// and directory.bind)
    #[arg(long, value_name = "URL")]
    pub directory: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum What {
    /// A BigBlueButton video room
    Room,
    /// A Mattermost chat team
    Chat,
}

#[derive(Debug, Args)]
pub struct BookArgs {
    #[arg(value_enum)]
    pub what: What,
    /// Your club or initiative
    #[arg(long)]
    pub organisation: String,
    /// Who the operator can contact
    #[arg(long)]
    pub contact_name: String,
    #[arg(long)]
    pub email: String,
    /// What the room or team is for
    #[arg(long)]
    pub purpose: String,
    /// The desired room or team name
    #[arg(long)]
    pub name: String,
    /// Expected participants (1 to 1000)
    #[arg(long, value_name = "N")]
    pub participants: u32,
    /// You have read the Code of Conduct (`vereint bookings code-of-conduct`) and accept it
    #[arg(long)]
    pub accept_code_of_conduct: bool,
    #[command(flatten)]
    pub target: Target,
}

pub fn run(session: &Session, args: BookArgs) -> anyhow::Result<()> {
    let lang = session.lang;
    let booking = NewBooking {
        kind: match args.what {
            What::Room => BookingKind::BbbRoom,
            What::Chat => BookingKind::MattermostTeam,
        },
        organisation: args.organisation,
        contact_name: args.contact_name,
        email: args.email,
        purpose: args.purpose,
        name: args.name,
        expected_participants: args.participants,
        accept_code_of_conduct: args.accept_code_of_conduct,
        lang: Some(lang),
    };
    check(booking_errors(&booking), args.target.json, lang)?;
    let url = session
        .config
        .directory
        .client_url(args.target.directory.as_deref());
    let store = Store::open_default()?;
    runtime::new(Threads::One)?.block_on(submit(
        &store,
        send::booking(&url, booking),
        args.target.json,
        lang,
    ))
}

/// Local validation with the server's rules; field by field, exit code 2.
pub(super) fn check(errors: Vec<FieldError>, json: bool, lang: Lang) -> anyhow::Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    if json {
        output::json(&serde_json::json!({ "error": { "type": "validation", "errors": errors } }))?;
    }
    let mut text = t(Msg::MineInvalid, lang).to_string();
    for e in &errors {
        text.push_str("\n  ");
        text.push_str(&field_line(e, lang));
    }
    Err(UsageError(text).into())
}

/// Turns a client error into the user's message (and, with --json, prints the problem).
pub(super) fn failed(e: ClientError, json: bool, lang: Lang) -> anyhow::Error {
    if json {
        let body = match e.problem() {
            Some(p) => serde_json::json!({ "error": p }),
            None => serde_json::json!({ "error": { "detail": e.to_string() } }),
        };
        if let Err(io) = output::json(&body) {
            return io.into();
        }
    }
    match e.problem() {
        Some(p) => anyhow::anyhow!(describe(p, lang)),
        None if e.is_transient() => {
            anyhow::anyhow!(tf(Msg::MineUnreachable, lang, &[("error", &e)]))
        }
        None => e.into(),
    }
}

pub(super) async fn submit(
    store: &Store,
    p: Pending,
    json: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    match send::send(store, &p).await {
        Ok(sent) => print_sent(&sent, json, lang),
        Err(SendError::Store(e)) => Err(e.into()),
        Err(SendError::Client(e)) if e.is_transient() => {
            if json {
                output::json(&serde_json::json!({
                    "status": "pending",
                    "pending_id": p.idempotency_key,
                    "error": e.to_string(),
                }))?;
            }
            Err(anyhow::anyhow!(tf(
                Msg::MineKeptPending,
                lang,
                &[("error", &e), ("id", &p.idempotency_key)]
            )))
        }
        Err(SendError::Client(e)) => Err(failed(e, json, lang)),
    }
}

fn print_sent(sent: &Sent, json: bool, lang: Lang) -> anyhow::Result<()> {
    match sent {
        Sent::Booking(b) => {
            if json {
                return Ok(output::json(&serde_json::json!({
                    "id": b.id, "status": b.status, "kind": b.kind, "directory": b.directory,
                }))?);
            }
            Ok(output::text(&tf(
                Msg::MineBooked,
                lang,
                &[("id", &b.id), ("status", &b.status.as_str())],
            ))?)
        }
        Sent::Registration(r) => {
            if json {
                return Ok(output::json(&serde_json::json!({
                    "id": r.id, "event_id": r.event_id, "date": r.date, "status": r.status,
                }))?);
            }
            Ok(output::text(&tf(
                Msg::MineRegistered,
                lang,
                &[
                    ("id", &r.id),
                    ("date", &r.date),
                    ("status", &registration_status(r.status, lang)),
                ],
            ))?)
        }
    }
}

/// The columns of a list of bookings.
pub(super) const BOOKING_COLUMNS: [Msg; 5] = [
    Msg::FieldId,
    Msg::DirFieldStatus,
    Msg::DirFieldKind,
    Msg::FieldName,
    Msg::DirFieldOrganisation,
];

/// A stored booking's or registration's status, marked when the directory could not be asked.
/// A status (`requested`, `confirmed`, `pending`, ...) in the language, marked when it is the last
/// one seen because the directory could not be reached.
pub(super) fn shown_status(status: &str, live: bool, lang: Lang) -> String {
    let word = match status {
        "pending" => t(Msg::BookPending, lang),
        other => crate::i18n::word(other, lang).unwrap_or(other),
    };
    if live || status == "pending" {
        word.to_string()
    } else {
        format!("{word} ({})", t(Msg::MineOffline, lang))
    }
}

pub(super) fn not_mine(what: Msg, id: &str, lang: Lang) -> anyhow::Error {
    UsageError(tf(what, lang, &[("id", &id)])).into()
}
