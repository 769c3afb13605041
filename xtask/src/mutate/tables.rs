//! Tables as the rewrites see them: where each HTML or pipe table stands in a page, its rows
//! and cells (inner HTML or Markdown as written), and how to write one back in either form.
//! Only what a rewrite needs: a table with `rowspan`/`colspan` or a nested table is found but
//! marked [`Found::spanned`], so that rewrites which cannot keep its meaning leave it alone.

/// One cell as written.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Inner HTML (HTML tables) or Markdown (pipe tables), trimmed.
    pub text: String,
}

/// A table's rows; the first row is the header.
#[derive(Clone, Debug)]
pub struct Grid {
    /// Header row first, then data rows.
    pub rows: Vec<Vec<Cell>>,
}

/// Which syntax a table was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `<table>…</table>`.
    Html,
    /// `| a | b |` over `|---|---|`.
    Pipe,
}

/// A table found in a page.
#[derive(Clone, Debug)]
pub struct Found {
    /// Byte range in the page: from the line's indentation to the end of the table's last line
    /// (without its line break).
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The indentation of the table's first line (tables inside list items).
    pub indent: String,
    /// The syntax.
    pub syntax: Syntax,
    /// Rows and cells, when the table can be written in either syntax.
    pub grid: Option<Grid>,
    /// True when the table spans cells, nests a table or has ragged rows: a pipe table cannot
    /// say that.
    pub spanned: bool,
}

/// Byte ranges of fenced code blocks (fence lines included).
pub fn code_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let fence: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        if fence.len() >= 3
            && fence
                .chars()
                .all(|c| c == fence.chars().next().unwrap_or('`'))
        {
            match &open {
                None => open = Some((at, fence)),
                Some((start, f)) if fence.starts_with(f.as_str()) && t.trim() == fence => {
                    out.push((*start, at + line.len()));
                    open = None;
                }
                Some(_) => {}
            }
        }
        at += line.len();
    }
    if let Some((start, _)) = open {
        out.push((start, text.len()));
    }
    out
}

/// True when byte `at` is inside one of `ranges`.
pub fn inside(ranges: &[(usize, usize)], at: usize) -> bool {
    ranges.iter().any(|&(s, e)| s <= at && at < e)
}

/// Every table of the page outside code blocks, in page order.
pub fn find(text: &str) -> Vec<Found> {
    let code = code_ranges(text);
    let mut out = html_tables(text, &code);
    out.extend(pipe_tables(text, &code, &out));
    out.sort_by_key(|f| f.start);
    out
}

fn lower_find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (from..h.len().saturating_sub(n.len()) + 1).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |p| p + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |p| at + p)
}

fn html_tables(text: &str, code: &[(usize, usize)]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = lower_find(text, "<table", from) {
        if inside(code, open) {
            from = open + 6;
            continue;
        }
        // Match nesting: a nested table makes the outer one "spanned".
        let mut depth = 0;
        let mut i = open;
        let mut nested = false;
        let close = loop {
            let next_open = lower_find(text, "<table", i + 1);
            let next_close = lower_find(text, "</table>", i + 1);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    nested = true;
                    i = o;
                }
                (_, Some(c)) if depth > 0 => {
                    depth -= 1;
                    i = c;
                }
                (_, Some(c)) => break Some(c + "</table>".len()),
                _ => break None,
            }
        };
        let Some(close) = close else { break };
        let ls = line_start(text, open);
        let prefix = &text[ls..open];
        let whole_lines =
            prefix.trim().is_empty() && text[close..line_end(text, close)].trim().is_empty();
        let body = &text[open..close];
        let (grid, spans) = if nested {
            (None, true)
        } else {
            html_grid(body)
        };
        out.push(Found {
            start: if whole_lines { ls } else { open },
            end: if whole_lines {
                line_end(text, close)
            } else {
                close
            },
            indent: if whole_lines {
                prefix.to_owned()
            } else {
                String::new()
            },
            syntax: Syntax::Html,
            spanned: spans || !whole_lines,
            grid,
        });
        from = close;
    }
    out
}

