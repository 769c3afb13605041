//! A map whose keys the page names is an object. `routes | Map<String,Array<route>>` whose
//! description defines its keys one by one (`add：新增路由条目`, `mod：修改路由信息`,
//! `del：删除路由条目`) and whose examples show exactly such keys (`"routes": {"add": […],
//! "del": […]}`) does not take any key: it has those members, each holding what the map
//! holds. Both signals are needed: a tags map's example keys (`"key1": "value1"`) are data,
//! and a description may mention words that no example uses as keys. A map keyed by the
//! values of an enumeration (`ACCESS_DENIED`, `DEFAULT_4XX`, each defined in the description)
//! stays a map.
//!
//! Only keys both the description defines and an example shows become members; nothing is
//! invented, and the value type stays the table's.

use serde_json::Value;

use super::reconcile::{Seen, member_like, seen_all};
use crate::diag::Sink;
use crate::ir::{Field, Operation, Schema, Type};

/// A map field to turn into an object: its schema, its name and the member keys in the order
/// the examples show them.
struct Named {
    schema: String,
    field: String,
    keys: Vec<String>,
}

/// The byte offset just past `word` where `text` defines it as a term: a whole word, not
/// quoted, followed (after spaces) by a full-width or ASCII colon (`add：新增`, `- del: 删除`).
fn definition_of(text: &str, word: &str) -> Option<usize> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).find_map(|(i, _)| {
        let before = text[..i].chars().next_back();
        let rest = &text[i + word.len()..];
        let after = rest.chars().next();
        if before.is_some_and(|c| ident(c) || matches!(c, '"' | '\'' | '`'))
            || after.is_some_and(ident)
        {
            return None;
        }
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let colon = trimmed.chars().next().filter(|c| matches!(c, '：' | ':'))?;
        Some(text.len() - trimmed.len() + colon.len_utf8())
    })
}

/// What the description says about one key: the text after its definition's colon, up to the
/// end of the line or the next key's definition.
fn meaning(text: &str, key: &str, keys: &[String]) -> String {
    let Some(start) = definition_of(text, key) else {
        return String::new();
    };
    let rest = &text[start..];
    let mut end = rest.find('\n').unwrap_or(rest.len());
    for other in keys.iter().filter(|k| *k != key) {
        if let Some(at) = definition_of(rest, other) {
            // Back to the start of the other key's word.
            let word_start = rest[..at].rfind(other.as_str()).unwrap_or(at);
            end = end.min(word_start);
        }
    }
    rest[..end]
        .trim()
        .trim_end_matches(['-', '，', ',', '；', ';'])
        .trim()
        .to_owned()
}

/// The keys of the example objects found at `field` of the objects in `objs`, in first-seen
/// order; `None` when some example holds something other than an object there.
fn shown_keys(objs: &[&serde_json::Map<String, Value>], field: &str) -> Option<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    for m in objs {
        match m.get(field) {
            Some(Value::Object(o)) => {
                for k in o.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            None | Some(Value::Null) => {}
            Some(_) => return None,
        }
    }
    Some(keys)
}

/// An all-capitals key (`ACCESS_DENIED`, `DEFAULT_4XX`) is a value of an enumeration the
/// map is keyed by, not a member name: members of these APIs are written in lower case.
fn is_constant(k: &str) -> bool {
    k.chars().any(|c| c.is_ascii_alphabetic()) && !k.chars().any(|c| c.is_ascii_lowercase())
}

fn candidates(op: &Operation, seen: &Seen<'_>) -> Vec<Named> {
    let mut out = Vec::new();
    for s in &op.schemas {
        let Some(objs) = seen.get(&s.id) else {
            continue;
        };
        for f in &s.fields {
            if !matches!(f.ty, Type::Map { .. }) {
                continue;
            }
            let Some(keys) = shown_keys(objs, &f.name) else {
                continue;
            };
            let defined = |k: &String| {
                member_like(k) && !is_constant(k) && definition_of(&f.description, k).is_some()
            };
            if keys.len() >= 2 && keys.iter().all(defined) {
                out.push(Named {
                    schema: s.id.clone(),
                    field: f.name.clone(),
                    keys,
                });
            }
        }
    }
    out
}

/// Turns every map whose description defines the keys its examples show into an object with
/// those members, warning at each.
pub(super) fn named_key_maps(op: &mut Operation, sink: &mut Sink) {
    let found = candidates(op, &seen_all(op));
    for Named {
        schema,
        field,
        keys,
    } in found
    {
        let Some(s) = op.schemas.iter().find(|s| s.id == schema) else {
            continue;
        };
        let side = s.side;
        let Some(f) = s.fields.iter().find(|f| f.name == field) else {
            continue;
        };
        let Type::Map { values } = &f.ty else {
            continue;
        };
        let fields: Vec<Field> = keys
            .iter()
            .map(|k| {
                let mut m = super::plain_field(k, None, (**values).clone(), &f.source);
                m.description = meaning(&f.description, k, &keys);
                m
            })
            .collect();
        let source = f.source.clone();
        let mut id = format!("{schema}.{field}");
        while op.schemas.iter().any(|s| s.id == id) {
            id.push('_');
        }
        op.schemas.push(Schema {
            id: id.clone(),
            name: field.clone(),
            side,
            fields,
            source: source.clone(),
        });
        if let Some(f) = op
            .schemas
            .iter_mut()
            .find(|s| s.id == schema)
            .and_then(|s| s.fields.iter_mut().find(|f| f.name == field))
        {
            f.ty = Type::Ref { schema: id };
        }
        sink.warning(
            &source,
            format!(
                "`{field}` is documented as a map, but its description defines the keys its examples show ({}); it is read as an object with those members",
                keys.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_of_keys() {
        let text = "- 动作：\n  - add：新增路由条目\n  - del: 删除路由条目";
        assert!(definition_of(text, "add").is_some());
        assert!(definition_of(text, "del").is_some());
        assert!(definition_of(text, "mod").is_none());
        // Quoted keys of a JSON sample are data, not definitions.
        assert!(definition_of(r#"如{"key1":"value1"}"#, "key1").is_none());
        // Part of a longer word is not the key.
        assert!(definition_of("address：地址", "add").is_none());
    }

    #[test]
    fn meanings_stop_at_the_next_key() {
        let keys = vec!["add".to_owned(), "del".to_owned()];
        let text = "动作：add：新增，del：删除";
        assert_eq!(meaning(text, "add", &keys), "新增");
        assert_eq!(meaning(text, "del", &keys), "删除");
    }
}
