//! Project id discovery from IAM when the credentials carry none (a wiremock IAM that checks
//! signatures like the real one).

mod common;

use common::*;
use futures_util::future::join_all;
use hwc_runtime::{Client, Credentials, Error, TransportKind};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DISCOVERED: &str = "d15c0fe4ed0000000000000000000042";

/// Credentials without a project id, so the client has to ask IAM.
fn bare_creds() -> Credentials {
    Credentials::new(AK, SK)
}

/// An IAM mock answering the project lookup for [`REGION`] with `projects`.
async fn iam_with(projects: serde_json::Value) -> MockServer {
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", REGION))
        .respond_with(Signed::new(
            ResponseTemplate::new(200)
                .insert_header("x-iam-trace-id", "iam-trace-7")
                .set_body_json(json!({ "projects": projects, "links": {} })),
        ))
        .named("IAM ListProjects")
        .mount(&iam)
        .await;
    iam
}

fn project(id: &str) -> serde_json::Value {
    json!({"id": id, "name": REGION, "domain_id": "dom", "enabled": true, "is_domain": false})
}

fn discovering(dcs: &MockServer, iam: &MockServer) -> Client {
    builder(&dcs.uri(), bare_creds())
        .region(REGION)
        .iam_endpoint(iam.uri())
        .build()
        .expect("client")
}

fn build_message(e: Error) -> String {
    match e {
        Error::Build(b) => b.message().to_owned(),
        other => panic!("expected Error::Build, got {other:?}"),
    }
}

/// One project: concurrent first calls share a single signed IAM request, shaped as the
/// SDK sends it, and the id fills `{project_id}` and `X-Project-Id` of every later call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_project_is_looked_up_once_and_used() {
    let iam = iam_with(json!([project(DISCOVERED)])).await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(DISCOVERED)))
        .and(header("x-project-id", DISCOVERED))
        .respond_with(Signed::new(ResponseTemplate::new(200)))
        .expect(5)
        .mount(&dcs)
        .await;
    Mock::given(method("POST"))
        .and(path(create_path(DISCOVERED)))
        .and(header("x-project-id", DISCOVERED))
        .respond_with(Signed::new(ResponseTemplate::new(201)))
        .expect(3)
        .mount(&dcs)
        .await;

    let client = discovering(&dcs, &iam);
    assert_eq!(client.project_id(), None);
    // Spawned, so that the first calls really race on both worker threads.
    let first = (0..6).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            let req = if i % 2 == 0 {
                list_request()
            } else {
                create_request()
            };
            client.execute(req).await
        })
    });
    for result in join_all(first).await {
        let raw = result.expect("task").expect("call");
        assert!(
            raw.status == 200 || raw.status == 201,
            "{}",
            raw.body_text()
        );
    }
    for req in [list_request(), list_request()] {
        assert_eq!(client.execute(req).await.expect("call").status, 200);
    }
    assert_eq!(client.project_id(), Some(DISCOVERED));
    assert_eq!(
        client.resolve_project_id().await.expect("cached"),
        Some(DISCOVERED.to_owned())
    );

    let asked = iam.received_requests().await.expect("recorded");
    assert_eq!(asked.len(), 1, "IAM must be asked exactly once");
    let lookup = &asked[0];
    verify(lookup, AK, SK, true).expect("IAM request is signed with the same AK/SK");
    assert_eq!(lookup.url.query(), Some("name=cn-north-4"));
    // As the SDK: only User-Agent is set before signing; no project id is known yet.
    assert!(lookup.headers.get("x-project-id").is_none());
    assert!(lookup.headers.get("content-type").is_none());
    assert!(lookup.headers.get("user-agent").is_some());
    dcs.verify().await;
}

/// No project of that name: a build error naming the region, and no call to the service.
/// A failed lookup is not cached: the next call asks again.
#[tokio::test]
async fn zero_projects_is_a_clear_error() {
    let iam = iam_with(json!([])).await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&dcs)
        .await;
    let client = discovering(&dcs, &iam);
    for _ in 0..2 {
        let m = build_message(client.execute(list_request()).await.unwrap_err());
        assert!(m.contains("no project named `cn-north-4`"), "{m}");
        assert!(m.contains("iam-trace-7"), "{m}");
        assert!(m.contains("ClientBuilder::project_id"), "{m}");
    }
    assert_eq!(iam.received_requests().await.expect("recorded").len(), 2);
    assert_eq!(client.project_id(), None);
}

/// Several projects of that name: a build error listing them and naming the region.
#[tokio::test]
async fn several_projects_is_a_clear_error() {
    let iam = iam_with(json!([project("proj-a"), project("proj-b")])).await;
    let dcs = MockServer::start().await;
    let client = discovering(&dcs, &iam);
    let m = build_message(client.execute(create_request()).await.unwrap_err());
    assert!(
        m.contains("2 projects named `cn-north-4` (proj-a, proj-b)"),
        "{m}"
    );
    assert!(dcs.received_requests().await.expect("recorded").is_empty());
}

/// IAM refusing the credentials is reported with the region and IAM's own error code.
#[tokio::test]
async fn iam_rejection_names_region_and_code() {
    let iam = iam_with(json!([project(DISCOVERED)])).await;
    let dcs = MockServer::start().await;
    let client = builder(&dcs.uri(), Credentials::new(AK, "wrong-secret"))
        .region(REGION)
        .iam_endpoint(iam.uri())
        .build()
        .expect("client");
    let m = build_message(client.execute(list_request()).await.unwrap_err());
    assert!(m.contains("region `cn-north-4`"), "{m}");
    assert!(m.contains("HTTP 401: APIGW.0301"), "{m}");
    assert!(!m.contains("wrong-secret"), "{m}");
}

