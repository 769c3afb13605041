//! A gateway whose clock is an hour off: the generated client's first call is refused as
//! expired (the gateway's own 401), learns the offset, is re-signed and goes through; later
//! calls, of the client and its clones, are signed at the gateway's time from the start.

use dcs_standin::{Config, INSTANCE_ID, PROJECT_ID, Standin};

fn client(server: &Standin) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(server.endpoint())
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
                .with_project_id(PROJECT_ID),
        )
        // Retries off: the one re-signed attempt is not the retry policy's.
        .max_attempts(1)
        .build()
        .unwrap()
}

async fn list(client: &dcs::Client) -> Result<Option<i32>, dcs::Error> {
    Ok(client
        .list_bigkey_scan_tasks(INSTANCE_ID)
        .send()
        .await?
        .count)
}

#[tokio::test]
async fn a_gateway_an_hour_ahead_or_behind_is_followed() {
    for offset in [3600, -3600] {
        let server = Standin::start(Config::default().with_clock_offset(offset)).unwrap();
        let client = client(&server);
        assert_eq!(list(&client).await.unwrap(), Some(1), "offset {offset}");
        let s = server.stats();
        assert_eq!((s.unauthorized, s.ok), (1, 1), "offset {offset}: {s:?}");

        // Later calls, and a clone's, are signed at the gateway's time: no more refusals.
        let clone = client.clone();
        let (a, b) = tokio::join!(list(&client), list(&clone));
        assert_eq!((a.unwrap(), b.unwrap()), (Some(1), Some(1)));
        let s = server.stats();
        assert_eq!((s.unauthorized, s.ok), (1, 3), "offset {offset}: {s:?}");
        server.stop().unwrap();
    }
}

#[tokio::test]
async fn the_refusal_is_the_gateways_and_a_right_clock_costs_nothing() {
    // A signature made an hour ago, sent straight: the gateway's 401 body and a Date.
    let server = Standin::start(Config::default()).unwrap();
    let url = format!(
        "{}/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks",
        server.endpoint()
    );
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut req = hwc_runtime::sign::RequestToSign {
        method: "GET".into(),
        scheme: "http".into(),
        host: server.addr().to_string(),
        path: format!("/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks"),
        query: vec![],
        headers: vec![],
        body: bytes::Bytes::new(),
    };
    let creds = hwc_runtime::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY);
    hwc_runtime::sign::sign_request(
        &mut req,
        &creds,
        &hwc_runtime::SigningAlgorithm::HmacSha256,
        None,
        an_hour_ago,
    )
    .unwrap();
    let mut get = reqwest::Client::new().get(&url);
    for (k, v) in &req.headers {
        if !k.eq_ignore_ascii_case("host") {
            get = get.header(k, v);
        }
    }
    let resp = get.send().await.unwrap();
    assert_eq!(resp.status(), 401);
    assert!(resp.headers().contains_key("date"));
    let body: serde_json::Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error_code"], "APIGW.0301");
    let msg = body["error_msg"].as_str().unwrap();
    assert!(
        msg.starts_with(
            "Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:"
        ) && msg.contains(",server time:"),
        "{msg}"
    );

    // The client on a right clock: one request per call.
    let client = client(&server);
    assert_eq!(list(&client).await.unwrap(), Some(1));
    let s = server.stats();
    assert_eq!((s.unauthorized, s.ok), (1, 1), "{s:?}");
    server.stop().unwrap();
}
