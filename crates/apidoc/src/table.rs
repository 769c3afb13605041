//! HTML parameter tables: rows, cells, and the structured content of a cell.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Node};

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

/// Deepest element nesting passed on to the HTML parser. The parser's scope checks walk its
/// stack of open elements, so deeper nesting makes it quadratic; the documentation tool's tables
/// nest about ten levels (twenty with a table inside a cell).
pub(crate) const MAX_HTML_DEPTH: usize = 128;

/// Parses one `<table>` block. `start_line` is the line its text begins on.
pub(crate) fn parse(html: &str, start_line: u32) -> Table {
    let clean = normalize(html, start_line);
    let doc = Html::parse_fragment(&clean.html);
    let mut table = Table {
        header: Vec::new(),
        rows: Vec::new(),
        too_deep: clean.too_deep,
    };
    let top = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "table");
    let Some(top) = top else { return table };
    // The HTML parser puts every row of a table into a `thead`/`tbody`/`tfoot` child (or, for
    // malformed input, directly under the table), so the rows are found without walking
    // ancestors: rows of nested tables sit deeper and are left to the cell that holds them.
    for child in top.children().filter_map(ElementRef::wrap) {
        let section = child.value().name();
        let rows: Vec<ElementRef> = match section {
            "tr" => vec![child],
            "thead" | "tbody" | "tfoot" => child
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|r| r.value().name() == "tr")
                .collect(),
            _ => continue,
        };
        for tr in rows {
            let cells: Vec<ElementRef> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let line = line_of(tr)
                .or_else(|| cells.first().and_then(|c| line_of(*c)))
                .unwrap_or(start_line);
            let all_th = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
            if (section == "thead" || all_th) && table.header.is_empty() && table.rows.is_empty() {
                table.header = cells.iter().map(|c| render(*c).flat()).collect();
                continue;
            }
            table.rows.push(Row {
                line,
                cells: cells.into_iter().map(render).collect(),
            });
        }
    }
    table
}

/// Largest `rowspan` kept.
const MAX_ROWSPAN: u32 = 10_000;

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

/// The attribute [`normalize`] puts on `tr`, `td` and `th` tags: the page line of the tag.
const LINE_ATTR: &str = "data-line";

fn line_of(el: ElementRef) -> Option<u32> {
    el.value().attr(LINE_ATTR)?.parse().ok()
}

/// Table HTML rewritten for the HTML parser, and what the rewrite had to leave out.
struct Normalized {
    html: String,
    too_deep: Option<u32>,
}

/// Elements the HTML parser re-opens after they are closed implicitly ("active formatting
/// elements"): with distinct attributes and no end tags they make it quadratic in time and
/// in tree size. The cell walker treats them as plain text containers, so they are dropped.
/// `a` stays (its `href` links a type to its table); the parser never keeps more than one open.
const FORMATTING: [&str; 13] = [
    "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements that never have content or an end tag.
const VOID: [&str; 15] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: [&str; 9] = [
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// A tag as read from the source.
struct Tag<'a> {
    name: String,
    end: bool,
    href: Option<&'a str>,
    rowspan: Option<u32>,
}

/// Reads the tag starting at `bytes[i] == b'<'` (followed by a letter, or `/` and a letter).
/// Returns the tag and the index after its `>`, or `None` when the input ends inside it (the
/// HTML parser drops such a tag).
fn read_tag(src: &str, i: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = src.as_bytes();
    let mut j = i + 1;
    let end = bytes.get(j) == Some(&b'/');
    if end {
        j += 1;
    }
    let name_start = j;
    while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'/' && bytes[j] != b'>' {
        j += 1;
    }
    let name = src[name_start..j].to_ascii_lowercase();
    let mut href = None;
    let mut rowspan = None;
    loop {
        while j < bytes.len() && (is_space(bytes[j]) || bytes[j] == b'/') {
            j += 1;
        }
        match bytes.get(j) {
            None => return None,
            Some(b'>') => {
                let tag = Tag {
                    name,
                    end,
                    href,
                    rowspan,
                };
                return Some((tag, j + 1));
            }
            Some(_) => {}
        }
        // An attribute name: up to space, `/`, `>` or `=` (a leading `=` belongs to it).
        let attr_start = j;
        j += 1;
        while j < bytes.len() && !is_space(bytes[j]) && !matches!(bytes[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        let attr = &src[attr_start..j];
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        let value = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = src[j + 1..].find(q as char)? + j + 1;
                let v = &src[j + 1..close];
                j = close + 1;
                v
            }
            _ => {
                let v_start = j;
                while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                    j += 1;
                }
                &src[v_start..j]
            }
        };
        if attr.eq_ignore_ascii_case("href") && href.is_none() {
            href = Some(value);
        }
        if attr.eq_ignore_ascii_case("rowspan") {
            rowspan = value.trim().parse::<u32>().ok().filter(|&n| n > 1);
        }
    }
}

