//! The text a reader sees in one line of inline Markdown: what request lines, headings,
//! captions and labels are read from, so that markup never becomes part of a name.
//!
//! Covers what the documentation tool and hand edits put inside a line: backslash escapes,
//! code spans, emphasis (`*`, `_`, `~~`, by CommonMark's flanking rules, so `project_id`
//! keeps its underscores and `{_project_id_}` reads `{project_id}`), links and images (their
//! text), inline HTML tags (dropped; `<br>` is a space), and character references
//! (`&lt;`, `&#123;`). Text that is none of these (`<limit>`, `a < b`) is kept as written.
//! Linear in the line: every look-ahead is answered from tables built in one pass.

/// HTML elements whose tags carry no text: dropped from a line. Anything else in angle
/// brackets (`<project_id>`) is text.
pub(crate) const HTML_TAGS: [&str; 24] = [
    "a", "b", "br", "code", "del", "div", "em", "font", "i", "img", "kbd", "li", "ol", "p", "pre",
    "s", "samp", "span", "strong", "sub", "sup", "u", "ul", "var",
];

/// Longest tag read, in characters: the documentation tool's `<a name="…" id="…">` fit.
const MAX_TAG_CHARS: usize = 400;

/// One piece of a line: text, or a run of emphasis characters that may open or close.
enum Piece {
    Text(String),
    Delim {
        ch: char,
        count: usize,
        open: bool,
        close: bool,
    },
}

/// A line as read: its text and the targets of its links.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Inline {
    /// What a reader sees; whitespace runs are one space.
    pub text: String,
    /// The targets of `[text](target)` and `<a href="target">`, in order.
    pub links: Vec<String>,
}

/// Reads one line of inline Markdown (see the module's doc).
pub(crate) fn read(line: &str) -> Inline {
    // Most lines are plain text: nothing to scan, only whitespace to collapse.
    if !line.chars().any(starts_markup) {
        return Inline {
            text: line.split_whitespace().collect::<Vec<_>>().join(" "),
            links: Vec::new(),
        };
    }
    let chars: Vec<char> = line.chars().collect();
    let mut pieces = Vec::new();
    let mut links = Vec::new();
    scan(&chars, &mut pieces, &mut links);
    let out = resolve_emphasis(pieces);
    Inline {
        text: out.split_whitespace().collect::<Vec<_>>().join(" "),
        links,
    }
}

/// The text a reader sees in `line` (see the module's doc); whitespace runs become one space.
pub(crate) fn text(line: &str) -> String {
    read(line).text
}

/// Where the next `](` at or after each position is: a `[` is a link only when one follows.
fn next_link_middles(chars: &[char]) -> Vec<Option<usize>> {
    let mut out = vec![None; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        out[i] = if chars[i] == ']' && chars.get(i + 1) == Some(&'(') {
            Some(i)
        } else {
            out[i + 1]
        };
    }
    out
}

/// Where the last `[` at or before each position is: the `[` a `](` closes.
fn last_openers(chars: &[char]) -> Vec<Option<usize>> {
    let mut last = None;
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == '[' {
                last = Some(i);
            }
            last
        })
        .collect()
}

/// The characters [`scan`] may read as more than themselves; text between them is copied as
/// it is.
fn starts_markup(c: char) -> bool {
    matches!(c, '\\' | '`' | '<' | '&' | '!' | '[' | '*' | '_' | '~')
}

fn push_text(pieces: &mut Vec<Piece>, s: &str) {
    if let Some(Piece::Text(t)) = pieces.last_mut() {
        t.push_str(s);
    } else {
        pieces.push(Piece::Text(s.to_owned()));
    }
}

