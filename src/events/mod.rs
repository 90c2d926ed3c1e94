//! Workshops and recurring dates, and their iCalendar export.

mod ics;
mod schedule;

pub use ics::{dates_to_ics, registration_ics, to_ics};
pub use schedule::{Occurrence, Schedule, WeekdayName};

use serde::{Deserialize, Serialize};

use crate::catalog::model::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Consultation,
    Workshop,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    pub title: Text,
    pub description: Text,
    /// Language the event is held in ("de" or "en").
    pub language: String,
    pub capacity: u32,
    pub timezone: String,
    pub start_time: jiff::civil::Time,
    pub duration_minutes: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Text>,
    pub schedule: Schedule,
    /// Where exactly a place-based event is, told only to those registered (in their mail and
    /// their list of registrations), while `place` stays vague in public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_after_registration: Option<Text>,
}

impl Event {
    pub fn tz(&self) -> Result<jiff::tz::TimeZone, jiff::Error> {
        timezone(&self.timezone)
    }

    /// The next `limit` occurrences that have not ended at `now`.
    pub fn upcoming(&self, now: jiff::Timestamp, limit: usize) -> Vec<Occurrence> {
        let Ok(tz) = self.tz() else {
            return Vec::new();
        };
        self.schedule
            .dates_from(now.to_zoned(tz.clone()).date())
            .filter_map(|date| Occurrence::new(date, self.start_time, self.duration_minutes, &tz))
            .filter(|o| o.end.timestamp() > now)
            .take(limit)
            .collect()
    }

    /// The occurrence on `date`, if that is one of the event's dates still to come.
    pub fn upcoming_on(&self, now: jiff::Timestamp, date: jiff::civil::Date) -> Option<Occurrence> {
        self.upcoming(now, DATES_LOOKED_AT)
            .into_iter()
            .find(|o| o.start.date() == date)
    }
}

/// How far ahead `upcoming_on` looks for a date: two years of monthly dates.
const DATES_LOOKED_AT: usize = 24;

/// A time zone from the database built into the binary: the same answers on every machine, and no
/// walk through /usr/share/zoneinfo at start-up.
pub fn timezone(name: &str) -> Result<jiff::tz::TimeZone, jiff::Error> {
    static DB: std::sync::LazyLock<jiff::tz::TimeZoneDatabase> =
        std::sync::LazyLock::new(jiff::tz::TimeZoneDatabase::bundled);
    DB.get(name)
}

/// One upcoming date of one event, for lists and the Home screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upcoming<'a> {
    pub event: &'a Event,
    pub occurrence: Occurrence,
}

/// Each event's next `per_event` dates together, the events in the order of their next date: a
/// monthly consultation hour keeps its place however many workshops come first.
pub fn by_event(events: &[Event], now: jiff::Timestamp, per_event: usize) -> Vec<Upcoming<'_>> {
    let mut groups: Vec<Vec<Upcoming<'_>>> = events
        .iter()
        .map(|event| {
            event
                .upcoming(now, per_event)
                .into_iter()
                .map(|occurrence| Upcoming { event, occurrence })
                .collect::<Vec<_>>()
        })
        .filter(|group| !group.is_empty())
        .collect();
    groups.sort_by(|a, b| a[0].occurrence.start.cmp(&b[0].occurrence.start));
    groups.into_iter().flatten().collect()
}

/// All events' upcoming dates, merged and sorted by start.
pub fn agenda(events: &[Event], now: jiff::Timestamp, per_event: usize) -> Vec<Upcoming<'_>> {
    let mut all: Vec<Upcoming<'_>> = events
        .iter()
        .flat_map(|event| {
            event
                .upcoming(now, per_event)
                .into_iter()
                .map(move |occurrence| Upcoming { event, occurrence })
        })
        .collect();
    all.sort_by(|a, b| a.occurrence.start.cmp(&b.occurrence.start));
    all
}
