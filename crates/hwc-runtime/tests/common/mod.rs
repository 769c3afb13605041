//! Helpers shared by the integration tests: two tiny operations, client set-up, an
//! independent SDK-HMAC-SHA256 verifier and a wiremock responder built on it, and a raw TCP
//! server for responses wiremock cannot produce.
//!
//! The verifier deliberately shares no code with `hwc_runtime::sign`: it re-derives the
//! signature from the request as it arrived on the wire, the way API Gateway does, so a
//! signer bug and a matching verifier bug cannot cancel out. `verifier_agrees_with_the_sdk`
//! (tests/signing.rs) anchors it to the official SDK's vectors.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use hwc_runtime::{
    Client, ClientBuilder, Credentials, Method, OperationSpec, Request, RetryConfig, Service,
};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::{Respond, ResponseTemplate};

pub const AK: &str = "HPUATESTACCESSKEY001";
pub const SK: &str = "SK-very-secret/0123456789+abcdefghij";
pub const SECURITY_TOKEN: &str = "SECURITY-TOKEN-do-not-log-4f9c";
pub const IAM_TOKEN: &str = "MIIIAM-TOKEN-do-not-log-77aa";
pub const PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const INSTANCE: &str = "5560df16-cebf-4473-95c4-d1b573c16e79";
pub const REGION: &str = "cn-north-4";

pub const SERVICE: Service = Service::regional("dcs");

/// A GET with a `{project_id}` placeholder, like `ListBigkeyScanTasks`.
pub static LIST_TASKS: OperationSpec = OperationSpec::new(
    "ListBigkeyScanTasks",
    Method::Get,
    "/v2/{project_id}/instances/{instance_id}/bigkey-tasks",
);

/// A POST with a JSON body, like `CreateBigkeyScanTask`.
pub static CREATE_TASK: OperationSpec = OperationSpec::new(
    "CreateBigkeyScanTask",
    Method::Post,
    "/v2/{project_id}/instances/{instance_id}/bigkey-task",
);

/// The path `LIST_TASKS` reaches for `project`.
pub fn list_path(project: &str) -> String {
    format!("/v2/{project}/instances/{INSTANCE}/bigkey-tasks")
}

/// The path `CREATE_TASK` reaches for `project`.
pub fn create_path(project: &str) -> String {
    format!("/v2/{project}/instances/{INSTANCE}/bigkey-task")
}

/// `ListBigkeyScanTasks` with a query that exercises sorting and encoding.
pub fn list_request() -> Request {
    let mut r = Request::new(&LIST_TASKS);
    r.path_param("instance_id", INSTANCE);
    r.query("status", "success");
    r.query("limit", 10);
    r.query("offset", 0);
    r.query("note", "a b/ü*");
    r
}

/// `CreateBigkeyScanTask` with a JSON body.
pub fn create_request() -> Request {
    let mut r = Request::new(&CREATE_TASK);
    r.path_param("instance_id", INSTANCE);
    r.json_body(&serde_json::json!({"scan_type": "manual", "note": "größe"}));
    r
}

/// Permanent credentials with a project id.
pub fn creds() -> Credentials {
    Credentials::new(AK, SK).with_project_id(PROJECT)
}

/// Retries that keep the suite fast.
pub fn fast_retry(max_attempts: u32) -> RetryConfig {
    RetryConfig::new()
        .max_attempts(max_attempts)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(50))
}

/// A client for `endpoint` with `creds`, fast retries and a short timeout.
pub fn builder(endpoint: &str, creds: Credentials) -> ClientBuilder<Client> {
    Client::builder(SERVICE)
        .endpoint(endpoint)
        .credentials(creds)
        .retry(fast_retry(3))
        .timeout(Duration::from_secs(5))
}

// ---------------------------------------------------------------------------------------
// Independent verifier
// ---------------------------------------------------------------------------------------

/// What the verifier re-derived, for comparisons with the SDK's vectors.
#[derive(Debug)]
pub struct Verified {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signed_headers: String,
}

