//! One OpenAPI operation for an endpoint several pages document.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::JSON;

/// One operation for several pages that document the same method and path (ECS
/// `POST .../action` with `os-start`, `os-stop`, `reboot` bodies): OpenAPI holds one
/// operation per method and path, so the endpoint is written as what it is, one operation
/// whose request body is one of the pages' bodies (`oneOf`, each titled with its operation
/// id), whose responses are one of theirs where they differ, and whose parameters are those
/// of every page (required only where every page requires them). `x-operations` lists the
/// pages' own operation ids, summaries and pages; the first (an API-Explorer page, else a
/// page whose id the docs give, else by id) names the operation.
pub(super) fn merge_operations(ops: Vec<Value>) -> Value {
    let id = |o: &Value| o["operationId"].as_str().unwrap_or_default().to_owned();
    let mut out = Map::new();
    out.insert("operationId".into(), json!(id(&ops[0])));
    let summaries: Vec<&str> = ops.iter().filter_map(|o| o["summary"].as_str()).collect();
    out.insert("summary".into(), json!(summaries.join(" / ")));
    // One endpoint is deprecated when every page on it is.
    if ops.iter().all(|o| o["deprecated"] == json!(true)) {
        out.insert("deprecated".into(), json!(true));
    }
    out.insert(
        "description".into(),
        json!(format!(
            "One endpoint, {} operations told apart by the request body: {}.",
            ops.len(),
            ops.iter().map(id).collect::<Vec<_>>().join(", ")
        )),
    );
    // Parameters: the union, in first-seen order; required where every page requires it.
    let mut params: Vec<Value> = Vec::new();
    for o in &ops {
        for p in o["parameters"].as_array().into_iter().flatten() {
            let same = |q: &Value| q["name"] == p["name"] && q["in"] == p["in"];
            if params.iter().any(same) {
                continue;
            }
            let mut p = p.clone();
            // A constant each page writes into its request line (`action_id=stop`, `=start`)
            // is one of them.
            let consts: Vec<Value> = ops
                .iter()
                .filter_map(|o| {
                    o["parameters"]
                        .as_array()?
                        .iter()
                        .find(|q| same(q))?
                        .get("schema")?
                        .get("const")
                        .cloned()
                })
                .collect();
            if consts.len() > 1 && consts.iter().any(|c| *c != consts[0]) {
                let mut distinct: Vec<Value> = Vec::new();
                for c in consts {
                    if !distinct.contains(&c) {
                        distinct.push(c);
                    }
                }
                p["schema"] = json!({"type": "string", "enum": distinct});
            }
            let everywhere = ops.iter().all(|o| {
                o["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|q| same(q) && q["required"] == json!(true)))
            });
            if let Some(m) = p.as_object_mut() {
                m.insert(
                    "required".into(),
                    json!(everywhere || m["in"] == json!("path")),
                );
            }
            params.push(p);
        }
    }
    if !params.is_empty() {
        out.insert("parameters".into(), Value::Array(params));
    }
    // Request body: one of the pages' bodies.
    let bodies: Vec<(String, &Value)> = ops
        .iter()
        .filter_map(|o| {
            o["requestBody"]["content"][JSON]["schema"]
                .as_object()
                .map(|_| (id(o), &o["requestBody"]["content"][JSON]["schema"]))
        })
        .collect();
    if !bodies.is_empty() {
        let one_of: Vec<Value> = bodies
            .iter()
            .map(|(op_id, schema)| {
                let mut s = schema.as_object().cloned().unwrap_or_default();
                s.insert("title".into(), json!(op_id));
                Value::Object(s)
            })
            .collect();
        let mut examples = Map::new();
        for o in &ops {
            if let Some(ex) = o["requestBody"]["content"][JSON]["examples"].as_object() {
                for (k, v) in ex {
                    examples.insert(format!("{}-{k}", id(o)), v.clone());
                }
            }
        }
        let mut media_obj = Map::new();
        media_obj.insert("schema".into(), json!({"oneOf": one_of}));
        if !examples.is_empty() {
            media_obj.insert("examples".into(), Value::Object(examples));
        }
        out.insert(
            "requestBody".into(),
            json!({"required": bodies.len() == ops.len(), "content": {JSON: media_obj}}),
        );
    }
    // Responses: per status, one of the pages' schemas where they differ.
    let mut codes: BTreeSet<String> = BTreeSet::new();
    for o in &ops {
        if let Some(r) = o["responses"].as_object() {
            codes.extend(r.keys().cloned());
        }
    }
    let mut responses = Map::new();
    for code in codes {
        let all: Vec<&Value> = ops
            .iter()
            .filter_map(|o| o["responses"].get(&code))
            .collect();
        let mut schemas: Vec<Value> = Vec::new();
        for r in &all {
            if let Some(s) = r["content"][JSON].get("schema") {
                if !schemas.contains(s) {
                    schemas.push(s.clone());
                }
            }
        }
        let mut r = all[0].as_object().cloned().unwrap_or_default();
        if schemas.len() > 1 {
            r.insert(
                "content".into(),
                json!({JSON: {"schema": {"oneOf": schemas}}}),
            );
        } else if let (Some(s), None) = (schemas.first(), r.get("content")) {
            r.insert("content".into(), json!({JSON: {"schema": s}}));
        }
        responses.insert(code, Value::Object(r));
    }
    if !responses.is_empty() {
        out.insert("responses".into(), Value::Object(responses));
    }
    let listed: Vec<Value> = ops
        .iter()
        .map(|o| json!({"operationId": o["operationId"], "summary": o["summary"], "x-page": o["x-page"]}))
        .collect();
    out.insert("x-operations".into(), Value::Array(listed));
    Value::Object(out)
}
