//! Secrets (secret key, security token, IAM token) never reach `Debug` output or logs.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use hwc_runtime::{Client, Credentials};
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRETS: [&str; 3] = [SK, SECURITY_TOKEN, IAM_TOKEN];

fn assert_no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} contains a secret:\n{text}");
    }
}

/// A log sink shared between the subscriber and the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        let buf = self.0.lock().expect("log buffer");
        String::from_utf8_lossy(&buf).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Every log line and span event of this thread, from now until the guard drops.
fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (logs, guard)
}

/// `Debug` of credentials, builders and clients, with every kind of auth, shows no secret.
#[test]
fn debug_output_has_no_secrets() {
    let temporary = Credentials::new(AK, SK).with_security_token(SECURITY_TOKEN);
    let text = format!("{temporary:?}");
    assert_no_secret("Credentials", &text);
    assert!(text.contains(AK), "{text}");

    let builder = Client::builder(SERVICE)
        .region(REGION)
        .credentials(temporary.clone());
    assert_no_secret("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().expect("client");
    let text = format!("{client:?}");
    assert_no_secret("Client", &text);
    assert!(text.contains("cn-north-4"), "{text}");

    let builder = Client::builder(SERVICE)
        .region(REGION)
        .auth_token(IAM_TOKEN);
    assert_no_secret("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().expect("client");
    assert_no_secret("Client", &format!("{client:?}"));
    assert_no_secret("Client (alternate)", &format!("{client:#?}"));
}

/// Calls at TRACE level (IAM lookup, retries, errors, token auth) log the operation but
/// none of the secrets.
#[tokio::test]
async fn logs_have_no_secrets() {
    let (logs, _guard) = capture_logs();

    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_body_json(json!({"projects": [{"id": PROJECT}]})),
        ))
        .mount(&iam)
        .await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(PROJECT)))
        .respond_with(Signed::new(ResponseTemplate::new(503)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&dcs)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path(PROJECT)))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).insert_header("x-request-id", "req-ok"),
        ))
        .mount(&dcs)
        .await;

    let temporary = Credentials::new(AK, SK).with_security_token(SECURITY_TOKEN);
    let client = builder(&dcs.uri(), temporary)
        .region(REGION)
        .iam_endpoint(iam.uri())
        .build()
        .expect("client");
    for _ in 0..2 {
        let raw = client.execute(list_request()).await.expect("call");
        assert_eq!(raw.status, 200, "{}", raw.body_text());
    }
    let mut bad = list_request();
    bad.header("X-Custom", "a\r\nb");
    let err = client.execute(bad).await.unwrap_err();
    assert_no_secret("error", &format!("{err} {err:?}"));

    let token = Client::builder(SERVICE)
        .endpoint(dcs.uri())
        .project_id(PROJECT)
        .auth_token(IAM_TOKEN)
        .build()
        .expect("client");
    // The mock expects AK/SK, so this is a 401 (an error response is logged too).
    let raw = token.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 401);
    let received = dcs.received_requests().await.expect("recorded");
    assert_eq!(
        received.last().expect("request").headers["x-auth-token"],
        IAM_TOKEN
    );

    let text = logs.text();
    assert_no_secret("log output", &text);
    assert!(text.contains("ListBigkeyScanTasks"), "{text}");
    assert!(text.contains("hwc.iam.lookup"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("req-ok"), "{text}");
}

/// Credentials from a provider, a refresh that fails, and the error once they expire: the
/// secret key, the security token and the metadata session token appear in no log line and
/// no error.
#[tokio::test]
async fn provider_logs_and_errors_have_no_secrets() {
    const SESSION: &str = "METADATA-SESSION-do-not-log-5e6f";
    let (logs, _guard) = capture_logs();

    let meta = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string(SESSION))
        .mount(&meta)
        .await;
    // 3 s of life: past half of it the refresh fails and the credentials still work; past
    // all of it the call fails.
    let expires_at = in_secs(3.0);
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "credential": {"access": AK, "secret": SK, "securitytoken": SECURITY_TOKEN, "expires_at": expires_at}
        })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&meta)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .mount(&meta)
        .await;
    let dcs = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(ResponseTemplate::new(200)))
        .mount(&dcs)
        .await;
    let client = Client::builder(SERVICE)
        .endpoint(dcs.uri())
        .project_id(PROJECT)
        .credentials_provider(hwc_runtime::MetadataProvider::new().endpoint(meta.uri()))
        .retry(fast_retry(1))
        .build()
        .expect("client");
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(
        client.execute(list_request()).await.expect("call").status,
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let err = client.execute(list_request()).await.unwrap_err();
    let mut text = format!("{err} {err:?} {client:?}");
    let mut cause = std::error::Error::source(&err);
    while let Some(c) = cause {
        text.push_str(&format!(" {c} {c:?}"));
        cause = c.source();
    }
    assert_no_secret("error", &text);
    assert!(!text.contains(SESSION), "{text}");
    let logs = logs.text();
    assert_no_secret("log output", &logs);
    assert!(!logs.contains(SESSION), "{logs}");
    assert!(logs.contains("cannot refresh the credentials"), "{logs}");
}
