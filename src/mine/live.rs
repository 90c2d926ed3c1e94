//! What the directory says now about a stored booking or registration (CLI and TUI).

use crate::api::{Booking, Registration};
use crate::client::{Client, ClientError};

use super::store::MyRegistration;

/// What the directory says now about a stored booking.
pub async fn fetch_booking(directory: &str, id: &str, token: &str) -> Result<Booking, ClientError> {
    Client::new(directory)?.booking(id, token).await
}

/// What the directory says now about a stored registration.
pub async fn fetch_registration(r: &MyRegistration) -> Result<Registration, ClientError> {
    Client::new(&r.directory)?
        .registration(&r.event_id, &r.id, &r.cancel_token)
        .await
}
