//! `/status` and `/status/{id}`: the public status page, so that a club can see "is it just us?"
//! without a terminal. Plain HTML in German or English (`?lang=`, else Accept-Language), no
//! JavaScript: every registered instance with its organisation, services, status, last report and
//! uptime, and per instance its recent reports. Everything an instance sent is escaped.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::instances::public_instances;
use super::reports::public_report;
use crate::api::{HistoryReport, InstanceStatus, Problem, PublicInstance, Status, time_text};
use crate::directory::error::InternalCause;
use crate::directory::rooms::page::{html, language};
use crate::directory::{Shared, now_ms};
use crate::i18n::{Lang, Msg, t, tf};
use crate::output::escape_html;

/// Reports shown on an instance's page.
const HISTORY: i64 = 30;

pub(super) async fn page(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = language(query.as_deref(), &headers);
    let now = now_ms();
    let list = match public_instances(&state, now).await {
        Ok(list) => list,
        Err(p) => return unavailable(lang, "/status", p),
    };
    let body = if list.is_empty() {
        format!("<p>{}</p>", escape_html(t(Msg::StatusPageEmpty, lang)))
    } else {
        let rows: String = list.iter().map(|i| row(i, lang)).collect();
        instance_table(&rows, lang)
    };
    let body = format!("{}{body}{}", intro(now, lang), rule(lang));
    html(
        StatusCode::OK,
        lang,
        t(Msg::StatusPageTitle, lang),
        &body,
        "/status",
        None,
    )
}

pub(super) async fn instance(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = language(query.as_deref(), &headers);
    let here = format!("/status/{id}");
    let now = now_ms();
    let list = match public_instances(&state, now).await {
        Ok(list) => list,
        Err(p) => return unavailable(lang, &here, p),
    };
    let Some(found) = list.iter().find(|i| i.id == id) else {
        let body = format!(
            "<p>{}</p>{}",
            escape_html(t(Msg::StatusNotFound, lang)),
            back(lang)
        );
        return html(
            StatusCode::NOT_FOUND,
            lang,
            t(Msg::StatusNotFoundTitle, lang),
            &body,
            &here,
            None,
        );
    };
    let history = match state.db.report_history(&id, HISTORY).await {
        Ok(rows) => rows.unwrap_or_default(),
        Err(e) => return unavailable(lang, &here, e.into()),
    };
    let summary = instance_table(&row(found, lang), lang);
    let reports = if history.is_empty() {
        format!("<p>{}</p>", escape_html(t(Msg::StatusNoReports, lang)))
    } else {
        let rows: String = history
            .iter()
            .map(|r| report_row(&public_report(r), lang))
            .collect();
        format!(
            "<table class=\"history\"><thead><tr>{}</tr></thead><tbody>{rows}</tbody></table>",
            header_cells(
                &[
                    Msg::StatusColObserved,
                    Msg::StatusColStatus,
                    Msg::StatusColChecks
                ],
                lang
            )
        )
    };
    let body = format!(
        "{}{summary}<h2>{}</h2>{reports}{}{}",
        intro(now, lang),
        escape_html(t(Msg::StatusHistoryTitle, lang)),
        rule(lang),
        back(lang)
    );
    let title = format!("{}: {}", t(Msg::StatusColStatus, lang), found.organisation);
    html(StatusCode::OK, lang, &title, &body, &here, None)
}

fn intro(now: i64, lang: Lang) -> String {
    format!(
        "<p>{}</p>",
        escape_html(&tf(
            Msg::StatusPageIntro,
            lang,
            &[("time", &when(&time_text(now)))]
        ))
    )
}

fn rule(lang: Lang) -> String {
    format!(
        "<p><small>{}</small></p>",
        escape_html(t(Msg::StatusPageUptimeRule, lang))
    )
}

fn back(lang: Lang) -> String {
    format!(
        "<p><a href=\"/status?lang={}\">{}</a></p>",
        lang.code(),
        escape_html(t(Msg::StatusAllInstances, lang))
    )
}

fn header_cells(columns: &[Msg], lang: Lang) -> String {
    columns
        .iter()
        .map(|m| format!("<th scope=\"col\">{}</th>", escape_html(t(*m, lang))))
        .collect()
}

fn row(i: &PublicInstance, lang: Lang) -> String {
    let services: Vec<String> = i
        .services
        .iter()
        .map(|s| {
            escape_html(&format!("{} {} – {}", s.software, s.version, s.url).replace("  ", " "))
        })
        .collect();
    let (class, label) = instance_status(i.status, lang);
    format!(
        "<tr><th scope=\"row\"><a href=\"/status/{id}?lang={code}\">{organisation}</a></th><td>{services}</td>\
<td class=\"{class}\">{label}</td><td>{last}</td><td>{up24}</td><td>{up30}</td></tr>",
        id = escape_html(&url_segment(&i.id)),
        code = lang.code(),
        organisation = escape_html(&i.organisation),
        services = services.join("<br>"),
        label = escape_html(label),
        last = escape_html(
            &i.last_report_at
                .as_deref()
                .map_or_else(|| t(Msg::StatusNever, lang).to_string(), when)
        ),
        up24 = escape_html(&percent(i.uptime_24h, lang)),
        up30 = escape_html(&percent(i.uptime_30d, lang)),
    )
}

