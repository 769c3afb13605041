//! Roles recognised by what a page holds, whatever its template: a page that mixes the two
//! templates keeps its bodies, a note that points back at a parent table does not make the
//! parent an object, a page under no known headings is still an operation, a page that is
//! not one says what it found; and request lines read as text, never as markup. The pages
//! are written here, small.

use apidoc::ir::{Location, Operation, Type};
use apidoc::{FolderOptions, parse_folder, parse_page};

mod common;
use common::{op, table, warnings};

/// The fields of the schema a body type refers to.
fn fields_of<'o>(o: &'o Operation, ty: &Type) -> Vec<&'o str> {
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

#[test]
fn a_page_mixing_the_templates_keeps_its_list_response_body() {
    // A document id on the H1 (classic), API-Explorer sections below it, and a member whose
    // description ends one list item with 列表 before the next item's number.
    let page = format!(
        "# 查询小部件列表<a name=\"wgt_02_0001\"></a>\n\n## URI\n\nGET /v1/\\{{project\\_id\\}}/widgets\n\n**表 1**  路径参数\n\n{}\n## 响应参数\n\n**状态码： 200**\n\n**表 2**  响应Body参数\n\n<a name=\"responseParameter\"></a>\n{}\n**表 3**  WidgetResp\n\n<a name=\"response_WidgetResp\"></a>\n{}\n## 状态码\n\n{}",
        table(
            "参数|是否必选|参数类型|描述",
            &["project_id|是|String|项目ID。"]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "count|Integer|总数。",
                "widgets|Array of <a href=\"#response_WidgetResp\">WidgetResp</a> objects|小部件。",
            ]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "id|String|ID。",
                "mode|Integer|模式：<ul><li>1：查看小部件列表</li><li>2：其他</li></ul>",
            ]
        ),
        table("状态码|描述", &["200|OK"]),
    );
    let p = parse_page("查询小部件列表.md", page.as_bytes());
    assert_eq!(warnings(&p), Vec::<String>::new());
    let o = op(&p);
    let ok = o.responses.iter().find(|r| r.status == 200).expect("200");
    let body = ok.body.as_ref().expect("the 200 response keeps its body");
    assert_eq!(fields_of(o, body), ["count", "widgets"]);
}

#[test]
fn a_note_pointing_back_at_the_body_table_does_not_make_it_an_object() {
    // Table 2 (the body) leads to table 3 (`source`); a note in table 3 speaks of 表2.
    let page = format!(
        "# 创建小部件<a name=\"wgt_02_0002\"></a>\n\n## URI\n\nPOST /v1/\\{{project\\_id\\}}/widgets\n\n## 请求消息\n\n**表 2**  请求参数\n\n<a name=\"table_body\"></a>\n{}\n**表 3**  source字段数据结构说明\n\n<a name=\"table_source\"></a>\n{}\n## 响应消息\n\n无\n",
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "kind|否|String|类型。",
                "source|是|Object|源端，参见<a href=\"#table_source\">表3</a>。",
            ]
        ),
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "ak|否|String|当<a href=\"#table_body\">表2</a>中kind为url时，ak为非必选。",
                "bucket|是|String|桶名，见表2的说明。",
            ]
        ),
    );
    let p = parse_page("创建小部件.md", page.as_bytes());
    assert_eq!(warnings(&p), Vec::<String>::new());
    let o = op(&p);
    let body = o.request_body.as_ref().expect("a request body");
    assert_eq!(fields_of(o, &body.ty), ["kind", "source"]);
}

#[test]
fn a_page_under_no_known_headings_is_read_by_content() {
    // No URI, request or response heading: a request line and a table of parameters.
    let page = format!(
        "# 删除小部件<a name=\"wgt_02_0003\"></a>\n\n## 接口约束\n\n删除后不可恢复。\n\n## 调用方式\n\nDELETE /v1/\\{{project\\_id\\}}/widgets/\\{{widget\\_id\\}}\n\n**表 1**  参数说明\n\n{}",
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "project_id|是|String|项目ID。",
                "widget_id|是|String|小部件ID。"
            ]
        ),
    );
    let p = parse_page("删除小部件.md", page.as_bytes());
    let o = op(&p);
    assert_eq!(
        (o.method.as_str(), o.path.as_str()),
        ("DELETE", "/v1/{project_id}/widgets/{widget_id}")
    );
    let params: Vec<(Location, &str)> = o
        .parameters
        .iter()
        .map(|x| (x.location, x.field.name.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            (Location::Path, "project_id"),
            (Location::Path, "widget_id")
        ]
    );
}