/// Rows and cells of a table with no nested table; true when some cell spans.
fn html_grid(body: &str) -> (Option<Grid>, bool) {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut spanned = false;
    let mut i = 0;
    while let Some(tr) = lower_find(body, "<tr", i) {
        let end = lower_find(body, "</tr>", tr).unwrap_or(body.len());
        let row = &body[tr..end];
        let mut cells = Vec::new();
        let mut j = 0;
        while let Some(c) = next_cell(row, j) {
            let (tag_end, inner_end, after, attrs) = c;
            if attrs.contains("rowspan") && !attrs.contains("rowspan=\"1\"")
                || attrs.contains("colspan") && !attrs.contains("colspan=\"1\"")
            {
                spanned = true;
            }
            cells.push(Cell {
                text: row[tag_end..inner_end].trim().to_owned(),
            });
            j = after;
        }
        rows.push(cells);
        i = end + 1;
        if end >= body.len() {
            break;
        }
    }
    let width = rows.first().map_or(0, Vec::len);
    if width == 0 || rows.iter().any(|r| r.len() != width) {
        spanned = true;
    }
    (Some(Grid { rows }), spanned)
}

/// The next `<td>`/`<th>` of a row from byte `from`: (end of the opening tag, end of the
/// content, byte after the closing tag, the opening tag's attributes).
fn next_cell(row: &str, from: usize) -> Option<(usize, usize, usize, String)> {
    let td = lower_find(row, "<td", from);
    let th = lower_find(row, "<th", from);
    let open = match (td, th) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    // `<thead` is not a cell.
    let after_name = row.as_bytes().get(open + 3).copied().unwrap_or(b'>');
    if !(after_name == b'>' || after_name.is_ascii_whitespace()) {
        return next_cell(row, open + 3);
    }
    let tag_end = row[open..].find('>').map(|p| open + p + 1)?;
    let attrs = row[open..tag_end].to_ascii_lowercase();
    let close_td = lower_find(row, "</td>", tag_end);
    let close_th = lower_find(row, "</th>", tag_end);
    let inner_end = match (close_td, close_th) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(row.len()),
    };
    Some((tag_end, inner_end, (inner_end + 5).min(row.len()), attrs))
}

fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn is_pipe_row(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('|') && t.len() > 1
}

fn pipe_tables(text: &str, code: &[(usize, usize)], html: &[Found]) -> Vec<Found> {
    let mut lines = Vec::new();
    let mut at = 0;
    for l in text.split('\n') {
        lines.push((at, l));
        at += l.len() + 1;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let (start, head) = lines[i];
        let in_html = html.iter().any(|f| f.start <= start && start < f.end);
        if inside(code, start) || in_html || !is_pipe_row(head) || !is_delimiter(lines[i + 1].1) {
            i += 1;
            continue;
        }
        let mut j = i + 2;
        while j < lines.len() && is_pipe_row(lines[j].1) && !inside(code, lines[j].0) {
            j += 1;
        }
        let indent: String = head.chars().take_while(|c| c.is_whitespace()).collect();
        let mut rows = vec![split_pipe(head)];
        rows.extend(lines[i + 2..j].iter().map(|(_, l)| split_pipe(l)));
        let width = rows[0].len();
        let spanned = rows.iter().any(|r| r.len() != width);
        let (last_at, last) = lines[j - 1];
        out.push(Found {
            start,
            end: last_at + last.len(),
            indent,
            syntax: Syntax::Pipe,
            grid: Some(Grid { rows }),
            spanned,
        });
        i = j;
    }
    out
}

/// The cells of a pipe row as written (escaped pipes kept escaped), trimmed.
fn split_pipe(line: &str) -> Vec<Cell> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push_str("\\|");
                chars.next();
            }
            '|' => out.push(Cell {
                text: std::mem::take(&mut cur).trim().to_owned(),
            }),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(Cell {
            text: cur.trim().to_owned(),
        });
    }
    out
}

