//! The whole page-to-code pipeline for one page, as the fuzz targets and property tests drive
//! it: parse, then, when the page is a clean operation page, generate the module and client,
//! check that `syn` parses every file, and export OpenAPI.

use crate::{GenError, Page};

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
    crate::generate_service("fuzz", &pages)?;
    let doc = crate::openapi::openapi(&pages, "fuzz");
    if !doc.is_object() {
        return Err(GenError("the OpenAPI export is not a JSON object".into()));
    }
    Ok(Outcome::Generated)
}
