//! Markdown pipe tables (`|参数|类型|` over `|--|--|`), read straight into the rows and cells
//! that HTML tables are read into. A row is one line, so every row keeps its page line.
//!
//! Rows are split at pipes not escaped with a backslash (also inside code spans, as in GitHub
//! Flavored Markdown); a cell's content is Markdown inline text: backslash escapes, code spans
//! (taken literally), links `[text](href)`, and inline HTML the author wrote (`<br>`, `&lt;`),
//! which the HTML reader reads.

use super::cell::CellWriter;
use super::html::InlineCell;
use super::{Cell, Row, Table};

/// True for a delimiter row such as `|--|:-:|---|` (at least one `-`, only `|:- ` otherwise).
pub(crate) fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A line that can be a row of a pipe table.
pub(crate) fn is_row(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('|') && t.len() > 1
}

/// Reads the pipe table whose header is `lines[0]` (on page line `start_line`) and delimiter
/// `lines[1]`; the rest are its body rows, one per line.
pub(crate) fn read(lines: &[&str], start_line: u32) -> Table {
    let mut table = Table {
        header: Vec::new(),
        rows: Vec::new(),
        too_deep: None,
    };
    if let Some(header) = lines.first() {
        table.header = split(header)
            .iter()
            .map(|c| read_cell(c, start_line, &mut table.too_deep).flat())
            .collect();
    }
    for (i, row) in lines.iter().enumerate().skip(2) {
        let line = start_line.saturating_add(i as u32);
        let cells = split(row)
            .iter()
            .map(|c| read_cell(c, line, &mut table.too_deep))
            .collect();
        table.rows.push(Row { line, cells });
    }
    table
}

/// The cells of one row, as written: split at `|` not preceded by a backslash (an escaped
/// pipe becomes a plain `|`), outer pipes dropped, a blank last cell dropped.
fn split(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// Reads one cell's Markdown; `too_deep` takes the line of HTML nested too deep, if any.
fn read_cell(cell: &str, line: u32, too_deep: &mut Option<u32>) -> Cell {
    // Emphasis is markup, never part of a name or a type (`**name**`, `_Integer_`).
    let cell = crate::inline::strip_emphasis(cell.trim());
    let cell = cell.as_str();
    // Most cells are plain text: they need no HTML reading.
    if !cell.contains(['\\', '[', '`', '<', '&']) {
        let mut out = CellWriter::default();
        out.text(cell);
        return out.finish(None);
    }
    let mut out = InlineCell::new(line);
    inline(cell, &mut out);
    let (cell, deep) = out.finish();
    if too_deep.is_none() {
        *too_deep = deep;
    }
    cell
}

/// Sends a cell's inline Markdown to `out`: escapes and code spans as text, links as links,
/// the rest as HTML.
fn inline(s: &str, out: &mut InlineCell) {
    let b = s.as_bytes();
    // Start of the HTML not yet sent.
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        let step = match b[i] {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                Some((Piece::Text(&s[i + 1..i + 2]), i + 2))
            }
            b'`' => code_span_at(s, i).map(|(code, end)| (Piece::Text(code), end)),
            b'[' => link_at(s, i).map(|(text, href, end)| (Piece::Link(text, href), end)),
            _ => None,
        };
        let Some((piece, end)) = step else {
            // Skip a run of backticks whole: a shorter run inside it opens no code span.
            let run = if b[i] == b'`' {
                b[i..].iter().take_while(|&&c| c == b'`').count()
            } else {
                1
            };
            i += run;
            continue;
        };
        out.html(&as_html(&s[from..i]));
        match piece {
            Piece::Text(t) => out.text(t),
            Piece::Link(text, href) => {
                out.link(href);
                inline(text, out);
            }
        }
        i = end;
        from = end;
    }
    out.html(&as_html(&s[from..]));
}

/// A cell's Markdown text made safe to read as HTML: what Markdown would show as text stays
/// text (a bare `&`, and a `<` that opens no HTML element: `Map<String,String>`).
fn as_html(s: &str) -> String {
    let s = bare_amps_escaped(s);
    if !s.contains('<') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in s.split('<').enumerate() {
        if i > 0 {
            out.push_str(if opens_tag(part) { "<" } else { "&lt;" });
        }
        out.push_str(part);
    }
    out
}

/// True when the text after a `<` is an HTML tag of an element a cell may hold (`br`, `p`,
/// `a href=…`, `/ul`), not a type's parameters or a placeholder.
fn opens_tag(after: &str) -> bool {
    let rest = after.strip_prefix('/').unwrap_or(after);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[..name_len].to_ascii_lowercase();
    let ends = rest[name_len..]
        .chars()
        .next()
        .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace());
    ends && (crate::inline::HTML_TAGS.contains(&name.as_str())
        || ["table", "tr", "td", "th", "thead", "tbody"].contains(&name.as_str()))
}

