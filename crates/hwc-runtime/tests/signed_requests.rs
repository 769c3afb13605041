//! Requests as they arrive at a server that verifies signatures the way API Gateway does,
//! with a verifier written independently of the runtime's signer (tests/common).

mod common;

use std::sync::atomic::Ordering;

use base64::Engine as _;
use common::*;
use hwc_runtime::Credentials;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const VECTORS: &str = include_str!("data/vectors.json");

/// Builds the request a server would have received for one of the SDK's vectors.
fn vector_request(v: &Value) -> wiremock::Request {
    let input = &v["input"];
    let expected = &v["expected"];
    let wire = url::Url::parse(expected["url"].as_str().expect("url")).expect("vector url");
    // wiremock records requests as `http://localhost` + the request target.
    let mut url = url::Url::parse("http://localhost/").expect("base");
    url.set_path(wire.path());
    url.set_query(wire.query());
    let mut headers = http::HeaderMap::new();
    for (k, val) in expected["headers_sent"].as_object().expect("headers_sent") {
        headers.append(
            http::HeaderName::from_bytes(k.as_bytes()).expect("header name"),
            http::HeaderValue::from_bytes(val.as_str().expect("value").as_bytes())
                .expect("header value"),
        );
    }
    let body = match (&input["body"], &input["body_base64"]) {
        (Value::String(s), _) => s.as_bytes().to_vec(),
        (_, Value::String(b)) => base64::engine::general_purpose::STANDARD
            .decode(b)
            .expect("base64"),
        _ => Vec::new(),
    };
    wiremock::Request {
        url,
        method: http::Method::from_bytes(input["method"].as_str().expect("method").as_bytes())
            .expect("method"),
        headers,
        body,
    }
}

/// The independent verifier re-derives exactly the SDK's canonical request and string to
/// sign for every HMAC-SHA256 vector, and accepts the SDK's signatures: it is a faithful
/// stand-in for the gateway. Tampering with any signed part makes it refuse.
#[test]
fn verifier_agrees_with_the_sdk() {
    let doc: Value = serde_json::from_str(VECTORS).expect("vectors");
    let mut checked = 0;
    for v in doc["vectors"].as_array().expect("vectors") {
        let input = &v["input"];
        if v["deterministic"] != json!(true)
            || input["signing_algorithm"] != json!("HMAC_SHA256")
            || !input["derived_auth"].is_null()
        {
            continue;
        }
        let name = v["name"].as_str().expect("name");
        let ak = input["ak"].as_str().expect("ak");
        let sk = input["sk"].as_str().expect("sk");
        let req = vector_request(v);
        let got = verify(&req, ak, sk, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            got.canonical_request, v["expected"]["canonical_request"],
            "{name}"
        );
        assert_eq!(
            got.string_to_sign, v["expected"]["string_to_sign"],
            "{name}"
        );

        assert!(verify(&req, ak, "wrong-sk", false).is_err(), "{name}");
        // UNSIGNED-PAYLOAD leaves the body out of the signature by design.
        if !req.headers.contains_key("x-sdk-content-sha256") {
            let mut tampered = req.clone();
            tampered.body.push(b' ');
            assert!(verify(&tampered, ak, sk, false).is_err(), "{name}: body");
        }
        let mut tampered = req.clone();
        tampered.url.set_path(&format!("{}x", req.url.path()));
        assert!(verify(&tampered, ak, sk, false).is_err(), "{name}: path");
        let mut tampered = req.clone();
        tampered.url.set_query(Some("injected=1"));
        assert!(verify(&tampered, ak, sk, false).is_err(), "{name}: query");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} vectors checked");
}

/// A GET with a query and a POST with a JSON body from the real client pass the verifier,
/// and carry the project id in the path and in `X-Project-Id`.
#[tokio::test]
async fn get_and_post_pass_the_gateway_check() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(PROJECT)))
        .and(query_param("limit", "10"))
        .and(query_param("note", "a b/ü*"))
        .and(header("x-project-id", PROJECT))
        .and(header("content-type", "application/json"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_body_json(json!({"count": 0, "records": []})),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(create_path(PROJECT)))
        .and(body_json(json!({"scan_type": "manual", "note": "größe"})))
        .and(header("x-project-id", PROJECT))
        .respond_with(Signed::new(
            ResponseTemplate::new(201).set_body_json(json!({"id": "task-1"})),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = builder(&server.uri(), creds()).build().expect("client");
    let raw = client.execute(list_request()).await.expect("GET");
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    let raw = client.execute(create_request()).await.expect("POST");
    assert_eq!(raw.status, 201, "{}", raw.body_text());
}

/// Temporary credentials send `X-Security-Token`, and it is covered by the signature.
#[tokio::test]
async fn security_token_is_sent_and_signed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-security-token", SECURITY_TOKEN))
        .respond_with(Signed::new(ResponseTemplate::new(200)))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds().with_security_token(SECURITY_TOKEN))
        .build()
        .expect("client");
    let raw = client.execute(list_request()).await.expect("GET");
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    let received = server.received_requests().await.expect("recorded");
    let v = verify(&received[0], AK, SK, true).expect("signature");
    assert!(
        v.signed_headers.split(';').any(|h| h == "x-security-token"),
        "{}",
        v.signed_headers
    );
}

/// The mock really checks: a client holding the wrong secret key gets the gateway's 401,
/// and every part of a request that verified becomes a mismatch once changed in transit.
#[tokio::test]
async fn tampered_requests_are_rejected() {
    let server = MockServer::start().await;
    let responder = Signed::new(ResponseTemplate::new(200));
    let rejected = responder.rejected();
    Mock::given(method("GET"))
        .respond_with(responder)
        .mount(&server)
        .await;

    let wrong = Credentials::new(AK, "not-the-secret-key").with_project_id(PROJECT);
    let client = builder(&server.uri(), wrong).build().expect("client");
    let raw = client.execute(list_request()).await.expect("sent");
    assert_eq!(raw.status, 401);
    assert_eq!(rejected.load(Ordering::SeqCst), 1);
    let err = to_error(raw);
    let service = err.as_service().expect("service error");
    assert_eq!(service.error_code(), Some("APIGW.0301"));
    assert_eq!(service.request_id(), Some("req-unauthorized"));

    let client = builder(&server.uri(), creds()).build().expect("client");
    let raw = client.execute(list_request()).await.expect("sent");
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    let received = server.received_requests().await.expect("recorded");
    let good = received.last().expect("one request").clone();
    verify(&good, AK, SK, true).expect("untouched request verifies");

    let mut t = good.clone();
    t.headers
        .insert("x-project-id", "another-project".parse().expect("value"));
    assert!(verify(&t, AK, SK, true).is_err(), "X-Project-Id");
    let mut t = good.clone();
    t.headers
        .insert("x-sdk-date", "20200101T000000Z".parse().expect("value"));
    assert!(verify(&t, AK, SK, false).is_err(), "X-Sdk-Date");
    let mut t = good.clone();
    t.url.set_query(Some("limit=1000"));
    assert!(verify(&t, AK, SK, true).is_err(), "query");
    let mut t = good.clone();
    t.method = http::Method::DELETE;
    assert!(verify(&t, AK, SK, true).is_err(), "method");
    let mut t = good;
    t.headers
        .insert("x-unsigned-extra", "1".parse().expect("value"));
    assert!(verify(&t, AK, SK, true).is_err(), "unsigned header");
}
