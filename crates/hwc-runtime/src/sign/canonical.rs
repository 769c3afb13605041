//! Percent-encoding, canonical URI and canonical query string.

use std::cmp::Ordering;

use percent_encoding::percent_decode_str;

/// RFC 3986 unreserved characters: what the SDKs' `quote(s, safe='~')` keeps as they are.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Whether every byte of `s` is unreserved or, with `slash`, a `/`. A fold without early exit
/// and with range tests rather than a table: the compiler checks many bytes per instruction,
/// and most paths and values (ids, numbers, names) pass.
fn all_unreserved(s: &[u8], slash: bool) -> bool {
    s.iter().fold(true, |ok, &b| {
        ok & (b.wrapping_sub(b'a') < 26
            || b.wrapping_sub(b'A') < 26
            || b.wrapping_sub(b'0') < 10
            || b == b'-'
            || b == b'_'
            || b == b'.'
            || b == b'~'
            || (slash && b == b'/'))
    })
}

/// Appends `s` percent-encoded to `out`; see [`encode`]. Runs of unreserved bytes are copied
/// whole: signing runs once per request attempt, and this is most of what it writes.
pub fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if all_unreserved(s.as_bytes(), false) {
        out.push_str(s);
        return;
    }
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        if run < i {
            // A non-empty `run..i` is all ASCII, so both ends are char boundaries.
            out.push_str(&s[run..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
        run = i + 1;
    }
    out.push_str(&s[run..]);
}

/// Percent-encodes `s` as the signer does: UTF-8 bytes, unreserved characters
/// (`A-Z a-z 0-9 - _ . ~`) kept, every other byte as upper-case `%XX` (space is `%20`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

/// Appends the canonical URI of a wire path to `out`: decode, split on `/`, encode each
/// segment, end with `/`.
///
/// Decoding first means an encoded `%2F` inside a path parameter becomes a segment separator
/// here (the server canonicalises the same way). Invalid UTF-8 produced by decoding turns into
/// U+FFFD, as Python's `unquote` does.
pub fn canonical_uri_into(out: &mut String, path: &str) {
    if all_unreserved(path.as_bytes(), true) {
        // Nothing to decode and nothing to encode: the common case, a path of ids.
        out.push_str(path);
    } else {
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        for (i, segment) in decoded.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            encode_into(out, segment);
        }
    }
    if !out.ends_with('/') {
        out.push('/');
    }
}

/// The canonical URI of a wire path; see [`canonical_uri_into`].
#[cfg(test)]
pub(crate) fn canonical_uri(path: &str) -> String {
    let mut out = String::new();
    canonical_uri_into(&mut out, path);
    out
}

/// One query parameter as the signer sees it: a raw (decoded) key and value, and what the
/// value orders by.
///
/// The SDK sorts the `(key, value)` pairs as Python compares them: a key's values as text
/// when they are strings, as numbers when their type is numeric (`2 < 10 < 100`, and a bool
/// is 0 or 1), where sorting the rendered text would put `"100"` first.
pub trait QueryPair {
    /// The raw key.
    fn key(&self) -> &str;
    /// The raw value, rendered.
    fn value(&self) -> &str;
    /// The number the value stands for when its type is numeric; `None` for text.
    fn number(&self) -> Option<f64> {
        None
    }
}

/// A pair of texts: both order as text.
impl<K: AsRef<str>, V: AsRef<str>> QueryPair for (K, V) {
    fn key(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

/// A query parameter with the number its value stands for when its type is numeric (see
/// [`QueryPair`]): what [`crate::Request::query`] keeps, and what the signing harness makes
/// from a vector's typed values.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryParam {
    /// The raw key.
    pub key: String,
    /// The raw value, rendered.
    pub value: String,
    /// The value as a number when its type is numeric.
    pub number: Option<f64>,
}

impl QueryParam {
    /// A parameter whose value is text.
    pub fn text(key: impl Into<String>, value: impl Into<String>) -> Self {
        QueryParam {
            key: key.into(),
            value: value.into(),
            number: None,
        }
    }
}

impl QueryPair for QueryParam {
    fn key(&self) -> &str {
        &self.key
    }
    fn value(&self) -> &str {
        &self.value
    }
    fn number(&self) -> Option<f64> {
        self.number
    }
}

/// Python's order of two values of one key: numbers as numbers, text by code point. Python
/// refuses to compare a number with text; such a pair orders as text here.
fn value_order(a: &impl QueryPair, b: &impl QueryPair) -> Ordering {
    match (a.number(), b.number()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.value().cmp(b.value()),
    }
}

/// Appends the canonical query string of raw (decoded) pairs to `out`; see
/// [`canonical_query`].
pub fn canonical_query_into<P: QueryPair>(out: &mut String, pairs: &[P]) {
    let mut sorted: Vec<&P> = pairs.iter().collect();
    // Stable, as Python's sort is: values equal as numbers keep their order.
    sorted.sort_by(|a, b| a.key().cmp(b.key()).then_with(|| value_order(*a, *b)));
    for (i, pair) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(out, pair.key());
        out.push('=');
        encode_into(out, pair.value());
    }
}