fn scan(chars: &[char], pieces: &mut Vec<Piece>, links: &mut Vec<String>) {
    let middles = next_link_middles(chars);
    let opens = last_openers(chars);
    // Lengths of backtick runs known to have no closing run later in the line.
    let mut no_closer: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                push_text(pieces, &chars[i + 1].to_string());
                i += 2;
            }
            '`' => {
                let n = run_len(chars, i, '`');
                match (!no_closer.contains(&n))
                    .then(|| closing_run(chars, i + n, n))
                    .flatten()
                {
                    Some(end) => {
                        let inner: String = chars[i + n..end].iter().collect();
                        push_text(pieces, &inner);
                        i = end + n;
                    }
                    None => {
                        no_closer.push(n);
                        push_text(pieces, &"`".repeat(n));
                        i += n;
                    }
                }
            }
            '<' => match html_tag(chars, i) {
                Some((end, name)) => {
                    if name == "br" {
                        push_text(pieces, " ");
                    }
                    if let Some(href) = (name == "a").then(|| href(&chars[i..end])).flatten() {
                        links.push(href);
                    }
                    i = end;
                }
                None => {
                    push_text(pieces, "<");
                    i += 1;
                }
            },
            '&' => match entity(chars, i) {
                Some((end, ch)) => {
                    push_text(pieces, &ch.to_string());
                    i = end;
                }
                None => {
                    push_text(pieces, "&");
                    i += 1;
                }
            },
            '!' if chars.get(i + 1) == Some(&'[') => {
                // An image reads as its alternative text.
                i += 1;
            }
            '[' => match link(chars, i, &middles, &opens) {
                Some((mid, end)) => {
                    scan(&chars[i + 1..mid], pieces, links);
                    links.push(
                        chars[mid + 2..end - 1]
                            .iter()
                            .collect::<String>()
                            .trim()
                            .to_owned(),
                    );
                    i = end;
                }
                None => {
                    push_text(pieces, "[");
                    i += 1;
                }
            },
            '*' | '_' | '~' => {
                let n = run_len(chars, i, c);
                let before = i.checked_sub(1).map(|k| chars[k]);
                let after = chars.get(i + n).copied();
                let (open, close) = flanking(c, before, after);
                // `~` marks strikethrough only doubled.
                let (open, close) = if c == '~' && n != 2 {
                    (false, false)
                } else {
                    (open, close)
                };
                pieces.push(Piece::Delim {
                    ch: c,
                    count: n,
                    open,
                    close,
                });
                i += n;
            }
            _ => {
                // This character and the plain text after it, at once.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| starts_markup(c))
                    .map_or(chars.len(), |k| i + 1 + k);
                push_chars(pieces, &chars[i..end]);
                i = end;
            }
        }
    }
}

fn push_chars(pieces: &mut Vec<Piece>, chars: &[char]) {
    if let Some(Piece::Text(t)) = pieces.last_mut() {
        t.extend(chars);
    } else {
        pieces.push(Piece::Text(chars.iter().collect()));
    }
}

/// `s` with its emphasis markup (`**name**`, `_name_`, `~~x~~`, paired by the flanking rules
/// [`read`] uses) dropped and everything else kept as written: escapes, code spans and HTML
/// tags are passed through untouched, for a reader that handles them itself (a pipe-table
/// cell). `project_id` keeps its underscore.
pub(crate) fn strip_emphasis(s: &str) -> String {
    if !s.contains(['*', '_', '~']) {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let verbatim_to = match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => Some(i + 2),
            '`' => {
                let n = run_len(&chars, i, '`');
                Some(closing_run(&chars, i + n, n).map_or(i + n, |end| end + n))
            }
            '<' => html_tag(&chars, i).map(|(end, _)| end),
            _ => None,
        };
        if let Some(end) = verbatim_to {
            push_text(&mut pieces, &chars[i..end].iter().collect::<String>());
            i = end;
            continue;
        }
        if matches!(c, '*' | '_' | '~') {
            let n = run_len(&chars, i, c);
            let before = i.checked_sub(1).map(|k| chars[k]);
            let (open, close) = flanking(c, before, chars.get(i + n).copied());
            let double_tilde = c != '~' || n == 2;
            pieces.push(Piece::Delim {
                ch: c,
                count: n,
                open: open && double_tilde,
                close: close && double_tilde,
            });
            i += n;
        } else {
            push_text(&mut pieces, &c.to_string());
            i += 1;
        }
    }
    resolve_emphasis(pieces)
}

