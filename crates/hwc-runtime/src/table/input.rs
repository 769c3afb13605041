//! The JSON entry point's input: KooCLI's `--cli-jsonInput` layout checked against the
//! table, then taken apart parameter by parameter by the generated code, which deserialises
//! each value into the typed request's field.
//!
//! Checks, in order: the layout (an object with `path`, `query`, `header`, `body`); every
//! name against the table (an unknown name is an error listing the valid ones); every value
//! against its documented type, strictly (`"10"` is not an integer); required parameters
//! and body members; then serde, into the generated types; and last, that nothing given was
//! left out of the typed request (a member its type does not know would otherwise vanish).

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Location, Member, Operation, Ty};

/// What is wrong with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// The input is not an object of `path`/`query`/`header`/`body`, or a location is not
    /// an object.
    Layout,
    /// No operation has this id.
    UnknownOperation,
    /// The operation exists but its cargo feature is not enabled in this build.
    NotCompiled,
    /// No parameter or member has this name.
    UnknownName,
    /// A required parameter or member is missing.
    Missing,
    /// A value does not have the documented type.
    WrongType,
}

/// An input the operation cannot take. Names the parameter (`query.limit`,
/// `body.servers[0].id`) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// What is wrong.
    pub kind: InputErrorKind,
    /// The parameter or member, as `location.name` (`body.a.b[1]`), or the operation id.
    pub parameter: String,
    /// What was expected there.
    pub expected: String,
    /// The names valid where an unknown one was given (for "did you mean").
    pub candidates: Vec<&'static str>,
}

impl InputError {
    pub(crate) fn new(
        kind: InputErrorKind,
        parameter: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        InputError {
            kind,
            parameter: parameter.into(),
            expected: expected.into(),
            candidates: Vec::new(),
        }
    }

    /// No operation `id` in `operations`.
    pub fn unknown_operation(id: &str, operations: &'static [Operation]) -> Self {
        let mut e = InputError::new(InputErrorKind::UnknownOperation, id, "an operation id");
        e.candidates = operations.iter().map(|o| o.id).collect();
        e
    }

    /// Operation `op` is documented but not compiled into this build.
    pub fn not_compiled(op: &Operation) -> Self {
        let expected = match op.feature {
            Some(f) => format!("a build with the cargo feature `{f}`"),
            None => "a build that includes it".to_owned(),
        };
        InputError::new(InputErrorKind::NotCompiled, op.id, expected)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.parameter;
        let x = &self.expected;
        match self.kind {
            InputErrorKind::Layout => write!(f, "`{p}`: expected {x}"),
            InputErrorKind::UnknownOperation => write!(f, "no operation `{p}`"),
            InputErrorKind::NotCompiled => write!(f, "operation `{p}` needs {x}"),
            InputErrorKind::UnknownName => write!(f, "unknown parameter `{p}`: expected {x}"),
            InputErrorKind::Missing => write!(f, "missing required parameter `{p}` ({x})"),
            InputErrorKind::WrongType => write!(f, "parameter `{p}`: expected {x}"),
        }
    }
}

impl std::error::Error for InputError {}

/// What the generated `call` can fail with: the input, or the call itself.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// The input does not fit the operation.
    Input(InputError),
    /// The call failed before a response arrived (network, credentials, configuration).
    Call(crate::Error),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Input(e) => e.fmt(f),
            CallError::Call(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Input(e) => Some(e),
            CallError::Call(e) => Some(e),
        }
    }
}

impl From<InputError> for CallError {
    fn from(e: InputError) -> Self {
        CallError::Input(e)
    }
}

impl From<crate::Error> for CallError {
    fn from(e: crate::Error) -> Self {
        CallError::Call(e)
    }
}

/// An input checked against one operation, taken apart by the generated code.
#[derive(Debug)]
pub struct Input {
    op: &'static Operation,
    path: Map<String, Value>,
    query: Map<String, Value>,
    header: Map<String, Value>,
    body: Option<Value>,
}

const LOCATIONS: [&str; 4] = ["path", "query", "header", "body"];

