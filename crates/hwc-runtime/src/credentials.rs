//! AK/SK credentials and the places the official SDKs read them from.
//!
//! Loading follows `huaweicloudsdkcore.auth.provider` (the Go, Java and .NET SDKs agree):
//! environment variables `HUAWEICLOUD_SDK_*`, and the INI file `~/.huaweicloud/credentials`
//! (path overridable with `HUAWEICLOUD_SDK_CREDENTIALS_FILE`) whose `[basic]` section holds
//! `ak`, `sk`, `project_id` and `security_token`.
//!
//! Secrets are wrapped in [`Secret`] so that no `Debug`/`Display` output, log line or error
//! message can contain them.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable holding the access key id.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable holding the secret access key.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable holding the project id.
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Environment variable holding the security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable that overrides the path of the credentials file.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// Profile (INI section) the official SDKs read regional AK/SK credentials from.
pub const DEFAULT_PROFILE: &str = "basic";

/// Section tried when [`DEFAULT_PROFILE`] is absent: hand-written files often use it.
const FALLBACK_PROFILE: &str = "default";
/// configparser applies this section's keys to every other section.
const INI_DEFAULTS_SECTION: &str = "DEFAULT";

/// A string that must never be printed: `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
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
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// AK/SK credentials for regional services, the counterpart of the SDK's `BasicCredentials`.
#[derive(Clone)]
pub struct Credentials {
    access_key: String,
    secret_key: Secret,
    project_id: Option<String>,
    security_token: Option<Secret>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .field("project_id", &self.project_id)
            .field("security_token", &self.security_token)
            .finish()
    }
}

impl Credentials {
    /// Permanent credentials from an access key id and a secret access key.
    pub fn new(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        Self {
            access_key: ak.into(),
            secret_key: sk.into(),
            project_id: None,
            security_token: None,
        }
    }

    /// Sets the project id: it fills `{project_id}` in paths and is sent as `X-Project-Id`.
    pub fn with_project_id(mut self, id: impl Into<String>) -> Self {
        self.project_id = Some(id.into());
        self
    }

    /// Marks the credentials as temporary: the token is sent as `X-Security-Token`.
    pub fn with_security_token(mut self, t: impl Into<Secret>) -> Self {
        self.security_token = Some(t.into());
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

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `_SK`, `_PROJECT_ID` and `_SECURITY_TOKEN` from the
    /// process environment.
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
        creds.security_token = non_empty(ENV_SECURITY_TOKEN).map(Secret::from);
        Ok(creds)
    }