/// Rewrites a table's HTML so that the HTML parser does bounded work per tag and so that rows
/// keep their page lines:
///
/// - every `tr`, `td` and `th` tag gets a `data-line` attribute with its page line;
/// - attributes are dropped except an `a` tag's `href` (nothing else is read, and many
///   attributes on one tag make the parser quadratic);
/// - formatting tags (see [`FORMATTING`]) and comments are dropped;
/// - end tags are balanced: the elements HTML closes implicitly (an open `li` at the next
///   `<li>`, an open `p` at a block) are closed here explicitly, an end tag closes every
///   element opened after its start tag, and stray end tags are dropped; so the parser's
///   stack mirrors this one and cannot grow deeper;
/// - tags nested deeper than [`MAX_HTML_DEPTH`] are dropped, keeping their text, and the
///   line of the first is reported.
///
/// Text is copied as written, entities left to the HTML parser, except that a `<` starting
/// no tag is written `&lt;` (see also [`keep_apart`]): dropping markup never turns text into
/// markup.
fn normalize(src: &str, start_line: u32) -> Normalized {
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut stack: Vec<String> = Vec::new();
    // Start tags dropped for depth, by name: their end tags are dropped too, rather than
    // closing an outer element of the same name (and with it the row around it).
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut too_deep = None;
    let mut line = start_line;
    // `line` counts the newlines of `src[..counted]`.
    let mut counted = 0usize;
    let mut i = 0usize;
    let close = |out: &mut String, name: &str| {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    };
    while i < bytes.len() {
        let Some(lt) = src[i..].find('<').map(|k| k + i) else {
            out.push_str(&src[i..]);
            break;
        };
        out.push_str(&src[i..lt]);
        line += bytes[counted..lt].iter().filter(|&&b| b == b'\n').count() as u32;
        counted = lt;
        let next = bytes.get(lt + 1).copied();
        let after_slash = bytes.get(lt + 2).copied();
        let is_start = next.is_some_and(|b| b.is_ascii_alphabetic());
        let is_end = next == Some(b'/') && after_slash.is_some_and(|b| b.is_ascii_alphabetic());
        if src[lt..].starts_with("<!--") {
            // A comment runs to `-->` (or the end); the walker has no use for it.
            keep_apart(&mut out);
            i = src[lt + 4..]
                .find("-->")
                .map_or(bytes.len(), |k| lt + 4 + k + 3);
            continue;
        }
        if matches!(next, Some(b'!' | b'?')) || (next == Some(b'/') && !is_end) {
            // Doctype, processing instruction or bogus comment: up to the next `>`.
            keep_apart(&mut out);
            i = src[lt..].find('>').map_or(bytes.len(), |k| lt + k + 1);
            continue;
        }
        if !is_start && !is_end {
            // A `<` that starts no tag is text. Written as `&lt;`, so that it cannot start one
            // with text that follows once a tag between them is dropped (`<</b>/td>`).
            out.push_str("&lt;");
            i = lt + 1;
            continue;
        }
        let Some((tag, after)) = read_tag(src, lt) else {
            // The input ends inside a tag: the HTML parser would drop it too.
            break;
        };
        i = after;
        let name = tag.name.as_str();
        if FORMATTING.contains(&name) {
            keep_apart(&mut out);
            continue;
        }
        if tag.end {
            if let Some(count) = dropped.get_mut(name).filter(|c| **c > 0) {
                *count -= 1;
            } else if let Some(pos) = stack.iter().rposition(|n| n == name) {
                while stack.len() > pos {
                    if let Some(n) = stack.pop() {
                        close(&mut out, &n);
                    }
                }
            } else if name == "br" {
                // The HTML parser reads a stray `</br>` as `<br>`.
                out.push_str("<br>");
            } else if name == "p" {
                // ... and a stray `</p>` as an empty paragraph.
                out.push_str("<p></p>");
            } else {
                keep_apart(&mut out);
            }
            continue;
        }
        let void = VOID.contains(&name);
        if let Some(pos) = implicitly_closed(&stack, name) {
            while stack.len() > pos {
                if let Some(n) = stack.pop() {
                    close(&mut out, &n);
                }
            }
        }
        if !void && stack.len() >= MAX_HTML_DEPTH {
            keep_apart(&mut out);
            too_deep.get_or_insert(line);
            *dropped.entry(tag.name).or_default() += 1;
            continue;
        }
        out.push('<');
        out.push_str(name);
        if matches!(name, "tr" | "td" | "th") {
            out.push_str(&format!(" {LINE_ATTR}=\"{line}\""));
        }
        if let (Some(n), "td" | "th") = (tag.rowspan, name) {
            // Bounded: a span is never longer than the rows a page could have.
            out.push_str(&format!(" rowspan=\"{}\"", n.min(MAX_ROWSPAN)));
        }
        if let (Some(href), "a") = (tag.href, name) {
            out.push_str(" href=\"");
            out.push_str(&href.replace('"', "&quot;"));
            out.push('"');
        }
        out.push('>');
        if void {
            continue;
        }
        if RAW_TEXT.contains(&name) {
            // Copied as written up to the matching end tag, as the HTML parser reads it.
            let close_at = find_end_tag(src, after, name);
            out.push_str(&src[after..close_at]);
            close(&mut out, name);
            i = src[close_at..]
                .find('>')
                .map_or(bytes.len(), |k| close_at + k + 1);
            continue;
        }
        stack.push(tag.name);
    }
    while let Some(n) = stack.pop() {
        close(&mut out, &n);
    }
    Normalized {
        html: out,
        too_deep,
    }
}

