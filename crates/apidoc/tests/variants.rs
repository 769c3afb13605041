//! Spellings of the classic templates found on services the parser had not been written
//! against, each as a small page of its own: the request line as `PATH：` and `Method：`
//! lines, status cells with a reason phrase, topic-prefixed anchors, made-up type words,
//! list words, a body-less success named only in an example, an error example without a
//! status, a millisecond timestamp typed `Int`, a `Dict` described on another page.

use apidoc::ir::{Location, Type};
use apidoc::{FolderOptions, parse_folder, parse_page};

mod common;
use common::{op, table, warnings};

#[test]
fn path_and_method_on_labelled_lines_in_either_order() {
    let page = format!(
        "# 授权\n\n## URI\n\n-   URI格式\n\n    PATH：/\\{{version\\_id\\}}/\\{{project\\_id\\}}/instances/\\{{instance\\_id\\}}/db\\_privilege\n\n    Method：POST\n\n-   参数说明\n\n{}",
        table(
            "名称|是否必选|说明",
            &[
                "version_id|是|版本。",
                "project_id|是|项目。",
                "instance_id|是|实例。"
            ]
        )
    );
    let p = parse_page("a.md", page.as_bytes());
    assert_eq!(p.diagnostics, vec![]);
    let o = op(&p);
    assert_eq!(
        (o.method.as_str(), o.path.as_str()),
        (
            "POST",
            "/{version_id}/{project_id}/instances/{instance_id}/db_privilege"
        )
    );
}

#[test]
fn status_cells_with_a_reason_phrase_and_topic_prefixed_anchors() {
    let page = format!(
        "# 查询\n\n## URI\n\nGET /v2/zones\n\n## 响应消息\n\n**表 2**  响应参数\n\n{}\n**表 3**  zone字段说明\n\n<a name=\"table44\"></a>\n{}\n## 返回值\n\n{}",
        table(
            "参数|参数类型|描述",
            &["zone|Object|见<a href=\"#ZH-CN_TOPIC_0057329431__table44\">表3</a>。"]
        ),
        table("参数|参数类型|描述", &["id|String|ID。"]),
        table(
            "返回值|描述",
            &[
                "200 OK|成功。",
                "400 Bad Request|请求错误。",
                "404 Not Found|未找到。"
            ]
        ),
    );
    let p = parse_page("b.md", page.as_bytes());
    assert_eq!(p.diagnostics, vec![]);
    let o = op(&p);
    let codes: Vec<u16> = o.status_codes.iter().map(|s| s.code).collect();
    assert_eq!(codes, [200, 400, 404]);
    let zone = &o.schemas[0].fields[0];
    assert!(matches!(&zone.ty, Type::Ref { schema } if schema == "response_zone"));
}

#[test]
fn made_up_and_list_type_words() {
    let page = format!(
        "# 查询\n\n## URI\n\nGET /v2.0/nat_gateways/\\{{nat\\_gateway\\_id\\}}\n\n{}\n## 响应消息\n\n**表 2**  响应参数\n\n{}\n**表 3**  values字段说明\n\n{}",
        table(
            "参数|类型|必选|说明",
            &["nat_gateway_id|Uuid-Str|是|网关ID。"]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "values|列表对象|所有版本列表。",
                "created|date-time|创建时间。"
            ]
        ),
        table("参数|参数类型|描述", &["id|String|版本。"]),
    );
    let p = parse_page("c.md", page.as_bytes());
    assert_eq!(p.diagnostics, vec![]);
    let o = op(&p);
    let id = o
        .parameters
        .iter()
        .find(|x| x.location == Location::Path && x.field.name == "nat_gateway_id")
        .expect("the path parameter");
    assert_eq!(id.field.ty, Type::String);
    let body = &o.schemas[0];
    assert!(
        matches!(&body.fields[0].ty, Type::Array { items } if matches!(**items, Type::Ref { .. }))
    );
    assert_eq!(body.fields[1].ty, Type::String);
}

