//! Rows with fewer cells than the header. Where an HTML original spanned a cell down over
//! several rows (a module, a status shared by a group of codes), a Markdown version of the
//! table has no way to say so and leaves the cell out of the rows below: those rows are short
//! at the front, and their missing cells are the ones of the row above. A row can also be
//! short at the end (cells simply left out). Which side is missing is read from the cells:
//! a status column holds statuses, the code column codes, and codes stand nowhere else.

use super::layout::Layout;
use super::shape::{is_code, is_dotted_code, is_status};

/// How well `text` fits column `col` of `l`: 1 for the content the column is there for, -1 for
/// content that belongs in another column, 0 when the cell says nothing either way.
fn fit(l: &Layout, col: usize, text: &str) -> i32 {
    let text = text.trim();
    if text.is_empty() {
        return 0;
    }
    if col == l.code {
        if is_code(text) {
            1
        } else if is_status(text) || text.contains(char::is_whitespace) {
            -1
        } else {
            0
        }
    } else if Some(col) == l.status {
        if is_status(text) { 1 } else { -1 }
    } else if is_dotted_code(text) || is_status(text) {
        -1
    } else {
        0
    }
}

/// The cells of a row short by `header_width - row.len()` cells, completed from `above` (the
/// previous row, already complete) when the cells show that the leading ones are missing: the
/// row's cells fit the last columns better than any other placement, and the row's own code,
/// when it has one, has a code's shape (a code spanned over two messages is inherited too).
/// `None` when they do not.
pub(crate) fn inherit_leading<T: Clone>(
    l: &Layout,
    header_width: usize,
    row: &[T],
    above: Option<&[T]>,
    text: impl Fn(&T) -> String,
) -> Option<Vec<T>> {
    let above = above.filter(|a| a.len() == header_width)?;
    let missing = header_width.checked_sub(row.len()).filter(|&m| m > 0)?;
    let texts: Vec<String> = row.iter().map(&text).collect();
    // The score of placing the row's cells from column `start` on.
    let score = |start: usize| -> i32 {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| fit(l, start + i, t))
            .sum()
    };
    let leading = score(missing);
    let best_elsewhere = (0..missing).map(score).max().unwrap_or(i32::MIN);
    let own_code = l.code.checked_sub(missing).and_then(|i| texts.get(i));
    if leading <= best_elsewhere || own_code.is_some_and(|c| fit(l, l.code, c) <= 0) {
        return None;
    }
    let mut cells = above[..missing].to_vec();
    cells.extend_from_slice(row);
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn five() -> Layout {
        // 状态码 | 错误码 | 错误信息 | 描述 | 处理措施
        Layout {
            status: Some(0),
            code: 1,
            message: Some(2),
            description: Some(3),
            handling: Some(4),
        }
    }

    fn complete(l: &Layout, row: &[&str], above: &[&str]) -> Option<Vec<String>> {
        let row: Vec<String> = row.iter().map(|s| s.to_string()).collect();
        let above: Vec<String> = above.iter().map(|s| s.to_string()).collect();
        inherit_leading(l, 5, &row, Some(&above), String::clone)
    }

    #[test]
    fn a_status_spanned_from_above_is_inherited() {
        let above = ["400", "SVC.0001", "Bad.", "无效。", "检查。"];
        let got = complete(
            &five(),
            &["SVC.0002", "Worse.", "更无效。", "再检查。"],
            &above,
        );
        assert_eq!(
            got.unwrap(),
            ["400", "SVC.0002", "Worse.", "更无效。", "再检查。"]
        );
        // A numeric code is evidence too.
        let got = complete(&five(), &["111400002", "m", "d", "h"], &above);
        assert_eq!(got.unwrap()[0], "400");
    }

    #[test]
    fn a_row_short_at_the_end_inherits_nothing() {
        let above = ["400", "SVC.0001", "Bad.", "无效。", "检查。"];
        assert_eq!(
            complete(&five(), &["404", "SVC.0002", "Gone."], &above),
            None
        );
        assert_eq!(
            complete(&five(), &["404", "SVC.0002", "Gone.", "没有"], &above),
            None
        );
        // Nothing says which side is missing: not guessed.
        assert_eq!(complete(&five(), &["a", "b", "c", "d"], &above), None);
    }

    #[test]
    fn a_code_spanned_over_two_messages_is_inherited() {
        let above = ["400", "SVC.0001", "Bad.", "无效。", "检查。"];
        let got = complete(&five(), &["Bad, again.", "又无效。", "再检查。"], &above);
        assert_eq!(
            got.unwrap(),
            ["400", "SVC.0001", "Bad, again.", "又无效。", "再检查。"]
        );
    }

    #[test]
    fn the_first_row_has_nothing_to_inherit() {
        let row = ["SVC.0002", "m", "d", "h"].map(String::from);
        assert_eq!(inherit_leading(&five(), 5, &row, None, String::clone), None);
    }

    #[test]
    fn two_leading_cells_spanned() {
        // 模块 | 状态码 | 错误码 | 错误信息 | 描述
        let l = Layout {
            status: Some(1),
            code: 2,
            message: Some(3),
            description: Some(4),
            handling: None,
        };
        let above = ["公共", "400", "SVC.0001", "Bad.", "无效。"].map(String::from);
        let row = ["SVC.0002", "Worse.", "更无效。"].map(String::from);
        let got = inherit_leading(&l, 5, &row, Some(&above), String::clone).unwrap();
        assert_eq!(got, ["公共", "400", "SVC.0002", "Worse.", "更无效。"]);
    }
}
