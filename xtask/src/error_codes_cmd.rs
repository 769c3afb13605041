//! `cargo xtask error-codes DIR [--strict]`: the error-code catalogue of a folder of pages as
//! JSON, one object per table row (`status`, `code`, `message`, `description`, `handling`),
//! pages in name order and rows in page order. Diagnostics go to stderr; with `--strict` an
//! unreadable row makes the command fail.

use std::path::Path;

use apidoc::Severity;

/// The catalogue of `dir` as JSON, with the diagnostics of reading it.
pub fn catalogue_json(dir: &Path) -> Result<(String, Vec<apidoc::Diagnostic>), String> {
    let folder = xtask::folder::read(dir, "")?;
    let json = serde_json::to_string_pretty(&folder.codes).map_err(|e| e.to_string())?;
    Ok((json, folder.code_diagnostics))
}

/// The command.
pub fn run(dir: &Path, strict: bool) -> Result<(), String> {
    let (json, diagnostics) = catalogue_json(dir)?;
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if strict && errors > 0 {
        return Err(format!("{errors} error(s); nothing printed (strict)"));
    }
    println!("{json}");
    Ok(())
}
