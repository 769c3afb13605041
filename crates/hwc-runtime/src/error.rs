//! One error type for every call: it tells apart a request that could not be built, a
//! transport failure, the service answering with an error, and a success body that could not
//! be decoded, and it keeps everything the server sent.

use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use http::HeaderMap;

/// What went wrong with a call. `E` is the operation's typed error (one variant per documented
/// error status); see [`ServiceError::kind`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The request could not be built or authenticated (bad input, missing configuration).
    Build(BuildError),
    /// The request did not complete: connect failure, timeout, reset, oversized body.
    Transport(Box<TransportError>),
    /// The service answered with an error status.
    Service(Box<ServiceError<E>>),
    /// The service answered with success, but the body is not what the page documents.
    Decode(Box<DecodeError>),
    /// A paginator stopped because a page did not move the listing forward.
    Pagination(Box<crate::paginate::PaginationError>),
    /// No credentials to sign with: the provider failed and no valid ones are cached.
    Credentials(Box<crate::credentials::CredentialsError>),
}

impl<E> Error<E> {
    /// The same error, a service error looking its code up in `catalogue`.
    pub fn with_catalogue(self, catalogue: crate::catalogue::Catalogue) -> Self {
        match self {
            Error::Service(s) => Error::Service(Box::new(s.with_catalogue(catalogue))),
            other => other,
        }
    }

    /// Re-types an error that cannot be [`Error::Service`] (as returned by
    /// [`crate::Client::execute`]) for an operation's error kind.
    pub fn cast(e: Error<Infallible>) -> Self {
        match e {
            Error::Build(b) => Error::Build(b),
            Error::Transport(t) => Error::Transport(t),
            Error::Decode(d) => Error::Decode(d),
            Error::Pagination(p) => Error::Pagination(p),
            Error::Credentials(c) => Error::Credentials(c),
            Error::Service(s) => match s.kind {},
        }
    }

    /// The service error, when the service answered with one.
    pub fn as_service(&self) -> Option<&ServiceError<E>> {
        match self {
            Error::Service(s) => Some(s),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(s) => Some(s.status()),
            Error::Decode(d) => Some(d.status),
            Error::Transport(t) => t.status,
            Error::Build(_) | Error::Pagination(_) | Error::Credentials(_) => None,
        }
    }

    /// `error_code` from a service error's body.
    pub fn error_code(&self) -> Option<&str> {
        self.as_service().and_then(ServiceError::error_code)
    }

    /// `error_msg` from a service error's body (or the body itself when it has neither code nor
    /// message).
    pub fn error_msg(&self) -> Option<&str> {
        self.as_service().and_then(ServiceError::error_msg)
    }

    /// The response body, byte for byte, when a response arrived (what had arrived of it,
    /// for a transport failure).
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Service(s) => Some(s.body()),
            Error::Decode(d) => Some(&d.body),
            Error::Transport(t) if t.status.is_some() => Some(&t.partial_body),
            _ => None,
        }
    }

    /// What the service's documentation says about a service error's code.
    pub fn documented(&self) -> Option<&'static crate::catalogue::ErrorCodeInfo> {
        self.as_service().and_then(ServiceError::documented)
    }

    /// The `X-Request-Id` of the response, when a response arrived.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(s) => s.request_id(),
            Error::Decode(d) => d.request_id(),
            Error::Transport(t) => t.request_id.as_deref(),
            Error::Build(_) | Error::Pagination(_) | Error::Credentials(_) => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(e) => write!(f, "{e}"),
            Error::Transport(e) => write!(f, "{e}"),
            Error::Service(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Pagination(e) => write!(f, "{e}"),
            Error::Credentials(e) => write!(f, "{e}"),
        }
    }
}

/// `Error` shows its inner error's text and hands on that error's cause, so that reporters
/// walking the chain (anyhow, eyre, tracing) print every cause exactly once.
impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => e.source.as_deref().map(|s| s as _),
            Error::Decode(e) => Some(&e.error),
            Error::Service(e) => Some(e.kind()),
            Error::Credentials(e) => std::error::Error::source(e.as_ref()),
            Error::Build(_) | Error::Pagination(_) => None,
        }
    }
}

