//! Credentials from providers, against local servers only: the metadata service, a pod
//! identity endpoint and IAM are wiremock servers on loopback, and the calls they sign go to
//! another one. Short-lived credentials (a few seconds) exercise refresh ahead of expiry,
//! concurrent callers during a refresh, and a failing refresh.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use hwc_runtime::{
    ChainProvider, Client, ConfigErrorKind, Credentials, CredentialsError, Error, MetadataProvider,
    Method, OperationSpec, PodIdentityProvider, ProvideCredentials, Request, Service,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

const TEMP_SK: &str = "TEMP-SK-do-not-log-91b2";
const TEMP_TOKEN: &str = "TEMP-TOKEN-do-not-log-c3d4";

/// The metadata service's answer: the n-th fetch gets `TEMPAK<n>`, living `lifetime` seconds;
/// fetches listed in `fail` answer 500 instead.
struct SecurityKey {
    fetches: Arc<AtomicUsize>,
    lifetime: f64,
    fail_from: Option<usize>,
    delay: Duration,
}

impl Respond for SecurityKey {
    fn respond(&self, _: &Seen) -> ResponseTemplate {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
        if self.fail_from.is_some_and(|f| n >= f) {
            return ResponseTemplate::new(500).set_body_string("metadata service unavailable");
        }
        ResponseTemplate::new(200)
            .set_delay(self.delay)
            .set_body_json(serde_json::json!({
                "credential": {
                    "access": format!("TEMPAK{n}"),
                    "secret": TEMP_SK,
                    "securitytoken": TEMP_TOKEN,
                    "expires_at": in_secs(self.lifetime),
                }
            }))
    }
}

/// A metadata service on loopback; returns it and its fetch counter.
async fn metadata(
    lifetime: f64,
    fail_from: Option<usize>,
    delay: Duration,
) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/meta-data/latest/api/token"))
        .and(header("X-Metadata-Token-Ttl-Seconds", "21600"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session-1"))
        .mount(&server)
        .await;
    let fetches = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .and(header("X-Metadata-Token", "session-1"))
        .respond_with(SecurityKey {
            fetches: fetches.clone(),
            lifetime,
            fail_from,
            delay,
        })
        .mount(&server)
        .await;
    (server, fetches)
}

/// The service: answers 200 to calls signed with any `TEMPAK<n>` and the temporary secret,
/// and records which access key signed each call.
struct Service200 {
    keys: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Respond for Service200 {
    fn respond(&self, req: &Seen) -> ResponseTemplate {
        let auth = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let ak = auth
            .split("Access=")
            .nth(1)
            .and_then(|r| r.split(',').next())
            .unwrap_or_default()
            .to_owned();
        let token_ok = req
            .headers
            .get("x-security-token")
            .is_some_and(|v| v.as_bytes() == TEMP_TOKEN.as_bytes());
        match verify(req, &ak, TEMP_SK, true) {
            Ok(_) if token_ok => {
                self.keys.lock().unwrap().push(ak);
                ResponseTemplate::new(200).set_body_string("{}")
            }
            Ok(_) => ResponseTemplate::new(401).set_body_string("no security token"),
            Err(e) => ResponseTemplate::new(401).set_body_string(e),
        }
    }
}

async fn service() -> (MockServer, Arc<std::sync::Mutex<Vec<String>>>) {
    let server = MockServer::start().await;
    let keys = Arc::new(std::sync::Mutex::new(Vec::new()));
    Mock::given(method("GET"))
        .respond_with(Service200 { keys: keys.clone() })
        .mount(&server)
        .await;
    (server, keys)
}

fn client_with(provider: impl ProvideCredentials + 'static, endpoint: &str) -> Client {
    Client::builder(SERVICE)
        .endpoint(endpoint)
        .project_id(PROJECT)
        .credentials_provider(provider)
        .retry(fast_retry(1))
        .build()
        .expect("client")
}

#[tokio::test]
async fn metadata_credentials_sign_calls_and_are_refreshed_ahead_of_expiry() {
    // Lives 4 s: refreshed once half of it has passed.
    let (meta, fetches) = metadata(4.0, None, Duration::ZERO).await;
    let (svc, keys) = service().await;
    let client = client_with(MetadataProvider::new().endpoint(meta.uri()), &svc.uri());
    let clone = client.clone();
    for c in [&client, &clone, &client] {
        assert_eq!(c.execute(list_request()).await.expect("call").status, 200);
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "one fetch for all calls and clones"
    );
    tokio::time::sleep(Duration::from_millis(2300)).await;
    assert_eq!(
        clone.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        2,
        "refreshed once, before expiry"
    );
    assert_eq!(
        *keys.lock().unwrap(),
        ["TEMPAK1", "TEMPAK1", "TEMPAK1", "TEMPAK2", "TEMPAK2"]
    );
    let shown = format!("{client:?}");
    assert!(
        shown.contains("metadata service") && shown.contains("TEMPAK2"),
        "{shown}"
    );
    assert!(
        !shown.contains(TEMP_SK) && !shown.contains(TEMP_TOKEN),
        "{shown}"
    );
}

#[tokio::test]
async fn concurrent_calls_during_a_refresh_cause_one_request_to_the_metadata_service() {
    let (meta, fetches) = metadata(3600.0, None, Duration::from_millis(300)).await;
    let (svc, keys) = service().await;
    let client = client_with(MetadataProvider::new().endpoint(meta.uri()), &svc.uri());
    let calls = (0..40).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.execute(list_request()).await.map(|r| r.status) })
    });
    for call in calls.collect::<Vec<_>>() {
        assert_eq!(call.await.expect("task").expect("call"), 200);
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert_eq!(keys.lock().unwrap().len(), 40);
}

