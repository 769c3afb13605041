//! Percent-encoding, canonical URI and canonical query string.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters: the SDKs use Python's
/// `quote(s, safe='~')`, which keeps exactly `A-Z a-z 0-9 - _ . ~`.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` as the signer does: UTF-8 bytes, unreserved characters
/// (`A-Z a-z 0-9 - _ . ~`) kept, every other byte as upper-case `%XX` (space is `%20`).
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE_SET).to_string()
}

/// The canonical URI of a wire path: decode, split on `/`, encode each segment, end with `/`.
///
/// Decoding first means an encoded `%2F` inside a path parameter becomes a segment separator
/// here (the server canonicalises the same way). Invalid UTF-8 produced by decoding turns into
/// U+FFFD, as Python's `unquote` does.
pub(crate) fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query string, which is also the query string sent on the wire.
///
/// Pairs are sorted by raw key, then raw value, in code-point order (byte order of UTF-8 is
/// the same), and only then encoded: the SDK sorts before encoding, so `z` sorts before `é`
/// even though `%C3` would sort before `z`. An empty value keeps its `=`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted.sort_unstable();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
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
