//! The OpenAPI export: structurally valid OpenAPI 3.1, deterministic, component names as the
//! model names them, and the seed page's facts as the fidelity check expects them.
//!
//! Pages come from `tests/fixtures/openapi/` (written for these tests) and `spec/dcs/`.

mod common;

use std::path::{Path, PathBuf};

use codegen::openapi::{Export, OPENAPI_VERSION};
use codegen::{Page, ServiceModel};
use kynos_openapi::{Document, Severity, SpecVersion};
use serde_json::{Value, json};

/// The export of `pages` modelled as one service, as `cargo xtask openapi` makes it.
fn export(pages: &[Page], title: &str) -> Export {
    codegen::openapi::export(&ServiceModel::build("t", pages, Vec::new()), title)
}

/// The document of [`export`].
fn openapi(pages: &[Page], title: &str) -> Value {
    export(pages, title).document
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pages(dir: &Path) -> Vec<Page> {
    let parsed = common::pages(dir, "");
    let mut out = Vec::new();
    for p in parsed {
        assert!(!p.has_errors(), "{}: {:#?}", p.file, p.diagnostics);
        if let Some(op) = p.operation {
            out.push(Page { file: p.file, op });
        }
    }
    out
}

fn fixtures() -> Vec<Page> {
    pages(&manifest_dir().join("tests/fixtures/openapi"))
}

fn dcs() -> Vec<Page> {
    pages(&manifest_dir().join("../../spec/dcs"))
}

/// Follows a local JSON pointer (`#/a/b`).
fn pointer<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let p = reference.strip_prefix('#')?;
    doc.pointer(p)
}

/// Every `$ref` in the document, with where it is.
fn refs(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Value::String(r) = x {
                        out.push((at.to_owned(), r.clone()));
                    }
                } else {
                    refs(x, &format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                refs(x, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every structural problem found: the strict 3.1 model does not read the document, reads
/// it differently from what was written (a key it did not understand), its validator
/// reports an error, or a `$ref` leads nowhere.
fn problems(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if doc["openapi"]
        .as_str()
        .is_none_or(|v| !v.starts_with("3.1."))
    {
        out.push(format!("openapi is {}, not 3.1.x", doc["openapi"]));
    }
    match serde_json::from_value::<Document>(doc.clone()) {
        Err(e) => out.push(format!("not an OpenAPI 3.1 document: {e}")),
        Ok(model) => {
            for v in kynos_openapi::validate::Validator::new(SpecVersion::V3_1).validate(&model) {
                if v.severity == Severity::Error {
                    out.push(v.to_string());
                }
            }
            // Written back, the model must give the same JSON: anything it kept aside
            // (an unknown key) or dropped shows up here.
            match serde_json::to_value(&model) {
                Ok(back) if same(&back, doc) => {}
                Ok(back) => out.push(format!(
                    "the 3.1 model does not read the document as written:\n{}",
                    first_difference(doc, &back, "")
                )),
                Err(e) => out.push(format!("model does not serialize: {e}")),
            }
        }
    }
    let mut all = Vec::new();
    refs(doc, "#", &mut all);
    for (at, r) in all {
        if pointer(doc, &r).is_none() {
            out.push(format!("{at}: $ref {r} resolves to nothing"));
        }
    }
    out
}

/// JSON equality where numbers are compared by value: the model keeps bounds as `f64`, so
/// `1` comes back as `1.0`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn first_difference(a: &Value, b: &Value, at: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if same(v, w) => {}
                    Some(w) => return first_difference(v, w, &format!("{at}/{k}")),
                    None => return format!("{at}/{k}: dropped"),
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{at}/{k}: added");
                }
            }
            format!("{at}: differs")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if !same(v, w) {
                    return first_difference(v, w, &format!("{at}/{i}"));
                }
            }
            format!("{at}: differs")
        }
        _ => format!("{at}: {a} became {b}"),
    }
}

fn assert_valid(doc: &Value) {
    let p = problems(doc);
    assert!(p.is_empty(), "invalid document:\n{}", p.join("\n"));
}

