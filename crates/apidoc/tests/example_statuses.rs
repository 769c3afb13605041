//! Statuses that only the examples name (`成功响应` / `HTTP状态码 204`, `失败响应` /
//! `HTTP状态码 400` over an error body) are documented statuses of the operation, the error
//! one with its example. The page is written for the test (an invented recipe service).

use apidoc::parse_page;

mod common;
use common::op;

#[test]
fn statuses_named_only_in_the_examples_are_documented() {
    let text = "# 修改菜谱\n\n## URI\n\nPUT /v1/{project_id}/recipes/{recipe_name}\n\n\
                ## 响应消息\n\n无\n\n## 示例\n\n修改菜谱内容。\n\n\
                -   请求\n\n    ```\n    PUT /v1/p1/recipes/soup\n    {\"steps\":\"boil\"}\n    ```\n\n\
                -   成功响应\n\n    HTTP状态码 204\n\n\
                -   失败响应\n\n    HTTP状态码 400\n\n    ```\n    {\n        \"error_code\":\"RCP.1001\",\n        \"error_msg\":\"No such recipe.\"\n    }\n    ```\n";
    let p = parse_page("recipe.md", text.as_bytes());
    let o = op(&p);
    let statuses: Vec<u16> = o.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [204, 400], "{:?}", p.diagnostics);
    let ok = &o.responses[0];
    assert!(ok.body.is_none() && ok.examples.is_empty());
    let err = &o.responses[1];
    let shown = err.examples.first().and_then(|e| e.json.as_ref());
    assert_eq!(
        shown
            .and_then(|v| v.get("error_code"))
            .and_then(|v| v.as_str()),
        Some("RCP.1001")
    );
}