/// HTML's "special" elements: the list-item rules stop at them.
#[rustfmt::skip]
const SPECIAL: [&str; 82] = [
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
    "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "iframe", "img", "input", "keygen", "li", "link", "listing", "main", "marquee", "menu",
    "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext",
    "pre", "script", "search", "section", "select", "source", "style", "summary", "table",
    "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul",
    "wbr",
];

/// Start tags that close an open `p` first (HTML: "close a p element in button scope").
#[rustfmt::skip]
const CLOSES_P: [&str; 40] = [
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav",
    "ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "listing", "form", "table", "hr", "xmp", "li", "dd", "dt",
];

/// Where the search for an open `p` "in button scope" stops.
const BUTTON_SCOPE: [&str; 10] = [
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
];

/// The stack position of the open element a start tag `name` closes by itself in HTML (and
/// with it everything opened inside it): `<li>` ends the open `li` of its list, `<tr>` the
/// open row, a block start an open `p`.
/// The searches stop where HTML's do. Mirroring these keeps the stack as the HTML parser's, so
/// that an element closed implicitly is not closed again by a later tag, and long runs of
/// unclosed `<li>` or `<p>` are not taken for deep nesting.
fn implicitly_closed(stack: &[String], name: &str) -> Option<usize> {
    let own = |targets: &[&str], stops: &dyn Fn(&str) -> bool| {
        for (i, open) in stack.iter().enumerate().rev() {
            if targets.contains(&open.as_str()) {
                return Some(i);
            }
            if stops(open) {
                return None;
            }
        }
        None
    };
    let list_item_stop = |n: &str| SPECIAL.contains(&n) && !matches!(n, "address" | "div" | "p");
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
    if CLOSES_P.contains(&name) {
        return own(&["p"], &|n| BUTTON_SCOPE.contains(&n));
    }
    None
}

/// Called where markup is dropped: when the text so far ends in an unfinished character
/// reference (`&am`), an empty comment keeps it from running on into the text after the
/// dropped markup (`&am<b>p;` is not `&amp;`).
fn keep_apart(out: &mut String) {
    let tail = out
        .bytes()
        .rev()
        .take(40)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    let before = out.len().checked_sub(tail + 1);
    if before.and_then(|i| out.as_bytes().get(i)) == Some(&b'&') {
        out.push_str("<!---->");
    }
}

/// Index of `</name` (ASCII case-insensitive) at or after `from`, or the end of `src`.
fn find_end_tag(src: &str, from: usize, name: &str) -> usize {
    let pattern = format!("</{name}");
    crate::markdown::find_ci(&src[from..], &pattern).map_or(src.len(), |k| from + k)
}

