//! The retry policy and the waits between attempts.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Retry policy: which failures are retried, how long to wait, and for how long in all.
///
/// A failure is retried, for every method, when the request provably did not take effect:
/// the connection was never established, or the service refused the request with 429 or 503
/// (waiting out its `Retry-After`). A failure after which the request may have taken effect
/// (a timeout or a broken connection once the request was sent, a 500, 502 or 504 answer) is
/// retried only for safe methods (GET, HEAD, OPTIONS), unless `retry_uncertain` is set.
///
/// Start from [`RetryConfig::default`] (or [`RetryConfig::new`]) and change what differs,
/// with the setters or the fields: more fields may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, including the first (1 disables retries).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubles each time (full jitter applied).
    pub initial_backoff: Duration,
    /// Upper bound for one wait, `Retry-After` included.
    pub max_backoff: Duration,
    /// Also retry failures that may have let a non-safe request (POST, PUT, PATCH, DELETE)
    /// take effect: only for operations that are harmless to repeat.
    pub retry_uncertain: bool,
    /// Limit for the whole call, every attempt and wait included, beside the per-attempt
    /// timeout; `None` for no limit.
    pub deadline: Option<Duration>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            retry_uncertain: false,
            deadline: None,
        }
    }
}

impl RetryConfig {
    /// The default policy: 3 attempts, 200 ms initial backoff, at most 20 s per wait, no
    /// uncertain retries, no deadline.
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: one attempt.
    pub fn disabled() -> Self {
        Self::default().max_attempts(1)
    }

    /// Attempts in all, including the first (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Backoff before the second attempt.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Upper bound for one wait.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Whether failures after which a non-safe request may have taken effect are retried.
    pub fn retry_uncertain(mut self, on: bool) -> Self {
        self.retry_uncertain = on;
        self
    }

    /// Limit for the whole call.
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = Some(d);
        self
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare from these services and ignored).
pub(super) fn retry_after(h: &http::HeaderMap) -> Option<Duration> {
    let v = h.get("retry-after")?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Exponential backoff with full jitter; a server's `Retry-After` wins when longer.
pub(super) fn backoff(cfg: RetryConfig, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let exp = cfg
        .initial_backoff
        .saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        )
        .min(cfg.max_backoff);
    let jittered = exp.mul_f64(jitter());
    match retry_after {
        Some(ra) => ra.max(jittered).min(cfg.max_backoff),
        None => jittered,
    }
}

/// A number in [0, 1) that differs between calls and between processes; retries only need
/// them spread out, not unpredictable.
fn jitter() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded_and_honours_retry_after() {
        let cfg = RetryConfig::default();
        for attempt in 1..40 {
            assert!(backoff(cfg, attempt, None) <= cfg.max_backoff);
        }
        assert_eq!(
            backoff(cfg, 1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            backoff(cfg, 1, Some(Duration::from_secs(3600))),
            cfg.max_backoff
        );
    }

    #[test]
    // Assigning fields is how a caller outside the crate changes a non-exhaustive struct.
    #[allow(clippy::field_reassign_with_default)]
    fn setters_build_the_same_policy_as_fields() {
        let mut by_fields = RetryConfig::default();
        by_fields.max_attempts = 5;
        by_fields.retry_uncertain = true;
        by_fields.deadline = Some(Duration::from_secs(2));
        let by_setters = RetryConfig::new()
            .max_attempts(5)
            .retry_uncertain(true)
            .deadline(Duration::from_secs(2));
        assert_eq!(by_fields, by_setters);
        assert_eq!(RetryConfig::disabled().max_attempts, 1);
        assert_eq!(RetryConfig::new().max_attempts(0).max_attempts, 1);
    }
}
