//! A small HTTP/1.1 GET over a fresh connection per request: health checks want the latency of a real
//! first visit (DNS, TCP, TLS, first byte), the certificate of that connection, and no pooling.
//!
//! The answer is read by our own bounded reader, not by hyper's `client::conn::http1`, by
//! measurement (`benches/health_http.rs`: the same GET to nginx on loopback, fresh connection each,
//! both readers in alternating rounds): hyper gave 0.84 of the own reader's throughput (release,
//! medians of 9 rounds, 14,296 vs 17,051 /s; 0.90 in the dev profile), and what a hostile server can
//! send is covered either way: the head is parsed by `httparse` (the parser inside hyper too), at
//! most `HEAD_LIMIT` bytes and 64 fields; the body by `Dechunker`, a byte-wise state machine with
//! checked sizes, at most `BODY_LIMIT` bytes, proven by the property tests below. Content-Length
//! together with chunked is refused (RFC 9112 6.3: a sign of request smuggling), not "one wins".

use std::net::SocketAddr;
use std::time::Instant;

use anyhow::{Context as _, bail};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::ssrf::Guard;
use super::tls::{CertInfo, TlsSetup};
use crate::i18n::{Lang::En, Msg, t, tf};

/// Largest body read; health endpoints answer with a few bytes.
pub const BODY_LIMIT: usize = 1 << 20;
/// Largest head (status line and fields) read.
pub const HEAD_LIMIT: usize = 64 << 10;
/// Most header fields in an answer.
const MAX_FIELDS: usize = 64;
/// Most redirects followed.
pub const MAX_HOPS: usize = 5;

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

    fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
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
            None => bail!(t(Msg::HealthUrlNoHost, En)),
        };
        let port = url
            .port_or_known_default()
            .context(t(Msg::HealthUrlNoPort, En))?;
        let addrs = self.resolve(&host, port).await?;
        let tcp = connect_any(&addrs).await?;
        let _ = tcp.set_nodelay(true);
        let (mut stream, cert, handshake_ms): (Box<dyn Stream>, _, _) = if url.scheme() == "https" {
            let started = Instant::now();
            let (tls, cert) = self.tls.connect(&host, tcp).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if want == Want::Body && !cert.trusted() {
                let why = cert
                    .chain_error
                    .clone()
                    .unwrap_or_else(|| t(Msg::HealthWrongNameOrExpired, En).into());
                bail!(tf(Msg::HealthNotSending, En, &[("why", &why)]));
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
            .context(t(Msg::HealthSending, En))?;
        let mut response = read_response(&mut stream, want).await?;
        response.cert = cert;
        response.handshake_ms = handshake_ms;
        Ok(response)
    }

    /// GET that follows redirects (at most `MAX_HOPS`), each hop through `get` and so through the
    /// guard; every answer in order, the last one not a redirect.
    pub async fn get_following(
        &self,
        url: &url::Url,
        want: Want,
    ) -> anyhow::Result<Vec<(url::Url, Response)>> {
        let mut hops: Vec<(url::Url, Response)> = Vec::new();
        let mut url = url.clone();
        for _ in 0..=MAX_HOPS {
            if !matches!(url.scheme(), "http" | "https") {
                bail!(tf(Msg::HealthOnlyHttp, En, &[("url", &url)]));
            }
            let response = self.get(&url, want).await?;
            if !(300..400).contains(&response.status) || response.status == 304 {
                hops.push((url, response));
                return Ok(hops);
            }
            let location = response
                .header("location")
                .with_context(|| tf(Msg::HealthNoLocation, En, &[("url", &url)]))?;
            let next = url.join(location).with_context(|| {
                tf(
                    Msg::HealthBadLocation,
                    En,
                    &[("url", &url), ("location", &location)],
                )
            })?;
            hops.push((url, response));
            url = next;
        }
        bail!(tf(
            Msg::HealthTooManyRedirects,
            En,
            &[("max", &MAX_HOPS), ("url", &url)]
        ))
    }

    async fn resolve(&self, host: &str, port: u16) -> anyhow::Result<Vec<SocketAddr>> {
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .with_context(|| tf(Msg::HealthResolving, En, &[("host", &host)]))?
            .collect();
        if let Some(guard) = &self.guard {
            // every address, not only the one used: a name must not point anywhere forbidden
            for a in &addrs {
                guard
                    .check(a.ip())
                    .map_err(|e| anyhow::anyhow!("{host}: {e}"))?;
            }
        }
        if addrs.is_empty() {
            bail!(tf(Msg::HealthNoAddress, En, &[("host", &host)]));
        }
        Ok(addrs)
    }
}

