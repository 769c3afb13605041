//! `cargo xtask openapi DIR [--title TITLE]`: one OpenAPI 3.1 document for every operation
//! page in DIR, printed to stdout.

use std::path::Path;

use apidoc::Severity;
use codegen::{Page, project};

/// Runs the command. A page with errors stops it before anything is printed, as for `gen`:
/// a document missing an operation must not pass for a complete one.
pub fn run(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask openapi DIR [--title TITLE]";
    let mut dir = None;
    let mut title = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--title" => title = Some(it.next().ok_or(usage)?.clone()),
            _ if dir.is_none() => dir = Some(a.clone()),
            _ => return Err(usage.into()),
        }
    }
    let dir = dir.ok_or(usage)?;
    let dir = Path::new(&dir);
    let pages = project::read_pages(dir, "").map_err(|e| e.to_string())?;
    let mut errors = 0;
    for d in pages.iter().flat_map(|p| &p.diagnostics) {
        match d.severity {
            Severity::Error => {
                errors += 1;
                eprintln!("{d}");
            }
            Severity::Warning => eprintln!("{d}"),
            Severity::Note => {}
        }
    }
    if errors > 0 {
        return Err(format!("{errors} error(s); no document was written"));
    }
    let ops: Vec<Page> = pages
        .into_iter()
        .filter_map(|p| p.operation.map(|op| Page { file: p.file, op }))
        .collect();
    if ops.is_empty() {
        return Err(format!("no operation pages in {}", dir.display()));
    }
    // The folder name (`dcs`) is the service; without one, a neutral title.
    let title = title
        .or_else(|| {
            dir.canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "API".to_owned());
    let export = codegen::openapi::export(&ops, &title);
    for n in &export.notes {
        eprintln!("note: {n}");
    }
    let json = serde_json::to_string_pretty(&export.document).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}
