//! Reads an HTML `<table>` block into rows and cells in one pass over html5ever's tokens.
//!
//! The tokenizer does the HTML reading (tags, attributes, character references, comments,
//! raw text); this module keeps the little of HTML's tree building that decides which row and
//! cell a piece of text lands in:
//!
//! - a stack of open elements, with the end tags HTML implies (an open `li` at the next
//!   `<li>`, an open `p` at a block, an open cell at the next cell or row) and stray end tags
//!   dropped, so that a closing tag closes what HTML would close;
//! - the rows of the first table and their cells; a table nested in a cell is part of that
//!   cell's content; what HTML would move out of the table (text and elements outside any
//!   cell) is left out;
//! - implied rows (a `<td>` with no `<tr>`) and cells closed by a row or section tag;
//! - nesting bounded by [`MAX_HTML_DEPTH`]: deeper tags are dropped, their text kept, and the
//!   line of the first one reported.
//!
//! Every tag's page line is known (the line its `<` is on), so rows carry their own lines.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{LocalName, TokenizerResult, local_name};

use super::cell::{CellWriter, Leave};
use super::{Cell, MAX_HTML_DEPTH, MAX_ROWSPAN, Row, Table};

/// Reads the first `<table>` of `src`, whose first line is page line `start_line`.
pub(crate) fn read(src: &str, start_line: u32) -> Table {
    let opts = TokenizerOpts {
        discard_bom: false,
        ..TokenizerOpts::default()
    };
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Reader::new(start_line))), opts);
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(src));
    // The sink never asks the tokenizer to stop for a script, so one feed reads everything.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.0.into_inner().finish()
}

/// Reads the content of one cell written in pieces: HTML the author wrote (`<br>`, `&lt;`),
/// and text and links that are already read (a Markdown cell's escapes and links). One
/// tokenizer serves the whole cell, so an element opened in one piece of HTML holds the text
/// of the pieces after it.
pub(crate) struct InlineCell {
    tokenizer: Tokenizer<Sink>,
    input: BufferQueue,
}

impl InlineCell {
    /// A cell on page line `line`.
    pub fn new(line: u32) -> Self {
        let mut reader = Reader::new(line);
        reader.stack.push(Open {
            name: local_name!("td"),
            leave: Leave::Nothing,
        });
        reader.phase = Phase::In(0);
        reader.row = Some(reader.new_row(None, line));
        reader.cell = Some(CellBuild {
            at: 0,
            writer: CellWriter::default(),
            rowspan: None,
            th: false,
        });
        InlineCell {
            tokenizer: Tokenizer::new(Sink(RefCell::new(reader)), TokenizerOpts::default()),
            input: BufferQueue::default(),
        }
    }

    /// HTML as written.
    pub fn html(&mut self, html: &str) {
        self.input.push_back(StrTendril::from_slice(html));
        while !matches!(self.tokenizer.feed(&self.input), TokenizerResult::Done) {}
    }

    /// Text, taken as it is.
    pub fn text(&mut self, text: &str) {
        if let Some(c) = &mut self.tokenizer.sink.0.borrow_mut().cell {
            c.writer.text(text);
        }
    }

    /// A link to `href`.
    pub fn link(&mut self, href: &str) {
        if let Some(c) = &mut self.tokenizer.sink.0.borrow_mut().cell {
            c.writer.link(href);
        }
    }

    /// The cell, and the line of the first tag nested too deep, if any.
    pub fn finish(self) -> (Cell, Option<u32>) {
        self.tokenizer.end();
        let mut reader = self.tokenizer.sink.0.into_inner();
        reader.pop_to(0);
        let too_deep = reader.table.too_deep;
        let cell = reader
            .table
            .rows
            .pop()
            .and_then(|mut r| r.cells.pop())
            .unwrap_or_default();
        (cell, too_deep)
    }
}

/// The tokenizer's sink: the tokenizer hands tokens over a shared reference.
struct Sink(RefCell<Reader>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().token(token, line)
    }
}

