//! An object the tables leave open, described word for word like a sibling whose members the
//! page's examples show: `volumes | Object | 键值对，包含：reserved、limit和in_use` is read
//! from the examples (`{"reserved": 0, "limit": -1, "in_use": 8}`), and beside it
//! `per_volume_gigabytes | Object | 每个云硬盘的容量配额。键值对，包含：reserved、limit和in_use`,
//! which no example shows. The description names the same members as the sibling's, so the
//! page states the same shape: the field gets a copy of the sibling's object, with a warning.
//!
//! Guards: both descriptions must name every member of the sibling's object as a word of its
//! own, the object must have at least two members (one shared word is a coincidence, not a
//! shape), and only fields still typed "an object" (or a list of them) are touched; a field a
//! table types is never retyped.

use super::reconcile::names_word;
use crate::diag::Sink;
use crate::ir::{Field, Operation, Schema, Type};

/// Fewest members an object needs before a description naming them all reads as its shape.
const MIN_MEMBERS: usize = 2;

/// The schema a field's type is an object of, directly or as a list's elements.
fn object_of(ty: &Type) -> Option<&str> {
    match ty {
        Type::Ref { schema } => Some(schema),
        Type::Array { items } => match &**items {
            Type::Ref { schema } => Some(schema),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a field is typed only "an object" or "a list of objects", with no members.
fn is_open(ty: &Type) -> bool {
    match ty {
        Type::Any => true,
        Type::Array { items } => **items == Type::Any,
        _ => false,
    }
}

/// Whether `text` names every member of `s` (and `s` has enough of them to be a shape).
fn names_all(text: &str, s: &Schema) -> bool {
    s.fields.len() >= MIN_MEMBERS && s.fields.iter().all(|f| names_word(text, &f.name))
}

/// One open field to give a sibling's shape: (schema index, field index, sibling's schema id).
fn matches(op: &Operation) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (si, s) in op.schemas.iter().enumerate() {
        for (fi, f) in s.fields.iter().enumerate() {
            if !is_open(&f.ty) || f.description.is_empty() {
                continue;
            }
            let shape = s.fields.iter().find_map(|g| {
                let id = object_of(&g.ty)?;
                let t = op.schemas.iter().find(|t| t.id == id)?;
                (names_all(&g.description, t) && names_all(&f.description, t)).then_some(id)
            });
            if let Some(id) = shape {
                out.push((si, fi, id.to_owned()));
            }
        }
    }
    out
}

/// Gives each open object field the shape of a sibling described with the same members.
pub(super) fn sibling_shapes(op: &mut Operation, sink: &mut Sink) {
    for (si, fi, from) in matches(op) {
        let Some(model) = op.schemas.iter().find(|t| t.id == from).cloned() else {
            continue;
        };
        let (holder, field): (&Schema, &Field) = (&op.schemas[si], &op.schemas[si].fields[fi]);
        let mut id = format!("{}.{}", holder.id, field.name);
        while op.schemas.iter().any(|t| t.id == id) {
            id.push('_');
        }
        let name = field.name.clone();
        let source = field.source.clone();
        let listed = matches!(field.ty, Type::Array { .. });
        sink.warning(
            &source,
            format!(
                "`{name}` is documented only as an object, but its description names the members of `{}` ({}), which the examples show for a sibling described the same way; it is read as that object",
                model.name,
                model
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        let inner = Type::Ref { schema: id.clone() };
        op.schemas.push(Schema {
            id,
            name,
            source: source.clone(),
            ..model
        });
        op.schemas[si].fields[fi].ty = if listed {
            Type::Array {
                items: Box::new(inner),
            }
        } else {
            inner
        };
    }
}
