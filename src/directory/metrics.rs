//! Request counters and latency histograms, rendered in the Prometheus text format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    /// (method, route, status) -> count
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route -> latency histogram
    latency: Mutex<BTreeMap<String, Histogram>>,
    pub reports_received: AtomicU64,
    pub reports_rejected: AtomicU64,
    pub rate_limited: AtomicU64,
    pub connections: std::sync::Arc<super::conn::Counters>,
}

/// A gauge family: name, help, and (labels, value) pairs.
pub type Gauge<'a> = (&'a str, &'a str, Vec<(String, i64)>);

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        {
            let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
            *requests
                .entry((method.to_string(), route.to_string(), status))
                .or_default() += 1;
        }
        let secs = elapsed.as_secs_f64();
        let mut latency = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        let h = latency.entry(route.to_string()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    /// The text exposition; `gauges` are read from the database.
    pub fn render(&self, gauges: &[Gauge<'_>]) -> String {
        let mut out = String::new();
        out.push_str("# HELP vereint_http_requests_total HTTP requests by method, route and status.\n# TYPE vereint_http_requests_total counter\n");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "vereint_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP vereint_http_request_duration_seconds Time to answer, by route.\n# TYPE vereint_http_request_duration_seconds histogram\n");
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let route = escape(route);
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "vereint_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "vereint_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\nvereint_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\nvereint_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        for (name, help, value) in [
            (
                "vereint_reports_received_total",
                "Signed health reports accepted.",
                &self.reports_received,
            ),
            (
                "vereint_reports_rejected_total",
                "Health reports refused (signature, staleness, replay).",
                &self.reports_rejected,
            ),
            (
                "vereint_rate_limited_total",
                "Requests refused by the per-client rate limit.",
                &self.rate_limited,
            ),
            (
                "vereint_connections_refused_total",
                "Connections answered 503 and closed because every connection was busy.",
                &self.connections.refused,
            ),
            (
                "vereint_connections_closed_for_room_total",
                "Idle connections closed to make room for a new one.",
                &self.connections.closed_for_room,
            ),
            (
                "vereint_header_timeouts_total",
                "Connections closed because request headers did not arrive in time.",
                &self.connections.header_timeouts,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP vereint_connections_open Connections open now.\n# TYPE vereint_connections_open gauge\nvereint_connections_open {}",
            self.connections.open.load(Ordering::Relaxed)
        );
        for (name, help, values) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            for (status, n) in values {
                let _ = writeln!(out, "{name}{{status=\"{}\"}} {n}", escape(status));
            }
        }
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let m = Metrics::default();
        m.observe("GET", "/healthz", 200, Duration::from_millis(2));
        m.observe("GET", "/healthz", 200, Duration::from_millis(30));
        let text = m.render(&[(
            "vereint_bookings",
            "Bookings by status.",
            vec![("requested".into(), 3)],
        )]);
        assert!(text.contains(
            "vereint_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "vereint_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.0025\"} 1"
        ));
        assert!(text.contains("vereint_http_request_duration_seconds_count{route=\"/healthz\"} 2"));
        assert!(text.contains("vereint_bookings{status=\"requested\"} 3"));
    }
}
