//! `/r/{slug}`: the room page. Plain HTML in German or English that works without JavaScript; the
//! form posts `name` and `code` to the same URL and is answered with a 303 to the signed join URL.
//! Everything a person typed is escaped; codes are compared in constant time; wrong codes are
//! counted per client and room. Join URLs and the secret never reach a log.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::Rooms;
use super::limit::Blocked;
use crate::directory::Shared;
use crate::directory::db::RoomRow;
use crate::directory::ratelimit;
use crate::i18n::{Lang, Msg, t, tf};
use crate::integrations::bbb::client::Role;
use crate::output::escape_html;

/// Seconds between reloads of the waiting page.
const REFRESH_SECS: u32 = 10;
const NAME_MAX: usize = 64;

fn query_param(raw: Option<&str>, name: &str) -> Option<String> {
    url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `?lang=de|en` wins; else the preferred of German and English in Accept-Language; else German.
pub fn language(raw_query: Option<&str>, headers: &HeaderMap) -> Lang {
    match query_param(raw_query, "lang").as_deref() {
        Some("de") => Lang::De,
        Some("en") => Lang::En,
        _ => accept_language(headers).unwrap_or(Lang::De),
    }
}

/// The preferred of German and English in Accept-Language, if it names either.
pub fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut best: Option<(f32, Lang)> = None;
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let lang = if tag == "de" || tag.starts_with("de-") {
            Lang::De
        } else if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else {
            continue;
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111;background:#fff}\
label{display:block;margin-top:1rem;font-weight:600}input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box;border:2px solid #333}\
input:focus,button:focus,a:focus{outline:3px solid #0050b3;outline-offset:2px}button{margin-top:1.2rem;font-size:1.1rem;padding:.5rem 1.2rem;background:#0050b3;color:#fff;border:0}\
.error{border-left:4px solid #b00020;padding:.3rem .8rem;background:#fdecee}footer{margin-top:2rem}\
body:has(table){max-width:64rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #999}\
.ok{color:#0a5c0a}.warning{color:#7a4a00}.critical,.stale{color:#b00020;font-weight:600}";

/// A whole page (the room pages and the status page); `other` is the page in the other language,
/// `refresh` the URL the waiting page reloads.
pub(crate) fn html(
    status: StatusCode,
    lang: Lang,
    title: &str,
    body: &str,
    other: &str,
    refresh: Option<&str>,
) -> Response {
    let refresh = refresh
        .map(|url| {
            format!(
                "<meta http-equiv=\"refresh\" content=\"{REFRESH_SECS};url={}\">",
                escape_html(url)
            )
        })
        .unwrap_or_default();
    let (other_code, other_label) = match lang {
        Lang::De => ("en", "English"),
        Lang::En => ("de", "Deutsch"),
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{refresh}<title>{title}</title><style>{STYLE}</style></head>\
<body><main><h1>{title}</h1>{body}</main><footer><a href=\"{other}?lang={other_code}\" hreflang=\"{other_code}\" lang=\"{other_code}\">{other_label}</a></footer></body></html>\n",
        lang = code(lang),
        title = escape_html(title),
        other = escape_html(other),
    );
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
                ),
            ),
        ],
        page,
    )
        .into_response()
}

fn form(room: &RoomRow, lang: Lang, name: &str, error: Option<&str>) -> String {
    let error_html = error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"error\">{}</p>",
                escape_html(e)
            )
        })
        .unwrap_or_default();
    let described = if error.is_some() {
        " aria-describedby=\"error\" aria-invalid=\"true\""
    } else {
        ""
    };
    format!(
        "<p>{intro}</p>{error_html}<form method=\"post\" action=\"/r/{slug}?lang={code}\">\
<label for=\"name\">{name_label}</label><input id=\"name\" name=\"name\" autocomplete=\"name\" required maxlength=\"{NAME_MAX}\" value=\"{name}\">\
<label for=\"code\">{code_label}</label><input id=\"code\" name=\"code\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" required{described}>\
<button type=\"submit\">{enter}</button></form>",
        intro = escape_html(t(Msg::RoomIntro, lang)),
        slug = escape_html(&room.slug),
        code = code(lang),
        name_label = escape_html(t(Msg::RoomFieldName, lang)),
        name = escape_html(name),
        code_label = escape_html(t(Msg::RoomFieldCode, lang)),
        enter = escape_html(t(Msg::RoomEnter, lang)),
    )
}