#[test]
fn a_struct_array_described_on_a_linked_page() {
    let op_page = format!(
        "# 版本\n\n## URI\n\nGET /v2\n\n## 响应消息\n\n**表 1**  响应参数\n\n{}",
        table(
            "参数|参数类型|描述",
            &[
                "links|Links结构体数组，结构体说明请参见<a href=\"Links结构体.md\">Links结构体</a>|链接。"
            ]
        ),
    );
    let shared = format!(
        "# Links结构体\n\n{}",
        table(
            "参数|参数类型|描述",
            &["href|String|地址。", "rel|String|关系。"]
        )
    );
    let pages = parse_folder(
        &[
            ("v.md".into(), op_page.into_bytes()),
            ("Links结构体.md".into(), shared.into_bytes()),
        ],
        &FolderOptions::default(),
    );
    assert_eq!(pages[0].diagnostics, vec![]);
    let o = op(&pages[0]);
    let Type::Array { items } = &o.schemas[0].fields[0].ty else {
        panic!("links is an array: {:?}", o.schemas[0].fields[0].ty)
    };
    let Type::Ref { schema } = &**items else {
        panic!("of objects")
    };
    let links = o.schemas.iter().find(|s| s.id == *schema).expect("links");
    assert_eq!(links.source.file.as_deref(), Some("Links结构体.md"));
    assert_eq!(links.fields.len(), 2);
}

#[test]
fn a_bodyless_success_named_in_an_example_and_an_error_example_without_status() {
    let page = format!(
        "# 删除\n\n## URI\n\nDELETE /v2.0/tags/\\{{tag\\}}\n\n{}\n## 响应消息\n\n如果存在指定标签，不涉及。如果不存在指定标签，响应消息如下：\n\n```\n{{\"itemNotFound\": {{\"message\": \"no tag\", \"code\": 404}}}}\n```\n\n## 响应示例\n\n```\n无（STATUS CODE 204）\n```\n\n## 状态码\n\n{}",
        table("参数|是否必选|参数类型|描述", &["tag|是|String|标签。"]),
        table("状态码|描述", &["404|未找到。"]),
    );
    let p = parse_page("d.md", page.as_bytes());
    assert_eq!(warnings(&p), Vec::<String>::new());
    let o = op(&p);
    let statuses: Vec<u16> = o.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [204, 404]);
    assert!(o.responses[0].examples.is_empty(), "204 has no body");
    assert_eq!(
        o.responses[1].examples.len(),
        1,
        "the error example is the 404's"
    );
}

#[test]
fn an_int_field_whose_example_is_a_millisecond_timestamp_is_long() {
    let page = format!(
        "# 查询\n\n## URI\n\nGET /v3/times\n\n## 响应消息\n\n**表 1**  响应参数\n\n{}\n## 响应示例\n\n```\n{{\"start_time\": 1532001446987, \"count\": 3}}\n```\n",
        table(
            "参数|参数类型|描述",
            &["start_time|Int|开始时间。", "count|Int|个数。"]
        ),
    );
    let p = parse_page("e.md", page.as_bytes());
    assert_eq!(
        warnings(&p),
        [
            "`start_time` is documented as `Int` but an example of the page holds a value beyond 32 bits; read as Long"
        ]
    );
    let o = op(&p);
    let f = &o.schemas[0].fields;
    assert_eq!(
        (f[0].ty.clone(), f[1].ty.clone()),
        (Type::Long, Type::Integer)
    );
}

