//! What a page states only through its examples, read where the tables leave it open: a map
//! whose description defines the keys its examples show is an object with those members,
//! and a success body keeps the top-level members every example shows beside the documented
//! ones. Each page here is written for the test; each rule has counterparts it must leave
//! alone.

use apidoc::ir::{Operation, Schema, Type};
use apidoc::{ParsedPage, parse_page};

mod common;
use common::{op, warnings};

fn table(rows: &[&str]) -> String {
    common::escaped_table("参数|参数类型|描述", rows)
}

/// A GET page with the given response tables (caption, rows) and one response example.
fn page(tables: &[(&str, &[&str])], example: &str) -> ParsedPage {
    let mut text =
        "# 查询\n\n## URI\n\nGET /v3/things\n\n## 响应参数\n\n**状态码： 200**\n\n".to_owned();
    for (i, (caption, rows)) in tables.iter().enumerate() {
        text.push_str(&format!("**表 {}** {caption}\n\n{}\n", i + 1, table(rows)));
    }
    text.push_str(&format!("## 响应示例\n\n```\n{example}\n```\n"));
    parse_page("p.md", text.as_bytes())
}

fn schema<'a>(o: &'a Operation, id: &str) -> &'a Schema {
    o.schemas
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no schema {id}: {:?}", o.schemas))
}

fn body(o: &Operation) -> &Schema {
    match &o.responses[0].body {
        Some(Type::Ref { schema: id }) => schema(o, id),
        other => panic!("body {other:?}"),
    }
}

fn member<'a>(s: &'a Schema, name: &str) -> &'a apidoc::ir::Field {
    s.fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no member {name} in {:?}", s.fields))
}

fn names(s: &Schema) -> Vec<&str> {
    s.fields.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn a_map_whose_description_defines_the_keys_its_examples_show_is_an_object() {
    let p = page(
        &[
            (
                "响应Body参数",
                &["steps|Map<String,Array<Step>>|步骤。动作：start：开始时执行，stop：停止时执行"],
            ),
            ("Step", &["name|String|名称。"]),
        ],
        r#"{"steps": {"start": [{"name": "a"}], "stop": []}}"#,
    );
    assert!(
        warnings(&p).iter().any(|w| w.contains(
            "`steps` is documented as a map, but its description defines the keys its examples show (start, stop)"
        )),
        "{:?}",
        warnings(&p)
    );
    let o = op(&p);
    let Type::Ref { schema: id } = &member(body(o), "steps").ty else {
        panic!("steps is not an object: {:?}", member(body(o), "steps").ty)
    };
    let steps = schema(o, id);
    assert_eq!(names(steps), ["start", "stop"]);
    // Each member holds what the map held, and says what the description says of it.
    let start = member(steps, "start");
    assert!(
        matches!(&start.ty, Type::Array { items } if matches!(&**items, Type::Ref { .. })),
        "{:?}",
        start.ty
    );
    assert_eq!(start.description, "开始时执行");
    assert_eq!(start.required, None);
}

#[test]
fn a_map_of_data_keys_stays_a_map() {
    // Keys quoted in a sample, keys of an enumeration, and keys the description does not
    // define are data: each map stays a map.
    let p = page(
        &[(
            "响应Body参数",
            &[
                r#"labels|Map<String,String>|标签，如{"key1":"v1","key2":"v2"}"#,
                "codes|Map<String,Integer>|OK：成功的个数，FAILED：失败的个数",
                "extra|Map<String,String>|附加信息：name：名称",
            ],
        )],
        r#"{"labels": {"key1": "v1", "key2": "v2"}, "codes": {"OK": 1, "FAILED": 0}, "extra": {"name": "n", "size": "1"}}"#,
    );
    let o = op(&p);
    for name in ["labels", "codes", "extra"] {
        assert!(
            matches!(member(body(o), name).ty, Type::Map { .. }),
            "{name}: {:?}",
            member(body(o), name).ty
        );
    }
    assert!(
        !warnings(&p)
            .iter()
            .any(|w| w.contains("documented as a map")),
        "{:?}",
        warnings(&p)
    );
}

#[test]
fn a_success_body_keeps_the_top_level_members_every_example_shows() {
    let p = page(
        &[("响应Body参数", &["things|Array of strings|列表。"])],
        r#"{"request_id": "r-1", "things": ["a"], "page_info": {"next_marker": "m", "current_count": 1}}"#,
    );
    assert_eq!(
        warnings(&p),
        [
            "every 200 response example shows `request_id`, `page_info` at its top level, which the body table leaves out; read from the examples"
        ]
    );
    let o = op(&p);
    let b = body(o);
    assert_eq!(names(b), ["things", "request_id", "page_info"]);
    assert_eq!(member(b, "request_id").ty, Type::String);
    let Type::Ref { schema: id } = &member(b, "page_info").ty else {
        panic!("page_info: {:?}", member(b, "page_info").ty)
    };
    let info = schema(o, id);
    assert_eq!(names(info), ["next_marker", "current_count"]);
    assert_eq!(member(info, "current_count").ty, Type::Integer);
}

#[test]
fn an_example_that_may_respell_a_documented_member_adds_nothing() {
    // `id` is documented and never shown: `job_id` may be it, so it is not a new member.
    // An example sharing no documented member is not this body.
    let renamed = page(
        &[("响应Body参数", &["id|String|ID。", "status|String|状态。"])],
        r#"{"job_id": "1", "status": "OK"}"#,
    );
    assert_eq!(names(body(op(&renamed))), ["id", "status"]);
    let other = page(
        &[("响应Body参数", &["id|String|ID。"])],
        r#"{"job": {"id": "1"}, "total": 1}"#,
    );
    assert_eq!(names(body(op(&other))), ["id"]);
}

#[test]
fn a_shown_member_sharing_one_generic_word_with_an_unshown_one_is_kept() {
    // `shelf_location_code` is documented and never shown; `branch_postal_code` shares only
    // `code` with it, two words apart: a member of its own, not that one respelt.
    let p = page(
        &[(
            "响应Body参数",
            &[
                "title|String|书名。",
                "shelf_location_code|String|书架位置编码。",
            ],
        )],
        r#"{"title": "t", "branch_postal_code": "100000"}"#,
    );
    assert_eq!(
        names(body(op(&p))),
        ["title", "shelf_location_code", "branch_postal_code"]
    );
    // One word apart (`shelf_code` / `shelf_location_code`) may be a respelling: nothing added.
    let near = page(
        &[(
            "响应Body参数",
            &[
                "title|String|书名。",
                "shelf_location_code|String|书架位置编码。",
            ],
        )],
        r#"{"title": "t", "shelf_code": "A-3"}"#,
    );
    assert_eq!(names(body(op(&near))), ["title", "shelf_location_code"]);
}
