//! The HTTP form of an operation call, built by generated code and executed by the client.

use bytes::Bytes;

use crate::error::BuildError;

/// HTTP methods the reference pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
    /// PATCH.
    Patch,
    /// HEAD.
    Head,
    /// OPTIONS.
    Options,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// The `http` crate's method.
    pub fn to_http(self) -> http::Method {
        match self {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Delete => http::Method::DELETE,
            Method::Patch => http::Method::PATCH,
            Method::Head => http::Method::HEAD,
            Method::Options => http::Method::OPTIONS,
        }
    }

    /// Whether repeating the request cannot change the outcome (RFC 9110).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    /// Whether the request only reads (RFC 9110 "safe": GET, HEAD, OPTIONS). Only these are
    /// retried after a failure that may have let the request take effect: a PUT or DELETE is
    /// idempotent on paper, but services count what it triggers (a failed password attempt,
    /// a restart).
    pub fn is_safe(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options)
    }
}

/// What generated code knows statically about an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationSpec {
    /// Operation id (the page's anchor), e.g. `ListBigkeyScanTasks`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/v2/{project_id}/instances/{instance_id}/bigkey-tasks`.
    pub path: &'static str,
}

impl OperationSpec {
    /// An operation's id, method and path template.
    pub const fn new(id: &'static str, method: Method, path: &'static str) -> Self {
        OperationSpec { id, method, path }
    }
}

/// One call, in HTTP terms but not yet bound to an endpoint or signed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Request {
    /// The operation.
    pub spec: &'static OperationSpec,
    /// Path parameter values by placeholder name (not yet encoded).
    pub path_params: Vec<(&'static str, String)>,
    /// Query pairs (not yet encoded); sorted and encoded when sent.
    pub query: Vec<(String, String)>,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// JSON body bytes, when the operation has a body.
    pub body: Option<Bytes>,
    /// The first problem met while building, reported when the request is executed.
    pub error: Option<BuildError>,
    /// This call's per-attempt timeout, instead of the client's.
    pub timeout: Option<std::time::Duration>,
    /// This call's retry policy, instead of the client's.
    pub retry: Option<crate::RetryConfig>,
    /// This call's hooks, run after the client's.
    pub hooks: crate::Hooks,
}

/// What one call can change without a new client: extra headers (signed like the others),
/// its per-attempt timeout, its retry policy, its own hooks. Generated builders take it with
/// `.call_options(..)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    headers: Vec<(String, String)>,
    timeout: Option<std::time::Duration>,
    retry: Option<crate::RetryConfig>,
    hooks: crate::Hooks,
}

