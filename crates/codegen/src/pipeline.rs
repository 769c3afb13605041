//! Every stage at once, for one page or a folder, as the fuzz targets and property tests
//! drive it: parse, then, for the clean operation pages, model them, generate the modules and
//! the client (every file is parsed by `syn` on the way), and export OpenAPI.

use crate::{GenError, Generator, Page, ServiceModel};

/// What happened to one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not an operation page; skipped with a note.
    Skipped,
    /// The parser reported errors; nothing generated.
    Rejected,
    /// Code was generated and every file parses.
    Generated,
}

/// Runs `bytes` through everything. `Err` means a generator bug: code that does not parse.
/// Panics are bugs too, and are what fuzzing looks for.
pub fn run_page(bytes: &[u8]) -> Result<Outcome, GenError> {
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
    Generator::new("fuzz").rust_files(&model)?;
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
        Generator::new("fuzz").rust_files(&model)?;
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
