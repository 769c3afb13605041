//! Walks a page's blocks section by section and collects its raw material: the URI line,
//! the tables with their captions and anchors, the examples and the intro text.

use crate::diag::Sink;
use crate::ir::{Example, RequestExample, Source};
use crate::markdown::{Block, Located, TableEnd};
use crate::table::{self, Table};

/// The `##` sections of the documentation tool's operation template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Preamble,
    Intro,
    Uri,
    Request,
    Response,
    RequestExample,
    ResponseExample,
    StatusCodes,
    Other,
}

impl Section {
    /// True for the sections of the operation template (not `Other` or the preamble).
    fn in_template(self) -> bool {
        !matches!(self, Section::Preamble | Section::Other)
    }

    fn of(heading: &str) -> Section {
        let h = heading.trim();
        if h.contains("功能介绍") {
            Section::Intro
        } else if h == "URI" {
            Section::Uri
        } else if h.contains("请求示例") {
            Section::RequestExample
        } else if h.contains("响应示例") {
            Section::ResponseExample
        } else if h.contains("请求参数") || h.contains("请求消息") {
            Section::Request
        } else if h.contains("响应参数") || h.contains("响应消息") {
            Section::Response
        } else if h == "状态码" {
            Section::StatusCodes
        } else {
            Section::Other
        }
    }
}

/// A table with the context it was found in.
#[derive(Debug)]
pub(crate) struct RawTable {
    /// Caption without the `表 N` prefix, e.g. `RecordsResponse`.
    pub name: String,
    pub anchor: Option<String>,
    pub section: Section,
    pub status: Option<u16>,
    pub line: u32,
    pub table: Table,
    /// How diagnostics and sources name the table: the full caption, e.g. `表 4
    /// RecordsResponse` (escapes undone), else the anchor (see [`label`]).
    pub label: String,
}

/// Longest table label, in characters. Every row's [`Source`] carries the label, so a crafted
/// megabyte-long caption line must not be copied once per row.
const MAX_LABEL_CHARS: usize = 120;

/// How diagnostics name a table: its caption, else its anchor, else its line; cut to
/// [`MAX_LABEL_CHARS`].
fn label(caption: Option<&str>, anchor: Option<&str>, line: u32) -> String {
    let Some(name) = caption.or(anchor) else {
        return format!("table at line {line}");
    };
    match name.char_indices().nth(MAX_LABEL_CHARS) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_owned(),
    }
}

impl RawTable {
    /// A [`Source`] for row `row` (0-based data row index), or the table itself.
    pub fn source(&self, row: Option<usize>) -> Source {
        Source {
            line: row
                .and_then(|r| self.table.rows.get(r))
                .map(|r| r.line)
                .unwrap_or(self.line),
            table: Some(self.label.clone()),
            row: row.map(|r| r as u32 + 1),
        }
    }

    /// A [`Source`] for `line` inside the table, with the data row that holds it, if any.
    pub fn source_at_line(&self, line: u32) -> Source {
        let row = self.table.rows.iter().rposition(|r| r.line <= line);
        Source {
            line,
            table: Some(self.label.clone()),
            row: row.map(|r| r as u32 + 1),
        }
    }
}

/// Everything collected from one walk over the blocks.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub h1: Option<(String, Option<String>, u32)>,
    pub has_uri_section: bool,
    /// Some `##` heading of the operation template has no anchor: the documentation tool's
    /// current template (older pages anchor every section heading and have no operation id).
    pub has_new_style_sections: bool,
    /// Line of the first `##` heading of the operation template after `## URI` (请求参数,
    /// 响应参数, examples, 状态码), anchored or not.
    pub first_section_after_uri: Option<u32>,
    /// Some `##` heading of the operation template, anchored or not.
    pub has_template_sections: bool,
    /// The operation id named by an API Explorer link (`...&api=ListBigkeyScanTasks`).
    pub explorer_api: Option<String>,
    pub intro: Vec<String>,
    pub uri_line: Option<(String, u32)>,
    pub uri_section_line: u32,
    pub tables: Vec<RawTable>,
    /// (status, line) for each `**状态码： N**` under 响应参数.
    pub response_statuses: Vec<(u16, u32)>,
    pub response_examples: Vec<(Option<u16>, Example)>,
    pub request_examples: Vec<RequestExample>,
}