#[tokio::test]
async fn a_failed_refresh_keeps_valid_credentials_then_names_the_provider() {
    // The first fetch works (3 s of life); every later one answers 500.
    let (meta, fetches) = metadata(3.0, Some(2), Duration::ZERO).await;
    let (svc, keys) = service().await;
    let client = client_with(MetadataProvider::new().endpoint(meta.uri()), &svc.uri());
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    // Past the refresh point (1.5 s), before expiry: the refresh fails, the call goes on.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    // A failing provider is not asked again on every call while the old credentials work.
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let err = client.execute(list_request()).await.unwrap_err();
    let Error::Credentials(e) = &err else {
        panic!("expected a credentials error, got {err:?}");
    };
    assert!(matches!(**e, CredentialsError::Refresh { .. }), "{e:?}");
    let mut chain = vec![err.to_string()];
    let mut cause = std::error::Error::source(&err);
    while let Some(c) = cause {
        chain.push(c.to_string());
        cause = c.source();
    }
    let text = chain.join(" | ");
    assert!(
        text.contains("metadata service") && text.contains("HTTP 500"),
        "{text}"
    );
    assert!(
        !text.contains(TEMP_SK) && !text.contains(TEMP_TOKEN),
        "{text}"
    );
    assert_eq!(
        keys.lock().unwrap().len(),
        3,
        "nothing sent without credentials"
    );
}

#[tokio::test]
async fn metadata_without_a_session_token_and_with_an_expired_one() {
    // An older instance: no token endpoint (404); the key is read without a token.
    let old = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&old)
        .await;
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "credential": {"access": "OLDAK", "secret": "s", "securitytoken": "t", "expires_at": in_secs(3600.0)}
        })))
        .mount(&old)
        .await;
    let c = MetadataProvider::new()
        .endpoint(old.uri())
        .provide()
        .await
        .expect("creds");
    assert_eq!(c.access_key(), "OLDAK");
    assert!(c.expires_at().is_some());

    // A session token that has expired: one new token, one more try.
    let renewed = MockServer::start().await;
    let tokens = Arc::new(AtomicUsize::new(0));
    let t = tokens.clone();
    Mock::given(method("PUT"))
        .respond_with(move |_: &Seen| {
            let n = t.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200).set_body_string(format!("tok-{n}"))
        })
        .mount(&renewed)
        .await;
    Mock::given(method("GET"))
        .and(header("X-Metadata-Token", "tok-1"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token expired"))
        .mount(&renewed)
        .await;
    Mock::given(method("GET"))
        .and(header("X-Metadata-Token", "tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "credential": {"access": "NEWAK", "secret": "s", "securitytoken": "t", "expires_at": in_secs(3600.0)}
        })))
        .mount(&renewed)
        .await;
    let c = MetadataProvider::new()
        .endpoint(renewed.uri())
        .provide()
        .await
        .expect("creds");
    assert_eq!(c.access_key(), "NEWAK");
    assert_eq!(tokens.load(Ordering::SeqCst), 2);

    // An instance without an agency: a 401 saying so is the answer, not a token problem.
    let none = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("tok"))
        .mount(&none)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string("Please configure Cloud Service Agency first"),
        )
        .expect(1)
        .mount(&none)
        .await;
    let e = MetadataProvider::new()
        .endpoint(none.uri())
        .provide()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("Cloud Service Agency"), "{e}");
}

