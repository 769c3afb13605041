//! Splits a page into the few block kinds the documentation tool emits.
//!
//! The pages are not free-form Markdown: they come from one documentation tool whose template
//! writes headings, bold captions, `<a name>` anchors, whole HTML tables and fenced code blocks,
//! each starting on its own line. A line scanner that knows those shapes keeps exact line numbers
//! for diagnostics, which a general Markdown parser would make us reconstruct.

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
    /// An HTML table, from the line with `<table` to its matching `</table>`.
    Table { html: String, closed: bool },
    /// A fenced code block, indentation of the fence removed.
    Code { text: String, closed: bool },
    /// Any other non-blank line (list markers removed, escapes undone).
    Text { text: String },
}

/// Undoes Markdown backslash escapes (`\{`, `\_`): the pages escape every ASCII punctuation
/// character that Markdown could read as markup.
pub(crate) fn unescape(s: &str) -> String {
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

/// Removes HTML tags and `**` markers, undoes escapes and collapses whitespace.
pub(crate) fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = unescape(&out.replace("**", ""));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count_ci(hay: &str, needle: &str) -> usize {
    // Tag names are ASCII, so byte-wise lower-casing keeps offsets meaningful.
    hay.to_ascii_lowercase().matches(needle).count()
}

/// Splits `text` into blocks. Never fails: anything unrecognised is `Text`.
pub(crate) fn blocks(text: &str) -> Vec<Located> {
    let mut out = Vec::new();
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((idx, raw)) = lines.next() {
        let line_no = (idx + 1) as u32;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            let indent = raw.len() - raw.trim_start().len();
            let mut body = Vec::new();
            let mut closed = false;
            for (_, l) in lines.by_ref() {
                let l = l.strip_suffix('\r').unwrap_or(l);
                if l.trim() == fence {
                    closed = true;
                    break;
                }
                let cut = l.len() - l.trim_start().len();
                body.push(&l[cut.min(indent)..]);
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
        if let Some(pos) = raw.to_ascii_lowercase().find("<table") {
            let prefix = &raw[..pos];
            if let Some(name) = anchor_name(prefix) {
                out.push(Located {
                    line: line_no,
                    block: Block::Anchor { name },
                });
            }
            let mut html = String::from(&raw[pos..]);
            let mut depth = count_ci(&html, "<table") as i64 - count_ci(&html, "</table") as i64;
            while depth > 0 {
                let Some((_, l)) = lines.next() else { break };
                let l = l.strip_suffix('\r').unwrap_or(l);
                html.push('\n');
                html.push_str(l);
                depth += count_ci(l, "<table") as i64 - count_ci(l, "</table") as i64;
            }
            out.push(Located {
                line: line_no,
                block: Block::Table {
                    html,
                    closed: depth <= 0,
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
            Block::Text { text: plain(t) }
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
                text: "表 1 路径参数".into()
            }
        );
        assert_eq!(
            b[2].block,
            Block::Anchor {
                name: "response_X".into()
            }
        );
        assert!(matches!(&b[3].block, Block::Table { closed: true, .. }));
        assert_eq!(b[3].line, 6);
        assert_eq!(
            b[4].block,
            Block::Text {
                text: "item".into()
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
        assert!(matches!(&b[0].block, Block::Table { closed: false, .. }));
    }
}
