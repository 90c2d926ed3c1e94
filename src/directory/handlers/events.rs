//! Events with their next dates and iCalendar feeds (`/api/v1/events`, `/api/v1/events.ics`), and
//! registrations for them, with the waiting list and the operator's list (JSON or CSV).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Problems, idempotency_key, json, key_reused, query, request_hash};
use crate::api::token::{derive_token, hash_token, new_id, new_token, token_matches};
use crate::api::validate::{Check, registration_errors};
use crate::api::{
    EventDate, EventInfo, FieldError, NewRegistration, Problem, ProblemKind, Registration,
    RegistrationCreated, RegistrationStatus, time_text,
};
use crate::directory::auth::require_bearer;
use crate::directory::db::{Registered, RegistrationRow};
use crate::directory::error::ApiResult;
use crate::directory::input::Json;
use crate::directory::{Shared, now_ms};
use crate::i18n::Lang;

/// How many dates an event offers for registration.
const DATES_OFFERED: usize = 6;

fn find_event<'a>(state: &'a Shared, id: &str) -> ApiResult<&'a crate::events::Event> {
    state
        .catalog
        .events
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Problem::not_found("event"))
}

pub(super) async fn event_info(state: &Shared, e: &crate::events::Event) -> ApiResult<EventInfo> {
    let counts = state.db.registration_counts(&e.id).await?;
    let count = |date: &str, status: RegistrationStatus| -> u32 {
        counts
            .iter()
            .filter(|(d, s, _)| d == date && s == status.as_str())
            .map(|(_, _, n)| u32::try_from(*n).unwrap_or(u32::MAX))
            .sum()
    };
    let next_dates = e
        .upcoming(jiff::Timestamp::now(), DATES_OFFERED)
        .into_iter()
        .map(|o| {
            let date = o.start.date().to_string();
            let confirmed = count(&date, RegistrationStatus::Confirmed);
            EventDate {
                start: o.start.timestamp().to_string(),
                end: o.end.timestamp().to_string(),
                confirmed,
                waitlisted: count(&date, RegistrationStatus::Waitlisted),
                available: e.capacity.saturating_sub(confirmed),
                date,
            }
        })
        .collect();
    Ok(EventInfo {
        id: e.id.clone(),
        kind: e.kind,
        title: e.title.clone(),
        description: e.description.clone(),
        language: e.language.clone(),
        capacity: e.capacity,
        online_url: e.online_url.clone(),
        place: e.place.clone(),
        next_dates,
    })
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events", responses((status = 200, description = "Events with their next dates", body = Vec<EventInfo>), Problems))]
pub(super) async fn list_events(State(state): State<Shared>) -> ApiResult<Response> {
    let mut list = Vec::new();
    for e in &state.catalog.events {
        list.push(event_info(&state, e).await?);
    }
    Ok(json(StatusCode::OK, &list))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path)), responses((status = 200, description = "One event", body = EventInfo), Problems))]
pub(super) async fn get_event(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let e = find_event(&state, &id)?;
    Ok(json(StatusCode::OK, &event_info(&state, e).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LangQuery {
    lang: Option<Lang>,
}

fn ics_response(body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=900"),
            ),
        ],
        body,
    )
        .into_response()
}

