//! Compares one operation on both sides: its parameters by location and wire name, its
//! bodies member by member at any depth, its statuses, and the words of each.

use std::collections::BTreeSet;

use apidoc::ir::{Constraints, Field, Location, Operation, Parameter, Response, Schema, Type};

use super::shape::{
    body_words, constraint_words, output_shape, same_shape, schema, status_words, statuses,
    type_words,
};

use super::text::{normalise, quote, similarity};
use super::verdict::{Facts, Side, verdicts};
use super::{Change, Kind};
use crate::model::{OpModel, RUNTIME_HEADERS};

/// How alike two descriptions must be for a removed and an added field of one type to be
/// reported as a possible rename.
const RENAME_SIMILARITY: f64 = 0.8;

/// The single change of an operation found on one side only.
pub(crate) fn whole(op: &Operation, kind: Kind) -> Change {
    let (wire, krate) = verdicts(kind, Side::Operation, Facts::default());
    let title = if op.title.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", op.title.trim())
    };
    Change {
        operation: op.id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        kind,
        location: String::new(),
        wire,
        krate,
        detail: format!("`{} {}`{title}", op.method, op.path),
        note: None,
    }
}

/// Every change between two versions of one operation.
pub(crate) fn operation(old_model: &OpModel, new_model: &OpModel) -> Vec<Change> {
    let (old, new) = (&old_model.op, &new_model.op);
    let mut w = Walker {
        old,
        new,
        outputs: (output_shape(old_model), output_shape(new_model)),
        out: Vec::new(),
        seen: BTreeSet::new(),
    };
    w.words(
        "",
        Side::Operation,
        "title",
        &old.title,
        &new.title,
        (None, None),
    );
    w.words(
        "",
        Side::Operation,
        "description",
        &old.description,
        &new.description,
        (None, None),
    );
    w.parameters();
    w.body(
        "request.body",
        Side::Request,
        old.request_body.as_ref().map(|b| &b.ty),
        new.request_body.as_ref().map(|b| &b.ty),
    );
    w.statuses();
    w.out
}

struct Walker<'a> {
    old: &'a Operation,
    new: &'a Operation,
    /// What the generated `send` returns on each side ([`output_shape`]).
    outputs: ((bool, bool), (bool, bool)),
    out: Vec<Change>,
    /// Object pairs already compared: recursive schemas end here.
    seen: BTreeSet<(String, String)>,
}

/// A field with what the generator makes of its required-ness.
#[derive(Clone, Copy)]
struct Member<'f> {
    field: &'f Field,
    /// `T` rather than `Option<T>` in the generated Rust.
    rust_required: bool,
}

fn is_runtime_header(p: &Parameter) -> bool {
    p.location == Location::Header
        && RUNTIME_HEADERS.contains(&p.field.name.to_ascii_lowercase().as_str())
}

fn location_word(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
    }
}

/// Parameters are identified by location and wire name; header names have no case.
fn param_key(p: &Parameter) -> (Location, String) {
    let name = if p.location == Location::Header {
        p.field.name.to_ascii_lowercase()
    } else {
        p.field.name.clone()
    };
    (p.location, name)
}

/// Where `{name}` sits among the path's placeholders.
fn placeholder_index(path: &str, name: &str) -> Option<usize> {
    path.split('{')
        .skip(1)
        .position(|s| s.split('}').next() == Some(name))
}

impl<'a> Walker<'a> {
    fn push(
        &mut self,
        kind: Kind,
        side: Side,
        location: String,
        facts: Facts,
        detail: String,
    ) -> usize {
        let (wire, krate) = verdicts(kind, side, facts);
        self.out.push(Change {
            operation: self.new.id.clone(),
            method: self.new.method.clone(),
            path: self.new.path.clone(),
            kind,
            location,
            wire,
            krate,
            detail,
            note: None,
        });
        self.out.len() - 1
    }

