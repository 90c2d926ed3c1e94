//! The two body wrappers of a connection: a request body with a deadline (a client that stops
//! sending halfway is answered 408 and the connection closed), and a response body that counts as
//! "in flight" until it is sent or dropped (such a connection is never closed to make room, nor
//! for its silence); and the connection's `Activity` they count on.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

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

/// Milliseconds since the first call: the clock of `Activity`.
pub fn clock_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    u64::try_from(START.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// What a connection is doing: how many of its requests are in flight, and since when it has
/// had none (its start, or the end of its last answer).
#[derive(Debug)]
pub struct Activity {
    in_flight: AtomicUsize,
    idle_since: AtomicU64,
}

impl Activity {
    pub fn new() -> Activity {
        Activity {
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(clock_ms()),
        }
    }

    pub fn busy(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) > 0
    }

    /// Milliseconds without a request at `now` (on `clock_ms`); None while one is in flight.
    pub fn idle_for(&self, now: u64) -> Option<u64> {
        if self.busy() {
            return None;
        }
        Some(now.saturating_sub(self.idle_since.load(Ordering::Acquire)))
    }
}

impl Default for Activity {
    fn default() -> Self {
        Activity::new()
    }
}

/// Counts one request of a connection from its headers until its answer is sent or dropped.
pub struct InFlight(Arc<Activity>);

impl InFlight {
    pub fn start(activity: &Arc<Activity>) -> InFlight {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // the time first: whoever sees no request in flight sees when the last one ended
        self.0.idle_since.store(clock_ms(), Ordering::Release);
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
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
    fn in_flight_counts_until_the_body_is_dropped_and_idleness_starts_then() {
        let activity = Arc::new(Activity::new());
        let body = Counted::new(Body::empty(), InFlight::start(&activity));
        assert!(activity.busy());
        assert_eq!(activity.idle_for(clock_ms() + 5_000), None);
        std::thread::sleep(Duration::from_millis(20));
        drop(body);
        assert!(!activity.busy());
        let now = clock_ms();
        assert!(
            activity.idle_for(now).unwrap() < 20,
            "counted from the end of the answer"
        );
        assert_eq!(
            activity.idle_for(now + 5_000),
            Some(5_000 + activity.idle_for(now).unwrap())
        );
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
