//! The intermediate representation: everything a reference page states about one operation.
//!
//! The IR knows nothing of Rust output. It is serde-serializable so that `cargo xtask ir` can
//! print it and snapshot tests can pin it. Every item carries a [`Source`] pointing back into
//! the page, so later stages can report problems where a maintainer can fix them.

use serde::{Deserialize, Serialize};

/// Where an IR item came from in its page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// 1-based line in the page.
    pub line: u32,
    /// Caption of the table the item came from (e.g. `表 3 响应Body参数`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// 1-based data row (header rows not counted) inside that table, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The page, when it is not the operation's own: a table on a shared data-structure page
    /// that a link led to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// One operation page, fully parsed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Operation id, e.g. `ListBigkeyScanTasks`: the H1 anchor, the API Explorer link's
    /// `api=`, a maintainer's pin, or a name derived from method and path ([`IdSource`]).
    pub id: String,
    /// Where the id came from.
    pub id_source: IdSource,
    /// Which of the documentation tool's templates the page is written in.
    pub template: Template,
    /// The page title (H1 text without the anchor).
    pub title: String,
    /// The 功能介绍 section, paragraphs separated by blank lines.
    pub description: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template with escapes removed, e.g. `/v2/{project_id}/instances/{instance_id}/bigkey-tasks`.
    pub path: String,
    /// Query pairs written into the request line itself (`?start={start}&action=start`), in
    /// page order. Placeholders are also query [`Parameter`]s; other values are constants
    /// every request carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uri_query: Vec<(String, String)>,
    /// Path, query and header parameters, in page order.
    pub parameters: Vec<Parameter>,
    /// The request body, when the page documents one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<Body>,
    /// Documented responses, ordered by status code.
    pub responses: Vec<Response>,
    /// Named object schemas reached from bodies, in page order.
    pub schemas: Vec<Schema>,
    /// The 请求示例 section: each documented request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_examples: Vec<RequestExample>,
    /// The 状态码 table.
    pub status_codes: Vec<StatusCode>,
    /// The H1 line.
    pub source: Source,
    /// The page's deprecation note, when its title marks it deprecated (`（废弃）`,
    /// `[即将下线]`): the description's sentence that says so, else the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
}

/// Where an operation id came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdSource {
    /// The H1 anchor (API-Explorer template).
    Anchor,
    /// The `api=` of the page's API Explorer link.
    ExplorerLink,
    /// Derived from method and path (see the README's naming rule).
    Derived,
    /// Pinned by the maintainer in `operation-ids.txt`.
    Override,
}

/// The documentation tool's page templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// H1 anchor = operation id, `## URI`, `## 请求参数`, `## 响应参数` (DCS since 2021).
    ApiExplorer,
    /// Everything older: document-id anchors, `请求消息` / `响应消息`, `返回值` ...
    Classic,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// Substituted into the path template.
    Path,
    /// Sent in the query string.
    Query,
    /// Sent as a request header.
    Header,
}

/// A path, query or header parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Where the parameter goes.
    pub location: Location,
    /// The documented field (name, type, required-ness, description, ...).
    #[serde(flatten)]
    pub field: Field,
}

/// One row of a parameter table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Wire name, exactly as documented.
    pub name: String,
    /// `Some(true)` for 是, `Some(false)` for 否, `None` when the table has no 是否必选 column
    /// (response tables never do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The parsed type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// The type cell as written, entities decoded (e.g. `Array of RecordsResponse objects`).
    pub type_text: String,
    /// Description without the enum list and constraint lines.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Values listed under 枚举值, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// Constraints such as 最大长度.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// The table row this field came from.
    pub source: Source,
}

/// Value constraints stated in a description cell.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    /// 最小长度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// 最大长度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// 最小值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// 最大值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// 缺省值 / 默认值, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// 数组长度 minimum, when stated as a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// 数组长度 maximum, when stated as a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Constraints {
    /// True when the page states no constraint.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A documented type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    /// `String`.
    String,
    /// `Integer` (32-bit in the official SDKs).
    Integer,
    /// `Long` (64-bit).
    Long,
    /// `Float`.
    Float,
    /// `Double`, `Number`, `BigDecimal`.
    Double,
    /// `Boolean`.
    Boolean,
    /// A free-form JSON value: `Object` with no table describing it.
    Any,
    /// A named object schema of this operation (see [`Operation::schemas`]).
    Ref {
        /// The [`Schema::id`] referred to.
        schema: String,
    },
    /// `Array of ...`, `Array<...>`, `List<...>`.
    Array {
        /// Element type.
        items: Box<Type>,
    },
    /// `Map<String, ...>`.
    Map {
        /// Value type (keys are always strings in JSON).
        values: Box<Type>,
    },
}

/// A named object: one nested table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Unique within the operation: the table's anchor (`response_RecordsResponse`) or, for
    /// tables without one, a name derived from side and caption.
    pub id: String,
    /// The object's own name (`RecordsResponse`), which may repeat across sides or pages.
    pub name: String,
    /// Which side of the call the table documents.
    pub side: Side,
    /// The fields, in table order.
    pub fields: Vec<Field>,
    /// The table's first line.
    pub source: Source,
}

/// Request or response side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Documented under 请求参数.
    Request,
    /// Documented under 响应参数.
    Response,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// The body type (normally a [`Type::Ref`] to the 请求Body参数 table).
    #[serde(rename = "type")]
    pub ty: Type,
    /// Where it was documented.
    pub source: Source,
}

/// A documented response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// The description from the 状态码 table, or the response example's caption.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Response headers (响应Header参数).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Field>,
    /// The body type, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Type>,
    /// Documented examples for this status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// The `**状态码： N**` line under 响应参数 (or the status table row).
    pub source: Source,
}

/// A response example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// The paragraph introducing the example.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The parsed JSON, when the code block parses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// The code block as written.
    pub raw: String,
    /// The code block's first line.
    pub source: Source,
}

/// A request example: method, URL and optional body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestExample {
    /// The text introducing the example.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Method from the example's first line.
    pub method: String,
    /// URL from the example's first line, as written.
    pub url: String,
    /// The body, parsed, when there is one and it is JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// The body as written (empty when there is none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub raw_body: String,
    /// The code block's first line.
    pub source: Source,
}

/// A row of the 状态码 table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCode {
    /// The code.
    pub code: u16,
    /// What it means.
    pub description: String,
    /// The row.
    pub source: Source,
}
