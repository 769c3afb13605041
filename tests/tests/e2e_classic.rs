//! The classic-template fixture pages (old DCS, ECS, a shared data-structure page, a shared
//! task-response page, APIG, VPC, EVS, IAM, ELB) used through the generated client against
//! wiremock: what each page says about the request is what is sent, and what it says about
//! the response is what decodes. The last tests pin the operation ids the folder gets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apidoc::ir::{IdSource, Template};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::create_widget_member::{self as member, CreateWidgetMemberError};
use workspace_tests::create_widget_rule as rule;
use workspace_tests::list_gadget_usage_reports::{self as reports, Filter, Window};
use workspace_tests::list_gadgets_search as search;
use workspace_tests::run_widget_action::Restart;
use workspace_tests::run_widgets_action_start::{self as start, OsStart, OsStartWidget};
use workspace_tests::run_widgets_action_stop::{self as stop, OsStop};
use workspace_tests::update_widget::{self as update, UpdateWidgetRequestBody};
use workspace_tests::update_widget_role::{self as role, UpdateWidgetRoleError};

fn client(server: &MockServer) -> workspace_tests::Client {
    workspace_tests::Client::builder()
        .endpoint(server.uri())
        .unauthenticated()
        .project_id("p")
        .max_attempts(1)
        .build()
        .unwrap()
}

/// A client that authenticates with an IAM token, sent as `X-Auth-Token`.
fn token_client(server: &MockServer) -> workspace_tests::Client {
    workspace_tests::Client::builder()
        .endpoint(server.uri())
        .project_id("p")
        .auth_token("tok")
        .max_attempts(1)
        .build()
        .unwrap()
}

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pages")
}

/// The fixture folder read as `cargo xtask gen` reads it (links between pages, pins).
fn folder() -> Vec<apidoc::ParsedPage> {
    xtask::folder::read(&pages_dir(), "").unwrap().pages
}

/// The first documented example of `status` on page `file`, as the parser read it.
fn page_example(file: &str, status: u16) -> serde_json::Value {
    let page = folder().into_iter().find(|p| p.file == file).unwrap();
    let op = page.operation.unwrap();
    op.responses
        .iter()
        .find(|r| r.status == status)
        .and_then(|r| r.examples.first())
        .and_then(|e| e.json.clone())
        .unwrap_or_else(|| panic!("{file} documents a {status} example"))
}

/// The query of a received request as decoded pairs, in the order sent.
fn query_pairs(req: &wiremock::Request) -> Vec<(String, String)> {
    req.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn old_dcs_query_written_in_the_request_line_is_sent_from_setters_and_its_example_decodes() {
    let server = MockServer::start().await;
    let example = page_example("查询所有小部件列表.md", 200);
    Mock::given(method("GET"))
        .and(path("/v1.0/p/widgets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&example))
        .mount(&server)
        .await;
    let c = client(&server);
    let out = c
        .list_widgets()
        .start(2)
        .limit(10)
        .name("wgt 01")
        .send()
        .await
        .unwrap();
    // Nothing set, nothing sent: the `{start}` of the request line is a parameter, not text.
    c.list_widgets().send().await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), Some("limit=10&name=wgt%2001&start=2"));
    assert_eq!(reqs[1].url.query(), None);

    // The page's own 200 example, typed by `items | Array` and the table `item参数说明`.
    let items = out.items.as_ref().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].name.as_deref(), Some("wgt-01"));
    assert_eq!(
        items[0].widget_id.as_deref(),
        Some("3c49a1a2-8d2e-4b6c-9a53-1f0e2c7d8b10")
    );
    assert_eq!(items[0].capacity, Some(2));
    assert_eq!(items[0].status.as_deref(), Some("RUNNING"));
    assert_eq!(out.item_num, Some(1));
    assert_eq!(serde_json::to_value(&out).unwrap(), example);
}

