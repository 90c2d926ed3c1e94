//! `vereint bookings list|show|cancel|retry|code-of-conduct`.

use clap::Subcommand;
use serde::Serialize;

use super::book::{BOOKING_COLUMNS, Target, failed, not_mine, shown_status};
use super::confirm::confirm;
use crate::api::{Booking, BookingKind};
use crate::client::Client;
use crate::i18n::{Lang, Msg, t, tf};
use crate::mine::live::fetch_booking;
use crate::mine::problem::describe;
use crate::mine::store::{self as send, SendError, Sent};
use crate::mine::store::{Store, Submission};
use crate::mine::text::{kind_label, link_rows};
use crate::output;
use crate::runtime::{self, Threads};
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum BookingsCmd {
    /// Your bookings (kept locally with their owner tokens), with the status from the directory
    List {
        #[command(flatten)]
        target: Target,
    },
    /// One booking, with its links once it is active
    Show {
        id: String,
        #[command(flatten)]
        target: Target,
    },
    /// Cancel one of your bookings (asks first on a terminal)
    Cancel {
        id: String,
        /// Do not ask (needed without a terminal)
        #[arg(long, short)]
        yes: bool,
        #[command(flatten)]
        target: Target,
    },
    /// Send again what could not be sent (same Idempotency-Key: nothing is created twice)
    Retry {
        #[command(flatten)]
        target: Target,
    },
    /// The Code of Conduct every booking accepts
    CodeOfConduct {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(session: &Session, cmd: BookingsCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    if let BookingsCmd::CodeOfConduct { json } = cmd {
        let coc = &session.catalog.code_of_conduct;
        if json {
            return Ok(output::json(coc)?);
        }
        return Ok(output::text(&format!(
            "{}\n\n{}",
            coc.title.get(lang),
            coc.text.get(lang).trim()
        ))?);
    }
    let store = Store::open_default()?;
    let rt = runtime::new(Threads::One)?;
    match cmd {
        BookingsCmd::List { target } => rt.block_on(list_bookings(&store, target.json, lang)),
        BookingsCmd::Show { id, target } => {
            rt.block_on(show_booking(&store, &id, target.json, lang))
        }
        BookingsCmd::Cancel { id, yes, target } => {
            rt.block_on(cancel_booking(&store, &id, yes, target.json, lang))
        }
        BookingsCmd::Retry { target } => rt.block_on(retry(&store, target.json, lang)),
        BookingsCmd::CodeOfConduct { .. } => unreachable!("handled above"),
    }
}

#[derive(Serialize)]
struct BookingItem {
    id: String,
    kind: BookingKind,
    name: String,
    organisation: String,
    directory: String,
    /// "pending" for what was not sent yet.
    status: String,
    /// False when the directory could not be reached: `status` is the last one seen.
    live: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<crate::api::Links>,
}

async fn list_bookings(store: &Store, json: bool, lang: Lang) -> anyhow::Result<()> {
    let mine = store.load()?;
    let mut items = Vec::new();
    for b in &mine.bookings {
        let live = fetch_booking(&b.directory, &b.id, &b.owner_token).await;
        let (status, links, live) = match live {
            Ok(l) => (l.status, l.links, true),
            Err(_) => (b.status, None, false),
        };
        if status != b.status {
            store.update(|m| {
                if let Some(x) = m.bookings.iter_mut().find(|x| x.id == b.id) {
                    x.status = status;
                }
            })?;
        }
        items.push(BookingItem {
            id: b.id.clone(),
            kind: b.kind,
            name: b.name.clone(),
            organisation: b.organisation.clone(),
            directory: b.directory.clone(),
            status: status.as_str().to_string(),
            live,
            links,
        });
    }
    for p in &mine.pending {
        if let Submission::Booking(b) = &p.submission {
            items.push(BookingItem {
                id: p.idempotency_key.clone(),
                kind: b.kind,
                name: b.name.clone(),
                organisation: b.organisation.clone(),
                directory: p.directory.clone(),
                status: "pending".into(),
                live: false,
                links: None,
            });
        }
    }
    if json {
        return Ok(output::json(&items)?);
    }
    if items.is_empty() {
        return Ok(output::text(t(Msg::MineNoBookings, lang))?);
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                shown_status(&i.status, i.live, lang),
                kind_label(i.kind, lang).to_string(),
                i.name.clone(),
                i.organisation.clone(),
            ]
        })
        .collect();
    super::table(lang, &BOOKING_COLUMNS, &rows)
}

