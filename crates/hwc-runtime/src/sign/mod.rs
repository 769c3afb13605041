//! AK/SK request signing, byte-identical to Huawei Cloud's official SDKs.
//!
//! Supported: `SDK-HMAC-SHA256` (the default), `SDK-HMAC-SM3`, `V11-HMAC-SHA256` (derived
//! keys, chosen by passing a [`DerivedAuth`]), `SDK-ECDSA-P256-SHA256` and `SDK-SM2-SM3`.
//! The reference is `huaweicloudsdkcore.signer` 3.1.219; `tests/sign_vectors.rs` replays the
//! vectors the Python SDK produced.
//!
//! [`sign_request`] mutates the request the way the SDK mutates its `SdkRequest`, including
//! header order and trimmed header values, so that what goes on the wire is what was signed.

#[cfg(feature = "asymmetric")]
mod asymmetric;
mod canonical;
mod date;
#[cfg(feature = "asymmetric")]
mod der;
mod digest;
mod error;
mod headers;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use bytes::Bytes;

use crate::credentials::Credentials;
use digest::HashAlg;
pub(crate) use digest::KeyedSha256;
pub use headers::strip_header_value;
pub(crate) use headers::{HeaderList, NamesCache};

#[cfg(feature = "asymmetric")]
pub use asymmetric::public_key_sec1;
pub use canonical::{
    QueryPair, QueryParam, canonical_query, canonical_query_into, canonical_uri_into, encode,
    encode_into,
};
pub(crate) use date::parse_rfc3339;
pub use date::{format_sdk_date, parse_sdk_date};
pub use error::SignError;

/// The `SigningAlgorithm` of the SDK's `HttpConfig`. The asymmetric ones need the cargo
/// feature `asymmetric`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256`.
    #[default]
    HmacSha256,
    /// `SDK-HMAC-SM3`.
    HmacSm3,
    /// `SDK-ECDSA-P256-SHA256`: ECDSA with a P-256 key derived from the AK/SK.
    #[cfg(feature = "asymmetric")]
    #[cfg_attr(docsrs, doc(cfg(feature = "asymmetric")))]
    EcdsaP256Sha256,
    /// `SDK-SM2-SM3`: SM2 with a key derived from the AK/SK.
    #[cfg(feature = "asymmetric")]
    #[cfg_attr(docsrs, doc(cfg(feature = "asymmetric")))]
    Sm2Sm3,
}

/// Wire names of the algorithms behind the `asymmetric` feature, for a message that says so.
#[cfg(not(feature = "asymmetric"))]
const ASYMMETRIC_NAMES: [&str; 2] = ["SDK_ECDSA_P256_SHA256", "SDK_SM2_SM3"];

impl SigningAlgorithm {
    /// The name that starts the string to sign and the `Authorization` header.
    pub fn name(&self) -> &'static str {
        match self {
            Self::HmacSha256 => "SDK-HMAC-SHA256",
            Self::HmacSm3 => "SDK-HMAC-SM3",
            #[cfg(feature = "asymmetric")]
            Self::EcdsaP256Sha256 => "SDK-ECDSA-P256-SHA256",
            #[cfg(feature = "asymmetric")]
            Self::Sm2Sm3 => "SDK-SM2-SM3",
        }
    }

    fn hash(&self) -> HashAlg {
        match self {
            Self::HmacSha256 => HashAlg::Sha256,
            Self::HmacSm3 => HashAlg::Sm3,
            #[cfg(feature = "asymmetric")]
            Self::EcdsaP256Sha256 => HashAlg::Sha256,
            #[cfg(feature = "asymmetric")]
            Self::Sm2Sm3 => HashAlg::Sm3,
        }
    }
}

impl fmt::Display for SigningAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SigningAlgorithm {
    type Err = SignError;

