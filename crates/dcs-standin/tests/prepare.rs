//! `prepare()` on a generated builder gives the signed request without sending it; sent as it
//! is, the stand-in (which verifies signatures like the gateway) accepts it.

use dcs_standin::{Config, INSTANCE_ID, PROJECT_ID, Standin};

#[tokio::test]
async fn a_prepared_request_is_what_send_would_send() {
    let server = Standin::start(Config::default()).unwrap();
    let client = dcs::Client::builder()
        .endpoint(server.endpoint())
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
                .with_project_id(PROJECT_ID),
        )
        .build()
        .unwrap();
    let builder = client
        .list_bigkey_scan_tasks(INSTANCE_ID)
        .limit(10)
        .call_options(dcs::CallOptions::new().header("X-Trace", "dry-run"));
    let prepared: dcs::PreparedRequest = builder.prepare().await.unwrap();
    assert_eq!(server.stats().requests, 0, "prepare sent something");
    assert_eq!(prepared.method, "GET");
    assert_eq!(
        prepared.url,
        format!(
            "{}/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks?limit=10",
            server.endpoint()
        )
    );
    assert_eq!(prepared.header("x-trace"), Some("dry-run"));
    assert!(
        prepared
            .header("authorization")
            .is_some_and(|a| a.starts_with("SDK-HMAC-SHA256 Access=")),
        "{prepared:?}"
    );

    // Sent byte for byte by another client, it passes the signature check.
    let mut req = reqwest::Client::new().get(&prepared.url);
    for (k, v) in &prepared.headers {
        if !k.eq_ignore_ascii_case("host") {
            req = req.header(k, v);
        }
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let s = server.stats();
    assert_eq!((s.requests, s.ok, s.unauthorized), (1, 1, 0));

    // The builder is still there to send.
    let page = builder.send().await.unwrap();
    assert_eq!(page.count, Some(1));
    server.stop().unwrap();
}
