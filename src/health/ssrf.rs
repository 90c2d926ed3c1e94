//! The guard for checks the directory runs against URLs that others registered: such a check must
//! not reach into the operator's network. Every resolved address of every hop (redirects too) must
//! be public; an explicit allow-list (configuration, for tests) opens single ranges.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use anyhow::{Context as _, bail};

use super::http::{Fetcher, Response, Want};
use crate::i18n::{Lang, Msg, t, tf};

/// An address range `ADDR/PREFIX`: the SSRF guard's allow-list and the directory's trusted
/// proxies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    addr: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for Range {
    type Err = String;

    fn from_str(s: &str) -> Result<Range, String> {
        Range::parse(s, Lang::En)
    }
}

impl Range {
    /// `ADDR/PREFIX` or a single address; the error in `lang`.
    pub fn parse(s: &str, lang: Lang) -> Result<Range, String> {
        let (addr, prefix) = s.split_once('/').unwrap_or((s, ""));
        let prefix = prefix.trim();
        let addr: IpAddr = addr
            .trim()
            .parse()
            .map_err(|_| tf(Msg::SsrfNotRange, lang, &[("value", &s)]))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = if prefix.is_empty() {
            max
        } else {
            prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| tf(Msg::SsrfBadPrefix, lang, &[("value", &s), ("max", &max)]))?
        };
        Ok(Range { addr, prefix })
    }

    /// An IPv4-mapped IPv6 address counts as the IPv4 address it maps.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Refuses non-public addresses unless allow-listed.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    allow: Vec<Range>,
}

impl Guard {
    /// The errors name the bad entry in the user's language (`Lang::current`).
    pub fn new(allow: &[String]) -> Result<Guard, String> {
        let lang = Lang::current();
        Ok(Guard {
            allow: allow
                .iter()
                .map(|s| Range::parse(s, lang))
                .collect::<Result<_, _>>()?,
        })
    }

    /// A refusal is written in English, as every finding is, and shown in the reader's language
    /// by `i18n::health_finding`.
    pub fn check(&self, ip: IpAddr) -> Result<(), String> {
        if self.allow.iter().any(|r| r.contains(ip)) {
            return Ok(());
        }
        match forbidden(ip) {
            Some(why) => Err(tf(
                Msg::SsrfRefused,
                Lang::En,
                &[("ip", &ip), ("why", &t(why, Lang::En))],
            )),
            None => Ok(()),
        }
    }
}

/// Why an address is not public, or `None` when it is.
pub fn forbidden(ip: IpAddr) -> Option<Msg> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<Msg> {
    let ranges: [(&str, Msg); 16] = [
        ("0.0.0.0/8", Msg::SsrfThisNetwork),
        ("10.0.0.0/8", Msg::SsrfPrivate),
        ("100.64.0.0/10", Msg::SsrfCgnat),
        ("127.0.0.0/8", Msg::SsrfLoopback),
        ("169.254.0.0/16", Msg::SsrfLinkLocal),
        ("172.16.0.0/12", Msg::SsrfPrivate),
        ("192.0.0.0/24", Msg::SsrfIetf),
        ("192.0.2.0/24", Msg::SsrfDocumentation),
        ("192.88.99.0/24", Msg::Ssrf6to4),
        ("192.168.0.0/16", Msg::SsrfPrivate),
        ("198.18.0.0/15", Msg::SsrfBenchmarking),
        ("198.51.100.0/24", Msg::SsrfDocumentation),
        ("203.0.113.0/24", Msg::SsrfDocumentation),
        ("224.0.0.0/4", Msg::SsrfMulticast),
        ("240.0.0.0/4", Msg::SsrfReserved),
        ("255.255.255.255/32", Msg::SsrfBroadcast),
    ];
    ranges.iter().find_map(|(range, why)| {
        range
            .parse::<Range>()
            .ok()
            .filter(|r| r.contains(IpAddr::V4(ip)))
            .map(|_| *why)
    })
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<Msg> {
    let bits = u128::from(ip);
    let seg = ip.segments();
    let embedded = |v: u32| forbidden_v4(Ipv4Addr::from(v));
    if ip.is_unspecified() {
        return Some(Msg::SsrfUnspecified);
    }
    if ip.is_loopback() {
        return Some(Msg::SsrfLoopback);
    }
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): judged by the IPv4 inside,
    // and the compatible form is refused outright (nothing legitimate uses it)
    if bits >> 32 == 0xffff {
        return embedded(bits as u32);
    }
    if bits >> 32 == 0 {
        return Some(Msg::SsrfV4Compatible);
    }
    match seg[0] {
        s if s & 0xfe00 == 0xfc00 => Some(Msg::SsrfUniqueLocal),
        s if s & 0xffc0 == 0xfe80 => Some(Msg::SsrfLinkLocal),
        s if s & 0xffc0 == 0xfec0 => Some(Msg::SsrfSiteLocal),
        s if s & 0xff00 == 0xff00 => Some(Msg::SsrfMulticast),
        0x2001 if seg[1] == 0x0db8 => Some(Msg::SsrfDocumentation),
        0x2001 if seg[1] == 0 => Some(Msg::SsrfTeredo),
        0x2002 => embedded((u32::from(seg[1]) << 16) | u32::from(seg[2])),
        0x0064 if seg[1] == 0xff9b => embedded(bits as u32),
        0x0100 if seg[1..4] == [0, 0, 0] => Some(Msg::SsrfDiscard),
        _ => None,
    }
}

