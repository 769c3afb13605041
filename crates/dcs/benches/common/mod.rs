//! Pieces shared by the client benches (`client.rs`, `calls.rs`): the stand-ins to call, the
//! generated client and the hand-written floor making the same call, and time-bounded
//! runners that count calls and the client thread's CPU time.
//!
//! Each bench uses a part of this module, hence `dead_code` is allowed here.
#![allow(dead_code)]

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant};

use dcs::list_bigkey_scan_tasks::ListBigkeyScanTasksResponse;
use dcs_standin::{Config, INSTANCE_ID, PROJECT_ID, Standin};
use serde::Deserialize;

/// Concurrent tasks in the `_c16` cases.
pub const TASKS: usize = 16;

/// The hand-written floor: what a careful user writes with plain serde.
#[derive(Debug, Deserialize)]
pub struct FloorPage {
    pub instance_id: Option<String>,
    pub count: Option<i32>,
    pub records: Option<Vec<FloorRecord>>,
}

/// One record of [`FloorPage`].
#[derive(Debug, Deserialize)]
pub struct FloorRecord {
    pub id: Option<String>,
    pub status: Option<String>,
    pub scan_type: Option<String>,
    pub created_at: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

/// A stand-in to call: an external one (`$VAR`) or one started here.
pub struct Target {
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub endpoint: String,
    _server: Option<Standin>,
}

/// The stand-in at `$var` when set, else one started in-process (answering unsigned requests
/// too) with the documented example (`records: None`) or `records` generated records.
pub fn target(var: &str, records: Option<usize>) -> Target {
    if let Ok(endpoint) = std::env::var(var) {
        return Target {
            endpoint,
            _server: None,
        };
    }
    let mut config = Config::default().allowing_unsigned();
    config.records = records;
    let server = Standin::start(config).expect("start the stand-in");
    Target {
        endpoint: server.endpoint(),
        _server: Some(server),
    }
}

/// The generated client, signing with the stand-in's key pair.
pub fn dcs_client(endpoint: &str) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(endpoint)
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
                .with_project_id(PROJECT_ID),
        )
        .build()
        .expect("client")
}

/// The generated client without credentials (unsigned requests).
pub fn dcs_client_unsigned(endpoint: &str) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(endpoint)
        .unauthenticated()
        .project_id(PROJECT_ID)
        .build()
        .expect("client")
}

/// One `ListBigkeyScanTasks` call through the generated client.
pub async fn dcs_call(client: dcs::Client, limit: Option<i32>) -> ListBigkeyScanTasksResponse {
    let mut b = client.list_bigkey_scan_tasks(INSTANCE_ID);
    if let Some(l) = limit {
        b = b.limit(l);
    }
    b.send().await.expect("dcs call")
}

/// The same call by hand: plain `reqwest`, `serde_json` into [`FloorPage`].
pub async fn floor_call(http: reqwest::Client, url: String) -> FloorPage {
    floor_call_with(http, url, None).await
}

/// [`floor_call`], with extra request headers (a precomputed signature) when given.
pub async fn floor_call_with(
    http: reqwest::Client,
    url: String,
    headers: Option<http::HeaderMap>,
) -> FloorPage {
    let mut req = http.get(&url);
    if let Some(h) = headers {
        req = req.headers(h);
    }
    let resp = req.send().await.expect("floor call");
    assert!(resp.status().is_success(), "floor call: {}", resp.status());
    let body = resp.bytes().await.expect("floor body");
    serde_json::from_slice(&body).expect("floor decode")
}

/// The floor's pre-built URL of the call.
pub fn floor_url(endpoint: &str, limit: Option<i32>) -> String {
    let mut url = format!("{endpoint}/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks");
    if let Some(l) = limit {
        url.push_str(&format!("?limit={l}"));
    }
    url
}

/// The headers the generated client sends for the documented call (without `Host`),
/// including a valid `Authorization`: lets the floor carry a signature it did not compute.
/// Valid for as long as the stand-in accepts the `X-Sdk-Date` in it (15 minutes).
pub fn precomputed_signature(rt: &tokio::runtime::Runtime, endpoint: &str) -> http::HeaderMap {
    let client = dcs_client(endpoint);
    let prepared = rt
        .block_on(
            client.runtime().prepare(
                client
                    .list_bigkey_scan_tasks(INSTANCE_ID)
                    .request()
                    .to_http(),
            ),
        )
        .expect("prepare");
    let mut headers = http::HeaderMap::new();
    for (k, v) in &prepared.headers {
        if !k.eq_ignore_ascii_case("host") {
            headers.append(
                http::HeaderName::from_bytes(k.as_bytes()).expect("name"),
                http::HeaderValue::from_str(v).expect("value"),
            );
        }
    }
    headers
}

/// CPU time consumed so far by the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
pub fn thread_cpu_time() -> Duration {
    cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time consumed so far by the whole process, every thread (`CLOCK_PROCESS_CPUTIME_ID`).
#[allow(dead_code)] // the calls bench's; the client bench includes this module too
pub fn process_cpu_time() -> Duration {
    cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

// The one FFI call of the benches: the thread's and the process's CPU clocks.
#[allow(unsafe_code)]
fn cpu_clock(clock: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc knows.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime({clock})");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// What one time-bounded run measured.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Calls completed.
    pub calls: u64,
    /// Wall-clock time from the first call's start to the last call's end.
    pub wall: Duration,
    /// CPU time of the thread that ran the client (all of it: current-thread runtime).
    pub cpu: Duration,
}

impl Run {
    /// Calls per wall-clock second.
    pub fn calls_per_s(&self) -> f64 {
        self.calls as f64 / self.wall.as_secs_f64()
    }

    /// Client CPU time per call, in µs.
    pub fn cpu_us_per_call(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.calls as f64
    }
}

/// Calls one after another on `rt` (a current-thread runtime) until `time` has passed: the
/// clock is read after every call, so the run overshoots by at most one call.
pub fn sequential<F, Fut>(rt: &tokio::runtime::Runtime, time: Duration, call: F) -> Run
where
    F: Fn() -> Fut,
    Fut: Future,
{
    rt.block_on(async {
        let cpu = thread_cpu_time();
        let start = Instant::now();
        let deadline = start + time;
        let mut calls = 0;
        loop {
            black_box(call().await);
            calls += 1;
            if Instant::now() >= deadline {
                break;
            }
        }
        Run {
            calls,
            wall: start.elapsed(),
            cpu: thread_cpu_time().saturating_sub(cpu),
        }
    })
}

/// [`TASKS`] spawned tasks on `rt` (a current-thread runtime), each calling one call after
/// another until a shared deadline `time` away; the run ends when the last task has finished
/// its last call.
pub fn concurrent<F, Fut>(rt: &tokio::runtime::Runtime, time: Duration, call: F) -> Run
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: Send,
{
    rt.block_on(async {
        let cpu = thread_cpu_time();
        let start = Instant::now();
        let deadline = start + time;
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let call = call.clone();
                tokio::spawn(async move {
                    let mut calls = 0u64;
                    loop {
                        black_box(call().await);
                        calls += 1;
                        if Instant::now() >= deadline {
                            return calls;
                        }
                    }
                })
            })
            .collect();
        let mut calls = 0;
        for t in tasks {
            calls += t.await.expect("task");
        }
        Run {
            calls,
            wall: start.elapsed(),
            cpu: thread_cpu_time().saturating_sub(cpu),
        }
    })
}
