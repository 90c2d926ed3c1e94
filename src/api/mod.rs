//! The wire contract between vereint's parts: what the directory's HTTP API takes and answers, as
//! the server, its client, the TUI, the CLI and the agent all use it. One file per resource, plus
//! problem details, the shared field rules and token helpers. Imports neither axum nor sqlx.

pub mod bookings;
pub mod catalog;
pub mod community;
pub mod events;
pub mod instances;
pub mod outbox;
pub mod problem;
pub mod reports;
pub mod rooms;
pub mod teams;
pub mod token;
pub mod validate;

pub use bookings::{
    Booking, BookingCreated, BookingKind, BookingStatus, Links, NewBooking, OtherBooking, Rejection,
};
pub use catalog::{I18nText, Services};
pub use community::{Community, CommunityPost};
pub use events::{
    EVENTS_FEED, EventDate, EventInfo, NewRegistration, Registration, RegistrationCreated,
    RegistrationStatus, webcal_url,
};
pub use instances::{
    DirectoryCheck, EnrollmentCreated, InstanceCreated, InstanceStatus, NewEnrollment, NewInstance,
    PublicInstance, ServiceEntry,
};
pub use outbox::{Outbox, OutboxMessage};
pub use problem::{FieldError, Problem, ProblemKind};
pub use reports::{
    CheckResult, Facts, HistoryCheck, HistoryReport, Report, ReportAccepted, ReportHistory, Status,
};
pub use rooms::{GuestPolicy, Room, RoomChange, RoomSettings};
pub use teams::TeamInfo;

/// Percent-encodes one URL path segment (`/` and spaces included), for clients that build paths.
pub fn path_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// RFC 3339 text of unix milliseconds.
pub fn time_text(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
