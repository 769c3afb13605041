//! One type per shape: the objects and enums of every operation of a service, merged where
//! they are the same type, named once for the whole service.
//!
//! Identity is the name the page gives a type (after [`crate::model::owned_name`]) together
//! with its shape: wire names, required-ness and member types, recursively. Two objects with
//! the same name and shape are one type wherever they appear; the same name with another
//! shape is another type, named after what holds it when several operations share it
//! (`ServerSecurityGroup` beside `SecurityGroup`), else after the one operation that uses it
//! (`CreateInstanceResourceTag` beside `ResourceTag`). A shape under two different names stays two types: a `Flavor` and a
//! `Vpc` that both hold `id` and `name` mean different things.
//!
//! The shape of the type that most operations use keeps the plain name, so adding one more
//! operation with a variant of a common type does not rename the common one; a name the page
//! writes (`widget`) comes before one made singular from a plural (`widgets` → `Widget`).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{EnumModel, OpModel, RustTy, SHADOWING, StructModel};
use crate::names::Scope;

/// A struct of the service's `types` module.
#[derive(Debug, Clone)]
pub struct SharedStruct {
    /// The struct, as the first operation that uses it documents it, with service-wide names.
    pub model: StructModel,
    /// Modules of the operations that use it, in order.
    pub users: Vec<String>,
    /// Whether some request (a body or a parameter) contains it: it then gets a constructor
    /// and setters.
    pub request_side: bool,
}

/// An enum of the service's `types` module.
#[derive(Debug, Clone)]
pub struct SharedEnum {
    /// The enum, with its service-wide name.
    pub model: EnumModel,
    /// Modules of the operations that use it, in order.
    pub users: Vec<String>,
}

/// Every type of a service, each once.
#[derive(Debug, Clone, Default)]
pub struct SharedTypes {
    /// Structs, in the order operations first use them.
    pub structs: Vec<SharedStruct>,
    /// Enums, in the order operations first use them.
    pub enums: Vec<SharedEnum>,
}

/// Which of an operation's local type names are enums, and which structs.
struct Local<'a> {
    structs: BTreeMap<&'a str, &'a StructModel>,
    enums: BTreeMap<&'a str, &'a EnumModel>,
}

impl<'a> Local<'a> {
    fn of(m: &'a OpModel) -> Self {
        Local {
            structs: m.structs.iter().map(|s| (s.rust.as_str(), s)).collect(),
            enums: m.enums.iter().map(|e| (e.rust.as_str(), e)).collect(),
        }
    }

    fn enum_key(e: &EnumModel) -> String {
        let values: Vec<&str> = e.variants.iter().map(|(_, w)| w.as_str()).collect();
        format!("{}={:?}", e.base, values)
    }

    fn ty_key(&self, t: &RustTy, visiting: &mut Vec<String>) -> String {
        match t {
            RustTy::String => "s".into(),
            RustTy::I32 => "i32".into(),
            RustTy::I64 => "i64".into(),
            RustTy::F32 => "f32".into(),
            RustTy::F64 => "f64".into(),
            RustTy::Bool => "b".into(),
            RustTy::Value => "j".into(),
            RustTy::Vec(i) => format!("[{}]", self.ty_key(i, visiting)),
            RustTy::Map(i) => format!("{{{}}}", self.ty_key(i, visiting)),
            RustTy::Named(n) => {
                if let Some(e) = self.enums.get(n.as_str()) {
                    format!("E({})", Self::enum_key(e))
                } else if self.structs.contains_key(n.as_str()) {
                    format!("S({})", self.struct_key(n, visiting))
                } else {
                    format!("?{n}")
                }
            }
        }
    }

    fn struct_key(&self, name: &str, visiting: &mut Vec<String>) -> String {
        let Some(s) = self.structs.get(name) else {
            return format!("?{name}");
        };
        if visiting.iter().any(|v| v == name) {
            return format!("rec:{}", s.base);
        }
        visiting.push(name.to_owned());
        let mut k = format!("{}(", s.base);
        for f in &s.fields {
            k.push_str(&format!(
                "{}:{}{}:{};",
                f.field.name,
                if f.required { "r" } else { "o" },
                if f.boxed { "b" } else { "" },
                self.ty_key(&f.ty, visiting)
            ));
        }
        k.push(')');
        visiting.pop();
        k
    }
}

fn named_in(t: &RustTy, out: &mut Vec<String>) {
    match t {
        RustTy::Named(n) => out.push(n.clone()),
        RustTy::Vec(i) | RustTy::Map(i) => named_in(i, out),
        _ => {}
    }
}

