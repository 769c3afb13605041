//! Stage 3 (an output): the service model as one OpenAPI 3.1 document.
//!
//! Everything in the document comes from the pages: a field, a constraint or an example the
//! page does not state is never added. The few things OpenAPI insists on that a page may not
//! give are derived, not invented: a response's `description` falls back to the status table
//! and then to `HTTP <code>`, `info.version` is the API version written in the paths (`v2`).
//!
//! # Component names
//!
//! The document decides no names: every object and every enum of the [`ServiceModel`] is one
//! schema under `components/schemas`, under the name it has in the Rust crate, and every use
//! refers to it with `$ref`. Which tables are one type, and what a type is called when
//! several shapes share a page name, is the model's rule ([`crate::model::share`]): the same
//! name and the same shape (wire names, required-ness, member types) are one type; the shape
//! most operations use keeps the plain name. A type written for several operations shows the
//! descriptions of the first (by operation id) that uses it, as its Rust docs do.
//!
//! A text field with listed values is an enum of the model, so a `$ref` to its component
//! (with the field's own description and constraints beside the `$ref`); other listed values
//! (numbers) stay inline as `enum`.
//!
//! The result depends only on the set of pages, not on their order: the model sorts
//! operations by id, and every map in the output is built in a deterministic order.

use std::collections::{BTreeMap, BTreeSet};

use apidoc::ir::{Field, Location, Operation, Parameter, Type};
use serde_json::{Map, Value, json};

use crate::model::{FieldModel, OpModel, RustTy, ServiceModel, StructModel};

mod merge;

/// The OpenAPI version written into the `openapi` field.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// Where named schemas live; every `$ref` points below it.
const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// The only media type the pages document for bodies.
const JSON: &str = "application/json";

/// The Path Item fields that hold operations, in the order the specification lists them
/// (also the order they are written in).
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An exported document and what the export had to say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The OpenAPI 3.1 document.
    pub document: Value,
    /// Operations or facts that could not be expressed, or that were derived rather than
    /// read; one line each, naming the page.
    pub notes: Vec<String>,
}

/// One OpenAPI 3.1 document for the operations of `model`, titled `title`. See [`export`]
/// for the notes.
pub fn openapi(model: &ServiceModel, title: &str) -> Value {
    export(model, title).document
}

/// One OpenAPI 3.1 document for the operations of `model`, titled `title`, with notes on what
/// could not be expressed (e.g. two operations on the same method and path, which OpenAPI
/// cannot hold).
pub fn export(model: &ServiceModel, title: &str) -> Export {
    let ops = &model.operations;
    let enums: BTreeSet<&str> = model
        .types
        .enums
        .iter()
        .map(|e| e.model.rust.as_str())
        .collect();
    let mut notes = Vec::new();

    // Operations by method and path: several pages may document one endpoint, told apart by
    // body.
    let mut endpoints: BTreeMap<(String, usize), Vec<usize>> = BTreeMap::new();
    for (pi, m) in ops.iter().enumerate() {
        let op = &m.op;
        let method = op.method.to_ascii_lowercase();
        let Some(mi) = METHODS.iter().position(|x| *x == method) else {
            notes.push(format!(
                "{}: {} is left out: OpenAPI has no operation field for method {}",
                m.file, op.id, op.method
            ));
            continue;
        };
        endpoints.entry((op.path.clone(), mi)).or_default().push(pi);
    }
    let mut paths: BTreeMap<String, BTreeMap<usize, Value>> = BTreeMap::new();
    for ((path, mi), mut group) in endpoints {
        // The current template's page, then a page whose id the docs give (not derived),
        // names the endpoint: it is the newer and more authoritative account of it.
        group.sort_by_key(|&pi| {
            let op = &ops[pi].op;
            (
                op.template != apidoc::ir::Template::ApiExplorer,
                op.id_source == apidoc::ir::IdSource::Derived,
                pi,
            )
        });
        let written: Vec<Value> = group
            .iter()
            .map(|&pi| operation(&ops[pi], &enums, &mut notes))
            .collect();
        let value = if written.len() == 1 {
            written.into_iter().next().unwrap_or_default()
        } else {
            let ids: Vec<&str> = group.iter().map(|&pi| ops[pi].op.id.as_str()).collect();
            notes.push(format!(
                "{} {path} is documented by {} pages ({}): exported as one operation whose body is one of theirs",
                METHODS[mi].to_ascii_uppercase(),
                ids.len(),
                ids.join(", ")
            ));
            merge::merge_operations(written)
        };
        paths.entry(path).or_default().insert(mi, value);
    }

    let mut paths_json = Map::new();
    for (path, item) in paths {
        let mut item_json = Map::new();
        for (mi, op) in item {
            item_json.insert(METHODS[mi].to_owned(), op);
        }
        paths_json.insert(path, Value::Object(item_json));
    }

    let document = json!({
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": api_version(ops)},
        "paths": paths_json,
        "components": {"schemas": components(model, &enums)},
    });
    Export { document, notes }
}

