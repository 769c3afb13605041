//! The stand-in answers a request signed by the generated client, and refuses a bad or missing
//! signature with a gateway-style 401.

use dcs_standin::{Config, INSTANCE_ID, PROJECT_ID, Standin};

fn client(server: &Standin, sk: &str) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(server.endpoint())
        .credentials(dcs::Credentials::new(dcs_standin::ACCESS_KEY, sk).with_project_id(PROJECT_ID))
        .max_attempts(1)
        .build()
        .unwrap()
}

#[tokio::test]
async fn signed_request_passes_and_bad_signature_gets_401() {
    let server = Standin::start(Config::default()).unwrap();

    let page = client(&server, dcs_standin::SECRET_KEY)
        .list_bigkey_scan_tasks(INSTANCE_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(page.count, Some(1));
    let records = page.records.unwrap();
    assert_eq!(
        records[0].id.as_deref(),
        Some("858ee14c-2271-4489-8b82-7bda7459ae3e")
    );

    let err = client(&server, "not-the-secret-key")
        .list_bigkey_scan_tasks(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Service(e) = err else {
        panic!("expected a service error, got {err}");
    };
    assert_eq!(e.status(), 401);
    assert_eq!(e.error_code(), Some("APIGW.0301"));
    assert!(
        e.error_msg()
            .unwrap()
            .contains("verify aksk signature fail"),
        "{:?}",
        e.error_msg()
    );
    assert!(e.request_id().is_some());

    // No signature at all.
    let url = format!(
        "{}/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks",
        server.endpoint()
    );
    let resp = reqwest::get(&url).await.unwrap();
    assert_eq!(resp.status(), 401);

    let stats = server.stats();
    assert_eq!((stats.ok, stats.unauthorized), (1, 2));
    server.stop().unwrap();
}

#[tokio::test]
async fn generated_records_page_through_the_paginator() {
    use futures_util::TryStreamExt;

    let server = Standin::start(Config::default().with_records(25)).unwrap();
    let items: Vec<_> = client(&server, dcs_standin::SECRET_KEY)
        .list_bigkey_scan_tasks(INSTANCE_ID)
        .limit(10)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 25);
    assert_eq!(server.stats().ok, 3);
}

#[tokio::test]
async fn unsigned_requests_only_when_allowed() {
    let server = Standin::start(Config::default().allowing_unsigned()).unwrap();
    let url = format!(
        "{}/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks",
        server.endpoint()
    );
    let resp = reqwest::get(&url).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), dcs_standin::DOCUMENTED_EXAMPLE);
    // A signed request is still checked.
    let err = client(&server, "wrong")
        .list_bigkey_scan_tasks(INSTANCE_ID)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, dcs::CallError::Service(ref e) if e.status() == 401),
        "{err}"
    );
    let other = reqwest::get(format!("{}/v2/p/instances", server.endpoint()))
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}
