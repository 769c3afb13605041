//! Providers that ask a server for temporary credentials: the ECS/BMS metadata service and a
//! pod identity endpoint, as `huaweicloudsdkcore.auth.internal` asks them.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use super::provider::{ProvideCredentials, ProvideFuture};
use super::{Credentials, CredentialsError, Secret};

/// Environment variable pointing the metadata provider at another endpoint (a local server
/// in tests); not one of the official SDKs', which have the address built in.
pub const ENV_METADATA_ENDPOINT: &str = "HUAWEICLOUD_SDK_METADATA_ENDPOINT";
/// The metadata service of ECS and BMS instances.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
/// Environment variable with the pod identity endpoint's full URL (set by CCE).
pub const ENV_POD_IDENTITY_URI: &str = "HC_CONTAINER_CREDENTIALS_FULL_URI";
/// Environment variable with the file holding the pod identity authorization token.
pub const ENV_POD_IDENTITY_TOKEN_FILE: &str = "HC_CONTAINER_AUTHORIZATION_TOKEN_FILE";

const METADATA_TOKEN_PATH: &str = "/meta-data/latest/api/token";
const METADATA_SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
/// The answer of an instance without an agency: no token would help, so none is fetched.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";
/// Lifetime asked for the metadata session token, as the SDK asks (6 h).
const METADATA_TOKEN_TTL: &str = "21600";
/// Longest excerpt of an error answer kept in a message.
const SHOWN: usize = 200;

/// Temporary credentials of the agency attached to the ECS or BMS instance this runs on,
/// from the metadata service (`GET /openstack/latest/securitykey`, with the session token of
/// `PUT /meta-data/latest/api/token` when the service gives one).
///
/// The endpoint is [`MetadataProvider::endpoint`], else `HUAWEICLOUD_SDK_METADATA_ENDPOINT`,
/// else `http://169.254.169.254`. Each answer carries its expiry; a client refreshes ahead
/// of it.
#[derive(Debug, Default)]
pub struct MetadataProvider {
    endpoint: Option<String>,
    token: tokio::sync::Mutex<Option<Secret>>,
    http: OnceLock<reqwest::Client>,
}

impl MetadataProvider {
    /// The provider, at the default endpoint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks this endpoint instead, e.g. `http://127.0.0.1:8080`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into().trim_end_matches('/').to_owned());
        self
    }

    fn base(&self) -> String {
        self.endpoint.clone().unwrap_or_else(|| {
            std::env::var(ENV_METADATA_ENDPOINT)
                .ok()
                .map(|v| v.trim().trim_end_matches('/').to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned())
        })
    }

    /// A session token, or `None` where the service has none (older instances answer 404,
    /// 405 or 503: the key is then read without one, as the SDK does).
    async fn session_token(
        &self,
        base: &str,
        http: &reqwest::Client,
    ) -> Result<Option<Secret>, CredentialsError> {
        let url = format!("{base}{METADATA_TOKEN_PATH}");
        let resp = http
            .put(&url)
            .header("X-Metadata-Token-Ttl-Seconds", METADATA_TOKEN_TTL)
            .send()
            .await
            .map_err(|e| remote(PROVIDER_METADATA, &url, "no answer", Some(e)))?;
        let status = resp.status().as_u16();
        match status {
            200 => {
                let text = resp.text().await.map_err(|e| {
                    remote(PROVIDER_METADATA, &url, "the answer broke off", Some(e))
                })?;
                Ok(Some(Secret::new(text.trim())))
            }
            404 | 405 | 503 => Ok(None),
            _ => Err(status_error(PROVIDER_METADATA, &url, status, resp).await),
        }
    }
}

const PROVIDER_METADATA: &str = "metadata service";
const PROVIDER_POD: &str = "pod identity";