/// Every type of the model under its name, sorted by name.
fn components(model: &ServiceModel, enums: &BTreeSet<&str>) -> Map<String, Value> {
    let mut sorted: BTreeMap<&str, Value> = BTreeMap::new();
    for s in &model.types.structs {
        sorted.insert(&s.model.rust, object_schema(&s.model, enums));
    }
    for e in &model.types.enums {
        let values: Vec<&str> = e.model.variants.iter().map(|(_, w)| w.as_str()).collect();
        sorted.insert(&e.model.rust, json!({"type": "string", "enum": values}));
    }
    sorted.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The API versions written in the paths (`/v2/...` gives `v2`), joined; OpenAPI requires an
/// `info.version` and this is the only version a reference page states.
fn api_version(ops: &[OpModel]) -> String {
    let versions: BTreeSet<&str> = ops
        .iter()
        .filter_map(|m| m.op.path.trim_start_matches('/').split('/').next())
        .filter(|seg| {
            seg.strip_prefix('v').is_some_and(|rest| {
                rest.starts_with(|c: char| c.is_ascii_digit())
                    && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
        })
        .collect();
    if versions.is_empty() {
        "unversioned".to_owned()
    } else {
        versions.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// A `$ref` to the component named `name`.
fn reference(name: &str) -> Value {
    json!({"$ref": format!("{SCHEMA_REF_PREFIX}{name}")})
}

/// The object schema of a type: properties in table order, `required` from the 是否必选
/// column.
fn object_schema(s: &StructModel, enums: &BTreeSet<&str>) -> Value {
    let mut properties = Map::new();
    let mut required: Vec<&str> = Vec::new();
    for f in &s.fields {
        let name = &f.field.name;
        // A repeated row would overwrite the first silently; the first one stands.
        if properties.contains_key(name) {
            continue;
        }
        properties.insert(name.clone(), model_field_schema(f, enums, true));
        if f.field.required == Some(true) {
            required.push(name);
        }
    }
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    if !properties.is_empty() {
        out.insert("properties".into(), Value::Object(properties));
    }
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    Value::Object(out)
}

/// The schema of a type as the model types it: a named type is a `$ref`.
fn rust_schema(ty: &RustTy) -> Value {
    match ty {
        RustTy::String => json!({"type": "string"}),
        RustTy::I32 => json!({"type": "integer", "format": "int32"}),
        RustTy::I64 => json!({"type": "integer", "format": "int64"}),
        RustTy::F32 => json!({"type": "number", "format": "float"}),
        RustTy::F64 => json!({"type": "number", "format": "double"}),
        RustTy::Bool => json!({"type": "boolean"}),
        // `Object` with no table: any JSON value, which is the empty schema.
        RustTy::Value => json!({}),
        RustTy::Named(name) => reference(name),
        RustTy::Vec(items) => json!({"type": "array", "items": rust_schema(items)}),
        RustTy::Map(values) => {
            json!({"type": "object", "additionalProperties": rust_schema(values)})
        }
    }
}

/// The schema of a bare type of the page, for what the model gives no Rust type (parameters
/// the client fills itself, responses, response headers): tables by the model's names.
fn type_schema(ty: &Type, m: &OpModel) -> Value {
    match ty {
        Type::String => json!({"type": "string"}),
        Type::Integer => json!({"type": "integer", "format": "int32"}),
        Type::Long => json!({"type": "integer", "format": "int64"}),
        Type::Float => json!({"type": "number", "format": "float"}),
        Type::Double => json!({"type": "number", "format": "double"}),
        Type::Boolean => json!({"type": "boolean"}),
        Type::Any => json!({}),
        // An id the page does not define is an error the parser reports before anything is
        // exported; any value here.
        Type::Ref { schema } => m
            .schema_types
            .get(schema)
            .map_or(json!({}), |n| reference(n)),
        Type::Array { items } => json!({"type": "array", "items": type_schema(items, m)}),
        Type::Map { values } => {
            json!({"type": "object", "additionalProperties": type_schema(values, m)})
        }
    }
}

/// The innermost type of arrays and maps.
fn leaf(ty: &RustTy) -> &RustTy {
    match ty {
        RustTy::Vec(i) | RustTy::Map(i) => leaf(i),
        other => other,
    }
}

/// The schema of a field the model types.
fn model_field_schema(f: &FieldModel, enums: &BTreeSet<&str>, with_description: bool) -> Value {
    let is_enum = matches!(leaf(&f.ty), RustTy::Named(n) if enums.contains(n.as_str()));
    facets(rust_schema(&f.ty), &f.field, !is_enum, with_description)
}

/// The schema of a documented field: its type plus what the description cell states.
/// Parameters carry their description beside the schema, hence `with_description`; an enum
/// component holds the values, hence `inline_enum`.
fn facets(mut s: Value, f: &Field, inline_enum: bool, with_description: bool) -> Value {
    // Enums and value constraints describe the values, which for an array are its items.
    value_facets(&mut s, &f.ty, f, inline_enum);
    if let Value::Object(m) = &mut s {
        let c = &f.constraints;
        if let Some(n) = c.min_items {
            m.insert("minItems".into(), json!(n));
        }
        if let Some(n) = c.max_items {
            m.insert("maxItems".into(), json!(n));
        }
        if let Some(d) = &c.default {
            match typed_value(d, &f.ty) {
                Some(v) => m.insert("default".into(), v),
                // Kept, as text, where a tool will not take it for a typed default.
                None => m.insert("x-default".into(), json!(d)),
            };
        }
        if with_description && !f.description.is_empty() {
            m.insert("description".into(), json!(f.description));
        }
    }
    s
}

/// Writes enum and value constraints onto the schema of the values `ty` holds.
fn value_facets(s: &mut Value, ty: &Type, f: &Field, inline_enum: bool) {
    if let Type::Array { items } = ty {
        if let Some(inner) = s.get_mut("items") {
            value_facets(inner, items, f, inline_enum);
        }
        return;
    }
    let Value::Object(m) = s else {
        return;
    };
    if inline_enum && !f.enum_values.is_empty() {
        let typed: Option<Vec<Value>> = f.enum_values.iter().map(|v| typed_value(v, ty)).collect();
        match typed {
            Some(values) => m.insert("enum".into(), Value::Array(values)),
            // Values that do not fit the type (or an object type) are still what the page
            // lists; an extension keeps them without making the schema unsatisfiable.
            None => m.insert("x-enum".into(), json!(f.enum_values)),
        };
    }
    let c = &f.constraints;
    if let Some(n) = c.min_length {
        m.insert("minLength".into(), json!(n));
    }
    if let Some(n) = c.max_length {
        m.insert("maxLength".into(), json!(n));
    }
    if let Some(v) = c.minimum.and_then(|v| number(v, ty)) {
        m.insert("minimum".into(), v);
    }
    if let Some(v) = c.maximum.and_then(|v| number(v, ty)) {
        m.insert("maximum".into(), v);
    }
}

/// A number for a bound: whole numbers as integers for integer types, so `10` is not `10.0`.
fn number(v: f64, ty: &Type) -> Option<Value> {
    if !v.is_finite() {
        return None;
    }
    let whole = v.fract() == 0.0 && v.abs() < 9.0e15;
    if whole && matches!(ty, Type::Integer | Type::Long) {
        // Exact: |v| < 2^53, so the conversion loses nothing.
        Some(json!(v as i64))
    } else {
        serde_json::Number::from_f64(v).map(Value::Number)
    }
}

/// A value written on the page (enum item, default) as JSON of the field's type; `None` when
/// the text is not a value of that type.
fn typed_value(text: &str, ty: &Type) -> Option<Value> {
    let t = text.trim();
    match ty {
        Type::String => Some(json!(text)),
        Type::Integer | Type::Long => t.parse::<i64>().ok().map(|v| json!(v)),
        Type::Float | Type::Double => t
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Type::Boolean => match t.to_ascii_lowercase().as_str() {
            "true" => Some(json!(true)),
            "false" => Some(json!(false)),
            _ => None,
        },
        Type::Any => Some(serde_json::from_str(t).unwrap_or_else(|_| json!(text))),
        Type::Array { .. } | Type::Map { .. } => serde_json::from_str(t)
            .ok()
            .filter(|v: &Value| v.is_array() || v.is_object()),
        Type::Ref { .. } => serde_json::from_str(t).ok().filter(Value::is_object),
    }
}

/// The `{name}` placeholders of a path template, in order.
fn template_variables(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

fn location(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
    }
}

/// A parameter: typed as the model types it, or from the page where the model leaves it out
/// (a path parameter the client fills, a header the runtime writes).
fn parameter(p: &Parameter, m: &OpModel, enums: &BTreeSet<&str>) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(p.field.name));
    out.insert("in".into(), json!(location(p.location)));
    // OpenAPI requires every path parameter to be required, and a path cannot do without.
    let required = p.location == Location::Path || p.field.required == Some(true);
    out.insert("required".into(), json!(required));
    let modelled = m
        .params
        .iter()
        .find(|(l, f)| *l == p.location && f.field.name == p.field.name);
    let schema = match modelled {
        Some((_, f)) => model_field_schema(f, enums, false),
        None => facets(type_schema(&p.field.ty, m), &p.field, true, false),
    };
    out.insert("schema".into(), schema);
    if !p.field.description.is_empty() {
        out.insert("description".into(), json!(p.field.description));
    }
    Value::Object(out)
}

/// Parameters the request line states but no table documents: a path variable, or a query
/// pair written into the URI. OpenAPI needs each path variable declared; nothing beyond what
/// the URI shows is claimed (a path segment is text; a fixed query value is a constant).
fn uri_parameters(m: &OpModel, notes: &mut Vec<String>) -> Vec<Value> {
    let op = &m.op;
    let documented = |loc: Location, name: &str| {
        op.parameters
            .iter()
            .any(|p| p.location == loc && p.field.name == name)
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for var in template_variables(&op.path) {
        if documented(Location::Path, var) || !seen.insert(("path", var.to_owned())) {
            continue;
        }
        notes.push(format!(
            "{}: {}: path variable {{{var}}} has no row in the path parameter table; declared as a string",
            m.file, op.id
        ));
        out.push(
            json!({"name": var, "in": "path", "required": true, "schema": {"type": "string"}}),
        );
    }
    for (name, value) in &op.uri_query {
        if documented(Location::Query, name) || !seen.insert(("query", name.clone())) {
            continue;
        }
        let placeholder = value.starts_with('{') && value.ends_with('}');
        let schema = if placeholder {
            json!({"type": "string"})
        } else {
            json!({"type": "string", "const": value})
        };
        notes.push(format!(
            "{}: {}: query `{name}={value}` is written in the URI but has no row in the query table",
            m.file, op.id
        ));
        out.push(json!({"name": name, "in": "query", "required": true, "schema": schema}));
    }
    out
}

/// Examples keyed `example1`, `example2`, ... in page order, with the introducing text as
/// summary. Examples whose code block is not JSON are left out: a JSON media type's example
/// must be a JSON value.
fn examples<'a>(items: impl Iterator<Item = (&'a str, Option<&'a Value>)>) -> Map<String, Value> {
    let mut out = Map::new();
    for (text, json) in items {
        let Some(value) = json else {
            continue;
        };
        let mut e = Map::new();
        if !text.is_empty() {
            e.insert("summary".into(), json!(text));
        }
        e.insert("value".into(), value.clone());
        out.insert(format!("example{}", out.len() + 1), Value::Object(e));
    }
    out
}

fn media(schema: Option<Value>, examples: Map<String, Value>) -> Value {
    let mut m = Map::new();
    if let Some(s) = schema {
        m.insert("schema".into(), s);
    }
    if !examples.is_empty() {
        m.insert("examples".into(), Value::Object(examples));
    }
    json!({ JSON: m })
}

fn operation(model: &OpModel, enums: &BTreeSet<&str>, notes: &mut Vec<String>) -> Value {
    let op = &model.op;
    let mut m = Map::new();
    m.insert("operationId".into(), json!(op.id));
    m.insert("summary".into(), json!(op.title));
    m.insert("x-page".into(), json!(model.file));
    if let Some(note) = &op.deprecated {
        m.insert("deprecated".into(), json!(true));
        m.insert("x-deprecated-note".into(), json!(note));
    }
    if !op.description.is_empty() {
        m.insert("description".into(), json!(op.description));
    }

    let mut params: Vec<Value> = op
        .parameters
        .iter()
        .map(|p| parameter(p, model, enums))
        .collect();
    params.extend(uri_parameters(model, notes));
    if !params.is_empty() {
        m.insert("parameters".into(), Value::Array(params));
    }

    if let Some(body) = &op.request_body {
        let ex = examples(
            op.request_examples
                .iter()
                .map(|e| (e.description.as_str(), e.json.as_ref())),
        );
        let schema = match &model.body {
            Some(ty) => rust_schema(ty),
            None => type_schema(&body.ty, model),
        };
        m.insert(
            "requestBody".into(),
            json!({"required": true, "content": media(Some(schema), ex)}),
        );
    }

    let mut responses: BTreeMap<u16, Value> = BTreeMap::new();
    for r in &op.responses {
        let description = if !r.description.is_empty() {
            r.description.clone()
        } else {
            status_text(op, r.status)
        };
        let mut resp = Map::new();
        resp.insert("description".into(), json!(description));
        if !r.headers.is_empty() {
            let mut headers = Map::new();
            for h in &r.headers {
                let mut hm = Map::new();
                if !h.description.is_empty() {
                    hm.insert("description".into(), json!(h.description));
                }
                if h.required == Some(true) {
                    hm.insert("required".into(), json!(true));
                }
                hm.insert(
                    "schema".into(),
                    facets(type_schema(&h.ty, model), h, true, false),
                );
                headers.insert(h.name.clone(), Value::Object(hm));
            }
            resp.insert("headers".into(), Value::Object(headers));
        }
        let ex = examples(
            r.examples
                .iter()
                .map(|e| (e.description.as_str(), e.json.as_ref())),
        );
        // No body table and no example: the response has no content (e.g. 204).
        if r.body.is_some() || !ex.is_empty() {
            let schema = r.body.as_ref().map(|b| type_schema(b, model));
            resp.insert("content".into(), media(schema, ex));
        }
        responses.insert(r.status, Value::Object(resp));
    }
    // Codes only the status table lists are documented responses too, without a body.
    for sc in &op.status_codes {
        responses
            .entry(sc.code)
            .or_insert_with(|| json!({"description": status_text(op, sc.code)}));
    }
    if !responses.is_empty() {
        let mut rm = Map::new();
        for (code, r) in responses {
            rm.insert(code.to_string(), r);
        }
        m.insert("responses".into(), Value::Object(rm));
    }
    Value::Object(m)
}

/// The status table's text for `code`, or `HTTP <code>` (OpenAPI requires a description).
fn status_text(op: &Operation, code: u16) -> String {
    op.status_codes
        .iter()
        .find(|s| s.code == code && !s.description.is_empty())
        .map(|s| s.description.clone())
        .unwrap_or_else(|| format!("HTTP {code}"))
}

#[cfg(test)]
mod tests;
