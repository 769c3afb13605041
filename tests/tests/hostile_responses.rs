//! The generated client against servers that misbehave: every case ends in an error value
//! that keeps what the server sent, and the process goes on.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const INSTANCE: &str = "5560df16-cebf-4473-95c4-d1b573c16e79";

fn client(endpoint: &str) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(endpoint)
        .unauthenticated()
        .project_id("p")
        .max_attempts(1)
        .timeout(Duration::from_millis(500))
        .max_body_bytes(64 * 1024)
        .build()
        .unwrap()
}

async fn serve(status: u16, headers: &[(&str, &str)], body: &'static str) -> MockServer {
    let server = MockServer::start().await;
    let mut t = ResponseTemplate::new(status).set_body_raw(body, "application/json");
    for (k, v) in headers {
        t = t.insert_header(*k, *v);
    }
    Mock::given(method("GET"))
        .respond_with(t)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_content_type_that_lies_does_not_matter_when_the_body_is_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"count":0,"records":[]}"#, "text/html; charset=gbk"),
        )
        .mount(&server)
        .await;
    let out = client(&server.uri())
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap();
    assert_eq!(out.count, Some(0));
}

#[tokio::test]
async fn json_content_type_with_an_html_body_is_a_decode_error_keeping_the_body() {
    let html = "<html><body>maintenance</body></html>";
    let server = serve(200, &[("X-Request-Id", "r-html")], html).await;
    let err = client(&server.uri())
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.body, html.as_bytes());
    assert_eq!(d.status, 200);
    assert_eq!(d.request_id(), Some("r-html"));
}

#[tokio::test]
async fn an_empty_200_is_a_decode_error_not_an_empty_result() {
    let server = serve(200, &[("X-Request-Id", "r-empty")], "").await;
    let err = client(&server.uri())
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d.body.is_empty());
    assert_eq!(d.request_id(), Some("r-empty"));
    assert!(err.to_string().contains("HTTP 200"), "{err}");
}

#[tokio::test]
async fn an_oversized_body_is_refused_not_buffered() {
    let big: &'static str = Box::leak(
        format!(
            r#"{{"records":[{}]}}"#,
            r#"{"id":"x"},"#.repeat(20_000) + r#"{"id":"y"}"#
        )
        .into_boxed_str(),
    );
    let server = serve(200, &[], big).await;
    let err = client(&server.uri())
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, hwc_runtime::TransportKind::BodyTooLarge);
    assert_eq!(t.status, Some(200));
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let err = client(&server.uri())
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let dcs::CallError::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, hwc_runtime::TransportKind::Timeout);
}

/// A server that reads the request and then resets the connection (SO_LINGER 0).
async fn resetting_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            // Deprecated because a lingering close can block; a zero linger is exactly the
            // reset this test wants.
            #[allow(deprecated)]
            let _ = sock.set_linger(Some(Duration::ZERO));
            drop(sock);
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_connection_reset_is_a_transport_error() {
    let endpoint = resetting_server().await;
    let err = client(&endpoint)
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.status, None);
    // The detail is the cause, named once in the chain rather than copied into the message.
    let cause = std::error::Error::source(&err).expect("the HTTP stack's error");
    assert!(!cause.to_string().is_empty());
    assert!(!err.to_string().contains(&cause.to_string()), "{err}");
}

#[tokio::test]
async fn a_reset_mid_body_keeps_status_headers_and_the_partial_body() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        if let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: r-cut\r\nContent-Length: 1000\r\n\r\n";
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(br#"{"count":1,"records":[{"id":"#).await;
            let _ = sock.flush().await;
            // Deprecated because a lingering close can block; a zero linger is exactly the
            // reset this test wants.
            #[allow(deprecated)]
            let _ = sock.set_linger(Some(Duration::ZERO));
        }
    });
    let err = client(&format!("http://{addr}"))
        .list_bigkey_scan_tasks(INSTANCE)
        .send()
        .await
        .unwrap_err();
    let dcs::CallError::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.status, Some(200));
    assert_eq!(t.request_id.as_deref(), Some("r-cut"));
    assert_eq!(&t.partial_body[..], br#"{"count":1,"records":[{"id":"#);
}