#[tokio::test]
async fn pod_identity_posts_the_token_of_its_file() {
    let dir = std::env::temp_dir().join(format!("hwc-pod-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, "pod-token-1\n").unwrap();
    let pod = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/credentials"))
        .and(header("Authorization", "pod-token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access": "PODAK", "secret": TEMP_SK, "securitytoken": TEMP_TOKEN, "expires_at": in_secs(900.0)
        })))
        .expect(1)
        .mount(&pod)
        .await;
    let provider = PodIdentityProvider::new()
        .uri(format!("{}/v1/credentials", pod.uri()))
        .token_file(&file);
    let (svc, keys) = service().await;
    let client = client_with(provider, &svc.uri());
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(*keys.lock().unwrap(), ["PODAK"]);

    std::fs::write(&file, "").unwrap();
    let e = PodIdentityProvider::new()
        .uri(format!("{}/v1/credentials", pod.uri()))
        .token_file(&file)
        .provide()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
}

/// A provider of the caller's own, counting how often it is asked.
#[derive(Debug)]
struct Vault {
    asked: Arc<AtomicUsize>,
}

impl ProvideCredentials for Vault {
    fn name(&self) -> &str {
        "vault"
    }

    fn provide(&self) -> hwc_runtime::credentials::ProvideFuture<'_> {
        Box::pin(async {
            self.asked.fetch_add(1, Ordering::SeqCst);
            Ok(Credentials::new("TEMPAK9", TEMP_SK).with_security_token(TEMP_TOKEN))
        })
    }
}

#[derive(Debug)]
struct Broken;

impl ProvideCredentials for Broken {
    fn name(&self) -> &str {
        "broken"
    }

    fn provide(&self) -> hwc_runtime::credentials::ProvideFuture<'_> {
        Box::pin(async { Err(CredentialsError::custom("broken", "sealed")) })
    }
}

#[tokio::test]
async fn a_chain_tries_providers_in_order_and_a_users_provider_plugs_in() {
    let asked = Arc::new(AtomicUsize::new(0));
    let chain = ChainProvider::new().or(Broken).or(Vault {
        asked: asked.clone(),
    });
    let (svc, keys) = service().await;
    let client = client_with(chain, &svc.uri());
    for _ in 0..3 {
        assert_eq!(
            client.execute(list_request()).await.expect("call").status,
            200
        );
    }
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "permanent credentials are fetched once"
    );
    assert_eq!(keys.lock().unwrap().len(), 3);

    let e = ChainProvider::new()
        .or(Broken)
        .or(Broken)
        .provide()
        .await
        .unwrap_err();
    let CredentialsError::Chain { failures } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(failures.len(), 2);
    assert!(
        e.to_string()
            .contains("broken: credentials provider broken failed: sealed"),
        "{e}"
    );
}

#[test]
fn building_without_a_way_to_authenticate_is_refused() {
    let e = Client::builder(SERVICE)
        .endpoint("http://127.0.0.1:9")
        .project_id(PROJECT)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ConfigErrorKind::NoCredentials);
    assert!(e.to_string().contains("no credentials for dcs"), "{e}");
}

static SHOW_DOMAIN_CONFIG: OperationSpec = OperationSpec::new(
    "ShowDomainConfig",
    Method::Get,
    "/v3/domains/{domain_id}/config",
);

#[tokio::test]
async fn a_global_service_looks_the_domain_up_once_and_sends_x_domain_id() {
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/auth/domains"))
        .respond_with(Signed::new(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"domains": [{"id": "dom-1", "name": "acct"}]}),
        )))
        .expect(1)
        .mount(&iam)
        .await;
    let svc = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/domains/dom-1/config"))
        .and(header("X-Domain-Id", "dom-1"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_body_string("{}"),
        ))
        .expect(2)
        .mount(&svc)
        .await;
    let client = Client::builder(Service::global("iam"))
        .endpoint(svc.uri())
        .iam_endpoint(iam.uri())
        .credentials(Credentials::new(AK, SK))
        .retry(fast_retry(1))
        .build()
        .expect("client: a global service needs no region");
    for _ in 0..2 {
        let raw = client
            .execute(Request::new(&SHOW_DOMAIN_CONFIG))
            .await
            .expect("call");
        assert_eq!(raw.status, 200, "{}", raw.body_text());
    }
    assert_eq!(client.domain_id(), Some("dom-1"));
    let seen = svc.received_requests().await.unwrap();
    assert!(seen.iter().all(|r| !r.headers.contains_key("x-project-id")));
    let auth = seen[0].headers["authorization"].to_str().unwrap();
    assert!(
        auth.contains("x-domain-id"),
        "X-Domain-Id is signed: {auth}"
    );

    // A domain id given up front: IAM is not asked.
    let direct = Client::builder(Service::global("iam"))
        .endpoint(svc.uri())
        .iam_endpoint("http://127.0.0.1:9")
        .credentials(Credentials::new(AK, SK).with_domain_id("dom-1"))
        .build()
        .expect("client");
    assert_eq!(
        direct.resolve_domain_id().await.expect("known").as_deref(),
        Some("dom-1")
    );
}
