//! Telling people: which message each change causes, in the person's language. The messages are
//! built here and handed to the change's own database transaction (`db::NewMessage`), so a mail
//! exists exactly when its change was committed; `outbox` delivers them in the background through
//! `mail` (lettre's messages, sent over `smtp`'s kept connections) and `posts` (Mattermost and the
//! signed webhook). `alerts` tells an instance's contact and the chat channels when it is down and
//! up again.
//!
//! Without `[directory.smtp]` nothing is built and nothing is queued: everything works as before.

pub mod alerts;
pub mod mail;
pub mod outbox;
pub mod posts;
pub mod smtp;

use crate::api::Links;
use crate::api::token::{hex, random_bytes};
use crate::config::NotifySettings;
use crate::directory::db::{BookingRow, NewMessage, Notice, RegistrationRow};
use crate::events::{Event, Occurrence};
use crate::i18n::{Lang, Msg, t, tf};

/// A new message's id, also its Message-ID: the time in milliseconds, a count within that
/// millisecond and random bytes. The outbox delivers by `(created_at, id)`, so two changes of one
/// process in the same millisecond keep their order: a recovery never overtakes its alert.
pub fn message_id() -> String {
    static LAST: std::sync::Mutex<(i64, u16)> = std::sync::Mutex::new((0, 0));
    let now = crate::directory::now_ms();
    let (ms, count) = {
        let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *last = match *last {
            (ms, u16::MAX) if ms >= now => (ms + 1, 0),
            (ms, count) if ms >= now => (ms, count + 1),
            _ => (now, 0),
        };
        *last
    };
    format!("ms_{ms:012x}{count:04x}{}", hex(&random_bytes::<8>()))
}

/// What the directory tells whom. `enabled` (mail) is false without `[directory.smtp]`;
/// `mattermost` and `webhook` say which chat channels instance alerts are posted to.
#[derive(Debug, Clone, Default)]
pub struct Notifier {
    pub enabled: bool,
    pub mattermost: bool,
    pub webhook: bool,
    operators: Vec<String>,
    per_recipient_per_hour: i64,
    alert_after: i64,
}

pub fn lang_of(code: &str) -> Lang {
    if code == "en" { Lang::En } else { Lang::De }
}

impl Notifier {
    pub fn new(enabled: bool, settings: &NotifySettings) -> Notifier {
        Notifier {
            enabled,
            mattermost: settings.mattermost_webhook_url.is_some(),
            webhook: settings.webhook_url.is_some(),
            operators: settings.operator_emails.clone(),
            per_recipient_per_hour: i64::from(settings.per_recipient_per_hour.max(1)),
            alert_after: i64::from(settings.alert_after.max(1)),
        }
    }

    /// A mail to a person who typed their address into a form: under the hourly cap.
    #[allow(clippy::too_many_arguments)]
    fn mail(
        &self,
        topic: &str,
        about: &str,
        to: &str,
        name: Option<&str>,
        lang: Lang,
        subject: String,
        text: String,
        calendar: Option<String>,
    ) -> NewMessage {
        let greeting = match name {
            Some(name) => tf(Msg::MailGreeting, lang, &[("name", &name)]),
            None => t(Msg::MailOperatorGreeting, lang).to_string(),
        };
        let body = format!("{greeting}\n\n{text}\n\n{}\n", t(Msg::MailSignature, lang));
        NewMessage {
            notice: Notice {
                id: message_id(),
                channel: "mail".into(),
                topic: topic.into(),
                subject_id: Some(about.into()),
                recipient: to.into(),
                subject,
                body,
                calendar,
            },
            hourly_cap: name.map(|_| self.per_recipient_per_hour),
            not_before: 0,
        }
    }

