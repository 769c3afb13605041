//! KooCLI's parameters to the JSON entry point's input: flat API names placed by the table
//! (`--instance_id=..` goes to the path), dotted names into nested members
//! (`--datastore.type=MySQL`), 1-based indexes into lists (`--servers.1.id=..`), free keys
//! into maps (`--values.max_connections=10`), each value converted to its documented type;
//! then `--cli-jsonInput` merged with KooCLI's rule that one location comes from one source.

use std::path::Path;

use hwc_runtime::table::{Location, Operation, Ty};
use serde_json::{Map, Value};

use crate::Failure;

/// Whether `head` (the first segment of a flag) names a parameter or body member of `op`.
pub fn is_api_name(op: &Operation, head: &str) -> bool {
    op.params.iter().any(|p| p.member.name == head) || body_members(op).iter().any(|m| m == &head)
}

/// Every name a flag may start with: parameters, then the body's top-level members.
pub fn api_names(op: &Operation) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = op.params.iter().map(|p| p.member.name).collect();
    names.extend(body_members(op));
    names
}

fn body_members(op: &Operation) -> Vec<&'static str> {
    match op.body.map(|b| b.ty) {
        Some(Ty::Object(members)) => members.iter().map(|m| m.name).collect(),
        _ => Vec::new(),
    }
}

/// The input (`{"path":{…},"query":{…},"header":{…},"body":{…}}`) for `params`.
pub fn to_input(
    op: &Operation,
    params: &[(String, String)],
) -> Result<Map<String, Value>, Failure> {
    let mut input = Map::new();
    for (name, raw) in params {
        place(op, name, raw, &mut input)?;
    }
    for (key, v) in &input {
        no_holes(v, key)?;
    }
    Ok(input)
}

fn place(
    op: &Operation,
    name: &str,
    raw: &str,
    input: &mut Map<String, Value>,
) -> Result<(), Failure> {
    // A parameter whose own name has a dot is matched whole first.
    if let Some(p) = op.params.iter().find(|p| p.member.name == name) {
        let slot = location(input, p.location)
            .entry(name.to_owned())
            .or_insert(Value::Null);
        return set(slot, &p.member.ty, &[], raw, name);
    }
    let segments: Vec<&str> = name.split('.').collect();
    let (head, rest) = (segments[0], &segments[1..]);
    let in_params = op.params.iter().find(|p| p.member.name == head);
    let in_body = match op.body.map(|b| b.ty) {
        Some(Ty::Object(members)) => members.iter().find(|m| m.name == head),
        _ => None,
    };
    match (in_params, in_body) {
        (Some(p), Some(_)) => Err(Failure::Usage(format!(
            "`{head}` is both a {} parameter and a body member: give it in --cli-jsonInput",
            p.location
        ))),
        (Some(p), None) => {
            let slot = location(input, p.location)
                .entry(head.to_owned())
                .or_insert(Value::Null);
            set(slot, &p.member.ty, rest, raw, name)
        }
        (None, Some(m)) => {
            let body = input
                .entry("body")
                .or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(body) = body else {
                return Err(Failure::Usage("the body is given twice".into()));
            };
            let slot = body.entry(head.to_owned()).or_insert(Value::Null);
            set(slot, &m.ty, rest, raw, name)
        }
        (None, None) => {
            let mut valid = api_names(op);
            valid.extend(crate::args::OPTIONS.iter().map(|(o, _)| *o));
            Err(Failure::unknown("parameter", name, valid))
        }
    }
}

