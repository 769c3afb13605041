//! The template-neutral first pass: walks a page's blocks, gives every block the role of the
//! section it sits in (recognised from heading words, see [`crate::roles`]), and collects the
//! raw material of an operation: request-line candidates, tables with their captions,
//! anchors and status, examples, status lines and links to other pages. It knows no
//! template; the resolver turns the material into the IR.

use crate::diag::Sink;
use crate::ir::{Example, RequestExample, Source};
use crate::markdown::{Block, Located, TableEnd};
use crate::request_line::{self, RequestLine};
use crate::roles::{self, Columns, SectionRole};
use crate::table::{self, Table};

/// A table with the context it was found in.
#[derive(Debug)]
pub(crate) struct RawTable {
    /// Caption without the `表 N` prefix, e.g. `RecordsResponse`.
    pub name: String,
    /// The caption's number (`表 3` → `3`, `表 2-1` → `2-1`).
    pub number: Option<String>,
    pub anchor: Option<String>,
    /// Other anchors written since the previous table, heading or code (`<a name="li3">`
    /// on the line that introduces the table): links to them lead here too.
    pub aliases: Vec<String>,
    pub section: SectionRole,
    /// The heading text of the section the table is in.
    pub heading: String,
    pub status: Option<u16>,
    /// The last short line before the table (since the previous table or heading), e.g.
    /// `正常响应要素说明` or `异常响应：`: it tells a success body from an error body.
    pub lead: String,
    pub line: u32,
    pub table: Table,
    pub columns: Columns,
    /// The number of the section (heading or sub-heading) the table is in.
    pub section_no: usize,
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
            file: None,
        }
    }

    /// A [`Source`] for `line` inside the table, with the data row that holds it, if any.
    pub fn source_at_line(&self, line: u32) -> Source {
        let row = self.table.rows.iter().rposition(|r| r.line <= line);
        Source {
            line,
            table: Some(self.label.clone()),
            row: row.map(|r| r as u32 + 1),
            file: None,
        }
    }
}

/// A request line found on the page, with where it was found.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub line: RequestLine,
    pub at: u32,
    pub section: SectionRole,
}

/// A link from a request or response section to another page that documents its
/// parameters (`请参考[响应（任务类）](响应（任务类）.md)`).
#[derive(Debug, Clone)]
pub(crate) struct SeeAlso {
    pub section: SectionRole,
    pub status: Option<u16>,
    pub href: String,
    pub line: u32,
}

/// A heading, with the role it was given.
#[derive(Debug, Clone)]
pub(crate) struct SectionInfo {
    pub role: SectionRole,
    pub line: u32,
}

/// Everything collected from one walk over the blocks.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub h1: Option<(String, Option<String>, u32)>,
    pub sections: Vec<SectionInfo>,
    /// The operation ids named by API Explorer links (`...&api=ListBigkeyScanTasks`), each
    /// once, in page order.
    pub explorer_api: Vec<String>,
    pub intro: Vec<String>,
    /// Request lines in page order.
    pub candidates: Vec<Candidate>,
    /// The first line of text in a URI section, for the message when it holds no request line.
    pub uri_text: Option<(String, u32)>,
    pub uri_section_line: Option<u32>,
    pub tables: Vec<RawTable>,
    /// (status, line) for each status marker in a response section (`**状态码： 200**`).
    pub response_statuses: Vec<(u16, u32)>,
    pub response_examples: Vec<(Option<u16>, Example)>,
    pub request_examples: Vec<RequestExample>,
    /// Status codes written as text in a status section: (code, description, line).
    pub status_lines: Vec<(u16, String, u32)>,
    pub see_also: Vec<SeeAlso>,
    /// Anchors of section headings, with the index the section's first table has (or will
    /// have) and the section's number in [`Raw::sections`]: a link to a heading means the
    /// table under it, if the section has one.
    pub section_anchors: Vec<(String, usize, usize)>,
}

