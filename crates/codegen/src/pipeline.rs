//! Every stage at once, for one page or a folder, as the fuzz targets and property tests
//! drive it: parse, then, for the clean operation pages, model them, generate the modules and
//! the client, and export OpenAPI. In debug builds the printer checks every file against the
//! tokens it was printed from; a caller's [`Check`] (the tests parse each file with `syn`)
//! sees every file too.

use crate::{Files, GenError, Generator, Page, ServiceModel};

/// A caller's check of the generated files (path, text): `Err` is a generator bug.
pub type Check<'a> = &'a dyn Fn(&str, &str) -> Result<(), String>;

/// Runs `check` over `files`.
fn checked(files: &Files, check: Check<'_>) -> Result<(), GenError> {
    for (path, text) in files {
        check(path, text).map_err(|e| GenError(format!("generated {path}: {e}")))?;
    }
    Ok(())
}

/// What happened to one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not an operation page; skipped with a note.
    Skipped,
    /// The parser reported errors; nothing generated.
    Rejected,
    /// Code was generated and every file passed the checks.
    Generated,
}

/// Runs `bytes` through everything. `Err` means a generator bug. Panics are bugs too, and are
/// what fuzzing looks for.
pub fn run_page(bytes: &[u8]) -> Result<Outcome, GenError> {
    run_page_checked(bytes, &|_, _| Ok(()))
}

/// [`run_page`], every generated file also given to `check`.
pub fn run_page_checked(bytes: &[u8], check: Check<'_>) -> Result<Outcome, GenError> {
    let page = apidoc::parse_page("fuzz.md", bytes);
    if page.has_errors() {
        return Ok(Outcome::Rejected);
    }
    let Some(op) = page.operation else {
        return Ok(Outcome::Skipped);
    };
    let pages = [Page {
        file: "fuzz.md".into(),
        op,
    }];
    let model = ServiceModel::build("fuzz", &pages, Vec::new());
    checked(&Generator::new("fuzz").rust_files(&model)?.files, check)?;
    let doc = crate::openapi::openapi(&model, "fuzz");
    if !doc.is_object() {
        return Err(GenError("the OpenAPI export is not a JSON object".into()));
    }
    Ok(Outcome::Generated)
}

/// What happened to a folder of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FolderOutcome {
    /// Pages read as operations.
    pub operations: usize,
    /// Pages with errors, left out.
    pub rejected: usize,
}

/// Runs a folder of pages (names and bytes) through everything, as `cargo xtask gen` does:
/// read together (links between the pages, ids unique in the folder), pages with errors left
/// out, the rest generated and exported. `Err` means a generator bug.
pub fn run_folder(pages: &[(String, Vec<u8>)]) -> Result<FolderOutcome, GenError> {
    run_folder_checked(pages, &|_, _| Ok(()))
}

/// [`run_folder`], every generated file also given to `check`.
pub fn run_folder_checked(
    pages: &[(String, Vec<u8>)],
    check: Check<'_>,
) -> Result<FolderOutcome, GenError> {
    let parsed = apidoc::parse_folder(pages, &apidoc::FolderOptions::default());
    let rejected = parsed.iter().filter(|p| p.has_errors()).count();
    let ops: Vec<Page> = parsed
        .iter()
        .filter(|p| !p.has_errors())
        .filter_map(|p| {
            p.operation.clone().map(|op| Page {
                file: p.file.clone(),
                op,
            })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for p in &ops {
        if !ids.insert(p.op.id.clone()) {
            return Err(GenError(format!(
                "operation id `{}` is given to two pages of one folder",
                p.op.id
            )));
        }
    }
    if !ops.is_empty() {
        let model = ServiceModel::build("fuzz", &ops, Vec::new());
        checked(&Generator::new("fuzz").rust_files(&model)?.files, check)?;
        let doc = crate::openapi::openapi(&model, "fuzz");
        if !doc.is_object() {
            return Err(GenError("the OpenAPI export is not a JSON object".into()));
        }
    }
    Ok(FolderOutcome {
        operations: ops.len(),
        rejected,
    })
}
