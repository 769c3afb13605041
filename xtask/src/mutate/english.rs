//! The `english` rewrite: a page as the English edition of the reference writes it. Section
//! headings, sub-headings, table captions and status lines in English words, column headers
//! in English, the Mandatory column's `是`/`否` as `Yes`/`No`. Descriptions stay as they are:
//! the reader takes its facts from the structure, and the structure is what changes language.

use super::rewrites::{Rewritten, map_lines};
use super::tables;

/// Section headings and the bold lines used as sub-headings, longest first.
const HEADINGS: [(&str, &str); 17] = [
    ("SDK代码示例", "SDK Sample Code"),
    ("功能介绍", "Function"),
    ("功能说明", "Function"),
    ("调用方法", "Calling Method"),
    ("请求参数", "Request Parameters"),
    ("响应参数", "Response Parameters"),
    ("请求示例", "Example Requests"),
    ("响应示例", "Example Responses"),
    ("请求消息", "Request"),
    ("响应消息", "Response"),
    ("状态码", "Status Codes"),
    ("错误码", "Error Codes"),
    ("返回值", "Returned Values"),
    ("接口约束", "Constraints"),
    ("示例", "Examples"),
    ("样例", "Examples"),
    ("请求", "Request"),
];

/// Captions that name a kind of table rather than an object.
const CAPTIONS: [(&str, &str); 11] = [
    ("路径参数", "Path Parameters"),
    ("Query参数", "Query Parameters"),
    ("请求Header参数", "Request header parameters"),
    ("请求Body参数", "Request body parameters"),
    ("响应Header参数", "Response header parameters"),
    ("响应Body参数", "Response body parameters"),
    ("参数说明", "Parameters"),
    ("请求参数", "Request parameters"),
    ("响应参数", "Response parameters"),
    ("状态码", "Status codes"),
    ("错误码", "Error codes"),
];

/// How a caption naming object `X` is written in English, by its Chinese words after `X`;
/// longest first. `{}` stands for `X`.
const OBJECT_CAPTIONS: [(&str, &str); 6] = [
    ("字段数据结构说明", "{} field data structure description"),
    ("数据结构说明", "{} data structure description"),
    ("字段说明", "{} field description"),
    ("参数说明", "Description of the {} field"),
    ("对象", "{} object"),
    ("参数", "{} parameters"),
];

/// Rewrites the lines outside code blocks; the tables were rewritten before.
pub(super) fn lines(text: &str) -> Rewritten {
    let mut skipped = 0;
    let text = map_lines(text, |body| {
        if body.starts_with('#') {
            heading(body)
        } else if let Some(caption) = caption(body) {
            caption.unwrap_or_else(|| {
                skipped += 1;
                body.to_owned()
            })
        } else if let Some(status) = status_line(body) {
            status
        } else {
            sub_heading(body).unwrap_or_else(|| body.to_owned())
        }
    });
    Rewritten { text, skipped }
}

/// `## 请求参数<a name="…"></a>` → `## Request Parameters<a name="…"></a>`.
fn heading(line: &str) -> String {
    let mut out = line.to_owned();
    for (zh, en) in HEADINGS {
        out = out.replace(zh, en);
    }
    out
}

/// `**请求示例**` (alone on its line) → `**Example Requests**`.
fn sub_heading(line: &str) -> Option<String> {
    let plain = tables::plain(line);
    let plain = plain.trim_end_matches(['：', ':']);
    let (_, en) = HEADINGS.iter().find(|(zh, _)| *zh == plain)?;
    Some(line.replacen(plain, en, 1))
}

/// `**状态码： 200**` → `**Status code: 200**`.
fn status_line(line: &str) -> Option<String> {
    let trimmed = line.trim().trim_matches('*').trim();
    let code = trimmed
        .strip_prefix("状态码")?
        .trim_start_matches(['：', ':', ' ']);
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("**Status code: {code}**"))
}

/// A caption line `**表 3**  X参数说明`: `Some(Some(english))`, or `Some(None)` when its
/// words are not ones this rewrite knows (left as written); `None` for any other line.
fn caption(line: &str) -> Option<Option<String>> {
    let rest = line.trim().strip_prefix("**").unwrap_or(line.trim());
    let rest = rest.strip_prefix('表')?.trim_start();
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let number = &rest[..digits];
    let name = rest[digits..]
        .trim_start_matches("**")
        .trim()
        .trim_end_matches(['：', ':']);
    Some(english_caption(name).map(|en| format!("**Table {number}** {en}")))
}

fn english_caption(name: &str) -> Option<String> {
    if let Some((_, en)) = CAPTIONS.iter().find(|(zh, _)| *zh == name) {
        return Some((*en).to_owned());
    }
    if name.is_ascii() {
        return Some(name.to_owned());
    }
    OBJECT_CAPTIONS.iter().find_map(|(zh, en)| {
        let object = name.strip_suffix(zh)?.trim();
        (!object.is_empty() && object.is_ascii() && !object.contains(' '))
            .then(|| en.replace("{}", object))
    })
}

/// `是`/`否` of a Mandatory cell as `Yes`/`No`, markup kept.
pub(super) fn required_cell(cell: &str) -> String {
    match tables::plain(cell).as_str() {
        "是" => cell.replacen('是', "Yes", 1),
        "否" => cell.replacen('否', "No", 1),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_words_become_english() {
        let page = "# 创建泊位\n\n## 功能介绍\n\n创建泊位。\n\n## 请求参数\n\n\
                    **表 2**  请求Body参数\n\n**表 3**  berth字段数据结构说明\n\n\
                    **表 4**  dock\\_info参数说明\n\n**表 5**  泊位和码头中的参数说明\n\n\
                    **响应示例**\n\n**状态码： 200**\n\n```\n## 请求参数\n```\n";
        let out = lines(page);
        assert_eq!(
            out.text,
            "# 创建泊位\n\n## Function\n\n创建泊位。\n\n## Request Parameters\n\n\
             **Table 2** Request body parameters\n\n\
             **Table 3** berth field data structure description\n\n\
             **Table 4** Description of the dock\\_info field\n\n**表 5**  泊位和码头中的参数说明\n\n\
             **Example Responses**\n\n**Status code: 200**\n\n```\n## 请求参数\n```\n"
        );
        assert_eq!(out.skipped, 1);
    }

    #[test]
    fn mandatory_cells() {
        assert_eq!(required_cell("<p>是</p>"), "<p>Yes</p>");
        assert_eq!(required_cell(" 否 "), " No ");
        assert_eq!(required_cell("是，当X时"), "是，当X时");
    }
}
