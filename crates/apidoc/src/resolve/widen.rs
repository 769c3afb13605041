//! Types the page's own examples settle, so that the values the page shows decode: an
//! `Integer` field the examples show a value too large for 32 bits in (`start_time | Int`
//! with `1532001446987`, milliseconds) is `Long`; a bare `Array` whose examples hold strings
//! is an array of strings; a field typed only `Object` whose examples give a list of objects
//! (`versions | Object | API版本信息列表`) is a list of them. The page says both things; the
//! example says which one holds. A named type (`IpGroup object`) is not overruled.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::diag::Sink;
use crate::ir::{Operation, Type};

/// Whether a JSON value is an integer outside `i32`.
fn too_big(v: &Value) -> bool {
    v.as_i64()
        .map(|i| i32::try_from(i).is_err())
        .or_else(|| v.as_u64().map(|_| true))
        .unwrap_or(false)
}

/// Collects (schema id, field name) of integer fields that `v` holds values too big for.
#[allow(clippy::too_many_arguments)]
fn walk(
    op: &Operation,
    by_id: &HashMap<&str, usize>,
    ty: &Type,
    v: &Value,
    depth: usize,
    out: &mut BTreeSet<(String, String)>,
    strings: &mut BTreeSet<(String, String)>,
    lists: &mut BTreeSet<(String, String)>,
) {
    if depth > 32 {
        return;
    }
    match (ty, v) {
        (Type::Ref { schema }, Value::Object(map)) => {
            let Some(&k) = by_id.get(schema.as_str()) else {
                return;
            };
            for f in &op.schemas[k].fields {
                let Some(x) = map.get(&f.name) else { continue };
                match &f.ty {
                    Type::Integer if too_big(x) => {
                        out.insert((schema.clone(), f.name.clone()));
                    }
                    // A single object the examples show as a list of objects
                    // (`versions | Object | API版本信息列表` over `"versions": [{…}]`).
                    Type::Ref { schema: inner }
                        if x.as_array()
                            .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object)) =>
                    {
                        lists.insert((schema.clone(), f.name.clone()));
                        for e in x.as_array().into_iter().flatten() {
                            walk(
                                op,
                                by_id,
                                &Type::Ref {
                                    schema: inner.clone(),
                                },
                                e,
                                depth + 1,
                                out,
                                strings,
                                lists,
                            );
                        }
                    }
                    // A map of objects whose examples give each key a list of them
                    // (`addresses | Object | Map<String, Object>` over
                    // `"addresses": {"net": [{…}]}`).
                    Type::Map { values } if list_valued(x) => {
                        lists.insert((schema.clone(), f.name.clone()));
                        let elements = x.as_object().into_iter().flat_map(|m| m.values());
                        for e in elements.filter_map(Value::as_array).flatten() {
                            walk(op, by_id, values, e, depth + 1, out, strings, lists);
                        }
                    }
                    Type::Array { items } if **items == Type::Any => {
                        if x.as_array()
                            .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string))
                        {
                            strings.insert((schema.clone(), f.name.clone()));
                        }
                    }
                    Type::Array { items } if **items == Type::Integer => {
                        if x.as_array().is_some_and(|a| a.iter().any(too_big)) {
                            out.insert((schema.clone(), f.name.clone()));
                        }
                    }
                    other => walk(op, by_id, other, x, depth + 1, out, strings, lists),
                }
            }
        }
        (Type::Array { items }, Value::Array(a)) => {
            for x in a {
                walk(op, by_id, items, x, depth + 1, out, strings, lists);
            }
        }
        (Type::Map { values }, Value::Object(m)) => {
            for x in m.values() {
                walk(op, by_id, values, x, depth + 1, out, strings, lists);
            }
        }
        _ => {}
    }
}

/// Whether a map's example gives every key a non-empty list of objects.
fn list_valued(x: &Value) -> bool {
    x.as_object().is_some_and(|m| {
        !m.is_empty()
            && m.values().all(|v| {
                v.as_array()
                    .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object))
            })
    })
}