/// Connects to the first of `addrs` that accepts, in order; the error names every failed address.
pub async fn connect_any(addrs: &[SocketAddr]) -> anyhow::Result<TcpStream> {
    let mut failures = Vec::new();
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(tcp) => return Ok(tcp),
            Err(e) => failures.push(format!("{addr}: {e}")),
        }
    }
    bail!(tf(
        Msg::HealthConnecting,
        En,
        &[("failures", &failures.join("; "))]
    ))
}

/// Reads one answer: the head, and for `Want::Body` the body. Reads at most `HEAD_LIMIT` bytes of
/// head and `BODY_LIMIT` bytes of body (plus one read buffer), whatever the server sends.
pub async fn read_response<S: AsyncRead + Unpin + ?Sized>(
    stream: &mut S,
    want: Want,
) -> anyhow::Result<Response> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let (response, head_len) = loop {
        let room = (HEAD_LIMIT + 1).saturating_sub(buf.len()).min(chunk.len());
        let n = stream
            .read(&mut chunk[..room])
            .await
            .context(t(Msg::HealthReading, En))?;
        if n == 0 {
            if buf.is_empty() {
                bail!(t(Msg::HealthClosedEmpty, En));
            }
            bail!(t(Msg::HealthClosedInHead, En));
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(done) = parse_head(&buf)? {
            break done;
        }
    };
    let framing = Framing::of(&response)?;
    if want == Want::Head {
        return Ok(response);
    }
    let body = read_body(stream, framing, &buf[head_len..]).await?;
    Ok(Response { body, ..response })
}

/// The head once complete (and its length), `None` while more is needed; an error for anything
/// that is not an HTTP/1 answer or is larger than `HEAD_LIMIT`.
pub fn parse_head(buf: &[u8]) -> anyhow::Result<Option<(Response, usize)>> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut parsed = httparse::Response::new(&mut headers);
    match parsed.parse(buf).context(t(Msg::HealthNotHttp, En))? {
        httparse::Status::Complete(len) if len <= HEAD_LIMIT => {
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
            Ok(Some((response, len)))
        }
        httparse::Status::Partial if buf.len() <= HEAD_LIMIT => Ok(None),
        _ => bail!(tf(Msg::HealthHeadTooLarge, En, &[("limit", &HEAD_LIMIT)])),
    }
}

/// How the body of an answer ends (RFC 9112 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Chunked,
    Length(u64),
    UntilClose,
}

impl Framing {
    pub fn of(response: &Response) -> anyhow::Result<Framing> {
        let encodings: Vec<String> = response
            .headers_named("transfer-encoding")
            .flat_map(|v| v.split(','))
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        let lengths: Vec<&str> = response
            .headers_named("content-length")
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        if !encodings.is_empty() && !lengths.is_empty() {
            bail!(t(Msg::HealthBothLengths, En));
        }
        if !encodings.is_empty() {
            // chunked must be the last coding; otherwise the body ends with the connection
            return Ok(if encodings.last().is_some_and(|e| e == "chunked") {
                Framing::Chunked
            } else {
                Framing::UntilClose
            });
        }
        let Some(first) = lengths.first() else {
            return Ok(Framing::UntilClose);
        };
        if lengths.iter().any(|l| l != first) {
            bail!(t(Msg::HealthLengthsDiffer, En));
        }
        if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
            bail!(t(Msg::HealthLengthNotNumber, En));
        }
        match first.parse::<u64>() {
            Ok(len) => Ok(Framing::Length(len)),
            Err(_) => bail!(tf(Msg::HealthLengthRange, En, &[("value", first)])),
        }
    }
}

