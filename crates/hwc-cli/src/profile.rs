//! `hwc`'s own profiles: a JSON file with KooCLI's field names (`~/.hwc/config.json`, or
//! `$HWC_CONFIG_FILE`), written with mode 0600 through a temporary file renamed over the
//! old one, so a crash never leaves half a file and no other user can read the keys.
//!
//! KooCLI keeps its profiles in `~/.hcloud/` with the secrets encrypted by a scheme of its
//! own that it does not publish, so they are not read here (README: "Credentials, regions
//! and configuration").

use std::io::Write;
use std::path::{Path, PathBuf};

use hwc_runtime::credentials::ProvideFuture;
use hwc_runtime::{CredentialsError, ProfileProvider, ProvideCredentials};
use serde::{Deserialize, Serialize};

use crate::{Context, Failure};

/// The environment variable naming the file (tests point it at a temporary folder).
pub const CONFIG_ENV: &str = "HWC_CONFIG_FILE";

/// One profile, with KooCLI's field names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    /// Its name (`--cli-profile`).
    pub name: String,
    /// Authentication mode; `AKSK` is the only one.
    pub mode: String,
    /// Access key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// Secret access key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<String>,
    /// Security token of temporary credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_token: Option<String>,
    /// Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Project id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Account (domain) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
    /// Seconds per attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_timeout: Option<u64>,
    /// Seconds to connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout: Option<u64>,
    /// Retries after a network failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<u32>,
}

/// The file: the profiles in the order they were added, and the default one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Store {
    /// The default profile: the last one added or changed (KooCLI's rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Oldest first: when the default one is deleted, the first takes over.
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

/// Where the file is: `$HWC_CONFIG_FILE`, else `~/.hwc/config.json`; `None` without a home.
pub fn path(ctx: &Context) -> Option<PathBuf> {
    if let Some(p) = (ctx.env)(CONFIG_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let home = (ctx.env)("HOME")
        .or_else(|| (ctx.env)("USERPROFILE"))
        .filter(|h| !h.is_empty())?;
    Some(Path::new(&home).join(".hwc").join("config.json"))
}

impl Store {
    /// Reads the file; a missing file is an empty store.
    pub fn load(path: &Path) -> Result<Store, Failure> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => {
                return Err(Failure::Usage(format!(
                    "cannot read the profiles in {}: {e}",
                    path.display()
                )));
            }
        };
        let store: Store = serde_json::from_str(&text).map_err(|e| {
            Failure::Usage(format!(
                "{}, line {}, column {}: not a profile file: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        store
            .check()
            .map_err(|m| Failure::Usage(format!("{}: {m}", path.display())))?;
        Ok(store)
    }

    /// What `configure test` checks beyond the JSON's shape.
    pub fn check(&self) -> Result<(), String> {
        for (i, p) in self.profiles.iter().enumerate() {
            if p.name.is_empty() {
                return Err(format!("profile {} has no name", i + 1));
            }
            if self.profiles[..i].iter().any(|q| q.name == p.name) {
                return Err(format!("profile `{}` is listed twice", p.name));
            }
            if !p.mode.eq_ignore_ascii_case("AKSK") {
                return Err(format!(
                    "profile `{}`: mode `{}` is not supported (AKSK only)",
                    p.name, p.mode
                ));
            }
            if p.access_key_id.is_some() != p.secret_access_key.is_some() {
                return Err(format!(
                    "profile `{}`: an access key needs its secret key and the other way round",
                    p.name
                ));
            }
        }
        if let Some(c) = &self.current {
            if self.get(c).is_none() {
                return Err(format!("the default profile `{c}` is not in the file"));
            }
        }
        Ok(())
    }

    /// The profile named `name`.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The default profile: `current`, else the oldest.
    pub fn default_profile(&self) -> Option<&Profile> {
        self.current
            .as_deref()
            .and_then(|c| self.get(c))
            .or_else(|| self.profiles.first())
    }

    /// Adds `p` or replaces the profile of its name (keeping its place); it becomes the
    /// default. Returns whether it was new.
    pub fn put(&mut self, p: Profile) -> bool {
        self.current = Some(p.name.clone());
        match self.profiles.iter_mut().find(|q| q.name == p.name) {
            Some(q) => {
                *q = p;
                false
            }
            None => {
                self.profiles.push(p);
                true
            }
        }
    }

    /// Deletes the profile `name`; when it was the default, the oldest remaining one
    /// takes over. Returns whether it was there.
    pub fn delete(&mut self, name: &str) -> bool {
        let before = self.profiles.len();
        self.profiles.retain(|p| p.name != name);
        if self.current.as_deref() == Some(name) {
            self.current = self.profiles.first().map(|p| p.name.clone());
        }
        self.profiles.len() != before
    }

    /// Writes the file with mode 0600 (its folder 0700 when made here), atomically.
    pub fn save(&self, path: &Path) -> Result<(), Failure> {
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            Failure::Cli(format!("cannot {what} {}: {e}", path.display()))
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.exists() {
            make_private_dir(&dir).map_err(|e| fail("make the folder of", &e))?;
        }
        let mut text = serde_json::to_string_pretty(self).map_err(|e| fail("write", &e))?;
        text.push('\n');
        // tempfile creates the file with mode 0600 on Unix: the keys are never readable by
        // others, not even between the write and the rename.
        let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| fail("write", &e))?;
        tmp.write_all(text.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| fail("write", &e))?;
        tmp.persist(path).map_err(|e| fail("replace", &e.error))?;
        Ok(())
    }
}

#[cfg(unix)]
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// `HPUA****`: enough of an access key to tell two apart, never a whole one.
pub fn mask_access_key(ak: &str) -> String {
    let shown: String = ak.chars().take(4).collect();
    if ak.chars().count() <= 8 {
        return "****".into();
    }
    format!("{shown}****")
}

/// `--cli-profile=NAME` when no hwc profile has that name: section `[NAME]` of the official
/// credentials file (README). Its failure says first that no hwc profile has the name, and
/// which do: a mistyped profile name otherwise reads as a complaint about a file the user
/// never mentioned.
#[derive(Debug)]
pub struct FileSection {
    inner: ProfileProvider,
    why: String,
}

impl FileSection {
    /// Section `name` through `inner`; `hwc` are the hwc profiles there are.
    pub fn new(inner: ProfileProvider, name: &str, hwc: &[String]) -> Self {
        let there = match hwc {
            [] => "there are none".to_owned(),
            names => match crate::nearest(name, names.iter().map(String::as_str)) {
                Some(near) => format!("did you mean {near}?"),
                None => format!("hwc profiles: {}", names.join(", ")),
            },
        };
        FileSection {
            inner: inner.profile(name),
            why: format!(
                "no hwc profile is named `{name}` ({there}), so it was read as a section of the credentials file"
            ),
        }
    }
}

impl ProvideCredentials for FileSection {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            self.inner.provide().await.map_err(|source| {
                CredentialsError::custom(
                    "--cli-profile",
                    NotAnHwcProfile {
                        why: self.why.clone(),
                        source,
                    },
                )
            })
        })
    }
}