fn report_row(r: &HistoryReport, lang: Lang) -> String {
    let (class, label) = match r.status {
        Some(s) => report_status(s, lang),
        None => ("unknown", t(Msg::StatusUnknown, lang)),
    };
    let checks: Vec<String> = r
        .checks
        .iter()
        .map(|c| {
            let status = c
                .status
                .map_or(t(Msg::StatusUnknown, lang), |s| report_status(s, lang).1);
            let latency = c
                .latency_ms
                .map(|ms| format!(", {ms:.0} ms"))
                .unwrap_or_default();
            let detail = if c.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.detail)
            };
            escape_html(&format!("{}: {status}{latency}{detail}", c.check))
        })
        .collect();
    format!(
        "<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td></tr>",
        escape_html(&when(r.observed_at.as_deref().unwrap_or(&r.received_at))),
        escape_html(label),
        checks.join("<br>")
    )
}

fn instance_status(s: InstanceStatus, lang: Lang) -> (&'static str, &'static str) {
    match s.reported() {
        Some(reported) => report_status(reported, lang),
        None if s == InstanceStatus::Stale => ("stale", t(Msg::StatusStale, lang)),
        None => ("new", t(Msg::StatusNew, lang)),
    }
}

fn report_status(s: Status, lang: Lang) -> (&'static str, &'static str) {
    let msg = match s {
        Status::Ok => Msg::StatusOk,
        Status::Warning => Msg::StatusWarning,
        Status::Critical => Msg::StatusCritical,
        Status::Unknown => Msg::StatusUnknown,
    };
    (s.as_str(), t(msg, lang))
}

/// An RFC 3339 time as people read it, in UTC; text that is not a time stays as it is.
fn when(text: &str) -> String {
    text.parse::<jiff::Timestamp>()
        .map(|ts| ts.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| text.to_string())
}

/// "99.5 %" (English) or "99,5 %" (German); a dash without a figure.
fn percent(share: Option<f64>, lang: Lang) -> String {
    let Some(share) = share else {
        return t(Msg::StatusNoFigure, lang).to_string();
    };
    let text = format!("{:.1} %", share * 100.0);
    match lang {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}

/// An instance id as a path segment: ids are `in_` and hex, but never trusted to be.
fn url_segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// The database failed: a page that says so; the cause goes to the log.
fn unavailable(lang: Lang, here: &str, problem: Problem) -> Response {
    let body = format!("<p>{}</p>", escape_html(t(Msg::FaultDatabaseDown, lang)));
    let mut response = html(
        StatusCode::SERVICE_UNAVAILABLE,
        lang,
        t(Msg::StatusUnavailableTitle, lang),
        &body,
        here,
        None,
    );
    let cause = problem.internal.unwrap_or(problem.detail);
    response.extensions_mut().insert(InternalCause(cause));
    response
}

/// The table of instances, one `row` each, under its column headings.
fn instance_table(rows: &str, lang: Lang) -> String {
    let head = header_cells(
        &[
            Msg::StatusColOrganisation,
            Msg::StatusColServices,
            Msg::StatusColStatus,
            Msg::StatusColLastReport,
            Msg::StatusColUptime24h,
            Msg::StatusColUptime30d,
        ],
        lang,
    );
    format!("<table class=\"status\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ServiceEntry;

    fn instance(organisation: &str, status: InstanceStatus) -> PublicInstance {
        PublicInstance {
            id: "in_1\"><script>".into(),
            organisation: organisation.into(),
            services: vec![ServiceEntry {
                kind: "bbb".into(),
                url: "https://bbb.example/<b>".into(),
                software: "BigBlueButton".into(),
                version: "2.7".into(),
            }],
            status,
            registered_at: "2026-12-01T10:00:00Z".into(),
            last_report_at: Some("2026-12-02T09:30:00.123Z".into()),
            uptime_24h: Some(0.995),
            uptime_30d: None,
            stale: false,
            report_interval_secs: None,
            directory_check: None,
        }
    }

    #[test]
    fn a_row_escapes_what_the_instance_sent() {
        let html = row(
            &instance("<img src=x onerror=alert(1)>", InstanceStatus::Critical),
            Lang::De,
        );
        assert!(!html.contains("<img") && !html.contains("<script>") && !html.contains("<b>"));
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(html.contains("gestört") && html.contains("class=\"critical\""));
        assert!(html.contains("99,5 %") && html.contains("2026-12-02 09:30 UTC"));
        assert!(html.contains("<td>–</td>"), "no 30-day figure: {html}");
        assert!(
            html.contains("href=\"/status/in_1%22%3E%3Cscript%3E?lang=de\""),
            "{html}"
        );
        let english = row(&instance("Chor", InstanceStatus::Stale), Lang::En);
        assert!(english.contains("99.5 %") && english.contains(">silent<"));
    }
}
