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
//! - *parse*: `parse_folder` of every folder (sections, tables, links, ids, IR);
//! - *generate*: parse, then `generate` of every folder (IR → Rust → formatted text);
//! - *floor*: `scraper::Html::parse_fragment` of every `<table>` block of the same pages, the
//!   HTML parse the parser cannot avoid.
//!
//! This machine's speed drifts by tens of percent over minutes, so every ratio is taken inside
//! one round (parse, generate and floor of the same subset, in an order rotated per round) and
//! reported as the median over the rounds with [min–max].

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;
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

fn parse(folders: &[(String, Pages)]) -> Vec<Vec<apidoc::ParsedPage>> {
    folders
        .iter()
        .map(|(_, pages)| apidoc::parse_folder(pages, &apidoc::FolderOptions::default()))
        .collect()
}

fn generate(folders: &[(String, Pages)]) -> usize {
    let mut files = 0;
    for parsed in parse(folders) {
        if let Ok(g) = codegen::Generator::new("bench").rust(&parsed) {
            files += g.files.len();
        }
    }
    files
}

fn seconds(f: &mut dyn FnMut()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
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
    println!(
        "| share | pages | MB | parse | pages/s | generate | floor | parse ÷ floor | generate ÷ floor | parse µs/KB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
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
            black_box(parse(black_box(&subset)));
        };
        let mut run_generate = || {
            black_box(generate(black_box(&subset)));
        };
        let mut run_floor = || {
            for t in black_box(&html) {
                black_box(scraper::Html::parse_fragment(t));
            }
        };
        // One unrecorded run of each.
        seconds(&mut run_parse);
        seconds(&mut run_generate);
        seconds(&mut run_floor);
        let (mut p, mut g, mut f, mut pr, mut gr) = (vec![], vec![], vec![], vec![], vec![]);
        for round in 0..rounds {
            let mut t = [0.0; 3];
            for k in 0..3 {
                let which = (k + round) % 3;
                t[which] = match which {
                    0 => seconds(&mut run_parse),
                    1 => seconds(&mut run_generate),
                    _ => seconds(&mut run_floor),
                };
            }
            p.push(t[0]);
            g.push(t[1]);
            f.push(t[2]);
            pr.push(t[0] / t[2]);
            gr.push(t[1] / t[2]);
        }
        let (p, _, _) = median_range(p);
        let (g, _, _) = median_range(g);
        let (f, _, _) = median_range(f);
        let (pr, pr_lo, pr_hi) = median_range(pr);
        let (gr, gr_lo, gr_hi) = median_range(gr);
        println!(
            "| {label} | {pages} | {:.1} | {:.0} ms | {:.0} | {:.0} ms | {:.0} ms | {pr:.2}× [{pr_lo:.2}–{pr_hi:.2}] | {gr:.2}× [{gr_lo:.2}–{gr_hi:.2}] | {:.2} |",
            bytes as f64 / 1e6,
            p * 1e3,
            pages as f64 / p,
            g * 1e3,
            f * 1e3,
            p * 1e6 / (bytes as f64 / 1e3),
        );
    }
    println!(
        "\n{} folders from {}; {rounds} rounds per share, medians, ratios [min–max] of the per-round ratios.",
        all.len(),
        root.display()
    );
}