impl Input {
    /// Checks `input` (`{"path":{…},"query":{…},"header":{…},"body":…}`) against `op`.
    pub fn new(op: &'static Operation, input: Value) -> Result<Self, InputError> {
        let Value::Object(top) = input else {
            return Err(InputError::new(
                InputErrorKind::Layout,
                "input",
                "an object with `path`, `query`, `header` or `body`",
            ));
        };
        let mut this = Input {
            op,
            path: Map::new(),
            query: Map::new(),
            header: Map::new(),
            body: None,
        };
        for (key, value) in top {
            match key.as_str() {
                "path" => this.path = location_map(Location::Path, value, op)?,
                "query" => this.query = location_map(Location::Query, value, op)?,
                "header" => this.header = location_map(Location::Header, value, op)?,
                "body" => this.body = Some(value),
                "formData" | "cookie" => {
                    return Err(InputError::new(
                        InputErrorKind::Layout,
                        key,
                        "`path`, `query`, `header` or `body`: this client sends JSON bodies only",
                    ));
                }
                _ => {
                    let mut e = InputError::new(
                        InputErrorKind::UnknownName,
                        key,
                        "`path`, `query`, `header` or `body`",
                    );
                    e.candidates = LOCATIONS.to_vec();
                    return Err(e);
                }
            }
        }
        this.check_required()?;
        this.check_body()?;
        Ok(this)
    }

    fn map(&mut self, location: Location) -> &mut Map<String, Value> {
        match location {
            Location::Path => &mut self.path,
            Location::Query => &mut self.query,
            Location::Header => &mut self.header,
        }
    }

    fn check_required(&self) -> Result<(), InputError> {
        for p in self.op.params {
            if !p.member.required || p.client_filled {
                continue;
            }
            let map = match p.location {
                Location::Path => &self.path,
                Location::Query => &self.query,
                Location::Header => &self.header,
            };
            if !map.contains_key(p.member.name) {
                return Err(InputError::new(
                    InputErrorKind::Missing,
                    format!("{}.{}", p.location, p.member.name),
                    p.member.ty.name(),
                ));
            }
        }
        Ok(())
    }

    fn check_body(&mut self) -> Result<(), InputError> {
        match (&self.op.body, &self.body) {
            (None, Some(_)) => Err(InputError::new(
                InputErrorKind::UnknownName,
                "body",
                format!("no body: {} takes none", self.op.id),
            )),
            (None, None) => Ok(()),
            (Some(b), Some(v)) => check_value(&b.ty, v, "body"),
            (Some(b), None) => match b.ty {
                // A body whose members are all optional may be left out.
                Ty::Object(_) if !b.required => {
                    check_value(&b.ty, &Value::Object(Map::new()), "body")
                }
                _ => Err(InputError::new(
                    InputErrorKind::Missing,
                    "body",
                    b.ty.name(),
                )),
            },
        }
    }

    /// Takes required parameter `name` as the request field's type.
    pub fn required<T: DeserializeOwned + Serialize>(
        &mut self,
        location: Location,
        name: &str,
    ) -> Result<T, InputError> {
        self.optional(location, name)?.ok_or_else(|| {
            let ty = self
                .op
                .param(location, name)
                .map_or_else(|| "a value".to_owned(), |p| p.member.ty.name());
            InputError::new(InputErrorKind::Missing, format!("{location}.{name}"), ty)
        })
    }

    /// Takes optional parameter `name` as the request field's type.
    pub fn optional<T: DeserializeOwned + Serialize>(
        &mut self,
        location: Location,
        name: &str,
    ) -> Result<Option<T>, InputError> {
        let Some(v) = self.map(location).remove(name) else {
            return Ok(None);
        };
        let ty = self.op.param(location, name).map(|p| p.member.ty);
        typed(v, &format!("{location}.{name}"), ty.as_ref()).map(Some)
    }

    /// Takes the body as the request's body type (`{}` when none was given).
    pub fn body<T: DeserializeOwned + Serialize>(&mut self) -> Result<T, InputError> {
        let v = self
            .body
            .clone()
            .unwrap_or_else(|| Value::Object(Map::new()));
        typed(v, "body", self.op.body.as_ref().map(|b| &b.ty))
    }

