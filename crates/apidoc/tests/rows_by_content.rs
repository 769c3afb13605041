//! Rows whose words mislead about what they hold, read by what the rest of the page says: a
//! body member named like a header (`accept | Object`), a member typed `String` whose own
//! table (captioned with its name) describes it, a `Map<String,Object>` whose examples key
//! it by the members of its table. Each page is written here, small, and each
//! case has a counterpart the rule must leave alone.

use apidoc::ir::{Location, Operation, Type};
use apidoc::parse_page;

mod common;
use common::{op, table};

/// The fields of a schema, by id.
fn fields<'o>(o: &'o Operation, schema: &str) -> Vec<&'o str> {
    o.schemas
        .iter()
        .find(|s| s.id == schema)
        .unwrap_or_else(|| panic!("no schema {schema}"))
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect()
}

fn schema_id(ty: &Type) -> &str {
    match ty {
        Type::Ref { schema } => schema,
        other => panic!("not a schema reference: {other:?}"),
    }
}

/// A classic POST page whose request table holds the given rows, described by a second
/// table `accept参数说明`.
fn accept_page(rows: &[&str]) -> String {
    format!(
        "# 接受过户<a name=\"gd_01_0001\"></a>\n\n## URI\n\nPOST /v2/\\{{project\\_id\\}}/transfers/\\{{transfer\\_id\\}}/accept\n\n## 请求消息\n\n-   请求参数\n\n    <a name=\"t_req\"></a>\n    {}\n-   accept参数说明\n\n    <a name=\"t_accept\"></a>\n    {}\n\n## 响应消息\n\n无\n",
        table("参数|参数类型|是否必选|描述", rows),
        table(
            "参数|参数类型|是否必选|描述",
            &["auth_key|String|是|身份认证密钥。"]
        ),
    )
}

#[test]
fn a_body_member_typed_as_an_object_is_no_header_whatever_its_name() {
    let page = accept_page(&[
        "accept|Object|是|标记接受操作，请参见<a href=\"#t_accept\">accept参数说明</a>。",
    ]);
    let p = parse_page("接受过户.md", page.as_bytes());
    let o = op(&p);
    assert!(
        o.parameters.iter().all(|x| x.location != Location::Header),
        "{:?}",
        o.parameters
    );
    let body = o
        .request_body
        .as_ref()
        .expect("the table is the request body");
    let body_fields = fields(o, schema_id(&body.ty));
    assert_eq!(body_fields, ["accept"]);
}

#[test]
fn a_table_of_text_rows_named_like_headers_still_lists_headers() {
    let page = accept_page(&[
        "X-Auth-Token|String|是|用户Token。",
        "Accept|String|否|响应的媒体类型。",
    ]);
    let p = parse_page("接受过户.md", page.as_bytes());
    let o = op(&p);
    let headers: Vec<&str> = o
        .parameters
        .iter()
        .filter(|x| x.location == Location::Header)
        .map(|x| x.field.name.as_str())
        .collect();
    assert_eq!(headers, ["X-Auth-Token", "Accept"]);
}

/// A classic GET page whose response row `row` may point at table 2, captioned `caption`,
/// with an example showing `links` as a list.
fn links_page(row: &str, caption: &str) -> String {
    format!(
        "# 查询版本<a name=\"gd_01_0002\"></a>\n\n## URI\n\nGET /v2\n\n## 响应消息\n\n-   响应参数\n\n    **表 1**  参数说明\n\n    <a name=\"t_resp\"></a>\n    {}\n    **表 2**  {caption}\n\n    <a name=\"t_links\"></a>\n    {}\n-   响应样例\n\n    ```\n    {{\"id\": \"v2\", \"links\": [{{\"rel\": \"self\", \"href\": \"https://x/v2/\"}}]}}\n    ```\n",
        table("参数|参数类型|描述", &["id|String|版本号。", row]),
        table(
            "参数|参数类型|描述",
            &["href|String|地址。", "rel|String|关系。"]
        ),
    )
}

