//! `cargo xtask openapi DIR [--title TITLE] [--strict]`: one OpenAPI 3.1 document for every
//! operation page in DIR that can be read, printed to stdout.

use std::path::Path;

use apidoc::Severity;
use codegen::ServiceModel;
use xtask::folder;

/// Runs the command. Pages with errors are left out and named on stderr (the document says
/// nothing it could not read); `--strict` refuses to write a document missing any page.
pub fn run(dir: &Path, title: Option<String>, strict: bool) -> Result<(), String> {
    let pages = folder::read(dir, "")?.pages;
    let mut broken = Vec::new();
    for p in &pages {
        for d in &p.diagnostics {
            match d.severity {
                Severity::Error | Severity::Warning => eprintln!("{d}"),
                Severity::Note => {}
            }
        }
        if p.has_errors() {
            broken.push(p.file.clone());
        }
    }
    if strict && !broken.is_empty() {
        return Err(format!(
            "{} page(s) with errors ({}); no document was written (--strict)",
            broken.len(),
            broken.join(", ")
        ));
    }
    let model = ServiceModel::from_parsed("", &pages);
    if model.operations.is_empty() {
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
    let export = codegen::openapi::export(&model, &title);
    for n in &export.notes {
        eprintln!("note: {n}");
    }
    let json = serde_json::to_string_pretty(&export.document).map_err(|e| e.to_string())?;
    println!("{json}");
    if !broken.is_empty() {
        eprintln!(
            "left out {} page(s) with errors: {}",
            broken.len(),
            broken.join(", ")
        );
    }
    Ok(())
}
