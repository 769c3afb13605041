//! A small HTTP forward proxy on 127.0.0.1 for the proxy tests: it records every request it
//! is asked to forward (request line and headers, `Proxy-Authorization` included), answers
//! `407` when it requires credentials that did not come, and otherwise forwards the request
//! to its (loopback) origin without the proxy's own headers and copies the answer back.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the proxy received it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `GET http://127.0.0.1:PORT/path?query HTTP/1.1`
    pub request_line: String,
    /// Every header, names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Seen {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A running proxy.
pub struct ForwardProxy {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ForwardProxy {
    /// Starts a proxy; with `require`, a request without `Proxy-Authorization: require` gets
    /// `407`.
    pub async fn start(require: Option<String>) -> ForwardProxy {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        Self::start_on(listener, require)
    }

    /// Starts a proxy on `listener` (bound beforehand, e.g. to know its address early).
    pub fn start_on(listener: std::net::TcpListener, require: Option<String>) -> ForwardProxy {
        listener.set_nonblocking(true).expect("nonblocking");
        let listener = TcpListener::from_std(listener).expect("tokio listener");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                let log = log.clone();
                let require = require.clone();
                tokio::spawn(async move {
                    let _ = serve(conn, log, require).await;
                });
            }
        });
        ForwardProxy { url, seen }
    }

    /// What it has been asked to forward so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

async fn serve(
    mut client: TcpStream,
    log: Arc<Mutex<Vec<Seen>>>,
    require: Option<String>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let seen = Seen {
        request_line: request_line.clone(),
        headers: headers.clone(),
    };
    log.lock().expect("lock").push(seen.clone());
    if let Some(want) = require {
        if seen.header("proxy-authorization") != Some(want.as_str()) {
            client
                .write_all(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n\
                      Proxy-Authenticate: Basic realm=\"test\"\r\n\
                      Content-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await?;
            return Ok(());
        }
    }
    // `GET http://host:port/path HTTP/1.1` → connect to host:port, send `GET /path`.
    let mut parts = request_line.splitn(3, ' ');
    let (method, target, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let rest = target.strip_prefix("http://").unwrap_or(target);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    assert!(
        authority.starts_with("127.0.0.1:"),
        "the test proxy only forwards to loopback, not {authority}"
    );
    let mut origin = TcpStream::connect(authority).await?;
    let mut out = format!("{method} {path} {version}\r\n");
    for (k, v) in &headers {
        if !matches!(
            k.as_str(),
            "proxy-authorization" | "proxy-connection" | "connection"
        ) {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    out.push_str("connection: close\r\n\r\n");
    origin.write_all(out.as_bytes()).await?;
    // The body, if any: what came with the head, then the rest by Content-Length.
    let len: usize = seen
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        let mut chunk = [0u8; 4096];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    origin.write_all(&body).await?;
    let mut answer = Vec::new();
    origin.read_to_end(&mut answer).await?;
    client.write_all(&answer).await?;
    client.shutdown().await
}
