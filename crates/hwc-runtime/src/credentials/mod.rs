//! Credentials: the AK/SK value, the places the official SDKs read it from, and providers that
//! fetch temporary credentials and refresh them before they expire.
//!
//! Loading follows `huaweicloudsdkcore.auth.provider` (the Go, Java and .NET SDKs agree):
//! environment variables `HUAWEICLOUD_SDK_*`, the INI file `~/.huaweicloud/credentials` (path
//! overridable with `HUAWEICLOUD_SDK_CREDENTIALS_FILE`), the ECS/BMS metadata service, and a
//! pod identity endpoint, in that order ([`default_chain`]).
//!
//! Secrets are wrapped in [`Secret`] so that no `Debug`/`Display` output, log line or error
//! message can contain them, and their memory is zeroed when they are dropped.

mod cache;
mod ini;
mod provider;
mod remote;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use crate::sign::{KeyedSha256, SignError};

pub(crate) use cache::CredentialsCache;
pub use provider::{
    ChainProvider, EnvProvider, ProfileProvider, ProvideCredentials, ProvideFuture, default_chain,
};
pub use remote::{
    DEFAULT_METADATA_ENDPOINT, ENV_METADATA_ENDPOINT, ENV_POD_IDENTITY_TOKEN_FILE,
    ENV_POD_IDENTITY_URI, MetadataProvider, PodIdentityProvider,
};

/// Environment variable holding the access key id.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable holding the secret access key.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable holding the project id (regional services).
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Environment variable holding the account (domain) id (global services).
pub const ENV_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
/// Environment variable holding the security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable that overrides the path of the credentials file.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// Profile (INI section) the official SDKs read regional AK/SK credentials from.
pub const DEFAULT_PROFILE: &str = "basic";
/// Profile (INI section) the official SDKs read global-service credentials from.
pub const GLOBAL_PROFILE: &str = "global";

/// Section tried when [`DEFAULT_PROFILE`] is absent: hand-written files often use it.
const FALLBACK_PROFILE: &str = "default";

/// Keys the official tools write that this runtime cannot honour, with the reason; a profile
/// holding one is refused rather than read without it.
const UNSUPPORTED_PROFILE_KEYS: [(&str, &str); 2] = [
    (
        "idp_id",
        "federated identity (idp_id with id_token_file) is not supported; use ak and sk",
    ),
    (
        "id_token_file",
        "federated identity (idp_id with id_token_file) is not supported; use ak and sk",
    ),
];

/// Keys read from a profile; anything else is reported with a warning.
const PROFILE_KEYS: [&str; 8] = [
    "ak",
    "access_key",
    "sk",
    "secret_key",
    "project_id",
    "domain_id",
    "security_token",
    "iam_endpoint",
];

/// A string that must never be printed: `Debug` and `Display` show `***`, and the memory
/// holding it is zeroed on drop.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(zeroize::Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(zeroize::Zeroizing::new(value.into()))
    }

    /// The secret itself, for the few places (signing, headers) that need it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// AK/SK credentials, permanent or temporary, with the account they act in: the counterpart