/// `s` with every `&` that does not start a character reference ending in `;` written
/// `&amp;`. Markdown reads only complete references; HTML would also read legacy ones without
/// the `;`, so a query written into a cell (`?a=1&currentPage=2`) would lose `&curren`.
fn bare_amps_escaped(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in s.split('&').enumerate() {
        if i > 0 {
            let body_len = part
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                .count();
            let complete = body_len > 0 && part.as_bytes().get(body_len) == Some(&b';');
            out.push_str(if complete { "&" } else { "&amp;" });
        }
        out.push_str(part);
    }
    out.into()
}

/// A part of a cell that is not HTML.
enum Piece<'a> {
    Text(&'a str),
    Link(&'a str, &'a str),
}

/// A code span starting at byte `at` (a backtick run): its text and the byte after it. The
/// span ends at the next run of as many backticks; without one, the backticks are text.
fn code_span_at(s: &str, at: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    let n = b[at..].iter().take_while(|&&c| c == b'`').count();
    let mut j = at + n;
    while j < b.len() {
        if b[j] != b'`' {
            j += 1;
            continue;
        }
        let run = b[j..].iter().take_while(|&&c| c == b'`').count();
        if run == n {
            return Some((&s[at + n..j], j + n));
        }
        j += run;
    }
    None
}

/// A Markdown link `[text](href)` starting at byte `at` (a `[`): text, href, and the byte after.
fn link_at(s: &str, at: usize) -> Option<(&str, &str, usize)> {
    let rest = &s[at + 1..];
    let close = rest.find("](")?;
    let text = &rest[..close];
    if text.contains('[') {
        return None;
    }
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    let href = after[..end].trim();
    if href.is_empty() || href.contains(char::is_whitespace) {
        return None;
    }
    Some((text, href, at + 1 + close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::flat).collect())
            .collect()
    }

    #[test]
    fn emphasis_and_bare_ampersands_in_cells() {
        let t = read(
            &[
                "|参数|参数类型|描述|",
                "|--|--|--|",
                "|**vpc_id**|`String`|?a=1&currentPage=2 &amp; AT&T|",
                "|tags|Map<String,String>|a<br>b <key> <strong>c</strong>|",
                "|_name_|*Integer*|x * y, snake_case|",
            ],
            1,
        );
        assert_eq!(
            flat(&t),
            [
                ["vpc_id", "String", "?a=1&currentPage=2 & AT&T"],
                ["tags", "Map<String,String>", "a b <key> c"],
                ["name", "Integer", "x * y, snake_case"],
            ]
        );
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|--|--|"));
        assert!(is_delimiter_row("| :--- | ---: |"));
        assert!(!is_delimiter_row("|a|b|"));
        assert!(!is_delimiter_row("---"));
    }

    #[test]
    fn rows_links_and_escapes() {
        let t = read(
            &[
                "|参数|是否必选|参数类型|描述|",
                "|--|--|--|--|",
                r"|a\_b|是|Array of [X](#request_X) objects|1 \| 2 <br>x \<y\> &lt;z&gt;|",
                "|c|否|String|“<”和“>”|",
            ],
            5,
        );
        assert_eq!(t.header, ["参数", "是否必选", "参数类型", "描述"]);
        assert_eq!(
            flat(&t),
            [
                ["a_b", "是", "Array of X objects", "1 | 2 x <y> <z>"],
                ["c", "否", "String", "“<”和“>”"],
            ]
        );
        let lines: Vec<_> = t.rows[0].cells[3]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(lines, ["1 | 2", "x <y> <z>"]);
        assert_eq!(t.rows[0].cells[2].links, ["#request_X"]);
        assert_eq!((t.rows[0].line, t.rows[1].line), (7, 8));
    }

    #[test]
    fn code_spans_are_literal_and_html_spans_pieces() {
        let t = read(
            &[
                "|a|b|",
                "|-|-|",
                r"|`x\_[y](z)` and ``a`b``|<p>one\*two</p>three|",
                r"|\`not code`|`|",
            ],
            1,
        );
        assert_eq!(
            flat(&t),
            [[r"x\_[y](z) and a`b", "one*two three"], ["`not code`", "`"],]
        );
        assert!(t.rows[0].cells[0].links.is_empty());
        // The paragraph opened before the escape holds the text after it.
        assert_eq!(t.rows[0].cells[1].lines.len(), 2);
    }
}
