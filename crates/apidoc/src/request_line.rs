//! Request lines: an HTTP method followed by a path, wherever the page writes it (a line of
//! its own, after a label such as `URI格式：`, inside a code block, or in two table cells).

use crate::markdown::unescape;

/// The HTTP methods a request line may start with.
pub(crate) const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// A request line found on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RequestLine {
    pub method: String,
    /// The path template, query removed, host removed, escapes undone.
    pub path: String,
    /// The query pairs written into the line, in order (`start={start}`, `action=start`).
    pub query: Vec<(String, String)>,
    /// The line as written (for messages).
    pub text: String,
    /// The target was a URL naming a real host (`https://iam.example.com/v3/...`), as an
    /// example does, rather than a path or a URL with a placeholder host (`{endpoint}`).
    pub concrete_host: bool,
}

/// A request target taken apart: path, query pairs, and whether it named a real host.
pub(crate) type Target = (String, Vec<(String, String)>, bool);

fn is_method(word: &str) -> Option<&'static str> {
    METHODS.iter().copied().find(|m| *m == word)
}

/// Characters that end a target written in prose: Chinese punctuation, quotes, brackets.
fn target_end(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '。' | '，'
                | '；'
                | '、'
                | '”'
                | '“'
                | '"'
                | '\''
                | '`'
                | '）'
                | '（'
                | '<'
                | '>'
                | '|'
        )
}

/// Reads a target (`/v2/{project_id}/x?a={a}` or `https://host/v2/...`) into path and query.
/// `None` when it is not one.
pub(crate) fn split_target(raw: &str) -> Option<Target> {
    let t = unescape(raw.trim());
    let t = t.trim_end_matches(['.', ',', ';', ':', ')', ']', '。']);
    let (rest, concrete_host) = strip_host(t)?;
    if !rest.starts_with('/') {
        return None;
    }
    // Optional parts written in brackets (`[?marker={marker}]`): the brackets are not part of
    // the URI.
    let rest: String = rest.chars().filter(|c| *c != '[' && *c != ']').collect();
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p.to_owned(), q),
        None => (rest.clone(), ""),
    };
    let path = bare_placeholders(&collapse_slashes(&path));
    if path.len() > 1
        && !path[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '{' || c == '_' || c == '.')
    {
        return None;
    }
    let query = query
        .split('&')
        .filter(|kv| !kv.trim().is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => {
                let (k, v) = (k.trim(), v.trim());
                (k.to_owned(), placeholder_spelling(k, v))
            }
            // A bare key (`?tagging`) is a flag every request carries.
            None => (kv.trim().to_owned(), String::new()),
        })
        .filter(|(k, _)| !k.is_empty())
        .collect();
    Some((path, query, concrete_host))
}

/// A query value written as a placeholder in any of the spellings pages use (`{limit}`,
/// `_limit_` in italics, `<limit>`, or nothing after the `=`), as `{name}`; other values are
/// constants.
fn placeholder_spelling(key: &str, value: &str) -> String {
    let inner = value
        .strip_prefix('_')
        .and_then(|v| v.strip_suffix('_'))
        .or_else(|| value.strip_prefix('<').and_then(|v| v.strip_suffix('>')));
    match inner {
        Some(name) if !name.is_empty() => format!("{{{name}}}"),
        _ if value.is_empty() => format!("{{{key}}}"),
        _ => value.to_owned(),
    }
}

/// `https://{endpoint}/v1/x` → `/v1/x`; `{endpoint}/v1/x` → `/v1/x`; `/v1/x` as is.
fn strip_host(t: &str) -> Option<(&str, bool)> {
    if t.starts_with('/') {
        return Some((t, false));
    }
    let lower = t.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let after_scheme = if lower.starts_with("https://") {
        &t[8..]
    } else if lower.starts_with("http://") {
        &t[7..]
    } else if t.starts_with('{') {
        // `{endpoint}/v1/...` without a scheme.
        t
    } else {
        return None;
    };
    let slash = after_scheme.find('/')?;
    let host = &after_scheme[..slash];
    if host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    Some((&after_scheme[slash..], !host.contains('{')))
}

