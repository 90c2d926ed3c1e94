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
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//vereint//vereint//DE");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let stamp = utc(now);
    for event in events {
        for occurrence in event.upcoming(now, DATES_PER_EVENT) {
            let uid = format!("{}-{}@vereint", event.id, occurrence.start.date());
            vevent(&mut out, event, &occurrence, &uid, &stamp, lang, None);
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// A VCALENDAR with the one date someone registered for, for a mail's attachment. `uid` stays the
/// same for the registration, so a calendar updates the entry when a later mail brings it again.
pub fn one_date_ics(
    event: &Event,
    occurrence: &Occurrence,
    uid: &str,
    now: Timestamp,
    lang: Lang,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//vereint//vereint//DE");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let address = event.address.as_ref().map(|a| a.get(lang));
    vevent(&mut out, event, occurrence, uid, &utc(now), lang, address);
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
