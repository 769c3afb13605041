//! The seam between the client and the network: every attempt, signed, goes through one
//! [`Transport`]. The default one sends with `reqwest`; tests put a replay or a set of rules
//! there (the `test-util` feature), and everything above it (credentials, signing, hooks,
//! retries, decoding, paging) is the same code whichever transport is in place.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::{Bytes, BytesMut};

use crate::error::{BuildError, Error, RawResponse, TransportError, TransportKind};
use crate::request::{Method, OperationSpec};

/// One attempt as it goes to the transport: signed, every header set.
#[non_exhaustive]
pub struct HttpRequest<'a> {
    /// HTTP method.
    pub method: Method,
    /// The full URL, query in the canonical (signed) order.
    pub url: &'a str,
    /// Every header but `Host` (which the URL gives).
    pub headers: http::HeaderMap,
    /// The body bytes.
    pub body: Bytes,
    /// The per-attempt timeout the call asked for (else the transport's own).
    pub timeout: Option<Duration>,
    /// The operation, or `None` for the client's own IAM lookup.
    pub operation: Option<&'static OperationSpec>,
    /// The typed request this one was built from, when there is one.
    pub(crate) typed: Option<&'a (dyn Any + Send + Sync)>,
}

impl HttpRequest<'_> {
    /// The typed request the call was built from, when it is a `T` (the generated request
    /// struct of the operation).
    pub fn typed<T: 'static>(&self) -> Option<&T> {
        self.typed.and_then(|t| t.downcast_ref::<T>())
    }

    /// The URL's path, still percent-encoded as sent.
    pub fn path(&self) -> &str {
        let rest = self.url.split_once("://").map_or(self.url, |(_, r)| r);
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        path.split_once('?').map_or(path, |(p, _)| p)
    }

    /// The query pairs, decoded, in the order sent.
    pub fn query(&self) -> Vec<(String, String)> {
        let Some((_, q)) = self.url.split_once('?') else {
            return Vec::new();
        };
        url::form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// The headers that carry secrets, lower-case: the signature, a temporary credential's
/// token, an IAM token, and the IAM token an operation acts on (`X-Subject-Token`, which
/// IAM's token operations take as a parameter).
pub(crate) const SECRET_HEADERS: [&str; 4] = [
    "authorization",
    "x-security-token",
    "x-auth-token",
    "x-subject-token",
];

/// Whether header `name` carries a secret, in any case: `Authorization`, `X-Security-Token`,
/// `X-Auth-Token` or `X-Subject-Token`. Such headers are printed masked (`Debug`, dry runs)
/// and shown to hooks masked.
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

impl fmt::Debug for HttpRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if is_secret_header(k.as_str()) {
                    "***"
                } else {
                    v.to_str().unwrap_or("<bytes>")
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("operation", &self.operation.map(|o| o.id))
            .finish()
    }
}

/// What [`Transport::send`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>;

/// Sends one attempt and reads its whole response. The client signs, retries and decodes;
/// a transport only moves bytes (or, in tests, makes them up).
pub trait Transport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request`; any status is a response, not an error. Errors are
    /// [`Error::Transport`] (the client retries `Connect`, `Timeout` and `Io` ones).
    fn send<'a>(&'a self, request: HttpRequest<'a>) -> TransportFuture<'a>;
}

/// The default transport: `reqwest`, reading at most `max_body_bytes` of a body.
#[derive(Debug, Clone)]
pub(crate) struct ReqwestTransport {
    pub(crate) http: reqwest::Client,
    pub(crate) max_body_bytes: usize,
    /// The client's endpoint, parsed once.
    pub(crate) origin: Option<Origin>,
}

/// `scheme://host[:port]` of the client's endpoint, as text and parsed. reqwest wants a
/// parsed URL per request, and parsing the whole URL string (the host above all: IDNA, IP
/// forms) was a fifth of a call's instructions; a URL on this origin is this one with its
/// path and query set, which parses only those.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    text: String,
    /// The origin with a placeholder path of [`ROOM`] bytes: a clone of a URL is exactly as
    /// long as its text, and setting a longer path then grew it two or three times per call;
    /// from this one, the path and query are written into room already there.
    url: reqwest::Url,
}

/// Room for a request's path and query in [`Origin::url`]'s copy.
const ROOM: usize = 256;

