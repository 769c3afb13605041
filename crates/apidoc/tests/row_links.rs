//! A row whose name cell links to a table is described by that table, even when its
//! description links the sibling fields it mentions first ("`a`与`b`二选一"). Pages written
//! for the test (an invented greenhouse service).

use apidoc::ir::{Operation, Schema, Type};
use apidoc::parse_page;

mod common;
use common::{op, table};

fn schema<'a>(o: &'a Operation, id: &str) -> &'a Schema {
    o.schemas
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no schema {id}: {:?}", o.schemas))
}

/// The member names of the item type of array member `field` of `s`.
fn item_members(o: &Operation, s: &Schema, field: &str) -> Vec<String> {
    let f = s
        .fields
        .iter()
        .find(|f| f.name == field)
        .unwrap_or_else(|| panic!("no member {field} in {:?}", s.fields));
    match &f.ty {
        Type::Array { items } => match items.as_ref() {
            Type::Ref { schema: id } => schema(o, id)
                .fields
                .iter()
                .map(|f| f.name.clone())
                .collect(),
            other => panic!("{field}: items {other:?}"),
        },
        other => panic!("{field}: {other:?}"),
    }
}

fn body_schema(o: &Operation) -> &Schema {
    match o.request_body.as_ref().map(|b| &b.ty) {
        Some(Type::Ref { schema: id }) => schema(o, id),
        other => panic!("body {other:?}"),
    }
}

#[test]
fn a_linked_name_wins_over_the_sibling_links_of_its_description() {
    let header = "参数|是否必选|参数类型|描述";
    let either =
        "<a href=\"#t_windows\">open_windows</a>与<a href=\"#t_vents\">open_vents</a>二选一即可。";
    let text = format!(
        "# 设置温室通风\n\n## URI\n\nPUT /v1/greenhouses/{{house_id}}/airing\n\n\
         ## 请求参数\n\n**表 1**  请求Body参数\n\n{}\n\
         **表 2**  airing\n\n{}\n\
         **表 3**  open\\_windows\n\n<a name=\"t_windows\"></a>\n{}\n\
         **表 4**  open\\_vents\n\n<a name=\"t_vents\"></a>\n{}\n\
         ## 响应参数\n\n无\n",
        table(header, &["airing|是|Object|通风设置，见表2。"]),
        table(
            header,
            &[
                &format!(
                    "<a href=\"#t_windows\">open_windows</a>|否|Array of objects|要打开的窗。{either}"
                ),
                &format!(
                    "<a href=\"#t_vents\">open_vents</a>|否|Array of objects|要打开的通风口。{either}"
                ),
            ]
        ),
        table(
            header,
            &[
                "window_no|是|Integer|窗的编号。",
                "angle|否|Integer|开启角度。"
            ]
        ),
        table(
            header,
            &[
                "vent_code|是|String|通风口代码。",
                "speed|否|Integer|风速档位。"
            ]
        ),
    );
    let p = parse_page("airing.md", text.as_bytes());
    let o = op(&p);
    let root = body_schema(o);
    let airing = match &root.fields[0].ty {
        Type::Ref { schema: id } => schema(o, id),
        other => panic!("airing {other:?}"),
    };
    assert_eq!(
        item_members(o, airing, "open_windows"),
        ["window_no", "angle"],
        "{:?}",
        p.diagnostics
    );
    assert_eq!(
        item_members(o, airing, "open_vents"),
        ["vent_code", "speed"],
        "{:?}",
        p.diagnostics
    );
}
