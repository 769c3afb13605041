//! Bad pages and the exact diagnostics they produce.
//!
//! Each fixture under `tests/fixtures/bad/` is `tests/fixtures/base.md` (a valid page in the
//! shape of the documentation tool's template) with one thing broken. The 10 MB page and the
//! 200-level nesting are generated here rather than committed. Every test pins the complete
//! list of diagnostics, so a new, noisier or vaguer message shows up as a failure.

use std::path::Path;
use std::time::{Duration, Instant};

use apidoc::ir::{IdSource, Template};
use apidoc::{Diagnostic, ParsedPage, Severity, parse_page};

fn read(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn base() -> String {
    String::from_utf8(read("base.md")).expect("base.md is UTF-8")
}

/// Parses a fixture, naming it by its path under `tests/fixtures/`.
fn parse(name: &str) -> ParsedPage {
    parse_page(name, &read(name))
}

fn diag(
    severity: Severity,
    file: &str,
    line: u32,
    table: Option<(&str, Option<u32>)>,
    message: &str,
    expected: Option<&str>,
) -> Diagnostic {
    Diagnostic {
        severity,
        file: file.to_owned(),
        line,
        table: table.map(|(t, _)| t.to_owned()),
        row: table.and_then(|(_, r)| r),
        message: message.to_owned(),
        expected: expected.map(str::to_owned),
    }
}

fn error(
    file: &str,
    line: u32,
    table: Option<(&str, Option<u32>)>,
    message: &str,
    expected: &str,
) -> Diagnostic {
    diag(Severity::Error, file, line, table, message, Some(expected))
}

fn warning(file: &str, line: u32, table: Option<(&str, Option<u32>)>, message: &str) -> Diagnostic {
    diag(Severity::Warning, file, line, table, message, None)
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    let at = text.find(needle).expect("needle is in the text");
    text[..at].matches('\n').count() as u32 + 1
}

#[test]
fn the_base_page_is_clean() {
    let page = parse("base.md");
    assert_eq!(page.diagnostics, vec![]);
    let op = page.operation.expect("an operation");
    assert_eq!(op.id, "ShowGadget");
    assert_eq!(op.path, "/v2/{project_id}/gadgets/{gadget_id}");
}

#[test]
fn empty_file() {
    let f = "bad/empty.md";
    let page = parse(f);
    assert_eq!(
        page.diagnostics,
        vec![error(
            f,
            1,
            None,
            "the page is empty",
            "an operation page starting with `# Title<a name=\"OperationId\"></a>`",
        )]
    );
    assert!(page.has_errors() && page.operation.is_none());
}

#[test]
fn whitespace_only_file() {
    let page = parse_page("blank.md", b"\n  \r\n\t\n");
    assert_eq!(
        page.diagnostics,
        vec![error(
            "blank.md",
            1,
            None,
            "the page has only whitespace",
            "an operation page starting with `# Title<a name=\"OperationId\"></a>`",
        )]
    );
}

#[test]
fn not_utf8() {
    // The intro line was saved as GBK by an editor.
    let f = "bad/not_utf8.md";
    assert_eq!(
        parse(f).diagnostics,
        vec![error(
            f,
            5,
            None,
            "the page is not valid UTF-8: byte 0xB2 at line 5, column 1 (byte offset 61)",
            "UTF-8 text: re-save the page as UTF-8",
        )]
    );
}

#[test]
fn utf16_is_named() {
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("# T".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(
        parse_page("utf16.md", &bytes).diagnostics,
        vec![error(
            "utf16.md",
            1,
            None,
            "the page is not valid UTF-8: byte 0xFF at line 1, column 1 (byte offset 0); the page looks like UTF-16",
            "UTF-8 text: re-save the page as UTF-8",
        )]
    );
}

#[test]
fn no_h1_anchor_takes_the_id_from_the_api_explorer_link() {
    // Classic pages have no operation anchor; the 调试 section's link names the operation.
    let page = parse("bad/no_h1_anchor.md");
    assert_eq!(page.diagnostics, vec![]);
    let op = page.operation.expect("an operation");
    assert_eq!(op.id, "ShowGadget");
    assert_eq!(op.id_source, IdSource::ExplorerLink);
    assert_eq!(op.template, Template::Classic);
}

#[test]
fn h1_anchor_that_is_not_an_operation_id_gives_a_derived_id() {
    // A document id as anchor and no API Explorer link: the id comes from method and path.
    let text = base()
        .replace(
            "<a name=\"ShowGadget\"></a>",
            "<a name=\"show-gadget\"></a>",
        )
        .replace("&api=ShowGadget", "");
    let page = parse_page("p.md", text.as_bytes());
    assert_eq!(page.diagnostics, vec![]);
    let op = page.operation.expect("an operation");
    assert_eq!(op.id, "ShowGadget");
    assert_eq!(op.id_source, IdSource::Derived);
}

#[test]
fn no_h1_at_all() {
    // A page truncated at the top is still an operation page; it has lost its title.
    let text = base().replacen("# 查询小工具<a name=\"ShowGadget\"></a>\n", "", 1);
    let page = parse_page("p.md", text.as_bytes());
    assert_eq!(
        page.diagnostics,
        vec![warning(
            "p.md",
            1,
            None,
            "the page has no H1 heading; the operation has no title",
        )]
    );
    let op = page.operation.expect("an operation");
    assert_eq!((op.id.as_str(), op.title.as_str()), ("ShowGadget", ""));
}

#[test]
fn old_style_pages_without_operation_anchor_are_read() {
    // The documentation tool's older template: section headings carry anchors, the H1 anchor
    // is a topic id, nothing names the operation, the path parameters have no table.
    let text = "# 删除实例<a name=\"dcs-api-0312008\"></a>\n\n## URI<a name=\"section2310177194512\"></a>\n\nDELETE /v1.0/\\{project\\_id\\}/instances/\\{instance\\_id\\}\n\n## 请求消息<a name=\"section41195764519\"></a>\n\n无\n";
    let page = parse_page("old.md", text.as_bytes());
    assert_eq!(page.diagnostics, vec![]);
    let op = page.operation.expect("an operation");
    assert_eq!(op.id, "DeleteInstance");
    assert_eq!(op.template, Template::Classic);
    assert_eq!(op.path, "/v1.0/{project_id}/instances/{instance_id}");
    let names: Vec<_> = op
        .parameters
        .iter()
        .map(|p| p.field.name.as_str())
        .collect();
    assert_eq!(names, ["project_id", "instance_id"]);
}

#[test]
fn no_uri_section() {
    // Line 11 is `## 请求参数`, where the missing section belongs.
    let f = "bad/no_uri.md";
    assert_eq!(
        parse(f).diagnostics,
        vec![error(
            f,
            11,
            None,
            "operation page `ShowGadget` has no `## URI` section",
            "a `## URI` section before this heading, with the request line such as `GET /v2/{project_id}/instances`",
        )]
    );
}

#[test]
fn uri_line_without_method() {
    let f = "bad/uri_without_method.md";
    assert_eq!(
        parse(f).diagnostics,
        vec![error(
            f,
            13,
            None,
            "URI line `/v2/{project_id}/gadgets/{gadget_id}` does not start with an HTTP method",
            "`METHOD /path`, METHOD one of GET POST PUT DELETE PATCH HEAD OPTIONS",
        )]
    );
}

#[test]
fn uri_line_variants() {
    for (line, message) in [
        (
            "get /v2/x",
            "URI line `get /v2/x`: HTTP method `get` is not upper case",
        ),
        ("GET", "URI line `GET` has no path after the HTTP method"),
    ] {
        let text = base().replace("GET /v2/\\{project\\_id\\}/gadgets/\\{gadget\\_id\\}", line);
        let page = parse_page("p.md", text.as_bytes());
        assert_eq!(page.diagnostics.len(), 1, "{:?}", page.diagnostics);
        assert_eq!(page.diagnostics[0].message, message);
        assert_eq!(page.diagnostics[0].line, 13);
    }
}

#[test]
fn placeholder_without_path_parameter_row() {
    let f = "bad/placeholder_without_row.md";
    assert_eq!(
        parse(f).diagnostics,
        vec![error(
            f,
            13,
            None,
            "placeholder `{gadget_id}` has no row in the path parameter table",
            "a row named `gadget_id` in the 路径参数 table",
        )]
    );
}

#[test]
fn row_with_fewer_cells_than_the_header() {
    // The unreadable row names `gadget_id`: the placeholder check does not report it again.
    let f = "bad/short_row.md";
    assert_eq!(
        parse(f).diagnostics,
        vec![error(
            f,
            20,
            Some(("表 1 路径参数", Some(2))),
            "row has 3 cells but the header has 4 columns (参数, 是否必选, 参数类型, 描述); the row cannot be read",
            "4 cells, one per column",
        )]
    );
}

#[test]
fn misspelled_type_word() {
    // One letter from `String`: read as one, and said.
    let f = "bad/unknown_type.md";
    let page = parse(f);
    assert_eq!(
        page.diagnostics,
        vec![warning(
            f,
            37,
            Some(("表 2 响应Body参数", Some(2))),
            "unknown type `Strnig` read as `string`, the type word it is one letter from",
        )]
    );
    let op = page.operation.expect("an operation");
    let name = op.schemas[0]
        .fields
        .iter()
        .find(|f| f.name == "name")
        .expect("name");
    assert_eq!(name.ty, apidoc::ir::Type::String);
}

#[test]
fn unknown_type_word() {
    // The field is kept, typed as free-form JSON, so one unknown word does not lose the
    // operation.
    let text = String::from_utf8(read("bad/unknown_type.md"))
        .expect("UTF-8")
        .replace("<p>Strnig</p>", "<p>Gizmo</p>");
    assert_eq!(
        parse_page("p.md", text.as_bytes()).diagnostics,
        vec![warning(
            "p.md",
            37,
            Some(("表 2 响应Body参数", Some(2))),
            "unknown type `Gizmo`: no link and no table captioned `Gizmo` or `name`; typed as free-form JSON",
        )]
    );
}

#[test]
fn unknown_type_phrase() {
    let text = base().replace(
        "<p>name</p></td><td class=\"cellrowborder\" valign=\"top\" width=\"20%\"><p>String</p>",
        "<p>name</p></td><td><p>strnig thing</p>",
    );
    assert_eq!(
        parse_page("p.md", text.as_bytes()).diagnostics,
        vec![warning(
            "p.md",
            37,
            Some(("表 2 响应Body参数", Some(2))),
            "unknown type `strnig thing`; typed as free-form JSON",
        )]
    );
}

#[test]
fn link_to_a_missing_anchor() {
    // The link is broken, but its text names a table on the page: that one is meant.
    let f = "bad/missing_anchor.md";
    let page = parse(f);
    assert_eq!(
        page.diagnostics,
        vec![warning(
            f,
            38,
            Some(("表 2 响应Body参数", Some(3))),
            "link to `#response_Ownr`, which is not on the page; the field refers to table \"表 3 Owner\" instead",
        )]
    );
    let op = page.operation.expect("an operation");
    let body = &op.schemas[0];
    let owner = body
        .fields
        .iter()
        .find(|f| f.name == "owner")
        .expect("owner");
    assert_eq!(
        owner.ty,
        apidoc::ir::Type::Ref {
            schema: "response_Owner".into()
        }
    );
}

#[test]
fn link_to_a_missing_anchor_and_no_table() {
    let text = String::from_utf8(read("bad/missing_anchor.md"))
        .expect("UTF-8")
        .replace("<p>owner</p>", "<p>holder</p>")
        .replace(
            "<a href=\"#response_Ownr\">Owner</a> object",
            "<a href=\"#response_Ownr\">Ownr</a> object",
        );
    let page = parse_page("p.md", text.as_bytes());
    assert_eq!(
        page.diagnostics,
        vec![
            warning(
                "p.md",
                38,
                Some(("表 2 响应Body参数", Some(3))),
                "link to `#response_Ownr`, which is not on the page; typed as free-form JSON",
            ),
            warning(
                "p.md",
                45,
                Some(("表 3 Owner", None)),
                "object table is not referenced by any field; kept as a schema",
            ),
            // The renamed row leaves the example's `owner` undocumented: kept from the example.
            warning(
                "p.md",
                63,
                None,
                "every 200 response example shows `owner` at its top level, which the body table leaves out; read from the examples",
            ),
        ]
    );
}

#[test]
fn the_same_parameter_twice() {
    let f = "bad/duplicate_parameter.md";
    assert_eq!(
        parse(f).diagnostics,
        vec![
            warning(
                f,
                37,
                Some(("表 2 响应Body参数", Some(2))),
                "parameter `id` is listed twice in this table (first at row 1); this row is left out",
            ),
            // The row left out was the example's `name`, so the example still keeps it.
            warning(
                f,
                63,
                None,
                "every 200 response example shows `name` at its top level, which the body table leaves out; read from the examples",
            ),
        ]
    );
}

#[test]
fn the_same_path_parameter_in_two_tables() {
    // A second 路径参数 table repeating the first, as classic pages do under 请求消息: read
    // once. One that disagrees about a type is said.
    let b = base();
    let start = b.find("**表 1**").expect("table 1");
    let end = b.find("## 请求参数").expect("request section");
    let table = b[start..end].replace("**表 1**", "**表 9**");
    let text = format!("{}{table}{}", &b[..end], &b[end..]);
    let page = parse_page("p.md", text.as_bytes());
    assert_eq!(page.diagnostics, vec![]);
    assert_eq!(page.operation.expect("op").parameters.len(), 2);

    let retyped = table.replacen("<p>String</p>", "<p>Integer</p>", 1);
    let text = format!("{}{retyped}{}", &b[..end], &b[end..]);
    let page = parse_page("p.md", text.as_bytes());
    let second = line_of(&text, "**表 9**") + 4;
    assert_eq!(
        page.diagnostics,
        vec![warning(
            "p.md",
            second,
            Some(("表 9 路径参数", Some(1))),
            "parameter `project_id` is documented twice (first in \"表 1 路径参数\", row 1); the first is used",
        )]
    );
}

#[test]
fn invalid_json_example_is_a_warning() {
    // Line 66 lost its comma; the parser notices at the next key, line 67.
    let f = "bad/invalid_json.md";
    let page = parse(f);
    assert_eq!(
        page.diagnostics,
        vec![warning(
            f,
            67,
            None,
            "response example is not valid JSON: expected `,` or `}` at column 3; kept as text",
        )]
    );
    assert!(!page.has_errors());
    let op = page.operation.expect("a warning does not stop the page");
    let example = &op.responses[0].examples[0];
    assert!(example.json.is_none());
    assert!(example.raw.contains("\"name\" : \"gadget\"\n"));
}

#[test]
fn invalid_json_request_body_points_at_its_line() {
    let text = base().replace(
        "GET https://example.test/v2/p/gadgets/g\n",
        "GET https://example.test/v2/p/gadgets/g\n\n{\n  \"a\": [1, 2,,]\n}\n",
    );
    let line = line_of(&text, "\"a\": [1, 2,,]");
    assert_eq!(
        parse_page("p.md", text.as_bytes()).diagnostics,
        vec![warning(
            "p.md",
            line,
            None,
            "request example body is not valid JSON: expected value at column 14; kept as text",
        )]
    );
}

#[test]
fn unclosed_table() {
    // `</table>` is missing after 表 1: the table ends before the next heading, so the rest of
    // the page is still read.
    let f = "bad/unclosed_table.md";
    let page = parse(f);
    assert_eq!(
        page.diagnostics,
        vec![error(
            f,
            17,
            Some(("表 1 路径参数", None)),
            "the table has no closing `</table>` before the next heading or bold line (line 23); it was read up to line 22",
            "`</table>` after the table's last row",
        )]
    );
    let op = page.operation.expect("the rest of the page is read");
    assert_eq!(op.parameters.len(), 2);
    assert_eq!(op.responses[0].status, 200);
}

#[test]
fn unclosed_table_at_the_end_of_a_truncated_page() {
    let b = base();
    let cut = b
        .find("<tr><td class=\"cellrowborder\" valign=\"top\" width=\"15%\"><p>200</p>")
        .expect("status row");
    // The page now ends in the middle of line 78, after `<tbody>`.
    let text = &b[..cut];
    let last = text.lines().count() as u32;
    assert!(text.ends_with("<tbody>"));
    assert_eq!(
        parse_page("p.md", text.as_bytes()).diagnostics,
        vec![error(
            "p.md",
            line_of(
                text,
                "<table><thead align=\"left\"><tr><th class=\"cellrowborder\" valign=\"top\" width=\"15%\">"
            ),
            Some(("status_code", None)),
            &format!(
                "the table has no closing `</table>`; it was read up to the end of the page (line {last})"
            ),
            "`</table>` after the table's last row",
        )]
    );
}

#[test]
fn display_is_file_line_table_row_message_expected() {
    let d = &parse("bad/short_row.md").diagnostics[0];
    assert_eq!(
        d.to_string(),
        "bad/short_row.md:20: error: table \"表 1 路径参数\", row 2: row has 3 cells but the header has 4 columns (参数, 是否必选, 参数类型, 描述); the row cannot be read (expected 4 cells, one per column)"
    );
}

/// Rows for the response body table (表 2), inserted before its `</tbody>`.
fn with_body_rows(rows: &str) -> String {
    let b = base();
    let table2 = b.find("**表 2**").expect("table 2");
    let at = table2 + b[table2..].find("</tbody>").expect("end of table 2");
    format!("{}{rows}{}", &b[..at], &b[at..])
}

#[test]
fn page_of_10_mb() {
    // A response table with ~30 000 rows of long descriptions; the last row's type is broken.
    // The diagnostic must still name the exact line and row at the far end of the page, and
    // reading the page must take bounded time (linear: see tests/linearity.rs).
    let description = "描述文字，足够长以便页面达到十兆字节。".repeat(10);
    let mut rows = String::new();
    let mut n = 0u32;
    while rows.len() < 10 << 20 {
        n += 1;
        rows.push_str(&format!(
            "<tr><td class=\"cellrowborder\" valign=\"top\" width=\"20%\"><p>field_{n:06}</p></td><td class=\"cellrowborder\" valign=\"top\" width=\"20%\"><p>String</p></td><td class=\"cellrowborder\" valign=\"top\" width=\"60%\"><p>{description}</p></td></tr>\n"
        ));
    }
    let rows = rows.replace(
        &format!("<p>field_{n:06}</p></td><td class=\"cellrowborder\" valign=\"top\" width=\"20%\"><p>String</p>"),
        &format!("<p>field_{n:06}</p></td><td class=\"cellrowborder\" valign=\"top\" width=\"20%\"><p>Strnig</p>"),
    );
    let text = with_body_rows(&rows);
    assert!(text.len() >= 10 << 20);
    let last_line = line_of(&text, &format!("<p>field_{n:06}</p>"));

    let started = Instant::now();
    let page = parse_page("big.md", text.as_bytes());
    let took = started.elapsed();

    assert_eq!(
        page.diagnostics,
        vec![warning(
            "big.md",
            last_line,
            Some(("表 2 响应Body参数", Some(3 + n))),
            "unknown type `Strnig` read as `string`, the type word it is one letter from",
        )]
    );
    let op = page.operation.expect("an operation");
    let body = op
        .schemas
        .iter()
        .find(|s| s.id == "response_ShowGadgetResponse200")
        .expect("body schema");
    assert_eq!(body.fields.len() as u32, 3 + n, "no row is lost");
    // Generous (about 20x what was measured: 2.6 s unoptimised, 0.4 s optimised); a
    // quadratic step would take hours.
    let bound = if cfg!(debug_assertions) { 60 } else { 10 };
    assert!(
        took < Duration::from_secs(bound),
        "10 MB page took {took:?}"
    );
    eprintln!(
        "10 MB page ({} bytes, {n} rows) parsed in {took:?}",
        text.len()
    );
}

#[test]
fn page_over_the_size_limit_is_refused_unread() {
    let bytes = vec![b' '; apidoc::MAX_PAGE_BYTES + 1];
    assert_eq!(
        parse_page("huge.md", &bytes).diagnostics,
        vec![error(
            "huge.md",
            1,
            None,
            "the page is 33554433 bytes, more than the 33554432 bytes a page may have; it was not read",
            "one operation per page, a few hundred kilobytes at most",
        )]
    );
}

/// Runs `f` on a thread with a small stack, so that recursion driven by the input would
/// overflow it rather than pass unnoticed on a large main-thread stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    const STACK: usize = 256 << 10;
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn nested_tables_200_levels_deep() {
    // A description cell holding 200 tables, each inside the previous one's cell, one level per
    // line. The HTML parser is given at most 128 levels of elements; levels past that keep
    // their text. The table rows 2 lines and the cell 4 levels deep in the page's table, and
    // each nested table adds 3 (`table`, `tr`, `td`), so the first tag dropped is level 42's
    // `tr` (4 + 3 * 41 = 127 open elements, one short of 128, before it).
    const LEVELS: usize = 200;
    let mut cell = String::from("<p>名称。</p>\n");
    for level in 1..=LEVELS {
        cell.push_str(&format!("<table><tr><td>level {level}\n"));
    }
    for _ in 0..LEVELS {
        cell.push_str("</td></tr></table>\n");
    }
    let text = base().replace("<p>名称。</p>", &cell);
    let deep_line = line_of(&text, "<table><tr><td>level 42\n");

    let page = on_small_stack(move || parse_page("nested.md", text.as_bytes()));
    assert_eq!(
        page.diagnostics,
        vec![warning(
            "nested.md",
            deep_line,
            Some(("表 2 响应Body参数", Some(2))),
            "HTML elements nest more than 128 levels deep here; the deeper tags are ignored and only their text is kept",
        )]
    );
    let op = page.operation.expect("an operation");
    let name = op
        .schemas
        .iter()
        .flat_map(|s| &s.fields)
        .find(|f| f.name == "name")
        .expect("the row with the nested tables");
    // Nothing is lost: every level's text is in the description, in order.
    let levels: Vec<&str> = name
        .description
        .split(['\n', ' '])
        .filter(|w| w.parse::<usize>().is_ok())
        .collect();
    let expected: Vec<String> = (1..=LEVELS).map(|l| l.to_string()).collect();
    assert_eq!(levels, expected);
    assert!(name.description.starts_with("名称。\nlevel 1\nlevel 2\n"));
}

#[test]
fn deep_nesting_of_other_elements_on_a_small_stack() {
    // Tens of thousands of levels of lists, divs and unclosed formatting tags in one cell.
    let n = 20_000;
    let cell = format!(
        "{}{}{}x",
        "<ul><li>".repeat(n),
        "<div>".repeat(n),
        (0..n)
            .map(|i| format!("<b id=\"{i}\">"))
            .collect::<String>()
    );
    let text = base().replace("<p>名称。</p>", &cell);
    let line = line_of(&text, "<ul><li>");
    let page = on_small_stack(move || parse_page("deep.md", text.as_bytes()));
    assert_eq!(
        page.diagnostics,
        vec![warning(
            "deep.md",
            line,
            Some(("表 2 响应Body参数", Some(2))),
            "HTML elements nest more than 128 levels deep here; the deeper tags are ignored and only their text is kept",
        )]
    );
}

#[test]
fn rows_spanning_lines_with_spans_keep_their_lines() {
    // Rows written over several lines, a tag split over two lines, a `rowspan` (the row below
    // then has a cell fewer), a `colspan`, and a malformed row (an unclosed cell swallowing
    // the next row's start): each diagnostic names the line of its row's `<tr`.
    let rows = "<tr><td rowspan=\"2\"><p>alpha</p></td><td><p>String</p></td><td><p>第一行\n跨行的描述。</p>\n<ul><li>a</li>\n<li>b</li></ul></td></tr>\n<tr\n  class=\"x\"><td><p>Integer</p></td>\n<td><p>只有两格。</p></td></tr>\n<tr><td><p>beta</p></td><td colspan=\"2\"><p>String，合并的格。</p></td></tr>\n<tr><td><p>gamma</p></td><td><p>String</p>\n<td><p>没有关闭的格。</p></tr>\n<tr><td><p>delta</p></td><td><p>两格。</p></td></tr>\n";
    let text = with_body_rows(rows);
    let page = parse_page("spans.md", text.as_bytes());
    // The rows' `<tr` lines; the response body table's fourth row is `alpha`.
    let tr_lines: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<tr") && !l.contains("<th"))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    let first = line_of(&text, "<p>alpha</p>");
    assert_eq!(
        &tr_lines[3..],
        [first, first + 4, first + 7, first + 8, first + 10]
    );
    let short = "row has 2 cells but the header has 3 columns (参数, 参数类型, 描述); the row cannot be read";
    let got: Vec<(u32, Option<u32>, &str)> = page
        .diagnostics
        .iter()
        .map(|d| (d.line, d.row, d.message.as_str()))
        .collect();
    // Row 5 starts on the line of its split `<tr` (not the line its `>` is on); row 6 has
    // a `colspan` cell; row 7's unclosed cell is closed by the next `<td>` as HTML does, and
    // the row after it (8) still has its own line.
    assert_eq!(
        got,
        [
            (first + 4, Some(5), short),
            (first + 7, Some(6), short),
            (first + 10, Some(8), short),
        ]
    );
    assert!(
        page.diagnostics
            .iter()
            .all(|d| d.table.as_deref().is_some_and(|t| t.starts_with("表 2")))
    );
}
