//! Services and their endpoints: region id to URL, as the official SDKs resolve them.

use crate::catalogue::Catalogue;
use crate::client::{ConfigError, ConfigErrorKind};

/// A cloud service a generated crate talks to: its endpoint name, whether it is global
/// (addressed by account rather than by project), and where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Service {
    /// Endpoint name, e.g. `dcs`.
    pub name: &'static str,
    /// A global service (IAM and others): requests carry the account's domain id
    /// (`X-Domain-Id`, `{domain_id}`) instead of a project id, and no region is needed.
    pub global: bool,
    /// The service's own region table, region id to endpoint, as the maintainer gave it in
    /// `spec/<service>/endpoints.txt`. Empty: every region follows
    /// `https://<service>.<region>.myhuaweicloud.com`.
    pub regions: &'static [(&'static str, &'static str)],
    /// Where a global service is reached without a region; default
    /// `https://<service>.myhuaweicloud.com`.
    pub global_endpoint: Option<&'static str>,
    /// The error codes the service's reference documents; service errors look their code
    /// up in it.
    pub catalogue: Catalogue,
}

impl Service {
    /// A regional service reached at `https://<name>.<region>.myhuaweicloud.com`.
    pub const fn regional(name: &'static str) -> Self {
        Service {
            name,
            global: false,
            regions: &[],
            global_endpoint: None,
            catalogue: Catalogue::EMPTY,
        }
    }

    /// A global service, reached at `https://<name>.myhuaweicloud.com` unless a region is set.
    pub const fn global(name: &'static str) -> Self {
        Service {
            name,
            global: true,
            regions: &[],
            global_endpoint: None,
            catalogue: Catalogue::EMPTY,
        }
    }

    /// The service's own region table.
    pub const fn with_regions(mut self, regions: &'static [(&'static str, &'static str)]) -> Self {
        self.regions = regions;
        self
    }

    /// The service's error-code catalogue.
    pub const fn with_catalogue(mut self, catalogue: Catalogue) -> Self {
        self.catalogue = catalogue;
        self
    }

    /// The endpoint of a global service when no region is set.
    pub const fn with_global_endpoint(mut self, endpoint: &'static str) -> Self {
        self.global_endpoint = Some(endpoint);
        self
    }

    /// The endpoint for `region` (or, for a global service, for none): the environment
    /// override `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (its first entry when it lists
    /// several), then the service's region table, then the documented pattern when the
    /// service has no table. An unknown region is an error naming the variable to set.
    pub fn endpoint(
        &self,
        region: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<String, ConfigError> {
        let Some(region) = region else {
            if self.global {
                return Ok(self
                    .global_endpoint
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("https://{}.myhuaweicloud.com", self.name)));
            }
            return Err(ConfigError::new(
                ConfigErrorKind::NoEndpoint,
                format!(
                    "{} is a regional service: set a region or an endpoint",
                    self.name
                ),
            ));
        };
        if let Some(v) = env(&env_var(self.name, region)) {
            if let Some(first) = v.split(',').map(str::trim).find(|s| !s.is_empty()) {
                return Ok(first.to_owned());
            }
        }
        if self.regions.is_empty() {
            return Ok(format!("https://{}.{region}.myhuaweicloud.com", self.name));
        }
        self.regions
            .iter()
            .find(|(r, _)| *r == region)
            .map(|(_, e)| (*e).to_owned())
            .ok_or_else(|| {
                ConfigError::new(
                    ConfigErrorKind::UnknownRegion,
                    format!(
                        "unknown region `{region}` for {} (it knows {}): set an endpoint, or {}",
                        self.name,
                        self.regions.len(),
                        env_var(self.name, region)
                    ),
                )
            })
    }
}

/// The environment variable that overrides a region's endpoint, as in the official SDKs:
/// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` with `-` as `_`, upper case.
pub fn env_var(service: &str, region: &str) -> String {
    format!(
        "HUAWEICLOUD_SDK_REGION_{}_{}",
        service.to_ascii_uppercase(),
        region.replace('-', "_").to_ascii_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[(&str, &str)] = &[
        ("cn-north-4", "https://dcs.cn-north-4.myhuaweicloud.com"),
        ("eu-west-101", "https://dcs.eu-west-101.myhuaweicloud.eu"),
    ];

    #[test]
    fn table_override_unknown() {
        let dcs = Service::regional("dcs").with_regions(TABLE);
        assert_eq!(
            dcs.endpoint(Some("eu-west-101"), |_| None).unwrap(),
            "https://dcs.eu-west-101.myhuaweicloud.eu"
        );
        let env = |k: &str| {
            (k == "HUAWEICLOUD_SDK_REGION_DCS_CN_NORTH_4")
                .then(|| "http://127.0.0.1:9,https://b".to_owned())
        };
        assert_eq!(
            dcs.endpoint(Some("cn-north-4"), env).unwrap(),
            "http://127.0.0.1:9"
        );
        let e = dcs.endpoint(Some("xx-nowhere-1"), |_| None).unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::UnknownRegion);
        assert!(
            e.to_string()
                .contains("HUAWEICLOUD_SDK_REGION_DCS_XX_NOWHERE_1"),
            "{e}"
        );
        let e = dcs.endpoint(None, |_| None).unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::NoEndpoint);
    }

    #[test]
    fn no_table_means_the_documented_pattern() {
        let evs = Service::regional("evs");
        assert_eq!(
            evs.endpoint(Some("ap-southeast-3"), |_| None).unwrap(),
            "https://evs.ap-southeast-3.myhuaweicloud.com"
        );
    }

    #[test]
    fn global_services_need_no_region() {
        let iam = Service::global("iam");
        assert_eq!(
            iam.endpoint(None, |_| None).unwrap(),
            "https://iam.myhuaweicloud.com"
        );
        assert_eq!(
            iam.endpoint(Some("cn-north-4"), |_| None).unwrap(),
            "https://iam.cn-north-4.myhuaweicloud.com"
        );
        let custom =
            Service::global("cdn").with_global_endpoint("https://cdn.myhuaweicloud.com:443");
        assert_eq!(
            custom.endpoint(None, |_| None).unwrap(),
            "https://cdn.myhuaweicloud.com:443"
        );
    }
}