    /// A description-changed when `old` and `new` differ in words or stated constraints.
    fn words(
        &mut self,
        location: &str,
        side: Side,
        what: &str,
        old: &str,
        new: &str,
        constraints: (Option<&Constraints>, Option<&Constraints>),
    ) {
        if normalise(old) != normalise(new) {
            let detail = format!("{what}: {} → {}", quote(old), quote(new));
            self.push(
                Kind::DescriptionChanged,
                side,
                location.to_owned(),
                Facts::default(),
                detail,
            );
        }
        if let (Some(o), Some(n)) = constraints {
            let (o, n) = (constraint_words(o), constraint_words(n));
            if o != n {
                self.push(
                    Kind::DescriptionChanged,
                    side,
                    location.to_owned(),
                    Facts::default(),
                    format!("constraints: {o} → {n}"),
                );
            }
        }
    }

    fn parameters(&mut self) {
        let (old, new) = (self.old, self.new);
        let listed = |op: &'a Operation| -> Vec<&'a Parameter> {
            op.parameters
                .iter()
                .filter(|p| !is_runtime_header(p))
                .collect()
        };
        let mut olds = listed(old);
        let mut news = listed(new);
        let mut pairs = Vec::new();
        olds.retain(
            |o| match news.iter().position(|n| param_key(n) == param_key(o)) {
                Some(j) => {
                    pairs.push((*o, news.remove(j)));
                    false
                }
                None => true,
            },
        );
        // Path placeholders are positional on the wire: a renamed one is the same parameter.
        olds.retain(|o| {
            if o.location != Location::Path {
                return true;
            }
            let at = placeholder_index(&old.path, &o.field.name);
            let j = news.iter().position(|n| {
                n.location == Location::Path
                    && at.is_some()
                    && placeholder_index(&new.path, &n.field.name) == at
            });
            match j {
                Some(j) => {
                    pairs.push((*o, news.remove(j)));
                    false
                }
                None => true,
            }
        });
        let rust_required =
            |p: &Parameter| p.location == Location::Path || p.field.required == Some(true);
        for (o, n) in pairs {
            let loc = format!("request.{}.{}", location_word(n.location), n.field.name);
            let (om, nm) = (
                Member {
                    field: &o.field,
                    rust_required: rust_required(o),
                },
                Member {
                    field: &n.field,
                    rust_required: rust_required(n),
                },
            );
            self.field(&loc, Side::Request, om, nm);
        }
        // A path parameter documented on one side only is in both paths (the routes are
        // equal): the page changed, the wire did not.
        let mut added = Vec::new();
        for n in news.iter().filter(|p| p.location != Location::Path) {
            let loc = format!("request.{}.{}", location_word(n.location), n.field.name);
            let required = n.field.required == Some(true);
            let facts = Facts {
                required,
                rust_required: required,
                ..Facts::default()
            };
            let detail = format!(
                "new {} {} parameter `{}` ({})",
                if required { "required" } else { "optional" },
                location_word(n.location),
                n.field.name,
                type_words(&n.field, &n.field.ty, new)
            );
            added.push((
                self.push(Kind::ParameterAdded, Side::Request, loc, facts, detail),
                &n.field,
            ));
        }
        let mut removed = Vec::new();
        for o in olds.iter().filter(|p| p.location != Location::Path) {
            let loc = format!("request.{}.{}", location_word(o.location), o.field.name);
            let detail = format!(
                "{} parameter `{}` ({}) removed",
                location_word(o.location),
                o.field.name,
                type_words(&o.field, &o.field.ty, old)
            );
            removed.push((
                self.push(
                    Kind::ParameterRemoved,
                    Side::Request,
                    loc,
                    Facts::default(),
                    detail,
                ),
                &o.field,
            ));
        }
        self.rename_notes(&removed, &added);
    }

