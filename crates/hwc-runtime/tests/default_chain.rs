//! The default provider chain, driven by the environment as on a real machine. One test in
//! its own binary, because it changes this process's environment; the metadata service is a
//! local server reached through `HUAWEICLOUD_SDK_METADATA_ENDPOINT`, never 169.254.169.254.

use hwc_runtime::ProvideCredentials;
use hwc_runtime::credentials::{
    ENV_AK, ENV_CREDENTIALS_FILE, ENV_PROJECT_ID, ENV_SK, default_chain,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// Changing the environment is unsafe in edition 2024.
#[allow(unsafe_code)]
fn set(name: &str, value: &str) {
    // SAFETY: this binary's only test runs on one thread and starts no other before this.
    unsafe { std::env::set_var(name, value) }
}

#[allow(unsafe_code)]
fn unset(name: &str) {
    // SAFETY: as for `set`.
    unsafe { std::env::remove_var(name) }
}

#[tokio::test(flavor = "current_thread")]
async fn environment_then_profile_then_metadata_service_then_pod_identity() {
    let meta = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session"))
        .mount(&meta)
        .await;
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "credential": {"access": "METAAK", "secret": "s", "securitytoken": "t",
                           "expires_at": "2999-01-01T00:00:00.000000Z"}
        })))
        .mount(&meta)
        .await;
    let dir = std::env::temp_dir().join(format!("hwc-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("credentials");
    std::fs::write(
        &profile,
        "[basic]\nak = FILEAK\nsk = s\n[global]\nak = GLOBALAK\nsk = s\ndomain_id = d-1\n",
    )
    .unwrap();

    set("HUAWEICLOUD_SDK_METADATA_ENDPOINT", &meta.uri());
    for pod in [
        "HC_CONTAINER_CREDENTIALS_FULL_URI",
        "HC_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    ] {
        unset(pod);
    }

    // 1. The environment wins.
    set(ENV_AK, "ENVAK");
    set(ENV_SK, "s");
    set(ENV_PROJECT_ID, "p-env");
    set(ENV_CREDENTIALS_FILE, profile.to_str().unwrap());
    let c = default_chain(false).provide().await.expect("env");
    assert_eq!((c.access_key(), c.project_id()), ("ENVAK", Some("p-env")));

    // 2. Then the profile file: [basic] for regional services, [global] for global ones.
    unset(ENV_AK);
    unset(ENV_SK);
    unset(ENV_PROJECT_ID);
    let c = default_chain(false).provide().await.expect("profile");
    assert_eq!(c.access_key(), "FILEAK");
    let g = default_chain(true).provide().await.expect("global profile");
    assert_eq!((g.access_key(), g.domain_id()), ("GLOBALAK", Some("d-1")));

    // 3. Then the metadata service.
    set(ENV_CREDENTIALS_FILE, dir.join("missing").to_str().unwrap());
    let c = default_chain(false).provide().await.expect("metadata");
    assert_eq!(c.access_key(), "METAAK");
    assert_eq!(
        meta.received_requests().await.unwrap().len(),
        2,
        "token, then key"
    );

    // 4. When all fail, every provider's reason is named, pod identity last.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    set(
        "HUAWEICLOUD_SDK_METADATA_ENDPOINT",
        &format!("http://127.0.0.1:{port}"),
    );
    let e = default_chain(false)
        .provide()
        .await
        .unwrap_err()
        .to_string();
    let at = |needle: &str| {
        e.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing: {e}"))
    };
    assert!(at("environment: ") < at("profile file: "));
    assert!(at("profile file: ") < at("metadata service: "));
    assert!(at("metadata service: ") < at("pod identity: "));
    assert!(e.contains("HC_CONTAINER_CREDENTIALS_FULL_URI"), "{e}");
}
