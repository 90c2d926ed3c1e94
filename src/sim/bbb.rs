//! `vereint sim bbb`: an in-memory BigBlueButton API server, faithful to what clients see
//! (PROTOCOLS.md): checksums verified over the raw query as received with any of the four
//! algorithms, FAILED answered with HTTP 200, `duplicateWarning` / `idNotUnique` on repeated create,
//! `running` only once someone has joined, `noMeetings`, roles from `role` or the passwords.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha1::{Digest, Sha1};

use crate::api::token::{hex, random_bytes};
use crate::i18n::{Lang, Msg, tf};
use crate::integrations::bbb::checksum;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free one; the bound address is printed)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8090")]
    pub bind: String,
    /// The shared secret (prefer --secret-file: command lines are visible to other users)
    #[arg(
        long,
        conflicts_with = "secret_file",
        required_unless_present = "secret_file"
    )]
    pub secret: Option<String>,
    /// File holding the shared secret
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

pub async fn run(lang: Lang, args: Args) -> anyhow::Result<()> {
    let secret = match (&args.secret, &args.secret_file) {
        (Some(s), _) => s.trim().to_string(),
        (None, Some(file)) => std::fs::read_to_string(file)
            .with_context(|| format!("reading the secret file {}", file.display()))?
            .trim()
            .to_string(),
        (None, None) => unreachable!("clap requires one of them"),
    };
    if secret.is_empty() {
        anyhow::bail!("the BBB secret is empty; put it in the file given with --secret-file");
    }
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("binding {}; is another server using it?", args.bind))?;
    let addr = listener.local_addr()?;
    output::text(&tf(Msg::SimBbbListening, lang, &[("addr", &addr)]))?;
    axum::serve(listener, router(secret))
        .with_graceful_shutdown(crate::runtime::shutdown_signal())
        .await
        .context("serving")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Moderator,
    Viewer,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "MODERATOR",
            Role::Viewer => "VIEWER",
        }
    }
}

#[derive(Debug, Clone)]
struct Attendee {
    user_id: String,
    full_name: String,
    role: Role,
}

#[derive(Debug, Clone)]
struct Meeting {
    id: String,
    internal_id: String,
    name: String,
    create_time: u64,
    attendee_pw: String,
    moderator_pw: String,
    voice_bridge: String,
    record: bool,
    max_participants: usize,
    guest_policy: String,
    mute_on_start: bool,
    meta: Vec<(String, String)>,
    attendees: Vec<Attendee>,
}

#[derive(Default)]
struct Sim {
    meetings: HashMap<String, Meeting>,
    /// session token -> (meeting id, user id): what the HTML5 client is opened with.
    sessions: HashMap<String, (String, String)>,
}

struct SimState {
    secret: String,
    sim: Mutex<Sim>,
}

type Shared = Arc<SimState>;

/// The simulator's routes: the API under `/bigbluebutton/api/`, and the page a join redirects to.
pub fn router(secret: String) -> Router {
    let state = Arc::new(SimState {
        secret,
        sim: Mutex::new(Sim::default()),
    });
    Router::new()
        .route("/bigbluebutton/api", get(root))
        .route("/bigbluebutton/api/", get(root))
        .route("/bigbluebutton/api/{call}", get(call).post(call))
        .route("/html5client/join", get(client_page))
        .with_state(state)
}

fn xml(body: String) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml;charset=utf-8"),
        )],
        format!("<response><returncode>SUCCESS</returncode>{body}</response>"),
    )
        .into_response()
}

/// FAILED goes out with HTTP 200, as BBB does it.
fn failed(key: &str, message: &str) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml;charset=utf-8"),
        )],
        format!(
            "<response><returncode>FAILED</returncode><messageKey>{key}</messageKey><message>{}</message></response>",
            output::escape_html(message)
        ),
    )
        .into_response()
}

fn el(name: &str, value: impl std::fmt::Display) -> String {
    format!(
        "<{name}>{}</{name}>",
        output::escape_html(&value.to_string())
    )
}

async fn root() -> Response {
    xml(format!(
        "{}{}{}{}",
        el("version", "2.0"),
        el("apiVersion", "2.0"),
        el("bbbVersion", "3.0.0-vereint-sim"),
        el("graphqlWebsocketUrl", "")
    ))
}

