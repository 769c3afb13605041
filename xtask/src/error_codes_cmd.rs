//! `cargo xtask error-codes DIR [--strict]`: the error-code catalogue of a folder of pages as
//! JSON, one object per table row (`status`, `code`, `message`, `description`, `handling`),
//! pages in name order and rows in page order. Diagnostics go to stderr; with `--strict` an
//! unreadable row makes the command fail.

use std::path::Path;

use apidoc::Severity;

/// Reads every `*.md` page of `dir` (sorted by name) and returns the catalogue's JSON.
pub fn catalogue_json(dir: &Path) -> Result<(String, Vec<apidoc::Diagnostic>), String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    let mut codes = Vec::new();
    let mut diagnostics = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let c = apidoc::error_codes(&name, &bytes);
        codes.extend(c.codes);
        diagnostics.extend(c.diagnostics);
    }
    let json = serde_json::to_string_pretty(&codes).map_err(|e| e.to_string())?;
    Ok((json, diagnostics))
}

/// The command.
pub fn run(args: &[String]) -> Result<(), String> {
    let strict = args.iter().any(|a| a == "--strict");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: cargo xtask error-codes DIR [--strict]")?;
    let (json, diagnostics) = catalogue_json(Path::new(dir))?;
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
