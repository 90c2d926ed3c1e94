//! The SMTP connections mail goes out on: at most `directory.smtp.connections` at once (default
//! `DEFAULT_CONNECTIONS`), each kept open for the next message, with Nagle's algorithm off. lettre
//! speaks SMTP on them; the connections are made here because lettre's own transport leaves
//! Nagle's algorithm on: it writes a message's body and the closing "." separately and then waits,
//! so the "." waited for the server to acknowledge the body, which Linux delays by up to 40 ms
//! (`cargo bench --bench mail`: 58 mails/s on four kept connections with Nagle's algorithm, 200 to
//! 260 without).

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use rustls_pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::mail::{Delivery, clean};

/// Messages sent at once, each on a connection of its own that is kept for the next one: a batch
/// to 32 recipients does not open 32 connections (a TLS handshake and a login each), and mail
/// providers limit how many connections one client may hold.
pub const DEFAULT_CONNECTIONS: usize = 4;
/// More would not send faster: the outbox hands out this many messages at a time.
pub const MAX_CONNECTIONS: usize = super::outbox::BATCH;
/// A connection unused for longer is closed instead of reused (servers drop idle clients after a
/// few minutes; RFC 5321 suggests 5).
const IDLE: Duration = Duration::from_secs(60);
const CONNECT_LIMIT: Duration = Duration::from_secs(30);

/// How a connection is encrypted, from the URL's form.
pub enum Security {
    /// `smtps://`: TLS from the first byte.
    Implicit {
        tls: tokio_rustls::TlsConnector,
        name: ServerName<'static>,
    },
    /// `smtp://…?tls=required`: STARTTLS before anything else is said.
    StartTls(TlsParameters),
    /// Plain `smtp://`, to a loopback address only.
    Plain,
}

pub struct Connections {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
    /// Connections between two messages, with the time they were last used; at most one per permit.
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    permits: tokio::sync::Semaphore,
}

impl Connections {
    pub fn new(
        host: String,
        port: u16,
        security: Security,
        credentials: Option<Credentials>,
        connections: usize,
    ) -> Connections {
        Connections {
            host,
            port,
            security,
            credentials,
            hello: ClientId::default(),
            idle: Mutex::new(Vec::new()),
            permits: tokio::sync::Semaphore::new(connections),
        }
    }

    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Delivery {
        let Ok(_permit) = self.permits.acquire().await else {
            return Delivery::Transient("the mailer is shutting down".into());
        };
        let mut conn = match self.reuse().await {
            Some(conn) => conn,
            None => match self.open().await {
                Ok(conn) => conn,
                Err(e) => return e,
            },
        };
        let sent = conn.send(envelope, message).await;
        // lettre closes a connection after any error, a 5xx for one recipient too
        if !conn.has_broken() {
            self.idle_list().push((conn, Instant::now()));
        }
        match sent {
            Ok(_) => Delivery::Sent,
            Err(e) => answer(&e),
        }
    }

    fn idle_list(&self) -> std::sync::MutexGuard<'_, Vec<(AsyncSmtpConnection, Instant)>> {
        // the list stays whole whatever a panicking holder did: a push or a pop
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A kept connection that still answers NOOP; the others are closed on the way.
    async fn reuse(&self) -> Option<AsyncSmtpConnection> {
        loop {
            let (mut conn, since) = self.idle_list().pop()?;
            if since.elapsed() < IDLE && conn.test_connected().await {
                return Some(conn);
            }
            conn.abort().await;
        }
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, Delivery> {
        let unreachable = |e: &dyn std::fmt::Display| {
            Delivery::Transient(clean(&format!("{}:{}: {e}", self.host, self.port)))
        };
        let tcp = tokio::time::timeout(
            CONNECT_LIMIT,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| unreachable(&format!("no connection within {CONNECT_LIMIT:?}")))?
        .map_err(|e| unreachable(&e))?;
        tcp.set_nodelay(true).map_err(|e| unreachable(&e))?;
        let stream: Box<dyn AsyncTokioStream> = match &self.security {
            Security::Implicit { tls, name } => Box::new(ImplicitTls(
                tls.connect(name.clone(), tcp)
                    .await
                    .map_err(|e| unreachable(&e))?,
            )),
            Security::StartTls(_) | Security::Plain => Box::new(tcp),
        };
        let mut conn = AsyncSmtpConnection::connect_with_transport(stream, &self.hello)
            .await
            .map_err(|e| answer(&e))?;
        if let Security::StartTls(tls) = &self.security {
            conn.starttls(tls.clone(), &self.hello)
                .await
                .map_err(|e| answer(&e))?;
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(|e| answer(&e))?;
        }
        Ok(conn)
    }
}

/// A 5xx is kept as the server's final answer; anything else is tried again later.
fn answer(e: &lettre::transport::smtp::Error) -> Delivery {
    if e.is_permanent() {
        Delivery::Permanent(clean(&e.to_string()))
    } else {
        Delivery::Transient(clean(&e.to_string()))
    }
}

/// `smtps://` to `host`, its certificate checked against webpki's roots and `extra_roots`
/// (`directory.smtp.ca_file`).
pub fn implicit_tls(
    host: &str,
    extra_roots: &[rustls_pki_types::CertificateDer<'static>],
) -> Result<Security, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in extra_roots {
        roots.add(cert.clone()).map_err(|e| e.to_string())?;
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = ServerName::try_from(host.to_string()).map_err(|e| e.to_string())?;
    Ok(Security::Implicit {
        tls: tokio_rustls::TlsConnector::from(Arc::new(config)),
        name,
    })
}

/// An `smtps://` connection as lettre takes a stream: encrypted below it.
struct ImplicitTls(tokio_rustls::client::TlsStream<TcpStream>);

impl std::fmt::Debug for ImplicitTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ImplicitTls")
    }
}

impl AsyncTokioStream for ImplicitTls {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl AsyncRead for ImplicitTls {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for ImplicitTls {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
