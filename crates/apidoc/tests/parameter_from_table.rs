//! A parameter row without a type that points at another page's table says where its value
//! comes from (`请参见表4中获取的id`): it takes the type of the member the text names, and
//! never becomes an object (a path segment cannot be one). The pages are written here.

mod common;

use apidoc::ir::{Location, Type};
use apidoc::{FolderOptions, parse_folder};
use common::{op, table};

/// The list page: its response table (anchor `t_gadgets`) has an integer `id`.
fn list_page() -> String {
    let rows = table(
        "参数|参数类型|描述",
        &["id|Long|小工具ID。", "name|String|小工具名称。"],
    );
    format!(
        "# 查询小工具列表\n\n## URI\n\nGET /v2/{{project_id}}/gadgets\n\n## 响应消息\n\n**表 4** 小工具\n\n<a name=\"t_gadgets\"></a>\n{rows}"
    )
}

/// A page whose path parameters have no type column; `gadget_id` points at the list page's
/// table with `text`.
fn start_page(text: &str) -> String {
    let params = table(
        "参数|是否必选|描述",
        &[
            "project_id|是|项目ID。",
            &format!("gadget_id|是|小工具ID。{text}"),
        ],
    );
    format!(
        "# 启动小工具\n\n## URI\n\nPOST /v2/{{project_id}}/gadgets/{{gadget_id}}/start\n\n**表 1** 参数说明\n\n{params}\n## 响应消息\n\n无\n"
    )
}

fn gadget_id_type(text: &str) -> Type {
    let pages = parse_folder(
        &[
            ("list.md".to_owned(), list_page().into_bytes()),
            ("start.md".to_owned(), start_page(text).into_bytes()),
        ],
        &FolderOptions::default(),
    );
    let start = pages.iter().find(|p| p.file == "start.md").unwrap();
    let o = op(start);
    let p = o
        .parameters
        .iter()
        .find(|p| p.field.name == "gadget_id")
        .unwrap_or_else(|| panic!("no gadget_id in {:?}", o.parameters));
    assert_eq!(p.location, Location::Path);
    p.field.ty.clone()
}

#[test]
fn a_parameter_pointing_at_a_table_takes_the_type_of_the_member_it_names() {
    let ty = gadget_id_type("请参见<a href=\"list.md#t_gadgets\">表4</a>中获取的id。");
    assert_eq!(ty, Type::Long);
}

#[test]
fn a_parameter_pointing_at_a_table_without_naming_a_member_is_a_string() {
    let ty = gadget_id_type("请参见<a href=\"list.md#t_gadgets\">表4</a>。");
    assert_eq!(ty, Type::String);
}