/// Elements the walker treats as plain text containers; HTML re-opens them after they are
/// closed implicitly ("active formatting elements"), so they are not put on the stack at all:
/// neither their nesting nor their stray end tags can then change which row text lands in.
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements that never have content or an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// How the tokenizer reads the content of elements whose content is text up to their end tag
/// (as HTML's tree building tells it to).
fn raw_kind(name: &str) -> Option<TokenSinkResult<()>> {
    let kind = match name {
        "script" => RawKind::ScriptData,
        "title" | "textarea" => RawKind::Rcdata,
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => RawKind::Rawtext,
        "plaintext" => return Some(TokenSinkResult::Plaintext),
        _ => return None,
    };
    Some(TokenSinkResult::RawData(kind))
}

/// An open element.
struct Open {
    name: LocalName,
    /// What leaving it does to the cell it is in (nothing outside cells).
    leave: Leave,
}

/// A row being read.
struct RowBuild {
    /// Stack position of its `<tr>`; `None` for a row HTML implies (cells with no `<tr>`).
    at: Option<usize>,
    line: u32,
    in_thead: bool,
    cells: Vec<Cell>,
    all_th: bool,
}

/// A cell being read.
struct CellBuild {
    at: usize,
    writer: CellWriter,
    rowspan: Option<u32>,
    th: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the first `<table>`.
    Before,
    /// Inside it; the table's own stack position.
    In(usize),
    /// After it: the rest is not this table's.
    Done,
}

struct Reader {
    /// Page line of the tokenizer's line 1.
    start_line: u32,
    /// The tokenizer's line at the end of the previous token: where the next tag's `<` is.
    prev_line: u64,
    phase: Phase,
    stack: Vec<Open>,
    /// Start tags dropped for depth, by name: their end tags are dropped too, rather than
    /// closing an outer element of the same name (and with it the row around it).
    dropped: HashMap<LocalName, usize>,
    /// Stack position of the open `thead`/`tbody`/`tfoot`, and whether it is a `thead`.
    section: Option<(usize, bool)>,
    row: Option<RowBuild>,
    cell: Option<CellBuild>,
    table: Table,
}

impl Reader {
    fn new(start_line: u32) -> Self {
        Reader {
            start_line,
            prev_line: 1,
            phase: Phase::Before,
            stack: Vec::new(),
            dropped: HashMap::new(),
            section: None,
            row: None,
            cell: None,
            table: Table {
                header: Vec::new(),
                rows: Vec::new(),
                too_deep: None,
            },
        }
    }

    fn page_line(&self, tokenizer_line: u64) -> u32 {
        let offset = u32::try_from(tokenizer_line.saturating_sub(1)).unwrap_or(u32::MAX);
        self.start_line.saturating_add(offset)
    }

