//! Where a page's tables and its own examples disagree about a member, the example is what
//! the service sent when the page was written, so a name the tables misspell would never
//! decode. Three disagreements are settled here, each with a warning naming both sides:
//!
//! - **spelling**: the table says `traffic_mirror_session` and every example says
//!   `traffic_mirror_sessions` (or `security_group_rule` / `security_group_rules`, `tenantId` /
//!   `tenant_id`, `is_include_x` / `is_inclu_x`): the member takes the example's name.
//! - **a wrapper no example shows**: `traffic_mirror_filters | Array of Wrapper objects`, where
//!   `Wrapper` is one member `traffic_mirror_filter | TrafficMirrorFilter object`, while every
//!   example element holds the members of `TrafficMirrorFilter` itself: the elements are
//!   `TrafficMirrorFilter`.
//! - **an object the tables leave open**: `volumes | Object | 键值对，包含：reserved、limit和in_use`
//!   with no table, and examples `{"reserved": 0, "limit": -1, "in_use": 8}`: when the
//!   description names members the examples show, the object gets those members, typed by
//!   the values shown. Without that confirmation an open object stays open: a metadata map's
//!   example keys are data, not members.
//!
//! Nothing is invented: every member comes from a table or from the page's own example, and
//! nothing a table documents is dropped.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::diag::Sink;
use crate::ir::{Field, Operation, Schema, Side, Source, Type};

/// Example objects seen where each schema is expected, by schema id.
pub(super) type Seen<'v> = HashMap<String, Vec<&'v Map<String, Value>>>;

/// Deeper than any page nests; bounds the walk over hostile examples.
const MAX_DEPTH: usize = 32;

/// How many rounds of settling: a renamed member can expose examples for the schemas below
/// it, which the next round reads.
const ROUNDS: usize = 4;

fn index(op: &Operation) -> HashMap<&str, usize> {
    op.schemas
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}

/// Records, for every schema `ty` reaches, the example objects found where it is expected.
fn collect<'v>(
    op: &Operation,
    by_id: &HashMap<&str, usize>,
    ty: &Type,
    v: &'v Value,
    depth: usize,
    seen: &mut Seen<'v>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match (ty, v) {
        (Type::Ref { schema }, Value::Object(map)) => {
            let Some(&k) = by_id.get(schema.as_str()) else {
                return;
            };
            seen.entry(schema.clone()).or_default().push(map);
            for f in &op.schemas[k].fields {
                if let Some(x) = map.get(&f.name) {
                    collect(op, by_id, &f.ty, x, depth + 1, seen);
                }
            }
        }
        // A single object the example lists (settled later by `widen`), or a list the
        // example shows one element of: the elements are what the schema describes.
        (Type::Ref { .. }, Value::Array(a)) => {
            for x in a {
                collect(op, by_id, ty, x, depth + 1, seen);
            }
        }
        (Type::Array { items }, Value::Array(a)) => {
            for x in a {
                collect(op, by_id, items, x, depth + 1, seen);
            }
        }
        (Type::Array { items }, Value::Object(_)) => collect(op, by_id, items, v, depth + 1, seen),
        (Type::Map { values }, Value::Object(m)) => {
            for x in m.values() {
                collect(op, by_id, values, x, depth + 1, seen);
            }
        }
        _ => {}
    }
}

/// Every example object, by the schema it is expected to be.
pub(super) fn seen_all(op: &Operation) -> Seen<'_> {
    let by_id = index(op);
    let mut seen = Seen::new();
    for r in &op.responses {
        let Some(body) = &r.body else { continue };
        for ex in &r.examples {
            if let Some(v) = &ex.json {
                collect(op, &by_id, body, v, 0, &mut seen);
            }
        }
    }
    if let Some(body) = &op.request_body {
        for ex in &op.request_examples {
            if let Some(v) = &ex.json {
                collect(op, &by_id, &body.ty, v, 0, &mut seen);
            }
        }
    }
    seen
}

/// A name folded for comparison: case and `_`/`-` do not tell members apart.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two different spellings name the same member: the same word up to case and
/// separators, or its singular and plural. Where they differ in number, the spelling whose
/// number fits the shape wins: a list is named in the plural (`values`, not the example's
/// `value`), one object or value in the singular. `listed` is whether the member is a list.
fn same_member(table: &str, example: &str, listed: bool) -> bool {
    if table == example {
        return false;
    }
    let (a, b) = (fold(table), fold(example));
    if a.chars().count() < 3 || b.chars().count() < 3 {
        return false;
    }
    let plural = |one: &str, many: &str| {
        many.strip_suffix('s') == Some(one)
            || many.strip_suffix("es") == Some(one)
            || many
                .strip_suffix("ies")
                .zip(one.strip_suffix('y'))
                .is_some_and(|(m, o)| m == o)
    };
    a == b || (listed && plural(&a, &b)) || (!listed && plural(&b, &a)) || clipped(table, example)
}