async fn read_body<S: AsyncRead + Unpin + ?Sized>(
    stream: &mut S,
    framing: Framing,
    already: &[u8],
) -> anyhow::Result<Vec<u8>> {
    if let Framing::Length(len) = framing
        && len > BODY_LIMIT as u64
    {
        bail!(tf(
            Msg::HealthBodyTooLargeAnnounced,
            En,
            &[("limit", &BODY_LIMIT), ("len", &len)]
        ));
    }
    let mut body = Vec::new();
    let mut dechunker = Dechunker::default();
    let mut chunk = [0u8; 8192];
    let mut input = already;
    loop {
        match framing {
            Framing::Chunked => {
                if dechunker.feed(input, &mut body, BODY_LIMIT)? {
                    return Ok(body);
                }
            }
            Framing::Length(len) => {
                let len = len as usize; // at most BODY_LIMIT, checked above
                let take = input.len().min(len - body.len());
                body.extend_from_slice(&input[..take]);
                if body.len() == len {
                    return Ok(body);
                }
            }
            Framing::UntilClose => {
                if body.len() + input.len() > BODY_LIMIT {
                    bail!(tf(Msg::HealthBodyTooLarge, En, &[("limit", &BODY_LIMIT)]));
                }
                body.extend_from_slice(input);
            }
        }
        let n = stream
            .read(&mut chunk)
            .await
            .context(t(Msg::HealthReading, En))?;
        if n == 0 {
            if framing == Framing::UntilClose {
                return Ok(body);
            }
            bail!(t(Msg::HealthClosedInBody, En));
        }
        input = &chunk[..n];
    }
}

/// Why a chunked body is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    #[error("{}", t(Msg::HealthChunkBadSize, En))]
    BadSize,
    #[error("{}", tf(Msg::HealthChunkTooLarge, En, &[("limit", &BODY_LIMIT)]))]
    TooLarge,
    #[error("{}", t(Msg::HealthChunkNoCrlf, En))]
    NoCrlf,
    #[error("{}", tf(Msg::HealthChunkLongLine, En, &[("limit", .0)]))]
    LongLine(usize),
}

/// Longest chunk-size line (with extensions) and trailer section accepted.
const CHUNK_LINE_LIMIT: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum ChunkState {
    /// Before the first hex digit of a chunk size.
    #[default]
    Start,
    /// Hex digits of a chunk size.
    Size,
    /// Extensions (`;name=value`) or whitespace up to CR.
    Ext,
    SizeLf,
    Data,
    DataCr,
    DataLf,
    /// After the last chunk: trailer fields, each up to CRLF; an empty line ends the body.
    TrailerLineStart,
    Trailer,
    TrailerLf,
    EndLf,
    Done,
}

/// A streaming decoder of `Transfer-Encoding: chunked` (RFC 9112 7.1): any input split at any
/// point, sizes checked before anything is kept, lines and output bounded.
#[derive(Debug, Clone, Default)]
pub struct Dechunker {
    state: ChunkState,
    size: usize,
    /// Bytes of the current line (size line with extensions, or the trailer section).
    line: usize,
}

