//! `X-Sdk-Date` values: `%Y%m%dT%H%M%SZ` in UTC, without a date-time dependency.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::SignError;

const SECS_PER_DAY: i64 = 86_400;

/// Formats `t` as `YYYYMMDDTHHMMSSZ` (UTC), dropping sub-second precision like the SDK's
/// `datetime.utcnow()` + `strftime`.
pub fn format_sdk_date(t: SystemTime) -> String {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        // Before the epoch: round towards the past, as flooring a timestamp does.
        Err(e) => {
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            let floor = if d.subsec_nanos() > 0 {
                whole.saturating_add(1)
            } else {
                whole
            };
            floor.saturating_neg()
        }
    };
    let days = secs.div_euclid(SECS_PER_DAY);
    let of_day = secs.rem_euclid(SECS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        // Outside what four digits hold: let the formatter widen or sign it.
        return format!(
            "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        );
    }
    // Every signature carries one of these: digits by hand, not through the formatter, and
    // divided by constants only.
    let mut out = *b"00000000T000000Z";
    let fields = [
        (0..4, year),
        (4..6, month),
        (6..8, day),
        (9..11, of_day / 3600),
        (11..13, of_day % 3600 / 60),
        (13..15, of_day % 60),
    ];
    for (at, mut n) in fields {
        for digit in out[at].iter_mut().rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    // Only ASCII digits, `T` and `Z`: the lossy branch is never taken.
    String::from_utf8(out.to_vec())
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Parses a `YYYYMMDDTHHMMSSZ` value strictly (ASCII digits, real calendar date, seconds
/// 00-59), which is what the SDK's `strptime` accepts for every value it produces.
pub fn parse_sdk_date(s: &str) -> Result<SystemTime, SignError> {
    let invalid = || SignError::InvalidSdkDate {
        value: s.escape_debug().to_string(),
    };
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(invalid());
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        b[range].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let fields = (
        num(0..4),
        num(4..6),
        num(6..8),
        num(9..11),
        num(11..13),
        num(13..15),
    );
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = fields
    else {
        return Err(invalid());
    };
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return Err(invalid());
    }
    let secs =
        days_from_civil(year, month, day) * SECS_PER_DAY + hour * 3600 + minute * 60 + second;
    let magnitude = Duration::from_secs(secs.unsigned_abs());
    let t = if secs >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    };
    t.ok_or_else(invalid)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parses the expiry times of temporary credentials: `YYYY-MM-DDTHH:MM:SS`, optional
/// fraction, then `Z` or a `+HH:MM`/`-HH:MM` offset (what the metadata service, pod identity
/// endpoints and IAM write). `None` for anything else.
pub(crate) fn parse_rfc3339(s: &str) -> Option<SystemTime> {
    let b = s.trim().as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        b.get(range)?.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 61;
    if !valid {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (i, &c) in frac[..digits].iter().take(9).enumerate() {
            nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let d = |c: &u8| c.is_ascii_digit().then(|| i64::from(c - b'0'));
            let mins = (d(h1)? * 10 + d(h2)?) * 60 + d(m1)? * 10 + d(m2)?;
            if *sign == b'+' { mins * 60 } else { -mins * 60 }
        }
        _ => return None,
    };
    let secs =
        days_from_civil(year, month, day) * SECS_PER_DAY + hour * 3600 + minute * 60 + second
            - offset;
    let t = UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(secs).ok()?))?;
    t.checked_add(Duration::from_nanos(u64::from(nanos)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_sdk_date(UNIX_EPOCH), "19700101T000000Z");
        assert_eq!(format_sdk_date(at(1_710_491_400)), "20240315T083000Z");
        assert_eq!(format_sdk_date(at(951_782_400)), "20000229T000000Z");
        assert_eq!(format_sdk_date(at(4_102_444_799)), "20991231T235959Z");
        let frac = at(1_710_491_400) + Duration::from_millis(999);
        assert_eq!(format_sdk_date(frac), "20240315T083000Z");
        let before = UNIX_EPOCH - Duration::from_millis(1);
        assert_eq!(format_sdk_date(before), "19691231T235959Z");
    }

    /// The hand-written digits against the formatter, across four centuries (leap days,
    /// month ends and every field's carry) and the year-10000 fallback.
    #[test]
    fn digits_match_the_formatter() {
        let reference = |secs: i64| {
            let (y, m, d) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
            let t = secs.rem_euclid(SECS_PER_DAY);
            format!(
                "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
                t / 3600,
                t % 3600 / 60,
                t % 60
            )
        };
        let mut secs: i64 = 0;
        while secs < 13_000_000_000 {
            assert_eq!(format_sdk_date(at(secs as u64)), reference(secs), "{secs}");
            secs += 86_399 * 7 + 3_599;
        }
        assert_eq!(
            format_sdk_date(at(253_402_300_800)),
            reference(253_402_300_800)
        );
        assert_eq!(format_sdk_date(at(253_402_300_800)), "100000101T000000Z");
    }

    #[test]
    fn parse_round_trips() {
        for secs in [
            0,
            951_782_400,
            1_710_491_400,
            4_102_444_799,
            253_402_300_799,
        ] {
            let s = format_sdk_date(at(secs));
            assert_eq!(parse_sdk_date(&s).unwrap(), at(secs), "{s}");
        }
    }

    #[test]
    fn parse_rejects_malformed() {
        for bad in [
            "",
            "20240315T083000",
            "20240315 083000Z",
            "2024-03-15T08:30:00Z",
            "20240230T083000Z",
            "20230229T083000Z",
            "20241315T083000Z",
            "20240315T243000Z",
            "20240315T086000Z",
            "20240315T083060Z",
            " 20240315T083000Z",
            "2024031５T083000Z",
        ] {
            assert!(parse_sdk_date(bad).is_err(), "{bad:?}");
        }
        assert!(parse_sdk_date("20240229T000000Z").is_ok());
    }

    #[test]
    fn rfc3339_expiry_times() {
        let at = |s| parse_rfc3339(s).map(|t| t.duration_since(UNIX_EPOCH).unwrap());
        assert_eq!(at("1970-01-01T00:00:10Z"), Some(Duration::from_secs(10)));
        assert_eq!(
            at("2026-12-02T10:00:00.500000Z"),
            Some(Duration::from_millis(1_796_205_600_500))
        );
        assert_eq!(at("2026-12-02T18:00:00+08:00"), at("2026-12-02T10:00:00Z"));
        for bad in [
            "",
            "2026-12-02",
            "2026-13-02T10:00:00Z",
            "2026-12-02T10:00:00",
            "2026-12-02T10:00:00.Z",
            "x026-12-02T10:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
