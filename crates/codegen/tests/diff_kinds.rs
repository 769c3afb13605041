//! The change report on hand-written page pairs (`tests/fixtures/diff/<case>/{old,new}`):
//! every kind of change in both directions, with its location and both verdicts; a cosmetic
//! rewrite and a template switch that report nothing; and the generated code that the
//! `crate` verdicts are derived from.

mod common;

use std::path::{Path, PathBuf};

use apidoc::ParsedPage;
use codegen::ServiceModel;
use codegen::diff::{self, Bump, CrateLevel, Kind, Report, Wire};

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/diff")
        .join(case)
}

fn pages(case: &str, side: &str) -> Vec<ParsedPage> {
    let dir = case_dir(case).join(side);
    let pages = common::pages(&dir, "");
    for p in &pages {
        assert!(!p.has_errors(), "{}: {:?}", p.file, p.diagnostics);
    }
    pages
}

/// The change report between two folders of parsed pages, as `cargo xtask diff` makes it.
fn compare(old: &[ParsedPage], new: &[ParsedPage]) -> Report {
    diff::compare(
        &ServiceModel::from_parsed("old", old),
        &ServiceModel::from_parsed("new", new),
    )
}

/// The report of `case`, old → new, or new → old when `reverse`.
fn report(case: &str, reverse: bool) -> Report {
    let (old, new) = (pages(case, "old"), pages(case, "new"));
    if reverse {
        compare(&new, &old)
    } else {
        compare(&old, &new)
    }
}

/// Each change as (kind, location, wire, crate), in report order.
fn rows(r: &Report) -> Vec<(Kind, &str, Wire, CrateLevel)> {
    r.changes
        .iter()
        .map(|c| (c.kind, c.location.as_str(), c.wire, c.krate))
        .collect()
}

use CrateLevel::{Major, Minor, Patch};
use Kind::*;
use Wire::{Breaking, Compatible};

#[test]
fn optional_query_parameter_added_and_removed() {
    let there = report("query-parameter", false);
    assert_eq!(
        rows(&there),
        [(ParameterAdded, "request.query.marker", Compatible, Minor)]
    );
    assert_eq!(there.bump(), Bump::Minor);
    let back = report("query-parameter", true);
    assert_eq!(
        rows(&back),
        [(ParameterRemoved, "request.query.marker", Breaking, Major)]
    );
    assert_eq!(back.bump(), Bump::Major);
}

#[test]
fn required_header_parameter_added_and_removed() {
    assert_eq!(
        rows(&report("header-parameter", false)),
        [(
            ParameterAdded,
            "request.header.X-Client-Token",
            Breaking,
            Major
        )]
    );
    assert_eq!(
        rows(&report("header-parameter", true)),
        [(
            ParameterRemoved,
            "request.header.X-Client-Token",
            Breaking,
            Major
        )]
    );
}

#[test]
fn required_request_field_in_an_array_added_and_removed() {
    assert_eq!(
        rows(&report("request-field", false)),
        [(FieldAdded, "request.body.tags[].owner", Breaking, Major)]
    );
    assert_eq!(
        rows(&report("request-field", true)),
        [(FieldRemoved, "request.body.tags[].owner", Breaking, Major)]
    );
}

#[test]
fn response_field_in_an_array_added_and_removed() {
    assert_eq!(
        rows(&report("response-field", false)),
        [(
            FieldAdded,
            "response.200.body.records[].created_at",
            Compatible,
            Minor
        )]
    );
    assert_eq!(
        rows(&report("response-field", true)),
        [(
            FieldRemoved,
            "response.200.body.records[].created_at",
            Breaking,
            Major
        )]
    );
}

#[test]
fn request_field_optional_to_required_and_back() {
    let there = report("request-required", false);
    assert_eq!(
        rows(&there),
        [(RequiredChanged, "request.body.size", Breaking, Major)]
    );
    assert_eq!(there.changes[0].detail, "optional → required");
    assert_eq!(
        rows(&report("request-required", true)),
        [(RequiredChanged, "request.body.size", Compatible, Major)]
    );
}

#[test]
fn response_field_required_to_optional_and_back() {
    let there = report("response-required", false);
    assert_eq!(
        rows(&there),
        [(RequiredChanged, "response.200.body.count", Breaking, Major)]
    );
    assert_eq!(there.changes[0].detail, "required → optional");
    assert_eq!(
        rows(&report("response-required", true)),
        [(
            RequiredChanged,
            "response.200.body.count",
            Compatible,
            Major
        )]
    );
}

#[test]
fn types_changed_on_both_sides() {
    for reverse in [false, true] {
        let r = report("type", reverse);
        assert_eq!(
            rows(&r),
            [
                (TypeChanged, "request.query.limit", Breaking, Major),
                (TypeChanged, "response.200.body.count", Breaking, Major),
            ]
        );
        let want = if reverse {
            "Long → Integer"
        } else {
            "Integer → Long"
        };
        assert_eq!(r.changes[1].detail, want);
    }
}

