//! The client: binds requests to an endpoint, authenticates them, sends them, retries what
//! is safe to retry, and reads responses within bounds.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use tracing::Instrument;

use crate::credentials::{Credentials, Secret};
use crate::error::{BuildError, Error, RawResponse, TransportError, TransportKind};
use crate::iam::ProjectLookup;
use crate::request::{Method, Request};
use crate::sign::{self, DerivedAuth, HeaderList, SigningAlgorithm};

/// A cloud service a generated crate talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Endpoint name, e.g. `dcs`.
    pub name: &'static str,
}

/// How requests are authenticated.
#[derive(Clone)]
enum Auth {
    /// Unauthenticated: for local servers and tests.
    None,
    /// AK/SK signing, as the official SDKs do.
    AkSk(Credentials),
    /// An IAM token sent as `X-Auth-Token`.
    Token(Secret),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::AkSk(c) => write!(f, "AkSk({c:?})"),
            Auth::Token(_) => f.write_str("Token(***)"),
        }
    }
}

/// Retry policy: which failures are retried, how long to wait, and for how long in all.
///
/// A failure is retried, for every method, when the request provably did not take effect:
/// the connection was never established, or the service refused the request with 429 or 503
/// (waiting out its `Retry-After`). A failure after which the request may have taken effect
/// (a timeout or a broken connection once the request was sent, a 500, 502 or 504 answer) is
/// retried only for safe methods (GET, HEAD, OPTIONS), unless `retry_uncertain` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, including the first (1 disables retries).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubles each time (full jitter applied).
    pub initial_backoff: Duration,
    /// Upper bound for one wait, `Retry-After` included.
    pub max_backoff: Duration,
    /// Also retry failures that may have let a non-safe request (POST, PUT, PATCH, DELETE)
    /// take effect: only for operations that are harmless to repeat.
    pub retry_uncertain: bool,
    /// Limit for the whole call, every attempt and wait included, beside the per-attempt
    /// timeout; `None` for no limit.
    pub deadline: Option<Duration>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            retry_uncertain: false,
            deadline: None,
        }
    }
}

/// Default response body limit: far above any documented DCS response.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

struct Inner {
    service: Service,
    http: reqwest::Client,
    scheme: String,
    host: String,
    base_path: String,
    auth: Auth,
    project_id: Option<String>,
    /// Set when the project id is to be discovered from IAM: AK/SK credentials without a
    /// project id, none on the builder, and a region.
    lookup: Option<ProjectLookup>,
    algorithm: SigningAlgorithm,
    derived: Option<DerivedAuth>,
    retry: RetryConfig,
    max_body_bytes: usize,
    user_agent: String,
    clock: fn() -> SystemTime,
}

impl Inner {
    /// The configured project id, else the discovered one once known.
    fn known_project_id(&self) -> Option<&str> {
        self.project_id.as_deref().or_else(|| {
            self.lookup
                .as_ref()
                .and_then(|l| l.cell.get().map(String::as_str))
        })
    }
}

/// One HTTP exchange before signing: an operation call or the IAM project lookup. Built once
/// per call from borrowed parts; each attempt signs it afresh without copying it.
struct Outgoing<'a> {
    method: Method,
    host: &'a str,
    /// The wire path, endpoint prefix included.
    path: String,
    query: &'a [(String, String)],
    /// `scheme://host` + path + `?` + canonical query (the order that is signed).
    url: String,
    /// Headers set before signing.
    headers: Vec<(&'a str, &'a str)>,
    body: Bytes,
    /// Sent as `X-Project-Id` (and signed, with AK/SK).
    project_id: Option<&'a str>,
    derived: Option<&'a DerivedAuth>,
    /// The call's own per-attempt timeout.
    timeout: Option<Duration>,
    /// The call's own retry policy.
    retry: Option<RetryConfig>,
}