#[test]
fn a_string_row_pointing_at_a_table_captioned_with_its_name_holds_that_object() {
    let page = links_page(
        "links|String|API的URL地址。详情请参见<a href=\"#t_links\">表2</a>。",
        "links字段数据结构说明",
    );
    let p = parse_page("查询版本.md", page.as_bytes());
    let o = op(&p);
    let body = o.responses[0].body.as_ref().expect("a response body");
    let s = o
        .schemas
        .iter()
        .find(|s| s.id == schema_id(body))
        .expect("the body schema");
    let links = s.fields.iter().find(|f| f.name == "links").expect("links");
    // The example shows a list of them.
    let Type::Array { items } = &links.ty else {
        panic!("links is not a list: {:?}", links.ty)
    };
    assert_eq!(fields(o, schema_id(items)), ["href", "rel"]);
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.message.contains("typed as a scalar but points at table")),
        "{:?}",
        p.diagnostics
    );
}

#[test]
fn a_string_row_pointing_at_another_members_table_stays_a_string() {
    // The table is where the value comes from (`表2中的id`), captioned for another member.
    let page = links_page(
        "links|String|取自<a href=\"#t_links\">表2</a>中的href。",
        "targets字段数据结构说明",
    );
    let p = parse_page("查询版本.md", page.as_bytes());
    let o = op(&p);
    let body = o.responses[0].body.as_ref().expect("a response body");
    let s = o
        .schemas
        .iter()
        .find(|s| s.id == schema_id(body))
        .expect("the body schema");
    let links = s.fields.iter().find(|f| f.name == "links").expect("links");
    assert_eq!(links.ty, Type::String);
}

/// A classic GET page whose response member `local` is documented as `Array<Map<String,
/// Object>>` linked to a table of members `user` and `group`, with the given example of it.
fn map_page(example: &str) -> String {
    format!(
        "# 查询映射<a name=\"gd_01_0003\"></a>\n\n## URI\n\nGET /v3/mappings/\\{{id\\}}\n\n## 响应参数\n\n**表 1**  响应Body参数\n\n<a name=\"t_resp\"></a>\n{}\n**表 2**  rules.local\n\n<a name=\"t_local\"></a>\n{}\n**表 3**  rules.local.user\n\n<a name=\"t_user\"></a>\n{}\n## 响应示例\n\n```\n{{\"local\": {example}}}\n```\n",
        table(
            "参数|参数类型|描述",
            &[
                "<a href=\"#t_local\">local</a>|Array&lt;Map&lt;String,Object&gt;&gt;|本地用户信息。"
            ]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "<a href=\"#t_user\">user</a>|user object|用户。",
                "<a href=\"#t_user\">group</a>|user object|用户组。",
            ]
        ),
        table("参数|参数类型|描述", &["name|String|名称。"]),
    )
}

/// The type of the response body's `local`.
fn local_type(o: &Operation) -> &Type {
    let body = o.responses[0].body.as_ref().expect("a response body");
    let s = o
        .schemas
        .iter()
        .find(|s| s.id == schema_id(body))
        .expect("the body schema");
    &s.fields
        .iter()
        .find(|f| f.name == "local")
        .expect("local")
        .ty
}

#[test]
fn a_map_whose_examples_key_it_by_its_tables_members_is_that_object() {
    let page = map_page(r#"[{"user": {"name": "u1"}}, {"group": {"name": "g1"}}]"#);
    let p = parse_page("查询映射.md", page.as_bytes());
    let o = op(&p);
    let Type::Array { items } = local_type(o) else {
        panic!("local is not a list: {:?}", local_type(o))
    };
    assert_eq!(fields(o, schema_id(items)), ["user", "group"]);
}

#[test]
fn a_map_whose_examples_key_it_by_data_stays_a_map() {
    let page = map_page(r#"[{"demo_net": {"user": {"name": "u1"}}}]"#);
    let p = parse_page("查询映射.md", page.as_bytes());
    let o = op(&p);
    let Type::Array { items } = local_type(o) else {
        panic!("local is not a list: {:?}", local_type(o))
    };
    assert!(matches!(**items, Type::Map { .. }), "{items:?}");
}
