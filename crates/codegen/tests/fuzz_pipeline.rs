//! A stable-toolchain mutation fuzzer over the whole page-to-code pipeline
//! (`codegen::pipeline::run_page`, and `run_folder` for a mutated page read together with
//! other pages): seeded with the spec page and every fixture page (both templates), it
//! mutates them the ways hand edits and newer documentation tools do (truncation, deleted
//! and duplicated ranges, injected tokens of either template, spliced lines) and fails on
//! any panic, any generated file that `syn` cannot parse, two pages of a folder given one
//! operation id, or any input slower than a second.
//!
//! `cargo test` runs it for a few seconds; `FUZZ_SECONDS=600 cargo test --release -p codegen
//! --test fuzz_pipeline` runs it for longer; `FUZZ_SEED` replays a run. Failing inputs are
//! written to `target/fuzz-failures/` and belong in `tests/fixtures/regressions/` once fixed.
//! (The libFuzzer target in `fuzz/` drives the same function with coverage guidance.)

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TOKENS: &[&str] = &[
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<thead>",
    "<tbody>",
    "<p>",
    "</p>",
    "<ul><li>",
    "</li></ul>",
    "<a name=\"",
    "<a href=\"#response_",
    "\"></a>",
    "**表 9**  ",
    "**状态码： 200**",
    "**状态码： 500**",
    "## URI",
    "## 请求参数",
    "## 响应参数",
    "## 响应示例",
    "## 请求示例",
    "## 状态码",
    "# T<a name=\"Op\"></a>",
    "GET /v2/\\{project\\_id\\}/x/\\{id\\}",
    "POST ",
    "\\{",
    "\\}",
    "{",
    "}",
    "[",
    "]",
    "```",
    "\n",
    "\r\n",
    "Array of ",
    " objects",
    "Object",
    "Map&lt;String,Object&gt;",
    "Integer",
    "Long",
    "Boolean",
    "String",
    "Double",
    "枚举值：",
    "最大长度：<strong>9</strong>",
    "缺省值：",
    "是",
    "否",
    "self",
    "type",
    "Result",
    "r#",
    "_1",
    "\u{feff}",
    "\u{0}",
    "&amp;",
    "&lt;",
    "<!--",
    "-->",
    "<div class=\"note\">",
    // The classic templates.
    "# T<a name=\"wgt_02_0001\"></a>",
    "## **URI**",
    "## 请求消息",
    "## 响应消息",
    "## 返回值",
    "## 样例",
    "## 请求URI",
    "**请求参数**",
    "**响应示例**",
    "请求样例：",
    "参数说明如[表1](#table1)所示。",
    "<a name=\"table1\"></a>",
    "<a href=\"#table1\">表1</a>",
    "<a href=\"数据结构.md#table1\">表1</a>",
    "请参考[通用响应](通用响应.md)。",
    "详情请参见表3。",
    "\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|x|是|String|-|\n",
    "|",
    "-   <a name=\"li1\"></a>x参数说明\n",
    "\n**表 1**  HTTP/HTTPS请求方法以及URI\n\n<table><thead><tr><th>请求方法</th><th>URI</th></tr></thead><tbody><tr><td>POST</td><td>/v1/{id}/x</td></tr></tbody></table>\n",
    "GET /v1.0/\\{project\\_id\\}/x?start=\\{start\\}&limit=\\{limit\\}",
    "?action=start",
    "\n```\nPOST /v1/\\{project\\_id\\}/x/action\n```\n",
    "字典数据类型",
    "Array",
    "Array of Widget Rule objects",
    "x字段数据结构说明",
    "role.policy",
    "- 正常\n\n200\n",
    "**状态码为 201 时:**",
    "类型",
    "必选",
    "名称",
    "说明",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dirs = [
        "spec/dcs",
        "tests/fixtures/pages",
        "crates/codegen/tests/fixtures/openapi",
        "crates/apidoc/tests/fixtures/bad",
        "crates/codegen/tests/fixtures/regressions",
    ];
    let mut out = Vec::new();
    for d in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(d))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    assert!(out.len() >= 3, "seed pages not found");
    out
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(64).min(len - i);
                data.drain(i..i + n);
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let i = rng.below(len + 1);
                data.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(512).min(len - i);
                let chunk = data[i..i + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            4 => data.truncate(rng.below(len + 1)),
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = rng.below(2048).min(other.len() - i);
                    let at = rng.below(len + 1);
                    data.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            _ => {
                // Swap two lines: sections and tables out of order.
                let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
                if lines.len() > 2 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    let mut l: Vec<Vec<u8>> = lines.iter().map(|x| x.to_vec()).collect();
                    l.swap(a, b);
                    data = l.join(&b'\n');
                }
            }
        }
    }
    data
}

fn save_failure(input: &[u8], why: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in input {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
    }
    let p = dir.join(format!("{h:016x}.md"));
    let _ = std::fs::write(&p, input);
    eprintln!("{why}: input saved to {}", p.display());
    p
}

#[test]
fn pipeline_survives_mutated_pages() {
    let secs: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("fuzz seed {seed} for {secs}s (FUZZ_SEED={seed} replays)");
    let seeds = seeds();
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut generated) = (0u64, 0u64);
    // Quiet panics: a caught panic is reported with its input below.
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds);
        // One run in four reads the mutated page in a folder with two other seeds: links
        // between pages, shared data-structure pages and id collisions.
        let folder = rng.below(4) == 0;
        let others = [
            seeds[rng.below(seeds.len())].clone(),
            seeds[rng.below(seeds.len())].clone(),
        ];
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| {
            if folder {
                let pages = vec![
                    ("fuzz.md".to_owned(), input.clone()),
                    ("数据结构.md".to_owned(), others[0].clone()),
                    ("other.md".to_owned(), others[1].clone()),
                ];
                codegen::pipeline::run_folder_checked(&pages, &parses).map(|o| o.operations > 0)
            } else {
                codegen::pipeline::run_page_checked(&input, &parses)
                    .map(|o| o == codegen::pipeline::Outcome::Generated)
            }
        });
        let took = started.elapsed();
        runs += 1;
        match result {
            Err(_) => {
                let p = save_failure(&input, "panic");
                let _ = std::panic::take_hook();
                panic!(
                    "the pipeline panicked on {} (folder mode: {folder})",
                    p.display()
                );
            }
            Ok(Err(e)) => {
                let p = save_failure(&input, "generator bug");
                let _ = std::panic::take_hook();
                panic!("{e} (input {}, folder mode: {folder})", p.display());
            }
            Ok(Ok(true)) => generated += 1,
            Ok(Ok(false)) => {}
        }
        if took > Duration::from_secs(1) {
            let p = save_failure(&input, "slow input");
            let _ = std::panic::take_hook();
            panic!("{} took {took:?}", p.display());
        }
    }
    let _ = std::panic::take_hook();
    eprintln!("{runs} inputs, {generated} generated code");
    assert!(runs > 0);
}

/// A generated file is Rust `syn` can read.
fn parses(_path: &str, text: &str) -> Result<(), String> {
    syn::parse_file(text)
        .map(drop)
        .map_err(|e| format!("does not parse as Rust: {e}"))
}