/// Headers the HTTP stack adds after signing, which a gateway does not expect to be signed.
const TRANSPORT_HEADERS: [&str; 5] = [
    "accept",
    "accept-encoding",
    "content-length",
    "connection",
    "authorization",
];

/// Re-computes the SDK-HMAC-SHA256 signature of `req` as received and compares it with the
/// one in its `Authorization` header. With `check_date`, `X-Sdk-Date` must also be within
/// 15 minutes of now, as API Gateway requires.
pub fn verify(
    req: &wiremock::Request,
    ak: &str,
    sk: &str,
    check_date: bool,
) -> Result<Verified, String> {
    let header = |name: &str| -> Result<Option<String>, String> {
        let mut all = req.headers.get_all(name).iter();
        let first = all.next();
        if all.next().is_some() {
            return Err(format!("header {name} sent twice"));
        }
        Ok(first.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()))
    };
    let auth = header("authorization")?.ok_or("no Authorization header")?;
    let rest = auth
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or_else(|| format!("not SDK-HMAC-SHA256: {auth}"))?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("bad Authorization part `{part}`"))?;
        match k {
            "Access" => access = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err(format!("unknown Authorization part `{k}`")),
        }
    }
    let (access, signed, signature) = match (access, signed, signature) {
        (Some(a), Some(s), Some(g)) => (a, s, g),
        _ => return Err(format!("incomplete Authorization: {auth}")),
    };
    if access != ak {
        return Err(format!("unknown access key {access}"));
    }
    let names: Vec<&str> = signed.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    if names != sorted || names.iter().any(|n| n.to_ascii_lowercase() != *n) {
        return Err(format!("SignedHeaders not lower-case and sorted: {signed}"));
    }
    for must in ["host", "x-sdk-date"] {
        if !names.contains(&must) {
            return Err(format!("{must} is not signed"));
        }
    }
    // Everything the client itself set must be covered by the signature; only names with
    // `_` (the SDK's rule) and what the HTTP stack adds afterwards may travel unsigned.
    for name in req.headers.keys() {
        let n = name.as_str();
        if !names.contains(&n) && !n.contains('_') && !TRANSPORT_HEADERS.contains(&n) {
            return Err(format!("header {n} was sent but not signed"));
        }
    }
    let date = header("x-sdk-date")?.ok_or("no X-Sdk-Date")?;
    let date_secs = parse_sdk_date(&date).ok_or_else(|| format!("bad X-Sdk-Date {date}"))?;
    if check_date {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs() as i64;
        if (now - date_secs).abs() > 15 * 60 {
            return Err(format!("X-Sdk-Date {date} is not within 15 minutes of now"));
        }
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let value = header(name)?.ok_or_else(|| format!("signed header {name} not sent"))?;
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let payload_hash = match header("x-sdk-content-sha256")? {
        Some(v) if !req.body.is_empty() => v,
        _ => hex::encode(Sha256::digest(&req.body)),
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method.as_str().to_ascii_uppercase(),
        canonical_uri(req.url.path()),
        canonical_query(req.url.query().unwrap_or("")),
        canonical_headers,
        signed,
        payload_hash
    );
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).map_err(|e| e.to_string())?;
    mac.update(string_to_sign.as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    if expected != signature {
        return Err(format!(
            "signature mismatch; canonical request was:\n{canonical_request}"
        ));
    }
    Ok(Verified {
        canonical_request,
        string_to_sign,
        signed_headers: signed.to_owned(),
    })
}

