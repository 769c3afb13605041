//! `--skeleton`: KooCLI's two-part input template. Part one is a `--cli-jsonInput` file with
//! every parameter and member present and every leaf `""` (lists of one element, free maps
//! as `{"": ""}`); after a dashed line, part two mirrors it with each leaf described
//! (`Required`, `ParamType`, `Usage`, `EnumValue`). `--cli-jsonInput` reads such a file up to
//! the dashed line, so part two need not be deleted; unfilled leaves must be.

use hwc_runtime::table::{Location, Member, Operation, Ty};
use serde_json::{Map, Value, json};

use crate::help::type_text;
use crate::params::SKELETON_SEPARATOR;

const MAX_DEPTH: usize = 8;

/// The skeleton file's text.
pub fn text(op: &Operation) -> String {
    let (fill, describe) = parts(op);
    let mut s = serde_json::to_string_pretty(&fill).unwrap_or_default();
    s.push('\n');
    s.push_str(SKELETON_SEPARATOR);
    s.push_str(" delete this line and everything below it, and every parameter left \"\" above, before using the file with --cli-jsonInput -----\n");
    s.push_str(&serde_json::to_string_pretty(&describe).unwrap_or_default());
    s.push('\n');
    s
}

fn parts(op: &Operation) -> (Value, Value) {
    let mut fill = Map::new();
    let mut describe = Map::new();
    for loc in [Location::Path, Location::Query, Location::Header] {
        let params: Vec<&Member> = op
            .params
            .iter()
            .filter(|p| p.location == loc && !p.client_filled)
            .map(|p| &p.member)
            .collect();
        if params.is_empty() {
            continue;
        }
        let mut f = Map::new();
        let mut d = Map::new();
        for m in params {
            f.insert(m.name.to_owned(), leaf_fill(&m.ty, 0));
            d.insert(m.name.to_owned(), leaf_describe(m, &m.ty, 0));
        }
        fill.insert(loc.key().to_owned(), Value::Object(f));
        describe.insert(loc.key().to_owned(), Value::Object(d));
    }
    if let Some(body) = op.body {
        let m = Member::new("body", body.ty, body.required, "the request body");
        fill.insert("body".into(), leaf_fill(&body.ty, 0));
        describe.insert("body".into(), leaf_describe(&m, &body.ty, 0));
    }
    (Value::Object(fill), Value::Object(describe))
}

fn leaf_fill(ty: &Ty, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::String(String::new());
    }
    match ty {
        Ty::Object(members) => Value::Object(
            members
                .iter()
                .map(|m| (m.name.to_owned(), leaf_fill(&m.ty, depth + 1)))
                .collect(),
        ),
        Ty::Array(inner) => Value::Array(vec![leaf_fill(inner, depth + 1)]),
        Ty::Map(inner) => json!({ "": leaf_fill(inner, depth + 1) }),
        _ => Value::String(String::new()),
    }
}

fn leaf_describe(m: &Member, ty: &Ty, depth: usize) -> Value {
    if depth <= MAX_DEPTH {
        match ty {
            Ty::Object(members) => {
                return Value::Object(
                    members
                        .iter()
                        .map(|x| (x.name.to_owned(), leaf_describe(x, &x.ty, depth + 1)))
                        .collect(),
                );
            }
            Ty::Array(inner) if !inner.is_scalar() => {
                return Value::Array(vec![leaf_describe(m, inner, depth + 1)]);
            }
            Ty::Map(inner) if !inner.is_scalar() => {
                return json!({ "": leaf_describe(m, inner, depth + 1) });
            }
            _ => {}
        }
    }
    let values: Vec<&str> = match ty {
        Ty::Enum(v) => v.to_vec(),
        Ty::Array(Ty::Enum(v)) | Ty::Map(Ty::Enum(v)) => v.to_vec(),
        _ => Vec::new(),
    };
    json!({
        "Required": m.required,
        "ParamType": type_text(ty),
        "Usage": m.description,
        "EnumValue": values,
    })
}
