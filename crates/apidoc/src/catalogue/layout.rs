//! Which column of a table holds what: by what the header means, in any phrasing, and by what
//! the cells hold. The cells decide where the header is silent or ambiguous: a column of
//! `SVC.1234`-shaped cells is the code column whatever it is called, and a column of HTTP
//! statuses is never the code column, even under a header that says 错误码.

use std::cell::RefCell;
use std::collections::HashMap;

use super::shape::{is_code, is_dotted_code, is_status};
use crate::roles::{has_any, squash};

/// Column positions of an error-code table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    pub status: Option<usize>,
    pub code: usize,
    pub message: Option<usize>,
    pub description: Option<usize>,
    pub handling: Option<usize>,
}

/// What a header cell says a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Code,
    Status,
    /// `code`, `返回码`, `编码`: a service code or an HTTP status; the cells tell which.
    CodeOrStatus,
    Message,
    Description,
    Handling,
    Other,
}

/// The meaning of one header cell. Order matters: `错误描述` is a description before it is
/// anything about errors, `错误码状态` is about codes before statuses (its cells decide).
fn meaning(header: &str) -> Meaning {
    // Every table of a page is tried as an error-code table, and their headers repeat
    // (参数, 参数类型, 描述): each text's meaning is worked out once per thread. The memo is
    // cleared when it grows past any real corpus's count of header texts.
    thread_local! {
        static SEEN: RefCell<HashMap<String, Meaning>> = RefCell::new(HashMap::new());
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(&m) = seen.get(header) {
            return m;
        }
        if seen.len() >= 4096 {
            seen.clear();
        }
        let m = meaning_of(header);
        seen.insert(header.to_owned(), m);
        m
    })
}

fn meaning_of(header: &str) -> Meaning {
    let h = squash(header).replace(['_', '-'], "");
    let h = h.as_str();
    if has_any(
        h,
        &[
            "处理", "解决", "措施", "建议", "handling", "solution", "action",
        ],
    ) {
        Meaning::Handling
    } else if has_any(
        h,
        &[
            "描述",
            "说明",
            "含义",
            "解释",
            "备注",
            "description",
            "remark",
        ],
    ) {
        Meaning::Description
    } else if has_any(
        h,
        &["信息", "消息", "提示", "message", "msg", "reason", "原因"],
    ) {
        Meaning::Message
    } else if has_any(
        h,
        &[
            "错误码",
            "错误代码",
            "错误编码",
            "错误编号",
            "错误号",
            "错误id",
            "错误标识",
            "异常码",
            "异常代码",
            "故障码",
            "业务码",
            "errorcode",
            "errcode",
            "errorid",
            "errorno",
        ],
    ) {
        Meaning::Code
    } else if has_any(
        h,
        &[
            "状态码",
            "状态",
            "响应码",
            "httpcode",
            "statuscode",
            "httpstatus",
            "status",
        ],
    ) {
        Meaning::Status
    } else if has_any(
        h,
        &[
            "返回码",
            "返回值",
            "编码",
            "代码",
            "编号",
            "标识",
            "code",
            "error",
        ],
    ) || h == "id"
    {
        Meaning::CodeOrStatus
    } else {
        Meaning::Other
    }
}

/// What a column's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// Most cells are dotted service codes (`DCS.4919`): evidence on their own.
    DottedCodes,
    /// Most cells are service codes, numeric and dotted mixed.
    Codes,
    /// Most cells are numeric service codes, none dotted: numbers need the header's word too.
    NumericCodes,
    /// Most cells are HTTP statuses.
    Statuses,
    /// Anything else, or nothing.
    Text,
}

/// Share of a column's non-empty cells that must agree for the column to count as one kind.
const MOST: f64 = 0.6;

fn content(cells: &[&str]) -> Content {
    let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    if filled.is_empty() {
        return Content::Text;
    }
    let share =
        |f: fn(&str) -> bool| filled.iter().filter(|c| f(c)).count() as f64 / filled.len() as f64;
    if share(is_dotted_code) >= MOST {
        Content::DottedCodes
    } else if share(is_status) >= MOST {
        Content::Statuses
    } else if share(is_code) >= MOST && filled.iter().any(|c| is_dotted_code(c)) {
        Content::Codes
    } else if share(is_code) >= MOST {
        Content::NumericCodes
    } else {
        Content::Text
    }
}

/// The layout of a table whose header texts are `header` and whose data rows' flat cell texts
/// are `rows`, or `None` when it is not an error-code table: one needs a code column and a
/// message or description column.
pub(crate) fn layout(header: &[String], rows: &[Vec<String>]) -> Option<Layout> {
    let width = header.len();
    let meanings: Vec<Meaning> = header.iter().map(|h| meaning(h)).collect();
    let contents: Vec<Content> = (0..width)
        .map(|i| {
            let col: Vec<&str> = rows
                .iter()
                .filter(|r| r.len() == width)
                .map(|r| r[i].as_str())
                .collect();
            content(&col)
        })
        .collect();
    let code = code_column(&meanings, &contents)?;
    let mut l = Layout {
        code,
        ..Layout::default()
    };
    for (i, (m, c)) in meanings.iter().zip(&contents).enumerate() {
        if i == code {
            continue;
        }
        let slot = match (m, c) {
            (_, Content::Statuses) | (Meaning::Status, Content::Text) => &mut l.status,
            (Meaning::CodeOrStatus, Content::Text) if i < code => &mut l.status,
            (Meaning::Message, _) => &mut l.message,
            (Meaning::Description, _) => &mut l.description,
            (Meaning::Handling, _) => &mut l.handling,
            _ => continue,
        };
        slot.get_or_insert(i);
    }
    if l.message.is_none() && l.description.is_none() {
        unnamed_text_columns(&mut l, &meanings, &contents);
    }
    (l.message.is_some() || l.description.is_some()).then_some(l)
}

