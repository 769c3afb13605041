//! The error-code catalogue: the table every service's reference has (`错误码.md`: status,
//! code, message, description, handling), found by what its header says, not by the page's
//! name, and read with the same diagnostics as every other table.

use serde::Serialize;

use crate::diag::{Diagnostic, Sink};
use crate::roles::{Column, column, squash};
use crate::table::{Cell, expand_rowspans};

/// One row of an error-code table. Cells the page leaves empty are empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    /// HTTP status, when the table has a status column and the cell holds one.
    pub status: Option<u16>,
    /// The service's error code (`DCS.4919`, `111400002`).
    pub code: String,
    /// The message the service sends with it.
    pub message: String,
    /// What it means.
    pub description: String,
    /// What to do about it.
    pub handling: String,
    /// Where the row is: 1-based line of the page.
    #[serde(skip)]
    pub line: u32,
}

/// The error codes of one page, and what was worth telling about reading them.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Rows of every error-code table of the page, in page order.
    pub codes: Vec<ErrorCode>,
    /// Diagnostics: unreadable rows (errors), odd cells (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Column positions of an error-code table.
#[derive(Debug, Default)]
struct Layout {
    status: Option<usize>,
    code: usize,
    message: Option<usize>,
    description: Option<usize>,
    handling: Option<usize>,
}

/// An error-code table has an error-code column and a message or description column. The
/// documentation tool calls the message 错误信息 and the description 描述 or 错误描述; both
/// are read from the header, in any order.
fn layout(header: &[String]) -> Option<Layout> {
    let mut l = Layout::default();
    let mut code = None;
    for (i, h) in header.iter().enumerate() {
        let squashed = squash(h);
        let describes = ["描述", "说明", "含义", "description"]
            .iter()
            .any(|w| squashed.contains(w));
        match column(h) {
            Column::ErrorCode if code.is_none() => code = Some(i),
            Column::Status => {
                l.status.get_or_insert(i);
            }
            Column::Handling => {
                l.handling.get_or_insert(i);
            }
            Column::Message | Column::Description if describes => {
                l.description.get_or_insert(i);
            }
            Column::Message => {
                l.message.get_or_insert(i);
            }
            _ => {}
        }
    }
    l.code = code?;
    (l.message.is_some() || l.description.is_some()).then_some(l)
}

fn text(cells: &[Cell], at: Option<usize>) -> String {
    at.and_then(|i| cells.get(i))
        .map(|c| crate::markdown::unescape(&c.flat()))
        .unwrap_or_default()
}

/// Reads the error-code tables of one page. `file` names it in diagnostics.
pub fn error_codes(file: &str, bytes: &[u8]) -> Catalogue {
    let mut sink = Sink::new(file);
    let Some(page) = crate::decode(bytes, &mut sink) else {
        return Catalogue {
            codes: Vec::new(),
            diagnostics: sink.items,
        };
    };
    let blocks = crate::markdown::blocks(page);
    let raw = crate::page::walk(&blocks, &mut Sink::new(file));
    let mut read = from_tables(file, &raw.tables);
    sink.items.append(&mut read.diagnostics);
    read.diagnostics = sink.items;
    read
}

/// The error-code tables among a page's tables, as its first pass read them.
pub(crate) fn from_tables(file: &str, tables: &[crate::page::RawTable]) -> Catalogue {
    let mut sink = Sink::new(file);
    let mut codes = Vec::new();
    for t in tables {
        let Some(l) = layout(&t.table.header) else {
            continue;
        };
        let width = t.table.header.len();
        for (i, row) in expand_rowspans(&t.table.rows).iter().enumerate() {
            let at = t.source(Some(i));
            if row.cells.len() != width {
                sink.error(
                    &at,
                    format!(
                        "row has {} cells but the header has {width} columns ({}); the row cannot be read",
                        row.cells.len(),
                        t.table.header.join(", ")
                    ),
                    &format!("{width} cells, one per column"),
                );
                continue;
            }
            let status_text = text(&row.cells, l.status);
            let status = match status_text.trim() {
                "" => None,
                s => match s.parse::<u16>() {
                    Ok(n) if (100..600).contains(&n) => Some(n),
                    _ => {
                        sink.warning(
                            &at,
                            format!("status `{s}` is not an HTTP status; the row has none"),
                        );
                        None
                    }
                },
            };
            let code = text(&row.cells, Some(l.code));
            if code.is_empty() {
                sink.warning(&at, "the row has no error code");
            }
            codes.push(ErrorCode {
                status,
                code,
                message: text(&row.cells, l.message),
                description: text(&row.cells, l.description),
                handling: text(&row.cells, l.handling),
                line: row.line,
            });
        }
    }
    Catalogue {
        codes,
        diagnostics: sink.items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn layouts_by_header() {
        let l = layout(&headers(&[
            "状态码",
            "错误码",
            "错误信息",
            "描述",
            "处理措施",
        ]))
        .unwrap();
        assert_eq!(
            (l.status, l.code, l.message, l.description, l.handling),
            (Some(0), 1, Some(2), Some(3), Some(4))
        );
        let l = layout(&headers(&[
            "模块",
            "状态码",
            "错误码",
            "错误信息",
            "错误描述",
            "解决方案",
        ]))
        .unwrap();
        assert_eq!(
            (l.message, l.description, l.handling),
            (Some(3), Some(4), Some(5))
        );
        assert!(layout(&headers(&["参数", "类型", "说明"])).is_none());
        assert!(layout(&headers(&["状态码", "说明"])).is_none());
    }
}
