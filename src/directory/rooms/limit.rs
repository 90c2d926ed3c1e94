//! Guards of the room page: failed code attempts per client and room and per room, and waiting
//! tickets.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::directory::ratelimit::{ClientKey, Generations};

/// Wrong codes a client (an IPv4 address or an IPv6 /64) may send to one room per window.
const MAX_FAILURES: u32 = 5;
/// Wrong codes one room takes per window from everyone together: many addresses (a botnet) cannot
/// guess its codes either. Then the room refuses codes until the window ends.
const MAX_ROOM_FAILURES: u32 = 50;
const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Entries kept before old ones are swept (bounds memory under a flood of clients).
const SWEEP_AT: usize = 10_000;

/// Why codes are refused for now, and for how many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// This client sent too many wrong codes to this room.
    Client(u64),
    /// Everyone together sent too many wrong codes to this room.
    Room(u64),
}

/// A count of failures in a window that started at the first of them.
type Count = (u32, Instant);

/// Failures per client and room, and per room; each map holds at most `2 * SWEEP_AT` entries.
struct Failures {
    clients: Generations<(ClientKey, String), Count>,
    rooms: Generations<String, Count>,
}

pub struct Attempts {
    failures: Mutex<Failures>,
}

impl Default for Attempts {
    fn default() -> Self {
        Attempts {
            failures: Mutex::new(Failures {
                clients: Generations::new(SWEEP_AT),
                rooms: Generations::new(SWEEP_AT),
            }),
        }
    }
}

/// Seconds left of a window that is used up.
fn used_up(count: Option<&Count>, max: u32, now: Instant) -> Option<u64> {
    let (count, since) = count?;
    let elapsed = now.duration_since(*since);
    (*count >= max && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
}

fn count(entry: &mut Count, now: Instant) {
    if now.duration_since(entry.1) >= WINDOW {
        *entry = (0, now);
    }
    entry.0 += 1;
}

impl Attempts {
    /// Whether codes for this room are refused to this client now.
    pub fn blocked(&self, ip: IpAddr, slug: &str, now: Instant) -> Option<Blocked> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(wait) = used_up(map.rooms.get(&slug.to_string()), MAX_ROOM_FAILURES, now) {
            return Some(Blocked::Room(wait));
        }
        let key = (ClientKey::from(ip), slug.to_string());
        used_up(map.clients.get(&key), MAX_FAILURES, now).map(Blocked::Client)
    }

    pub fn failed(&self, ip: IpAddr, slug: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let client = map
            .clients
            .entry((ClientKey::from(ip), slug.to_string()), || (0, now));
        count(client, now);
        count(map.rooms.entry(slug.to_string(), || (0, now)), now);
    }

    /// The right code: this client starts afresh (the room's count stays).
    pub fn succeeded(&self, ip: IpAddr, slug: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.clients.remove(&(ClientKey::from(ip), slug.to_string()));
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
        assert!(matches!(a.blocked(ip, "r", t), Some(Blocked::Client(_))));
        assert!(a.blocked(ip, "other-room", t).is_none());
        assert!(a.blocked(other, "r", t).is_none());
        assert!(a.blocked(ip, "r", t + WINDOW).is_none());
        // another address of the same IPv6 /64 is the same client
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        for _ in 0..MAX_FAILURES {
            a.failed(v6, "r6", t);
        }
        let same_net: IpAddr = "2001:db8::ffff".parse().unwrap();
        assert!(matches!(
            a.blocked(same_net, "r6", t),
            Some(Blocked::Client(_))
        ));
    }

    #[test]
    fn many_addresses_together_cannot_guess_a_rooms_code() {
        let a = Attempts::default();
        let t = Instant::now();
        // a botnet: every address below its own limit
        for n in 0..MAX_ROOM_FAILURES {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n));
            assert!(a.blocked(ip, "r", t).is_none(), "attempt {n}");
            a.failed(ip, "r", t);
        }
        let fresh: IpAddr = "203.0.113.9".parse().unwrap();
        match a.blocked(fresh, "r", t + Duration::from_secs(60)) {
            Some(Blocked::Room(wait)) => assert_eq!(wait, 540),
            other => panic!("{other:?}"),
        }
        assert!(a.blocked(fresh, "another-room", t).is_none());
        assert!(a.blocked(fresh, "r", t + WINDOW).is_none());
    }
}
