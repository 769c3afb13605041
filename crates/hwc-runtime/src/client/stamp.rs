//! The `X-Sdk-Date` value of the current second, made once per second: every attempt sends
//! one, and formatting it, then the copy reqwest makes of each header value it owns, cost two
//! allocations and about 900 instructions a call (servers cache their `Date` header the same
//! way).

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::HeaderValue;

use crate::sign::format_sdk_date;

/// The last second's date value, shared by a client's clones and tasks. A lock held by
/// another task, or poisoned, means a value made afresh, never waiting.
#[derive(Debug, Default)]
pub(crate) struct DateStamp(Mutex<Option<(u64, HeaderValue)>>);

impl DateStamp {
    /// `X-Sdk-Date`'s value for `now` (`YYYYMMDDTHHMMSSZ`): the saved one when `now` falls in
    /// its second, else a new one, saved. `None` before 1970, where the signer formats it.
    pub(crate) fn at(&self, now: SystemTime) -> Option<HeaderValue> {
        let secs = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
        let mut slot = self.0.try_lock().ok();
        if let Some((at, value)) = slot.as_deref().and_then(Option::as_ref) {
            if *at == secs {
                return Some(value.clone());
            }
        }
        let value = HeaderValue::from_maybe_shared(Bytes::from(format_sdk_date(now))).ok()?;
        if let Some(slot) = slot.as_deref_mut() {
            *slot = Some((secs, value.clone()));
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn one_value_per_second_and_the_signer_s_text() {
        let stamp = DateStamp::default();
        let t = UNIX_EPOCH + Duration::from_secs(1_710_491_400);
        for at in [
            t,
            t + Duration::from_millis(999),
            t + Duration::from_secs(1),
            t + Duration::from_millis(1500),
            t - Duration::from_millis(1),
            t + Duration::from_secs(86_400 * 400),
        ] {
            // Twice: made, then saved.
            for _ in 0..2 {
                let value = stamp.at(at).expect("after 1970");
                assert_eq!(value.as_bytes(), format_sdk_date(at).as_bytes());
            }
        }
        assert!(stamp.at(UNIX_EPOCH - Duration::from_secs(1)).is_none());
    }
}