/// The code column: cells of the dotted shape decide on their own; otherwise a header that
/// says code over cells that are not HTTP statuses; otherwise cells of service codes under a
/// header that says nothing else (numeric ones alone under a header that may mean a code).
fn code_column(meanings: &[Meaning], contents: &[Content]) -> Option<usize> {
    let by_content = contents.iter().position(|c| *c == Content::DottedCodes);
    let by_header = || {
        meanings
            .iter()
            .zip(contents)
            .position(|(m, c)| *m == Meaning::Code && *c != Content::Statuses)
    };
    // Numeric and dotted codes mixed under a header that does not say something else;
    // numeric ones alone under a header that may mean a code, or beside columns only an
    // error table has (statuses, a message).
    let error_table = contents.contains(&Content::Statuses) || meanings.contains(&Meaning::Message);
    let by_both = || {
        meanings
            .iter()
            .zip(contents)
            .position(|(m, c)| match (m, c) {
                (Meaning::Other | Meaning::CodeOrStatus, Content::Codes) => true,
                (Meaning::CodeOrStatus, Content::NumericCodes) => true,
                (Meaning::Other, Content::NumericCodes) => error_table,
                _ => false,
            })
    };
    by_content.or_else(by_header).or_else(by_both)
}

/// A table whose code column was found but whose other headers say nothing known (or that
/// has no header): its text columns after the code are the message, the description and the
/// handling, in the order every error-code page puts them.
fn unnamed_text_columns(l: &mut Layout, meanings: &[Meaning], contents: &[Content]) {
    let mut free = (0..meanings.len()).filter(|&i| {
        i > l.code
            && Some(i) != l.status
            && meanings[i] == Meaning::Other
            && contents[i] == Content::Text
    });
    l.message = free.next();
    l.description = free.next();
    l.handling = l.handling.or_else(|| free.next());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter().map(|r| strings(r)).collect()
    }

    #[test]
    fn layouts_by_header() {
        let l = layout(
            &strings(&["状态码", "错误码", "错误信息", "描述", "处理措施"]),
            &[],
        )
        .unwrap();
        assert_eq!(
            (l.status, l.code, l.message, l.description, l.handling),
            (Some(0), 1, Some(2), Some(3), Some(4))
        );
        let l = layout(
            &strings(&[
                "模块",
                "状态码",
                "错误码",
                "错误信息",
                "错误描述",
                "解决方案",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            (l.status, l.message, l.description, l.handling),
            (Some(1), Some(3), Some(4), Some(5))
        );
        assert!(layout(&strings(&["参数", "类型", "说明"]), &[]).is_none());
        assert!(layout(&strings(&["状态码", "说明"]), &[]).is_none());
    }

    #[test]
    fn other_phrasings_of_the_code_header() {
        for code in [
            "错误代码",
            "Error Code",
            "error_code",
            "异常码",
            "错误编码",
            "ErrCode",
        ] {
            let l = layout(&strings(&["HTTP Status", code, "Error Message"]), &[]);
            assert_eq!(l.map(|l| (l.status, l.code)), Some((Some(0), 1)), "{code}");
        }
    }

    #[test]
    fn cells_decide_where_the_header_does_not() {
        // A header no phrase list knows: the dotted codes and the statuses say it.
        let l = layout(
            &strings(&["HTTP", "标识", "Text", "Meaning", "Fix"]),
            &rows(&[
                &["400", "SVC.0001", "Bad.", "无效", "检查"],
                &["404", "SVC.XXXX.0002", "Gone.", "不存在", "检查"],
            ]),
        )
        .unwrap();
        assert_eq!(
            (l.status, l.code, l.message, l.description, l.handling),
            (Some(0), 1, Some(2), Some(3), Some(4))
        );
        // An ambiguous header: numeric codes make it the code column, statuses the status.
        let l = layout(
            &strings(&["返回码", "Code", "描述"]),
            &rows(&[&["400", "111400002", "x"], &["500", "111500001", "y"]]),
        )
        .unwrap();
        assert_eq!((l.status, l.code, l.description), (Some(0), 1, Some(2)));
    }

    #[test]
    fn numeric_codes_under_a_header_that_says_nothing() {
        let l = layout(
            &strings(&["状态码", "Key", "错误信息"]),
            &rows(&[
                &["400", "111400002", "a"],
                &["400", "SVC.0001", "b"],
                &["500", "111500001", "c"],
            ]),
        )
        .unwrap();
        assert_eq!((l.status, l.code, l.message), (Some(0), 1, Some(2)));
        let numeric = rows(&[&["400", "111400002", "a"], &["500", "111500001", "c"]]);
        let l = layout(&strings(&["状态码", "ID", "错误信息"]), &numeric).unwrap();
        assert_eq!(l.code, 1);
        // Beside statuses and a message, numbers under any header are the codes; alone, not.
        let l = layout(&strings(&["状态码", "Key", "错误信息"]), &numeric).unwrap();
        assert_eq!(l.code, 1);
        let numeric = rows(&[&["111400002", "a"], &["111500001", "c"]]);
        assert_eq!(layout(&strings(&["Key", "说明"]), &numeric), None);
        // Numbers under a header that names something else are not codes.
        let l = layout(
            &strings(&["端口", "说明"]),
            &rows(&[&["6379", "Redis"], &["11211", "Memcached"]]),
        );
        assert_eq!(l, None);
    }

    #[test]
    fn a_column_of_statuses_is_never_the_code_column() {
        let l = layout(
            &strings(&["错误码状态", "描述"]),
            &rows(&[&["400", "Bad request"], &["404", "Not found"]]),
        );
        assert_eq!(l, None);
    }
}
