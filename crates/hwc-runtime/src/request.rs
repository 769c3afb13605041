//! The HTTP form of an operation call, built by generated code and executed by the client.

use bytes::Bytes;

use crate::error::BuildError;
use crate::sign::QueryParam;

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
    /// Query parameters (not yet encoded); sorted and encoded when sent.
    pub query: Vec<QueryParam>,
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

/// A value that can travel in a query string (or a header).
pub trait QueryValue {
    /// The value as the official SDKs render it.
    fn render(&self) -> String;

    /// The number the value stands for when its type is numeric: the signer sorts a key's
    /// values as the SDK does, numbers as numbers ([`crate::sign::QueryPair`]).
    fn number(&self) -> Option<f64> {
        None
    }
}

macro_rules! integer_query {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn render(&self) -> String {
                self.to_string()
            }

            fn number(&self) -> Option<f64> {
                // Exact below 2^53, which is as far as an ordering of ids needs to go.
                Some(*self as f64)
            }
        }
    )*};
}
integer_query!(i32, i64, u32, u64);

impl QueryValue for f64 {
    fn render(&self) -> String {
        python_float(*self)
    }

    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl QueryValue for f32 {
    fn render(&self) -> String {
        // The value the caller wrote (`0.1`), not the f32's binary expansion (`0.10000000149…`).
        let shortest: f64 = self.to_string().parse().unwrap_or(f64::from(*self));
        python_float(shortest)
    }

    fn number(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl QueryValue for bool {
    fn render(&self) -> String {
        self.to_string()
    }

    fn number(&self) -> Option<f64> {
        Some(f64::from(u8::from(*self)))
    }
}

impl QueryValue for str {
    fn render(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for String {
    fn render(&self) -> String {
        self.clone()
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn render(&self) -> String {
        (**self).render()
    }

    fn number(&self) -> Option<f64> {
        (**self).number()
    }
}

impl QueryValue for serde_json::Value {
    fn render(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) if n.is_f64() => {
                n.as_f64().map_or_else(|| n.to_string(), python_float)
            }
            other => other.to_string(),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            serde_json::Value::Number(n) => n.as_f64(),
            serde_json::Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }
}

/// A float as Python's `str(float)` writes it, which is what the SDK sends: the shortest
/// digits that read back as the same value, `.0` on a whole number, and the exponent form
/// (`1e-05`, `1e+16`) below 1e-4 and from 1e16 on.
pub fn python_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{f:e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if f != 0.0 && !(-4..16).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.unsigned_abs());
    }
    let plain = format!("{f}");
    if plain.contains('.') {
        plain
    } else {
        format!("{plain}.0")
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
        self.query.push(QueryParam {
            key: name.to_owned(),
            value: value.render(),
            number: value.number(),
        });
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
        // Byte searches: the templates are short, and `str::find` on a char goes through a
        // searcher and `memchr` set up for long texts (about 200 instructions a search).
        let at = |s: &str, b: u8| s.bytes().position(|c| c == b);
        while let Some(open) = at(rest, b'{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = at(after, b'}') else {
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

    /// A list of numbers in the query is signed and sent in numeric order, as the SDK sorts
    /// Python ints; a list of texts in text order.
    #[test]
    fn query_lists_order_as_their_type_does() {
        let mut r = Request::new(&SPEC);
        for n in [3, 100, 20, 2] {
            r.query("ids", n);
        }
        for t in ["3", "100", "20"] {
            r.query("names", t);
        }
        r.query("ratio", 1.0_f64);
        assert_eq!(
            crate::sign::canonical_query(&r.query),
            "ids=2&ids=3&ids=20&ids=100&names=100&names=20&names=3&ratio=1.0"
        );
    }

    /// Floats as Python's `str(float)`, which the SDK sends.
    #[test]
    fn floats_render_as_python_writes_them() {
        for (f, want) in [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (-2.25, "-2.25"),
            (0.0, "0.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (3e20, "3e+20"),
            (123456.789, "123456.789"),
            (1.5e-7, "1.5e-07"),
        ] {
            assert_eq!(python_float(f), want, "{f}");
        }
        assert_eq!(QueryValue::render(&0.1_f32), "0.1");
        assert_eq!(QueryValue::render(&serde_json::json!(2.0)), "2.0");
        assert_eq!(QueryValue::render(&serde_json::json!(2)), "2");
    }

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