    /// Accepts the SDK enum names (`HMAC_SHA256`, `HMAC_SM3`, `ECDSA_P256_SHA256`, `SM2_SM3`)
    /// and the wire names (`SDK-HMAC-SHA256`, ...), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = [
            Self::HmacSha256,
            Self::HmacSm3,
            #[cfg(feature = "asymmetric")]
            Self::EcdsaP256Sha256,
            #[cfg(feature = "asymmetric")]
            Self::Sm2Sm3,
        ];
        let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
        let matches =
            |wire: &str| wanted == wire || Some(wanted.as_str()) == wire.strip_prefix("SDK_");
        if let Some(alg) = all
            .into_iter()
            .find(|alg| matches(&alg.name().replace('-', "_")))
        {
            return Ok(alg);
        }
        #[cfg(not(feature = "asymmetric"))]
        if ASYMMETRIC_NAMES.iter().any(|n| matches(n)) {
            return Err(SignError::UnknownAlgorithm {
                name: format!(
                    "{} (needs the cargo feature `asymmetric`)",
                    s.escape_debug()
                ),
            });
        }
        Err(SignError::UnknownAlgorithm {
            name: s.escape_debug().to_string(),
        })
    }
}

/// Selects derived-key signing (`V11-HMAC-SHA256`) for one service in one region; the
/// [`SigningAlgorithm`] is then ignored, as in the SDK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedAuth {
    /// The service name, e.g. `dcs`.
    pub service: String,
    /// The region id, e.g. `cn-north-4`.
    pub region: String,
}

/// A request about to be sent.
#[derive(Clone, Default)]
pub struct RequestToSign {
    /// HTTP method; any case (the canonical request upper-cases it).
    pub method: String,
    /// `https` or `http`.
    pub scheme: String,
    /// `host[:port]` exactly as in the `Host` header.
    pub host: String,
    /// The wire path, already percent-encoded.
    pub path: String,
    /// Raw (decoded) query parameters in any order; repeated keys allowed.
    pub query: Vec<QueryParam>,
    /// Headers set so far, name case as given; [`sign_request`] adds to them.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes.
    pub body: Bytes,
}

impl RequestToSign {
    /// The wire URL; see [`wire_url`].
    pub fn url(&self) -> String {
        wire_url(&self.scheme, &self.host, &self.path, &self.query)
    }
}

/// The wire URL: `scheme://host` + path + `?` + canonical query when there are query pairs.
/// The query is in the order that is signed, so the URL sent is the URL signed.
pub fn wire_url(scheme: &str, host: &str, path: &str, query: &[impl QueryPair]) -> String {
    let mut url = String::with_capacity(scheme.len() + 3 + host.len() + path.len() + 64);
    url.push_str(scheme);
    url.push_str("://");
    url.push_str(host);
    url.push_str(path);
    if !query.is_empty() {
        url.push('?');
        canonical_query_into(&mut url, query);
    }
    url
}

