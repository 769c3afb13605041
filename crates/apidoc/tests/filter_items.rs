//! A query filter typed only as a list (`Array`) takes its elements' type from the member of
//! that name the operation documents elsewhere; without one, or where the members disagree,
//! the elements stay strings. The page is written for the test (an invented lamp service).

use apidoc::ir::{Location, Operation, Type};
use apidoc::{ParsedPage, parse_page};

mod common;
use common::{op, table, warnings};

/// A list page: query filters, and a response listing lamps with the given member rows.
fn page(filters: &[&str], lamp: &[&str]) -> ParsedPage {
    let text = format!(
        "# 查询灯列表\n\n## URI\n\nGET /v3/{{project_id}}/lamps\n\n**表 1**  Query参数\n\n{}\n\
         ## 响应参数\n\n**状态码： 200**\n\n**表 2**  响应Body参数\n\n{}\n**表 3**  Lamp\n\n{}\n",
        table("参数|是否必选|参数类型|描述", filters),
        table(
            "参数|参数类型|描述",
            &["lamps|Array of Lamp objects|灯的列表。"]
        ),
        table("参数|参数类型|描述", lamp),
    );
    parse_page("lamps.md", text.as_bytes())
}

fn query<'a>(o: &'a Operation, name: &str) -> &'a Type {
    o.parameters
        .iter()
        .find(|p| p.location == Location::Query && p.field.name == name)
        .map(|p| &p.field.ty)
        .unwrap_or_else(|| panic!("no query parameter {name}: {:?}", o.parameters))
}

fn list_of(t: Type) -> Type {
    Type::Array { items: Box::new(t) }
}

#[test]
fn a_bare_list_filter_takes_the_type_of_the_member_it_filters_by() {
    let p = page(
        &[
            "brightness|否|Array|亮度。支持多值查询，格式：brightness=1&brightness=2。",
            "dimmable|否|List|是否可调光，可多值。",
            "name|否|Array|名称，可多值。",
        ],
        &[
            "brightness|Integer|亮度，1-100。",
            "dimmable|Boolean|是否可调光。",
            "name|String|名称。",
        ],
    );
    let o = op(&p);
    assert_eq!(query(o, "brightness"), &list_of(Type::Integer));
    assert_eq!(query(o, "dimmable"), &list_of(Type::Boolean));
    assert_eq!(query(o, "name"), &list_of(Type::String));
    let w = warnings(&p);
    assert!(
        w.iter()
            .any(|m| m.contains("`brightness`") && m.contains("Integer")),
        "{w:?}"
    );
}

#[test]
fn without_one_agreeing_member_the_elements_stay_strings() {
    // `watts` names no member; `color` is documented twice with different types; `zone`
    // is free-form JSON, not a scalar; a filter that says its element type keeps it.
    let text = format!(
        "# 查询灯列表\n\n## URI\n\nGET /v3/lamps\n\n**表 1**  Query参数\n\n{}\n\
         ## 响应参数\n\n**状态码： 200**\n\n**表 2**  响应Body参数\n\n{}\n**表 3**  Lamp\n\n{}\n",
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "watts|否|Array|功率，可多值。",
                "color|否|Array|颜色，可多值。",
                "zone|否|Array|区域，可多值。",
                "level|否|Array of strings|级别，可多值。",
            ]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "lamps|Array of Lamp objects|灯的列表。",
                "color|String|默认颜色。"
            ]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "color|Integer|颜色编号。",
                "zone|Object|区域，自由格式。",
                "level|Integer|级别。"
            ]
        ),
    );
    let p = parse_page("lamps.md", text.as_bytes());
    let o = op(&p);
    for name in ["watts", "color", "zone", "level"] {
        assert_eq!(query(o, name), &list_of(Type::String), "{name}");
    }
}