impl Origin {
    /// The origin of `scheme://host`, or `None` when it does not parse (every URL is then
    /// parsed whole, and reports its error).
    pub(crate) fn parse(scheme: &str, host: &str) -> Option<Self> {
        let text = format!("{scheme}://{host}");
        let url = reqwest::Url::parse(&text).ok()?;
        // Only an origin that serialises as given can be recognised by its text.
        if url.as_str().strip_suffix('/') != Some(text.as_str()) {
            return None;
        }
        let mut roomy = url;
        roomy.set_path(&"x".repeat(ROOM));
        Some(Origin { text, url: roomy })
    }

    /// `url` parsed: on this origin, a copy of it with the path and query set; elsewhere (the
    /// IAM endpoint, a URL a hook rewrote), or with anything the setters would read otherwise
    /// than the parser (a fragment, tabs or line breaks, which the parser drops), parsed whole.
    fn url(origin: Option<&Self>, url: &str) -> Result<reqwest::Url, url::ParseError> {
        let rest = origin.and_then(|o| url.strip_prefix(o.text.as_str()).map(|rest| (o, rest)));
        match rest {
            Some((o, rest))
                if rest.starts_with('/')
                    && !rest
                        .bytes()
                        .any(|b| matches!(b, b'#' | b'\t' | b'\n' | b'\r')) =>
            {
                let mut parsed = o.url.clone();
                match rest.split_once('?') {
                    Some((path, query)) => {
                        parsed.set_path(path);
                        parsed.set_query(Some(query));
                    }
                    None => parsed.set_path(rest),
                }
                Ok(parsed)
            }
            _ => reqwest::Url::parse(url),
        }
    }
}

impl Transport for ReqwestTransport {
    fn send<'a>(&'a self, request: HttpRequest<'a>) -> TransportFuture<'a> {
        // The reqwest request is built and handed to reqwest here, outside the future: the
        // boxed future then holds reqwest's pending exchange and the response, not the
        // request in three forms (it was 1.3 KB, copied into the box on every attempt).
        match self.request(request) {
            Ok(request) => Box::pin(self.exchange(self.http.execute(request))),
            Err(e) => Box::pin(std::future::ready(Err(e))),
        }
    }
}

impl ReqwestTransport {
    /// `req` as reqwest's request.
    fn request(&self, req: HttpRequest<'_>) -> Result<reqwest::Request, Error> {
        let url = Origin::url(self.origin.as_ref(), req.url)
            .map_err(|e| Error::Build(BuildError::new(format!("bad URL `{}`: {e}", req.url))))?;
        let mut request = reqwest::Request::new(req.method.to_http(), url);
        *request.headers_mut() = req.headers;
        if let Some(t) = req.timeout {
            *request.timeout_mut() = Some(t);
        }
        if !req.body.is_empty() {
            *request.body_mut() = Some(req.body.into());
        }
        Ok(request)
    }

