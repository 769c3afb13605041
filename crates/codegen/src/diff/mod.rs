//! Stage 3 (an output): the change report. What changed between two [`ServiceModel`]s of a
//! service (two versions of its pages): every change to an operation,
//! with what it means on the wire for existing callers and for the generated crate's
//! version.
//!
//! Operations are paired by method and path ([`matching`]), so a page renamed or rewritten
//! in the other template is still the same operation; within a pair, parameters and fields
//! are paired by location and wire name ([`walk`]). Each change gets two verdicts
//! ([`verdict`]): `wire` (does an existing caller of the service break) and `crate` (what
//! the regenerated Rust breaks, given the generator's own choices: `#[non_exhaustive]`
//! structs and error enums, open but exhaustive value enums, builders, `Option`).

mod matching;
pub mod render;
mod shape;
pub mod text;
pub mod verdict;
mod walk;

use std::collections::BTreeMap;

use apidoc::ir::Operation;

use crate::model::{OpModel, ServiceModel};

pub use verdict::{Bump, CrateLevel, Wire};

/// The kinds of change, named as the report names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An operation only the new pages have.
    OperationAdded,
    /// An operation only the old pages have.
    OperationRemoved,
    /// A path, query or header parameter only the new page has.
    ParameterAdded,
    /// A path, query or header parameter only the old page has.
    ParameterRemoved,
    /// A body member (or response header) only the new page has.
    FieldAdded,
    /// A body member (or response header) only the old page has.
    FieldRemoved,
    /// 是否必选 changed.
    RequiredChanged,
    /// The documented type changed (objects are compared member by member instead).
    TypeChanged,
    /// A value the new page lists under 枚举值 and the old one does not.
    EnumValueAdded,
    /// A value the old page lists under 枚举值 and the new one does not.
    EnumValueRemoved,
    /// A status code only the new page documents.
    StatusAdded,
    /// A status code only the old page documents.
    StatusRemoved,
    /// A description, title or stated constraint changed in words.
    DescriptionChanged,
}

impl Kind {
    /// Every kind, in the report's order.
    pub const ALL: [Kind; 13] = [
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::ParameterAdded,
        Kind::ParameterRemoved,
        Kind::FieldAdded,
        Kind::FieldRemoved,
        Kind::RequiredChanged,
        Kind::TypeChanged,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::StatusAdded,
        Kind::StatusRemoved,
        Kind::DescriptionChanged,
    ];

    /// The kind's name in reports (`parameter-added`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::ParameterAdded => "parameter-added",
            Kind::ParameterRemoved => "parameter-removed",
            Kind::FieldAdded => "field-added",
            Kind::FieldRemoved => "field-removed",
            Kind::RequiredChanged => "required-changed",
            Kind::TypeChanged => "type-changed",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::StatusAdded => "status-added",
            Kind::StatusRemoved => "status-removed",
            Kind::DescriptionChanged => "description-changed",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change to one operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The new side's operation id, else the old side's.
    pub operation: String,
    /// HTTP method (the new side's, else the old side's).
    pub method: String,
    /// Path template (the new side's, else the old side's).
    pub path: String,
    /// What changed.
    pub kind: Kind,
    /// Where: `request.query.limit`, `response.200.body.records[].status`, `response.404`,
    /// or empty for the operation itself.
    pub location: String,
    /// What it means for existing callers of the service.
    pub wire: Wire,
    /// What it means for the generated crate's version.
    pub krate: CrateLevel,
    /// The old and the new value, in words.
    pub detail: String,
    /// A remark that does not change the verdicts, such as a possible rename.
    pub note: Option<String>,
}

/// An operation found on both sides under different ids: the same on the wire, but its
/// generated module, client method and types are named after the id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renamed {
    /// The old id.
    pub old: String,
    /// The new id.
    pub new: String,
    /// HTTP method.
    pub method: String,
    /// The new side's path template.
    pub path: String,
}

/// A page left out of the comparison because it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// `old` or `new`.
    pub side: &'static str,
    /// The page.
    pub file: String,
    /// Its errors, as `Display` writes them.
    pub errors: Vec<String>,
}

/// Everything that changed between two versions of a folder of pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// The changes, grouped by operation: operations with a wire-breaking change first, and
    /// within an operation breaking changes first, then in page order.
    pub changes: Vec<Change>,
    /// Operations whose id changed (always a `major` change of the crate).
    pub renamed: Vec<Renamed>,
    /// Pages that could not be read, on either side.
    pub unreadable: Vec<Unreadable>,
}