/// Whether two names are the same words but one, which one of them clips
/// (`is_include_special_throttle` / `is_inclu_special_throttle`): a word cut short, not a
/// different word. The clipped word keeps at least five letters and the names at least two
/// words, so `port_id` / `portal_id` or `max` / `maximum` alone are not read as one member;
/// a plural (`az_codes` / `az_code`) is left to the number rule.
fn clipped(a: &str, b: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        s.split(['_', '-'])
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
    };
    let (x, y) = (split(a), split(b));
    if x.len() != y.len() || x.len() < 2 {
        return false;
    }
    let differ: Vec<(&String, &String)> = x.iter().zip(&y).filter(|(p, q)| p != q).collect();
    let [(p, q)] = differ[..] else { return false };
    let (short, long) = if p.len() < q.len() { (p, q) } else { (q, p) };
    // A plural is not a clipping: `same_member` settles number by the member's shape.
    let plural = long.strip_suffix('s') == Some(short.as_str())
        || long.strip_suffix("es") == Some(short.as_str());
    short.len() >= 5 && long.starts_with(short.as_str()) && !plural
}

/// Whether an example value could be what a field of type `ty` documents.
fn fits(op: &Operation, by_id: &HashMap<&str, usize>, ty: &Type, v: &Value) -> bool {
    match (ty, v) {
        (_, Value::Null) | (Type::Any, _) => true,
        (Type::Array { items }, Value::Array(a)) => a.iter().all(|x| fits(op, by_id, items, x)),
        (Type::Ref { schema }, Value::Object(m)) => {
            let Some(&k) = by_id.get(schema.as_str()) else {
                return false;
            };
            m.is_empty() || op.schemas[k].fields.iter().any(|f| m.contains_key(&f.name))
        }
        (Type::Map { .. }, Value::Object(_)) => true,
        (Type::String, Value::String(_)) | (Type::Boolean, Value::Bool(_)) => true,
        (Type::Integer | Type::Long, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Type::Float | Type::Double, Value::Number(_)) => true,
        _ => false,
    }
}

/// A member a table spells differently from every example: (schema, table name, example name).
fn respellings(op: &Operation, seen: &Seen<'_>) -> Vec<(String, String, String)> {
    let by_id = index(op);
    let mut out = Vec::new();
    for s in &op.schemas {
        let Some(objs) = seen.get(&s.id) else {
            continue;
        };
        let mut claimed: HashMap<&str, usize> = HashMap::new();
        let mut plans = Vec::new();
        for f in &s.fields {
            if objs.iter().any(|m| m.contains_key(&f.name)) {
                continue;
            }
            let mut cands: Vec<&str> = objs
                .iter()
                .flat_map(|m| m.keys())
                .map(String::as_str)
                .filter(|k| !s.fields.iter().any(|g| g.name == *k))
                .filter(|k| same_member(&f.name, k, matches!(f.ty, Type::Array { .. })))
                .collect();
            cands.sort_unstable();
            cands.dedup();
            let [k] = cands[..] else { continue };
            let shown = objs.iter().filter_map(|m| m.get(k));
            if shown.clone().all(|v| fits(op, &by_id, &f.ty, v)) {
                *claimed.entry(k).or_default() += 1;
                plans.push((f.name.clone(), k));
            }
        }
        for (from, to) in plans {
            // Two table members that both look like the example's one: neither is renamed.
            if claimed.get(to) == Some(&1) {
                out.push((s.id.clone(), from, to.to_owned()));
            }
        }
    }
    out
}

/// Whether a body is schema `id` itself or a list of it.
fn is_body_root(op: &Operation, id: &str) -> bool {
    let root = |t: &Type| match t {
        Type::Ref { schema } => schema == id,
        Type::Array { items } => matches!(&**items, Type::Ref { schema } if schema == id),
        _ => false,
    };
    op.request_body.as_ref().is_some_and(|b| root(&b.ty))
        || op
            .responses
            .iter()
            .any(|r| r.body.as_ref().is_some_and(root))
}

