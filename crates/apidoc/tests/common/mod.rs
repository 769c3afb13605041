//! What the page-writing tests share: building a small page's HTML tables and reading the
//! parsed result. Each test binary uses a part of it.
#![allow(dead_code)]

use apidoc::ir::Operation;
use apidoc::{ParsedPage, Severity};

/// The page's operation, or a panic naming the page and its diagnostics.
pub fn op(page: &ParsedPage) -> &Operation {
    page.operation
        .as_ref()
        .unwrap_or_else(|| panic!("{}: no operation: {:?}", page.file, page.diagnostics))
}

/// An HTML table: `header` and each of `rows` are `|`-separated cells, written as given
/// (a cell may hold markup).
pub fn table(header: &str, rows: &[&str]) -> String {
    html_table(header, rows, |c| c.to_owned())
}

/// As [`table`], with `<` and `>` in cells escaped (type words such as `Map<String,Object>`).
pub fn escaped_table(header: &str, rows: &[&str]) -> String {
    html_table(header, rows, |c| {
        c.replace('<', "&lt;").replace('>', "&gt;")
    })
}

fn html_table(header: &str, rows: &[&str], text: impl Fn(&str) -> String) -> String {
    let cells = |r: &str, tag: &str| {
        r.split('|')
            .map(|c| format!("<{tag}>{}</{tag}>", text(c.trim())))
            .collect::<String>()
    };
    let mut t = format!(
        "<table><thead><tr>{}</tr></thead><tbody>",
        cells(header, "th")
    );
    for r in rows {
        t.push_str(&format!("\n<tr>{}</tr>", cells(r, "td")));
    }
    t.push_str("\n</tbody></table>\n");
    t
}

/// The messages of the page's warnings, in order.
pub fn warnings(page: &ParsedPage) -> Vec<String> {
    page.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.clone())
        .collect()
}