/// The canonical query string, which is also the query string sent on the wire.
///
/// Pairs are sorted by raw key, then raw value ([`QueryPair`]: numbers as numbers, text in
/// code-point order, which is the byte order of UTF-8), and only then encoded: the SDK sorts
/// before encoding, so `z` sorts before `é` even though `%C3` would sort before `z`. An empty
/// value keeps its `=`.
pub fn canonical_query<P: QueryPair>(pairs: &[P]) -> String {
    let mut out = String::new();
    canonical_query_into(&mut out, pairs);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn encode_keeps_unreserved_only() {
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(encode("a b+c/d=e&f"), "a%20b%2Bc%2Fd%3De%26f");
        assert_eq!(
            encode("*!'();:@$,?#[]%"),
            "%2A%21%27%28%29%3B%3A%40%24%2C%3F%23%5B%5D%25"
        );
        assert_eq!(encode("é值"), "%C3%A9%E5%80%BC");
        assert_eq!(encode(""), "");
    }

    /// The hand-rolled encoder against `percent-encoding` with the same set, over strings
    /// mixing unreserved, reserved, multi-byte and control characters in every position.
    #[test]
    fn encode_matches_percent_encoding_crate() {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        const SET: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let alphabet = [
            'a', 'Z', '0', '-', '_', '.', '~', ' ', '%', '/', '+', '\0', 'é', '值', '😀',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..40 {
            for _ in 0..50 {
                let s: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                assert_eq!(
                    encode(&s),
                    utf8_percent_encode(&s, SET).to_string(),
                    "{s:?}"
                );
                // The path fast path and the decoding path agree where both apply.
                if !s.contains('%') {
                    let mut slow = String::new();
                    for (i, seg) in s.split('/').enumerate() {
                        if i > 0 {
                            slow.push('/');
                        }
                        slow.push_str(&encode(seg));
                    }
                    if !slow.ends_with('/') {
                        slow.push('/');
                    }
                    assert_eq!(canonical_uri(&s), slow, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn query_sorted_by_raw_key_then_raw_value() {
        let q = pairs(&[
            ("v", "é"),
            ("v", "z"),
            ("v", "A"),
            ("b", "2"),
            ("B", "1"),
            ("a", ""),
        ]);
        assert_eq!(canonical_query(&q), "B=1&a=&b=2&v=A&v=z&v=%C3%A9");
    }

    #[test]
    fn query_sort_is_by_raw_not_encoded_key() {
        // ' ' (0x20) < '+' (0x2B) raw, but "%20" > "%2B" encoded.
        let q = pairs(&[("k+", "1"), ("k ", "2")]);
        assert_eq!(canonical_query(&q), "k%20=2&k%2B=1");
    }

    #[test]
    fn query_empty() {
        assert_eq!(canonical_query::<(String, String)>(&[]), "");
    }

    #[test]
    fn numbers_of_one_key_sort_as_numbers_text_as_text() {
        let num = |v: f64| QueryParam {
            key: "n".into(),
            value: v.to_string(),
            number: Some(v),
        };
        // What the SDK signs for `n=[3, 1, 20, 2, 100]` (ints) and for the same as strings.
        let numbers: Vec<QueryParam> = [3.0, 1.0, 20.0, 2.0, 100.0].map(num).to_vec();
        assert_eq!(canonical_query(&numbers), "n=1&n=2&n=3&n=20&n=100");
        let texts: Vec<QueryParam> = ["3", "1", "20", "2", "100"]
            .map(|v| QueryParam::text("n", v))
            .to_vec();
        assert_eq!(canonical_query(&texts), "n=1&n=100&n=2&n=20&n=3");
        // A bool is 0 or 1 beside numbers; equal numbers keep their order (a stable sort).
        let mixed = vec![
            num(10.0),
            QueryParam {
                key: "n".into(),
                value: "true".into(),
                number: Some(1.0),
            },
            num(1.0),
            num(-5.0),
        ];
        assert_eq!(canonical_query(&mixed), "n=-5&n=true&n=1&n=10");
        // Keys still sort first, as text.
        let keys = vec![num(2.0), QueryParam::text("m", "z")];
        assert_eq!(canonical_query(&keys), "m=z&n=2");
    }

    #[test]
    fn uri_decodes_then_encodes_segments() {
        assert_eq!(
            canonical_uri("/v2/p/instances/in%2Fst%2Ba%20b"),
            "/v2/p/instances/in/st%2Ba%20b/"
        );
        assert_eq!(canonical_uri("/a%2541b"), "/a%2541b/");
        assert_eq!(
            canonical_uri("/v2/{project_id}/x"),
            "/v2/%7Bproject_id%7D/x/"
        );
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a/"), "/a/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/%E5%AE%9E"), "/%E5%AE%9E/");
        assert_eq!(canonical_uri("/%ZZ%4"), "/%25ZZ%254/");
        assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
    }
}
