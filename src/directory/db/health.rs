//! Health history of registered instances: uptime over a day and over 30 days, and the last
//! report's body (its interval decides when an instance is stale). Reads the `reports` table.
//!
//! Uptime is time, not a count of reports. A report counts at the time the agent observed it
//! (`observed_at`, migration 0006: a report queued while the directory was away counts when it was
//! made, not when it arrived) and its status holds until the next report, but at most
//! `COVERED_INTERVALS` of the interval it announced: after that the instance said nothing, and
//! silence is downtime. Up is "ok" or "warning" (it works, someone should look); "critical",
//! "unknown", no status and silence are down. The window of a figure is the last 24 hours (30 days),
//! or the time since the instance's first report when that is shorter.

use std::collections::HashMap;

use super::{Db, DbResult};

/// A report holds for this many of its intervals; the public list calls an instance stale after as
/// many without a report.
pub const COVERED_INTERVALS: i64 = 3;
/// Interval assumed when a report does not say (the agent's default).
pub const DEFAULT_INTERVAL_SECS: i64 = 60;
/// Longest interval a report may announce; a longer one counts as this.
pub const MAX_INTERVAL_SECS: i64 = 3_600;
pub const DAY_MS: i64 = 86_400_000;
pub const MONTH_MS: i64 = 30 * DAY_MS;

/// Per instance: its first report, the time it was up in each window, the latest report's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthRow {
    /// When the first report was observed (unix ms).
    pub first_report_at: Option<i64>,
    pub up_24h_ms: i64,
    pub up_30d_ms: i64,
    pub last_body: Option<String>,
}

impl HealthRow {
    /// Share of the last 24 hours (or since the first report) the instance was up.
    pub fn uptime_24h(&self, now: i64) -> Option<f64> {
        share(self.up_24h_ms, self.first_report_at?, DAY_MS, now)
    }

    /// The same over 30 days.
    pub fn uptime_30d(&self, now: i64) -> Option<f64> {
        share(self.up_30d_ms, self.first_report_at?, MONTH_MS, now)
    }
}

/// `up_ms` of the window that ends `now` and starts `window_ms` before, or at the first report.
fn share(up_ms: i64, first_report_at: i64, window_ms: i64, now: i64) -> Option<f64> {
    let span = now - first_report_at.max(now - window_ms);
    (span > 0).then(|| (up_ms as f64 / span as f64).clamp(0.0, 1.0))
}

/// The interval a report announced, as stored: at least a second, at most `MAX_INTERVAL_SECS`.
pub fn stored_interval(announced: Option<u64>) -> Option<i64> {
    announced
        .filter(|s| *s > 0)
        .map(|s| i64::try_from(s).unwrap_or(i64::MAX).min(MAX_INTERVAL_SECS))
}

const LATEST: &str = "SELECT i.id, \
     (SELECT MIN(r.observed_at) FROM reports r WHERE r.instance_id = i.id) AS first_report_at, \
     (SELECT r.body FROM reports r WHERE r.instance_id = i.id ORDER BY r.observed_at DESC, r.seq DESC LIMIT 1) AS last_body \
     FROM instances i";

/// Per instance, the milliseconds of up time between `$2` and `$3`: each report from its
/// observation (or `$2`) until the next one, its due time (`$4` intervals, default `$5` seconds)
/// or `$3`, whichever comes first. `$1` reaches back far enough for a report before `$2` that
/// still holds at `$2`. CASE rather than LEAST/GREATEST (PostgreSQL) or min/max (SQLite).
const UP_MS: &str = "SELECT instance_id, CAST(SUM(CASE WHEN status IN ('ok', 'warning') AND until_at > from_at \
         THEN until_at - from_at ELSE 0 END) AS BIGINT) AS up_ms \
     FROM (SELECT instance_id, status, \
             CASE WHEN observed_at < $2 THEN $2 ELSE observed_at END AS from_at, \
             CASE WHEN next_at IS NOT NULL AND next_at < due_at THEN next_at \
                  WHEN due_at < $3 THEN due_at ELSE $3 END AS until_at \
           FROM (SELECT instance_id, status, observed_at, \
                   observed_at + $4 * COALESCE(interval_secs, $5) * 1000 AS due_at, \
                   LEAD(observed_at) OVER (PARTITION BY instance_id ORDER BY observed_at, seq) AS next_at \
                 FROM reports WHERE observed_at > $1 AND observed_at <= $3) AS timed) AS spans \
     GROUP BY instance_id";

impl Db {
    /// Health figures of every instance at `now` (unix ms).
    pub async fn instance_health(&self, now: i64) -> DbResult<HashMap<String, HealthRow>> {
        let rows: Vec<(String, Option<i64>, Option<String>)> =
            on_pool!(self, read, |pool| sqlx::query_as(LATEST)
                .fetch_all(pool)
                .await)?;
        let up_24h = self.up_ms(now - DAY_MS, now).await?;
        let up_30d = self.up_ms(now - MONTH_MS, now).await?;
        Ok(rows
            .into_iter()
            .map(|(id, first_report_at, last_body)| {
                let row = HealthRow {
                    first_report_at,
                    up_24h_ms: up_24h.get(&id).copied().unwrap_or(0),
                    up_30d_ms: up_30d.get(&id).copied().unwrap_or(0),
                    last_body,
                };
                (id, row)
            })
            .collect())
    }

