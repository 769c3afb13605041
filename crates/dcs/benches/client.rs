//! Client benchmarks against the local stand-in (`crates/dcs-standin`) on loopback.
//!
//! ```text
//! cargo bench -p dcs --bench client            # starts two stand-ins in-process
//! bench/run.sh                                  # the full comparison, pinned, one command
//! ```
//!
//! Groups (one criterion benchmark per line; every iteration is one call):
//!
//! - `cpu_*`: the same four as the `call_*` groups below, timed in CPU time of the client
//!   thread instead of wall-clock time (the client cost of a call, free of scheduling noise);
//! - `breakdown_documented_seq`: the generated client unsigned, and the floor carrying a
//!   valid signature, to tell the client's own cost from the server's verification;
//! - `call_documented_seq`, `call_documented_c16`: `ListBigkeyScanTasks` answered with the
//!   page's documented 1-record example, one call at a time and with 16 concurrent tasks;
//! - `call_records1000_seq`, `call_records1000_c16`: the same with `limit=1000` against 1000
//!   generated records (about 190 KB of JSON);
//!   in each, `dcs` is the generated client (signed, retries and timeouts on, lenient typed
//!   decoding) and `floor` the same call by hand: plain `reqwest` + `serde_json` into
//!   hand-written structs, unsigned;
//! - `sign`: `sign_request` alone on the request the client signs, and `prepare` (request
//!   building, path rendering, signing, URL);
//! - `decode_documented`, `decode_records1000`: the body alone into the generated types through
//!   the runtime's `decode_success` (`dcs`), the same types with plain `serde_json`
//!   (`dcs_no_path`), and the hand-written structs (`floor`).
//!
//! The stand-ins are the ones at `$DCS_STANDIN_DOCUMENTED` and `$DCS_STANDIN_RECORDS1000`
//! when set (bench/run.sh starts them pinned to their own core), else started in-process.
//! The client runtime is tokio's current-thread runtime: the benchmark process uses one core.

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use dcs::list_bigkey_scan_tasks::ListBigkeyScanTasksResponse;
use dcs_standin::{Config, INSTANCE_ID, PROJECT_ID, Standin};
use futures_util::FutureExt;
use hwc_runtime::RawResponse;
use hwc_runtime::sign::{RequestToSign, SigningAlgorithm, sign_request};
use serde::Deserialize;

/// Concurrent tasks in the `_c16` groups.
const TASKS: u64 = 16;

/// The hand-written floor: what a careful user writes with plain serde.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct FloorPage {
    instance_id: Option<String>,
    count: Option<i32>,
    records: Option<Vec<FloorRecord>>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct FloorRecord {
    id: Option<String>,
    status: Option<String>,
    scan_type: Option<String>,
    created_at: Option<String>,
    started_at: Option<String>,
    finished_at: Option<String>,
}

/// A stand-in to call: an external one (`$VAR`) or one started here.
struct Target {
    endpoint: String,
    _server: Option<Standin>,
}

fn target(var: &str, records: Option<usize>) -> Target {
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

fn dcs_client(endpoint: &str) -> dcs::Client {
    dcs::Client::builder()
        .endpoint(endpoint)
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
                .with_project_id(PROJECT_ID),
        )
        .build()
        .expect("client")
}

async fn dcs_call(client: dcs::Client, limit: Option<i32>) -> ListBigkeyScanTasksResponse {
    let mut b = client.list_bigkey_scan_tasks(INSTANCE_ID);
    if let Some(l) = limit {
        b = b.limit(l);
    }
    b.send().await.expect("dcs call")
}

async fn floor_call(http: reqwest::Client, url: String) -> FloorPage {
    let resp = http.get(&url).send().await.expect("floor call");
    assert!(resp.status().is_success(), "floor call: {}", resp.status());
    let body = resp.bytes().await.expect("floor body");
    serde_json::from_slice(&body).expect("floor decode")
}

fn floor_url(endpoint: &str, limit: Option<i32>) -> String {
    let mut url = format!("{endpoint}/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks");
    if let Some(l) = limit {
        url.push_str(&format!("?limit={l}"));
    }
    url
}

