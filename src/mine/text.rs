//! Bookings and registrations in the user's language: the labels the CLI and the TUI share.

use crate::api::{BookingKind, Links, OtherBooking, RegistrationStatus};
use crate::i18n::{Lang, Msg, t, tf};

pub fn kind_label(kind: BookingKind, lang: Lang) -> &'static str {
    match kind {
        BookingKind::BbbRoom => t(Msg::MineKindRoom, lang),
        BookingKind::MattermostTeam => t(Msg::MineKindTeam, lang),
    }
}

pub fn registration_status(s: RegistrationStatus, lang: Lang) -> &'static str {
    t(
        match s {
            RegistrationStatus::Confirmed => Msg::MineRegConfirmed,
            RegistrationStatus::Waitlisted => Msg::MineRegWaitlisted,
            RegistrationStatus::Cancelled => Msg::MineRegCancelled,
        },
        lang,
    )
}

/// The links of an active booking with their labels.
pub fn link_rows(links: &Links, lang: Lang) -> Vec<(&'static str, &str)> {
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

/// One line about another open booking of the same organisation (the operator's lists). The
/// values come from the directory: the caller cleans them for its output.
pub fn other_booking_line(o: &OtherBooking, lang: Lang) -> String {
    let date = o.created_at.parse::<jiff::Timestamp>().map_or_else(
        |_| o.created_at.clone(),
        |ts| ts.strftime("%Y-%m-%d").to_string(),
    );
    tf(
        Msg::AdminOtherBooking,
        lang,
        &[
            ("id", &o.id),
            ("name", &o.name),
            ("status", &o.status.as_str()),
            ("date", &date),
            ("purpose", &o.purpose),
            ("contact", &o.contact_name),
            ("email", &o.email),
        ],
    )
}
