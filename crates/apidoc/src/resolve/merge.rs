//! Passes over the finished operation: identical tables repeated per status become one
//! schema, and a body documented as a one-row `[数组元素]` table becomes the array it is.

use std::collections::HashMap;

use crate::ir::{Field, Operation, Schema, Side, Type};

fn strip_dup_suffix(name: &str) -> &str {
    match name.rsplit_once('_') {
        Some((base, n))
            if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => name,
    }
}

/// What two fields are compared on: everything but where they were documented. Destructured
/// in full so that a new `Field` member cannot be left out unnoticed.
#[allow(clippy::type_complexity)]
fn comparable(
    f: &Field,
) -> (
    &String,
    &Option<bool>,
    &Type,
    &String,
    &String,
    &Vec<String>,
    &crate::ir::Constraints,
) {
    let Field {
        name,
        required,
        ty,
        type_text,
        description,
        enum_values,
        constraints,
        source: _,
    } = f;
    (
        name,
        required,
        ty,
        type_text,
        description,
        enum_values,
        constraints,
    )
}

/// Field equality ignoring where the fields were documented.
fn same_fields(a: &[Field], b: &[Field]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| comparable(x) == comparable(y))
}

/// A hashable stand-in for [`same_fields`]: equal fields give equal fingerprints.
fn fingerprint(fields: &[Field]) -> String {
    let view: Vec<_> = fields.iter().map(comparable).collect();
    serde_json::to_string(&view).unwrap_or_default()
}

fn rewrite(ty: &mut Type, map: &HashMap<String, String>) {
    match ty {
        Type::Ref { schema } => {
            if let Some(to) = map.get(schema) {
                *schema = to.clone();
            }
        }
        Type::Array { items } => rewrite(items, map),
        Type::Map { values } => rewrite(values, map),
        _ => {}
    }
}

/// The documentation tool repeats an identical table per status (`ErrorResponse`,
/// `ErrorResponse_1`, ...); those are one type. Tables that differ stay apart.
pub(super) fn merge_duplicates(op: &mut Operation) {
    let mut map: HashMap<String, String> = HashMap::new();
    let mut kept: Vec<Schema> = Vec::new();
    // Kept schemas by side, base name and fingerprint: a schema is compared only with those
    // that can equal it, not with every schema kept so far.
    let mut buckets: HashMap<(Side, String, String), Vec<usize>> = HashMap::new();
    for s in std::mem::take(&mut op.schemas) {
        let key = (
            s.side,
            strip_dup_suffix(&s.name).to_owned(),
            fingerprint(&s.fields),
        );
        let bucket = buckets.entry(key).or_default();
        let same = bucket
            .iter()
            .copied()
            .find(|&k| same_fields(&kept[k].fields, &s.fields));
        match same {
            Some(k) => {
                map.insert(s.id.clone(), kept[k].id.clone());
            }
            None => {
                bucket.push(kept.len());
                kept.push(s);
            }
        }
    }
    // A merged schema may itself have been referenced through another merged one.
    for s in &mut kept {
        for f in &mut s.fields {
            rewrite(&mut f.ty, &map);
        }
    }
    op.schemas = kept;
    for p in &mut op.parameters {
        rewrite(&mut p.field.ty, &map);
    }
    if let Some(b) = &mut op.request_body {
        rewrite(&mut b.ty, &map);
    }
    for r in &mut op.responses {
        if let Some(b) = &mut r.body {
            rewrite(b, &map);
        }
    }
}

/// The documentation tool writes a body that is a bare JSON array as a table with one row
/// named like `[数组元素]`: the body is that row's type, not an object holding it.
pub(super) fn unwrap_array_bodies(op: &mut Operation) {
    let element_row = |id: &str| -> Option<Type> {
        let s = op.schemas.iter().find(|s| s.id == id)?;
        match s.fields.as_slice() {
            [f] if f.name.starts_with('[') && f.name.ends_with(']') => Some(f.ty.clone()),
            _ => None,
        }
    };
    let mut unwrapped = Vec::new();
    let mut unwrap = |ty: &mut Type| {
        if let Type::Ref { schema } = ty {
            if let Some(inner) = element_row(schema) {
                unwrapped.push(schema.clone());
                *ty = inner;
            }
        }
    };
    if let Some(b) = &mut op.request_body {
        unwrap(&mut b.ty);
    }
    for r in &mut op.responses {
        if let Some(b) = &mut r.body {
            unwrap(b);
        }
    }
    op.schemas.retain(|s| !unwrapped.contains(&s.id));
}