impl<'a> Outgoing<'a> {
    /// Joins the URL once; see the fields for the rest.
    #[allow(clippy::too_many_arguments)]
    fn new(
        method: Method,
        scheme: &str,
        host: &'a str,
        path: String,
        query: &'a [(String, String)],
        headers: Vec<(&'a str, &'a str)>,
        body: Bytes,
        project_id: Option<&'a str>,
        derived: Option<&'a DerivedAuth>,
    ) -> Self {
        let url = sign::wire_url(scheme, host, &path, query);
        Outgoing {
            method,
            host,
            path,
            query,
            url,
            headers,
            body,
            project_id,
            derived,
            timeout: None,
            retry: None,
        }
    }
}

/// A request as it would go on the wire (see [`Client::prepare`]).
#[derive(Clone, PartialEq, Eq)]
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
                let secret = k.eq_ignore_ascii_case("x-auth-token")
                    || k.eq_ignore_ascii_case("x-security-token");
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

/// An endpoint URL split the way requests need it.
struct BaseUrl {
    scheme: String,
    /// `host[:port]`, as in the `Host` header.
    host: String,
    /// Path prefix without a trailing `/`.
    base_path: String,
}

impl BaseUrl {
    fn parse(what: &str, endpoint: &str) -> Result<Self, ConfigError> {
        let url = url::Url::parse(endpoint)
            .map_err(|e| ConfigError(format!("{what} `{endpoint}` is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError(format!(
                "{what} `{endpoint}` is not http or https"
            )));
        }
        let host = url
            .host_str()
            .ok_or_else(|| ConfigError(format!("{what} `{endpoint}` has no host")))?;
        let host = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        Ok(BaseUrl {
            scheme: url.scheme().to_owned(),
            host,
            base_path: url.path().trim_end_matches('/').to_owned(),
        })
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
            .field("project_id", &self.inner.known_project_id())
            .field(
                "iam_lookup",
                &self
                    .inner
                    .lookup
                    .as_ref()
                    .map(|l| format!("{} at {}", l.region, l.endpoint)),
            )
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Why a client could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Builds a [`Client`] (or a generated crate's client type `C`, which wraps one).
#[must_use]
pub struct ClientBuilder<C = Client> {
    service: Service,
    region: Option<String>,
    endpoint: Option<String>,
    auth: Auth,
    project_id: Option<String>,
    iam_endpoint: Option<String>,
    algorithm: SigningAlgorithm,
    derived: bool,
    retry: RetryConfig,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_bytes: usize,
    http: Option<reqwest::Client>,
    user_agent: Option<String>,
    clock: fn() -> SystemTime,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("iam_endpoint", &self.iam_endpoint)
            .field("auth", &self.auth)
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `service` with the official SDKs' defaults: 60 s connect timeout,
    /// 120 s overall timeout.
    pub fn new(service: Service) -> Self {
        ClientBuilder {
            service,
            region: None,
            endpoint: None,
            auth: Auth::None,
            project_id: None,
            iam_endpoint: None,
            algorithm: SigningAlgorithm::default(),
            derived: false,
            retry: RetryConfig::default(),
            connect_timeout: Duration::from_secs(60),
            timeout: Duration::from_secs(120),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            http: None,
            user_agent: None,
            clock: SystemTime::now,
            _client: PhantomData,
        }
    }

    /// Region id, e.g. `cn-north-4`; picks the endpoint unless [`Self::endpoint`] is set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint, e.g. `https://dcs.cn-north-4.myhuaweicloud.com` or a local
    /// `http://127.0.0.1:8080`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// AK/SK credentials; requests are signed with them.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.auth = Auth::AkSk(credentials);
        self
    }

    /// An IAM token, sent as `X-Auth-Token` instead of signing.
    pub fn auth_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = Auth::Token(token.into());
        self
    }

