//! Meaning-preserving rewrites of a page: the same facts, written the way another service or
//! another doc version writes them. Each [`Kind`] is one rewrite, applied to every place of the
//! page it fits; where it cannot keep the meaning (a table with spans as a pipe table) it
//! leaves that place alone and counts it as skipped.

use super::tables::{self, Found, Grid, Syntax};

/// One rewrite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// HTML tables written as pipe tables (tables with spans or nested tables skipped).
    HtmlToPipe,
    /// Pipe tables written as HTML tables.
    PipeToHtml,
    /// Every table's columns in reverse order.
    ColumnsReversed,
    /// Column headers replaced by another Chinese synonym the corpus uses.
    HeadersSynonyms,
    /// Column headers in English (`Parameter`, `Mandatory`, `Type`, `Description`).
    HeadersEnglish,
    /// `表 1` written `表1` and `表1` written `表 1`.
    CaptionSpacing,
    /// Full-width colons and parentheses written half-width.
    PunctuationHalf,
    /// Half-width colons and parentheses after Chinese text written full-width.
    PunctuationFull,
    /// Every heading one level deeper.
    HeadingsDeeper,
    /// Every blank line doubled.
    ExtraBlankLines,
    /// CRLF line ends.
    Crlf,
    /// Trailing spaces on every line outside code blocks.
    TrailingSpaces,
    /// Paragraphs inside data cells separated by `<br>` instead of `<p>`, with a trailing one.
    BrInCells,
    /// Every data cell wrapped in `<p>…</p>`.
    ParagraphCells,
    /// Names in the name column in bold.
    BoldNames,
    /// Types in the type column as code.
    CodeTypes,
    /// The request line inside a code block.
    RequestInCode,
    /// The request line as a `请求方法 | URI` table.
    RequestInTable,
    /// The request line without Markdown escapes (`{project_id}`).
    RequestUnescaped,
    /// The request line with Markdown escapes (`\{project\_id\}`).
    RequestEscaped,
    /// The request line with a host: `https://{endpoint}/v1/...`.
    RequestWithEndpoint,
    /// The page as the English reference writes it: headings, sub-headings, captions, status
    /// lines, column headers and Mandatory cells in English ([`super::english`]).
    English,
    /// Links to the page's own tables written as their text alone (`[Tag](#table3)` → `Tag`),
    /// as pages that name an object without linking to it do.
    LinksRemoved,
}

impl Kind {
    /// Every rewrite, in report order.
    pub const ALL: [Kind; 22] = [
        Kind::HtmlToPipe,
        Kind::PipeToHtml,
        Kind::ColumnsReversed,
        Kind::HeadersSynonyms,
        Kind::HeadersEnglish,
        Kind::CaptionSpacing,
        Kind::PunctuationHalf,
        Kind::PunctuationFull,
        Kind::HeadingsDeeper,
        Kind::ExtraBlankLines,
        Kind::Crlf,
        Kind::TrailingSpaces,
        Kind::BrInCells,
        Kind::ParagraphCells,
        Kind::BoldNames,
        Kind::CodeTypes,
        Kind::RequestInCode,
        Kind::RequestInTable,
        Kind::RequestUnescaped,
        Kind::RequestEscaped,
        Kind::RequestWithEndpoint,
        Kind::English,
    ];

    /// Rewrites run only when named with `--kind`: the reader does not yet keep every fact
    /// through them (README, Robustness), so they measure rather than gate.
    pub const MEASURED: [Kind; 1] = [Kind::LinksRemoved];

    /// The name shown in reports and accepted by `--kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::HtmlToPipe => "html-to-pipe",
            Kind::PipeToHtml => "pipe-to-html",
            Kind::ColumnsReversed => "columns-reversed",
            Kind::HeadersSynonyms => "headers-synonyms",
            Kind::HeadersEnglish => "headers-english",
            Kind::CaptionSpacing => "caption-spacing",
            Kind::PunctuationHalf => "punctuation-half",
            Kind::PunctuationFull => "punctuation-full",
            Kind::HeadingsDeeper => "headings-deeper",
            Kind::ExtraBlankLines => "extra-blank-lines",
            Kind::Crlf => "crlf",
            Kind::TrailingSpaces => "trailing-spaces",
            Kind::BrInCells => "br-in-cells",
            Kind::ParagraphCells => "p-in-cells",
            Kind::BoldNames => "bold-names",
            Kind::CodeTypes => "code-types",
            Kind::RequestInCode => "request-in-code",
            Kind::RequestInTable => "request-in-table",
            Kind::RequestUnescaped => "request-unescaped",
            Kind::RequestEscaped => "request-escaped",
            Kind::RequestWithEndpoint => "request-with-endpoint",
            Kind::English => "english",
            Kind::LinksRemoved => "links-removed",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .chain(Kind::MEASURED)
            .find(|k| k.name() == name)
    }
}

