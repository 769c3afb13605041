//! Header list operations with the semantics of the SDK's `header_params` dict.

use std::borrow::Cow;

use super::SignError;

/// Headers as the signer works on them: names and values borrowed from the request where they
/// can be, owned where signing made them (date, authorization), in sending order.
pub(crate) type HeaderList<'a> = Vec<(&'a str, Cow<'a, str>)>;

/// The value of the first header whose name matches case-insensitively
/// (the SDK's `_get_header_ignore_case`).
pub(crate) fn find<'h>(headers: &'h [(&str, Cow<'_, str>)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

/// `header_params[name] = value`: replaces the value of an exactly-named header in place,
/// or appends. Header order matters because it is the order the SDK sends them in.
pub(crate) fn set<'a>(headers: &mut HeaderList<'a>, name: &'a str, value: Cow<'a, str>) {
    match headers.iter_mut().find(|(k, _)| *k == name) {
        Some((_, v)) => *v = value,
        None => headers.push((name, value)),
    }
}

/// Refuses names and values that would corrupt the HTTP message.
pub(crate) fn validate(headers: &[(&str, Cow<'_, str>)]) -> Result<(), SignError> {
    for (name, value) in headers {
        let bad_name = name.is_empty()
            || if name.is_ascii() {
                // The ASCII case of the test below, without decoding chars.
                name.bytes().any(|b| b <= b' ' || b == 0x7f || b == b':')
            } else {
                name.chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == ':')
            };
        if bad_name {
            return Err(SignError::InvalidHeaderName {
                name: name.escape_debug().to_string(),
            });
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(SignError::InvalidHeaderValue {
                name: (*name).to_owned(),
            });
        }
    }
    Ok(())
}

/// Python's `str.strip()`, which the SDK signer applies to header values: Unicode whitespace
/// plus the separators U+001C..U+001F. A server checking signatures trims the same way.
pub fn strip_header_value(s: &str) -> &str {
    py_strip(s)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Trims every value in place: the SDK sends the trimmed values it signed.
pub(crate) fn trim_values(headers: &mut [(&str, Cow<'_, str>)]) {
    for (_, value) in headers.iter_mut() {
        let trimmed_len = py_strip(value).len();
        if trimmed_len != value.len() {
            *value = match std::mem::take(value) {
                Cow::Borrowed(b) => Cow::Borrowed(py_strip(b)),
                Cow::Owned(o) => Cow::Owned(py_strip(&o).to_owned()),
            };
        }
    }
}

/// Appends `name.to_lowercase()` to `out`, without the Unicode tables for ASCII names.
fn push_lower(out: &mut String, name: &str) {
    if name.is_ascii() {
        let start = out.len();
        out.push_str(name);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&name.to_lowercase());
    }
}

/// Whether `name` lower-cases to `lowered`.
fn lowers_to(name: &str, lowered: &str) -> bool {
    if name.is_ascii() {
        name.eq_ignore_ascii_case(lowered)
    } else {
        name.to_lowercase() == lowered
    }
}

/// The signed header names: lower-cased names of all headers except those containing `_`
/// (which some proxies drop), sorted, in one `;`-joined string. A name given twice in
/// different cases is listed twice, as the SDK does.
pub(crate) struct SignedNames {
    /// `SignedHeaders`, e.g. `content-type;host;x-sdk-date`.
    pub(crate) joined: String,
    /// Where each name is in `joined` (a name may itself contain `;`).
    ranges: Vec<std::ops::Range<usize>>,
}

impl SignedNames {
    /// The names, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.ranges.iter().map(|r| &self.joined[r.clone()])
    }

    fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// The [`SignedNames`] of `headers`.
pub(crate) fn signed_names(headers: &[(&str, Cow<'_, str>)]) -> SignedNames {
    // Every name is lower-cased once, into one buffer, and sorted by that form: a comparator
    // lower-casing both sides would do it on every comparison.
    let mut lowered = String::with_capacity(headers.iter().map(|(k, _)| k.len()).sum());
    let mut ranges = Vec::with_capacity(headers.len());
    for (name, _) in headers.iter().filter(|(k, _)| !k.contains('_')) {
        let start = lowered.len();
        push_lower(&mut lowered, name);
        ranges.push(start..lowered.len());
    }
    ranges.sort_unstable_by(|a, b| lowered[a.clone()].cmp(&lowered[b.clone()]));
    let mut joined = String::with_capacity(lowered.len() + ranges.len());
    for (i, range) in ranges.iter_mut().enumerate() {
        if i > 0 {
            joined.push(';');
        }
        let start = joined.len();
        joined.push_str(&lowered[range.clone()]);
        *range = start..joined.len();
    }
    SignedNames { joined, ranges }
}

/// Appends the `name:value` lines for the signed headers to `out`, each ending in `\n`; for a
/// name given in several cases the last value wins, as in the SDK's lower-cased dict.
pub(crate) fn canonical_into(
    out: &mut String,
    headers: &[(&str, Cow<'_, str>)],
    signed: &SignedNames,
) {
    if signed.is_empty() {
        // The SDK joins the (no) lines with `\n` and then adds one.
        out.push('\n');
    }
    for name in signed.iter() {
        let value = headers
            .iter()
            .rev()
            .find(|(k, _)| lowers_to(k, name))
            .map(|(_, v)| py_strip(v))
            .unwrap_or_default();
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
}

/// The lines of [`canonical_into`] as a string of their own.
#[cfg(test)]
pub(crate) fn canonical(headers: &[(&str, Cow<'_, str>)], signed: &SignedNames) -> String {
    let mut out = String::new();
    canonical_into(&mut out, headers, signed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h<'a>(list: &[(&'a str, &'a str)]) -> HeaderList<'a> {
        list.iter().map(|(k, v)| (*k, Cow::Borrowed(*v))).collect()
    }

    #[test]
    fn find_is_case_insensitive_first_match() {
        let hs = h(&[("x-sdk-date", "a"), ("X-Sdk-Date", "b")]);
        assert_eq!(find(&hs, "X-SDK-DATE"), Some("a"));
        assert_eq!(find(&hs, "host"), None);
    }

    #[test]
    fn set_replaces_exact_name_only() {
        let mut hs = h(&[("x-project-id", "a"), ("X-Project-Id", "b")]);
        set(&mut hs, "X-Project-Id", "c".into());
        assert_eq!(hs, h(&[("x-project-id", "a"), ("X-Project-Id", "c")]));
        set(&mut hs, "Host", "h".into());
        assert_eq!(hs.last(), Some(&("Host", Cow::Borrowed("h"))));
    }

    #[test]
    fn validate_refuses_cr_lf_nul() {
        for bad in ["a\r\nX-Evil: 1", "a\n", "\rb", "a\0b"] {
            let err = validate(&h(&[("X-Custom", bad)])).unwrap_err();
            assert_eq!(
                err,
                SignError::InvalidHeaderValue {
                    name: "X-Custom".into()
                }
            );
            assert!(!err.to_string().contains("Evil"));
        }
        assert!(validate(&h(&[("X-Custom", " ok\tvalue 值 ")])).is_ok());
        for bad in ["", "X Bad", "X:Bad", "X\nBad"] {
            assert!(matches!(
                validate(&h(&[(bad, "v")])),
                Err(SignError::InvalidHeaderName { .. })
            ));
        }
    }

    #[test]
    fn trim_keeps_borrowed_values_borrowed() {
        let mut hs = h(&[("A", " a "), ("B", "b")]);
        hs.push(("C", Cow::Owned("\tc\u{3000}".to_owned())));
        trim_values(&mut hs);
        assert_eq!(hs, h(&[("A", "a"), ("B", "b"), ("C", "c")]));
        assert!(matches!(hs[0].1, Cow::Borrowed("a")));
    }

    /// Sorting by the comparator gives the order of sorting the lower-cased strings, for
    /// ASCII, non-ASCII and mixed names, duplicates in different cases included.
    #[test]
    fn signed_names_sort_as_lower_cased_strings() {
        let names = [
            "X-B", "x-a", "Host", "ÄB", "äa", "X-A", "İx", "K", "k", "Z;Y", "a-", "A",
        ];
        let hs = h(&names.iter().map(|n| (*n, "v")).collect::<Vec<_>>());
        let mut want: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        want.sort_unstable();
        assert_eq!(signed_names(&hs).iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn strip_matches_python() {
        assert_eq!(py_strip("  two  spaces  "), "two  spaces");
        assert_eq!(py_strip("\u{1c}\u{a0}x\u{3000}\u{1f}"), "x");
        assert_eq!(py_strip("\u{200b}x"), "\u{200b}x");
    }

    #[test]
    fn signed_and_canonical() {
        let hs = h(&[
            ("X-Custom-B", "  two  spaces  "),
            ("x-custom-a", "A"),
            ("X_Underscore", "skipped"),
            ("Host", "example.com"),
        ]);
        let signed = signed_names(&hs);
        assert_eq!(
            signed.iter().collect::<Vec<_>>(),
            ["host", "x-custom-a", "x-custom-b"]
        );
        assert_eq!(signed.joined, "host;x-custom-a;x-custom-b");
        assert_eq!(
            canonical(&hs, &signed),
            "host:example.com\nx-custom-a:A\nx-custom-b:two  spaces\n"
        );
    }
}
