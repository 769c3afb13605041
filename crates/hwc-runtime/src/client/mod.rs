//! The client: binds requests to an endpoint, authenticates them, sends them, retries what
//! is safe to retry, and reads responses within bounds.

mod builder;
mod hooks;
mod proxy;
mod retry;
mod skew;
mod stamp;
mod transport;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use tracing::Instrument;

pub(crate) use builder::BaseUrl;
pub use builder::{ClientBuilder, ConfigError, ConfigErrorKind, DEFAULT_MAX_BODY_BYTES};
pub use hooks::{CallContext, Hook, Hooks};
pub use retry::RetryConfig;
use retry::{backoff, retry_after};
pub(crate) use transport::ReqwestTransport;
pub use transport::{HttpRequest, Transport, TransportFuture, is_secret_header};

use crate::credentials::{Credentials, CredentialsCache, Secret};
use crate::endpoint::Service;
use crate::error::{BuildError, Error, RawResponse, TransportError, TransportKind};
use crate::iam::AccountLookup;
use crate::request::{Method, OperationSpec, Request};
use crate::sign::{self, DerivedAuth, HeaderList, SigningAlgorithm};

/// How requests are authenticated.
#[derive(Clone)]
enum Auth {
    /// Unauthenticated, chosen explicitly: for local servers and tests.
    None,
    /// AK/SK signing with fixed credentials.
    Static(Arc<Credentials>),
    /// AK/SK signing with a provider's credentials, cached and refreshed.
    Provider(Arc<CredentialsCache>),
    /// An IAM token sent as `X-Auth-Token`.
    Token(Secret),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Static(c) => write!(f, "Static({c:?})"),
            Auth::Provider(c) => write!(f, "Provider({c:?})"),
            Auth::Token(_) => f.write_str("Token(***)"),
        }
    }
}

struct Inner {
    service: Service,
    /// Where every attempt goes: `reqwest`, or what the builder was given.
    transport: Arc<dyn Transport>,
    /// The client's hooks, run before each call's own.
    hooks: Hooks,
    scheme: String,
    host: String,
    base_path: String,
    auth: Auth,
    /// From the builder, else fixed credentials.
    project_id: Option<String>,
    /// From the builder, else fixed credentials.
    domain_id: Option<String>,
    /// Set when the project id (regional service) or domain id (global service) may have
    /// to be discovered from IAM.
    lookup: Option<AccountLookup>,
    algorithm: SigningAlgorithm,
    derived: Option<DerivedAuth>,
    retry: RetryConfig,
    user_agent: String,
    /// `user_agent` as a header value, made once: every attempt sends it.
    user_agent_value: Option<http::HeaderValue>,
    /// The configured project id (a regional service) or domain id (a global one) as a
    /// header value, made once: every attempt sends it as `X-Project-Id` or `X-Domain-Id`,
    /// and a copy made per attempt was two allocations (one more when reqwest clones it).
    account_value: Option<http::HeaderValue>,
    clock: fn() -> SystemTime,
    /// The gateway's clock minus `clock`, once a refusal has shown it (skew.rs).
    skew: skew::ClockSkew,
    /// The signed-header names of the last request signed, for the next with the same
    /// header names.
    names: sign::NamesCache,
    /// The current second's `X-Sdk-Date` value (stamp.rs).
    stamp: stamp::DateStamp,
}

impl Inner {
    /// The discovered id, once known.
    fn looked_up(&self) -> Option<&str> {
        self.lookup
            .as_ref()
            .and_then(|l| l.cell.get().map(String::as_str))
    }

    /// `value` as a header value, without copying it where it can be helped: the values
    /// signing made are moved in, the client's constant ones and `date` (this attempt's
    /// `X-Sdk-Date` value) shared.
    fn header_value(
        &self,
        value: Cow<'_, str>,
        date: Option<&http::HeaderValue>,
    ) -> Result<http::HeaderValue, http::header::InvalidHeaderValue> {
        match value {
            Cow::Owned(v) => http::HeaderValue::from_maybe_shared(Bytes::from(v)),
            Cow::Borrowed(JSON) => Ok(http::HeaderValue::from_static(JSON)),
            Cow::Borrowed(v) => match (&self.user_agent_value, &self.account_value, date) {
                (Some(ua), _, _) if v == self.user_agent => Ok(ua.clone()),
                (_, Some(id), _) if v.as_bytes() == id.as_bytes() => Ok(id.clone()),
                (_, _, Some(date)) if v.as_bytes() == date.as_bytes() => Ok(date.clone()),
                // UTF-8 values go out as their bytes, as the official SDKs send them.
                _ => http::HeaderValue::from_bytes(v.as_bytes()),
            },
        }
    }

