//! The provider trait, the providers that read local configuration, and the chain.

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, DEFAULT_PROFILE, GLOBAL_PROFILE, MetadataProvider,
    PodIdentityProvider, default_credentials_path, read_profile_with_fallback,
};

/// What [`ProvideCredentials::provide`] returns.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. A client asks it when it has none yet and again ahead of the
/// expiry of temporary ones ([`Credentials::expires_at`]); it never asks concurrently.
///
/// Implement it for a source of your own (a vault, another process) and hand it to
/// `ClientBuilder::credentials_provider`.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// A short name for messages, e.g. `environment` or `metadata service`.
    fn name(&self) -> &str;

    /// Fetches credentials.
    fn provide(&self) -> ProvideFuture<'_>;
}

/// Fixed credentials are a provider that always gives the same value.
impl ProvideCredentials for Credentials {
    fn name(&self) -> &str {
        "static"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        let creds = self.clone();
        Box::pin(async move { Ok(creds) })
    }
}

/// The `HUAWEICLOUD_SDK_*` environment variables ([`Credentials::from_env`]), read each time
/// it is asked.
#[derive(Debug, Default, Clone)]
pub struct EnvProvider {
    _private: (),
}

impl EnvProvider {
    /// The provider.
    pub fn new() -> Self {
        Self::default()
    }
}

impl ProvideCredentials for EnvProvider {
    fn name(&self) -> &str {
        "environment"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async { Credentials::from_env() })
    }
}

/// A profile of the credentials file ([`Credentials::from_profile_file`]): by default the
/// file the official SDKs read (`$HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
/// `~/.huaweicloud/credentials`) and section `[basic]` (regional) or `[global]`, each falling
/// back to `[default]`.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    profile: String,
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileProvider {
    /// Section `[basic]`, for regional services.
    pub fn new() -> Self {
        Self {
            path: None,
            profile: DEFAULT_PROFILE.to_owned(),
        }
    }

    /// Section `[global]`, for global services.
    pub fn global() -> Self {
        Self {
            path: None,
            profile: GLOBAL_PROFILE.to_owned(),
        }
    }

    /// Reads this file instead of the default one.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Reads this section.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = profile.into();
        self
    }
}

impl ProvideCredentials for ProfileProvider {
    fn name(&self) -> &str {
        "profile file"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async {
            let path = match &self.path {
                Some(p) => p.clone(),
                None => default_credentials_path(|name| std::env::var_os(name).map(PathBuf::from))?,
            };
            // Reading a small file is quick enough not to need a blocking thread.
            read_profile_with_fallback(&path, &self.profile)
        })
    }
}

/// Providers tried in order; the first that gives credentials wins, and when none does the
/// error lists every provider's reason.
#[derive(Debug, Clone)]
pub struct ChainProvider {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl ChainProvider {
    /// An empty chain; add providers with [`ChainProvider::or`].
    pub fn new() -> Self {
        Self {
            providers: Vec::new(),
        }
    }

    /// Tries `provider` after the ones already in the chain.
    pub fn or(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push(Arc::new(provider));
        self
    }
}

impl Default for ChainProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ChainProvider {
    fn name(&self) -> &str {
        "chain"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async {
            let mut failures = Vec::with_capacity(self.providers.len());
            for p in &self.providers {
                match p.provide().await {
                    Ok(c) => {
                        tracing::debug!(provider = p.name(), "credentials found");
                        return Ok(c);
                    }
                    Err(e) => failures.push((p.name().to_owned(), e)),
                }
            }
            Err(CredentialsError::Chain { failures })
        })
    }
}

/// The official SDKs' order: environment, profile file, metadata service, pod identity.
/// `global` picks the `[global]` profile section, for global services such as IAM.
pub fn default_chain(global: bool) -> ChainProvider {
    let profile = if global {
        ProfileProvider::global()
    } else {
        ProfileProvider::new()
    };
    ChainProvider::new()
        .or(EnvProvider::new())
        .or(profile)
        .or(MetadataProvider::new())
        .or(PodIdentityProvider::new())
}
