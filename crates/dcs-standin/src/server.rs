//! The HTTP side: routing, the 401/404/400 bodies, and running the server.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use percent_encoding::percent_decode_str;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::Config;
use crate::data::{Dataset, Query};
use crate::verify::{self, Received, Verifier};

/// Request bodies above this are refused (the operation has none).
const MAX_REQUEST_BODY: usize = 1 << 20;

/// Counts of what the server answered since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests received.
    pub requests: u64,
    /// Requests answered `200`.
    pub ok: u64,
    /// Requests refused with `401` (bad, missing or stale signature).
    pub unauthorized: u64,
    /// Requests answered `200` without a signature (only with `allow_unsigned`).
    pub unsigned: u64,
}

struct Counters {
    requests: AtomicU64,
    ok: AtomicU64,
    unauthorized: AtomicU64,
    unsigned: AtomicU64,
}

/// Everything a connection needs: configuration, data, counters.
pub(crate) struct State {
    config: Config,
    verifier: Verifier,
    dataset: Dataset,
    counters: Counters,
}

impl State {
    pub(crate) fn new(config: Config) -> Self {
        let dataset = match config.records {
            Some(n) => Dataset::generated(n),
            None => Dataset::documented_example(),
        };
        State {
            verifier: Verifier::new(
                &config.access_key,
                &config.secret_key,
                config.max_clock_skew,
            ),
            config,
            dataset,
            counters: Counters {
                requests: AtomicU64::new(0),
                ok: AtomicU64::new(0),
                unauthorized: AtomicU64::new(0),
                unsigned: AtomicU64::new(0),
            },
        }
    }

    pub(crate) fn stats(&self) -> Stats {
        let c = &self.counters;
        Stats {
            requests: c.requests.load(Ordering::Relaxed),
            ok: c.ok.load(Ordering::Relaxed),
            unauthorized: c.unauthorized.load(Ordering::Relaxed),
            unsigned: c.unsigned.load(Ordering::Relaxed),
        }
    }
}

fn json_response(status: StatusCode, request_id: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
    json_response_at(status, request_id, body, SystemTime::now())
}

/// An answer whose `Date` is the server's clock `now` (which may be offset from the system's).
fn json_response_at(
    status: StatusCode,
    request_id: &str,
    body: Vec<u8>,
    now: SystemTime,
) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-request-id", v);
    }
    if let Ok(v) = HeaderValue::from_str(&http_date(now)) {
        h.insert(header::DATE, v);
    }
    r
}

/// `now` as an HTTP date: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(now: SystemTime) -> String {
    let compact = hwc_runtime::sign::format_sdk_date(now); // 19941106T084937Z
    let secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = compact[4..6].parse().unwrap_or(1);
    format!(
        "{}, {} {} {} {}:{}:{} GMT",
        DAYS[(secs / 86_400 % 7) as usize],
        &compact[6..8],
        MONTHS[month.clamp(1, 12) - 1],
        &compact[0..4],
        &compact[9..11],
        &compact[11..13],
        &compact[13..15]
    )
}

/// A Huawei-style error body: `error_code`, `error_msg`, and the gateway's `request_id`.
fn error_response(
    status: StatusCode,
    request_id: &str,
    code: &str,
    msg: &str,
) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "error_code": code,
        "error_msg": msg,
        "request_id": request_id,
    });
    json_response(status, request_id, body.to_string().into_bytes())
}

/// `/v2/{project_id}/instances/{instance_id}/bigkey-tasks` → the decoded instance id.
fn route(path: &str) -> Option<String> {
    let mut it = path.split('/');
    let parts = (
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
    );
    match parts {
        (Some(""), Some("v2"), Some(p), Some("instances"), Some(i), Some("bigkey-tasks"), None)
            if !p.is_empty() && !i.is_empty() =>
        {
            Some(percent_decode_str(i).decode_utf8_lossy().into_owned())
        }
        _ => None,
    }
}

fn parse_query(raw: &str) -> Result<Query, String> {
    let mut q = Query::default();
    for (k, v) in verify::decode_query(raw) {
        let int = |what: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("Invalid {what}: `{v}` is not an integer >= 0"))
        };
        match k.as_str() {
            "offset" => q.offset = Some(int("offset")?),
            "limit" => q.limit = Some(int("limit")?),
            "status" => q.status = Some(v),
            _ => {}
        }
    }
    Ok(q)
}