impl ProvideCredentials for MetadataProvider {
    fn name(&self) -> &str {
        PROVIDER_METADATA
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let base = self.base();
            let http = client(&self.http, Duration::from_secs(3))?;
            let url = format!("{base}{METADATA_SECURITY_KEY_PATH}");
            // One fetch at a time keeps the session token consistent.
            let mut token = self.token.lock().await;
            if token.is_none() {
                *token = self.session_token(&base, http).await?;
            }
            let get = |token: Option<&Secret>| {
                let mut req = http.get(&url);
                if let Some(t) = token {
                    req = req.header("X-Metadata-Token", t.expose());
                }
                req.send()
            };
            let mut resp = get(token.as_ref())
                .await
                .map_err(|e| remote(PROVIDER_METADATA, &url, "no answer", Some(e)))?;
            if resp.status().as_u16() == 401 {
                let text = resp.text().await.unwrap_or_default();
                if text.contains(NO_AGENCY) {
                    return Err(remote(
                        PROVIDER_METADATA,
                        &url,
                        &format!("HTTP 401: {}", excerpt(&text)),
                        None::<reqwest::Error>,
                    ));
                }
                // The session token expired: one new token, one more try.
                *token = self.session_token(&base, http).await?;
                resp = get(token.as_ref())
                    .await
                    .map_err(|e| remote(PROVIDER_METADATA, &url, "no answer", Some(e)))?;
            }
            read_credentials(PROVIDER_METADATA, &url, resp).await
        })
    }
}

/// Temporary credentials from a pod identity endpoint (CCE): `POST` to
/// `HC_CONTAINER_CREDENTIALS_FULL_URI` with the token of the file named by
/// `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` as `Authorization`, as the SDK does. The file is
/// read on every fetch, since the platform rotates it.
#[derive(Debug, Default)]
pub struct PodIdentityProvider {
    uri: Option<String>,
    token_file: Option<PathBuf>,
    http: OnceLock<reqwest::Client>,
}

impl PodIdentityProvider {
    /// The provider, configured from the environment when asked.
    pub fn new() -> Self {
        Self::default()
    }

    /// The endpoint's full URL, instead of `HC_CONTAINER_CREDENTIALS_FULL_URI`.
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }

    /// The token file, instead of `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }
}

impl ProvideCredentials for PodIdentityProvider {
    fn name(&self) -> &str {
        PROVIDER_POD
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let non_empty = |name: &'static str| {
                std::env::var(name)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
                    .ok_or(CredentialsError::MissingEnvVar { name })
            };
            let uri = match &self.uri {
                Some(u) => u.clone(),
                None => non_empty(ENV_POD_IDENTITY_URI)?,
            };
            let file = match &self.token_file {
                Some(f) => f.clone(),
                None => PathBuf::from(non_empty(ENV_POD_IDENTITY_TOKEN_FILE)?),
            };
            let token = std::fs::read_to_string(&file).map_err(|source| CredentialsError::Io {
                path: file.clone(),
                source,
            })?;
            let token = Secret::new(token.trim());
            if token.is_empty() {
                return Err(remote(
                    PROVIDER_POD,
                    &uri,
                    &format!("the token file {} is empty", file.display()),
                    None::<reqwest::Error>,
                ));
            }
            let http = client(&self.http, Duration::from_secs(5))?;
            let resp = http
                .post(&uri)
                .header("Authorization", token.expose())
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .map_err(|e| remote(PROVIDER_POD, &uri, "no answer", Some(e)))?;
            read_credentials(PROVIDER_POD, &uri, resp).await
        })
    }
}

/// The provider's own HTTP client: short timeouts, no redirects, no proxy from the
/// environment (the metadata address is link-local and must not go through one).
fn client(
    cell: &OnceLock<reqwest::Client>,
    timeout: Duration,
) -> Result<&reqwest::Client, CredentialsError> {
    if let Some(c) = cell.get() {
        return Ok(c);
    }
    let built = reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(|e| CredentialsError::Remote {
            provider: "credentials",
            url: String::new(),
            message: "cannot build the HTTP client".to_owned(),
            source: Some(Box::new(e)),
        })?;
    Ok(cell.get_or_init(|| built))
}

