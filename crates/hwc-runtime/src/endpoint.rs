//! Endpoints: region id to URL, as the official SDKs resolve them.

/// Regions the official DCS SDK (huaweicloudsdkdcs) knows; every one follows the
/// `https://<service>.<region>.myhuaweicloud.com` pattern.
pub const KNOWN_REGIONS: [&str; 34] = [
    "af-north-1",
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-11",
    "cn-north-12",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-south-1",
    "cn-south-2",
    "cn-south-4",
    "cn-southwest-2",
    "cn-southwest-3",
    "eu-west-0",
    "eu-west-101",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "ru-northwest-2",
    "sa-brazil-1",
    "tr-west-1",
];

/// The environment variable that overrides a region's endpoint, as in the official SDKs:
/// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` with `-` as `_`, upper case.
pub fn env_var(service: &str, region: &str) -> String {
    format!(
        "HUAWEICLOUD_SDK_REGION_{}_{}",
        service.to_ascii_uppercase(),
        region.replace('-', "_").to_ascii_uppercase()
    )
}

/// The endpoint for `region`: the environment override (its first entry when it lists
/// several), then the known regions. `None` for an unknown region.
pub fn resolve(
    service: &str,
    region: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    if let Some(v) = env(&env_var(service, region)) {
        if let Some(first) = v.split(',').map(str::trim).find(|s| !s.is_empty()) {
            return Some(first.to_owned());
        }
    }
    KNOWN_REGIONS
        .contains(&region)
        .then(|| format!("https://{service}.{region}.myhuaweicloud.com"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_override_unknown() {
        assert_eq!(
            resolve("dcs", "cn-north-4", |_| None).as_deref(),
            Some("https://dcs.cn-north-4.myhuaweicloud.com")
        );
        let env = |k: &str| {
            (k == "HUAWEICLOUD_SDK_REGION_DCS_CN_NORTH_4")
                .then(|| "http://127.0.0.1:9,https://b".to_owned())
        };
        assert_eq!(
            resolve("dcs", "cn-north-4", env).as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(resolve("dcs", "xx-nowhere-1", |_| None), None);
    }
}
