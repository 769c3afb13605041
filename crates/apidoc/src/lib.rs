//! Reads Huawei Cloud API reference pages into an IR.
//!
//! The documentation tool has written its pages in more than one template over the years:
//! the API-Explorer template (an H1 whose anchor is the operation id, `## URI`, `## 请求参数`,
//! `## 响应参数` per status code) and the older classic ones (document-id anchors, `请求消息` /
//! `响应消息`, `返回值`, request lines with the query written in, tables on shared pages). One
//! first pass reads any page as sections, tables, request lines and links; roles are
//! recognised by what headings and headers say ([`roles`](crate::roles)); one resolver turns
//! them into an [`ir::Operation`]. [`parse_folder`] reads a folder at once, so that links
//! between pages resolve and operation ids are unique; [`parse_page`] reads one page alone.
//! Neither panics on input or drops what it does not understand without a [`Diagnostic`].

mod catalogue;
mod describe;
pub mod diag;
mod folder;
mod inline;
pub mod inventory;
pub mod ir;
mod lenient_json;
mod markdown;
mod opid;
mod page;
mod request_line;
mod resolve;
mod roles;
mod table;
mod types;
pub mod work;

pub use catalogue::{Catalogue, ErrorCode, error_codes};
pub use diag::{Diagnostic, Severity};
pub use folder::{FolderOptions, OVERRIDES_FILE, parse_folder, parse_folder_with_catalogue};

use diag::Sink;
use ir::Source;

/// The result of reading one page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ParsedPage {
    /// The page name, as the caller gave it.
    pub file: String,
    /// The operation, when the page is an operation page that could be read.
    pub operation: Option<ir::Operation>,
    /// Everything worth telling, in page order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedPage {
    /// True when a diagnostic is an error: such a page must not be generated.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// True when the page was recognised as not being an operation page (and skipped).
    pub fn is_skipped(&self) -> bool {
        self.operation.is_none() && !self.has_errors()
    }
}

/// An operation id as the documentation tool writes it: `ListBigkeyScanTasks`. Document ids
/// of classic pages (`ecs_02_0206`, `EVS_API_001`) are not: they start lower case or shout.
pub(crate) fn is_operation_id(a: &str) -> bool {
    a.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && a.chars().any(|c| c.is_ascii_lowercase())
}

/// Reads one page on its own. `file` names it in diagnostics. Links to other pages cannot
/// resolve; use [`parse_folder`] for a folder.
pub fn parse_page(file: &str, bytes: &[u8]) -> ParsedPage {
    let pages = [(file.to_owned(), bytes.to_vec())];
    folder::parse_folder(&pages, &FolderOptions::default())
        .into_iter()
        .next()
        .unwrap_or(ParsedPage {
            file: file.to_owned(),
            operation: None,
            diagnostics: Vec::new(),
        })
}

fn line_at(line: u32) -> Source {
    Source {
        line,
        ..Source::default()
    }
}

/// Largest page read. Real pages are well under a megabyte; parsing is linear, but a page this
/// large is not documentation (a binary or a concatenation) and would only cost memory.
pub const MAX_PAGE_BYTES: usize = 32 << 20;

/// Describes the first invalid byte of a page that is not UTF-8.
fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> (u32, String) {
    let at = e.valid_up_to();
    let good = &bytes[..at];
    let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    // Characters before the bad byte on its line; the prefix is valid UTF-8 by construction.
    let column = std::str::from_utf8(&good[line_start..]).map_or(0, |s| s.chars().count()) + 1;
    let byte = bytes.get(at).copied().unwrap_or(0);
    let hint = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        "; the page looks like UTF-16"
    } else {
        ""
    };
    (
        line,
        format!(
            "the page is not valid UTF-8: byte 0x{byte:02X} at line {line}, column {column} (byte offset {at}){hint}"
        ),
    )
}

/// The page's text, after the checks every page gets (size, UTF-8, not empty); `None`, with
/// an error, when it cannot be read.
pub(crate) fn decode<'b>(bytes: &'b [u8], sink: &mut Sink) -> Option<&'b str> {
    if bytes.len() > MAX_PAGE_BYTES {
        sink.error(
            &line_at(1),
            format!(
                "the page is {} bytes, more than the {} bytes a page may have; it was not read",
                bytes.len(),
                MAX_PAGE_BYTES
            ),
            "one operation per page, a few hundred kilobytes at most",
        );
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, msg) = not_utf8(bytes, e);
            sink.error(&line_at(line), msg, "UTF-8 text: re-save the page as UTF-8");
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        let what = if text.is_empty() {
            "the page is empty"
        } else {
            "the page has only whitespace"
        };
        sink.error(
            &line_at(1),
            what,
            "an operation page starting with `# Title<a name=\"OperationId\"></a>`",
        );
        return None;
    }
    Some(text)
}
