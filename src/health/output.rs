//! The three formats of `vereint health`: a table for people (colour unless NO_COLOR), the JSON
//! contract for scripts, and Prometheus text for scrapers.

use std::fmt::Write as _;

use serde::Serialize;

use super::{CheckResult, Status};
use crate::i18n::{Lang, Msg, t};
use crate::output::sanitize;

/// The `--format json` contract: exactly these five fields per check.
#[derive(Serialize)]
pub struct JsonCheck<'a> {
    pub target: &'a str,
    pub check: &'a str,
    pub status: Status,
    pub latency_ms: Option<f64>,
    pub detail: &'a str,
}

pub fn json(results: &[CheckResult]) -> Vec<JsonCheck<'_>> {
    results
        .iter()
        .map(|r| JsonCheck {
            target: &r.target,
            check: &r.check,
            status: r.status,
            latency_ms: r.latency_ms,
            detail: &r.detail,
        })
        .collect()
}

pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Ok => t(Msg::HealthOk, lang),
        Status::Warning => t(Msg::HealthWarning, lang),
        Status::Critical => t(Msg::HealthCritical, lang),
        Status::Unknown => t(Msg::HealthUnknown, lang),
    }
}

fn colour(status: Status) -> &'static str {
    match status {
        Status::Ok => "\x1b[32m",
        Status::Warning => "\x1b[33m",
        Status::Critical => "\x1b[31m",
        Status::Unknown => "\x1b[35m",
    }
}

/// Whether the table may use colour: not with NO_COLOR set (any value), not into a pipe.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

pub fn table(results: &[CheckResult], lang: Lang, colour_on: bool) -> String {
    let header = [
        t(Msg::HealthColStatus, lang).to_string(),
        t(Msg::HealthColTarget, lang).to_string(),
        t(Msg::HealthColCheck, lang).to_string(),
        t(Msg::HealthColLatency, lang).to_string(),
        t(Msg::HealthColDetail, lang).to_string(),
    ];
    let rows: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            [
                status_label(r.status, lang).to_string(),
                sanitize(&r.target),
                sanitize(&crate::i18n::check_name(&r.check, lang)),
                r.latency_ms
                    .map_or_else(|| "-".to_string(), |ms| format!("{ms:.1} ms")),
                sanitize(&r.detail).replace('\n', " "),
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..4).map(width).collect();
    let mut out = String::new();
    let mut line = |cells: &[String; 5], paint: Option<Status>| {
        for (i, cell) in cells.iter().enumerate() {
            if i == 4 {
                out.push_str(cell);
                break;
            }
            let pad = widths[i] - cell.chars().count() + 2;
            match (i, paint) {
                (0, Some(s)) if colour_on => {
                    let _ = write!(out, "{}{cell}\x1b[0m", colour(s));
                }
                _ => out.push_str(cell),
            }
            out.push_str(&" ".repeat(pad));
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
    };
    line(&header, None);
    for (row, r) in rows.iter().zip(results) {
        line(row, Some(r.status));
    }
    out
}

fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

pub fn prometheus(results: &[CheckResult]) -> String {
    let mut out = String::new();
    out.push_str(
        "# HELP vereint_health_status Check state: 0 ok, 1 warning, 2 critical, 3 unknown.\n",
    );
    out.push_str("# TYPE vereint_health_status gauge\n");
    for r in results {
        let _ = writeln!(
            out,
            "vereint_health_status{{target=\"{}\",check=\"{}\"}} {}",
            label(&r.target),
            label(&r.check),
            r.status.code()
        );
    }
    out.push_str("# HELP vereint_health_latency_seconds Time the check took.\n");
    out.push_str("# TYPE vereint_health_latency_seconds gauge\n");
    for r in results {
        if let Some(ms) = r.latency_ms {
            let _ = writeln!(
                out,
                "vereint_health_latency_seconds{{target=\"{}\",check=\"{}\"}} {}",
                label(&r.target),
                label(&r.check),
                ms / 1000.0
            );
        }
    }
    out.push_str("# HELP vereint_health_certificate_days Days until the certificate expires.\n");
    out.push_str("# TYPE vereint_health_certificate_days gauge\n");
    for r in results {
        if let Some(days) = r.facts.cert_days {
            let _ = writeln!(
                out,
                "vereint_health_certificate_days{{target=\"{}\"}} {days}",
                label(&r.target)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::Facts;

    fn results() -> Vec<CheckResult> {
        vec![
            CheckResult {
                target: "https://a.example/".into(),
                check: "tls".into(),
                status: Status::Warning,
                latency_ms: Some(12.5),
                detail: "expires in 10 days".into(),
                facts: Facts {
                    cert_days: Some(10),
                    ..Facts::default()
                },
            },
            CheckResult {
                target: "stun:\"x\":3478".into(),
                check: "stun".into(),
                status: Status::Critical,
                latency_ms: None,
                detail: "no answer".into(),
                facts: Facts::default(),
            },
        ]
    }

    #[test]
    fn json_has_exactly_the_contract_fields() {
        let v = serde_json::to_value(json(&results())).unwrap();
        let first = v[0].as_object().unwrap();
        let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["check", "detail", "latency_ms", "status", "target"]);
        assert_eq!(v[0]["status"], "warning");
        assert_eq!(v[1]["latency_ms"], serde_json::Value::Null);
    }

    #[test]
    fn prometheus_escapes_labels() {
        let text = prometheus(&results());
        assert!(
            text.contains("vereint_health_status{target=\"stun:\\\"x\\\":3478\",check=\"stun\"} 2")
        );
        assert!(text.contains(
            "vereint_health_latency_seconds{target=\"https://a.example/\",check=\"tls\"} 0.0125"
        ));
        assert!(text.contains("vereint_health_certificate_days{target=\"https://a.example/\"} 10"));
    }

    #[test]
    fn table_colours_only_when_asked() {
        let plain = table(&results(), Lang::En, false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.lines().nth(1).unwrap().starts_with("WARNING"));
        let coloured = table(&results(), Lang::En, true);
        assert!(coloured.contains("\x1b[33mWARNING\x1b[0m"));
    }

    #[test]
    fn worst_status_is_the_exit_code() {
        assert_eq!(Status::worst(&results()).code(), 2);
        assert_eq!(Status::worst(&[]).code(), 0);
        let with = |states: &[Status]| -> Vec<CheckResult> {
            states
                .iter()
                .map(|s| CheckResult {
                    status: *s,
                    ..results()[0].clone()
                })
                .collect()
        };
        use Status::*;
        // a service known to be down beats a check that got no answer, whatever the order
        assert_eq!(Status::worst(&with(&[Unknown, Critical, Ok])), Critical);
        assert_eq!(Status::worst(&with(&[Critical, Unknown])), Critical);
        assert_eq!(Status::worst(&with(&[Warning, Unknown, Ok])), Unknown);
        assert_eq!(Status::worst(&with(&[Ok, Warning])), Warning);
    }
}