/// Renders a cell into block lines.
pub(crate) fn render(cell: ElementRef) -> Cell {
    let mut w = Walker {
        cell: Cell::default(),
        buf: String::new(),
        list_depth: 0,
        pending_depth: 0,
    };
    w.walk(cell);
    w.flush();
    w.cell.rowspan = cell
        .value()
        .attr("rowspan")
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|&n| n > 1);
    w.cell
}

struct Walker {
    cell: Cell,
    buf: String,
    list_depth: usize,
    /// List depth of the line being built (set when an `<li>` starts).
    pending_depth: usize,
}

/// What to do when the walk leaves an element.
enum Leave {
    Nothing,
    Flush,
    List,
    Cell,
}

/// A step of the walk: some text, entering an element, or leaving one.
enum Step<'a> {
    Text(&'a str),
    Enter(ElementRef<'a>),
    Leave(Leave),
}

/// The steps for an element's children, in reverse order (they are popped from a stack).
fn children_steps<'a>(el: ElementRef<'a>) -> impl Iterator<Item = Step<'a>> {
    el.children().rev().filter_map(|child| match child.value() {
        Node::Text(t) => Some(Step::Text(t)),
        Node::Element(_) => ElementRef::wrap(child).map(Step::Enter),
        _ => None,
    })
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

    /// Walks the cell's content with an explicit stack, so that nesting depth costs heap, not
    /// call stack.
    fn walk(&mut self, el: ElementRef) {
        let mut todo: Vec<Step> = children_steps(el).collect();
        while let Some(step) = todo.pop() {
            let node = match step {
                Step::Text(t) => {
                    self.buf.push_str(t);
                    continue;
                }
                Step::Enter(node) => node,
                Step::Leave(Leave::Nothing) => continue,
                Step::Leave(Leave::Flush) => {
                    self.flush();
                    continue;
                }
                Step::Leave(Leave::List) => {
                    self.flush();
                    self.list_depth = self.list_depth.saturating_sub(1);
                    self.pending_depth = self.list_depth;
                    continue;
                }
                Step::Leave(Leave::Cell) => {
                    self.buf.push(' ');
                    continue;
                }
            };
            let e = node.value();
            let name = e.name();
            if name == "a" {
                if let Some(h) = e.attr("href") {
                    self.cell.links.push(h.to_owned());
                }
            }
            let leave = match name {
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
                    Leave::Cell
                }
                _ => Leave::Nothing,
            };
            todo.push(Step::Leave(leave));
            todo.extend(children_steps(node));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn normalize_balances_strips_and_marks_lines() {
        // `<ul>` closes the open `p` and `<li>` the open `li`, as in HTML; the rest is closed
        // explicitly.
        let html = "<table class=\"x\"><tr id=r>\n<td><p>a<strong>b</strong><a href='#x\"y' name=n>c</a>\n<ul><li>d<li>e</ul><span>f</td></tr></table>";
        let n = normalize(html, 7);
        assert_eq!(
            n.html,
            "<table><tr data-line=\"7\">\n<td data-line=\"8\"><p>ab<a href=\"#x&quot;y\">c</a>\n</p><ul><li>d</li><li>e</li></ul><span>f</span></td></tr></table>"
        );
        assert_eq!(n.too_deep, None);
    }

    #[test]
    fn normalize_drops_comments_and_keeps_stray_text() {
        let n = normalize(
            "<table><!-- <tr> --><tr><td>1 < 2 </b></x> </br></td></tr></table>",
            1,
        );
        assert_eq!(
            n.html,
            "<table><tr data-line=\"1\"><td data-line=\"1\">1 &lt; 2  <br></td></tr></table>"
        );
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
    fn normalize_bounds_depth_and_keeps_text() {
        let depth = MAX_HTML_DEPTH + 10;
        let html = format!("{}x{}", "<div>\n".repeat(depth), "</div>".repeat(depth));
        let n = normalize(&html, 1);
        assert_eq!(n.too_deep, Some(MAX_HTML_DEPTH as u32 + 1));
        assert_eq!(n.html.matches("<div>").count(), MAX_HTML_DEPTH);
        assert_eq!(n.html.matches("</div>").count(), MAX_HTML_DEPTH);
        assert!(n.html.contains('x'));
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
