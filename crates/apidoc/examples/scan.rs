//! Parses every page in a folder and prints the diagnostics and a summary.
//!
//! `cargo run -p apidoc --example scan -- DIR` is the parser alone; `cargo xtask corpus` is the
//! full pipeline.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_default();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    let (mut ops, mut skipped, mut failed) = (0, 0, 0);
    for p in entries {
        let bytes = std::fs::read(&p).unwrap_or_default();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let page = apidoc::parse_page(&name, &bytes);
        if page.has_errors() {
            failed += 1
        } else if page.operation.is_some() {
            ops += 1
        } else {
            skipped += 1
        }
        for d in &page.diagnostics {
            if d.severity != apidoc::Severity::Note {
                println!("{d}");
            }
        }
    }
    println!("ops {ops} skipped {skipped} failed {failed}");
}