/// Placeholders without the emphasis a table cell or code block may still wrap their names
/// in (`{_project_id_}`, `{*id*}`): the name is what is inside.
fn bare_placeholders(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut rest = p;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim();
        let mark = |c: char| c == '_' || c == '*';
        let wrapped = name.starts_with(mark) && name.ends_with(mark);
        let bare = match name.trim_matches(mark) {
            inner if wrapped && !inner.is_empty() => inner,
            _ => name,
        };
        out.push('{');
        out.push_str(bare);
        out.push('}');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn collapse_slashes(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Every `METHOD target` in one line of text. The method must stand alone: at the start, or
/// after whitespace or a label's colon (`URI格式：GET /v1/x`); the target follows it.
pub(crate) fn find_in_line(line: &str) -> Vec<RequestLine> {
    // Every method is three or more capital letters in a row; most lines have none.
    let capitals = |w: &[u8]| w.iter().all(u8::is_ascii_uppercase);
    if !line.as_bytes().windows(3).any(capitals) {
        return Vec::new();
    }
    let line = unescape(line);
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    for m in METHODS {
        let mut from = 0;
        while let Some(k) = line[from..].find(m) {
            let at = from + k;
            from = at + m.len();
            let before_ok = at == 0 || {
                let prev = line[..at].chars().next_back().unwrap_or(' ');
                prev.is_whitespace()
                    || matches!(prev, ':' | '：' | '|' | '(' | '（' | '“' | '"' | '`' | '*')
            };
            let after = bytes.get(at + m.len()).copied();
            let after_ok = matches!(after, Some(b' ' | b'\t'))
                || line[at + m.len()..].starts_with('\u{a0}')
                || line[at + m.len()..].starts_with('\u{3000}');
            if !before_ok || !after_ok {
                continue;
            }
            let rest = line[at + m.len()..].trim_start_matches(|c: char| c.is_whitespace());
            let end = rest.find(target_end).unwrap_or(rest.len());
            let target = &rest[..end];
            if let Some((path, query, concrete_host)) = split_target(target) {
                out.push((
                    at,
                    RequestLine {
                        method: m.to_owned(),
                        path,
                        query,
                        text: line.trim().to_owned(),
                        concrete_host,
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, r)| r).collect()
}

/// A line holding only a method (`GET`, `请求方法：POST`): the first half of a request line
/// written on two lines.
pub(crate) fn method_only(line: &str) -> Option<&'static str> {
    let t = line.trim();
    let t = t.rsplit([':', '：']).next().unwrap_or(t).trim();
    let t = t.trim_matches(['*', '`', '"', '“', '”']);
    is_method(t)
}

/// A line holding only a target (`/v1/{project_id}/x`, `URI：/v1/x`): the second half.
pub(crate) fn target_only(line: &str) -> Option<Target> {
    let t = unescape(line.trim());
    let t = match t.find([':', '：']) {
        // A label before the target, but not the `:` of a scheme.
        Some(i) if !t[..i].contains('/') && !t[i..].starts_with("://") => {
            t[i..].trim_start_matches([':', '：']).trim().to_owned()
        }
        _ => t,
    };
    if t.contains(char::is_whitespace) {
        return None;
    }
    split_target(&t)
}

/// Old-style message for a line that looks like a request line but is not one.
pub(crate) fn problem(line: &str, shown: &str) -> String {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    let upper = first.to_ascii_uppercase();
    if METHODS.contains(&upper.as_str()) && upper != first {
        format!("URI line `{shown}`: HTTP method `{first}` is not upper case")
    } else if METHODS.contains(&first) {
        format!("URI line `{shown}` has no path after the HTTP method")
    } else {
        format!("URI line `{shown}` does not start with an HTTP method")
    }
}

/// `GET /v2/...` or `GET https://host/...` at the start of a line: the method and the rest,
/// as request examples write their first line.
pub(crate) fn method_line(text: &str) -> Option<(String, String)> {
    let mut parts = text.split_whitespace();
    let m = parts.next()?;
    let target = parts.next()?;
    is_method(m).map(|m| (m.to_owned(), target.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> (String, String, Vec<(String, String)>) {
        let v = find_in_line(line);
        assert_eq!(v.len(), 1, "{line}: {v:?}");
        (v[0].method.clone(), v[0].path.clone(), v[0].query.clone())
    }

    #[test]
    fn spellings_of_a_request_line() {
        assert_eq!(
            one(r"GET /v2/\{project\_id\}/instances"),
            ("GET".into(), "/v2/{project_id}/instances".into(), vec![])
        );
        assert_eq!(
            one("GET /v1.0/{project_id}/instances?start={start}&limit={limit}"),
            (
                "GET".into(),
                "/v1.0/{project_id}/instances".into(),
                vec![
                    ("start".into(), "{start}".into()),
                    ("limit".into(), "{limit}".into())
                ]
            )
        );
        assert_eq!(
            one("URI格式：POST /v1/{project_id}/cloudservers/action"),
            (
                "POST".into(),
                "/v1/{project_id}/cloudservers/action".into(),
                vec![]
            )
        );
        assert_eq!(
            one("POST https://{endpoint}/v3/{project_id}/vpcs"),
            ("POST".into(), "/v3/{project_id}/vpcs".into(), vec![])
        );
        assert_eq!(
            one("GET /v2/{project_id}/x[?marker={marker}]。"),
            (
                "GET".into(),
                "/v2/{project_id}/x".into(),
                vec![("marker".into(), "{marker}".into())]
            )
        );
        assert_eq!(
            one("GET /v1/x/status?offset=_offset_&limit=&tagging").2,
            vec![
                ("offset".into(), "{offset}".into()),
                ("limit".into(), "{limit}".into()),
                ("tagging".into(), "".into())
            ]
        );
        // Emphasis left around a placeholder's name (a table cell, a code block) is not
        // part of it.
        assert_eq!(
            one("GET /v1/{_project_id_}/x/{*id*}/{__y__}").1,
            "/v1/{project_id}/x/{id}/{y}"
        );
        assert!(find_in_line("- **GET**：请求服务器返回指定资源。").is_empty());
        assert!(find_in_line("FORGET /x").is_empty());
        assert!(find_in_line("GET 方法").is_empty());
    }

    #[test]
    fn two_line_request_lines() {
        assert_eq!(method_only("请求方法：POST"), Some("POST"));
        assert_eq!(method_only("GET"), Some("GET"));
        assert_eq!(method_only("GET /x"), None);
        assert_eq!(
            target_only("URI：/v1/{project_id}/x").map(|t| t.0),
            Some("/v1/{project_id}/x".into())
        );
        assert_eq!(
            target_only("https://{endpoint}/v1/x").map(|t| t.0),
            Some("/v1/x".into())
        );
        assert_eq!(target_only("不是路径"), None);
    }
}
