//! Project and domain id discovery from IAM, as the official SDKs do it.
//!
//! When AK/SK credentials carry no project id and the client has a region, the SDK's
//! `BasicCredentials.process_auth_params` asks Keystone for the projects named after the
//! region (`GET /v3/projects?name=<region>`, signed with the same AK/SK) and uses the only
//! one it gets back. For a global service without a domain id,
//! `GlobalCredentials.process_auth_params` asks `GET /v3/auth/domains` and uses the first. This module holds what that exchange needs (endpoint choice, the
//! request, response parsing and the error messages); [`crate::Client`] sends it through its
//! ordinary signing, retry and bounded-read path.
//!
//! Differences from the SDK, all deliberate: the answer is cached per client (and its clones)
//! rather than process-wide, and the lookup happens on the first call rather than when the
//! client is built, because building is synchronous here.

use serde::Deserialize;
use tokio::sync::OnceCell;

use crate::error::{BuildError, Error, RawResponse, ServiceError};

/// Environment variable overriding the IAM endpoint, as in the official SDKs.
pub const ENV_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

/// The global IAM endpoint the SDK falls back to for regions without a regional one.
pub const DEFAULT_IAM_ENDPOINT: &str = "https://iam.myhuaweicloud.com";

/// Keystone's ListProjects path.
pub const LIST_PROJECTS_PATH: &str = "/v3/projects";

/// Keystone's list of the domains the credentials may act in.
pub const LIST_AUTH_DOMAINS_PATH: &str = "/v3/auth/domains";

/// Regions whose IAM endpoint the SDK knows as `https://iam.<region>.myhuaweicloud.com`
/// (`huaweicloudsdkcore.auth.endpoint`); the others use [`DEFAULT_IAM_ENDPOINT`].
pub const IAM_REGIONS: [&str; 27] = [
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-12",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "eu-west-0",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "sa-brazil-1",
    "tr-west-1",
];

/// The IAM endpoint for `region`, chosen as the SDK's `IamHelper.get_iam_endpoint` does:
/// a non-empty `HUAWEICLOUD_SDK_IAM_ENDPOINT` (read through `env`), then the regional
/// endpoint for the regions in [`IAM_REGIONS`], then [`DEFAULT_IAM_ENDPOINT`] (also without
/// a region, as for global services).
pub fn iam_endpoint(region: Option<&str>, env: impl Fn(&str) -> Option<String>) -> String {
    if let Some(v) = env(ENV_IAM_ENDPOINT).filter(|v| !v.trim().is_empty()) {
        return v.trim().to_owned();
    }
    if let Some(region) = region.filter(|r| IAM_REGIONS.contains(r)) {
        format!("https://iam.{region}.myhuaweicloud.com")
    } else {
        DEFAULT_IAM_ENDPOINT.to_owned()
    }
}

/// What a lookup finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Looked {
    /// The project named after this region (regional services).
    Project {
        /// The region, which is also the project name asked for.
        region: String,
    },
    /// The account's domain (global services).
    Domain,
}

/// A client's pending or finished project or domain id lookup.
pub(crate) struct AccountLookup {
    /// What is looked up.
    pub(crate) looked: Looked,
    /// Whether the IAM endpoint was set on the client (it then wins over one given with the
    /// credentials).
    pub(crate) explicit: bool,
    /// The IAM endpoint as configured, for messages.
    pub(crate) endpoint: String,
    /// Scheme of the IAM endpoint.
    pub(crate) scheme: String,
    /// `host[:port]` of the IAM endpoint.
    pub(crate) host: String,
    /// Path prefix of the IAM endpoint, without a trailing `/`.
    pub(crate) base_path: String,
    /// The answer, once known. A failed lookup stores nothing, so the next call tries again.
    pub(crate) cell: OnceCell<String>,
}

impl AccountLookup {
    /// The query of the lookup: the project named after the region, or nothing.
    pub(crate) fn query(&self) -> Vec<(String, String)> {
        match &self.looked {
            Looked::Project { region } => vec![("name".to_owned(), region.clone())],
            Looked::Domain => Vec::new(),
        }
    }

    /// The wire path of the lookup below an endpoint's `base_path`.
    pub(crate) fn path(&self, base_path: &str) -> String {
        match self.looked {
            Looked::Project { .. } => format!("{base_path}{LIST_PROJECTS_PATH}"),
            Looked::Domain => format!("{base_path}{LIST_AUTH_DOMAINS_PATH}"),
        }
    }

