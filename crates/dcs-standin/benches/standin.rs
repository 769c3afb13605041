//! What the stand-in spends per request on its own work: verifying a signature and building a
//! body (`cargo bench -p dcs-standin`). The HTTP side is measured with wrk (bench/run.sh).

// `criterion_group!` writes an undocumented `pub fn`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dcs_standin::verify::{Received, Verifier};
use dcs_standin::{Dataset, INSTANCE_ID, PROJECT_ID, Query};
use hwc_runtime::sign::{RequestToSign, SigningAlgorithm, canonical_query, sign_request};

fn bench(c: &mut Criterion) {
    let now = SystemTime::now();
    let path = format!("/v2/{PROJECT_ID}/instances/{INSTANCE_ID}/bigkey-tasks");
    let mut req = RequestToSign {
        method: "GET".into(),
        scheme: "http".into(),
        host: "127.0.0.1:8080".into(),
        path: path.clone(),
        query: vec![hwc_runtime::sign::QueryParam::text("limit", "1000")],
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), "hwc-runtime/0.1.0 (dcs)".into()),
        ],
        body: Bytes::new(),
    };
    let creds = hwc_runtime::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
        .with_project_id(PROJECT_ID);
    sign_request(&mut req, &creds, &SigningAlgorithm::HmacSha256, None, now).unwrap();
    let query = canonical_query(&req.query);
    // Lower-case names, as hyper hands them over.
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    let received = Received {
        method: "GET",
        path: &path,
        query: &query,
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        body: Bytes::new(),
    };
    let mut g = c.benchmark_group("standin");
    g.throughput(Throughput::Elements(1));
    // As the server does it: one verifier, keyed once.
    let verifier = Verifier::new(
        dcs_standin::ACCESS_KEY,
        dcs_standin::SECRET_KEY,
        Duration::from_secs(900),
    );
    g.bench_function("verify", |b| {
        b.iter(|| verifier.verify(black_box(&received), now).unwrap())
    });
    let data = Dataset::generated(1000);
    let q = Query {
        limit: Some(1000),
        ..Query::default()
    };
    g.bench_function("body_records1000", |b| {
        b.iter(|| black_box(data.body(INSTANCE_ID, black_box(&q))))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
