//! The checks over HTTP(S): web status and certificate, BigBlueButton, Mattermost.

use std::time::Instant;

use tokio::net::TcpStream;

use super::http::Want;
use super::run::{Found, Options};
use super::tls::CertInfo;
use super::{CERT_WARNING_DAYS, Facts, Status};
use anyhow::Context as _;

use crate::i18n::{Lang::En, Msg, t, tf};
use crate::integrations::bbb;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn failed(check: &str, latency: Option<f64>, detail: String) -> Found {
    Found {
        check: check.into(),
        status: Status::Critical,
        latency_ms: latency,
        detail,
        facts: Facts::default(),
    }
}

/// `http` (and for https `tls`) from one fresh connection per hop; redirects are followed (at most
/// `http::MAX_HOPS`, a loop is critical), the certificate is the first hop's, the target's own.
pub async fn web(url: &url::Url, opts: &Options) -> Vec<Found> {
    let started = Instant::now();
    let https = url.scheme() == "https";
    match opts.fetcher.get_following(url, Want::Head).await {
        Ok(hops) => {
            let latency = ms(started);
            let (first, (last_url, last)) = (&hops[0].1, &hops[hops.len() - 1]);
            let status = if (200..400).contains(&last.status) {
                Status::Ok
            } else {
                Status::Critical
            };
            let detail = if hops.len() == 1 {
                format!("HTTP {}", last.status)
            } else {
                tf(
                    Msg::HealthRedirected,
                    opts.lang,
                    &[
                        ("status", &last.status),
                        ("hops", &(hops.len() - 1)),
                        ("url", &last_url),
                    ],
                )
            };
            let mut out = vec![Found {
                check: "http".into(),
                status,
                latency_ms: Some(latency),
                detail,
                facts: Facts {
                    http_status: Some(last.status),
                    ..Facts::default()
                },
            }];
            if let Some(cert) = &first.cert {
                out.push(cert_result(
                    cert,
                    url.host_str().unwrap_or(""),
                    first.handshake_ms,
                    opts,
                ));
            }
            out
        }
        Err(e) => {
            let detail = format!("{e:#}");
            let mut out = vec![failed("http", Some(ms(started)), detail.clone())];
            if https {
                out.push(failed("tls", None, detail));
            }
            out
        }
    }
}

/// `tls` alone: connect and handshake.
pub async fn tls_only(host: &str, port: u16, opts: &Options) -> Vec<Found> {
    let started = Instant::now();
    let result = async {
        let tcp = TcpStream::connect((host, port)).await.with_context(|| {
            tf(
                Msg::HealthConnecting,
                En,
                &[("failures", &format!("{host}:{port}"))],
            )
        })?;
        let handshake = Instant::now();
        let (_, cert) = opts.fetcher.tls.connect(host, tcp).await?;
        anyhow::Ok((cert, ms(handshake)))
    }
    .await;
    match result {
        Ok((cert, handshake_ms)) => vec![cert_result(&cert, host, Some(handshake_ms), opts)],
        Err(e) => vec![failed("tls", Some(ms(started)), format!("{e:#}"))],
    }
}

fn cert_result(cert: &CertInfo, host: &str, latency: Option<f64>, opts: &Options) -> Found {
    let lang = opts.lang;
    let days = cert.days_left;
    let (status, detail) = if let Some(e) = &cert.chain_error {
        (
            Status::Critical,
            tf(Msg::HealthCertUntrusted, lang, &[("error", e)]),
        )
    } else if cert.name_matches == Some(false) {
        (
            Status::Critical,
            tf(Msg::HealthCertWrongName, lang, &[("host", &host)]),
        )
    } else if days < 0 {
        (
            Status::Critical,
            tf(Msg::HealthCertExpired, lang, &[("days", &-days)]),
        )
    } else if days < CERT_WARNING_DAYS {
        (
            Status::Warning,
            tf(Msg::HealthCertExpiresSoon, lang, &[("days", &days)]),
        )
    } else {
        (
            Status::Ok,
            tf(Msg::HealthCertValid, lang, &[("days", &days)]),
        )
    };
    Found {
        check: "tls".into(),
        status,
        latency_ms: latency,
        detail,
        facts: Facts {
            cert_days: Some(days),
            ..Facts::default()
        },
    }
}

