//! Sending a submission: kept as pending in the store before it goes out, moved to "mine" once the
//! directory acknowledged it. A retry sends the same Idempotency-Key, so the directory creates
//! nothing twice. The CLI and the TUI both send through here.

use crate::api::{BookingStatus, NewBooking, NewRegistration};
use crate::client::{Client, ClientError, new_idempotency_key};

use super::store::{MyBooking, MyRegistration, Pending, Store, StoreError, Submission};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Booking(MyBooking),
    Registration(MyRegistration),
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The directory said no, or could not be reached (`is_transient`: the entry stays pending).
    #[error(transparent)]
    Client(#[from] ClientError),
}

impl SendError {
    /// True when the submission is still pending and a retry may succeed.
    pub fn kept(&self) -> bool {
        matches!(self, SendError::Client(e) if e.is_transient())
    }
}

/// A new pending entry with a fresh Idempotency-Key.
pub fn pending(directory: &str, submission: Submission) -> Pending {
    Pending {
        idempotency_key: new_idempotency_key(),
        directory: directory.to_string(),
        created_at: jiff::Timestamp::now().to_string(),
        submission,
    }
}

pub fn booking(directory: &str, b: NewBooking) -> Pending {
    pending(directory, Submission::Booking(b))
}

pub fn registration(directory: &str, event_id: &str, r: NewRegistration) -> Pending {
    pending(
        directory,
        Submission::Registration {
            event_id: event_id.to_string(),
            registration: r,
        },
    )
}

/// Stores `p` as pending (unless it is already there), sends it, and records the outcome: moved to
/// bookings/registrations when acknowledged, dropped when refused, kept when the directory could
/// not be reached.
pub async fn send(store: &Store, p: &Pending) -> Result<Sent, SendError> {
    store.update(|m| {
        if !m
            .pending
            .iter()
            .any(|q| q.idempotency_key == p.idempotency_key)
        {
            m.pending.push(p.clone());
        }
    })?;
    let result = deliver(p).await;
    let key = &p.idempotency_key;
    match &result {
        Ok(sent) => store.update(|m| {
            m.pending.retain(|q| &q.idempotency_key != key);
            match sent {
                Sent::Booking(b) => {
                    if m.booking(&b.id).is_none() {
                        m.bookings.push(b.clone());
                    }
                }
                Sent::Registration(r) => {
                    if m.registration(&r.id).is_none() {
                        m.registrations.push(r.clone());
                    }
                }
            }
        })?,
        Err(e) if !e.is_transient() => {
            store.update(|m| m.pending.retain(|q| &q.idempotency_key != key))?
        }
        Err(_) => {}
    }
    Ok(result?)
}

async fn deliver(p: &Pending) -> Result<Sent, ClientError> {
    let client = Client::new(&p.directory)?;
    let now = jiff::Timestamp::now().to_string();
    match &p.submission {
        Submission::Booking(b) => {
            let created = client.book(b, &p.idempotency_key).await?;
            Ok(Sent::Booking(MyBooking {
                id: created.id,
                directory: p.directory.clone(),
                kind: b.kind,
                name: b.name.clone(),
                organisation: b.organisation.clone(),
                owner_token: created.owner_token,
                created_at: now,
                status: BookingStatus::Requested,
            }))
        }
        Submission::Registration {
            event_id,
            registration,
        } => {
            let created = client
                .register(event_id, registration, Some(&p.idempotency_key))
                .await?;
            Ok(Sent::Registration(MyRegistration {
                id: created.id,
                directory: p.directory.clone(),
                event_id: created.event_id,
                date: created.date,
                name: registration.name.clone(),
                cancel_token: created.cancel_token,
                created_at: now,
                status: created.status,
            }))
        }
    }
}
