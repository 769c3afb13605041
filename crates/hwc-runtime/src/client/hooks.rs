//! Hooks (interceptors): code of the user's that runs at fixed points of every call, on the
//! client ([`ClientBuilder::hook`](crate::ClientBuilder::hook)) or for one call
//! ([`CallOptions::hook`](crate::CallOptions::hook)). The runtime's own tracing is a hook at
//! the same points, run before the user's.
//!
//! A hook never sees a secret: it gets no credentials, and after signing the
//! `Authorization`, `X-Security-Token` and `X-Auth-Token` headers read `***`; a change a hook
//! makes to them is dropped.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::transport::{HttpRequest, is_secret_header};
use crate::error::{Error, RawResponse};
use crate::request::Request;

/// Where in which call a hook runs.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallContext<'a> {
    /// The service's endpoint name (`dcs`).
    pub service: &'static str,
    /// The operation id (`ListBigkeyScanTasks`), or `IamLookup` for the client's own
    /// project or domain lookup.
    pub operation: &'a str,
    /// The attempt, from 1; 0 in [`Hook::before_signing`], which runs once before any
    /// attempt; in [`Hook::on_result`], the number of attempts made.
    pub attempt: u32,
}

/// Code that runs at fixed points of every call. Every method does nothing unless
/// overridden.
pub trait Hook: Send + Sync + 'static {
    /// Once per call, before the request is bound to the endpoint and signed: headers,
    /// query pairs and body added or changed here are signed like the rest.
    fn before_signing(&self, _cx: &CallContext<'_>, _request: &mut Request) {}

    /// Before each attempt is sent, after it was signed. Secret headers read `***`, and
    /// changes to them are dropped; a header added here is sent but not signed, and a
    /// change to a signed header makes the gateway refuse the signature.
    fn after_signing(&self, _cx: &CallContext<'_>, _request: &mut HttpRequest<'_>) {}

    /// After each attempt: its response (any status) or its transport error, and how long
    /// it took.
    fn on_attempt(
        &self,
        _cx: &CallContext<'_>,
        _outcome: Result<&RawResponse, &Error>,
        _elapsed: Duration,
    ) {
    }

    /// Once per call, after the last attempt and before decoding: the final response or
    /// error, and how long the call took, retries and waits included.
    fn on_result(
        &self,
        _cx: &CallContext<'_>,
        _outcome: Result<&RawResponse, &Error>,
        _elapsed: Duration,
    ) {
    }
}

/// A list of hooks, run in order.
#[derive(Clone, Default)]
pub struct Hooks(Vec<Arc<dyn Hook>>);

impl Hooks {
    /// Adds `hook` at the end.
    pub(crate) fn push(&mut self, hook: Arc<dyn Hook>) {
        self.0.push(hook);
    }

    /// Adds `other`'s hooks at the end.
    pub(crate) fn extend(&mut self, other: &Hooks) {
        self.0.extend(other.0.iter().cloned());
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The hooks, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &dyn Hook> {
        self.0.iter().map(|h| &**h)
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hooks({})", self.0.len())
    }
}

impl PartialEq for Hooks {
    /// The same hooks (the same objects), in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// Runs the after-signing hooks on `request` with its secret headers masked, then puts
/// the real values back (whatever the hooks did to those headers).
pub(crate) fn after_signing<'h>(
    hooks: impl Iterator<Item = &'h dyn Hook>,
    cx: &CallContext<'_>,
    request: &mut HttpRequest<'_>,
) {
    let mut secrets = Vec::new();
    for name in super::transport::SECRET_HEADERS {
        if let http::header::Entry::Occupied(e) = request.headers.entry(name) {
            let (name, values) = e.remove_entry_mult();
            let values: Vec<_> = values.collect();
            secrets.push((name, values));
        }
    }
    for (name, _) in &secrets {
        request
            .headers
            .insert(name.clone(), http::HeaderValue::from_static("***"));
    }
    for h in hooks {
        h.after_signing(cx, request);
    }
    let added: Vec<_> = request
        .headers
        .keys()
        .filter(|k| is_secret_header(k.as_str()))
        .cloned()
        .collect();
    for k in added {
        request.headers.remove(k);
    }
    for (name, values) in secrets {
        for v in values {
            request.headers.append(name.clone(), v);
        }
    }
}

/// The runtime's own tracing, at the hook points: each attempt's status and latency on
/// its `hwc.attempt` span, the call's status, request id and attempts on its `hwc.call` (or
/// `hwc.iam.lookup`) span. Run before the user's hooks, inside those spans.
pub(crate) struct TracingHook;

impl Hook for TracingHook {
    fn on_attempt(
        &self,
        _cx: &CallContext<'_>,
        outcome: Result<&RawResponse, &Error>,
        elapsed: Duration,
    ) {
        let span = tracing::Span::current();
        span.record("latency_ms", elapsed.as_millis() as u64);
        if let Ok(raw) = outcome {
            span.record("status", raw.status);
        }
    }

    fn on_result(
        &self,
        cx: &CallContext<'_>,
        outcome: Result<&RawResponse, &Error>,
        _elapsed: Duration,
    ) {
        let span = tracing::Span::current();
        span.record("attempts", cx.attempt);
        if let Ok(r) = outcome {
            span.record("status", r.status);
            if let Some(id) = r.request_id() {
                span.record("request_id", id);
            }
        }
    }
}
