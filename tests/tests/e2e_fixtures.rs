//! Code generated from the fixture pages, used like a real client against wiremock: awkward
//! names compile and round-trip, request bodies and headers are sent, a documented body-less
//! success is `None`.

use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::create_widget::{CreateWidgetBodyMode as Mode, CreateWidgetError, Tag};
use workspace_tests::show_naming_obstacles::{
    ShowNamingObstaclesResponseClientStatus as Client2Status,
    ShowNamingObstaclesResponseOptionStatus as Status, ShowNamingObstaclesResult as Res,
};

fn client(server: &MockServer) -> workspace_tests::Client {
    workspace_tests::Client::builder()
        .endpoint(server.uri())
        .unauthenticated()
        .project_id("p")
        .max_attempts(1)
        .build()
        .unwrap()
}

#[tokio::test]
async fn naming_obstacle_course_round_trips() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "type": "t",
        "self": {"status": "on", "next": {"status": "weird", "next": {"status": "off"}}},
        "Result": [{"status": "up", "dup": {"a": "x"}, "dup2": {"b": 2}}],
        "a-b": 1,
        "a_b": 2,
        "fn": {"k": "v"},
        "extra": {"anything": [1, 2]}
    });
    Mock::given(method("GET"))
        .and(path("/v3/p/things/t%2F1/self"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let out = client(&server)
        .show_naming_obstacles("t/1", "self")
        .client("c")
        .send_2(true)
        .x_trace_id(7)
        .result(Res::V30)
        .send()
        .await
        .unwrap();
    let req = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        req.url.query(),
        Some("Result=3.0&client=c&send=true&x-trace.id=7")
    );

    assert_eq!(out.r#type.as_deref(), Some("t"));
    let opt = out.self_.as_ref().unwrap();
    assert_eq!(opt.status, Some(Status::On));
    let next = opt.next.as_ref().unwrap();
    assert_eq!(next.status, Some(Status::Unknown("weird".into())));
    assert_eq!(next.next.as_ref().unwrap().status, Some(Status::Off));
    let clients = out.result.as_ref().unwrap();
    assert_eq!(clients[0].status, Some(Client2Status::Up));
    assert_eq!(clients[0].dup.as_ref().unwrap().a.as_deref(), Some("x"));
    assert_eq!(clients[0].dup2.as_ref().unwrap().b, Some(2));
    assert_eq!((out.a_b, out.a_b_2), (Some(1), Some(2)));
    assert_eq!(out.r#fn.as_ref().unwrap()["k"], "v");
    assert_eq!(out.extra, Some(serde_json::json!({"anything": [1, 2]})));
    // Encoding gives back the wire names.
    assert_eq!(serde_json::to_value(&out).unwrap(), body);
}

#[tokio::test]
async fn enum_values_that_collide_after_naming_stay_distinct() {
    assert_eq!(Res::V30.as_str(), "3.0");
    assert_eq!(Res::V302.as_str(), "30");
    assert_eq!(Res::from("Unknown"), Res::Unknown2);
    assert_eq!(Res::from("unknown"), Res::Unknown3);
    assert_eq!(Res::from("a-b"), Res::AB);
    assert_eq!(Res::from("new"), Res::Unknown("new".into()));
    assert_eq!(Res::VALUES, ["3.0", "30", "Unknown", "unknown", "a-b"]);
}

#[tokio::test]
async fn post_sends_body_and_headers_and_decodes_both_success_shapes() {
    let server = MockServer::start().await;
    let sent = serde_json::json!({
        "name": "demo",
        "size": 3,
        "mode": "fast",
        "tags": [{"key": "k", "value": "v"}]
    });
    Mock::given(method("POST"))
        .and(path("/v2/p/widgets"))
        .and(header("X-Client-Token", "tok-1"))
        .and(header("content-type", "application/json"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"id": "w-1", "tags": [{"key": "k", "created": 1700000000000i64}]}),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("X-Client-Token", "tok-2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("X-Client-Token", "tok-3"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_string(r#"{"error_code":"W.409","error_msg":"exists"}"#),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    // Required body members are arguments, optional ones setters, nested objects built alike.
    let create = |token: &str| {
        c.create_widget(token, "demo", Mode::Fast)
            .size(3)
            .tags([Tag::new("k").value("v")])
    };
    let created = create("tok-1").send().await.unwrap().unwrap();
    assert_eq!(created.id.as_deref(), Some("w-1"));
    assert_eq!(created.tags.unwrap()[0].created, Some(1_700_000_000_000));

    let none = create("tok-2").send().await.unwrap();
    assert_eq!(none, None);

    let err = create("tok-3").send().await.unwrap_err();
    match err.as_service().map(|e| e.kind()) {
        Some(CreateWidgetError::Conflict(e)) => assert_eq!(e.error_code.as_deref(), Some("W.409")),
        other => panic!("{other:?}"),
    }
    // The fixture folder's 错误码.md says what W.409 means and what to do.
    let documented = err.as_service().unwrap().documented().unwrap();
    assert_eq!(
        (
            documented.status,
            documented.description,
            documented.handling
        ),
        (Some(409), "小部件已存在。", "请使用新的幂等令牌重试。")
    );
    assert_eq!(
        workspace_tests::error_codes::lookup("w.0400").map(|e| e.message),
        Some("Invalid widget name & size.")
    );
    assert!(workspace_tests::error_codes::lookup("W.9999").is_none());
}

#[tokio::test]
async fn post_is_not_retried_on_500() {
    // A 500 may come after the widget was created: repeating the POST could create two.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let c = workspace_tests::Client::builder()
        .endpoint(server.uri())
        .unauthenticated()
        .project_id("p")
        .max_attempts(3)
        .build()
        .unwrap();
    let err = c
        .create_widget("t", "n", Mode::Safe)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
}

#[tokio::test]
async fn template_variations_decode_and_repeat_query_keys() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/p/gadgets"))
        .and(header("X-Auth-Token", "iam-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "items": [{"id": "g-1", "owner": {"user_id": 42}}],
            "owner": {"name": "team"},
            "spec_info": {"cpu": 2},
            "meta": {"version": 1.5},
            "labels": {"env": "prod"},
            "extra": {"free": ["form"]},
            "children": [{"child_id": "c-1"}]
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    // X-Auth-Token is in the page's header table; the runtime sends it from the client's
    // token rather than taking it as an argument.
    let c = workspace_tests::Client::builder()
        .endpoint(server.uri())
        .project_id("p")
        .auth_token("iam-token")
        .max_attempts(1)
        .build()
        .unwrap();
    let out = c
        .list_gadgets()
        .ids(vec!["b".into(), "a".into(), "a b".into()])
        .marker("m/1")
        .send()
        .await
        .unwrap()
        .unwrap();
    let req = &server.received_requests().await.unwrap()[0];
    assert_eq!(req.url.query(), Some("ids=a&ids=a%20b&ids=b&marker=m%2F1"));
    assert_eq!(
        out.items.unwrap()[0].owner.as_ref().unwrap().user_id,
        Some(42)
    );
    assert_eq!(out.owner.unwrap().name.as_deref(), Some("team"));
    assert_eq!(out.spec_info.unwrap().cpu, Some(2));
    assert_eq!(out.meta.unwrap().version, Some(1.5));
    assert_eq!(out.labels.unwrap()["env"], "prod");
    assert_eq!(out.children.unwrap()[0].child_id.as_deref(), Some("c-1"));
    // 201 is documented without a body.
    assert_eq!(c.list_gadgets().send().await.unwrap(), None);
}

#[tokio::test]
async fn a_top_level_array_body_decodes_into_a_vec() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/p/gadgets/batch"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"id": "g-1", "meta": {"version": 1.5}},
            {"id": "g-2"}
        ])))
        .mount(&server)
        .await;
    let out: workspace_tests::batch_show_gadgets::BatchShowGadgetsResponse = client(&server)
        .batch_show_gadgets(vec!["g-2".into(), "g-1".into()])
        .send()
        .await
        .unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].id.as_deref(), Some("g-1"));
    // `meta` is described on another page of the folder: typed from that page's table.
    assert_eq!(out[0].meta.as_ref().and_then(|m| m.version), Some(1.5));
    let req = &server.received_requests().await.unwrap()[0];
    assert_eq!(req.url.query(), Some("ids=g-1&ids=g-2"));
}

