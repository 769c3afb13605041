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

fn is_operation_id(a: &str) -> bool {
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

fn parse_into(bytes: &[u8], sink: &mut Sink) -> Option<ir::Operation> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            sink.error(
                &line_at(line),
                format!("the page is not valid UTF-8 (byte {})", e.valid_up_to()),
                "UTF-8 text",
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        sink.error(
            &line_at(1),
            "the page is empty",
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
    let op_id = anchor.filter(|a| is_operation_id(a));
    match (op_id, raw.has_uri_section) {
        (Some(id), true) => resolve::resolve(&raw, &id, &title, h1_line, sink),
        (Some(_), false) if raw.has_new_style_sections => {
            sink.error(
                &line_at(h1_line),
                "operation page has no `## URI` section",
                "a `## URI` section with the request line",
            );
            None
        }
        (None, true) if raw.has_new_style_sections => {
            sink.error(
                &line_at(h1_line),
                "the page has a `## URI` section but its H1 has no operation anchor",
                "`# Title<a name=\"OperationId\"></a>`",
            );
            None
        }
        (Some(_), false) | (None, _) => {
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
