//! A map whose value object is a table of fixed members, while the page's examples use those
//! very members as the map's keys (`local | Array<Map<String,Object>>` linked to a table
//! `user | group | groups`, examples `"local": [{"user": {…}, "group": {…}}]`): the keys are
//! the object's members, not data, so each value of the list is that object itself. The
//! table and the examples agree; only the `Map` word is overruled. A map whose examples key
//! it by data (`{"demo_net": [{…}]}`) or that no example shows keeps its keys.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::diag::Sink;
use crate::ir::{Operation, Type};

/// (schema id, field name) -> whether every example seen confirms the map holds members.
type Verdicts = BTreeMap<(String, String), bool>;

struct Walk<'o> {
    op: &'o Operation,
    by_id: HashMap<&'o str, usize>,
    verdicts: Verdicts,
}

impl Walk<'_> {
    fn walk(&mut self, ty: &Type, v: &Value, depth: usize) {
        if depth > 32 {
            return;
        }
        match (ty, v) {
            (Type::Ref { schema }, Value::Object(map)) => {
                let Some(&k) = self.by_id.get(schema.as_str()) else {
                    return;
                };
                let op = self.op;
                for f in &op.schemas[k].fields {
                    let Some(x) = map.get(&f.name) else { continue };
                    if let Some(ok) = self.members_as_keys(&f.ty, x, depth) {
                        let e = self
                            .verdicts
                            .entry((schema.clone(), f.name.clone()))
                            .or_insert(true);
                        *e &= ok;
                    }
                    self.walk(&f.ty, x, depth + 1);
                }
            }
            (Type::Array { items }, Value::Array(a)) => {
                for x in a {
                    self.walk(items, x, depth + 1);
                }
            }
            (Type::Map { values }, Value::Object(m)) => {
                for x in m.values() {
                    self.walk(values, x, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// For a (list of) map of a schema: whether the example's keys are all members of the
    /// schema (`None` when the type is no such map or the example says nothing).
    fn members_as_keys(&self, ty: &Type, v: &Value, depth: usize) -> Option<bool> {
        if depth > 32 {
            return None;
        }
        match (ty, v) {
            (Type::Array { items }, Value::Array(a)) => {
                let seen: Vec<bool> = a
                    .iter()
                    .filter_map(|x| self.members_as_keys(items, x, depth + 1))
                    .collect();
                (!seen.is_empty()).then(|| seen.iter().all(|b| *b))
            }
            (Type::Map { values }, Value::Object(m)) if !m.is_empty() => {
                let Type::Ref { schema } = &**values else {
                    return None;
                };
                let &k = self.by_id.get(schema.as_str())?;
                let fields = &self.op.schemas[k].fields;
                Some(m.keys().all(|key| fields.iter().any(|f| &f.name == key)))
            }
            _ => None,
        }
    }
}

/// `ty` with its (innermost) map of a schema replaced by the schema itself.
fn unmap(ty: &Type) -> Type {
    match ty {
        Type::Array { items } => Type::Array {
            items: Box::new(unmap(items)),
        },
        Type::Map { values } if matches!(**values, Type::Ref { .. }) => (**values).clone(),
        other => other.clone(),
    }
}

/// Reads as objects the maps whose examples key them by their value table's members.
pub(super) fn maps_of_members(op: &mut Operation, sink: &mut Sink) {
    let mut w = Walk {
        op,
        by_id: op
            .schemas
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect(),
        verdicts: Verdicts::new(),
    };
    for r in &op.responses {
        let Some(body) = &r.body else { continue };
        for ex in &r.examples {
            if let Some(v) = &ex.json {
                w.walk(body, v, 0);
            }
        }
    }
    if let Some(body) = &op.request_body {
        for ex in &op.request_examples {
            if let Some(v) = &ex.json {
                w.walk(&body.ty, v, 0);
            }
        }
    }
    let confirmed: Vec<(String, String)> = w
        .verdicts
        .into_iter()
        .filter_map(|(k, ok)| ok.then_some(k))
        .collect();
    for (schema, name) in confirmed {
        let Some(f) = op
            .schemas
            .iter_mut()
            .find(|s| s.id == schema)
            .and_then(|s| s.fields.iter_mut().find(|f| f.name == name))
        else {
            continue;
        };
        f.ty = unmap(&f.ty);
        sink.warning(
            &f.source,
            format!(
                "`{name}` is documented as a map (`{}`) but the page's examples key it by the members of its table; read as that object",
                f.type_text
            ),
        );
    }
}