#[test]
fn fixture_documents_are_valid_openapi_3_1() {
    let fx = fixtures();
    assert_eq!(fx.len(), 3);
    assert_valid(&openapi(&fx, "Gadgets"));
    assert_valid(&openapi(&dcs(), "DCS"));
    // Together, so that same-named objects from different pages meet.
    let mut all = fx;
    all.extend(dcs());
    let e = export(&all, "all");
    assert!(e.notes.is_empty(), "{:#?}", e.notes);
    assert_valid(&e.document);
    assert_eq!(e.document["openapi"], OPENAPI_VERSION);
}

/// The checks above would catch a broken document: each mutation must be reported.
#[test]
fn validation_rejects_broken_documents() {
    let good = openapi(&fixtures(), "Gadgets");
    const GET: &str = "/paths/~1v1~1{project_id}~1gadgets~1{gadget_id}/get";
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "dangling $ref",
            Box::new(|d| {
                d["components"]["schemas"]
                    .as_object_mut()
                    .and_then(|m| m.remove("ErrorResponse"));
            }),
        ),
        (
            "misspelled key",
            Box::new(|d| {
                if let Some(p) = d.pointer_mut(&format!("{GET}/parameters/0")) {
                    p["requried"] = json!(true);
                }
            }),
        ),
        (
            "optional path parameter",
            Box::new(|d| {
                if let Some(p) = d.pointer_mut(&format!("{GET}/parameters/1")) {
                    p["required"] = json!(false);
                }
            }),
        ),
        (
            "response without description",
            Box::new(|d| {
                if let Some(Value::Object(r)) = d.pointer_mut(&format!("{GET}/responses/200")) {
                    r.remove("description");
                }
            }),
        ),
        (
            "path variable without parameter",
            Box::new(|d| {
                if let Some(Value::Array(ps)) = d.pointer_mut(&format!("{GET}/parameters")) {
                    ps.remove(1);
                }
            }),
        ),
        (
            "OpenAPI 3.0",
            Box::new(|d| {
                d["openapi"] = json!("3.0.3");
            }),
        ),
    ];
    assert!(problems(&good).is_empty());
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert_ne!(bad, good, "{what}: the mutation changed nothing");
        assert!(!problems(&bad).is_empty(), "{what} was not detected");
    }
}

#[test]
fn output_does_not_depend_on_page_order() {
    let mut all = fixtures();
    all.extend(dcs());
    let a = openapi(&all, "t");
    all.reverse();
    let b = openapi(&all, "t");
    assert_eq!(
        serde_json::to_string(&a).ok(),
        serde_json::to_string(&b).ok()
    );
}

