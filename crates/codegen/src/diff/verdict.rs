//! The two verdicts of a change. `wire`: whether an existing caller of the service breaks.
//! `crate`: what regenerating does to the generated crate's public API, given what the
//! generator emits (see the README's table for the reasons, one per row).

use super::Kind;

/// What a change means for existing callers of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wire {
    /// Existing callers keep working.
    Compatible,
    /// Some existing caller (or a client with closed enums or a strict decoder) fails.
    Breaking,
}

impl Wire {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Compatible => "compatible",
            Wire::Breaking => "breaking",
        }
    }
}

impl std::fmt::Display for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a change means for the generated crate's version (semver).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CrateLevel {
    /// Documentation only.
    Patch,
    /// New API; code that compiled still compiles.
    Minor,
    /// Code that compiled may not compile (or may mean something else).
    Major,
}

impl CrateLevel {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            CrateLevel::Patch => "patch",
            CrateLevel::Minor => "minor",
            CrateLevel::Major => "major",
        }
    }
}

impl std::fmt::Display for CrateLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The suggested version bump of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// See [`CrateLevel::Patch`].
    Patch,
    /// See [`CrateLevel::Minor`].
    Minor,
    /// See [`CrateLevel::Major`].
    Major,
}

impl From<CrateLevel> for Bump {
    fn from(c: CrateLevel) -> Self {
        match c {
            CrateLevel::Patch => Bump::Patch,
            CrateLevel::Minor => Bump::Minor,
            CrateLevel::Major => Bump::Major,
        }
    }
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side of the call a change is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The operation as a whole.
    Operation,
    /// What the caller sends.
    Request,
    /// What the service answers.
    Response,
}

/// What the verdicts of one change depend on besides its kind and side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// For an added or removed item: the page marks it required. For `required-changed`:
    /// the new page marks it required.
    pub required: bool,
    /// Whether the generated Rust type of the item is `T` rather than `Option<T>` on the
    /// side it exists (added: new, removed: old), or, for `required-changed`, whether that
    /// differs between the sides.
    pub rust_required: bool,
    /// For a field: its whole object (or body) exists on one side only, so the generated
    /// signature around it changes. For a status: it is a success (2xx) status. For an enum
    /// value: the field lists no values on the other side, so its Rust type changes between
    /// `String` and an enum.
    pub container: bool,
    /// For a status: the generated output type of the operation differs between the sides
    /// (e.g. a body-less 204 beside a 200 makes it `Option<T>`).
    pub output_changes: bool,
}

/// The `wire` and `crate` verdicts of one change.
pub fn verdicts(kind: Kind, side: Side, f: Facts) -> (Wire, CrateLevel) {
    use CrateLevel::{Major, Minor, Patch};
    use Wire::{Breaking, Compatible};
    let request = side == Side::Request;
    match kind {
        // A new module and client method; the service-wide `Error` is `#[non_exhaustive]`,
        // so its new variant breaks no match.
        Kind::OperationAdded => (Compatible, Minor),
        Kind::OperationRemoved => (Breaking, Major),
        // Required: a new argument of the client method and of `Request::new`. Optional: a
        // new setter and a new field of a `#[non_exhaustive]` struct.
        Kind::ParameterAdded | Kind::FieldAdded => {
            let wire = if request && f.required {
                Breaking
            } else {
                Compatible
            };
            let krate = if f.container || (request && f.rust_required) {
                Major
            } else {
                Minor
            };
            (wire, krate)
        }
        Kind::ParameterRemoved | Kind::FieldRemoved => (Breaking, Major),
        Kind::RequiredChanged => {
            let wire = match (request, f.required) {
                // optional → required in a request, required → optional in a response.
                (true, true) | (false, false) => Breaking,
                _ => Compatible,
            };
            // `T` ↔ `Option<T>` and an argument ↔ a setter; nothing but docs when the Rust
            // type stays (a response table without a 是否必选 column is all `Option`).
            (wire, if f.rust_required { Major } else { Patch })
        }
        Kind::TypeChanged => (Breaking, Major),
        // Value enums are open (`Unknown(String)`) and `#[non_exhaustive]`: a new variant
        // breaks no caller's `match` (a value that decoded as `Unknown` now decodes as the
        // new variant); a removed variant breaks every caller that names it. The first
        // value of a free-text field turns its `String` into an enum.
        Kind::EnumValueAdded => (
            if request { Compatible } else { Breaking },
            if f.container { Major } else { Minor },
        ),
        Kind::EnumValueRemoved => (if request { Breaking } else { Compatible }, Major),
        // Error enums are `#[non_exhaustive]`: a new variant is minor.
        Kind::StatusAdded => (Compatible, if f.output_changes { Major } else { Minor }),
        Kind::StatusRemoved => (if f.container { Breaking } else { Compatible }, Major),
        Kind::DescriptionChanged => (Compatible, Patch),
    }
}
