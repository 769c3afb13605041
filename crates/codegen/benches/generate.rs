//! Generator benchmarks: page → IR → Rust → formatted text, beside the floor (the HTML parse
//! alone of the same tables).
//!
//! ```text
//! cargo bench -p codegen --bench generate
//! ```
//!
//! Inputs: the spec page (`spec/dcs/查询大key分析任务列表.md`) and every page of the DCS
//! corpus (`$DCS_CORPUS`, default `../shared/corpus/dcs` beside the workspace; those groups are
//! skipped when it is missing). Pages are read into memory first; nothing timed touches the
//! disk.
//!
//! - `<input>/generate`: `apidoc::parse_folder` of the pages, then `codegen::Generator::rust`
//!   (IR → token streams → the printer): everything `cargo xtask gen` does but I/O,
//!   on as many threads as it uses (one per core);
//! - `<input>/parse`: `apidoc::parse_folder` alone (Markdown blocks, HTML tables, links, ids, IR),
//!   on one thread;
//! - `<input>/codegen`: `codegen::Generator::rust` alone, from parsed pages;
//! - `<input>/html_floor`: `scraper::Html::parse_fragment` of every `<table>` block of the same
//!   pages, extracted beforehand: the HTML parse that `apidoc` cannot avoid.
//!
//! The machine these run on drifts by tens of percent over minutes, so `generate ÷ floor` is
//! not taken from the criterion groups (measured one after the other) but from interleaved
//! rounds run after them: 15 rounds of generate and floor for about 0.3 s each, in alternating
//! order, the ratio taken per round. They print one line per input and, when
//! `$GENERATE_PAIRED_JSON` names a file, write `{input: [per-round ratios]}` to it.

// `criterion_group!` writes an undocumented `pub fn`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};

mod common;

// The allocator `cargo xtask gen` runs on, for every contender (the floor included).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::tables;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(name, bytes)` of every `*.md` in `dir`, sorted by name.
fn read_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The pages read as one folder, as `cargo xtask gen` reads them (minus the disk), with the
/// first pass on up to `threads` threads.
fn parse_all(pages: &[(String, Vec<u8>)], threads: usize) -> Vec<apidoc::ParsedPage> {
    let options = apidoc::FolderOptions {
        threads,
        ..apidoc::FolderOptions::default()
    };
    apidoc::parse_folder(pages, &options)
}

/// The thread count `cargo xtask gen` reads and generates with.
fn xtask_threads() -> usize {
    apidoc::work::default_threads()
}

fn bench_input(c: &mut Criterion, group: &str, pages: &[(String, Vec<u8>)]) {
    let parsed = parse_all(pages, 1);
    let generated = codegen::Generator::new("dcs")
        .rust(&parsed)
        .expect("the pages generate");
    let ops = parsed.iter().filter(|p| p.operation.is_some()).count();
    let table_html: Vec<String> = pages
        .iter()
        .flat_map(|(_, b)| tables(&String::from_utf8_lossy(b)))
        .collect();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "{group}: {} pages ({ops} operations, {} tables, {bytes} bytes) -> {} files, {} bytes of Rust",
        pages.len(),
        table_html.len(),
        generated.files.len(),
        generated.files.values().map(String::len).sum::<usize>()
    );

    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("generate", |b| {
        b.iter(|| {
            let parsed = parse_all(black_box(pages), xtask_threads());
            black_box(
                codegen::Generator::new("dcs")
                    .rust(&parsed)
                    .expect("generate"),
            )
        })
    });
    g.bench_function("parse", |b| {
        b.iter(|| black_box(parse_all(black_box(pages), 1)))
    });
    g.bench_function("codegen", |b| {
        b.iter(|| {
            black_box(
                codegen::Generator::new("dcs")
                    .rust(black_box(&parsed))
                    .expect("generate"),
            )
        })
    });
    g.bench_function("html_floor", |b| {
        b.iter(|| {
            for t in black_box(&table_html) {
                black_box(scraper::Html::parse_fragment(t));
            }
        })
    });
    g.finish();
}

/// Seconds per iteration of `f`, run for about `secs`.
fn time_per_iter(secs: f64, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while n < 2 || start.elapsed().as_secs_f64() < secs {
        f();
        n += 1;
    }
    start.elapsed().as_secs_f64() / n as f64
}

/// Per-round `generate ÷ floor` of one input (see the module docs).
fn paired(pages: &[(String, Vec<u8>)]) -> Vec<f64> {
    let table_html: Vec<String> = pages
        .iter()
        .flat_map(|(_, b)| tables(&String::from_utf8_lossy(b)))
        .collect();
    let mut generate = || {
        let parsed = parse_all(black_box(pages), xtask_threads());
        black_box(
            codegen::Generator::new("dcs")
                .rust(&parsed)
                .expect("generate"),
        );
    };
    let mut floor = || {
        for t in black_box(&table_html) {
            black_box(scraper::Html::parse_fragment(t));
        }
    };
    // One unrecorded run of each first.
    time_per_iter(0.3, &mut generate);
    time_per_iter(0.3, &mut floor);
    (0..15)
        .map(|round| {
            let (g, f) = if round % 2 == 0 {
                let g = time_per_iter(0.3, &mut generate);
                (g, time_per_iter(0.3, &mut floor))
            } else {
                let f = time_per_iter(0.3, &mut floor);
                (time_per_iter(0.3, &mut generate), f)
            };
            g / f
        })
        .collect()
}

/// Pages as `(file name, bytes)`.
type Pages = Vec<(String, Vec<u8>)>;

fn inputs() -> Vec<(&'static str, Pages)> {
    let root = workspace_root();
    let mut out = vec![("spec_page", read_dir(&root.join("spec/dcs")))];
    let corpus = std::env::var_os("DCS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/dcs"));
    if corpus.is_dir() {
        out.push(("corpus", read_dir(&corpus)));
    }
    out
}

/// The interleaved `generate ÷ floor` rounds, after the criterion groups.
fn paired_rounds() {
    let mut json = serde_json::Map::new();
    for (name, pages) in inputs() {
        let mut ratios = paired(&pages);
        json.insert(name.into(), serde_json::json!(ratios.clone()));
        ratios.sort_by(f64::total_cmp);
        let q = |p: f64| ratios[((ratios.len() - 1) as f64 * p).round() as usize];
        eprintln!(
            "paired {name}: generate ÷ floor {:.2}× [{:.2}–{:.2}] over {} rounds",
            q(0.5),
            q(0.25),
            q(0.75),
            ratios.len()
        );
    }
    if let Some(path) = std::env::var_os("GENERATE_PAIRED_JSON") {
        let text = serde_json::to_string_pretty(&json).expect("JSON");
        std::fs::write(&path, text).expect("write $GENERATE_PAIRED_JSON");
    }
}

fn bench(c: &mut Criterion) {
    let root = workspace_root();
    let spec = read_dir(&root.join("spec/dcs"));
    bench_input(c, "spec_page", &spec);
    let corpus = std::env::var_os("DCS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/dcs"));
    if corpus.is_dir() {
        bench_input(c, "corpus", &read_dir(&corpus));
    } else {
        eprintln!(
            "no DCS corpus at {}: set DCS_CORPUS; corpus groups skipped",
            corpus.display()
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench
}
fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only in a full run, not when criterion is asked to list or filter benchmarks.
    if std::env::args().skip(1).all(|a| a == "--bench") {
        paired_rounds();
    }
}