    /// The header that names the account a request acts in.
    fn account_header(&self) -> &'static str {
        if self.service.global {
            "X-Domain-Id"
        } else {
            "X-Project-Id"
        }
    }
}

/// The ids a call fills into `{project_id}` and `{domain_id}`; the service's scope picks
/// which one is also sent as a header.
#[derive(Clone, Copy, Default)]
pub(crate) struct AccountIds<'a> {
    /// The project id.
    pub(crate) project_id: Option<&'a str>,
    /// The account (domain) id.
    pub(crate) domain_id: Option<&'a str>,
}

/// One HTTP exchange before signing: an operation call or the IAM project lookup. Built once
/// per call from borrowed parts; each attempt signs it afresh without copying it.
struct Outgoing<'a> {
    method: Method,
    host: &'a str,
    /// `scheme://host` + path + `?` + canonical query (the order that is signed).
    url: String,
    /// Where the wire path (endpoint prefix included) is in `url`: not a string of its own.
    path: std::ops::Range<usize>,
    /// Where the canonical query starts in `url` (its end when there is none).
    query_start: usize,
    /// Headers set before signing: `Content-Type` (unless `json` is false), `User-Agent`,
    /// then these. Kept as the request's own list: each attempt copies them into the list
    /// it signs, and an intermediate list was one more allocation per call.
    headers: &'a [(String, String)],
    /// Whether `Content-Type: application/json` leads the headers (not for the IAM lookup).
    json: bool,
    /// The `User-Agent` value.
    user_agent: &'a str,
    body: Bytes,
    /// Sent as `X-Project-Id` or `X-Domain-Id` (and signed, with AK/SK).
    account: Option<(&'static str, &'a str)>,
    /// The credentials this call signs with.
    creds: Option<&'a Credentials>,
    derived: Option<&'a DerivedAuth>,
    /// The call's own per-attempt timeout.
    timeout: Option<Duration>,
    /// The call's own retry policy.
    retry: Option<RetryConfig>,
    /// The typed request this one was built from, for the transport.
    typed: Option<&'a (dyn std::any::Any + Send + Sync)>,
    /// The operation, or `None` for the IAM lookup.
    operation: Option<&'static OperationSpec>,
    /// The client's hooks, then the call's.
    hooks: Cow<'a, Hooks>,
    /// Whether the call's hooks are told its duration (some hook, or its span, listens).
    timed: bool,
}

impl<'a> Outgoing<'a> {
    /// Adds the query to `url` (`scheme://host` and the path from `path_start` on); see the
    /// fields for the rest.
    #[allow(clippy::too_many_arguments)]
    fn new(
        method: Method,
        host: &'a str,
        mut url: String,
        path_start: usize,
        query: &[impl sign::QueryPair],
        (json, user_agent, headers): (bool, &'a str, &'a [(String, String)]),
        body: Bytes,
        account: Option<(&'static str, &'a str)>,
        derived: Option<&'a DerivedAuth>,
    ) -> Self {
        // `sign::wire_url`, noting where the query starts: the signer signs that text rather
        // than sorting and encoding the pairs again.
        let path = path_start..url.len();
        let query_start = if query.is_empty() {
            url.len()
        } else {
            url.push('?');
            let start = url.len();
            sign::canonical_query_into(&mut url, query);
            start
        };
        Outgoing {
            method,
            host,
            path,
            url,
            query_start,
            headers,
            json,
            user_agent,
            body,
            account,
            creds: None,
            derived,
            timeout: None,
            retry: None,
            typed: None,
            operation: None,
            hooks: Cow::Owned(Hooks::default()),
            timed: true,
        }
    }

    /// `scheme://host` of `scheme` and `host`, with `room` more for the path and the query.
    fn origin(scheme: &str, host: &str, room: usize) -> String {
        let mut url = String::with_capacity(scheme.len() + 3 + host.len() + room);
        for part in [scheme, "://", host] {
            url.push_str(part);
        }
        url
    }

