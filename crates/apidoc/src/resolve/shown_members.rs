//! Members a success body's examples show at its top level and its table leaves out. Pages
//! often document a list body as `traffic_mirror_filters | Array of …` while every example
//! also carries `"request_id": "…"` and `"page_info": {"previous_marker": …}` beside it: the
//! example is what the service sent, so a client that drops those members loses what the page
//! shows. They are added to the body, typed by the values shown (an object's members from
//! its keys), each with a warning.
//!
//! Guards, so that an example of something else adds nothing: the example must be an object
//! that shows a member the table documents (an error body or a differently wrapped example
//! shows none; examples that read as errors are already given to error statuses), the member must be in every such example, look like a member name (not an
//! id or an address) and not be a respelling of a documented member (settled elsewhere).
//! Only the top level: below it an example's extra keys are as often stale as new.

use serde_json::{Map, Value};

use super::reconcile::{Builder, member_like};
use crate::diag::Sink;
use crate::ir::{Operation, Side, Type};

/// A name folded for comparison: case, `_`/`-` and a plural `s` do not tell members apart.
fn fold(name: &str) -> String {
    let f: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    f.strip_suffix('s').map(str::to_owned).unwrap_or(f)
}

/// The lower-cased words of a member name (`sql_id` -> `sql`, `id`; `eipAddress` -> `eip`,
/// `address`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if c == '_' || c == '-' || c == ':' || c.is_ascii_uppercase() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The top-level members every example object of one success body shows and its table
/// lacks, in first-seen order, with the example objects; `None` when an example does not
/// read as that body.
fn missing_members(documented: &[&str], examples: &[&Map<String, Value>]) -> Option<Vec<String>> {
    let reads_as_body = |m: &&Map<String, Value>| {
        let known = m
            .keys()
            .filter(|k| documented.contains(&k.as_str()))
            .count();
        known >= 1
    };
    if examples.is_empty() || !examples.iter().all(reads_as_body) {
        return None;
    }
    let folded: Vec<String> = documented.iter().map(|d| fold(d)).collect();
    // Documented members no example shows: an example key sharing a word with one of them
    // (`sql_id` for `id`, `env_id` for `id`) may be that member respelt, not a new one.
    let unshown: Vec<&str> = documented
        .iter()
        .copied()
        .filter(|d| !examples.iter().any(|m| m.contains_key(*d)))
        .collect();
    // Two names that differ in at most one word (`sql_id` / `id`, `eip_ip` / `eip_id`) may
    // be one member respelt; names that share only a word such as `name` are two members
    // (`enterprise_project_name` is not `readonly_domain_name`).
    let may_respell = |k: &str| {
        let kw = words(k);
        unshown.iter().any(|d| {
            let dw = words(d);
            let shared = dw.iter().filter(|w| kw.contains(w)).count();
            shared >= 1 && shared + 1 >= dw.len().max(kw.len())
        })
    };
    let first = examples[0];
    let keys = first
        .keys()
        .filter(|k| !documented.contains(&k.as_str()))
        .filter(|k| member_like(k) && !folded.contains(&fold(k)) && !may_respell(k))
        .filter(|k| examples.iter().all(|m| m.contains_key(k.as_str())))
        .cloned()
        .collect();
    Some(keys)
}

/// Adds to each success body the top-level members its examples show and its table lacks.
pub(super) fn shown_members(op: &mut Operation, sink: &mut Sink) {
    for i in 0..op.responses.len() {
        let r = &op.responses[i];
        if !(200..300).contains(&r.status) {
            continue;
        }
        let Some(Type::Ref { schema }) = &r.body else {
            continue;
        };
        let Some(s) = op.schemas.iter().find(|s| &s.id == schema) else {
            continue;
        };
        let documented: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        let examples: Vec<Map<String, Value>> = r
            .examples
            .iter()
            .filter_map(|e| e.json.as_ref()?.as_object().cloned())
            .collect();
        let refs: Vec<&Map<String, Value>> = examples.iter().collect();
        let Some(keys) = missing_members(&documented, &refs) else {
            continue;
        };
        if keys.is_empty() {
            continue;
        }
        let schema = schema.clone();
        let source = r.examples[0].source.clone();
        let mut b = Builder {
            schemas: &mut op.schemas,
            side: Side::Response,
            source: source.clone(),
        };
        let mut added = Vec::new();
        for k in &keys {
            let vs: Vec<&Value> = refs.iter().filter_map(|m| m.get(k)).collect();
            let ty = b.value(&format!("{schema}.{k}"), k, &vs, 1);
            let mut f = super::plain_field(k, None, ty, &source);
            f.description = "Shown in the page's example; no table describes it.".to_owned();
            added.push(f);
        }
        if let Some(s) = op.schemas.iter_mut().find(|s| s.id == schema) {
            s.fields.extend(added);
        }
        sink.warning(
            &source,
            format!(
                "every {} response example shows {} at its top level, which the body table leaves out; read from the examples",
                op.responses[i].status,
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn members_every_example_shows() {
        let a = obj(serde_json::json!({"items": [], "request_id": "x", "page_info": {}}));
        let b = obj(serde_json::json!({"items": [], "request_id": "y"}));
        assert_eq!(
            missing_members(&["items"], &[&a, &b]),
            Some(vec!["request_id".to_owned()])
        );
    }

    #[test]
    fn an_example_of_something_else_adds_nothing() {
        let err = obj(serde_json::json!({"error_code": "E1", "error_msg": "m"}));
        assert_eq!(missing_members(&["items"], &[&err]), None);
        let respelt = obj(serde_json::json!({"item": {}, "count": 1}));
        assert_eq!(
            missing_members(&["items", "count"], &[&respelt]),
            Some(vec![])
        );
        // `id` is documented and never shown; `sql_id` may be it, respelt.
        let renamed = obj(serde_json::json!({"sql_id": "1", "status": "OK"}));
        assert_eq!(
            missing_members(&["id", "status"], &[&renamed]),
            Some(vec![])
        );
        assert_eq!(words("eipAddress"), ["eip", "address"]);
    }
}
