//! What approving a booking does outside the directory: create a BBB room (`rooms`) or a Mattermost
//! team (`teams`), each chosen by the booking's kind (`ByKind`). When the operator has not configured
//! the service a booking needs, approval fails with `integration-not-configured` and the booking
//! stays as it was.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::db::BookingRow;
use crate::api::{BookingKind, Links};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntegrationError {
    /// The operator has not configured the service this booking needs.
    #[error("{0} is not configured on this directory")]
    NotConfigured(&'static str),
    /// The service answered with an error or could not be reached.
    #[error("{service} failed: {detail}")]
    Failed {
        service: &'static str,
        detail: String,
    },
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Creates what an approved booking gets. Implementations must be idempotent per booking id: an
/// approval that is retried after a crash may call `provision` again.
pub trait Integrations: Send + Sync + 'static {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>>;

    /// Whether `provision` can work for this kind of booking at all (checked before anything changes).
    fn configured(&self, kind: BookingKind) -> Result<(), IntegrationError>;
}

/// The default: nothing is configured.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotConfigured;

pub fn service_name(kind: BookingKind) -> &'static str {
    match kind {
        BookingKind::BbbRoom => "BigBlueButton",
        BookingKind::MattermostTeam => "Mattermost",
    }
}

impl Integrations for NotConfigured {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        let service = BookingKind::parse(&booking.kind).map_or("the integration", service_name);
        Box::pin(async move { Err(IntegrationError::NotConfigured(service)) })
    }

    fn configured(&self, kind: BookingKind) -> Result<(), IntegrationError> {
        Err(IntegrationError::NotConfigured(service_name(kind)))
    }
}

/// Sends each booking to the integration for its kind; a kind without one is not configured.
#[derive(Clone, Default)]
pub struct ByKind {
    pub bbb_room: Option<Arc<dyn Integrations>>,
    pub mattermost_team: Option<Arc<dyn Integrations>>,
}

impl ByKind {
    fn for_kind(&self, kind: BookingKind) -> Option<&Arc<dyn Integrations>> {
        match kind {
            BookingKind::BbbRoom => self.bbb_room.as_ref(),
            BookingKind::MattermostTeam => self.mattermost_team.as_ref(),
        }
    }
}

impl Integrations for ByKind {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        match BookingKind::parse(&booking.kind).and_then(|k| self.for_kind(k)) {
            Some(i) => i.provision(booking),
            None => NotConfigured.provision(booking),
        }
    }

    fn configured(&self, kind: BookingKind) -> Result<(), IntegrationError> {
        match self.for_kind(kind) {
            Some(i) => i.configured(kind),
            None => NotConfigured.configured(kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Always;

    impl Integrations for Always {
        fn provision<'a>(
            &'a self,
            _booking: &'a BookingRow,
        ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
            Box::pin(async {
                Ok(Links {
                    invite_url: Some("x".into()),
                    ..Links::default()
                })
            })
        }

        fn configured(&self, _kind: BookingKind) -> Result<(), IntegrationError> {
            Ok(())
        }
    }

    #[test]
    fn by_kind_sends_each_kind_to_its_integration() {
        let by_kind = ByKind {
            bbb_room: None,
            mattermost_team: Some(Arc::new(Always)),
        };
        assert!(by_kind.configured(BookingKind::MattermostTeam).is_ok());
        assert_eq!(
            by_kind.configured(BookingKind::BbbRoom),
            Err(IntegrationError::NotConfigured("BigBlueButton"))
        );
    }
}