/// Reads `状态码： 200` / `状态码: 200`.
fn status_of(text: &str) -> Option<u16> {
    let rest = text.trim().strip_prefix("状态码")?;
    let digits: String = rest
        .trim_start_matches([':', '：', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Splits `表 3 响应Body参数` into the caption and its name part.
fn caption_name(text: &str) -> Option<String> {
    let rest = text.trim().strip_prefix('表')?;
    let rest = rest.trim_start();
    let digits = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .count();
    if digits == 0 {
        return None;
    }
    Some(rest[digits..].trim().to_owned())
}

/// The operation id in an API Explorer link (`...?product=DCS&api=ListBigkeyScanTasks`),
/// which the template's 调试 section gives: a hint for a page whose H1 lost its anchor.
fn explorer_api(text: &str) -> Option<String> {
    if !text.contains("apiexplorer") {
        return None;
    }
    let at = text.find("&api=").or_else(|| text.find("?api="))?;
    let id: String = text[at + 5..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    crate::is_operation_id(&id).then_some(id)
}

pub(crate) const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// `GET /v2/...` or `GET https://host/...`: the method and the rest.
pub(crate) fn method_line(text: &str) -> Option<(String, String)> {
    let mut parts = text.split_whitespace();
    let m = parts.next()?;
    let target = parts.next()?;
    if METHODS.contains(&m) {
        Some((m.to_owned(), target.to_owned()))
    } else {
        None
    }
}

pub(crate) fn walk(blocks: &[Located], sink: &mut Sink) -> Raw {
    let mut raw = Raw::default();
    let mut section = Section::Preamble;
    let mut caption: Option<String> = None;
    let mut anchor: Option<String> = None;
    let mut status: Option<u16> = None;
    let mut text_since_code: Vec<String> = Vec::new();
    for Located { line, block } in blocks {
        let line = *line;
        match block {
            Block::Heading {
                level,
                text,
                anchor: a,
            } => {
                if *level == 1 && raw.h1.is_none() {
                    raw.h1 = Some((text.clone(), a.clone(), line));
                    continue;
                }
                if *level == 2 {
                    section = Section::of(text);
                    status = None;
                    caption = None;
                    anchor = None;
                    text_since_code.clear();
                    if section == Section::Uri && !raw.has_uri_section {
                        raw.has_uri_section = true;
                        raw.uri_section_line = line;
                    }
                    raw.has_template_sections |= section.in_template();
                    if section.in_template() && !matches!(section, Section::Intro | Section::Uri) {
                        raw.first_section_after_uri.get_or_insert(line);
                    }
                    // Old-style pages anchor their section headings; the operation template does not.
                    if section.in_template() && a.is_none() && !text.contains("消息") {
                        raw.has_new_style_sections = true;
                    }
                }
            }
            Block::Anchor { name } => anchor = Some(name.clone()),
            Block::Bold { text } | Block::Text { text } if caption_name(text).is_some() => {
                caption = Some(text.clone());
            }
            Block::Bold { text } if status_of(text).is_some() => {
                status = status_of(text);
                text_since_code.clear();
                if let (Section::Response, Some(s)) = (section, status) {
                    raw.response_statuses.push((s, line));
                }
            }
            Block::Bold { text } | Block::Text { text } => {
                if raw.explorer_api.is_none() {
                    raw.explorer_api = explorer_api(text);
                }
                match section {
                    Section::Intro => raw.intro.push(text.clone()),
                    Section::Uri if raw.uri_line.is_none() => {
                        raw.uri_line = Some((text.clone(), line));
                    }
                    Section::RequestExample | Section::ResponseExample => {
                        text_since_code.push(text.clone())
                    }
                    _ => {}
                }
            }
            Block::Table { html, end } => {
                let name = caption
                    .as_deref()
                    .and_then(caption_name)
                    .unwrap_or_default();
                let t = RawTable {
                    label: label(caption.take().as_deref(), anchor.as_deref(), line),
                    name,
                    anchor: anchor.take(),
                    section,
                    status,
                    line,
                    table: table::parse(html, line),
                };
                let unclosed = match end {
                    TableEnd::Closed => None,
                    TableEnd::Cut { before } => Some(format!(
                        "the table has no closing `</table>` before the next heading or bold line (line {before}); it was read up to line {}",
                        before - 1
                    )),
                    TableEnd::PageEnd { last } => Some(format!(
                        "the table has no closing `</table>`; it was read up to the end of the page (line {last})"
                    )),
                };
                if let Some(msg) = unclosed {
                    sink.error(
                        &t.source(None),
                        msg,
                        "`</table>` after the table's last row",
                    );
                }
                if let Some(deep) = t.table.too_deep {
                    sink.warning(
                        &t.source_at_line(deep),
                        format!(
                            "HTML elements nest more than {} levels deep here; the deeper tags are ignored and only their text is kept",
                            table::MAX_HTML_DEPTH
                        ),
                    );
                }
                raw.tables.push(t);
            }
            Block::Code { text, .. } => {
                let src = Source {
                    line,
                    table: None,
                    row: None,
                };
                let description = text_since_code.join("\n");
                text_since_code.clear();
                match section {
                    Section::ResponseExample => raw.response_examples.push((
                        status,
                        Example {
                            description,
                            json: None,
                            raw: text.clone(),
                            source: src,
                        },
                    )),
                    Section::RequestExample => {
                        let previous = raw.request_examples.last();
                        if let Some(ex) = request_example(text, description, src, previous, sink) {
                            raw.request_examples.push(ex);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    raw
}

/// Where a JSON error is on the page, and what it is: `first_line` is the page line of the
/// parsed text's first line. serde_json counts lines and columns from 1.
pub(crate) fn json_error(e: &serde_json::Error, first_line: u32) -> (u32, String) {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the line is given as the diagnostic's own.
    let what = match text.rfind(" at line ") {
        Some(cut) => &text[..cut],
        None => text.as_str(),
    };
    let line = first_line + (e.line().max(1) as u32 - 1);
    (line, format!("{what} at column {}", e.column()))
}

/// Byte offset of `inner` in `outer`; `inner` must be a sub-slice of `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

fn request_example(
    text: &str,
    description: String,
    source: Source,
    previous: Option<&RequestExample>,
    sink: &mut Sink,
) -> Option<RequestExample> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let (method, url, body) = match method_line(first.trim()) {
        Some((m, u)) => {
            let rest = text
                .trim_start()
                .split_once('\n')
                .map(|(_, b)| b)
                .unwrap_or("");
            (m, u, rest.trim())
        }
        // Pages with several examples often write the request line only once and give the
        // later ones as bodies alone: they share the request line.
        None => match previous {
            Some(p) => (p.method.clone(), p.url.clone(), text.trim()),
            None => {
                sink.warning(
                    &source,
                    "request example does not start with `METHOD URL` and no earlier example gives one; kept out of the IR",
                );
                return None;
            }
        },
    };
    let json = if body.is_empty() {
        None
    } else {
        match serde_json::from_str(body) {
            Ok(v) => Some(v),
            Err(e) => {
                // The block's text starts on the line after the fence.
                let before = text.get(..offset_in(text, body)).unwrap_or("");
                let body_line = before.matches('\n').count() as u32;
                let (line, what) = json_error(&e, source.line + 1 + body_line);
                sink.warning(
                    &Source {
                        line,
                        ..Source::default()
                    },
                    format!("request example body is not valid JSON: {what}; kept as text"),
                );
                None
            }
        }
    };
    Some(RequestExample {
        description,
        method,
        url,
        json,
        raw_body: body.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_caption_lines() {
        assert_eq!(status_of("状态码： 200"), Some(200));
        assert_eq!(status_of("状态码: 404"), Some(404));
        assert_eq!(status_of("状态码"), None);
        assert_eq!(
            caption_name("表 3 响应Body参数").as_deref(),
            Some("响应Body参数")
        );
        assert_eq!(
            caption_name("表 12 RecordsResponse").as_deref(),
            Some("RecordsResponse")
        );
        assert_eq!(caption_name("表格"), None);
        assert_eq!(
            method_line("GET /v2/x"),
            Some(("GET".into(), "/v2/x".into()))
        );
        assert_eq!(method_line("/v2/x"), None);
    }
}