    /// The project id for `{project_id}` and `X-Project-Id`, overriding the credentials'.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The IAM endpoint the project id is looked up from (when AK/SK credentials carry none,
    /// none is set with [`Self::project_id`] and a region is set), e.g. a local
    /// `http://127.0.0.1:8080`. Default: `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else the region's IAM
    /// endpoint as the official SDKs pick it ([`crate::iam::iam_endpoint`]).
    pub fn iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// The signing algorithm (default `SDK-HMAC-SHA256`).
    pub fn signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Sign with derived keys (`V11-HMAC-SHA256`); needs a region.
    pub fn derived_auth(mut self, on: bool) -> Self {
        self.derived = on;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Attempts in all (1 disables retries).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.retry.max_attempts = n.max(1);
        self
    }

    /// Connect timeout.
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Timeout for one attempt, from sending to the last body byte.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// Responses with a larger body are refused with [`TransportKind::BodyTooLarge`].
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// The `User-Agent` header (signed, as the official SDKs sign it). Default:
    /// `hwc-runtime/<version> (<service>)`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Where `X-Sdk-Date` comes from (default: the system clock). For reproducing a signed
    /// request exactly, e.g. to compare with another SDK.
    pub fn clock(mut self, clock: fn() -> SystemTime) -> Self {
        self.clock = clock;
        self
    }