    /// Compares a field (or parameter) present on both sides.
    fn field(&mut self, loc: &str, side: Side, o: Member<'_>, n: Member<'_>) {
        let (of, nf) = (o.field, n.field);
        let (oreq, nreq) = (of.required == Some(true), nf.required == Some(true));
        let stated_both = of.required.is_some() && nf.required.is_some();
        if (stated_both && oreq != nreq) || o.rust_required != n.rust_required {
            let word = |r: Option<bool>| match r {
                Some(true) => "required",
                Some(false) => "optional",
                None => "not stated (optional)",
            };
            let facts = Facts {
                required: nreq,
                rust_required: o.rust_required != n.rust_required,
                ..Facts::default()
            };
            let detail = format!("{} → {}", word(of.required), word(nf.required));
            self.push(Kind::RequiredChanged, side, loc.to_owned(), facts, detail);
        }
        self.words(
            loc,
            side,
            "description",
            &of.description,
            &nf.description,
            (Some(&of.constraints), Some(&nf.constraints)),
        );
        if !same_shape(&of.ty, &nf.ty, self.old, self.new) {
            let detail = format!(
                "{} → {}",
                type_words(of, &of.ty, self.old),
                type_words(nf, &nf.ty, self.new)
            );
            let i = self.push(
                Kind::TypeChanged,
                side,
                loc.to_owned(),
                Facts::default(),
                detail,
            );
            let (ot, nt) = (normalise(&of.type_text), normalise(&nf.type_text));
            if !ot.is_empty() && ot.eq_ignore_ascii_case(&nt) {
                // The cell reads the same on both pages: only where an object's table was
                // found differs (a shared table on another page, or none). The generated
                // type changes; the documented contract does not.
                self.out[i].wire = super::Wire::Compatible;
                self.out[i].note = Some(format!(
                    "both pages write the type as `{}`; only the table the object was resolved to differs, so the generated type changes but the documented contract may not",
                    nf.type_text.trim()
                ));
            }
        } else {
            self.enum_values(loc, side, of, nf);
            self.descend(loc, side, &of.ty, &nf.ty);
        }
    }

    fn enum_values(&mut self, loc: &str, side: Side, of: &Field, nf: &Field) {
        let o: BTreeSet<&str> = of.enum_values.iter().map(String::as_str).collect();
        let n: BTreeSet<&str> = nf.enum_values.iter().map(String::as_str).collect();
        // Listing the first (or dropping the last) value turns `String` into an enum (or
        // back): say so, the verdicts are those of the value.
        let retyped = |from: &BTreeSet<&str>, to: &BTreeSet<&str>| {
            if from.is_empty() && !to.is_empty() {
                " (the field was free text)"
            } else if !from.is_empty() && to.is_empty() {
                " (the field is now free text)"
            } else {
                ""
            }
        };
        let why = retyped(&o, &n);
        let facts = Facts {
            container: !why.is_empty(),
            ..Facts::default()
        };
        for v in nf.enum_values.iter().filter(|v| !o.contains(v.as_str())) {
            let detail = format!("value `{v}` added{why}");
            self.push(Kind::EnumValueAdded, side, loc.to_owned(), facts, detail);
        }
        for v in of.enum_values.iter().filter(|v| !n.contains(v.as_str())) {
            let detail = format!("value `{v}` removed{why}");
            self.push(Kind::EnumValueRemoved, side, loc.to_owned(), facts, detail);
        }
    }

    /// Walks two types of the same shape down to their objects, which are compared member
    /// by member (`[]` after an array, `{}` after a map).
    fn descend(&mut self, loc: &str, side: Side, o: &Type, n: &Type) {
        match (o, n) {
            (Type::Ref { schema: a }, Type::Ref { schema: b }) => {
                let (os, ns) = (schema(self.old, a), schema(self.new, b));
                if os.is_some() && ns.is_some() {
                    self.object(loc, side, os, ns, false);
                }
            }
            (Type::Array { items: a }, Type::Array { items: b }) => {
                self.descend(&format!("{loc}[]"), side, a, b)
            }
            (Type::Map { values: a }, Type::Map { values: b }) => {
                self.descend(&format!("{loc}{{}}"), side, a, b)
            }
            _ => {}
        }
    }

