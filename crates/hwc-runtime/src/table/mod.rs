//! A generated crate's operations as data: what the command line (`hwc-cli`), help,
//! skeletons and completions read, and the JSON entry point that turns KooCLI's
//! `--cli-jsonInput` layout into a call through the generated typed request.
//!
//! Every generated crate has `generated::operations::TABLE`, a [`ServiceTable`]: one
//! [`Operation`] per page (id, summary, method, path, parameters and body members with their
//! location, wire name, type, whether required, enum values and description, and how the
//! operation pages), the service's endpoints and error-code catalogue, and `build`, which
//! validates an input against the table, deserialises it into the operation's request type
//! and returns the request's HTTP form.
//!
//! The types are plain `'static` data with `const` constructors only where generated code
//! needs them; nothing here pulls a dependency the runtime does not already have.

mod input;
mod pager;

use std::fmt;

pub use input::{CallError, Input, InputError, InputErrorKind};
pub use pager::{RawErrorKind, RawPage, RawPager, SendJson};

use crate::{Catalogue, Method, Service, Style};

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// A `{placeholder}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

impl Location {
    /// The key of this location in KooCLI's `--cli-jsonInput` layout.
    pub const fn key(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The type of a parameter or body member, as the generated Rust type accepts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Text from a documented list of values (open: other values are accepted too, as the
    /// generated enums accept them).
    Enum(&'static [&'static str]),
    /// Any JSON value (the page documents the member as free-form).
    Any,
    /// An object with these members.
    Object(&'static [Member]),
    /// A list.
    Array(&'static Ty),
    /// An object with free keys (`{*}` in KooCLI's help).
    Map(&'static Ty),
}

impl Ty {
    /// A short name for help and errors: `string`, `integer`, `array<object>`, ...
    pub fn name(&self) -> String {
        match self {
            Ty::String => "string".into(),
            Ty::Integer => "integer".into(),
            Ty::Number => "number".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Enum(_) => "string".into(),
            Ty::Any => "any".into(),
            Ty::Object(_) => "object".into(),
            Ty::Array(t) => format!("array<{}>", t.name()),
            Ty::Map(t) => format!("map<string, {}>", t.name()),
        }
    }

    /// Whether the value is one scalar (not an object, a list or a map).
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Enum(_)
        )
    }
}

/// A parameter or a member of an object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member {
    /// The wire name.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether the page marks it required.
    pub required: bool,
    /// The page's description.
    pub description: &'static str,
}

impl Member {
    /// A member (for generated statics).
    pub const fn new(
        name: &'static str,
        ty: Ty,
        required: bool,
        description: &'static str,
    ) -> Self {
        Member {
            name,
            ty,
            required,
            description,
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// Where it travels.
    pub location: Location,
    /// Name, type, whether required, description.
    pub member: Member,
    /// Filled by the client when not given (`project_id`, from the credentials or a lookup).
    pub client_filled: bool,
}

impl Param {
    /// A parameter (for generated statics).
    pub const fn new(location: Location, member: Member, client_filled: bool) -> Self {
        Param {
            location,
            member,
            client_filled,
        }
    }
}

/// The request body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: Ty,
    /// Whether it has to be given: the input may leave out a body whose members are all
    /// optional, and the request then goes without one.
    pub required: bool,
}

/// Where the next page's marker comes from, for [`Style::Marker`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerFrom {
    /// This member (wire name) of the page's last record.
    LastItem(&'static str),
    /// This member of the response, by wire names from the top (`page_info.next_marker`).
    Page(&'static [&'static str]),
}

/// How a list operation pages (see [`crate::Paginator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Offset, page number or marker.
    pub style: Style,
    /// The query parameter that says where a page starts.
    pub position: &'static str,
    /// The response member holding the records, by wire names from the top.
    pub items: &'static [&'static str],
    /// The response member with the total number of records, when there is one.
    pub total: Option<&'static [&'static str]>,
    /// For markers: where the next one comes from.
    pub marker: Option<MarkerFrom>,
}

/// One operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operation {
    /// Its id (`ListBigkeyScanTasks`): the command-line name.
    pub id: &'static str,
    /// The page's title (`查询大key分析任务列表`).
    pub summary: &'static str,
    /// The page's description.
    pub description: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: &'static str,
    /// Path, query and header parameters, in the page's order.
    pub params: &'static [Param],
    /// The body, when the operation takes one.
    pub body: Option<Body>,
    /// How it pages, when it is a paged list.
    pub paging: Option<Paging>,
    /// The cargo feature it needs (crates with one feature per operation), if any.
    pub feature: Option<&'static str>,
}

impl Operation {
    /// The parameter `name` at `location`.
    pub fn param(&self, location: Location, name: &str) -> Option<&'static Param> {
        self.params
            .iter()
            .find(|p| p.location == location && p.member.name == name)
    }
}

/// Builds the HTTP request of operation `id` from an input in `--cli-jsonInput` layout,
/// through the operation's typed request.
pub type BuildFn = fn(&str, serde_json::Value) -> Result<crate::Request, InputError>;

/// One generated crate's operations, with what a command line needs around them.
#[derive(Debug, Clone, Copy)]
pub struct ServiceTable {
    /// The crate's name, the command line's service name (`dcs`).
    pub name: &'static str,
    /// Endpoints.
    pub service: Service,
    /// Every documented operation, sorted by id.
    pub operations: &'static [Operation],
    /// The error-code catalogue.
    pub catalogue: &'static Catalogue,
    /// The JSON entry point.
    pub build: BuildFn,
}

impl ServiceTable {
    /// The operation `id` (exact spelling).
    pub fn operation(&self, id: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|o| o.id == id)
    }
}

/// Follows wire names `path` from `value`'s top.
pub fn pointer<'a>(value: &'a serde_json::Value, path: &[&str]) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(value, |v, k| v.get(k))
}