/// A rewritten page.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The page after the rewrite.
    pub text: String,
    /// Places the rewrite could not apply without changing the meaning.
    pub skipped: usize,
}

/// Applies `kind` to `text`.
pub fn apply(kind: Kind, text: &str) -> Rewritten {
    match kind {
        Kind::HtmlToPipe | Kind::PipeToHtml | Kind::ColumnsReversed => retable(kind, text),
        Kind::HeadersSynonyms
        | Kind::HeadersEnglish
        | Kind::BrInCells
        | Kind::ParagraphCells
        | Kind::BoldNames
        | Kind::CodeTypes => recell(kind, text),
        Kind::CaptionSpacing
        | Kind::PunctuationHalf
        | Kind::PunctuationFull
        | Kind::HeadingsDeeper
        | Kind::ExtraBlankLines
        | Kind::TrailingSpaces
        | Kind::LinksRemoved => relines(kind, text),
        Kind::Crlf => Rewritten {
            text: text.replace("\r\n", "\n").replace('\n', "\r\n"),
            skipped: 0,
        },
        Kind::RequestInCode
        | Kind::RequestInTable
        | Kind::RequestUnescaped
        | Kind::RequestEscaped
        | Kind::RequestWithEndpoint => request_line(kind, text),
        Kind::English => {
            let tabled = recell(kind, text);
            let lined = super::english::lines(&tabled.text);
            Rewritten {
                text: lined.text,
                skipped: tabled.skipped + lined.skipped,
            }
        }
    }
}

/// Rewrites that change a table's syntax or column order.
fn retable(kind: Kind, text: &str) -> Rewritten {
    let mut edits = Vec::new();
    let mut skipped = 0;
    for f in tables::find(text) {
        let wanted = match kind {
            Kind::HtmlToPipe => f.syntax == Syntax::Html,
            Kind::PipeToHtml => f.syntax == Syntax::Pipe,
            _ => true,
        };
        if !wanted {
            continue;
        }
        let Some(grid) = f.grid.as_ref().filter(|_| !f.spanned) else {
            skipped += 1;
            continue;
        };
        let out = match kind {
            Kind::HtmlToPipe => {
                tables::write_pipe(&map_cells(grid, tables::html_to_pipe_cell), &f.indent)
            }
            Kind::PipeToHtml => {
                tables::write_html(&map_cells(grid, tables::pipe_to_html_cell), &f.indent)
            }
            _ => {
                let mut g = grid.clone();
                for r in &mut g.rows {
                    r.reverse();
                }
                write_as(&f, &g)
            }
        };
        edits.push((f.start, f.end, out));
    }
    Rewritten {
        text: tables::splice(text, &edits),
        skipped,
    }
}

fn map_cells(grid: &Grid, f: fn(&str) -> String) -> Grid {
    let mut g = grid.clone();
    for c in g.rows.iter_mut().flatten() {
        c.text = f(&c.text);
    }
    g
}

fn write_as(f: &Found, g: &Grid) -> String {
    match f.syntax {
        Syntax::Html => tables::write_html(g, &f.indent),
        Syntax::Pipe => tables::write_pipe(g, &f.indent),
    }
}

/// Column roles by header, with the synonyms the corpus's services use (and one English word).
/// `参数说明` is left out: the corpus uses it for the name column too (`参数说明 | 参数类型 |
/// 说明`), so respelling it could change what the table means.
const ROLES: [(&[&str], &str); 4] = [
    (
        &["参数", "参数名", "参数名称", "名称", "字段", "属性"],
        "Parameter",
    ),
    (
        &["是否必选", "必选", "必填", "是否为必选", "是否必须"],
        "Mandatory",
    ),
    (&["参数类型", "类型"], "Type"),
    (&["描述", "说明", "备注"], "Description"),
];

/// The index of the Mandatory column's role in [`ROLES`].
const MANDATORY: usize = 1;

/// The role (index into [`ROLES`]) of a header cell.
fn role(header: &str) -> Option<usize> {
    let h = tables::plain(header);
    ROLES.iter().position(|(zh, _)| zh.contains(&h.as_str()))
}