    /// Use this `reqwest` client (its own timeouts and TLS settings apply).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, ConfigError> {
        self.build_with_env(|k| std::env::var(k).ok())
    }

    /// Builds the client, reading environment overrides through `env` (for tests).
    pub fn build_with_env(self, env: impl Fn(&str) -> Option<String>) -> Result<C, ConfigError> {
        let endpoint = match (&self.endpoint, &self.region) {
            (Some(e), _) => e.clone(),
            (None, Some(r)) => {
                crate::endpoint::resolve(self.service.name, r, &env).ok_or_else(|| {
                    ConfigError(format!(
                        "unknown region `{r}` for {}: set an endpoint, or {}",
                        self.service.name,
                        crate::endpoint::env_var(self.service.name, r)
                    ))
                })?
            }
            (None, None) => {
                return Err(ConfigError("set a region or an endpoint".into()));
            }
        };
        let base = BaseUrl::parse("endpoint", &endpoint)?;
        let derived = if self.derived {
            let region = self
                .region
                .clone()
                .ok_or_else(|| ConfigError("derived auth needs a region".into()))?;
            Some(DerivedAuth {
                service: self.service.name.to_owned(),
                region,
            })
        } else {
            None
        };
        let project_id = self.project_id.clone().or_else(|| match &self.auth {
            Auth::AkSk(c) => c.project_id().map(str::to_owned),
            _ => None,
        });
        // Only AK/SK credentials can be used to ask IAM, and IAM is asked for the project
        // named after the region: without both there is nothing to look up.
        let lookup = match (&project_id, &self.auth, &self.region) {
            (None, Auth::AkSk(_), Some(region)) => {
                let endpoint = match &self.iam_endpoint {
                    Some(e) => e.clone(),
                    None => crate::iam::iam_endpoint(region, &env),
                };
                let iam = BaseUrl::parse("IAM endpoint", &endpoint)?;
                Some(ProjectLookup {
                    region: region.clone(),
                    endpoint,
                    scheme: iam.scheme,
                    host: iam.host,
                    base_path: iam.base_path,
                    cell: tokio::sync::OnceCell::new(),
                })
            }
            _ => None,
        };
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| ConfigError(format!("cannot build the HTTP client: {e}")))?,
        };
        let inner = Inner {
            service: self.service,
            http,
            scheme: base.scheme,
            host: base.host,
            base_path: base.base_path,
            auth: self.auth,
            project_id,
            lookup,
            algorithm: self.algorithm,
            derived,
            retry: self.retry,
            max_body_bytes: self.max_body_bytes,
            user_agent: self.user_agent.unwrap_or_else(|| {
                format!(
                    "hwc-runtime/{} ({})",
                    env!("CARGO_PKG_VERSION"),
                    self.service.name
                )
            }),
            clock: self.clock,
        };
        Ok(C::from(Client {
            inner: Arc::new(inner),
        }))
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

    /// The project id requests are made in: the configured one, or the one looked up from
    /// IAM once a call (or [`Self::resolve_project_id`]) has looked it up.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.known_project_id()
    }

    /// The project id requests are made in, asking IAM for it first when the client was
    /// built with AK/SK credentials without a project id and with a region (see
    /// [`ClientBuilder::iam_endpoint`]). The answer is kept for the client and its clones;
    /// concurrent first callers share one lookup, and a failed lookup is tried again on the
    /// next call. `Ok(None)` when there is no project id and nothing to look it up with.
    pub async fn resolve_project_id(&self) -> Result<Option<&str>, Error> {
        let inner = &self.inner;
        if let Some(p) = &inner.project_id {
            return Ok(Some(p));
        }
        let Some(lookup) = &inner.lookup else {
            return Ok(None);
        };
        let id = lookup
            .cell
            .get_or_try_init(|| self.lookup_project_id(lookup))
            .await?;
        Ok(Some(id))
    }

    /// Asks IAM for the project named after the region, as the SDK's
    /// `IamHelper.get_keystone_list_projects_request` does: signed with the client's AK/SK,
    /// algorithm and security token, but only `User-Agent` set beforehand (no
    /// `Content-Type`, no `X-Project-Id`) and never with derived keys (the SDK switches its
    /// derived predicate off for the lookup, since IAM is another service).
    async fn lookup_project_id(&self, lookup: &ProjectLookup) -> Result<String, Error> {
        let span = tracing::info_span!(
            "hwc.iam.list_projects",
            region = lookup.region.as_str(),
            endpoint = lookup.endpoint.as_str(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        async move {
            tracing::info!("no project id configured; looking it up from IAM");
            let query = lookup.query();
            let out = Outgoing::new(
                Method::Get,
                &lookup.scheme,
                &lookup.host,
                lookup.path(),
                &query,
                vec![("User-Agent", self.inner.user_agent.as_str())],
                Bytes::new(),
                None,
                None,
            );
            let (result, attempts) = self.send_with_retries(&out).await;
            let span = tracing::Span::current();
            span.record("attempts", attempts);
            let raw = result.map_err(|e| lookup.context(e))?;
            span.record("status", raw.status);
            let id = lookup.parse(&raw)?;
            tracing::info!("project id found");
            Ok(id)
        }
        .instrument(span)
        .await
    }

    /// Sends `req` and returns the response whatever its status; generated code decodes it.
    /// Retries idempotent requests on connection errors, timeouts, 429, 502, 503 and 504.
    /// Looks the project id up from IAM first when it has to (see
    /// [`Self::resolve_project_id`]).
    pub async fn execute(&self, req: Request) -> Result<RawResponse, Error> {
        let span = tracing::info_span!(
            "hwc.call",
            service = self.inner.service.name,
            operation = req.spec.id,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        async move {
            if let Some(e) = req.error.clone() {
                return Err(Error::Build(e));
            }
            let inner = &self.inner;
            let project_id = match &inner.auth {
                Auth::AkSk(_) => self.resolve_project_id().await?,
                Auth::Token(_) | Auth::None => inner.project_id.as_deref(),
            };
            let mut out = self.outgoing(&req, project_id)?;
            out.timeout = req.timeout;
            out.retry = req.retry;
            let (result, attempts) = self.send_with_retries(&out).await;
            let span = tracing::Span::current();
            span.record("attempts", attempts);
            if let Ok(r) = &result {
                span.record("status", r.status);
                if let Some(id) = r.request_id() {
                    span.record("request_id", id);
                }
            }
            result
        }
        .instrument(span)
        .await
    }

    /// Binds `req` to the endpoint: wire path, headers set before signing.
    fn outgoing<'a>(
        &'a self,
        req: &'a Request,
        project_id: Option<&'a str>,
    ) -> Result<Outgoing<'a>, Error> {
        let inner = &self.inner;
        let mut path = req.render_path(project_id).map_err(Error::Build)?;
        if !inner.base_path.is_empty() {
            path.insert_str(0, &inner.base_path);
        }
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(req.headers.len() + 7);
        headers.push(("Content-Type", "application/json"));
        headers.push(("User-Agent", &inner.user_agent));
        headers.extend(req.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(Outgoing::new(
            req.spec.method,
            &inner.scheme,
            &inner.host,
            path,
            &req.query,
            headers,
            req.body.clone().unwrap_or_default(),
            project_id,
            inner.derived.as_ref(),
        ))
    }

    /// The exact request the first attempt of `req` would send (URL, every header including
    /// `Authorization`, body), without sending it: for logging, replay and comparing with
    /// other SDKs. Looks the project id up first when it has to.
    pub async fn prepare(&self, req: Request) -> Result<PreparedRequest, Error> {
        if let Some(e) = req.error.clone() {
            return Err(Error::Build(e));
        }
        let project_id = match &self.inner.auth {
            Auth::AkSk(_) => self.resolve_project_id().await?,
            Auth::Token(_) | Auth::None => self.inner.project_id.as_deref(),
        };
        let out = self.outgoing(&req, project_id)?;
        let headers = self
            .authenticate(&out)?
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
    /// the outcome and the number of attempts made. Each attempt is signed afresh, so that
    /// every one carries its own `X-Sdk-Date`.
    async fn send_with_retries(&self, out: &Outgoing<'_>) -> (Result<RawResponse, Error>, u32) {
        let retry = out.retry.unwrap_or(self.inner.retry);
        let started = Instant::now();
        let deadline = retry.deadline.map(|d| (started + d, d));
        let mut attempt = 1u32;
        loop {
            let outcome = match deadline {
                None => self.attempt(out, attempt).await,
                Some((at, limit)) => {
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

    async fn attempt(&self, out: &Outgoing<'_>, attempt: u32) -> Attempt {
        let started = Instant::now();
        let span = tracing::debug_span!(
            "hwc.attempt",
            attempt,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty
        );
        let result = self.send_once(out).instrument(span.clone()).await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        match result {
            Ok(raw) => {
                span.record("status", raw.status);
                match raw.status {
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
                }
            }
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
    /// (signature, token, project header), signed at the client's clock.
    fn authenticate<'o>(&'o self, out: &'o Outgoing<'_>) -> Result<HeaderList<'o>, Error> {
        let inner = &self.inner;
        let mut hs: HeaderList<'o> = Vec::with_capacity(out.headers.len() + 5);
        hs.extend(out.headers.iter().map(|(k, v)| (*k, Cow::Borrowed(*v))));
        match &inner.auth {
            Auth::AkSk(creds) => {
                let parts = sign::Parts {
                    method: out.method.as_str(),
                    host: out.host,
                    path: &out.path,
                    query: out.query,
                    body: &out.body,
                };
                // The signer adds `X-Project-Id` as the SDK does; one discovered from IAM
                // takes the place of the credentials' own.
                sign::sign_parts(
                    &parts,
                    &mut hs,
                    creds,
                    out.project_id.or(creds.project_id()),
                    &inner.algorithm,
                    out.derived,
                    (inner.clock)(),
                )
                .map_err(|e| {
                    Error::Build(BuildError::new(format!("cannot sign the request: {e}")))
                })?;
            }
            Auth::Token(t) => {
                hs.push(("X-Auth-Token", Cow::Borrowed(t.expose())));
                if let Some(p) = out.project_id {
                    hs.push(("X-Project-Id", Cow::Borrowed(p)));
                }
            }
            Auth::None => {
                if let Some(p) = out.project_id {
                    hs.push(("X-Project-Id", Cow::Borrowed(p)));
                }
            }
        }
        Ok(hs)
    }

    async fn send_once(&self, out: &Outgoing<'_>) -> Result<RawResponse, Error> {
        let inner = &self.inner;
        let hs = self.authenticate(out)?;
        let mut request = reqwest::Request::new(
            out.method.to_http(),
            reqwest::Url::parse(&out.url).map_err(|e| {
                Error::Build(BuildError::new(format!("bad URL `{}`: {e}", out.url)))
            })?,
        );
        // Straight into the request's own map: a separate map merged in by the builder
        // showed up as a measurable share of a call (BENCHMARKS.md).
        let hm = request.headers_mut();
        hm.reserve(hs.len());
        for (k, v) in &hs {
            // reqwest sets Host from the URL, which is the same value.
            if k.eq_ignore_ascii_case("host") {
                continue;
            }
            let name = header_name(k)
                .map_err(|_| Error::Build(BuildError::new(format!("invalid header name `{k}`"))))?;
            // UTF-8 values go out as their bytes, as the official SDKs send them.
            let value = http::HeaderValue::from_bytes(v.as_bytes()).map_err(|_| {
                Error::Build(BuildError::new(format!(
                    "header `{k}` has a value that cannot be sent (control characters such as CR or LF)"
                )))
            })?;
            hm.append(name, value);
        }
        drop(hs);
        if let Some(t) = out.timeout {
            *request.timeout_mut() = Some(t);
        }
        if !out.body.is_empty() {
            *request.body_mut() = Some(out.body.clone().into());
        }
        let resp = inner
            .http
            .execute(request)
            .await
            .map_err(|e| Error::Transport(Box::new(transport(e))))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = read_body(resp, inner.max_body_bytes, status, &headers).await?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// The names every call sends, without parsing them (parsing a non-standard name allocates).
fn header_name(name: &str) -> Result<http::HeaderName, http::header::InvalidHeaderName> {
    use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, USER_AGENT};
    const KNOWN: [(&str, HeaderName); 6] = [
        ("Content-Type", CONTENT_TYPE),
        ("User-Agent", USER_AGENT),
        ("Authorization", AUTHORIZATION),
        ("X-Sdk-Date", HeaderName::from_static("x-sdk-date")),
        ("X-Project-Id", HeaderName::from_static("x-project-id")),
        ("X-Auth-Token", HeaderName::from_static("x-auth-token")),
    ];
    match KNOWN.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
        Some((_, known)) => Ok(known.clone()),
        None => HeaderName::from_bytes(name.as_bytes()),
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
    mut resp: reqwest::Response,
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
    let mut buf =
        BytesMut::with_capacity(resp.content_length().unwrap_or(0).min(limit as u64) as usize);
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
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
            Ok(None) => return Ok(buf.freeze()),
            Err(e) => {
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

/// `Retry-After` in seconds (the HTTP-date form is rare from these services and ignored).
fn retry_after(h: &http::HeaderMap) -> Option<Duration> {
    let v = h.get("retry-after")?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Exponential backoff with full jitter; a server's `Retry-After` wins when longer.
fn backoff(cfg: RetryConfig, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let exp = cfg
        .initial_backoff
        .saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        )
        .min(cfg.max_backoff);
    let jittered = exp.mul_f64(jitter());
    match retry_after {
        Some(ra) => ra.max(jittered).min(cfg.max_backoff),
        None => jittered,
    }
}

/// A number in [0, 1) that differs between calls and between processes; retries only need
/// them spread out, not unpredictable.
fn jitter() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
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

    #[test]
    fn backoff_is_bounded_and_honours_retry_after() {
        let cfg = RetryConfig::default();
        for attempt in 1..40 {
            assert!(backoff(cfg, attempt, None) <= cfg.max_backoff);
        }
        assert_eq!(
            backoff(cfg, 1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            backoff(cfg, 1, Some(Duration::from_secs(3600))),
            cfg.max_backoff
        );
    }

    #[test]
    fn unknown_region_is_a_clear_error() {
        let e = Client::builder(Service { name: "dcs" })
            .region("xx-nowhere-1")
            .build_with_env(|_| None)
            .unwrap_err();
        assert!(
            e.to_string().contains("unknown region `xx-nowhere-1`"),
            "{e}"
        );
        assert!(
            e.to_string()
                .contains("HUAWEICLOUD_SDK_REGION_DCS_XX_NOWHERE_1"),
            "{e}"
        );
    }
}