#[test]
fn request_enum_value_added_and_removed() {
    let there = report("request-enum", false);
    assert_eq!(
        rows(&there),
        [(EnumValueAdded, "request.body.mode", Compatible, Minor)]
    );
    assert!(there.changes[0].detail.contains("`auto`"));
    assert_eq!(
        rows(&report("request-enum", true)),
        [(EnumValueRemoved, "request.body.mode", Breaking, Major)]
    );
}

#[test]
fn the_first_values_of_a_free_text_field_make_it_an_enum() {
    // Its `String` becomes an enum (and back): major, whatever the side's wire verdict.
    let there = report("free-text-enum", false);
    assert_eq!(
        rows(&there),
        [
            (EnumValueAdded, "request.body.mode", Compatible, Major),
            (EnumValueAdded, "request.body.mode", Compatible, Major)
        ]
    );
    assert!(
        there.changes[0].detail.contains("free text"),
        "{}",
        there.changes[0].detail
    );
    assert_eq!(
        rows(&report("free-text-enum", true)),
        [
            (EnumValueRemoved, "request.body.mode", Breaking, Major),
            (EnumValueRemoved, "request.body.mode", Breaking, Major)
        ]
    );
}

#[test]
fn response_enum_value_added_and_removed() {
    assert_eq!(
        rows(&report("response-enum", false)),
        [(
            EnumValueAdded,
            "response.200.body.records[].status",
            Breaking,
            Minor
        )]
    );
    assert_eq!(
        rows(&report("response-enum", true)),
        [(
            EnumValueRemoved,
            "response.200.body.records[].status",
            Compatible,
            Major
        )]
    );
}

#[test]
fn error_status_added_and_removed() {
    assert_eq!(
        rows(&report("error-status", false)),
        [(StatusAdded, "response.404", Compatible, Minor)]
    );
    assert_eq!(
        rows(&report("error-status", true)),
        [(StatusRemoved, "response.404", Compatible, Major)]
    );
}

#[test]
fn bodyless_success_status_added_and_removed() {
    // A 204 without a body beside the 200 makes `send` return `Option<…>`.
    assert_eq!(
        rows(&report("success-status", false)),
        [(StatusAdded, "response.204", Compatible, Major)]
    );
    assert_eq!(
        rows(&report("success-status", true)),
        [(StatusRemoved, "response.204", Breaking, Major)]
    );
}

#[test]
fn descriptions_and_constraints_changed() {
    for reverse in [false, true] {
        let r = report("description", reverse);
        assert_eq!(
            rows(&r),
            [
                (DescriptionChanged, "", Compatible, Patch),
                (DescriptionChanged, "request.body.name", Compatible, Patch),
                (DescriptionChanged, "request.body.name", Compatible, Patch),
            ]
        );
        assert_eq!(r.bump(), Bump::Patch);
    }
    let r = report("description", false);
    assert_eq!(
        r.changes[2].detail,
        "constraints: max length 64 → max length 128"
    );
}

#[test]
fn a_rename_is_two_changes_and_a_note() {
    let r = report("rename", false);
    assert_eq!(
        rows(&r),
        [
            (FieldRemoved, "request.body.size", Breaking, Major),
            (FieldAdded, "request.body.capacity", Compatible, Minor),
        ]
    );
    for c in &r.changes {
        let note = c.note.as_deref().expect("a rename note");
        assert!(note.contains("`size` to `capacity`"), "{note}");
    }
    // Other removals and additions get no note.
    assert!(
        report("request-field", false)
            .changes
            .iter()
            .all(|c| c.note.is_none())
    );
}

#[test]
fn operation_added_and_removed() {
    let there = report("operation", false);
    assert_eq!(rows(&there), [(OperationAdded, "", Compatible, Minor)]);
    assert_eq!(there.changes[0].operation, "DeleteWidget");
    let back = report("operation", true);
    assert_eq!(rows(&back), [(OperationRemoved, "", Breaking, Major)]);
    assert_eq!(back.bump(), Bump::Major);
}

#[test]
fn cosmetic_rewrite_reports_nothing() {
    // Other file name, ids, widths, table numbers, whitespace, full-width punctuation and
    // row order.
    for reverse in [false, true] {
        let r = report("cosmetic", reverse);
        assert_eq!(rows(&r), []);
        assert_eq!(r.bump(), Bump::None);
        assert_eq!(r.summary(), "no API changes");
    }
}

#[test]
fn the_same_operation_in_the_other_template_and_file_is_matched() {
    // Classic page `查询小工具详情.md` with `{project_id}`/`{gadget_id}`, `String`/`Integer`
    // and a pointer to its table; API-Explorer page `ShowGadget.md` with `{projectId}`/`{id}`,
    // `string`/`int32`.
    let old = pages("template", "old");
    let new = pages("template", "new");
    assert_ne!(old[0].file, new[0].file);
    for r in [compare(&old, &new), compare(&new, &old)] {
        assert_eq!(rows(&r), []);
        assert!(r.renamed.is_empty());
    }
}