#[test]
fn a_page_that_is_not_an_operation_says_what_it_found_and_what_is_missing() {
    // An overview: many request lines in a table, no field table.
    let overview = format!(
        "# API概览\n\n{}",
        table(
            "接口|请求方法|URI",
            &[
                "查询|GET|/v1/{project_id}/widgets",
                "创建|POST|/v1/{project_id}/widgets",
            ]
        ),
    );
    let pages = parse_folder(
        &[("API概览.md".to_owned(), overview.into_bytes())],
        &FolderOptions::default(),
    );
    let p = &pages[0];
    assert!(p.is_skipped());
    assert_eq!(
        p.diagnostics[0].message,
        "not an operation page (no URI section and no single request line with a table of parameters or fields; found 2 request lines, 0 table(s) of parameters or fields, no operation section); skipped"
    );
}

/// A one-operation page whose request line is written as `line`.
fn page_with_line(line: &str) -> String {
    format!(
        "# 查询小部件<a name=\"ShowWidget\"></a>\n\n## URI\n\n{line}\n\n**表 1**  路径参数\n\n{}\n## 响应参数\n\n**状态码： 204**\n\n无\n",
        table(
            "参数|是否必选|参数类型|描述",
            &[
                "project_id|是|String|项目ID。",
                "widget_id|是|String|小部件ID。"
            ]
        ),
    )
}

#[test]
fn request_lines_are_read_as_text_not_markup() {
    for (kind, line) in [
        (
            "emphasis with _",
            "GET /v1/{_project_id_}/widgets/{_widget_id_}",
        ),
        (
            "emphasis with *",
            "GET /v1/{*project_id*}/widgets/{*widget_id*}",
        ),
        (
            "strong emphasis",
            "GET /v1/**{project_id}**/widgets/__{widget_id}__",
        ),
        ("escapes", r"GET /v1/\{project\_id\}/widgets/\{widget\_id\}"),
        ("a code span", "`GET /v1/{project_id}/widgets/{widget_id}`"),
        (
            "a link",
            "GET [/v1/{project_id}/widgets/{widget_id}](https://example.com/x.md)",
        ),
        (
            "inline HTML",
            "<strong>GET</strong> /v1/<em>{project_id}</em>/widgets/<i>{widget_id}</i>",
        ),
        (
            "character references",
            "GET /v1/&#123;project_id&#125;/widgets/&#x7b;widget_id&#x7d;",
        ),
    ] {
        let p = parse_page("查询小部件.md", page_with_line(line).as_bytes());
        assert_eq!(p.diagnostics, vec![], "{kind}");
        let o = op(&p);
        assert_eq!(
            (o.method.as_str(), o.path.as_str()),
            ("GET", "/v1/{project_id}/widgets/{widget_id}"),
            "{kind}"
        );
        let names: Vec<&str> = o.parameters.iter().map(|x| x.field.name.as_str()).collect();
        assert_eq!(names, ["project_id", "widget_id"], "{kind}");
    }
}

#[test]
fn a_request_line_in_a_table_cell_with_emphasis_left_in_it() {
    let page = format!(
        "# 查询小部件<a name=\"wgt_02_0004\"></a>\n\n## URI\n\n{}\n**表 1**  路径参数\n\n{}",
        table("请求方法|URI", &["GET|/v1/{_project_id_}/widgets"]),
        table(
            "参数|是否必选|参数类型|描述",
            &["project_id|是|String|项目ID。"]
        ),
    );
    let p = parse_page("查询小部件.md", page.as_bytes());
    let o = op(&p);
    assert_eq!(o.path, "/v1/{project_id}/widgets");
    assert_eq!(o.parameters[0].field.name, "project_id");
}

#[test]
fn a_response_row_whose_table_number_was_copied_from_the_request_keeps_its_own_table() {
    // The response's `routes` says 参见表3 (the request's route table); the response has its
    // own `route` table, with a member the request's lacks.
    let fields = "参数|是否必选|参数类型|描述";
    let page = format!(
        "# 更新路由<a name=\"wgt_02_0005\"></a>\n\n## URI\n\nPUT /v1/\\{{project\\_id\\}}/routers/\\{{router\\_id\\}}\n\n## 请求消息\n\n**表 2**  请求参数\n\n{}\n**表 3**  route字段说明\n\n{}\n## 响应消息\n\n**表 4**  响应参数\n\n{}\n**表 5**  route字段说明\n\n{}",
        table(
            fields,
            &["routes|否|Array of route objects|路由，参见表3。"]
        ),
        table(fields, &["destination|是|String|目的地址。"]),
        table(
            "参数|参数类型|描述",
            &["routes|Array of route objects|路由，参见表3。"]
        ),
        table(
            "参数|参数类型|描述",
            &["destination|String|目的地址。", "id|String|路由ID。"]
        ),
    );
    let p = parse_page("更新路由.md", page.as_bytes());
    assert_eq!(warnings(&p), Vec::<String>::new());
    let o = op(&p);
    let route = |prefix: &str| {
        o.schemas
            .iter()
            .find(|s| s.id == format!("{prefix}_route"))
            .map(|s| s.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>())
    };
    assert_eq!(route("request"), Some(vec!["destination"]));
    assert_eq!(route("response"), Some(vec!["destination", "id"]));
}
