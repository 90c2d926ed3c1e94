//! Health reports: what `vereint agent` sends (signed), the directory stores and the report history
//! and dashboards show. One `Report` type for all of them; `CheckResult` is also the
//! `vereint health --format json` contract.

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};

/// Monitoring-plugin states; the number is the exit code.
#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    Default,
)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Status {
    #[default]
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Ok,
        Status::Warning,
        Status::Critical,
        Status::Unknown,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Critical => "critical",
            Status::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How bad a state is: OK < WARNING < UNKNOWN < CRITICAL. A service known to be down outweighs
    /// a check that got no answer, although UNKNOWN's exit code (3) is the higher number.
    pub fn severity(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warning => 1,
            Status::Unknown => 2,
            Status::Critical => 3,
        }
    }

    /// The state of a whole run, whose code is its exit code: the worst of its checks by
    /// `severity` (OK without checks).
    pub fn worst(results: &[CheckResult]) -> Status {
        results
            .iter()
            .map(|r| r.status)
            .max_by_key(|s| s.severity())
            .unwrap_or(Status::Ok)
    }
}

impl TryFrom<String> for Status {
    type Error = &'static str;

    fn try_from(s: String) -> Result<Status, Self::Error> {
        Status::parse(&s).ok_or("must be one of ok, warning, critical, unknown")
    }
}

/// One check's outcome: the `--format json` contract is `target`, `check`, `status`, `latency_ms`,
/// `detail`; the facts below feed the dashboard and the agent's report. A check read from a stored
/// report may lack any of them but the status.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub check: String,
    pub status: Status,
    #[serde(default)]
    pub latency_ms: Option<f64>,
    #[serde(default)]
    pub detail: String,
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
}

/// Machine-readable facts some checks learn.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
}

impl Facts {
    pub fn is_empty(&self) -> bool {
        *self == Facts::default()
    }
}

/// The body of `POST /api/v1/instances/{id}/reports`, signed as sent. The directory stores the body
/// as it came (fields it does not know included) and refuses it only when `status` is not one of
/// ok, warning, critical, unknown; a field of another shape reads as missing, a check that cannot be
/// read is left out.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub report_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "ok")]
    pub status: Option<Status>,
    /// When the agent ran the checks (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub observed_at: Option<String>,
    /// The agent's interval: the directory calls an instance stale after three without a report.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub interval_secs: Option<u64>,
    /// The agent's version.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub version: Option<String>,
    #[serde(deserialize_with = "lenient_list")]
    pub checks: Vec<CheckResult>,
}

impl Report {
    /// A stored body; one that is not a report reads as an empty one.
    pub fn read_stored(body: &str) -> Report {
        serde_json::from_str(body).unwrap_or_default()
    }
}

/// A value of the expected shape, or anything else.
#[derive(Deserialize)]
#[serde(untagged)]
enum Lenient<T> {
    Read(T),
    Unreadable(IgnoredAny),
}

impl<T> Lenient<T> {
    fn ok(self) -> Option<T> {
        match self {
            Lenient::Read(v) => Some(v),
            Lenient::Unreadable(_) => None,
        }
    }
}

fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Ok(Option::<Lenient<T>>::deserialize(d)?.and_then(Lenient::ok))
}

fn lenient_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let list = Option::<Lenient<Vec<Lenient<T>>>>::deserialize(d)?.and_then(Lenient::ok);
    Ok(list
        .unwrap_or_default()
        .into_iter()
        .filter_map(Lenient::ok)
        .collect())
}

/// 202 answer to a report.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAccepted {
    pub instance_id: String,
    pub received_at: String,
}

/// `GET /api/v1/instances/{id}/reports`: an instance's recent reports as public data.
/// The history of one instance.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportHistory {
    pub instance_id: String,
    /// Newest first.
    pub reports: Vec<HistoryReport>,
}

/// One report as the public sees it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryReport {
    /// When the directory received it (RFC 3339).
    pub received_at: String,
    /// When the agent observed it, as it said (RFC 3339), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_at: Option<String>,
    /// "ok", "warning", "critical", "unknown", or null when the report gave none.
    pub status: Option<Status>,
    pub checks: Vec<HistoryCheck>,
}

/// One check of a report, as the agent reported it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryCheck {
    /// The kind of check: "http", "tls", "bbb", "mattermost", "stun", "turn", "dns", ...
    pub check: String,
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    #[serde(default)]
    pub detail: String,
    /// Days until the certificate expires (negative: expired), for TLS checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_days: Option<i64>,
    /// The software version the check learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_what_it_can() {
        let r: Report = serde_json::from_str(
            r#"{"status":"warning","observed_at":5,"interval_secs":10,"extra":1,
                "checks":[{"check":"tls","status":"warning","latency_ms":1.5},"x",{"status":"odd"}]}"#,
        )
        .unwrap();
        assert_eq!(r.status, Some(Status::Warning));
        assert_eq!(r.observed_at, None, "a number is no time");
        assert_eq!(r.interval_secs, Some(10));
        assert_eq!(r.checks.len(), 1);
        assert_eq!(r.checks[0].target, "");
        let bad = serde_json::from_str::<Report>(r#"{"status":"fine"}"#).unwrap_err();
        assert!(
            bad.to_string().contains("must be one of ok, warning"),
            "{bad}"
        );
        assert_eq!(Report::read_stored("not json"), Report::default());
    }

    #[test]
    fn the_agents_report_reads_back_as_it_was() {
        let r = Report {
            report_id: Some("ab".into()),
            status: Some(Status::Critical),
            observed_at: Some("2026-11-28T09:00:00Z".into()),
            interval_secs: Some(60),
            version: Some("1.0".into()),
            checks: vec![CheckResult {
                target: "https://x".into(),
                check: "http".into(),
                status: Status::Critical,
                latency_ms: None,
                detail: "down".into(),
                facts: Facts::default(),
            }],
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with(r#"{"report_id":"ab","status":"critical","observed_at""#));
        assert_eq!(Report::read_stored(&json), r);
    }
}
