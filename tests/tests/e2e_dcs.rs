//! The generated DCS client against a local wiremock server: the exact request it sends,
//! and every documented (and undocumented) response decoded without losing anything.

use dcs::list_bigkey_scan_tasks::{
    ListBigkeyScanTasksError, ListBigkeyScanTasksStatus as Status, ScanType,
};
use futures_util::TryStreamExt;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71";
const INSTANCE: &str = "5560df16-cebf-4473-95c4-d1b573c16e79";

fn client(server: &MockServer) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(server.uri())
        .unauthenticated()
        .project_id(PROJECT)
        .max_attempts(1)
        .build()
        .unwrap()
}

fn tasks_path(instance: &str) -> String {
    format!("/v2/{PROJECT}/instances/{instance}/bigkey-tasks")
}

/// The page's own examples, by status, read through the parser.
fn page_example(status: u16) -> String {
    let page = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/dcs/查询大key分析任务列表.md"
    ))
    .unwrap();
    let op = apidoc::parse_page("spec", &page).operation.unwrap();
    op.responses
        .iter()
        .find(|r| r.status == status)
        .and_then(|r| r.examples.first())
        .map(|e| e.raw.clone())
        .unwrap()
}

#[tokio::test]
async fn sends_the_exact_request_line() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(tasks_path(INSTANCE)))
        .respond_with(ResponseTemplate::new(200).set_body_string(page_example(200)))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .status(Status::Success)
        .limit(10)
        .offset(0)
        .send()
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method.as_str(), "GET");
    assert_eq!(r.url.path(), tasks_path(INSTANCE));
    // Sorted and encoded exactly as the signature's canonical query.
    assert_eq!(r.url.query(), Some("limit=10&offset=0&status=success"));
    assert_eq!(r.headers.get("x-project-id").unwrap(), PROJECT);
    assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn decodes_the_documented_200_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(page_example(200)))
        .mount(&server)
        .await;
    let page = client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.instance_id.as_deref(),
        Some("5f9057b5-c330-4ee2-8138-7e69896eeec3")
    );
    assert_eq!(page.count, Some(1));
    let records = page.records.unwrap();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(
        r.id.as_deref(),
        Some("858ee14c-2271-4489-8b82-7bda7459ae3e")
    );
    assert_eq!(r.status, Some(Status::Success));
    assert_eq!(r.scan_type, Some(ScanType::Manual));
    assert_eq!(r.created_at.as_deref(), Some("2020-06-15T02:21:18.669Z"));
    assert_eq!(r.started_at.as_deref(), Some("2020-06-15T02:21:23.534Z"));
    assert_eq!(r.finished_at.as_deref(), Some("2020-06-15T02:21:25.588Z"));
}

#[tokio::test]
async fn every_documented_error_status_decodes_into_its_variant() {
    let body = page_example(400);
    for status in [400u16, 401, 403, 404, 500] {
        let server = MockServer::start().await;
        let request_id = format!("req-{status}");
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("X-Request-Id", request_id.as_str())
                    .set_body_string(body.clone()),
            )
            .mount(&server)
            .await;
        let err = client(&server)
            .list_bigkey_scan_tasks(INSTANCE)
            .send()
            .await
            .unwrap_err();
        let dcs::CallError::Service(e) = &err else {
            panic!("{status}: expected a service error, got {err:?}")
        };
        let typed = match (status, e.kind()) {
            (400, ListBigkeyScanTasksError::BadRequest(b))
            | (401, ListBigkeyScanTasksError::Unauthorized(b))
            | (403, ListBigkeyScanTasksError::Forbidden(b))
            | (404, ListBigkeyScanTasksError::NotFound(b))
            | (500, ListBigkeyScanTasksError::InternalServerError(b)) => b,
            (s, k) => panic!("{s} decoded as {k:?}"),
        };
        assert_eq!(typed.error_code.as_deref(), Some("DCS.4919"));
        assert_eq!(
            typed.error_msg.as_deref(),
            Some("Does not support bigkey analyze.")
        );
        assert_eq!(typed.error_ext_msg, None);
        assert_eq!(e.status(), status);
        assert_eq!(e.request_id(), Some(request_id.as_str()));
        assert_eq!(e.error_code(), Some("DCS.4919"));
        assert_eq!(e.body(), body.as_bytes());
        assert_eq!(
            err.to_string(),
            format!(
                "service returned HTTP {status}: DCS.4919: Does not support bigkey analyze. (request id {request_id})"
            )
        );
    }
}