fn now_ms() -> u64 {
    u64::try_from(jiff::Timestamp::now().as_millisecond()).unwrap_or(0)
}

fn random_hex() -> String {
    hex(&random_bytes::<12>())
}

type Params = HashMap<String, String>;

fn params(raw: &str) -> Params {
    let mut map = Params::new();
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    map
}

fn flag(p: &Params, name: &str) -> bool {
    p.get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

async fn call(
    State(state): State<Shared>,
    Path(call): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let raw = raw.unwrap_or_default();
    if !checksum::verify(&call, &raw, &state.secret) {
        return failed(
            "checksumError",
            "You did not pass the checksum security check",
        );
    }
    let p = params(&raw);
    let mut sim = state.sim.lock().unwrap_or_else(|e| e.into_inner());
    match call.as_str() {
        "create" => create(&mut sim, &p),
        "join" => join(&mut sim, &p, &headers),
        "isMeetingRunning" => match p.get("meetingID") {
            None => missing_meeting_id(),
            Some(id) => xml(el(
                "running",
                sim.meetings
                    .get(id)
                    .is_some_and(|m| !m.attendees.is_empty()),
            )),
        },
        "getMeetingInfo" => match p.get("meetingID") {
            None => missing_meeting_id(),
            Some(id) => match sim.meetings.get(id) {
                Some(m) => xml(meeting_xml(m)),
                None => not_found(),
            },
        },
        "getMeetings" => {
            if sim.meetings.is_empty() {
                return xml(format!(
                    "<meetings/>{}{}",
                    el("messageKey", "noMeetings"),
                    el("message", "no meetings were found on this server")
                ));
            }
            let mut list: Vec<&Meeting> = sim.meetings.values().collect();
            list.sort_by_key(|m| m.create_time);
            let inner: String = list
                .iter()
                .map(|m| format!("<meeting>{}</meeting>", meeting_xml(m)))
                .collect();
            xml(format!("<meetings>{inner}</meetings>"))
        }
        "end" => match p.get("meetingID") {
            None => missing_meeting_id(),
            Some(id) => match sim.meetings.remove(id) {
                Some(_) => {
                    sim.sessions.retain(|_, (m, _)| m != id);
                    xml(format!(
                        "{}{}",
                        el("messageKey", "sentEndMeetingRequest"),
                        el(
                            "message",
                            "A request to end the meeting was sent.  Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended."
                        )
                    ))
                }
                None => not_found(),
            },
        },
        _ => failed(
            "unsupportedRequest",
            "This request is not supported by the simulator.",
        ),
    }
}

fn missing_meeting_id() -> Response {
    failed(
        "missingParamMeetingID",
        "You must specify a meeting ID for the meeting.",
    )
}

fn not_found() -> Response {
    failed(
        "notFound",
        "We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?",
    )
}

fn valid_meeting_id(id: &str) -> bool {
    (2..=256).contains(&id.chars().count()) && !id.contains(',')
}

fn create(sim: &mut Sim, p: &Params) -> Response {
    let Some(id) = p.get("meetingID") else {
        return missing_meeting_id();
    };
    if !valid_meeting_id(id) {
        return failed(
            "validationError",
            "Meeting ID must be between 2 and 256 characters and must not contain commas",
        );
    }
    let Some(name) = p.get("name").filter(|n| !n.trim().is_empty()) else {
        return failed("validationError", "You must provide a meeting name");
    };
    let meta: Vec<(String, String)> = p
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("meta_").map(|k| (k.to_string(), v.clone())))
        .collect();
    if meta.iter().any(|(k, _)| {
        k.is_empty()
            || !k
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }) {
        return failed(
            "validationError",
            "Metadata names must consist of letters, digits, - and _",
        );
    }
    let max_participants = match p.get("maxParticipants").map(|v| v.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return failed("validationError", "maxParticipants must be a number"),
    };
    if let Some(existing) = sim.meetings.get(id) {
        let same = |given: Option<&String>, have: &str| given.is_none_or(|g| g == have);
        if !same(p.get("attendeePW"), &existing.attendee_pw)
            || !same(p.get("moderatorPW"), &existing.moderator_pw)
        {
            return failed(
                "idNotUnique",
                "A meeting already exists with that meeting ID.  Please use a different meeting ID.",
            );
        }
        return xml(format!(
            "{}{}{}",
            created_xml(existing),
            el("messageKey", "duplicateWarning"),
            el(
                "message",
                "This conference was already in existence and may currently be in progress."
            )
        ));
    }
    let create_time = now_ms();
    let internal = {
        let mut h = Sha1::new();
        h.update(id.as_bytes());
        format!("{}-{create_time}", hex(&h.finalize()))
    };
    let bridge = 70000 + u32::from(random_bytes::<2>()[0]) * 39;
    let meeting = Meeting {
        id: id.clone(),
        internal_id: internal,
        name: name.clone(),
        create_time,
        attendee_pw: p.get("attendeePW").cloned().unwrap_or_else(random_hex),
        moderator_pw: p.get("moderatorPW").cloned().unwrap_or_else(random_hex),
        voice_bridge: p
            .get("voiceBridge")
            .cloned()
            .unwrap_or_else(|| bridge.to_string()),
        record: flag(p, "record"),
        max_participants,
        guest_policy: p
            .get("guestPolicy")
            .cloned()
            .unwrap_or_else(|| "ALWAYS_ACCEPT".into()),
        mute_on_start: flag(p, "muteOnStart"),
        meta,
        attendees: Vec::new(),
    };
    let body = created_xml(&meeting);
    sim.meetings.insert(id.clone(), meeting);
    xml(format!("{body}<messageKey/><message/>"))
}