impl Report {
    /// The suggested version bump: the largest `crate` verdict, a renamed operation counting
    /// as `major`; [`Bump::None`] when nothing changed.
    pub fn bump(&self) -> Bump {
        let renamed = (!self.renamed.is_empty()).then_some(CrateLevel::Major);
        self.changes
            .iter()
            .map(|c| c.krate)
            .chain(renamed)
            .max()
            .map_or(Bump::None, Bump::from)
    }

    /// How many changes break existing callers on the wire.
    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.wire == Wire::Breaking)
            .count()
    }

    /// How many changes there are of each kind (kinds without changes left out).
    pub fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            *out.entry(c.kind).or_insert(0) += 1;
        }
        out
    }

    /// One sentence: how many changes, how many break callers, the suggested bump.
    pub fn summary(&self) -> String {
        if self.changes.is_empty() && self.renamed.is_empty() {
            return "no API changes".to_owned();
        }
        let n = self.changes.len();
        let mut s = format!(
            "{n} change{} ({} breaking on the wire)",
            if n == 1 { "" } else { "s" },
            self.breaking()
        );
        if !self.renamed.is_empty() {
            s.push_str(&format!(
                ", {} operation id{} changed",
                self.renamed.len(),
                if self.renamed.len() == 1 { "" } else { "s" }
            ));
        }
        s.push_str(&format!(", suggested bump: {}", self.bump()));
        s
    }
}

/// The pages a model left out, as unreadable on `side`.
fn unreadable(model: &ServiceModel, side: &'static str) -> impl Iterator<Item = Unreadable> {
    // Left out exactly as `gen` leaves them out, so the report describes what is generated.
    model.left_out.iter().map(move |l| Unreadable {
        side,
        file: l.file.clone(),
        errors: l.errors.clone(),
    })
}

/// Compares two versions of a service, each as [`ServiceModel::from_parsed`] models its
/// folder of pages.
pub fn compare(old: &ServiceModel, new: &ServiceModel) -> Report {
    let unreadable = unreadable(old, "old")
        .chain(unreadable(new, "new"))
        .collect();
    let old_ops: Vec<&OpModel> = old.operations.iter().collect();
    let new_ops: Vec<&OpModel> = new.operations.iter().collect();
    compare_operations(&old_ops, &new_ops, unreadable)
}

/// The model of a paired operation, found by identity.
fn model_of<'m>(models: &[&'m OpModel], op: &Operation) -> Option<&'m OpModel> {
    models.iter().copied().find(|m| std::ptr::eq(&m.op, op))
}

fn compare_operations(
    old_models: &[&OpModel],
    new_models: &[&OpModel],
    unreadable: Vec<Unreadable>,
) -> Report {
    let old: Vec<&Operation> = old_models.iter().map(|m| &m.op).collect();
    let new: Vec<&Operation> = new_models.iter().map(|m| &m.op).collect();
    let mut groups: Vec<Vec<Change>> = Vec::new();
    let mut renamed = Vec::new();
    for pair in matching::pair(&old, &new) {
        let changes = match (pair.old, pair.new) {
            (Some(o), Some(n)) => {
                if o.id != n.id {
                    renamed.push(Renamed {
                        old: o.id.clone(),
                        new: n.id.clone(),
                        method: n.method.clone(),
                        path: n.path.clone(),
                    });
                }
                match (model_of(old_models, o), model_of(new_models, n)) {
                    (Some(om), Some(nm)) => walk::operation(om, nm),
                    _ => Vec::new(),
                }
            }
            (None, Some(n)) => vec![walk::whole(n, Kind::OperationAdded)],
            (Some(o), None) => vec![walk::whole(o, Kind::OperationRemoved)],
            (None, None) => Vec::new(),
        };
        if !changes.is_empty() {
            groups.push(changes);
        }
    }
    for g in &mut groups {
        // Stable: page order within each verdict.
        g.sort_by_key(|c| c.wire != Wire::Breaking);
    }
    groups.sort_by(|a, b| {
        let key = |g: &[Change]| {
            (
                !g.iter().any(|c| c.wire == Wire::Breaking),
                g[0].operation.clone(),
                g[0].method.clone(),
                g[0].path.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Report {
        changes: groups.into_iter().flatten().collect(),
        renamed,
        unreadable,
    }
}