impl fmt::Debug for RequestToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The security token travels as a header: keep it out of logs.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if k.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN) {
                    "***"
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("RequestToSign")
            .field("method", &self.method)
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What was signed, for logging and debugging signature mismatches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Signed header names, `;`-separated (`content-type;host;x-sdk-date`).
    pub signed_headers: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

const HEADER_PROJECT_ID: &str = "X-Project-Id";
const HEADER_SECURITY_TOKEN: &str = "X-Security-Token";
const HEADER_DATE: &str = "X-Sdk-Date";
const HEADER_HOST: &str = "Host";
const HEADER_AUTHORIZATION: &str = "Authorization";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const V11_ALGORITHM: &str = "V11-HMAC-SHA256";

/// Signs `req` in place and returns the intermediate values.
///
/// Headers are added as the SDK adds them, in its order: `X-Project-Id` (when the credentials
/// have a non-empty project id), `X-Security-Token` (temporary credentials),
/// `X-Sdk-Content-Sha256`/`-Sm3: UNSIGNED-PAYLOAD` (a `Content-Type` not starting with
/// `application/json` or `application/bson`), `X-Sdk-Date` from `now` (unless the caller set one,
/// in any case, which is then used), `Host` (unless present), then `Authorization`. All header
/// values are trimmed, as the SDK sends them.
///
/// A request already carrying an `Authorization` header is not signed (the SDK's behaviour):
/// only the project id and token headers are added and the returned [`Signature`] holds that
/// header's value with empty intermediate strings.
///
/// Where the SDK matches a header name exactly and HTTP says names are case-insensitive, this
/// function matches case-insensitively: `Content-Type` and a pre-set `Authorization`. Requests
/// using the SDK's spelling sign identically.
///
/// On error `req` is left unchanged.
pub fn sign_request(
    req: &mut RequestToSign,
    creds: &Credentials,
    algorithm: &SigningAlgorithm,
    derived: Option<&DerivedAuth>,
    now: SystemTime,
) -> Result<Signature, SignError> {
    let mut hs: HeaderList<'_> = req
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), Cow::Borrowed(v.as_str())))
        .collect();
    let query = canonical_query(&req.query);
    let parts = Parts {
        method: &req.method,
        host: &req.host,
        path: &req.path,
        canonical_query: &query,
        body: &req.body,
        date: None,
    };
    let signature = sign_parts(
        &parts,
        &mut hs,
        creds,
        creds
            .project_id()
            .filter(|p| !p.is_empty())
            .map(|p| (HEADER_PROJECT_ID, p)),
        algorithm,
        derived,
        now,
        true,
        None,
    )?;
    let headers = hs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_owned()))
        .collect();
    req.headers = headers;
    Ok(signature)
}

/// The parts of a request that signing reads, borrowed.
pub(crate) struct Parts<'a> {
    /// HTTP method, any case.
    pub(crate) method: &'a str,
    /// `host[:port]`.
    pub(crate) host: &'a str,
    /// The wire path, percent-encoded.
    pub(crate) path: &'a str,
    /// The canonical query string ([`canonical_query`]), which the client has already
    /// written into the URL it sends.
    pub(crate) canonical_query: &'a str,
    /// The body bytes.
    pub(crate) body: &'a [u8],
    /// `X-Sdk-Date`'s value for the `now` signed at, when the caller has made it already
    /// (the client makes one a second); else it is formatted here.
    pub(crate) date: Option<&'a str>,
}

