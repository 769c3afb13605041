//! Retries, backoff, `Retry-After` and timeouts against a signature-checking mock.

mod common;

use std::time::{Duration, Instant};

use common::*;
use hwc_runtime::{Error, RetryConfig, TransportKind};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `first` for the first `n` requests (checked for signatures), then `then`.
async fn mount_sequence(
    server: &MockServer,
    verb: &str,
    first: ResponseTemplate,
    n: u64,
    then: ResponseTemplate,
    then_times: u64,
) {
    Mock::given(method(verb))
        .respond_with(Signed::new(first))
        .up_to_n_times(n)
        .with_priority(1)
        .expect(n)
        .named("failing answers")
        .mount(server)
        .await;
    Mock::given(method(verb))
        .respond_with(Signed::new(then))
        .expect(then_times)
        .named("final answer")
        .mount(server)
        .await;
}

/// Every request the server got carried a valid signature.
async fn all_signed(server: &MockServer) -> Vec<wiremock::Request> {
    let received = server.received_requests().await.expect("recorded");
    for r in &received {
        verify(r, AK, SK, true).expect("every attempt is signed");
    }
    received
}

/// Two 503s, then success: three attempts in all, each one signed.
#[tokio::test]
async fn retries_503_until_success() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "GET",
        ResponseTemplate::new(503),
        2,
        ResponseTemplate::new(200).set_body_json(json!({"count": 0})),
        1,
    )
    .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    let raw = client.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    server.verify().await;
    assert_eq!(all_signed(&server).await.len(), 3);
}

/// `Retry-After: 1` is waited out even though the computed backoff is far shorter, and the
/// retry is signed afresh: a new `X-Sdk-Date` and a new, valid signature.
#[tokio::test]
async fn retry_after_is_honoured_and_retry_is_re_signed() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "GET",
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        1,
        ResponseTemplate::new(200),
        1,
    )
    .await;
    let client = builder(&server.uri(), creds())
        .retry(
            RetryConfig::new()
                .max_attempts(2)
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_secs(2)),
        )
        .build()
        .expect("client");
    let started = Instant::now();
    let raw = client.execute(list_request()).await.expect("call");
    let elapsed = started.elapsed();
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    server.verify().await;

    let received = all_signed(&server).await;
    assert_eq!(received.len(), 2);
    let date = |r: &wiremock::Request| r.headers["x-sdk-date"].clone();
    let auth = |r: &wiremock::Request| r.headers["authorization"].clone();
    // A second passed between the attempts, so a reused date would show here.
    assert_ne!(date(&received[0]), date(&received[1]));
    assert_ne!(auth(&received[0]), auth(&received[1]));
}

/// A `Retry-After` longer than `max_backoff` is capped by it.
#[tokio::test]
async fn retry_after_is_capped_by_max_backoff() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "GET",
        ResponseTemplate::new(503).insert_header("retry-after", "30"),
        1,
        ResponseTemplate::new(200),
        1,
    )
    .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    let started = Instant::now();
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    server.verify().await;
}

/// A 400 is final: one attempt, and the typed error carries the documented body.
#[tokio::test]
async fn no_retry_on_400() {
    let server = MockServer::start().await;
    let body = json!({"error_code": "DCS.4919", "error_msg": "Does not support bigkey analyze."});
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(400)
                .insert_header("x-request-id", "req-400")
                .set_body_json(body.clone()),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    let raw = client.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 400);
    let err = to_error(raw);
    let service = err.as_service().expect("service error");
    assert_eq!(service.kind(), &OpError::BadRequest(body));
    assert_eq!(service.error_code(), Some("DCS.4919"));
    assert_eq!(err.request_id(), Some("req-400"));
    assert_eq!(
        err.to_string(),
        "service returned HTTP 400: DCS.4919: Does not support bigkey analyze. (request id req-400)"
    );
    server.verify().await;
}

