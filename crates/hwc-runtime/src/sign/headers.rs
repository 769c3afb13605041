//! Header list operations with the semantics of the SDK's `header_params` dict.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

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

/// The value of the header named exactly `name` (a Python dict lookup).
pub(crate) fn find_exact<'h>(headers: &'h [(&str, Cow<'_, str>)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| *k == name)
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

/// Refuses names and values that would corrupt the HTTP message; with `names_known`, the
/// names passed before (see [`NamesCache`]) and only the values are checked.
pub(crate) fn validate(
    headers: &[(&str, Cow<'_, str>)],
    names_known: bool,
) -> Result<(), SignError> {
    for (name, value) in headers {
        let bad_name = !names_known && bad_name(name);
        if bad_name {
            return Err(SignError::InvalidHeaderName {
                name: name.escape_debug().to_string(),
            });
        }
        if has_line_break_or_nul(value.as_bytes()) {
            return Err(SignError::InvalidHeaderValue {
                name: (*name).to_owned(),
            });
        }
    }
    Ok(())
}

/// Whether `bytes` holds a CR, an LF or a NUL. Eight bytes at a time: a byte of a word is
/// zero exactly when `(w - 0x01..) & !w & 0x80..` is non-zero (the classic test, exact for
/// "any"), applied to the word XOR-ed with each byte sought.
fn has_line_break_or_nul(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS != 0;
    let mut words = bytes.chunks_exact(8);
    for word in words.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_ne_bytes(w);
        if has_zero(w)
            || has_zero(w ^ (ONES * u64::from(b'\r')))
            || has_zero(w ^ (ONES * u64::from(b'\n')))
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| matches!(b, b'\r' | b'\n' | 0))
}

/// Whether `name` cannot be a header name.
fn bad_name(name: &str) -> bool {
    name.is_empty()
        || if name.is_ascii() {
            // The ASCII case of the test below, without decoding chars.
            name.bytes().any(|b| b <= b' ' || b == 0x7f || b == b':')
        } else {
            name.chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == ':')
        }
}

/// Python's `str.strip()`, which the SDK signer applies to header values: Unicode whitespace
/// plus the separators U+001C..U+001F. A server checking signatures trims the same way.
pub fn strip_header_value(s: &str) -> &str {
    py_strip(s)
}

fn py_strip(s: &str) -> &str {
    // Values that start and end with a visible ASCII character (nearly all) have nothing to
    // strip: no ASCII byte above the space is whitespace, and a byte of 0x80 or more may
    // belong to a Unicode space, which the general case handles.
    let visible = |b: &u8| (b'!'..0x80).contains(b);
    let bytes = s.as_bytes();
    if bytes.first().is_none_or(visible) && bytes.last().is_none_or(visible) {
        return s;
    }
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

/// The signed header names: lower-cased names of all headers except those containing `_`
/// (which some proxies drop), sorted, in one `;`-joined string. A name given twice in
/// different cases is listed twice, as the SDK does.
#[derive(Debug)]
pub(crate) struct SignedNames {
    /// `SignedHeaders`, e.g. `content-type;host;x-sdk-date`.
    pub(crate) joined: String,
    /// Where each name is in `joined` (a name may itself contain `;`), and which header's
    /// value its canonical line carries.
    entries: Vec<(std::ops::Range<usize>, usize)>,
}

impl SignedNames {
    /// The names, in order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(r, _)| &self.joined[r.clone()])
    }
}

/// The [`SignedNames`] of `headers`.
pub(crate) fn signed_names(headers: &[(&str, Cow<'_, str>)]) -> SignedNames {
    // Every name is lower-cased once, into one buffer, and sorted by that form: a comparator
    // lower-casing both sides would do it on every comparison.
    let mut lowered = String::with_capacity(headers.iter().map(|(k, _)| k.len()).sum());
    let mut entries = Vec::with_capacity(headers.len());
    for (i, (name, _)) in headers.iter().enumerate() {
        if name.contains('_') {
            continue;
        }
        let start = lowered.len();
        push_lower(&mut lowered, name);
        entries.push((start..lowered.len(), i));
    }
    let name = |r: &std::ops::Range<usize>| &lowered[r.clone()];
    entries.sort_unstable_by(|a, b| name(&a.0).cmp(name(&b.0)));
    // Names equal once lower-cased are adjacent now; the SDK's lower-cased dict keeps the
    // last value set, so every line of such a name carries the last header's value.
    let mut run = 0;
    while run < entries.len() {
        let end = run
            + entries[run..]
                .iter()
                .take_while(|e| name(&e.0) == name(&entries[run].0))
                .count();
        let last = entries[run..end].iter().map(|e| e.1).max().unwrap_or(0);
        for e in &mut entries[run..end] {
            e.1 = last;
        }
        run = end;
    }
    let mut joined = String::with_capacity(lowered.len() + entries.len());
    for (i, (range, _)) in entries.iter_mut().enumerate() {
        if i > 0 {
            joined.push(';');
        }
        let start = joined.len();
        joined.push_str(&lowered[range.clone()]);
        *range = start..joined.len();
    }
    SignedNames { joined, entries }
}

/// The [`SignedNames`] of the last header list signed, with that list's names: a client's
/// calls send the same header names call after call (only values such as the date change),
/// and sorting them again would redo work already done. Shared by a client's clones and
/// tasks; a poisoned lock counts as empty.
#[derive(Debug, Default)]
pub(crate) struct NamesCache(Mutex<Option<Arc<KnownNames>>>);

/// A header list's names, validated, and its [`SignedNames`].
#[derive(Debug)]
pub(crate) struct KnownNames {
    names: Vec<String>,
    /// The list's signed names.
    pub(crate) signed: SignedNames,
}

impl KnownNames {
    fn matches(&self, headers: &[(&str, Cow<'_, str>)]) -> bool {
        self.names.len() == headers.len()
            && self.names.iter().zip(headers).all(|(a, (b, _))| a == b)
    }
}

impl NamesCache {
    /// What is known of `headers` when the last list signed had the same names, in order.
    pub(crate) fn get(&self, headers: &[(&str, Cow<'_, str>)]) -> Option<Arc<KnownNames>> {
        let known = self.0.lock().ok()?.clone()?;
        known.matches(headers).then_some(known)
    }

    /// Remembers `signed`, made from `headers` (whose names have passed [`validate`]).
    pub(crate) fn put(
        &self,
        headers: &[(&str, Cow<'_, str>)],
        signed: SignedNames,
    ) -> Arc<KnownNames> {
        let known = Arc::new(KnownNames {
            names: headers.iter().map(|(k, _)| (*k).to_owned()).collect(),
            signed,
        });
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(known.clone());
        }
        known
    }
}

/// Appends the `name:value` lines for the signed headers to `out`, each ending in `\n`; for a
/// name given in several cases the last value wins, as in the SDK's lower-cased dict.
/// `headers` is the list `signed` was made from (values may have been trimmed since).
pub(crate) fn canonical_into(
    out: &mut String,
    headers: &[(&str, Cow<'_, str>)],
    signed: &SignedNames,
) {
    if signed.entries.is_empty() {
        // The SDK joins the (no) lines with `\n` and then adds one.
        out.push('\n');
    }
    for (range, i) in &signed.entries {
        let value = headers
            .get(*i)
            .map(|(_, v)| py_strip(v))
            .unwrap_or_default();
        out.push_str(&signed.joined[range.clone()]);
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
            let err = validate(&h(&[("X-Custom", bad)]), false).unwrap_err();
            assert_eq!(
                err,
                SignError::InvalidHeaderValue {
                    name: "X-Custom".into()
                }
            );
            assert!(!err.to_string().contains("Evil"));
        }
        assert!(validate(&h(&[("X-Custom", " ok\tvalue 值 ")]), false).is_ok());
        for bad in ["", "X Bad", "X:Bad", "X\nBad"] {
            assert!(matches!(
                validate(&h(&[(bad, "v")]), false),
                Err(SignError::InvalidHeaderName { .. })
            ));
        }
    }

    /// The word-at-a-time test against the byte-at-a-time one, for every position of every
    /// byte value in strings of every length up to three words.
    #[test]
    fn line_break_or_nul_found_in_every_position() {
        for len in 0..24 {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[pos] = b;
                    let want = v.iter().any(|&b| matches!(b, b'\r' | b'\n' | 0));
                    assert_eq!(has_line_break_or_nul(&v), want, "{v:?}");
                }
            }
        }
    }

    #[test]
    fn names_cache_answers_only_for_the_same_names() {
        let cache = NamesCache::default();
        let first = h(&[("Host", "a"), ("X-Sdk-Date", "1")]);
        assert!(cache.get(&first).is_none());
        cache.put(&first, signed_names(&first));
        let same_names = h(&[("Host", "b"), ("X-Sdk-Date", "2")]);
        let known = cache.get(&same_names).expect("same names");
        assert_eq!(known.signed.joined, "host;x-sdk-date");
        for other in [
            h(&[("host", "b"), ("X-Sdk-Date", "2")]),
            h(&[("X-Sdk-Date", "2"), ("Host", "b")]),
            h(&[("Host", "b")]),
            h(&[("Host", "b"), ("X-Sdk-Date", "2"), ("X-A", "3")]),
        ] {
            assert!(cache.get(&other).is_none(), "{other:?}");
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