impl Dechunker {
    /// Decodes `input` onto `out` (which may hold at most `limit` bytes); `true` once the last chunk
    /// and the trailer ended. Bytes after the end are ignored.
    pub fn feed(
        &mut self,
        input: &[u8],
        out: &mut Vec<u8>,
        limit: usize,
    ) -> Result<bool, ChunkError> {
        use ChunkState::*;
        let mut at = 0;
        while at < input.len() {
            if self.state == Done {
                return Ok(true);
            }
            if self.state == Data {
                let take = self.size.min(input.len() - at);
                out.extend_from_slice(&input[at..at + take]);
                self.size -= take;
                at += take;
                if self.size == 0 {
                    self.state = DataCr;
                }
                continue;
            }
            let b = input[at];
            at += 1;
            if !matches!(self.state, DataCr | DataLf) {
                self.line += 1;
                if self.line > CHUNK_LINE_LIMIT {
                    return Err(ChunkError::LongLine(CHUNK_LINE_LIMIT));
                }
            }
            self.state = match (self.state, b) {
                (Start | Size, _) if b.is_ascii_hexdigit() => {
                    let digit = (b as char).to_digit(16).unwrap_or(0) as usize;
                    self.size = self
                        .size
                        .checked_mul(16)
                        .and_then(|s| s.checked_add(digit))
                        .filter(|s| out.len().saturating_add(*s) <= limit)
                        .ok_or(ChunkError::TooLarge)?;
                    Size
                }
                (Start, _) => return Err(ChunkError::BadSize),
                (Size | Ext, b'\r') => SizeLf,
                (Size | Ext, b';' | b' ' | b'\t') => Ext,
                (Size, _) => return Err(ChunkError::BadSize),
                (Ext, b) if b == b'\n' || (b < 0x20 && b != b'\t') || b == 0x7f => {
                    return Err(ChunkError::NoCrlf);
                }
                (Ext, _) => Ext,
                (SizeLf, b'\n') if self.size == 0 => {
                    self.line = 0;
                    TrailerLineStart
                }
                (SizeLf, b'\n') => {
                    self.line = 0;
                    Data
                }
                (DataCr, b'\r') => DataLf,
                (DataLf, b'\n') => Start,
                (TrailerLineStart, b'\r') => EndLf,
                (Trailer, b'\r') => TrailerLf,
                (TrailerLineStart | Trailer, b'\n') => return Err(ChunkError::NoCrlf),
                (TrailerLineStart | Trailer, _) => Trailer,
                (TrailerLf, b'\n') => TrailerLineStart,
                (EndLf, b'\n') => Done,
                (SizeLf | DataCr | DataLf | TrailerLf | EndLf, _) => {
                    return Err(ChunkError::NoCrlf);
                }
                // both handled before a byte is taken
                (Data | Done, _) => self.state,
            };
        }
        Ok(self.state == Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dechunk(raw: &[u8]) -> Result<Option<Vec<u8>>, ChunkError> {
        let mut out = Vec::new();
        let done = Dechunker::default().feed(raw, &mut out, BODY_LIMIT)?;
        Ok(done.then_some(out))
    }

    #[test]
    fn chunked_bodies_decode_once_complete() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n")
                .unwrap()
                .unwrap(),
            b"abcde"
        );
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nd").unwrap(), None);
        assert_eq!(dechunk(b"zz\r\n"), Err(ChunkError::BadSize));
        assert_eq!(dechunk(b"3\r\nabcX"), Err(ChunkError::NoCrlf));
    }

    #[test]
    fn a_chunk_size_beyond_any_integer_is_refused_not_a_panic() {
        // the hostile server of issue 16: this panicked with "slice index starts at 18 but ends at 17"
        assert_eq!(
            dechunk(b"ffffffffffffffff\r\nabc\r\n0\r\n\r\n"),
            Err(ChunkError::TooLarge)
        );
        assert_eq!(
            dechunk(b"1ffffffffffffffffffff\r\n"),
            Err(ChunkError::TooLarge)
        );
        let mut out = Vec::new();
        assert_eq!(
            Dechunker::default().feed(b"11\r\n", &mut out, 16),
            Err(ChunkError::TooLarge)
        );
    }

    fn head(fields: &str) -> Response {
        let raw = format!("HTTP/1.1 200 OK\r\n{fields}\r\n");
        parse_head(raw.as_bytes()).unwrap().unwrap().0
    }