#[tokio::test]
async fn secrets_print_as_stars_in_requests_bodies_and_builders() {
    let server = MockServer::start().await;
    let builder = client(&server)
        .create_widget("tok-secret-1", "demo", Mode::Fast)
        .admin_pass("Pa55-word!");
    for shown in [
        format!("{builder:?}"),
        format!("{:?}", builder.request()),
        format!("{:?}", builder.request().body),
    ] {
        assert!(!shown.contains("Pa55-word!"), "{shown}");
        assert!(shown.contains("admin_pass: Some(***)"), "{shown}");
    }
    // X-Client-Token is a token by name: redacted too; the name is not.
    let shown = format!("{:?}", builder.request());
    assert!(
        !shown.contains("tok-secret-1") && shown.contains("name: \"demo\""),
        "{shown}"
    );
}

/// The retry rules through generated calls: a POST refused with 503 is sent again, a PUT
/// answered 502 (it may have taken effect) is not, a GET answered 502 is, and a call that
/// opts in retries its PUT.
#[tokio::test]
async fn generated_calls_retry_only_what_cannot_have_taken_effect() {
    use std::time::Duration;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let policy = workspace_tests::RetryConfig::new()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1));
    let c = workspace_tests::Client::builder()
        .endpoint(server.uri())
        .unauthenticated()
        .project_id("p")
        .retry(policy)
        .build()
        .unwrap();
    let count = |m: &'static str| {
        let server = &server;
        async move {
            server
                .received_requests()
                .await
                .unwrap()
                .iter()
                .filter(|r| r.method.as_str() == m)
                .count()
        }
    };
    let _ = c.create_widget("t", "n", Mode::Safe).send().await;
    assert_eq!(count("POST").await, 3, "a refusal is retried for a POST");
    let _ = c
        .update_widget(
            "w",
            workspace_tests::update_widget::UpdateWidgetWidget::new(),
        )
        .send()
        .await;
    assert_eq!(
        count("PUT").await,
        1,
        "a PUT that may have taken effect is not repeated"
    );
    let _ = c.show_widget("w").send().await;
    assert_eq!(count("GET").await, 3, "a GET is safe to repeat");
    let _ = c
        .update_widget(
            "w",
            workspace_tests::update_widget::UpdateWidgetWidget::new(),
        )
        .call_options(workspace_tests::CallOptions::new().retry(policy.retry_uncertain(true)))
        .send()
        .await;
    assert_eq!(count("PUT").await, 4, "this call opted in");
}
