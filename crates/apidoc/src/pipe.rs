//! Markdown pipe tables (`|参数|类型|` over `|--|--|`), rewritten as HTML tables so that one
//! table reader serves both forms. Each row stays on its own line, so the row lines that
//! diagnostics name are the page's own.

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

/// The cells of one row: split at `|` not preceded by a backslash, outer pipes dropped.
fn cells(line: &str) -> Vec<String> {
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

/// Markdown inline markup of a cell as HTML: `[text](href)` links become `<a>`, backslash
/// escapes are undone, and the characters that would then read as markup are escaped.
/// Inline HTML the author wrote (`<br>`) is kept.
fn cell_html(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len() + 16);
    let b = cell.as_bytes();
    let mut i = 0;
    while i < cell.len() {
        let c = b[i];
        if c == b'\\' && b.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            match b[i + 1] {
                b'<' => out.push_str("&lt;"),
                b'>' => out.push_str("&gt;"),
                b'&' => out.push_str("&amp;"),
                n => out.push(n as char),
            }
            i += 2;
            continue;
        }
        if c == b'[' {
            if let Some((text, href, end)) = link_at(cell, i) {
                out.push_str("<a href=\"");
                out.push_str(&href.replace('"', "&quot;"));
                out.push_str("\">");
                out.push_str(&cell_html(text));
                out.push_str("</a>");
                i = end;
                continue;
            }
        }
        // Copy the whole (possibly multi-byte) character.
        let len = cell[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&cell[i..i + len]);
        i += len;
    }
    out
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

/// Rewrites the pipe table whose header is `lines[0]` and delimiter `lines[1]`; the rest are
/// its body rows. The result has one line per input line.
pub(crate) fn to_html(lines: &[&str]) -> String {
    let mut html = String::from("<table><thead><tr>");
    if let Some(header) = lines.first() {
        for c in cells(header) {
            html.push_str("<th>");
            html.push_str(&cell_html(c.trim()));
            html.push_str("</th>");
        }
    }
    html.push_str("</tr></thead>\n<tbody>");
    for row in lines.iter().skip(2) {
        html.push_str("\n<tr>");
        for c in cells(row) {
            html.push_str("<td>");
            html.push_str(&cell_html(c.trim()));
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|--|--|"));
        assert!(is_delimiter_row("| :--- | ---: |"));
        assert!(!is_delimiter_row("|a|b|"));
        assert!(!is_delimiter_row("---"));
    }

    #[test]
    fn rows_links_and_escapes() {
        let html = to_html(&[
            "|参数|是否必选|参数类型|描述|",
            "|--|--|--|--|",
            r"|a\_b|是|Array of [X](#request_X) objects|1 \| 2 <br>x \<y\>|",
        ]);
        assert_eq!(
            html,
            "<table><thead><tr><th>参数</th><th>是否必选</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody>\n<tr><td>a_b</td><td>是</td><td>Array of <a href=\"#request_X\">X</a> objects</td><td>1 | 2 <br>x &lt;y&gt;</td></tr></tbody></table>"
        );
        assert_eq!(html.matches('\n').count(), 2);
    }
}