/// What a benchmark times.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// Wall-clock time: calls per second as a user sees them.
    Wall,
    /// CPU time of the benchmark thread, which runs the whole client (current-thread
    /// runtime): what a call costs the client, whatever the server and the rest of the
    /// machine are doing meanwhile.
    Cpu,
}

fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Starts a measurement; the returned closure reads how much of `clock` has passed.
fn start(clock: Clock) -> impl Fn() -> Duration {
    let wall = Instant::now();
    let cpu = if clock == Clock::Cpu {
        thread_cpu_time()
    } else {
        Duration::ZERO
    };
    move || match clock {
        Clock::Wall => wall.elapsed(),
        Clock::Cpu => thread_cpu_time().saturating_sub(cpu),
    }
}

/// `iters` calls one after another.
fn sequential<F, Fut>(rt: &tokio::runtime::Runtime, clock: Clock, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future,
{
    rt.block_on(async {
        let elapsed = start(clock);
        for _ in 0..iters {
            black_box(call().await);
        }
        elapsed()
    })
}

/// `iters` calls spread over [`TASKS`] tasks.
fn concurrent<F, Fut>(rt: &tokio::runtime::Runtime, clock: Clock, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: Send,
{
    rt.block_on(async {
        let elapsed = start(clock);
        let tasks: Vec<_> = (0..TASKS)
            .map(|t| {
                let n = iters / TASKS + u64::from(t < iters % TASKS);
                let call = call.clone();
                tokio::spawn(async move {
                    for _ in 0..n {
                        black_box(call().await);
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task");
        }
        elapsed()
    })
}

fn calls(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cases = [
        ("documented", "DCS_STANDIN_DOCUMENTED", None, None, 1usize),
        (
            "records1000",
            "DCS_STANDIN_RECORDS1000",
            Some(1000),
            Some(1000),
            1000,
        ),
    ];
    for (name, var, records, limit, expect) in cases {
        let t = target(var, records);
        let client = dcs_client(&t.endpoint);
        let http = reqwest::Client::new();
        let url = floor_url(&t.endpoint, limit);
        // Both sides really get the full answer before anything is timed.
        let ours = rt.block_on(dcs_call(client.clone(), limit));
        let floor = rt.block_on(floor_call(http.clone(), url.clone()));
        assert_eq!(ours.records.map(|r| r.len()), Some(expect));
        assert_eq!(floor.records.map(|r| r.len()), Some(expect));

        let modes = [
            ("call", "seq", false, Clock::Wall),
            ("call", "c16", true, Clock::Wall),
            ("cpu", "seq", false, Clock::Cpu),
            ("cpu", "c16", true, Clock::Cpu),
        ];
        for (what, mode, parallel, clock) in modes {
            let mut g = c.benchmark_group(format!("{what}_{name}_{mode}"));
            g.throughput(Throughput::Elements(1));
            g.sampling_mode(SamplingMode::Flat);
            let cl = client.clone();
            g.bench_function("dcs", |b| {
                b.iter_custom(|iters| {
                    let cl = cl.clone();
                    let call = move || dcs_call(cl.clone(), limit);
                    if parallel {
                        concurrent(&rt, clock, iters, call)
                    } else {
                        sequential(&rt, clock, iters, call)
                    }
                })
            });
            let (h, u) = (http.clone(), url.clone());
            g.bench_function("floor", |b| {
                b.iter_custom(|iters| {
                    let (h, u) = (h.clone(), u.clone());
                    let call = move || floor_call(h.clone(), u.clone());
                    if parallel {
                        concurrent(&rt, clock, iters, call)
                    } else {
                        sequential(&rt, clock, iters, call)
                    }
                })
            });
            g.finish();
        }
    }
}

/// Where the sequential documented call's time goes: the generated client without signing,
/// and the floor carrying a (precomputed, valid) signature the stand-in verifies.
fn breakdown(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let t = target("DCS_STANDIN_DOCUMENTED", None);
    let unsigned = dcs::Client::builder()
        .endpoint(&t.endpoint)
        .project_id(PROJECT_ID)
        .build()
        .expect("client");
    let url = floor_url(&t.endpoint, None);
    let prepared = rt
        .block_on(
            dcs_client(&t.endpoint).runtime().prepare(
                dcs_client(&t.endpoint)
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
    // The same header bytes with `Authorization` renamed: unsigned for the stand-in.
    let mut renamed = http::HeaderMap::new();
    for (k, v) in &headers {
        let k = if k == http::header::AUTHORIZATION {
            http::HeaderName::from_static("x-not-authorization")
        } else {
            k.clone()
        };
        renamed.append(k, v.clone());
    }
    let http = reqwest::Client::new();
    let mut g = c.benchmark_group("breakdown_documented_seq");
    g.throughput(Throughput::Elements(1));
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("dcs_unsigned", |b| {
        b.iter_custom(|iters| {
            let cl = unsigned.clone();
            sequential(&rt, Clock::Wall, iters, move || dcs_call(cl.clone(), None))
        })
    });
    for (name, hm) in [
        ("floor_signed", headers),
        ("floor_same_bytes_unsigned", renamed),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let (h, u, hm) = (http.clone(), url.clone(), hm.clone());
                sequential(&rt, Clock::Wall, iters, move || {
                    let req = h.get(&u).headers(hm.clone());
                    async move {
                        let resp = req.send().await.expect("call");
                        assert!(resp.status().is_success(), "{}", resp.status());
                        let body = resp.bytes().await.expect("body");
                        serde_json::from_slice::<FloorPage>(&body).expect("decode")
                    }
                })
            })
        });
    }
    g.finish();
}

fn signing(c: &mut Criterion) {
    let creds = dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
        .with_project_id(PROJECT_ID);
    // What the client hands the signer for the call above.
    let request = RequestToSign {
        method: "GET".into(),
        scheme: "http".into(),
        host: "127.0.0.1:8080".into(),
        path: format!("/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks"),
        query: vec![("limit".into(), "1000".into())],
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), "hwc-runtime/0.1.0 (dcs)".into()),
        ],
        body: Bytes::new(),
    };
    let now = SystemTime::now();
    let mut g = c.benchmark_group("sign");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sign_request", |b| {
        b.iter(|| {
            let mut r = black_box(&request).clone();
            let s = sign_request(&mut r, &creds, &SigningAlgorithm::HmacSha256, None, now)
                .expect("sign");
            black_box((r, s))
        })
    });
    let client = dcs_client("http://127.0.0.1:8080");
    g.bench_function("prepare", |b| {
        b.iter(|| {
            let req = client
                .list_bigkey_scan_tasks(INSTANCE_ID)
                .limit(1000)
                .request()
                .to_http();
            let prepared = client
                .runtime()
                .prepare(req)
                .now_or_never()
                .expect("ready at once")
                .expect("prepare");
            black_box(prepared)
        })
    });
    g.finish();
}