/// A one-member wrapper schema no example shows, whose examples are the wrapped object
/// itself: (wrapper id, wrapped id). A body's own wrapper (`{"routetable": {…}}`) is the
/// house style of these APIs, and an example that leaves it out is the slip, so only a
/// wrapper inside the body is settled by the examples.
fn unwrappings(op: &Operation, seen: &Seen<'_>) -> Vec<(String, String)> {
    let by_id = index(op);
    let mut out = Vec::new();
    for w in &op.schemas {
        if is_body_root(op, &w.id) {
            continue;
        }
        let [g] = &w.fields[..] else { continue };
        let Type::Ref { schema: inner } = &g.ty else {
            continue;
        };
        let Some(&x) = by_id.get(inner.as_str()) else {
            continue;
        };
        let Some(objs) = seen.get(&w.id) else {
            continue;
        };
        let members = &op.schemas[x].fields;
        let is_inner = |m: &&Map<String, Value>| {
            let known = m
                .keys()
                .filter(|k| members.iter().any(|f| &f.name == *k))
                .count();
            !m.contains_key(&g.name) && known >= 2 && known * 2 >= m.len()
        };
        if !objs.is_empty() && objs.iter().all(is_inner) && inner != &w.id {
            out.push((w.id.clone(), inner.clone()));
        }
    }
    out
}

/// Whether a key is a member name, not data (`in_use`, `tenantId`, `ecs:performancetype`;
/// not `10.0.0.1`, `a b` or a UUID).
pub(super) fn member_like(k: &str) -> bool {
    let mut cs = k.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':'))
        && !looks_like_id(k)
}

/// A 32-hex id or a UUID used as a key: data.
fn looks_like_id(k: &str) -> bool {
    let hex: String = k.chars().filter(|c| *c != '-').collect();
    hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether `text` names `word` as a word of its own (`in_use` in `包含：reserved、in_use`).
pub(super) fn names_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The example objects a field typed only "an object" holds: the values themselves, or the
/// elements of a list of them.
fn open_objects<'v>(f: &Field, objs: &[&'v Map<String, Value>]) -> Vec<&'v Map<String, Value>> {
    let mut out = Vec::new();
    for m in objs {
        match m.get(&f.name) {
            Some(Value::Object(o)) => out.push(o),
            Some(Value::Array(a)) => out.extend(a.iter().filter_map(Value::as_object)),
            _ => {}
        }
    }
    out
}

/// A field typed only "an object" (or a list of them) and the example objects it holds.
struct Opening<O> {
    schema: String,
    field: String,
    objs: Vec<O>,
}

/// Fields typed only "an object" (or a list of them) whose description names members their
/// examples show.
fn openings<'v>(op: &Operation, seen: &Seen<'v>) -> Vec<Opening<&'v Map<String, Value>>> {
    let mut out = Vec::new();
    for s in &op.schemas {
        let Some(objs) = seen.get(&s.id) else {
            continue;
        };
        for f in &s.fields {
            let open = match &f.ty {
                Type::Any => true,
                Type::Array { items } => **items == Type::Any,
                _ => false,
            };
            if !open {
                continue;
            }
            let shown = open_objects(f, objs);
            let keys: Vec<&String> = shown.iter().flat_map(|m| m.keys()).collect();
            if keys.is_empty() || !keys.iter().all(|k| member_like(k)) {
                continue;
            }
            if keys.iter().any(|k| names_word(&f.description, k)) {
                out.push(Opening {
                    schema: s.id.clone(),
                    field: f.name.clone(),
                    objs: shown,
                });
            }
        }
    }
    out
}

/// Builds schemas for what example objects show, returning the type of the value.
pub(super) struct Builder<'a> {
    pub(super) schemas: &'a mut Vec<Schema>,
    pub(super) side: Side,
    pub(super) source: Source,
}

