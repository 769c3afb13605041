//! Clock skew: API Gateway refuses a request whose `X-Sdk-Date` is more than 15 minutes from
//! its own clock, with a 401 whose body says so:
//!
//! ```json
//! {"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z","request_id":"..."}
//! ```
//!
//! (`APIG.0301` in the documentation, `APIG.0303`/`APIGW.0303` for app authentication.)
//! On such an answer the client learns how far the gateway's clock is from its own (from
//! `server time:` in the message, else the response's `Date` header), and signs from then on
//! at its own clock plus that offset: the call that was refused is re-signed and sent once
//! more, and every later call of the client and its clones is signed at the corrected time.
//! The official SDKs do none of this (they sign at the local clock and return the 401).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use crate::error::RawResponse;
use crate::sign::parse_sdk_date;

/// An offset smaller than this is not worth a retry: the refusal had another cause, or the
/// offset is already applied (the server times are whole seconds).
const MIN_CORRECTION: Duration = Duration::from_secs(60);

/// The gateway's clock minus the local one, in milliseconds; shared by a client's clones.
#[derive(Debug, Default)]
pub(crate) struct ClockSkew {
    offset_ms: AtomicI64,
}

impl ClockSkew {
    /// The time to sign at: `local` moved by the learned offset.
    pub(crate) fn adjust(&self, local: SystemTime) -> SystemTime {
        let ms = self.offset_ms.load(Ordering::Relaxed);
        let d = Duration::from_millis(ms.unsigned_abs());
        if ms >= 0 {
            local.checked_add(d).unwrap_or(local)
        } else {
            local.checked_sub(d).unwrap_or(local)
        }
    }

    /// The offset learned so far (gateway minus local), in milliseconds.
    #[cfg(test)]
    pub(crate) fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// After an answer to a signed request: when it refuses the signature as expired and
    /// names a server time that moves the offset by at least a minute, learns the new offset
    /// (against `local_now`, the local clock as the answer arrived) and returns `true`: the
    /// request should be re-signed and sent again.
    pub(crate) fn learn(&self, raw: &RawResponse, local_now: SystemTime) -> bool {
        if raw.status != 401 {
            return false;
        }
        let Some(server) = expired_signature_server_time(raw) else {
            return false;
        };
        let offset = signed_ms(server, local_now);
        let old = self.offset_ms.swap(offset, Ordering::Relaxed);
        let moved = offset.abs_diff(old) >= MIN_CORRECTION.as_millis() as u64;
        if moved {
            tracing::warn!(
                offset_s = offset / 1000,
                "the gateway refused the signature as expired; its clock is {} s from this \
                 machine's: signing with the gateway's time from now on",
                offset / 1000
            );
        }
        moved
    }
}

/// `a - b` in milliseconds, saturating.
fn signed_ms(a: SystemTime, b: SystemTime) -> i64 {
    match a.duration_since(b) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// The gateway's time, when `raw` is its refusal of an expired signature.
fn expired_signature_server_time(raw: &RawResponse) -> Option<SystemTime> {
    let body: serde_json::Value = serde_json::from_slice(&raw.body).ok()?;
    let field = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| body.get(n).and_then(|v| v.as_str()))
            .unwrap_or("")
    };
    let code = field(["error_code", "errorCode"]);
    let known = ["APIG.0301", "APIGW.0301", "APIG.0303", "APIGW.0303"];
    if !known.iter().any(|k| code.eq_ignore_ascii_case(k)) {
        return None;
    }
    let msg = field(["error_msg", "errorMsg"]).to_ascii_lowercase();
    let from_message = msg.find("server time:").and_then(|i| {
        let rest = msg[i + "server time:".len()..].trim_start();
        let end = rest
            .find(|c: char| c == ',' || c.is_whitespace())
            .unwrap_or(rest.len());
        parse_sdk_date(&rest[..end].to_ascii_uppercase()).ok()
    });
    if from_message.is_none() && !msg.contains("signature expired") {
        return None;
    }
    from_message.or_else(|| {
        let date = raw.headers.get(http::header::DATE)?.to_str().ok()?;
        parse_http_date(date)
    })
}

/// An HTTP `Date` in its required form, `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(s: &str) -> Option<SystemTime> {
    let mut it = s.split_whitespace();
    let (_weekday, day, month, year, time, zone) = (
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    );
    if zone != "GMT" || day.len() != 2 || year.len() != 4 || time.len() != 8 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let compact = format!("{year}{month:02}{day}T{}Z", time.replace(':', ""));
    parse_sdk_date(&compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str, date: Option<&str>) -> RawResponse {
        let mut headers = http::HeaderMap::new();
        if let Some(d) = date {
            headers.insert(http::header::DATE, d.parse().unwrap());
        }
        RawResponse {
            status,
            headers,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    fn at(s: &str) -> SystemTime {
        parse_sdk_date(s).unwrap()
    }

    const GATEWAY: &str = r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z","request_id":"2db4dab3ea3849bcb47b6478738635bd"}"#;

    #[test]
    fn learns_the_server_time_from_the_message() {
        let skew = ClockSkew::default();
        assert!(skew.learn(&answer(401, GATEWAY, None), at("20211217T064303Z")));
        assert_eq!(skew.offset_ms(), (15 * 60 + 1) * 1000);
        assert_eq!(skew.adjust(at("20211217T064303Z")), at("20211217T065804Z"));
        // The same refusal again moves nothing: no second retry.
        assert!(!skew.learn(&answer(401, GATEWAY, None), at("20211217T064303Z")));
    }

    #[test]
    fn falls_back_to_the_date_header_and_reads_app_auth_codes() {
        let skew = ClockSkew::default();
        let body = r#"{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature expired"}"#;
        let raw = answer(401, body, Some("Fri, 17 Dec 2021 05:58:04 GMT"));
        assert!(skew.learn(&raw, at("20211217T065804Z")));
        assert_eq!(skew.offset_ms(), -3600 * 1000);
    }

    #[test]
    fn other_refusals_teach_nothing() {
        let skew = ClockSkew::default();
        let date = Some("Fri, 17 Dec 2021 05:58:04 GMT");
        for (status, body) in [
            (
                401,
                r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail"}"#,
            ),
            (
                401,
                r#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information: token expires, expires_at: 2021"}"#,
            ),
            (403, GATEWAY),
            (401, "not json"),
        ] {
            assert!(
                !skew.learn(&answer(status, body, date), at("20211217T065804Z")),
                "{body}"
            );
        }
        assert_eq!(skew.offset_ms(), 0);
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(at("19941106T084937Z"))
        );
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"), None);
    }
}