    /// The wire path, endpoint prefix included.
    fn path(&self) -> &str {
        self.url.get(self.path.clone()).unwrap_or_default()
    }

    /// What hooks are told about this exchange at `attempt`.
    fn context(&self, service: &'static str, attempt: u32) -> CallContext<'static> {
        CallContext {
            service,
            operation: self.operation.map_or("IamLookup", |o| o.id),
            attempt,
        }
    }

    /// The runtime's tracing hook, then the client's and the call's.
    fn hooks(&self) -> impl Iterator<Item = &dyn Hook> {
        std::iter::once(&hooks::TracingHook as &dyn Hook).chain(self.hooks.iter())
    }
}

/// A request as it would go on the wire (see [`Client::prepare`]).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PreparedRequest {
    /// HTTP method.
    pub method: String,
    /// The full URL, query in canonical order.
    pub url: String,
    /// Every header, in the order they are set; `Host` included.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Bytes,
}

impl PreparedRequest {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let secret = transport::is_secret_header(k);
                (k.as_str(), if secret { "***" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A configured connection to one service. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field(
                "endpoint",
                &format_args!(
                    "{}://{}{}",
                    self.inner.scheme, self.inner.host, self.inner.base_path
                ),
            )
            .field("auth", &self.inner.auth)
            .field("project_id", &self.inner.project_id)
            .field("domain_id", &self.inner.domain_id)
            .field(
                "iam_lookup",
                &self
                    .inner
                    .lookup
                    .as_ref()
                    .map(|l| format!("{} at {}", l.what(), l.endpoint)),
            )
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// What one attempt produced, and whether another is worth making.
enum Attempt {
    Done(RawResponse),
    Retry {
        after: Option<Duration>,
        result: Result<RawResponse, Error>,
        /// The request provably did not take effect (not connected, 429, 503).
        refused: bool,
    },
    Fail(Error),
}

impl Client {
    /// A builder for `service`.
    pub fn builder(service: Service) -> ClientBuilder<Client> {
        ClientBuilder::new(service)
    }

    /// The service this client talks to.
    pub fn service(&self) -> &Service {
        &self.inner.service
    }

    /// The project id requests are made in, when known without asking anyone: the
    /// configured one (builder, else fixed credentials), or the one looked up from IAM once
    /// a call (or [`Self::resolve_project_id`]) has looked it up.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.project_id.as_deref().or_else(|| {
            (!self.inner.service.global)
                .then(|| self.inner.looked_up())
                .flatten()
        })
    }

    /// The account (domain) id, when known without asking anyone (see [`Self::project_id`]).
    pub fn domain_id(&self) -> Option<&str> {
        self.inner.domain_id.as_deref().or_else(|| {
            self.inner
                .service
                .global
                .then(|| self.inner.looked_up())
                .flatten()
        })
    }

    /// The project id requests are made in: the builder's, else the credentials', else,
    /// for a regional service with a region and AK/SK credentials, the one IAM names for the
    /// region. The answer is kept for the client and its clones; concurrent first callers
    /// share one lookup, and a failed lookup is tried again on the next call. `Ok(None)`
    /// when there is no project id and nothing to look it up with.
    pub async fn resolve_project_id(&self) -> Result<Option<String>, Error> {
        let creds = self.credentials().await?;
        let ids = self.account_ids(creds.as_deref()).await?;
        Ok(ids.project_id.map(str::to_owned))
    }

    /// The account (domain) id: the builder's, else the credentials', else, for a global
    /// service with AK/SK credentials, the first domain IAM lists for them (cached as
    /// [`Self::resolve_project_id`] caches).
    pub async fn resolve_domain_id(&self) -> Result<Option<String>, Error> {
        let creds = self.credentials().await?;
        let ids = self.account_ids(creds.as_deref()).await?;
        Ok(ids.domain_id.map(str::to_owned))
    }

    /// The credentials this call signs with: the fixed ones, or the provider's (cached,
    /// refreshed ahead of expiry).
    async fn credentials(&self) -> Result<Option<Arc<Credentials>>, Error> {
        match &self.inner.auth {
            Auth::Static(c) => Ok(Some(c.clone())),
            Auth::Provider(cache) => cache
                .get()
                .await
                .map(Some)
                .map_err(|e| Error::Credentials(Box::new(e))),
            Auth::Token(_) | Auth::None => Ok(None),
        }
    }

