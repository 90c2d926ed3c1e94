//! STUN/TURN messages (RFC 5389, RFC 5766): just what the health probes need.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::i18n::{Lang::En, Msg, t, tf};

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha1::Sha1;

pub const MAGIC_COOKIE: u32 = 0x2112_A442;
pub const HEADER_LEN: usize = 20;

pub const BINDING_REQUEST: u16 = 0x0001;
pub const BINDING_SUCCESS: u16 = 0x0101;
pub const BINDING_ERROR: u16 = 0x0111;
pub const ALLOCATE_REQUEST: u16 = 0x0003;
pub const ALLOCATE_SUCCESS: u16 = 0x0103;
pub const ALLOCATE_ERROR: u16 = 0x0113;
pub const REFRESH_REQUEST: u16 = 0x0004;
pub const CREATE_PERMISSION_REQUEST: u16 = 0x0008;
pub const CREATE_PERMISSION_SUCCESS: u16 = 0x0108;
pub const CREATE_PERMISSION_ERROR: u16 = 0x0118;

pub const ATTR_MAPPED_ADDRESS: u16 = 0x0001;
pub const ATTR_USERNAME: u16 = 0x0006;
pub const ATTR_MESSAGE_INTEGRITY: u16 = 0x0008;
pub const ATTR_ERROR_CODE: u16 = 0x0009;
pub const ATTR_LIFETIME: u16 = 0x000D;
pub const ATTR_XOR_PEER_ADDRESS: u16 = 0x0012;
pub const ATTR_REALM: u16 = 0x0014;
pub const ATTR_NONCE: u16 = 0x0015;
pub const ATTR_XOR_RELAYED_ADDRESS: u16 = 0x0016;
pub const ATTR_REQUESTED_TRANSPORT: u16 = 0x0019;
pub const ATTR_XOR_MAPPED_ADDRESS: u16 = 0x0020;
pub const ATTR_SOFTWARE: u16 = 0x8022;
pub const ATTR_FINGERPRINT: u16 = 0x8028;

/// FINGERPRINT is CRC-32 of the message XOR this ("STUN", RFC 5389 15.5).
const FINGERPRINT_XOR: u32 = 0x5354_554e;

const TRANSPORT_UDP: u8 = 17;

/// A message being built: header plus attributes, lengths kept right as attributes are added.
#[derive(Debug, Clone)]
pub struct Builder {
    buf: Vec<u8>,
}

impl Builder {
    pub fn new(kind: u16, transaction: [u8; 12]) -> Self {
        let mut buf = Vec::with_capacity(128);
        buf.extend_from_slice(&kind.to_be_bytes());
        buf.extend_from_slice(&0u16.to_be_bytes());
        buf.extend_from_slice(&MAGIC_COOKIE.to_be_bytes());
        buf.extend_from_slice(&transaction);
        Builder { buf }
    }

    pub fn attr(mut self, kind: u16, value: &[u8]) -> Self {
        self.buf.extend_from_slice(&kind.to_be_bytes());
        self.buf
            .extend_from_slice(&(value.len() as u16).to_be_bytes());
        self.buf.extend_from_slice(value);
        self.buf.resize(self.buf.len().next_multiple_of(4), 0);
        self.set_len();
        self
    }

    pub fn requested_transport_udp(self) -> Self {
        self.attr(ATTR_REQUESTED_TRANSPORT, &[TRANSPORT_UDP, 0, 0, 0])
    }

    pub fn xor_address(self, kind: u16, addr: SocketAddr) -> Self {
        let transaction: [u8; 12] = self.buf[8..20].try_into().expect("header");
        let value = encode_xor_address(addr, &transaction);
        self.attr(kind, &value)
    }

    /// Appends MESSAGE-INTEGRITY: HMAC-SHA1 over the message so far, its length already counting the
    /// attribute, keyed with MD5(username ":" realm ":" password) (long-term credentials).
    pub fn integrity(mut self, key: &[u8; 16]) -> Self {
        let len = (self.buf.len() - HEADER_LEN + 24) as u16;
        self.buf[2..4].copy_from_slice(&len.to_be_bytes());
        let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("any key length");
        mac.update(&self.buf);
        let sum = mac.finalize().into_bytes();
        self.attr(ATTR_MESSAGE_INTEGRITY, &sum)
    }

