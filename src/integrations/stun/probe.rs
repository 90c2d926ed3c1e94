//! Probes over UDP or TCP: a binding request, and a TURN allocation with or without credentials.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

use super::message::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Udp,
    Tcp,
}

#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("network error: {0}")]
    Io(#[from] std::io::Error),
    #[error("the answer is not STUN: {0}")]
    Malformed(#[from] ParseError),
    #[error("unexpected answer type 0x{0:04x}")]
    Unexpected(u16),
}

/// What a probe learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Binding answered: our address as the server sees it.
    Mapped {
        address: SocketAddr,
        software: Option<String>,
    },
    /// TURN is alive and asks for credentials (401 with realm and nonce).
    Challenge { realm: String },
    /// TURN accepted the credentials and relays from this address.
    Allocated { relayed: SocketAddr },
    /// The server refused with this STUN error.
    Refused { code: u16, reason: String },
}

/// TURN REST credentials, as BBB hands them to clients: `"<unix expiry>:<name>"` and
/// `base64(HMAC-SHA1(static-auth-secret, username))`.
#[derive(Clone)]
pub struct TurnCredentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for TurnCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TurnCredentials({}, ***)", self.username)
    }
}

pub fn turn_rest_credentials(secret: &str, name: &str, expires_unix: i64) -> TurnCredentials {
    let username = format!("{expires_unix}:{name}");
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(username.as_bytes());
    let password = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    TurnCredentials { username, password }
}

/// One connection to a STUN/TURN server; UDP requests are retransmitted (RFC 5389: 500 ms, doubling).
struct Conn {
    udp: Option<UdpSocket>,
    tcp: Option<TcpStream>,
    deadline: Instant,
    timeout: Duration,
}

impl Conn {
    async fn open(
        server: SocketAddr,
        transport: Transport,
        timeout: Duration,
    ) -> Result<Self, ProbeError> {
        let deadline = Instant::now() + timeout;
        match transport {
            Transport::Udp => {
                let bind: SocketAddr = if server.is_ipv4() {
                    "0.0.0.0:0"
                } else {
                    "[::]:0"
                }
                .parse()
                .expect("literal");
                let socket = UdpSocket::bind(bind).await?;
                socket.connect(server).await?;
                Ok(Conn {
                    udp: Some(socket),
                    tcp: None,
                    deadline,
                    timeout,
                })
            }
            Transport::Tcp => {
                let stream = tokio::time::timeout_at(deadline.into(), TcpStream::connect(server))
                    .await
                    .map_err(|_| ProbeError::Timeout(timeout))??;
                stream.set_nodelay(true)?;
                Ok(Conn {
                    udp: None,
                    tcp: Some(stream),
                    deadline,
                    timeout,
                })
            }
        }
    }

    async fn request(&mut self, request: &[u8]) -> Result<Vec<u8>, ProbeError> {
        let transaction = &request[8..20];
        let deadline = tokio::time::Instant::from(self.deadline);
        let timeout = self.timeout;
        if let Some(socket) = &self.udp {
            let mut rto = Duration::from_millis(500);
            let mut buf = vec![0u8; 1500];
            loop {
                socket.send(request).await?;
                let wait = (tokio::time::Instant::now() + rto).min(deadline);
                // answers to an earlier transmission of the same request carry the same transaction id
                loop {
                    match tokio::time::timeout_at(wait, socket.recv(&mut buf)).await {
                        Ok(Ok(n)) if n >= HEADER_LEN && &buf[8..20] == transaction => {
                            return Ok(buf[..n].to_vec());
                        }
                        Ok(Ok(_)) => continue,
                        Ok(Err(e)) => return Err(e.into()),
                        Err(_) => break,
                    }
                }
                if tokio::time::Instant::now() >= deadline {
                    return Err(ProbeError::Timeout(timeout));
                }
                rto *= 2;
            }
        }
        let stream = self.tcp.as_mut().expect("a connection");
        let exchange = async {
            stream.write_all(request).await?;
            let mut header = [0u8; HEADER_LEN];
            stream.read_exact(&mut header).await?;
            let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
            let mut message = header.to_vec();
            message.resize(HEADER_LEN + len, 0);
            stream.read_exact(&mut message[HEADER_LEN..]).await?;
            Ok::<_, std::io::Error>(message)
        };
        tokio::time::timeout_at(deadline, exchange)
            .await
            .map_err(|_| ProbeError::Timeout(timeout))?
            .map_err(Into::into)
    }
}

fn transaction_id() -> [u8; 12] {
    let mut id = [0u8; 12];
    getrandom::fill(&mut id).expect("the OS random source");
    id
}