    /// What is looked up, for messages and spans.
    pub(crate) fn what(&self) -> String {
        match &self.looked {
            Looked::Project { region } => format!("the project id of region `{region}`"),
            Looked::Domain => "the domain id".to_owned(),
        }
    }

    /// Reads the id out of IAM's answer, or explains why there is none.
    pub(crate) fn parse(&self, raw: &RawResponse, endpoint: &str) -> Result<String, Error> {
        let region = match &self.looked {
            Looked::Project { region } => region,
            Looked::Domain => return parse_domains(raw, endpoint),
        };
        let trace = trace_id(raw);
        if !(200..300).contains(&raw.status) {
            let service = ServiceError::new((), raw.clone());
            return Err(build(format!(
                "cannot look up the project id of region `{region}` from IAM at {endpoint}: \
                 {service}{trace}; check the credentials, or set the project id on the \
                 credentials or with ClientBuilder::project_id"
            )));
        }
        let list: ProjectList = serde_json::from_slice(&raw.body).map_err(|e| {
            build(format!(
                "IAM at {endpoint} answered the project lookup for region `{region}` with a \
                 body that is not a project list ({e}){trace}"
            ))
        })?;
        let projects = list.projects.unwrap_or_default();
        match projects.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(build(format!(
                "IAM at {endpoint} lists no project named `{region}` for these credentials{trace}: \
                 check the region, or set the project id on the credentials or with \
                 ClientBuilder::project_id"
            ))),
            several => {
                let ids: Vec<&str> = several.iter().map(|p| p.id.as_str()).collect();
                Err(build(format!(
                    "IAM at {endpoint} lists {} projects named `{region}` ({}){trace}: choose \
                     one with ClientBuilder::project_id or Credentials::with_project_id",
                    ids.len(),
                    ids.join(", ")
                )))
            }
        }
    }

    /// Adds which lookup failed to a transport error, which otherwise reads as if the
    /// operation itself had failed.
    pub(crate) fn context(&self, e: Error, endpoint: &str) -> Error {
        match e {
            Error::Transport(mut t) => {
                t.message = format!(
                    "looking up {} from IAM at {endpoint}: {}",
                    self.what(),
                    t.message
                );
                Error::Transport(t)
            }
            other => other,
        }
    }
}

/// The first domain of `GET /v3/auth/domains`, as the SDK takes it.
fn parse_domains(raw: &RawResponse, endpoint: &str) -> Result<String, Error> {
    let trace = trace_id(raw);
    if !(200..300).contains(&raw.status) {
        let service = ServiceError::new((), raw.clone());
        return Err(build(format!(
            "cannot look up the domain id from IAM at {endpoint}: {service}{trace}; check the \
             credentials (they need permission iam:users:getUser), or set the domain id on the \
             credentials or with ClientBuilder::domain_id"
        )));
    }
    let list: DomainList = serde_json::from_slice(&raw.body).map_err(|e| {
        build(format!(
            "IAM at {endpoint} answered the domain lookup with a body that is not a domain list ({e}){trace}"
        ))
    })?;
    list.domains
        .unwrap_or_default()
        .into_iter()
        .next()
        .map(|d| d.id)
        .ok_or_else(|| {
            build(format!(
                "IAM at {endpoint} lists no domain for these credentials{trace}: set the domain \
                 id on the credentials or with ClientBuilder::domain_id"
            ))
        })
}

