//! The elements of a query filter documented only as a list. Filter pages often write a
//! multi-value filter as `monitor_port | Array | 支持多值查询，查询条件格式：monitor_port=xxx&…`:
//! the type cell says "a list" and not of what. A filter narrows what the operation returns
//! (or acts on) by one of its members, and the page documents that member with its type in
//! the response or request tables (`monitor_port | Integer | 健康检查端口号`). When every
//! member of that name on the operation agrees on one scalar type, the filter's elements
//! have it; otherwise they stay strings, as every query value travels.

use crate::diag::Sink;
use crate::ir::{Location, Operation, Type};
use crate::types::{self, TypeExpr};

/// Whether a type cell says "a list" and nothing about its elements (`Array`, `List`, `数组`).
fn bare_list(type_text: &str) -> bool {
    matches!(
        types::parse(type_text),
        Ok(TypeExpr::Array(inner)) if matches!(*inner, TypeExpr::Object { name: None })
    )
}

/// The scalar an object member documents: itself, or the elements of a list of them.
fn scalar_of(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Array { items } => scalar_of(items),
        Type::Ref { .. } | Type::Map { .. } | Type::Any => None,
        scalar => Some(scalar),
    }
}

/// The one scalar type every member named `name` on the operation documents, if they agree.
fn member_scalar<'a>(op: &'a Operation, name: &str) -> Option<&'a Type> {
    let mut found: Option<&Type> = None;
    for f in op.schemas.iter().flat_map(|s| &s.fields) {
        if f.name != name {
            continue;
        }
        let t = scalar_of(&f.ty)?;
        match found {
            Some(seen) if seen != t => return None,
            _ => found = Some(t),
        }
    }
    found
}

/// Types the elements of bare-list query filters from the members they filter by.
pub(super) fn filter_items(op: &mut Operation, sink: &mut Sink) {
    let mut settled = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        let listed_strings =
            matches!(&p.field.ty, Type::Array { items } if **items == Type::String);
        if p.location != Location::Query || !listed_strings || !bare_list(&p.field.type_text) {
            continue;
        }
        if let Some(t) = member_scalar(op, &p.field.name).filter(|t| **t != Type::String) {
            settled.push((i, t.clone()));
        }
    }
    for (i, t) in settled {
        let p = &mut op.parameters[i];
        sink.warning(
            &p.field.source,
            format!(
                "query filter `{}` is typed only `{}`; its elements are read as the {:?} the operation's member of that name documents",
                p.field.name, p.field.type_text, t
            ),
        );
        p.field.ty = Type::Array { items: Box::new(t) };
    }
}