pub(crate) async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let c = &state.counters;
    let n = c.requests.fetch_add(1, Ordering::Relaxed);
    let request_id = format!("{:032x}", n.wrapping_add(0x5ca1_ab1e_0000_0000));
    let (parts, body) = req.into_parts();
    let Some(instance_id) = route(parts.uri.path()).filter(|_| parts.method == Method::GET) else {
        return Ok(error_response(
            StatusCode::NOT_FOUND,
            &request_id,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment",
        ));
    };
    let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                &request_id,
                "APIGW.0201",
                "Request entity too large",
            ));
        }
    };
    let signed = parts.headers.contains_key(header::AUTHORIZATION);
    if signed || !state.config.allow_unsigned {
        let headers: Vec<(&str, &str)> = parts
            .headers
            .iter()
            .filter_map(|(k, v)| {
                std::str::from_utf8(v.as_bytes())
                    .ok()
                    .map(|v| (k.as_str(), v))
            })
            .collect();
        let received = Received {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            headers,
            body,
        };
        let now = state.config.now();
        if let Err(e) = state.verifier.verify(&received, now) {
            c.unauthorized.fetch_add(1, Ordering::Relaxed);
            let mut r = error_response(
                StatusCode::UNAUTHORIZED,
                &request_id,
                "APIGW.0301",
                &format!("Incorrect IAM authentication information: {e}"),
            );
            if let Ok(v) = HeaderValue::from_str(&http_date(now)) {
                r.headers_mut().insert(header::DATE, v);
            }
            return Ok(r);
        }
    } else {
        c.unsigned.fetch_add(1, Ordering::Relaxed);
    }
    let query = match parse_query(parts.uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(msg) => {
            return Ok(error_response(
                StatusCode::BAD_REQUEST,
                &request_id,
                "DCS.4800",
                &msg,
            ));
        }
    };
    c.ok.fetch_add(1, Ordering::Relaxed);
    Ok(json_response_at(
        StatusCode::OK,
        &request_id,
        state.dataset.body(&instance_id, &query),
        state.config.now(),
    ))
}

/// Accepts connections on `listener` and answers them until `shutdown` completes.
pub(crate) async fn serve_state(
    listener: TcpListener,
    state: Arc<State>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => return Ok(()),
            a = listener.accept() => a,
        };
        let stream = match accepted {
            Ok((s, _)) => s,
            Err(e) => {
                // Out of descriptors and the like: wait a little and go on serving.
                eprintln!("dcs-standin: accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let svc = service_fn(move |req| handle(Arc::clone(&state), req));
            // A client that goes away mid-request is not the server's problem.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// Serves `config` on `listener` until `shutdown` completes, on the caller's runtime.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    serve_state(listener, Arc::new(State::new(config)), shutdown).await
}

/// A stand-in running on a thread of its own (with its own single-threaded runtime), so that
/// it shares nothing with the caller's runtime. Stops when dropped.
pub struct Standin {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl std::fmt::Debug for Standin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Standin")
            .field("addr", &self.addr)
            .field("records", &self.state.dataset.len())
            .finish_non_exhaustive()
    }
}

impl Standin {
    /// Starts on `127.0.0.1` at a free port.
    pub fn start(config: Config) -> io::Result<Standin> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Starts on `addr`.
    pub fn start_on(config: Config, addr: SocketAddr) -> io::Result<Standin> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(config));
        let (tx, rx) = oneshot::channel::<()>();
        let thread_state = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name("dcs-standin".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    let listener = TcpListener::from_std(listener)?;
                    serve_state(listener, thread_state, async {
                        let _ = rx.await;
                    })
                    .await
                })
            })?;
        Ok(Standin {
            addr,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, for `Client::builder().endpoint(..)`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What it has answered so far.
    pub fn stats(&self) -> Stats {
        self.state.stats()
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) -> io::Result<()> {
        self.shutdown_and_join()
    }

    fn shutdown_and_join(&mut self) -> io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(io::Error::other("the stand-in thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for Standin {
    fn drop(&mut self) {
        let _ = self.shutdown_and_join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_only_the_operation() {
        assert_eq!(
            route("/v2/p/instances/a%2Fb/bigkey-tasks").as_deref(),
            Some("a/b")
        );
        for bad in [
            "/v2/p/instances/i/bigkey-tasks/x",
            "/v2//instances/i/bigkey-tasks",
            "/v1/p/instances/i/bigkey-tasks",
            "/",
        ] {
            assert_eq!(route(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(784_111_777);
        assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn query_parameters() {
        assert_eq!(
            parse_query("limit=10&offset=2&status=success&x=1"),
            Ok(Query {
                offset: Some(2),
                limit: Some(10),
                status: Some("success".into()),
            })
        );
        assert!(parse_query("limit=-1").is_err());
    }
}