fn remote<E: std::error::Error + Send + Sync + 'static>(
    provider: &'static str,
    url: &str,
    message: &str,
    source: Option<E>,
) -> CredentialsError {
    CredentialsError::Remote {
        provider,
        url: url.to_owned(),
        message: message.to_owned(),
        source: source.map(|e| Box::new(e) as _),
    }
}

/// An error answer: its status and the start of its text (error answers carry a reason, not
/// credentials).
async fn status_error(
    provider: &'static str,
    url: &str,
    status: u16,
    resp: reqwest::Response,
) -> CredentialsError {
    let text = resp.text().await.unwrap_or_default();
    let message = if text.trim().is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {}", excerpt(&text))
    };
    remote(provider, url, &message, None::<reqwest::Error>)
}

fn excerpt(text: &str) -> String {
    let t = text.trim();
    let mut out: String = t
        .chars()
        .take(SHOWN)
        .flat_map(char::escape_default)
        .collect();
    if t.chars().count() > SHOWN {
        out.push('…');
    }
    out
}

/// Reads a credentials answer; a failure names what is missing, never a value.
async fn read_credentials(
    provider: &'static str,
    url: &str,
    resp: reqwest::Response,
) -> Result<Credentials, CredentialsError> {
    let status = resp.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(status_error(provider, url, status, resp).await);
    }
    let body = resp
        .bytes()
        .await
        .map_err(|e| remote(provider, url, "the answer broke off", Some(e)))?;
    parse_credentials(&body).map_err(|what| remote(provider, url, &what, None::<reqwest::Error>))
}

/// The credential object as the SDK's `StsAccessor._process_credential` reads it: under
/// `credential` or `credentials` (or at the top), each field under any of its spellings.
pub(crate) fn parse_credentials(body: &[u8]) -> Result<Credentials, String> {
    let doc: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the answer is not JSON ({e})"))?;
    let obj = doc
        .get("credential")
        .or_else(|| doc.get("credentials"))
        .unwrap_or(&doc);
    let field = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| obj.get(*n).and_then(serde_json::Value::as_str))
            .filter(|v| !v.is_empty())
    };
    let access = field(&["access", "accessKeyId", "access_key_id"])
        .ok_or("the answer has no access key (`access`)")?;
    let secret = field(&["secret", "secretAccessKey", "secret_access_key"])
        .ok_or("the answer has no secret key (`secret`)")?;
    let mut creds = Credentials::new(access, secret);
    if let Some(t) = field(&["securitytoken", "securityToken", "security_token"]) {
        creds = creds.with_security_token(t);
    }
    if let Some(e) = field(&["expires_at", "expiration"]) {
        let at = crate::sign::parse_rfc3339(e)
            .ok_or_else(|| format!("the expiry `{}` is not a date and time", excerpt(e)))?;
        creds = creds.with_expiry(at);
    }
    Ok(creds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_answers_in_every_spelling() {
        let c = parse_credentials(
            br#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2026-12-02T10:00:00.000000Z"}}"#,
        )
        .unwrap();
        assert_eq!(c.access_key(), "A");
        assert_eq!(c.secret_key().expose(), "S");
        assert_eq!(c.security_token().map(Secret::expose), Some("T"));
        assert!(c.expires_at().is_some());
        let c = parse_credentials(
            br#"{"accessKeyId":"A","secretAccessKey":"S","securityToken":"T","expiration":"2026-12-02T10:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(c.access_key(), "A");
        let err = parse_credentials(br#"{"credential":{"access":"A"}}"#).unwrap_err();
        assert!(err.contains("secret"), "{err}");
        let err = parse_credentials(
            br#"{"credential":{"access":"A","secret":"TOPSECRET","expires_at":"soon"}}"#,
        )
        .unwrap_err();
        assert!(!err.contains("TOPSECRET") && err.contains("soon"), "{err}");
        assert!(parse_credentials(b"<html>").is_err());
    }
}