    /// Compares two objects (either may be absent: a body documented on one side only,
    /// `container`).
    fn object(
        &mut self,
        loc: &str,
        side: Side,
        os: Option<&Schema>,
        ns: Option<&Schema>,
        container: bool,
    ) {
        let key = (
            os.map(|s| s.id.clone()).unwrap_or_default(),
            ns.map(|s| s.id.clone()).unwrap_or_default(),
        );
        if !self.seen.insert(key) {
            return;
        }
        let fields =
            |s: Option<&Schema>| -> Vec<Field> { s.map(|s| s.fields.clone()).unwrap_or_default() };
        let (ofields, nfields) = (fields(os), fields(ns));
        // The generator makes a field `T` only when its table has a 是否必选 column.
        let known = |fs: &[Field]| fs.iter().any(|f| f.required.is_some());
        let (oknown, nknown) = (known(&ofields), known(&nfields));
        fn member(f: &Field, known: bool) -> Member<'_> {
            Member {
                rust_required: known && f.required == Some(true),
                field: f,
            }
        }
        let mut added = Vec::new();
        for nf in &nfields {
            let at = format!("{loc}.{}", nf.name);
            match ofields.iter().find(|o| o.name == nf.name) {
                Some(of) => {
                    let (om, nm) = (member(of, oknown), member(nf, nknown));
                    self.field(&at, side, om, nm);
                }
                None => {
                    let required = nf.required == Some(true);
                    let facts = Facts {
                        required,
                        rust_required: nknown && required,
                        container,
                        ..Facts::default()
                    };
                    let detail = format!(
                        "new {}field `{}` ({})",
                        match (side, required) {
                            (Side::Request, true) => "required ",
                            (Side::Request, false) => "optional ",
                            _ => "",
                        },
                        nf.name,
                        type_words(nf, &nf.ty, self.new)
                    );
                    added.push((self.push(Kind::FieldAdded, side, at, facts, detail), nf));
                }
            }
        }
        let mut removed = Vec::new();
        for of in ofields
            .iter()
            .filter(|o| !nfields.iter().any(|n| n.name == o.name))
        {
            let at = format!("{loc}.{}", of.name);
            let detail = format!(
                "field `{}` ({}) removed",
                of.name,
                type_words(of, &of.ty, self.old)
            );
            let facts = Facts {
                container,
                ..Facts::default()
            };
            removed.push((self.push(Kind::FieldRemoved, side, at, facts, detail), of));
        }
        self.rename_notes(&removed, &added);
    }

    /// Notes on a removed and an added field of one object that have the same type and
    /// near-identical descriptions: perhaps one field renamed.
    fn rename_notes(&mut self, removed: &[(usize, &Field)], added: &[(usize, &Field)]) {
        let mut taken = BTreeSet::new();
        for (ri, rf) in removed {
            let rdesc = normalise(&rf.description);
            let rtype = type_words(rf, &rf.ty, self.old);
            let best = added
                .iter()
                .filter(|(ai, _)| !taken.contains(ai))
                .filter(|(_, af)| type_words(af, &af.ty, self.new) == rtype)
                .map(|(ai, af)| (*ai, af, similarity(&rdesc, &normalise(&af.description))))
                .filter(|(_, af, s)| {
                    !rdesc.is_empty()
                        && !normalise(&af.description).is_empty()
                        && *s >= RENAME_SIMILARITY
                })
                .max_by(|a, b| a.2.total_cmp(&b.2));
            if let Some((ai, af, _)) = best {
                taken.insert(ai);
                let note = format!(
                    "may be a rename of `{}` to `{}`: same type, near-identical description",
                    rf.name, af.name
                );
                self.out[*ri].note = Some(note.clone());
                self.out[ai].note = Some(note);
            }
        }
    }

    /// Compares two bodies (either may be undocumented) at `loc`.
    fn body(&mut self, loc: &str, side: Side, o: Option<&Type>, n: Option<&Type>) {
        match (o, n) {
            (None, None) => {}
            (Some(o), Some(n)) => {
                if same_shape(o, n, self.old, self.new) {
                    self.descend(loc, side, o, n);
                } else {
                    let detail =
                        format!("{} → {}", body_words(o, self.old), body_words(n, self.new));
                    self.push(
                        Kind::TypeChanged,
                        side,
                        loc.to_owned(),
                        Facts::default(),
                        detail,
                    );
                }
            }
            (Some(t), None) | (None, Some(t)) => {
                let new_side = n.is_some();
                let op = if new_side { self.new } else { self.old };
                // A body that is one object (or an array of objects) appears or goes
                // member by member; anything else is a change of the body's type.
                let (at, object) = match t {
                    Type::Ref { schema: s } => (loc.to_owned(), schema(op, s)),
                    Type::Array { items } => match &**items {
                        Type::Ref { schema: s } => (format!("{loc}[]"), schema(op, s)),
                        _ => (loc.to_owned(), None),
                    },
                    _ => (loc.to_owned(), None),
                };
                match object {
                    Some(s) if new_side => self.object(&at, side, None, Some(s), true),
                    Some(s) => self.object(&at, side, Some(s), None, true),
                    None => {
                        let (ow, nw) = match (o, n) {
                            (Some(o), _) => (body_words(o, self.old), "no body".to_owned()),
                            (_, Some(n)) => ("no body".to_owned(), body_words(n, self.new)),
                            _ => return,
                        };
                        self.push(
                            Kind::TypeChanged,
                            side,
                            loc.to_owned(),
                            Facts::default(),
                            format!("{ow} → {nw}"),
                        );
                    }
                }
            }
        }
    }

    fn statuses(&mut self) {
        let (old, new) = (statuses(self.old), statuses(self.new));
        let output_changes = self.outputs.0 != self.outputs.1;
        let codes: BTreeSet<u16> = old.keys().chain(new.keys()).copied().collect();
        for code in codes {
            let loc = format!("response.{code}");
            let success = (200..300).contains(&code);
            match (old.get(&code), new.get(&code)) {
                (Some(o), Some(n)) => {
                    self.words(&loc, Side::Response, "status", o.1, n.1, (None, None));
                    let (ob, nb) = (
                        o.0.and_then(|r| r.body.as_ref()),
                        n.0.and_then(|r| r.body.as_ref()),
                    );
                    self.body(&format!("{loc}.body"), Side::Response, ob, nb);
                    self.headers(&loc, o.0, n.0);
                }
                (None, Some(n)) => {
                    let facts = Facts {
                        container: success,
                        output_changes: success && output_changes,
                        ..Facts::default()
                    };
                    let detail = format!("status {code} documented{}", status_words(n.1));
                    self.push(Kind::StatusAdded, Side::Response, loc, facts, detail);
                }
                (Some(o), None) => {
                    let facts = Facts {
                        container: success,
                        ..Facts::default()
                    };
                    let detail = format!("status {code} no longer documented{}", status_words(o.1));
                    self.push(Kind::StatusRemoved, Side::Response, loc, facts, detail);
                }
                (None, None) => {}
            }
        }
    }

    fn headers(&mut self, loc: &str, o: Option<&Response>, n: Option<&Response>) {
        let empty = Vec::new();
        let oh = o.map_or(&empty, |r| &r.headers);
        let nh = n.map_or(&empty, |r| &r.headers);
        let same = |a: &Field, b: &Field| a.name.eq_ignore_ascii_case(&b.name);
        for nf in nh {
            let at = format!("{loc}.header.{}", nf.name);
            match oh.iter().find(|of| same(of, nf)) {
                Some(of) => {
                    let m = |field| Member {
                        field,
                        rust_required: false,
                    };
                    self.field(&at, Side::Response, m(of), m(nf));
                }
                None => {
                    let detail = format!("new response header `{}`", nf.name);
                    self.push(
                        Kind::FieldAdded,
                        Side::Response,
                        at,
                        Facts::default(),
                        detail,
                    );
                }
            }
        }
        for of in oh.iter().filter(|of| !nh.iter().any(|nf| same(of, nf))) {
            let at = format!("{loc}.header.{}", of.name);
            let detail = format!("response header `{}` removed", of.name);
            self.push(
                Kind::FieldRemoved,
                Side::Response,
                at,
                Facts::default(),
                detail,
            );
        }
    }
}