#[tokio::test]
async fn undocumented_status_and_non_json_body_are_kept_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(tasks_path("teapot")))
        .respond_with(
            ResponseTemplate::new(418)
                .insert_header("X-Request-Id", "req-418")
                .insert_header("X-Extra", "kept")
                .set_body_string(r#"{"code":"TEA.1","message":"short and stout"}"#),
        )
        .mount(&server)
        .await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .and(path(tasks_path("html")))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("Content-Type", "text/html")
                .set_body_string(html),
        )
        .mount(&server)
        .await;
    let c = client(&server);

    let err = c.list_bigkey_scan_tasks("teapot").send().await.unwrap_err();
    let e = err.as_service().unwrap();
    assert_eq!(*e.kind(), ListBigkeyScanTasksError::Unhandled);
    assert_eq!(e.status(), 418);
    assert_eq!(e.error_code(), Some("TEA.1"));
    assert_eq!(e.error_msg(), Some("short and stout"));
    assert_eq!(e.request_id(), Some("req-418"));
    assert_eq!(e.headers().get("x-extra").unwrap(), "kept");
    assert_eq!(e.body(), br#"{"code":"TEA.1","message":"short and stout"}"#);

    let err = c.list_bigkey_scan_tasks("html").send().await.unwrap_err();
    let e = err.as_service().unwrap();
    assert_eq!(*e.kind(), ListBigkeyScanTasksError::Unhandled);
    assert_eq!(e.status(), 500);
    assert_eq!(e.body(), html.as_bytes());
    assert_eq!(e.error_msg(), Some(html));
}

#[tokio::test]
async fn unknown_enum_values_decode_as_unknown() {
    let server = MockServer::start().await;
    let body = r#"{"count":1,"records":[{"id":"x","status":"paused","scan_type":"scheduled","brand_new_field":{"a":1}}]}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .mount(&server)
        .await;
    let page = client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap();
    let r = &page.records.unwrap()[0];
    assert_eq!(r.status, Some(Status::Unknown("paused".into())));
    assert_eq!(r.scan_type, Some(ScanType::Unknown("scheduled".into())));
    assert_eq!(r.status.as_ref().unwrap().as_str(), "paused");
}

#[tokio::test]
async fn ids_with_reserved_characters_cannot_change_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let c = client(&server);
    for (id, wire) in [
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("../../v3/secrets", "..%2F..%2Fv3%2Fsecrets"),
        ("id with space&x=1", "id%20with%20space%26x%3D1"),
        ("实例", "%E5%AE%9E%E4%BE%8B"),
    ] {
        c.list_bigkey_scan_tasks(id).send().await.unwrap();
        let reqs = server.received_requests().await.unwrap();
        let last = reqs.last().unwrap();
        assert_eq!(last.url.path(), tasks_path(wire), "{id}");
        assert_eq!(last.url.query(), None, "{id}");
    }
    let before = server.received_requests().await.unwrap().len();
    for id in ["..", ".", ""] {
        let err = c.list_bigkey_scan_tasks(id).send().await.unwrap_err();
        assert!(matches!(err, dcs::CallError::Build(_)), "{id:?}: {err:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn paginator_walks_offset_and_limit_until_count() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| {
        let records: Vec<_> = ids
            .iter()
            .map(|id| serde_json::json!({"id": id, "status": "success"}))
            .collect();
        serde_json::json!({"instance_id": INSTANCE, "count": 5, "records": records})
    };
    for (offset, ids) in [
        ("0", vec!["a", "b"]),
        ("2", vec!["c", "d"]),
        ("4", vec!["e"]),
    ] {
        Mock::given(method("GET"))
            .and(query_param("offset", offset))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(&ids)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let ids: Vec<String> = client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .limit(2)
        .into_paginator()
        .items()
        .map_ok(|r| r.id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn paginator_stops_at_the_first_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"count": 10, "records": [{"id": "a"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("offset", "1"))
        .respond_with(ResponseTemplate::new(403).set_body_string(page_example(400)))
        .mount(&server)
        .await;
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        client(&server)
            .list_bigkey_scan_tasks(INSTANCE)
            .into_paginator()
            .items(),
    )
    .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(403));
}

#[tokio::test]
async fn a_wrong_type_in_one_record_names_the_path_and_keeps_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"count":2,"records":[{"id":"a"},{"id":"b","status":{"not":"a string"}}]}"#;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-bad")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Decode(d) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(d.path, "records[1].status");
    assert_eq!(d.body, body.as_bytes());
    assert_eq!(d.request_id(), Some("req-bad"));
    assert!(err.to_string().contains("records[1].status"), "{err}");
}

#[tokio::test]
async fn requests_are_signed_with_ak_sk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let c = dcs::Client::builder()
        .endpoint(server.uri())
        .credentials(
            dcs::Credentials::new(
                "HPUAEXAMPLEAK0000001",
                "ExampleSecretKey/0123456789+abcdefghijklmn",
            )
            .with_project_id(PROJECT),
        )
        .build()
        .unwrap();
    c.list_bigkey_scan_tasks(INSTANCE)
        .limit(1)
        .send()
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    let h = &reqs[0].headers;
    let auth = h.get("authorization").unwrap().to_str().unwrap();
    assert!(
        auth.starts_with(
            "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature="
        ),
        "{auth}"
    );
    assert_eq!(h.get("x-project-id").unwrap(), PROJECT);
    assert_eq!(h.get("x-sdk-date").unwrap().len(), "20240315T083000Z".len());
    assert!(!format!("{c:?}").contains("ExampleSecretKey"));
}

