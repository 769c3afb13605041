//! Building a client: configuration, its checks, and the typed error when they fail.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::proxy::{EnvProxies, ProxyUrl};
use super::transport::Origin;
use super::{Auth, Client, Hook, Hooks, Inner, ReqwestTransport, RetryConfig, Transport};
use crate::credentials::{Credentials, CredentialsCache, ProvideCredentials, Secret};
use crate::endpoint::Service;
use crate::iam::{AccountLookup, Looked};
use crate::sign::{DerivedAuth, SigningAlgorithm};

/// Default response body limit: far above any documented DCS response.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// What kind of configuration problem stopped a client from being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No way to authenticate was chosen: no credentials, provider, token, nor
    /// `unauthenticated()`.
    NoCredentials,
    /// Neither an endpoint nor (for a regional service) a region was set.
    NoEndpoint,
    /// The region is not in the service's region table.
    UnknownRegion,
    /// An endpoint is not an `http` or `https` URL with a host.
    InvalidEndpoint,
    /// Options that need each other or exclude each other.
    InvalidOption,
    /// A root certificate could not be read.
    InvalidCertificate,
    /// The HTTP stack could not be set up.
    HttpClient,
}

/// Why a client could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        ConfigError {
            kind,
            message: message.into(),
        }
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// What is wrong and what to do about it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// An endpoint URL split the way requests need it.
#[derive(Debug, Clone)]
pub(crate) struct BaseUrl {
    pub(crate) scheme: String,
    /// `host[:port]`, as in the `Host` header.
    pub(crate) host: String,
    /// Path prefix without a trailing `/`.
    pub(crate) base_path: String,
}