    /// Appends FINGERPRINT (must come last).
    pub fn fingerprint(mut self) -> Self {
        let len = (self.buf.len() - HEADER_LEN + 8) as u16;
        self.buf[2..4].copy_from_slice(&len.to_be_bytes());
        let sum = crc32(&self.buf) ^ FINGERPRINT_XOR;
        self.attr(ATTR_FINGERPRINT, &sum.to_be_bytes())
    }

    fn set_len(&mut self) {
        let len = (self.buf.len() - HEADER_LEN) as u16;
        self.buf[2..4].copy_from_slice(&len.to_be_bytes());
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

pub fn long_term_key(username: &str, realm: &str, password: &str) -> [u8; 16] {
    Md5::digest(format!("{username}:{realm}:{password}").as_bytes()).into()
}

/// A received message, checked for shape; attributes are looked up on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub kind: u16,
    pub transaction: [u8; 12],
    /// Header and attributes, as received.
    raw: &'a [u8],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("{}", t(Msg::HealthStunShort, En))]
    TooShort,
    #[error("{}", t(Msg::HealthStunNoCookie, En))]
    NoCookie,
    #[error("{}", tf(Msg::HealthStunBadLength, En, &[("len", .0)]))]
    BadLength(usize),
}

impl<'a> Message<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ParseError> {
        if bytes.len() < HEADER_LEN {
            return Err(ParseError::TooShort);
        }
        if u32::from_be_bytes(bytes[4..8].try_into().expect("4 bytes")) != MAGIC_COOKIE
            || bytes[0] & 0xC0 != 0
        {
            return Err(ParseError::NoCookie);
        }
        let len = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
        if len % 4 != 0 || HEADER_LEN + len > bytes.len() {
            return Err(ParseError::BadLength(len));
        }
        Ok(Message {
            kind: u16::from_be_bytes([bytes[0], bytes[1]]),
            transaction: bytes[8..20].try_into().expect("12 bytes"),
            raw: &bytes[..HEADER_LEN + len],
        })
    }

    /// The first attribute of this type, with the offset of its attribute header in the message.
    fn find(&self, kind: u16) -> Option<(usize, &'a [u8])> {
        let mut at = HEADER_LEN;
        while self.raw.len() >= at + 4 {
            let t = u16::from_be_bytes([self.raw[at], self.raw[at + 1]]);
            let len = usize::from(u16::from_be_bytes([self.raw[at + 2], self.raw[at + 3]]));
            let value = self.raw.get(at + 4..at + 4 + len)?;
            if t == kind {
                return Some((at, value));
            }
            at += (4 + len).next_multiple_of(4);
        }
        None
    }

    /// The first attribute of this type.
    pub fn attr(&self, kind: u16) -> Option<&'a [u8]> {
        self.find(kind).map(|(_, v)| v)
    }

    /// The message up to the attribute at `at`, its length field counting `extra` bytes more
    /// (the attribute itself): what FINGERPRINT and MESSAGE-INTEGRITY are computed over.
    fn covered(&self, at: usize, extra: usize) -> Vec<u8> {
        let mut head = self.raw[..at].to_vec();
        let len = (at - HEADER_LEN + extra) as u16;
        head[2..4].copy_from_slice(&len.to_be_bytes());
        head
    }

    /// Whether FINGERPRINT matches; `None` without one.
    pub fn fingerprint_ok(&self) -> Option<bool> {
        let (at, value) = self.find(ATTR_FINGERPRINT)?;
        let Ok(sent) = <[u8; 4]>::try_from(value) else {
            return Some(false);
        };
        Some(crc32(&self.covered(at, 8)) ^ FINGERPRINT_XOR == u32::from_be_bytes(sent))
    }

    /// Whether MESSAGE-INTEGRITY matches `key`; `None` without one.
    pub fn integrity_ok(&self, key: &[u8]) -> Option<bool> {
        let (at, value) = self.find(ATTR_MESSAGE_INTEGRITY)?;
        let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("any key length");
        mac.update(&self.covered(at, 24));
        Some(mac.verify_slice(value).is_ok())
    }

    pub fn xor_address(&self, kind: u16) -> Option<SocketAddr> {
        decode_xor_address(self.attr(kind)?, &self.transaction)
    }

    pub fn mapped_address(&self) -> Option<SocketAddr> {
        self.xor_address(ATTR_XOR_MAPPED_ADDRESS).or_else(|| {
            let v = self.attr(ATTR_MAPPED_ADDRESS)?;
            let port = u16::from_be_bytes([*v.get(2)?, *v.get(3)?]);
            match v.get(1)? {
                1 => Some(SocketAddr::new(
                    IpAddr::V4(Ipv4Addr::new(v[4], v[5], v[6], v[7])),
                    port,
                )),
                _ => None,
            }
        })
    }

    /// ERROR-CODE as (code, reason).
    pub fn error(&self) -> Option<(u16, String)> {
        let v = self.attr(ATTR_ERROR_CODE)?;
        if v.len() < 4 {
            return None;
        }
        let code = u16::from(v[2] & 0x07) * 100 + u16::from(v[3]);
        Some((code, String::from_utf8_lossy(&v[4..]).into_owned()))
    }

    pub fn text(&self, kind: u16) -> Option<String> {
        self.attr(kind)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}