impl Builder<'_> {
    pub(super) fn fresh_id(&self, base: &str) -> String {
        let mut id = base.to_owned();
        while self.schemas.iter().any(|s| s.id == id) {
            id.push('_');
        }
        id
    }

    /// One schema whose members are the union of the objects' keys, in first-seen order.
    fn object(
        &mut self,
        id_base: &str,
        name: &str,
        objs: &[&Map<String, Value>],
        depth: usize,
    ) -> Type {
        let mut order: Vec<&str> = Vec::new();
        let mut values: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for m in objs {
            for (k, v) in m.iter() {
                if !values.contains_key(k.as_str()) {
                    order.push(k);
                }
                values.entry(k).or_default().push(v);
            }
        }
        let id = self.fresh_id(id_base);
        // Reserve the id before the members, which may nest schemas of their own.
        self.schemas.push(Schema {
            id: id.clone(),
            name: name.to_owned(),
            side: self.side,
            fields: Vec::new(),
            source: self.source.clone(),
        });
        let mut fields = Vec::new();
        for k in order {
            let ty = self.value(&format!("{id}.{k}"), k, &values[k], depth + 1);
            let mut f = super::plain_field(k, None, ty, &self.source);
            f.description = "Shown in the page's example; no table describes it.".to_owned();
            fields.push(f);
        }
        if let Some(s) = self.schemas.iter_mut().find(|s| s.id == id) {
            s.fields = fields;
        }
        Type::Ref { schema: id }
    }

    /// The type the example values of one member show; `Any` where they disagree or say
    /// nothing (`null`, `[]`).
    pub(super) fn value(&mut self, id_base: &str, name: &str, vs: &[&Value], depth: usize) -> Type {
        let vs: Vec<&Value> = vs.iter().copied().filter(|v| !v.is_null()).collect();
        let Some(first) = vs.first() else {
            return Type::Any;
        };
        if depth > MAX_DEPTH {
            return Type::Any;
        }
        let same_kind = |pred: fn(&Value) -> bool| vs.iter().all(|v| pred(v));
        match first {
            Value::String(_) if same_kind(Value::is_string) => Type::String,
            Value::Bool(_) if same_kind(Value::is_boolean) => Type::Boolean,
            Value::Number(_) if same_kind(|v| v.is_i64() || v.is_u64()) => {
                if vs
                    .iter()
                    .any(|v| v.as_i64().is_none_or(|i| i32::try_from(i).is_err()))
                {
                    Type::Long
                } else {
                    Type::Integer
                }
            }
            Value::Number(_) if same_kind(Value::is_number) => Type::Double,
            Value::Array(_) if same_kind(Value::is_array) => {
                let items: Vec<&Value> = vs
                    .iter()
                    .flat_map(|v| v.as_array().into_iter().flatten())
                    .collect();
                Type::Array {
                    items: Box::new(self.value(id_base, name, &items, depth + 1)),
                }
            }
            Value::Object(_) if same_kind(Value::is_object) => {
                let objs: Vec<&Map<String, Value>> =
                    vs.iter().filter_map(|v| v.as_object()).collect();
                if objs.iter().all(|m| m.keys().all(|k| member_like(k)))
                    && objs.iter().any(|m| !m.is_empty())
                {
                    self.object(id_base, name, &objs, depth)
                } else {
                    Type::Any
                }
            }
            _ => Type::Any,
        }
    }
}

/// Replaces every `Ref from` inside `ty` with `Ref to`.
fn retarget(ty: &mut Type, from: &str, to: &str) {
    match ty {
        Type::Ref { schema } if schema == from => *schema = to.to_owned(),
        Type::Array { items } => retarget(items, from, to),
        Type::Map { values } => retarget(values, from, to),
        _ => {}
    }
}

fn field_mut<'a>(op: &'a mut Operation, schema: &str, name: &str) -> Option<&'a mut Field> {
    op.schemas
        .iter_mut()
        .find(|s| s.id == schema)?
        .fields
        .iter_mut()
        .find(|f| f.name == name)
}

/// Settles the disagreements this module describes, warning at each.
/// A success body documented as one object whose every example is an array of such objects
/// (`[{"trigger_id": …}, …]`): the table describes the elements, so the body is an array of
/// them. At least half of the elements' keys must be members of the table, and no example
/// may be an object.
fn array_roots(op: &mut Operation, sink: &mut Sink) {
    for i in 0..op.responses.len() {
        let r = &op.responses[i];
        let Some(Type::Ref { schema }) = &r.body else {
            continue;
        };
        if !(200..300).contains(&r.status) {
            continue;
        }
        let Some(s) = op.schemas.iter().find(|s| s.id == *schema) else {
            continue;
        };
        let examples: Vec<&Value> = r.examples.iter().filter_map(|e| e.json.as_ref()).collect();
        let elements_fit = |v: &Value| {
            let Value::Array(items) = v else { return false };
            !items.is_empty()
                && items.iter().all(|item| {
                    let Value::Object(o) = item else { return false };
                    let known = o
                        .keys()
                        .filter(|k| s.fields.iter().any(|f| f.name == **k))
                        .count();
                    known > 0 && known * 2 >= o.len()
                })
        };
        if examples.is_empty() || !examples.iter().all(|v| elements_fit(v)) {
            continue;
        }
        let schema = schema.clone();
        let source = r.examples[0].source.clone();
        sink.warning(
            &source,
            format!(
                "the {} response example is an array of the objects its table describes; the body is read as an array of them",
                r.status
            ),
        );
        op.responses[i].body = Some(Type::Array {
            items: Box::new(Type::Ref { schema }),
        });
    }
}

