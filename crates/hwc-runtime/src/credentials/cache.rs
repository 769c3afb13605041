//! Credentials shared by a client and its clones, fetched once and refreshed ahead of expiry.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};

/// How long before expiry temporary credentials are refreshed, at most: the official SDKs'
/// threshold (40 minutes).
const REFRESH_BEFORE: Duration = Duration::from_secs(40 * 60);
/// After a failed refresh while the old credentials still work, how long to keep using them
/// before asking the provider again, so that a failing provider is not asked on every call.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// The cached credentials of one client (and its clones).
pub(crate) struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    current: RwLock<Option<Entry>>,
    /// Held while asking the provider: concurrent callers wait for one answer.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Entry {
    creds: Arc<Credentials>,
    /// When to ask the provider again; `None` for credentials that do not expire.
    refresh_at: Option<SystemTime>,
    /// Set after a failed refresh: the provider is not asked again before it.
    quiet_until: Option<Instant>,
}

impl Entry {
    fn new(creds: Credentials, now: SystemTime) -> Self {
        // Ahead of expiry by the SDK's threshold, or by half the lifetime for credentials
        // that live shorter than twice that, so short-lived ones are not refreshed on
        // every call.
        let refresh_at = creds.expires_at().map(|exp| {
            let lifetime = exp.duration_since(now).unwrap_or_default();
            exp - REFRESH_BEFORE.min(lifetime / 2)
        });
        Entry {
            creds: Arc::new(creds),
            refresh_at,
            quiet_until: None,
        }
    }

    fn fresh(&self, now: SystemTime) -> bool {
        match self.refresh_at {
            None => true,
            Some(at) => {
                now < at
                    || (self.quiet_until.is_some_and(|q| Instant::now() < q) && self.valid(now))
            }
        }
    }

    fn valid(&self, now: SystemTime) -> bool {
        self.creds.expires_at().is_none_or(|exp| now < exp)
    }
}

impl std::fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let current = self.current.read().ok().and_then(|c| c.clone());
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider.name())
            .field(
                "access_key",
                &current.as_ref().map(|e| e.creds.access_key().to_owned()),
            )
            .field("expires_at", &current.and_then(|e| e.creds.expires_at()))
            .finish()
    }
}

impl CredentialsCache {
    pub(crate) fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            provider,
            current: RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    fn cached(&self) -> Option<Entry> {
        self.current.read().ok().and_then(|c| c.clone())
    }

    /// Credentials to sign with: the cached ones while fresh, else the provider's answer.
    /// A failed refresh keeps the old credentials while they are still valid.
    pub(crate) async fn get(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let now = SystemTime::now();
        if let Some(e) = self.cached().filter(|e| e.fresh(now)) {
            return Ok(e.creds);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        let now = SystemTime::now();
        let old = self.cached();
        if let Some(e) = old.as_ref().filter(|e| e.fresh(now)) {
            return Ok(e.creds.clone());
        }
        match self.provider.provide().await {
            Ok(creds) => {
                if creds
                    .expires_at()
                    .is_some_and(|exp| exp <= SystemTime::now())
                {
                    tracing::warn!(
                        provider = self.provider.name(),
                        "the provider gave credentials that have already expired"
                    );
                }
                let entry = Entry::new(creds, SystemTime::now());
                let creds = entry.creds.clone();
                if let Ok(mut slot) = self.current.write() {
                    *slot = Some(entry);
                }
                tracing::debug!(provider = self.provider.name(), "credentials fetched");
                Ok(creds)
            }
            Err(e) => match old.filter(|o| o.valid(SystemTime::now())) {
                Some(mut still) => {
                    tracing::warn!(
                        provider = self.provider.name(),
                        error = %e,
                        "cannot refresh the credentials; using the current ones until they expire"
                    );
                    still.quiet_until = Some(Instant::now() + RETRY_AFTER_FAILURE);
                    let creds = still.creds.clone();
                    if let Ok(mut slot) = self.current.write() {
                        *slot = Some(still);
                    }
                    Ok(creds)
                }
                None => Err(CredentialsError::Refresh {
                    provider: self.provider.name().to_owned(),
                    source: Box::new(e),
                }),
            },
        }
    }
}
