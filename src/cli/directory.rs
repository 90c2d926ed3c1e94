//! `vereint directory serve` and `vereint directory admin ...`.

use std::sync::Arc;

use clap::Subcommand;

use super::book::BOOKING_COLUMNS;
use crate::api::{Booking, BookingStatus, NewEnrollment};
use crate::client::Client;
use crate::i18n::{Msg, t, tf};
use crate::mine::text::{kind_label, other_booking_line};
use crate::output;
use crate::runtime::{self, Threads};
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum DirectoryCmd {
    /// Run the directory server (settings in [directory]; the admin token only from a file or env)
    Serve {
        /// Address to listen on (default: directory.bind, 127.0.0.1:8470)
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// postgres://... or a SQLite file (default: directory.database_url, else the data dir)
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// Administer a running directory (admin token from directory.admin_token_file or env)
    Admin {
        /// The directory's URL (default: directory.public_url, else http:// and directory.bind)
        #[arg(long, value_name = "URL", global = true)]
        url: Option<String>,
        #[command(subcommand)]
        cmd: AdminCmd,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCmd {
    /// Queue a failed message again, due now (three more days of retries)
    Retry {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCmd {
    /// Create an enrollment token for a self-hosted instance
    Enroll {
        /// What the token is for (shown to admins only)
        #[arg(long)]
        note: Option<String>,
        /// Days until it expires (default: directory.enrollment_days)
        #[arg(long)]
        days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// List bookings (default: those waiting for a decision)
    Bookings {
        /// requested, approved, active, rejected, cancelled or all
        #[arg(long, default_value = "requested")]
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a booking: creates the room or team
    Approve {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Reject a booking with a reason the club will read
    Reject {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Messages (mail, chat posts) not delivered yet and those that failed, with the server's answer
    Outbox {
        /// Only failed messages
        #[arg(long)]
        failed: bool,
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        cmd: Option<OutboxCmd>,
    },
    /// Registrations of an event
    Registrations {
        event: String,
        /// As CSV (for spreadsheets)
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(session: &Session, cmd: DirectoryCmd) -> anyhow::Result<()> {
    runtime::new(Threads::PerCore)?.block_on(async {
        match cmd {
            DirectoryCmd::Serve { bind, database } => serve(session, bind, database).await,
            DirectoryCmd::Admin { url, cmd } => admin(session, url, cmd).await,
        }
    })
}

fn init_logging(level: &str) {
    let level = match level {
        "error" => tracing::Level::ERROR,
        "warn" => tracing::Level::WARN,
        "debug" => tracing::Level::DEBUG,
        "trace" => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(crate::output::LogWriter)
        .with_ansi(false)
        .try_init();
}

async fn serve(
    session: &Session,
    bind: Option<String>,
    database: Option<String>,
) -> anyhow::Result<()> {
    let mut settings = session.config.directory.clone();
    init_logging(&settings.log);
    if let Some(db) = database {
        settings.database_url = Some(db);
    }
    let bind = bind.unwrap_or_else(|| settings.bind.clone());
    let options =
        crate::directory::Options::from_settings(&settings, Arc::clone(&session.catalog))?;
    let lang = session.lang;
    if options.admin_token.is_none() {
        eprintln!("{}", t(Msg::DirNoAdminToken, lang));
    }
    let db = options.location.redacted();
    crate::directory::serve(options, &bind, |addr| {
        let _ = output::text(&tf(
            Msg::DirListening,
            lang,
            &[("addr", &addr), ("db", &db)],
        ));
    })
    .await?;
    output::text(t(Msg::DirStopped, lang))?;
    Ok(())
}

fn admin_client(session: &Session, url: Option<String>) -> anyhow::Result<Client> {
    let token = session
        .config
        .directory
        .admin_token()?
        .ok_or_else(|| anyhow::anyhow!(t(Msg::DirNoAdminToken, session.lang)))?;
    Ok(super::client(session, url.as_deref())?.with_admin_token(token))
}

async fn admin(session: &Session, url: Option<String>, cmd: AdminCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let client = admin_client(session, url)?;
    match cmd {
        AdminCmd::Enroll { note, days, json } => {
            let created = client
                .enroll(&NewEnrollment {
                    note,
                    valid_days: days,
                })
                .await?;
            if json {
                return Ok(output::json(&created)?);
            }
            output::text(&tf(
                Msg::DirEnrollToken,
                lang,
                &[("token", &created.token), ("until", &created.expires_at)],
            ))?;
        }
        AdminCmd::Bookings { status, json } => {
            let filter = match status.as_str() {
                "all" => None,
                s => Some(BookingStatus::parse(s).ok_or_else(|| {
                    anyhow::anyhow!(tf(Msg::DirBadStatus, lang, &[("status", &s)]))
                })?),
            };
            let list = client.admin_bookings(filter).await?;
            if json {
                return Ok(output::json(&list)?);
            }
            if list.is_empty() {
                return Ok(output::text(t(Msg::NoResults, lang))?);
            }
            let rows: Vec<Vec<String>> = list.iter().map(booking_row).collect();
            super::table(lang, &BOOKING_COLUMNS, &rows)?;
            for b in list.iter().filter(|b| !b.same_organisation.is_empty()) {
                let mut text = tf(
                    Msg::AdminOthersOf,
                    lang,
                    &[
                        ("id", &b.id),
                        ("organisation", &b.organisation),
                        ("kind", &kind_label(b.kind, lang)),
                    ],
                );
                for o in &b.same_organisation {
                    text.push_str("\n  ");
                    text.push_str(&other_booking_line(o, lang));
                }
                output::text(&output::sanitize(&format!("\n{text}")))?;
            }
        }
        AdminCmd::Approve { id, json } => {
            let booking = client.approve(&id).await?;
            if json {
                return Ok(output::json(&booking)?);
            }
            output::text(&tf(
                Msg::DirApproved,
                lang,
                &[("id", &booking.id), ("status", &booking.status.as_str())],
            ))?;
        }
        AdminCmd::Reject { id, reason, json } => {
            let booking = client.reject(&id, &reason).await?;
            if json {
                return Ok(output::json(&booking)?);
            }
            output::text(&tf(Msg::DirRejected, lang, &[("id", &booking.id)]))?;
        }
        AdminCmd::Outbox {
            cmd: Some(OutboxCmd::Retry { id, json }),
            ..
        } => {
            let message = client.retry_message(&id).await?;
            if json {
                return Ok(output::json(&message)?);
            }
            output::text(&tf(Msg::OutboxRetried, lang, &[("id", &message.id)]))?;
        }
        AdminCmd::Outbox {
            failed,
            json,
            cmd: None,
        } => {
            let outbox = client.admin_outbox(failed).await?;
            if json {
                return Ok(output::json(&outbox)?);
            }
            if !outbox.mail_enabled {
                output::text(t(Msg::OutboxNobodyTold, lang))?;
            }
            if outbox.messages.is_empty() {
                return Ok(output::text(t(Msg::OutboxEmpty, lang))?);
            }
            let rows: Vec<Vec<String>> = outbox
                .messages
                .iter()
                .map(|m| {
                    vec![
                        m.id.clone(),
                        m.status.clone(),
                        m.topic.clone(),
                        m.recipient.clone(),
                        m.attempts.to_string(),
                        m.last_error.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            super::table(
                lang,
                &[
                    Msg::OutboxColId,
                    Msg::OutboxColStatus,
                    Msg::OutboxColTopic,
                    Msg::OutboxColRecipient,
                    Msg::OutboxColAttempts,
                    Msg::OutboxColAnswer,
                ],
                &rows,
            )?;
        }
        AdminCmd::Registrations { event, csv, json } => {
            if csv {
                let text = client.admin_registrations_csv(&event).await?;
                return Ok(output::raw(text.as_bytes())?);
            }
            let list = client.admin_registrations(&event).await?;
            if json {
                return Ok(output::json(&list)?);
            }
            if list.is_empty() {
                return Ok(output::text(t(Msg::NoResults, lang))?);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|r| {
                    vec![
                        r.date.clone(),
                        format!("{:?}", r.status).to_lowercase(),
                        r.name.clone(),
                        r.email.clone(),
                        r.organisation.clone(),
                    ]
                })
                .collect();
            super::table(
                lang,
                &[
                    Msg::FieldWhen,
                    Msg::DirFieldStatus,
                    Msg::FieldName,
                    Msg::DirFieldEmail,
                    Msg::DirFieldOrganisation,
                ],
                &rows,
            )?;
        }
    }
    Ok(())
}

fn booking_row(b: &Booking) -> Vec<String> {
    vec![
        b.id.clone(),
        b.status.as_str().to_string(),
        b.kind.as_str().to_string(),
        b.name.clone(),
        b.organisation.clone(),
    ]
}