/// Writes a grid as HTML, one row a line; cells are written as given.
pub fn write_html(grid: &Grid, indent: &str) -> String {
    let mut s = format!("{indent}<table><thead align=\"left\"><tr>");
    for (r, row) in grid.rows.iter().enumerate() {
        if r == 1 {
            s.push_str(&format!(
                "\n{indent}</tr>\n{indent}</thead>\n{indent}<tbody><tr>"
            ));
        } else if r > 1 {
            s.push_str(&format!("\n{indent}</tr>\n{indent}<tr>"));
        }
        let tag = if r == 0 { "th" } else { "td" };
        for c in row {
            s.push_str(&format!("<{tag}>{}</{tag}>", c.text));
        }
    }
    if grid.rows.len() > 1 {
        s.push_str(&format!(
            "\n{indent}</tr>\n{indent}</tbody>\n{indent}</table>"
        ));
    } else {
        s.push_str(&format!("</tr></thead>\n{indent}</table>"));
    }
    s
}

/// Writes a grid as a pipe table; cells must already be single-line Markdown.
pub fn write_pipe(grid: &Grid, indent: &str) -> String {
    let mut out = Vec::new();
    for (r, row) in grid.rows.iter().enumerate() {
        let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        out.push(format!("{indent}| {} |", cells.join(" | ")));
        if r == 0 {
            out.push(format!("{indent}|{}", "---|".repeat(row.len())));
        }
    }
    out.join("\n")
}

/// An HTML cell's content as one line of pipe-cell Markdown: line breaks become spaces,
/// pipes and backslashes before punctuation are escaped (Markdown would read them).
pub fn html_to_pipe_cell(html: &str) -> String {
    let mut s = String::with_capacity(html.len());
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {}
            '\n' => s.push(' '),
            '|' => s.push_str("\\|"),
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => s.push_str("\\\\"),
            '`' => s.push_str("\\`"),
            '[' => s.push_str("\\["),
            _ => s.push(c),
        }
    }
    s
}

/// A pipe cell's Markdown as HTML: backslash escapes resolved, code spans and links as tags.
pub fn pipe_to_html_cell(md: &str) -> String {
    let mut s = String::with_capacity(md.len());
    let b = md.as_bytes();
    let mut i = 0;
    while i < md.len() {
        let c = md[i..].chars().next().unwrap_or(' ');
        if c == '\\' && b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
            s.push_str(&escape_html(&md[i + 1..i + 2]));
            i += 2;
        } else if c == '`' {
            let run = md[i..].chars().take_while(|&c| c == '`').count();
            let fence = &md[i..i + run];
            match md[i + run..].find(fence) {
                Some(p) => {
                    let code = &md[i + run..i + run + p];
                    s.push_str(&format!("<code>{}</code>", escape_html(code.trim())));
                    i += run + p + run;
                }
                None => {
                    s.push_str(fence);
                    i += run;
                }
            }
        } else if c == '[' {
            match link_at(&md[i..]) {
                Some((text, href, len)) => {
                    s.push_str(&format!(
                        "<a href=\"{href}\">{}</a>",
                        pipe_to_html_cell(text)
                    ));
                    i += len;
                }
                None => {
                    s.push('[');
                    i += 1;
                }
            }
        } else if c == '<' && !opens_tag(&md[i + 1..]) {
            // `Map<String,String>` is text in Markdown; HTML writes it escaped.
            s.push_str("&lt;");
            i += 1;
        } else {
            s.push(c);
            i += c.len_utf8();
        }
    }
    s
}

/// True when the text after a `<` opens or closes an HTML element (a name, then `>`, `/` or
/// a space), as Markdown's inline HTML rule reads it.
fn opens_tag(after: &str) -> bool {
    let rest = after.strip_prefix('/').unwrap_or(after);
    let name = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name > 0
        && rest[..name]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && rest[name..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace())
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `[text](href)` at the start of `s`: text, href and length.
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let end = s[close + 2..].find(')')? + close + 2;
    Some((&s[1..close], &s[close + 2..end], end + 1))
}

/// The table's cell text without markup, for recognising headers.
pub fn plain(cell: &str) -> String {
    let mut s = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => s.push(c),
            _ => {}
        }
    }
    s.replace(['*', '`', '\\'], "").trim().to_owned()
}

/// Replaces each `(start, end)` range of `text` by its string; ranges in order, disjoint.
pub fn splice(text: &str, edits: &[(usize, usize, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (s, e, r) in edits {
        if *s < at {
            continue;
        }
        out.push_str(&text[at..*s]);
        out.push_str(r);
        at = *e;
    }
    out.push_str(&text[at..]);
    out
}
