//! Turns the content of one cell (text, and the elements it is entered and left through) into
//! block-level [`Line`]s and links. Both table readers drive it: the HTML reader with the
//! tokens of the cell, the pipe reader with a Markdown cell's text and links.

use super::{Cell, Line};

/// What leaving an element does to the lines being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Leave {
    Nothing,
    /// Ends the current line (paragraphs, list items, blocks).
    Flush,
    /// Ends the current line and one level of list nesting.
    List,
    /// A cell of a table nested in the cell: keeps its text apart from the next cell's.
    Space,
}

/// Builds one [`Cell`].
#[derive(Debug, Default)]
pub(super) struct CellWriter {
    cell: Cell,
    buf: String,
    list_depth: usize,
    /// List depth of the line being built (set when an `<li>` starts).
    pending_depth: usize,
}

impl CellWriter {
    /// Text as written in the cell (whitespace is collapsed when the line ends).
    pub fn text(&mut self, t: &str) {
        self.buf.push_str(t);
    }

    /// A link to `href`, in document order.
    pub fn link(&mut self, href: &str) {
        self.cell.links.push(href.to_owned());
    }

    /// Ends the current line, if it holds any text.
    pub fn flush(&mut self) {
        let mut text = String::new();
        for word in self.buf.split_whitespace() {
            if text.is_empty() {
                text.reserve(self.buf.len());
            } else {
                text.push(' ');
            }
            text.push_str(word);
        }
        if !text.is_empty() {
            self.cell.lines.push(Line {
                text,
                list_depth: self.pending_depth,
            });
        }
        self.buf.clear();
        self.pending_depth = self.list_depth;
    }

    /// Enters the element `name` (lower case); returns what leaving it will do.
    pub fn enter(&mut self, name: &str) -> Leave {
        match name {
            "br" => {
                self.flush();
                Leave::Nothing
            }
            "ul" | "ol" => {
                self.flush();
                self.list_depth += 1;
                Leave::List
            }
            "li" => {
                self.flush();
                self.pending_depth = self.list_depth;
                Leave::Flush
            }
            "p" | "div" | "pre" | "table" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "dl" | "dt" | "dd" => {
                // A paragraph inside a list item continues that item's line depth.
                let keep = self.pending_depth;
                self.flush();
                self.pending_depth = keep.max(self.pending_depth);
                Leave::Flush
            }
            "td" | "th" => {
                self.buf.push(' ');
                Leave::Space
            }
            _ => Leave::Nothing,
        }
    }

    /// Leaves an element entered with [`CellWriter::enter`].
    pub fn leave(&mut self, leave: Leave) {
        match leave {
            Leave::Nothing => {}
            Leave::Flush => self.flush(),
            Leave::List => {
                self.flush();
                self.list_depth = self.list_depth.saturating_sub(1);
                self.pending_depth = self.list_depth;
            }
            Leave::Space => self.buf.push(' '),
        }
    }

    /// The finished cell, spanning `rowspan` rows.
    pub fn finish(mut self, rowspan: Option<u32>) -> Cell {
        self.flush();
        self.cell.rowspan = rowspan;
        self.cell.lines_flat = true;
        self.cell
    }
}
