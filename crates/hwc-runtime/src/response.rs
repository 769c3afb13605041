//! A decoded success with what came with it: status, headers, request id.

use std::fmt;

use http::HeaderMap;

use crate::error::RawResponse;

/// A successful call's decoded body, with the response's status and headers
/// (`send_with_metadata` on every generated operation builder).
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// `body` with the status and headers of `raw` (whose body has been decoded into it).
    pub fn from_raw(raw: RawResponse, body: T) -> Self {
        Response {
            status: raw.status,
            headers: raw.headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// `X-Request-Id`, the id Huawei Cloud support asks for.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

/// Prints `***`: what `Debug` shows in place of a secret field of a generated type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}