#[tokio::test]
async fn send_with_metadata_keeps_status_headers_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-42")
                .insert_header("X-Extra", "kept")
                .set_body_string(page_example(200)),
        )
        .mount(&server)
        .await;
    let r = client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.request_id(), Some("req-42"));
    assert_eq!(r.headers()["x-extra"], "kept");
    assert_eq!(r.body().count, Some(1));
    let (status, _, body) = r.into_parts();
    assert_eq!((status, body.records.map(|v| v.len())), (200, Some(1)));
}

/// Every text of an error chain, outermost first.
fn chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push(c.to_string());
        cur = c.source();
    }
    out
}

#[tokio::test]
async fn errors_are_std_errors_whose_chain_names_each_cause_once() {
    fn send_sync_static<T: Send + Sync + 'static>(_: &T) {}
    let server = MockServer::start().await;
    // A 502 with a large HTML page full of control characters: Display stays short.
    let html = format!("<html>\u{1b}[31m{}\r\n</html>", "x".repeat(5 << 20));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string(html.clone()))
        .mount(&server)
        .await;
    let err = client(&server)
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    send_sync_static(&err);
    let shown = err.to_string();
    assert!(shown.len() < 400, "{} bytes", shown.len());
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.contains("\\u{1b}"), "{shown}");
    assert_eq!(
        err.as_service().unwrap().body().len(),
        html.len(),
        "the body is kept whole"
    );
    // As a boxed std error: the service error, then the operation's own kind.
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    let texts = chain(boxed.as_ref());
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[1].contains("ListBigkeyScanTasks"), "{texts:?}");

    // A transport failure: each level's text once, none repeating another's.
    let closed = dcs::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .unauthenticated()
        .project_id("p")
        .max_attempts(1)
        .build()
        .unwrap();
    let err = closed
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let texts = chain(&err);
    assert!(texts.len() >= 2, "{texts:?}");
    for (i, t) in texts.iter().enumerate() {
        for later in &texts[i + 1..] {
            assert!(
                !t.contains(later.as_str()),
                "{t:?} repeats its cause {later:?}"
            );
        }
    }
}

#[tokio::test]
async fn every_call_error_converts_into_the_service_error_with_question_mark() {
    async fn count(c: &dcs::Client, id: &str) -> Result<i32, dcs::Error> {
        let page = c.list_bigkey_scan_tasks(id).send().await?;
        Ok(page.count.unwrap_or(0))
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-Request-Id", "req-404")
                .set_body_string(page_example(400)),
        )
        .mount(&server)
        .await;
    let err = count(&client(&server), INSTANCE).await.unwrap_err();
    assert_eq!(err.operation(), "ListBigkeyScanTasks");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("req-404"));
    assert!(err.error_code().is_some() && err.body().is_some());
    // The operation's typed error is still there.
    let dcs::Error::ListBigkeyScanTasks(call) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(
        call.as_service().map(|s| s.kind()),
        Some(ListBigkeyScanTasksError::NotFound(_))
    ));
    // Transparent: the same text and the same cause as the call error.
    assert_eq!(err.to_string(), call.to_string());
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert!(boxed.source().is_some());
}

#[tokio::test]
async fn one_call_sets_headers_timeout_and_retries_without_a_new_client() {
    use std::time::{Duration, Instant};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("X-Trace", "t-1"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("X-Slow", "yes"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_string(page_example(200)),
        )
        .mount(&server)
        .await;
    let c = client(&server); // the test client makes one attempt
    let retrying = dcs::RetryConfig::new()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1));
    let err = c
        .list_bigkey_scan_tasks(INSTANCE)
        .call_options(
            dcs::CallOptions::new()
                .header("X-Trace", "t-1")
                .retry(retrying),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "this call retried"
    );

    let started = Instant::now();
    let err = c
        .list_bigkey_scan_tasks(INSTANCE)
        .call_options(
            dcs::CallOptions::new()
                .header("X-Slow", "yes")
                .timeout(Duration::from_millis(200)),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, dcs::CallError::Transport(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The client itself is unchanged: a plain call has no extra header and one attempt.
    let before = server.received_requests().await.unwrap().len();
    let _ = c.list_bigkey_scan_tasks(INSTANCE).send().await;
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), before + 1);
    assert!(reqs.last().unwrap().headers.get("x-trace").is_none());
}