fn created_xml(m: &Meeting) -> String {
    [
        el("meetingID", &m.id),
        el("internalMeetingID", &m.internal_id),
        el("parentMeetingID", "bbb-none"),
        el("attendeePW", &m.attendee_pw),
        el("moderatorPW", &m.moderator_pw),
        started_xml(m),
        el("hasUserJoined", !m.attendees.is_empty()),
        el("duration", 0),
        el("hasBeenForciblyEnded", false),
    ]
    .concat()
}

/// When and where the meeting started, as both `create` and `getMeetingInfo` list it.
fn started_xml(m: &Meeting) -> String {
    [
        el("createTime", m.create_time),
        el("voiceBridge", &m.voice_bridge),
        el("dialNumber", "613-555-1234"),
        el("createDate", create_date(m.create_time)),
    ]
    .concat()
}

/// As BBB (Java's `Date.toString()`) writes it: `Sat Nov 28 03:26:42 UTC 2026`.
fn create_date(ms: u64) -> String {
    jiff::Timestamp::from_millisecond(i64::try_from(ms).unwrap_or(0))
        .map(|t| t.strftime("%a %b %d %H:%M:%S UTC %Y").to_string())
        .unwrap_or_default()
}

fn meeting_xml(m: &Meeting) -> String {
    let moderators = m
        .attendees
        .iter()
        .filter(|a| a.role == Role::Moderator)
        .count();
    let attendees: String = m
        .attendees
        .iter()
        .map(|a| {
            format!(
                "<attendee>{}{}{}{}{}{}{}{}</attendee>",
                el("userID", &a.user_id),
                el("fullName", &a.full_name),
                el("role", a.role.as_str()),
                el("isPresenter", a.role == Role::Moderator),
                el("isListeningOnly", false),
                el("hasJoinedVoice", false),
                el("hasVideo", false),
                el("clientType", "HTML5"),
            )
        })
        .collect();
    let meta: String = m.meta.iter().map(|(k, v)| el(k, v)).collect();
    [
        el("meetingName", &m.name),
        el("meetingID", &m.id),
        el("internalMeetingID", &m.internal_id),
        started_xml(m),
        el("attendeePW", &m.attendee_pw),
        el("moderatorPW", &m.moderator_pw),
        el("running", !m.attendees.is_empty()),
        el("duration", 0),
        el("hasUserJoined", !m.attendees.is_empty()),
        el("recording", m.record),
        el("hasBeenForciblyEnded", false),
        el("startTime", m.create_time),
        el("endTime", 0),
        el("participantCount", m.attendees.len()),
        el("listenerCount", 0),
        el("voiceParticipantCount", 0),
        el("videoCount", 0),
        el("maxUsers", m.max_participants),
        el("moderatorCount", moderators),
        el("guestPolicy", &m.guest_policy),
        el("muteOnStart", m.mute_on_start),
        format!("<attendees>{attendees}</attendees>"),
        format!("<metadata>{meta}</metadata>"),
        el("isBreakout", false),
    ]
    .concat()
}

