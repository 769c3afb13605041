//! Parameter tables: rows, cells, and the structured content of a cell, read from HTML
//! `<table>` blocks ([`html`]) and Markdown pipe tables ([`pipe`]) into the same structures,
//! each row with its page line.

use crate::markdown::TableForm;

mod cell;
mod html;
pub(crate) mod pipe;

/// A table as found on the page.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Header cell texts (from `<th>` cells or the `<thead>` row).
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
    /// Line of the first tag nested deeper than [`MAX_HTML_DEPTH`]; such tags are dropped and
    /// only their text is kept.
    pub too_deep: Option<u32>,
}

/// One data row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// 1-based line of the row's `<tr`.
    pub line: u32,
    pub cells: Vec<Cell>,
}

/// One cell, rendered to lines of text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    /// Block-level lines: paragraphs, and list items prefixed with `- ` (nesting by two spaces).
    pub lines: Vec<Line>,
    /// `href` of every link in the cell, in order.
    pub links: Vec<String>,
    /// The cell's `rowspan` when it is more than 1 (the rows below it then have one cell
    /// fewer). Only readers that need it expand it ([`expand_rowspans`]).
    pub rowspan: Option<u32>,
    /// Every line was written by a table reader, which collapses whitespace as it ends a line
    /// ([`cell::CellWriter`]): [`Cell::flat`] joins the lines as they are.
    pub lines_flat: bool,
}

/// A block-level line of a cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    /// List nesting depth (0 = not in a list item).
    pub list_depth: usize,
}

impl Cell {
    /// All text on one line, whitespace collapsed.
    pub fn flat(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        let mut push = |word: &str| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        };
        for line in &self.lines {
            // A table reader's lines are flat already: copied whole, not word by word.
            if self.lines_flat || is_flat(&line.text) {
                if !line.text.is_empty() {
                    push(&line.text);
                }
            } else {
                line.text.split_whitespace().for_each(&mut push);
            }
        }
        out
    }
}