impl Raw {
    /// True when some section heading has an operation role.
    pub fn has_operation_sections(&self) -> bool {
        self.sections.iter().any(|s| s.role.is_operation_part())
    }
}

/// Splits `表 3 响应Body参数` (or, on an English page, `Table 3 Response parameters`) into the
/// caption's number and its name part.
fn caption_parts(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let rest = text.strip_prefix('表').or_else(|| {
        text.get(..5)
            .filter(|w| w.eq_ignore_ascii_case("table"))
            .map(|_| &text[5..])
    })?;
    let rest = rest.trim_start();
    let digits = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .count();
    if digits == 0 {
        return None;
    }
    let name = rest[digits..].trim().trim_start_matches([':', '：']).trim();
    Some((rest[..digits].to_owned(), name.to_owned()))
}

/// The operation id in an API Explorer link (`...?product=DCS&api=ListBigkeyScanTasks`).
fn explorer_api(text: &str) -> Option<String> {
    let text = text.replace("&amp;", "&");
    let text = text.as_str();
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

/// The links of a line that lead to other pages: `X.md` or `X.md#anchor`.
fn page_links(links: &[String]) -> Vec<String> {
    links
        .iter()
        .map(|h| h.trim())
        .filter(|h| h.split('#').next().unwrap_or("").ends_with(".md") && !h.contains("://"))
        .map(str::to_owned)
        .collect()
}

/// Words that mark a table or a link as describing an error response, not the success body.
pub(crate) fn mentions_error(text: &str) -> bool {
    ["异常", "错误", "失败", "error"]
        .iter()
        .any(|w| text.contains(w))
}

/// One level of the section stack: a heading (or a line written as one) and its role.
struct Level {
    depth: u8,
    role: SectionRole,
    heading: String,
}

struct Walk<'s> {
    raw: Raw,
    sink: &'s mut Sink,
    stack: Vec<Level>,
    caption: Option<String>,
    anchor: Option<String>,
    aliases: Vec<String>,
    status: Option<u16>,
    lead: String,
    /// Text since the last code block, introducing the next example.
    text_since_code: Vec<String>,
    /// A method written alone on a line of a URI section, waiting for its path.
    pending_method: Option<(&'static str, u32)>,
    /// A path written alone on a line of a URI section, waiting for its method.
    pending_target: Option<(request_line::Target, u32)>,
}

impl Walk<'_> {
    fn role(&self) -> SectionRole {
        self.stack.last().map_or(SectionRole::Preamble, |l| l.role)
    }

    /// An anchor for the next table; the one written closest to it is its own, the others
    /// lead there too.
    fn set_anchor(&mut self, name: &str) {
        if let Some(previous) = self.anchor.replace(name.to_owned()) {
            self.aliases.push(previous);
        }
    }

    /// The role a table gets: an example sub-heading (`样例：` under URI) introduces code, not
    /// the tables after it, which belong to the section around it.
    fn table_role(&self) -> SectionRole {
        let is_example = |r: SectionRole| {
            matches!(
                r,
                SectionRole::RequestExample | SectionRole::ResponseExample | SectionRole::Example
            )
        };
        self.stack
            .iter()
            .rev()
            .map(|l| l.role)
            .find(|r| !is_example(*r))
            .unwrap_or_else(|| self.role())
    }

    fn heading(&self) -> String {
        self.stack
            .last()
            .map(|l| l.heading.clone())
            .unwrap_or_default()
    }

    /// Enters a section at `depth` whose heading says `text`.
    fn enter(&mut self, depth: u8, text: &str, line: u32) {
        while self.stack.last().is_some_and(|l| l.depth >= depth) {
            self.stack.pop();
        }
        let own = roles::section_role(text);
        let parent = self.stack.last().map(|l| l.role);
        let role = match (own, parent) {
            (SectionRole::Example, Some(p)) => p.example_within(),
            (SectionRole::Other, Some(p)) if depth > 2 => p,
            (r, _) => r,
        };
        self.stack.push(Level {
            depth,
            role,
            heading: text.to_owned(),
        });
        self.raw.sections.push(SectionInfo { role, line });
        if role == SectionRole::Uri && self.raw.uri_section_line.is_none() {
            self.raw.uri_section_line = Some(line);
        }
        self.status = None;
        self.caption = None;
        self.anchor = None;
        self.aliases.clear();
        self.lead.clear();
        self.text_since_code.clear();
        self.pending_method = None;
        self.pending_target = None;
    }

    /// A short line that works as a sub-heading: one level below the current heading.
    fn sub_heading(&mut self, text: &str, line: u32) -> bool {
        let Some(role) = roles::sub_heading_role(text) else {
            return false;
        };
        let base = self
            .stack
            .iter()
            .rev()
            .find(|l| l.depth <= 6)
            .map_or(1, |l| l.depth);
        let status = self.status;
        self.enter(base.max(1) + 10, text, line);
        // A sub-heading inside a response keeps the status it was given.
        if matches!(role, SectionRole::Response | SectionRole::ResponseExample) {
            self.status = status;
        }
        true
    }

    fn candidate(&mut self, found: Vec<RequestLine>, at: u32) {
        let section = self.role();
        for line in found {
            self.raw.candidates.push(Candidate { line, at, section });
        }
    }

    /// A line of text (outside tables and code) in the current section, with the targets
    /// of its links.
    fn text_line(&mut self, text: &str, links: &[String], line: u32) {
        for id in links.iter().filter_map(|l| explorer_api(l)) {
            if !self.raw.explorer_api.contains(&id) {
                self.raw.explorer_api.push(id);
            }
        }
        let role = self.role();
        match role {
            SectionRole::Intro => self.raw.intro.push(text.to_owned()),
            // The classic template puts the description right under the H1.
            SectionRole::Preamble if self.raw.h1.is_some() => self.raw.intro.push(text.to_owned()),
            SectionRole::Uri if self.raw.uri_text.is_none() => {
                self.raw.uri_text = Some((text.to_owned(), line));
            }
            _ => {}
        }
        let found = request_line::find_in_line(text);
        if !found.is_empty() {
            if !matches!(
                role,
                SectionRole::RequestExample | SectionRole::ResponseExample | SectionRole::Example
            ) {
                self.candidate(found, line);
            }
        } else if role == SectionRole::Uri {
            // A method and a path on two lines, in either order (`请求方法：POST` then
            // `URI：/v1/...`, or `PATH：/v3/...` then `Method：POST`).
            let pair = |m: &str, (path, query, concrete_host): request_line::Target| RequestLine {
                method: m.to_owned(),
                path,
                query,
                text: text.to_owned(),
                concrete_host,
            };
            if let Some(m) = request_line::method_only(text) {
                match self.pending_target.take() {
                    Some((target, at)) => self.candidate(vec![pair(m, target)], at),
                    None => self.pending_method = Some((m, line)),
                }
            } else if let Some(target) = request_line::target_only(text) {
                match self.pending_method.take() {
                    Some((m, _)) => self.candidate(vec![pair(m, target)], line),
                    None => self.pending_target = Some((target, line)),
                }
            }
        }
        if let Some(s) = roles::status_marker(text) {
            if matches!(
                role,
                SectionRole::Response | SectionRole::ResponseExample | SectionRole::Example
            ) {
                self.status = Some(s);
                self.text_since_code.clear();
                // A status the examples name (`失败响应` / `HTTP状态码 400` over an error
                // body, `成功响应` / `HTTP状态码 204` over nothing) is documented as surely
                // as one in the response section.
                self.raw.response_statuses.push((s, line));
                return;
            }
        }
        if role == SectionRole::Status {
            self.status_text(text, line);
        }
        if matches!(role, SectionRole::Request | SectionRole::Response) {
            for href in page_links(links) {
                if role == SectionRole::Response && mentions_error(text) {
                    continue;
                }
                self.raw.see_also.push(SeeAlso {
                    section: role,
                    status: self.status,
                    href,
                    line,
                });
            }
        }
        self.lead = text.to_owned();
        if matches!(
            role,
            SectionRole::RequestExample
                | SectionRole::ResponseExample
                | SectionRole::Example
                | SectionRole::Request
                | SectionRole::Response
        ) {
            self.text_since_code.push(text.to_owned());
        }
    }

    /// Status codes written as text: `200`, `正常 200`, `- 正常` then `202`.
    fn status_text(&mut self, text: &str, line: u32) {
        let codes = roles::status_codes_in(text);
        if codes.is_empty() {
            return;
        }
        let mut description = text.to_owned();
        for c in &codes {
            description = description.replacen(&c.to_string(), "", 1);
        }
        let mut description = description
            .trim()
            .trim_matches([':', '：', '-', ',', '，'])
            .trim()
            .to_owned();
        if description.is_empty() {
            description = self.lead.clone();
        }
        for c in codes {
            self.raw.status_lines.push((c, description.clone(), line));
        }
    }

    fn table(&mut self, table: Table, end: TableEnd, line: u32) {
        let (number, name) = match self.caption.as_deref().and_then(caption_parts) {
            Some((n, name)) => (Some(n), name),
            // Without a `表 N` caption, a short line right before the table names it
            // (`volume参数说明`).
            None if self.lead.chars().count() <= 40 => (None, self.lead.clone()),
            None => (None, String::new()),
        };
        let columns = Columns::of(&table.header);
        let t = RawTable {
            label: label(self.caption.take().as_deref(), self.anchor.as_deref(), line),
            name,
            number,
            anchor: self.anchor.take(),
            aliases: std::mem::take(&mut self.aliases),
            section: self.table_role(),
            heading: self.heading(),
            status: self.status,
            lead: std::mem::take(&mut self.lead),
            line,
            table,
            columns,
            section_no: self.raw.sections.len().wrapping_sub(1),
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
            self.sink.error(
                &t.source(None),
                msg,
                "`</table>` after the table's last row",
            );
        }
        if let Some(deep) = t.table.too_deep {
            self.sink.warning(
                &t.source_at_line(deep),
                format!(
                    "HTML elements nest more than {} levels deep here; the deeper tags are ignored and only their text is kept",
                    table::MAX_HTML_DEPTH
                ),
            );
        }
        // A table of methods and URIs (`请求方法 | URI`) is where some pages write the
        // request line.
        if let (Some(m), Some(u)) = (t.columns.method, t.columns.uri) {
            for row in &t.table.rows {
                let method = row.cells.get(m).map(|c| c.flat()).unwrap_or_default();
                let uri = row.cells.get(u).map(|c| c.flat()).unwrap_or_default();
                let found =
                    request_line::find_in_line(&format!("{} {}", method.trim(), uri.trim()));
                self.candidate(found, row.line);
            }
        }
        self.raw.tables.push(t);
        // What introduces the next example is written after the tables, not before them.
        self.text_since_code.clear();
    }

    fn code(&mut self, text: &str, line: u32) {
        let src = Source {
            line,
            ..Source::default()
        };
        let description = self.text_since_code.join("\n");
        self.text_since_code.clear();
        let role = self.role();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let starts_with_request = request_line::method_line(first.trim()).is_some();
        // `DELETE /?tagging HTTP/1.1` at the head of a request section's code block: the
        // request line of a page written as the HTTP message (`## 请求消息样式`).
        if role == SectionRole::Request
            && first.trim_end().ends_with(|c: char| c.is_ascii_digit())
            && first.contains(" HTTP/")
        {
            let found = request_line::find_in_line(first);
            self.candidate(found, line + 1);
        }
        // A code block that holds nothing but a request line template (placeholders, not
        // values), outside the sections that hold examples and not introduced as one (`URI`
        // written as a plain line above it): the request line, as on a line of its own.
        let one_line = text.lines().filter(|l| !l.trim().is_empty()).count() == 1;
        let template: Vec<RequestLine> = request_line::find_in_line(first)
            .into_iter()
            .filter(|r| r.path.contains('{') && !r.concrete_host)
            .collect();
        if one_line
            && !template.is_empty()
            && !["示例", "样例", "example"]
                .iter()
                .any(|w| description.contains(w))
            && matches!(
                role,
                SectionRole::Preamble | SectionRole::Intro | SectionRole::Other
            )
        {
            self.candidate(template, line + 1);
            return;
        }
        let role = match role {
            SectionRole::Example if starts_with_request => SectionRole::RequestExample,
            SectionRole::Example => {
                let said = description.as_str();
                if said.contains("请求") && !said.contains("响应") {
                    SectionRole::RequestExample
                } else {
                    SectionRole::ResponseExample
                }
            }
            SectionRole::Request => SectionRole::RequestExample,
            SectionRole::Response => SectionRole::ResponseExample,
            SectionRole::Uri => {
                // The URI section's code block holds the request line (or an example of one,
                // which names concrete values rather than placeholders).
                let found = request_line::find_in_line(first);
                if starts_with_request && !found.is_empty() {
                    self.candidate(found, line + 1);
                }
                return;
            }
            other => other,
        };
        match role {
            SectionRole::ResponseExample => self.raw.response_examples.push((
                self.status,
                Example {
                    description,
                    json: None,
                    raw: text.to_owned(),
                    source: src,
                },
            )),
            SectionRole::RequestExample => {
                let previous = self.raw.request_examples.last();
                let Some(ex) = request_example(text, description, src, previous, self.sink) else {
                    return;
                };
                // A request line in one block and its body in the next are one example.
                match self.raw.request_examples.last_mut() {
                    Some(p)
                        if p.raw_body.is_empty()
                            && !p.method.is_empty()
                            && !starts_with_request
                            && !ex.raw_body.is_empty() =>
                    {
                        p.json = ex.json;
                        p.raw_body = ex.raw_body;
                    }
                    _ => self.raw.request_examples.push(ex),
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn walk(blocks: &[Located], sink: &mut Sink) -> Raw {
    let mut w = Walk {
        raw: Raw::default(),
        sink,
        stack: Vec::new(),
        caption: None,
        anchor: None,
        aliases: Vec::new(),
        status: None,
        lead: String::new(),
        text_since_code: Vec::new(),
        pending_method: None,
        pending_target: None,
    };
    for Located { line, block } in blocks {
        let line = *line;
        match block {
            Block::Heading {
                level,
                text,
                anchor: a,
            } => {
                if *level == 1 && w.raw.h1.is_none() {
                    w.raw.h1 = Some((text.clone(), a.clone(), line));
                    continue;
                }
                w.enter((*level).max(2), text, line);
                if let Some(a) = a {
                    let section = w.raw.sections.len() - 1;
                    w.raw
                        .section_anchors
                        .push((a.clone(), w.raw.tables.len(), section));
                }
            }
            Block::Anchor { name } => w.set_anchor(name),
            Block::Bold { text } | Block::Text { text, .. } if caption_parts(text).is_some() => {
                w.caption = Some(text.clone());
            }
            Block::Bold { text } => {
                if roles::status_marker(text).is_none() && w.sub_heading(text, line) {
                    continue;
                }
                w.text_line(text, &[], line);
            }
            Block::Text {
                text,
                anchor,
                links,
            } => {
                // An anchor written into a line names what the line introduces: the table
                // after `-   <a name="li3"></a>volume参数说明`.
                if let Some(a) = anchor {
                    w.set_anchor(a);
                }
                // A plain line is a sub-heading only when it is written as a label.
                let label_like =
                    text.trim_end().ends_with([':', '：']) && !text.contains(['表', '见', '如']);
                if label_like && roles::status_marker(text).is_none() && w.sub_heading(text, line) {
                    continue;
                }
                w.text_line(text, links, line);
            }
            Block::Table { text, form, end } => w.table(table::read(text, *form, line), *end, line),
            Block::Code { text, .. } => w.code(text, line),
        }
    }
    w.raw
}

/// The JSON of an example code block that writes more than the body: a status line
/// (`HTTP/1.1 200 OK`, `Http Status Code: 200`), headers (`Content-Type: …`), a request line,
/// `//` comments. Returns the text from the first line that starts a JSON value, and the
/// status a status line named; the text as it is when no line starts one.
pub(crate) fn json_part(text: &str) -> (&str, Option<u16>) {
    let mut status = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with(['{', '[']) || t == "null" {
            return (text[at..].trim(), status);
        }
        let lower = t.to_ascii_lowercase();
        let skippable = t.is_empty()
            || t.starts_with("//")
            || lower.starts_with("http/")
            || lower.contains("status code")
            || request_line::method_line(t).is_some()
            || crate::roles::status_marker(t).is_some()
            // A header: `Name: value`, the name one ASCII word.
            || t.split_once(':').is_some_and(|(n, _)| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !skippable {
            return (text, None);
        }
        if status.is_none() && (lower.starts_with("http/") || lower.contains("status code")) {
            status = crate::roles::status_codes_in(t).first().copied();
        }
        at += line.len();
    }
    (text, None)
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
    let (method, url, body) = match request_line::method_line(first.trim()) {
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
        // A body with no request line at all is the operation's own request: the resolver
        // fills in its method and path.
        None => match previous {
            Some(p) => (p.method.clone(), p.url.clone(), text.trim()),
            None => (String::new(), String::new(), text.trim()),
        },
    };
    let body = json_part(body).0;
    let json = if body.is_empty() {
        None
    } else {
        match crate::lenient_json::parse(body) {
            Ok((v, slips)) => {
                if !slips.is_empty() {
                    sink.warning(
                        &source,
                        crate::lenient_json::slips_warning("request example body", &slips),
                    );
                }
                Some(v)
            }
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
    fn captions() {
        assert_eq!(
            caption_parts("表 3 响应Body参数"),
            Some(("3".into(), "响应Body参数".into()))
        );
        assert_eq!(
            caption_parts("表 12 RecordsResponse"),
            Some(("12".into(), "RecordsResponse".into()))
        );
        assert_eq!(caption_parts("表格"), None);
        assert_eq!(
            caption_parts("Table 4 Description of the server field"),
            Some(("4".into(), "Description of the server field".into()))
        );
        assert_eq!(
            caption_parts("TABLE 2-1 Response parameters"),
            Some(("2-1".into(), "Response parameters".into()))
        );
        assert_eq!(caption_parts("Tables of contents"), None);
        assert_eq!(caption_parts("Table describes"), None);
    }

    #[test]
    fn json_after_status_lines_headers_and_comments() {
        assert_eq!(
            json_part("HTTP/1.1 200 OK\nContent-Type: application/json\n\n[1]"),
            ("[1]", Some(200))
        );
        assert_eq!(
            json_part("Http Status Code: 201\n{\"a\": 1}"),
            ("{\"a\": 1}", Some(201))
        );
        assert_eq!(json_part("//成功。\n{}"), ("{}", None));
        assert_eq!(json_part("无"), ("无", None));
    }

    #[test]
    fn links_to_pages() {
        let links = |line: &str| page_links(&crate::inline::read(line).links);
        assert_eq!(
            links("请参考[响应（任务类）](响应（任务类）.md)。"),
            vec!["响应（任务类）.md"]
        );
        assert_eq!(
            links("见[表1](状态码.md#table1) 和 [x](https://a/b.md)"),
            vec!["状态码.md#table1"]
        );
    }
}
