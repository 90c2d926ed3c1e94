//! `vereint events list|ics`, and the user's own registrations: `register`, `registrations`,
//! `unregister`.

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use super::UsageError;
use super::book::{Target, check, failed, not_mine, shown_status, submit};
use super::confirm::confirm;
use crate::api::NewRegistration;
use crate::api::validate::registration_errors;
use crate::api::webcal_url;
use crate::catalog;
use crate::client::Client;
use crate::events;
use crate::i18n::{Lang, Msg, file_error, t, tf};
use crate::mine::live::fetch_registration;
use crate::mine::store as send;
use crate::mine::store::{Store, Submission};
use crate::output;
use crate::runtime::{self, Threads};
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum EventsCmd {
    /// The next dates of every event, grouped by event, and the directory's calendar feed
    List {
        /// How many dates per event
        #[arg(long, default_value_t = 3)]
        count: usize,
        #[arg(long)]
        json: bool,
    },
    /// iCalendar of all events, of one, or of one date of one (--date)
    Ics {
        id: Option<String>,
        /// Only this date of the event (YYYY-MM-DD)
        #[arg(long, requires = "id", value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    #[command(flatten)]
    Mine(EventsMineCmd),
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
    /// Cancel one of your registrations (asks first on a terminal)
    Unregister {
        id: String,
        /// Do not ask (needed without a terminal)
        #[arg(long, short)]
        yes: bool,
        #[command(flatten)]
        target: Target,
    },
}

pub fn run(session: &Session, cmd: EventsCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let now = jiff::Timestamp::now();
    match cmd {
        EventsCmd::List { count, json } => {
            let dates = events::by_event(&session.catalog.events, now, count);
            if json {
                #[derive(Serialize)]
                struct Item<'a> {
                    id: &'a str,
                    kind: events::EventKind,
                    title: &'a catalog::Text,
                    start: String,
                    end: String,
                    language: &'a str,
                    capacity: u32,
                    online_url: Option<&'a str>,
                    place: Option<&'a catalog::Text>,
                }
                let items: Vec<Item<'_>> = dates
                    .iter()
                    .map(|u| Item {
                        id: &u.event.id,
                        kind: u.event.kind,
                        title: &u.event.title,
                        start: u.occurrence.start.timestamp().to_string(),
                        end: u.occurrence.end.timestamp().to_string(),
                        language: &u.event.language,
                        capacity: u.event.capacity,
                        online_url: u.event.online_url.as_deref(),
                        place: u.event.place.as_ref(),
                    })
                    .collect();
                return Ok(output::json(&items)?);
            }
            // the title and place once per event, its dates below it
            let rows: Vec<Vec<String>> = dates
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let first = i == 0 || dates[i - 1].event.id != u.event.id;
                    let place = u.event.place.as_ref().map_or_else(
                        || t(Msg::Online, lang).to_string(),
                        |p| p.get(lang).to_string(),
                    );
                    let once = |text: String| if first { text } else { String::new() };
                    vec![
                        once(u.event.title.get(lang).to_string()),
                        u.occurrence.start.strftime("%Y-%m-%d %H:%M").to_string(),
                        once(u.event.language.clone()),
                        once(place),
                    ]
                })
                .collect();
            super::table(
                lang,
                &[
                    Msg::FieldName,
                    Msg::FieldWhen,
                    Msg::FieldLanguage,
                    Msg::FieldWhere,
                ],
                &rows,
            )?;
            let directory = session.config.directory.client_url(None);
            if let Some(feed) = webcal_url(&directory) {
                output::text(&tf(Msg::EventsSubscribe, lang, &[("url", &feed)]))?;
            }
            Ok(())
        }
        EventsCmd::Mine(cmd) => mine(session, cmd),
        EventsCmd::Ics {
            id,
            date,
            output: file,
        } => {
            let find = |id: &str| {
                session
                    .catalog
                    .events
                    .iter()
                    .find(|e| e.id == id)
                    .ok_or_else(|| anyhow::anyhow!(tf(Msg::ErrEventNotFound, lang, &[("id", &id)])))
            };
            let ics = match (&id, &date) {
                (Some(id), Some(date)) => {
                    let event = find(id)?;
                    let occurrence = one_date(event, date, now, lang)?;
                    events::dates_to_ics([(event, occurrence)], now, lang)
                }
                (Some(id), None) => events::to_ics([find(id)?], now, lang),
                (None, _) => events::to_ics(&session.catalog.events, now, lang),
            };
            match file {
                Some(path) => std::fs::write(&path, ics)
                    .map_err(|e| file_error(Msg::FileUnwritable, &path, &e)),
                None => Ok(output::raw(ics.as_bytes())?),
            }
        }
    }
}

/// The date `text` of `event`: a usage error (exit 2) when it is no date, or not one of the
/// event's next dates (which the message lists).
fn one_date(
    event: &events::Event,
    text: &str,
    now: jiff::Timestamp,
    lang: Lang,
) -> anyhow::Result<events::Occurrence> {
    let next = || {
        event
            .upcoming(now, 6)
            .iter()
            .map(|o| o.start.date().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let date: jiff::civil::Date = text.parse().map_err(|_| {
        UsageError(tf(
            Msg::EventsBadDate,
            lang,
            &[("date", &output::sanitize(text)), ("dates", &next())],
        ))
    })?;
    event.upcoming_on(now, date).ok_or_else(|| {
        UsageError(tf(
            Msg::EventsNotADate,
            lang,
            &[("date", &date), ("id", &event.id), ("dates", &next())],
        ))
        .into()
    })
}

fn mine(session: &Session, cmd: EventsMineCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let store = Store::open_default()?;
    let rt = runtime::new(Threads::One)?;
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
                lang: Some(lang),
            };
            check(registration_errors(&registration), target.json, lang)?;
            let url = session
                .config
                .directory
                .client_url(target.directory.as_deref());
            let p = send::registration(&url, &event_id, registration);
            rt.block_on(submit(&store, p, target.json, lang))
        }
        EventsMineCmd::Registrations { target } => {
            rt.block_on(list_registrations(session, &store, target.json))
        }
        EventsMineCmd::Unregister { id, yes, target } => {
            rt.block_on(unregister(session, &store, &id, yes, target.json))
        }
    }
}

/// An event's title in the user's language, or its id when the catalogue no longer has it.
fn event_title(session: &Session, id: &str) -> String {
    session
        .catalog
        .events
        .iter()
        .find(|e| e.id == id)
        .map_or(id.to_string(), |e| e.title.get(session.lang).to_string())
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
    let title = |id: &str| event_title(session, id);
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
            vec![
                i.id.clone(),
                i.date.clone(),
                shown_status(&i.status, i.live, lang),
                i.title.clone(),
            ]
        })
        .collect();
    super::table(
        lang,
        &[
            Msg::FieldId,
            Msg::FieldWhen,
            Msg::DirFieldStatus,
            Msg::FieldName,
        ],
        &rows,
    )
}

async fn unregister(
    session: &Session,
    store: &Store,
    id: &str,
    yes: bool,
    json: bool,
) -> anyhow::Result<()> {
    let lang = session.lang;
    let mine = store.load()?;
    let r = mine
        .registration(id)
        .ok_or_else(|| not_mine(Msg::MineNoSuchRegistration, id, lang))?;
    let title = event_title(session, &r.event_id);
    let question = tf(
        Msg::ConfirmUnregister,
        lang,
        &[("id", &r.id), ("title", &title), ("date", &r.date)],
    );
    confirm(&question, "vereint events unregister", yes, lang)?;
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
