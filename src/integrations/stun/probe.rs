//! Probes over UDP or TCP: a binding request, and a TURN allocation with or without credentials.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

use super::message::*;
use crate::i18n::{Lang::En, Msg, t, tf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Udp,
    Tcp,
}

#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("{}", tf(Msg::HealthTimeout, En, &[("seconds", &format!("{:.1}", .0.as_secs_f64()))]))]
    Timeout(Duration),
    #[error("{}", tf(Msg::HealthStunNetwork, En, &[("error", .0)]))]
    Io(#[from] std::io::Error),
    #[error("{}", tf(Msg::HealthStunNotStun, En, &[("error", .0)]))]
    Malformed(#[from] ParseError),
    #[error("{}", tf(Msg::HealthStunUnexpected, En, &[("kind", &format!("{:04x}", .0))]))]
    Unexpected(u16),
    #[error("{}", t(Msg::HealthStunFingerprint, En))]
    Fingerprint,
    #[error("{}", t(Msg::HealthStunIntegrity, En))]
    Integrity,
    #[error("{}", t(Msg::HealthStunUnsigned, En))]
    Unsigned,
}

/// Parses an answer and checks FINGERPRINT where present and, with `key`, MESSAGE-INTEGRITY:
/// required on success answers (RFC 5766 signs them), checked on others where present.
fn answer<'a>(raw: &'a [u8], key: Option<&[u8; 16]>) -> Result<Message<'a>, ProbeError> {
    let m = Message::parse(raw)?;
    if m.fingerprint_ok() == Some(false) {
        return Err(ProbeError::Fingerprint);
    }
    if let Some(key) = key {
        match m.integrity_ok(key) {
            Some(true) => {}
            Some(false) => return Err(ProbeError::Integrity),
            None if m.kind & 0x0110 == 0x0100 => return Err(ProbeError::Unsigned),
            None => {}
        }
    }
    Ok(m)
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
            // messages for other transactions (a confused or hostile server) are skipped, as on UDP
            loop {
                let mut header = [0u8; HEADER_LEN];
                stream.read_exact(&mut header).await?;
                let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
                let mut message = header.to_vec();
                message.resize(HEADER_LEN + len, 0);
                stream.read_exact(&mut message[HEADER_LEN..]).await?;
                if &message[8..20] == transaction {
                    return Ok::<_, std::io::Error>(message);
                }
            }
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
    let raw = conn
        .request(&Builder::new(BINDING_REQUEST, transaction_id()).finish())
        .await?;
    let m = answer(&raw, None)?;
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
    let raw = conn.request(&first).await?;
    let m = answer(&raw, None)?;
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
    let raw = conn
        .request(&signed(ALLOCATE_REQUEST, &|b| b.requested_transport_udp()))
        .await?;
    let m = answer(&raw, Some(&key))?;
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
            let raw = conn
                .request(&signed(CREATE_PERMISSION_REQUEST, &|b| {
                    b.xor_address(ATTR_XOR_PEER_ADDRESS, peer)
                }))
                .await?;
            let m = answer(&raw, Some(&key))?;
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

    /// A crafted server: for each request, `answers(kind, transaction, n)` gives what it sends back
    /// (`n` counts requests from 0).
    type Answers = fn(u16, [u8; 12], usize) -> Vec<Vec<u8>>;

    async fn fake_tcp(answers: Answers) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            for n in 0.. {
                let mut header = [0u8; HEADER_LEN];
                if s.read_exact(&mut header).await.is_err() {
                    return;
                }
                let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
                let mut rest = vec![0u8; len];
                s.read_exact(&mut rest).await.unwrap();
                let tx: [u8; 12] = header[8..20].try_into().unwrap();
                for a in answers(u16::from_be_bytes([header[0], header[1]]), tx, n) {
                    s.write_all(&a).await.unwrap();
                }
            }
        });
        addr
    }

    async fn fake_udp(answers: Answers) -> SocketAddr {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        tokio::spawn(async move {
            let mut buf = [0u8; 1500];
            for n in 0.. {
                let (len, from) = socket.recv_from(&mut buf).await.unwrap();
                let tx: [u8; 12] = buf[8..20].try_into().unwrap();
                let kind = u16::from_be_bytes([buf[0], buf[1]]);
                let _ = len;
                for a in answers(kind, tx, n) {
                    socket.send_to(&a, from).await.unwrap();
                }
            }
        });
        addr
    }

    fn mapped(tx: [u8; 12], ip: &str) -> Builder {
        Builder::new(BINDING_SUCCESS, tx).xor_address(
            ATTR_XOR_MAPPED_ADDRESS,
            SocketAddr::new(ip.parse().unwrap(), 4242),
        )
    }

    const WAIT: Duration = Duration::from_secs(2);

    #[tokio::test]
    async fn on_tcp_only_the_answer_to_our_transaction_counts() {
        let server = fake_tcp(|_, tx, _| {
            let mut other = tx;
            other[0] ^= 0xff;
            vec![
                mapped(other, "192.0.2.66").finish(),
                mapped(tx, "192.0.2.1").finish(),
            ]
        })
        .await;
        let got = binding(server, Transport::Tcp, WAIT).await.unwrap();
        assert!(
            matches!(got, Outcome::Mapped { address, .. } if address.ip().to_string() == "192.0.2.1"),
            "{got:?}"
        );
    }

    #[tokio::test]
    async fn a_broken_fingerprint_is_refused() {
        let server = fake_udp(|_, tx, _| {
            let mut m = mapped(tx, "192.0.2.1").fingerprint().finish();
            let last = m.len() - 1;
            m[last] ^= 1;
            vec![m]
        })
        .await;
        let e = binding(server, Transport::Udp, WAIT).await.unwrap_err();
        assert!(matches!(e, ProbeError::Fingerprint), "{e:?}");
        // a correct one is accepted
        let server =
            fake_udp(|_, tx, _| vec![mapped(tx, "192.0.2.1").fingerprint().finish()]).await;
        assert!(binding(server, Transport::Udp, WAIT).await.is_ok());
    }

    /// First a 401 challenge, then an allocation signed with `key_password` (or unsigned).
    fn turn_answers(tx: [u8; 12], n: usize, key_password: Option<&str>) -> Vec<Vec<u8>> {
        if n == 0 {
            return vec![
                Builder::new(ALLOCATE_ERROR, tx)
                    .attr(ATTR_ERROR_CODE, &[0, 0, 4, 1, b'U'])
                    .attr(ATTR_REALM, b"club")
                    .attr(ATTR_NONCE, b"n0nce")
                    .finish(),
            ];
        }
        let b = Builder::new(ALLOCATE_SUCCESS, tx)
            .xor_address(ATTR_XOR_RELAYED_ADDRESS, "192.0.2.9:50000".parse().unwrap());
        let creds = turn_rest_credentials("secret", "vereint-health", 1_700_000_000);
        vec![match key_password {
            Some(p) => b
                .integrity(&long_term_key(&creds.username, "club", p))
                .finish(),
            None => b.finish(),
        }]
    }

    #[tokio::test]
    async fn allocations_must_carry_the_servers_signature() {
        let creds = turn_rest_credentials("secret", "vereint-health", 1_700_000_000);
        let forged = fake_udp(|_, tx, n| turn_answers(tx, n, Some("not the password"))).await;
        let e = turn_allocate(forged, Transport::Udp, Some(&creds), None, WAIT)
            .await
            .unwrap_err();
        assert!(matches!(e, ProbeError::Integrity), "{e:?}");

        let unsigned = fake_tcp(|_, tx, n| turn_answers(tx, n, None)).await;
        let e = turn_allocate(unsigned, Transport::Tcp, Some(&creds), None, WAIT)
            .await
            .unwrap_err();
        assert!(matches!(e, ProbeError::Unsigned), "{e:?}");

        let genuine = fake_udp(|_, tx, n| {
            let creds = turn_rest_credentials("secret", "vereint-health", 1_700_000_000);
            turn_answers(tx, n, Some(&creds.password))
        })
        .await;
        let (got, _) = turn_allocate(genuine, Transport::Udp, Some(&creds), None, WAIT)
            .await
            .unwrap();
        assert_eq!(
            got,
            Outcome::Allocated {
                relayed: "192.0.2.9:50000".parse().unwrap()
            }
        );
    }
}
