//! Splits a page into the few block kinds the documentation tool emits.
//!
//! The pages are not free-form Markdown: they come from one documentation tool whose template
//! writes headings, bold captions, `<a name>` anchors, whole HTML tables and fenced code blocks,
//! each starting on its own line. A line scanner that knows those shapes keeps exact line numbers
//! for diagnostics, which a general Markdown parser would make us reconstruct.

use crate::table::pipe;

/// A block and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located {
    pub line: u32,
    pub block: Block,
}

/// The block kinds of a reference page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// `#`..`######` heading; `text` has tags, anchors and `**` removed, escapes undone.
    Heading {
        level: u8,
        text: String,
        anchor: Option<String>,
    },
    /// A line wholly in bold, e.g. `**表 3**  响应Body参数` or `**状态码： 200**`.
    Bold { text: String },
    /// A line holding only `<a name="..."></a>`.
    Anchor { name: String },
    /// A table: an HTML table from the line with `<table` to its matching `</table>`, or a
    /// Markdown pipe table from its header row to its last row. `text` is as written (from
    /// `<table` on); the table readers in [`crate::table`] read it.
    Table {
        text: String,
        form: TableForm,
        end: TableEnd,
    },
    /// A fenced code block, indentation of the fence removed.
    Code { text: String, closed: bool },
    /// Any other non-blank line (list markers removed, escapes undone), with the first
    /// `<a name>` anchor written in it (`-   <a name="li3"></a>volume参数说明`).
    Text {
        text: String,
        anchor: Option<String>,
        /// The targets of the line's links (`[x](page.md)`, `<a href="…">`), which the text
        /// no longer shows.
        links: Vec<String>,
    },
}

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableForm {
    /// `<table>` … `</table>`.
    Html,
    /// A Markdown pipe table, one row per line.
    Pipe,
}

/// How a table block ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableEnd {
    /// At its matching `</table>`.
    Closed,
    /// Never closed; cut before the heading or bold line on line `before`.
    Cut { before: u32 },
    /// Never closed; it runs to the page's last line, `last`.
    PageEnd { last: u32 },
}

