//! Description cells: free text, the 枚举值 list, and constraint lines such as 最大长度.

use crate::ir::Constraints;
use crate::table::Cell;

/// What a description cell says, taken apart.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Described {
    pub text: String,
    pub enum_values: Vec<String>,
    pub constraints: Constraints,
}

fn split_label(text: &str) -> Option<(&str, &str)> {
    let (label, value) = text.split_once('：').or_else(|| text.split_once(':'))?;
    Some((label.trim(), value.trim()))
}

fn enum_value(text: &str) -> String {
    // Items are normally just the value in bold; some add an explanation after a colon.
    let v = split_label(text).map(|(v, _)| v).unwrap_or(text);
    v.trim().trim_matches(['"', '“', '”']).to_owned()
}

/// `枚举值：…` (`枚举值如下：`) or the English edition's `Enumeration values: …`
/// (`Enumerated values`, `Enumeration value`), with or without values after the colon.
fn is_enum_label(line: &str) -> bool {
    let Some((label, _)) = split_label(line) else {
        return false;
    };
    let label = label.to_ascii_lowercase();
    label.starts_with("枚举值")
        || ["enumeration value", "enumerated value", "enum value"]
            .iter()
            .any(|w| label == *w || label == format!("{w}s"))
}

/// Applies a constraint line to `c`; false when the line is not one (or its value is not a
/// number where one is needed), so it stays part of the description.
fn constraint(text: &str, c: &mut Constraints, list_item: bool) -> bool {
    let Some((label, value)) = split_label(text) else {
        return false;
    };
    let int = || value.parse::<u64>().ok();
    let num = || value.parse::<f64>().ok();
    // The Chinese labels, and the English edition's (`Maximum length: 64`, `Default: 10`),
    // which are English words only on a line of their own with an ASCII colon: `- default：
    // 默认访问模式` is a value named `default`, explained.
    let english = !list_item && !text.contains('：');
    let label = match english.then(|| label.to_ascii_lowercase()).as_deref() {
        Some("maximum length" | "max length") => "最大长度",
        Some("minimum length" | "min length") => "最小长度",
        Some("maximum" | "maximum value") => "最大值",
        Some("minimum" | "minimum value") => "最小值",
        Some("default" | "default value") => "缺省值",
        Some("array length") => "数组长度",
        _ => label,
    };
    match label {
        "最大长度" => int().map(|v| c.max_length = Some(v)).is_some(),
        "最小长度" => int().map(|v| c.min_length = Some(v)).is_some(),
        "最大值" => num().map(|v| c.maximum = Some(v)).is_some(),
        "最小值" => num().map(|v| c.minimum = Some(v)).is_some(),
        "缺省值" | "默认值" if !value.is_empty() => {
            c.default = Some(value.to_owned());
            true
        }
        "数组长度" => {
            let Some((lo, hi)) = value.split_once('-') else {
                return false;
            };
            match (lo.trim().parse::<u64>(), hi.trim().parse::<u64>()) {
                (Ok(lo), Ok(hi)) => {
                    c.min_items = Some(lo);
                    c.max_items = Some(hi);
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Takes a description cell apart.
pub(crate) fn describe(cell: &Cell) -> Described {
    let mut out = Described::default();
    let mut text: Vec<String> = Vec::new();
    let mut lines = cell.lines.iter().peekable();
    while let Some(line) = lines.next() {
        let t = line.text.trim();
        if is_enum_label(t) {
            let rest = split_label(t).map(|(_, v)| v).unwrap_or("");
            out.enum_values.extend(
                rest.split([',', '，', '、'])
                    .map(enum_value)
                    .filter(|v| !v.is_empty()),
            );
            while let Some(item) = lines.next_if(|l| l.list_depth > line.list_depth) {
                let v = enum_value(&item.text);
                if !v.is_empty() {
                    out.enum_values.push(v);
                }
            }
            continue;
        }
        if constraint(t, &mut out.constraints, line.list_depth > 0) {
            continue;
        }
        if line.list_depth > 0 {
            text.push(format!("{}- {t}", "  ".repeat(line.list_depth - 1)));
        } else {
            text.push(t.to_owned());
        }
    }
    out.text = text.join("\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Line;

    fn cell(lines: &[(&str, usize)]) -> Cell {
        Cell {
            lines: lines
                .iter()
                .map(|(t, d)| Line {
                    text: (*t).into(),
                    list_depth: *d,
                })
                .collect(),
            links: vec![],
            rowspan: None,
            lines_flat: false,
        }
    }

    #[test]
    fn enum_list_and_constraints_leave_the_text() {
        let d = describe(&cell(&[
            ("分析任务状态", 0),
            ("枚举值：", 0),
            ("waiting", 1),
            ("running", 1),
            ("最大长度：1024", 0),
            ("缺省值：10", 0),
            ("note", 1),
        ]));
        assert_eq!(d.enum_values, vec!["waiting", "running"]);
        assert_eq!(d.constraints.max_length, Some(1024));
        assert_eq!(d.constraints.default.as_deref(), Some("10"));
        assert_eq!(d.text, "分析任务状态\n- note");
    }

    #[test]
    fn the_english_editions_labels_read_as_the_chinese_ones() {
        let d = describe(&cell(&[
            ("Task status", 0),
            ("Enumeration values:", 0),
            ("waiting", 1),
            ("running", 1),
            ("Maximum length: 1024", 0),
            ("Minimum: 1", 0),
            ("Default: 10", 0),
        ]));
        assert_eq!(d.enum_values, vec!["waiting", "running"]);
        assert_eq!(d.constraints.max_length, Some(1024));
        assert_eq!(d.constraints.minimum, Some(1.0));
        assert_eq!(d.constraints.default.as_deref(), Some("10"));
        assert_eq!(d.text, "Task status");
        let inline = describe(&cell(&[("Enumerated values: a, b", 0)]));
        assert_eq!(inline.enum_values, vec!["a", "b"]);
        // A list item naming a value `default` or `Maximum` is that value, explained.
        let items = describe(&cell(&[
            ("Access mode.", 0),
            ("default：默认访问模式", 1),
            ("Maximum: the largest flavor", 1),
        ]));
        assert_eq!(items.constraints, Constraints::default());
        // Prose that only starts like a label stays prose.
        let prose = describe(&cell(&[("Enumeration values are case-sensitive: yes", 0)]));
        assert!(prose.enum_values.is_empty());
    }

    #[test]
    fn non_numeric_constraint_stays_text() {
        let d = describe(&cell(&[("最大长度：很长", 0)]));
        assert_eq!(d.constraints, Constraints::default());
        assert_eq!(d.text, "最大长度：很长");
    }
}