pub(super) fn reconcile(op: &mut Operation, sink: &mut Sink) {
    array_roots(op, sink);
    for _ in 0..ROUNDS {
        let seen = seen_all(op);
        let renames = respellings(op, &seen);
        let unwraps = unwrappings(op, &seen);
        // Owned copies: the examples live in `op`, which the openings below change.
        let opens: Vec<Opening<Map<String, Value>>> = openings(op, &seen)
            .into_iter()
            .map(|o| Opening {
                schema: o.schema,
                field: o.field,
                objs: o.objs.into_iter().cloned().collect(),
            })
            .collect();
        drop(seen);
        if renames.is_empty() && unwraps.is_empty() && opens.is_empty() {
            return;
        }
        for (schema, from, to) in renames {
            if let Some(f) = field_mut(op, &schema, &from) {
                sink.warning(
                    &f.source,
                    format!(
                        "the table names this member `{from}` but every example of the page names it `{to}`; the example's name is used"
                    ),
                );
                f.name = to;
            }
        }
        for (wrapper, inner) in unwraps {
            let Some(w) = op.schemas.iter().find(|s| s.id == wrapper) else {
                continue;
            };
            sink.warning(
                &w.source,
                format!(
                    "the table `{}` wraps its object in `{}`, but no example of the page does; the examples' elements are read as that object",
                    w.name, w.fields[0].name
                ),
            );
            for s in &mut op.schemas {
                for f in &mut s.fields {
                    retarget(&mut f.ty, &wrapper, &inner);
                }
            }
            if let Some(b) = &mut op.request_body {
                retarget(&mut b.ty, &wrapper, &inner);
            }
            for r in &mut op.responses {
                if let Some(b) = &mut r.body {
                    retarget(b, &wrapper, &inner);
                }
            }
        }
        for Opening {
            schema,
            field: name,
            objs,
        } in opens
        {
            let Some(s) = op.schemas.iter().find(|s| s.id == schema) else {
                continue;
            };
            let side = s.side;
            let Some(f) = s.fields.iter().find(|f| f.name == name) else {
                continue;
            };
            let source = f.source.clone();
            let listed = matches!(f.ty, Type::Array { .. });
            let mut b = Builder {
                schemas: &mut op.schemas,
                side,
                source: source.clone(),
            };
            let refs: Vec<&Map<String, Value>> = objs.iter().collect();
            let inner = b.object(&format!("{schema}.{name}"), &name, &refs, 0);
            if let Some(f) = field_mut(op, &schema, &name) {
                f.ty = if listed {
                    Type::Array {
                        items: Box::new(inner),
                    }
                } else {
                    inner
                };
            }
            sink.warning(
                &source,
                format!(
                    "`{name}` is documented only as an object whose description names members the page's examples show; its members are read from the examples"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_member() {
        assert!(same_member(
            "traffic_mirror_session",
            "traffic_mirror_sessions",
            true
        ));
        assert!(same_member(
            "security_group_rule",
            "security_group_rules",
            true
        ));
        assert!(same_member("policy", "policies", true));
        assert!(same_member("security_groups", "security_group", false));
        assert!(same_member("tenantId", "tenant_id", false));
        // A list keeps its plural even when an example drops it.
        assert!(!same_member("values", "value", true));
        assert!(!same_member("rule", "rules", false));
        assert!(!same_member("id", "ids", true));
        assert!(!same_member("name", "names_list", true));
        assert!(!same_member("status", "status", false));
        // One word cut short; not a plural, a short word, or a different word.
        assert!(same_member("is_include_extra", "is_inclu_extra", false));
        assert!(same_member(
            "maximum_retry_count",
            "maxim_retry_count",
            false
        ));
        assert!(!same_member("az_codes", "az_code", true));
        assert!(!same_member("port_id", "portal_id", false));
        assert!(!same_member("maximum", "max", false));
    }

    #[test]
    fn member_names_and_data() {
        assert!(member_like("in_use"));
        assert!(member_like("ecs:performancetype"));
        assert!(!member_like("10.0.0.1"));
        assert!(!member_like("a b"));
        assert!(!member_like("6c9e1d6b-4b8b-4f5e-9c68-2d4b5f7a8e90"));
        assert!(names_word(
            "包含：reserved（预留）、limit和in_use",
            "in_use"
        ));
        assert!(!names_word("use it", "us"));
    }
}
