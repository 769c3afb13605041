//! Server-side check of `SDK-HMAC-SHA256` (and `SDK-HMAC-SM3`) signatures.
//!
//! The canonical request is rebuilt from what arrived (method, wire path, query, the headers the
//! client listed in `SignedHeaders`, body) and signed again with
//! [`hwc_runtime::sign::sign_request`], whose output matches the official SDKs byte for byte;
//! the two signatures are then compared in constant time. Requests from the official Python SDK
//! pass this check too (`bench/python-sdk.sh` calls the stand-in with it).

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use hwc_runtime::Credentials;
use hwc_runtime::sign::{self, RequestToSign, SigningAlgorithm};
use percent_encoding::percent_decode_str;

/// Why a request was refused; the message goes into the 401 body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection(pub String);

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of an `Authorization: SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..`
/// header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The algorithm.
    pub algorithm: SigningAlgorithm,
    /// `Access`: the access key id.
    pub access: &'a str,
    /// `SignedHeaders`, `;`-separated lower-case names.
    pub signed_headers: &'a str,
    /// `Signature`, lower-case hex.
    pub signature: &'a str,
}

/// Parses an `Authorization` header of the symmetric SDK algorithms.
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, Rejection> {
    let (scheme, rest) = value
        .split_once(' ')
        .ok_or_else(|| Rejection("Authorization is not `ALGORITHM Access=.., ..`".into()))?;
    let algorithm = match scheme {
        "SDK-HMAC-SHA256" => SigningAlgorithm::HmacSha256,
        "SDK-HMAC-SM3" => SigningAlgorithm::HmacSm3,
        other => {
            return Err(Rejection(format!(
                "unsupported signing algorithm `{}`",
                other.escape_debug()
            )));
        }
    };
    let (mut access, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Access", v)) => access = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    match (access, signed_headers, signature) {
        (Some(access), Some(signed_headers), Some(signature)) => Ok(Authorization {
            algorithm,
            access,
            signed_headers,
            signature,
        }),
        _ => Err(Rejection(
            "Authorization lacks Access, SignedHeaders or Signature".into(),
        )),
    }
}

/// Splits a raw (wire) query string into decoded pairs, as the signer saw them before
/// encoding.
pub fn decode_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (dec(k), dec(v))
        })
        .collect()
}

/// What the verifier needs to know about one received request.
pub struct Received<'a> {
    /// Method as received.
    pub method: &'a str,
    /// The wire path, still percent-encoded.
    pub path: &'a str,
    /// The wire query string without `?` (empty when none).
    pub query: &'a str,
    /// Every header; names in any case.
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body.
    pub body: Bytes,
}

/// Checks the request's signature against the key pair (`access_key`, `secret_key`), and its
/// `X-Sdk-Date` against `now` within `max_skew`.
pub fn verify(
    req: &Received<'_>,
    access_key: &str,
    secret_key: &str,
    now: SystemTime,
    max_skew: Duration,
) -> Result<(), Rejection> {
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    let auth_value = header("authorization")
        .ok_or_else(|| Rejection("Authorization not found in header".into()))?;
    let auth = parse_authorization(auth_value)?;
    if auth.access != access_key {
        return Err(Rejection("the access key is not known".into()));
    }
    let date = header("x-sdk-date").ok_or_else(|| Rejection("X-Sdk-Date is missing".into()))?;
    let signed_at =
        sign::parse_sdk_date(date).map_err(|e| Rejection(format!("X-Sdk-Date: {e}")))?;
    let skew = match now.duration_since(signed_at) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    if skew > max_skew {
        return Err(Rejection(format!(
            "X-Sdk-Date {date} is more than {} s away from the server's clock",
            max_skew.as_secs()
        )));
    }
    let names: Vec<&str> = auth.signed_headers.split(';').collect();
    for required in ["host", "x-sdk-date"] {
        if !names.contains(&required) {
            return Err(Rejection(format!(
                "SignedHeaders does not include `{required}`"
            )));
        }
    }
    let mut headers = Vec::with_capacity(names.len());
    for name in &names {
        let value = header(name).ok_or_else(|| {
            Rejection(format!(
                "signed header `{}` is not in the request",
                name.escape_debug()
            ))
        })?;
        // Title case, as the SDK names the headers it adds (`X-Sdk-Date`,
        // `X-Sdk-Content-Sha256`): the signer replaces those by exact name.
        headers.push((title_case(name), value.to_owned()));
    }
    let host = header("host").unwrap_or_default().to_owned();
    let mut to_sign = RequestToSign {
        method: req.method.to_owned(),
        scheme: "http".into(),
        host,
        path: req.path.to_owned(),
        query: decode_query(req.query),
        headers,
        body: req.body.clone(),
    };
    let creds = Credentials::new(access_key, secret_key);
    let expected = sign::sign_request(&mut to_sign, &creds, &auth.algorithm, None, signed_at)
        .map_err(|e| Rejection(format!("cannot recompute the signature: {e}")))?;
    let expected_sig = expected
        .authorization
        .rsplit_once("Signature=")
        .map(|(_, s)| s)
        .unwrap_or_default();
    if expected.signed_headers != auth.signed_headers
        || !constant_time_eq(expected_sig.as_bytes(), auth.signature.as_bytes())
    {
        return Err(Rejection("verify aksk signature fail".into()));
    }
    Ok(())
}

fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "AK";
    const SK: &str = "SK";

    fn signed(now: SystemTime) -> (Vec<(String, String)>, String) {
        let mut r = RequestToSign {
            method: "GET".into(),
            scheme: "http".into(),
            host: "127.0.0.1:9".into(),
            path: "/v2/p/instances/a%20b/bigkey-tasks".into(),
            query: vec![("limit".into(), "10".into()), ("status".into(), "é".into())],
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Bytes::new(),
        };
        sign::sign_request(
            &mut r,
            &Credentials::new(AK, SK).with_project_id("p"),
            &SigningAlgorithm::HmacSha256,
            None,
            now,
        )
        .unwrap();
        let q = sign::canonical_query(&r.query);
        (r.headers, q)
    }

    fn check(headers: &[(String, String)], query: &str, now: SystemTime) -> Result<(), Rejection> {
        let req = Received {
            method: "GET",
            path: "/v2/p/instances/a%20b/bigkey-tasks",
            query,
            headers: headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            body: Bytes::new(),
        };
        verify(&req, AK, SK, now, Duration::from_secs(900))
    }

    #[test]
    fn accepts_what_the_client_signed_and_nothing_else() {
        let now = SystemTime::now();
        let (headers, query) = signed(now);
        assert_eq!(check(&headers, &query, now), Ok(()));
        // Another query value.
        assert!(check(&headers, "limit=11&status=%C3%A9", now).is_err());
        // A tampered signed header.
        let mut h = headers.clone();
        for (k, v) in &mut h {
            if k == "X-Project-Id" {
                *v = "q".into();
            }
        }
        assert!(check(&h, &query, now).is_err());
        // Too old.
        assert!(check(&headers, &query, now + Duration::from_secs(3600)).is_err());
        // No signature.
        let h: Vec<_> = headers
            .iter()
            .filter(|(k, _)| k != "Authorization")
            .cloned()
            .collect();
        assert!(check(&h, &query, now).is_err());
    }

    #[test]
    fn parses_authorization() {
        let a = parse_authorization(
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ab",
        )
        .unwrap();
        assert_eq!(a.access, "AK");
        assert_eq!(a.signed_headers, "host;x-sdk-date");
        assert_eq!(a.signature, "ab");
        assert!(parse_authorization("Bearer x").is_err());
    }
}