fn location(input: &mut Map<String, Value>, loc: Location) -> &mut Map<String, Value> {
    let v = input
        .entry(loc.key())
        .or_insert_with(|| Value::Object(Map::new()));
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

/// Writes `raw` at `rest` below `slot`, whose type is `ty`; `name` is the whole flag.
fn set(slot: &mut Value, ty: &Ty, rest: &[&str], raw: &str, name: &str) -> Result<(), Failure> {
    let Some((seg, deeper)) = rest.split_first() else {
        if !slot.is_null() {
            return Err(Failure::Usage(format!("Duplicate parameter: {name}")));
        }
        *slot = convert(raw, ty, name)?;
        return Ok(());
    };
    match ty {
        Ty::Object(members) => {
            let Some(m) = members.iter().find(|m| m.name == *seg) else {
                let mut msg = format!("unknown member `{seg}` in `--{name}`");
                if let Some(near) = crate::nearest(seg, members.iter().map(|m| m.name)) {
                    msg.push_str(&format!("; did you mean {near}?"));
                }
                return Err(Failure::Usage(msg));
            };
            set(
                object(slot, name)?
                    .entry(seg.to_string())
                    .or_insert(Value::Null),
                &m.ty,
                deeper,
                raw,
                name,
            )
        }
        Ty::Map(inner) => set(
            object(slot, name)?
                .entry(seg.to_string())
                .or_insert(Value::Null),
            inner,
            deeper,
            raw,
            name,
        ),
        Ty::Any => set(
            object(slot, name)?
                .entry(seg.to_string())
                .or_insert(Value::Null),
            &Ty::Any,
            deeper,
            raw,
            name,
        ),
        Ty::Array(inner) => {
            let index: usize = seg.parse().ok().filter(|i| *i >= 1).ok_or_else(|| {
                Failure::Usage(format!(
                    "`{name}`: `{seg}` is not a list index; lists are written name.1, name.2, ..."
                ))
            })?;
            if slot.is_null() {
                *slot = Value::Array(Vec::new());
            }
            let Value::Array(items) = slot else {
                return Err(Failure::Usage(format!("Duplicate parameter: {name}")));
            };
            if items.len() < index {
                items.resize(index, Value::Null);
            }
            set(&mut items[index - 1], inner, deeper, raw, name)
        }
        scalar => Err(Failure::Usage(format!(
            "`{name}`: the parameter before `.{seg}` is a {}, which has no members",
            scalar.name()
        ))),
    }
}

fn object<'a>(slot: &'a mut Value, name: &str) -> Result<&'a mut Map<String, Value>, Failure> {
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => Ok(m),
        _ => Err(Failure::Usage(format!("Duplicate parameter: {name}"))),
    }
}

/// `raw` as a value of type `ty`.
fn convert(raw: &str, ty: &Ty, name: &str) -> Result<Value, Failure> {
    let bad = |what: &str| Failure::Usage(format!("`--{name}={raw}`: expected {what}"));
    match ty {
        Ty::String => Ok(Value::String(raw.to_owned())),
        // The generated enums are open: a value the pages do not list still goes. One that
        // differs from a single listed value only in case is that value, as `True` is
        // `true` for a boolean: `--action=Create` sends the documented `create`.
        Ty::Enum(values) => {
            let exact = values.contains(&raw);
            let mut folded = values.iter().filter(|v| v.eq_ignore_ascii_case(raw));
            Ok(Value::String(match (exact, folded.next(), folded.next()) {
                (false, Some(v), None) => (*v).to_owned(),
                _ => raw.to_owned(),
            }))
        }
        Ty::Integer => raw
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| bad("an integer")),
        Ty::Number => serde_json::from_str::<serde_json::Number>(raw)
            .map(Value::Number)
            .map_err(|_| bad("a number")),
        Ty::Boolean => match raw.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(bad("true or false")),
        },
        Ty::Any => Ok(serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned()))),
        Ty::Object(_) | Ty::Map(_) => match serde_json::from_str(raw) {
            Ok(v @ Value::Object(_)) => Ok(v),
            _ => Err(Failure::Usage(format!(
                "map type parameter {name} has an incorrect value: expected {{}} or a JSON object, or --{name}.MEMBER=VALUE"
            ))),
        },
        Ty::Array(inner) => match serde_json::from_str(raw) {
            Ok(v @ Value::Array(_)) => Ok(v),
            // One value of a list of scalars is that list of one (`--id=ID` for ELB's
            // repeatable `id` query filter, rather than only `--id.1=ID`).
            _ if !raw.starts_with('[')
                && matches!(
                    inner,
                    Ty::String | Ty::Enum(_) | Ty::Integer | Ty::Number | Ty::Boolean
                ) =>
            {
                Ok(Value::Array(vec![convert(raw, inner, name)?]))
            }
            _ => Err(Failure::Usage(format!(
                "array type parameter {name} has an incorrect value: expected [] or a JSON array, or --{name}.1=VALUE"
            ))),
        },
    }
}

