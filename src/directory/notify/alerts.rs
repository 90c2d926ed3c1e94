//! Alerts for instances: when an instance is down (`alert_after` consecutive critical reports, or
//! stale: no report for three intervals), when it is up again (with how long it was down), a
//! reminder once a day while it stays down, and once "flapping" instead of each change when it
//! changes state more than `FLAP_CHANGES` times within an hour (until it keeps one state for an
//! hour). Each message goes to the instance's contact by mail (with `[directory.smtp]`) and to each
//! configured chat channel (`mattermost`, `webhook`). The rules step the state of
//! `db::AlertState`; the database writes it with the messages in one transaction.

use serde_json::json;

use super::Notifier;
use crate::api::reports::{Report, Status};
use crate::directory::db::health::DAY_MS;
use crate::directory::db::{AlertRules, AlertState, NewMessage, NewReport, Notice};
use crate::i18n::{Lang, Msg, t, tf};

const HOUR_MS: i64 = 3_600_000;
/// More state changes than this within an hour are flapping.
pub const FLAP_CHANGES: usize = 4;
/// Critical checks named in one alert, and characters of each detail.
const MAX_CHECKS: usize = 10;
const MAX_DETAIL: usize = 300;

/// What an instance's contact is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Down,
    Reminder,
    Recovered { down_ms: i64 },
    Flapping { changes: usize },
}

impl Event {
    fn name(self) -> &'static str {
        match self {
            Event::Down => "down",
            Event::Reminder => "reminder",
            Event::Recovered { .. } => "recovered",
            Event::Flapping { .. } => "flapping",
        }
    }
}

/// Steps `s` with a report's status at `now`; what to tell, if anything.
pub fn on_report(
    s: &mut AlertState,
    status: Option<&str>,
    body: &str,
    alert_after: i64,
    now: i64,
) -> Option<Event> {
    settle(s, now);
    match status {
        Some("critical") => {
            s.critical_run += 1;
            if s.state == "up" && s.critical_run >= alert_after {
                s.reason = Some("critical".into());
                s.detail = critical_detail(body);
                return change(s, true, now, Event::Down);
            }
            if s.state == "down" && s.reason.as_deref() == Some("stale") {
                // reporting again, still critical: the same outage, now with a detail
                s.reason = Some("critical".into());
                s.detail = critical_detail(body);
            }
            None
        }
        Some("ok" | "warning") => {
            s.critical_run = 0;
            if s.state == "down" {
                let down_ms = now - s.down_since.unwrap_or(now);
                return change(s, false, now, Event::Recovered { down_ms });
            }
            None
        }
        _ => {
            s.critical_run = 0;
            None
        }
    }
}

/// Steps `s` from the sweep at `now`: down when `stale`, or a reminder a day after the last word.
pub fn on_sweep(s: &mut AlertState, stale: bool, now: i64) -> Option<Event> {
    settle(s, now);
    if s.state == "up" && stale {
        s.critical_run = 0;
        s.reason = Some("stale".into());
        s.detail = String::new();
        return change(s, true, now, Event::Down);
    }
    if s.state == "down" && s.alerted_at.is_some_and(|at| now - at >= DAY_MS) {
        s.alerted_at = Some(now);
        // a flapping instance was told so; its reminder waits for it to settle
        return (!s.flapping).then_some(Event::Reminder);
    }
    None
}

/// Records a change to down (or up) at `now`: `event`, or flapping once, or nothing while flapping.
fn change(s: &mut AlertState, down: bool, now: i64, event: Event) -> Option<Event> {
    let mut times = change_times(s, now);
    times.push(now);
    s.changes = times
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    if down {
        s.state = "down".into();
        s.down_since = Some(now);
        s.alerted_at = Some(now);
    } else {
        s.state = "up".into();
        s.reason = None;
        s.detail = String::new();
        s.down_since = None;
        s.alerted_at = None;
    }
    if s.flapping {
        return None;
    }
    if times.len() > FLAP_CHANGES {
        s.flapping = true;
        return Some(Event::Flapping {
            changes: times.len(),
        });
    }
    Some(event)
}

/// The changes within the hour before `now`.
fn change_times(s: &AlertState, now: i64) -> Vec<i64> {
    s.changes
        .split(',')
        .filter_map(|t| t.parse().ok())
        .filter(|t| now - t < HOUR_MS)
        .collect()
}

/// Flapping ends after an hour without a change.
fn settle(s: &mut AlertState, now: i64) {
    if s.flapping && change_times(s, now).is_empty() {
        s.flapping = false;
    }
}

