//! Walks a page's blocks section by section and collects its raw material: the URI line,
//! the tables with their captions and anchors, the examples and the intro text.

use crate::diag::Sink;
use crate::ir::{Example, RequestExample, Source};
use crate::markdown::{Block, Located};
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
    /// Full caption, e.g. `表 4 RecordsResponse` (escapes undone).
    pub caption: Option<String>,
    /// Caption without the `表 N` prefix, e.g. `RecordsResponse`.
    pub name: String,
    pub anchor: Option<String>,
    pub section: Section,
    pub status: Option<u16>,
    pub line: u32,
    pub table: Table,
}

impl RawTable {
    /// A [`Source`] for row `row` (0-based data row index), or the table itself.
    pub fn source(&self, row: Option<usize>) -> Source {
        Source {
            line: row
                .and_then(|r| self.table.rows.get(r))
                .map(|r| r.line)
                .unwrap_or(self.line),
            table: Some(self.label()),
            row: row.map(|r| r as u32 + 1),
        }
    }

    /// How diagnostics name the table.
    pub fn label(&self) -> String {
        self.caption
            .clone()
            .or_else(|| self.anchor.clone())
            .unwrap_or_else(|| format!("table at line {}", self.line))
    }
}

/// Everything collected from one walk over the blocks.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub h1: Option<(String, Option<String>, u32)>,
    pub has_uri_section: bool,
    pub has_new_style_sections: bool,
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

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

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
                    if section == Section::Uri {
                        raw.has_uri_section = true;
                        raw.uri_section_line = line;
                    }
                    // Old-style pages anchor their section headings; the operation template does not.
                    if matches!(section, Section::Request | Section::Response)
                        && a.is_none()
                        && !text.contains("消息")
                    {
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
            Block::Bold { text } | Block::Text { text } => match section {
                Section::Intro => raw.intro.push(text.clone()),
                Section::Uri if raw.uri_line.is_none() => {
                    raw.uri_line = Some((text.clone(), line));
                }
                Section::RequestExample | Section::ResponseExample => {
                    text_since_code.push(text.clone())
                }
                _ => {}
            },
            Block::Table { html, closed } => {
                let name = caption
                    .as_deref()
                    .and_then(caption_name)
                    .unwrap_or_default();
                let t = RawTable {
                    caption: caption.take(),
                    name,
                    anchor: anchor.take(),
                    section,
                    status,
                    line,
                    table: table::parse(html, line),
                };
                if !closed {
                    sink.error(
                        &t.source(None),
                        "the table is never closed",
                        "a matching `</table>`",
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
            (m, u, rest.trim().to_owned())
        }
        // Pages with several examples often write the request line only once and give the
        // later ones as bodies alone: they share the request line.
        None => match previous {
            Some(p) => (p.method.clone(), p.url.clone(), text.trim().to_owned()),
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
        match serde_json::from_str(&body) {
            Ok(v) => Some(v),
            Err(e) => {
                sink.warning(
                    &source,
                    format!("request example body is not valid JSON ({e}); kept as text"),
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
        raw_body: body,
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
