//! Member tables read by what their columns and examples say, whatever the header's wording:
//! names in a column headed "parameter description", a list the type word puts in the plural.
//! The pages are written here, small.

use apidoc::ir::{Operation, Type};
use apidoc::parse_page;

mod common;
use common::{op, table, warnings};

/// The schema `id`'s members with their types.
fn members<'o>(o: &'o Operation, id: &str) -> Vec<(&'o str, &'o Type)> {
    o.schemas
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no schema {id}: {:?}",
                o.schemas.iter().map(|s| &s.id).collect::<Vec<_>>()
            )
        })
        .fields
        .iter()
        .map(|f| (f.name.as_str(), &f.ty))
        .collect()
}

#[test]
fn names_in_a_column_headed_parameter_description() {
    // `参数说明 | 参数类型 | 说明`: the first column says "parameter description" and holds the
    // names; the last column is the description.
    let page = format!(
        "# 查询小部件<a name=\"wgt_02_0101\"></a>\n\n## URI\n\nGET /v1/\\{{project\\_id\\}}/widgets/\\{{widget\\_id\\}}\n\n## 响应消息\n\n{}\n**表 1**  labels字段说明\n\n<a name=\"table_labels\"></a>\n{}\n## 返回值\n\n{}",
        table(
            "参数名称|参数类型|说明",
            &[
                "id|String|ID。",
                "labels|Array of objects|标签。字段说明见<a href=\"#table_labels\">表1</a>。",
            ]
        ),
        table(
            "参数说明|参数类型|说明",
            &["key|String|标签的键。", "value|String|标签的值。"]
        ),
        table("返回值|说明", &["200|OK"]),
    );
    let p = parse_page("查询小部件.md", page.as_bytes());
    assert_eq!(warnings(&p), Vec::<String>::new());
    let o = op(&p);
    let labels = members(o, "response_labels");
    assert_eq!(
        labels,
        vec![("key", &Type::String), ("value", &Type::String)]
    );
}

#[test]
fn a_named_type_in_the_plural_that_the_examples_list_is_a_list() {
    // `<a>gadgets</a> objects` (no `Array of`) over `"gadgets": [{…}]`: both say a list.
    let page = format!(
        "# 查询部件列表<a name=\"wgt_02_0102\"></a>\n\n## URI\n\nGET /v1/\\{{project\\_id\\}}/gadgets\n\n## 响应消息\n\n**表 1**  响应参数\n\n{}\n**表 2**  gadgets参数说明\n\n<a name=\"t_gadgets\"></a>\n{}\n## 示例\n\n响应示例\n\n```\n{{\n  \"total\": 1,\n  \"gadgets\": [ {{ \"gadgetId\": \"g1\", \"size\": 3 }} ]\n}}\n```\n\n## 返回值\n\n{}",
        table(
            "参数名|参数类型|说明",
            &[
                "total|Integer|总数。",
                "gadgets|<a href=\"#t_gadgets\">gadgets</a> objects|部件。",
            ]
        ),
        table(
            "参数名|参数类型|说明",
            &["gadgetId|String|ID。", "size|Integer|大小。"]
        ),
        table("返回值|说明", &["200|OK"]),
    );
    let p = parse_page("查询部件列表.md", page.as_bytes());
    let o = op(&p);
    let root = o.responses[0].body.as_ref().expect("a response body");
    let Type::Ref { schema } = root else {
        panic!("{root:?}")
    };
    let gadgets = members(o, schema)
        .into_iter()
        .find(|(n, _)| *n == "gadgets")
        .expect("gadgets")
        .1;
    assert!(
        matches!(gadgets, Type::Array { items } if matches!(&**items, Type::Ref { .. })),
        "{gadgets:?}; {:?}",
        warnings(&p)
    );
    assert!(
        warnings(&p)
            .iter()
            .any(|w| w.contains("examples give a list")),
        "{:?}",
        warnings(&p)
    );
}
