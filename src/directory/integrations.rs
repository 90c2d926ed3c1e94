//! What approving a booking does outside the directory: create a BBB room or a Mattermost team.
//! The real clients come with the integrations issue; until then, or when the operator has not
//! configured them, approval fails with `integration-not-configured` and the booking stays as it was.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::db::BookingRow;

/// The links an active booking carries (contract: `room_url`, `viewer_code`, `moderator_code` for
/// rooms; `invite_url` for teams).
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewer_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderator_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_url: Option<String>,
}

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
    fn configured(&self, kind: &str) -> Result<(), IntegrationError>;
}

/// The default: nothing is configured.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotConfigured;

pub fn service_name(kind: &str) -> &'static str {
    match kind {
        "bbb_room" => "BigBlueButton",
        "mattermost_team" => "Mattermost",
        _ => "the integration",
    }
}

impl Integrations for NotConfigured {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        let kind = booking.kind.clone();
        Box::pin(async move { Err(IntegrationError::NotConfigured(service_name(&kind))) })
    }

    fn configured(&self, kind: &str) -> Result<(), IntegrationError> {
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
    fn for_kind(&self, kind: &str) -> Option<&Arc<dyn Integrations>> {
        match kind {
            "bbb_room" => self.bbb_room.as_ref(),
            "mattermost_team" => self.mattermost_team.as_ref(),
            _ => None,
        }
    }
}

impl Integrations for ByKind {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        match self.for_kind(&booking.kind) {
            Some(i) => i.provision(booking),
            None => NotConfigured.provision(booking),
        }
    }

    fn configured(&self, kind: &str) -> Result<(), IntegrationError> {
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

        fn configured(&self, _kind: &str) -> Result<(), IntegrationError> {
            Ok(())
        }
    }

    #[test]
    fn by_kind_sends_each_kind_to_its_integration() {
        let by_kind = ByKind {
            bbb_room: None,
            mattermost_team: Some(Arc::new(Always)),
        };
        assert!(by_kind.configured("mattermost_team").is_ok());
        assert_eq!(
            by_kind.configured("bbb_room"),
            Err(IntegrationError::NotConfigured("BigBlueButton"))
        );
    }
}
