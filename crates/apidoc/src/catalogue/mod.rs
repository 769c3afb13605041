//! The error-code catalogue: the table every service's reference has (`错误码.md`: status,
//! code, message, description, handling), found on any page by what its header means and what
//! its cells hold (a column of `SVC.1234` codes is the code column under any header), and read
//! with the same diagnostics as every other table.

mod layout;
mod shape;
mod spans;

use serde::Serialize;

use crate::diag::{Diagnostic, Sink};
use crate::table::{Cell, Row, expand_rowspans};
use layout::{Layout, layout};

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
        read_table(t, &mut sink, &mut codes);
    }
    Catalogue {
        codes,
        diagnostics: sink.items,
    }
}

/// The header and data rows of a table: a table without a header row whose first row holds
/// no code has its first row as the header (the documentation tool sometimes writes the
/// header with `<td>` cells). The number is how many rows were taken for the header.
fn header_and_rows(t: &crate::page::RawTable) -> (Vec<String>, &[Row], usize) {
    let rows = &t.table.rows;
    if !t.table.header.is_empty() {
        return (t.table.header.clone(), rows, 0);
    }
    match rows.split_first() {
        Some((first, rest)) if !first.cells.iter().any(|c| shape::is_code(&c.flat())) => {
            (first.cells.iter().map(Cell::flat).collect(), rest, 1)
        }
        _ => {
            let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
            (vec![String::new(); width], rows, 0)
        }
    }
}

fn read_table(t: &crate::page::RawTable, sink: &mut Sink, codes: &mut Vec<ErrorCode>) {
    let (header, rows, offset) = header_and_rows(t);
    let rows = expand_rowspans(rows);
    let flat: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| text(std::slice::from_ref(c), Some(0)))
                .collect()
        })
        .collect();
    let Some(l) = layout(&header, &flat) else {
        return;
    };
    let width = header.len();
    let mut above: Option<Vec<Cell>> = None;
    for (i, row) in rows.iter().enumerate() {
        let at = t.source(Some(i + offset));
        let cells = if row.cells.len() == width {
            row.cells.clone()
        } else if let Some(cells) =
            spans::inherit_leading(&l, width, &row.cells, above.as_deref(), |c| {
                text(std::slice::from_ref(c), Some(0))
            })
        {
            cells
        } else {
            sink.error(
                &at,
                format!(
                    "row has {} cells but the header has {width} columns ({}); the row cannot be read",
                    row.cells.len(),
                    header.join(", ")
                ),
                &format!("{width} cells, one per column"),
            );
            continue;
        };
        codes.push(read_row(&l, &cells, row.line, &at, sink));
        above = Some(cells);
    }
}

fn read_row(
    l: &Layout,
    cells: &[Cell],
    line: u32,
    at: &crate::ir::Source,
    sink: &mut Sink,
) -> ErrorCode {
    let status_text = text(cells, l.status);
    let status = match status_text.trim() {
        "" => None,
        s => match s.parse::<u16>() {
            Ok(n) if (100..600).contains(&n) => Some(n),
            _ => {
                sink.warning(
                    at,
                    format!("status `{s}` is not an HTTP status; the row has none"),
                );
                None
            }
        },
    };
    let code = text(cells, Some(l.code));
    if code.is_empty() {
        sink.warning(at, "the row has no error code");
    }
    ErrorCode {
        status,
        code,
        message: text(cells, l.message),
        description: text(cells, l.description),
        handling: text(cells, l.handling),
        line,
    }
}