    /// To the club: what happens next; to every operator: who, what, and how to decide.
    pub fn booking_received(&self, b: &BookingRow) -> Vec<NewMessage> {
        if !self.enabled {
            return Vec::new();
        }
        let lang = lang_of(&b.lang);
        let kind = |lang| kind_text(&b.kind, lang);
        let mut out = vec![self.mail(
            "booking_received",
            &b.id,
            &b.email,
            Some(&b.contact_name),
            lang,
            tf(
                Msg::MailBookingReceivedSubject,
                lang,
                &[("name", &b.name), ("id", &b.id)],
            ),
            tf(
                Msg::MailBookingReceived,
                lang,
                &[
                    ("kind", &kind(lang)),
                    ("name", &b.name),
                    ("organisation", &b.organisation),
                    ("id", &b.id),
                ],
            ),
            None,
        )];
        // operators read the directory's own language, German
        let op = Lang::De;
        for operator in &self.operators {
            out.push(self.mail(
                "booking_request",
                &b.id,
                operator,
                None,
                op,
                tf(
                    Msg::MailOperatorSubject,
                    op,
                    &[
                        ("id", &b.id),
                        ("name", &b.name),
                        ("organisation", &b.organisation),
                    ],
                ),
                tf(
                    Msg::MailOperator,
                    op,
                    &[
                        ("id", &b.id),
                        ("kind", &kind(op)),
                        ("name", &b.name),
                        ("organisation", &b.organisation),
                        ("contact", &b.contact_name),
                        ("email", &b.email),
                        ("purpose", &b.purpose),
                        ("participants", &b.expected_participants),
                    ],
                ),
                None,
            ));
        }
        out
    }

    /// The room's link and both codes with an invitation to forward, or the team's invite link.
    pub fn booking_approved(&self, b: &BookingRow, links: &Links) -> Vec<NewMessage> {
        if !self.enabled {
            return Vec::new();
        }
        let lang = lang_of(&b.lang);
        let text = match (&links.room_url, &links.invite_url) {
            (Some(room_url), _) => {
                let viewer = links.viewer_code.as_deref().unwrap_or("");
                let invitation = tf(
                    Msg::OwnerRoomInvite,
                    lang,
                    &[("name", &b.name), ("url", room_url), ("code", &viewer)],
                );
                tf(
                    Msg::MailApprovedRoom,
                    lang,
                    &[
                        ("id", &b.id),
                        ("name", &b.name),
                        ("room_url", room_url),
                        ("viewer_code", &viewer),
                        (
                            "moderator_code",
                            &links.moderator_code.as_deref().unwrap_or(""),
                        ),
                        ("invitation", &invitation),
                    ],
                )
            }
            (None, Some(invite_url)) => {
                let invitation = tf(
                    Msg::OwnerTeamInvite,
                    lang,
                    &[("name", &b.name), ("url", invite_url)],
                );
                tf(
                    Msg::MailApprovedTeam,
                    lang,
                    &[
                        ("id", &b.id),
                        ("name", &b.name),
                        ("invite_url", invite_url),
                        ("invitation", &invitation),
                    ],
                )
            }
            (None, None) => return Vec::new(),
        };
        vec![self.mail(
            "booking_approved",
            &b.id,
            &b.email,
            Some(&b.contact_name),
            lang,
            tf(
                Msg::MailApprovedSubject,
                lang,
                &[("name", &b.name), ("id", &b.id)],
            ),
            text,
            None,
        )]
    }

    pub fn booking_rejected(&self, b: &BookingRow, reason: &str) -> Vec<NewMessage> {
        self.to_club(b, "booking_rejected", Msg::MailRejectedSubject, |lang| {
            tf(
                Msg::MailRejected,
                lang,
                &[("id", &b.id), ("name", &b.name), ("reason", &reason)],
            )
        })
    }

    pub fn booking_cancelled(&self, b: &BookingRow) -> Vec<NewMessage> {
        self.to_club(b, "booking_cancelled", Msg::MailCancelledSubject, |lang| {
            tf(
                Msg::MailCancelled,
                lang,
                &[("id", &b.id), ("name", &b.name)],
            )
        })
    }

    /// One mail to the club that booked, in its language, the subject naming the booking.
    fn to_club(
        &self,
        b: &BookingRow,
        topic: &str,
        subject: Msg,
        text: impl FnOnce(Lang) -> String,
    ) -> Vec<NewMessage> {
        if !self.enabled {
            return Vec::new();
        }
        let lang = lang_of(&b.lang);
        vec![self.mail(
            topic,
            &b.id,
            &b.email,
            Some(&b.contact_name),
            lang,
            tf(subject, lang, &[("name", &b.name), ("id", &b.id)]),
            text(lang),
            None,
        )]
    }

