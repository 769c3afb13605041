//! The parser and the generator at the scale of every corpus (both templates, about 1,900
//! pages), beside the HTML-parse floor of the same pages, at a quarter, half and all of the
//! input: pages per second, the ratio to the floor, and whether time grows linearly.
//!
//! ```text
//! cargo bench -p codegen --bench corpus_scale [-- --rounds N]
//! ```
//!
//! Input: every folder of `$HWC_CORPUS` (default `../shared/corpus` beside the workspace),
//! read into memory first; each folder is one service, read as `cargo xtask gen` reads it
//! (`codegen::Folder::read` minus the catalogue: `apidoc::parse_folder`). A fraction takes
//! that share of every folder's pages (sorted by name), so each subset still has all services.
//!
//! - *parse*: `parse_folder` of every folder (sections, tables, links, ids, IR), on one
//!   thread;
//! - *generate, 1 thread*: parse, then `Generator::rust` of every folder (IR → Rust →
//!   formatted text), both on one thread: the single-core cost;
//! - *generate, N threads*: the same with `xtask gen`'s default, one thread per core for the
//!   pages' first pass and for the files;
//! - *floor*: `scraper::Html::parse_fragment` of every `<table>` block of the same pages, the
//!   HTML parse the parser cannot avoid.
//!
//! Every contender is timed by the clock on the wall and by the process's CPU time (all
//! threads): on a shared machine the CPU time is the steadier measure of work, the wall
//! clock what a user waits for.
//!
//! This machine's speed drifts by tens of percent over minutes, so every ratio is taken inside
//! one round (the four contenders on the same subset, in an order rotated per round) and
//! reported as the median over the rounds with [min–max].

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;

// The allocator `cargo xtask gen` runs on, for every contender (the floor included).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::tables;

type Pages = Vec<(String, Vec<u8>)>;