/// `clusters objects`: a named type in the plural, without `Array of`. The plural says "a
/// list" as the examples do, so the two agree and the name does not outweigh them.
fn names_many(type_text: &str) -> bool {
    let t = type_text.trim().to_ascii_lowercase();
    t.strip_suffix(" objects")
        .is_some_and(|name| !name.trim().is_empty() && !name.contains(' '))
}

/// Widens to `Long` every `Integer` field an example of the page shows a 64-bit value for.
pub(super) fn widen_integers(op: &mut Operation, sink: &mut Sink) {
    let by_id: HashMap<&str, usize> = op
        .schemas
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut found = BTreeSet::new();
    let mut strings = BTreeSet::new();
    let mut lists = BTreeSet::new();
    for r in &op.responses {
        let Some(body) = &r.body else { continue };
        for ex in &r.examples {
            if let Some(v) = &ex.json {
                walk(op, &by_id, body, v, 0, &mut found, &mut strings, &mut lists);
            }
        }
    }
    if let Some(body) = &op.request_body {
        for ex in &op.request_examples {
            if let Some(v) = &ex.json {
                walk(
                    op,
                    &by_id,
                    &body.ty,
                    v,
                    0,
                    &mut found,
                    &mut strings,
                    &mut lists,
                );
            }
        }
    }
    drop(by_id);
    // An `Array` the page gives no element type for, whose examples hold strings.
    for (schema, name) in strings {
        if let Some(f) = op
            .schemas
            .iter_mut()
            .find(|s| s.id == schema)
            .and_then(|s| s.fields.iter_mut().find(|f| f.name == name))
        {
            f.ty = Type::Array {
                items: Box::new(Type::String),
            };
        }
    }
    // An object the examples show only as lists of objects is a list of them.
    for (schema, name) in lists {
        if let Some(f) = op
            .schemas
            .iter_mut()
            .find(|s| s.id == schema)
            .and_then(|s| s.fields.iter_mut().find(|f| f.name == name))
        {
            // Only where the type says no more than "an object": a named type
            // (`IpGroup object`) outweighs an example that lists it.
            let vague = matches!(
                f.type_text.trim().to_ascii_lowercase().as_str(),
                "object" | "objects" | "json" | "对象"
            ) || crate::types::is_dict_word(&f.type_text)
                || names_many(&f.type_text)
                // A scalar word the row's own table overruled says nothing of how many.
                || matches!(
                    crate::types::parse(&f.type_text),
                    Ok(crate::types::TypeExpr::Prim(_))
                );
            if let (Type::Map { values }, true) = (&f.ty, vague) {
                if matches!(**values, Type::Ref { .. }) {
                    f.ty = Type::Map {
                        values: Box::new(Type::Array {
                            items: values.clone(),
                        }),
                    };
                    sink.warning(
                        &f.source,
                        format!(
                            "`{name}` is documented as a map of objects but the page's examples give each key a list of them; read as a map of lists"
                        ),
                    );
                }
            } else if let (Type::Ref { .. }, true) = (&f.ty, vague) {
                f.ty = Type::Array {
                    items: Box::new(f.ty.clone()),
                };
                sink.warning(
                    &f.source,
                    format!(
                        "`{name}` is documented as one object (`{}`) but the page's examples give a list of them; read as a list",
                        f.type_text
                    ),
                );
            }
        }
    }
    for (schema, name) in found {
        let Some(s) = op.schemas.iter_mut().find(|s| s.id == schema) else {
            continue;
        };
        let Some(f) = s.fields.iter_mut().find(|f| f.name == name) else {
            continue;
        };
        f.ty = match &f.ty {
            Type::Array { .. } => Type::Array {
                items: Box::new(Type::Long),
            },
            _ => Type::Long,
        };
        sink.warning(
            &f.source,
            format!(
                "`{name}` is documented as `{}` but an example of the page holds a value beyond 32 bits; read as Long",
                f.type_text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::names_many;

    #[test]
    fn plural_type_words() {
        assert!(names_many("clusters objects"));
        assert!(names_many(" Node Objects "));
        assert!(!names_many("cluster object"));
        assert!(!names_many("objects"));
        assert!(!names_many("Array of cluster objects"));
    }
}
