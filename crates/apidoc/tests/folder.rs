//! A folder read at once: links between pages, their cycles and dead ends, operation ids
//! (anchor, API Explorer link, derived, pinned) and their uniqueness. The pages are written
//! here, small, in the classic template.

use apidoc::ir::{IdSource, Template, Type};
use apidoc::{FolderOptions, ParsedPage, Severity, parse_folder};

fn folder(pages: &[(&str, &str)], pins: Option<&str>) -> Vec<ParsedPage> {
    let pages: Vec<(String, Vec<u8>)> = pages
        .iter()
        .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
        .collect();
    let options = FolderOptions {
        service: Some("wgt".into()),
        overrides: pins.map(|p| ("operation-ids.txt".to_owned(), p.as_bytes().to_vec())),
        ..FolderOptions::default()
    };
    parse_folder(&pages, &options)
}

fn page<'a>(pages: &'a [ParsedPage], file: &str) -> &'a ParsedPage {
    pages.iter().find(|p| p.file == file).expect("the page")
}

/// A classic operation page whose response field `field` is described by `link`.
fn op_page(title: &str, line: &str, field: &str, link: &str) -> String {
    format!(
        "# {title}<a name=\"wgt_01\"></a>\n\n## 功能介绍\n\n说明。\n\n## URI\n\n{line}\n\n## 请求消息\n\n无\n\n## 响应消息\n\n**表 1**  响应参数\n\n<table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody><tr><td>id</td><td>String</td><td>ID。</td></tr>\n<tr><td>{field}</td><td>Object</td><td>所有者，详情请参见<a href=\"{link}\">Owner</a>。</td></tr>\n</tbody></table>\n\n## 返回值\n\n正常\n\n200\n"
    )
}

const SHARED: &str = "# 数据结构\n\n**表 1**  owner字段数据结构说明\n\n<a name=\"table_owner\"></a>\n<table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody><tr><td>name</td><td>String</td><td>名称。</td></tr>\n<tr><td>boss</td><td>Object</td><td>上级，见<a href=\"#table_owner\">表1</a>。</td></tr>\n<tr><td>team</td><td>Object</td><td>团队，见<a href=\"数据结构二.md#table_team\">表1</a>。</td></tr>\n</tbody></table>\n";

const SHARED2: &str = "# 数据结构二\n\n**表 1**  team\n\n<a name=\"table_team\"></a>\n<table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody><tr><td>lead</td><td>Object</td><td>负责人，见<a href=\"数据结构.md#table_owner\">表1</a>。</td></tr>\n</tbody></table>\n";

#[test]
fn links_to_other_pages_resolve_and_cycles_between_them_are_recursive_types() {
    let op = op_page(
        "查询小部件",
        "GET /v1/\\{project\\_id\\}/widgets/\\{widget\\_id\\}",
        "owner",
        "数据结构.md#table_owner",
    );
    let pages = folder(
        &[
            ("查询小部件.md", &op),
            ("数据结构.md", SHARED),
            ("数据结构二.md", SHARED2),
        ],
        None,
    );
    let p = page(&pages, "查询小部件.md");
    assert_eq!(p.diagnostics, vec![]);
    let op = p.operation.as_ref().expect("an operation");
    assert_eq!(op.id, "ShowWidget");
    assert_eq!(op.id_source, IdSource::Derived);
    assert_eq!(op.template, Template::Classic);
    // owner -> 数据结构.md (boss: itself; team -> 数据结构二.md, whose lead comes back).
    let owner = op
        .schemas
        .iter()
        .find(|s| s.name == "owner")
        .expect("the owner table");
    assert_eq!(owner.source.file.as_deref(), Some("数据结构.md"));
    let ty = |s: &apidoc::ir::Schema, f: &str| {
        s.fields
            .iter()
            .find(|x| x.name == f)
            .map(|x| x.ty.clone())
            .expect("field")
    };
    let owner_ref = Type::Ref {
        schema: owner.id.clone(),
    };
    assert_eq!(ty(owner, "boss"), owner_ref, "a table linking to itself");
    let Type::Ref { schema: team_id } = ty(owner, "team") else {
        panic!("team is an object")
    };
    let team = op.schemas.iter().find(|s| s.id == team_id).expect("team");
    assert_eq!(team.source.file.as_deref(), Some("数据结构二.md"));
    assert_eq!(
        ty(team, "lead"),
        owner_ref,
        "the cycle closes on the first table"
    );
    // The shared pages are not operations.
    assert!(page(&pages, "数据结构.md").is_skipped());
}

