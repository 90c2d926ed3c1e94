//! Self-hosted club instances: enrollment, registration and the public list
//! (`/api/v1/admin/enrollments`, `/api/v1/instances`).

use serde::{Deserialize, Serialize};

use super::reports::Status;

/// `POST /api/v1/admin/enrollments` (the body may be empty).
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEnrollment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentCreated {
    pub token: String,
    pub expires_at: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// What it is: "bbb", "mattermost", "turn", ...
    pub kind: String,
    pub url: String,
    pub software: String,
    pub version: String,
}

/// `POST /api/v1/instances` with `Authorization: Bearer <enrollment token>`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInstance {
    pub organisation: String,
    pub contact_email: String,
    pub services: Vec<ServiceEntry>,
    /// The language of the alerts to `contact_email`: `de` (default) or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "de")]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceCreated {
    pub id: String,
    /// Shown once: the HMAC key for reports.
    pub secret: String,
}

/// One entry of the public instance list.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicInstance {
    pub id: String,
    pub organisation: String,
    pub services: Vec<ServiceEntry>,
    /// "new" until the first report, then the status the last report gave, or "stale".
    pub status: InstanceStatus,
    pub registered_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_report_at: Option<String>,
    /// Share of the last 24 hours (or of the time since the first report, if shorter) in which the
    /// instance was up (0..=1): each report's status holds from when it was observed until the next
    /// report, for at most three of its intervals; silence is down, "ok" and "warning" are up. Null
    /// before the first report.
    pub uptime_24h: Option<f64>,
    /// The same over 30 days.
    #[serde(default)]
    pub uptime_30d: Option<f64>,
    /// No report for three of the agent's intervals; `status` then says "stale".
    #[serde(default)]
    pub stale: bool,
    /// The report interval the agent announced in its last report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_interval_secs: Option<i64>,
    /// The directory's own check of the published URLs, when the operator turned it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_check: Option<DirectoryCheck>,
}

/// The directory's last look at an instance's published http(s) URLs.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryCheck {
    /// "ok" when every URL answered below 400, else "critical".
    pub status: Status,
    pub detail: String,
    pub checked_at: String,
}

/// What the public list says about an instance.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceStatus {
    /// Registered, no report yet.
    New,
    Ok,
    Warning,
    Critical,
    Unknown,
    /// No report for three of the agent's intervals.
    Stale,
}

impl InstanceStatus {
    pub const ALL: [InstanceStatus; 6] = [
        InstanceStatus::New,
        InstanceStatus::Ok,
        InstanceStatus::Warning,
        InstanceStatus::Critical,
        InstanceStatus::Unknown,
        InstanceStatus::Stale,
    ];

    pub fn parse(s: &str) -> Option<InstanceStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::New => "new",
            InstanceStatus::Stale => "stale",
            InstanceStatus::Ok => "ok",
            InstanceStatus::Warning => "warning",
            InstanceStatus::Critical => "critical",
            InstanceStatus::Unknown => "unknown",
        }
    }

    /// The report status it stands for; None for new and stale.
    pub fn reported(self) -> Option<Status> {
        match self {
            InstanceStatus::Ok => Some(Status::Ok),
            InstanceStatus::Warning => Some(Status::Warning),
            InstanceStatus::Critical => Some(Status::Critical),
            InstanceStatus::Unknown => Some(Status::Unknown),
            InstanceStatus::New | InstanceStatus::Stale => None,
        }
    }
}

impl From<Status> for InstanceStatus {
    fn from(s: Status) -> InstanceStatus {
        match s {
            Status::Ok => InstanceStatus::Ok,
            Status::Warning => InstanceStatus::Warning,
            Status::Critical => InstanceStatus::Critical,
            Status::Unknown => InstanceStatus::Unknown,
        }
    }
}

impl std::fmt::Display for InstanceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
