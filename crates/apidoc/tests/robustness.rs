//! The parser never panics, whatever the page: truncations and random splices of the fixture
//! pages, seeded so that a failure reproduces.
//!
//! Longer hunts: `APIDOC_SPLICE_ROUNDS=20000 APIDOC_SPLICE_SEED=7 cargo test -p apidoc
//! --release --test robustness`.

use std::path::Path;

/// Fixture pages: the base page and the bad ones.
fn pages() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = vec![(
        "base.md".to_owned(),
        std::fs::read(dir.join("base.md")).expect("base.md"),
    )];
    let mut bad: Vec<_> = std::fs::read_dir(dir.join("bad"))
        .expect("bad/")
        .map(|e| e.expect("entry").path())
        .collect();
    bad.sort();
    for p in bad {
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        out.push((name, std::fs::read(&p).expect("page")));
    }
    out
}

/// Pieces of the template that steer the parser: markup, headings, captions, escapes,
/// multi-byte and odd whitespace.
const SNIPPETS: [&str; 37] = [
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<thead>",
    "<ul><li>",
    "</li></ul>",
    "<p>",
    "</p>",
    "<a href=\"#response_X\">X</a>",
    "<a name=\"response_X\"></a>",
    "<!--",
    "<b id=1>",
    "```",
    "\n```\n",
    "\n  ```\n",
    "\n# T<a name=\"Op\"></a>\n",
    "\n## URI\n",
    "\n## 响应参数\n",
    "\n**表 9**  X\n",
    "\n**状态码： 200**\n",
    "{",
    "}",
    "\\",
    "&lt;",
    "Array of ",
    "Map<String,",
    "\u{3000}",
    "\r",
    "\n",
    "<",
    "\"",
    "表",
    "\u{feff}",
];

/// xorshift64*: small, deterministic, good enough to pick positions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn truncated_at_every_line_and_mid_line() {
    for (name, bytes) in pages() {
        let mut cuts: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .flat_map(|(i, _)| [i, i + 1, i.saturating_sub(7)])
            .collect();
        cuts.push(bytes.len() / 2 + 1);
        for cut in cuts {
            let cut = cut.min(bytes.len());
            // Mid-character cuts included: they must come back as "not UTF-8", not a panic.
            let _ = apidoc::parse_page(&name, &bytes[..cut]);
        }
    }
}

#[test]
fn random_splices() {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let seed = env("APIDOC_SPLICE_SEED").unwrap_or(0x9e37_79b9_7f4a_7c15);
    let rounds = env("APIDOC_SPLICE_ROUNDS").unwrap_or(150);
    let mut rng = Rng(seed.max(1));
    for (name, bytes) in pages() {
        for round in 0..rounds {
            let mut page = bytes.clone();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(page.len() + 1);
                match rng.below(4) {
                    // Delete a short run of bytes (may split a character).
                    0 => {
                        let end = (at + 1 + rng.below(40)).min(page.len());
                        page.drain(at.min(end)..end);
                    }
                    // Duplicate a run: repeated rows, tables, headings.
                    1 => {
                        let end = (at + rng.below(400)).min(page.len());
                        let run = page[at.min(end)..end].to_vec();
                        page.splice(at..at, run);
                    }
                    _ => {
                        let s = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                        page.splice(at..at, s.iter().copied());
                    }
                }
            }
            let parsed = std::panic::catch_unwind(|| apidoc::parse_page(&name, &page));
            assert!(
                parsed.is_ok(),
                "{name}: seed {seed}, round {round} panicked; page:\n{}",
                String::from_utf8_lossy(&page)
            );
        }
    }
}
