//! The tables of a page as the first pass reads them, row by row, for audits that need no
//! other truth than the page: `xtask coverage` checks that every row of a field table reaches
//! the operation's model. Only reading, no resolving: what a table is for comes from its
//! header and section, as the resolver sees them.

use crate::diag::Sink;

/// One table of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTable {
    /// How diagnostics name the table: its caption (`表 4 RecordsResponse`), else its anchor,
    /// else `table at line N`.
    pub label: String,
    /// The caption's number (`表 3` → `3`), if any.
    pub number: Option<String>,
    /// The table's first line.
    pub line: u32,
    /// The role of the section it sits in (`Uri`, `Request`, `Response`, `Other`, ...).
    pub section: String,
    /// The status code the table is under, if any.
    pub status: Option<u16>,
    /// True when the header makes it a table of parameters or fields: a name column and a
    /// type or required column.
    pub fields: bool,
    /// True when the header has an error-code column.
    pub error_codes: bool,
    /// Its data rows.
    pub rows: Vec<TableRow>,
}

/// One data row of a [`PageTable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row's line.
    pub line: u32,
    /// 1-based data row (header rows not counted), as in [`crate::ir::Source::row`].
    pub row: u32,
    /// The text of the name column (escapes undone), else of the first cell.
    pub name: String,
    /// Cells in the row (fewer than the header's when a cell above spans down).
    pub cells: usize,
    /// Every cell's text, escapes undone, separated by ` | `.
    pub text: String,
}

/// The tables of one page, in page order; none when the page cannot be read.
pub fn page_tables(file: &str, bytes: &[u8]) -> Vec<PageTable> {
    let mut sink = Sink::new(file);
    let Some(text) = crate::decode(bytes, &mut sink) else {
        return Vec::new();
    };
    let blocks = crate::markdown::blocks(text);
    let raw = crate::page::walk(&blocks, &mut sink);
    raw.tables
        .iter()
        .map(|t| {
            let name_col = t.columns.name.unwrap_or(0);
            PageTable {
                label: t.label.clone(),
                number: t.number.clone(),
                line: t.line,
                section: format!("{:?}", t.section),
                status: t.status,
                fields: t.columns.is_fields(),
                error_codes: t.columns.error_code.is_some(),
                rows: t
                    .table
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| TableRow {
                        line: r.line,
                        row: i as u32 + 1,
                        name: r
                            .cells
                            .get(name_col)
                            .map(|c| crate::markdown::unescape(&c.flat()).trim().to_owned())
                            .unwrap_or_default(),
                        cells: r.cells.len(),
                        text: r
                            .cells
                            .iter()
                            .map(|c| crate::markdown::unescape(&c.flat()))
                            .collect::<Vec<_>>()
                            .join(" | "),
                    })
                    .collect(),
            }
        })
        .collect()
}