/// CRC-32 (ISO-HDLC, as zlib), bitwise: STUN messages are small.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn encode_xor_address(addr: SocketAddr, transaction: &[u8; 12]) -> Vec<u8> {
    let port = addr.port() ^ (MAGIC_COOKIE >> 16) as u16;
    let mut out = vec![0];
    match addr.ip() {
        IpAddr::V4(ip) => {
            out.push(1);
            out.extend_from_slice(&port.to_be_bytes());
            out.extend_from_slice(&(u32::from(ip) ^ MAGIC_COOKIE).to_be_bytes());
        }
        IpAddr::V6(ip) => {
            out.push(2);
            out.extend_from_slice(&port.to_be_bytes());
            let key = xor_key_v6(transaction);
            out.extend(ip.octets().iter().zip(key).map(|(a, k)| a ^ k));
        }
    }
    out
}

fn decode_xor_address(v: &[u8], transaction: &[u8; 12]) -> Option<SocketAddr> {
    let port = u16::from_be_bytes([*v.get(2)?, *v.get(3)?]) ^ (MAGIC_COOKIE >> 16) as u16;
    match v.get(1)? {
        1 => {
            let raw = u32::from_be_bytes(v.get(4..8)?.try_into().ok()?);
            Some(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::from(raw ^ MAGIC_COOKIE)),
                port,
            ))
        }
        2 => {
            let bytes: [u8; 16] = v.get(4..20)?.try_into().ok()?;
            let key = xor_key_v6(transaction);
            let mut ip = [0u8; 16];
            for i in 0..16 {
                ip[i] = bytes[i] ^ key[i];
            }
            Some(SocketAddr::new(IpAddr::V6(Ipv6Addr::from(ip)), port))
        }
        _ => None,
    }
}