    /// Finishes `request`: the client-filled path parameters given explicitly
    /// (`project_id`) go in, and a request built without an input body goes without one.
    /// A value no field took is an error rather than silently lost.
    pub fn finish(mut self, mut request: crate::Request) -> Result<crate::Request, InputError> {
        for p in self.op.params.iter().filter(|p| p.client_filled) {
            if let Some(v) = self.map(p.location).remove(p.member.name) {
                let Value::String(s) = v else {
                    return Err(InputError::new(
                        InputErrorKind::WrongType,
                        format!("{}.{}", p.location, p.member.name),
                        "a string",
                    ));
                };
                match p.location {
                    Location::Path => request.path_param(p.member.name, &s),
                    Location::Query => request.query(p.member.name, s),
                    Location::Header => request.header(p.member.name, s),
                }
            }
        }
        for location in [Location::Path, Location::Query, Location::Header] {
            if let Some(name) = self.map(location).keys().next() {
                return Err(InputError::new(
                    InputErrorKind::UnknownName,
                    format!("{location}.{name}"),
                    "a parameter the typed request has",
                ));
            }
        }
        if self.body.is_none() {
            request.body = None;
        }
        Ok(request)
    }
}

/// A location's object, every name and value checked against the table.
fn location_map(
    location: Location,
    value: Value,
    op: &'static Operation,
) -> Result<Map<String, Value>, InputError> {
    let Value::Object(map) = value else {
        return Err(InputError::new(
            InputErrorKind::Layout,
            location.key(),
            "an object of parameter names and values",
        ));
    };
    let mut out = Map::new();
    for (name, v) in map {
        // Header names are case-insensitive; the table's spelling is the one sent.
        let param = op.params.iter().find(|p| {
            p.location == location
                && if location == Location::Header {
                    p.member.name.eq_ignore_ascii_case(&name)
                } else {
                    p.member.name == name
                }
        });
        let Some(param) = param else {
            return Err(unknown_param(location, &name, op));
        };
        let at = format!("{location}.{}", param.member.name);
        if v.is_null() {
            // An explicit `null` is "not set", as for an optional Rust field.
            continue;
        }
        check_value(&param.member.ty, &v, &at)?;
        out.insert(param.member.name.to_owned(), v);
    }
    Ok(out)
}

fn unknown_param(location: Location, name: &str, op: &Operation) -> InputError {
    let elsewhere = op
        .params
        .iter()
        .find(|p| p.member.name == name && p.location != location);
    let expected = match elsewhere {
        Some(p) => format!("`{name}` is a {} parameter of {}", p.location, op.id),
        None => format!("a {location} parameter of {}", op.id),
    };
    let mut e = InputError::new(
        InputErrorKind::UnknownName,
        format!("{location}.{name}"),
        expected,
    );
    e.candidates = op
        .params
        .iter()
        .filter(|p| p.location == location)
        .map(|p| p.member.name)
        .collect();
    e
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(ty: &Ty, v: &Value, at: &str) -> InputError {
    let mut expected = format!("{}, got {}", ty.name(), kind_of(v));
    if let Value::String(s) = v {
        // JSON quoting: the user wrote JSON or a shell word, not a Rust string.
        expected.push_str(&format!(" {}", Value::String(s.clone())));
    }
    InputError::new(InputErrorKind::WrongType, at, expected)
}

/// Checks `v` against `ty`, strictly; `at` names where it is (`body.a.b[0]`).
pub(crate) fn check_value(ty: &Ty, v: &Value, at: &str) -> Result<(), InputError> {
    let ok = match (ty, v) {
        (Ty::Any, _) => true,
        (Ty::String | Ty::Enum(_), Value::String(_)) => true,
        (Ty::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::Number, Value::Number(_)) => true,
        (Ty::Boolean, Value::Bool(_)) => true,
        (Ty::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(inner, item, &format!("{at}[{i}]"))?;
            }
            true
        }
        (Ty::Map(inner), Value::Object(m)) => {
            for (k, item) in m {
                check_value(inner, item, &format!("{at}.{k}"))?;
            }
            true
        }
        (Ty::Object(members), Value::Object(m)) => {
            check_object(members, m, at)?;
            true
        }
        _ => false,
    };
    if ok { Ok(()) } else { Err(wrong(ty, v, at)) }
}

