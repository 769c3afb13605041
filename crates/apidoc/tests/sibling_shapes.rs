//! An object the tables leave open whose description names the same members as a sibling's,
//! whose members the examples show: the page states one shape for both. The counterparts
//! stay open: a description naming only some of the members, and a single-member object.

use apidoc::ir::{Operation, Schema, Type};
use apidoc::{ParsedPage, parse_page};

mod common;
use common::{op, warnings};

/// A GET page of an invented lending service: one response table and one example.
fn page(rows: &[&str], example: &str) -> ParsedPage {
    let text = format!(
        "# 查询借阅配额\n\n## URI\n\nGET /v1/{{project_id}}/lending-quotas\n\n## 响应参数\n\n**状态码： 200**\n\n**表 1** 响应Body参数\n\n{}\n\n## 响应示例\n\n**状态码： 200**\n\n```\n{example}\n```\n",
        common::escaped_table("参数|参数类型|描述", rows)
    );
    parse_page("quotas.md", text.as_bytes())
}

fn schema<'a>(o: &'a Operation, id: &str) -> &'a Schema {
    o.schemas
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no schema {id}: {:?}", o.schemas))
}

/// The member names and types of the object a body field holds, or `None` when it is open.
fn members(p: &ParsedPage, field: &str) -> Option<Vec<(String, Type)>> {
    let o = op(p);
    let Some(Type::Ref { schema: body }) = &o.responses[0].body else {
        panic!("no body: {:?}", o.responses)
    };
    let f = schema(o, body)
        .fields
        .iter()
        .find(|f| f.name == field)
        .unwrap_or_else(|| panic!("no field {field}"));
    match &f.ty {
        Type::Ref { schema: id } => Some(
            schema(o, id)
                .fields
                .iter()
                .map(|m| (m.name.clone(), m.ty.clone()))
                .collect(),
        ),
        _ => None,
    }
}

const EXAMPLE: &str = r#"{"loans": {"used": 2, "max": 10}, "holds": 1}"#;

#[test]
fn an_open_object_described_like_a_shown_sibling_takes_its_shape() {
    let p = page(
        &[
            "loans|Object|借阅数，键值对，包含：used（已用）和max（上限）。",
            "renewals|Object|续借数，键值对，包含：used（已用）和max（上限）。",
            "holds|Integer|预约数。",
        ],
        EXAMPLE,
    );
    let shape = vec![
        ("used".to_owned(), Type::Integer),
        ("max".to_owned(), Type::Integer),
    ];
    assert_eq!(members(&p, "loans"), Some(shape.clone()));
    assert_eq!(members(&p, "renewals"), Some(shape));
    assert!(
        warnings(&p).iter().any(|w| w.contains(
            "`renewals` is documented only as an object, but its description names the members of `loans` (used, max)"
        )),
        "{:?}",
        warnings(&p)
    );
}

#[test]
fn a_description_naming_part_of_the_shape_or_a_lone_member_stays_open() {
    let part = page(
        &[
            "loans|Object|借阅数，键值对，包含：used（已用）和max（上限）。",
            "renewals|Object|续借数，包含used。",
            "holds|Integer|预约数。",
        ],
        EXAMPLE,
    );
    assert!(members(&part, "loans").is_some());
    assert_eq!(members(&part, "renewals"), None);

    let lone = page(
        &[
            "loans|Object|借阅数，包含：used（已用）。",
            "renewals|Object|续借数，包含：used（已用）。",
            "holds|Integer|预约数。",
        ],
        r#"{"loans": {"used": 2}, "holds": 1}"#,
    );
    assert!(members(&lone, "loans").is_some());
    assert_eq!(members(&lone, "renewals"), None);
}
