//! A response made up by a test.

use bytes::Bytes;

use crate::error::RawResponse;

/// A response a test transport answers with.
#[derive(Debug, Clone, PartialEq)]
pub struct CannedResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl CannedResponse {
    /// A response with `status` and no body.
    pub fn status(status: u16) -> Self {
        CannedResponse {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// A response with `status` and `body` as its JSON body.
    pub fn json(status: u16, body: &impl serde::Serialize) -> Self {
        // Serialising a generated type or a `serde_json::Value` cannot fail; a type whose
        // `Serialize` does is a bug in the test, which the empty body will show.
        let body = serde_json::to_vec(body).unwrap_or_default();
        CannedResponse::status(status)
            .header("Content-Type", "application/json")
            .body(body)
    }

    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The response as the client reads it; a header that cannot be a header is left out.
    pub(crate) fn to_raw(&self) -> RawResponse {
        let mut headers = http::HeaderMap::new();
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (
                http::HeaderName::from_bytes(k.as_bytes()),
                http::HeaderValue::from_str(v),
            ) {
                headers.append(k, v);
            }
        }
        RawResponse {
            status: self.status,
            headers,
            body: self.body.clone(),
        }
    }
}