fn lang_of(
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Lang> {
    let q = query(q, "lang", Some("must be `de` or `en`"))?;
    Ok(q.lang.unwrap_or(Lang::De))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/calendar.ics", tag = "events", params(("id" = String, Path), ("lang" = Option<String>, Query, description = "de (default) or en")), responses((status = 200, description = "iCalendar", body = String, content_type = "text/calendar"), Problems))]
pub(super) async fn event_ics(
    State(state): State<Shared>,
    Path(id): Path<String>,
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let lang = lang_of(q)?;
    let e = find_event(&state, &id)?;
    Ok(ics_response(crate::events::to_ics(
        [e],
        jiff::Timestamp::now(),
        lang,
    )))
}

#[utoipa::path(get, path = "/api/v1/events.ics", tag = "events", params(("lang" = Option<String>, Query, description = "de (default) or en")), responses((status = 200, description = "iCalendar of all events' next dates, to subscribe to (webcal://)", body = String, content_type = "text/calendar"), Problems))]
pub(super) async fn all_ics(
    State(state): State<Shared>,
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let lang = lang_of(q)?;
    Ok(ics_response(crate::events::to_ics(
        &state.catalog.events,
        jiff::Timestamp::now(),
        lang,
    )))
}

/// The feed's first address, kept for calendars subscribed to it: a permanent redirect.
#[utoipa::path(get, path = "/api/v1/calendar.ics", tag = "events", params(("lang" = Option<String>, Query, description = "de (default) or en")), responses((status = 301, description = "Deprecated: moved to /api/v1/events.ics (same query)"), Problems))]
pub(super) async fn old_all_ics(
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let lang = q
        .map_err(|_| Problem::field("lang", "must be `de` or `en`"))?
        .0
        .lang;
    let target = match lang {
        Some(lang) => format!("/{}?lang={}", crate::api::EVENTS_FEED, lang.code()),
        None => format!("/{}", crate::api::EVENTS_FEED),
    };
    Ok((
        StatusCode::MOVED_PERMANENTLY,
        [(
            header::LOCATION,
            HeaderValue::from_str(&target).map_err(Problem::internal)?,
        )],
    )
        .into_response())
}

fn registration_status(r: &RegistrationRow) -> ApiResult<RegistrationStatus> {
    RegistrationStatus::parse(&r.status)
        .ok_or_else(|| Problem::internal(format!("registration status {} in db", r.status)))
}

fn registration_json(r: &RegistrationRow) -> ApiResult<Registration> {
    Ok(Registration {
        id: r.id.clone(),
        event_id: r.event_id.clone(),
        date: r.date.clone(),
        name: r.name.clone(),
        email: r.email.clone(),
        organisation: r.organisation.clone(),
        note: r.note.clone(),
        status: registration_status(r)?,
        created_at: time_text(r.created_at),
        updated_at: time_text(r.updated_at),
        address: None,
    })
}

#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "events", params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Optional; as for bookings: 16..=128 visible ASCII characters, at least 8 of them different")), request_body = NewRegistration, responses((status = 201, description = "Confirmed or waitlisted; the cancel token is shown here only", body = RegistrationCreated), Problems))]
pub(super) async fn register(
    State(state): State<Shared>,
    Path(event_id): Path<String>,
    headers: HeaderMap,
    Json(new): Json<NewRegistration>,
) -> ApiResult<Response> {
    let event = find_event(&state, &event_id)?;
    let key = idempotency_key(&headers, false)?;
    let mut c = Check(registration_errors(&new));
    let dates: Vec<String> = event
        .upcoming(jiff::Timestamp::now(), DATES_OFFERED)
        .iter()
        .map(|o| o.start.date().to_string())
        .collect();
    let date = match &new.date {
        Some(d) if dates.contains(d) => Some(d.clone()),
        Some(_) => {
            c.fail(
                "date",
                format!(
                    "must be one of the next dates of this event: {}",
                    dates.join(", ")
                ),
            );
            None
        }
        None if dates.is_empty() => {
            return Err(Problem::new(
                ProblemKind::EventWithoutDates,
                "this event has no upcoming dates",
            ));
        }
        None => dates.first().cloned(),
    };
    c.finish()?;
    let date = date.expect("checked");
    let now = now_ms();
    let id = new_id("rg");
    let token = match &key {
        Some(key) => derive_token("can", key, &id),
        None => new_token("can"),
    };
    let hash = request_hash(&(&event_id, &new));
    let row = RegistrationRow {
        id: id.clone(),
        event_id: event_id.clone(),
        date: date.clone(),
        name: new.name.trim().into(),
        email: new.email.trim().into(),
        organisation: new.organisation.trim().into(),
        note: new
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from),
        status: String::new(),
        token_hash: hash_token(&token),
        request_hash: hash.clone(),
        created_at: now,
        updated_at: now,
        lang: new.lang.unwrap_or_default().code().into(),
    };
    let key_hash = key.as_deref().map(hash_token);
    let messages = |status: &str| state.notify.registered(&row, status, event);
    let (id, token) = match state
        .db
        .register(
            &row,
            key_hash.as_deref(),
            i64::from(event.capacity),
            &messages,
        )
        .await?
    {
        Registered::Created { .. } => {
            state.outbox.now();
            (id, token)
        }
        Registered::Existing { id, request_hash } if request_hash == hash => {
            let key = key
                .as_deref()
                .expect("only keyed requests meet an existing one");
            let token = derive_token("can", key, &id);
            (id, token)
        }
        Registered::Existing { .. } => return Err(key_reused()),
        Registered::Duplicate { status } => return Err(already_registered(&date, &status)),
    };
    let stored = state
        .db
        .registration(&id)
        .await?
        .ok_or_else(|| Problem::internal("registration vanished after insert"))?;
    let created = RegistrationCreated {
        id: stored.id.clone(),
        event_id: stored.event_id.clone(),
        date: stored.date.clone(),
        status: registration_status(&stored)?,
        cancel_token: token,
    };
    Ok(json(StatusCode::CREATED, &created))
}

/// The 409 for a second registration of one e-mail address for one date. The field message
/// (`already registered for DATE: STATUS`) is the one the client translates.
fn already_registered(date: &str, status: &str) -> Problem {
    Problem::new(
        ProblemKind::AlreadyRegistered,
        format!("this e-mail address is already registered for {date} ({status}); one registration per address and date"),
    )
    .with_errors(vec![FieldError::new(
        "email",
        format!("already registered for {date}: {status}"),
    )])
}

pub(super) async fn owned_registration(
    state: &Shared,
    headers: &HeaderMap,
    event_id: &str,
    id: &str,
) -> ApiResult<RegistrationRow> {
    let token = require_bearer(headers)?;
    let row = state
        .db
        .registration(id)
        .await?
        .filter(|r| r.event_id == event_id)
        .ok_or_else(|| Problem::not_found("registration"))?;
    if token_matches(token, &row.token_hash) || state.admin.check(headers).is_ok() {
        Ok(row)
    } else {
        Err(Problem::unauthorized(
            "this token does not belong to this registration",
        ))
    }
}

#[utoipa::path(get, path = "/api/v1/events/{id}/registrations/{rid}", tag = "events", security(("cancel_token" = [])), params(("id" = String, Path), ("rid" = String, Path)), responses((status = 200, description = "The registration; once confirmed with the event's exact address, if it has one", body = Registration), Problems))]
pub(super) async fn get_registration(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((event_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let row = owned_registration(&state, &headers, &event_id, &id).await?;
    let registration = registration_json(&row)?;
    // the address promised "after registration" goes to those with a place
    let address = match registration.status {
        RegistrationStatus::Confirmed => find_event(&state, &event_id)
            .ok()
            .and_then(|e| e.address_after_registration.clone()),
        _ => None,
    };
    Ok(json(
        StatusCode::OK,
        &Registration {
            address,
            ..registration
        },
    ))
}

#[utoipa::path(delete, path = "/api/v1/events/{id}/registrations/{rid}", tag = "events", security(("cancel_token" = [])), params(("id" = String, Path), ("rid" = String, Path)), responses((status = 200, description = "Cancelled; the first on the waiting list moves up", body = Registration), Problems))]
pub(super) async fn cancel_registration(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((event_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    owned_registration(&state, &headers, &event_id, &id).await?;
    let event = find_event(&state, &event_id).ok();
    let messages = |r: &RegistrationRow, promoted: Option<&RegistrationRow>| match event {
        Some(e) => state.notify.unregistered(r, promoted, e),
        None => Vec::new(),
    };
    let cancelled = state
        .db
        .cancel_registration(&id, now_ms(), &messages)
        .await?
        .ok_or_else(|| Problem::not_found("registration"))?;
    state.outbox.now();
    if let Some(promoted) = &cancelled.promoted {
        tracing::info!(registration = %promoted, event = %event_id, "moved up from the waiting list");
    }
    Ok(json(
        StatusCode::OK,
        &registration_json(&cancelled.registration)?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FormatQuery {
    format: Option<String>,
}

/// One CSV cell: quoted, and with a leading `'` when a spreadsheet would take it for a formula.
fn csv_cell(value: &str) -> String {
    let value: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

#[utoipa::path(get, path = "/api/v1/admin/events/{id}/registrations", tag = "admin", security(("admin_token" = [])), params(("id" = String, Path), ("format" = Option<String>, Query, description = "json (default) or csv")), responses((status = 200, description = "Registrations", body = Vec<Registration>), Problems))]
pub(super) async fn admin_registrations(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(event_id): Path<String>,
    q: Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    state.admin.check(&headers)?;
    let q = query(q, "format", Some("must be `json` or `csv`"))?;
    find_event(&state, &event_id)?;
    let rows = state.db.registrations(&event_id).await?;
    match q.format.as_deref() {
        None | Some("json") => {
            let list = rows
                .iter()
                .map(registration_json)
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(json(StatusCode::OK, &list))
        }
        Some("csv") => {
            let mut out =
                String::from("id,event_id,date,status,name,email,organisation,note,created_at\r\n");
            for r in &rows {
                let cells = [
                    r.id.as_str(),
                    &r.event_id,
                    &r.date,
                    &r.status,
                    &r.name,
                    &r.email,
                    &r.organisation,
                    r.note.as_deref().unwrap_or(""),
                    &time_text(r.created_at),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                out.push_str(&line.join(","));
                out.push_str("\r\n");
            }
            Ok((
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&format!(
                            "attachment; filename=\"registrations-{event_id}.csv\""
                        ))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                    ),
                ],
                out,
            )
                .into_response())
        }
        Some(_) => Err(Problem::field("format", "must be `json` or `csv`")),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line break\"");
    }
}