fn corpus_root() -> PathBuf {
    std::env::var_os("HWC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// Every folder holding `*.md` pages under `root` (one level of nesting: dcs-history/<date>).
fn folders(root: &Path) -> Vec<(String, Pages)> {
    let mut dirs = vec![root.to_path_buf()];
    let mut out = Vec::new();
    while let Some(d) = dirs.pop() {
        let mut pages = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                if let (Some(name), Ok(bytes)) = (name, std::fs::read(&p)) {
                    pages.push((name, bytes));
                }
            }
        }
        if pages.len() > 1 {
            let name = d.strip_prefix(root).unwrap_or(&d).display().to_string();
            out.push((name, pages));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every folder read, each page's first pass on up to `threads` threads.
fn parse(folders: &[(String, Pages)], threads: usize) -> Vec<Vec<apidoc::ParsedPage>> {
    let options = apidoc::FolderOptions {
        threads,
        ..apidoc::FolderOptions::default()
    };
    folders
        .iter()
        .map(|(_, pages)| apidoc::parse_folder(pages, &options))
        .collect()
}

/// Parse, then generate every folder, both on up to `threads` threads (`None`: the default,
/// one per core, as `cargo xtask gen` runs).
fn generate(folders: &[(String, Pages)], threads: Option<usize>) -> usize {
    let mut files = 0;
    for parsed in parse(folders, threads.unwrap_or_else(codegen_threads)) {
        let mut generator = codegen::Generator::new("bench");
        if let Some(n) = threads {
            generator = generator.threads(n);
        }
        if let Ok(g) = generator.rust(&parsed) {
            files += g.files.len();
        }
    }
    files
}

/// The process's CPU time (every thread, finished ones included), in seconds.
// The one call std has no safe form of.
#[allow(unsafe_code)]
fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return f64::NAN;
    }
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Wall and CPU seconds of one run of `f`.
fn seconds(f: &mut dyn FnMut()) -> (f64, f64) {
    let cpu = cpu_seconds();
    let t = Instant::now();
    f();
    (t.elapsed().as_secs_f64(), cpu_seconds() - cpu)
}

/// The generator's default thread count, as `Generator::new` picks it.
fn codegen_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn median_range(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let root = corpus_root();
    let all = folders(&root);
    if all.is_empty() {
        eprintln!("no corpus at {}: set HWC_CORPUS", root.display());
        return;
    }
    let threads = codegen_threads();
    println!(
        "| share | pages | MB | parse | pages/s | generate, 1 thread | generate, {threads} threads | floor | parse ÷ floor | generate, 1 thread ÷ floor | generate, {threads} threads ÷ floor | parse µs/KB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (label, share) in [("¼", 0.25), ("½", 0.5), ("all", 1.0)] {
        let subset: Vec<(String, Pages)> = all
            .iter()
            .map(|(name, pages)| {
                let n = ((pages.len() as f64 * share).ceil() as usize).max(1);
                (name.clone(), pages[..n.min(pages.len())].to_vec())
            })
            .collect();
        let pages: usize = subset.iter().map(|(_, p)| p.len()).sum();
        let bytes: usize = subset
            .iter()
            .flat_map(|(_, p)| p.iter().map(|(_, b)| b.len()))
            .sum();
        let html: Vec<String> = subset
            .iter()
            .flat_map(|(_, p)| p.iter())
            .flat_map(|(_, b)| tables(&String::from_utf8_lossy(b)))
            .collect();
        let mut run_parse = || {
            black_box(parse(black_box(&subset), 1));
        };
        let mut run_generate = || {
            black_box(generate(black_box(&subset), Some(1)));
        };
        let mut run_threads = || {
            black_box(generate(black_box(&subset), None));
        };
        let mut run_floor = || {
            for t in black_box(&html) {
                black_box(scraper::Html::parse_fragment(t));
            }
        };
        // One unrecorded run of each.
        seconds(&mut run_parse);
        seconds(&mut run_generate);
        seconds(&mut run_threads);
        seconds(&mut run_floor);
        // Per contender (parse, generate 1 thread, generate N threads, floor): wall and CPU
        // seconds per round, and the per-round ratios to the floor.
        let mut wall: [Vec<f64>; 4] = Default::default();
        let mut cpu: [Vec<f64>; 4] = Default::default();
        let mut wall_ratio: [Vec<f64>; 3] = Default::default();
        let mut cpu_ratio: [Vec<f64>; 3] = Default::default();
        for round in 0..rounds {
            let mut t = [(0.0, 0.0); 4];
            for k in 0..4 {
                let which = (k + round) % 4;
                t[which] = match which {
                    0 => seconds(&mut run_parse),
                    1 => seconds(&mut run_generate),
                    2 => seconds(&mut run_threads),
                    _ => seconds(&mut run_floor),
                };
            }
            for (i, (w, c)) in t.into_iter().enumerate() {
                wall[i].push(w);
                cpu[i].push(c);
                if i < 3 {
                    wall_ratio[i].push(w / t[3].0);
                    cpu_ratio[i].push(c / t[3].1);
                }
            }
        }
        let [p, g, n, f] = wall.map(|w| median_range(w).0);
        let [p_cpu, g_cpu, n_cpu, f_cpu] = cpu.map(|c| median_range(c).0);
        let [pr, gr, nr] = wall_ratio.map(median_range);
        let [pc, gc, nc] = cpu_ratio.map(median_range);
        let range = |(m, lo, hi): (f64, f64, f64)| format!("{m:.2}× [{lo:.2}–{hi:.2}]");
        let ms = |w: f64, c: f64| format!("{:.0} ms ({:.0} ms)", w * 1e3, c * 1e3);
        println!(
            "| {label} | {pages} | {:.1} | {} | {:.0} | {} | {} | {} | {} ({}) | {} ({}) | {} ({}) | {:.2} |",
            bytes as f64 / 1e6,
            ms(p, p_cpu),
            pages as f64 / p,
            ms(g, g_cpu),
            ms(n, n_cpu),
            ms(f, f_cpu),
            range(pr),
            range(pc),
            range(gr),
            range(gc),
            range(nr),
            range(nc),
            p * 1e6 / (bytes as f64 / 1e3),
        );
    }
    println!(
        "\n{} folders from {}; {rounds} rounds per share, medians, ratios [min–max] of the per-round ratios; \
         wall clock, and in parentheses the process's CPU time (all threads).",
        all.len(),
        root.display()
    );
}