fn title(room: &RoomRow, lang: Lang) -> String {
    tf(Msg::RoomPageTitle, lang, &[("name", &room.name)])
}

fn room_page(
    status: StatusCode,
    room: &RoomRow,
    lang: Lang,
    name: &str,
    error: Option<&str>,
) -> Response {
    html(
        status,
        lang,
        &title(room, lang),
        &form(room, lang, name, error),
        &format!("/r/{}", room.slug),
        None,
    )
}

fn message_page(status: StatusCode, lang: Lang, title: Msg, text: &str, here: &str) -> Response {
    html(
        status,
        lang,
        t(title, lang),
        &format!("<p>{}</p>", escape_html(text)),
        here,
        None,
    )
}

/// The room, or the page that says why there is none.
async fn find(
    state: &Shared,
    slug: &str,
    lang: Lang,
) -> Result<(std::sync::Arc<Rooms>, RoomRow), Response> {
    let here = format!("/r/{slug}");
    let Some(rooms) = state.rooms.clone() else {
        return Err(message_page(
            StatusCode::SERVICE_UNAVAILABLE,
            lang,
            Msg::RoomUnavailableTitle,
            t(Msg::RoomNotConfigured, lang),
            &here,
        ));
    };
    let valid = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let room = if valid {
        match state.db.active_room(slug).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "reading a room");
                return Err(message_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    lang,
                    Msg::RoomUnavailableTitle,
                    t(Msg::RoomUnavailable, lang),
                    &here,
                ));
            }
        }
    } else {
        None
    };
    match room {
        Some(room) => Ok((rooms, room)),
        None => Err(message_page(
            StatusCode::NOT_FOUND,
            lang,
            Msg::RoomNotFoundTitle,
            t(Msg::RoomNotFound, lang),
            &here,
        )),
    }
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

fn waiting(room: &RoomRow, lang: Lang, ticket: &str) -> Response {
    let refresh = format!("/r/{}?ticket={ticket}&lang={}", room.slug, code(lang));
    let body = format!(
        "<p role=\"status\">{}</p><p><a href=\"{}\">{}</a></p>",
        escape_html(&tf(Msg::RoomWaiting, lang, &[("seconds", &REFRESH_SECS)])),
        escape_html(&refresh),
        escape_html(t(Msg::RoomWaitingNow, lang))
    );
    html(
        StatusCode::OK,
        lang,
        t(Msg::RoomWaitingTitle, lang),
        &body,
        &format!("/r/{}", room.slug),
        Some(&refresh),
    )
}

fn unavailable(room: &RoomRow, lang: Lang, error: &str) -> Response {
    tracing::warn!(room = %room.slug, %error, "BigBlueButton did not answer for a room");
    message_page(
        StatusCode::BAD_GATEWAY,
        lang,
        Msg::RoomUnavailableTitle,
        t(Msg::RoomUnavailable, lang),
        &format!("/r/{}", room.slug),
    )
}

/// Sends this person in, or (viewers of a room only moderators may start) to the waiting page.
async fn enter(
    rooms: &Rooms,
    room: &RoomRow,
    lang: Lang,
    name: &str,
    role: Role,
    ticket: Option<&str>,
) -> Response {
    if role == Role::Viewer && !room.anyone_may_start {
        match rooms.running(room).await {
            Ok(true) => {}
            Ok(false) => {
                let ticket = match ticket {
                    Some(t) => t.to_string(),
                    None => rooms.waiting.issue(&room.slug, name, Instant::now()),
                };
                return waiting(room, lang, &ticket);
            }
            Err(e) => return unavailable(room, lang, &e),
        }
    }
    match rooms.start_and_join(room, name, role).await {
        Ok(url) => {
            if let Some(t) = ticket {
                rooms.waiting.remove(t);
            }
            see_other(url.expose())
        }
        Err(e) => unavailable(room, lang, &e),
    }
}

