//! A small HTTP/1.1 GET over a fresh connection per request: health checks want the latency of a real
//! first visit (DNS, TCP, TLS, first byte), the certificate of that connection, and no pooling.

use std::net::SocketAddr;
use std::time::Instant;

use anyhow::{Context as _, bail};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::ssrf::Guard;
use super::tls::{CertInfo, TlsSetup};

/// Largest body read; health endpoints answer with a few bytes.
const BODY_LIMIT: usize = 1 << 20;
const HEAD_LIMIT: usize = 64 << 10;

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub cert: Option<CertInfo>,
    /// Milliseconds for the TLS handshake alone.
    pub handshake_ms: Option<f64>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How requests connect: the TLS setup, and for requests on behalf of others an address guard.
#[derive(Clone)]
pub struct Fetcher {
    pub tls: TlsSetup,
    pub guard: Option<Guard>,
}

/// What the caller needs besides the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Status and headers only (the connection is dropped after the header).
    Head,
    /// The body too; over https only with a trusted certificate (the request may carry proof of a
    /// secret).
    Body,
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

impl Fetcher {
    pub async fn get(&self, url: &url::Url, want: Want) -> anyhow::Result<Response> {
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => bail!("the URL has no host"),
        };
        let port = url.port_or_known_default().context("the URL has no port")?;
        let addr = self.resolve(&host, port).await?;
        let tcp = TcpStream::connect(addr)
            .await
            .with_context(|| format!("connecting to {addr}"))?;
        let _ = tcp.set_nodelay(true);
        let (mut stream, cert, handshake_ms): (Box<dyn Stream>, _, _) = if url.scheme() == "https" {
            let started = Instant::now();
            let (tls, cert) = self.tls.connect(&host, tcp).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if want == Want::Body && !cert.trusted() {
                bail!(
                    "the certificate is not trusted ({}); not sending the request",
                    cert.chain_error
                        .clone()
                        .unwrap_or_else(|| "wrong name or expired".into())
                );
            }
            (Box::new(tls), Some(cert), Some(ms))
        } else {
            (Box::new(tcp), None, None)
        };
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        let host_header = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_string(),
        };
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: vereint-health/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
            env!("CARGO_PKG_VERSION")
        );
        stream
            .write_all(request.as_bytes())
            .await
            .context("sending the request")?;
        let (mut response, rest) = read_head(&mut stream).await?;
        if want == Want::Body {
            response.body = read_body(&mut stream, &response, rest).await?;
        }
        response.cert = cert;
        response.handshake_ms = handshake_ms;
        Ok(response)
    }

    async fn resolve(&self, host: &str, port: u16) -> anyhow::Result<SocketAddr> {
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .with_context(|| format!("resolving {host}"))?
            .collect();
        if let Some(guard) = &self.guard {
            // every address, not only the one used: a name must not point anywhere forbidden
            for a in &addrs {
                guard
                    .check(a.ip())
                    .map_err(|e| anyhow::anyhow!("{host}: {e}"))?;
            }
        }
        addrs
            .first()
            .copied()
            .with_context(|| format!("{host} has no address"))
    }
}

async fn read_head(stream: &mut Box<dyn Stream>) -> anyhow::Result<(Response, Vec<u8>)> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut chunk)
            .await
            .context("reading the answer")?;
        if n == 0 {
            bail!("the server closed the connection without an answer");
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Response::new(&mut headers);
        match parsed.parse(&buf).context("the answer is not HTTP")? {
            httparse::Status::Complete(len) => {
                let response = Response {
                    status: parsed.code.unwrap_or(0),
                    headers: parsed
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_string(),
                                String::from_utf8_lossy(h.value).into_owned(),
                            )
                        })
                        .collect(),
                    body: Vec::new(),
                    cert: None,
                    handshake_ms: None,
                };
                return Ok((response, buf[len..].to_vec()));
            }
            httparse::Status::Partial if buf.len() > HEAD_LIMIT => {
                bail!("the answer's header is larger than {HEAD_LIMIT} bytes")
            }
            httparse::Status::Partial => {}
        }
    }
}

async fn read_body(
    stream: &mut Box<dyn Stream>,
    response: &Response,
    mut body: Vec<u8>,
) -> anyhow::Result<Vec<u8>> {
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let length = response
        .header("content-length")
        .and_then(|v| v.trim().parse::<usize>().ok());
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(len) = length
            && body.len() >= len
        {
            body.truncate(len);
            return Ok(body);
        }
        if chunked && let Some(decoded) = dechunk(&body)? {
            return Ok(decoded);
        }
        if body.len() > BODY_LIMIT {
            bail!("the answer is larger than {BODY_LIMIT} bytes");
        }
        let n = stream
            .read(&mut chunk)
            .await
            .context("reading the answer")?;
        if n == 0 {
            if length.is_some() || chunked {
                bail!("the server closed the connection in the middle of the answer");
            }
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..n]);
    }
}

/// The decoded body once the last chunk arrived; `None` while incomplete.
fn dechunk(raw: &[u8]) -> anyhow::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let Some(eol) = raw[at..].windows(2).position(|w| w == b"\r\n") else {
            return Ok(None);
        };
        let line = std::str::from_utf8(&raw[at..at + eol]).context("bad chunk size")?;
        let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
            .context("bad chunk size")?;
        at += eol + 2;
        if size == 0 {
            return Ok(Some(out));
        }
        if raw.len() < at + size + 2 {
            return Ok(None);
        }
        out.extend_from_slice(&raw[at..at + size]);
        at += size + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::dechunk;

    #[test]
    fn chunked_bodies_decode_once_complete() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .unwrap()
                .unwrap(),
            b"abcde"
        );
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nd").unwrap(), None);
        assert!(dechunk(b"zz\r\n").is_err());
    }
}
