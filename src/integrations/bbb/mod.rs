//! BigBlueButton API: signed request URLs and typed, lenient parsing of the XML answers.
//! The HTTP transport is in `client`; everything else here is pure.

pub mod checksum;
pub mod client;

use std::fmt;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::i18n::{Lang::En, Msg, tf};

pub use checksum::Algorithm;

/// The shared secret; never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Builds signed URLs for one BBB endpoint (a server, or a Scalelite/bbblb front).
#[derive(Debug, Clone)]
pub struct Api {
    /// The API base, ending in `/bigbluebutton/api/`.
    base: String,
    secret: Secret,
    algorithm: Algorithm,
}

impl Api {
    pub fn new(base: &str, secret: Secret, algorithm: Algorithm) -> Self {
        let base = if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        };
        Api {
            base,
            secret,
            algorithm,
        }
    }

    /// `base + call + "?" + query + "&checksum=" + ...`, the query form-encoded (spaces as `+`).
    pub fn url(&self, call: &str, params: &[(&str, &str)]) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let sum = checksum::checksum(self.algorithm, call, &query, &self.secret.0);
        if query.is_empty() {
            format!("{}{call}?checksum={sum}", self.base)
        } else {
            format!("{}{call}?{query}&checksum={sum}", self.base)
        }
    }

    /// The API root (no checksum): version information.
    pub fn root_url(&self) -> &str {
        &self.base
    }
}

/// A FAILED answer, or an answer that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BbbError {
    #[error("{}", tf(Msg::HealthBbbFailed, En, &[("key", key), ("message", message)]))]
    Failed { key: String, message: String },
    #[error("{}", tf(Msg::HealthBbbMalformed, En, &[("error", .0)]))]
    Malformed(String),
}

impl BbbError {
    pub fn key(&self) -> Option<&str> {
        match self {
            BbbError::Failed { key, .. } => Some(key),
            BbbError::Malformed(_) => None,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Envelope {
    returncode: String,
    #[serde(rename = "messageKey", default)]
    message_key: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// Parses a `<response>`: FAILED (sent with HTTP 200) becomes `BbbError::Failed`; unknown elements are ignored.
pub fn parse<T: DeserializeOwned>(xml: &str) -> Result<T, BbbError> {
    let envelope: Envelope =
        quick_xml::de::from_str(xml).map_err(|e| BbbError::Malformed(e.to_string()))?;
    if envelope.returncode != "SUCCESS" {
        return Err(BbbError::Failed {
            key: envelope.message_key.unwrap_or_default(),
            message: envelope.message.unwrap_or_default(),
        });
    }
    quick_xml::de::from_str(xml).map_err(|e| BbbError::Malformed(e.to_string()))
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Version {
    pub version: String,
    #[serde(rename = "apiVersion", default)]
    pub api_version: Option<String>,
    #[serde(rename = "bbbVersion", default)]
    pub bbb_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Created {
    #[serde(rename = "meetingID")]
    pub meeting_id: String,
    #[serde(rename = "internalMeetingID", default)]
    pub internal_meeting_id: Option<String>,
    #[serde(rename = "createTime", default)]
    pub create_time: Option<u64>,
    #[serde(rename = "voiceBridge", default)]
    pub voice_bridge: Option<String>,
    /// `duplicateWarning` when the meeting existed already.
    #[serde(rename = "messageKey", default)]
    pub message_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Running {
    pub running: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MeetingInfo {
    #[serde(rename = "meetingName", default)]
    pub name: String,
    #[serde(rename = "meetingID")]
    pub meeting_id: String,
    #[serde(rename = "createTime", default)]
    pub create_time: Option<u64>,
    #[serde(default)]
    pub running: bool,
    #[serde(rename = "participantCount", default)]
    pub participant_count: u32,
    #[serde(rename = "moderatorCount", default)]
    pub moderator_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Meetings {
    #[serde(default)]
    meetings: Option<MeetingList>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct MeetingList {
    #[serde(default)]
    meeting: Vec<MeetingInfo>,
}

impl Meetings {
    pub fn list(&self) -> &[MeetingInfo] {
        self.meetings.as_ref().map_or(&[], |m| &m.meeting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        Api::new(
            "https://bbb.example.org/bigbluebutton/api",
            Secret::new("s3cret"),
            Algorithm::Sha256,
        )
    }

    #[test]
    fn urls_are_signed_over_the_query_as_sent() {
        let url = api().url("create", &[("name", "Vorstand & Co"), ("meetingID", "abc")]);
        let (path, query) = url.split_once('?').unwrap();
        assert_eq!(path, "https://bbb.example.org/bigbluebutton/api/create");
        assert!(query.starts_with("name=Vorstand+%26+Co&meetingID=abc&checksum="));
        assert!(checksum::verify("create", query, "s3cret"));
        let bare = api().url("getMeetings", &[]);
        assert!(checksum::verify(
            "getMeetings",
            bare.split_once('?').unwrap().1,
            "s3cret"
        ));
    }

    #[test]
    fn secret_is_not_in_debug_output() {
        assert!(!format!("{:?}", api()).contains("s3cret"));
    }

    #[test]
    fn failed_answers_become_typed_errors() {
        let xml = "<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey>\
                   <message>Checksums do not match</message></response>";
        let err = parse::<Running>(xml).unwrap_err();
        assert_eq!(err.key(), Some("checksumError"));
        assert!(matches!(
            parse::<Running>("<html>502</html>"),
            Err(BbbError::Malformed(_))
        ));
    }

    #[test]
    fn answers_parse_leniently() {
        let created: Created = parse(
            "<response><returncode>SUCCESS</returncode><meetingID>abc</meetingID>\
             <internalMeetingID>x-1</internalMeetingID><parentMeetingID>bbb-none</parentMeetingID>\
             <createTime>1700000000000</createTime><voiceBridge>70001</voiceBridge><hasBeenForciblyEnded>false</hasBeenForciblyEnded>\
             <messageKey>duplicateWarning</messageKey><message>exists</message></response>",
        )
        .unwrap();
        assert_eq!(created.meeting_id, "abc");
        assert_eq!(created.message_key.as_deref(), Some("duplicateWarning"));
        let none: Meetings = parse(
            "<response><returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey>\
             <message>no meetings were found on this server</message></response>",
        )
        .unwrap();
        assert!(none.list().is_empty());
        let two: Meetings = parse(
            "<response><returncode>SUCCESS</returncode><meetings>\
             <meeting><meetingName>A</meetingName><meetingID>a</meetingID><running>true</running><participantCount>3</participantCount><attendees/></meeting>\
             <meeting><meetingName>B</meetingName><meetingID>b</meetingID><running>false</running></meeting>\
             </meetings></response>",
        )
        .unwrap();
        assert_eq!(two.list().len(), 2);
        assert_eq!(two.list()[0].participant_count, 3);
        let version: Version = parse(
            "<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion>\
             <bbbVersion>3.0.4</bbbVersion></response>",
        )
        .unwrap();
        assert_eq!(version.bbb_version.as_deref(), Some("3.0.4"));
    }
}
