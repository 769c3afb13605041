//! A type name that names its table by the table's anchor (`<a name="request_GadgetSpec">`
//! over the table a row typed `GadgetSpec object` means): the row needs no link and the table
//! no caption. The page is written here, small.

use apidoc::ir::{Operation, Type};
use apidoc::parse_page;

mod common;
use common::{op, table, warnings};

/// The field names of the schema `ty` refers to (through one array, if it is one).
fn fields_of<'o>(o: &'o Operation, ty: &Type) -> Vec<&'o str> {
    let ty = match ty {
        Type::Array { items } => items.as_ref(),
        t => t,
    };
    let Type::Ref { schema } = ty else {
        panic!("not a schema reference: {ty:?}")
    };
    o.schemas
        .iter()
        .find(|s| &s.id == schema)
        .unwrap_or_else(|| panic!("no schema {schema}"))
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect()
}

/// The type of field `name` of the schema `ty` refers to.
fn field_type<'o>(o: &'o Operation, ty: &Type, name: &str) -> &'o Type {
    let Type::Ref { schema } = ty else {
        panic!("not a schema reference: {ty:?}")
    };
    let s = o.schemas.iter().find(|s| &s.id == schema).expect("schema");
    &s.fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {schema}"))
        .ty
}

/// A page of the API-Explorer kind with its captions and links left out: only the anchors
/// say which table is which. The request and the response each have a `GadgetSpec` table,
/// with different members; `Orphan` has no table at all.
fn page() -> String {
    let req = "参数|是否必选|参数类型|描述";
    let resp = "参数|参数类型|描述";
    format!(
        "# 创建小工具<a name=\"ZH-CN_TOPIC_0000000000000001\"></a>\n\n## URI\n\nPOST /v2/\\{{project\\_id\\}}/gadgets\n\n{}\n## 请求参数\n\n<a name=\"request_GadgetCreate\"></a>\n{}\n<a name=\"request_GadgetSpec\"></a>\n{}\n<a name=\"request_GadgetPart\"></a>\n{}\n## 响应参数\n\n**状态码： 201**\n\n<a name=\"response_GadgetResp\"></a>\n{}\n<a name=\"response_GadgetSpec\"></a>\n{}\n",
        table(req, &["project_id|是|String|项目ID。"]),
        table(
            req,
            &[
                "name|是|String|名称。",
                "spec|是|GadgetSpec object|规格。",
                "parts|否|Array of GadgetPart objects|部件。",
                "extra|否|Orphan object|扩展。",
            ]
        ),
        table(req, &["size|是|Integer|大小。"]),
        table(req, &["part_no|是|String|部件号。"]),
        table(resp, &["id|String|ID。", "spec|GadgetSpec object|规格。"]),
        table(resp, &["size|Integer|大小。", "used|Integer|已用。"]),
    )
}

#[test]
fn a_type_name_finds_the_table_anchored_with_it_on_its_own_side() {
    let p = parse_page("创建小工具.md", page().as_bytes());
    let o = op(&p);
    let body = o.request_body.as_ref().expect("a request body");
    assert_eq!(fields_of(o, &body.ty), ["name", "spec", "parts", "extra"]);
    assert_eq!(fields_of(o, field_type(o, &body.ty, "spec")), ["size"]);
    assert_eq!(fields_of(o, field_type(o, &body.ty, "parts")), ["part_no"]);
    let resp = o
        .responses
        .iter()
        .find(|r| r.status == 201)
        .and_then(|r| r.body.as_ref())
        .expect("a 201 body");
    // The response's `GadgetSpec` is the table anchored `response_GadgetSpec`.
    assert_eq!(fields_of(o, field_type(o, resp, "spec")), ["size", "used"]);
}

#[test]
fn a_type_name_no_anchor_carries_stays_free_form_and_says_so() {
    let p = parse_page("创建小工具.md", page().as_bytes());
    let o = op(&p);
    let body = o.request_body.as_ref().expect("a request body");
    assert_eq!(field_type(o, &body.ty, "extra"), &Type::Any);
    let w = warnings(&p);
    assert!(
        w.iter().any(|m| m.contains("unknown type `Orphan`")),
        "{w:?}"
    );
    assert_eq!(w.len(), 1, "{w:?}");
}