impl BaseUrl {
    pub(crate) fn parse(what: &str, endpoint: &str) -> Result<Self, ConfigError> {
        let invalid = |why: String| ConfigError::new(ConfigErrorKind::InvalidEndpoint, why);
        let url = url::Url::parse(endpoint)
            .map_err(|e| invalid(format!("{what} `{endpoint}` is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(format!("{what} `{endpoint}` is not http or https")));
        }
        let host = url
            .host_str()
            .ok_or_else(|| invalid(format!("{what} `{endpoint}` has no host")))?;
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

/// How the builder was told to authenticate.
enum AuthChoice {
    Unset,
    None,
    Static(Credentials),
    Provider(Arc<dyn ProvideCredentials>),
    DefaultChain,
    Token(Secret),
}

impl fmt::Debug for AuthChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthChoice::Unset => f.write_str("Unset"),
            AuthChoice::None => f.write_str("None"),
            AuthChoice::Static(c) => write!(f, "Static({c:?})"),
            AuthChoice::Provider(p) => write!(f, "Provider({})", p.name()),
            AuthChoice::DefaultChain => f.write_str("DefaultChain"),
            AuthChoice::Token(_) => f.write_str("Token(***)"),
        }
    }
}

/// Builds a [`Client`] (or a generated crate's client type `C`, which wraps one).
///
/// Authentication must be chosen: [`Self::credentials`], [`Self::credentials_provider`],
/// [`Self::default_credentials`], [`Self::auth_token`], or, for a local server,
/// [`Self::unauthenticated`]. Building without one is a [`ConfigErrorKind::NoCredentials`]
/// error, never a client that sends unsigned requests.
#[must_use]
pub struct ClientBuilder<C = Client> {
    service: Service,
    region: Option<String>,
    endpoint: Option<String>,
    auth: AuthChoice,
    project_id: Option<String>,
    domain_id: Option<String>,
    iam_endpoint: Option<String>,
    algorithm: SigningAlgorithm,
    derived: bool,
    retry: RetryConfig,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_bytes: usize,
    http: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    hooks: Hooks,
    root_certificates: Vec<Vec<u8>>,
    user_agent: Option<String>,
    clock: fn() -> SystemTime,
    proxy: ProxyChoice,
    _client: PhantomData<fn() -> C>,
}

/// Where requests go through: the environment's proxies (the default), one named proxy, or
/// none. The URL and password are kept as secrets: they may hold credentials.
enum ProxyChoice {
    Environment,
    Explicit {
        url: Secret,
        credentials: Option<(String, Secret)>,
    },
    Direct,
}

impl fmt::Debug for ProxyChoice {
    /// Every credential hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyChoice::Environment => f.write_str("Environment"),
            ProxyChoice::Direct => f.write_str("Direct"),
            ProxyChoice::Explicit { url, credentials } => {
                let shown = ProxyUrl::parse("", url.expose())
                    .map(|p| p.redacted())
                    .unwrap_or_else(|_| "(not a URL)".to_owned());
                let user = credentials.as_ref().map(|(u, _)| format!("{u}:***"));
                write!(f, "Explicit({shown}, credentials: {user:?})")
            }
        }
    }
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
            .field("domain_id", &self.domain_id)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `service` with the official SDKs' defaults: 60 s connect timeout,
    /// 120 s per-attempt timeout.
    pub fn new(service: Service) -> Self {
        ClientBuilder {
            service,
            region: None,
            endpoint: None,
            auth: AuthChoice::Unset,
            project_id: None,
            domain_id: None,
            iam_endpoint: None,
            algorithm: SigningAlgorithm::default(),
            derived: false,
            retry: RetryConfig::default(),
            connect_timeout: Duration::from_secs(60),
            timeout: Duration::from_secs(120),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            http: None,
            transport: None,
            hooks: Hooks::default(),
            root_certificates: Vec::new(),
            user_agent: None,
            clock: SystemTime::now,
            proxy: ProxyChoice::Environment,
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

    /// Fixed AK/SK credentials; requests are signed with them.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.auth = AuthChoice::Static(credentials);
        self
    }

    /// Credentials from `provider`, fetched on the first call and refreshed ahead of their
    /// expiry; the client and all its clones share them, and concurrent calls during a
    /// refresh wait for one answer.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.auth = AuthChoice::Provider(Arc::new(provider));
        self
    }

    /// Credentials from the official SDKs' default chain: environment, profile file
    /// (`[basic]`, or `[global]` for a global service), metadata service, pod identity
    /// ([`crate::credentials::default_chain`]).
    pub fn default_credentials(mut self) -> Self {
        self.auth = AuthChoice::DefaultChain;
        self
    }

    /// An IAM token, sent as `X-Auth-Token` instead of signing.
    pub fn auth_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = AuthChoice::Token(token.into());
        self
    }

    /// Sends requests neither signed nor with a token: for local servers and tests only.
    pub fn unauthenticated(mut self) -> Self {
        self.auth = AuthChoice::None;
        self
    }

    /// The project id for `{project_id}` and `X-Project-Id`, overriding the credentials'.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The account (domain) id for `{domain_id}` and, for a global service, `X-Domain-Id`,
    /// overriding the credentials'.
    pub fn domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// The IAM endpoint a missing project id (regional service, region set) or domain id
    /// (global service) is looked up from, e.g. a local `http://127.0.0.1:8080`. Default:
    /// the credentials' `iam_endpoint`, else `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else the
    /// region's IAM endpoint as the official SDKs pick it (`https://iam.<region>.myhuaweicloud.com`
    /// for the regions they list, else `https://iam.myhuaweicloud.com`).
    pub fn iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// The signing algorithm (default `SDK-HMAC-SHA256`).
    pub fn signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Sign with derived keys (`V11-HMAC-SHA256`); needs a region for a regional service.
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

    /// Responses with a larger body are refused with
    /// [`TransportKind::BodyTooLarge`](crate::TransportKind::BodyTooLarge).
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// Trusts this PEM certificate (a private CA) besides the roots the cargo features
    /// select (`webpki-roots`, the default, or `native-roots`).
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
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

    /// Sends every request (http and https, whatever `no_proxy` says) through this proxy,
    /// e.g. `http://proxy.corp:3128` or `http://user:password@proxy.corp:3128` (percent-encode
    /// `@`, `:` and `/` in the user name and password). Credentials go out as
    /// `Proxy-Authorization: Basic` (for https targets in the `CONNECT` request) and are never
    /// shown: not in `Debug`, errors or logs. Without this, the environment's proxies are used
    /// (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`, read as the official Python SDK
    /// reads them; see the README).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        let credentials = match std::mem::replace(&mut self.proxy, ProxyChoice::Direct) {
            ProxyChoice::Explicit { credentials, .. } => credentials,
            _ => None,
        };
        self.proxy = ProxyChoice::Explicit {
            url: Secret::new(url),
            credentials,
        };
        self
    }

    /// The user name and password for the proxy set with [`Self::proxy`] (instead of writing
    /// them into its URL; these win over the URL's).
    pub fn proxy_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        let url = match std::mem::replace(&mut self.proxy, ProxyChoice::Direct) {
            ProxyChoice::Explicit { url, .. } => url,
            // Kept for a `.proxy(..)` that follows; building without one is an error.
            _ => Secret::new(""),
        };
        self.proxy = ProxyChoice::Explicit {
            url,
            credentials: Some((user.into(), password.into())),
        };
        self
    }

    /// Connects directly, whatever the environment's proxy variables say.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxyChoice::Direct;
        self
    }

    /// Use this `reqwest` client (its own timeouts, TLS and proxy settings apply; the
    /// builder's timeouts, root certificates and proxy are then not used, and setting
    /// [`Self::proxy`] too is an error).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Sends every attempt through `transport` instead of `reqwest` (the `test-util`
    /// feature has two for tests). Signing, retries and decoding stay as they are.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Adds a hook that runs on every call of the client, before the call's own hooks.
    pub fn hook(self, hook: impl Hook) -> Self {
        self.hook_arc(Arc::new(hook))
    }

    /// [`Self::hook`] for a hook shared with other code (to read its counters, say).
    pub fn hook_arc(mut self, hook: Arc<dyn Hook>) -> Self {
        self.hooks.push(hook);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, ConfigError> {
        self.build_with_env(|k| std::env::var(k).ok())
    }

    /// Builds the client, reading environment overrides through `env` (for tests).
    pub fn build_with_env(self, env: impl Fn(&str) -> Option<String>) -> Result<C, ConfigError> {
        let service = self.service;
        let auth = match self.auth {
            AuthChoice::Unset => {
                return Err(ConfigError::new(
                    ConfigErrorKind::NoCredentials,
                    format!(
                        "no credentials for {}: call .credentials(..), .default_credentials(), \
                         .credentials_provider(..) or .auth_token(..); for unsigned requests to \
                         a local server, .unauthenticated()",
                        service.name
                    ),
                ));
            }
            AuthChoice::None => Auth::None,
            AuthChoice::Static(c) => Auth::Static(Arc::new(c)),
            AuthChoice::Provider(p) => Auth::Provider(Arc::new(CredentialsCache::new(p))),
            AuthChoice::DefaultChain => Auth::Provider(Arc::new(CredentialsCache::new(Arc::new(
                crate::credentials::default_chain(service.global),
            )))),
            AuthChoice::Token(t) => Auth::Token(t),
        };
        let endpoint = match &self.endpoint {
            Some(e) => e.clone(),
            None => service.endpoint(self.region.as_deref(), &env)?,
        };
        let base = BaseUrl::parse("endpoint", &endpoint)?;
        let derived = if self.derived {
            // The SDK signs global services with the region `globe`.
            let region = match (&self.region, service.global) {
                (Some(r), _) => r.clone(),
                (None, true) => "globe".to_owned(),
                (None, false) => {
                    return Err(ConfigError::new(
                        ConfigErrorKind::InvalidOption,
                        "derived auth needs a region",
                    ));
                }
            };
            Some(DerivedAuth {
                service: service.name.to_owned(),
                region,
            })
        } else {
            None
        };
        let static_creds = match &auth {
            Auth::Static(c) => Some(c.clone()),
            _ => None,
        };
        let project_id = self.project_id.clone().or_else(|| {
            static_creds
                .as_ref()
                .and_then(|c| c.project_id().map(str::to_owned))
        });
        let domain_id = self.domain_id.clone().or_else(|| {
            static_creds
                .as_ref()
                .and_then(|c| c.domain_id().map(str::to_owned))
        });
        // Only AK/SK credentials can ask IAM. A regional service asks for the project
        // named after its region, so it needs one; a global service asks for the domain.
        let signs = matches!(auth, Auth::Static(_) | Auth::Provider(_));
        let looked = match (service.global, &project_id, &domain_id, &self.region) {
            (false, None, _, Some(region)) if signs => Some(Looked::Project {
                region: region.clone(),
            }),
            (true, _, None, _) if signs => Some(Looked::Domain),
            _ => None,
        };
        let lookup = match looked {
            Some(looked) => {
                let explicit = self.iam_endpoint.is_some();
                let endpoint = self
                    .iam_endpoint
                    .clone()
                    .or_else(|| {
                        static_creds
                            .as_ref()
                            .and_then(|c| c.iam_endpoint().map(str::to_owned))
                    })
                    .unwrap_or_else(|| crate::iam::iam_endpoint(self.region.as_deref(), &env));
                let iam = BaseUrl::parse("IAM endpoint", &endpoint)?;
                Some(AccountLookup {
                    looked,
                    explicit: explicit || static_creds.is_some(),
                    endpoint,
                    scheme: iam.scheme,
                    host: iam.host,
                    base_path: iam.base_path,
                    cell: tokio::sync::OnceCell::new(),
                })
            }
            None => None,
        };
        let http = match self.http {
            Some(_) if matches!(self.proxy, ProxyChoice::Explicit { .. }) => {
                return Err(ConfigError::new(
                    ConfigErrorKind::InvalidOption,
                    ".proxy(..) has no effect with .http_client(..): set the proxy on the \
                     reqwest client instead",
                ));
            }
            Some(h) => h,
            None => {
                let mut b = apply_proxy(reqwest::Client::builder(), &self.proxy, &env)?
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    // The runtime retries by its own policy (`RetryPolicy`). reqwest's default
                    // one retries only HTTP/2 and HTTP/3 protocol refusals, which this HTTP/1
                    // client never sees, yet copies every request's headers, URI and
                    // extensions in case it must (about 1 % of a call's instructions). With
                    // reqwest's http2 feature on in an application, a refused stream is a
                    // failed attempt for `RetryPolicy` like any other.
                    .retry(reqwest::retry::never().max_retries_per_request(0));
                for (i, pem) in self.root_certificates.iter().enumerate() {
                    // A PEM without certificates would otherwise add nothing, silently.
                    let invalid = |why: String| {
                        ConfigError::new(
                            ConfigErrorKind::InvalidCertificate,
                            format!("root certificate {}: {why}", i + 1),
                        )
                    };
                    let certs = reqwest::Certificate::from_pem_bundle(pem)
                        .map_err(|e| invalid(format!("not PEM ({e})")))?;
                    if certs.is_empty() {
                        return Err(invalid("no `BEGIN CERTIFICATE` block".to_owned()));
                    }
                    for cert in certs {
                        b = b.add_root_certificate(cert);
                    }
                }
                b.build().map_err(|e| {
                    ConfigError::new(
                        ConfigErrorKind::HttpClient,
                        format!("cannot build the HTTP client: {e}"),
                    )
                })?
            }
        };
        let user_agent = self.user_agent.unwrap_or_else(|| {
            format!(
                "hwc-runtime/{} ({})",
                env!("CARGO_PKG_VERSION"),
                service.name
            )
        });
        let account_value = if service.global {
            domain_id.as_deref()
        } else {
            project_id.as_deref()
        }
        .and_then(|id| {
            http::HeaderValue::from_maybe_shared(bytes::Bytes::from(id.to_owned())).ok()
        });
        let inner = Inner {
            service,
            transport: self.transport.unwrap_or_else(|| {
                Arc::new(ReqwestTransport {
                    http,
                    max_body_bytes: self.max_body_bytes,
                    origin: Origin::parse(&base.scheme, &base.host),
                })
            }),
            hooks: self.hooks,
            scheme: base.scheme,
            host: base.host,
            base_path: base.base_path,
            auth,
            project_id,
            domain_id,
            lookup,
            algorithm: self.algorithm,
            derived,
            retry: self.retry,
            user_agent_value: http::HeaderValue::from_maybe_shared(bytes::Bytes::from(
                user_agent.clone(),
            ))
            .ok(),
            account_value,
            user_agent,
            clock: self.clock,
            skew: Default::default(),
            names: Default::default(),
            stamp: Default::default(),
        };
        Ok(C::from(Client {
            inner: Arc::new(inner),
        }))
    }
}

