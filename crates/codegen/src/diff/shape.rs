//! Types, statuses and constraints as the comparison sees them: shapes that match across
//! templates, and the words a change's detail uses for them.

use std::collections::BTreeMap;

use apidoc::ir::{Constraints, Field, Operation, Response, Schema, Type};

use super::text::{normalise, quote};

pub(super) fn status_words(description: &str) -> String {
    if description.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", quote(description))
    }
}

/// Every documented status: the response sections and the 状态码 table, with the table's
/// description where it has one.
pub(super) fn statuses(op: &Operation) -> BTreeMap<u16, (Option<&Response>, &str)> {
    let mut out: BTreeMap<u16, (Option<&Response>, &str)> = BTreeMap::new();
    for r in &op.responses {
        out.insert(r.status, (Some(r), r.description.as_str()));
    }
    for s in &op.status_codes {
        let e = out.entry(s.code).or_insert((None, ""));
        if !s.description.trim().is_empty() {
            e.1 = s.description.as_str();
        }
    }
    out
}

/// What the generated `send` returns, in the generator's terms: a type or `()`, wrapped in
/// `Option` when a success status has no body.
pub(super) fn output_shape(m: &crate::model::OpModel) -> (bool, bool) {
    (m.output.is_some(), !m.bodyless_success.is_empty())
}

pub(super) fn schema<'o>(op: &'o Operation, id: &str) -> Option<&'o Schema> {
    op.schemas.iter().find(|s| s.id == id)
}

/// Whether two types have one shape: objects match objects (their members are compared
/// apart), arrays and maps match by element; an object without a table is free-form JSON.
pub(super) fn same_shape(o: &Type, n: &Type, old: &Operation, new: &Operation) -> bool {
    let resolved = |t: &Type, op: &Operation| match t {
        Type::Ref { schema: s } if schema(op, s).is_none() => Type::Any,
        other => other.clone(),
    };
    match (resolved(o, old), resolved(n, new)) {
        (Type::Ref { .. }, Type::Ref { .. }) => true,
        (Type::Array { items: a }, Type::Array { items: b }) => same_shape(&a, &b, old, new),
        (Type::Map { values: a }, Type::Map { values: b }) => same_shape(&a, &b, old, new),
        (a, b) => a == b,
    }
}

/// A type in words: `Array of String`, `Object (RecordsResponse)`.
fn shape_words(t: &Type, op: &Operation) -> String {
    match t {
        Type::String => "String".into(),
        Type::Integer => "Integer".into(),
        Type::Long => "Long".into(),
        Type::Float => "Float".into(),
        Type::Double => "Double".into(),
        Type::Boolean => "Boolean".into(),
        Type::Any => "free-form Object".into(),
        Type::Ref { schema: s } => match schema(op, s) {
            Some(s) => format!("Object ({})", s.name),
            None => "free-form Object".into(),
        },
        Type::Array { items } => format!("Array of {}", shape_words(items, op)),
        Type::Map { values } => format!("Map of {}", shape_words(values, op)),
    }
}

pub(super) fn type_words(f: &Field, t: &Type, op: &Operation) -> String {
    let w = shape_words(t, op);
    if f.enum_values.is_empty() {
        w
    } else {
        format!("{w}, one of {}", f.enum_values.join(", "))
    }
}

pub(super) fn body_words(t: &Type, op: &Operation) -> String {
    format!("body {}", shape_words(t, op))
}

/// The stated constraints in words (`max length 64, default 1`), `none` when there are none.
pub(super) fn constraint_words(c: &Constraints) -> String {
    let mut parts = Vec::new();
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    if let Some(v) = c.min_length {
        parts.push(format!("min length {v}"));
    }
    if let Some(v) = c.max_length {
        parts.push(format!("max length {v}"));
    }
    if let Some(v) = c.minimum {
        parts.push(format!("minimum {}", num(v)));
    }
    if let Some(v) = c.maximum {
        parts.push(format!("maximum {}", num(v)));
    }
    if let Some(v) = &c.default {
        parts.push(format!("default {}", normalise(v)));
    }
    if let Some(v) = c.min_items {
        parts.push(format!("min items {v}"));
    }
    if let Some(v) = c.max_items {
        parts.push(format!("max items {v}"));
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}
