//! A member whose description says it has its parent's structure (`结构与父task类似`,
//! `结构同父节点`) is that object: the enclosing object the description names, else the one
//! it sits in. Pages written for the test (an invented kettle service).

use apidoc::ir::{Operation, Schema, Type};
use apidoc::parse_page;

mod common;
use common::{op, table, warnings};

fn fields(rows: &[&str]) -> String {
    table("参数|参数类型|描述", rows)
}

fn schema<'a>(o: &'a Operation, name: &str) -> &'a Schema {
    o.schemas
        .iter()
        .find(|s| s.name == name || s.id == name)
        .unwrap_or_else(|| panic!("no schema {name}: {:?}", o.schemas))
}

fn member_ty<'a>(s: &'a Schema, name: &str) -> &'a Type {
    &s.fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no member {name} in {:?}", s.fields))
        .ty
}

fn list_of(id: &str) -> Type {
    Type::Array {
        items: Box::new(Type::Ref {
            schema: id.to_owned(),
        }),
    }
}

#[test]
fn a_member_shaped_like_its_named_parent_is_that_object() {
    let text = format!(
        "# 查询烧水任务\n\n## URI\n\nGET /v1/kettles/tasks/{{task_id}}\n\n\
         ## 响应参数\n\n**状态码： 200**\n\n**表 1**  响应Body参数\n\n{}\n**表 2**  detail\n\n{}\n",
        fields(&[
            "task_id|String|任务ID。",
            "state|String|任务状态。",
            "detail|Object|任务的对象，详情请参见表2。",
        ]),
        fields(&[
            "kettle_id|String|水壶ID。",
            "steps|Array of objects|子任务列表。每个子task的结构与父task类似。",
            "other|Array of objects|另一种对象，结构与父task不同。",
        ]),
    );
    let p = parse_page("task.md", text.as_bytes());
    let o = op(&p);
    let root = match &o.responses[0].body {
        Some(Type::Ref { schema }) => schema.clone(),
        other => panic!("body {other:?}"),
    };
    let detail = schema(o, "detail");
    assert_eq!(member_ty(detail, "steps"), &list_of(&root));
    assert_eq!(
        member_ty(detail, "other"),
        &Type::Array {
            items: Box::new(Type::Any)
        }
    );
    assert!(
        warnings(&p)
            .iter()
            .any(|w| w.contains("`steps`") && w.contains("parent")),
        "{:?}",
        warnings(&p)
    );
}

#[test]
fn a_member_shaped_like_its_parent_without_a_name_is_the_object_it_sits_in() {
    let text = format!(
        "# 查询水壶目录\n\n## URI\n\nGET /v1/kettles/catalog\n\n\
         ## 响应参数\n\n**状态码： 200**\n\n**表 1**  响应Body参数\n\n{}\n**表 2**  Node\n\n{}\n",
        fields(&["root|Node object|目录的根节点。"]),
        fields(&[
            "name|String|节点名称。",
            "children|Array|子节点列表，结构同父节点。",
            "spec|Object|规格，自由格式。",
        ]),
    );
    let p = parse_page("catalog.md", text.as_bytes());
    let o = op(&p);
    let node = schema(o, "Node");
    assert_eq!(member_ty(node, "children"), &list_of(&node.id));
    assert_eq!(member_ty(node, "spec"), &Type::Any);
}