#[test]
fn a_dict_field_described_by_the_one_table_of_that_name_in_the_folder() {
    let update = format!(
        "# 更新\n\n## URI\n\nPUT /v2.0/nat_gateways/\\{{id\\}}\n\n{}\n## 请求消息\n\n**表 2**  请求参数\n\n{}",
        table("参数|是否必选|参数类型|描述", &["id|是|String|ID。"]),
        table(
            "参数|是否必选|参数类型|描述",
            &["nat_gateway|是|Dict|网关。"]
        ),
    );
    let list = format!(
        "# 列表\n\n## URI\n\nGET /v2.0/nat_gateways\n\n## 响应消息\n\n**表 2**  响应参数\n\n{}\n**表 3**  nat_gateway字段说明\n\n{}",
        table(
            "参数|参数类型|描述",
            &["nat_gateways|Array of nat_gateway objects|网关列表。"]
        ),
        table("参数|参数类型|描述", &["name|String|名称。"]),
    );
    let pages = parse_folder(
        &[
            ("update.md".into(), update.into_bytes()),
            ("list.md".into(), list.into_bytes()),
        ],
        &FolderOptions::default(),
    );
    assert_eq!(pages[0].diagnostics, vec![]);
    let o = op(&pages[0]);
    let body = &o.schemas[0];
    let Type::Ref { schema } = &body.fields[0].ty else {
        panic!("nat_gateway is an object: {:?}", body.fields[0].ty)
    };
    let gw = o
        .schemas
        .iter()
        .find(|s| s.id == *schema)
        .expect("the table");
    assert_eq!(gw.source.file.as_deref(), Some("list.md"));
    assert_eq!(gw.fields[0].name, "name");
}

#[test]
fn json_typed_fields_are_the_table_they_point_at_or_any_value() {
    let page = format!(
        "# 创建\n\n## URI\n\nPOST /v1.0/instances\n\n## 请求消息\n\n**表 2**  参数说明\n\n{}\n**表 4**  备份策略\n\n{}",
        table(
            "参数|类型|必选|说明",
            &[
                "instance_backup_policy|JSON|否|备份策略，请参考表4。",
                "extra|JSON|否|扩展信息，键值对。"
            ]
        ),
        table("参数|类型|必选|说明", &["save_days|Integer|否|保留天数。"]),
    );
    let p = parse_page("f.md", page.as_bytes());
    assert_eq!(p.diagnostics, vec![]);
    let body = &op(&p).schemas[0];
    assert!(
        matches!(&body.fields[0].ty, Type::Ref { .. }),
        "{:?}",
        body.fields[0].ty
    );
    assert_eq!(body.fields[1].ty, Type::Any);
}

#[test]
fn the_request_line_of_a_page_written_as_the_http_message() {
    let page = "# 删除标签\n\n## 请求消息样式\n\n```\nDELETE /?tagging HTTP/1.1\nHost: bucket.example.com\n```\n\n## 响应消息样式\n\n```\nHTTP/1.1 204 No Content\n```\n";
    let p = parse_page("g.md", page.as_bytes());
    let o = op(&p);
    assert_eq!((o.method.as_str(), o.path.as_str()), ("DELETE", "/"));
    // A bare key is a flag every request carries, not a parameter.
    assert_eq!(o.uri_query, [("tagging".to_owned(), String::new())]);
    assert!(o.parameters.is_empty(), "{:?}", o.parameters);
    assert_eq!(
        o.responses.iter().map(|r| r.status).collect::<Vec<_>>(),
        [204]
    );
}

#[test]
fn italic_placeholders_and_path_rows_named_otherwise_than_the_placeholders() {
    let page = format!(
        "# 查询\n\n## URI\n\nGET /v1.0/\\{{projectId\\}}/jobs/\\{{job\\_id\\}}/status?offset=\\_offset\\_&limit=\\_limit\\_\n\n**表 1**  路径参数\n\n{}",
        table(
            "参数|是否必选|类型|说明",
            &[
                "project_id|是|String|项目。",
                "jobId|是|String|任务。",
                "offset|否|Integer|偏移。",
                "limit|否|Integer|个数。"
            ]
        ),
    );
    let p = parse_page("h.md", page.as_bytes());
    assert_eq!(p.diagnostics, vec![]);
    let o = op(&p);
    let got: Vec<(Location, &str, &Type)> = o
        .parameters
        .iter()
        .map(|x| (x.location, x.field.name.as_str(), &x.field.ty))
        .collect();
    assert_eq!(
        got,
        [
            (Location::Path, "projectId", &Type::String),
            (Location::Path, "job_id", &Type::String),
            (Location::Query, "offset", &Type::Integer),
            (Location::Query, "limit", &Type::Integer),
        ]
    );
}