pub async fn show(
    State(state): State<Shared>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = language(query.as_deref(), &headers);
    let (rooms, room) = match find(&state, &slug, lang).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    if let Some(ticket) = query_param(query.as_deref(), "ticket")
        && let Some(name) = rooms.waiting.name(&ticket, &room.slug, Instant::now())
    {
        return enter(&rooms, &room, lang, &name, Role::Viewer, Some(&ticket)).await;
    }
    room_page(StatusCode::OK, &room, lang, "", None)
}

fn client_ip(state: &Shared, extensions: &Extensions, headers: &HeaderMap) -> IpAddr {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    ratelimit::client_ip(peer, headers, &state.trusted).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Which role a code grants; both codes are always compared, each in constant time.
fn role_for(room: &RoomRow, code: &str) -> Option<Role> {
    let code = code.trim().to_lowercase();
    let moderator: bool = code.as_bytes().ct_eq(room.moderator_code.as_bytes()).into();
    let viewer: bool = code.as_bytes().ct_eq(room.viewer_code.as_bytes()).into();
    if moderator {
        Some(Role::Moderator)
    } else if viewer {
        Some(Role::Viewer)
    } else {
        None
    }
}

pub async fn submit(
    State(state): State<Shared>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Response {
    let lang = language(query.as_deref(), &headers);
    let (rooms, room) = match find(&state, &slug, lang).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let mut name = String::new();
    let mut code = String::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        match k.as_ref() {
            "name" if name.is_empty() => name = v.into_owned(),
            "code" if code.is_empty() => code = v.into_owned(),
            _ => {}
        }
    }
    let name = name.trim().to_string();
    let ip = client_ip(&state, &extensions, &headers);
    let now = Instant::now();
    if let Some(blocked) = rooms.limiter.blocked(ip, &room.slug, now) {
        let (msg, wait) = match blocked {
            Blocked::Client(wait) => (Msg::RoomTooMany, wait),
            Blocked::Room(wait) => (Msg::RoomTooManyForRoom, wait),
        };
        let minutes = wait.div_ceil(60);
        let mut page = room_page(
            StatusCode::TOO_MANY_REQUESTS,
            &room,
            lang,
            &name,
            Some(&tf(msg, lang, &[("minutes", &minutes)])),
        );
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            page.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return page;
    }
    let name_ok =
        (1..=NAME_MAX).contains(&name.chars().count()) && !name.chars().any(char::is_control);
    if !name_ok {
        return room_page(
            StatusCode::BAD_REQUEST,
            &room,
            lang,
            &name,
            Some(t(Msg::RoomBadName, lang)),
        );
    }
    let Some(role) = role_for(&room, &code) else {
        rooms.limiter.failed(ip, &room.slug, now);
        return room_page(
            StatusCode::FORBIDDEN,
            &room,
            lang,
            &name,
            Some(t(Msg::RoomWrongCode, lang)),
        );
    };
    rooms.limiter.succeeded(ip, &room.slug);
    enter(&rooms, &room, lang, &name, role, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn language_from_query_then_accept_language() {
        assert_eq!(language(Some("lang=en"), &headers("de-DE")), Lang::En);
        assert_eq!(
            language(None, &headers("en-GB,en;q=0.9,de;q=0.8")),
            Lang::En
        );
        assert_eq!(language(None, &headers("fr, de;q=0.5, en;q=0.3")), Lang::De);
        assert_eq!(language(None, &HeaderMap::new()), Lang::De);
    }
}