/// Whether `text` is what [`Cell::flat`] makes of it: no whitespace at either end, and only
/// single spaces between words.
fn is_flat(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

/// Deepest element nesting kept: deeper tags are dropped (their text is kept) and reported.
/// Ending an element searches the open ones, so unbounded nesting would make reading a table
/// quadratic; the documentation tool's tables nest about ten levels (twenty with a table
/// inside a cell).
pub(crate) const MAX_HTML_DEPTH: usize = 128;

/// Reads one table block written in `form`. `start_line` is the line its text begins on.
pub(crate) fn read(text: &str, form: TableForm, start_line: u32) -> Table {
    match form {
        TableForm::Html => html::read(text, start_line),
        TableForm::Pipe => {
            let lines: Vec<&str> = text.split('\n').collect();
            pipe::read(&lines, start_line)
        }
    }
}

/// Reads one `<table>` block. `start_line` is the line its text begins on.
#[cfg(test)]
pub(crate) fn parse(html: &str, start_line: u32) -> Table {
    html::read(html, start_line)
}

/// Largest `rowspan` kept.
pub(crate) const MAX_ROWSPAN: u32 = 10_000;

/// Rows with every `rowspan` cell copied into the rows it spans, so each row has a cell per
/// column again. A span that runs past the last row ends there.
pub(crate) fn expand_rowspans(rows: &[Row]) -> Vec<Row> {
    // (column, rows still to fill, the cell).
    let mut carry: Vec<(usize, u32, Cell)> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells = Vec::with_capacity(row.cells.len() + carry.len());
        let mut own = row.cells.iter();
        let mut col = 0;
        loop {
            if let Some(k) = carry.iter().position(|(c, left, _)| *c == col && *left > 0) {
                cells.push(carry[k].2.clone());
                carry[k].1 -= 1;
                col += 1;
                continue;
            }
            let Some(cell) = own.next() else { break };
            if let Some(n) = cell.rowspan {
                carry.retain(|(c, _, _)| *c != col);
                carry.push((col, n - 1, cell.clone()));
            }
            cells.push(cell.clone());
            col += 1;
        }
        carry.retain(|(_, left, _)| *left > 0);
        out.push(Row {
            line: row.line,
            cells,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_line_is_copied_and_any_other_collapsed() {
        let cell = |texts: &[&str]| Cell {
            lines: texts
                .iter()
                .map(|t| Line {
                    text: (*t).to_owned(),
                    list_depth: 0,
                })
                .collect(),
            ..Cell::default()
        };
        for (texts, flat) in [
            (&["a b"][..], "a b"),
            (&[""], ""),
            (&["参数 说明"], "参数 说明"),
            (&[" a"], "a"),
            (&["a "], "a"),
            (&["a  b"], "a b"),
            (&["a\tb"], "a b"),
            (&["a\u{a0}b\u{3000}c"], "a b c"),
            (&[" "], ""),
            (&["a", "b c"], "a b c"),
            (&[], ""),
        ] {
            assert_eq!(cell(texts).flat(), flat, "{texts:?}");
        }
    }

    #[test]
    fn rowspans_are_expanded_only_on_request() {
        let html = "<table><tr><th>m</th><th>c</th><th>d</th></tr>\n<tr><td rowspan=\"2\">x</td><td>1</td><td>a</td></tr>\n<tr><td>2</td><td>b</td></tr>\n<tr><td>y</td><td>3</td><td>c</td></tr></table>";
        let t = parse(html, 1);
        assert_eq!(t.rows[1].cells.len(), 2, "parse keeps the rows as written");
        let rows = expand_rowspans(&t.rows);
        let flat: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::flat).collect())
            .collect();
        assert_eq!(flat, [["x", "1", "a"], ["x", "2", "b"], ["y", "3", "c"]]);
        // A span longer than the table ends with it; absurd spans are bounded.
        let t = parse(
            "<table><tr><td rowspan=99999999>x</td><td>1</td></tr></table>",
            1,
        );
        assert_eq!(t.rows[0].cells[0].rowspan, Some(MAX_ROWSPAN));
        assert_eq!(expand_rowspans(&t.rows).len(), 1);
    }

    #[test]
    fn rows_cells_lines_and_lists() {
        let html = "<table><thead><tr><th><p>参数</p></th><th><p>描述</p></th></tr></thead>\n<tbody><tr><td><p>status</p></td>\n<td><p>状态</p>\n<p>枚举值：</p>\n<ul><li><p><strong>a</strong></p>\n</li><li><p><strong>b</strong></p></li></ul></td></tr>\n<tr><td>x</td><td><a href=\"#response_X\">X</a> &lt;y&gt;</td></tr></tbody></table>";
        let t = parse(html, 10);
        assert_eq!(t.header, vec!["参数", "描述"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 11);
        assert_eq!(t.rows[1].line, 16);
        let lines: Vec<_> = t.rows[0].cells[1]
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.list_depth))
            .collect();
        assert_eq!(
            lines,
            vec![("状态", 0), ("枚举值：", 0), ("a", 1), ("b", 1)]
        );
        assert_eq!(t.rows[1].cells[1].links, vec!["#response_X"]);
        assert_eq!(t.rows[1].cells[1].flat(), "X <y>");
    }

    #[test]
    fn nested_tables_do_not_add_rows() {
        let html = "<table><tr><th>参数</th></tr><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>";
        let t = parse(html, 1);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells[0].flat(), "inner");
    }

    #[test]
    fn implied_end_tags_attributes_and_formatting() {
        // `<ul>` closes the open `p` and `<li>` the open `li`, as in HTML; other attributes
        // and formatting tags change nothing; a quote in an `href` is kept.
        let html = "<table class=\"x\"><tr id=r>\n<td><p>a<strong>b</strong><a href='#x\"y' name=n>c</a>\n<ul><li>d<li>e</ul><span>f</td></tr></table>";
        let t = parse(html, 7);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 7);
        let cell = &t.rows[0].cells[0];
        let lines: Vec<_> = cell
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.list_depth))
            .collect();
        assert_eq!(lines, [("abc", 0), ("d", 1), ("e", 1), ("f", 0)]);
        assert_eq!(cell.links, ["#x\"y"]);
        assert_eq!(t.too_deep, None);
    }

    #[test]
    fn comments_are_dropped_and_stray_end_tags_read_as_html_reads_them() {
        let t = parse(
            "<table><!-- <tr> --><tr><td>1 < 2 </b></x> </br>3</p>4</td></tr></table>",
            1,
        );
        assert_eq!(t.rows.len(), 1);
        let texts: Vec<_> = t.rows[0].cells[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts, ["1 < 2", "3", "4"]);
    }

    #[test]
    fn dropped_markup_does_not_join_text_into_markup() {
        // As the HTML parser reads them: `<` + text, and an unfinished `&am` + `p;`.
        let t = parse(
            "<table><tr><td><</strong>/td> &am<b>p; &amp<!-- -->;</td></tr></table>",
            1,
        );
        assert_eq!(t.rows[0].cells[0].flat(), "</td> &amp; &;");
    }

    #[test]
    fn depth_is_bounded_and_text_kept() {
        let depth = MAX_HTML_DEPTH + 10;
        let html = format!(
            "<table><tr><td>{}x{}</td></tr></table>",
            "<div>\n".repeat(depth),
            "</div>".repeat(depth)
        );
        let t = parse(&html, 1);
        // The table, row and cell are three of the open elements.
        assert_eq!(t.too_deep, Some(MAX_HTML_DEPTH as u32 - 3 + 1));
        assert_eq!(t.rows.len(), 1, "the dropped end tags do not close the row");
        assert_eq!(t.rows[0].cells[0].flat(), "x");
    }

    #[test]
    fn rows_of_an_implied_tbody_and_unquoted_attributes() {
        let html =
            "<table><tr><th>参数</th></tr>\n<tr><td><a href=#response_X>X</a></td></tr></table>";
        let t = parse(html, 3);
        assert_eq!(t.header, vec!["参数"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.rows[0].cells[0].links, vec!["#response_X"]);
    }
}