    #[test]
    fn framing_follows_rfc_9112() {
        assert_eq!(
            Framing::of(&head("Content-Length: 5\r\n")).unwrap(),
            Framing::Length(5)
        );
        assert_eq!(
            Framing::of(&head("Transfer-Encoding: gzip, chunked\r\n")).unwrap(),
            Framing::Chunked
        );
        assert_eq!(Framing::of(&head("")).unwrap(), Framing::UntilClose);
        let both =
            Framing::of(&head("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")).unwrap_err();
        assert!(both.to_string().contains("both"), "{both}");
        assert!(Framing::of(&head("Content-Length: 5\r\nContent-Length: 6\r\n")).is_err());
        assert!(Framing::of(&head("Content-Length: -1\r\n")).is_err());
        assert!(Framing::of(&head("Content-Length: 99999999999999999999999\r\n")).is_err());
        // a large page is fine for a status check; only reading it is bounded
        assert_eq!(
            Framing::of(&head("Content-Length: 5000000\r\n")).unwrap(),
            Framing::Length(5_000_000)
        );
    }

    #[tokio::test]
    async fn every_resolved_address_is_tried() {
        let open = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let tcp = connect_any(&[closed, open.local_addr().unwrap()])
            .await
            .unwrap();
        assert_eq!(tcp.peer_addr().unwrap(), open.local_addr().unwrap());
        let e = connect_any(&[closed]).await.unwrap_err();
        assert!(e.to_string().contains(&closed.to_string()), "{e}");
    }

    /// An endless source of one byte pattern, counting what was read from it.
    struct Endless {
        pattern: &'static [u8],
        at: usize,
        read: usize,
    }