/// [`sign_request`] on borrowed parts: adds to `hs` what the SDK adds, in its order, and
/// returns the signature. `account` is the header naming the account, `X-Project-Id` or
/// `X-Domain-Id` with its value, which the SDK's `BasicCredentials` and `GlobalCredentials`
/// set before the security token (the client passes an id discovered from IAM here instead
/// of copying the credentials). The client
/// calls this on every attempt, so nothing is copied that can be borrowed; `hs` may be
/// partly changed when this fails.
///
/// With `keep` false the returned [`Signature`] carries only the canonical request (made
/// anyway): the string to sign is not joined where the signer can take it in pieces, and the
/// `Authorization` value is in `hs` only. The client keeps nothing.
/// `names`, when given, holds the signed-header names of the last list signed with the same
/// header names, and receives this list's.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_parts<'a>(
    req: &Parts<'a>,
    hs: &mut HeaderList<'a>,
    creds: &'a Credentials,
    account: Option<(&'static str, &'a str)>,
    algorithm: &SigningAlgorithm,
    derived: Option<&DerivedAuth>,
    now: SystemTime,
    keep: bool,
    names: Option<&NamesCache>,
) -> Result<Signature, SignError> {
    if let Some((name, id)) = account {
        headers::set(hs, name, Cow::Borrowed(id));
    }
    if let Some(token) = creds.security_token() {
        headers::set(hs, HEADER_SECURITY_TOKEN, Cow::Borrowed(token.expose()));
    }
    if let Some(existing) = headers::find(hs, HEADER_AUTHORIZATION) {
        let authorization = existing.to_owned();
        headers::validate(hs, false)?;
        return Ok(Signature {
            canonical_request: String::new(),
            string_to_sign: String::new(),
            signed_headers: String::new(),
            authorization,
        });
    }
    if creds.access_key().is_empty() || creds.secret_key().is_empty() {
        return Err(SignError::MissingCredentials);
    }
    if let Some(d) = derived {
        if d.service.is_empty() {
            return Err(SignError::MissingDerivedAuthParam { param: "service" });
        }
        if d.region.is_empty() {
            return Err(SignError::MissingDerivedAuthParam { param: "region" });
        }
    }
    // Derived signing always hashes with SHA-256, whatever the configured algorithm.
    let hash = if derived.is_some() {
        HashAlg::Sha256
    } else {
        algorithm.hash()
    };

    // The SDK reads `header_params.get("Content-Type")`: that exact name, so a `content-type`
    // spelt otherwise announces no unsigned payload (and its body is hashed).
    let content_type = headers::find_exact(hs, "Content-Type").unwrap_or_default();
    if !content_type.is_empty()
        && !content_type.starts_with("application/json")
        && !content_type.starts_with("application/bson")
    {
        headers::set(hs, hash.content_header(), Cow::Borrowed(UNSIGNED_PAYLOAD));
    }
    // A date the caller gave is signed as reformatted; one made here is read back from the
    // header it went into rather than copied.
    let given_date = match headers::find(hs, HEADER_DATE) {
        Some(given) => Some(format_sdk_date(parse_sdk_date(given)?)),
        None => {
            let made = match req.date {
                Some(date) => Cow::Borrowed(date),
                None => Cow::Owned(format_sdk_date(now)),
            };
            headers::set(hs, HEADER_DATE, made);
            None
        }
    };
    if headers::find(hs, HEADER_HOST).is_none() {
        headers::set(hs, HEADER_HOST, Cow::Borrowed(req.host));
    }
    let known = names.and_then(|c| c.get(hs));
    headers::validate(hs, known.is_some())?;
    let known = match (known, names) {
        (Some(known), _) => Some(known),
        (None, Some(cache)) => Some(cache.put(hs, headers::signed_names(hs))),
        (None, None) => None,
    };
    let made;
    let signed = match &known {
        Some(known) => &known.signed,
        None => {
            made = headers::signed_names(hs);
            &made
        }
    };
    headers::trim_values(hs);
    // An empty body is always hashed, even when UNSIGNED-PAYLOAD was announced.
    let body_hash;
    let as_latin1;
    let payload_hash = if req.body.is_empty() {
        hash.empty_hex()
    } else {
        match headers::find(hs, hash.content_header()) {
            Some(v) if v.is_ascii() && !v.is_empty() => v,
            Some(v) if !v.is_empty() => {
                // The SDK reads the value back after storing every header value as its UTF-8
                // bytes taken one by one as Latin-1 characters (so that `requests` sends the
                // bytes), and signs that text.
                as_latin1 = v.bytes().map(char::from).collect::<String>();
                &as_latin1
            }
            _ => {
                body_hash = hash.hex(req.body);
                body_hash.as_str()
            }
        }
    };
    // One buffer, sized up front.
    let mut canonical_request = String::with_capacity(
        req.method.len()
            + req.path.len() * 3
            + req.canonical_query.len()
            + hs.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>()
            + signed.joined.len()
            + payload_hash.len()
            + 8,
    );
    if req.method.is_ascii() {
        canonical_request.extend(req.method.chars().map(|c| c.to_ascii_uppercase()));
    } else {
        canonical_request.push_str(&req.method.to_uppercase());
    }
    canonical_request.push('\n');
    canonical::canonical_uri_into(&mut canonical_request, req.path);
    canonical_request.push('\n');
    canonical_request.push_str(req.canonical_query);
    canonical_request.push('\n');
    headers::canonical_into(&mut canonical_request, hs, signed);
    canonical_request.push('\n');
    canonical_request.push_str(&signed.joined);
    canonical_request.push('\n');
    canonical_request.push_str(payload_hash);
    let signed_headers = signed.joined.as_str();
    let request_hash = hash.hex(canonical_request.as_bytes());
    let request_hash = request_hash.as_str();
    let ak = creds.access_key();
    let sk = creds.secret_key().expose();
    let date = match &given_date {
        Some(d) => d.as_str(),
        None => headers::find(hs, HEADER_DATE).unwrap_or_default(),
    };

    let (string_to_sign, authorization) = match derived {
        Some(d) => {
            let info = format!(
                "{}/{}/{}",
                date.get(..8).unwrap_or(date),
                d.region,
                d.service
            );
            let sts = format!("{V11_ALGORITHM}\n{date}\n{info}\n{request_hash}");
            let key = derived_key(ak, sk, &info)?;
            let sig = HashAlg::Sha256.hmac_hex(key.as_bytes(), sts.as_bytes())?;
            let auth = format!(
                "{V11_ALGORITHM} Credential={ak}/{info}, SignedHeaders={signed_headers}, Signature={sig}"
            );
            (sts, auth)
        }
        None => {
            let name = algorithm.name();
            let sts_parts = [name, "\n", date, "\n", request_hash];
            let join = || {
                let mut sts =
                    String::with_capacity(name.len() + date.len() + request_hash.len() + 2);
                sts_parts.iter().for_each(|part| sts.push_str(part));
                sts
            };
            let tag;
            let (sts, sig): (String, Cow<'_, str>) = match algorithm {
                SigningAlgorithm::HmacSha256 => {
                    // The secret's keyed state is made once per credentials.
                    tag = creds.keyed_sha256()?.tag_hex(&sts_parts.map(str::as_bytes));
                    let sts = if keep { join() } else { String::new() };
                    (sts, Cow::Borrowed(tag.as_str()))
                }
                SigningAlgorithm::HmacSm3 => {
                    let sts = join();
                    let sig = hash.hmac_hex(sk.as_bytes(), sts.as_bytes())?;
                    (sts, Cow::Owned(sig))
                }
                #[cfg(feature = "asymmetric")]
                SigningAlgorithm::EcdsaP256Sha256 | SigningAlgorithm::Sm2Sm3 => {
                    let sts = join();
                    let sig = asymmetric::sign(algorithm, creds, sts.as_bytes())?;
                    (sts, Cow::Owned(sig))
                }
            };
            let mut auth = String::with_capacity(
                name.len() + ak.len() + signed_headers.len() + sig.len() + 40,
            );
            for part in [
                name,
                " Access=",
                ak,
                ", SignedHeaders=",
                signed_headers,
                ", Signature=",
                &sig,
            ] {
                auth.push_str(part);
            }
            (sts, auth)
        }
    };
    let kept = if keep {
        authorization.clone()
    } else {
        String::new()
    };
    headers::set(hs, HEADER_AUTHORIZATION, Cow::Owned(authorization));
    let signed_headers = if keep {
        signed_headers.to_owned()
    } else {
        String::new()
    };
    Ok(Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        authorization: kept,
    })
}

/// One HKDF-SHA256 block (RFC 5869, salt = AK, IKM = SK): the hex of the block, as ASCII, is
/// the HMAC key of V11 signing.
fn derived_key(ak: &str, sk: &str, info: &str) -> Result<String, SignError> {
    let prk = HashAlg::Sha256.hmac(ak.as_bytes(), sk.as_bytes())?;
    let mut block_input = info.as_bytes().to_vec();
    block_input.push(1);
    HashAlg::Sha256.hmac_hex(&prk, &block_input)
}

#[cfg(test)]
mod tests;
