//! Rustdoc from page text. Pages are Markdown with HTML inside: notes with icons
//! (`>![](public_sys-resources/icon-note.gif) 说明：`), escapes (`\[`), entities (`&gt;`),
//! links and bare URLs. They are rendered as plain text first, then escaped so that rustdoc
//! shows that text and nothing else: no stray links, HTML tags, code blocks or doctests.

use apidoc::ir::Field;
use proc_macro2::TokenStream;

use super::doc_table;

/// Page text as plain text: entities decoded, images dropped, links written as their text
/// (with the address when it is absolute), Markdown escapes and quote markers removed.
pub fn plain(text: &str) -> String {
    let decoded = decode_entities(text);
    let mut out = String::with_capacity(decoded.len());
    for line in decoded.lines() {
        let mut l = line.trim_start();
        while let Some(rest) = l.strip_prefix('>') {
            l = rest.trim_start();
        }
        out.push_str(&inline(l));
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|e| entity(&tail[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" => ' ',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            return char::from_u32(code).filter(|c| !c.is_control() || *c == '\t');
        }
    })
}

/// One line: images, links, escapes and emphasis markers.
fn inline(l: &str) -> String {
    // Most lines hold no escape, link, image or bold marker: nothing to rewrite.
    if !l.contains(['\\', '[', '*']) {
        return l.to_owned();
    }
    let chars: Vec<char> = l.chars().collect();
    let mut out = String::with_capacity(l.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        let image = c == '!' && chars.get(i + 1) == Some(&'[');
        if c == '[' || image {
            let open = if image { i + 1 } else { i };
            if let Some((text, url, end)) = link_at(&chars, open) {
                if !image {
                    out.push_str(&inline(&text));
                    if url.starts_with("http://") || url.starts_with("https://") {
                        out.push_str(&format!(" ({url})"));
                    }
                }
                i = end;
                continue;
            }
        }
        if c == '*' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `[text](url)` starting at `open` (the `[`): its text, its url and the index after it.
fn link_at(chars: &[char], open: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let text: String = chars[open + 1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some((text, url, end + 1))
}

/// Plain text escaped for rustdoc Markdown; URLs become autolinks (`<https://…>`), which
/// rustdoc renders as links without a `bare_urls` warning.
pub fn markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line.trim();
    if rest.starts_with('#') {
        out.push('\\');
    }
    while !rest.is_empty() {
        let at = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (text, url) = match at {
            Some(i) => {
                let end = rest[i..]
                    .find(|c: char| {
                        c.is_whitespace()
                            || matches!(c, '<' | '>' | '"' | '\'' | '`' | ')' | '(' | '[' | ']')
                            || !c.is_ascii()
                    })
                    .map_or(rest.len(), |e| i + e);
                (&rest[..i], &rest[i..end])
            }
            None => (rest, ""),
        };
        for c in text.chars() {
            match c {
                '\\' | '[' | ']' | '<' | '>' | '*' | '_' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '`' => out.push('\''),
                '\t' => out.push(' '),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        if !url.is_empty() {
            let url = url.trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[text.len() + url.len()..];
        } else {
            rest = "";
        }
    }
    out
}

/// The doc lines (attribute values) of page text: each line its own paragraph (so lists and
/// notes never turn into lazy continuations).
fn doc_lines(text: &str, out: &mut Vec<String>) {
    let text = plain(text);
    for l in text.lines().map(markdown).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(format!(" {l}"));
    }
}

/// Rustdoc attributes for page text: each line its own paragraph (so lists and notes never
/// turn into lazy continuations).
pub fn doc(text: &str) -> TokenStream {
    let mut lines = Vec::new();
    doc_lines(text, &mut lines);
    doc_table::outer(lines)
}

/// Like [`doc`], with `more` lines (already Markdown) after it, each its own paragraph.
pub fn doc_with(text: &str, more: &[String]) -> TokenStream {
    doc_table::outer(lines_with(text, more))
}

/// Like [`doc_with`], as inner attributes (module documentation).
pub fn inner_doc(text: &str, more: &[String]) -> TokenStream {
    doc_table::inner(lines_with(text, more))
}

fn lines_with(text: &str, more: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    doc_lines(text, &mut lines);
    for l in more {
        lines.push(String::new());
        lines.push(format!(" {l}"));
    }
    lines
}

/// A doc line written by the generator itself (already Markdown).
pub fn doc_raw(text: &str) -> TokenStream {
    doc_table::outer(vec![format!(" {text}")])
}

/// Like [`doc_raw`], with `more` lines (already Markdown) after it, each its own paragraph.
pub fn doc_raw_with(text: &str, more: &[String]) -> TokenStream {
    let mut lines = vec![format!(" {text}")];
    for l in more {
        lines.push(String::new());
        lines.push(format!(" {l}"));
    }
    doc_table::outer(lines)
}

/// The documentation of a field: description, enum values, constraints, wire name.
pub fn field_doc(f: &Field) -> TokenStream {
    field_doc_and(f, None)
}

/// Like [`field_doc`], with one more paragraph `last` (already Markdown) when given.
pub fn field_doc_and(f: &Field, last: Option<&str>) -> TokenStream {
    let mut lines = Vec::new();
    if f.description.trim().is_empty() {
        // The page says nothing more; the wire name still tells a reader what this is.
        lines.push(format!(" `{}`", f.name.replace('`', "'")));
    } else {
        doc_lines(&f.description, &mut lines);
    }
    let mut facts = Vec::new();
    if !f.enum_values.is_empty() {
        let vals = f
            .enum_values
            .iter()
            .map(|v| format!("`{}`", v.replace('`', "'")))
            .collect::<Vec<_>>()
            .join(", ");
        facts.push(format!("Values: {vals}."));
    }
    let c = &f.constraints;
    let mut push = |label: &str, v: Option<String>| {
        if let Some(v) = v {
            facts.push(format!("{label}: {}.", markdown(&plain(&v))));
        }
    };
    push("Minimum length", c.min_length.map(|v| v.to_string()));
    push("Maximum length", c.max_length.map(|v| v.to_string()));
    push("Minimum", c.minimum.map(|v| v.to_string()));
    push("Maximum", c.maximum.map(|v| v.to_string()));
    push("Default", c.default.clone());
    if let (Some(a), Some(b)) = (c.min_items, c.max_items) {
        facts.push(format!("Items: {a} to {b}."));
    }
    for fact in facts.iter().map(String::as_str).chain(last) {
        lines.push(String::new());
        lines.push(format!(" {fact}"));
    }
    doc_table::outer(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(s: &str) -> Vec<String> {
        plain(s).lines().map(markdown).collect()
    }

    #[test]
    fn notes_icons_and_quotes_become_text() {
        assert_eq!(
            rendered(">![](public_sys-resources/icon-note.gif) 说明：\n>该接口仅在华北开放。"),
            ["说明：", "该接口仅在华北开放。"]
        );
    }

    #[test]
    fn escapes_and_entities_are_decoded() {
        assert_eq!(
            plain("\\[退订包周期资源\\] &amp; a&nbsp;b &#34;x&#34;"),
            "[退订包周期资源] & a b \"x\""
        );
        assert_eq!(plain("费用中心 &gt; 我的订单"), "费用中心 > 我的订单");
        assert_eq!(plain("a & b; &unknown; &#0;"), "a & b; &unknown; &#0;");
    }

    #[test]
    fn links_keep_their_text_and_absolute_addresses() {
        assert_eq!(
            plain("请参考[退订包周期资源](https://support.huaweicloud.com/a.html#s2)。"),
            "请参考退订包周期资源 (https://support.huaweicloud.com/a.html#s2)。"
        );
        assert_eq!(
            plain("见[表3](#ZH-CN_TOPIC__table1)和[状态码](状态码.md)"),
            "见表3和状态码"
        );
    }

    #[test]
    fn markdown_escapes_what_rustdoc_would_interpret() {
        assert_eq!(
            markdown("a <b> [c] *d* `e` x_y"),
            "a \\<b\\> \\[c\\] \\*d\\* 'e' x\\_y"
        );
        assert_eq!(markdown("# not a heading"), "\\# not a heading");
        assert_eq!(
            markdown("see https://a.example/x?y=1, then"),
            "see <https://a.example/x?y=1>, then"
        );
        assert_eq!(
            markdown("地址：https://a.example/p。"),
            "地址：<https://a.example/p>。"
        );
        assert_eq!(markdown("    indented"), "indented");
    }
}
