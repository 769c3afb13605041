//! The error-code catalogue: tables found by their header wherever they are, columns by
//! header in any order and under the names the documentation tool uses, a module column that
//! spans rows, and an unreadable row named like every other diagnostic. The pages are written
//! for the test.

use apidoc::{Severity, error_codes};

fn row(cells: &[&str], span: Option<(usize, u32)>) -> String {
    let mut r = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        match span {
            Some((at, n)) if at == i => r.push_str(&format!("<td rowspan=\"{n}\"><p>{c}</p></td>")),
            _ => r.push_str(&format!("<td><p>{c}</p></td>")),
        }
    }
    r.push_str("</tr>\n");
    r
}

fn table(header: &[&str], rows: &[String]) -> String {
    let th: String = header
        .iter()
        .map(|h| format!("<th><p>{h}</p></th>"))
        .collect();
    format!(
        "<a name=\"t1\"></a>\n<table><thead><tr>{th}</tr></thead>\n<tbody>{}</tbody></table>\n",
        rows.concat()
    )
}

#[test]
fn a_five_column_table_reads_row_by_row_in_page_order() {
    let page = format!(
        "# 错误码\n\n调用接口出错后，将不会返回结果数据。\n\n{}",
        table(
            &["状态码", "错误码", "错误信息", "描述", "处理措施"],
            &[
                row(
                    &[
                        "400",
                        "GAD.4001",
                        "Invalid gadget.",
                        "小工具无效。",
                        "请检查参数。"
                    ],
                    None
                ),
                row(&["", "GAD.5000", "Internal error.", "内部错误。", ""], None),
                row(
                    &["409", "111409001", "Conflict.", "冲突。", "稍后重试。"],
                    None
                ),
            ],
        )
    );
    let c = error_codes("错误码.md", page.as_bytes());
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let got: Vec<_> = c
        .codes
        .iter()
        .map(|e| {
            (
                e.status,
                e.code.as_str(),
                e.message.as_str(),
                e.handling.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some(400), "GAD.4001", "Invalid gadget.", "请检查参数。"),
            (None, "GAD.5000", "Internal error.", ""),
            (Some(409), "111409001", "Conflict.", "稍后重试。"),
        ]
    );
    assert_eq!(c.codes[0].description, "小工具无效。");
}

#[test]
fn columns_are_found_by_header_in_any_order_with_a_spanning_module_column() {
    // Another service's header: a module column first (spanning two rows), 错误描述 for the
    // description, 解决方案 for handling, the code before the status.
    let page = format!(
        "# 错误码说明\n\n{}",
        table(
            &[
                "模块",
                "错误码",
                "状态码",
                "错误信息",
                "错误描述",
                "解决方案"
            ],
            &[
                row(
                    &["公共", "W.0001", "400", "Bad.", "请求无效", "检查请求"],
                    Some((0, 2))
                ),
                row(&["W.0002", "404", "Missing.", "不存在", "检查ID"], None),
                row(
                    &["网络", "W.0100", "500", "Oops.", "内部错误", "联系技术支持"],
                    None
                ),
            ],
        )
    );
    let c = error_codes("codes.md", page.as_bytes());
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let got: Vec<_> = c
        .codes
        .iter()
        .map(|e| {
            (
                e.status,
                e.code.as_str(),
                e.description.as_str(),
                e.handling.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some(400), "W.0001", "请求无效", "检查请求"),
            (Some(404), "W.0002", "不存在", "检查ID"),
            (Some(500), "W.0100", "内部错误", "联系技术支持"),
        ]
    );
}