/// IAM's own request id header; the SDK quotes it in every lookup error.
fn trace_id(raw: &RawResponse) -> String {
    raw.headers
        .get("x-iam-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(|id| format!(" (X-IAM-Trace-Id {id})"))
        .unwrap_or_default()
}

fn build(message: String) -> Error {
    Error::Build(BuildError::new(message))
}

/// Keystone's ListProjects response; only the ids matter. `projects` may be absent or null,
/// which the SDK treats like an empty list.
#[derive(Deserialize)]
struct ProjectList {
    projects: Option<Vec<Project>>,
}

#[derive(Deserialize)]
struct Project {
    id: String,
}

/// Keystone's auth-domains response; only the ids matter.
#[derive(Deserialize)]
struct DomainList {
    domains: Option<Vec<Project>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn lookup() -> AccountLookup {
        AccountLookup {
            looked: Looked::Project {
                region: "cn-north-4".into(),
            },
            explicit: false,
            endpoint: "https://iam.cn-north-4.myhuaweicloud.com".into(),
            scheme: "https".into(),
            host: "iam.cn-north-4.myhuaweicloud.com".into(),
            base_path: String::new(),
            cell: OnceCell::new(),
        }
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-iam-trace-id", http::HeaderValue::from_static("trace-1"));
        RawResponse {
            status,
            headers,
            body: Bytes::from(body.to_owned()),
        }
    }

    fn message(e: Error) -> String {
        match e {
            Error::Build(b) => b.message().to_owned(),
            other => panic!("expected a build error, got {other:?}"),
        }
    }

    #[test]
    fn endpoint_choice_follows_the_sdk() {
        assert_eq!(
            iam_endpoint(Some("cn-north-4"), |_| None),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
        // Known to the DCS SDK, not to the IAM table: the global endpoint.
        assert_eq!(
            iam_endpoint(Some("cn-north-11"), |_| None),
            DEFAULT_IAM_ENDPOINT
        );
        let env = |k: &str| (k == ENV_IAM_ENDPOINT).then(|| "http://127.0.0.1:9".to_owned());
        assert_eq!(iam_endpoint(Some("cn-north-4"), env), "http://127.0.0.1:9");
        let empty = |k: &str| (k == ENV_IAM_ENDPOINT).then(String::new);
        assert_eq!(
            iam_endpoint(Some("cn-north-4"), empty),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
    }

    #[test]
    fn request_shape() {
        let l = lookup();
        assert_eq!(l.path(""), "/v3/projects");
        assert_eq!(l.query(), [("name".to_owned(), "cn-north-4".to_owned())]);
    }

    #[test]
    fn one_project() {
        let body = r#"{"projects":[{"id":"p1","name":"cn-north-4","domain_id":"d"}],"links":{}}"#;
        assert_eq!(
            lookup()
                .parse(&raw(200, body), "https://iam")
                .ok()
                .as_deref(),
            Some("p1")
        );
    }

    #[test]
    fn zero_and_several_projects_name_the_region() {
        for body in [r#"{"projects":[]}"#, r#"{"projects":null}"#, "{}"] {
            let m = message(lookup().parse(&raw(200, body), "https://iam").unwrap_err());
            assert!(m.contains("no project named `cn-north-4`"), "{m}");
            assert!(m.contains("trace-1"), "{m}");
        }
        let body = r#"{"projects":[{"id":"a"},{"id":"b"}]}"#;
        let m = message(lookup().parse(&raw(200, body), "https://iam").unwrap_err());
        assert!(m.contains("2 projects named `cn-north-4` (a, b)"), "{m}");
    }

    #[test]
    fn iam_errors_keep_code_and_message() {
        let body =
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#;
        let m = message(lookup().parse(&raw(401, body), "https://iam").unwrap_err());
        assert!(m.contains("region `cn-north-4`"), "{m}");
        assert!(m.contains("HTTP 401: APIGW.0301"), "{m}");
        let m = message(
            lookup()
                .parse(&raw(200, "<html>"), "https://iam")
                .unwrap_err(),
        );
        assert!(m.contains("not a project list"), "{m}");
    }

    #[test]
    fn domains_first_one_or_a_clear_error() {
        let mut l = lookup();
        l.looked = Looked::Domain;
        assert_eq!(l.path("/iam"), "/iam/v3/auth/domains");
        assert!(l.query().is_empty());
        let body = r#"{"domains":[{"id":"d1","name":"acct"},{"id":"d2"}]}"#;
        assert_eq!(
            l.parse(&raw(200, body), "https://iam").ok().as_deref(),
            Some("d1")
        );
        let m = message(
            l.parse(&raw(200, r#"{"domains":[]}"#), "https://iam")
                .unwrap_err(),
        );
        assert!(
            m.contains("no domain") && m.contains("trace-1") && m.contains("domain_id"),
            "{m}"
        );
        let m = message(
            l.parse(&raw(403, r#"{"error_code":"IAM.0002"}"#), "https://iam")
                .unwrap_err(),
        );
        assert!(
            m.contains("HTTP 403") && m.contains("iam:users:getUser"),
            "{m}"
        );
    }
}