impl CallOptions {
    /// No changes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to this call.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// This call's per-attempt timeout.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// This call's retry policy (its deadline included).
    pub fn retry(mut self, retry: crate::RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// A hook for this call only, run after the client's.
    pub fn hook(mut self, hook: impl crate::Hook) -> Self {
        self.hooks.push(std::sync::Arc::new(hook));
        self
    }

    /// Writes the options into `request`.
    pub fn apply(&self, request: &mut Request) {
        request.hooks.extend(&self.hooks);
        request.headers.extend(self.headers.iter().cloned());
        if self.timeout.is_some() {
            request.timeout = self.timeout;
        }
        if self.retry.is_some() {
            request.retry = self.retry;
        }
    }
}

/// A value that can travel in a query string.
pub trait QueryValue {
    /// The value as the official SDKs render it.
    fn render(&self) -> String;
}

macro_rules! display_query {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn render(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_query!(i32, i64, u32, u64, f32, f64, bool, str, String);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn render(&self) -> String {
        (**self).render()
    }
}

impl QueryValue for serde_json::Value {
    fn render(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

impl Request {
    /// An empty request for `spec`.
    pub fn new(spec: &'static OperationSpec) -> Self {
        Request {
            spec,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            error: None,
            timeout: None,
            retry: None,
            hooks: crate::Hooks::default(),
        }
    }

    /// Sets a path parameter.
    pub fn path_param(&mut self, name: &'static str, value: &str) {
        self.path_params.push((name, value.to_owned()));
    }

    /// Adds a query pair.
    pub fn query(&mut self, name: &str, value: impl QueryValue) {
        self.query.push((name.to_owned(), value.render()));
    }

    /// Adds a header.
    pub fn header(&mut self, name: &str, value: impl QueryValue) {
        self.headers.push((name.to_owned(), value.render()));
    }

    /// Serialises `body` as the JSON request body.
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(b) => self.body = Some(Bytes::from(b)),
            Err(e) => {
                self.error
                    .get_or_insert(BuildError::new(format!("cannot serialise the body: {e}")));
            }
        }
    }

    /// The wire path: placeholders replaced by percent-encoded values, `project_id` and
    /// `domain_id` from the client. Values that would change the path's shape are refused.
    #[cfg(test)]
    pub(crate) fn render_path(
        &self,
        ids: crate::client::AccountIds<'_>,
    ) -> Result<String, BuildError> {
        let mut out = String::with_capacity(self.spec.path.len() + 64);
        self.render_path_into(&mut out, ids)?;
        Ok(out)
    }

    /// [`Self::render_path`], appended to `out` (the URL being built: the path is not a
    /// string of its own).
    pub(crate) fn render_path_into(
        &self,
        out: &mut String,
        ids: crate::client::AccountIds<'_>,
    ) -> Result<(), BuildError> {
        let template = self.spec.path;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(BuildError::new(format!(
                    "unclosed placeholder in path `{template}`"
                )));
            };
            let name = &after[..close];
            let from_client = match name {
                "project_id" => ids.project_id,
                "domain_id" => ids.domain_id,
                _ => None,
            };
            let value = self
                .path_params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
                .or(from_client)
                .ok_or_else(|| match name {
                    "project_id" => BuildError::new(
                        "no project id: set one on the credentials or the client, or set a region so it can be looked up",
                    ),
                    "domain_id" => BuildError::new(
                        "no domain id: set one on the credentials or the client (ClientBuilder::domain_id)",
                    ),
                    _ => BuildError::new(format!("path parameter `{name}` is not set")),
                })?;
            // An empty value would collapse two segments, and `.`/`..` would be resolved by
            // URL normalisation on the way out: either could make the call reach another
            // resource than the one named.
            if value.is_empty() || value == "." || value == ".." {
                return Err(BuildError::new(format!(
                    "path parameter `{name}` is `{value}`, which cannot name a resource"
                )));
            }
            crate::sign::encode_into(out, value);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::AccountIds;

    fn project(id: &str) -> AccountIds<'_> {
        AccountIds {
            project_id: Some(id),
            domain_id: None,
        }
    }

    static SPEC: OperationSpec = OperationSpec::new(
        "ListBigkeyScanTasks",
        Method::Get,
        "/v2/{project_id}/instances/{instance_id}/bigkey-tasks",
    );

    #[test]
    fn path_values_are_encoded_whole() {
        let mut r = Request::new(&SPEC);
        r.path_param("instance_id", "a/../b?c#d e");
        assert_eq!(
            r.render_path(project("p1")).as_deref(),
            Ok("/v2/p1/instances/a%2F..%2Fb%3Fc%23d%20e/bigkey-tasks")
        );
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for bad in ["", ".", ".."] {
            let mut r = Request::new(&SPEC);
            r.path_param("instance_id", bad);
            assert!(r.render_path(project("p")).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn missing_project_id_is_a_clear_error() {
        let mut r = Request::new(&SPEC);
        r.path_param("instance_id", "i");
        let e = r.render_path(AccountIds::default()).unwrap_err();
        assert!(e.message().contains("project id"), "{e}");
    }

    #[test]
    fn domain_id_fills_its_placeholder() {
        static GLOBAL: OperationSpec =
            OperationSpec::new("ShowDomain", Method::Get, "/v3/domains/{domain_id}/config");
        let r = Request::new(&GLOBAL);
        let ids = AccountIds {
            project_id: None,
            domain_id: Some("d1"),
        };
        assert_eq!(r.render_path(ids).as_deref(), Ok("/v3/domains/d1/config"));
        let e = r.render_path(AccountIds::default()).unwrap_err();
        assert!(e.message().contains("domain id"), "{e}");
    }
}
