//! BigBlueButton API checksums: `hex(H(call + query + secret))` over the query exactly as sent.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// The hash function; BBB picks it on its side by the length of the hex digest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha1,
    #[default]
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    /// The algorithm a server infers from a hex digest's length.
    pub fn from_hex_len(len: usize) -> Option<Self> {
        match len {
            40 => Some(Algorithm::Sha1),
            64 => Some(Algorithm::Sha256),
            96 => Some(Algorithm::Sha384),
            128 => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        })
    }
}

/// Lower-case hex checksum of `call + query + secret`; `query` is the raw, already encoded query string
/// without the `checksum` parameter.
pub fn checksum(algorithm: Algorithm, call: &str, query: &str, secret: &str) -> String {
    let parts = [call.as_bytes(), query.as_bytes(), secret.as_bytes()];
    match algorithm {
        Algorithm::Sha1 => hex(&digest::<Sha1>(&parts)),
        Algorithm::Sha256 => hex(&digest::<Sha256>(&parts)),
        Algorithm::Sha384 => hex(&digest::<Sha384>(&parts)),
        Algorithm::Sha512 => hex(&digest::<Sha512>(&parts)),
    }
}

fn digest<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut d = D::new();
    for p in parts {
        d.update(p);
    }
    d.finalize().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Checks a request as a BBB server does: the `checksum` parameter is removed from the raw query, and the
/// rest is hashed exactly as received with the algorithm its length names. Constant-time comparison.
pub fn verify(call: &str, raw_query: &str, secret: &str) -> bool {
    let mut given = None;
    let rest: Vec<&str> = raw_query
        .split('&')
        .filter(|pair| match pair.strip_prefix("checksum=") {
            Some(value) => {
                given = Some(value);
                false
            }
            None => true,
        })
        .collect();
    let Some(given) = given else { return false };
    let Some(algorithm) = Algorithm::from_hex_len(given.len()) else {
        return false;
    };
    let expected = checksum(algorithm, call, &rest.join("&"), secret);
    let given = given.to_ascii_lowercase();
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";
    const QUERY: &str = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";

    #[test]
    fn documented_test_vector() {
        assert_eq!(
            checksum(Algorithm::Sha1, "create", QUERY, SECRET),
            "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
        );
    }

    #[test]
    fn digest_lengths_name_the_algorithm() {
        for algorithm in [
            Algorithm::Sha1,
            Algorithm::Sha256,
            Algorithm::Sha384,
            Algorithm::Sha512,
        ] {
            let sum = checksum(algorithm, "getMeetings", "", SECRET);
            assert_eq!(Algorithm::from_hex_len(sum.len()), Some(algorithm));
            assert!(verify("getMeetings", &format!("checksum={sum}"), SECRET));
            assert!(verify(
                "create",
                &format!(
                    "{QUERY}&checksum={}",
                    checksum(algorithm, "create", QUERY, SECRET)
                ),
                SECRET
            ));
        }
    }

    #[test]
    fn verification_hashes_the_raw_query() {
        let plus = checksum(Algorithm::Sha256, "create", "name=A+B&meetingID=x", SECRET);
        assert!(verify(
            "create",
            &format!("name=A+B&meetingID=x&checksum={plus}"),
            SECRET
        ));
        // the same query spelled with %20 is a different byte string
        assert!(!verify(
            "create",
            &format!("name=A%20B&meetingID=x&checksum={plus}"),
            SECRET
        ));
        assert!(!verify("create", "name=A+B&meetingID=x", SECRET));
        assert!(!verify(
            "create",
            &format!("name=A+B&meetingID=x&checksum={plus}"),
            "other-secret"
        ));
        assert!(!verify(
            "join",
            &format!("name=A+B&meetingID=x&checksum={plus}"),
            SECRET
        ));
        assert!(!verify("create", "name=A+B&checksum=abc", SECRET));
    }
}