#[tokio::test]
async fn constant_query_of_the_request_line_is_sent_with_every_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/p/widgets/w-1/action"))
        .and(query_param("type", "restart"))
        .and(body_json(serde_json::json!({"restart": {"force": true}})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"job_id": "j-restart"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let out = client(&server)
        .run_widget_action("w-1", Restart::new().force(true))
        .send()
        .await
        .unwrap();
    assert_eq!(out.job_id.as_deref(), Some("j-restart"));
    let req = &server.received_requests().await.unwrap()[0];
    // The constant is the whole query: no parameter of its own, nothing else added.
    assert_eq!(req.url.query(), Some("type=restart"));
}

#[tokio::test]
async fn object_typed_query_values_are_sent_as_json_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2.0/gadget-reports"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(page_example("查询小工具报表.md", 200)),
        )
        .mount(&server)
        .await;
    let out = client(&server)
        .list_gadget_usage_reports()
        .window(Window::new(1_700_000_000_000))
        .filters([
            Filter::new("color", ["red".to_owned(), "a&b=c".to_owned()]),
            Filter::new("size", Vec::new()),
        ])
        .marker("r-10")
        .send()
        .await
        .unwrap();
    let req = &server.received_requests().await.unwrap()[0];
    let sent = query_pairs(req);
    assert_eq!(sent.len(), 3, "one pair per parameter: {sent:?}");
    let pairs: BTreeMap<String, String> = sent.into_iter().collect();
    assert_eq!(pairs["marker"], "r-10");
    // One key each, the value the object's JSON text (unset members left out).
    assert_eq!(pairs["window"], r#"{"start":1700000000000}"#);
    let filters: serde_json::Value = serde_json::from_str(&pairs["filters"]).unwrap();
    assert_eq!(
        filters,
        serde_json::json!([
            {"key": "color", "values": ["red", "a&b=c"]},
            {"key": "size", "values": []}
        ])
    );
    // The JSON text is percent-encoded on the wire, so `&` and `=` inside it stay inside.
    let raw = req.url.query().unwrap();
    assert!(
        raw.contains("window=%7B%22start%22%3A1700000000000%7D"),
        "{raw}"
    );
    assert!(!raw.contains("a&b"), "{raw}");

    let reports = out.reports.unwrap();
    assert_eq!(reports[0].gadget_id.as_deref(), Some("g-1"));
    assert_eq!(reports[0].uses, Some(42));
}

