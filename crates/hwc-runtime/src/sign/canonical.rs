//! Percent-encoding, canonical URI and canonical query string.

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

/// Appends the canonical query string of raw (decoded) pairs to `out`; see
/// [`canonical_query`].
pub fn canonical_query_into<K: AsRef<str>, V: AsRef<str>>(out: &mut String, pairs: &[(K, V)]) {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_unstable();
    for (i, (k, v)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(out, k);
        out.push('=');
        encode_into(out, v);
    }
}

/// The canonical query string, which is also the query string sent on the wire.
///
/// Pairs are sorted by raw key, then raw value, in code-point order (byte order of UTF-8 is
/// the same), and only then encoded: the SDK sorts before encoding, so `z` sorts before `é`
/// even though `%C3` would sort before `z`. An empty value keeps its `=`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
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
        assert_eq!(canonical_query(&[]), "");
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
