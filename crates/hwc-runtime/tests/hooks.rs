//! Hooks on the client and per call, against a loopback mock: a header added before
//! signing is signed, logging and metrics see every attempt and the result, per-call hooks
//! run after the client's, and a hook never sees a secret.

mod common;

use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use hwc_runtime::{CallContext, CallOptions, Error, Hook, HttpRequest, RawResponse, Request};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers `status` to every request, checking signatures.
async fn server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(ResponseTemplate::new(status)))
        .mount(&server)
        .await;
    server
}

/// Adds `X-Trace-Id: <id>` before signing.
struct TraceId(&'static str);

impl Hook for TraceId {
    fn before_signing(&self, _: &CallContext<'_>, request: &mut Request) {
        request.header("X-Trace-Id", self.0);
    }
}

#[tokio::test]
async fn a_header_added_before_signing_is_sent_and_signed() {
    let server = server(200).await;
    let client = builder(&server.uri(), creds())
        .hook(TraceId("client"))
        .build()
        .expect("client");
    client.execute(list_request()).await.expect("first call");
    let mut req = list_request();
    CallOptions::new().hook(TraceId("call")).apply(&mut req);
    client.execute(req).await.expect("second call");
    let received = server.received_requests().await.expect("recorded");
    let ids: Vec<Vec<&str>> = received
        .iter()
        .map(|r| {
            r.headers
                .get_all("x-trace-id")
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect()
        })
        .collect();
    // The client's hook runs on every call; the call's own runs after it, on that call only.
    assert_eq!(ids, [vec!["client"], vec!["client", "call"]]);
    // The verifier re-derives the signature of the first call (the second repeats the
    // header, which it does not take).
    let checked = verify(&received[0], AK, SK, true).expect("the signature covers the header");
    assert!(
        checked.signed_headers.split(';').any(|h| h == "x-trace-id"),
        "not signed: {}",
        checked.signed_headers
    );
}

/// What the hooks saw, in order.
#[derive(Default, Clone)]
struct Log(Arc<Mutex<Vec<String>>>);

fn describe(outcome: Result<&RawResponse, &Error>) -> String {
    outcome.map_or_else(|e| e.to_string(), |r| r.status.to_string())
}

impl Hook for Log {
    fn on_attempt(&self, cx: &CallContext<'_>, outcome: Result<&RawResponse, &Error>, _: Duration) {
        let line = format!(
            "{} attempt {}: {}",
            cx.operation,
            cx.attempt,
            describe(outcome)
        );
        self.0.lock().unwrap().push(line);
    }

    fn on_result(&self, cx: &CallContext<'_>, outcome: Result<&RawResponse, &Error>, _: Duration) {
        let line = format!(
            "{} done after {}: {}",
            cx.operation,
            cx.attempt,
            describe(outcome)
        );
        self.0.lock().unwrap().push(line);
    }
}

/// Counts calls, attempts and failed calls, as a metrics exporter would.
#[derive(Default)]
struct Metrics {
    calls: AtomicU32,
    attempts: AtomicU32,
    failures: AtomicU32,
}

impl Hook for Metrics {
    fn on_attempt(&self, _: &CallContext<'_>, _: Result<&RawResponse, &Error>, _: Duration) {
        self.attempts.fetch_add(1, SeqCst);
    }

    fn on_result(&self, _: &CallContext<'_>, outcome: Result<&RawResponse, &Error>, _: Duration) {
        self.calls.fetch_add(1, SeqCst);
        if outcome.map_or(true, |r| r.status >= 400) {
            self.failures.fetch_add(1, SeqCst);
        }
    }
}

#[tokio::test]
async fn logging_and_metrics_see_every_attempt_and_the_result_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(ResponseTemplate::new(503)))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(ResponseTemplate::new(200)))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(ResponseTemplate::new(404)))
        .with_priority(3)
        .mount(&server)
        .await;
    let log = Log::default();
    let metrics = Arc::new(Metrics::default());
    let client = builder(&server.uri(), creds())
        .hook(log.clone())
        .hook_arc(metrics.clone())
        .build()
        .expect("client");
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        404
    );
    assert_eq!(
        *log.0.lock().unwrap(),
        [
            "ListBigkeyScanTasks attempt 1: 503",
            "ListBigkeyScanTasks attempt 2: 503",
            "ListBigkeyScanTasks attempt 3: 200",
            "ListBigkeyScanTasks done after 3: 200",
            "ListBigkeyScanTasks attempt 1: 404",
            "ListBigkeyScanTasks done after 1: 404",
        ]
    );
    let counts = (
        metrics.calls.load(SeqCst),
        metrics.attempts.load(SeqCst),
        metrics.failures.load(SeqCst),
    );
    assert_eq!(counts, (2, 4, 1));
}

