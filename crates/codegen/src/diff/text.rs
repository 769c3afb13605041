//! What counts as the same text: descriptions are compared as a reader reads them, so that
//! markup, table numbering, spacing and full-width punctuation changes are not reported.

/// `text` reduced to what a reader of the page would compare: no HTML tags or entities, no
/// link targets, no table numbers (`表 3`, `Table 3`), no whitespace or Markdown emphasis,
/// full-width punctuation as half-width, no final full stop.
pub fn normalise(text: &str) -> String {
    let text = strip_tags(text);
    let text = strip_link_targets(&text);
    let text = decode_entities(&text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match half_width(c) {
            c if c.is_whitespace() => {}
            '*' | '\\' | '`' => {}
            c => out.push(c),
        }
    }
    let out = strip_cross_references(&strip_table_numbers(&out));
    out.trim_end_matches(['.', ','])
        .trim_start_matches('-')
        .to_owned()
}

/// Full-width forms as their ASCII equivalents, and the CJK punctuation that has one.
fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '。' => '.',
        '、' => ',',
        '“' | '”' | '「' | '」' => '"',
        '‘' | '’' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '《' => '<',
        '》' => '>',
        '—' | '–' => '-',
        _ => c,
    }
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        // A tag starts with a letter, `/` or `!`; anything else (`a < b`) is text.
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(j) if is_tag => rest = &after[j + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[text](target)` as `text`: anchors and file names of links change with every rebuild.
fn strip_link_targets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let Some(j) = rest[i + 2..].find(')') else {
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i + 2 + j + 1..];
    }
    out.push_str(rest);
    out.replace(['[', ']'], "")
}

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Words that make a short clause a pointer to another table or page (`具体请参考表3`,
/// `请参见labels参数说明`, `取值见表4“参数ID”列`): the templates write these differently
/// for the same content.
const POINTERS: [&str; 8] = [
    "参见",
    "参考",
    "详见",
    "请见",
    "见下表",
    "取值见",
    "说明见",
    "详情见",
];

/// Longest clause (in characters) taken for a pointer; longer ones say something else too.
const POINTER_CLAUSE: usize = 40;

/// Drops the clauses (between `,`, `.`, `;`) that only point elsewhere.
fn strip_cross_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut clause = String::new();
    let flush = |clause: &mut String, out: &mut String, end: Option<char>| {
        let pointer =
            POINTERS.iter().any(|p| clause.contains(p)) && clause.chars().count() <= POINTER_CLAUSE;
        if !pointer {
            out.push_str(clause);
            out.extend(end);
        }
        clause.clear();
    };
    for c in text.chars() {
        if matches!(c, ',' | '.' | ';') {
            flush(&mut clause, &mut out, Some(c));
        } else {
            clause.push(c);
        }
    }
    flush(&mut clause, &mut out, None);
    out
}

/// Drops `表3` / `Table3` (spaces are already gone): tables are renumbered whenever one is
/// added above.
fn strip_table_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = ["表", "Table", "table"]
            .iter()
            .filter_map(|w| rest.find(w).map(|i| (i, w.len())))
            .min();
        let Some((i, len)) = next else {
            break;
        };
        let digits = rest[i + len..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - i - len);
        if digits == 0 {
            out.push_str(&rest[..i + len]);
        } else {
            out.push_str(&rest[..i]);
        }
        rest = &rest[i + len + digits..];
    }
    out.push_str(rest);
    out
}

/// How alike two normalised texts are, from 0 (nothing in common) to 1 (equal): one minus
/// the edit distance over the longer length, in characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // Long texts are compared on their first 400 characters: enough to tell, and quadratic.
    let (a, b) = (&a[..a.len().min(400)], &b[..b.len().min(400)]);
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let longest = a.len().max(b.len()).max(1);
    1.0 - prev[b.len()] as f64 / longest as f64
}

/// A short quotation of `text` for a change's detail.
pub fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(80).collect();
    if chars.next().is_some() {
        format!("\"{head}…\"")
    } else {
        format!("\"{head}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_numbering_and_punctuation_do_not_count() {
        let a = "详情请参见<a href=\"#t3\">表3</a>。\n  第二段（可选）";
        let b = "详情请参见[表 5](#ListX__response_T)。第二段(可选)";
        assert_eq!(normalise(a), normalise(b));
        assert_eq!(normalise(a), "第二段(可选)");
        assert_eq!(
            normalise("标签列表，请参见labels参数说明。"),
            normalise("标签列表。")
        );
    }

    #[test]
    fn words_count() {
        assert_ne!(normalise("实例ID。"), normalise("实例名称。"));
        assert_eq!(normalise("a < b"), "a<b");
    }

    #[test]
    fn similarity_is_an_edit_ratio() {
        assert_eq!(similarity("abcd", "abcd"), 1.0);
        assert_eq!(similarity("abcd", "abce"), 0.75);
        assert_eq!(similarity("", "ab"), 0.0);
    }
}
