//! When events happen: fixed dates, or a rule such as "every 3rd Tuesday of the month".

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekdayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<WeekdayName> for Weekday {
    fn from(w: WeekdayName) -> Self {
        match w {
            WeekdayName::Monday => Weekday::Monday,
            WeekdayName::Tuesday => Weekday::Tuesday,
            WeekdayName::Wednesday => Weekday::Wednesday,
            WeekdayName::Thursday => Weekday::Thursday,
            WeekdayName::Friday => Weekday::Friday,
            WeekdayName::Saturday => Weekday::Saturday,
            WeekdayName::Sunday => Weekday::Sunday,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Schedule {
    /// The `nth` weekday of every month (1..=4, or -1 for the last).
    MonthlyWeekday {
        nth: i8,
        weekday: WeekdayName,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Date>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<Date>,
    },
    Dates {
        dates: Vec<Date>,
    },
}

/// How far ahead a recurring schedule is expanded.
const HORIZON_MONTHS: i32 = 24;

impl Schedule {
    /// Dates on or after `start`, in order, within the horizon.
    pub fn dates_from(&self, start: Date) -> Box<dyn Iterator<Item = Date> + '_> {
        match self {
            Schedule::Dates { dates } => {
                let mut dates = dates.clone();
                dates.sort();
                Box::new(dates.into_iter().filter(move |d| *d >= start))
            }
            Schedule::MonthlyWeekday {
                nth,
                weekday,
                from,
                until,
            } => {
                let first = from.map_or(start, |f| f.max(start)).first_of_month();
                let (nth, weekday, until) = (*nth, Weekday::from(*weekday), *until);
                Box::new(
                    (0..HORIZON_MONTHS)
                        .filter_map(move |i| first.checked_add(i.months()).ok())
                        .filter_map(move |month| month.nth_weekday_of_month(nth, weekday).ok())
                        .filter(move |d| *d >= start && from.is_none_or(|f| *d >= f))
                        .take_while(move |d| until.is_none_or(|u| *d <= u)),
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    pub start: Zoned,
    pub end: Zoned,
}

impl Occurrence {
    pub fn new(date: Date, time: Time, minutes: u32, tz: &TimeZone) -> Option<Self> {
        let start = date.to_datetime(time).to_zoned(tz.clone()).ok()?;
        let end = start.checked_add(i64::from(minutes).minutes()).ok()?;
        Some(Occurrence { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn third_tuesdays(from: Date) -> Vec<Date> {
        let s = Schedule::MonthlyWeekday {
            nth: 3,
            weekday: WeekdayName::Tuesday,
            from: None,
            until: None,
        };
        s.dates_from(from).take(4).collect()
    }

    #[test]
    fn third_tuesday_is_computed_per_month() {
        assert_eq!(
            third_tuesdays(date(2026, 11, 1)),
            vec![
                date(2026, 11, 17),
                date(2026, 12, 15),
                date(2027, 1, 19),
                date(2027, 2, 16)
            ]
        );
    }

    #[test]
    fn a_date_already_past_this_month_moves_to_next_month() {
        assert_eq!(third_tuesdays(date(2026, 11, 18))[0], date(2026, 12, 15));
        // the day itself still counts
        assert_eq!(third_tuesdays(date(2026, 11, 17))[0], date(2026, 11, 17));
    }

    #[test]
    fn last_weekday_and_until_bound() {
        let s = Schedule::MonthlyWeekday {
            nth: -1,
            weekday: WeekdayName::Friday,
            from: Some(date(2027, 1, 1)),
            until: Some(date(2027, 3, 31)),
        };
        let got: Vec<Date> = s.dates_from(date(2026, 6, 1)).collect();
        assert_eq!(
            got,
            vec![date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]
        );
    }

    #[test]
    fn fixed_dates_are_sorted_and_past_ones_dropped() {
        let s = Schedule::Dates {
            dates: vec![date(2027, 3, 17), date(2026, 1, 5), date(2027, 1, 20)],
        };
        let got: Vec<Date> = s.dates_from(date(2026, 11, 28)).collect();
        assert_eq!(got, vec![date(2027, 1, 20), date(2027, 3, 17)]);
    }

    #[test]
    fn occurrence_keeps_local_time_across_daylight_saving() {
        let tz = super::super::timezone("Europe/Berlin").unwrap();
        let time = Time::constant(17, 0, 0, 0);
        let winter = Occurrence::new(date(2027, 1, 19), time, 90, &tz).unwrap();
        let summer = Occurrence::new(date(2027, 7, 20), time, 90, &tz).unwrap();
        assert_eq!(winter.start.offset().seconds(), 3600);
        assert_eq!(summer.start.offset().seconds(), 7200);
        assert_eq!(summer.end.time(), Time::constant(18, 30, 0, 0));
    }
}