    /// The project and domain ids of a call signed with `creds`, looking the service's own
    /// kind up from IAM first when nothing names it.
    async fn account_ids<'a>(
        &'a self,
        creds: Option<&'a Credentials>,
    ) -> Result<AccountIds<'a>, Error> {
        let inner = &self.inner;
        let mut ids = self.known_ids(creds);
        if let (true, Some(lookup), Some(creds)) = (self.missing(&ids), &inner.lookup, creds) {
            let id = lookup
                .cell
                // Boxed: the lookup runs once per client, and inline its future would make
                // every call's future (moved by value at each level) larger by its size.
                .get_or_try_init(|| Box::pin(self.look_up(lookup, creds)))
                .await?;
            if inner.service.global {
                ids.domain_id = Some(id);
            } else {
                ids.project_id = Some(id);
            }
        }
        Ok(ids)
    }

    /// The ids of a call signed with `creds` known without waiting: the builder's, the
    /// credentials', or the one IAM named before.
    fn known_ids<'a>(&'a self, creds: Option<&'a Credentials>) -> AccountIds<'a> {
        let inner = &self.inner;
        let mut ids = AccountIds {
            project_id: inner
                .project_id
                .as_deref()
                .or_else(|| creds.and_then(Credentials::project_id)),
            domain_id: inner
                .domain_id
                .as_deref()
                .or_else(|| creds.and_then(Credentials::domain_id)),
        };
        if let (true, Some(id), Some(_)) = (self.missing(&ids), inner.looked_up(), creds) {
            if inner.service.global {
                ids.domain_id = Some(id);
            } else {
                ids.project_id = Some(id);
            }
        }
        ids
    }

    /// Whether `ids` lack the id of the service's own kind.
    fn missing(&self, ids: &AccountIds<'_>) -> bool {
        if self.inner.service.global {
            ids.domain_id.is_none()
        } else {
            ids.project_id.is_none()
        }
    }

    /// Whether [`Self::account_ids`] would ask IAM (or wait for a lookup under way).
    fn must_look_up(&self, known: &AccountIds<'_>, creds: Option<&Credentials>) -> bool {
        self.missing(known) && self.inner.lookup.is_some() && creds.is_some()
    }

    /// Asks IAM for the project named after the region, as the SDK's
    /// `IamHelper.get_keystone_list_projects_request` does (or for the domains, as
    /// `get_keystone_list_auth_domains_request` does): signed with the call's AK/SK,
    /// algorithm and security token, but only `User-Agent` set beforehand (no
    /// `Content-Type`, no `X-Project-Id`) and never with derived keys (the SDK switches its
    /// derived predicate off for the lookup, since IAM is another service).
    async fn look_up(&self, lookup: &AccountLookup, creds: &Credentials) -> Result<String, Error> {
        // An IAM endpoint given with provider credentials (a profile's `iam_endpoint`)
        // counts unless the client set one.
        let given = creds.iam_endpoint().filter(|_| !lookup.explicit);
        let target = match given {
            Some(e) => Some(
                BaseUrl::parse("IAM endpoint", e)
                    .map_err(|c| Error::Build(BuildError::new(c.message().to_owned())))?,
            ),
            None => None,
        };
        let endpoint = given.unwrap_or(&lookup.endpoint);
        let (scheme, host, base_path) = match &target {
            Some(t) => (t.scheme.as_str(), t.host.as_str(), t.base_path.as_str()),
            None => (
                lookup.scheme.as_str(),
                lookup.host.as_str(),
                lookup.base_path.as_str(),
            ),
        };
        let span = tracing::info_span!(
            "hwc.iam.lookup",
            what = lookup.what().as_str(),
            endpoint,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        async move {
            tracing::info!("not configured; looking it up from IAM");
            let query = lookup.query();
            let mut url = Outgoing::origin(scheme, host, 128);
            let path_start = url.len();
            url.push_str(&lookup.path(base_path));
            let mut out = Outgoing::new(
                Method::Get,
                host,
                url,
                path_start,
                &query,
                (false, self.inner.user_agent.as_str(), &[]),
                Bytes::new(),
                None,
                None,
            );
            out.creds = Some(creds);
            out.hooks = Cow::Borrowed(&self.inner.hooks);
            let started = Some(Instant::now());
            let (result, attempts) = self.send(&out).await;
            self.finish(&out, &result, attempts, started);
            let raw = result.map_err(|e| lookup.context(e, endpoint))?;
            let id = lookup.parse(&raw, endpoint)?;
            tracing::info!("found");
            Ok(id)
        }
        .instrument(span)
        .await
    }

    /// Sends `req` and returns the response whatever its status; generated code decodes it.
    /// Retries as [`RetryConfig`] says. Fetches credentials and looks the project or domain
    /// id up from IAM first when it has to.
    pub async fn execute(&self, req: Request) -> Result<RawResponse, Error> {
        let mut req = req;
        self.execute_typed(&mut req, None).await
    }

    /// [`Self::execute`], with the typed request `req` was built from when there is one
    /// (handed to the transport, which the `test-util` rules match on). Not an `async fn`:
    /// the call's future is the instrumented body itself, not one more level around it (each
    /// level is a copy of the future below it, moved on every call).
    pub(crate) fn execute_typed<'a>(
        &'a self,
        req: &'a mut Request,
        typed: Option<&'a (dyn std::any::Any + Send + Sync)>,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + 'a {
        let span = tracing::info_span!(
            "hwc.call",
            service = self.inner.service.name,
            operation = req.spec.id,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        // A span no subscriber wants is `Span::none()`: entering it at each poll is a test.
        let traced = !span.is_disabled();
        self.run(req, typed, traced).instrument(span)
    }

    /// The call: hooks before signing, credentials and ids, binding, attempts, hooks after.
    async fn run(
        &self,
        req: &mut Request,
        typed: Option<&(dyn std::any::Any + Send + Sync)>,
        traced: bool,
    ) -> Result<RawResponse, Error> {
        if let Some(e) = req.error.clone() {
            return Err(Error::Build(e));
        }
        let hooks = self.call_hooks(req);
        if !hooks.is_empty() {
            let cx = CallContext {
                service: self.inner.service.name,
                operation: req.spec.id,
                attempt: 0,
            };
            for h in hooks.iter() {
                h.before_signing(&cx, req);
            }
        }
        // The call's duration is for the hooks (the runtime's tracing is one): the clock is
        // read only when one of them is listening.
        let timed = traced || !hooks.is_empty();
        let started = timed.then(Instant::now);
        // Fixed credentials and ids known without asking anyone are taken as they are: no
        // future to make (and move) for what is ready.
        let provided;
        let creds = match &self.inner.auth {
            Auth::Static(c) => Some(&**c),
            Auth::Provider(_) => {
                provided = self.credentials().await?;
                provided.as_deref()
            }
            Auth::Token(_) | Auth::None => None,
        };
        let known = self.known_ids(creds);
        let ids = if self.must_look_up(&known, creds) {
            self.account_ids(creds).await?
        } else {
            known
        };
        let req: &Request = req;
        let mut out = self.outgoing(req, ids)?;
        out.creds = creds;
        out.timeout = req.timeout;
        out.retry = req.retry;
        out.typed = typed;
        out.operation = Some(req.spec);
        out.hooks = hooks;
        out.timed = timed;
        let (result, attempts) = self.send(&out).await;
        self.finish(&out, &result, attempts, started);
        result
    }

    /// The client's hooks, then the call's (borrowed when the call adds none).
    fn call_hooks(&self, req: &Request) -> Cow<'_, Hooks> {
        if req.hooks.is_empty() {
            return Cow::Borrowed(&self.inner.hooks);
        }
        let mut all = self.inner.hooks.clone();
        all.extend(&req.hooks);
        Cow::Owned(all)
    }

    /// Tells the hooks (the runtime's tracing first) how the call ended, when any listens.
    fn finish(
        &self,
        out: &Outgoing<'_>,
        result: &Result<RawResponse, Error>,
        attempts: u32,
        started: Option<Instant>,
    ) {
        if !out.timed {
            return;
        }
        let cx = out.context(self.inner.service.name, attempts);
        let elapsed = started.map_or(Duration::ZERO, |s| s.elapsed());
        for h in out.hooks() {
            h.on_result(&cx, result.as_ref(), elapsed);
        }
    }

    /// Binds `req` to the endpoint: wire path, headers set before signing.
    fn outgoing<'a>(
        &'a self,
        req: &'a Request,
        ids: AccountIds<'a>,
    ) -> Result<Outgoing<'a>, Error> {
        let inner = &self.inner;
        // Room for the values in the path and a query: growing the URL copies it.
        let room = inner.base_path.len() + req.spec.path.len() + 64 + 32 * req.query.len();
        let mut url = Outgoing::origin(&inner.scheme, &inner.host, room);
        let path_start = url.len();
        url.push_str(&inner.base_path);
        req.render_path_into(&mut url, ids).map_err(Error::Build)?;
        let account = if inner.service.global {
            ids.domain_id
        } else {
            ids.project_id
        }
        .filter(|id| !id.is_empty())
        .map(|id| (inner.account_header(), id));
        Ok(Outgoing::new(
            req.spec.method,
            &inner.host,
            url,
            path_start,
            &req.query,
            (true, &inner.user_agent, &req.headers),
            req.body.clone().unwrap_or_default(),
            account,
            inner.derived.as_ref(),
        ))
    }

    /// The exact request the first attempt of `req` would send (URL, every header including
    /// `Authorization`, body), without sending it: for logging, replay and comparing with
    /// other SDKs. Fetches credentials and looks ids up first when it has to.
    pub async fn prepare(&self, req: Request) -> Result<PreparedRequest, Error> {
        if let Some(e) = req.error.clone() {
            return Err(Error::Build(e));
        }
        let creds = self.credentials().await?;
        let ids = self.account_ids(creds.as_deref()).await?;
        let mut out = self.outgoing(&req, ids)?;
        out.creds = creds.as_deref();
        let now = self.inner.skew.adjust((self.inner.clock)());
        let headers = self
            .authenticate(&out, now, None)?
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.into_owned()))
            .collect();
        Ok(PreparedRequest {
            method: out.method.as_str().to_owned(),
            url: out.url.clone(),
            headers,
            body: out.body.clone(),
        })
    }

    /// Sends `out` until it succeeds, fails for good, or the retry policy gives up; returns
    /// the outcome and the number of attempts made. The first attempt is made here, straight;
    /// the retry loop (boxed, so that its state is not part of every call's future) only
    /// runs when that attempt asks for another, or when a deadline bounds the whole call.
    async fn send(&self, out: &Outgoing<'_>) -> (Result<RawResponse, Error>, u32) {
        // The policy is looked up again after the attempt rather than kept across it: what
        // lives across an `.await` is part of the future.
        let retry = || out.retry.unwrap_or(self.inner.retry);
        if retry().deadline.is_some() {
            return Box::pin(self.send_with_retries(out, retry(), 1, false, None)).await;
        }
        match self.attempt(out, 1).await {
            Attempt::Done(r) if self.skewed(out, &r) => {
                Box::pin(self.send_with_retries(out, retry(), 2, true, None)).await
            }
            Attempt::Done(r) => (Ok(r), 1),
            Attempt::Fail(e) => (Err(e), 1),
            again => Box::pin(self.send_with_retries(out, retry(), 1, false, Some(again))).await,
        }
    }

    /// Clock skew (skew.rs): whether `r` refuses the signature as expired with a new idea of
    /// the gateway's time, so that the request is re-signed at that time and sent once
    /// more, outside the retry policy's count. Reads the clock only for a 401.
    fn skewed(&self, out: &Outgoing<'_>, r: &RawResponse) -> bool {
        out.creds.is_some() && r.status == 401 && self.inner.skew.learn(r, (self.inner.clock)())
    }

    /// The retry loop from attempt `attempt` on: `pending` is that attempt's outcome when it
    /// was made already. Each attempt is signed afresh, so that every one carries its own
    /// `X-Sdk-Date`.
    async fn send_with_retries(
        &self,
        out: &Outgoing<'_>,
        retry: RetryConfig,
        mut attempt: u32,
        mut skew_retried: bool,
        mut pending: Option<Attempt>,
    ) -> (Result<RawResponse, Error>, u32) {
        let deadline = retry.deadline.map(|d| (Instant::now() + d, d));
        loop {
            let outcome = match (pending.take(), deadline) {
                (Some(outcome), _) => outcome,
                (None, None) => self.attempt(out, attempt).await,
                (None, Some((at, limit))) => {
                    let left = at.saturating_duration_since(Instant::now());
                    match tokio::time::timeout(left, self.attempt(out, attempt)).await {
                        Ok(outcome) => outcome,
                        Err(_) => {
                            let e = TransportError::new(
                                TransportKind::Timeout,
                                format!(
                                    "the call's deadline of {limit:?} passed during attempt {attempt}"
                                ),
                            );
                            return (Err(Error::Transport(Box::new(e))), attempt);
                        }
                    }
                }
            };
            let result = match outcome {
                Attempt::Done(r) if !skew_retried && self.skewed(out, &r) => {
                    skew_retried = true;
                    attempt += 1;
                    continue;
                }
                Attempt::Done(r) => Ok(r),
                Attempt::Fail(e) => Err(e),
                Attempt::Retry {
                    result, refused, ..
                } if attempt >= retry.max_attempts
                    || !(refused || out.method.is_safe() || retry.retry_uncertain) =>
                {
                    result
                }
                Attempt::Retry { after, result, .. } => {
                    let wait = backoff(retry, attempt, after);
                    if deadline.is_some_and(|(at, _)| Instant::now() + wait >= at) {
                        // Waiting would pass the deadline: the last answer is the result.
                        return (result, attempt);
                    }
                    tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
            };
            return (result, attempt);
        }
    }

    /// One attempt: signed, handed to the transport inside its `hwc.attempt` span, its
    /// outcome told to the hooks and sorted into done, retry or fail.
    async fn attempt(&self, out: &Outgoing<'_>, attempt: u32) -> Attempt {
        let span = tracing::debug_span!(
            "hwc.attempt",
            attempt,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty
        );
        // As for the call: the clock is read and the hooks told only when one listens (the
        // runtime's tracing hook writes to this span).
        let told = !out.hooks.is_empty() || !span.is_disabled();
        let started = told.then(Instant::now);
        // Handed to the transport before the `.await`, so that the request (192 bytes) is not
        // kept in this future while the transport's (boxed already: a pointer here) runs.
        let sending = span
            .in_scope(|| self.signed(out, attempt))
            .map(|request| self.inner.transport.send(request));
        let result = match sending {
            Ok(sent) => sent.instrument(span.clone()).await,
            Err(e) => Err(e),
        };
        if told {
            span.in_scope(|| {
                let cx = out.context(self.inner.service.name, attempt);
                let elapsed = started.map_or(Duration::ZERO, |s| s.elapsed());
                for h in out.hooks() {
                    h.on_attempt(&cx, result.as_ref(), elapsed);
                }
            });
        }
        match result {
            Ok(raw) => match raw.status {
                429 | 503 => Attempt::Retry {
                    after: retry_after(&raw.headers),
                    result: Ok(raw),
                    refused: true,
                },
                500 | 502 | 504 => Attempt::Retry {
                    after: retry_after(&raw.headers),
                    result: Ok(raw),
                    refused: false,
                },
                _ => Attempt::Done(raw),
            },
            Err(Error::Transport(t))
                if matches!(
                    t.kind,
                    TransportKind::Connect | TransportKind::Timeout | TransportKind::Io
                ) && t.status.is_none() =>
            {
                Attempt::Retry {
                    after: None,
                    refused: t.kind == TransportKind::Connect,
                    result: Err(Error::Transport(t)),
                }
            }
            Err(e) => Attempt::Fail(e),
        }
    }

    /// The headers of one attempt: those set before signing plus what authentication adds
    /// (signature, token, project header), signed at `now`. `date`, when given, is
    /// `X-Sdk-Date`'s value for `now` ([`stamp::DateStamp`]); else the signer formats one.
    fn authenticate<'o>(
        &'o self,
        out: &'o Outgoing<'_>,
        now: SystemTime,
        date: Option<&'o http::HeaderValue>,
    ) -> Result<HeaderList<'o>, Error> {
        let inner = &self.inner;
        let mut hs: HeaderList<'o> = Vec::with_capacity(out.headers.len() + 7);
        if out.json {
            hs.push(("Content-Type", Cow::Borrowed(JSON)));
        }
        hs.push(("User-Agent", Cow::Borrowed(out.user_agent)));
        hs.extend(
            out.headers
                .iter()
                .map(|(k, v)| (k.as_str(), Cow::Borrowed(v.as_str()))),
        );
        match (&inner.auth, out.creds) {
            (Auth::Static(_) | Auth::Provider(_), Some(creds)) => {
                let parts = sign::Parts {
                    method: out.method.as_str(),
                    host: out.host,
                    path: out.path(),
                    canonical_query: out.url.get(out.query_start..).unwrap_or_default(),
                    body: &out.body,
                    date: date.and_then(|d| d.to_str().ok()),
                };
                // The signer adds `X-Project-Id` (or `X-Domain-Id`) as the SDK does.
                sign::sign_parts(
                    &parts,
                    &mut hs,
                    creds,
                    out.account,
                    &inner.algorithm,
                    out.derived,
                    now,
                    false,
                    Some(&inner.names),
                )
                .map_err(|e| {
                    Error::Build(BuildError::new(format!("cannot sign the request: {e}")))
                })?;
            }
            (Auth::Static(_) | Auth::Provider(_), None) => {
                return Err(Error::Build(BuildError::new(
                    "no credentials to sign the request with",
                )));
            }
            (Auth::Token(t), _) => {
                hs.push(("X-Auth-Token", Cow::Borrowed(t.expose())));
                if let Some((name, id)) = out.account {
                    hs.push((name, Cow::Borrowed(id)));
                }
            }
            (Auth::None, _) => {
                if let Some((name, id)) = out.account {
                    hs.push((name, Cow::Borrowed(id)));
                }
            }
        }
        Ok(hs)
    }

    /// Signs `out` for attempt `attempt` and lets the hooks see it: what goes to the
    /// transport.
    fn signed<'o>(&self, out: &'o Outgoing<'_>, attempt: u32) -> Result<HttpRequest<'o>, Error> {
        let inner = &self.inner;
        let now = inner.skew.adjust((inner.clock)());
        let date = inner.stamp.at(now);
        let hs = self.authenticate(out, now, date.as_ref())?;
        // Room for what reqwest adds (`Accept`, `Host`, ...): growing the map rehashes it.
        let mut headers = http::HeaderMap::with_capacity(hs.len() + 4);
        for (k, v) in hs {
            // The transport sets Host from the URL, which is the same value.
            if k.eq_ignore_ascii_case("host") {
                continue;
            }
            let name = header_name(k)
                .map_err(|_| Error::Build(BuildError::new(format!("invalid header name `{k}`"))))?;
            let value = inner.header_value(v, date.as_ref()).map_err(|_| {
                Error::Build(BuildError::new(format!(
                    "header `{k}` has a value that cannot be sent (control characters such as CR or LF)"
                )))
            })?;
            headers.append(name, value);
        }
        let mut request = HttpRequest {
            method: out.method,
            url: &out.url,
            headers,
            body: out.body.clone(),
            timeout: out.timeout,
            operation: out.operation,
            typed: out.typed,
        };
        if !out.hooks.is_empty() {
            let cx = out.context(self.inner.service.name, attempt);
            hooks::after_signing(out.hooks.iter(), &cx, &mut request);
        }
        Ok(request)
    }
}