/// STUN binding: proves the server answers and tells our mapped address.
pub async fn binding(
    server: SocketAddr,
    transport: Transport,
    timeout: Duration,
) -> Result<Outcome, ProbeError> {
    let mut conn = Conn::open(server, transport, timeout).await?;
    let answer = conn
        .request(&Builder::new(BINDING_REQUEST, transaction_id()).finish())
        .await?;
    let m = Message::parse(&answer)?;
    match m.kind {
        BINDING_SUCCESS => Ok(Outcome::Mapped {
            address: m.mapped_address().ok_or(ProbeError::Unexpected(m.kind))?,
            software: m.text(ATTR_SOFTWARE),
        }),
        BINDING_ERROR => Ok(refused(&m)),
        other => Err(ProbeError::Unexpected(other)),
    }
}

fn refused(m: &Message<'_>) -> Outcome {
    let (code, reason) = m.error().unwrap_or((0, String::new()));
    Outcome::Refused { code, reason }
}

/// TURN Allocate. Without credentials a live server answers 401 (`Challenge`). With credentials the
/// allocation is made, `peer` (if given) is asked for as a permission, and the allocation is released.
/// Returns the allocation outcome and, when a peer was given, the permission outcome.
pub async fn turn_allocate(
    server: SocketAddr,
    transport: Transport,
    credentials: Option<&TurnCredentials>,
    peer: Option<SocketAddr>,
    timeout: Duration,
) -> Result<(Outcome, Option<Outcome>), ProbeError> {
    let mut conn = Conn::open(server, transport, timeout).await?;
    let first = Builder::new(ALLOCATE_REQUEST, transaction_id())
        .requested_transport_udp()
        .finish();
    let answer = conn.request(&first).await?;
    let m = Message::parse(&answer)?;
    let (realm, nonce) = match (m.kind, m.error()) {
        (ALLOCATE_ERROR, Some((401, _))) => (
            m.text(ATTR_REALM).unwrap_or_default(),
            m.text(ATTR_NONCE).unwrap_or_default(),
        ),
        (ALLOCATE_ERROR, _) => return Ok((refused(&m), None)),
        (ALLOCATE_SUCCESS, _) => {
            return Ok((
                Outcome::Allocated {
                    relayed: m
                        .xor_address(ATTR_XOR_RELAYED_ADDRESS)
                        .ok_or(ProbeError::Unexpected(m.kind))?,
                },
                None,
            ));
        }
        (other, _) => return Err(ProbeError::Unexpected(other)),
    };
    let Some(creds) = credentials else {
        return Ok((Outcome::Challenge { realm }, None));
    };
    let key = long_term_key(&creds.username, &realm, &creds.password);
    let signed = |kind: u16, extra: &dyn Fn(Builder) -> Builder| {
        extra(Builder::new(kind, transaction_id()))
            .attr(ATTR_USERNAME, creds.username.as_bytes())
            .attr(ATTR_REALM, realm.as_bytes())
            .attr(ATTR_NONCE, nonce.as_bytes())
            .integrity(&key)
            .finish()
    };
    let answer = conn
        .request(&signed(ALLOCATE_REQUEST, &|b| b.requested_transport_udp()))
        .await?;
    let m = Message::parse(&answer)?;
    let allocation = match m.kind {
        ALLOCATE_SUCCESS => Outcome::Allocated {
            relayed: m
                .xor_address(ATTR_XOR_RELAYED_ADDRESS)
                .ok_or(ProbeError::Unexpected(m.kind))?,
        },
        ALLOCATE_ERROR => return Ok((refused(&m), None)),
        other => return Err(ProbeError::Unexpected(other)),
    };
    let permission = match peer {
        Some(peer) => {
            let answer = conn
                .request(&signed(CREATE_PERMISSION_REQUEST, &|b| {
                    b.xor_address(ATTR_XOR_PEER_ADDRESS, peer)
                }))
                .await?;
            let m = Message::parse(&answer)?;
            Some(match m.kind {
                CREATE_PERMISSION_SUCCESS => Outcome::Allocated { relayed: peer },
                CREATE_PERMISSION_ERROR => refused(&m),
                other => return Err(ProbeError::Unexpected(other)),
            })
        }
        None => None,
    };
    // release the allocation at once (lifetime 0); the answer does not change the outcome
    let _ = conn
        .request(&signed(REFRESH_REQUEST, &|b| {
            b.attr(ATTR_LIFETIME, &0u32.to_be_bytes())
        }))
        .await;
    Ok((allocation, permission))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_credentials_follow_the_turn_rest_draft() {
        // HMAC-SHA1("secret", "1700000000:vereint"), base64
        let c = turn_rest_credentials("secret", "vereint", 1_700_000_000);
        assert_eq!(c.username, "1700000000:vereint");
        let mut mac = Hmac::<Sha1>::new_from_slice(b"secret").unwrap();
        mac.update(b"1700000000:vereint");
        assert_eq!(
            c.password,
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        );
        assert!(!format!("{c:?}").contains(&c.password));
    }
}
