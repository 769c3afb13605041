//! Parsing time and peak memory grow linearly with page size.
//!
//! The page is the real DCS page `spec/dcs/查询大key分析任务列表.md` with its response tables
//! (everything under `## 响应参数`: six status codes, seven tables) repeated 1, 10 and 100
//! times, anchors renamed per copy so that links stay resolvable. Time is the fastest of
//! several runs, which filters out scheduling noise; memory is the peak of live heap bytes
//! during `parse_page`, counted by this binary's global allocator. This file holds a single
//! test so that no other test's allocations are counted.
//!
//! Print the numbers with
//! `cargo test -p apidoc --release --test linearity -- --nocapture`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(n: usize) {
    LIVE.fetch_sub(n, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
// A global allocator cannot be written without unsafe code.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The spec page with its response section repeated `copies` times.
fn page(copies: usize) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/dcs/查询大key分析任务列表.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let start = text.find("## 响应参数").expect("response section");
    let end = text.find("## 请求示例").expect("request example section");
    let section = &text[start..end];
    let mut out = String::from(&text[..end]);
    for copy in 1..copies {
        out.push_str(
            &section
                .replace("name=\"response_", &format!("name=\"response_c{copy}_"))
                .replace("href=\"#response_", &format!("href=\"#response_c{copy}_")),
        );
    }
    out.push_str(&text[end..]);
    out
}

struct Measure {
    bytes: usize,
    time: Duration,
    peak: usize,
    diagnostics: usize,
}

fn measure(copies: usize, runs: usize) -> Measure {
    let text = page(copies);
    let mut best = Duration::MAX;
    let mut peak = usize::MAX;
    let mut diagnostics = 0;
    for _ in 0..runs {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let parsed = apidoc::parse_page("copies.md", text.as_bytes());
        let took = started.elapsed();
        peak = peak.min(PEAK.load(Ordering::Relaxed) - before);
        best = best.min(took);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        diagnostics = parsed.diagnostics.len();
        drop(parsed);
    }
    Measure {
        bytes: text.len(),
        time: best,
        peak,
        diagnostics,
    }
}

#[test]
fn time_and_memory_grow_linearly() {
    let runs = 5;
    let m: Vec<(usize, Measure)> = [1, 10, 100]
        .into_iter()
        .map(|c| (c, measure(c, runs)))
        .collect();
    for (copies, x) in &m {
        eprintln!(
            "{copies:>3} copies: {:>8} bytes, {:>10.2?} (min of {runs}), peak heap {:>10} bytes ({:.1} per page byte), {} diagnostics",
            x.bytes,
            x.time,
            x.peak,
            x.peak as f64 / x.bytes as f64,
            x.diagnostics
        );
    }
    let (m10, m100) = (&m[1].1, &m[2].1);
    let size = m100.bytes as f64 / m10.bytes as f64;
    let time = m100.time.as_secs_f64() / m10.time.as_secs_f64();
    let memory = m100.peak as f64 / m10.peak as f64;
    eprintln!("x{size:.1} size: x{time:.1} time, x{memory:.1} peak heap");
    // Linear would be about 10x; quadratic about 100x.
    assert!(time < 30.0, "time grew {time:.1}x for {size:.1}x the page");
    assert!(
        memory < 15.0,
        "peak heap grew {memory:.1}x for {size:.1}x the page"
    );
    // And per byte, the largest page costs no more than the smaller one did (with slack).
    let per_byte = |x: &Measure| x.peak as f64 / x.bytes as f64;
    assert!(per_byte(m100) < 1.5 * per_byte(m10));
}