fn run_len(chars: &[char], at: usize, c: char) -> usize {
    chars[at..].iter().take_while(|&&x| x == c).count()
}

/// The start of the next run of exactly `n` backticks at or after `from`.
fn closing_run(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let m = run_len(chars, i, '`');
            if m == n {
                return Some(i);
            }
            i += m;
        } else {
            i += 1;
        }
    }
    None
}

/// `[text](target)` starting at `at`: the positions of its `]` and just after its `)`.
fn link(
    chars: &[char],
    at: usize,
    middles: &[Option<usize>],
    opens: &[Option<usize>],
) -> Option<(usize, usize)> {
    let mid = middles.get(at + 1).copied().flatten()?;
    // The text of a link holds no other `[`; the target ends at the first `)`.
    if opens.get(mid).copied().flatten() != Some(at) {
        return None;
    }
    let close = chars[mid + 2..].iter().position(|&c| c == ')')? + mid + 2;
    if chars[mid + 2..close]
        .iter()
        .any(|c| c.is_whitespace() && *c != ' ')
    {
        return None;
    }
    Some((mid, close + 1))
}

/// An HTML tag of a known element at `at` (`<a name="x">`, `</em>`, `<br/>`): the position
/// after its `>`, and its name.
fn html_tag(chars: &[char], at: usize) -> Option<(usize, String)> {
    let mut i = at + 1;
    if chars.get(i) == Some(&'/') {
        i += 1;
    }
    let name: String = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !HTML_TAGS.contains(&name.as_str()) {
        return None;
    }
    i += name.len();
    match chars.get(i) {
        Some('>' | '/' | ' ' | '\t') => {}
        _ => return None,
    }
    // A tag is short; a `<b` with no `>` soon after is text.
    let end = chars[i..]
        .iter()
        .take(MAX_TAG_CHARS)
        .position(|&c| c == '>')?
        + i;
    Some((end + 1, name))
}

/// The `href` of an `<a …>` tag.
fn href(tag: &[char]) -> Option<String> {
    let tag: String = tag.iter().collect();
    let at = tag.find("href=")? + 5;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''));
    let value = match quote {
        Some(q) => rest[1..].split(q).next()?,
        None => rest.split([' ', '>']).next()?,
    };
    Some(value.to_owned())
}