fn schema_names(doc: &Value) -> Vec<String> {
    doc["components"]["schemas"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn op<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &doc["paths"][path][method]
}

#[test]
fn component_names_are_the_models_type_names() {
    let doc = openapi(&fixtures(), "Gadgets");
    // Each response object is named after its operation, as in Rust. `Tag` differs between
    // the request and the response of one page: one shape keeps the plain name, the other is
    // named after the operation. `ErrorResponse` is the same on both pages: one schema. Text
    // enums are schemas too.
    assert_eq!(
        schema_names(&doc),
        [
            "CreateGadgetBody",
            "CreateGadgetBodyMode",
            "CreateGadgetResponse",
            "CreateGadgetTag",
            "ErrorResponse",
            "ShowGadgetResponse",
            "Tag",
            "XTraceMode",
        ]
    );
    let create = op(&doc, "/v1/{project_id}/gadgets", "post");
    let show = op(&doc, "/v1/{project_id}/gadgets/{gadget_id}", "get");
    let schema = |o: &Value, code: &str| {
        o["responses"][code]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    assert_eq!(schema(create, "400"), "#/components/schemas/ErrorResponse");
    assert_eq!(schema(show, "400"), "#/components/schemas/ErrorResponse");
    assert_eq!(
        schema(create, "201"),
        "#/components/schemas/CreateGadgetResponse"
    );
    assert_eq!(
        schema(show, "200"),
        "#/components/schemas/ShowGadgetResponse"
    );
    // The request's `Tag` (whose `key` is required) is the one the body refers to.
    let s = &doc["components"]["schemas"];
    let request_tag = ["Tag", "CreateGadgetTag"]
        .into_iter()
        .find(|n| s[*n]["required"] == json!(["key"]))
        .expect("one Tag requires its key");
    let response_tag = ["Tag", "CreateGadgetTag"]
        .into_iter()
        .find(|n| *n != request_tag)
        .unwrap_or_default();
    assert!(s[response_tag].get("required").is_none());
    assert_eq!(
        s["CreateGadgetBody"]["properties"]["tags"]["items"]["$ref"],
        format!("#/components/schemas/{request_tag}").as_str()
    );
    assert_eq!(
        s["ShowGadgetResponse"]["properties"]["created_at"],
        json!({"type": "integer", "format": "int64", "description": "创建时间，毫秒。"})
    );

    // With the DCS page beside them, the two ErrorResponses differ in shape: one keeps the
    // plain name, the other is named after its operation.
    let mut all = fixtures();
    all.extend(dcs());
    let names = schema_names(&openapi(&all, "all"));
    let errors: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with("ErrorResponse"))
        .collect();
    assert_eq!(errors.len(), 2, "{names:?}");
    assert!(names.contains(&"ErrorResponse".to_owned()), "{names:?}");
}

#[test]
fn types_constraints_and_bodies_come_from_the_page() {
    let doc = openapi(&fixtures(), "Gadgets");
    let create = op(&doc, "/v1/{project_id}/gadgets", "post");
    assert_eq!(create["operationId"], "CreateGadget");
    assert_eq!(create["summary"], "创建组件");
    assert_eq!(create["description"], "创建一个组件。");
    assert_eq!(
        create["parameters"][1],
        json!({"name": "X-Auth-Token", "in": "header", "required": true,
               "schema": {"type": "string"}, "description": "用户Token。"})
    );
    assert_eq!(
        create["parameters"][2]["schema"],
        json!({"$ref": "#/components/schemas/XTraceMode"})
    );
    assert_eq!(
        doc["components"]["schemas"]["XTraceMode"],
        json!({"type": "string", "enum": ["off", "full"]})
    );
    let body = &create["requestBody"];
    assert_eq!(body["required"], true);
    let media = &body["content"]["application/json"];
    assert_eq!(
        media["schema"]["$ref"],
        "#/components/schemas/CreateGadgetBody"
    );
    assert_eq!(
        media["examples"]["example1"]["summary"],
        "创建名为demo的组件。"
    );
    assert_eq!(media["examples"]["example1"]["value"]["name"], "demo");

    let p = &doc["components"]["schemas"]["CreateGadgetBody"]["properties"];
    let expect = json!({
        "name": {"type": "string", "minLength": 1, "maxLength": 64, "description": "名称。"},
        "size": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 100,
                 "default": 10, "description": "大小。"},
        "ratio": {"type": "number", "format": "float", "description": "比例。"},
        "weight": {"type": "number", "format": "double", "description": "重量。"},
        "level": {"type": "integer", "format": "int32", "enum": [1, 2], "description": "级别。"},
        "enabled": {"type": "boolean", "default": true, "description": "是否启用。"},
        "labels": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "标签键值对。"},
        "extra": {"description": "任意扩展信息。"},
        "mode": {"$ref": "#/components/schemas/CreateGadgetBodyMode", "description": "模式。"},
        "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"},
                 "minItems": 0, "maxItems": 10, "description": "标签。"},
    });
    assert_eq!(*p, expect);
    assert_eq!(
        doc["components"]["schemas"]["CreateGadgetBody"]["required"],
        json!(["name"])
    );

    let created = &create["responses"]["201"];
    assert_eq!(created["description"], "创建成功。");
    assert_eq!(
        created["headers"]["X-Request-Id"],
        json!({"description": "请求ID。", "schema": {"type": "string"}})
    );
    assert_eq!(
        created["content"]["application/json"]["examples"]["example1"]["value"]["id"],
        "g-1"
    );

    let show = op(&doc, "/v1/{project_id}/gadgets/{gadget_id}", "get");
    assert_eq!(
        show["description"],
        "查询一个组件。\n\n返回组件的ID和创建时间。"
    );
    assert!(show.get("requestBody").is_none());
    assert_eq!(
        show["parameters"][2]["schema"],
        json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "default": 10})
    );
    assert_eq!(
        show["parameters"][3]["schema"],
        json!({"type": "array", "items": {"type": "string"}})
    );

    // 204 and a code only the status table lists: described, no content.
    let delete = op(&doc, "/v1/{project_id}/gadgets/{gadget_id}", "delete");
    assert_eq!(
        delete["responses"],
        json!({"204": {"description": "删除成功。"}, "404": {"description": "组件不存在。"}})
    );
    assert!(delete.get("requestBody").is_none());
}