#[test]
fn dead_links_are_warnings_and_the_field_stays() {
    let line = "GET /v1/\\{project\\_id\\}/widgets/\\{widget\\_id\\}";
    let missing_anchor = op_page("查询小部件", line, "holder", "数据结构.md#no_such_table");
    let missing_page = op_page("删除小部件", line, "holder", "不存在的页面.md#table_owner");
    // The anchor is wrong, but the linked page has a table captioned with the field's name.
    let by_caption = op_page("查询小部件", line, "owner", "数据结构.md#no_such_table");
    let pages = folder(
        &[
            ("a.md", &missing_anchor),
            ("b.md", &missing_page),
            ("c.md", &by_caption),
            ("数据结构.md", SHARED),
            ("数据结构二.md", SHARED2),
        ],
        None,
    );
    let said = |f: &str| -> Vec<(Severity, u32, Option<u32>, String)> {
        page(&pages, f)
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .map(|d| (d.severity, d.line, d.row, d.message.clone()))
            .collect()
    };
    assert_eq!(
        said("a.md"),
        vec![(
            Severity::Warning,
            21,
            Some(2),
            "link to `数据结构.md#no_such_table`, which is not on the page; typed as free-form JSON".into()
        )]
    );
    assert_eq!(
        said("b.md"),
        vec![(
            Severity::Warning,
            21,
            Some(2),
            "`holder` is described on another page (`不存在的页面.md#table_owner`) that is not in the folder; typed as free-form JSON".into()
        )]
    );
    assert_eq!(
        said("c.md"),
        vec![(
            Severity::Warning,
            21,
            Some(2),
            "link to `数据结构.md#no_such_table`, which is not on the page; the field refers to table \"表 1 owner字段数据结构说明\" instead".into()
        )]
    );
    for f in ["a.md", "b.md"] {
        let op = page(&pages, f)
            .operation
            .as_ref()
            .expect("still an operation");
        let holder = &op.schemas[0].fields[1];
        assert_eq!((holder.name.as_str(), &holder.ty), ("holder", &Type::Any));
    }
    // The ids of the three GETs on one path: the first keeps the name, the others are
    // told apart by number (nothing else tells them apart).
    let mut ids: Vec<String> = ["a.md", "b.md", "c.md"]
        .iter()
        .map(|f| page(&pages, f).operation.as_ref().expect("op").id.clone())
        .collect();
    ids.sort();
    assert_eq!(ids, ["ShowWidget", "ShowWidget2", "ShowWidget3"]);
}

#[test]
fn ids_anchor_explorer_derived_and_pinned_are_unique_in_the_folder() {
    let explorer = "# 列出小部件\n\n## 调试\n\n您可以在[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=WGT&api=ListWidgets)中调试该接口。\n\n## URI\n\nGET /v2/\\{project\\_id\\}/widgets\n";
    // The same listing in the older API version: derived `ListWidgets` is taken, so the
    // version tells it apart, after the verb (no name ends in a number).
    let v1 = "# 列出小部件（旧版）\n\n## URI\n\nGET /v1.0/\\{project\\_id\\}/widgets\n";
    // Two actions on one path, told apart by their bodies.
    let action = |member: &str| {
        format!(
            "# 操作\n\n## URI\n\nPOST /v1/\\{{project\\_id\\}}/widgets/action\n\n## 请求消息\n\n**表 1**  请求参数\n\n<table><thead><tr><th>参数</th><th>是否必选</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody><tr><td>{member}</td><td>是</td><td>Object</td><td>操作。</td></tr></tbody></table>\n"
        )
    };
    let start = action("os-start");
    let stop = action("os-stop");
    let pinned = "# 改名\n\n## URI\n\nPUT /v1/\\{project\\_id\\}/widgets/\\{widget\\_id\\}/name\n";
    let pages = folder(
        &[
            ("explorer.md", explorer),
            ("v1.md", v1),
            ("start.md", &start),
            ("stop.md", &stop),
            ("pinned.md", pinned),
        ],
        Some("# maintainer pins\npinned.md = RenameWidget\n"),
    );
    let id = |f: &str| {
        let op = page(&pages, f).operation.as_ref().expect("op");
        (op.id.clone(), op.id_source)
    };
    assert_eq!(
        id("explorer.md"),
        ("ListWidgets".into(), IdSource::ExplorerLink)
    );
    assert_eq!(id("v1.md"), ("ListV1Widgets".into(), IdSource::Derived));
    assert_eq!(
        id("start.md"),
        ("RunWidgetsActionStart".into(), IdSource::Derived)
    );
    assert_eq!(
        id("stop.md"),
        ("RunWidgetsActionStop".into(), IdSource::Derived)
    );
    assert_eq!(id("pinned.md"), ("RenameWidget".into(), IdSource::Override));
    // The pins file is reported like a page, here with nothing to say.
    let pins = page(&pages, "operation-ids.txt");
    assert!(pins.operation.is_none());
    assert_eq!(pins.diagnostics, vec![]);
}

