//! When a failed attempt is tried again, and how long the client waits
//! first.

use std::time::{Duration, SystemTime};

/// The answers after which a read is tried again.
pub(super) const RETRYABLE_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];

/// The answers that show a request was not processed, so that even a write
/// is tried again: too many requests, and unavailable.
const NOT_PROCESSED_STATUSES: [u16; 2] = [429, 503];

/// Whether an API method only reads, which decides what the client retries.
///
/// Each generated method says in its docs which kind it is and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MethodKind {
    /// Only reads (`GET`, or a query, list, get, search or count method):
    /// retried after a 429, 500, 502, 503 or 504 answer and after any
    /// transport failure (a failed connection, a timeout, a connection
    /// closed early).
    Read,
    /// May change data (create, update, delete...): retried only when the
    /// failure shows the request was not processed: the connection failed
    /// before anything was sent, or the answer was 429 or 503.
    Write,
}

/// How the client retries failed attempts; [`RetryPolicy::default`] is on.
///
/// What is retried depends on the method's [`MethodKind`]. Before attempt
/// `n + 1`, the client waits what the answer's `Retry-After` header says
/// (seconds, or an HTTP date), or else an exponential backoff with jitter: a
/// random time between half and all of
/// `min(initial_backoff * 2^(n-1), max_backoff)`. An answer whose
/// `Retry-After` asks for longer than `max_retry_after` is not retried: the
/// call fails with it at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// At most 3 attempts, backoff from 500 ms up to 10 s, `Retry-After`
    /// honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every call makes one attempt.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// At most `attempts` attempts per call, the first included (`0` is
    /// taken as `1`).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles for each next one.
    #[must_use]
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff (without `Retry-After`).
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits; an answer asking for
    /// longer fails the call at once.
    #[must_use]
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The most attempts per call, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` (`attempt` >= 1) without a
    /// `Retry-After`: a random time between half and all of the capped
    /// exponential backoff.
    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        let half = full / 2;
        let nanos = u64::try_from(full.saturating_sub(half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// The wait before the next attempt after a failure that may be retried,
    /// or `None` when the call must fail now: the attempts are used up, or
    /// `retry_after` asks for longer than the policy allows.
    pub(super) fn wait(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// Whether an answer with `status` is retried for a method of `kind`.
pub(super) fn retry_status(kind: MethodKind, status: u16) -> bool {
    match kind {
        MethodKind::Read => RETRYABLE_STATUSES.contains(&status),
        MethodKind::Write => NOT_PROCESSED_STATUSES.contains(&status),
    }
}

/// Whether a transport failure is retried for a method of `kind`.
pub(super) fn retry_transport(kind: MethodKind, error: &reqwest::Error) -> bool {
    match kind {
        MethodKind::Read => is_retryable_transport(error),
        // Only a failed connection shows nothing was sent.
        MethodKind::Write => error.is_connect(),
    }
}

/// Whether a transport failure may pass on another try: anything but a
/// request that cannot be built (which fails the same way each time).
pub(super) fn is_retryable_transport(error: &reqwest::Error) -> bool {
    !error.is_builder() && !error.is_redirect()
}

/// The wait a `Retry-After` header value asks for, as of `now`: whole
/// seconds, or an HTTP date (a date in the past asks for no wait).
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        let policy = RetryPolicy::new()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(
                (Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first),
                "{first:?}"
            );
            let second = policy.backoff(2);
            assert!(
                (Duration::from_millis(100)..=Duration::from_millis(200)).contains(&second),
                "{second:?}"
            );
            let capped = policy.backoff(40);
            assert!(
                (Duration::from_millis(175)..=Duration::from_millis(350)).contains(&capped),
                "{capped:?}"
            );
        }
    }

    #[test]
    fn attempts_are_bounded_and_long_retry_afters_give_up() {
        let policy = RetryPolicy::new()
            .with_max_attempts(3)
            .with_max_retry_after(Duration::from_secs(5));
        assert!(policy.wait(1, None).is_some());
        assert!(policy.wait(2, None).is_some());
        assert_eq!(policy.wait(3, None), None);
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(5))),
            Some(Duration::from_secs(5))
        );
        assert_eq!(policy.wait(1, Some(Duration::from_secs(6))), None);
        assert_eq!(RetryPolicy::none().wait(1, None), None);
        assert_eq!(RetryPolicy::new().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn writes_retry_only_answers_that_show_nothing_was_processed() {
        for status in RETRYABLE_STATUSES {
            assert!(retry_status(MethodKind::Read, status));
        }
        assert!(retry_status(MethodKind::Write, 429));
        assert!(retry_status(MethodKind::Write, 503));
        for status in [500, 502, 504, 400, 404] {
            assert!(!retry_status(MethodKind::Write, status), "{status}");
        }
        assert!(!retry_status(MethodKind::Read, 404));
    }
}