/// GET `url` on behalf of someone else: the fetcher must carry a guard, which sees every resolved
/// address of every hop (`Fetcher::get_following` checks each hop through `get`).
pub async fn guarded_get(
    fetcher: &Fetcher,
    url: &url::Url,
) -> anyhow::Result<(url::Url, Response)> {
    if fetcher.guard.is_none() {
        bail!("a guarded request needs a guard");
    }
    let mut hops = fetcher.get_following(url, Want::Head).await?;
    hops.pop().context(t(Msg::HealthNoResult, Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_ip(url: &str) -> IpAddr {
        match url::Url::parse(url).unwrap().host().unwrap() {
            url::Host::Ipv4(a) => IpAddr::V4(a),
            url::Host::Ipv6(a) => IpAddr::V6(a),
            url::Host::Domain(d) => panic!("{d} is not numeric"),
        }
    }

    #[test]
    fn numeric_notations_are_normalised_before_the_check() {
        let guard = Guard::default();
        for url in [
            "http://2130706433/",
            "http://0x7f.1/",
            "http://017700000001/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://0x7f000001/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::127.0.0.1]/",
            "http://0/",
        ] {
            assert!(guard.check(host_ip(url)).is_err(), "{url} must be refused");
        }
    }

    #[test]
    fn address_table() {
        let guard = Guard::default();
        let table: &[(&str, bool)] = &[
            // (address, allowed)
            ("127.0.0.1", false),
            ("127.255.255.254", false),
            ("0.0.0.0", false),
            ("10.1.2.3", false),
            ("172.16.0.1", false),
            ("172.31.255.255", false),
            ("172.32.0.1", true),
            ("192.168.1.1", false),
            ("169.254.169.254", false),
            ("100.64.0.1", false),
            ("100.127.255.255", false),
            ("100.128.0.1", true),
            ("224.0.0.1", false),
            ("255.255.255.255", false),
            ("192.0.2.10", false),
            ("198.18.0.1", false),
            ("1.1.1.1", true),
            ("93.184.216.34", true),
            ("::1", false),
            ("::", false),
            ("fc00::1", false),
            ("fd12:3456::1", false),
            ("fe80::1", false),
            ("ff02::1", false),
            ("::ffff:10.0.0.1", false),
            ("::ffff:169.254.169.254", false),
            ("::ffff:1.1.1.1", true),
            ("::10.0.0.1", false),
            ("64:ff9b::a00:1", false),
            ("64:ff9b::101:101", true),
            ("2002:7f00:1::", false),
            ("2002:101:101::", true),
            ("2001:db8::1", false),
            ("2001:0:4136:e378::1", false),
            ("2a00:1450:4001:80e::200e", true),
        ];
        for (addr, allowed) in table {
            let ip: IpAddr = addr.parse().unwrap();
            assert_eq!(guard.check(ip).is_ok(), *allowed, "{addr}");
        }
    }

    #[test]
    fn refusals_are_shown_in_the_reader_s_language() {
        let guard = Guard::default();
        let e = guard.check("169.254.169.254".parse().unwrap()).unwrap_err();
        assert_eq!(
            e,
            "169.254.169.254 is a link-local address; not checked from the directory"
        );
        let de = crate::i18n::health_finding(&format!("bbb: metadata.example: {e}"), Lang::De);
        assert_eq!(
            de,
            "bbb: metadata.example: 169.254.169.254 ist eine link-lokale Adresse; das Verzeichnis prüft solche Adressen nicht"
        );
        // every reason has its German words
        for ip in [
            "0.0.0.1",
            "10.0.0.1",
            "100.64.0.1",
            "192.0.0.1",
            "192.88.99.1",
            "198.18.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::10.0.0.1",
            "fd00::1",
            "fec0::1",
            "2001::1",
            "100::1",
        ] {
            let e = guard.check(ip.parse().unwrap()).unwrap_err();
            let de = crate::i18n::health_finding(&e, Lang::De);
            assert!(
                de.ends_with("; das Verzeichnis prüft solche Adressen nicht"),
                "{ip}: {de}"
            );
            assert!(
                de.contains(" ist eine ") || de.contains(" ist die "),
                "{ip}: {de}"
            );
        }
        assert_eq!(
            Range::parse("nonsense", Lang::De).unwrap_err(),
            "„nonsense“ ist weder eine Adresse noch ein Bereich ADRESSE/PRÄFIX"
        );
        assert_eq!(
            Range::parse("10.0.0.0/33", Lang::De).unwrap_err(),
            "„10.0.0.0/33“: das Präfix muss zwischen 0 und 32 liegen"
        );
        assert_eq!(
            Range::parse("10.0.0.0/33", Lang::En).unwrap_err(),
            "`10.0.0.0/33`: the prefix must be 0..=32"
        );
    }

    #[test]
    fn allow_list_opens_only_its_ranges() {
        let guard = Guard::new(&["127.0.0.0/8".into(), "::1".into()]).unwrap();
        assert!(guard.check("127.0.0.2".parse().unwrap()).is_ok());
        assert!(guard.check("::1".parse().unwrap()).is_ok());
        assert!(guard.check("10.0.0.1".parse().unwrap()).is_err());
        assert!(Guard::new(&["10.0.0.0/33".into()]).is_err());
        assert!(Guard::new(&["nonsense".into()]).is_err());
    }

    /// A loopback server answering every request with a redirect to `location`.
    async fn redirector(location: String) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                let location = location.clone();
                tokio::spawn(async move {
                    let mut buf = [0u8; 2048];
                    let _ = s.read(&mut buf).await;
                    let answer = if location.is_empty() {
                        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".to_string()
                    } else {
                        format!(
                            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
                        )
                    };
                    let _ = s.write_all(answer.as_bytes()).await;
                });
            }
        });
        port
    }

    fn fetcher(allow: &[&str]) -> Fetcher {
        Fetcher {
            tls: crate::health::tls::TlsSetup::new(None).unwrap(),
            guard: Some(
                Guard::new(&allow.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap(),
            ),
        }
    }

    #[tokio::test]
    async fn every_redirect_hop_is_checked() {
        let end = redirector(String::new()).await;
        let hop = redirector(format!("http://127.0.0.1:{end}/done")).await;
        let url: url::Url = format!("http://127.0.0.1:{hop}/start").parse().unwrap();

        // loopback is refused without the allow-list, before any connection
        let e = guarded_get(&fetcher(&[]), &url).await.unwrap_err();
        assert!(format!("{e:#}").contains("loopback"), "{e:#}");

        // allowed: both hops are followed
        let (last, r) = guarded_get(&fetcher(&["127.0.0.1/32"]), &url)
            .await
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(last.path(), "/done");

        // a redirect to another loopback address in a numeric disguise is refused on that hop
        let sneaky = redirector(format!("http://0x7f.0.0.2:{end}/")).await;
        let url: url::Url = format!("http://127.0.0.1:{sneaky}/").parse().unwrap();
        let e = guarded_get(&fetcher(&["127.0.0.1/32"]), &url)
            .await
            .unwrap_err();
        assert!(
            format!("{e:#}").contains("127.0.0.2 is a loopback address"),
            "{e:#}"
        );

        // an endless loop ends after MAX_HOPS
        let looping = redirector("/again".into()).await;
        let url: url::Url = format!("http://127.0.0.1:{looping}/").parse().unwrap();
        let e = guarded_get(&fetcher(&["127.0.0.1/32"]), &url)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("redirects"), "{e:#}");
    }
}
