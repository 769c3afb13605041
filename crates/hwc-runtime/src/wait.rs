//! Waiting for a resource to reach a state: call an operation again and again until a
//! condition on its response holds, or a timeout passes. The command line's `--cli-waiter`
//! is this with a JMESPath condition; from Rust the condition is a closure:
//!
//! ```no_run
//! # async fn demo(client: hwc_runtime::Client, req: hwc_runtime::Request) {
//! use std::time::Duration;
//! use hwc_runtime::wait::Waiter;
//!
//! let waiter = Waiter::new(Duration::from_secs(300), Duration::from_secs(5));
//! let done = waiter
//!     .until(|| client.execute(req.clone()), |r| r.body.as_ref() == b"{\"status\":\"RUNNING\"}")
//!     .await;
//! match done {
//!     Ok(response) => println!("ready: {}", response.status),
//!     Err(hwc_runtime::wait::WaitError::Timeout { last, .. }) => println!("still not: {last:?}"),
//!     Err(hwc_runtime::wait::WaitError::Failed(e)) => println!("the call failed: {e}"),
//!     Err(_) => {}
//! }
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

/// How long to wait, and how often to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiter {
    /// Give up after this long.
    pub timeout: Duration,
    /// Pause between two calls.
    pub interval: Duration,
}

/// Why waiting ended without the condition holding.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T, E> {
    /// The timeout passed; the last response is kept.
    Timeout {
        /// The last response received (`None` if the timeout passed before any).
        last: Option<T>,
        /// How many calls were made.
        attempts: u32,
        /// How long it waited.
        waited: Duration,
    },
    /// A call failed.
    Failed(E),
}

impl<T, E: fmt::Display> fmt::Display for WaitError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Timeout {
                attempts, waited, ..
            } => write!(
                f,
                "the condition did not hold after {attempts} call(s) in {:.1} s",
                waited.as_secs_f64()
            ),
            WaitError::Failed(e) => write!(f, "a call failed while waiting: {e}"),
        }
    }
}

impl<T: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaitError<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Failed(e) => Some(e),
            WaitError::Timeout { .. } => None,
        }
    }
}

impl Waiter {
    /// Wait at most `timeout`, calling every `interval`.
    pub const fn new(timeout: Duration, interval: Duration) -> Self {
        Waiter { timeout, interval }
    }

    /// Calls `poll` until `done` holds for its response (returned), a call fails, or the
    /// timeout passes. The first call is made at once; no call starts after the timeout.
    pub async fn until<T, E, F, Fut>(
        &self,
        mut poll: F,
        mut done: impl FnMut(&T) -> bool,
    ) -> Result<T, WaitError<T, E>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let started = Instant::now();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let response = poll().await.map_err(WaitError::Failed)?;
            if done(&response) {
                return Ok(response);
            }
            let waited = started.elapsed();
            if waited + self.interval > self.timeout {
                return Err(WaitError::Timeout {
                    last: Some(response),
                    attempts,
                    waited,
                });
            }
            tokio::time::sleep(self.interval).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    #[tokio::test]
    async fn stops_when_the_condition_holds() {
        let mut n = 0;
        let w = Waiter::new(Duration::from_secs(5), Duration::from_millis(1));
        let r = w
            .until(
                || {
                    n += 1;
                    let v = n;
                    async move { Ok::<_, Infallible>(v) }
                },
                |v| *v == 3,
            )
            .await;
        assert_eq!(r.ok(), Some(3));
    }

    #[tokio::test]
    async fn a_timeout_keeps_the_last_response() {
        let w = Waiter::new(Duration::from_millis(30), Duration::from_millis(10));
        let r = w
            .until(
                || async { Ok::<_, Infallible>("PENDING") },
                |v| *v == "DONE",
            )
            .await;
        match r {
            Err(WaitError::Timeout { last, attempts, .. }) => {
                assert_eq!(last, Some("PENDING"));
                assert!(attempts >= 2, "{attempts}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_failed_call_ends_the_wait() {
        let w = Waiter::new(Duration::from_secs(5), Duration::from_millis(1));
        let r: Result<u8, _> = w.until(|| async { Err("boom") }, |_| true).await;
        assert!(matches!(r, Err(WaitError::Failed("boom"))));
    }
}
