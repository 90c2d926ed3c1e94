//! Workshops and recurring dates, and their iCalendar export.

mod ics;
mod schedule;

pub use ics::{one_date_ics, to_ics};
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
    /// The exact address, told only to those registered (in their mail), where `place` promises
    /// it "after registration". Never served with the public catalogue.
    #[serde(default, skip_serializing)]
    pub address: Option<Text>,
    pub schedule: Schedule,
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
}

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
