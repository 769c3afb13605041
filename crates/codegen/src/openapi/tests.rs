//! Unit tests of the export's pieces.

use super::*;
use crate::Page;

/// The export of `pages`, modelled as one service.
fn export_pages(pages: &[Page], title: &str) -> Export {
    export(&ServiceModel::build("t", pages, Vec::new()), title)
}

#[test]
fn template_variables_in_order() {
    assert_eq!(
        template_variables("/v2/{project_id}/instances/{instance_id}/x"),
        ["project_id", "instance_id"]
    );
    assert!(template_variables("/v2/a").is_empty());
}

#[test]
fn typed_values() {
    assert_eq!(typed_value("10", &Type::Integer), Some(json!(10)));
    assert_eq!(typed_value("x", &Type::Integer), None);
    assert_eq!(typed_value("false", &Type::Boolean), Some(json!(false)));
    assert_eq!(typed_value("false", &Type::String), Some(json!("false")));
    assert_eq!(typed_value("1.5", &Type::Double), Some(json!(1.5)));
    assert_eq!(number(10.0, &Type::Long), Some(json!(10)));
    assert_eq!(number(0.5, &Type::Integer), Some(json!(0.5)));
}

fn page(id: &str, method: &str, path: &str) -> Page {
    Page {
        file: format!("{id}.md"),
        op: Operation {
            id: id.into(),
            id_source: apidoc::ir::IdSource::Anchor,
            template: apidoc::ir::Template::ApiExplorer,
            title: String::new(),
            description: String::new(),
            method: method.into(),
            path: path.into(),
            uri_query: vec![],
            parameters: vec![],
            request_body: None,
            responses: vec![],
            schemas: vec![],
            request_examples: vec![],
            status_codes: vec![],
            source: Default::default(),
            deprecated: None,
        },
    }
}

fn field(name: &str, ty: Type, enum_values: &[&str]) -> Field {
    Field {
        name: name.into(),
        required: None,
        ty,
        type_text: String::new(),
        description: String::new(),
        enum_values: enum_values.iter().map(|v| (*v).to_owned()).collect(),
        constraints: Default::default(),
        source: Default::default(),
    }
}

#[test]
fn versions_from_paths() {
    let (a, b, c) = (
        page("A", "GET", "/v2/a"),
        page("B", "GET", "/v1.0/b"),
        page("C", "GET", "/x"),
    );
    let all = ServiceModel::build("t", &[a, b, c.clone()], Vec::new());
    assert_eq!(api_version(&all.operations), "v1.0, v2");
    let one = ServiceModel::build("t", &[c], Vec::new());
    assert_eq!(api_version(&one.operations), "unversioned");
}

#[test]
fn enums_go_to_array_items_and_misfits_are_kept_aside() {
    let of = |f: &Field| facets(json!({"type": "array", "items": {}}), f, true, false);
    let strings = Type::Array {
        items: Box::new(Type::String),
    };
    assert_eq!(
        of(&field("f", strings, &["a", "b"])),
        json!({"type": "array", "items": {"enum": ["a", "b"]}})
    );
    let of = |f: &Field, s: Value| facets(s, f, true, false);
    assert_eq!(
        of(
            &field("f", Type::Integer, &["1", "x"]),
            json!({"type": "integer"})
        ),
        json!({"type": "integer", "x-enum": ["1", "x"]})
    );
    assert_eq!(
        of(
            &field("f", Type::Boolean, &["true", "false"]),
            json!({"type": "boolean"})
        ),
        json!({"type": "boolean", "enum": [true, false]})
    );
    // A text enum is a component: its values are not repeated beside the `$ref`.
    let mut f = field("f", Type::String, &["a"]);
    f.constraints.max_length = Some(3);
    assert_eq!(
        facets(reference("F"), &f, false, false),
        json!({"$ref": "#/components/schemas/F", "maxLength": 3})
    );
}

#[test]
fn one_operation_per_method_and_path() {
    let pages = [
        page("B", "POST", "/v1/x"),
        page("A", "POST", "/v1/x"),
        page("C", "GET", "/v1/x"),
        page("D", "COPY", "/v1/x"),
    ];
    let e = export_pages(&pages, "t");
    let item = &e.document["paths"]["/v1/x"];
    assert_eq!(item["post"]["operationId"], "A");
    assert_eq!(
        item["post"]["x-operations"],
        json!([
            {"operationId": "A", "summary": "", "x-page": "A.md"},
            {"operationId": "B", "summary": "", "x-page": "B.md"},
        ])
    );
    assert_eq!(item["get"]["operationId"], "C");
    assert_eq!(e.notes.len(), 2, "{:?}", e.notes);
    assert!(e.notes[0].contains("D is left out"), "{:?}", e.notes);
    assert!(
        e.notes[1].contains("POST /v1/x is documented by 2 pages (A, B)"),
        "{:?}",
        e.notes
    );
}

#[test]
fn request_line_parameters_without_rows() {
    let mut p = page("A", "GET", "/v1/{id}/x");
    p.op.uri_query = vec![
        ("action".into(), "restart".into()),
        ("dim".into(), "{dim}".into()),
    ];
    let e = export_pages(&[p], "t");
    assert_eq!(
        e.document["paths"]["/v1/{id}/x"]["get"]["parameters"],
        json!([
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "action", "in": "query", "required": true,
             "schema": {"type": "string", "const": "restart"}},
            {"name": "dim", "in": "query", "required": true, "schema": {"type": "string"}},
        ])
    );
    assert_eq!(e.notes.len(), 3);
}

#[test]
fn deprecated_pages_are_deprecated_operations() {
    let mut old = page("ShowV1X", "GET", "/v1/x");
    old.op.deprecated = Some("当前API已废弃，请使用查询X。".into());
    let pages = [old, page("ShowX", "GET", "/v2/x")];
    let e = export_pages(&pages, "t");
    let v1 = &e.document["paths"]["/v1/x"]["get"];
    assert_eq!(v1["deprecated"], json!(true));
    assert_eq!(v1["x-deprecated-note"], "当前API已废弃，请使用查询X。");
    assert!(
        e.document["paths"]["/v2/x"]["get"]
            .get("deprecated")
            .is_none()
    );
    // One endpoint of several pages is deprecated only when every page is.
    let mut a = page("A", "POST", "/v1/y");
    a.op.deprecated = Some("废弃".into());
    let e = export_pages(&[a.clone(), page("B", "POST", "/v1/y")], "t");
    assert!(
        e.document["paths"]["/v1/y"]["post"]
            .get("deprecated")
            .is_none()
    );
    let mut b = page("B", "POST", "/v1/y");
    b.op.deprecated = Some("废弃".into());
    let e = export_pages(&[a, b], "t");
    assert_eq!(
        e.document["paths"]["/v1/y"]["post"]["deprecated"],
        json!(true)
    );
}