    async fn up_ms(&self, since: i64, now: i64) -> DbResult<HashMap<String, i64>> {
        let reach_back = COVERED_INTERVALS * MAX_INTERVAL_SECS * 1000;
        let rows: Vec<(String, i64)> = on_pool!(self, read, |pool| sqlx::query_as(UP_MS)
            .bind(since - reach_back)
            .bind(since)
            .bind(now)
            .bind(COVERED_INTERVALS)
            .bind(DEFAULT_INTERVAL_SECS)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::db::{Location, NewInstance, NewReport};
    use crate::directory::notify::Notifier;

    const HOUR: i64 = 3_600_000;
    const MINUTE: i64 = 60_000;

    async fn db_with_instance(dir: &std::path::Path) -> Db {
        let db = Db::open(&Location::Sqlite(dir.join("d.sqlite3")))
            .await
            .unwrap();
        db.create_enrollment("enr", None, i64::MAX, 0)
            .await
            .unwrap();
        let instance = NewInstance {
            id: "in_a".into(),
            organisation: "Kiezchor".into(),
            contact_email: "a@example.org".into(),
            services: "[]".into(),
            secret: "sec".into(),
            lang: "de".into(),
        };
        db.enroll("enr", "hash", &instance, 0).await.unwrap();
        db
    }

    /// A report observed at `observed` (ms), received at `received`.
    fn report(n: i64, status: &str, observed: i64, received: i64, interval: i64) -> NewReport {
        NewReport {
            instance_id: "in_a".into(),
            timestamp_secs: received / 1000,
            signature: format!("sig{n}"),
            status: Some(status.into()),
            body: format!(r#"{{"status":"{status}","interval_secs":{interval}}}"#),
            received_at: received,
            observed_at: observed,
            interval_secs: Some(interval),
        }
    }

    #[tokio::test]
    async fn silence_is_downtime_and_queued_reports_count_when_observed() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_instance(dir.path()).await;
        let now = 100 * DAY_MS;
        let mut conn = db.report_conn().await.unwrap();
        // every minute for the first 2 of the last 10 hours, ok; then silence
        let start = now - 10 * HOUR;
        let early: Vec<_> = (0..120)
            .map(|m| report(m, "ok", start + m * MINUTE, start + m * MINUTE, 60))
            .collect();
        conn.insert_reports(&early, &Notifier::default())
            .await
            .unwrap();
        drop(conn);
        let h = &db.instance_health(now).await.unwrap()["in_a"];
        assert_eq!(h.first_report_at, Some(start));
        // 2 h of reports, the last holding for 3 more minutes, out of 10 h
        let up = (2 * HOUR + 2 * MINUTE) as f64 / (10 * HOUR) as f64;
        assert_eq!(h.uptime_24h(now), Some(up));
        assert_eq!(h.uptime_30d(now), Some(up));

        // the agent was cut off for the last 8 hours and queued; its reports arrive now, each
        // counted at its own time: ok for 6 hours, then critical for the last 2
        let mut conn = db.report_conn().await.unwrap();
        let late: Vec<_> = (120..600)
            .map(|m| {
                let status = if m < 480 { "ok" } else { "critical" };
                report(m, status, start + m * MINUTE, now, 60)
            })
            .collect();
        conn.insert_reports(&late, &Notifier::default())
            .await
            .unwrap();
        drop(conn);
        let h = &db.instance_health(now).await.unwrap()["in_a"];
        let up = (8 * HOUR) as f64 / (10 * HOUR) as f64;
        assert_eq!(h.uptime_24h(now), Some(up));
        // a day later nothing more came: the 24 h window is silent, the 30 d one remembers
        let later = now + DAY_MS;
        let h = &db.instance_health(later).await.unwrap()["in_a"];
        assert_eq!(h.uptime_24h(later), Some(0.0));
        assert_eq!(
            h.uptime_30d(later),
            Some((8 * HOUR) as f64 / (34 * HOUR) as f64)
        );
        db.close().await;
    }

    #[tokio::test]
    async fn a_report_holds_for_three_of_its_intervals_and_reaches_into_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_instance(dir.path()).await;
        let now = 100 * DAY_MS;
        let mut conn = db.report_conn().await.unwrap();
        // 25 h ago, ok with an interval of an hour: holds 3 h, 2 of them inside the last 24 h;
        // a warning (still up) 10 h ago with the default interval, then critical 5 h ago
        let mut warning = report(2, "warning", now - 10 * HOUR, now - 10 * HOUR, 60);
        warning.interval_secs = None;
        conn.insert_reports(
            &[
                report(1, "ok", now - 25 * HOUR, now - 25 * HOUR, 3_600),
                warning,
                report(3, "critical", now - 5 * HOUR, now - 5 * HOUR, 3_600),
            ],
            &Notifier::default(),
        )
        .await
        .unwrap();
        drop(conn);
        let h = &db.instance_health(now).await.unwrap()["in_a"];
        assert_eq!(h.up_24h_ms, 2 * HOUR + 3 * MINUTE);
        assert_eq!(h.up_30d_ms, 3 * HOUR + 3 * MINUTE);
        assert_eq!(
            h.uptime_30d(now),
            Some((3 * HOUR + 3 * MINUTE) as f64 / (25 * HOUR) as f64)
        );
        db.close().await;
    }

    #[test]
    fn no_figure_before_the_first_report_and_intervals_are_bounded() {
        let h = HealthRow::default();
        assert_eq!(h.uptime_24h(DAY_MS), None);
        assert_eq!(share(5, 10, DAY_MS, 10), None);
        assert_eq!(stored_interval(Some(0)), None);
        assert_eq!(stored_interval(Some(30)), Some(30));
        assert_eq!(stored_interval(Some(u64::MAX)), Some(MAX_INTERVAL_SECS));
    }
}
