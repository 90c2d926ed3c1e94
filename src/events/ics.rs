//! iCalendar (RFC 5545) export of upcoming dates.

use std::fmt::Write;

use jiff::Timestamp;

use super::{Event, Occurrence};
use crate::i18n::Lang;

/// How many dates of one event a feed lists.
const DATES_PER_EVENT: usize = 12;

/// A VCALENDAR with one VEVENT per upcoming date. Times are in UTC so that no VTIMEZONE is needed.
pub fn to_ics<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    now: Timestamp,
    lang: Lang,
) -> String {
    let dates = events.into_iter().flat_map(|event| {
        event
            .upcoming(now, DATES_PER_EVENT)
            .into_iter()
            .map(move |o| (event, o))
    });
    dates_to_ics(dates, now, lang)
}

/// A VCALENDAR with one VEVENT per given date of an event (`vereint events ics ID --date D`).
pub fn dates_to_ics<'a>(
    dates: impl IntoIterator<Item = (&'a Event, Occurrence)>,
    now: Timestamp,
    lang: Lang,
) -> String {
    calendar(
        dates.into_iter().map(|(event, occurrence)| {
            let uid = format!("{}-{}@vereint", event.id, occurrence.start.date());
            (event, occurrence, uid, None)
        }),
        now,
        lang,
    )
}

/// A VCALENDAR with the one date someone registered for, for a mail's attachment, with the address
/// only the registered get. The UID is the registration's, so a calendar updates the entry when a
/// later mail (moved up, reminder) brings it again.
pub fn registration_ics(
    event: &Event,
    occurrence: Occurrence,
    registration_id: &str,
    now: Timestamp,
    lang: Lang,
) -> String {
    let address = event
        .address_after_registration
        .as_ref()
        .map(|a| a.get(lang));
    let uid = format!("{registration_id}@vereint");
    calendar([(event, occurrence, uid, address)], now, lang)
}

/// Event, date, UID and the exact address (when the reader may know it).
type Entry<'a> = (&'a Event, Occurrence, String, Option<&'a str>);

fn calendar<'a>(
    entries: impl IntoIterator<Item = Entry<'a>>,
    now: Timestamp,
    lang: Lang,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//vereint//vereint//DE");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let stamp = utc(now);
    for (event, occurrence, uid, address) in entries {
        vevent(&mut out, event, &occurrence, &uid, &stamp, lang, address);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn vevent(
    out: &mut String,
    event: &Event,
    occurrence: &Occurrence,
    uid: &str,
    stamp: &str,
    lang: Lang,
    address: Option<&str>,
) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape(uid)));
    line(out, &format!("DTSTAMP:{stamp}"));
    line(
        out,
        &format!("DTSTART:{}", utc(occurrence.start.timestamp())),
    );
    line(out, &format!("DTEND:{}", utc(occurrence.end.timestamp())));
    line(out, &format!("SUMMARY:{}", escape(event.title.get(lang))));
    line(
        out,
        &format!("DESCRIPTION:{}", escape(event.description.get(lang))),
    );
    if let Some(address) = address {
        line(out, &format!("LOCATION:{}", escape(address)));
    } else if let Some(place) = &event.place {
        line(out, &format!("LOCATION:{}", escape(place.get(lang))));
    } else if let Some(url) = &event.online_url {
        line(out, &format!("LOCATION:{}", escape(url)));
    }
    if let Some(url) = &event.online_url {
        line(out, &format!("URL:{}", escape(url)));
    }
    line(out, "END:VEVENT");
}

fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaping from RFC 5545 3.3.11; control characters are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets without splitting a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    let _ = out.write_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_rfc5545() {
        assert_eq!(escape("a,b;c\\d\ne\x07"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_char_boundaries() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "ä".repeat(60)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "ä".repeat(60)));
    }
}