    /// Waits for the answer to `pending` and reads its body within the limit.
    async fn exchange(
        &self,
        pending: impl Future<Output = Result<reqwest::Response, reqwest::Error>>,
    ) -> Result<RawResponse, Error> {
        let mut resp = pending
            .await
            .map_err(|e| Error::Transport(Box::new(transport(e))))?;
        let status = resp.status().as_u16();
        // Taken, not copied: the body's length comes from the body, not from these headers.
        let headers = std::mem::take(resp.headers_mut());
        let body = read_body(&mut resp, self.max_body_bytes, status, &headers).await?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

fn transport(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_connect() {
        TransportKind::Connect
    } else if e.is_body() || e.is_request() || e.is_decode() {
        TransportKind::Io
    } else {
        TransportKind::Other
    };
    // The message stays empty: the reqwest error is the source, and its text would otherwise
    // be printed twice by anything that walks the chain.
    let mut t = TransportError::new(kind, String::new());
    t.source = Some(Box::new(e));
    t
}

async fn read_body(
    resp: &mut reqwest::Response,
    limit: usize,
    status: u16,
    headers: &http::HeaderMap,
) -> Result<Bytes, Error> {
    let fail = |kind, message: String, partial: Bytes, source: Option<reqwest::Error>| {
        let mut t = TransportError::new(kind, message);
        t.status = Some(status);
        t.headers = headers.clone();
        t.partial_body = partial;
        t.request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        t.source = source.map(|e| Box::new(e) as _);
        Error::Transport(Box::new(t))
    };
    if let Some(len) = resp.content_length() {
        if len > limit as u64 {
            return Err(fail(
                TransportKind::BodyTooLarge,
                format!("Content-Length {len} exceeds the limit of {limit} bytes"),
                Bytes::new(),
                None,
            ));
        }
    }
    let expected = resp.content_length().unwrap_or(0).min(limit as u64) as usize;
    // Most bodies arrive in one chunk: that chunk is the body, without a copy. The buffer is
    // made when a second one comes.
    let mut first: Option<Bytes> = None;
    let mut buf = BytesMut::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) if first.is_none() && buf.is_empty() && chunk.len() <= limit => {
                first = Some(chunk);
            }
            Ok(Some(chunk)) => {
                if let Some(head) = first.take() {
                    buf.reserve(expected.max(head.len() + chunk.len()));
                    buf.extend_from_slice(&head);
                }
                if buf.len() + chunk.len() > limit {
                    let room = limit - buf.len();
                    buf.extend_from_slice(&chunk[..room]);
                    return Err(fail(
                        TransportKind::BodyTooLarge,
                        format!("the body exceeds the limit of {limit} bytes"),
                        buf.freeze(),
                        None,
                    ));
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(first.unwrap_or_else(|| buf.freeze())),
            Err(e) => {
                if let Some(head) = first.take() {
                    buf.extend_from_slice(&head);
                }
                let kind = if e.is_timeout() {
                    TransportKind::Timeout
                } else {
                    TransportKind::Io
                };
                let msg = format!("the body broke off after {} bytes", buf.len());
                return Err(fail(kind, msg, buf.freeze(), Some(e)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token-carrying header, in any case, is a secret; IAM's `X-Subject-Token` (the
    /// token a token operation acts on) included. A prepared request prints them masked.
    #[test]
    fn token_headers_are_secret_and_print_masked() {
        for name in [
            "Authorization",
            "X-Security-Token",
            "x-auth-token",
            "X-Subject-Token",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        assert!(!is_secret_header("X-Project-Id"));
        let prepared = crate::PreparedRequest {
            method: "GET".into(),
            url: "https://iam.example/v3/auth/tokens".into(),
            headers: vec![
                ("X-Subject-Token".into(), "MIIsubject".into()),
                ("X-Auth-Token".into(), "MIIauth".into()),
                ("X-Project-Id".into(), "p1".into()),
            ],
            body: Bytes::new(),
        };
        let shown = format!("{prepared:?}");
        assert!(!shown.contains("MII"), "{shown}");
        assert!(shown.contains("p1"), "{shown}");
    }

    /// A URL on the origin, with its path and query set, is what parsing the whole URL gives;
    /// URLs elsewhere are parsed whole.
    #[test]
    fn origin_setters_give_what_parsing_gives() {
        let origins = [
            ("http", "127.0.0.1:8080"),
            ("https", "dcs.cn-north-4.myhuaweicloud.com"),
            ("http", "[::1]:9000"),
            ("https", "xn--fsqu00a.example"),
        ];
        let rests = [
            "/",
            "/v2/p1/instances/i-1/bigkey-tasks",
            "/v2/p1/instances/a%2F..%2Fb%3Fc%23d%20e/x",
            "/a/../b/./c",
            "/a\\b",
            "/sp ace/é/值",
            "/x?limit=10&offset=0",
            "/x?",
            "/x?a=1?b=%20c d&e='f'",
            "/x?q=%E5%80%BC&z=~",
            "//double",
            "/trailing/",
        ];
        for (scheme, host) in origins {
            let origin = Origin::parse(scheme, host).expect("origin");
            for rest in rests {
                let url = format!("{scheme}://{host}{rest}");
                assert_eq!(
                    Origin::url(Some(&origin), &url).map(String::from),
                    reqwest::Url::parse(&url).map(String::from),
                    "{url}"
                );
            }
            for elsewhere in [
                "https://iam.example.com/v3/projects?name=r",
                &format!("{scheme}://{host}0/x"),
                &format!("{scheme}://{host}/x#frag"),
                &format!("{scheme}://{host}/x\ty"),
            ] {
                assert_eq!(
                    Origin::url(Some(&origin), elsewhere).map(String::from),
                    reqwest::Url::parse(elsewhere).map(String::from),
                    "{elsewhere}"
                );
            }
        }
        // Origins that do not serialise as given are not used.
        assert!(Origin::parse("http", "EXAMPLE.com").is_none());
        assert!(Origin::parse("http", "example.com:80").is_none());
    }
}
