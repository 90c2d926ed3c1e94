//! What background jobs bring back, carried to the screens inside an `Action` (see `action.rs`).
//! Plain data, so that `action.rs` names them without importing a screen; the screens that start
//! the jobs also interpret the answers.

use crate::api::Community as Feed;
use crate::api::Problem;
use crate::api::ReportHistory;
use crate::api::Room;
use crate::api::{Booking, EventInfo, PublicInstance, Registration};
use crate::client::ClientError;
use crate::health::CheckResult;
use crate::mine::store::Sent;

use super::text::clean;

/// What became of a booking or registration form's submission.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent(Box<Sent>),
    /// The directory could not be reached: kept as pending.
    Offline(String),
    Refused(Box<Problem>),
    Failed(String),
}

/// Live answers by booking id; `None`: the directory could not be reached.
pub type LiveStatus = Vec<(String, Option<Booking>)>;

/// Live answers by registration id; `None`: the directory could not be reached.
pub type LiveRegistrations = Vec<(String, Option<Registration>)>;

/// What the directory answered about a room (room settings).
#[derive(Debug, Clone, PartialEq)]
pub enum RoomAnswer {
    Loaded(Box<Room>),
    Saved(Box<Room>),
    Failed(String),
}

/// What the directory answered about its community channel.
#[derive(Debug, Clone, PartialEq)]
pub enum CommunityAnswer {
    Posts(Box<Feed>),
    /// The directory has no channel configured, or refused: its problem's detail.
    Unavailable(String),
    Offline(String),
}

/// Why an admin request did not work: the directory could not be reached, or it said no (the
/// problem's `detail`). Both texts are cleaned of control characters.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Offline(String),
    Refused(String),
}

impl Failure {
    pub fn of(e: &ClientError) -> Failure {
        match e {
            ClientError::Unreachable { .. } => Failure::Offline(clean(&e.to_string())),
            ClientError::Api(p) => Failure::Refused(clean(&p.detail)),
            other => Failure::Refused(clean(&other.to_string())),
        }
    }
}

/// What an admin request brought back.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminResult {
    Bookings(Result<Vec<Booking>, Failure>),
    Decided {
        approved: bool,
        result: Result<Box<Booking>, Failure>,
    },
    Events(Result<Vec<EventInfo>, Failure>),
    Registrations {
        event_id: String,
        result: Result<Vec<Registration>, Failure>,
    },
    Instances(Result<Vec<InstanceHealth>, Failure>),
    /// The failed deliveries, and whether the directory mails at all.
    Outbox(Result<crate::api::Outbox, Failure>),
}

/// One instance with its report history (None: the history could not be fetched). What the
/// dashboard reads from it is in `screens/dashboard.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceHealth {
    pub instance: PublicInstance,
    pub history: Option<ReportHistory>,
}

/// One sweep of a site's checks: the results per host, in the site's order.
pub type Sweep = Vec<(String, Vec<CheckResult>)>;