/// Local names reachable from the request: parameters and body, through struct fields.
fn request_side(m: &OpModel) -> BTreeSet<String> {
    let mut stack = Vec::new();
    for (_, f) in &m.params {
        named_in(&f.ty, &mut stack);
    }
    if let Some(b) = &m.body {
        named_in(b, &mut stack);
    }
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some(s) = m.structs.iter().find(|s| s.rust == n) {
            for f in &s.fields {
                named_in(&f.ty, &mut stack);
            }
        }
    }
    seen
}

fn rename(t: &mut RustTy, map: &BTreeMap<String, String>) {
    match t {
        RustTy::Named(n) => {
            if let Some(new) = map.get(n) {
                *n = new.clone();
            }
        }
        RustTy::Vec(i) | RustTy::Map(i) => rename(i, map),
        _ => {}
    }
}

/// One distinct type while names are settled.
struct Entry {
    base: String,
    is_enum: bool,
    /// (operation index, local name) of its first use.
    first: (usize, String),
    users: Vec<usize>,
    request_side: bool,
    /// A response root keeps its operation's name.
    fixed: Option<String>,
    /// Named by making the page's plural name singular (one item of an array): a type the
    /// page itself names so comes first for the plain name.
    item: bool,
}

/// Merges the types of `models` and renames every use in them to the service-wide names.
pub fn share(models: &mut [OpModel]) -> SharedTypes {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    // Per operation: local name -> entry.
    let mut locals: Vec<BTreeMap<String, usize>> = Vec::new();
    for (oi, m) in models.iter().enumerate() {
        let local = Local::of(m);
        let req = request_side(m);
        let mut map = BTreeMap::new();
        let mut note =
            |key: String, base: &str, name: &str, is_enum: bool, fixed: bool, item: bool| {
                let i = *by_key.entry(key).or_insert_with(|| {
                    entries.push(Entry {
                        base: base.to_owned(),
                        is_enum,
                        first: (oi, name.to_owned()),
                        users: Vec::new(),
                        request_side: false,
                        fixed: fixed.then(|| name.to_owned()),
                        item,
                    });
                    entries.len() - 1
                });
                let e = &mut entries[i];
                if e.users.last() != Some(&oi) {
                    e.users.push(oi);
                }
                e.request_side |= req.contains(name);
                map.insert(name.to_owned(), i);
            };
        for s in &m.structs {
            let key = format!("S:{}", local.struct_key(&s.rust, &mut Vec::new()));
            let root = m.output.as_deref() == Some(s.rust.as_str());
            let page_name = crate::names::pascal(&s.schema.name);
            let item =
                page_name != s.base && s.base.ends_with(&crate::names::singular_name(&page_name));
            note(key, &s.base, &s.rust, false, root, item);
        }
        for e in &m.enums {
            note(
                format!("E:{}", Local::enum_key(e)),
                &e.base,
                &e.rust,
                true,
                false,
                false,
            );
        }
        locals.push(map);
    }

    let names = settle_names(models, &entries);

    // Rename every use, then take each type from its first user.
    for (oi, m) in models.iter_mut().enumerate() {
        let map: BTreeMap<String, String> = locals[oi]
            .iter()
            .map(|(local, &i)| (local.clone(), names[i].clone()))
            .collect();
        for (_, f) in &mut m.params {
            rename(&mut f.ty, &map);
        }
        if let Some(b) = &mut m.body {
            rename(b, &map);
        }
        if let Some(a) = &mut m.output_alias {
            rename(a, &map);
        }
        for s in &mut m.structs {
            s.rust = map.get(&s.rust).cloned().unwrap_or_else(|| s.rust.clone());
            for f in &mut s.fields {
                rename(&mut f.ty, &map);
            }
        }
        for e in &mut m.enums {
            e.rust = map.get(&e.rust).cloned().unwrap_or_else(|| e.rust.clone());
        }
        for e in &mut m.errors {
            if let Some(b) = &mut e.body {
                *b = map.get(b).cloned().unwrap_or_else(|| b.clone());
            }
        }
        if let Some(p) = &mut m.pagination {
            rename(&mut p.item_ty, &map);
            rename(&mut p.items.ty, &map);
        }
        // Two local types of one operation may now be one type.
        let mut seen = BTreeSet::new();
        m.structs.retain(|s| seen.insert(s.rust.clone()));
        let mut seen = BTreeSet::new();
        m.enums.retain(|e| seen.insert(e.rust.clone()));
    }

    let mut out = SharedTypes::default();
    for (i, e) in entries.iter().enumerate() {
        let users = e.users.iter().map(|&u| models[u].module.clone()).collect();
        let m = &models[e.first.0];
        if e.is_enum {
            if let Some(model) = m.enums.iter().find(|x| x.rust == names[i]) {
                out.enums.push(SharedEnum {
                    model: model.clone(),
                    users,
                });
            }
        } else if let Some(model) = m.structs.iter().find(|x| x.rust == names[i]) {
            out.structs.push(SharedStruct {
                model: model.clone(),
                users,
                request_side: e.request_side,
            });
        }
    }
    out
}

