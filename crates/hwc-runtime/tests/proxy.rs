//! Requests through an HTTP proxy: one the builder names (credentials in the URL or set
//! separately, never shown), and the environment's (`http_proxy`, `no_proxy`), against a
//! forward proxy on 127.0.0.1 that records what it saw. The environment is handed to
//! `build_with_env`, so these tests never touch the process environment (`proxy_env.rs`
//! does, in a process of its own).

mod common;
#[path = "support/forward_proxy.rs"]
mod forward_proxy;

use std::collections::HashMap;

use base64::Engine;
use common::*;
use forward_proxy::ForwardProxy;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "pr0xy-p@ss:w/rd";

/// An origin that verifies signatures like API Gateway and answers `{"count":0}`.
async fn origin() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path(PROJECT)))
        .respond_with(Signed::new(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"count": 0})),
        ))
        .mount(&server)
        .await;
    server
}

fn basic(user: &str, password: &str) -> String {
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |k| map.get(k).cloned()
}

#[tokio::test]
async fn an_explicit_proxy_with_credentials_in_its_url() {
    let origin = origin().await;
    let proxy = ForwardProxy::start(Some(basic("alice", PASSWORD))).await;
    // `@`, `:` and `/` percent-encoded in the URL; sent decoded.
    let url = proxy
        .url
        .replace("http://", "http://alice:pr0xy-p%40ss%3Aw%2Frd@");
    let builder = builder(&origin.uri(), creds()).proxy(url);
    assert!(!format!("{builder:?}").contains("pr0xy"), "{builder:?}");
    let client = builder.build_with_env(|_| None).expect("client");
    let raw = client.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 200, "{}", String::from_utf8_lossy(&raw.body));

    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let target = format!("GET {}{}?", origin.uri(), list_path(PROJECT));
    assert!(seen[0].request_line.starts_with(&target), "{seen:?}");
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some(basic("alice", PASSWORD).as_str())
    );
    // The origin got the signed request, but not the proxy's credentials.
    let received = origin.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    assert!(!received[0].headers.contains_key("proxy-authorization"));
    assert!(received[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn credentials_set_apart_from_the_url_and_a_refusal_that_shows_none() {
    let origin = origin().await;
    let proxy = ForwardProxy::start(Some(basic("bob", PASSWORD))).await;
    let client = builder(&origin.uri(), creds())
        .proxy(&proxy.url)
        .proxy_credentials("bob", PASSWORD)
        .build_with_env(|_| None)
        .expect("client");
    let raw = client.execute(list_request()).await.expect("call");
    assert_eq!(raw.status, 200);
    assert_eq!(
        proxy.seen()[0].header("proxy-authorization"),
        Some(basic("bob", PASSWORD).as_str())
    );

    // The wrong password: the proxy's 407 arrives as the answer, and nothing shows it.
    let wrong = builder(&origin.uri(), creds())
        .proxy(&proxy.url)
        .proxy_credentials("bob", "not-the-password")
        .build_with_env(|_| None)
        .expect("client");
    let raw = wrong.execute(list_request()).await.expect("answer");
    assert_eq!(raw.status, 407);
    for shown in [format!("{wrong:?}"), format!("{raw:?}")] {
        assert!(!shown.contains("not-the-password"), "{shown}");
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
    assert_eq!(origin.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn http_proxy_from_the_environment_and_no_proxy() {
    let origin = origin().await;
    let proxy = ForwardProxy::start(None).await;

    let via = builder(&origin.uri(), creds())
        .build_with_env(env(&[("http_proxy", &proxy.url)]))
        .expect("client");
    assert_eq!(via.execute(list_request()).await.expect("call").status, 200);
    assert_eq!(proxy.seen().len(), 1);

    // Upper case alone counts too; `no_proxy` naming the origin's address bypasses it, as
    // does a CIDR block holding it and `*`.
    for no_proxy in ["127.0.0.1", "127.0.0.0/8", "*", "localhost,127.0.0.1"] {
        let direct = builder(&origin.uri(), creds())
            .build_with_env(env(&[("HTTP_PROXY", &proxy.url), ("NO_PROXY", no_proxy)]))
            .expect("client");
        assert_eq!(
            direct.execute(list_request()).await.expect("call").status,
            200
        );
        assert_eq!(
            proxy.seen().len(),
            1,
            "no_proxy={no_proxy} went through the proxy"
        );
    }
    // Only `https_proxy` set: an http endpoint connects directly.
    let direct = builder(&origin.uri(), creds())
        .build_with_env(env(&[("https_proxy", &proxy.url)]))
        .expect("client");
    assert_eq!(
        direct.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(proxy.seen().len(), 1);
    // `.no_proxy()` ignores the environment; `.proxy(..)` ignores `no_proxy`.
    let direct = builder(&origin.uri(), creds())
        .no_proxy()
        .build_with_env(env(&[("http_proxy", &proxy.url)]))
        .expect("client");
    assert_eq!(
        direct.execute(list_request()).await.expect("call").status,
        200
    );
    assert_eq!(proxy.seen().len(), 1);
    let via = builder(&origin.uri(), creds())
        .proxy(&proxy.url)
        .build_with_env(env(&[("no_proxy", "*")]))
        .expect("client");
    assert_eq!(via.execute(list_request()).await.expect("call").status, 200);
    assert_eq!(proxy.seen().len(), 2);
    assert_eq!(origin.received_requests().await.expect("recorded").len(), 8);
}

#[test]
fn proxy_settings_that_cannot_work_are_refused() {
    let e = builder("http://127.0.0.1:9", creds())
        .proxy("socks5://carol:hunter2@127.0.0.1:1080")
        .build_with_env(|_| None)
        .unwrap_err();
    assert_eq!(e.kind(), hwc_runtime::ConfigErrorKind::InvalidOption);
    assert!(!e.to_string().contains("hunter2"), "{e}");
    let e = builder("http://127.0.0.1:9", creds())
        .proxy_credentials("carol", "hunter2")
        .build_with_env(|_| None)
        .unwrap_err();
    assert!(e.message().contains(".proxy(url)"), "{e}");
    let e = builder("http://127.0.0.1:9", creds())
        .proxy("http://127.0.0.1:3128")
        .http_client(reqwest::Client::new())
        .build_with_env(|_| None)
        .unwrap_err();
    assert!(e.message().contains(".http_client"), "{e}");
    let e = builder("http://127.0.0.1:9", creds())
        .build_with_env(env(&[("https_proxy", "ftp://dave:hunter2@127.0.0.1:21")]))
        .unwrap_err();
    assert!(e.message().contains("https_proxy"), "{e}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
}