#[test]
fn unreadable_pages_are_named_not_fatal() {
    let good = std::fs::read(case_dir("operation").join("new/删除小部件.md")).expect("fixture");
    let old = apidoc::parse_folder(
        &[("删除小部件.md".to_owned(), good.clone())],
        &Default::default(),
    );
    let new = apidoc::parse_folder(
        &[
            ("删除小部件.md".to_owned(), good),
            ("broken.md".to_owned(), vec![0xff, 0xfe, 0x00]),
        ],
        &Default::default(),
    );
    let r = compare(&old, &new);
    assert_eq!(rows(&r), []);
    assert_eq!(r.unreadable.len(), 1);
    assert_eq!(r.unreadable[0].side, "new");
    assert!(r.unreadable[0].errors[0].contains("UTF-8"));
}

#[test]
fn json_has_the_documented_fields() {
    let r = report("response-field", false);
    let v = diff::render::json(&r);
    assert_eq!(v["bump"], "minor");
    let c = &v["changes"][0];
    for key in [
        "operation",
        "method",
        "path",
        "kind",
        "location",
        "wire",
        "crate",
        "detail",
    ] {
        assert!(c.get(key).is_some(), "no `{key}` in {c}");
    }
    assert_eq!(c["operation"], "UpdateWidget");
    assert_eq!(c["kind"], "field-added");
    assert_eq!(c["location"], "response.200.body.records[].created_at");
}

#[test]
fn breaking_changes_come_first_in_text_and_markdown() {
    let r = report("rename", false);
    let text = diff::render::text(&r, "old", "new");
    let removed = text.find("field-removed").expect("removed listed");
    let added = text.find("field-added").expect("added listed");
    assert!(removed < added, "{text}");
    let md = diff::render::markdown(&r, "old", "new");
    assert!(
        md.contains("| breaking | major | `field-removed` | `request.body.size` |"),
        "{md}"
    );
}

/// The generated code of one side of a case.
fn generated(case: &str, side: &str) -> codegen::Files {
    codegen::Generator::new("fixture")
        .rust(&pages(case, side))
        .expect("fixture generates")
        .files
}

/// The attributes and head of the item declared by `decl` (`pub enum X {`).
fn item<'f>(files: &'f codegen::Files, decl: &str) -> &'f str {
    for text in files.values() {
        if let Some(at) = text.find(decl) {
            // Back to the end of the previous item: its closing brace or semicolon.
            let start = text[..at]
                .match_indices('\n')
                .map(|(i, _)| i)
                .rev()
                .find(|&i| {
                    let line = text[..i].rsplit('\n').next().unwrap_or_default();
                    line == "}" || (line.ends_with(';') && !line.starts_with([' ', '/']))
                })
                .unwrap_or(0);
            let end = text[at..].find("\n}").map_or(text.len(), |e| at + e);
            return &text[start..end];
        }
    }
    panic!("no `{decl}` in the generated files")
}

#[test]
fn crate_verdicts_follow_the_generated_code() {
    // enum-value-added is minor: value enums are `#[non_exhaustive]`, so no caller's
    // `match` can list every variant, and a new one breaks none.
    let old = generated("request-enum", "old");
    let new = generated("request-enum", "new");
    let (o, n) = (
        item(&old, "pub enum UpdateWidgetRequestBodyMode {"),
        item(&new, "pub enum UpdateWidgetRequestBodyMode {"),
    );
    assert!(
        o.contains("#[non_exhaustive]") && n.contains("#[non_exhaustive]"),
        "{n}"
    );
    assert!(!o.contains("Auto,") && n.contains("Auto,"), "{n}");

    // field-added in a response is minor: its struct is `#[non_exhaustive]`.
    let new = generated("response-field", "new");
    let s = item(&new, "pub struct RecordItem {");
    assert!(
        s.contains("#[non_exhaustive]") && s.contains("pub created_at:"),
        "{s}"
    );

    // A new required parameter is a new argument of `new` (major); an optional one is not.
    let args = |files: &codegen::Files| {
        let module = &files["update_widget.rs"];
        let at = module.find("pub fn new(").expect("Request::new");
        module[at..]
            .split(')')
            .next()
            .unwrap_or_default()
            .matches(": ")
            .count()
    };
    let base = args(&generated("header-parameter", "old"));
    assert_eq!(args(&generated("header-parameter", "new")), base + 1);
    assert_eq!(args(&generated("query-parameter", "new")), base);

    // optional → required is major: `Option<i32>` becomes `i32`.
    let field = |files: &codegen::Files| {
        let s = item(files, "pub struct UpdateWidgetRequestBody {");
        s.lines()
            .find(|l| l.contains("pub size:"))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        field(&generated("request-required", "old")),
        "pub size: ::std::option::Option<i32>,"
    );
    assert_eq!(
        field(&generated("request-required", "new")),
        "pub size: i32,"
    );

    // A new error status is minor: the error enum is `#[non_exhaustive]`.
    let new = generated("error-status", "new");
    let e = item(&new, "pub enum UpdateWidgetError {");
    assert!(
        e.contains("#[non_exhaustive]") && e.contains("NotFound("),
        "{e}"
    );
}