#[test]
fn an_unreadable_row_is_named_and_the_others_are_kept() {
    let page = format!(
        "# 错误码\n\n{}",
        table(
            &["状态码", "错误码", "错误信息", "描述", "处理措施"],
            &[
                row(&["400", "A.1", "a", "b", "c"], None),
                row(&["400", "A.2"], None),
                row(&["4xx", "A.3", "a", "b", "c"], None),
            ],
        )
    );
    let c = error_codes("错误码.md", page.as_bytes());
    assert_eq!(
        c.codes.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
        ["A.1", "A.3"]
    );
    let errors: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", c.diagnostics);
    let e = errors[0].to_string();
    assert!(e.starts_with("错误码.md:"), "{e}");
    assert!(e.contains("row 2") && e.contains("2 cells"), "{e}");
    // A status that is not one is kept as none, with a warning.
    assert_eq!(c.codes[1].status, None);
    assert!(c.diagnostics.iter().any(|d| d.message.contains("`4xx`")));
}

#[test]
fn parameter_and_status_tables_are_not_error_codes() {
    let page = format!(
        "# 查询\n\n## URI\n\nGET /v1/x\n\n{}\n{}",
        table(
            &["参数", "类型", "描述"],
            &[row(&["error_code", "String", "错误码"], None)]
        ),
        table(&["状态码", "描述"], &[row(&["200", "OK"], None)]),
    );
    let c = error_codes("查询.md", page.as_bytes());
    assert!(c.codes.is_empty(), "{:?}", c.codes);
}

/// The codes of a fixture page (`tests/fixtures/error_codes/`), with its diagnostics.
fn fixture(name: &str) -> apidoc::Catalogue {
    let path = format!(
        "{}/tests/fixtures/error_codes/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    error_codes(name, &std::fs::read(path).unwrap())
}

fn status_code_message(c: &apidoc::Catalogue) -> Vec<(Option<u16>, &str, &str)> {
    c.codes
        .iter()
        .map(|e| (e.status, e.code.as_str(), e.message.as_str()))
        .collect()
}

#[test]
fn the_code_column_is_found_under_any_header_by_its_cells() {
    // 错误标识 / Code under 返回码: no header says 错误码; the `SVC.1234` cells do. A column of
    // statuses under 错误码状态 is no code column, so its table is no error-code table.
    let c = fixture("other_header.md");
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    assert_eq!(
        status_code_message(&c),
        [
            (Some(400), "GADGET.0001", "Invalid gadget name."),
            (Some(400), "GADGET.WIDGET.0002", "Widget not attachable."),
            (Some(404), "GADGET.0404", "Gadget not found."),
            (Some(401), "GW.0101", "Token expired."),
            (Some(403), "GW.0102", "Access denied."),
        ]
    );
    assert_eq!(c.codes[0].description, "小工具名称无效。");
    assert_eq!(c.codes[0].handling, "请按命名规则修改名称。");
}

#[test]
fn pipe_rows_short_at_the_front_inherit_the_cells_spanned_from_above() {
    let c = fixture("pipe_spans.md");
    assert_eq!(
        status_code_message(&c),
        [
            (Some(400), "GAD.4001", "Invalid name."),
            (Some(400), "GAD.4002", "Invalid size."),
            (Some(400), "GAD.4003", "Quota exceeded."),
            (Some(404), "GAD.4041", "Not found."),
            (Some(404), "111404002", "Widget gone."),
            (Some(400), "GAD.0001", "Bad request."),
            (Some(400), "GAD.0002", "Bad header."),
            (Some(401), "GAD.0003", "Unauthorized."),
            (Some(500), "GAD.0100", "Network down."),
        ]
    );
    assert_eq!(c.codes[2].handling, "请申请配额。");
    // The module is inherited with the status: it is not read, but the row stays aligned.
    assert_eq!(c.codes[7].description, "未认证。");
    // A row short at the end (`500 | GAD.5000 | …` without its handling) has nothing spanned
    // into it: the cells say its first cells are there, so it is named, not completed.
    let errors: Vec<String> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("row 6") && errors[0].contains("4 cells"),
        "{errors:?}"
    );
}

#[test]
fn a_table_without_a_header_is_read_by_its_cells() {
    let c = fixture("headerless.md");
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    assert_eq!(
        status_code_message(&c),
        [
            (Some(400), "Tool.1001", "The tool is busy."),
            (Some(409), "Tool.1002", "The tool is locked."),
        ]
    );
    assert_eq!(c.codes[1].description, "工具已锁定。");
}
