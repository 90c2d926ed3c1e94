//! Per-client token buckets. The client is the TCP peer; `X-Forwarded-For` is believed only when the
//! peer is one of the configured trusted proxies, and then the right-most address that is not itself
//! a trusted proxy is the client. An IPv6 client is its /64. Memory is bounded without sweeps: the
//! buckets live in 16 shards, each a `Generations` map.

use std::collections::HashMap;
use std::hash::BuildHasher as _;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::http::HeaderMap;

use crate::health::ssrf::Range;

/// Who is asking, given the peer and the headers.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[Range]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.iter().any(|c| c.contains(peer)) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    forwarded
        .iter()
        .rev()
        .find(|ip| !trusted.iter().any(|c| c.contains(**ip)))
        .copied()
        .or(Some(peer))
}

/// Whom a limit counts: an IPv4 address, or an IPv6 /64 (one subscriber's network: a client
/// gets a whole /64 and can pick any address in it). IPv4-mapped IPv6 addresses count as IPv4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    V4(u32),
    V6Net(u64),
}

impl From<IpAddr> for ClientKey {
    fn from(ip: IpAddr) -> ClientKey {
        match ip {
            IpAddr::V4(v4) => ClientKey::V4(u32::from(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey::V4(u32::from(v4)),
                None => ClientKey::V6Net((u128::from(v6) >> 64) as u64),
            },
        }
    }
}

/// A map of at most `2 * capacity` entries without sweeps: entries go into the current
/// generation; when it is full it becomes the previous one and the previous one is dropped. An
/// entry used again moves to the current generation, so what is forgotten is what has not been
/// used for the longest (roughly), at a cost of O(1) per access.
pub struct Generations<K, V> {
    current: HashMap<K, V>,
    previous: HashMap<K, V>,
    capacity: usize,
}

impl<K: std::hash::Hash + Eq + Clone, V> Generations<K, V> {
    pub fn new(capacity: usize) -> Self {
        Generations {
            current: HashMap::new(),
            previous: HashMap::new(),
            capacity: capacity.max(1),
        }
    }

    /// The entry of `key`, made with `new` if it is not (or no longer) kept.
    pub fn entry(&mut self, key: K, new: impl FnOnce() -> V) -> &mut V {
        if !self.current.contains_key(&key) {
            let value = self.previous.remove(&key).unwrap_or_else(new);
            if self.current.len() >= self.capacity {
                self.previous = std::mem::take(&mut self.current);
            }
            self.current.insert(key.clone(), value);
        }
        self.current.get_mut(&key).expect("inserted above")
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.current.get(key).or_else(|| self.previous.get(key))
    }

    pub fn remove(&mut self, key: &K) {
        self.current.remove(key);
        self.previous.remove(key);
    }

    pub fn len(&self) -> usize {
        self.current.len() + self.previous.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Locks the requests of different clients rarely share.
const SHARDS: usize = 16;
/// Clients whose buckets are kept (per shard twice this over `SHARDS`); one forgotten gets a full
/// bucket again, which only matters to a client that sent nothing while as many others did.
pub const MAX_CLIENTS: usize = 100_000;

pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    shards: Box<[Mutex<Generations<ClientKey, Bucket>>]>,
    hasher: std::hash::RandomState,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: u32) -> Self {
        Self::with_capacity(per_second, burst, MAX_CLIENTS)
    }

