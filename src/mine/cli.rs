//! `vereint book`, `vereint bookings ...` and `vereint events register|registrations|unregister`.
//! Exit codes: 0 done, 1 failed (refused, unreachable: then kept as pending), 2 bad input.

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use crate::api::FieldError;
use crate::api::validate::{booking_errors, registration_errors};
use crate::api::{Booking, BookingKind, NewBooking, NewRegistration};
use crate::client::{Client, ClientError};
use crate::i18n::{Lang, Msg, t, tf};
use crate::output;
use crate::session::Session;

use super::problem::{describe, field_line};
use super::send::{self, SendError, Sent};
use super::store::{Pending, Store, Submission};

/// Bad input: the CLI exits with 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

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
    /// Cancel one of your bookings
    Cancel {
        id: String,
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

/// Flattened into `vereint events`.
#[derive(Debug, Subcommand)]
pub enum EventsMineCmd {
    /// Register for the next date of an event (or --date)
    Register {
        event_id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        note: Option<String>,
        /// Which date (YYYY-MM-DD); default: the next one
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        target: Target,
    },
    /// Your registrations, with the status from the directory
    Registrations {
        #[command(flatten)]
        target: Target,
    },
    /// Cancel one of your registrations
    Unregister {
        id: String,
        #[command(flatten)]
        target: Target,
    },
}

/// `--directory`, else `directory.public_url`, else the local server's bind address.
pub fn directory_url(session: &Session, explicit: Option<&str>) -> String {
    let settings = &session.config.directory;
    explicit
        .map(String::from)
        .or_else(|| settings.public_url.clone())
        .unwrap_or_else(|| format!("http://{}", settings.bind))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

pub fn book(session: &Session, args: BookArgs) -> anyhow::Result<()> {
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
    };
    check(booking_errors(&booking), args.target.json, lang)?;
    let url = directory_url(session, args.target.directory.as_deref());
    let store = Store::open_default()?;
    runtime()?.block_on(submit(
        &store,
        send::booking(&url, booking),
        args.target.json,
        lang,
    ))
}

pub fn bookings(session: &Session, cmd: BookingsCmd) -> anyhow::Result<()> {
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
    let rt = runtime()?;
    match cmd {
        BookingsCmd::List { target } => rt.block_on(list_bookings(&store, target.json, lang)),
        BookingsCmd::Show { id, target } => {
            rt.block_on(show_booking(&store, &id, target.json, lang))
        }
        BookingsCmd::Cancel { id, target } => {
            rt.block_on(cancel_booking(&store, &id, target.json, lang))
        }
        BookingsCmd::Retry { target } => rt.block_on(retry(&store, target.json, lang)),
        BookingsCmd::CodeOfConduct { .. } => unreachable!("handled above"),
    }
}

pub fn events(session: &Session, cmd: EventsMineCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let store = Store::open_default()?;
    let rt = runtime()?;
    match cmd {
        EventsMineCmd::Register {
            event_id,
            name,
            email,
            organisation,
            note,
            date,
            target,
        } => {
            let registration = NewRegistration {
                name,
                email,
                organisation,
                note,
                date,
            };
            check(registration_errors(&registration), target.json, lang)?;
            let url = directory_url(session, target.directory.as_deref());
            let p = send::registration(&url, &event_id, registration);
            rt.block_on(submit(&store, p, target.json, lang))
        }
        EventsMineCmd::Registrations { target } => {
            rt.block_on(list_registrations(session, &store, target.json))
        }
        EventsMineCmd::Unregister { id, target } => {
            rt.block_on(unregister(&store, &id, target.json, lang))
        }
    }
}

/// Local validation with the server's rules; field by field, exit code 2.
fn check(errors: Vec<FieldError>, json: bool, lang: Lang) -> anyhow::Result<()> {
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
fn failed(e: ClientError, json: bool, lang: Lang) -> anyhow::Error {
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

async fn submit(store: &Store, p: Pending, json: bool, lang: Lang) -> anyhow::Result<()> {
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

pub fn registration_status(s: crate::api::RegistrationStatus, lang: Lang) -> &'static str {
    use crate::api::RegistrationStatus as S;
    t(
        match s {
            S::Confirmed => Msg::MineRegConfirmed,
            S::Waitlisted => Msg::MineRegWaitlisted,
            S::Cancelled => Msg::MineRegCancelled,
        },
        lang,
    )
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
            let status = if i.live || i.status == "pending" {
                i.status.clone()
            } else {
                format!("{} ({})", i.status, t(Msg::MineOffline, lang))
            };
            vec![
                i.id.clone(),
                status,
                kind_label(i.kind, lang).to_string(),
                i.name.clone(),
                i.organisation.clone(),
            ]
        })
        .collect();
    Ok(output::table(
        &[
            t(Msg::FieldId, lang),
            t(Msg::DirFieldStatus, lang),
            t(Msg::DirFieldKind, lang),
            t(Msg::FieldName, lang),
            t(Msg::DirFieldOrganisation, lang),
        ],
        &rows,
    )?)
}

pub fn kind_label(kind: BookingKind, lang: Lang) -> &'static str {
    match kind {
        BookingKind::BbbRoom => t(Msg::MineKindRoom, lang),
        BookingKind::MattermostTeam => t(Msg::MineKindTeam, lang),
    }
}

