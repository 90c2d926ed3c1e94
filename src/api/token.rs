//! Tokens, hex and the report signature: random tokens and ids, their stored hashes, constant-time
//! comparison, and HMAC-SHA256 over `timestamp + "." + body`. Shared by the directory, its client
//! and the agent.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// How far a report's timestamp may be from the server's clock.
pub const MAX_SKEW_SECS: i64 = 300;

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    buf
}

/// A fresh secret token: a prefix saying what it is for, then 256 random bits in hex.
pub fn new_token(prefix: &str) -> String {
    format!("{prefix}_{}", hex(&random_bytes::<32>()))
}

/// A fresh public id: a prefix and 96 random bits.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", hex(&random_bytes::<12>()))
}

/// What is stored instead of a token.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares a presented token with a stored hash in constant time.
pub fn token_matches(presented: &str, stored_hash: &str) -> bool {
    let presented = hash_token(presented);
    presented.as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

/// A token derived from an idempotency key, so that a retry with the same key receives the same token
/// without the token ever being stored. Only `hash_token` of the result is kept.
pub fn derive_token(prefix: &str, idempotency_key: &str, id: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(idempotency_key.as_bytes()).expect("any key length");
    mac.update(b"vereint owner token\0");
    mac.update(id.as_bytes());
    format!("{prefix}_{}", hex(&mac.finalize().into_bytes()))
}

/// The signature header value for a report: `sha256=<hex>`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex(&mac.finalize().into_bytes()))
}

/// Why a signed request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    MissingTimestamp,
    BadTimestamp,
    Stale,
    MissingSignature,
    BadSignatureFormat,
    Mismatch,
}

/// Parses the signature header into raw bytes.
pub fn parse_signature(value: &str) -> Result<Vec<u8>, SignatureError> {
    let hexpart = value
        .strip_prefix("sha256=")
        .ok_or(SignatureError::BadSignatureFormat)?;
    if hexpart.len() != 64 {
        return Err(SignatureError::BadSignatureFormat);
    }
    unhex(&hexpart.to_ascii_lowercase()).ok_or(SignatureError::BadSignatureFormat)
}

pub fn parse_timestamp(value: &str, now: i64) -> Result<i64, SignatureError> {
    let ts: i64 = value
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    // abs_diff: any i64 a client sends must not overflow
    if now.abs_diff(ts) > MAX_SKEW_SECS as u64 {
        return Err(SignatureError::Stale);
    }
    Ok(ts)
}

/// Verifies `sha256=<hex>` over `timestamp + "." + body` in constant time.
pub fn verify(
    secret: &str,
    timestamp: i64,
    body: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(signature)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_hashed_and_compared() {
        let t = new_token("own");
        assert!(t.starts_with("own_") && t.len() == 4 + 64);
        let h = hash_token(&t);
        assert!(token_matches(&t, &h));
        assert!(!token_matches("own_x", &h));
        assert_ne!(new_token("own"), t);
    }

    #[test]
    fn derived_tokens_depend_on_key_and_id() {
        let a = derive_token("own", "key-1234567890abcdef", "bk_1");
        assert_eq!(a, derive_token("own", "key-1234567890abcdef", "bk_1"));
        assert_ne!(a, derive_token("own", "key-1234567890abcdeg", "bk_1"));
        assert_ne!(a, derive_token("own", "key-1234567890abcdef", "bk_2"));
    }

    #[test]
    fn signatures_roundtrip_and_reject_changes() {
        let sig = sign("s3cret", 1_700_000_000, b"{\"a\":1}");
        let raw = parse_signature(&sig).unwrap();
        assert!(verify("s3cret", 1_700_000_000, b"{\"a\":1}", &raw).is_ok());
        assert_eq!(
            verify("s3cret", 1_700_000_001, b"{\"a\":1}", &raw),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("other", 1_700_000_000, b"{\"a\":1}", &raw),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            parse_signature("md5=abc"),
            Err(SignatureError::BadSignatureFormat)
        );
        assert_eq!(parse_timestamp("100", 401), Err(SignatureError::Stale));
        // found by schemathesis: extreme values are stale, not an overflow
        for extreme in [i64::MIN, i64::MAX] {
            assert_eq!(
                parse_timestamp(&extreme.to_string(), 1_700_000_000),
                Err(SignatureError::Stale)
            );
        }
        assert_eq!(parse_timestamp("100", 400), Ok(100));
        assert_eq!(parse_timestamp("1e9", 0), Err(SignatureError::BadTimestamp));
    }

    #[test]
    fn known_hmac_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        let mut mac = HmacSha256::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
