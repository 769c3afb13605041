//! Client micro-benchmarks (criterion): the parts of a call alone, no server.
//!
//! ```text
//! cargo bench -p dcs --bench client
//! ```
//!
//! Groups (one criterion benchmark per line):
//!
//! - `sign`: `sign_request` alone on the request the client signs, and `prepare` (request
//!   building, path rendering, signing, URL);
//! - `decode_documented`, `decode_records1000`: the body alone into the generated types through
//!   the runtime's `decode_success` (`dcs`), the same types with plain `serde_json`
//!   (`dcs_no_path`), and the hand-written structs (`floor`).
//!
//! Whole calls against the stand-in (the generated client beside the hand-written floor and
//! the Python SDK, measured in interleaved rounds) are in `calls.rs`.

// `criterion_group!` writes an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use common::{FloorPage, dcs_client};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dcs::list_bigkey_scan_tasks::ListBigkeyScanTasksResponse;
use dcs_standin::{INSTANCE_ID, PROJECT_ID};
use futures_util::FutureExt;
use hwc_runtime::RawResponse;
use hwc_runtime::sign::{RequestToSign, SigningAlgorithm, sign_request};

fn signing(c: &mut Criterion) {
    let creds = dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
        .with_project_id(PROJECT_ID);
    // What the client hands the signer for the call above.
    let request = RequestToSign {
        method: "GET".into(),
        scheme: "http".into(),
        host: "127.0.0.1:8080".into(),
        path: format!("/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks"),
        query: vec![hwc_runtime::sign::QueryParam::text("limit", "1000")],
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
                let raw = RawResponse::new(200, http::HeaderMap::new(), black_box(&body).clone());
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
    targets = signing, decoding
}
criterion_main!(benches);