#[test]
fn the_same_pages_get_the_same_ids_in_any_order() {
    let a = "# A\n\n## URI\n\nGET /v1/\\{project\\_id\\}/widgets\n";
    let b = "# B\n\n## URI\n\nGET /v2/\\{project\\_id\\}/widgets\n";
    let ids = |pages: &[(&str, &str)]| {
        let mut out: Vec<(String, String)> = folder(pages, None)
            .into_iter()
            .filter_map(|p| p.operation.map(|o| (p.file, o.id)))
            .collect();
        out.sort();
        out
    };
    // File names play no part: the rule orders by API version (newest first), method and
    // path, so the current version keeps the plain name.
    let one = ids(&[("x.md", a), ("y.md", b)]);
    let two = ids(&[("y.md", b), ("x.md", a)]);
    let renamed = ids(&[("z.md", a), ("a.md", b)]);
    assert_eq!(one, two);
    assert_eq!(
        one,
        vec![
            ("x.md".into(), "ListV1Widgets".into()),
            ("y.md".into(), "ListWidgets".into())
        ]
    );
    assert_eq!(
        renamed,
        vec![
            ("a.md".into(), "ListWidgets".into()),
            ("z.md".into(), "ListV1Widgets".into())
        ]
    );
}

#[test]
fn bad_pins_are_diagnostics_of_the_pins_file() {
    let p = "# A\n\n## URI\n\nGET /v1/\\{project\\_id\\}/widgets\n";
    let q = "# B\n\n## URI\n\nDELETE /v1/\\{project\\_id\\}/widgets/\\{id\\}\n";
    let pins = "a.md = listWidgets\nmissing.md = Whatever\nDELETE /v1/{pid}/widgets/{x} = ListWidgets2\na.md = ListWidgets2\nno equals sign\n";
    let pages = folder(&[("a.md", p), ("b.md", q)], Some(pins));
    let d = &page(&pages, "operation-ids.txt").diagnostics;
    let said: Vec<(u32, Severity, &str)> = d
        .iter()
        .map(|d| (d.line, d.severity, d.message.as_str()))
        .collect();
    assert_eq!(
        said,
        vec![
            (1, Severity::Error, "`listWidgets` is not an operation id"),
            (
                2,
                Severity::Warning,
                "no operation page `missing.md` in the folder; the pin to `Whatever` is not used"
            ),
            (
                4,
                Severity::Error,
                "`ListWidgets2` is pinned twice (first on line 3)"
            ),
            (5, Severity::Error, "cannot read `no equals sign`"),
        ]
    );
    // A method and path pin matches whatever the placeholders are called.
    let b = page(&pages, "b.md").operation.as_ref().expect("op");
    assert_eq!(
        (b.id.as_str(), b.id_source),
        ("ListWidgets2", IdSource::Override)
    );
}