/// Routes the HTTP client through the chosen proxy. The environment is read here, once,
/// rather than by reqwest, whose reading differs from the official SDKs' (upper case first).
fn apply_proxy(
    b: reqwest::ClientBuilder,
    choice: &ProxyChoice,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<reqwest::ClientBuilder, ConfigError> {
    let env_proxies = match choice {
        ProxyChoice::Direct => return Ok(b.no_proxy()),
        ProxyChoice::Explicit { url, credentials } => {
            if url.is_empty() {
                return Err(ConfigError::new(
                    ConfigErrorKind::InvalidOption,
                    ".proxy_credentials(..) needs .proxy(url)",
                ));
            }
            let proxy = ProxyUrl::parse(".proxy(..)", url.expose())?;
            let mut p = reqwest::Proxy::all(proxy.url().as_str()).map_err(|_| {
                ConfigError::new(
                    ConfigErrorKind::InvalidOption,
                    format!("the proxy {} is not usable", proxy.redacted()),
                )
            })?;
            if let Some((user, password)) = credentials {
                p = p.basic_auth(user, password.expose());
            }
            return Ok(b.proxy(p));
        }
        ProxyChoice::Environment => EnvProxies::read(env)?,
    };
    if env_proxies.is_empty() {
        return Ok(b.no_proxy());
    }
    Ok(b.proxy(reqwest::Proxy::custom(move |target| {
        env_proxies.select(target).map(|p| p.url().clone())
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_region_is_a_clear_error() {
        const TABLE: &[(&str, &str)] =
            &[("cn-north-4", "https://dcs.cn-north-4.myhuaweicloud.com")];
        let e = Client::builder(Service::regional("dcs").with_regions(TABLE))
            .region("xx-nowhere-1")
            .unauthenticated()
            .build_with_env(|_| None)
            .unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::UnknownRegion);
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

    #[test]
    fn no_way_to_authenticate_is_refused_before_anything_else() {
        // No region either: the credentials are named, not the endpoint or project id.
        let e = Client::builder(Service::regional("dcs"))
            .build_with_env(|_| None)
            .unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::NoCredentials);
        assert!(
            e.message().contains(".credentials(") && e.message().contains(".unauthenticated()"),
            "{e}"
        );
        let ok = Client::builder(Service::regional("dcs"))
            .endpoint("http://127.0.0.1:9")
            .unauthenticated()
            .build_with_env(|_| None);
        assert!(ok.is_ok());
    }

    #[test]
    fn a_bad_root_certificate_is_named() {
        let e = Client::builder(Service::regional("dcs"))
            .endpoint("https://127.0.0.1:9")
            .unauthenticated()
            .root_certificate_pem(b"not a certificate".to_vec())
            .build_with_env(|_| None)
            .unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::InvalidCertificate, "{e}");
    }
}
