//! A replay: expected requests with canned responses, answered in order and checked
//! afterwards (after aws-smithy's `StaticReplayClient`).

use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use super::CannedResponse;
use crate::client::{HttpRequest, Transport, TransportFuture};
use crate::error::{Error, TransportError, TransportKind};
use crate::request::Method;

/// A request a test expects: method, path, query and body, plus any headers it names.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedRequest {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl ExpectedRequest {
    /// `method` on `path` (percent-encoded as sent, endpoint prefix included), no query, no
    /// body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        ExpectedRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// Adds a query pair (decoded); the order of pairs does not matter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A header the request must carry with this value (others are not checked).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body, compared as JSON when both sides are JSON, else byte for byte.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The body as the JSON of `value`.
    pub fn json(self, value: &impl serde::Serialize) -> Self {
        let bytes = serde_json::to_vec(value).unwrap_or_default();
        self.body(bytes)
    }

    /// What differs between this and `actual`, one line each; empty when they match.
    fn differences(&self, actual: &RecordedRequest) -> Vec<String> {
        let mut out = Vec::new();
        if self.method != actual.method || self.path != actual.path {
            out.push(format!(
                "expected {} {}, got {} {}",
                self.method.as_str(),
                self.path,
                actual.method.as_str(),
                actual.path
            ));
        }
        let (mut want, mut got) = (self.query.clone(), actual.query.clone());
        want.sort();
        got.sort();
        if want != got {
            out.push(format!("expected query {want:?}, got {got:?}"));
        }
        for (k, v) in &self.headers {
            let found = actual.header(k);
            if found != Some(v.as_str()) {
                out.push(format!("expected header {k}: {v:?}, got {found:?}"));
            }
        }
        if !same_body(&self.body, &actual.body) {
            out.push(format!(
                "expected body {:?}, got {:?}",
                String::from_utf8_lossy(&self.body),
                String::from_utf8_lossy(&actual.body)
            ));
        }
        out
    }
}

fn same_body(want: &[u8], got: &[u8]) -> bool {
    let json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).ok();
    match (json(want), json(got)) {
        (Some(w), Some(g)) => w == g,
        _ => want == got,
    }
}

/// A request the client made, as a test sees it (secret headers masked).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: Method,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query pairs, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// Every header; `Authorization`, `X-Security-Token` and `X-Auth-Token` as `***`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
}

impl RecordedRequest {
    pub(crate) fn of(request: &HttpRequest<'_>) -> Self {
        let headers = request
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if crate::client::is_secret_header(k.as_str()) {
                    "***".to_owned()
                } else {
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                };
                (k.as_str().to_owned(), v)
            })
            .collect();
        RecordedRequest {
            method: request.method,
            path: request.path().to_owned(),
            query: request.query(),
            headers,
            body: request.body.clone(),
        }
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One expected request and the response it gets.
#[derive(Debug, Clone)]
pub struct ReplayEvent {
    expected: ExpectedRequest,
    response: CannedResponse,
}

impl ReplayEvent {
    /// `expected` is answered with `response`.
    pub fn new(expected: ExpectedRequest, response: CannedResponse) -> Self {
        ReplayEvent { expected, response }
    }
}

/// Answers the n-th request with the n-th event's response, whatever the request, and
/// records it; [`Self::assert_requests_match`] then compares. A request after the last
/// event fails with a transport error (`Other`, not retried).
#[derive(Debug, Clone)]
pub struct ReplayTransport {
    events: Arc<Vec<ReplayEvent>>,
    actual: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl ReplayTransport {
    /// A replay of `events`, in order.
    pub fn new(events: impl IntoIterator<Item = ReplayEvent>) -> Self {
        ReplayTransport {
            events: Arc::new(events.into_iter().collect()),
            actual: Arc::default(),
        }
    }

    /// The requests made so far.
    pub fn actual_requests(&self) -> Vec<RecordedRequest> {
        self.actual
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Every difference between the expected and the actual requests, one line each:
    /// empty when every expected request was made, in order, and no other.
    pub fn mismatches(&self) -> Vec<String> {
        let actual = self.actual_requests();
        let mut out = Vec::new();
        for (i, event) in self.events.iter().enumerate() {
            match actual.get(i) {
                Some(a) => out.extend(
                    event
                        .expected
                        .differences(a)
                        .into_iter()
                        .map(|d| format!("request {}: {d}", i + 1)),
                ),
                None => out.push(format!(
                    "request {}: expected {} {}, but it was never made",
                    i + 1,
                    event.expected.method.as_str(),
                    event.expected.path
                )),
            }
        }
        for (i, a) in actual.iter().enumerate().skip(self.events.len()) {
            out.push(format!(
                "request {}: {} {} was not expected",
                i + 1,
                a.method.as_str(),
                a.path
            ));
        }
        out
    }

    /// Panics with every difference when the requests made are not the expected ones.
    #[track_caller]
    pub fn assert_requests_match(&self) {
        let m = self.mismatches();
        assert!(
            m.is_empty(),
            "the requests made are not the expected ones:\n{}",
            m.join("\n")
        );
    }
}

impl Transport for ReplayTransport {
    fn send<'a>(&'a self, request: HttpRequest<'a>) -> TransportFuture<'a> {
        let n = {
            let mut actual = self.actual.lock().unwrap_or_else(PoisonError::into_inner);
            actual.push(RecordedRequest::of(&request));
            actual.len()
        };
        let result = match self.events.get(n - 1) {
            Some(event) => Ok(event.response.to_raw()),
            None => Err(Error::Transport(Box::new(TransportError::new(
                TransportKind::Other,
                format!(
                    "replay: request {n} ({} {}) has no response; {} were given",
                    request.method.as_str(),
                    request.path(),
                    self.events.len()
                ),
            )))),
        };
        Box::pin(std::future::ready(result))
    }
}