fn check_object(members: &[Member], m: &Map<String, Value>, at: &str) -> Result<(), InputError> {
    for (k, item) in m {
        let Some(member) = members.iter().find(|x| x.name == k) else {
            let mut e = InputError::new(
                InputErrorKind::UnknownName,
                format!("{at}.{k}"),
                format!("a member of `{at}`"),
            );
            e.candidates = members.iter().map(|x| x.name).collect();
            return Err(e);
        };
        if item.is_null() && !member.required {
            continue;
        }
        check_value(&member.ty, item, &format!("{at}.{k}"))?;
    }
    for member in members.iter().filter(|x| x.required) {
        if !m.contains_key(member.name) {
            return Err(InputError::new(
                InputErrorKind::Missing,
                format!("{at}.{}", member.name),
                member.ty.name(),
            ));
        }
    }
    Ok(())
}

/// `v` as `T`, and the proof that `T` kept every member `v` gave.
fn typed<T: DeserializeOwned + Serialize>(
    v: Value,
    at: &str,
    ty: Option<&Ty>,
) -> Result<T, InputError> {
    let t: T = serde_path_to_error::deserialize(&v).map_err(|e| {
        let inner = e.path().to_string();
        let place = if inner == "." || inner.is_empty() {
            at.to_owned()
        } else {
            format!("{at}.{inner}")
        };
        let expected = match ty {
            Some(ty) => format!("{} ({})", ty.name(), e.inner()),
            None => e.inner().to_string(),
        };
        InputError::new(InputErrorKind::WrongType, place, expected)
    })?;
    let again = serde_json::to_value(&t).map_err(|e| {
        InputError::new(
            InputErrorKind::WrongType,
            at,
            format!("a serialisable value ({e})"),
        )
    })?;
    if let Some(lost) = first_lost(&v, &again, at) {
        return Err(InputError::new(
            InputErrorKind::UnknownName,
            lost,
            "a member the request type has",
        ));
    }
    Ok(t)
}

