//! A success response that no table documents but whose page shows a JSON object for it has
//! a body: a free-form object, since no table names its members. The counterparts keep no
//! body: an empty `{}`, a 204, and a status whose examples are not all objects.

use apidoc::ir::Type;
use apidoc::{ParsedPage, parse_page};

mod common;
use common::{op, warnings};

/// A POST page of an invented lending service: a request table, then the given status with
/// no response table, and the given response examples.
fn page(status: u16, examples: &[&str]) -> ParsedPage {
    let mut text = format!(
        "# 借出图书\n\n## URI\n\nPOST /v1/{{project_id}}/loans\n\n## 请求参数\n\n**表 1** 请求Body参数\n\n{}\n\n## 响应参数\n\n**状态码： {status}**\n\n借出成功。\n\n## 响应示例\n\n**状态码： {status}**\n\n借出成功。\n\n",
        common::escaped_table(
            "参数|是否必选|参数类型|描述",
            &["book_id|是|String|图书编号。"]
        )
    );
    for e in examples {
        text.push_str(&format!("```\n{e}\n```\n\n"));
    }
    parse_page("loan.md", text.as_bytes())
}

fn body(p: &ParsedPage, status: u16) -> Option<Type> {
    op(p)
        .responses
        .iter()
        .find(|r| r.status == status)
        .unwrap_or_else(|| panic!("no {status} response: {:?}", op(p).responses))
        .body
        .clone()
}

#[test]
fn an_object_only_an_example_shows_is_a_free_form_body() {
    let p = page(200, &[r#"{"loan_state": "granted"}"#]);
    assert_eq!(body(&p, 200), Some(Type::Any));
    assert!(
        warnings(&p).iter().any(|w| w.contains(
            "no table documents the 200 response body, but every example of it is a JSON object"
        )),
        "{:?}",
        warnings(&p)
    );
    // The example stays what the page shows.
    let r = &op(&p).responses[0];
    assert_eq!(
        r.examples[0].json,
        Some(serde_json::json!({"loan_state": "granted"}))
    );
}

#[test]
fn an_empty_object_a_204_or_a_mixed_status_says_nothing() {
    assert_eq!(body(&page(200, &["{}"]), 200), None);
    assert_eq!(
        body(&page(204, &[r#"{"loan_state": "granted"}"#]), 204),
        None
    );
    let mixed = page(200, &[r#"{"loan_state": "granted"}"#, r#"["granted"]"#]);
    assert_eq!(body(&mixed, 200), None);
}
