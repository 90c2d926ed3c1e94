//! The two body wrappers of a connection: a request body with a deadline (a client that stops
//! sending halfway is answered 408 and the connection closed), and a response body that counts as
//! "in flight" until it is sent or dropped (such a connection is never closed to make room).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};

/// The error a request body ends with when its deadline passes; `input` turns it into a 408.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {} ms", .0.as_millis())]
pub struct BodyTimeout(pub Duration);

/// A request body that must arrive completely within `limit` of the request's headers.
pub struct Deadline {
    inner: Body,
    sleep: Pin<Box<tokio::time::Sleep>>,
    limit: Duration,
    done: bool,
}

impl Deadline {
    pub fn new(inner: Body, limit: Duration) -> Deadline {
        Deadline {
            inner,
            sleep: Box::pin(tokio::time::sleep(limit)),
            limit,
            done: false,
        }
    }
}

impl http_body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.done {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                if frame.is_none() {
                    self.done = true;
                }
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => match self.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.done = true;
                    Poll::Ready(Some(Err(Box::new(BodyTimeout(self.limit)))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Counts one request of a connection from its headers until its answer is sent or dropped.
pub struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    pub fn start(count: &Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::AcqRel);
        InFlight(count.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that holds its request's [`InFlight`] until hyper has sent it (or dropped it).
pub struct Counted {
    inner: Body,
    _in_flight: InFlight,
}

impl Counted {
    pub fn new(inner: Body, in_flight: InFlight) -> Counted {
        Counted {
            inner,
            _in_flight: in_flight,
        }
    }
}

impl http_body::Body for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_stalled_body_ends_with_the_timeout() {
        let half = Stalled(vec![Ok(Bytes::from_static(b"half"))].into());
        let body = Deadline::new(Body::from_stream(half), Duration::from_millis(50));
        let err = body.collect().await.unwrap_err();
        assert!(err.downcast_ref::<BodyTimeout>().is_some(), "{err}");
    }

    #[tokio::test]
    async fn a_complete_body_passes() {
        let body = Deadline::new(Body::from("whole"), Duration::from_millis(50));
        assert_eq!(body.collect().await.unwrap().to_bytes(), "whole");
    }

    #[test]
    fn in_flight_counts_until_the_body_is_dropped() {
        let count = Arc::new(AtomicUsize::new(0));
        let body = Counted::new(Body::empty(), InFlight::start(&count));
        assert_eq!(count.load(Ordering::Acquire), 1);
        drop(body);
        assert_eq!(count.load(Ordering::Acquire), 0);
    }

    /// A stream that yields what was pushed, then stays pending (a client that stopped sending).
    struct Stalled(std::collections::VecDeque<Result<Bytes, std::io::Error>>);

    impl futures_util::Stream for Stalled {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            match self.0.pop_front() {
                Some(item) => Poll::Ready(Some(item)),
                None => Poll::Pending,
            }
        }
    }
}
