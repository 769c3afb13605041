//! HTML parameter tables: rows, cells, and the structured content of a cell.

use scraper::{ElementRef, Html, Node};

/// A table as found on the page.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Header cell texts (from `<th>` cells or the `<thead>` row).
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
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
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Past this depth, cell content is flattened to text instead of walked block by block, so a
/// crafted page cannot drive the walk into a stack overflow.
const MAX_WALK_DEPTH: usize = 48;

/// Parses one `<table>` block. `start_line` is the line its text begins on.
pub(crate) fn parse(html: &str, start_line: u32) -> Table {
    let doc = Html::parse_fragment(html);
    let tr_lines = tr_line_offsets(html);
    let top = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "table");
    let mut table = Table {
        header: Vec::new(),
        rows: Vec::new(),
    };
    let Some(top) = top else { return table };
    let mut tr_index = 0usize;
    for node in top.descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if el.value().name() != "tr" {
            continue;
        }
        let idx = tr_index;
        tr_index += 1;
        if nearest_table(el).map(|t| t.id()) != Some(top.id()) {
            continue;
        }
        let line = start_line + tr_lines.get(idx).copied().unwrap_or(0);
        let cells: Vec<ElementRef> = el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        let in_thead = el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take_while(|a| a.id() != top.id())
            .any(|a| a.value().name() == "thead");
        let all_th = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
        if (in_thead || all_th) && table.header.is_empty() && table.rows.is_empty() {
            table.header = cells.iter().map(|c| render(*c).flat()).collect();
            continue;
        }
        table.rows.push(Row {
            line,
            cells: cells.into_iter().map(render).collect(),
        });
    }
    table
}

fn nearest_table(el: ElementRef) -> Option<ElementRef> {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
}

/// Line offset (0-based) of each `<tr` in document order, matching scraper's order of `tr`s.
fn tr_line_offsets(html: &str) -> Vec<u32> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut line = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'<' if lower[i..].starts_with("<tr")
                && matches!(
                    bytes.get(i + 3),
                    Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
                ) =>
            {
                out.push(line)
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Renders a cell into block lines.
pub(crate) fn render(cell: ElementRef) -> Cell {
    let mut w = Walker {
        cell: Cell::default(),
        buf: String::new(),
        list_depth: 0,
        pending_depth: 0,
    };
    w.walk(cell, 0);
    w.flush();
    w.cell
}

struct Walker {
    cell: Cell,
    buf: String,
    list_depth: usize,
    /// List depth of the line being built (set when an `<li>` starts).
    pending_depth: usize,
}

impl Walker {
    fn flush(&mut self) {
        let text = self.buf.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.cell.lines.push(Line {
                text,
                list_depth: self.pending_depth,
            });
        }
        self.buf.clear();
        self.pending_depth = self.list_depth;
    }

    fn walk(&mut self, el: ElementRef, depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    self.buf.push_str(t);
                }
                Node::Element(e) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if name == "a" {
                        if let Some(h) = e.attr("href") {
                            self.cell.links.push(h.to_owned());
                        }
                    }
                    if depth >= MAX_WALK_DEPTH {
                        self.buf.push(' ');
                        for t in child_el.text() {
                            self.buf.push_str(t);
                        }
                        continue;
                    }
                    match name {
                        "br" => self.flush(),
                        "ul" | "ol" => {
                            self.flush();
                            self.list_depth += 1;
                            self.walk(child_el, depth + 1);
                            self.flush();
                            self.list_depth -= 1;
                            self.pending_depth = self.list_depth;
                        }
                        "li" => {
                            self.flush();
                            self.pending_depth = self.list_depth;
                            self.walk(child_el, depth + 1);
                            self.flush();
                        }
                        "p" | "div" | "pre" | "table" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5"
                        | "h6" | "dl" | "dt" | "dd" => {
                            // A paragraph inside a list item continues that item's line depth.
                            let keep = self.pending_depth;
                            self.flush();
                            self.pending_depth = keep.max(self.pending_depth);
                            self.walk(child_el, depth + 1);
                            self.flush();
                        }
                        "td" | "th" => {
                            self.buf.push(' ');
                            self.walk(child_el, depth + 1);
                            self.buf.push(' ');
                        }
                        _ => self.walk(child_el, depth + 1),
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