/// Rewrites inside the cells of tables that keep their syntax and layout.
fn recell(kind: Kind, text: &str) -> Rewritten {
    let mut edits = Vec::new();
    let mut skipped = 0;
    for f in tables::find(text) {
        let Some(grid) = f.grid.as_ref().filter(|_| !f.spanned) else {
            skipped += 1;
            continue;
        };
        let mut g = grid.clone();
        let roles: Vec<Option<usize>> = g.rows[0].iter().map(|c| role(&c.text)).collect();
        match kind {
            Kind::HeadersSynonyms | Kind::HeadersEnglish => {
                for (c, r) in g.rows[0].iter_mut().zip(&roles) {
                    if let Some(r) = r {
                        c.text = synonym(kind, *r, &tables::plain(&c.text));
                    }
                }
            }
            Kind::English => {
                for (c, r) in g.rows[0].iter_mut().zip(&roles) {
                    if let Some(r) = r {
                        c.text = synonym(Kind::HeadersEnglish, *r, &tables::plain(&c.text));
                    }
                }
                for row in g.rows.iter_mut().skip(1) {
                    for (c, r) in row.iter_mut().zip(&roles) {
                        if *r == Some(MANDATORY) {
                            c.text = super::english::required_cell(&c.text);
                        }
                    }
                }
            }
            _ => {
                for row in g.rows.iter_mut().skip(1) {
                    for (c, r) in row.iter_mut().zip(&roles) {
                        c.text = recell_one(kind, f.syntax, *r, &c.text);
                    }
                }
            }
        }
        edits.push((f.start, f.end, write_as(&f, &g)));
    }
    Rewritten {
        text: tables::splice(text, &edits),
        skipped,
    }
}

fn synonym(kind: Kind, role: usize, now: &str) -> String {
    let (zh, en) = ROLES[role];
    if kind == Kind::HeadersEnglish {
        return en.to_owned();
    }
    let at = zh.iter().position(|s| *s == now).unwrap_or(0);
    zh[(at + 1) % zh.len()].to_owned()
}

fn recell_one(kind: Kind, syntax: Syntax, role: Option<usize>, cell: &str) -> String {
    match kind {
        Kind::BrInCells => {
            let s = cell.replace("<p>", "").replace("</p>", "<br>");
            if s.ends_with("<br>") || s.is_empty() {
                s
            } else {
                format!("{s}<br>")
            }
        }
        Kind::ParagraphCells if !cell.starts_with("<p") && !cell.is_empty() => {
            format!("<p>{cell}</p>")
        }
        Kind::BoldNames if role == Some(0) => {
            wrap_plain(syntax, cell, ("<strong>", "</strong>"), "**")
        }
        Kind::CodeTypes if role == Some(2) => wrap_plain(syntax, cell, ("<code>", "</code>"), "`"),
        _ => cell.to_owned(),
    }
}

