//! Reads Huawei Cloud API reference pages into an IR.
//!
//! A page is Markdown with embedded HTML tables, written by one documentation tool from one
//! template: an H1 whose anchor is the operation id, `## URI` with the request line and the
//! path/query tables, `## 请求参数`, `## 响应参数` per status code, examples and the status-code
//! table. [`parse_page`] turns such a page into an [`ir::Operation`] and a list of
//! [`Diagnostic`]s; it never panics on input and never drops what it does not understand
//! without saying so.

mod describe;
pub mod diag;
pub mod ir;
mod markdown;
mod page;
mod resolve;
mod table;
mod types;

pub use diag::{Diagnostic, Severity};

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

/// An operation id as the documentation tool writes it: `ListBigkeyScanTasks`.
pub(crate) fn is_operation_id(a: &str) -> bool {
    a.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads one page. `file` names it in diagnostics.
pub fn parse_page(file: &str, bytes: &[u8]) -> ParsedPage {
    let mut sink = Sink::new(file);
    let operation = parse_into(bytes, &mut sink);
    sink.items.sort_by_key(|d| d.line);
    ParsedPage {
        file: file.to_owned(),
        operation,
        diagnostics: sink.items,
    }
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

fn parse_into(bytes: &[u8], sink: &mut Sink) -> Option<ir::Operation> {
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
    let blocks = markdown::blocks(text);
    let raw = page::walk(&blocks, sink);
    let (title, anchor, h1_line) = match &raw.h1 {
        Some(h) => h.clone(),
        None => (String::new(), None, 1),
    };
    let op_id = anchor.as_deref().filter(|a| is_operation_id(a));
    match (op_id, raw.has_uri_section) {
        (Some(id), true) => resolve::resolve(&raw, id, &title, h1_line, sink),
        (Some(id), false) if raw.has_template_sections => {
            let (line, before) = match raw.first_section_after_uri {
                Some(l) => (l, "before this heading"),
                None => (h1_line, "after the H1"),
            };
            sink.error(
                &line_at(line),
                format!("operation page `{id}` has no `## URI` section"),
                &format!(
                    "a `## URI` section {before}, with the request line such as `GET /v2/{{project_id}}/instances`"
                ),
            );
            None
        }
        (None, _) if raw.has_new_style_sections => {
            let example = raw.explorer_api.as_deref();
            let id_hint = match example {
                Some(id) => format!("`{id}`, the operation the API Explorer link names"),
                None => "the operation id, e.g. `ListInstances`".to_owned(),
            };
            let id = example.unwrap_or("OperationId");
            let (message, expected) = match (&raw.h1, anchor.as_deref()) {
                (None, _) => (
                    "the page follows the operation template but has no H1 heading".to_owned(),
                    format!("a first line `# Title<a name=\"{id}\"></a>`: the anchor is {id_hint}"),
                ),
                (Some(_), None) => (
                    format!(
                        "the H1 `{title}` has no operation anchor, but the page follows the operation template"
                    ),
                    format!("`# {title}<a name=\"{id}\"></a>`: the anchor is {id_hint}"),
                ),
                (Some(_), Some(a)) => (
                    format!(
                        "the H1 anchor `{a}` is not an operation id, but the page follows the operation template"
                    ),
                    format!(
                        "an anchor of ASCII letters, digits and `_` starting with an upper-case letter: {id_hint}"
                    ),
                ),
            };
            sink.error(&line_at(h1_line), message, &expected);
            None
        }
        (Some(_), false) => {
            sink.push(
                Severity::Note,
                &line_at(h1_line),
                "not an operation page (no `## URI` or other operation template section); skipped",
                None,
            );
            None
        }
        (None, _) => {
            sink.push(
                Severity::Note,
                &line_at(h1_line),
                "not an operation page (no H1 operation anchor); skipped",
                None,
            );
            None
        }
    }
}
