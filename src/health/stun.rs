//! STUN binding and TURN allocate checks (the probes live in `integrations::stun`).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::run::{Found, Options};
use super::{Facts, Status};
use crate::i18n::{Lang::En, Msg, t, tf};
use crate::integrations::stun::{self, Outcome, Transport};

/// How long TURN REST credentials made for a check stay valid.
const CREDENTIAL_LIFETIME: Duration = Duration::from_secs(300);

async fn resolve(host: &str, port: u16) -> anyhow::Result<SocketAddr> {
    tokio::net::lookup_host((host, port))
        .await
        .with_context(|| tf(Msg::HealthResolving, En, &[("host", &host)]))?
        .next()
        .with_context(|| tf(Msg::HealthNoAddress, En, &[("host", &host)]))
}

fn found(status: Status, check: &str, started: Instant, detail: String) -> Found {
    Found {
        check: check.into(),
        status,
        latency_ms: Some(started.elapsed().as_secs_f64() * 1000.0),
        detail,
        facts: Facts::default(),
    }
}

pub async fn binding(host: &str, port: u16, transport: Transport, opts: &Options) -> Vec<Found> {
    let started = Instant::now();
    let result = async {
        let addr = resolve(host, port).await?;
        anyhow::Ok(stun::binding(addr, transport, opts.timeout).await?)
    }
    .await;
    let r = match result {
        Ok(Outcome::Mapped { address, software }) => {
            let mut f = found(
                Status::Ok,
                "stun",
                started,
                tf(Msg::HealthStunMapped, opts.lang, &[("address", &address)]),
            );
            f.facts.version = software;
            f
        }
        Ok(Outcome::Refused { code, reason }) => found(
            Status::Critical,
            "stun",
            started,
            tf(
                Msg::HealthStunError,
                En,
                &[("code", &code), ("reason", &reason)],
            ),
        ),
        Ok(other) => found(
            Status::Critical,
            "stun",
            started,
            tf(
                Msg::HealthStunOther,
                En,
                &[("answer", &format!("{other:?}"))],
            ),
        ),
        Err(e) => found(Status::Critical, "stun", started, e.to_string()),
    };
    vec![r]
}

pub async fn allocate(host: &str, port: u16, transport: Transport, opts: &Options) -> Vec<Found> {
    let lang = opts.lang;
    let started = Instant::now();
    let credentials = opts.turn_secret.as_deref().map(|secret| {
        let expires = jiff::Timestamp::now().as_second() + CREDENTIAL_LIFETIME.as_secs() as i64;
        stun::turn_rest_credentials(secret, "vereint-health", expires)
    });
    let result = async {
        let addr = resolve(host, port).await?;
        anyhow::Ok(
            stun::turn_allocate(addr, transport, credentials.as_ref(), None, opts.timeout).await?,
        )
    }
    .await;
    let r = match (result, credentials.is_some()) {
        (Ok((Outcome::Challenge { realm }, _)), false) => found(
            Status::Ok,
            "turn",
            started,
            tf(Msg::HealthTurnChallenge, lang, &[("realm", &realm)]),
        ),
        (Ok((Outcome::Allocated { relayed }, _)), _) => found(
            Status::Ok,
            "turn",
            started,
            tf(Msg::HealthTurnRelay, lang, &[("address", &relayed)]),
        ),
        (Ok((Outcome::Refused { code: 401, .. }, _)), true) => found(
            Status::Critical,
            "turn",
            started,
            t(Msg::HealthTurnWrongSecret, lang).into(),
        ),
        (Ok((Outcome::Refused { code, reason }, _)), _) => found(
            Status::Critical,
            "turn",
            started,
            tf(
                Msg::HealthTurnError,
                En,
                &[("code", &code), ("reason", &reason)],
            ),
        ),
        (Ok((other, _)), _) => found(
            Status::Critical,
            "turn",
            started,
            tf(
                Msg::HealthStunOther,
                En,
                &[("answer", &format!("{other:?}"))],
            ),
        ),
        (Err(e), _) => found(Status::Critical, "turn", started, e.to_string()),
    };
    vec![r]
}