#[test]
fn pages_that_are_not_operations_are_skipped_with_a_note() {
    let how_to = "# 构造请求\n\n## 请求URI\n\n请求URI由如下部分组成：{URI-scheme}://{Endpoint}/{resource-path}?{query-string}\n\n## 请求方法\n\n- **GET**：请求服务器返回指定资源。\n\nPOST https://wgt.example.com/v1/tokens\n";
    let pages = folder(&[("构造请求.md", how_to)], None);
    let p = &pages[0];
    assert!(p.is_skipped());
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].severity, Severity::Note);
    assert_eq!(
        p.diagnostics[0].message,
        "not an operation page (its URI section has no request line such as `GET /v2/{project_id}/instances`; found no request line outside examples, 0 table(s) of parameters or fields, sections: URI, request); skipped"
    );
}

#[test]
fn names_say_what_tells_pages_apart_never_a_counter() {
    let explorer = "# 删除小部件\n\n您可以在[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=WGT&api=DeleteWidget)中调试该接口。\n\n## URI\n\nDELETE /v2/\\{project\\_id\\}/cloud-widgets/\\{widget\\_id\\}\n";
    // Same version, a path the name cannot tell apart, deprecated: `Deprecated` at the end.
    let old = "# 删除小部件【即将下线】\n\n## 功能介绍\n\n删除小部件。\n\n>当前API即将下线，请使用[删除小部件](a.md)。\n\n## URI\n\nDELETE /v2/\\{project\\_id\\}/widgets/\\{widget\\_id\\}\n";
    // One path, two pages whose `operation` member documents one value each.
    let op = |value: &str| {
        format!(
            "# 操作\n\n## URI\n\nPUT /v2/\\{{project\\_id\\}}/widgets/\\{{widget\\_id\\}}/status\n\n## 请求消息\n\n**表 1**  请求参数\n\n<table><thead><tr><th>参数</th><th>是否必选</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody><tr><td>operation</td><td>是</td><td>String</td><td>取值为{value}。</td></tr></tbody></table>\n"
        )
    };
    let (start, stop) = (op("start"), op("stop"));
    // The v3 and v2 listings, both derived: the newest keeps the plain name.
    let v2 = "# 列出\n\n## URI\n\nGET /v2/\\{project\\_id\\}/widgets\n";
    let v3 = "# 列出\n\n## URI\n\nGET /v3/\\{project\\_id\\}/widgets\n";
    let pages = folder(
        &[
            ("a.md", explorer),
            ("b.md", old),
            ("start.md", &start),
            ("stop.md", &stop),
            ("v2.md", v2),
            ("v3.md", v3),
        ],
        None,
    );
    let op = |f: &str| page(&pages, f).operation.as_ref().expect("op");
    let ids: Vec<&str> = ["a.md", "b.md", "start.md", "stop.md", "v2.md", "v3.md"]
        .iter()
        .map(|f| op(f).id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "DeleteWidget",
            "DeleteWidgetDeprecated",
            "UpdateWidgetStatusStart",
            "UpdateWidgetStatusStop",
            "ListV2Widgets",
            "ListWidgets"
        ]
    );
    assert_eq!(
        op("b.md").deprecated.as_deref(),
        Some("当前API即将下线，请使用删除小部件。")
    );
    assert_eq!(op("a.md").deprecated, None);
}

/// The first pass over pages runs on several threads; what comes back must not depend on
/// how many: same pages, operations, diagnostics and error codes, in the same order.
#[test]
fn any_number_of_threads_reads_the_same_folder() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pages");
    let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the fixture pages")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&p).expect("a fixture page"))
        })
        .collect();
    pages.sort();
    assert!(pages.len() > 4, "enough pages to share out");
    let read = |threads| {
        let options = FolderOptions {
            service: Some("wgt".into()),
            threads,
            ..FolderOptions::default()
        };
        let (parsed, codes) = apidoc::parse_folder_with_catalogue(&pages, &options);
        let codes: Vec<_> = codes.iter().map(|c| format!("{c:?}")).collect();
        (
            serde_json::to_string(&parsed).expect("pages as JSON"),
            codes,
        )
    };
    let one = read(1);
    assert!(
        one.0.contains("\"operation\":{"),
        "the fixtures have operations"
    );
    for threads in [0, 2, 3, 8] {
        assert_eq!(read(threads), one, "{threads} threads");
    }
}
