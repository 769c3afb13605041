//! The process environment's `http_proxy` and `no_proxy`, read by a plain `build()`. This
//! file holds one test, so it runs alone in its own process, and it sets the variables
//! before any other thread exists: nothing races.

mod common;
#[path = "support/forward_proxy.rs"]
mod forward_proxy;

use common::*;
use forward_proxy::ForwardProxy;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

// Setting the environment is unsafe since Rust 2024; this file is the one place it happens.
#[allow(unsafe_code)]
fn set(var: &str, value: Option<&str>) {
    // SAFETY: called only while this test's thread is the only one (see the module doc).
    unsafe {
        match value {
            Some(v) => std::env::set_var(var, v),
            None => std::env::remove_var(var),
        }
    }
}

#[test]
fn build_reads_the_process_environment() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let proxy_url = format!("http://{}", listener.local_addr().expect("addr"));
    for var in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "no_proxy",
        "request_method",
    ] {
        set(var, None);
        set(&var.to_ascii_uppercase(), None);
    }
    set("http_proxy", Some(&proxy_url));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let via = rt.block_on(async {
        let proxy = ForwardProxy::start_on(listener, None);
        let origin = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(Signed::new(ResponseTemplate::new(200)))
            .mount(&origin)
            .await;
        let client = builder(&origin.uri(), creds()).build().expect("client");
        assert_eq!(
            client.execute(list_request()).await.expect("call").status,
            200
        );
        (proxy, origin)
    });
    assert_eq!(
        via.0.seen().len(),
        1,
        "the call did not go through http_proxy"
    );
    drop(rt);
    // Back to one thread before changing the environment again.
    set("no_proxy", Some("127.0.0.1"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let origin = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(Signed::new(ResponseTemplate::new(200)))
            .mount(&origin)
            .await;
        let client = builder(&origin.uri(), creds()).build().expect("client");
        assert_eq!(
            client.execute(list_request()).await.expect("call").status,
            200
        );
    });
    assert_eq!(via.0.seen().len(), 1, "no_proxy was not honoured");
}
