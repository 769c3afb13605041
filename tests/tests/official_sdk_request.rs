//! The generated client builds, byte for byte, the request the official Python SDK builds for
//! the same call (vectors `client_list_bigkey_scan_tasks*`, recorded from huaweicloudsdkdcs's
//! own DcsClient pipeline): URL, every header, and the signature.

use std::time::SystemTime;

use dcs::types::ListBigkeyScanTasksStatus as Status;

fn vector(name: &str) -> serde_json::Value {
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../crates/hwc-runtime/tests/data/vectors.json"
        ))
        .unwrap(),
    )
    .unwrap();
    all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .cloned()
        .unwrap()
}

fn vector_date() -> SystemTime {
    hwc_runtime::sign::parse_sdk_date("20240315T083000Z").unwrap()
}

fn client(v: &serde_json::Value) -> dcs::Client {
    let input = &v["input"];
    let mut creds =
        dcs::Credentials::new(input["ak"].as_str().unwrap(), input["sk"].as_str().unwrap())
            .with_project_id(input["project_id"].as_str().unwrap());
    if let Some(t) = input["security_token"].as_str() {
        creds = creds.with_security_token(t);
    }
    assert_eq!(input["x_sdk_date"], "20240315T083000Z");
    dcs::Client::builder()
        .endpoint(input["endpoint"].as_str().unwrap())
        .credentials(creds)
        .user_agent(format!(
            "huaweicloud-usdk-python/3.0; {}",
            input["http_config_user_agent"].as_str().unwrap()
        ))
        .clock(vector_date)
        .build()
        .unwrap()
}

fn assert_same_request(v: &serde_json::Value, prepared: &hwc_runtime::PreparedRequest) {
    let expected = &v["expected"];
    assert_eq!(prepared.method, "GET");
    assert_eq!(prepared.url, expected["url"].as_str().unwrap());
    let mut ours: Vec<(String, String)> = prepared
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    ours.sort();
    let mut theirs: Vec<(String, String)> = expected["headers_sent"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap().to_owned()))
        .collect();
    theirs.sort();
    assert_eq!(ours, theirs);
    assert_eq!(
        prepared.header("authorization"),
        expected["authorization"].as_str()
    );
    assert!(prepared.body.is_empty());
}

#[tokio::test]
async fn list_bigkey_scan_tasks_with_query_matches_the_official_sdk() {
    let v = vector("client_list_bigkey_scan_tasks");
    let r = &v["input"]["request"];
    assert_eq!(r["status"], "success");
    let c = client(&v);
    let builder = c
        .list_bigkey_scan_tasks(r["instance_id"].as_str().unwrap())
        .offset(r["offset"].as_i64().unwrap() as i32)
        .limit(r["limit"].as_i64().unwrap() as i32)
        .status(Status::Success);
    let prepared = c
        .runtime()
        .prepare(builder.request().to_http())
        .await
        .unwrap();
    assert_same_request(&v, &prepared);
}

#[tokio::test]
async fn list_bigkey_scan_tasks_with_security_token_matches_the_official_sdk() {
    let v = vector("client_list_bigkey_scan_tasks_no_query_token");
    let c = client(&v);
    let builder = c.list_bigkey_scan_tasks(v["input"]["request"]["instance_id"].as_str().unwrap());
    let prepared = c
        .runtime()
        .prepare(builder.request().to_http())
        .await
        .unwrap();
    assert_same_request(&v, &prepared);
    // The token is sent, but never shown.
    assert!(!format!("{prepared:?}").contains("TEMP-TOKEN-EXAMPLE"));
}