    fn token(&mut self, token: Token, line: u64) -> TokenSinkResult<()> {
        // Parse errors are reported in the middle of tags; they move no position.
        if matches!(token, Token::ParseError(_)) {
            return TokenSinkResult::Continue;
        }
        let tag_line = self.page_line(self.prev_line);
        self.prev_line = line;
        match token {
            Token::TagToken(tag) => return self.tag(tag, tag_line),
            Token::CharacterTokens(text) => {
                if let Some(c) = &mut self.cell {
                    c.writer.text(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn tag(&mut self, tag: Tag, line: u32) -> TokenSinkResult<()> {
        let raw = raw_kind(&tag.name).filter(|_| tag.kind == TagKind::StartTag);
        match (self.phase, tag.kind) {
            (Phase::Done, _) => return TokenSinkResult::Continue,
            (Phase::Before, TagKind::StartTag) if tag.name == local_name!("table") => {
                self.stack.push(Open {
                    name: tag.name,
                    leave: Leave::Nothing,
                });
                self.phase = Phase::In(0);
            }
            (Phase::Before, _) => {}
            (Phase::In(_), _) if is_formatting(&tag.name) => {}
            (Phase::In(_), TagKind::StartTag) => self.start_tag(tag, line),
            (Phase::In(_), TagKind::EndTag) => self.end_tag(&tag.name),
        }
        raw.unwrap_or(TokenSinkResult::Continue)
    }

    /// Whether a table nested in the open cell is open.
    fn nested_table_open(&self, cell_at: usize) -> bool {
        self.stack[cell_at + 1..]
            .iter()
            .any(|o| o.name == local_name!("table"))
    }

    /// The open cell, unless a table nested in it is open (then tags of rows and cells are
    /// that table's).
    fn own_cell(&self) -> Option<usize> {
        self.cell
            .as_ref()
            .map(|c| c.at)
            .filter(|&at| !self.nested_table_open(at))
    }

    fn start_tag(&mut self, tag: Tag, line: u32) {
        let name = &*tag.name;
        let table_part = matches!(
            name,
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "col" | "colgroup"
        );
        // In HTML these end the open cell (and, but for a new cell, its row) before they
        // start: also a row HTML implied, which has no `<tr>` on the stack to close.
        if table_part && let Some(at) = self.own_cell() {
            self.pop_to(at);
        }
        if table_part && !matches!(name, "td" | "th") && self.cell.is_none() {
            self.end_row();
        }
        if let Some(pos) = implicitly_closed(&self.stack, name) {
            self.pop_to(pos);
        }
        let void = is_void(name);
        if !void && self.stack.len() >= MAX_HTML_DEPTH {
            self.table.too_deep.get_or_insert(line);
            *self.dropped.entry(tag.name).or_default() += 1;
            return;
        }
        if let Some(c) = &mut self.cell {
            let leave = c.writer.enter(name);
            if tag.name == local_name!("a")
                && let Some(href) = attr(&tag, local_name!("href"))
            {
                c.writer.link(href);
            }
            if void {
                c.writer.leave(leave);
            } else {
                self.stack.push(Open {
                    name: tag.name,
                    leave,
                });
            }
            return;
        }
        if void {
            return;
        }
        let at = self.stack.len();
        match name {
            // A second table where rows belong: HTML ends the first one there.
            "table" => {
                self.pop_to(0);
                return;
            }
            "tr" => {
                self.row = Some(self.new_row(Some(at), line));
            }
            "td" | "th" => {
                if self.row.is_none() {
                    self.row = Some(self.new_row(None, line));
                }
                let rowspan = attr(&tag, local_name!("rowspan"))
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .filter(|&n| n > 1)
                    // Bounded: a span is never longer than the rows a page could have.
                    .map(|n| n.min(MAX_ROWSPAN));
                self.cell = Some(CellBuild {
                    at,
                    writer: CellWriter::default(),
                    rowspan,
                    th: name == "th",
                });
            }
            "thead" | "tbody" | "tfoot" => self.section = Some((at, name == "thead")),
            _ => {}
        }
        self.stack.push(Open {
            name: tag.name,
            leave: Leave::Nothing,
        });
    }

    fn new_row(&self, at: Option<usize>, line: u32) -> RowBuild {
        RowBuild {
            at,
            line,
            in_thead: self.section.is_some_and(|(_, thead)| thead),
            cells: Vec::new(),
            all_th: true,
        }
    }

    fn end_tag(&mut self, name: &LocalName) {
        if let Some(count) = self.dropped.get_mut(name).filter(|c| **c > 0) {
            *count -= 1;
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|o| o.name == *name) {
            self.pop_to(pos);
            return;
        }
        match &**name {
            // A row or section end with no such element open still ends the row (and the cell
            // open in it): HTML implied the row's `<tr>` or the section.
            "tr" | "tbody" | "thead" | "tfoot" => {
                if let Some(at) = self.own_cell() {
                    self.pop_to(at);
                }
                if self.cell.is_none() {
                    self.end_row();
                }
            }
            // HTML reads a stray `</br>` as `<br>` and a stray `</p>` as an empty paragraph.
            "br" | "p" => {
                if let Some(c) = &mut self.cell {
                    let leave = c.writer.enter(name);
                    c.writer.leave(leave);
                }
            }
            _ => {}
        }
    }

    /// Ends the open row, closing its `<tr>` if it has one.
    fn end_row(&mut self) {
        match self.row.as_ref().map(|r| r.at) {
            Some(Some(at)) => self.pop_to(at),
            Some(None) => self.finish_row(),
            None => {}
        }
    }

    /// Closes the element at stack position `pos` and everything opened after it.
    fn pop_to(&mut self, pos: usize) {
        while self.stack.len() > pos {
            let Some(open) = self.stack.pop() else { break };
            self.closed(open, self.stack.len());
        }
    }

    /// Bookkeeping for the element that was at stack position `at`.
    fn closed(&mut self, open: Open, at: usize) {
        if let Some(c) = &mut self.cell {
            if at > c.at {
                c.writer.leave(open.leave);
                return;
            }
            self.finish_cell();
        }
        if self.row.as_ref().is_some_and(|r| r.at == Some(at)) {
            self.finish_row();
        }
        if self.section.is_some_and(|(s, _)| s == at) {
            self.section = None;
        }
        if self.phase == Phase::In(at) {
            // Any row still open is an implied one.
            self.finish_row();
            self.phase = Phase::Done;
        }
    }

    fn finish_cell(&mut self) {
        let Some(c) = self.cell.take() else { return };
        let cell = c.writer.finish(c.rowspan);
        if let Some(row) = &mut self.row {
            row.all_th &= c.th;
            row.cells.push(cell);
        }
    }

    fn finish_row(&mut self) {
        let Some(row) = self.row.take() else { return };
        let header = row.in_thead || (row.all_th && !row.cells.is_empty());
        if header && self.table.header.is_empty() && self.table.rows.is_empty() {
            self.table.header = row.cells.iter().map(Cell::flat).collect();
            return;
        }
        self.table.rows.push(Row {
            line: row.line,
            cells: row.cells,
        });
    }

    fn finish(mut self) -> Table {
        self.pop_to(0);
        self.table
    }
}

/// The value of attribute `name`, the first one written.
fn attr(tag: &Tag, name: LocalName) -> Option<&str> {
    tag.attrs
        .iter()
        .find(|a| a.name.local == name)
        .map(|a| &*a.value)
}

/// HTML's "special" elements: the list-item rules stop at them.
fn is_special(n: &str) -> bool {
    matches!(
        n,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "keygen"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
    )
}

/// Start tags that close an open `p` first (HTML: "close a p element in button scope").
fn closes_p(n: &str) -> bool {
    matches!(
        n,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "table"
            | "hr"
            | "xmp"
            | "li"
            | "dd"
            | "dt"
    )
}

/// Where the search for an open `p` "in button scope" stops.
fn button_scope_stop(n: &str) -> bool {
    matches!(
        n,
        "applet"
            | "caption"
            | "html"
            | "table"
            | "td"
            | "th"
            | "marquee"
            | "object"
            | "template"
            | "button"
    )
}

/// The stack position of the open element a start tag `name` closes by itself in HTML (and
/// with it everything opened inside it): `<li>` ends the open `li` of its list, `<tr>` the
/// open row, a block start an open `p`. The searches stop where HTML's do, so that an element
/// closed implicitly is not closed again by a later tag, and long runs of unclosed `<li>` or
/// `<p>` are not taken for deep nesting.
fn implicitly_closed(stack: &[Open], name: &str) -> Option<usize> {
    let own = |targets: &[&str], stops: &dyn Fn(&str) -> bool| {
        for (i, open) in stack.iter().enumerate().rev() {
            if targets.contains(&&*open.name) {
                return Some(i);
            }
            if stops(&open.name) {
                return None;
            }
        }
        None
    };
    let list_item_stop = |n: &str| is_special(n) && !matches!(n, "address" | "div" | "p");
    let by_own_rule = match name {
        "li" => own(&["li"], &list_item_stop),
        "dd" | "dt" => own(&["dd", "dt"], &list_item_stop),
        "td" | "th" => own(&["td", "th"], &|n| matches!(n, "tr" | "table" | "template")),
        "tr" => own(&["tr"], &|n| matches!(n, "table" | "template")),
        "thead" | "tbody" | "tfoot" => own(&["thead", "tbody", "tfoot"], &|n| {
            matches!(n, "table" | "template")
        }),
        _ => None,
    };
    if by_own_rule.is_some() {
        // An open `p` inside the closed element closes with it.
        return by_own_rule;
    }
    if closes_p(name) {
        return own(&["p"], &button_scope_stop);
    }
    None
}