/// `bbb-api` (version from the API root) and `bbb-meetings` (signed getMeetings: proves the secret).
pub async fn bbb(api_url: &url::Url, opts: &Options) -> Vec<Found> {
    let lang = opts.lang;
    let started = Instant::now();
    let root = async {
        let r = opts.fetcher.get(api_url, Want::Body).await?;
        if r.status != 200 {
            anyhow::bail!("HTTP {}", r.status);
        }
        let v: bbb::Version = bbb::parse(&String::from_utf8_lossy(&r.body))?;
        anyhow::Ok(v)
    }
    .await;
    let api = match root {
        Ok(v) => {
            let version = v.bbb_version.clone().unwrap_or_else(|| v.version.clone());
            Found {
                check: "bbb-api".into(),
                status: Status::Ok,
                latency_ms: Some(ms(started)),
                detail: tf(
                    Msg::HealthBbbVersion,
                    lang,
                    &[
                        ("api", &v.api_version.as_deref().unwrap_or(&v.version)),
                        ("bbb", &version),
                    ],
                ),
                facts: Facts {
                    version: Some(version),
                    ..Facts::default()
                },
            }
        }
        Err(e) => failed("bbb-api", Some(ms(started)), format!("{e:#}")),
    };
    let Some(secret) = &opts.bbb_secret else {
        return vec![
            api,
            Found {
                check: "bbb-meetings".into(),
                status: Status::Unknown,
                latency_ms: None,
                detail: t(Msg::HealthBbbNoSecret, lang).into(),
                facts: Facts::default(),
            },
        ];
    };
    let signer = bbb::Api::new(
        api_url.as_str(),
        bbb::Secret::new(secret.clone()),
        bbb::Algorithm::Sha256,
    );
    let started = Instant::now();
    let meetings = async {
        let url = url::Url::parse(&signer.url("getMeetings", &[]))?;
        let r = opts.fetcher.get(&url, Want::Body).await?;
        if r.status != 200 {
            anyhow::bail!("HTTP {}", r.status);
        }
        Ok(bbb::parse::<bbb::Meetings>(&String::from_utf8_lossy(
            &r.body,
        )))
    }
    .await;
    let latency = Some(ms(started));
    let meetings = match meetings {
        Ok(Ok(m)) => {
            let list = m.list();
            let participants: u32 = list.iter().map(|m| m.participant_count).sum();
            Found {
                check: "bbb-meetings".into(),
                status: Status::Ok,
                latency_ms: latency,
                detail: tf(
                    Msg::HealthBbbMeetings,
                    lang,
                    &[("meetings", &list.len()), ("participants", &participants)],
                ),
                facts: Facts::default(),
            }
        }
        Ok(Err(bbb::BbbError::Failed { key, .. })) if key == "checksumError" => failed(
            "bbb-meetings",
            latency,
            t(Msg::HealthBbbWrongSecret, lang).into(),
        ),
        Ok(Err(e)) => failed("bbb-meetings", latency, e.to_string()),
        Err(e) => failed("bbb-meetings", latency, format!("{e:#}")),
    };
    vec![api, meetings]
}

#[derive(serde::Deserialize)]
struct Ping {
    status: String,
    #[serde(default)]
    database_status: Option<String>,
    #[serde(default)]
    filestore_status: Option<String>,
}

/// `mattermost`: the ping with server status, and the version from `X-Version-Id`.
pub async fn mattermost(base: &url::Url, opts: &Options) -> Vec<Found> {
    let started = Instant::now();
    let result = async {
        let url = url::Url::parse(&format!(
            "{}/api/v4/system/ping?get_server_status=true",
            base.as_str().trim_end_matches('/')
        ))?;
        let r = opts.fetcher.get(&url, Want::Body).await?;
        let ping: Ping = serde_json::from_slice(&r.body).map_err(|e| {
            anyhow::anyhow!(tf(
                Msg::HealthMattermostJson,
                En,
                &[("status", &r.status), ("error", &e)]
            ))
        })?;
        // "9.11.3.9.11.3.<hash>.false": the first three parts are the server version
        let version = r
            .header("x-version-id")
            .map(|v| v.split('.').take(3).collect::<Vec<_>>().join("."));
        anyhow::Ok((ping, version))
    }
    .await;
    let latency = Some(ms(started));
    match result {
        Ok((ping, version)) => {
            let db = ping.database_status.unwrap_or_else(|| "-".into());
            let fs = ping.filestore_status.unwrap_or_else(|| "-".into());
            let healthy = ping.status.eq_ignore_ascii_case("ok")
                && !db.eq_ignore_ascii_case("unhealthy")
                && !fs.eq_ignore_ascii_case("unhealthy");
            vec![Found {
                check: "mattermost".into(),
                status: if healthy {
                    Status::Ok
                } else {
                    Status::Critical
                },
                latency_ms: latency,
                detail: tf(
                    Msg::HealthMattermostPing,
                    opts.lang,
                    &[
                        ("status", &ping.status),
                        ("database", &db),
                        ("filestore", &fs),
                        ("version", &version.as_deref().unwrap_or("?")),
                    ],
                ),
                facts: Facts {
                    version,
                    ..Facts::default()
                },
            }]
        }
        Err(e) => vec![failed("mattermost", latency, format!("{e:#}"))],
    }
}