/// Wraps the cell's text, when it is plain or one plain paragraph, in markup.
fn wrap_plain(syntax: Syntax, cell: &str, html: (&str, &str), md: &str) -> String {
    let (pre, inner, post) = match cell
        .strip_prefix("<p>")
        .and_then(|c| c.strip_suffix("</p>"))
    {
        Some(inner) => ("<p>", inner, "</p>"),
        None => ("", cell, ""),
    };
    if inner.is_empty() || inner.contains(['<', '`', '*', '[']) {
        return cell.to_owned();
    }
    match syntax {
        Syntax::Html => format!("{pre}{}{inner}{}{post}", html.0, html.1),
        Syntax::Pipe => format!("{pre}{md}{inner}{md}{post}"),
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Rewrites of lines outside code blocks.
fn relines(kind: Kind, text: &str) -> Rewritten {
    let out = map_lines(text, |body| match kind {
        Kind::CaptionSpacing => caption_spacing(body),
        Kind::PunctuationHalf => outside_markup(body, |t| {
            t.replace('：', ":").replace('（', "(").replace('）', ")")
        }),
        Kind::PunctuationFull => outside_markup(body, punctuation_full),
        Kind::HeadingsDeeper if body.starts_with('#') && !body.starts_with("######") => {
            format!("#{body}")
        }
        Kind::ExtraBlankLines if body.trim().is_empty() => format!("{body}\n"),
        Kind::TrailingSpaces if !body.trim().is_empty() => format!("{body}   "),
        Kind::LinksRemoved => unlink(body),
        _ => body.to_owned(),
    });
    Rewritten {
        text: out,
        skipped: 0,
    }
}

/// `text` with every line outside code blocks replaced by what `f` makes of it (the line
/// without its end, which is kept); code blocks as they are.
pub(super) fn map_lines(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    let code = tables::code_ranges(text);
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if tables::inside(&code, start) {
            out.push_str(line);
            continue;
        }
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        out.push_str(&f(body));
        out.push_str(nl);
    }
    out
}

/// `line` with its links to anchors of the page (`[text](#a)`, `<a href="#a">text</a>`)
/// replaced by their text.
fn unlink(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let md = rest.find("](#").and_then(|end| {
            let open = rest[..end].rfind('[')?;
            let close = end + rest[end..].find(')')?;
            Some((open, close + 1, &rest[open + 1..end]))
        });
        let html = rest.find("<a href=\"#").and_then(|open| {
            let text_at = open + rest[open..].find('>')? + 1;
            let end = text_at + rest[text_at..].find("</a>")?;
            Some((open, end + 4, &rest[text_at..end]))
        });
        let next = match (md, html) {
            (Some(m), Some(h)) => Some(if m.0 < h.0 { m } else { h }),
            (m, h) => m.or(h),
        };
        let Some((open, end, text)) = next else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(text);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `line` with `f` applied to its text but not to HTML tags or link destinations (a file name
/// such as `响应（任务类）.md` is not prose: respelling it would break the link).
fn outside_markup(line: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut text = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let tag = rest.find('<');
        let dest = rest.find("](");
        let (at, close) = match (tag, dest) {
            (Some(t), Some(d)) if d < t => (d + 2, ')'),
            (Some(t), _) => (t, '>'),
            (None, Some(d)) => (d + 2, ')'),
            (None, None) => break,
        };
        let Some(end) = rest[at..].find(close).map(|p| at + p + 1) else {
            break;
        };
        text.push_str(&rest[..at]);
        out.push_str(&f(&std::mem::take(&mut text)));
        out.push_str(&rest[at..end]);
        rest = &rest[end..];
    }
    text.push_str(rest);
    out.push_str(&f(&text));
    out
}

/// `表 1` → `表1` and `表1` → `表 1`.
fn caption_spacing(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] == '表' {
            let next = chars.get(i + 1).copied();
            let after = chars.get(i + 2).copied();
            if next.is_some_and(|c| c.is_ascii_digit()) {
                out.push(' ');
            } else if next == Some(' ') && after.is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
        i += 1;
    }
    out
}

/// `:` and `(…)` after Chinese text written full-width.
fn punctuation_full(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut prev = ' ';
    let mut open = false;
    for c in line.chars() {
        let n = match c {
            ':' if is_cjk(prev) => '：',
            '(' if is_cjk(prev) => {
                open = true;
                '（'
            }
            ')' if open => {
                open = false;
                '）'
            }
            _ => c,
        };
        out.push(n);
        prev = c;
    }
    out
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// Markdown backslash escapes removed.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The page's request line: the first line outside code blocks and tables that is a method
/// and a path. Returns its byte range and (method, target as written).
fn find_request_line(text: &str) -> Option<(usize, usize, String, String)> {
    let code = tables::code_ranges(text);
    let tables = tables::find(text);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if tables::inside(&code, start) || tables.iter().any(|f| f.start <= start && start < f.end)
        {
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim();
        let Some((method, target)) = t.split_once(' ') else {
            continue;
        };
        let target = target.trim();
        if METHODS.contains(&method)
            && unescape(target).starts_with(['/', 'h'])
            && !target.contains(' ')
        {
            return Some((
                start,
                start + body.len(),
                method.to_owned(),
                target.to_owned(),
            ));
        }
    }
    None
}

fn request_line(kind: Kind, text: &str) -> Rewritten {
    let Some((start, end, method, target)) = find_request_line(text) else {
        return Rewritten {
            text: text.to_owned(),
            skipped: 1,
        };
    };
    let plain = unescape(&target);
    let new = match kind {
        Kind::RequestInCode => format!("```\n{method} {plain}\n```"),
        Kind::RequestInTable => format!("| 请求方法 | URI |\n|---|---|\n| {method} | {target} |"),
        Kind::RequestUnescaped => format!("{method} {plain}"),
        Kind::RequestEscaped => format!("{method} {}", escape_target(&plain)),
        _ if plain.starts_with("http") => {
            return Rewritten {
                text: text.to_owned(),
                skipped: 1,
            };
        }
        _ if target.contains("\\{") => format!("{method} https://\\{{endpoint\\}}{target}"),
        _ => format!("{method} https://{{endpoint}}{target}"),
    };
    Rewritten {
        text: tables::splice(text, &[(start, end, new)]),
        skipped: 0,
    }
}

/// `{project_id}` → `\{project\_id\}`, as the documentation tool escapes it.
fn escape_target(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if matches!(c, '{' | '}' | '_' | '*') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
