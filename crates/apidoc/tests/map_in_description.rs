//! An object whose description says it is a map (`属性为Map<String, Object>结构`, in any
//! spacing) is a map of what the row points at; where every example gives each key a list
//! of those objects, a map of lists. Pages written for the test (an invented garden service).

use apidoc::ir::{Schema, Type};
use apidoc::{ParsedPage, parse_page};

mod common;
use common::{escaped_table, op, warnings};

fn page(rows: &[&str], example: &str) -> ParsedPage {
    let text = format!(
        "# 查询花园\n\n## URI\n\nGET /v1/gardens/{{garden_id}}\n\n## 响应参数\n\n**状态码： 200**\n\n\
         **表 1**  响应Body参数\n\n{}\n**表 2**  Bed\n\n{}\n## 响应示例\n\n```\n{example}\n```\n",
        escaped_table("参数|参数类型|描述", rows),
        escaped_table(
            "参数|参数类型|描述",
            &["plant|String|植物名称。", "rows|Integer|行数。"]
        ),
    );
    parse_page("garden.md", text.as_bytes())
}

fn body_member(p: &ParsedPage, name: &str) -> Type {
    let o = op(p);
    let Some(Type::Ref { schema }) = &o.responses[0].body else {
        panic!("body {:?}", o.responses[0].body)
    };
    let s: &Schema = o.schemas.iter().find(|s| &s.id == schema).unwrap();
    s.fields.iter().find(|f| f.name == name).unwrap().ty.clone()
}

fn bed(p: &ParsedPage) -> Type {
    let o = op(p);
    let s = o.schemas.iter().find(|s| s.name == "Bed").unwrap();
    Type::Ref {
        schema: s.id.clone(),
    }
}

#[test]
fn an_object_described_as_a_map_is_a_map_of_what_the_row_points_at() {
    let p = page(
        &["beds|Object|花坛。属性为Map<String, Object>结构。key为花坛名称，value详情请参见表2。"],
        r#"{"beds": {"north": {"plant": "rose", "rows": 3}}}"#,
    );
    assert_eq!(
        body_member(&p, "beds"),
        Type::Map {
            values: Box::new(bed(&p))
        }
    );
}

#[test]
fn examples_that_give_each_key_a_list_make_a_map_of_lists() {
    let p = page(
        &["beds|Object|花坛。属性为map <String,Object>结构。value详情请参见表2。"],
        r#"{"beds": {"north": [{"plant": "rose", "rows": 3}], "south": [{"plant": "iris", "rows": 1}]}}"#,
    );
    assert_eq!(
        body_member(&p, "beds"),
        Type::Map {
            values: Box::new(Type::Array {
                items: Box::new(bed(&p))
            })
        }
    );
    assert!(
        warnings(&p).iter().any(|w| w.contains("map of lists")),
        "{:?}",
        warnings(&p)
    );
}

#[test]
fn an_object_whose_description_names_no_map_stays_one_object() {
    let p = page(
        &["bed|Object|花坛，详情请参见表2。"],
        r#"{"bed": {"plant": "rose", "rows": 3}}"#,
    );
    assert_eq!(body_member(&p, "bed"), bed(&p));
}