    /// Confirmed (with the date as an iCalendar attachment) or waitlisted.
    pub fn registered(&self, r: &RegistrationRow, status: &str, e: &Event) -> Vec<NewMessage> {
        match status {
            "confirmed" => self.registration_with_date(r, e, "registration_confirmed"),
            "waitlisted" if self.enabled => {
                let lang = lang_of(&r.lang);
                let when = when_text(e, &r.date, lang);
                let title = e.title.get(lang);
                vec![self.mail(
                    "registration_waitlisted",
                    &r.id,
                    &r.email,
                    Some(&r.name),
                    lang,
                    tf(
                        Msg::MailRegWaitlistedSubject,
                        lang,
                        &[("title", &title), ("date", &r.date)],
                    ),
                    tf(
                        Msg::MailRegWaitlisted,
                        lang,
                        &[("title", &title), ("when", &when), ("id", &r.id)],
                    ),
                    None,
                )]
            }
            _ => Vec::new(),
        }
    }

    /// The cancelled one is told, and the one who moved up gets the confirmation with the date.
    pub fn unregistered(
        &self,
        r: &RegistrationRow,
        promoted: Option<&RegistrationRow>,
        e: &Event,
    ) -> Vec<NewMessage> {
        if !self.enabled {
            return Vec::new();
        }
        let lang = lang_of(&r.lang);
        let title = e.title.get(lang);
        let when = when_text(e, &r.date, lang);
        let mut out = vec![self.mail(
            "registration_cancelled",
            &r.id,
            &r.email,
            Some(&r.name),
            lang,
            tf(
                Msg::MailRegCancelledSubject,
                lang,
                &[("title", &title), ("date", &r.date)],
            ),
            tf(
                Msg::MailRegCancelled,
                lang,
                &[("id", &r.id), ("title", &title), ("when", &when)],
            ),
            None,
        )];
        if let Some(p) = promoted {
            out.extend(self.registration_with_date(p, e, "registration_moved_up"));
        }
        out
    }

    fn registration_with_date(
        &self,
        r: &RegistrationRow,
        e: &Event,
        topic: &str,
    ) -> Vec<NewMessage> {
        if !self.enabled {
            return Vec::new();
        }
        let lang = lang_of(&r.lang);
        let title = e.title.get(lang);
        let (intro, subject) = if topic == "registration_moved_up" {
            (Msg::MailRegMovedUp, Msg::MailRegMovedUpSubject)
        } else {
            (Msg::MailRegConfirmed, Msg::MailRegConfirmedSubject)
        };
        let details = tf(
            Msg::MailRegDetails,
            lang,
            &[
                ("when", &when_text(e, &r.date, lang)),
                ("where", &where_text(e, lang)),
                ("id", &r.id),
            ],
        );
        let calendar = occurrence(e, &r.date)
            .map(|o| crate::events::registration_ics(e, o, &r.id, jiff::Timestamp::now(), lang));
        let mut out = vec![self.mail(
            topic,
            &r.id,
            &r.email,
            Some(&r.name),
            lang,
            tf(subject, lang, &[("title", &title), ("date", &r.date)]),
            format!("{}\n\n{details}", tf(intro, lang, &[("title", &title)])),
            calendar.clone(),
        )];
        // the reminder waits in the outbox until the day before; a cancellation drops it
        let day_before =
            occurrence(e, &r.date).map(|o| o.start.timestamp().as_millisecond() - 24 * 3600 * 1000);
        if let Some(at) = day_before.filter(|at| *at > crate::directory::now_ms()) {
            let mut reminder = self.mail(
                "registration_reminder",
                &r.id,
                &r.email,
                Some(&r.name),
                lang,
                tf(
                    Msg::MailRegReminderSubject,
                    lang,
                    &[("title", &title), ("date", &r.date)],
                ),
                format!(
                    "{}\n\n{details}",
                    tf(Msg::MailRegReminder, lang, &[("title", &title)])
                ),
                calendar,
            );
            reminder.not_before = at;
            // scheduled mail is not what a form can be used to send many of
            reminder.hourly_cap = None;
            out.push(reminder);
        }
        out
    }
}

fn kind_text(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "mattermost_team" => t(Msg::MineKindTeam, lang),
        _ => t(Msg::MineKindRoom, lang),
    }
}

/// The date's occurrence (start and end in the event's zone).
fn occurrence(e: &Event, date: &str) -> Option<Occurrence> {
    let date: jiff::civil::Date = date.parse().ok()?;
    Occurrence::new(date, e.start_time, e.duration_minutes, &e.tz().ok()?)
}