/// Service-wide names: the plain name for the shape most operations use, the operation's
/// name in front for the others, never a name an operation's own items or `std` use.
fn settle_names(models: &[OpModel], entries: &[Entry]) -> Vec<String> {
    let mut scope = Scope::with_reserved(SHADOWING.iter().copied());
    for m in models {
        for n in [&m.request, &m.builder, &m.error] {
            scope.claim(n, "");
        }
        if let Some(o) = &m.output {
            scope.claim(o, "");
        }
    }
    let mut names = vec![String::new(); entries.len()];
    for (i, e) in entries.iter().enumerate() {
        if let Some(fixed) = &e.fixed {
            names[i] = fixed.clone();
        }
    }
    let mut by_base: BTreeMap<(&str, bool), Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.fixed.is_none() {
            by_base
                .entry((e.base.as_str(), e.is_enum))
                .or_default()
                .push(i);
        }
    }
    // Enums and structs with one base compete for one name: structs first, as before.
    let mut order: Vec<(&(&str, bool), &Vec<usize>)> = by_base.iter().collect();
    order.sort_by_key(|((base, is_enum), group)| (*is_enum, group[0], *base));
    for (_, group) in order {
        let mut group = group.clone();
        group.sort_by_key(|&i| {
            (
                entries[i].item,
                std::cmp::Reverse(entries[i].users.len()),
                i,
            )
        });
        for (rank, &i) in group.iter().enumerate() {
            let e = &entries[i];
            let op = crate::names::pascal(&models[e.first.0].op.id);
            let by_op = if e.base.starts_with(&op) {
                e.base.clone()
            } else {
                format!("{op}{}", e.base)
            };
            let held = holder_base(&models[e.first.0], &e.first.1)
                .map(|h| format!("{h}{}", e.base))
                .filter(|n| !scope.contains(n));
            let want = if rank == 0 {
                e.base.clone()
            } else if let (true, Some(held)) = (e.users.len() > 1, held) {
                // Shared by several operations: named for what holds it (`ServerSecurityGroup`),
                // not for the first operation that used it.
                held
            } else if scope.contains(&by_op) {
                // Another shape of this name in the same operation: say where this one sits.
                format!("{}{}", parent(&models[e.first.0], &e.first.1), e.base)
            } else {
                by_op
            };
            names[i] = scope.claim(&want, "");
        }
    }
    names
}

/// The page's name (made singular) of the struct that holds the struct `local` in operation `m`, when
/// that is an object of the page and not the operation's request or response itself.
fn holder_base(m: &OpModel, local: &str) -> Option<String> {
    let holds = |t: &RustTy| {
        let mut names = Vec::new();
        named_in(t, &mut names);
        names.iter().any(|n| n == local)
    };
    let root = |s: &StructModel| {
        m.output.as_deref() == Some(s.rust.as_str())
            || m.body.as_ref().is_some_and(|b| {
                let mut names = Vec::new();
                named_in(b, &mut names);
                names.contains(&s.rust)
            })
    };
    m.structs
        .iter()
        .find(|s| s.rust != local && s.fields.iter().any(|f| holds(&f.ty)))
        .filter(|s| !root(s))
        // The page's own name for the holder: its Rust name may carry an operation's.
        .map(|s| crate::names::singular_name(&crate::names::pascal(&s.schema.name)))
}

/// The local name of whatever holds the struct `local` in operation `m`: another struct, or
/// the request.
fn parent(m: &OpModel, local: &str) -> String {
    let holds = |t: &RustTy| {
        let mut names = Vec::new();
        named_in(t, &mut names);
        names.iter().any(|n| n == local)
    };
    m.structs
        .iter()
        .find(|s| s.rust != local && s.fields.iter().any(|f| holds(&f.ty)))
        .map(|s| s.rust.clone())
        .unwrap_or_else(|| m.request.clone())
}
