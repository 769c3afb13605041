//! Where a page's tables and its own examples disagree, or where a table's rows are
//! placeholders: the member name every example uses, a wrapper no example shows, an object
//! the tables leave open whose description names what the examples show, a table keyed by
//! `{自定义key}`. Each page here is written for the test; each case has a counterpart the
//! rule must leave alone.

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
        "# 查询\n\n## URI\n\nGET /v3/items\n\n## 响应参数\n\n**状态码： 200**\n\n".to_owned();
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

fn names(s: &Schema) -> Vec<&str> {
    s.fields.iter().map(|f| f.name.as_str()).collect()
}

fn body(o: &Operation) -> &Schema {
    match &o.responses[0].body {
        Some(Type::Ref { schema: id }) => schema(o, id),
        other => panic!("body {other:?}"),
    }
}

#[test]
fn a_list_the_table_names_in_the_singular_takes_the_examples_plural() {
    let p = page(
        &[
            (
                "响应Body参数",
                &[
                    "session|Array of Session objects|会话。",
                    "count|Integer|个数。",
                ],
            ),
            ("Session", &["id|String|ID。"]),
        ],
        r#"{"sessions": [{"id": "s1"}], "count": 1}"#,
    );
    assert_eq!(
        warnings(&p),
        [
            "the table names this member `session` but every example of the page names it `sessions`; the example's name is used"
        ]
    );
    let o = op(&p);
    assert_eq!(names(body(o)), ["sessions", "count"]);
    // The table's type and description stay with the member.
    let f = &body(o).fields[0];
    assert!(matches!(&f.ty, Type::Array { .. }));
    assert_eq!(f.description, "会话。");
}

#[test]
fn a_list_named_in_the_plural_keeps_it_when_an_example_drops_it() {
    let p = page(
        &[("响应Body参数", &["values|Array of strings|值。"])],
        r#"{"value": ["a"]}"#,
    );
    assert_eq!(warnings(&p), Vec::<String>::new());
    assert_eq!(names(body(op(&p))), ["values"]);
}

#[test]
fn a_spelling_the_examples_disagree_on_is_left_as_the_table_says() {
    // One example has the table's name: the other's is not "every example".
    let text = format!(
        "# 查询\n\n## URI\n\nGET /v3/items\n\n## 响应参数\n\n**状态码： 200**\n\n**表 1** 响应Body参数\n\n{}\n## 响应示例\n\n```\n{}\n```\n\n```\n{}\n```\n",
        table(&["rule|Array of strings|规则。"]),
        r#"{"rules": ["a"]}"#,
        r#"{"rule": ["b"]}"#
    );
    let p = parse_page("q.md", text.as_bytes());
    assert_eq!(warnings(&p), Vec::<String>::new());
    assert_eq!(names(body(op(&p))), ["rule"]);
}

