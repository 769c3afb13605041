//! Exports operation pages as one OpenAPI 3.1 document.
//!
//! Everything in the document comes from the pages: a field, a constraint or an example the
//! page does not state is never added. The few things OpenAPI insists on that a page may not
//! give are derived, not invented: a response's `description` falls back to the status table
//! and then to `HTTP <code>`, `info.version` is the API version written in the paths (`v2`).
//!
//! # Component names
//!
//! Every named object table becomes a schema under `components/schemas`, referenced with
//! `$ref`. Names must be unique in the whole document, while the same name (`Tag`,
//! `ErrorResponse`) is used by many pages, sometimes for different objects. So:
//!
//! 1. Two tables are *the same schema* when they have the same name and would be written the
//!    same way: same fields, types, required-ness, descriptions, enums and constraints, and
//!    nested objects that are the same schema in turn. Where in the page they sit (source
//!    lines, table numbers) does not matter.
//! 2. A name used by one schema only keeps the name (`ErrorResponse`), however many
//!    operations share it.
//! 3. A name used by several different schemas is given to none of them: each is called
//!    `Name_<OperationId>` after the first operation (by id) using it, so nothing silently
//!    merges and no variant looks like the canonical one. When one operation uses two of them
//!    (a request-side and a response-side `Tag`), the later gets `_request`/`_response`
//!    appended, and a number if that is still taken.
//! 4. Characters OpenAPI does not allow in component names (outside `A-Z a-z 0-9 . _ -`)
//!    become `_`.
//!
//! The result depends only on the set of pages, not on their order: pages are processed
//! sorted by operation id, and every map in the output is built in a deterministic order.

use std::collections::{BTreeMap, BTreeSet};

use apidoc::ir::{Field, Location, Operation, Parameter, Schema, Side, Type};
use serde_json::{Map, Value, json};

use crate::Page;

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

/// One OpenAPI 3.1 document for all `ops`, titled `title`. See [`export`] for the notes.
pub fn openapi(ops: &[Page], title: &str) -> Value {
    export(ops, title).document
}

