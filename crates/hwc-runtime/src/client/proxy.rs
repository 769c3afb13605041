//! Which proxy a request goes through: the one the builder names, or the one the environment
//! names, read the way the official Python SDK reads it (through `requests` and `urllib`):
//!
//! - `https_proxy` for https targets, `http_proxy` for http targets, else `all_proxy`; the
//!   lower-case name wins over the upper-case one, and an empty lower-case value switches the
//!   proxy off even when the upper-case one is set;
//! - in a CGI program (`REQUEST_METHOD` set) the upper-case `HTTP_PROXY` is ignored, since a
//!   client's `Proxy:` header would arrive under that name (CVE-2016-1000110);
//! - `no_proxy` (else `NO_PROXY`), comma-separated: `*` alone bypasses every host; an IP
//!   address or a CIDR block matches a target written as an IP address; any other entry, a
//!   leading dot removed, matches that host and its subdomains (`example.com` matches
//!   `api.example.com`, not `badexample.com`), case-insensitively; `host:port` matches only
//!   that port.
//!
//! A proxy URL without a scheme is `http://`. Credentials may be in the URL (`user:password@`,
//! percent-encoded) and go out as `Proxy-Authorization: Basic`; they never appear in `Debug`,
//! errors or logs ([`ProxyUrl::redacted`]).

use std::fmt;
use std::net::IpAddr;

use super::{ConfigError, ConfigErrorKind};

/// A proxy's URL, credentials included; shown only with the password replaced.
#[derive(Clone)]
pub(crate) struct ProxyUrl(url::Url);