/// Why the credentials file was read, and what reading it said.
#[derive(Debug)]
struct NotAnHwcProfile {
    why: String,
    source: CredentialsError,
}

impl std::fmt::Display for NotAnHwcProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

impl std::error::Error for NotAnHwcProfile {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> Profile {
        Profile {
            name: name.into(),
            mode: "AKSK".into(),
            ..Profile::default()
        }
    }

    #[test]
    fn the_default_is_the_last_changed_then_the_oldest_remaining() {
        let mut s = Store::default();
        assert!(s.put(p("a")));
        assert!(s.put(p("b")));
        assert!(s.put(p("c")));
        assert_eq!(s.default_profile().unwrap().name, "c");
        assert!(!s.put(p("a")));
        assert_eq!(s.default_profile().unwrap().name, "a");
        // order of addition is kept when a profile changes
        let names: Vec<_> = s.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(s.delete("a"));
        assert_eq!(s.current.as_deref(), Some("b"));
        assert!(s.delete("c"));
        assert_eq!(s.current.as_deref(), Some("b"));
        assert!(!s.delete("zz"));
        assert!(s.delete("b"));
        assert_eq!(s.current, None);
        assert!(s.default_profile().is_none());
    }

    #[test]
    fn saved_files_are_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.json");
        let mut s = Store::default();
        let mut a = p("a");
        a.access_key_id = Some("AKAKAKAKAK".into());
        a.secret_access_key = Some("sk".into());
        a.retry_count = Some(2);
        s.put(a);
        s.save(&path).unwrap();
        assert_eq!(Store::load(&path).unwrap(), s);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // a second save replaces the file, with nothing left beside it
        s.put(p("b"));
        s.save(&path).unwrap();
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn broken_files_are_named_with_line_and_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, "{\"profiles\": [\n {\"name\": \"a\", \"mode\": 3}]}").unwrap();
        let e = Store::load(&path).unwrap_err().to_string();
        assert!(e.contains("config.json, line 2"), "{e}");
        std::fs::write(&path, r#"{"current":"x","profiles":[]}"#).unwrap();
        let e = Store::load(&path).unwrap_err().to_string();
        assert!(e.contains("default profile `x`"), "{e}");
    }

    #[test]
    fn access_keys_are_masked() {
        assert_eq!(mask_access_key("HPUAEXAMPLEAK0000001"), "HPUA****");
        assert_eq!(mask_access_key("short"), "****");
    }

    #[test]
    fn a_section_of_the_credentials_file_says_why_it_was_read() {
        let names = ["dev".to_owned(), "prod".to_owned()];
        let typo = FileSection::new(ProfileProvider::new(), "deb", &names);
        assert!(
            typo.why
                .starts_with("no hwc profile is named `deb` (did you mean dev?)"),
            "{}",
            typo.why
        );
        let other = FileSection::new(ProfileProvider::new(), "elsewhere", &names);
        assert!(
            other.why.contains("(hwc profiles: dev, prod)"),
            "{}",
            other.why
        );
        let none = FileSection::new(ProfileProvider::new(), "x", &[]);
        assert!(none.why.contains("(there are none)"), "{}", none.why);
    }
}