/// of the SDK's `BasicCredentials` (project id, regional services) and `GlobalCredentials`
/// (domain id, global services such as IAM) in one type.
#[derive(Clone)]
pub struct Credentials {
    access_key: String,
    secret_key: Secret,
    security_token: Option<Secret>,
    project_id: Option<String>,
    domain_id: Option<String>,
    iam_endpoint: Option<String>,
    expires_at: Option<SystemTime>,
    /// HMAC-SHA256 keyed with `secret_key`, made on first use: every `SDK-HMAC-SHA256`
    /// signature with these credentials starts from it. It is key material: it is kept as
    /// long as the secret key is (that one is zeroed on drop; this state is not, no more than
    /// the copies each signature makes).
    keyed_sha256: OnceLock<Option<KeyedSha256>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .field("security_token", &self.security_token)
            .field("iam_endpoint", &self.iam_endpoint)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Credentials {
    /// Permanent credentials from an access key id and a secret access key.
    pub fn new(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        Self {
            access_key: ak.into(),
            secret_key: sk.into(),
            security_token: None,
            project_id: None,
            domain_id: None,
            iam_endpoint: None,
            expires_at: None,
            keyed_sha256: OnceLock::new(),
        }
    }

    /// HMAC-SHA256 keyed with the secret key, keyed once (no setter changes the key).
    pub(crate) fn keyed_sha256(&self) -> Result<&KeyedSha256, SignError> {
        self.keyed_sha256
            .get_or_init(|| KeyedSha256::new(self.secret_key.expose().as_bytes()).ok())
            .as_ref()
            .ok_or(SignError::KeyMaterial)
    }

    /// Sets the project id: it fills `{project_id}` in paths and is sent as `X-Project-Id`
    /// by regional services.
    pub fn with_project_id(mut self, id: impl Into<String>) -> Self {
        self.project_id = Some(id.into());
        self
    }

    /// Sets the account (domain) id: it fills `{domain_id}` in paths and is sent as
    /// `X-Domain-Id` by global services.
    pub fn with_domain_id(mut self, id: impl Into<String>) -> Self {
        self.domain_id = Some(id.into());
        self
    }

    /// Marks the credentials as temporary: the token is sent as `X-Security-Token`.
    pub fn with_security_token(mut self, t: impl Into<Secret>) -> Self {
        self.security_token = Some(t.into());
        self
    }

    /// The IAM endpoint a missing project or domain id is looked up from (the profile key
    /// `iam_endpoint`); the client's own setting wins.
    pub fn with_iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// When temporary credentials stop working; a client refreshes them ahead of it.
    pub fn with_expiry(mut self, at: SystemTime) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The access key id (not a secret: it is sent in every `Authorization` header).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret access key.
    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The project id, when one is known.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The account (domain) id, when one is known.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// The IAM endpoint given with the credentials.
    pub fn iam_endpoint(&self) -> Option<&str> {
        self.iam_endpoint.as_deref()
    }

    /// When temporary credentials expire; `None` for permanent ones.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `_SK`, `_PROJECT_ID`, `_DOMAIN_ID` and `_SECURITY_TOKEN`
    /// from the process environment.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], with the variables looked up through `get`.
    ///
    /// Empty values count as unset, as in the SDK (`if ak and sk`), so that an exported but
    /// empty `HUAWEICLOUD_SDK_SECURITY_TOKEN` does not turn permanent keys into temporary ones.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let non_empty = |name: &str| get(name).filter(|v| !v.is_empty());
        let ak = non_empty(ENV_AK).ok_or(CredentialsError::MissingEnvVar { name: ENV_AK })?;
        let sk = non_empty(ENV_SK).ok_or(CredentialsError::MissingEnvVar { name: ENV_SK })?;
        let mut creds = Self::new(ak, sk);
        creds.project_id = non_empty(ENV_PROJECT_ID);
        creds.domain_id = non_empty(ENV_DOMAIN_ID);
        creds.security_token = non_empty(ENV_SECURITY_TOKEN).map(Secret::from);
        Ok(creds)
    }

