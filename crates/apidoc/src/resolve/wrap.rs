//! A body table that describes the object the body is wrapped in: `**表 2** tag字段数据结构
//! 说明` (`key`, `value`) with the example `{"tag": {"key": "DEV", "value": "DEV1"}}`. The
//! caption names the member the example wraps the table's fields in, so the body is
//! `{tag: {key, value}}`, as both the caption and the example say.

use std::collections::HashMap;

use serde_json::Value;

use crate::diag::Sink;
use crate::ir::{Operation, Schema, Type};

/// The object under the single key `key` of an example, when that is all the example is.
fn wrapped<'v>(v: &'v Value, key: &str) -> Option<&'v serde_json::Map<String, Value>> {
    let m = v.as_object()?;
    if m.len() != 1 {
        return None;
    }
    m.get(key)?.as_object()
}

/// Wraps root schema `id` (captioned `key`) when the examples wrap it.
fn wrap(op: &mut Operation, id: &str, key: &str, examples: &[&Value], sink: &mut Sink) {
    let Some(k) = op.schemas.iter().position(|s| s.id == id) else {
        return;
    };
    let root = &op.schemas[k];
    if root.fields.iter().any(|f| f.name == key) || examples.is_empty() {
        return;
    }
    let names: Vec<&str> = root.fields.iter().map(|f| f.name.as_str()).collect();
    // Every example wraps, and what it wraps is made of the table's fields.
    let fits = examples.iter().all(|v| {
        wrapped(v, key).is_some_and(|inner| inner.keys().all(|k| names.contains(&k.as_str())))
    });
    if !fits {
        return;
    }
    let mut inner_id = format!("{id}_{key}");
    while op.schemas.iter().any(|s| s.id == inner_id) {
        inner_id.push('_');
    }
    let mut inner = op.schemas[k].clone();
    inner.id = inner_id.clone();
    inner.name = key.to_owned();
    let outer = Schema {
        id: id.to_owned(),
        name: op.schemas[k].name.clone(),
        side: inner.side,
        fields: vec![super::plain_field(
            key,
            Some(true),
            Type::Ref { schema: inner_id },
            &inner.source,
        )],
        source: inner.source.clone(),
    };
    sink.warning(
        &inner.source,
        format!(
            "the table describes the `{key}` its caption names, and the page's examples wrap the body in `{key}`; the body is read as {{\"{key}\": …}}"
        ),
    );
    op.schemas[k] = outer;
    op.schemas.insert(k + 1, inner);
}

/// Wraps the request body and the response bodies whose tables are captioned with a member
/// name the examples wrap them in. `captions` maps root schema ids to their caption keys.
pub(super) fn wrap_bodies(op: &mut Operation, captions: &HashMap<String, String>, sink: &mut Sink) {
    if let Some(Type::Ref { schema }) = op.request_body.as_ref().map(|b| b.ty.clone()) {
        if let Some(key) = captions.get(&schema) {
            let examples: Vec<Value> = op
                .request_examples
                .iter()
                .filter_map(|e| e.json.clone())
                .collect();
            let refs: Vec<&Value> = examples.iter().collect();
            wrap(op, &schema, key, &refs, sink);
        }
    }
    let bodies: Vec<(String, Vec<Value>)> = op
        .responses
        .iter()
        .filter_map(|r| match &r.body {
            Some(Type::Ref { schema }) => Some((
                schema.clone(),
                r.examples.iter().filter_map(|e| e.json.clone()).collect(),
            )),
            _ => None,
        })
        .collect();
    for (schema, examples) in bodies {
        if let Some(key) = captions.get(&schema) {
            let refs: Vec<&Value> = examples.iter().collect();
            wrap(op, &schema, key, &refs, sink);
        }
    }
}
