//! Awkward responses (HTML error pages, truncated and oversized bodies) and requests that
//! must not be sent (header injection).

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::*;
use hwc_runtime::{Client, Error, TransportKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// An HTML 502 from a proxy comes back byte for byte, and becomes the error message.
#[tokio::test]
async fn html_502_is_kept_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(502).set_body_raw(HTML_502.as_bytes().to_vec(), "text/html"),
        ))
        .expect(3)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds()).build().expect("client");
    let raw = client.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 502);
    assert_eq!(&raw.body[..], HTML_502.as_bytes());
    assert_eq!(raw.headers["content-type"], "text/html");
    let err = to_error(raw);
    let service = err.as_service().expect("service error");
    assert_eq!(service.body(), HTML_502.as_bytes());
    assert_eq!(service.error_code(), None);
    assert_eq!(service.error_msg(), Some(HTML_502.trim()));
    server.verify().await;
}

/// A connection closed before `Content-Length` bytes arrived: a transport error that keeps
/// the status, headers and the bytes that did arrive.
#[tokio::test]
async fn truncated_body_keeps_the_partial_body() {
    let partial = br#"{"count":2,"records":[{"key":"a","type":"string","#;
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: req-trunc\r\nContent-Length: {}\r\n\r\n",
        partial.len() + 100
    )
    .into_bytes();
    response.extend_from_slice(partial);
    let (uri, conns) = raw_server(response, 5).await;
    let client = builder(&uri, creds()).build().expect("client");
    let err = client.execute(list_request()).await.unwrap_err();
    match &err {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::Io, "{t}");
            assert_eq!(t.status, Some(200));
            assert_eq!(&t.partial_body[..], &partial[..]);
            assert_eq!(t.request_id.as_deref(), Some("req-trunc"));
            assert_eq!(t.headers["content-type"], "application/json");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert!(conns.load(Ordering::SeqCst) >= 1);
}

/// A body that stalls past the client's timeout: a timeout that keeps what had arrived.
#[tokio::test]
async fn stalled_body_times_out_with_the_partial_body() {
    let partial = br#"{"count":2,"rec"#;
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        partial.len() + 100
    )
    .into_bytes();
    response.extend_from_slice(partial);
    let (uri, _) = raw_server_holding(response, 5, Duration::from_secs(3)).await;
    let client = builder(&uri, creds())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    match client.execute(list_request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::Timeout, "{t}");
            assert_eq!(t.status, Some(200));
            assert_eq!(&t.partial_body[..], &partial[..]);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A declared `Content-Length` over the limit is refused before the body is read.
#[tokio::test]
async fn body_over_the_limit_by_content_length() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_body_raw(vec![b'x'; 2048], "application/json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds())
        .max_body_bytes(1024)
        .build()
        .expect("client");
    match client.execute(list_request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::BodyTooLarge, "{t}");
            assert_eq!(t.status, Some(200));
            assert!(t.partial_body.is_empty());
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    server.verify().await;
}

/// A chunked body (no `Content-Length`) is cut at the limit; what was read is kept.
#[tokio::test]
async fn body_over_the_limit_while_streaming() {
    let mut response =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for fill in [b'a', b'b', b'c'] {
        response.extend_from_slice(b"258\r\n"); // 600 bytes
        response.extend_from_slice(&[fill; 600]);
        response.extend_from_slice(b"\r\n");
    }
    response.extend_from_slice(b"0\r\n\r\n");
    let (uri, _) = raw_server(response, 5).await;
    let client = builder(&uri, creds())
        .max_body_bytes(1024)
        .build()
        .expect("client");
    match client.execute(list_request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::BodyTooLarge, "{t}");
            assert_eq!(t.partial_body.len(), 1024);
            assert_eq!(&t.partial_body[..600], &[b'a'; 600][..]);
            assert_eq!(&t.partial_body[600..], &[b'b'; 424][..]);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

/// A header value with CR or LF is refused before anything is sent, signed or not, and the
/// message does not echo the injected text.
#[tokio::test]
async fn header_injection_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let signed = builder(&server.uri(), creds()).build().expect("client");
    let unsigned = Client::builder(SERVICE)
        .endpoint(server.uri())
        .unauthenticated()
        .project_id(PROJECT)
        .build()
        .expect("client");
    for client in [signed, unsigned] {
        for bad in [
            "ok\r\nX-Injected: 1",
            "trailing\r\n",
            "a\nb",
            "\rX-Injected: 1",
        ] {
            let mut req = list_request();
            req.header("X-Custom", bad);
            match client.execute(req).await.unwrap_err() {
                Error::Build(b) => {
                    assert!(b.message().contains("X-Custom"), "{b}");
                    assert!(!b.message().contains("Injected"), "{b}");
                }
                other => panic!("expected Error::Build for {bad:?}, got {other:?}"),
            }
        }
    }
    server.verify().await;
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, data).expect("compress");
    enc.finish().expect("compress")
}

/// The limit applies to the decompressed body: a small gzip body that inflates past it is
/// refused (a decompression bomb cannot exhaust memory), one that stays under is decoded.
#[tokio::test]
async fn body_limit_applies_after_decompression() {
    let server = MockServer::start().await;
    let bomb = gzip(&vec![b'0'; 1024 * 1024]);
    assert!(bomb.len() < 16 * 1024, "{}", bomb.len());
    Mock::given(method("GET"))
        .and(wiremock::matchers::path(list_path(PROJECT)))
        .respond_with(Signed::new(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(bomb, "application/json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let small = br#"{"count":0,"records":[]}"#;
    Mock::given(method("POST"))
        .respond_with(Signed::new(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(gzip(small), "application/json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), creds())
        .max_body_bytes(64 * 1024)
        .build()
        .expect("client");
    match client.execute(list_request()).await.unwrap_err() {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportKind::BodyTooLarge, "{t}");
            assert_eq!(t.partial_body.len(), 64 * 1024);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    let raw = client.execute(create_request()).await.expect("call");
    assert_eq!(&raw.body[..], &small[..]);
    server.verify().await;
}