/// RFC 3986 unreserved bytes stay, every other byte becomes `%XX` (upper case).
fn enc(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding; `+` stays `+` (the SDK never encodes a space as `+`).
fn dec(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn canonical_uri(path: &str) -> String {
    let decoded = dec(path);
    let mut uri = decoded
        .split(|&b| b == b'/')
        .map(enc)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (dec(k), dec(v)),
            None => (dec(p), Vec::new()),
        })
        .collect();
    // Byte order of UTF-8 is code-point order, which is what the SDK sorts by.
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `YYYYMMDDTHHMMSSZ` to Unix seconds.
fn parse_sdk_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    // Days from the civil date (H. Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// A responder that answers like API Gateway: 401 `APIGW.0301` unless the request's
/// signature verifies under `sk`, `inner`'s answer otherwise.
pub struct Signed<R> {
    sk: String,
    inner: R,
    rejected: Arc<AtomicUsize>,
}

impl<R: Respond> Signed<R> {
    /// Verifies with the test secret key [`SK`].
    pub fn new(inner: R) -> Self {
        Self::with_sk(SK, inner)
    }

    /// Verifies with `sk`.
    pub fn with_sk(sk: &str, inner: R) -> Self {
        Signed {
            sk: sk.to_owned(),
            inner,
            rejected: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Counts rejected requests.
    pub fn rejected(&self) -> Arc<AtomicUsize> {
        self.rejected.clone()
    }
}

impl<R: Respond> Respond for Signed<R> {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        match verify(req, AK, &self.sk, true) {
            Ok(_) => self.inner.respond(req),
            Err(why) => {
                self.rejected.fetch_add(1, Ordering::SeqCst);
                ResponseTemplate::new(401)
                    .insert_header("x-request-id", "req-unauthorized")
                    .set_body_json(serde_json::json!({
                        "error_code": "APIGW.0301",
                        "error_msg": format!("Incorrect IAM authentication information: {why}"),
                    }))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Raw TCP server
// ---------------------------------------------------------------------------------------

/// Serves `response` verbatim to every connection (at most `max_conns`), after reading the
/// request head, then closes the connection. Returns its base URL and a connection count.
pub async fn raw_server(response: Vec<u8>, max_conns: usize) -> (String, Arc<AtomicUsize>) {
    raw_server_holding(response, max_conns, Duration::ZERO).await
}

/// Like [`raw_server`], but keeps each connection open for `hold` after writing, so that a
/// response shorter than announced stalls instead of ending.
pub async fn raw_server_holding(
    response: Vec<u8>,
    max_conns: usize,
    hold: Duration,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        for _ in 0..max_conns {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            seen.fetch_add(1, Ordering::SeqCst);
            let response = response.clone();
            tokio::spawn(async move {
                // Read until the end of the request head; these tests send no bodies.
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tokio::time::timeout(Duration::from_secs(5), sock.read(&mut buf)).await {
                        Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                let _ = sock.write_all(&response).await;
                let _ = sock.flush().await;
                tokio::time::sleep(hold).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), count)
}

// ---------------------------------------------------------------------------------------
// Typed errors
// ---------------------------------------------------------------------------------------

/// A generated-style operation error: one documented kind plus the unhandled one.
#[derive(Debug, PartialEq, Eq)]
pub enum OpError {
    /// A documented 400 body (`error_code` `DCS.4919`).
    BadRequest(serde_json::Value),
    /// Anything else.
    Unhandled,
}

impl hwc_runtime::ErrorKind for OpError {
    fn unhandled() -> Self {
        OpError::Unhandled
    }
}

/// Turns an error status into the typed error, as generated code does.
pub fn to_error(raw: hwc_runtime::RawResponse) -> hwc_runtime::Error<OpError> {
    let status = raw.status;
    hwc_runtime::de::service_error(raw, |body| {
        (status == 400)
            .then(|| hwc_runtime::de::decode_error_body::<serde_json::Value>(body))
            .flatten()
            .map(OpError::BadRequest)
    })
}

/// An RFC 3339 time `secs` seconds from now.
pub fn in_secs(secs: f64) -> String {
    let t = SystemTime::now() + Duration::from_secs_f64(secs);
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap();
    // Civil time from Unix seconds, written out here rather than borrowed from the runtime,
    // whose parser these strings test.
    let days = (d.as_secs() / 86_400) as i64;
    let rem = d.as_secs() % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_micros()
    )
}