/// The service's own kind is the cause of a service error.
impl<E: std::error::Error + 'static> std::error::Error for ServiceError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.kind)
    }
}

/// Longest message text `Display` shows of a response; the whole body stays in
/// [`ServiceError::body`].
const SHOWN_CHARS: usize = 200;

/// `text` for a one-line message: control characters escaped, cut at [`SHOWN_CHARS`].
fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push_str(&format!("… ({} bytes in all)", text.len()));
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// What any operation's error can say, whatever its typed kind: a generated crate's
/// service-wide `Error` holds one and asks it through this trait.
pub trait CallFailure: std::error::Error + Send + Sync + 'static {
    /// The HTTP status, when a response arrived.
    fn status(&self) -> Option<u16>;
    /// `X-Request-Id`, when a response arrived.
    fn request_id(&self) -> Option<&str>;
    /// `error_code` of a service error.
    fn error_code(&self) -> Option<&str>;
    /// `error_msg` of a service error.
    fn error_msg(&self) -> Option<&str>;
    /// The response body, byte for byte, when one arrived.
    fn body(&self) -> Option<&[u8]>;
    /// The documentation's entry for a service error's code.
    fn documented(&self) -> Option<&'static crate::catalogue::ErrorCodeInfo>;
}

impl<E: std::error::Error + Send + Sync + 'static> CallFailure for Error<E> {
    fn status(&self) -> Option<u16> {
        Error::status(self)
    }
    fn request_id(&self) -> Option<&str> {
        Error::request_id(self)
    }
    fn error_code(&self) -> Option<&str> {
        Error::error_code(self)
    }
    fn error_msg(&self) -> Option<&str> {
        Error::error_msg(self)
    }
    fn body(&self) -> Option<&[u8]> {
        Error::body(self)
    }
    fn documented(&self) -> Option<&'static crate::catalogue::ErrorCodeInfo> {
        Error::documented(self)
    }
}

/// Implemented by every generated operation error enum.
pub trait ErrorKind: Sized {
    /// The kind for a status the page does not document, or a body that does not match the
    /// documented type. The response itself is kept in the [`ServiceError`].
    fn unhandled() -> Self;

    /// The documented kind of an error response with `status` and `body`: `None` for a
    /// status the page does not document or a body that is not the documented type (the
    /// caller then uses [`Self::unhandled`]).
    fn from_response(_status: u16, _body: &[u8]) -> Option<Self> {
        None
    }

    /// The status this kind is documented with (`None` for the unhandled kind). The
    /// `test-util` rules answer a typed error with it.
    fn status(&self) -> Option<u16> {
        None
    }
}

/// A request that could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    message: String,
}

impl BuildError {
    /// A build error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        BuildError {
            message: message.into(),
        }
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the request: {}", self.message)
    }
}

impl std::error::Error for BuildError {}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// Could not connect.
    Connect,
    /// A timeout fired.
    Timeout,
    /// The response body was larger than the configured limit.
    BodyTooLarge,
    /// The connection broke while sending or receiving.
    Io,
    /// Anything else the HTTP stack reported.
    Other,
}

/// The request did not complete.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// What happened.
    pub kind: TransportKind,
    /// Human-readable detail.
    pub message: String,
    /// Status, when a response head had arrived before the failure.
    pub status: Option<u16>,
    /// Headers, when a response head had arrived.
    pub headers: HeaderMap,
    /// Whatever part of the body had arrived.
    pub partial_body: Bytes,
    /// `X-Request-Id`, when a response head had arrived.
    pub request_id: Option<String>,
    /// The underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// A transport error without a response.
    pub fn new(kind: TransportKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            status: None,
            headers: HeaderMap::new(),
            partial_body: Bytes::new(),
            request_id: None,
            source: None,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportKind::Connect => "connection failed",
            TransportKind::Timeout => "timed out",
            TransportKind::BodyTooLarge => "response body too large",
            TransportKind::Io => "connection broken",
            TransportKind::Other => "transport error",
        };
        f.write_str(kind)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(s) = self.status {
            write!(f, " (status {s})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// The raw parts of a response: kept whole in every error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body, byte for byte.
    pub body: Bytes,
}

impl RawResponse {
    /// A response made of these parts (for tests and replays).
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        RawResponse {
            status,
            headers,
            body: body.into(),
        }
    }

    /// `X-Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        header_str(&self.headers, "x-request-id")
    }

    /// The body as text (lossy), for messages.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn header_str<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// The service answered with an error status.