#[tokio::test]
async fn object_tables_linked_from_a_uri_section_table_are_objects_not_parameters() {
    // The query table sits under `## URI`; the tables its rows link to describe objects.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/p/gadgets/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    client(&server)
        .list_gadgets_search()
        .range(search::Range::new(1, 2))
        .filters([search::Filter::new("k", ["v".to_owned()])])
        .send()
        .await
        .unwrap();
    let req = &server.received_requests().await.unwrap()[0];
    let pairs: BTreeMap<String, String> = query_pairs(req).into_iter().collect();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    assert_eq!(pairs["range"], r#"{"from":1,"to":2}"#);
    assert_eq!(pairs["filters"], r#"[{"key":"k","values":["v"]}]"#);
    // The objects' members are not query parameters of their own.
    let page = folder()
        .into_iter()
        .find(|p| p.file == "搜索小工具.md")
        .unwrap();
    assert_eq!(page.diagnostics, vec![]);
    let names: Vec<String> = page
        .operation
        .unwrap()
        .parameters
        .into_iter()
        .map(|p| p.field.name)
        .collect();
    assert!(
        !names.iter().any(|n| n == "from" || n == "key"),
        "{names:?}"
    );
}

#[tokio::test]
async fn two_action_pages_on_one_path_are_two_methods_sending_their_own_bodies() {
    let server = MockServer::start().await;
    let start_body = serde_json::json!({"os-start": {"widgets": [{"id": "w-1"}]}});
    let stop_body = serde_json::json!({"os-stop": {"type": "HARD", "widgets": [{"id": "w-2"}]}});
    Mock::given(method("POST"))
        .and(path("/v1/p/widgets/action"))
        .and(body_json(&start_body))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"job_id": "j-start"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/p/widgets/action"))
        .and(body_json(&stop_body))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"job_id": "j-stop"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let started = c
        .run_widgets_action_start(OsStart::new([OsStartWidget::new("w-1")]))
        .send()
        .await
        .unwrap();
    let stopped = c
        .run_widgets_action_stop(OsStop::new([stop::OsStartWidget::new("w-2")]).r#type("HARD"))
        .send()
        .await
        .unwrap();
    // Each call matched only the mock of its own body.
    assert_eq!(started.job_id.as_deref(), Some("j-start"));
    assert_eq!(stopped.job_id.as_deref(), Some("j-stop"));
    assert_eq!(start::OPERATION.id, "RunWidgetsActionStart");
    assert_eq!(stop::OPERATION.id, "RunWidgetsActionStop");
    assert_eq!(start::OPERATION.path, stop::OPERATION.path);
}

#[tokio::test]
async fn ecs_body_with_a_field_from_another_page_is_sent_and_the_shared_task_response_decodes() {
    let server = MockServer::start().await;
    // The page's own request example: `owner` and its `contact` are typed from the tables of
    // 小部件数据结构.md.
    let sent = serde_json::json!({
        "widget": {
            "name": "wgt-new",
            "owner": {"user_id": "u-1", "contact": {"email": "owner@example.com"}}
        }
    });
    Mock::given(method("PUT"))
        .and(path("/v1/p/widgets/w%2F1"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_example("修改小部件.md", 200)))
        .expect(1)
        .mount(&server)
        .await;
    let body = UpdateWidgetRequestBody::new(
        update::UpdateWidgetWidget::new().name("wgt-new").owner(
            update::Owner::new()
                .user_id("u-1")
                .contact(update::Contact::new().email("owner@example.com")),
        ),
    );
    // The body as built is the page's request example exactly.
    let documented = folder()
        .into_iter()
        .find(|p| p.file == "修改小部件.md")
        .and_then(|p| p.operation)
        .and_then(|op| op.request_examples.first().and_then(|e| e.json.clone()))
        .unwrap();
    assert_eq!(serde_json::to_value(&body).unwrap(), documented);

    let out = client(&server)
        .update_widget("w/1", update::UpdateWidgetWidget::new())
        .body(body)
        .send()
        .await
        .unwrap();
    // `请参考[响应（任务类）](响应（任务类）.md)`: the body is that page's 正常响应 table.
    assert_eq!(
        out.job_id.as_deref(),
        Some("70a599e0-31e7-49b7-b260-868f441e862b")
    );
}

#[tokio::test]
async fn evs_field_typed_from_another_pages_table_decodes_into_its_struct() {
    let server = MockServer::start().await;
    let example = page_example("查询单个小部件详情.md", 200);
    Mock::given(method("GET"))
        .and(path("/v2/p/widgets/w-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&example))
        .expect(1)
        .mount(&server)
        .await;
    let out = client(&server).show_widget("w-1").send().await.unwrap();
    let widget = out.widget.as_ref().unwrap();
    assert_eq!(widget.id.as_deref(), Some("w-1"));
    // `links` is described under the list item `<a name="li11"></a>links参数说明`.
    let links = widget.links.as_ref().unwrap();
    assert_eq!(links[0].rel.as_deref(), Some("self"));
    // `owner` links to 小部件数据结构.md#table_wgt_owner, whose `contact` links to a table
    // on that same page.
    let owner: &workspace_tests::show_widget::Owner = widget.owner.as_ref().unwrap();
    assert_eq!(owner.user_id.as_deref(), Some("u-1"));
    assert_eq!(owner.user_name.as_deref(), Some("alice"));
    let contact: &workspace_tests::show_widget::Contact = owner.contact.as_ref().unwrap();
    assert_eq!(contact.email.as_deref(), Some("alice@example.com"));
    assert_eq!(contact.phone, None);
    assert_eq!(serde_json::to_value(&out).unwrap(), example);
}

#[tokio::test]
async fn apig_method_and_uri_from_table_cells_and_statuses_from_its_message_table() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/wgt/widgets/w-1/members"))
        .and(body_json(
            serde_json::json!({"members": {"member_name": "m1", "weight": 10}}),
        ))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(page_example("添加小部件成员.md", 201)),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/wgt/widgets/gone/members"))
        .respond_with(ResponseTemplate::new(404).set_body_string(
            r#"{"error_code":"APIG.0101","error_msg":"The widget does not exist"}"#,
        ))
        .mount(&server)
        .await;
    let new_member = member::Members::new("m1").weight(10);
    let c = client(&server);
    let out = c
        .create_widget_member("w-1", new_member.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(out.total, Some(1));
    // `字典数据类型` on the request side says 成员详情 (one member), on the response side
    // 成员列表 (a list of them): an object there, an array here.
    let members = out.members.unwrap();
    assert_eq!(members.len(), 1);
    let m = &members[0];
    assert_eq!(m.member_name.as_deref(), Some("member01"));
    assert_eq!(m.create_time.as_deref(), Some("2020-07-27T12:42:32Z"));

    let err = c
        .create_widget_member("gone", new_member)
        .send()
        .await
        .unwrap_err();
    let service = err.as_service().unwrap();
    assert_eq!(service.status(), 404);
    assert_eq!(service.error_code(), Some("APIG.0101"));
    assert!(matches!(service.kind(), CreateWidgetMemberError::NotFound));
}

#[tokio::test]
async fn vpc_pipe_tables_header_and_phrase_named_objects() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2.0/p/widget-rules"))
        .and(header("X-Auth-Token", "tok"))
        .and(body_json(serde_json::json!({
            "widget_rules": [{"name": "allow-web", "action": "allow", "priority": 10}]
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(page_example("创建小部件规则.md", 201)),
        )
        .expect(1)
        .mount(&server)
        .await;
    // The page documents X-Auth-Token in its header table; the runtime sends it, from the
    // client's token, and no call takes it as an argument.
    let out = token_client(&server)
        .create_widget_rule([rule::WidgetRule::new("allow")
            .name("allow-web")
            .priority(10)])
        .send()
        .await
        .unwrap();
    let rules = out.widget_rules.unwrap();
    assert_eq!(
        rules[0].id.as_deref(),
        Some("b7e1c9a4-3f2d-4e8a-9c1b-6d5f4e3a2b10")
    );
    assert_eq!(rules[0].priority, Some(10));
}

#[tokio::test]
async fn iam_dotted_captions_the_201_example_and_the_return_value_table() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v3.0/OS-WIDGET/widget-roles/r-1"))
        .and(header("X-Auth-Token", "tok"))
        .and(body_json(serde_json::json!({
            "role": {
                "display_name": "WidgetOperator",
                "policy": {"Version": "1.1", "Action": ["wgt:widgets:update"]}
            }
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(page_example("修改小部件角色.md", 201)),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/v3.0/OS-WIDGET/widget-roles/bad"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_string(r#"{"error":{"code":"1100","message":"Invalid role"}}"#),
        )
        .mount(&server)
        .await;
    let role_body = role::Role::new(
        "WidgetOperator",
        role::RolePolicy::new("1.1", ["wgt:widgets:update".to_owned()]),
    );
    let c = token_client(&server);
    let out = c
        .update_widget_role("r-1", role_body.clone())
        .send()
        .await
        .unwrap();
    let r = out.role.unwrap();
    assert_eq!(r.id.as_deref(), Some("93879fd90f1046f69e6e0b31c94d2615"));
    // `policy` (linked from the name cell) is the table captioned `role.policy`.
    let policy: role::UpdateWidgetRoleRolePolicy = r.policy.unwrap();
    assert_eq!(policy.version.as_deref(), Some("1.1"));
    assert_eq!(policy.action.unwrap(), ["wgt:widgets:update"]);

    let err = c
        .update_widget_role("bad", role_body)
        .send()
        .await
        .unwrap_err();
    let service = err.as_service().unwrap();
    assert_eq!(service.status(), 400);
    assert!(matches!(service.kind(), UpdateWidgetRoleError::BadRequest));
}

/// Every operation page of the folder and its id, with where the id came from.
fn ids() -> BTreeMap<String, (String, IdSource, Template)> {
    folder()
        .into_iter()
        .filter_map(|p| {
            let op = p.operation?;
            Some((p.file, (op.id, op.id_source, op.template)))
        })
        .collect()
}

#[test]
fn the_folder_gives_each_page_an_id_from_its_anchor_explorer_link_method_and_path_or_pin() {
    use IdSource::*;
    use Template::*;
    let got = ids();
    let want: BTreeMap<String, (String, IdSource, Template)> = [
        // API-Explorer pages: the H1 anchor.
        ("创建小部件.md", "CreateWidget", Anchor, ApiExplorer),
        ("命名障碍赛.md", "ShowNamingObstacles", Anchor, ApiExplorer),
        ("批量查询小工具.md", "BatchShowGadgets", Anchor, ApiExplorer),
        ("查询小工具列表.md", "ListGadgets", Anchor, ApiExplorer),
        // A document-id anchor (`wgt_02_0106`) names no operation: the API Explorer link does.
        ("修改小部件.md", "UpdateWidget", ExplorerLink, Classic),
        // Derived from method and path.
        ("查询所有小部件列表.md", "ListWidgets", Derived, Classic),
        ("添加小部件成员.md", "CreateWidgetMember", Derived, Classic),
        ("创建小部件规则.md", "CreateWidgetRule", Derived, Classic),
        ("查询单个小部件详情.md", "ShowWidget", Derived, Classic),
        ("修改小部件角色.md", "UpdateWidgetRole", Derived, Classic),
        ("重启小部件.md", "RunWidgetAction", Derived, Classic),
        ("搜索小工具.md", "ListGadgetsSearch", Derived, Classic),
        // One method and path, told apart by the body's first member.
        (
            "批量启动小部件.md",
            "RunWidgetsActionStart",
            Derived,
            Classic,
        ),
        (
            "批量停止小部件.md",
            "RunWidgetsActionStop",
            Derived,
            Classic,
        ),
        // The gizmo pages (naming rules): the newest API version keeps the plain name, the
        // older one carries its version after the verb; a body value or the tags resource
        // tells pages on one method and path apart; deprecated pages say so.
        ("创建零件.md", "CreateGizmo", Derived, Classic),
        ("创建零件（V1）.md", "CreateV1Gizmo", Derived, Classic),
        ("查询零件.md", "ShowGizmo", Derived, Classic),
        ("查询零件（废弃）.md", "ShowV1Gizmo", Derived, Classic),
        ("查询零件列表.md", "ListGizmos", Derived, Classic),
        ("删除零件.md", "DeleteGizmo", ExplorerLink, Classic),
        (
            "【即将下线】删除零件.md",
            "DeleteGizmoDeprecated",
            Derived,
            Classic,
        ),
        ("启动零件.md", "UpdateGizmoStatusStart", Derived, Classic),
        ("停止零件.md", "UpdateGizmoStatusStop", Derived, Classic),
        (
            "批量添加零件标签.md",
            "BatchCreateGizmoTags",
            Derived,
            Classic,
        ),
        (
            "批量删除零件标签.md",
            "BatchDeleteGizmoTags",
            Derived,
            Classic,
        ),
        // Pinned in operation-ids.txt.
        (
            "查询小工具报表.md",
            "ListGadgetUsageReports",
            Override,
            Classic,
        ),
    ]
    .into_iter()
    .map(|(f, id, s, t)| (f.to_owned(), (id.to_owned(), s, t)))
    .collect();
    assert_eq!(got, want);

    // Shared pages are read for their tables but are not operations.
    let pages = folder();
    for shared in ["小部件数据结构.md", "响应（任务类）.md"] {
        let p = pages.iter().find(|p| p.file == shared).unwrap();
        assert!(p.is_skipped(), "{shared}: {:?}", p.diagnostics);
    }
    // The pins file is read and has nothing to complain about.
    let pins = pages
        .iter()
        .find(|p| p.file == apidoc::OVERRIDES_FILE)
        .unwrap();
    assert_eq!(pins.diagnostics, vec![]);
}

#[test]
fn the_pinned_id_replaces_the_derived_one_in_the_folder_and_the_client() {
    // Without operation-ids.txt the page gets the id its method and path give.
    let mut files: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let pages: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).unwrap())
        })
        .collect();
    let unpinned = apidoc::parse_folder(&pages, &apidoc::FolderOptions::default());
    let op = unpinned
        .iter()
        .find(|p| p.file == "查询小工具报表.md")
        .and_then(|p| p.operation.as_ref())
        .unwrap();
    assert_eq!(
        (op.id.as_str(), op.id_source),
        ("ListGadgetReports", IdSource::Derived)
    );

    // With it, the pin is what the folder and the generated client use.
    let pins = std::fs::read_to_string(pages_dir().join(apidoc::OVERRIDES_FILE)).unwrap();
    assert!(
        pins.lines()
            .any(|l| l.trim() == "查询小工具报表.md = ListGadgetUsageReports")
    );
    assert_eq!(
        ids()["查询小工具报表.md"],
        (
            "ListGadgetUsageReports".to_owned(),
            IdSource::Override,
            Template::Classic
        )
    );
    assert_eq!(reports::OPERATION.id, "ListGadgetUsageReports");
    assert_eq!(reports::OPERATION.path, "/v2.0/gadget-reports");
}