fn no_holes(v: &Value, at: &str) -> Result<(), Failure> {
    match v {
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
            if item.is_null() {
                Err(Failure::Usage(format!(
                    "`{at}.{}` is missing: list indexes start at 1 and have no gaps",
                    i + 1
                )))
            } else {
                no_holes(item, &format!("{at}.{}", i + 1))
            }
        }),
        Value::Object(m) => m
            .iter()
            .try_for_each(|(k, item)| no_holes(item, &format!("{at}.{k}"))),
        _ => Ok(()),
    }
}

/// The most a `--cli-jsonInput` file may hold (KooCLI's limit).
const MAX_JSON_INPUT: u64 = 5 * 1024 * 1024;

/// The dashed line that starts the second part of a `--skeleton` file.
pub const SKELETON_SEPARATOR: &str = "-----";

/// Reads a `--cli-jsonInput` file. A skeleton file is read up to its dashed line, so that
/// the explanation part need not be deleted.
pub fn read_json_input(path: &Path) -> Result<Map<String, Value>, Failure> {
    let shown = path.display();
    if path.extension().and_then(|e| e.to_str()) != Some("json") {
        return Err(Failure::Usage(format!(
            "--cli-jsonInput: {shown} must be a .json file"
        )));
    }
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::Usage(format!("--cli-jsonInput: cannot read {shown}: {e}")))?;
    if meta.len() > MAX_JSON_INPUT {
        return Err(Failure::Usage(format!(
            "--cli-jsonInput: {shown} is larger than 5 MB"
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("--cli-jsonInput: cannot read {shown}: {e}")))?;
    let text = match text.lines().position(|l| l.starts_with(SKELETON_SEPARATOR)) {
        Some(n) => text.lines().take(n).collect::<Vec<_>>().join("\n"),
        None => text,
    };
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Failure::Usage(format!(
            "--cli-jsonInput: {shown} must hold a JSON object"
        ))),
        Err(e) => Err(Failure::Usage(format!(
            "--cli-jsonInput: {shown} is not valid JSON: {e}"
        ))),
    }
}