    /// Reads one profile (INI section) of a credentials file written the way the official
    /// SDKs document it:
    ///
    /// ```ini
    /// [basic]                 ; [global] for global services
    /// ak = ...
    /// sk = ...
    /// project_id = ...        ; optional ([basic])
    /// domain_id = ...         ; optional ([global])
    /// security_token = ...    ; optional, temporary credentials
    /// iam_endpoint = ...      ; optional, where a missing id is looked up
    /// ```
    ///
    /// Parsing follows Python's `configparser`: `=` or `:` separates a key from its value,
    /// keys are case-insensitive, values are trimmed, whole-line `#`/`;` comments, indented
    /// continuation lines and a `[DEFAULT]` section are understood. Tolerated beyond that: a
    /// UTF-8 BOM, a case-insensitive section match when no exact one exists, `-` for `_` in
    /// keys, `access_key`/`secret_key` for `ak`/`sk`, and repeated keys (the last one wins).
    ///
    /// Keys of federated identity (`idp_id`, `id_token_file`) are refused with an error
    /// saying so, and any other unknown key is named in a warning: nothing in the file is
    /// dropped silently.
    pub fn from_profile_file(path: &Path, profile: &str) -> Result<Self, CredentialsError> {
        let text = std::fs::read_to_string(path).map_err(|source| CredentialsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let ini = ini::parse_ini(&text).map_err(|line| CredentialsError::Syntax {
            path: path.to_path_buf(),
            line,
        })?;
        let section = ini
            .profile(profile)
            .ok_or_else(|| CredentialsError::ProfileNotFound {
                path: path.to_path_buf(),
                profile: profile.to_owned(),
            })?;
        for key in section.keys() {
            if let Some((_, reason)) = UNSUPPORTED_PROFILE_KEYS.iter().find(|(k, _)| *k == key) {
                return Err(CredentialsError::UnsupportedProfileKey {
                    path: path.to_path_buf(),
                    profile: profile.to_owned(),
                    key: key.to_owned(),
                    reason,
                });
            }
            if !PROFILE_KEYS.contains(&key) {
                tracing::warn!(
                    file = %path.display(),
                    profile,
                    key,
                    "unknown key in the credentials file is ignored"
                );
            }
        }
        let missing = |key: &'static str| CredentialsError::MissingProfileKey {
            path: path.to_path_buf(),
            profile: profile.to_owned(),
            key,
        };
        let ak = section
            .get(&["ak", "access_key"])
            .ok_or_else(|| missing("ak"))?;
        let sk = section
            .get(&["sk", "secret_key"])
            .ok_or_else(|| missing("sk"))?;
        let mut creds = Self::new(ak, sk);
        creds.project_id = section.get(&["project_id"]).map(str::to_owned);
        creds.domain_id = section.get(&["domain_id"]).map(str::to_owned);
        creds.security_token = section.get(&["security_token"]).map(Secret::from);
        creds.iam_endpoint = section.get(&["iam_endpoint"]).map(str::to_owned);
        Ok(creds)
    }

    /// Reads the file the official SDKs read: `$HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
    /// `~/.huaweicloud/credentials`; profile `basic` (the SDK's), else `default`.
    pub fn from_default_profile() -> Result<Self, CredentialsError> {
        let path = default_credentials_path(|name| std::env::var_os(name).map(PathBuf::from))?;
        read_profile_with_fallback(&path, DEFAULT_PROFILE)
    }
}

/// `profile` of `path`, else the `default` section, an error naming `profile` when neither
/// exists (it is the one a user should add).
fn read_profile_with_fallback(path: &Path, profile: &str) -> Result<Credentials, CredentialsError> {
    match Credentials::from_profile_file(path, profile) {
        Err(CredentialsError::ProfileNotFound { .. }) => {
            Credentials::from_profile_file(path, FALLBACK_PROFILE).map_err(|err| match err {
                CredentialsError::ProfileNotFound { path, .. } => {
                    CredentialsError::ProfileNotFound {
                        path,
                        profile: profile.to_owned(),
                    }
                }
                other => other,
            })
        }
        other => other,
    }
}

