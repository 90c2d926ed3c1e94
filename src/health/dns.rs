//! DNS: the name resolves, and to exactly the expected addresses when the site file names them.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::Instant;

use super::run::{Found, Options};
use super::{Facts, Status};
use crate::i18n::{Msg, tf};

pub async fn resolve(name: &str, expect: &[IpAddr], opts: &Options) -> Vec<Found> {
    let started = Instant::now();
    let result = tokio::net::lookup_host((name, 0)).await;
    let latency_ms = Some(started.elapsed().as_secs_f64() * 1000.0);
    let (status, detail) = match result {
        Err(e) => (
            Status::Critical,
            tf(
                Msg::HealthDnsFailed,
                opts.lang,
                &[("name", &name), ("error", &e)],
            ),
        ),
        Ok(addrs) => {
            let got: BTreeSet<IpAddr> = addrs.map(|a| a.ip()).collect();
            let list = join(&got);
            let want: BTreeSet<IpAddr> = expect.iter().copied().collect();
            if want.is_empty() || want == got {
                (
                    Status::Ok,
                    tf(Msg::HealthDnsResolves, opts.lang, &[("addresses", &list)]),
                )
            } else {
                (
                    Status::Critical,
                    tf(
                        Msg::HealthDnsMismatch,
                        opts.lang,
                        &[("expected", &join(&want)), ("addresses", &list)],
                    ),
                )
            }
        }
    };
    vec![Found {
        check: "dns".into(),
        status,
        latency_ms,
        detail,
        facts: Facts::default(),
    }]
}

fn join(set: &BTreeSet<IpAddr>) -> String {
    set.iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