#[derive(Debug)]
pub struct ServiceError<E> {
    kind: E,
    raw: RawResponse,
    error_code: Option<String>,
    error_msg: Option<String>,
    encoded_authorization_message: Option<String>,
    catalogue: crate::catalogue::Catalogue,
}

impl<E> ServiceError<E> {
    /// Builds a service error, reading the error code and message from the body as the
    /// official SDKs do: `error_code`/`error_msg`, then `errorCode`/`errorMsg`, then
    /// `code`/`message`; a body that is not JSON becomes the message.
    pub fn new(kind: E, raw: RawResponse) -> Self {
        let (error_code, error_msg, encoded) = error_fields(&raw.body);
        ServiceError {
            kind,
            raw,
            error_code,
            error_msg,
            encoded_authorization_message: encoded,
            catalogue: crate::catalogue::Catalogue::EMPTY,
        }
    }

    /// The same error, looking its code up in `catalogue` (generated crates pass their
    /// service's).
    pub fn with_catalogue(mut self, catalogue: crate::catalogue::Catalogue) -> Self {
        self.catalogue = catalogue;
        self
    }

    /// What the service's documentation says about this error's code: status, message,
    /// description and handling. `None` when the code is not documented (or there is none).
    pub fn documented(&self) -> Option<&'static crate::catalogue::ErrorCodeInfo> {
        let code = self.error_code.as_deref()?;
        self.catalogue.lookup_with_status(code, self.raw.status)
    }

    /// The operation's typed error.
    pub fn kind(&self) -> &E {
        &self.kind
    }

    /// Consumes the error, returning the typed error.
    pub fn into_kind(self) -> E {
        self.kind
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.raw.status
    }

    /// `error_code` from the body (e.g. `DCS.4919`).
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }

    /// `error_msg` from the body, or the body itself when it has neither code nor message.
    pub fn error_msg(&self) -> Option<&str> {
        self.error_msg.as_deref()
    }

    /// `encoded_authorization_message` from the body, for IAM authorisation failures.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }

    /// `X-Request-Id`: quote it when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.raw.request_id()
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.raw.headers
    }

    /// The body, byte for byte.
    pub fn body(&self) -> &[u8] {
        &self.raw.body
    }

    /// The whole response.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }
}

impl<E: fmt::Debug> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service returned HTTP {}", self.raw.status)?;
        match (&self.error_code, &self.error_msg) {
            (Some(c), Some(m)) => write!(f, ": {}: {}", shown(c), shown(m))?,
            (Some(c), None) => write!(f, ": {}", shown(c))?,
            (None, Some(m)) => write!(f, ": {}", shown(m))?,
            (None, None) if self.raw.body.is_empty() => f.write_str(" with an empty body")?,
            (None, None) => {}
        }
        if let Some(id) = self.raw.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Code, message and encoded authorization message of an error body, found where the
/// official SDKs look: at the top level (`error_code`/`error_msg`, `errorCode`/`errorMsg`,
/// `code`/`message`), else inside a top-level object (`{"error": {"code": …, "message": …}}`).
/// A body with neither is its own message, as the SDKs report it.
fn error_fields(body: &[u8]) -> Fields {
    let whole = || {
        let s = String::from_utf8_lossy(body).trim().to_owned();
        (!s.is_empty()).then_some(s)
    };
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(m)) => {
            let found = fields_of(&m).or_else(|| {
                m.values()
                    .filter_map(serde_json::Value::as_object)
                    .find_map(fields_of)
            });
            match found {
                Some((code, msg, encoded)) => (
                    code,
                    msg,
                    encoded.or_else(|| text(m.get("encoded_authorization_message"))),
                ),
                None => (None, whole(), None),
            }
        }
        _ => (None, whole(), None),
    }
}

/// An error body's code, message and encoded authorization message.
type Fields = (Option<String>, Option<String>, Option<String>);