fn decoding(c: &mut Criterion) {
    let documented = Bytes::from_static(dcs_standin::DOCUMENTED_EXAMPLE.as_bytes());
    let records = Bytes::from(
        dcs_standin::Dataset::generated(1000).body(INSTANCE_ID, &dcs_standin::Query::default()),
    );
    for (name, body) in [("documented", documented), ("records1000", records)] {
        let mut g = c.benchmark_group(format!("decode_{name}"));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("dcs", |b| {
            b.iter(|| {
                let raw = RawResponse {
                    status: 200,
                    headers: http::HeaderMap::new(),
                    body: black_box(&body).clone(),
                };
                let page: ListBigkeyScanTasksResponse =
                    hwc_runtime::de::decode_success::<_, ()>(raw).expect("decode");
                black_box(page)
            })
        });
        g.bench_function("dcs_no_path", |b| {
            b.iter(|| {
                let page: ListBigkeyScanTasksResponse =
                    serde_json::from_slice(black_box(&body)).expect("decode");
                black_box(page)
            })
        });
        g.bench_function("floor", |b| {
            b.iter(|| {
                let page: FloorPage = serde_json::from_slice(black_box(&body)).expect("decode");
                black_box(page)
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = calls, breakdown, signing, decoding
}
criterion_main!(benches);
