//! The agent's backup check: how long ago the last off-site backup succeeded. The backup job
//! (`vereint-backup.service` from the Ansible role `backup`) writes the time of each success into
//! `last-success` in its state dir; the role writes `since` when it sets backups up, so a fresh
//! install is not an alarm before its first scheduled run.

use std::path::Path;

use super::{CheckResult, Facts, Status};
use crate::i18n::{Lang, Msg, tf};

/// A day and a half: one missed daily run is a warning.
pub const WARN_AFTER_SECS: i64 = 36 * 3600;
/// Three days: the club would lose more than that.
pub const CRIT_AFTER_SECS: i64 = 72 * 3600;

/// Checks the backup state dir `dir` at `now` (Unix seconds).
pub fn check(dir: &Path, now: i64, lang: Lang) -> CheckResult {
    let (status, detail) = judge(dir, now, lang);
    CheckResult {
        target: dir.display().to_string(),
        check: "backup".into(),
        status,
        latency_ms: None,
        detail,
        facts: Facts::default(),
    }
}

fn judge(dir: &Path, now: i64, lang: Lang) -> (Status, String) {
    let last = read_stamp(&dir.join("last-success"));
    let since = read_stamp(&dir.join("since"));
    let (at, msg) = match (last, since) {
        (Ok(Some(t)), _) => (t, Msg::HealthBackupAge),
        (Ok(None), Ok(Some(t))) => (t, Msg::HealthBackupNone),
        (Err(e), _) | (Ok(None), Err(e)) => return (Status::Critical, e),
        (Ok(None), Ok(None)) => {
            return (
                Status::Critical,
                tf(Msg::HealthBackupNoState, lang, &[("dir", &dir.display())]),
            );
        }
    };
    let age = now.saturating_sub(at).max(0);
    let status = if age > CRIT_AFTER_SECS {
        Status::Critical
    } else if age > WARN_AFTER_SECS {
        Status::Warning
    } else {
        Status::Ok
    };
    let hours = format!("{:.1}", age as f64 / 3600.0);
    (status, tf(msg, lang, &[("hours", &hours)]))
}

/// One line with Unix seconds; a missing file is `None`, anything else unreadable is an error text.
fn read_stamp(path: &Path) -> Result<Option<i64>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{}: not a Unix time", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn dir_with(last: Option<&str>, since: Option<&str>) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        if let Some(t) = last {
            std::fs::write(d.path().join("last-success"), t).unwrap();
        }
        if let Some(t) = since {
            std::fs::write(d.path().join("since"), t).unwrap();
        }
        d
    }

    fn status(last: Option<i64>, since: Option<i64>) -> (Status, String) {
        let d = dir_with(
            last.map(|t| t.to_string()).as_deref(),
            since.map(|t| t.to_string()).as_deref(),
        );
        judge(d.path(), NOW, Lang::En)
    }

    #[test]
    fn ok_until_a_day_and_a_half_then_warning_then_critical_after_three_days() {
        assert_eq!(status(Some(NOW - 3600), None).0, Status::Ok);
        assert_eq!(status(Some(NOW - WARN_AFTER_SECS), None).0, Status::Ok);
        assert_eq!(
            status(Some(NOW - WARN_AFTER_SECS - 1), None).0,
            Status::Warning
        );
        assert_eq!(status(Some(NOW - CRIT_AFTER_SECS), None).0, Status::Warning);
        let (s, d) = status(Some(NOW - CRIT_AFTER_SECS - 1), Some(NOW));
        assert_eq!(s, Status::Critical);
        assert!(d.contains("72.0 h"), "{d}");
    }

    #[test]
    fn a_fresh_setup_counts_from_when_backups_were_set_up() {
        let (s, d) = status(None, Some(NOW - 600));
        assert_eq!(s, Status::Ok);
        assert!(d.contains("no successful backup"), "{d}");
        assert_eq!(
            status(None, Some(NOW - CRIT_AFTER_SECS - 1)).0,
            Status::Critical
        );
    }

    #[test]
    fn no_state_or_garbage_is_critical_with_a_reason() {
        let (s, d) = status(None, None);
        assert_eq!(s, Status::Critical);
        assert!(d.contains("backup role"), "{d}");
        let g = dir_with(Some("yesterday\u{1b}[2J"), None);
        let (s, d) = judge(g.path(), NOW, Lang::En);
        assert_eq!(s, Status::Critical);
        assert!(
            d.contains("not a Unix time") && !d.contains('\u{1b}'),
            "{d}"
        );
    }
}