/// The [`Fields`] of one JSON object, when it has a code or a message.
fn fields_of(m: &serde_json::Map<String, serde_json::Value>) -> Option<Fields> {
    let pick = |keys: [&str; 3]| keys.iter().find_map(|k| text(m.get(*k)));
    let code = pick(["error_code", "errorCode", "code"]);
    let msg = pick(["error_msg", "errorMsg", "message"]);
    (code.is_some() || msg.is_some())
        .then(|| (code, msg, text(m.get("encoded_authorization_message"))))
}

/// A JSON value as text: a string as it is, null as nothing, anything else as JSON.
fn text(v: Option<&serde_json::Value>) -> Option<String> {
    match v {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    }
}

/// A success response whose body does not match the documented type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body, byte for byte.
    pub body: Bytes,
    /// Where in the document decoding failed, e.g. `records[3].count`.
    pub path: String,
    /// The JSON error.
    pub error: serde_json::Error,
}

impl DecodeError {
    /// `X-Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        header_str(&self.headers, "x-request-id")
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the HTTP {} response body at `{}` ({} bytes kept)",
            self.status,
            shown(&self.path),
            self.body.len()
        )?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", http::HeaderValue::from_static("req-1"));
        RawResponse {
            status,
            headers,
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn error_fields_lookup_chain() {
        let e = ServiceError::new(
            (),
            raw(400, r#"{"error_code":"DCS.4919","error_msg":"no"}"#),
        );
        assert_eq!(
            (e.error_code(), e.error_msg()),
            (Some("DCS.4919"), Some("no"))
        );
        let e = ServiceError::new(
            (),
            raw(401, r#"{"errorCode":"APIGW.0301","errorMsg":"bad"}"#),
        );
        assert_eq!(
            (e.error_code(), e.error_msg()),
            (Some("APIGW.0301"), Some("bad"))
        );
        let e = ServiceError::new(
            (),
            raw(
                403,
                r#"{"code":"X","message":"m","encoded_authorization_message":"enc"}"#,
            ),
        );
        assert_eq!((e.error_code(), e.error_msg()), (Some("X"), Some("m")));
        assert_eq!(e.encoded_authorization_message(), Some("enc"));
        // Nested under a top-level object, as the official SDKs read it too.
        let e = ServiceError::new(
            (),
            raw(
                404,
                r#"{"error":{"code":"CBR.6302","message":"gone","encoded_authorization_message":"e2"}}"#,
            ),
        );
        assert_eq!(
            (
                e.error_code(),
                e.error_msg(),
                e.encoded_authorization_message()
            ),
            (Some("CBR.6302"), Some("gone"), Some("e2"))
        );
        // The top level first.
        let e = ServiceError::new(
            (),
            raw(
                400,
                r#"{"error":{"code":"IN.1","message":"inner"},"error_code":"OUT.1","error_msg":"outer"}"#,
            ),
        );
        assert_eq!(
            (e.error_code(), e.error_msg()),
            (Some("OUT.1"), Some("outer"))
        );
        // An object with neither is its own message.
        let e = ServiceError::new((), raw(500, r#"{"invalid_key":"invalid_value"}"#));
        assert_eq!(
            (e.error_code(), e.error_msg()),
            (None, Some(r#"{"invalid_key":"invalid_value"}"#))
        );
        let e = ServiceError::new((), raw(502, "<html>Bad Gateway</html>"));
        assert_eq!(e.error_msg(), Some("<html>Bad Gateway</html>"));
        assert_eq!(
            e.to_string(),
            "service returned HTTP 502: <html>Bad Gateway</html> (request id req-1)"
        );
    }

    #[test]
    fn display_has_code_message_and_request_id() {
        let e: Error<()> = Error::Service(Box::new(ServiceError::new(
            (),
            raw(
                400,
                r#"{"error_code":"DCS.4919","error_msg":"Does not support bigkey analyze."}"#,
            ),
        )));
        assert_eq!(
            e.to_string(),
            "service returned HTTP 400: DCS.4919: Does not support bigkey analyze. (request id req-1)"
        );
        assert_eq!(e.status(), Some(400));
        assert_eq!(e.request_id(), Some("req-1"));
    }
}