    impl AsyncRead for Endless {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            while buf.remaining() > 0 {
                let b = self.pattern[self.at % self.pattern.len()];
                buf.put_slice(&[b]);
                self.at += 1;
                self.read += 1;
            }
            std::task::Poll::Ready(Ok(()))
        }
    }

    fn endless(
        prefix: &'static [u8],
        pattern: &'static [u8],
    ) -> tokio::io::Chain<&'static [u8], Endless> {
        tokio::io::AsyncReadExt::chain(
            prefix,
            Endless {
                pattern,
                at: 0,
                read: 0,
            },
        )
    }

    #[tokio::test]
    async fn endless_heads_and_bodies_stop_at_the_caps() {
        // a header field that never ends: the reader stops at the cap
        let mut src = endless(b"HTTP/1.1 200 OK\r\nX-Filler: ", b"a");
        let e = read_response(&mut src, Want::Head).await.unwrap_err();
        assert!(e.to_string().contains("header is larger"), "{e}");
        let (_, rest) = src.into_inner();
        assert!(rest.read <= HEAD_LIMIT, "{} bytes read", rest.read);

        for (prefix, what) in [
            (
                &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"[..],
                "chunked",
            ),
            (&b"HTTP/1.1 200 OK\r\n\r\n"[..], "until close"),
        ] {
            let pattern: &'static [u8] = if what == "chunked" {
                b"10\r\n0123456789abcdef\r\n"
            } else {
                b"x"
            };
            let mut src = endless(prefix, pattern);
            let e = read_response(&mut src, Want::Body).await.unwrap_err();
            assert!(e.to_string().contains("larger than"), "{what}: {e}");
            let (_, rest) = src.into_inner();
            // the decoded body is capped; raw bytes are not kept, only framing adds to the count
            let raw_per_body_byte = pattern.len().div_ceil(16).max(1);
            let bound = (BODY_LIMIT + 8192) * raw_per_body_byte + 8192;
            assert!(rest.read <= bound, "{what}: {} bytes read", rest.read);
        }
    }

    /// A chunked encoding of `data` split into `sizes`, with optional extensions.
    fn encode(data: &[u8], sizes: &[usize], ext: bool) -> Vec<u8> {
        let mut raw = Vec::new();
        let mut rest = data;
        let mut i = 0;
        while !rest.is_empty() {
            let n = sizes
                .get(i % sizes.len().max(1))
                .copied()
                .unwrap_or(1)
                .clamp(1, rest.len());
            raw.extend_from_slice(format!("{n:x}").as_bytes());
            if ext {
                raw.extend_from_slice(b";name=\"v\"");
            }
            raw.extend_from_slice(b"\r\n");
            raw.extend_from_slice(&rest[..n]);
            raw.extend_from_slice(b"\r\n");
            rest = &rest[n..];
            i += 1;
        }
        raw.extend_from_slice(b"0\r\nTrailer: x\r\n\r\n");
        raw
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Any bytes split anywhere: no panic, output within the limit, and the same verdict as
        /// one piece.
        #[test]
        fn dechunker_never_panics_and_stays_bounded(
            raw in proptest::collection::vec(any::<u8>(), 0..512),
            cut in any::<prop::sample::Index>(),
            limit in 0usize..256,
        ) {
            let cut = cut.index(raw.len() + 1);
            let mut whole_out = Vec::new();
            let whole = Dechunker::default().feed(&raw, &mut whole_out, limit);
            let mut d = Dechunker::default();
            let mut out = Vec::new();
            let split = d.feed(&raw[..cut], &mut out, limit).and_then(|done| {
                if done { Ok(true) } else { d.feed(&raw[cut..], &mut out, limit) }
            });
            prop_assert!(whole_out.len() <= limit && out.len() <= limit);
            prop_assert_eq!(whole.is_ok(), split.is_ok());
            if let (Ok(a), Ok(b)) = (&whole, &split) {
                prop_assert_eq!(a, b);
                prop_assert_eq!(&whole_out, &out);
            }
        }

        /// Well-formed encodings decode to their data, fed in any pieces.
        #[test]
        fn dechunker_decodes_what_was_encoded(
            data in proptest::collection::vec(any::<u8>(), 0..600),
            sizes in proptest::collection::vec(1usize..300, 1..6),
            ext in any::<bool>(),
            piece in 1usize..64,
        ) {
            let raw = encode(&data, &sizes, ext);
            let mut d = Dechunker::default();
            let mut out = Vec::new();
            let mut done = false;
            for part in raw.chunks(piece) {
                done = d.feed(part, &mut out, BODY_LIMIT).unwrap();
            }
            prop_assert!(done);
            prop_assert_eq!(out, data);
        }

        /// Hex sizes of any length: refused or kept within the limit, never an overflow.
        #[test]
        fn chunk_sizes_of_any_length(digits in "[0-9a-fA-F]{1,40}") {
            let raw = format!("{digits}\r\n");
            let mut out = Vec::new();
            let r = Dechunker::default().feed(raw.as_bytes(), &mut out, BODY_LIMIT);
            let value = u128::from_str_radix(&digits, 16).ok();
            match value {
                Some(v) if v <= BODY_LIMIT as u128 => prop_assert_eq!(r, Ok(false)),
                _ => prop_assert_eq!(r, Err(ChunkError::TooLarge)),
            }
        }

        /// Any bytes as an answer head: no panic, and a parsed head is within the cap.
        #[test]
        fn heads_never_panic(
            raw in proptest::collection::vec(any::<u8>(), 0..1024),
            prefix in any::<bool>(),
        ) {
            let mut buf = if prefix { b"HTTP/1.1 200 OK\r\n".to_vec() } else { Vec::new() };
            buf.extend_from_slice(&raw);
            if let Ok(Some((r, len))) = parse_head(&buf) {
                prop_assert!(len <= buf.len() && len <= HEAD_LIMIT);
                let _ = Framing::of(&r);
            }
        }

        /// Whole answers from any bytes through the async reader: an answer or an error, bounded.
        #[test]
        fn answers_never_panic(
            fields in proptest::collection::vec(
                prop_oneof![
                    Just("Transfer-Encoding: chunked".to_string()),
                    Just("Content-Length: 3".to_string()),
                    "Content-Length: [0-9]{1,25}",
                    "[A-Za-z-]{1,10}: [ -~]{0,20}",
                ],
                0..4,
            ),
            body in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut raw = b"HTTP/1.1 200 OK\r\n".to_vec();
            for f in &fields {
                raw.extend_from_slice(f.as_bytes());
                raw.extend_from_slice(b"\r\n");
            }
            raw.extend_from_slice(b"\r\n");
            raw.extend_from_slice(&body);
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let r = rt.block_on(read_response(&mut raw.as_slice(), Want::Body));
            if let Ok(r) = r {
                prop_assert!(r.body.len() <= BODY_LIMIT.min(body.len()));
            }
        }
    }
}