/// The facts of `example-ListBigkeyScanTasks.openapi.json`, the hand-written document the
/// fidelity check scores 1.0, checked on the export of `spec/dcs/`.
#[test]
fn list_bigkey_scan_tasks_matches_the_reference_document() {
    let doc = openapi(&dcs(), "DCS");
    let path = "/v2/{project_id}/instances/{instance_id}/bigkey-tasks";
    let o = op(&doc, path, "get");
    assert_eq!(o["operationId"], "ListBigkeyScanTasks");
    assert_eq!(o["summary"], "查询大key分析任务列表");
    assert_eq!(o["description"], "查询大key分析任务列表。");
    assert_eq!(
        o["parameters"],
        json!([
            {"name": "project_id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "项目ID。"},
            {"name": "instance_id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "实例ID。"},
            {"name": "offset", "in": "query", "required": false, "schema": {"type": "integer", "format": "int32"},
             "description": "偏移量，表示从此偏移量开始查询， offset大于等于0"},
            {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "format": "int32"},
             "description": "每页显示的条目数量。"},
            {"name": "status", "in": "query", "required": false,
             "schema": {"$ref": "#/components/schemas/ListBigkeyScanTasksStatus"},
             "description": "分析任务状态"}
        ])
    );
    assert!(o.get("requestBody").is_none());
    let responses = o["responses"].as_object().expect("responses");
    let codes: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(codes, ["200", "400", "401", "403", "404", "500"]);
    for (code, text) in [
        ("200", "查询大key分析历史记录。"),
        ("400", "非法请求。"),
        ("401", "认证信息非法。"),
        ("403", "请求被拒绝访问。"),
        ("404", "所请求的资源不存在。"),
        ("500", "内部服务错误。"),
    ] {
        assert_eq!(responses[code]["description"], text, "{code}");
        let want = if code == "200" {
            "#/components/schemas/ListBigkeyScanTasksResponse"
        } else {
            "#/components/schemas/ErrorResponse"
        };
        assert_eq!(
            responses[code]["content"]["application/json"]["schema"]["$ref"], want,
            "{code}"
        );
    }
    let example = &responses["200"]["content"]["application/json"]["examples"]["example1"];
    assert_eq!(example["value"]["count"], 1);
    assert_eq!(example["value"]["records"][0]["scan_type"], "manual");

    // The schemas, without the descriptions the reference leaves out.
    let s = &doc["components"]["schemas"];
    let shape = |name: &str| -> Value {
        let mut v = s[name].clone();
        if let Some(Value::Object(props)) = v.get_mut("properties") {
            for p in props.values_mut() {
                if let Value::Object(p) = p {
                    p.remove("description");
                }
            }
        }
        v
    };
    assert_eq!(
        shape("ListBigkeyScanTasksResponse"),
        json!({"type": "object", "properties": {
            "instance_id": {"type": "string"},
            "count": {"type": "integer", "format": "int32"},
            "records": {"type": "array", "items": {"$ref": "#/components/schemas/RecordsResponse"}}
        }})
    );
    assert_eq!(
        shape("RecordsResponse"),
        json!({"type": "object", "properties": {
            "id": {"type": "string"},
            "status": {"$ref": "#/components/schemas/ListBigkeyScanTasksStatus"},
            "scan_type": {"$ref": "#/components/schemas/ScanType"},
            "created_at": {"type": "string"},
            "started_at": {"type": "string"},
            "finished_at": {"type": "string"}
        }})
    );
    assert_eq!(
        shape("ErrorResponse"),
        json!({"type": "object", "properties": {
            "error_msg": {"type": "string", "maxLength": 1024},
            "error_code": {"type": "string", "maxLength": 9},
            "error_ext_msg": {"type": "string", "maxLength": 1024}
        }})
    );
    assert_eq!(
        s["ListBigkeyScanTasksResponse"]["properties"]["records"]["description"],
        "大key分析记录列表"
    );
    // The enums the reference writes inline are schemas of their own, named as in Rust.
    assert_eq!(
        s["ListBigkeyScanTasksStatus"],
        json!({"type": "string", "enum": ["waiting", "running", "success", "failed"]})
    );
    assert_eq!(
        s["ScanType"],
        json!({"type": "string", "enum": ["manual", "auto"]})
    );
    assert_eq!(doc["info"]["version"], "v2");
}