/// "20.01.2027, 18:00–20:00" or "2027-01-20, 18:00–20:00", in Berlin time.
fn when_text(e: &Event, date: &str, lang: Lang) -> String {
    let Some(o) = occurrence(e, date) else {
        return date.to_string();
    };
    let berlin = crate::events::timezone("Europe/Berlin").unwrap_or(jiff::tz::TimeZone::UTC);
    let start = o.start.timestamp().to_zoned(berlin.clone());
    let end = o.end.timestamp().to_zoned(berlin);
    let day = match lang {
        Lang::De => start.strftime("%d.%m.%Y").to_string(),
        Lang::En => start.strftime("%Y-%m-%d").to_string(),
    };
    format!(
        "{day}, {}–{}",
        start.strftime("%H:%M"),
        end.strftime("%H:%M")
    )
}

/// The place with the address only registered people get, and the online link.
fn where_text(e: &Event, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(place) = &e.place {
        parts.push(match &e.address_after_registration {
            Some(address) => tf(
                Msg::MailAddress,
                lang,
                &[("place", &place.get(lang)), ("address", &address.get(lang))],
            ),
            None => place.get(lang).to_string(),
        });
    }
    if let Some(url) = &e.online_url {
        parts.push(tf(Msg::MailOnline, lang, &[("url", url)]));
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_sort_in_the_order_they_were_made() {
        // far more than one millisecond holds, so that many share one
        let ids: Vec<String> = (0..5_000).map(|_| message_id()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "out of order");
        assert!(ids.iter().all(|id| id.len() == 3 + 12 + 4 + 16));
    }

    fn booking(lang: &str) -> BookingRow {
        BookingRow {
            id: "bk_1".into(),
            kind: "bbb_room".into(),
            organisation: "Kiezchor".into(),
            contact_name: "Ada".into(),
            email: "ada@example.org".into(),
            purpose: "Proben".into(),
            name: "Chorprobe".into(),
            expected_participants: 12,
            status: "requested".into(),
            reason: None,
            links: None,
            owner_token_hash: "secret-hash".into(),
            request_hash: "h".into(),
            created_at: 0,
            updated_at: 0,
            lang: lang.into(),
        }
    }

    fn notifier() -> Notifier {
        Notifier::new(
            true,
            &NotifySettings {
                operator_emails: vec!["ops@example.org".into()],
                ..NotifySettings::default()
            },
        )
    }

    #[test]
    fn nothing_without_smtp() {
        let n = Notifier::new(false, &NotifySettings::default());
        assert!(n.booking_received(&booking("de")).is_empty());
    }

    #[test]
    fn a_booking_tells_the_club_in_its_language_and_each_operator_how_to_approve() {
        let msgs = notifier().booking_received(&booking("en"));
        assert_eq!(msgs.len(), 2);
        assert!(
            msgs[0].notice.subject.starts_with("Booking received"),
            "{}",
            msgs[0].notice.subject
        );
        assert!(msgs[0].notice.body.contains("What happens next"));
        assert_eq!(msgs[0].hourly_cap, Some(10));
        assert_eq!(msgs[1].notice.recipient, "ops@example.org");
        assert!(
            msgs[1]
                .notice
                .body
                .contains("vereint directory admin approve bk_1")
        );
        assert_eq!(msgs[1].hourly_cap, None);
        for m in &msgs {
            assert!(!m.notice.body.contains("secret-hash"));
        }
        let de = notifier().booking_received(&booking("de"));
        assert!(de[0].notice.subject.starts_with("Buchung eingegangen"));
    }

    #[test]
    fn approval_carries_link_codes_and_an_invitation() {
        let links = Links {
            room_url: Some("https://dir.example.org/r/chor-1".into()),
            viewer_code: Some("v1ewer".into()),
            moderator_code: Some("m0d".into()),
            invite_url: None,
        };
        let m = &notifier().booking_approved(&booking("de"), &links)[0];
        for part in [
            "https://dir.example.org/r/chor-1",
            "v1ewer",
            "m0d",
            "Zugangscode: v1ewer",
        ] {
            assert!(
                m.notice.body.contains(part),
                "{part} missing: {}",
                m.notice.body
            );
        }
        assert!(
            mail::html_of(&m.notice.body).contains("<a href=\"https://dir.example.org/r/chor-1\">")
        );
    }
}