    /// At most about `2 * clients` buckets in memory.
    pub fn with_capacity(per_second: f64, burst: u32, clients: usize) -> Self {
        RateLimiter {
            per_second,
            burst: f64::from(burst.max(1)),
            shards: (0..SHARDS)
                .map(|_| Mutex::new(Generations::new(clients.div_ceil(SHARDS))))
                .collect(),
            hasher: std::hash::RandomState::new(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.per_second > 0.0
    }

    /// Buckets kept now.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).len())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Ok, or the seconds to wait.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if !self.enabled() {
            return Ok(());
        }
        let key = ClientKey::from(ip);
        let shard = &self.shards[self.hasher.hash_one(key) as usize % SHARDS];
        let mut buckets = shard.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(key, || Bucket {
            tokens: self.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn cidr_matching() {
        let net: Range = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.1.2.3".parse().unwrap()));
        assert!(!net.contains("11.1.2.3".parse().unwrap()));
        assert!(net.contains("::ffff:10.0.0.1".parse().unwrap()));
        let one: Range = " ::1 ".parse().unwrap();
        assert!(one.contains("::1".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<Range>().is_err());
        assert!("nope".parse::<Range>().is_err());
    }

    #[test]
    fn forged_forwarded_for_is_ignored_unless_the_peer_is_trusted() {
        let peer: IpAddr = "203.0.113.7".parse().unwrap();
        let h = headers("1.2.3.4");
        assert_eq!(client_ip(Some(peer), &h, &[]), Some(peer));
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let trusted = ["127.0.0.1".parse().unwrap()];
        assert_eq!(
            client_ip(Some(proxy), &headers("9.9.9.9, 1.2.3.4"), &trusted),
            Some("1.2.3.4".parse().unwrap()),
            "the right-most untrusted address: the client cannot choose it by prepending"
        );
        assert_eq!(
            client_ip(Some(proxy), &headers("garbage"), &trusted),
            Some(proxy)
        );
    }

    #[test]
    fn bucket_refills() {
        let rl = RateLimiter::new(2.0, 3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(rl.check(ip, t0).is_ok());
        }
        assert!(rl.check(ip, t0).is_err());
        assert!(rl.check("192.0.2.2".parse().unwrap(), t0).is_ok());
        assert!(rl.check(ip, t0 + Duration::from_millis(600)).is_ok());
    }

    #[test]
    fn an_ipv6_client_is_its_64() {
        let rl = RateLimiter::new(1.0, 2);
        let t0 = Instant::now();
        for ip in ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff"] {
            assert!(rl.check(ip.parse().unwrap(), t0).is_ok());
        }
        // another address of the same /64 finds the bucket empty; the next /64 does not
        assert!(rl.check("2001:db8:1:2::abcd".parse().unwrap(), t0).is_err());
        assert!(rl.check("2001:db8:1:3::1".parse().unwrap(), t0).is_ok());
        assert_eq!(
            ClientKey::from("::ffff:192.0.2.1".parse::<IpAddr>().unwrap()),
            ClientKey::from("192.0.2.1".parse::<IpAddr>().unwrap())
        );
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_addresses() {
        let clients = 1_000;
        let rl = RateLimiter::with_capacity(1.0, 1, clients);
        let t0 = Instant::now();
        let attacker: IpAddr = "198.51.100.7".parse().unwrap();
        assert!(rl.check(attacker, t0).is_ok());
        assert!(rl.check(attacker, t0).is_err());
        let mut most = 0;
        for n in 0..200_000u32 {
            // every request from another address: IPv4, and IPv6 from as many /64s
            let ip = if n % 2 == 0 {
                IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n))
            } else {
                IpAddr::V6(std::net::Ipv6Addr::from(
                    (0x2001_0db8_u128 << 96) | (u128::from(n) << 64) | 1,
                ))
            };
            assert!(rl.check(ip, t0).is_ok());
            // the limited client keeps asking, so its empty bucket is never forgotten
            if n % 100 == 0 {
                assert!(rl.check(attacker, t0).is_err(), "after {n} others");
            }
            most = most.max(rl.len());
        }
        let bound = 2 * clients.div_ceil(SHARDS) * SHARDS;
        assert!(most <= bound, "{most} buckets kept, bound {bound}");
        assert!(
            most > clients,
            "{most}: the bound is used, not a sweep to nothing"
        );
    }

    #[test]
    fn generations_forget_the_least_recently_used() {
        let mut g = Generations::new(2);
        *g.entry("a", || 0) += 1;
        g.entry("b", || 0);
        g.entry("c", || 0); // rotates: a and b are the previous generation
        assert_eq!(g.get(&"a"), Some(&1));
        *g.entry("a", || 0) += 1; // used again: back in the current one
        g.entry("d", || 0); // rotates: b is dropped
        assert_eq!(g.get(&"b"), None);
        assert_eq!(g.get(&"a"), Some(&2));
        assert!(g.len() <= 4);
        g.remove(&"a");
        assert_eq!(g.get(&"a"), None);
    }
}