/// One OpenAPI 3.1 document for all `ops`, titled `title`, with notes on what could not be
/// expressed (e.g. two operations on the same method and path, which OpenAPI cannot hold).
pub fn export(ops: &[Page], title: &str) -> Export {
    let mut pages: Vec<&Page> = ops.iter().collect();
    pages.sort_by(|a, b| a.op.id.cmp(&b.op.id).then(a.file.cmp(&b.file)));
    let names = ComponentNames::assign(&pages);
    let mut notes = Vec::new();

    // Pages by method and path: several pages may document one endpoint, told apart by body.
    let mut endpoints: BTreeMap<(String, usize), Vec<usize>> = BTreeMap::new();
    for (pi, page) in pages.iter().enumerate() {
        let op = &page.op;
        let method = op.method.to_ascii_lowercase();
        let Some(mi) = METHODS.iter().position(|m| *m == method) else {
            notes.push(format!(
                "{}: {} is left out: OpenAPI has no operation field for method {}",
                page.file, op.id, op.method
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
            let op = &pages[pi].op;
            (
                op.template != apidoc::ir::Template::ApiExplorer,
                op.id_source == apidoc::ir::IdSource::Derived,
                pi,
            )
        });
        let ops: Vec<Value> = group
            .iter()
            .map(|&pi| operation(pages[pi], &names.of(pi), &mut notes))
            .collect();
        let value = if ops.len() == 1 {
            ops.into_iter().next().unwrap_or_default()
        } else {
            let ids: Vec<&str> = group.iter().map(|&pi| pages[pi].op.id.as_str()).collect();
            notes.push(format!(
                "{} {path} is documented by {} pages ({}): exported as one operation whose body is one of theirs",
                METHODS[mi].to_ascii_uppercase(),
                ids.len(),
                ids.join(", ")
            ));
            merge::merge_operations(ops)
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

    let mut schemas = Map::new();
    for (name, (pi, id)) in &names.defining {
        let op = &pages[*pi].op;
        if let Some(s) = op.schemas.iter().find(|s| s.id == *id) {
            let refs = names.of(*pi);
            schemas.insert(name.clone(), object_schema(s, &mut |t| refs.reference(t)));
        }
    }

    let document = json!({
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": api_version(&pages)},
        "paths": paths_json,
        "components": {"schemas": schemas},
    });
    Export { document, notes }
}

/// The API versions written in the paths (`/v2/...` gives `v2`), joined; OpenAPI requires an
/// `info.version` and this is the only version a reference page states.
fn api_version(pages: &[&Page]) -> String {
    let versions: BTreeSet<&str> = pages
        .iter()
        .filter_map(|p| p.op.path.trim_start_matches('/').split('/').next())
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

/// The component name chosen for each named schema of each operation.
#[derive(Debug, Default)]
struct ComponentNames {
    /// Per page (in sorted order): schema id to component name.
    by_page: Vec<BTreeMap<String, String>>,
    /// Component name to the (page, schema id) whose table is written for it.
    defining: BTreeMap<String, (usize, String)>,
}

/// One page's view of [`ComponentNames`]: turns its schema ids into `$ref`s.
struct PageRefs<'a> {
    names: Option<&'a BTreeMap<String, String>>,
}

impl PageRefs<'_> {
    /// A `$ref` to the component for schema `id`; `{}` (any value) for an id the page does
    /// not define, which the parser reports as an error before anything is exported.
    fn reference(&self, id: &str) -> Value {
        match self.names.and_then(|n| n.get(id)) {
            Some(name) => json!({"$ref": format!("{SCHEMA_REF_PREFIX}{name}")}),
            None => json!({}),
        }
    }
}

/// One table using a name: which operation and page, which table, which side it documents.
struct Occurrence {
    op_id: String,
    side: Side,
    page: usize,
    schema: String,
}

impl ComponentNames {
    fn of(&self, page: usize) -> PageRefs<'_> {
        PageRefs {
            names: self.by_page.get(page),
        }
    }

    /// Applies the naming scheme described in the module documentation.
    fn assign(pages: &[&Page]) -> ComponentNames {
        // name -> canonical form -> occurrences (in page order, so the first has the
        // smallest operation id).
        let mut groups: BTreeMap<String, BTreeMap<String, Vec<Occurrence>>> = BTreeMap::new();
        for (pi, page) in pages.iter().enumerate() {
            for s in &page.op.schemas {
                let key = canonical(&page.op, &s.id, &mut Vec::new()).to_string();
                groups
                    .entry(component_name(&s.name))
                    .or_default()
                    .entry(key)
                    .or_default()
                    .push(Occurrence {
                        op_id: page.op.id.clone(),
                        side: s.side,
                        page: pi,
                        schema: s.id.clone(),
                    });
            }
        }
        let mut out = ComponentNames {
            by_page: vec![BTreeMap::new(); pages.len()],
            defining: BTreeMap::new(),
        };
        // Unambiguous names first, so a suffixed name can never take one of them.
        let mut taken: BTreeSet<String> = groups
            .iter()
            .filter(|(_, variants)| variants.len() == 1)
            .map(|(name, _)| name.clone())
            .collect();
        for (name, variants) in groups {
            let single = variants.len() == 1;
            let mut variants: Vec<(String, Vec<Occurrence>)> = variants.into_iter().collect();
            variants.sort_by(|(ka, a), (kb, b)| {
                let first = |v: &[Occurrence]| v.first().map(|o| (o.op_id.clone(), o.side));
                first(a).cmp(&first(b)).then(ka.cmp(kb))
            });
            // `Name_<first operation>`; where one operation starts several variants, each
            // of them says which side it documents.
            let base = |o: &Occurrence| format!("{name}_{}", component_name(&o.op_id));
            let mut bases: BTreeMap<String, usize> = BTreeMap::new();
            for (_, occurrences) in &variants {
                if let Some(first) = occurrences.first() {
                    *bases.entry(base(first)).or_default() += 1;
                }
            }
            for (_, occurrences) in variants {
                let Some(first) = occurrences.first() else {
                    continue;
                };
                let chosen = if single {
                    name.clone()
                } else {
                    let mut want = base(first);
                    if bases.get(&want).is_some_and(|n| *n > 1) {
                        want.push_str(match first.side {
                            Side::Request => "_request",
                            Side::Response => "_response",
                        });
                    }
                    // `taken` is finite, so some number is free.
                    let mut c = want.clone();
                    let mut n = 1usize;
                    while taken.contains(&c) {
                        n += 1;
                        c = format!("{want}_{n}");
                    }
                    c
                };
                taken.insert(chosen.clone());
                out.defining
                    .insert(chosen.clone(), (first.page, first.schema.clone()));
                for o in &occurrences {
                    if let Some(m) = out.by_page.get_mut(o.page) {
                        m.insert(o.schema.clone(), chosen.clone());
                    }
                }
            }
        }
        out
    }
}

/// A component name OpenAPI accepts (`^[a-zA-Z0-9.\-_]+$`).
fn component_name(name: &str) -> String {
    let n: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if n.is_empty() { "Schema".to_owned() } else { n }
}

/// What decides whether two tables are the same schema: the name and the schema as it would
/// be written, with each `$ref` replaced by the canonical form of its target (a cycle by a
/// marker naming the object), so nested differences count too.
fn canonical(op: &Operation, id: &str, stack: &mut Vec<String>) -> Value {
    let Some(s) = op.schemas.iter().find(|s| s.id == id) else {
        return json!({"unresolved": id});
    };
    if stack.iter().any(|x| x == id) {
        return json!({"cycle": s.name});
    }
    stack.push(id.to_owned());
    let body = object_schema(
        s,
        &mut |target| json!({"$ref": canonical(op, target, stack)}),
    );
    stack.pop();
    json!({"name": s.name, "schema": body})
}

/// The object schema of a table: properties in table order, `required` from the 是否必选
/// column.
fn object_schema(s: &Schema, refs: &mut dyn FnMut(&str) -> Value) -> Value {
    let mut properties = Map::new();
    let mut required: Vec<&str> = Vec::new();
    for f in &s.fields {
        // A repeated row would overwrite the first silently; the first one stands.
        if properties.contains_key(&f.name) {
            continue;
        }
        properties.insert(f.name.clone(), field_schema(f, refs, true));
        if f.required == Some(true) {
            required.push(&f.name);
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

/// The schema of a bare type.
fn type_schema(ty: &Type, refs: &mut dyn FnMut(&str) -> Value) -> Value {
    match ty {
        Type::String => json!({"type": "string"}),
        Type::Integer => json!({"type": "integer", "format": "int32"}),
        Type::Long => json!({"type": "integer", "format": "int64"}),
        Type::Float => json!({"type": "number", "format": "float"}),
        Type::Double => json!({"type": "number", "format": "double"}),
        Type::Boolean => json!({"type": "boolean"}),
        // `Object` with no table: any JSON value, which is the empty schema.
        Type::Any => json!({}),
        Type::Ref { schema } => refs(schema),
        Type::Array { items } => json!({"type": "array", "items": type_schema(items, refs)}),
        Type::Map { values } => {
            json!({"type": "object", "additionalProperties": type_schema(values, refs)})
        }
    }
}

/// The schema of a documented field: its type plus what the description cell states.
/// Parameters carry their description beside the schema, hence `with_description`.
fn field_schema(f: &Field, refs: &mut dyn FnMut(&str) -> Value, with_description: bool) -> Value {
    let mut s = type_schema(&f.ty, refs);
    // Enums and value constraints describe the values, which for an array are its items.
    value_facets(&mut s, &f.ty, f);
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
fn value_facets(s: &mut Value, ty: &Type, f: &Field) {
    if let Type::Array { items } = ty {
        if let Some(inner) = s.get_mut("items") {
            value_facets(inner, items, f);
        }
        return;
    }
    let Value::Object(m) = s else {
        return;
    };
    if !f.enum_values.is_empty() {
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

fn parameter(p: &Parameter, refs: &PageRefs<'_>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(p.field.name));
    m.insert("in".into(), json!(location(p.location)));
    // OpenAPI requires every path parameter to be required, and a path cannot do without.
    let required = p.location == Location::Path || p.field.required == Some(true);
    m.insert("required".into(), json!(required));
    m.insert(
        "schema".into(),
        field_schema(&p.field, &mut |t| refs.reference(t), false),
    );
    if !p.field.description.is_empty() {
        m.insert("description".into(), json!(p.field.description));
    }
    Value::Object(m)
}

/// Parameters the request line states but no table documents: a path variable, or a query
/// pair written into the URI. OpenAPI needs each path variable declared; nothing beyond what
/// the URI shows is claimed (a path segment is text; a fixed query value is a constant).
fn uri_parameters(page: &Page, notes: &mut Vec<String>) -> Vec<Value> {
    let op = &page.op;
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
            page.file, op.id
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
            page.file, op.id
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

fn operation(page: &Page, refs: &PageRefs<'_>, notes: &mut Vec<String>) -> Value {
    let op = &page.op;
    let mut m = Map::new();
    m.insert("operationId".into(), json!(op.id));
    m.insert("summary".into(), json!(op.title));
    m.insert("x-page".into(), json!(page.file));
    if let Some(note) = &op.deprecated {
        m.insert("deprecated".into(), json!(true));
        m.insert("x-deprecated-note".into(), json!(note));
    }
    if !op.description.is_empty() {
        m.insert("description".into(), json!(op.description));
    }

    let mut params: Vec<Value> = op.parameters.iter().map(|p| parameter(p, refs)).collect();
    params.extend(uri_parameters(page, notes));
    if !params.is_empty() {
        m.insert("parameters".into(), Value::Array(params));
    }

    if let Some(body) = &op.request_body {
        let ex = examples(
            op.request_examples
                .iter()
                .map(|e| (e.description.as_str(), e.json.as_ref())),
        );
        let schema = type_schema(&body.ty, &mut |t| refs.reference(t));
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
                    field_schema(h, &mut |t| refs.reference(t), false),
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
            let schema = r
                .body
                .as_ref()
                .map(|b| type_schema(b, &mut |t| refs.reference(t)));
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