fn xor_key_v6(transaction: &[u8; 12]) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..4].copy_from_slice(&MAGIC_COOKIE.to_be_bytes());
    key[4..].copy_from_slice(transaction);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 5769 2.2: sample IPv4 response (XOR-MAPPED-ADDRESS 192.0.2.1:32853).
    const RFC5769_RESPONSE: &[u8] = &[
        0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6,
        0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76,
        0x65, 0x63, 0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1,
        0x12, 0xa6, 0x43, 0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3,
        0x8c, 0x74, 0x89, 0xf9, 0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00,
        0x04, 0xc0, 0x7d, 0x4c, 0x96,
    ];

    #[test]
    fn rfc5769_sample_response_decodes() {
        let m = Message::parse(RFC5769_RESPONSE).unwrap();
        assert_eq!(m.kind, BINDING_SUCCESS);
        assert_eq!(m.mapped_address(), Some("192.0.2.1:32853".parse().unwrap()));
        assert_eq!(m.text(ATTR_SOFTWARE).as_deref(), Some("test vector"));
    }

    #[test]
    fn rfc5769_message_integrity_matches() {
        // the sample's MESSAGE-INTEGRITY uses the short-term password "VOkJxbRl1RmTxUk/WvJxBt"
        let body = &RFC5769_RESPONSE[..RFC5769_RESPONSE.len() - 8 - 24];
        let mut with_len = body.to_vec();
        with_len[2..4].copy_from_slice(&((body.len() - HEADER_LEN + 24) as u16).to_be_bytes());
        let mut mac = Hmac::<Sha1>::new_from_slice(b"VOkJxbRl1RmTxUk/WvJxBt").unwrap();
        mac.update(&with_len);
        let expected =
            &RFC5769_RESPONSE[RFC5769_RESPONSE.len() - 8 - 20..RFC5769_RESPONSE.len() - 8];
        assert_eq!(mac.finalize().into_bytes().as_slice(), expected);
    }

    #[test]
    fn rfc5769_fingerprint_and_integrity_verify() {
        let m = Message::parse(RFC5769_RESPONSE).unwrap();
        assert_eq!(m.fingerprint_ok(), Some(true));
        assert_eq!(m.integrity_ok(b"VOkJxbRl1RmTxUk/WvJxBt"), Some(true));
        assert_eq!(m.integrity_ok(b"wrong"), Some(false));
        let mut flipped = RFC5769_RESPONSE.to_vec();
        flipped[30] ^= 1; // inside SOFTWARE
        let m = Message::parse(&flipped).unwrap();
        assert_eq!(m.fingerprint_ok(), Some(false));
        assert_eq!(m.integrity_ok(b"VOkJxbRl1RmTxUk/WvJxBt"), Some(false));
        let plain = Builder::new(BINDING_REQUEST, [1; 12]).finish();
        assert_eq!(Message::parse(&plain).unwrap().fingerprint_ok(), None);
    }

    #[test]
    fn built_messages_round_trip() {
        let tx = [7u8; 12];
        let peer: SocketAddr = "[2001:db8::1]:3478".parse().unwrap();
        let bytes = Builder::new(CREATE_PERMISSION_REQUEST, tx)
            .xor_address(ATTR_XOR_PEER_ADDRESS, peer)
            .attr(ATTR_USERNAME, b"abc")
            .integrity(&long_term_key("u", "r", "p"))
            .fingerprint()
            .finish();
        assert_eq!(bytes.len() % 4, 0);
        let m = Message::parse(&bytes).unwrap();
        assert_eq!(m.kind, CREATE_PERMISSION_REQUEST);
        assert_eq!(m.xor_address(ATTR_XOR_PEER_ADDRESS), Some(peer));
        assert_eq!(m.text(ATTR_USERNAME).as_deref(), Some("abc"));
        assert_eq!(m.attr(ATTR_MESSAGE_INTEGRITY).map(<[u8]>::len), Some(20));
        assert_eq!(m.integrity_ok(&long_term_key("u", "r", "p")), Some(true));
        assert_eq!(m.fingerprint_ok(), Some(true));
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(Message::parse(&[0; 10]), Err(ParseError::TooShort));
        assert_eq!(Message::parse(&[0; 20]), Err(ParseError::NoCookie));
        let mut bad = RFC5769_RESPONSE.to_vec();
        bad[3] = 0xff;
        assert!(matches!(
            Message::parse(&bad),
            Err(ParseError::BadLength(_))
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        /// Any datagram: parsed or refused, and every accessor answers without a panic.
        #[test]
        fn any_bytes_never_panic(
            raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            stunlike in proptest::prelude::any::<bool>(),
        ) {
            let mut raw = raw;
            if stunlike && raw.len() >= HEADER_LEN {
                raw[0] &= 0x3f;
                raw[4..8].copy_from_slice(&MAGIC_COOKIE.to_be_bytes());
                let len = ((raw.len() - HEADER_LEN) & !3) as u16;
                raw[2..4].copy_from_slice(&len.to_be_bytes());
            }
            if let Ok(m) = Message::parse(&raw) {
                let _ = (m.mapped_address(), m.error(), m.text(ATTR_SOFTWARE));
                let _ = (m.xor_address(ATTR_XOR_RELAYED_ADDRESS), m.fingerprint_ok());
                let _ = m.integrity_ok(b"key");
                proptest::prop_assert!(m.raw.len() <= raw.len());
            }
        }

        /// Built messages verify; any flipped bit after the header breaks a check or the shape.
        #[test]
        fn flipped_bits_are_noticed(
            software in "[ -~]{0,40}",
            bit in 0usize..1024,
        ) {
            let key = long_term_key("u", "r", "p");
            let bytes = Builder::new(ALLOCATE_SUCCESS, [9; 12])
                .attr(ATTR_SOFTWARE, software.as_bytes())
                .integrity(&key)
                .fingerprint()
                .finish();
            let m = Message::parse(&bytes).unwrap();
            proptest::prop_assert_eq!((m.integrity_ok(&key), m.fingerprint_ok()), (Some(true), Some(true)));
            let mut bad = bytes.clone();
            let bit = bit % ((bad.len() - HEADER_LEN) * 8) + HEADER_LEN * 8;
            bad[bit / 8] ^= 1 << (bit % 8);
            if let Ok(m) = Message::parse(&bad) {
                proptest::prop_assert!(m.fingerprint_ok() != Some(true) || m.integrity_ok(&key) != Some(true));
            }
        }
    }
}