/// A character reference at `at` (`&lt;`, `&nbsp;`, `&#123;`, `&#x7B;`): the position after
/// its `;`, and the character.
fn entity(chars: &[char], at: usize) -> Option<(usize, char)> {
    let body: String = chars[at + 1..]
        .iter()
        .take(10)
        .take_while(|&&c| c != ';')
        .collect();
    if chars.get(at + 1 + body.chars().count()) != Some(&';') {
        return None;
    }
    let ch = match body.as_str() {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        b => {
            let n = b.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((at + 2 + body.chars().count(), ch))
}

/// Whether a delimiter run may open and close emphasis (CommonMark's flanking rules; an `_`
/// inside a word neither opens nor closes).
fn flanking(c: char, before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
    let punct = |x: Option<char>| x.is_some_and(|x| x.is_ascii_punctuation() || is_cjk_punct(x));
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    if c == '_' {
        (
            left && (!right || punct(before)),
            right && (!left || punct(after)),
        )
    } else {
        (left, right)
    }
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}')
}

/// Pairs openers with closers of the same character (nearest first) and drops the matched
/// characters; unmatched runs stay as text.
fn resolve_emphasis(pieces: Vec<Piece>) -> String {
    // Remaining characters of each delimiter run, and the open runs per character.
    let mut left: Vec<usize> = pieces
        .iter()
        .map(|p| match p {
            Piece::Delim { count, .. } => *count,
            Piece::Text(_) => 0,
        })
        .collect();
    // Open runs of `*`, `_` and `~`, nearest last.
    let mut openers: [Vec<usize>; 3] = Default::default();
    for (k, p) in pieces.iter().enumerate() {
        let Piece::Delim {
            ch, open, close, ..
        } = p
        else {
            continue;
        };
        let stack = &mut openers[match ch {
            '*' => 0,
            '_' => 1,
            _ => 2,
        }];
        if *close {
            while left[k] > 0 {
                let Some(&o) = stack.last() else { break };
                let used = left[o].min(left[k]);
                left[o] -= used;
                left[k] -= used;
                if left[o] == 0 {
                    stack.pop();
                }
            }
        }
        if *open && left[k] > 0 {
            stack.push(k);
        }
    }
    let mut out = String::new();
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Delim { ch, .. } => {
                for _ in 0..left[k] {
                    out.push(*ch);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn markup_inside_a_request_line_never_reaches_a_name() {
        for (line, want) in [
            ("GET /v1/{_project_id_}/x", "GET /v1/{project_id}/x"),
            ("GET /v1/{*project_id*}/x", "GET /v1/{project_id}/x"),
            (
                "GET /v1/**{project_id}**/x_y_z",
                "GET /v1/{project_id}/x_y_z",
            ),
            (r"GET /v1/\{project\_id\}/x", "GET /v1/{project_id}/x"),
            ("`GET /v1/{project_id}/x`", "GET /v1/{project_id}/x"),
            (
                "GET [/v1/{project_id}/x](https://a/b.md)",
                "GET /v1/{project_id}/x",
            ),
            (
                "GET /v1/<i>{project_id}</i>/x<br>",
                "GET /v1/{project_id}/x",
            ),
            ("GET /v1/&#123;project_id&#125;/x", "GET /v1/{project_id}/x"),
            ("GET /v1/~~{old}~~/x", "GET /v1/{old}/x"),
        ] {
            assert_eq!(text(line), want, "{line}");
        }
    }

    #[test]
    fn link_targets_are_kept_apart() {
        let r = super::read(
            r#"见[API Explorer](https://x/apiexplorer?api=ShowA)和<a href="b.md#t1">表1</a>"#,
        );
        assert_eq!(r.text, "见API Explorer和表1");
        assert_eq!(r.links, ["https://x/apiexplorer?api=ShowA", "b.md#t1"]);
    }

    #[test]
    fn what_is_not_markup_stays() {
        assert_eq!(text("a < b and c > d"), "a < b and c > d");
        assert_eq!(text("?limit=<limit>"), "?limit=<limit>");
        assert_eq!(text("x * y"), "x * y");
        assert_eq!(text("snake_case_name"), "snake_case_name");
        assert_eq!(text("`unclosed code"), "`unclosed code");
        assert_eq!(text("[not a link]"), "[not a link]");
        assert_eq!(text("AT&T; a&b"), "AT&T; a&b");
        assert_eq!(text("**表 3**  响应Body参数"), "表 3 响应Body参数");
        assert_eq!(text(r#"<a name="x"></a>volume参数说明"#), "volume参数说明");
    }

    #[test]
    fn emphasis_stripped_and_everything_else_kept() {
        use super::strip_emphasis;
        assert_eq!(
            strip_emphasis("**traffic_mirror_session**"),
            "traffic_mirror_session"
        );
        assert_eq!(strip_emphasis("_Integer_ or ~~Long~~"), "Integer or Long");
        assert_eq!(strip_emphasis("project_id"), "project_id");
        let kept = r#"a\*b\* `*c*` <a name="x_y_">"#;
        assert_eq!(strip_emphasis(kept), kept);
        assert_eq!(strip_emphasis("x * y"), "x * y");
    }
}