fn join(sim: &mut Sim, p: &Params, headers: &HeaderMap) -> Response {
    let Some(full_name) = p.get("fullName").filter(|n| !n.trim().is_empty()) else {
        return failed(
            "missingParamFullName",
            "You must specify a name for the attendee who will be joining the meeting.",
        );
    };
    let Some(id) = p.get("meetingID") else {
        return missing_meeting_id();
    };
    let Some(meeting) = sim.meetings.get_mut(id) else {
        return failed(
            "invalidMeetingIdentifier",
            "The meeting ID that you supplied did not match any existing meetings",
        );
    };
    if let Some(t) = p.get("createTime")
        && t != &meeting.create_time.to_string()
    {
        return failed(
            "mismatchCreateTimeParam",
            "The createTime parameter submitted mismatches with the current meeting.",
        );
    }
    let role = match (p.get("role"), p.get("password")) {
        (Some(r), _) if r.eq_ignore_ascii_case("MODERATOR") => Role::Moderator,
        (Some(r), _) if r.eq_ignore_ascii_case("VIEWER") => Role::Viewer,
        (Some(_), _) => {
            return failed("validationError", "role must be MODERATOR or VIEWER");
        }
        (None, Some(pw)) if pw == &meeting.moderator_pw => Role::Moderator,
        (None, Some(pw)) if pw == &meeting.attendee_pw => Role::Viewer,
        (None, Some(_)) => {
            return failed(
                "invalidPassword",
                "The password you submitted is not valid.",
            );
        }
        (None, None) => {
            return failed(
                "validationError",
                "You must provide either a role or a password",
            );
        }
    };
    if meeting.max_participants > 0 && meeting.attendees.len() >= meeting.max_participants {
        return failed(
            "maxParticipantsReached",
            "The number of participants allowed for this meeting has been reached.",
        );
    }
    let user_id = p
        .get("userID")
        .cloned()
        .unwrap_or_else(|| format!("w_{}", random_hex()));
    meeting.attendees.push(Attendee {
        user_id: user_id.clone(),
        full_name: full_name.clone(),
        role,
    });
    let session = random_hex();
    let meeting_id = meeting.id.clone();
    let internal_id = meeting.internal_id.clone();
    sim.sessions
        .insert(session.clone(), (meeting_id, user_id.clone()));
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let url = format!("http://{host}/html5client/join?sessionToken={session}");
    if p.get("redirect")
        .is_some_and(|v| v.eq_ignore_ascii_case("false"))
    {
        return xml([
            el("messageKey", "successfullyJoined"),
            el("message", "You have joined successfully."),
            el("meeting_id", internal_id),
            el("user_id", &user_id),
            el("auth_token", random_hex()),
            el("session_token", &session),
            el("guestStatus", "ALLOW"),
            el("url", &url),
        ]
        .concat());
    }
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&url) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// Stands in for the HTML5 client: says who joined where, with which role.
async fn client_page(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = params(&raw.unwrap_or_default());
    let sim = state.sim.lock().unwrap_or_else(|e| e.into_inner());
    let found = p
        .get("sessionToken")
        .and_then(|t| sim.sessions.get(t))
        .and_then(|(m, u)| {
            let meeting = sim.meetings.get(m)?;
            let a = meeting.attendees.iter().find(|a| &a.user_id == u)?;
            Some((meeting.name.clone(), a.full_name.clone(), a.role))
        });
    match found {
        Some((meeting, name, role)) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            format!(
                "<!doctype html><title>{}</title><p>{} joined as <span id=\"role\">{}</span></p>",
                output::escape_html(&meeting),
                output::escape_html(&name),
                role.as_str()
            ),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "unknown or expired session\n").into_response(),
    }
}
