//! hyper answers requests it cannot parse itself (a NUL in a header, a byte that is not ASCII in
//! the path, headers over the size limit) with a bare status line and no body, before any handler
//! sees them. This wrapper of the connection's socket turns such an answer into the same
//! `application/problem+json` every other refusal of the API is.
//!
//! It recognises hyper's answer by its shape: written while no request of the connection is in
//! flight (see `body::InFlight`), starting a response with a 4xx or 5xx status, and without a
//! `content-type` (every answer of the router has one). hyper is told to write each answer as one
//! buffer (`writev(false)`), so the whole head is in one write.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use hyper::rt::{Read, ReadBufCursor, Write};

use super::body::Activity;
use crate::api::{Problem, ProblemKind};
use crate::i18n::{Lang, Msg, t};

pub struct ProblemIo<I> {
    inner: I,
    activity: Arc<Activity>,
    /// A rewritten answer not yet written out.
    pending: Vec<u8>,
    written: usize,
}

impl<I> ProblemIo<I> {
    pub fn new(inner: I, activity: Arc<Activity>) -> ProblemIo<I> {
        ProblemIo {
            inner,
            activity,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<I: Write + Unpin> ProblemIo<I> {
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<I: Read + Unpin> Read for ProblemIo<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<I: Write + Unpin> Write for ProblemIo<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if !self.activity.busy()
            && let Some(answer) = rewrite(buf)
        {
            self.pending = answer;
            // the original is consumed whole; what replaces it goes out now or on the next flush
            let _ = self.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// hyper's own error answer as problem+json, or None for anything else.
fn rewrite(buf: &[u8]) -> Option<Vec<u8>> {
    let rest = buf.strip_prefix(b"HTTP/1.1 ")?;
    let status: u16 = std::str::from_utf8(rest.get(..3)?).ok()?.parse().ok()?;
    if !(400..600).contains(&status) {
        return None;
    }
    let end = memchr::memmem::find(buf, b"\r\n\r\n")?;
    let head = buf[..end].to_ascii_lowercase();
    if memchr::memmem::find(&head, b"\r\ncontent-type:").is_some() {
        return None;
    }
    Some(answer(status))
}

/// The full HTTP answer for one of hyper's refusals; the connection is closed after it.
pub fn answer(status: u16) -> Vec<u8> {
    let http =
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
    let reason = http.canonical_reason().unwrap_or("Error");
    let detail = match status {
        431 => Msg::HostileHeadersTooLarge,
        414 => Msg::HostileUriTooLong,
        _ => Msg::HostileUnparsable,
    };
    let problem =
        Problem::new(ProblemKind::HttpError, t(detail, Lang::En)).with_status(status, reason);
    encode(status, reason, &problem, &[])
}

/// A complete `HTTP/1.1` answer with a problem+json body and `connection: close`.
pub fn encode(status: u16, reason: &str, problem: &Problem, extra: &[(&str, &str)]) -> Vec<u8> {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nconnection: close\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\n",
        body.len()
    )
    .into_bytes();
    for (name, value) in extra {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_error_answers_are_rewritten() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Wed, 02 Dec 2026 20:00:00 GMT\r\n\r\n";
        let new = String::from_utf8(rewrite(bare).unwrap()).unwrap();
        assert!(
            new.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
            "{new}"
        );
        assert!(new.contains("content-type: application/problem+json\r\n"));
        let body: serde_json::Value =
            serde_json::from_str(new.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["status"], 431);
        assert_eq!(body["type"], "https://vereint.org/problems/http-error");
        let length: usize = new
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(length, new.split("\r\n\r\n").nth(1).unwrap().len());

        for keep in [
            &b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\ncontent-length: 2\r\n\r\n{}",
            b"{\"detail\": \"HTTP/1.1 400 Bad Request\r\n\r\n\"}",
            b"HTTP/1.1 400 Bad Request\r\ncontent-le",
            b"HTTP/1.1 4",
        ] {
            assert!(rewrite(keep).is_none(), "{}", String::from_utf8_lossy(keep));
        }
    }
}