/// The `Content-Type` every call sends.
const JSON: &str = "application/json";

/// The names every call sends, without parsing them (parsing a non-standard name allocates).
fn header_name(name: &str) -> Result<http::HeaderName, http::header::InvalidHeaderName> {
    use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, USER_AGENT};
    // Made at compile time: `from_static` called at run time looks the name up among the
    // standard ones first, on every call.
    const X_SDK_DATE: HeaderName = HeaderName::from_static("x-sdk-date");
    const X_PROJECT_ID: HeaderName = HeaderName::from_static("x-project-id");
    const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");
    // The spelling the runtime itself uses (a `match` on strings compares lengths first),
    // then any spelling, through parsing.
    Ok(match name {
        "Content-Type" => CONTENT_TYPE,
        "User-Agent" => USER_AGENT,
        "Authorization" => AUTHORIZATION,
        "X-Sdk-Date" => X_SDK_DATE,
        "X-Project-Id" => X_PROJECT_ID,
        "X-Auth-Token" => X_AUTH_TOKEN,
        _ => return HeaderName::from_bytes(name.as_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_header_names_are_what_parsing_gives() {
        for name in [
            "Content-Type",
            "content-type",
            "User-Agent",
            "AUTHORIZATION",
            "X-Sdk-Date",
            "X-Project-Id",
            "x-auth-token",
            "X-Custom",
        ] {
            assert_eq!(
                header_name(name).unwrap(),
                http::HeaderName::from_bytes(name.as_bytes()).unwrap()
            );
        }
        assert!(header_name("bad name").is_err());
    }
}