/// The first member of `given` that `kept` does not have.
fn first_lost(given: &Value, kept: &Value, at: &str) -> Option<String> {
    match (given, kept) {
        (Value::Object(g), Value::Object(k)) => g.iter().find_map(|(name, gv)| {
            let here = format!("{at}.{name}");
            match k.get(name) {
                None if gv.is_null() => None,
                None => Some(here),
                Some(kv) => first_lost(gv, kv, &here),
            }
        }),
        (Value::Array(g), Value::Array(k)) => {
            if g.len() != k.len() {
                return Some(at.to_owned());
            }
            g.iter()
                .zip(k)
                .enumerate()
                .find_map(|(i, (gv, kv))| first_lost(gv, kv, &format!("{at}[{i}]")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Body, Param};
    use crate::{Method, OperationSpec, Request};
    use serde_json::json;

    static SERVER: [Member; 2] = [
        Member::new("id", Ty::String, true, "server id"),
        Member::new("tags", Ty::Map(&Ty::String), false, ""),
    ];
    static SERVERS: Ty = Ty::Object(&SERVER);
    static BODY: [Member; 2] = [
        Member::new("servers", Ty::Array(&SERVERS), true, ""),
        Member::new("type", Ty::Enum(&["SOFT", "HARD"]), false, ""),
    ];
    static PARAMS: [Param; 3] = [
        Param::new(
            Location::Path,
            Member::new("project_id", Ty::String, true, ""),
            true,
        ),
        Param::new(
            Location::Path,
            Member::new("id", Ty::String, true, ""),
            false,
        ),
        Param::new(
            Location::Query,
            Member::new("limit", Ty::Integer, false, ""),
            false,
        ),
    ];
    static OP: Operation = Operation {
        id: "StopServers",
        summary: "",
        description: "",
        method: Method::Post,
        path: "/v1/{project_id}/servers/{id}/stop",
        params: &PARAMS,
        body: Some(Body {
            ty: Ty::Object(&BODY),
            required: true,
        }),
        paging: None,
        feature: None,
    };
    static SPEC: OperationSpec = OperationSpec::new(
        "StopServers",
        Method::Post,
        "/v1/{project_id}/servers/{id}/stop",
    );

    fn err(v: Value) -> InputError {
        Input::new(&OP, v).unwrap_err()
    }

    #[test]
    fn names_types_and_required_are_checked() {
        let e = err(json!({"path": {"id": "x"}, "query": {"limt": 1}, "body": {"servers": []}}));
        assert_eq!(e.kind, InputErrorKind::UnknownName);
        assert_eq!(e.parameter, "query.limt");
        assert_eq!(e.candidates, vec!["limit"]);

        let e =
            err(json!({"path": {"id": "x"}, "query": {"limit": "10"}, "body": {"servers": []}}));
        assert_eq!(e.kind, InputErrorKind::WrongType);
        assert_eq!(
            e.to_string(),
            "parameter `query.limit`: expected integer, got a string \"10\""
        );

        let e = err(json!({"path": {"id": "x"}, "body": {"servers": [{"tags": {}}]}}));
        assert_eq!(e.kind, InputErrorKind::Missing);
        assert_eq!(e.parameter, "body.servers[0].id");

        let e = err(json!({"body": {"servers": []}}));
        assert_eq!(e.parameter, "path.id");

        let e = err(json!({"path": {"id": "x"}, "body": {"servers": [], "kind": 1}}));
        assert_eq!(e.parameter, "body.kind");
        assert_eq!(e.candidates, vec!["servers", "type"]);

        let e = err(json!({"path": {"id": "x"}, "bdy": {}}));
        assert_eq!(e.parameter, "bdy");

        let e = err(json!({"id": "x"}));
        assert_eq!(e.kind, InputErrorKind::UnknownName);

        let e = err(json!({"path": {"id": "x"}, "query": {"id": "y"}, "body": {"servers": []}}));
        assert!(e.expected.contains("is a path parameter"), "{e}");

        let e = err(json!({"path": {"id": "x"}}));
        assert_eq!(
            (e.kind, e.parameter.as_str()),
            (InputErrorKind::Missing, "body")
        );
    }

    #[test]
    fn values_go_through_the_types_and_project_id_may_be_given() {
        let mut input = Input::new(
            &OP,
            json!({"path": {"id": "x", "project_id": "p9"}, "query": {"limit": 5},
                   "body": {"servers": [{"id": "s1"}], "type": "SOFT"}}),
        )
        .unwrap();
        let id: String = input.required(Location::Path, "id").unwrap();
        let limit: Option<i32> = input.optional(Location::Query, "limit").unwrap();
        let body: Value = input.body().unwrap();
        assert_eq!((id.as_str(), limit), ("x", Some(5)));
        let mut r = Request::new(&SPEC);
        r.json_body(&body);
        let r = input.finish(r).unwrap();
        assert!(r.path_params.contains(&("project_id", "p9".to_owned())));
        assert!(r.body.is_some());
    }

    #[test]
    fn a_value_the_type_drops_is_an_error() {
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Narrow {
            servers: Vec<Value>,
        }
        let mut input = Input::new(
            &OP,
            json!({"path": {"id": "x"}, "body": {"servers": [], "type": "HARD"}}),
        )
        .unwrap();
        let e = input.body::<Narrow>().map(|_| ()).unwrap_err();
        assert_eq!(e.parameter, "body.type");
    }

    #[test]
    fn out_of_range_numbers_name_the_parameter() {
        let mut input =
            Input::new(&OP, json!({"path": {"id": "x"}, "query": {"limit": 9999999999u64}, "body": {"servers": []}}))
                .unwrap();
        let e = input.optional::<i32>(Location::Query, "limit").unwrap_err();
        assert_eq!(e.parameter, "query.limit");
        assert!(e.expected.starts_with("integer ("), "{e}");
    }
}
