//! Guards of the room page: failed code attempts per client and room, and waiting tickets.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong codes a client may send to one room per window.
const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Entries kept before old ones are swept (bounds memory under a flood of clients).
const SWEEP_AT: usize = 10_000;

#[derive(Default)]
pub struct Attempts {
    failures: Mutex<HashMap<(IpAddr, String), (u32, Instant)>>,
}

impl Attempts {
    /// Seconds to wait when this client has used up its attempts on this room.
    pub fn blocked(&self, ip: IpAddr, slug: &str, now: Instant) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let (count, since) = map.get(&(ip, slug.to_string()))?;
        let elapsed = now.duration_since(*since);
        (*count >= MAX_FAILURES && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
    }

    pub fn failed(&self, ip: IpAddr, slug: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        let entry = map.entry((ip, slug.to_string())).or_insert((0, now));
        if now.duration_since(entry.1) >= WINDOW {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, ip: IpAddr, slug: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&(ip, slug.to_string()));
    }
}

/// How long a viewer's place on the waiting page lasts.
const TICKET_TTL: Duration = Duration::from_secs(2 * 60 * 60);

/// A viewer who gave the right code waits with a ticket in the refresh URL instead of the code.
#[derive(Default)]
pub struct Tickets {
    tickets: Mutex<HashMap<String, (String, String, Instant)>>,
}

impl Tickets {
    pub fn issue(&self, slug: &str, name: &str, now: Instant) -> String {
        let ticket = crate::api::token::hex(&crate::api::token::random_bytes::<16>());
        let mut map = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, (_, _, at)| now.duration_since(*at) < TICKET_TTL);
        }
        map.insert(ticket.clone(), (slug.to_string(), name.to_string(), now));
        ticket
    }

    /// The waiting person's name, if the ticket is valid for this room.
    pub fn name(&self, ticket: &str, slug: &str, now: Instant) -> Option<String> {
        let map = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        let (s, name, at) = map.get(ticket)?;
        (s == slug && now.duration_since(*at) < TICKET_TTL).then(|| name.clone())
    }

    pub fn remove(&self, ticket: &str) {
        self.tickets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(ticket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_one_client_on_one_room() {
        let a = Attempts::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let t = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(a.blocked(ip, "r", t).is_none());
            a.failed(ip, "r", t);
        }
        assert!(a.blocked(ip, "r", t).is_some());
        assert!(a.blocked(ip, "other-room", t).is_none());
        assert!(a.blocked(other, "r", t).is_none());
        assert!(a.blocked(ip, "r", t + WINDOW).is_none());
    }
}
