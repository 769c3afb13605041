//! Where a service lives: the maintainer's `endpoints.txt` beside its pages, and the rule that
//! tells a global service (addressed by account) from a regional one when the file is silent.
//!
//! ```text
//! # spec/dcs/endpoints.txt
//! scope = regional                 # or global; default: inferred from the paths
//! global = https://iam.myhuaweicloud.com   # global services: the endpoint without a region
//! cn-north-4 = https://dcs.cn-north-4.myhuaweicloud.com
//! ```
//!
//! Without region lines every region follows `https://<service>.<region>.myhuaweicloud.com`.

use crate::GenError;

/// The maintainer file beside the pages.
pub const ENDPOINTS_FILE: &str = "endpoints.txt";

/// What `endpoints.txt` says, or nothing when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// `scope = global` (`Some(true)`) or `regional` (`Some(false)`); `None` to infer.
    pub global: Option<bool>,
    /// The endpoint of a global service without a region.
    pub global_endpoint: Option<String>,
    /// Region id to endpoint, in file order.
    pub regions: Vec<(String, String)>,
}

impl Endpoints {
    /// Reads `endpoints.txt`; `file` names it in errors, which give the line.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Self, GenError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| GenError(format!("{file}: not valid UTF-8 text")))?;
        let mut out = Endpoints::default();
        for (i, raw) in text.lines().enumerate() {
            let at = |msg: String| GenError(format!("{file}:{}: {msg}", i + 1));
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(at(format!(
                    "expected `region = https://...`, `scope = regional|global` or `global = https://...`, found `{line}`"
                )));
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "scope" => {
                    out.global = Some(match value {
                        "global" => true,
                        "regional" => false,
                        other => {
                            return Err(at(format!(
                                "scope is `regional` or `global`, not `{other}`"
                            )));
                        }
                    });
                }
                "global" => out.global_endpoint = Some(url(value).map_err(at)?),
                region => {
                    let valid = !region.is_empty()
                        && region
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if !valid {
                        return Err(at(format!(
                            "`{region}` is not a region id (lower-case letters, digits and `-`)"
                        )));
                    }
                    if out.regions.iter().any(|(r, _)| r == region) {
                        return Err(at(format!("region `{region}` is listed twice")));
                    }
                    out.regions
                        .push((region.to_owned(), url(value).map_err(at)?));
                }
            }
        }
        Ok(out)
    }

    /// Whether the service is global: as the file says, else inferred from `paths`.
    pub fn is_global<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> bool {
        self.global.unwrap_or_else(|| infer_global(paths))
    }
}

fn url(value: &str) -> Result<String, String> {
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() > "https://".len()
        && !value.contains(char::is_whitespace);
    if ok {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(format!("`{value}` is not an http(s) URL"))
    }
}

/// A service is global when no path is scoped by a project (`/v3/{project_id}/…`, the
/// project id as the first segment after the version) and some path names `{domain_id}`:
/// IAM's `/v3/projects/{project_id}` manages projects, it is not scoped by one.
pub fn infer_global<'a>(paths: impl IntoIterator<Item = &'a str>) -> bool {
    let mut domain = false;
    for p in paths {
        let mut segs = p.trim_start_matches('/').split('/');
        let first = segs.next().unwrap_or("");
        let second = segs.next().unwrap_or("");
        if first == "{project_id}" || second == "{project_id}" {
            return false;
        }
        domain |= p.contains("{domain_id}");
    }
    domain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scope_global_endpoint_and_regions() {
        let e = Endpoints::parse(
            "spec/iam/endpoints.txt",
            b"# IAM\nscope = global\nglobal = https://iam.myhuaweicloud.com/\n\ncn-north-4 = https://iam.cn-north-4.myhuaweicloud.com # Beijing\n",
        )
        .unwrap();
        assert_eq!(e.global, Some(true));
        assert_eq!(
            e.global_endpoint.as_deref(),
            Some("https://iam.myhuaweicloud.com")
        );
        assert_eq!(
            e.regions,
            [(
                "cn-north-4".to_owned(),
                "https://iam.cn-north-4.myhuaweicloud.com".to_owned()
            )]
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        for (text, want) in [
            ("cn-north-4 https://x\n", ":1: expected"),
            ("\nscope = worldwide\n", ":2: scope is"),
            (
                "CN North = https://x\n",
                ":1: `CN North` is not a region id",
            ),
            ("a-1 = ftp://x\n", ":1: `ftp://x` is not an http(s) URL"),
            (
                "a-1 = https://x\na-1 = https://y\n",
                ":2: region `a-1` is listed twice",
            ),
        ] {
            let e = Endpoints::parse("f.txt", text.as_bytes()).unwrap_err();
            assert!(
                e.0.starts_with("f.txt:") && e.0.contains(want),
                "{text:?}: {e}"
            );
        }
        assert!(Endpoints::parse("f.txt", b"\xff").is_err());
    }

    #[test]
    fn global_is_inferred_from_the_paths() {
        assert!(!infer_global([
            "/v2/{project_id}/instances",
            "/v3/domains/{domain_id}"
        ]));
        assert!(infer_global([
            "/v3/projects/{project_id}",
            "/v3/domains/{domain_id}/roles"
        ]));
        assert!(!infer_global(["/v1.0/things"]));
        assert!(!infer_global([
            "/{project_id}/x",
            "/v3/domains/{domain_id}"
        ]));
        let pinned = Endpoints {
            global: Some(false),
            ..Endpoints::default()
        };
        assert!(!pinned.is_global(["/v3/domains/{domain_id}"]));
    }
}