/// Undoes Markdown backslash escapes (`\{`, `\_`): the pages escape every ASCII punctuation
/// character that Markdown could read as markup.
pub(crate) fn unescape(s: &str) -> String {
    // Most texts have no backslash at all: one memchr and a copy.
    if memchr::memchr(b'\\', s.as_bytes()).is_none() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Finds `<a name="X"></a>` (or `id`-less variants with single quotes) and returns X.
pub(crate) fn anchor_name(s: &str) -> Option<String> {
    let start = s.find("<a name=")?;
    let rest = &s[start + 8..];
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some(rest[..end].to_owned())
}

/// The text a reader sees in a line: markup (tags, emphasis, code spans, links, escapes,
/// character references) removed, whitespace collapsed. See [`crate::inline`].
pub(crate) fn plain(s: &str) -> String {
    crate::inline::text(s)
}

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle` (ASCII) in `hay`.
///
/// Compares in place: lower-casing a copy of every line would allocate per line.
pub(crate) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let (first, rest) = n.split_first()?;
    let mut i = 0;
    while i + n.len() <= h.len() {
        // Jump to the next candidate first byte, then compare the rest.
        i += h[i..].iter().position(|b| b.eq_ignore_ascii_case(first))?;
        let end = i + n.len();
        if end > h.len() {
            return None;
        }
        if h[i + 1..end].eq_ignore_ascii_case(rest) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `line` without up to `indent` bytes of its leading whitespace. Whitespace may be
/// multi-byte (U+3000 in Chinese text), so the cut backs off to a character boundary.
fn dedent(line: &str, indent: usize) -> &str {
    let lead = line.len() - line.trim_start().len();
    let mut cut = lead.min(indent);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    &line[cut..]
}

/// `<table` openings minus `</table` closings (ASCII case-insensitive) in one pass.
fn table_depth_delta(s: &str) -> i64 {
    let b = s.as_bytes();
    let mut delta = 0;
    for at in memchr::memchr_iter(b'<', b) {
        let rest = &b[at + 1..];
        if rest.len() >= 5 && rest[..5].eq_ignore_ascii_case(b"table") {
            delta += 1;
        } else if rest.len() >= 6 && rest[..6].eq_ignore_ascii_case(b"/table") {
            delta -= 1;
        }
    }
    delta
}

/// A line that starts a Markdown heading or a bold line (caption, status code): the template
/// never puts either inside a table, so an unclosed table ends before it.
fn ends_unclosed_table(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with("**")
}

/// Splits `text` into blocks. Never fails: anything unrecognised is `Text`.
///
/// Runs in time linear in the page: every line is looked at a bounded number of times, also
/// when tables are left unclosed.
pub(crate) fn blocks(text: &str) -> Vec<Located> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    // Whether a table closes is decided up front, so that an unclosed `<table>` does not make
    // the splitter scan to the end of the page once per table: `prefix[i]` is the `<table`
    // nesting after lines `..i`, `suffix_min[i]` the lowest nesting reached at or after `i`.
    let mut prefix = Vec::with_capacity(lines.len() + 1);
    prefix.push(0i64);
    for l in &lines {
        let last = prefix.last().copied().unwrap_or(0);
        prefix.push(last + table_depth_delta(l));
    }
    let mut suffix_min = prefix.clone();
    for i in (0..suffix_min.len().saturating_sub(1)).rev() {
        suffix_min[i] = suffix_min[i].min(suffix_min[i + 1]);
    }

    let mut out = Vec::new();
    let mut idx = 0usize;
    while idx < lines.len() {
        let raw = lines[idx];
        let line_no = (idx + 1) as u32;
        idx += 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            let indent = raw.len() - raw.trim_start().len();
            let mut body = Vec::new();
            let mut closed = false;
            while idx < lines.len() {
                let l = lines[idx];
                idx += 1;
                if l.trim() == fence {
                    closed = true;
                    break;
                }
                body.push(dedent(l, indent));
            }
            out.push(Located {
                line: line_no,
                block: Block::Code {
                    text: body.join("\n"),
                    closed,
                },
            });
            continue;
        }
        if pipe::is_row(raw) && lines.get(idx).is_some_and(|l| pipe::is_delimiter_row(l)) {
            let start = idx - 1;
            idx += 1;
            while idx < lines.len() && pipe::is_row(lines[idx]) {
                idx += 1;
            }
            out.push(Located {
                line: line_no,
                block: Block::Table {
                    text: lines[start..idx].join("\n"),
                    form: TableForm::Pipe,
                    end: TableEnd::Closed,
                },
            });
            continue;
        }
        if let Some(pos) = find_ci(raw, "<table") {
            let prefix_text = &raw[..pos];
            if let Some(name) = anchor_name(prefix_text) {
                out.push(Located {
                    line: line_no,
                    block: Block::Anchor { name },
                });
            }
            let mut html = String::from(&raw[pos..]);
            let mut depth = table_depth_delta(&html);
            // Nesting after line `e` (0-based, e >= idx) is `depth + prefix[e + 1] - prefix[idx]`.
            let closes = depth <= 0
                || suffix_min
                    .get(idx + 1)
                    .is_some_and(|&m| m - prefix[idx] + depth <= 0);
            let end = if closes {
                while depth > 0 && idx < lines.len() {
                    let l = lines[idx];
                    idx += 1;
                    html.push('\n');
                    html.push_str(l);
                    depth += table_depth_delta(l);
                }
                TableEnd::Closed
            } else {
                while idx < lines.len() && !ends_unclosed_table(lines[idx]) {
                    html.push('\n');
                    html.push_str(lines[idx]);
                    idx += 1;
                }
                if idx < lines.len() {
                    TableEnd::Cut {
                        before: (idx + 1) as u32,
                    }
                } else {
                    // A final newline ends the last line; it does not start another.
                    let last = lines.len() - usize::from(lines.last() == Some(&""));
                    TableEnd::PageEnd {
                        last: last.max(1) as u32,
                    }
                }
            };
            out.push(Located {
                line: line_no,
                block: Block::Table {
                    text: html,
                    form: TableForm::Html,
                    end,
                },
            });
            continue;
        }
        let block = if trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let rest = &trimmed[level..];
            Block::Heading {
                level: level.min(6) as u8,
                text: plain(rest),
                anchor: anchor_name(rest),
            }
        } else if trimmed.starts_with("<a name=") && plain(trimmed).is_empty() {
            match anchor_name(trimmed) {
                Some(name) => Block::Anchor { name },
                None => Block::Text {
                    text: trimmed.to_owned(),
                    anchor: None,
                    links: Vec::new(),
                },
            }
        } else if trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.len() > 4 {
            Block::Bold {
                text: plain(trimmed),
            }
        } else {
            let t = trimmed
                .strip_prefix("- ")
                .or_else(|| trimmed.strip_prefix("* "))
                .unwrap_or(trimmed);
            let read = crate::inline::read(t);
            Block::Text {
                text: read.text,
                anchor: anchor_name(t),
                links: read.links,
            }
        };
        out.push(Located {
            line: line_no,
            block,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_template_path() {
        assert_eq!(
            unescape(r"GET /v2/\{project\_id\}/x"),
            "GET /v2/{project_id}/x"
        );
    }

    #[test]
    fn splits_page_shapes() {
        let page = "# T<a name=\"Op\"></a>\n\n**表 1**  路径参数\n\n<a name=\"response_X\"></a>\n<table><tr><td>a</td></tr>\n</table>\n-   item\n    ```\n    GET /x\n    ```\n";
        let b = blocks(page);
        assert_eq!(
            b[0].block,
            Block::Heading {
                level: 1,
                text: "T".into(),
                anchor: Some("Op".into())
            }
        );
        // `**表 1**  路径参数` is only partly bold: a text line, read as a caption later.
        assert_eq!(
            b[1].block,
            Block::Text {
                text: "表 1 路径参数".into(),
                anchor: None,
                links: vec![]
            }
        );
        assert_eq!(
            b[2].block,
            Block::Anchor {
                name: "response_X".into()
            }
        );
        assert!(matches!(
            &b[3].block,
            Block::Table {
                end: TableEnd::Closed,
                ..
            }
        ));
        assert_eq!(b[3].line, 6);
        assert_eq!(
            b[4].block,
            Block::Text {
                text: "item".into(),
                anchor: None,
                links: vec![]
            }
        );
        assert_eq!(
            b[5].block,
            Block::Code {
                text: "GET /x".into(),
                closed: true
            }
        );
    }

    #[test]
    fn unclosed_table_is_reported_not_lost() {
        let b = blocks("<table><tr><td>a</td></tr>\nmore");
        assert!(matches!(
            &b[0].block,
            Block::Table {
                end: TableEnd::PageEnd { last: 2 },
                ..
            }
        ));
    }

    #[test]
    fn unclosed_table_ends_before_the_next_caption() {
        let b = blocks(
            "<table><tr><td>a</td></tr>\n\n**表 2**  X\n<table><tr><td>b</td></tr></table>\n",
        );
        assert!(matches!(
            &b[0].block,
            Block::Table {
                end: TableEnd::Cut { before: 3 },
                ..
            }
        ));
        assert!(matches!(
            &b[2].block,
            Block::Table {
                end: TableEnd::Closed,
                ..
            }
        ));
    }

    #[test]
    fn case_insensitive_search() {
        assert_eq!(find_ci("ab<TaBle>", "<table"), Some(2));
        assert_eq!(find_ci("<tab<table", "<table"), Some(4));
        assert_eq!(find_ci("<tabl", "<table"), None);
        assert_eq!(find_ci("表<table", "<table"), Some(3));
        assert_eq!(table_depth_delta("<table></TABLE><table"), 1);
        assert_eq!(
            table_depth_delta("<table><table></table>x</table></table"),
            -1
        );
        assert_eq!(table_depth_delta("<tab <tables"), 1);
    }

    #[test]
    fn code_indentation_with_wide_spaces() {
        // The fence is indented two bytes; the body line by one three-byte U+3000.
        let b = blocks("  ```\n\u{3000}x\n    y\n  ```\n");
        assert_eq!(
            b[0].block,
            Block::Code {
                text: "\u{3000}x\n  y".into(),
                closed: true
            }
        );
    }

    #[test]
    fn page_end_is_the_last_line_not_the_final_newline() {
        let b = blocks("<table><tr><td>a</td></tr>\n");
        assert!(matches!(
            &b[0].block,
            Block::Table {
                end: TableEnd::PageEnd { last: 1 },
                ..
            }
        ));
    }
}