/// A 503 is the service refusing the request: retried for every method, a POST included.
#[tokio::test]
async fn post_503_is_a_refusal_and_is_retried() {
    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "POST",
        ResponseTemplate::new(503),
        2,
        ResponseTemplate::new(201),
        1,
    )
    .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    assert_eq!(
        client.execute(create_request()).await.expect("call").status,
        201
    );
    server.verify().await;
    all_signed(&server).await;
}

/// A 502 may come after the request took effect: a POST is not repeated, unless the caller
/// says the operation is harmless to repeat.
#[tokio::test]
async fn post_502_is_not_retried_unless_uncertain_failures_are_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(create_path(PROJECT)))
        .respond_with(Signed::new(ResponseTemplate::new(502)))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    assert_eq!(
        client.execute(create_request()).await.expect("call").status,
        502
    );
    server.verify().await;

    let server = MockServer::start().await;
    mount_sequence(
        &server,
        "POST",
        ResponseTemplate::new(502),
        1,
        ResponseTemplate::new(201),
        1,
    )
    .await;
    let client = builder(&server.uri(), creds())
        .retry(fast_retry(3).retry_uncertain(true))
        .build()
        .expect("client");
    assert_eq!(
        client.execute(create_request()).await.expect("call").status,
        201
    );
    server.verify().await;
}

/// A timeout once the request was sent: a GET is retried, a POST is not.
#[tokio::test]
async fn a_timeout_is_retried_for_get_only() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Signed::new(
            ResponseTemplate::new(201).set_delay(Duration::from_millis(600)),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds())
        .timeout(Duration::from_millis(150))
        .build()
        .expect("client");
    let err = client.execute(create_request()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == TransportKind::Timeout),
        "{err:?}"
    );
    server.verify().await;
}

/// The deadline bounds the whole call: attempts and waits together, whatever the
/// per-attempt timeout and the number of attempts allow.
#[tokio::test]
async fn the_deadline_bounds_every_attempt_and_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        ))
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds())
        .timeout(Duration::from_secs(10))
        .retry(fast_retry(5).deadline(Duration::from_millis(300)))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client.execute(list_request()).await.unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(1500), "{took:?}");
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TransportKind::Timeout);
    assert!(t.message.contains("deadline"), "{}", t.message);

    // A Retry-After longer than what is left of the deadline is not waited out.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(503).insert_header("retry-after", "5"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds())
        .retry(
            fast_retry(5)
                .deadline(Duration::from_secs(1))
                .max_backoff(Duration::from_secs(20)),
        )
        .build()
        .expect("client");
    let started = Instant::now();
    let raw = client
        .execute(list_request())
        .await
        .expect("the last answer");
    assert_eq!(raw.status, 503);
    assert!(started.elapsed() < Duration::from_millis(900));
    server.verify().await;
}

/// A 429 on every attempt: after the last one the response comes back with its body intact.
#[tokio::test]
async fn exhausted_429_keeps_the_body() {
    let server = MockServer::start().await;
    let body = br#"{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute"}"#;
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(429).set_body_raw(body.to_vec(), "application/json"),
        ))
        .expect(3)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    let raw = client.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 429);
    assert_eq!(&raw.body[..], &body[..]);
    let err = to_error(raw);
    let service = err.as_service().expect("service error");
    assert_eq!(service.body(), &body[..]);
    assert_eq!(service.error_code(), Some("APIGW.0308"));
    assert_eq!(service.kind(), &OpError::Unhandled);
    server.verify().await;
}

/// A server slower than the client's timeout: every attempt times out, and the error says
/// so, without a status.
#[tokio::test]
async fn slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds())
        .timeout(Duration::from_millis(200))
        .retry(fast_retry(2))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client.execute(list_request()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    match &err {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::Timeout, "{t}");
            assert_eq!(t.status, None);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(err.to_string().starts_with("timed out"), "{err}");
    server.verify().await;
}

/// Nothing listening: every attempt fails to connect, and the error says so.
#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let client = builder(&format!("http://127.0.0.1:{port}"), creds())
        .build()
        .expect("client");
    match client.execute(list_request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::Connect, "{t}");
            assert_eq!(t.status, None);
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}