async fn show_booking(store: &Store, id: &str, json: bool, lang: Lang) -> anyhow::Result<()> {
    let mine = store.load()?;
    let b = mine
        .booking(id)
        .ok_or_else(|| not_mine(Msg::MineNoSuchBooking, id, lang))?;
    let live = fetch_booking(&b.directory, &b.id, &b.owner_token)
        .await
        .map_err(|e| failed(e, json, lang))?;
    store.update(|m| {
        if let Some(x) = m.bookings.iter_mut().find(|x| x.id == id) {
            x.status = live.status;
        }
    })?;
    if json {
        return Ok(output::json(&live)?);
    }
    Ok(output::text(&booking_text(&live, lang))?)
}

/// The booking as lines of text: what, status, reason, links.
pub fn booking_text(b: &Booking, lang: Lang) -> String {
    let mut rows = vec![
        (t(Msg::FieldId, lang), b.id.clone()),
        (t(Msg::DirFieldKind, lang), kind_label(b.kind, lang).into()),
        (
            t(Msg::DirFieldStatus, lang),
            shown_status(b.status.as_str(), true, lang),
        ),
        (t(Msg::MineFieldName, lang), b.name.clone()),
        (t(Msg::MineFieldOrganisation, lang), b.organisation.clone()),
        (
            t(Msg::MineFieldParticipants, lang),
            b.expected_participants.to_string(),
        ),
    ];
    if let Some(reason) = &b.reason {
        rows.push((t(Msg::MineReason, lang), reason.clone()));
    }
    if let Some(links) = &b.links {
        for (label, value) in link_rows(links, lang) {
            rows.push((label, value.to_string()));
        }
    }
    rows.iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn cancel_booking(
    store: &Store,
    id: &str,
    yes: bool,
    json: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let mine = store.load()?;
    let b = mine
        .booking(id)
        .ok_or_else(|| not_mine(Msg::MineNoSuchBooking, id, lang))?;
    let question = tf(
        Msg::ConfirmCancelBooking,
        lang,
        &[
            ("id", &b.id),
            ("kind", &kind_label(b.kind, lang)),
            ("name", &output::sanitize(&b.name)),
        ],
    );
    confirm(&question, "vereint bookings cancel", yes, lang)?;
    let done = Client::new(&b.directory)?
        .cancel_booking(&b.id, &b.owner_token)
        .await
        .map_err(|e| failed(e, json, lang))?;
    store.update(|m| {
        if let Some(x) = m.bookings.iter_mut().find(|x| x.id == id) {
            x.status = done.status;
        }
    })?;
    if json {
        return Ok(output::json(&done)?);
    }
    Ok(output::text(&tf(
        Msg::MineCancelled,
        lang,
        &[("id", &done.id)],
    ))?)
}

async fn retry(store: &Store, json: bool, lang: Lang) -> anyhow::Result<()> {
    let pending = store.load()?.pending;
    let mut results = Vec::new();
    let mut failures = 0;
    for p in &pending {
        let outcome = send::send(store, p).await;
        let (status, detail) = match &outcome {
            Ok(Sent::Booking(b)) => ("sent", b.id.clone()),
            Ok(Sent::Registration(r)) => ("sent", r.id.clone()),
            Err(e) if e.kept() => ("pending", e.to_string()),
            Err(SendError::Client(e)) => (
                "refused",
                e.problem().map_or(e.to_string(), |p| describe(p, lang)),
            ),
            Err(e) => ("failed", e.to_string()),
        };
        if status != "sent" {
            failures += 1;
        }
        if !json {
            output::text(&format!("{}: {status} {detail}", p.idempotency_key))?;
        }
        results.push(serde_json::json!({
            "pending_id": p.idempotency_key, "status": status, "detail": detail,
        }));
    }
    if json {
        output::json(&results)?;
    } else if pending.is_empty() {
        output::text(t(Msg::MineNothingPending, lang))?;
    }
    if failures > 0 {
        anyhow::bail!(tf(Msg::MineRetryFailed, lang, &[("count", &failures)]));
    }
    Ok(())
}