impl ProxyUrl {
    /// Reads `raw` (named `what` in errors, never quoted: it may hold a password).
    pub(crate) fn parse(what: &str, raw: &str) -> Result<Self, ConfigError> {
        let raw = raw.trim();
        let invalid = |why: &str| {
            ConfigError::new(
                ConfigErrorKind::InvalidOption,
                format!("the proxy in {what} {why}"),
            )
        };
        let with_scheme = if raw.contains("://") {
            raw.to_owned()
        } else {
            format!("http://{raw}")
        };
        let url =
            url::Url::parse(&with_scheme).map_err(|e| invalid(&format!("is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(&format!(
                "has the scheme `{}`; only http:// and https:// proxies are supported",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid("has no host"));
        }
        Ok(ProxyUrl(url))
    }

    /// The URL reqwest connects to, credentials included.
    pub(crate) fn url(&self) -> &url::Url {
        &self.0
    }

    /// The URL with the password (if any) as `***`: for `Debug` and messages.
    pub(crate) fn redacted(&self) -> String {
        let mut u = self.0.clone();
        if u.password().is_some() {
            let _ = u.set_password(Some("***"));
        }
        u.to_string()
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// The proxies the environment names, and the hosts it exempts.
#[derive(Clone, Debug, Default)]
pub(crate) struct EnvProxies {
    http: Option<ProxyUrl>,
    https: Option<ProxyUrl>,
    no_proxy: NoProxy,
}

impl EnvProxies {
    /// Reads the variables through `env` (the process environment, or a test's map).
    pub(crate) fn read(env: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let cgi = env("REQUEST_METHOD").is_some();
        let all = proxy_var(env, "all_proxy", true)?;
        let http = proxy_var(env, "http_proxy", !cgi)?.or_else(|| all.clone());
        let https = proxy_var(env, "https_proxy", true)?.or(all);
        let no_proxy = match env("no_proxy").filter(|v| !v.is_empty()) {
            Some(v) => Some(v),
            None => env("NO_PROXY"),
        };
        Ok(EnvProxies {
            http,
            https,
            no_proxy: NoProxy::parse(no_proxy.as_deref().unwrap_or("")),
        })
    }

    /// Whether no proxy is named at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The proxy for `target`, if any.
    pub(crate) fn select(&self, target: &url::Url) -> Option<&ProxyUrl> {
        let proxy = match target.scheme() {
            "https" => self.https.as_ref(),
            "http" => self.http.as_ref(),
            _ => None,
        }?;
        let host = target.host()?;
        let port = target.port_or_known_default();
        (!self.no_proxy.bypasses(&host, port)).then_some(proxy)
    }
}

/// `name` (lower case) else its upper-case form, as `urllib.request.getproxies_environment`
/// reads them; `upper_allowed` is false for `HTTP_PROXY` in a CGI program.
fn proxy_var(
    env: &dyn Fn(&str) -> Option<String>,
    name: &str,
    upper_allowed: bool,
) -> Result<Option<ProxyUrl>, ConfigError> {
    let upper = name.to_ascii_uppercase();
    let (var, value) = match env(name) {
        // An empty lower-case value switches the proxy off.
        Some(v) if v.trim().is_empty() => return Ok(None),
        Some(v) => (name, v),
        None if upper_allowed => match env(&upper) {
            Some(v) if !v.trim().is_empty() => (upper.as_str(), v),
            _ => return Ok(None),
        },
        None => return Ok(None),
    };
    ProxyUrl::parse(&format!("the environment variable {var}"), &value).map(Some)
}

/// The `no_proxy` list.
#[derive(Clone, Debug, Default)]
struct NoProxy {
    /// `*`: no host goes through a proxy.
    all: bool,
    entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
enum Entry {
    /// An address and the number of leading bits that must match (all of them for a plain
    /// address).
    Net(IpAddr, u8),
    /// A host name (lower case, no leading dot) and, when given, the only port it covers.
    Host(String, Option<u16>),
}

impl NoProxy {
    fn parse(raw: &str) -> Self {
        let raw: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if raw == "*" {
            return NoProxy {
                all: true,
                entries: Vec::new(),
            };
        }
        let entries = raw
            .split(',')
            .filter(|e| !e.is_empty())
            .map(|e| net(e).unwrap_or_else(|| host_entry(e)))
            .collect();
        NoProxy {
            all: false,
            entries,
        }
    }

    fn bypasses(&self, host: &url::Host<&str>, port: Option<u16>) -> bool {
        if self.all {
            return true;
        }
        let ip = match host {
            url::Host::Ipv4(a) => Some(IpAddr::V4(*a)),
            url::Host::Ipv6(a) => Some(IpAddr::V6(*a)),
            url::Host::Domain(_) => None,
        };
        let name = match host {
            url::Host::Domain(d) => d.to_ascii_lowercase(),
            url::Host::Ipv4(a) => a.to_string(),
            url::Host::Ipv6(a) => a.to_string(),
        };
        self.entries.iter().any(|e| match (e, ip) {
            (Entry::Net(net, bits), Some(ip)) => in_net(ip, *net, *bits),
            (Entry::Net(..), None) => false,
            (Entry::Host(h, want), _) => {
                want.is_none_or(|w| Some(w) == port)
                    && (name == *h || name.ends_with(&format!(".{h}")))
            }
        })
    }
}

/// An IP address or CIDR block.
fn net(entry: &str) -> Option<Entry> {
    let (addr, bits) = match entry.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().ok()?)),
        None => (entry.trim_start_matches('[').trim_end_matches(']'), None),
    };
    let addr: IpAddr = addr.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(max);
    (bits <= max).then_some(Entry::Net(addr, bits))
}

fn host_entry(entry: &str) -> Entry {
    let entry = entry.trim_start_matches('.').to_ascii_lowercase();
    match entry.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => match p.parse::<u16>() {
            Ok(port) => Entry::Host(h.to_owned(), Some(port)),
            Err(_) => Entry::Host(entry, None),
        },
        _ => Entry::Host(entry, None),
    }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let (a, b, width) = match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        _ => return false,
    };
    let shift = width - u32::from(bits);
    shift >= 128 || (a >> shift) == (b >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn pick(vars: &[(&str, &str)], target: &str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = move |k: &str| map.get(k).cloned();
        let proxies = EnvProxies::read(&env).unwrap();
        proxies
            .select(&url::Url::parse(target).unwrap())
            .map(|p| p.url().host_str().unwrap().to_owned())
    }

    /// The cases of `requests` 2.34.2 (`get_environ_proxies` + `select_proxy`), each checked
    /// against it: the host of the proxy chosen, or `None` for a direct connection.
    #[test]
    fn chooses_as_the_python_sdk_does() {
        let p = "http://p:1";
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, Option<&'a str>);
        let cases: &[Case] = &[
            (
                &[
                    ("HTTPS_PROXY", "http://u:3128"),
                    ("https_proxy", "http://l:3128"),
                ],
                "https://a.example.com/",
                Some("l"),
            ),
            (
                &[("HTTPS_PROXY", "http://u:3128"), ("https_proxy", "")],
                "https://a.example.com/",
                None,
            ),
            (
                &[("HTTP_PROXY", "http://u:3128")],
                "http://a.example.com/",
                Some("u"),
            ),
            (
                &[("HTTP_PROXY", "http://u:3128"), ("REQUEST_METHOD", "GET")],
                "http://a.example.com/",
                None,
            ),
            (
                &[("http_proxy", "http://l:3128"), ("REQUEST_METHOD", "GET")],
                "http://a.example.com/",
                Some("l"),
            ),
            (
                &[("ALL_PROXY", "http://a:3128")],
                "https://x.example.com/",
                Some("a"),
            ),
            (
                &[("https_proxy", "proxy.corp:3128")],
                "https://x.example.com/",
                Some("proxy.corp"),
            ),
            (
                &[("https_proxy", "http://u:1")],
                "http://x.example.com/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "example.com")],
                "https://a.example.com/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "example.com")],
                "https://example.com/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "example.com")],
                "https://badexample.com/",
                Some("p"),
            ),
            (
                &[("https_proxy", p), ("no_proxy", ".example.com")],
                "https://example.com/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "EXAMPLE.com")],
                "https://a.example.com/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "*")],
                "https://a.example.com/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "foo,*")],
                "https://a.example.com/",
                Some("p"),
            ),
            (
                &[("https_proxy", p), ("no_proxy", "10.0.0.0/8")],
                "https://10.1.2.3/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "10.0.0.0/8")],
                "https://11.1.2.3/",
                Some("p"),
            ),
            (
                &[("https_proxy", p), ("no_proxy", "10.1.2.3")],
                "https://10.1.2.3:8443/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "example.com:8443")],
                "https://example.com:8443/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", "example.com:8443")],
                "https://example.com/",
                Some("p"),
            ),
            (
                &[
                    ("https_proxy", p),
                    ("NO_PROXY", "example.com"),
                    ("no_proxy", "other.com"),
                ],
                "https://example.com/",
                Some("p"),
            ),
            (
                &[("https_proxy", p), ("no_proxy", "::1")],
                "https://[::1]:8443/",
                None,
            ),
            (
                &[("https_proxy", p), ("no_proxy", " a.com , example.com ")],
                "https://x.example.com/",
                None,
            ),
        ];
        for (vars, target, want) in cases {
            assert_eq!(pick(vars, target).as_deref(), *want, "{vars:?} {target}");
        }
    }

    #[test]
    fn credentials_never_show() {
        let p = ProxyUrl::parse("test", "http://alice:s3cr%2Ft@127.0.0.1:3128").unwrap();
        assert_eq!(p.redacted(), "http://alice:***@127.0.0.1:3128/");
        assert!(!format!("{p:?}").contains("s3cr"));
        assert_eq!(p.url().password(), Some("s3cr%2Ft"));
    }

    #[test]
    fn a_bad_proxy_is_named_without_its_value() {
        let env = |k: &str| (k == "HTTPS_PROXY").then(|| "socks5://bob:pw@h:1".to_owned());
        let e = EnvProxies::read(&env).unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::InvalidOption);
        assert!(e.message().contains("HTTPS_PROXY"), "{e}");
        assert!(!e.message().contains("pw"), "{e}");
        let e = ProxyUrl::parse("test", "http://bob:pw@").unwrap_err();
        assert!(!e.message().contains("pw"), "{e}");
    }
}