/// Why credentials could not be had. Messages name variables, files, profiles, keys, line
/// numbers, providers and endpoints, never a value.
#[derive(Debug)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A required environment variable is unset or empty.
    MissingEnvVar {
        /// The variable's name.
        name: &'static str,
    },
    /// Neither `HUAWEICLOUD_SDK_CREDENTIALS_FILE` nor a home directory is set.
    NoHomeDirectory,
    /// The credentials file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line of the credentials file is neither a section header, a `key = value` pair, a
    /// continuation, a comment nor blank (the line itself is not repeated: it may hold a key).
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
    },
    /// The file has no such section.
    ProfileNotFound {
        /// The file.
        path: PathBuf,
        /// The section looked for.
        profile: String,
    },
    /// The section lacks a required key, or its value is empty.
    MissingProfileKey {
        /// The file.
        path: PathBuf,
        /// The section.
        profile: String,
        /// The key (`ak` or `sk`).
        key: &'static str,
    },
    /// The section holds a key the official tools write that this runtime cannot honour.
    UnsupportedProfileKey {
        /// The file.
        path: PathBuf,
        /// The section.
        profile: String,
        /// The key.
        key: String,
        /// Why it cannot be honoured and what to do instead.
        reason: &'static str,
    },
    /// A provider that asks a server (metadata service, pod identity) got no usable answer.
    Remote {
        /// The provider's name.
        provider: &'static str,
        /// The URL asked.
        url: String,
        /// What went wrong (status, missing field), never a credential value.
        message: String,
        /// The underlying error, when there is one.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A provider of the caller's own failed.
    Custom {
        /// The provider's name.
        provider: String,
        /// What went wrong.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Every provider of a chain failed; each one's error, in order.
    Chain {
        /// The provider's name and its error.
        failures: Vec<(String, CredentialsError)>,
    },
    /// Credentials could not be refreshed and the last ones have expired (or there were none).
    Refresh {
        /// The provider that failed.
        provider: String,
        /// Its error.
        source: Box<CredentialsError>,
    },
}

impl CredentialsError {
    /// A provider of the caller's own failed with `source`.
    pub fn custom(
        provider: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::Custom {
            provider: provider.into(),
            source: source.into(),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingEnvVar { name } => {
                write!(f, "environment variable {name} is not set or empty")
            }
            Self::NoHomeDirectory => write!(
                f,
                "cannot locate the credentials file: neither {ENV_CREDENTIALS_FILE} nor HOME is set"
            ),
            Self::Io { path, .. } => {
                write!(f, "cannot read credentials file {}", path.display())
            }
            Self::Syntax { path, line } => write!(
                f,
                "credentials file {} line {line}: expected [section], key = value or a comment",
                path.display()
            ),
            Self::ProfileNotFound { path, profile } => write!(
                f,
                "credentials file {} has no [{profile}] section",
                path.display()
            ),
            Self::MissingProfileKey { path, profile, key } => write!(
                f,
                "credentials file {} section [{profile}] has no (or an empty) '{key}'",
                path.display()
            ),
            Self::UnsupportedProfileKey {
                path,
                profile,
                key,
                reason,
            } => write!(
                f,
                "credentials file {} section [{profile}] has '{key}': {reason}",
                path.display()
            ),
            Self::Remote {
                provider,
                url,
                message,
                ..
            } => write!(f, "{provider} at {url}: {message}"),
            Self::Custom { provider, .. } => write!(f, "credentials provider {provider} failed"),
            Self::Chain { failures } => {
                f.write_str("no credentials from any provider of the chain")?;
                for (name, e) in failures {
                    write!(f, "; {name}: {e}")?;
                    let mut cause = std::error::Error::source(e);
                    while let Some(c) = cause {
                        write!(f, ": {c}")?;
                        cause = c.source();
                    }
                }
                Ok(())
            }
            Self::Refresh { provider, .. } => write!(
                f,
                "cannot get credentials from the {provider} provider, and none that are still valid are cached"
            ),
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Remote { source, .. } => source.as_deref().map(|s| s as _),
            Self::Custom { source, .. } => Some(source.as_ref()),
            Self::Refresh { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// `$HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `<home>/.huaweicloud/credentials`.
fn default_credentials_path(
    get: impl Fn(&str) -> Option<PathBuf>,
) -> Result<PathBuf, CredentialsError> {
    let non_empty = |name: &str| get(name).filter(|p| !p.as_os_str().is_empty());
    if let Some(path) = non_empty(ENV_CREDENTIALS_FILE) {
        return Ok(path);
    }
    // USERPROFILE is where the SDKs look on Windows.
    let home = non_empty("HOME")
        .or_else(|| non_empty("USERPROFILE"))
        .ok_or(CredentialsError::NoHomeDirectory)?;
    Ok(home.join(".huaweicloud").join("credentials"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn temp_file(name: &str, contents: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hwc-runtime-creds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    #[test]
    fn secret_is_redacted() {
        let s = Secret::from("hunter2");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn credentials_debug_redacts_sk_and_token() {
        let c = Credentials::new("AKID", "SECRET-SK")
            .with_project_id("proj")
            .with_security_token("SECRET-TOKEN");
        let dbg = format!("{c:?} {c:#?}");
        assert!(dbg.contains("AKID") && dbg.contains("proj"));
        assert!(!dbg.contains("SECRET"), "{dbg}");
    }

    #[test]
    fn env_vars_complete() {
        let c = Credentials::from_env_vars(env(&[
            (ENV_AK, "ak1"),
            (ENV_SK, "sk1"),
            (ENV_PROJECT_ID, "p1"),
            (ENV_SECURITY_TOKEN, "t1"),
        ]))
        .unwrap();
        assert_eq!(c.access_key(), "ak1");
        assert_eq!(c.secret_key().expose(), "sk1");
        assert_eq!(c.project_id(), Some("p1"));
        assert_eq!(c.security_token().map(Secret::expose), Some("t1"));
    }

    #[test]
    fn env_vars_missing_are_named() {
        let err = Credentials::from_env_vars(env(&[(ENV_SK, "sk1")])).unwrap_err();
        assert!(matches!(
            err,
            CredentialsError::MissingEnvVar { name: ENV_AK }
        ));
        assert!(err.to_string().contains("HUAWEICLOUD_SDK_AK"));

        let err = Credentials::from_env_vars(env(&[(ENV_AK, "ak1"), (ENV_SK, "")])).unwrap_err();
        assert!(err.to_string().contains("HUAWEICLOUD_SDK_SK"));
    }

    #[test]
    fn env_vars_empty_optionals_are_none() {
        let c = Credentials::from_env_vars(env(&[
            (ENV_AK, "ak1"),
            (ENV_SK, "sk1"),
            (ENV_PROJECT_ID, ""),
            (ENV_SECURITY_TOKEN, ""),
        ]))
        .unwrap();
        assert_eq!(c.project_id(), None);
        assert!(c.security_token().is_none());
    }

    #[test]
    fn profile_file_sdk_layout() {
        let path = temp_file(
            "sdk-layout",
            "\u{feff}# written by hand\n\
             [global]\n\
             ak = GLOBALAK\n\
             sk = GLOBALSK\n\
             \n\
             [basic]\n\
             AK = BASICAK\n\
             sk: basic/sk+value=\n\
             ; a comment\n\
             project_id = p-1\n\
             security_token =  tok  \n",
        );
        let c = Credentials::from_profile_file(&path, "basic").unwrap();
        assert_eq!(c.access_key(), "BASICAK");
        assert_eq!(c.secret_key().expose(), "basic/sk+value=");
        assert_eq!(c.project_id(), Some("p-1"));
        assert_eq!(c.security_token().map(Secret::expose), Some("tok"));

        let g = Credentials::from_profile_file(&path, "global").unwrap();
        assert_eq!(g.access_key(), "GLOBALAK");
        assert_eq!(g.project_id(), None);
    }

    #[test]
    fn profile_file_defaults_aliases_and_case() {
        let path = temp_file(
            "aliases",
            "[DEFAULT]\nproject-id = shared\n[Default]\naccess_key = A\nsecret_key = S\n",
        );
        let c = Credentials::from_profile_file(&path, "default").unwrap();
        assert_eq!(c.access_key(), "A");
        assert_eq!(c.secret_key().expose(), "S");
        assert_eq!(c.project_id(), Some("shared"));
    }

    #[test]
    fn profile_file_errors_name_file_profile_key_and_line() {
        let path = temp_file("errors", "[basic]\nak = A\nsk =\n");
        let err = Credentials::from_profile_file(&path, "basic").unwrap_err();
        assert!(matches!(
            err,
            CredentialsError::MissingProfileKey { key: "sk", .. }
        ));
        let msg = err.to_string();
        assert!(msg.contains("errors") && msg.contains("[basic]") && msg.contains("'sk'"));

        let err = Credentials::from_profile_file(&path, "other").unwrap_err();
        assert!(matches!(err, CredentialsError::ProfileNotFound { .. }));

        let path = temp_file("syntax", "[basic]\nak = A\nsk SECRETVALUE\n");
        let err = Credentials::from_profile_file(&path, "basic").unwrap_err();
        assert!(matches!(err, CredentialsError::Syntax { line: 3, .. }));
        assert!(!err.to_string().contains("SECRETVALUE"));

        let path = temp_file("no-section", "ak = A\n");
        let err = Credentials::from_profile_file(&path, "basic").unwrap_err();
        assert!(matches!(err, CredentialsError::Syntax { line: 1, .. }));

        let missing = std::env::temp_dir().join("hwc-runtime-no-such-dir/credentials");
        let err = Credentials::from_profile_file(&missing, "basic").unwrap_err();
        assert!(matches!(err, CredentialsError::Io { .. }));
        assert!(err.to_string().contains("hwc-runtime-no-such-dir"));
    }

    #[test]
    fn profile_file_continuation_lines() {
        let path = temp_file(
            "continued",
            "[basic]\nak = A\nsk = S\nsecurity_token = one\n  two\n",
        );
        let c = Credentials::from_profile_file(&path, "basic").unwrap();
        assert_eq!(c.security_token().map(Secret::expose), Some("one\ntwo"));
    }

    #[test]
    fn default_path_prefers_env_override() {
        let over = default_credentials_path(|n| {
            (n == ENV_CREDENTIALS_FILE).then(|| PathBuf::from("/x/creds"))
        })
        .unwrap();
        assert_eq!(over, PathBuf::from("/x/creds"));
        let home =
            default_credentials_path(|n| (n == "HOME").then(|| PathBuf::from("/home/u"))).unwrap();
        assert_eq!(home, PathBuf::from("/home/u/.huaweicloud/credentials"));
        assert!(matches!(
            default_credentials_path(|_| None),
            Err(CredentialsError::NoHomeDirectory)
        ));
    }

    #[test]
    fn every_key_the_official_tools_write_is_read_or_refused() {
        let path = temp_file(
            "global",
            "[global]\nak = G\nsk = S\ndomain_id = d-1\niam_endpoint = http://127.0.0.1:9\nsecurity_token = t\n",
        );
        let c = Credentials::from_profile_file(&path, "global").unwrap();
        assert_eq!(c.domain_id(), Some("d-1"));
        assert_eq!(c.iam_endpoint(), Some("http://127.0.0.1:9"));
        assert!(c.security_token().is_some());

        let path = temp_file(
            "federated",
            "[basic]\nak = A\nsk = S\nidp_id = idp\nid_token_file = /t\n",
        );
        let err = Credentials::from_profile_file(&path, "basic").unwrap_err();
        assert!(
            matches!(&err, CredentialsError::UnsupportedProfileKey { key, .. } if key == "idp_id" || key == "id_token_file"),
            "{err:?}"
        );
        assert!(err.to_string().contains("federated identity"), "{err}");
    }

    #[test]
    fn env_vars_domain_id() {
        let c = Credentials::from_env_vars(env(&[
            (ENV_AK, "ak1"),
            (ENV_SK, "sk1"),
            (ENV_DOMAIN_ID, "d1"),
        ]))
        .unwrap();
        assert_eq!(c.domain_id(), Some("d1"));
        assert_eq!(c.project_id(), None);
    }

    #[test]
    fn secrets_are_zeroized_types() {
        // Zeroizing<String> is what makes drop wipe the bytes; pin the type so a refactor
        // back to a plain String fails here.
        fn wipes<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let s = Secret::from("x");
        wipes(&s.0);
    }
}