#[test]
fn a_wrapper_inside_the_body_that_no_example_shows_is_read_through() {
    let p = page(
        &[
            (
                "响应Body参数",
                &["filters|Array of FilterBody objects|列表。"],
            ),
            ("FilterBody", &["filter|Filter object|筛选条件。"]),
            (
                "Filter",
                &[
                    "id|String|ID。",
                    "name|String|名称。",
                    "rules|Array of strings|规则。",
                ],
            ),
        ],
        r#"{"filters": [{"id": "f1", "name": "a", "rules": []}]}"#,
    );
    assert_eq!(
        warnings(&p),
        [
            "the table `FilterBody` wraps its object in `filter`, but no example of the page does; the examples' elements are read as that object"
        ]
    );
    let o = op(&p);
    match &body(o).fields[0].ty {
        Type::Array { items } => match &**items {
            Type::Ref { schema: id } => assert_eq!(names(schema(o, id)), ["id", "name", "rules"]),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_bodys_own_wrapper_stands_when_an_example_leaves_it_out() {
    let p = page(
        &[
            ("响应Body参数", &["routetable|RouteTable object|路由表。"]),
            ("RouteTable", &["id|String|ID。", "name|String|名称。"]),
        ],
        r#"{"id": "r1", "name": "a"}"#,
    );
    assert_eq!(names(body(op(&p))), ["routetable"]);
}

#[test]
fn an_open_object_whose_description_names_the_examples_members_gets_them() {
    let p = page(
        &[(
            "响应Body参数",
            &[
                "volumes|Object|云硬盘数量，键值对，包含：reserved（预留）、limit（最大）和in_use（已使用）。",
                "metadata|Object|元数据。",
            ],
        )],
        r#"{"volumes": {"reserved": 0, "limit": -1, "in_use": 3000000000, "unit": null}, "metadata": {"os_type": "Linux"}}"#,
    );
    assert_eq!(
        warnings(&p),
        [
            "`volumes` is documented only as an object whose description names members the page's examples show; its members are read from the examples"
        ]
    );
    let o = op(&p);
    let b = body(o);
    let Type::Ref { schema: id } = &b.fields[0].ty else {
        panic!("{:?}", b.fields[0].ty)
    };
    let v = schema(o, id);
    assert_eq!(names(v), ["reserved", "limit", "in_use", "unit"]);
    let tys: Vec<&Type> = v.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        tys,
        [&Type::Integer, &Type::Integer, &Type::Long, &Type::Any]
    );
    assert!(
        v.fields.iter().all(|f| f.required.is_none()),
        "the example says nothing of required"
    );
    // A map whose description names nothing the example shows stays open.
    assert_eq!(b.fields[1].ty, Type::Any);
}

#[test]
fn a_table_keyed_by_a_placeholder_is_a_map() {
    let p = page(
        &[
            (
                "响应Body参数",
                &["{自定义key}|Map<String, ResponseInfo>|自定义响应。"],
            ),
            (
                "ResponseInfo",
                &["status|Integer|状态码。", "body|String|模板。"],
            ),
        ],
        r#"{"ACCESS_DENIED": {"status": 403, "body": "x"}}"#,
    );
    assert_eq!(
        warnings(&p),
        ["the row `{自定义key}` stands for any key: the table is read as a map of its values"]
    );
    let o = op(&p);
    match &o.responses[0].body {
        Some(Type::Map { values }) => match &**values {
            Type::Ref { schema: id } => assert_eq!(names(schema(o, id)), ["status", "body"]),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert!(
        o.schemas
            .iter()
            .all(|s| s.fields.iter().all(|f| f.name != "{自定义key}")),
        "no member is named by the placeholder"
    );
}

#[test]
fn a_table_whose_example_is_an_array_of_its_rows_describes_the_elements() {
    let rows: &[&str] = &[
        "trigger_id|String|触发器ID。",
        "trigger_type_code|String|类型。",
    ];
    let p = page(
        &[("响应参数", rows)],
        r#"[{"trigger_id": "t-1", "trigger_type_code": "OBS"}, {"trigger_id": "t-2"}]"#,
    );
    let o = op(&p);
    let body = o.responses[0].body.as_ref().unwrap();
    assert!(
        matches!(body, Type::Array { items } if matches!(**items, Type::Ref { .. })),
        "{body:?}"
    );
    assert!(
        warnings(&p)
            .iter()
            .any(|w| w.contains("array of the objects")),
        "{:?}",
        warnings(&p)
    );

    // An object example, or elements that are mostly other keys, leave the body an object.
    for example in [
        r#"{"trigger_id": "t-1"}"#,
        r#"[{"a": 1, "b": 2, "c": 3, "trigger_id": "t"}]"#,
        "[]",
    ] {
        let p = page(&[("响应参数", rows)], example);
        let body = op(&p).responses[0].body.as_ref().unwrap();
        assert!(matches!(body, Type::Ref { .. }), "{example}: {body:?}");
    }
}

#[test]
fn a_word_the_table_spells_out_and_every_example_clips_takes_the_examples_name() {
    // The examples send `is_renew_allowed`; the table spells a word of it in full.
    let p = page(
        &[(
            "响应Body参数",
            &[
                "title|String|书名。",
                "is_renewal_allowed|Boolean|是否允许续借。",
            ],
        )],
        r#"{"title": "t", "is_renew_allowed": true}"#,
    );
    assert_eq!(names(body(op(&p))), ["title", "is_renew_allowed"]);
    assert!(
        warnings(&p).iter().any(|w| w.contains(
            "the table names this member `is_renewal_allowed` but every example of the page names it `is_renew_allowed`"
        )),
        "{:?}",
        warnings(&p)
    );
    // A short word that merely starts another (`port` / `portal`) is left as the table says.
    let other = page(
        &[(
            "响应Body参数",
            &["title|String|书名。", "port_id|String|端口。"],
        )],
        r#"{"title": "t", "portal_id": "p"}"#,
    );
    assert_eq!(names(body(op(&other)))[..2], ["title", "port_id"]);
}