#[test]
fn examples_after_a_status_line_arrays_of_strings_and_a_wrapped_body() {
    let page = format!(
        "# 添加标签\n\n## URI\n\nPOST /v1.0/clusters/\\{{id\\}}/tags\n\n{}\n## 请求消息\n\n**表 2**  tag字段数据结构说明\n\n{}\n## 请求示例\n\n```\n{{\"tag\": {{\"key\": \"DEV\", \"value\": \"DEV1\"}}}}\n```\n\n## 响应消息\n\n**表 3**  响应参数\n\n{}\n## 响应示例\n\n```\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\"ids\": [\"a\", \"b\"]}}\n```\n",
        table("参数|是否必选|参数类型|描述", &["id|是|String|集群。"]),
        table(
            "参数|是否必选|参数类型|描述",
            &["key|是|String|键。", "value|是|String|值。"]
        ),
        table("参数|参数类型|描述", &["ids|Array|标签ID。"]),
    );
    let p = parse_page("i.md", page.as_bytes());
    assert_eq!(
        warnings(&p),
        [
            "the table describes the `tag` its caption names, and the page's examples wrap the body in `tag`; the body is read as {\"tag\": …}"
        ]
    );
    let o = op(&p);
    let Some(Type::Ref { schema }) = o.request_body.as_ref().map(|b| b.ty.clone()) else {
        panic!("a body")
    };
    let root = o.schemas.iter().find(|s| s.id == schema).expect("root");
    assert_eq!(root.fields.len(), 1);
    assert_eq!(root.fields[0].name, "tag");
    // The 200 example decodes past its status line; its strings type the bare `Array`.
    let ok = &o.responses[0];
    assert_eq!(ok.status, 200);
    assert_eq!(ok.examples[0].raw, "{\"ids\": [\"a\", \"b\"]}");
    let body = o
        .schemas
        .iter()
        .find(|s| s.fields.iter().any(|f| f.name == "ids"))
        .expect("response body");
    assert_eq!(
        body.fields[0].ty,
        Type::Array {
            items: Box::new(Type::String)
        }
    );
}

#[test]
fn pages_on_one_path_told_apart_by_the_constant_of_their_request_line() {
    let page = |action: &str| {
        format!(
            "# 图\n\n## URI\n\nPOST /v1.0/\\{{projectId\\}}/graphs/\\{{graphId\\}}/action?action\\_id={action}\n"
        )
    };
    let pages = parse_folder(
        &[
            ("stop.md".into(), page("stop").into_bytes()),
            ("start.md".into(), page("start").into_bytes()),
        ],
        &FolderOptions::default(),
    );
    let ids: Vec<String> = pages.iter().map(|p| op(p).id.clone()).collect();
    assert_eq!(ids, ["RunGraphActionStop", "RunGraphActionStart"]);
}

#[test]
fn an_unnamed_object_the_examples_give_as_a_list_is_a_list_and_a_named_one_is_not() {
    let page = format!(
        "# 版本\n\n## URI\n\nGET /\n\n## 响应消息\n\n**表 1**  响应参数\n\n{}\n**表 2**  versions字段数据结构说明\n\n{}\n**表 3**  Group\n\n{}\n## 响应示例\n\n```\n{{\"versions\": [{{\"id\": \"v2\"}}], \"group\": [{{\"id\": \"g\"}}]}}\n```\n",
        table(
            "参数|参数类型|描述",
            &[
                "versions|Object|API版本信息列表。",
                "group|Group object|组。"
            ]
        ),
        table("参数|参数类型|描述", &["id|String|版本。"]),
        table("参数|参数类型|描述", &["id|String|组。"]),
    );
    let p = parse_page("j.md", page.as_bytes());
    assert_eq!(
        warnings(&p),
        [
            "`versions` is documented as one object (`Object`) but the page's examples give a list of them; read as a list"
        ]
    );
    let body = &op(&p).schemas[0];
    assert!(matches!(body.fields[0].ty, Type::Array { .. }));
    assert!(
        matches!(body.fields[1].ty, Type::Ref { .. }),
        "a named type stands"
    );
}
