//! Rows of a path-parameter table that name no placeholder of the request line: a row listed
//! beside rows for every placeholder is a query parameter; the one row left when the table
//! leaves one placeholder out is that placeholder, misspelt. Pages written for the test (an
//! invented fish-farm service).

use apidoc::ir::{Location, Operation};
use apidoc::parse_page;

mod common;
use common::{op, table, warnings};

fn params(o: &Operation) -> Vec<(String, Location)> {
    o.parameters
        .iter()
        .map(|p| (p.field.name.clone(), p.location))
        .collect()
}

#[test]
fn a_row_beside_every_placeholder_is_a_query_parameter() {
    let text = format!(
        "# 删除鱼塘\n\n## URI\n\nDELETE /v2/{{farm_id}}/ponds/{{pond_id}}\n\n\
         **表 1**  参数说明\n\n{}\n## 请求消息\n\n无\n\n## 响应消息\n\n无\n",
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "farm_id|是|String|养殖场ID。",
                "pond_id|是|String|鱼塘ID。",
                "drain_first|否|Boolean|删除前是否先排水。",
            ]
        ),
    );
    let p = parse_page("pond.md", text.as_bytes());
    let o = op(&p);
    assert_eq!(
        params(o),
        [
            ("farm_id".to_owned(), Location::Path),
            ("pond_id".to_owned(), Location::Path),
            ("drain_first".to_owned(), Location::Query),
        ],
        "{:?}",
        p.diagnostics
    );
    assert!(
        warnings(&p)
            .iter()
            .any(|w| w.contains("`drain_first`") && w.contains("query")),
        "{:?}",
        warnings(&p)
    );
}

#[test]
fn the_one_row_left_is_the_one_placeholder_left_misspelt() {
    let text = format!(
        "# 查询投喂计划\n\n## URI\n\nGET /v3/{{farm_id}}/feeding-plans/{{feeding_plan_id}}\n\n\
         **表 1**  路径参数\n\n{}\n## 响应参数\n\n**状态码： 200**\n\n**表 2**  响应Body参数\n\n{}\n",
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "fish_plan_id|是|String|投喂计划ID。",
                "farm_id|是|String|养殖场ID。"
            ]
        ),
        table("参数|参数类型|描述", &["plan_name|String|计划名称。"]),
    );
    let p = parse_page("plan.md", text.as_bytes());
    let o = op(&p);
    let mut got = params(o);
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        [
            ("farm_id".to_owned(), Location::Path),
            ("feeding_plan_id".to_owned(), Location::Path),
        ],
        "{:?}",
        p.diagnostics
    );
    let plan = o
        .parameters
        .iter()
        .find(|p| p.field.name == "feeding_plan_id")
        .expect("feeding_plan_id");
    assert_eq!(plan.field.description, "投喂计划ID。");
    assert!(
        warnings(&p)
            .iter()
            .any(|w| w.contains("`fish_plan_id`") && w.contains("{feeding_plan_id}")),
        "{:?}",
        warnings(&p)
    );
}