/// Records the order hooks run in, by name.
struct Order(&'static str, Arc<Mutex<Vec<String>>>);

impl Hook for Order {
    fn before_signing(&self, _: &CallContext<'_>, _: &mut Request) {
        self.1.lock().unwrap().push(format!("{} before", self.0));
    }

    fn after_signing(&self, _: &CallContext<'_>, _: &mut HttpRequest<'_>) {
        self.1.lock().unwrap().push(format!("{} after", self.0));
    }

    fn on_result(&self, _: &CallContext<'_>, _: Result<&RawResponse, &Error>, _: Duration) {
        self.1.lock().unwrap().push(format!("{} result", self.0));
    }
}

#[tokio::test]
async fn per_call_hooks_run_after_the_clients() {
    let server = server(200).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server.uri(), creds())
        .hook(Order("client", seen.clone()))
        .build()
        .expect("client");
    let mut req = list_request();
    CallOptions::new()
        .hook(Order("call", seen.clone()))
        .apply(&mut req);
    client.execute(req).await.expect("call");
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "client before",
            "call before",
            "client after",
            "call after",
            "client result",
            "call result",
        ]
    );
}

/// Writes down everything it is shown, and tries to change the secret headers.
#[derive(Default, Clone)]
struct Snoop(Arc<Mutex<Vec<String>>>);

impl Snoop {
    fn note(&self, what: String) {
        self.0.lock().unwrap().push(what);
    }
}

impl Hook for Snoop {
    fn before_signing(&self, cx: &CallContext<'_>, request: &mut Request) {
        self.note(format!("{cx:?} {request:?}"));
    }

    fn after_signing(&self, cx: &CallContext<'_>, request: &mut HttpRequest<'_>) {
        self.note(format!("{cx:?} {request:?}"));
        for (name, value) in &request.headers {
            self.note(format!("{name}: {}", value.to_str().unwrap_or("<bytes>")));
        }
        let auth = request
            .headers
            .get("authorization")
            .map(|v| v.as_bytes().to_vec());
        self.note(format!("authorization = {auth:?}"));
        request
            .headers
            .insert("authorization", http::HeaderValue::from_static("stolen"));
        request.headers.remove("x-security-token");
        request
            .headers
            .insert("x-auth-token", http::HeaderValue::from_static("forged"));
        request
            .headers
            .insert("x-after", http::HeaderValue::from_static("1"));
    }

    fn on_attempt(&self, cx: &CallContext<'_>, outcome: Result<&RawResponse, &Error>, _: Duration) {
        self.note(format!("{cx:?} {outcome:?}"));
    }

    fn on_result(&self, cx: &CallContext<'_>, outcome: Result<&RawResponse, &Error>, _: Duration) {
        self.note(format!("{cx:?} {outcome:?}"));
    }
}

#[tokio::test]
async fn a_hook_sees_secrets_masked_and_cannot_change_them() {
    let server = server(200).await;
    let snoop = Snoop::default();
    let client = builder(&server.uri(), creds().with_security_token(SECURITY_TOKEN))
        .hook(snoop.clone())
        .build()
        .expect("client");
    client.execute(list_request()).await.expect("call");
    let seen = snoop.0.lock().unwrap().join("\n");
    for secret in [SK, SECURITY_TOKEN] {
        assert!(!seen.contains(secret), "a hook saw {secret}:\n{seen}");
    }
    assert!(seen.contains("authorization: ***"), "{seen}");
    assert!(seen.contains("x-security-token: ***"), "{seen}");
    assert!(
        seen.contains("x-sdk-date: 2"),
        "the date is no secret:\n{seen}"
    );
    let received = server.received_requests().await.expect("recorded");
    let sent = &received[0];
    // The real signature and token went out, the hook's changes to them did not.
    let auth = sent.headers["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}")),
        "{auth}"
    );
    assert_eq!(sent.headers["x-security-token"], SECURITY_TOKEN);
    assert!(sent.headers.get("x-auth-token").is_none());
    // A header that is no secret, added after signing, is sent (unsigned).
    assert_eq!(sent.headers["x-after"], "1");
}

#[tokio::test]
async fn a_hook_never_sees_an_iam_token() {
    let server = server(200).await;
    let snoop = Snoop::default();
    let client = builder(&server.uri(), creds())
        .auth_token(IAM_TOKEN)
        .project_id(PROJECT)
        .hook(snoop.clone())
        .build()
        .expect("client");
    client.execute(list_request()).await.expect("call");
    let seen = snoop.0.lock().unwrap().join("\n");
    assert!(!seen.contains(IAM_TOKEN), "a hook saw the token:\n{seen}");
    assert!(seen.contains("x-auth-token: ***"), "{seen}");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received[0].headers["x-auth-token"], IAM_TOKEN);
    assert!(received[0].headers.get("authorization").is_none());
}