/// What the directory says now about a stored booking.
pub async fn fetch_booking(directory: &str, id: &str, token: &str) -> Result<Booking, ClientError> {
    Client::new(directory)?.booking(id, token).await
}

/// What the directory says now about a stored registration.
pub async fn fetch_registration(
    r: &crate::mine::store::MyRegistration,
) -> Result<crate::api::Registration, ClientError> {
    Client::new(&r.directory)?
        .registration(&r.event_id, &r.id, &r.cancel_token)
        .await
}

fn not_mine(what: Msg, id: &str, lang: Lang) -> anyhow::Error {
    UsageError(tf(what, lang, &[("id", &id)])).into()
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
        (t(Msg::DirFieldStatus, lang), b.status.as_str().into()),
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

/// The links of an active booking with their labels.
pub fn link_rows(links: &crate::api::Links, lang: Lang) -> Vec<(&'static str, &str)> {
    [
        (Msg::MineLinkRoom, &links.room_url),
        (Msg::MineLinkModerator, &links.moderator_code),
        (Msg::MineLinkViewer, &links.viewer_code),
        (Msg::MineLinkInvite, &links.invite_url),
    ]
    .into_iter()
    .filter_map(|(m, v)| v.as_deref().map(|v| (t(m, lang), v)))
    .collect()
}

async fn cancel_booking(store: &Store, id: &str, json: bool, lang: Lang) -> anyhow::Result<()> {
    let mine = store.load()?;
    let b = mine
        .booking(id)
        .ok_or_else(|| not_mine(Msg::MineNoSuchBooking, id, lang))?;
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

async fn list_registrations(session: &Session, store: &Store, json: bool) -> anyhow::Result<()> {
    let lang = session.lang;
    let mine = store.load()?;
    #[derive(Serialize)]
    struct Item {
        id: String,
        event_id: String,
        title: String,
        date: String,
        status: String,
        live: bool,
    }
    let title = |id: &str| {
        session
            .catalog
            .events
            .iter()
            .find(|e| e.id == id)
            .map_or(id.to_string(), |e| e.title.get(lang).to_string())
    };
    let mut items = Vec::new();
    for r in &mine.registrations {
        let live = fetch_registration(r).await.ok();
        let status = live.as_ref().map_or(r.status, |l| l.status);
        if status != r.status {
            store.update(|m| {
                if let Some(x) = m.registrations.iter_mut().find(|x| x.id == r.id) {
                    x.status = status;
                }
            })?;
        }
        items.push(Item {
            id: r.id.clone(),
            event_id: r.event_id.clone(),
            title: title(&r.event_id),
            date: r.date.clone(),
            status: serde_json::to_value(status)?
                .as_str()
                .unwrap_or_default()
                .to_string(),
            live: live.is_some(),
        });
    }
    for p in &mine.pending {
        if let Submission::Registration {
            event_id,
            registration,
        } = &p.submission
        {
            items.push(Item {
                id: p.idempotency_key.clone(),
                event_id: event_id.clone(),
                title: title(event_id),
                date: registration.date.clone().unwrap_or_default(),
                status: "pending".into(),
                live: false,
            });
        }
    }
    if json {
        return Ok(output::json(&items)?);
    }
    if items.is_empty() {
        return Ok(output::text(t(Msg::MineNoRegistrations, lang))?);
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let status = if i.live || i.status == "pending" {
                i.status.clone()
            } else {
                format!("{} ({})", i.status, t(Msg::MineOffline, lang))
            };
            vec![i.id.clone(), i.date.clone(), status, i.title.clone()]
        })
        .collect();
    Ok(output::table(
        &[
            t(Msg::FieldId, lang),
            t(Msg::FieldWhen, lang),
            t(Msg::DirFieldStatus, lang),
            t(Msg::FieldName, lang),
        ],
        &rows,
    )?)
}

async fn unregister(store: &Store, id: &str, json: bool, lang: Lang) -> anyhow::Result<()> {
    let mine = store.load()?;
    let r = mine
        .registration(id)
        .ok_or_else(|| not_mine(Msg::MineNoSuchRegistration, id, lang))?;
    let done = Client::new(&r.directory)?
        .cancel_registration(&r.event_id, &r.id, &r.cancel_token)
        .await
        .map_err(|e| failed(e, json, lang))?;
    store.update(|m| {
        if let Some(x) = m.registrations.iter_mut().find(|x| x.id == id) {
            x.status = done.status;
        }
    })?;
    if json {
        return Ok(output::json(&done)?);
    }
    Ok(output::text(&tf(
        Msg::MineUnregistered,
        lang,
        &[("id", &done.id)],
    ))?)
}