/// The lookup goes through the client's retry policy: a 503 from IAM is retried.
#[tokio::test]
async fn iam_lookup_is_retried() {
    let iam = iam_with(json!([project(DISCOVERED)])).await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .respond_with(Signed::new(ResponseTemplate::new(503)))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&iam)
        .await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(DISCOVERED)))
        .respond_with(Signed::new(ResponseTemplate::new(200)))
        .expect(1)
        .mount(&dcs)
        .await;
    let client = discovering(&dcs, &iam);
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(iam.received_requests().await.expect("recorded").len(), 2);
}

/// An unreachable IAM is a transport error that says it was the project lookup.
#[tokio::test]
async fn unreachable_iam_is_a_transport_error_naming_the_lookup() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let dcs = MockServer::start().await;
    let client = builder(&dcs.uri(), bare_creds())
        .region(REGION)
        .iam_endpoint(format!("http://127.0.0.1:{port}"))
        .retry(fast_retry(2))
        .build()
        .expect("client");
    match client.execute(list_request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::Connect, "{t}");
            assert!(
                t.message.contains("project id of region `cn-north-4`"),
                "{t}"
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// `HUAWEICLOUD_SDK_IAM_ENDPOINT` points the lookup elsewhere, as in the SDK; the builder's
/// `iam_endpoint` wins over it.
#[tokio::test]
async fn iam_endpoint_from_env_and_builder() {
    let iam = iam_with(json!([project(DISCOVERED)])).await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(DISCOVERED)))
        .respond_with(Signed::new(ResponseTemplate::new(200)))
        .mount(&dcs)
        .await;
    let iam_uri = iam.uri();
    let env = |k: &str| (k == "HUAWEICLOUD_SDK_IAM_ENDPOINT").then(|| iam_uri.clone());

    let client = builder(&dcs.uri(), bare_creds())
        .region(REGION)
        .build_with_env(env)
        .expect("client");
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(iam.received_requests().await.expect("recorded").len(), 1);

    let unused = MockServer::start().await;
    let client = builder(&dcs.uri(), bare_creds())
        .region(REGION)
        .iam_endpoint(iam.uri())
        .build_with_env(|k| (k == "HUAWEICLOUD_SDK_IAM_ENDPOINT").then(|| unused.uri()))
        .expect("client");
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert!(
        unused
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

/// A project id from the credentials or the builder means IAM is never asked; so does
/// token auth, which cannot sign the lookup (the SDK has no lookup for it either).
#[tokio::test]
async fn configured_project_id_or_token_auth_skip_iam() {
    let iam = iam_with(json!([project(DISCOVERED)])).await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(PROJECT)))
        .respond_with(ResponseTemplate::new(200))
        .mount(&dcs)
        .await;
    for client in [
        builder(&dcs.uri(), creds())
            .region(REGION)
            .iam_endpoint(iam.uri())
            .build()
            .expect("client"),
        builder(&dcs.uri(), bare_creds())
            .region(REGION)
            .project_id(PROJECT)
            .iam_endpoint(iam.uri())
            .build()
            .expect("client"),
    ] {
        assert_eq!(client.project_id(), Some(PROJECT));
        assert_eq!(
            client.execute(list_request()).await.expect("call").status,
            200
        );
    }
    let token = Client::builder(SERVICE)
        .endpoint(dcs.uri())
        .region(REGION)
        .iam_endpoint(iam.uri())
        .auth_token(IAM_TOKEN)
        .build()
        .expect("client");
    let m = build_message(token.execute(list_request()).await.unwrap_err());
    assert!(m.contains("no project id"), "{m}");
    assert!(iam.received_requests().await.expect("recorded").is_empty());
}

/// With derived-key signing the service calls use `V11-HMAC-SHA256`, but the IAM lookup is
/// signed plainly (the mock IAM accepts only `SDK-HMAC-SHA256`), as in the SDK.
#[tokio::test]
async fn lookup_is_not_derived_signed() {
    let iam = iam_with(json!([project(DISCOVERED)])).await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(DISCOVERED)))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&dcs)
        .await;
    let client = builder(&dcs.uri(), bare_creds())
        .region(REGION)
        .iam_endpoint(iam.uri())
        .derived_auth(true)
        .build()
        .expect("client");
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    let received = dcs.received_requests().await.expect("recorded");
    let auth = received[0].headers["authorization"]
        .to_str()
        .expect("ascii");
    assert!(
        auth.starts_with(&format!("V11-HMAC-SHA256 Credential={AK}/")),
        "{auth}"
    );
}

/// Without overrides the lookup goes where the SDK sends it: the regional IAM endpoint for
/// regions the SDK lists, the global one otherwise (nothing is sent here).
#[test]
fn default_iam_endpoint_follows_the_region() {
    for (region, iam) in [
        ("cn-north-4", "https://iam.cn-north-4.myhuaweicloud.com"),
        (
            "ap-southeast-1",
            "https://iam.ap-southeast-1.myhuaweicloud.com",
        ),
        ("cn-north-11", "https://iam.myhuaweicloud.com"),
    ] {
        let client = Client::builder(SERVICE)
            .region(region)
            .credentials(bare_creds())
            .build_with_env(|_| None)
            .expect("client");
        let text = format!("{client:?}");
        assert!(
            text.contains(&format!("region `{region}` at {iam}")),
            "{text}"
        );
    }
    let err = Client::builder(SERVICE)
        .region(REGION)
        .credentials(bare_creds())
        .iam_endpoint("ftp://iam.example")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("IAM endpoint"), "{err}");
}