/// The file's input with the command line's parameters added: a location given in both is
/// an error (KooCLI: all parameters of one location come from one source).
pub fn merge(
    mut file: Map<String, Value>,
    line: Map<String, Value>,
) -> Result<Map<String, Value>, Failure> {
    for (key, v) in line {
        if file.contains_key(&key) {
            let names: Vec<String> = match &v {
                Value::Object(m) => m.keys().cloned().collect(),
                _ => vec![key.clone()],
            };
            return Err(Failure::Usage(format!(
                "The following parameters are required: {} in --cli-jsonInput: its `{key}` and the command line cannot both give {key} parameters",
                names.join(", ")
            )));
        }
        file.insert(key, v);
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_runtime::Method;
    use hwc_runtime::table::{Body, Member, Param};
    use serde_json::json;

    static SERVER: [Member; 1] = [Member::new("id", Ty::String, true, "")];
    static SERVER_TY: Ty = Ty::Object(&SERVER);
    static STOP: [Member; 2] = [
        Member::new("servers", Ty::Array(&SERVER_TY), true, ""),
        Member::new("type", Ty::Enum(&["SOFT", "HARD"]), false, ""),
    ];
    static BODY: [Member; 4] = [
        Member::new("os-stop", Ty::Object(&STOP), true, ""),
        Member::new("values", Ty::Map(&Ty::String), false, ""),
        Member::new("count", Ty::Integer, false, ""),
        Member::new("names", Ty::Array(&Ty::String), false, ""),
    ];
    static PARAMS: [Param; 2] = [
        Param::new(
            Location::Path,
            Member::new("server_id", Ty::String, true, ""),
            false,
        ),
        Param::new(
            Location::Query,
            Member::new("dry", Ty::Boolean, false, ""),
            false,
        ),
    ];
    static OP: Operation = Operation {
        id: "BatchStopServers",
        summary: "",
        description: "",
        method: Method::Post,
        path: "/v1/servers/{server_id}/action",
        params: &PARAMS,
        body: Some(Body {
            ty: Ty::Object(&BODY),
            required: false,
        }),
        paging: None,
        feature: None,
    };

    fn input(args: &[(&str, &str)]) -> Result<Value, Failure> {
        let args: Vec<(String, String)> = args
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        to_input(&OP, &args).map(Value::Object)
    }

    #[test]
    fn one_value_of_a_list_of_scalars_is_a_list_of_one() {
        let v = input(&[("os-stop.servers.1.id", "i"), ("names", "a")]).unwrap();
        assert_eq!(v["body"]["names"], json!(["a"]));
        let v = input(&[("os-stop.servers.1.id", "i"), ("names", r#"["a","b"]"#)]).unwrap();
        assert_eq!(v["body"]["names"], json!(["a", "b"]));
        // Not for a list of objects, nor for text that starts like a list but is not one.
        assert!(input(&[("os-stop.servers", "x")]).is_err());
        assert!(input(&[("os-stop.servers.1.id", "i"), ("names", "[a")]).is_err());
    }

    #[test]
    fn enum_values_take_the_documented_case() {
        let sent = |raw: &str| input(&[("os-stop.servers.1.id", "i"), ("os-stop.type", raw)]);
        let ty = |v: Value| v["body"]["os-stop"]["type"].clone();
        assert_eq!(ty(sent("soft").unwrap()), json!("SOFT"));
        assert_eq!(ty(sent("HARD").unwrap()), json!("HARD"));
        // Open: an unlisted value goes as given.
        assert_eq!(ty(sent("gentle").unwrap()), json!("gentle"));
    }

    #[test]
    fn koocli_examples_become_the_json_input() {
        let v = input(&[
            ("server_id", "s"),
            ("dry", "TRUE"),
            ("os-stop.servers.1.id", "ID1"),
            ("os-stop.servers.2.id", "ID2"),
            ("os-stop.type", "SOFT"),
            ("values.max_connections", "10"),
            ("count", "3"),
            ("names.1", "a"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            v,
            json!({
                "path": {"server_id": "s"},
                "query": {"dry": true},
                "body": {
                    "os-stop": {"servers": [{"id": "ID1"}, {"id": "ID2"}], "type": "SOFT"},
                    "values": {"max_connections": "10"},
                    "count": 3,
                    "names": ["a"]
                }
            })
        );
    }

    #[test]
    fn empty_containers_and_errors() {
        assert_eq!(
            input(&[("os-stop.servers", "[]")]).unwrap_or_else(|e| panic!("{e}")),
            json!({"body": {"os-stop": {"servers": []}}})
        );
        let e = input(&[("count", "x")]).unwrap_err().to_string();
        assert!(e.contains("expected an integer"), "{e}");
        let e = input(&[("os-stop.servers.2.id", "x")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("os-stop.servers.1` is missing"), "{e}");
        let e = input(&[("os-stop.servers.0.id", "x")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a list index"), "{e}");
        let e = input(&[("os-stop.typ", "x")]).unwrap_err().to_string();
        assert!(e.contains("did you mean type"), "{e}");
        let e = input(&[("server_idd", "x")]).unwrap_err().to_string();
        assert!(e.contains("did you mean --server_id"), "{e}");
        let e = input(&[("values", "x")]).unwrap_err().to_string();
        assert!(
            e.contains("map type parameter values has an incorrect value"),
            "{e}"
        );
    }

    #[test]
    fn one_location_comes_from_one_source() {
        let file = json!({"body": {"count": 1}});
        let Value::Object(file) = file else {
            unreachable!()
        };
        let Value::Object(line) = json!({"query": {"dry": true}}) else {
            unreachable!()
        };
        assert!(merge(file.clone(), line).is_ok());
        let Value::Object(line) = json!({"body": {"count": 2}}) else {
            unreachable!()
        };
        assert!(merge(file, line).is_err());
    }
}