/// The critical checks of a report, one line each: "- target (check): detail".
fn critical_detail(body: &str) -> String {
    Report::read_stored(body)
        .checks
        .iter()
        .filter(|c| c.status == Status::Critical)
        .take(MAX_CHECKS)
        .map(|c| {
            let detail: String = c.detail.chars().take(MAX_DETAIL).collect();
            crate::output::sanitize(&format!("- {} ({}): {detail}", c.target, c.check))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The services a detail names, for a subject: "bbb.example.org, turn.example.org".
fn services(detail: &str) -> String {
    let mut names: Vec<&str> = detail
        .lines()
        .filter_map(|l| l.strip_prefix("- ")?.split(" (").next())
        .collect();
    names.dedup();
    names.join(", ")
}

/// "2 h 5 min", "3 d 4 h", "0 min 45 s".
pub fn downtime(ms: i64, lang: Lang) -> String {
    let secs = ms.max(0) / 1000;
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        tf(Msg::AlertDays, lang, &[("d", &d), ("h", &h)])
    } else if h > 0 {
        tf(Msg::AlertHours, lang, &[("h", &h), ("m", &m)])
    } else {
        tf(Msg::AlertMinutes, lang, &[("m", &m), ("s", &s)])
    }
}

/// A time in Berlin, as people read it in `lang`.
fn berlin(ms: i64, lang: Lang) -> String {
    let zone = crate::events::timezone("Europe/Berlin").unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(at) = jiff::Timestamp::from_millisecond(ms) else {
        return ms.to_string();
    };
    let at = at.to_zoned(zone);
    match lang {
        Lang::De => at.strftime("%d.%m.%Y %H:%M").to_string(),
        Lang::En => at.strftime("%Y-%m-%d %H:%M").to_string(),
    }
}

impl Notifier {
    /// The subject and text of `event` about `s` at `now`, in `lang`.
    pub fn alert_text(
        &self,
        s: &AlertState,
        event: Event,
        now: i64,
        lang: Lang,
    ) -> (String, String) {
        let since = s.down_since.unwrap_or(now);
        let detail = if s.detail.is_empty() && s.reason.as_deref() == Some("critical") {
            t(Msg::AlertNoDetail, lang).to_string()
        } else {
            s.detail.clone()
        };
        let org = &s.organisation;
        let id = &s.instance_id;
        let args = |downtime: &str| -> Vec<(&str, String)> {
            vec![
                ("organisation", org.clone()),
                ("id", id.clone()),
                ("since", berlin(since, lang)),
                ("detail", detail.clone()),
                ("downtime", downtime.to_string()),
                ("n", self.alert_after.to_string()),
            ]
        };
        let fill = |msg: Msg, args: &[(&str, String)]| {
            let args: Vec<(&str, &dyn std::fmt::Display)> = args
                .iter()
                .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
                .collect();
            tf(msg, lang, &args)
        };
        match event {
            Event::Down => {
                let a = args("");
                let (what, text) = if s.reason.as_deref() == Some("stale") {
                    (
                        t(Msg::AlertStaleWhat, lang).to_string(),
                        fill(Msg::AlertStale, &a),
                    )
                } else {
                    let named = services(&s.detail);
                    let what = if named.is_empty() {
                        t(Msg::AlertCriticalWhat, lang).to_string()
                    } else {
                        named
                    };
                    (what, fill(Msg::AlertCritical, &a))
                };
                let mut a = a;
                a.push(("what", what));
                (fill(Msg::AlertDownSubject, &a), text)
            }
            Event::Reminder => {
                let a = args(&downtime(now - since, lang));
                (
                    fill(Msg::AlertReminderSubject, &a),
                    fill(Msg::AlertReminder, &a),
                )
            }
            Event::Recovered { down_ms } => {
                let mut a = args(&downtime(down_ms, lang));
                if let Some(at) = a.iter_mut().find(|(k, _)| *k == "since") {
                    at.1 = berlin(now - down_ms, lang);
                }
                (
                    fill(Msg::AlertRecoveredSubject, &a),
                    fill(Msg::AlertRecovered, &a),
                )
            }
            Event::Flapping { changes } => {
                let mut a = args("");
                a.retain(|(k, _)| *k != "n");
                a.push(("n", changes.to_string()));
                let state = if s.state == "down" {
                    Msg::AlertStateDown
                } else {
                    Msg::AlertStateUp
                };
                a.push(("state", t(state, lang).to_string()));
                (
                    fill(Msg::AlertFlappingSubject, &a),
                    fill(Msg::AlertFlapping, &a),
                )
            }
        }
    }

    /// The messages of `event`: a mail to the contact, a post to each chat channel.
    pub fn alert(&self, s: &AlertState, event: Event, now: i64) -> Vec<NewMessage> {
        let topic = format!("instance_{}", event.name());
        let message = |channel: &str, recipient: &str, subject: &str, body: String| NewMessage {
            notice: Notice {
                id: super::message_id(),
                channel: channel.into(),
                topic: topic.clone(),
                subject_id: Some(s.instance_id.clone()),
                recipient: recipient.into(),
                subject: subject.into(),
                body,
                calendar: None,
            },
            hourly_cap: None,
            not_before: 0,
        };
        let mut out = Vec::new();
        if self.enabled {
            // the contact reads the language the instance was registered in
            let lang = super::lang_of(&s.lang);
            let (subject, text) = self.alert_text(s, event, now, lang);
            let body = format!(
                "{}\n\n{text}\n\n{}\n",
                t(Msg::MailOperatorGreeting, lang),
                t(Msg::AlertSignature, lang)
            );
            out.push(message("mail", &s.contact_email, &subject, body));
        }
        // the chat channels are the operator's, who reads the directory's own language, German
        let (subject, text) = self.alert_text(s, event, now, Lang::De);
        if self.mattermost {
            out.push(message(
                "mattermost",
                "mattermost",
                &subject,
                format!("**{subject}**\n\n{text}"),
            ));
        }
        if self.webhook {
            let downtime_secs = match event {
                Event::Recovered { down_ms } => Some(down_ms / 1000),
                _ => None,
            };
            let body = json!({
                "event": event.name(),
                "instance_id": s.instance_id,
                "organisation": s.organisation,
                "state": s.state,
                "reason": s.reason,
                "detail": s.detail,
                "down_since": s.down_since,
                "downtime_secs": downtime_secs,
                "at": now,
                "subject": subject,
                "text": text,
            });
            out.push(message("webhook", "webhook", &subject, body.to_string()));
        }
        out
    }
}

impl AlertRules for Notifier {
    fn may_change(&self, report: &NewReport) -> bool {
        report.status.as_deref() == Some("critical")
    }

    fn on_report(&self, state: &mut AlertState, report: &NewReport) -> Vec<NewMessage> {
        let now = report.received_at;
        on_report(
            state,
            report.status.as_deref(),
            &report.body,
            self.alert_after,
            now,
        )
        .map(|event| self.alert(state, event, now))
        .unwrap_or_default()
    }

    fn on_sweep(&self, state: &mut AlertState, stale: bool, now: i64) -> Vec<NewMessage> {
        on_sweep(state, stale, now)
            .map(|event| self.alert(state, event, now))
            .unwrap_or_default()
    }
}

/// How often the sweep looks for stale instances and due reminders, and how many it steps at once.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(10);
const SWEEP_LIMIT: i64 = 100;

/// Runs the sweep until the task is dropped.
pub async fn sweep(state: crate::directory::Shared) {
    loop {
        tokio::time::sleep(SWEEP_EVERY).await;
        sweep_once(&state, crate::directory::now_ms()).await;
    }
}

/// One round of the sweep at `now` (tests pass a later time instead of waiting a day).
pub async fn sweep_once(state: &crate::directory::AppState, now: i64) {
    match state.db.sweep_alerts(&state.notify, now, SWEEP_LIMIT).await {
        Ok(true) => state.outbox.now(),
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "alerts: the sweep failed; trying again"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up() -> AlertState {
        AlertState {
            instance_id: "in_1".into(),
            organisation: "Kiezchor".into(),
            contact_email: "it@kiezchor.example".into(),
            lang: "de".into(),
            stored: false,
            state: "up".into(),
            reason: None,
            detail: String::new(),
            critical_run: 0,
            down_since: None,
            alerted_at: None,
            changes: String::new(),
            flapping: false,
        }
    }

    const CRITICAL: &str = r#"{"status":"critical","checks":[{"target":"bbb.kiezchor.example","check":"tls","status":"critical","detail":"certificate expired"},{"target":"turn","check":"stun","status":"ok","detail":"fine"}]}"#;

    #[test]
    fn down_after_alert_after_criticals_once_then_up_with_the_downtime() {
        let mut s = up();
        assert_eq!(
            on_report(&mut s, Some("critical"), CRITICAL, 2, 1_000),
            None
        );
        assert_eq!(
            on_report(&mut s, Some("critical"), CRITICAL, 2, 2_000),
            Some(Event::Down)
        );
        assert_eq!(
            s.detail,
            "- bbb.kiezchor.example (tls): certificate expired"
        );
        for n in 3..10 {
            assert_eq!(
                on_report(&mut s, Some("critical"), CRITICAL, 2, n * 1000),
                None
            );
        }
        assert_eq!(
            on_report(&mut s, Some("ok"), "{}", 2, 62_000),
            Some(Event::Recovered { down_ms: 60_000 })
        );
        assert_eq!(on_report(&mut s, Some("ok"), "{}", 2, 63_000), None);
    }

    #[test]
    fn an_unknown_report_breaks_the_run() {
        let mut s = up();
        on_report(&mut s, Some("critical"), CRITICAL, 2, 1);
        on_report(&mut s, Some("unknown"), "{}", 2, 2);
        assert_eq!(on_report(&mut s, Some("critical"), CRITICAL, 2, 3), None);
    }

    #[test]
    fn stale_alerts_and_reminds_once_a_day() {
        let mut s = up();
        assert_eq!(on_sweep(&mut s, true, 1_000), Some(Event::Down));
        assert_eq!(on_sweep(&mut s, true, 2_000), None);
        assert_eq!(on_sweep(&mut s, true, 1_000 + DAY_MS - 1), None);
        assert_eq!(
            on_sweep(&mut s, true, 1_000 + DAY_MS),
            Some(Event::Reminder)
        );
        assert_eq!(on_sweep(&mut s, true, 2_000 + DAY_MS), None);
        assert_eq!(
            on_sweep(&mut s, true, 1_000 + 2 * DAY_MS),
            Some(Event::Reminder)
        );
    }

    #[test]
    fn the_fifth_change_within_an_hour_is_flapping_told_once() {
        let mut s = up();
        let mut told = Vec::new();
        for i in 0..12 {
            let status = if i % 2 == 0 { "critical" } else { "ok" };
            told.extend(on_report(&mut s, Some(status), CRITICAL, 1, i * 60_000));
        }
        assert_eq!(
            told,
            [
                Event::Down,
                Event::Recovered { down_ms: 60_000 },
                Event::Down,
                Event::Recovered { down_ms: 60_000 },
                Event::Flapping { changes: 5 },
            ]
        );
        // an hour without a change settles it; the next change is told again
        assert_eq!(
            on_report(&mut s, Some("ok"), "{}", 1, 12 * 60_000 + HOUR_MS),
            None
        );
        assert!(!s.flapping);
        assert_eq!(
            on_report(&mut s, Some("critical"), CRITICAL, 1, 13 * 60_000 + HOUR_MS),
            Some(Event::Down)
        );
    }

    #[test]
    fn texts_in_german_and_english_name_service_detail_and_downtime() {
        let n = Notifier {
            alert_after: 2,
            ..Notifier::default()
        };
        let mut s = up();
        on_report(&mut s, Some("critical"), CRITICAL, 2, 0);
        on_report(&mut s, Some("critical"), CRITICAL, 2, 0);
        let (subject, text) = n.alert_text(&s, Event::Down, 0, Lang::De);
        assert_eq!(
            subject,
            "vereint: Kiezchor ist ausgefallen (bbb.kiezchor.example)"
        );
        assert!(text.contains("certificate expired"), "{text}");
        let (subject, _) = n.alert_text(&s, Event::Down, 0, Lang::En);
        assert_eq!(subject, "vereint: Kiezchor is down (bbb.kiezchor.example)");
        let (subject, text) = n.alert_text(
            &s,
            Event::Recovered { down_ms: 7_500_000 },
            7_500_000,
            Lang::De,
        );
        assert!(subject.contains("nach 2 Std. 5 Min."), "{subject}");
        assert!(text.contains("2 Std. 5 Min. lang"), "{text}");
        let (_, text) = n.alert_text(&s, Event::Recovered { down_ms: 7_500_000 }, 0, Lang::En);
        assert!(text.contains("down for 2 h 5 min"), "{text}");
        assert_eq!(downtime(3 * DAY_MS + 4 * HOUR_MS, Lang::En), "3 d 4 h");
        assert_eq!(downtime(45_000, Lang::De), "0 Min. 45 s");
    }
}