    /// Reads one profile (INI section) of a credentials file written the way the official
    /// SDKs document it:
    ///
    /// ```ini
    /// [basic]
    /// ak = ...
    /// sk = ...
    /// project_id = ...        ; optional
    /// security_token = ...    ; optional, temporary credentials
    /// ```
    ///
    /// Parsing follows Python's `configparser`: `=` or `:` separates a key from its value,
    /// keys are case-insensitive, values are trimmed, whole-line `#`/`;` comments, indented
    /// continuation lines and a `[DEFAULT]` section are understood. Tolerated beyond that: a
    /// UTF-8 BOM, a case-insensitive section match when no exact one exists, `-` for `_` in
    /// keys, `access_key`/`secret_key` for `ak`/`sk`, and repeated keys (the last one wins).
    pub fn from_profile_file(path: &Path, profile: &str) -> Result<Self, CredentialsError> {
        let text = std::fs::read_to_string(path).map_err(|source| CredentialsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let ini = parse_ini(&text).map_err(|line| CredentialsError::Syntax {
            path: path.to_path_buf(),
            line,
        })?;
        let section = ini
            .profile(profile)
            .ok_or_else(|| CredentialsError::ProfileNotFound {
                path: path.to_path_buf(),
                profile: profile.to_owned(),
            })?;
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
        creds.security_token = section.get(&["security_token"]).map(Secret::from);
        Ok(creds)
    }

    /// Reads the file the official SDKs read: `$HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
    /// `~/.huaweicloud/credentials`; profile `basic` (the SDK's), else `default`.
    pub fn from_default_profile() -> Result<Self, CredentialsError> {
        let path = default_credentials_path(|name| std::env::var_os(name).map(PathBuf::from))?;
        match Self::from_profile_file(&path, DEFAULT_PROFILE) {
            Err(CredentialsError::ProfileNotFound { .. }) => {
                Self::from_profile_file(&path, FALLBACK_PROFILE).map_err(|err| match err {
                    // Name the SDK's profile: it is the one a user should add.
                    CredentialsError::ProfileNotFound { path, .. } => {
                        CredentialsError::ProfileNotFound {
                            path,
                            profile: DEFAULT_PROFILE.to_owned(),
                        }
                    }
                    other => other,
                })
            }
            other => other,
        }
    }
}

/// Why credentials could not be loaded. Messages name variables, files, profiles, keys and
/// line numbers, never a value.
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
            Self::Io { path, source } => {
                write!(
                    f,
                    "cannot read credentials file {}: {source}",
                    path.display()
                )
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
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
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

/// Sections in file order; keys already normalised (lower-case, `_` for `-`).
struct Ini {
    sections: Vec<(String, HashMap<String, String>)>,
}

/// A profile's keys with the `[DEFAULT]` section underneath.
struct Section<'a> {
    own: &'a HashMap<String, String>,
    defaults: Option<&'a HashMap<String, String>>,
}

impl Ini {
    fn section(&self, name: &str) -> Option<&HashMap<String, String>> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, kv)| kv)
    }

    fn profile(&self, name: &str) -> Option<Section<'_>> {
        // Exact name, then any case; [DEFAULT] itself only as the last resort.
        let any_case = |defaults_ok: bool| {
            self.sections
                .iter()
                .filter(|(n, _)| defaults_ok || n != INI_DEFAULTS_SECTION)
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, kv)| kv)
        };
        let own = self
            .section(name)
            .or_else(|| any_case(false))
            .or_else(|| any_case(true))?;
        Some(Section {
            own,
            defaults: self.section(INI_DEFAULTS_SECTION),
        })
    }
}

impl Section<'_> {
    /// The first non-empty value among `keys`, own keys before `[DEFAULT]` ones.
    fn get(&self, keys: &[&str]) -> Option<&str> {
        fn lookup<'m>(map: &'m HashMap<String, String>, keys: &[&str]) -> Option<&'m str> {
            keys.iter()
                .filter_map(|k| map.get(*k))
                .map(String::as_str)
                .find(|v| !v.is_empty())
        }
        lookup(self.own, keys).or_else(|| self.defaults.and_then(|d| lookup(d, keys)))
    }
}

/// Parses INI text; the error is the 1-based number of the offending line.
fn parse_ini(text: &str) -> Result<Ini, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<(String, HashMap<String, String>)> = Vec::new();
    // The key a continuation line extends, with the indentation of its line.
    let mut last_key: Option<(String, usize)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if let (Some((key, key_indent)), Some((_, map))) = (&last_key, sections.last_mut()) {
            if indent > *key_indent {
                if let Some(value) = map.get_mut(key) {
                    value.push('\n');
                    value.push_str(trimmed);
                }
                continue;
            }
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            let name = name.trim().to_owned();
            if !sections.iter().any(|(n, _)| *n == name) {
                sections.push((name.clone(), HashMap::new()));
            }
            // Re-opened sections merge, as configparser does with strict=False.
            if let Some(pos) = sections.iter().position(|(n, _)| *n == name) {
                let entry = sections.remove(pos);
                sections.push(entry);
            }
            last_key = None;
            continue;
        }
        let (_, map) = sections.last_mut().ok_or(line_no)?;
        let split = trimmed.find(['=', ':']).ok_or(line_no)?;
        let key = normalise_key(&trimmed[..split]);
        if key.is_empty() {
            return Err(line_no);
        }
        let value = trimmed[split + 1..].trim().to_owned();
        map.insert(key.clone(), value);
        last_key = Some((key, indent));
    }
    Ok(Ini { sections })
}

fn normalise_key(raw: &str) -> String {
    raw.trim().to_lowercase().replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
