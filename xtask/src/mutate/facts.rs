//! The facts a page states, as comparable keys and values: the operation's method and path,
//! its parameters (location, name, type, required), request and response body members
//! (recursively, by their path from the body), status codes and error codes. Ids, line numbers
//! and descriptions are left out: a rewrite may move lines, and ids derive from the path.

use std::collections::{BTreeMap, BTreeSet};

use apidoc::ir::{Operation, Schema, Type};
use apidoc::{Catalogue, ParsedPage};

/// Fact key → value, for one page.
pub type Facts = BTreeMap<String, String>;

/// Deepest nesting followed into bodies (recursive types end there).
const MAX_DEPTH: usize = 12;

/// The facts of one parsed page and its error-code catalogue.
pub fn of_page(page: &ParsedPage, codes: Option<&Catalogue>) -> Facts {
    let mut f = Facts::new();
    if let Some(op) = &page.operation {
        operation(op, &mut f);
    }
    if let Some(c) = codes {
        for e in &c.codes {
            let status = e.status.map_or(String::new(), |s| s.to_string());
            f.insert(format!("error-code {}", e.code), status);
        }
    }
    f
}

fn operation(op: &Operation, f: &mut Facts) {
    f.insert("operation".into(), format!("{} {}", op.method, op.path));
    for p in &op.parameters {
        let key = format!("parameter {:?} {}", p.location, p.field.name).to_lowercase();
        f.insert(key, field_value(&p.field.ty, p.field.required));
    }
    let schemas: BTreeMap<&str, &Schema> = op.schemas.iter().map(|s| (s.id.as_str(), s)).collect();
    if let Some(body) = &op.request_body {
        f.insert("request body".into(), shape(&body.ty));
        members(
            &body.ty,
            "request body",
            &schemas,
            &mut BTreeSet::new(),
            f,
            0,
        );
    }
    for r in &op.responses {
        let key = format!("response {}", r.status);
        f.insert(key.clone(), r.body.as_ref().map_or("no body".into(), shape));
        if let Some(ty) = &r.body {
            members(ty, &key, &schemas, &mut BTreeSet::new(), f, 0);
        }
        for h in &r.headers {
            f.insert(
                format!("{key} header {}", h.name.to_lowercase()),
                shape(&h.ty),
            );
        }
    }
    for s in &op.status_codes {
        f.insert(format!("status {}", s.code), String::new());
    }
}

fn field_value(ty: &Type, required: Option<bool>) -> String {
    let req = match required {
        Some(true) => "required",
        Some(false) => "optional",
        None => "-",
    };
    format!("{} {req}", shape(ty))
}

/// A type without schema ids (ids may derive from captions a rewrite respells).
fn shape(ty: &Type) -> String {
    match ty {
        Type::Ref { .. } => "object".into(),
        Type::Array { items } => format!("array<{}>", shape(items)),
        Type::Map { values } => format!("map<{}>", shape(values)),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn members(
    ty: &Type,
    at: &str,
    schemas: &BTreeMap<&str, &Schema>,
    seen: &mut BTreeSet<String>,
    f: &mut Facts,
    depth: usize,
) {
    match ty {
        Type::Array { items } => members(items, &format!("{at}[]"), schemas, seen, f, depth),
        Type::Map { values } => members(values, &format!("{at}{{}}"), schemas, seen, f, depth),
        Type::Ref { schema } => {
            let Some(s) = schemas.get(schema.as_str()) else {
                return;
            };
            if depth >= MAX_DEPTH || !seen.insert(schema.clone()) {
                return;
            }
            for m in &s.fields {
                let key = format!("{at}.{}", m.name);
                f.insert(key.clone(), field_value(&m.ty, m.required));
                members(&m.ty, &key, schemas, seen, f, depth + 1);
            }
            seen.remove(schema);
        }
        _ => {}
    }
}
