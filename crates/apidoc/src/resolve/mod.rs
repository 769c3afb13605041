//! From the first pass to the IR, for every template alike: the request line is chosen, each
//! table gets a role from its section, caption and content (parameters, body, headers,
//! object, status codes), object fields are resolved to the tables that describe them, and
//! responses are keyed by status.

mod anchor_names;
mod example_body;
mod fields;
mod filter_items;
mod headers;
mod keyed;
mod library;
mod member_maps;
mod merge;
mod named_keys;
mod objects;
mod overruled;
mod parent_shape;
mod reconcile;
mod shown_members;
mod sibling_shapes;
mod stray_path_rows;
mod widen;
mod wrap;

use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) use library::{Library, PageDoc};

use crate::describe::describe;
use crate::diag::Sink;
use crate::ir::{
    Body, Field, IdSource, Location, Operation, Parameter, Response, Side, Source, StatusCode,
    Template, Type,
};
use crate::page::{Raw, RawTable, mentions_error};
use crate::request_line::{self, RequestLine};
use crate::roles::{SectionRole, squash};
use fields::{Resolver, shorten};
use library::{TableId, looks_like_header};
use stray_path_rows::Stray;

/// What a table documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Parameters; `None`: decided per row (a placeholder of the path is a path parameter,
    /// the rest are query parameters).
    Params(Option<Location>),
    ResponseHeaders,
    RequestBody,
    ResponseBody,
    Object,
    StatusCodes,
    Ignored,
}

/// The side of the call a section documents.
pub(crate) fn side_of(section: SectionRole) -> Side {
    match section {
        SectionRole::Uri | SectionRole::Request | SectionRole::RequestExample => Side::Request,
        _ => Side::Response,
    }
}

/// What a page is, once its request line has been looked for.
pub(crate) enum Kind {
    /// An operation page, with its request line and the line it is on.
    Operation(RequestLine, u32),
    /// Not an operation page: the note says why.
    Skip(String),
    /// An operation page whose request line is missing or unreadable (already reported).
    Broken,
}

fn line_at(line: u32) -> Source {
    Source {
        line,
        ..Source::default()
    }
}

/// A URI-section line that was meant as a request line but is not one.
fn attempted_request_line(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let upper = first.to_ascii_uppercase();
    first.starts_with('/')
        || first.starts_with("http")
        || request_line::METHODS.contains(&upper.as_str())
}

/// Finds the request line of a page: in its URI section (a line, a code block, a table of
/// methods and URIs, a method and a path on two lines), else anywhere outside the examples
/// when the page has the sections of an operation. `op_anchor` is the H1's operation anchor.
pub(crate) fn classify(raw: &Raw, op_anchor: Option<&str>, sink: &mut Sink) -> Kind {
    let in_uri: Vec<_> = raw
        .candidates
        .iter()
        .filter(|c| c.section == SectionRole::Uri)
        .collect();
    if let Some(c) = in_uri
        .iter()
        .find(|c| !c.line.concrete_host)
        .or(in_uri.first())
    {
        return Kind::Operation(c.line.clone(), c.at);
    }
    let examples = |s: SectionRole| {
        matches!(
            s,
            SectionRole::RequestExample | SectionRole::ResponseExample | SectionRole::Example
        )
    };
    let outside_examples: Vec<_> = raw
        .candidates
        .iter()
        .filter(|c| !c.line.concrete_host && !examples(c.section))
        .collect();
    if raw.uri_section_line.is_none() && (raw.has_operation_sections() || op_anchor.is_some()) {
        if let Some(c) = outside_examples.first() {
            return Kind::Operation(c.line.clone(), c.at);
        }
    }
    // A page in no known template is read by what it holds: one request line (written once
    // or repeated) and a table of parameters or fields make an operation page, whatever its
    // headings say. Overview pages list many request lines; prose pages have no field table.
    if raw.uri_section_line.is_none() {
        if let Some(c) = outside_examples.first() {
            let one_line = outside_examples
                .iter()
                .all(|o| o.line.method == c.line.method && o.line.path == c.line.path);
            let has_fields = raw.tables.iter().any(|t| {
                t.columns.is_fields() && t.columns.method.is_none() && t.columns.uri.is_none()
            });
            if one_line && has_fields {
                return Kind::Operation(c.line.clone(), c.at);
            }
        }
    }
    if let Some(uri_line) = raw.uri_section_line {
        if let Some((text, line)) = &raw.uri_text {
            let t = crate::markdown::unescape(text);
            if attempted_request_line(&t) {
                sink.error(
                    &line_at(*line),
                    request_line::problem(&t, &shorten(&t, 200)),
                    "`METHOD /path`, METHOD one of GET POST PUT DELETE PATCH HEAD OPTIONS",
                );
                return Kind::Broken;
            }
        }
        if op_anchor.is_some() {
            sink.error(
                &line_at(uri_line),
                "the `## URI` section has no request line",
                "a line such as `GET /v2/{project_id}/instances` after `## URI`",
            );
            return Kind::Broken;
        }
        return Kind::Skip(format!(
            "not an operation page (its URI section has no request line such as `GET /v2/{{project_id}}/instances`; found {}); skipped",
            found(raw, &outside_examples)
        ));
    }
    if let Some(id) = op_anchor {
        if raw.has_operation_sections() {
            let after = raw
                .sections
                .iter()
                .find(|s| s.role.is_operation_part())
                .map(|s| s.line);
            let h1_line = raw.h1.as_ref().map_or(1, |h| h.2);
            let (line, before) = match after {
                Some(l) => (l, "before this heading"),
                None => (h1_line, "after the H1"),
            };
            sink.error(
                &line_at(line),
                format!("operation page `{id}` has no `## URI` section"),
                &format!(
                    "a `## URI` section {before}, with the request line such as `GET /v2/{{project_id}}/instances`"
                ),
            );
            return Kind::Broken;
        }
    }
    let missing = if outside_examples.is_empty() {
        "no request line such as `GET /v2/{project_id}/instances`"
    } else {
        "no URI section and no single request line with a table of parameters or fields"
    };
    Kind::Skip(format!(
        "not an operation page ({missing}; found {}); skipped",
        found(raw, &outside_examples)
    ))
}

/// What a page holds, for the note that says why it is not an operation page: its request
/// lines, field tables and operation sections.
fn found(raw: &Raw, lines: &[&crate::page::Candidate]) -> String {
    let mut distinct: Vec<(&str, &str)> = Vec::new();
    for c in lines {
        let key = (c.line.method.as_str(), c.line.path.as_str());
        if !distinct.contains(&key) && distinct.len() < 3 {
            distinct.push(key);
        }
    }
    let requests = match (lines.len(), distinct.as_slice()) {
        (0, _) => "no request line outside examples".to_owned(),
        (_, [(m, p)]) => format!("the request line `{m} {p}`"),
        _ => format!("{} request lines", lines.len()),
    };
    let fields = raw.tables.iter().filter(|t| t.columns.is_fields()).count();
    let sections: Vec<&str> = [
        (SectionRole::Uri, "URI"),
        (SectionRole::Request, "request"),
        (SectionRole::Response, "response"),
        (SectionRole::Status, "status codes"),
    ]
    .iter()
    .filter(|(r, _)| raw.sections.iter().any(|s| s.role == *r))
    .map(|(_, n)| *n)
    .collect();
    let sections = if sections.is_empty() {
        "no operation section".to_owned()
    } else {
        format!("sections: {}", sections.join(", "))
    };
    format!("{requests}, {fields} table(s) of parameters or fields, {sections}")
}

/// Placeholders `{name}` in a template.
pub(crate) fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

/// A field no table row describes (a query placeholder of the request line, a path
/// placeholder with no row, the member a wrapped body is under): its name and type only.
pub(crate) fn plain_field(name: &str, required: Option<bool>, ty: Type, source: &Source) -> Field {
    Field {
        name: name.to_owned(),
        required,
        ty,
        type_text: String::new(),
        description: String::new(),
        enum_values: Vec::new(),
        constraints: Default::default(),
        source: source.clone(),
    }
}

/// Notes the member name a body table's caption gives, when it gives one (`tag` of
/// `tag字段数据结构说明`; not `请求参数`, `请求Body参数` or prose).
fn root_caption(out: &mut HashMap<String, String>, schema: &str, t: &RawTable) {
    let key = crate::roles::caption_key(&t.name);
    let word = !key.is_empty()
        && !crate::roles::names_no_object(&t.name)
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if word && key != t.name.trim() {
        out.insert(schema.to_owned(), key);
    }
}

/// The placeholder of the path a row names: exactly, or with case and underscores aside
/// (`projectId` for `{project_id}`).
fn placeholder_named<'p>(placeholders: &'p [String], name: &str) -> Option<&'p str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    placeholders
        .iter()
        .find(|p| p.as_str() == name)
        .or_else(|| placeholders.iter().find(|p| norm(p) == norm(name)))
        .map(String::as_str)
}

/// What a table's caption, heading or lead says about where its parameters travel.
fn location_hint(t: &RawTable) -> Option<Location> {
    let words = squash(&format!("{} {}", t.name, t.lead));
    let heading = squash(&t.heading);
    let has = |w: &str| words.contains(w) || heading.contains(w);
    if has("header") || has("消息头") || has("请求头") {
        Some(Location::Header)
    } else if has("路径参数") || has("path参数") || has("uri参数") || words.contains("path")
    {
        Some(Location::Path)
    } else if has("query") || has("查询参数") {
        Some(Location::Query)
    } else {
        None
    }
}

/// A location cell (`path`, `query`, `header`, `body`, `路径`, `查询`).
fn location_of(text: &str) -> Option<Option<Location>> {
    let t = squash(text);
    if t.contains("path") || t.contains("路径") || t.contains("uri") {
        Some(Some(Location::Path))
    } else if t.contains("query") || t.contains("查询") {
        Some(Some(Location::Query))
    } else if t.contains("header") || t.contains("头") {
        Some(Some(Location::Header))
    } else if t.contains("body") || t.contains("体") {
        Some(None)
    } else {
        None
    }
}

fn row_names(t: &RawTable) -> Vec<String> {
    let Some(c) = t.columns.name else {
        return Vec::new();
    };
    t.table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(c))
        .map(|c| crate::markdown::unescape(&c.flat()))
        .collect()
}

/// Gives every table of the page its role. A table some row links to describes an object,
/// whatever its rows look like (`X-Forwarded-Port` fields are not headers there); the
/// parameter tables of a GET are its query, never a body.
fn roles(
    raw: &Raw,
    home: usize,
    method: &str,
    path_params: &HashSet<String>,
    linked: &HashSet<TableId>,
) -> Vec<Role> {
    let mut roles = Vec::with_capacity(raw.tables.len());
    // Which (side, status) groups already have their body.
    let mut bodies: HashSet<(Side, Option<u16>)> = HashSet::new();
    for (i, t) in raw.tables.iter().enumerate() {
        let fields =
            t.columns.is_fields() || (t.columns.name.is_some() && t.columns.description.is_some());
        let names = row_names(t);
        let all = |f: &dyn Fn(&str) -> bool| !names.is_empty() && names.iter().all(|n| f(n));
        let role = match t.section {
            SectionRole::Status => {
                let numeric = t.table.rows.iter().any(|r| {
                    r.cells
                        .first()
                        .is_some_and(|c| !crate::roles::status_codes_in(&c.flat()).is_empty())
                });
                if t.columns.status.is_some() || numeric {
                    Role::StatusCodes
                } else {
                    Role::Ignored
                }
            }
            _ if !fields => Role::Ignored,
            SectionRole::Uri | SectionRole::Request | SectionRole::Response
                if linked.contains(&(home, i)) =>
            {
                Role::Object
            }
            SectionRole::Uri => match location_hint(t) {
                Some(l) => Role::Params(Some(l)),
                None => Role::Params(None),
            },
            SectionRole::Request => {
                let hint = location_hint(t);
                if hint.is_some() && !squash(&t.name).contains("body") {
                    Role::Params(hint)
                } else if t.columns.location.is_some() {
                    Role::Params(None)
                } else if headers::header_table(t) {
                    Role::Params(Some(Location::Header))
                } else if all(&|n| path_params.contains(n)) {
                    Role::Params(Some(Location::Path))
                } else if matches!(method, "GET" | "HEAD") {
                    // A GET has no body: its 请求参数 travel in the query.
                    Role::Params(None)
                } else if bodies.insert((Side::Request, None)) {
                    Role::RequestBody
                } else {
                    Role::Object
                }
            }
            SectionRole::Response => {
                let hint = location_hint(t);
                if hint == Some(Location::Header) || headers::header_table(t) {
                    Role::ResponseHeaders
                } else if mentions_error(&t.lead) && t.status.is_none() {
                    Role::Object
                } else if bodies.insert((Side::Response, t.status)) {
                    Role::ResponseBody
                } else {
                    Role::Object
                }
            }
            _ => Role::Ignored,
        };
        roles.push(role);
    }
    roles
}

/// The status a classic page's response tables belong to when the page says it only in a
/// status list or an example caption: its first success status, else 200.
fn success_status(raw: &Raw, status_codes: &[StatusCode]) -> u16 {
    let mut codes = raw
        .response_statuses
        .iter()
        .map(|(s, _)| *s)
        .chain(status_codes.iter().map(|s| s.code))
        .chain(raw.response_examples.iter().filter_map(|(s, _)| *s));
    codes.find(|s| (200..300).contains(s)).unwrap_or(200)
}

/// What the resolver needs to know about the operation besides its page.
pub(crate) struct OpInfo<'a> {
    pub id: &'a str,
    pub id_source: IdSource,
    pub template: Template,
    pub title: &'a str,
    pub h1_line: u32,
    pub line: &'a RequestLine,
    pub line_at: u32,
}

fn new_response(status: u16, source: Source) -> Response {
    Response {
        status,
        description: String::new(),
        headers: Vec::new(),
        body: None,
        examples: Vec::new(),
        source,
    }
}

/// Resolves the operation on page `home` of the library.
pub(crate) fn resolve(lib: &Library, home: usize, info: &OpInfo, sink: &mut Sink) -> Operation {
    let raw = lib.raw(home);
    let uri_src = line_at(info.line_at);
    let path = info.line.path.clone();
    let in_path = placeholders(&path);
    let path_set: HashSet<String> = in_path.iter().cloned().collect();
    let query_keys: HashSet<&str> = info.line.query.iter().map(|(k, _)| k.as_str()).collect();
    let linked = fields::linked_tables(lib, home);
    let roles = roles(raw, home, &info.line.method, &path_set, &linked);

    let mut anchors: HashMap<&str, usize> = HashMap::new();
    for (i, t) in raw.tables.iter().enumerate() {
        if let Some(a) = t.anchor.as_deref() {
            if anchors.insert(a, i).is_some() {
                sink.warning(
                    &t.source(None),
                    format!("anchor `{a}` is used twice; links go to the last one"),
                );
            }
        }
    }
    if raw.h1.is_none() {
        sink.warning(
            &line_at(1),
            "the page has no H1 heading; the operation has no title",
        );
    }
    let mut r = Resolver::new(lib, home, info.id, sink, roles.clone(), linked);

    let mut parameters: Vec<Parameter> = Vec::new();
    // (location, name) -> where it was first documented.
    let mut documented: HashMap<(Location, String), Source> = HashMap::new();
    let mut request_body = None;
    let mut responses: BTreeMap<u16, Response> = BTreeMap::new();
    let mut status_codes = Vec::new();
    let mut pending_bodies: Vec<(usize, Option<u16>)> = Vec::new();
    // Body schema ids -> the member name their table's caption gives (`tag字段数据结构说明`).
    let mut root_captions: HashMap<String, String> = HashMap::new();
    for (i, t) in raw.tables.iter().enumerate() {
        let id: TableId = (home, i);
        match roles[i] {
            Role::Params(hint) => {
                let loc_col = t.columns.location;
                let fields = r.fields(id);
                // A table most of whose rows are placeholders of the path (by name, whatever
                // the case or underscores: `projectId` for `{project_id}`) is the path's.
                let path_rows = fields
                    .iter()
                    .filter(|f| placeholder_named(&in_path, &f.name).is_some())
                    .count();
                let path_table = path_rows * 2 > fields.len();
                let row_names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
                for mut f in fields {
                    let row_loc = loc_col
                        .and_then(|c| {
                            t.table
                                .rows
                                .get(f.source.row.unwrap_or(1) as usize - 1)
                                .and_then(|row| row.cells.get(c))
                        })
                        .and_then(|c| location_of(&c.flat()));
                    let mut placeholder = placeholder_named(&in_path, &f.name);
                    let mut off_path = false;
                    if placeholder.is_none()
                        && row_loc.is_none()
                        && (path_table || hint == Some(Location::Path))
                        && !query_keys.contains(f.name.as_str())
                    {
                        let names: Vec<&str> = row_names.iter().map(String::as_str).collect();
                        match stray_path_rows::stray(&f.name, &names, &in_path, |n| {
                            placeholder_named(&in_path, n)
                        }) {
                            Stray::Placeholder(p) => {
                                placeholder = in_path.iter().find(|x| **x == p).map(String::as_str);
                                r.sink.warning(
                                    &f.source,
                                    format!(
                                        "`{}` names no placeholder of the request line; the one its table leaves out is `{{{p}}}`: read as it",
                                        f.name
                                    ),
                                );
                            }
                            Stray::NotInPath if hint.is_none() => {
                                off_path = true;
                                r.sink.warning(
                                    &f.source,
                                    format!(
                                        "`{}` is listed with the path parameters but is not in the path, whose placeholders all have rows: read as a query parameter",
                                        f.name
                                    ),
                                );
                            }
                            _ => {}
                        }
                    }
                    let loc = match (row_loc, hint) {
                        // A body member listed with the parameters is not a parameter.
                        (Some(None), _) => continue,
                        (Some(Some(l)), _) => l,
                        (None, Some(Location::Path) | None) if placeholder.is_some() => {
                            Location::Path
                        }
                        // A "path" row the request line writes into its query is the query's.
                        (None, Some(Location::Path)) if query_keys.contains(f.name.as_str()) => {
                            Location::Query
                        }
                        (None, Some(l)) => l,
                        (None, None) if query_keys.contains(f.name.as_str()) => Location::Query,
                        (None, None)
                            if looks_like_header(&f.name) && !headers::structured(&f.type_text) =>
                        {
                            Location::Header
                        }
                        (None, None) if path_table && !off_path => Location::Path,
                        (None, None) => Location::Query,
                    };
                    // The wire name of a path parameter is its placeholder's.
                    if let (Location::Path, Some(ph)) = (loc, placeholder) {
                        f.name = ph.to_owned();
                    }
                    if let Some(first) = documented.get(&(loc, f.name.clone())) {
                        // Classic pages repeat the path parameters under 请求消息: the same
                        // parameter again says nothing new.
                        let same_path_param = loc == Location::Path
                            && parameters.iter().any(|p| {
                                p.location == loc
                                    && p.field.name == f.name
                                    && p.field.ty == parameter_type(f.ty.clone(), loc)
                            });
                        if !same_path_param {
                            let table = first.table.as_deref().unwrap_or("a table");
                            let row = first.row.map(|r| format!(", row {r}")).unwrap_or_default();
                            r.sink.warning(
                                &f.source,
                                format!(
                                    "parameter `{}` is documented twice (first in \"{table}\"{row}); the first is used",
                                    f.name
                                ),
                            );
                        }
                        continue;
                    }
                    documented.insert((loc, f.name.clone()), f.source.clone());
                    let mut f = f;
                    f.ty = parameter_type(f.ty, loc);
                    parameters.push(Parameter {
                        location: loc,
                        field: f,
                    });
                }
            }
            Role::RequestBody => {
                let name = format!("{}RequestBody", r.op_id);
                let sid = r.schema_of(id, Side::Request, Some(name), true);
                root_caption(&mut root_captions, &sid, t);
                request_body.get_or_insert(Body {
                    ty: Type::Ref { schema: sid },
                    source: t.source(None),
                });
            }
            Role::ResponseBody | Role::ResponseHeaders => pending_bodies.push((i, t.status)),
            Role::StatusCodes => status_codes.extend(status_rows(t, r.sink)),
            Role::Ignored | Role::Object => {}
        }
        r.drain();
    }
    for (status, description, line) in &raw.status_lines {
        if !status_codes.iter().any(|s: &StatusCode| s.code == *status) {
            status_codes.push(StatusCode {
                code: *status,
                description: description.clone(),
                source: line_at(*line),
            });
        }
    }
    let success = success_status(raw, &status_codes);
    for (i, status) in pending_bodies {
        let t = &raw.tables[i];
        let id: TableId = (home, i);
        let status = status.unwrap_or(success);
        responses
            .entry(status)
            .or_insert_with(|| new_response(status, t.source(None)));
        if roles[i] == Role::ResponseHeaders {
            let hs = r.fields(id);
            if let Some(resp) = responses.get_mut(&status) {
                resp.headers.extend(hs);
            }
        } else {
            let name = format!("{}Response{status}", r.op_id);
            let sid = r.schema_of(id, Side::Response, Some(name), true);
            root_caption(&mut root_captions, &sid, t);
            if let Some(resp) = responses.get_mut(&status) {
                resp.body.get_or_insert(Type::Ref { schema: sid });
            }
        }
        r.drain();
    }
    // Sections that only point at another page of the folder for their parameters.
    for see in &raw.see_also {
        let side = side_of(see.section);
        let wanted = match side {
            Side::Request => request_body.is_none(),
            Side::Response => {
                let status = see.status.unwrap_or(success);
                responses.get(&status).is_none_or(|r| r.body.is_none())
            }
        };
        if !wanted {
            continue;
        }
        let Some(page) = lib.page_named(see.href.split('#').next().unwrap_or("")) else {
            continue;
        };
        if page == home {
            continue;
        }
        let target = match see.href.split_once('#') {
            Some((_, a)) if !a.is_empty() => lib.anchor(page, a),
            _ => lib.body_table_for(page, see.section),
        };
        let Some(target) = target else { continue };
        match side {
            Side::Request => {
                let name = format!("{}RequestBody", r.op_id);
                let sid = r.schema_of(target, Side::Request, Some(name), true);
                request_body = Some(Body {
                    ty: Type::Ref { schema: sid },
                    source: line_at(see.line),
                });
            }
            Side::Response => {
                let status = see.status.unwrap_or(success);
                let name = format!("{}Response{status}", r.op_id);
                let sid = r.schema_of(target, Side::Response, Some(name), true);
                let resp = responses
                    .entry(status)
                    .or_insert_with(|| new_response(status, line_at(see.line)));
                resp.body = Some(Type::Ref { schema: sid });
            }
        }
        r.drain();
    }
    // Object tables nobody links to still document something: keep them, and say so.
    for (i, role) in roles.iter().enumerate() {
        if *role == Role::Object && !r.has_schema((home, i)) {
            let t = &raw.tables[i];
            r.sink.warning(
                &t.source(None),
                "object table is not referenced by any field; kept as a schema",
            );
            let side = side_of(t.section);
            r.schema_of((home, i), side, None, false);
            r.drain();
        }
    }

    for (status, line) in &raw.response_statuses {
        responses
            .entry(*status)
            .or_insert_with(|| new_response(*status, line_at(*line)));
    }
    for sc in &status_codes {
        let resp = responses
            .entry(sc.code)
            .or_insert_with(|| new_response(sc.code, sc.source.clone()));
        resp.description = sc.description.clone();
    }
    // An "example" that only says what comes back (`无（STATUS CODE 204）`, `HTTP/1.1 204`)
    // is the status of a body-less success.
    for (status, ex) in &raw.response_examples {
        let text = ex.raw.trim();
        if status.is_none() && text.chars().count() <= 80 && !text.starts_with(['{', '[']) {
            if let [code] = crate::roles::status_codes_in(text).as_slice() {
                responses
                    .entry(*code)
                    .or_insert_with(|| new_response(*code, ex.source.clone()));
            }
        }
    }
    let first_success = responses.keys().copied().find(|s| (200..300).contains(s));
    for (status, ex) in &raw.response_examples {
        let mut ex = ex.clone();
        // `HTTP/1.1 200 OK` and headers before the body: the body is the example, the
        // status line its status.
        let (body, said) = crate::page::json_part(&ex.raw);
        let status = &status.or(said);
        if body.len() != ex.raw.len() {
            let skipped = ex.raw[..ex.raw.find(body).unwrap_or(0)]
                .matches('\n')
                .count() as u32;
            ex.raw = body.to_owned();
            ex.source.line += skipped;
        }
        let text = ex.raw.trim();
        if text.is_empty() || is_nothing(text) {
            continue;
        }
        if status.is_none() && !text.starts_with(['{', '[']) && text.chars().count() <= 80 {
            // Prose in a code block (`无（STATUS CODE 204）`), not an example body.
            continue;
        }
        match crate::lenient_json::parse(&ex.raw) {
            Ok((v, slips)) => {
                if !slips.is_empty() {
                    r.sink.warning(
                        &line_at(ex.source.line + 1),
                        crate::lenient_json::slips_warning("response example", &slips),
                    );
                }
                ex.json = Some(v);
            }
            Err(e) => {
                // The block's text starts on the line after the fence.
                let (line, what) = crate::page::json_error(&e, ex.source.line + 1);
                r.sink.warning(
                    &line_at(line),
                    format!("response example is not valid JSON: {what}; kept as text"),
                );
            }
        }
        // An example introduced as the failure case (`如果不存在…，响应消息如下`) or shaped
        // like an error body belongs to an error status, not to the success.
        let status = match status {
            Some(s) => Some(*s),
            None if looks_like_error(&ex) => {
                let errors: Vec<u16> = responses.keys().copied().filter(|s| *s >= 400).collect();
                let code = ex.json.as_ref().and_then(error_code_in);
                match (code.filter(|c| errors.contains(c)), errors.as_slice()) {
                    (Some(c), _) => Some(c),
                    (None, [only]) => Some(*only),
                    _ => {
                        r.sink.warning(
                            &ex.source,
                            "response example reads as an error response, and no single error status is documented for it; dropped",
                        );
                        continue;
                    }
                }
            }
            // A body example of a page that names no success status is the success's:
            // 200, as for the response tables of such a page.
            None if ex.json.is_some() => {
                let s = first_success.unwrap_or(200);
                responses
                    .entry(s)
                    .or_insert_with(|| new_response(s, ex.source.clone()));
                Some(s)
            }
            None => first_success,
        };
        match status.and_then(|s| responses.get_mut(&s)) {
            Some(resp) => resp.examples.push(ex),
            None => r.sink.warning(
                &ex.source,
                "response example for a status with no documented response; dropped",
            ),
        }
    }

    // Query placeholders written into the request line are parameters too.
    for (k, v) in &info.line.query {
        let placeholder = v.starts_with('{') && v.ends_with('}');
        if !placeholder || documented.contains_key(&(Location::Query, k.clone())) {
            continue;
        }
        if path_set.contains(k) || k.is_empty() {
            continue;
        }
        documented.insert((Location::Query, k.clone()), uri_src.clone());
        parameters.push(Parameter {
            location: Location::Query,
            field: plain_field(k, None, Type::String, &uri_src),
        });
    }

    // Every placeholder needs a path parameter, or the client could not fill it.
    let path_params: HashSet<&str> = parameters
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| p.field.name.as_str())
        .collect();
    let unreadable: HashSet<&str> = r
        .unreadable
        .iter()
        .filter(|(t, _)| t.0 == home && matches!(roles.get(t.1), Some(Role::Params(_))))
        .map(|(_, name)| name.as_str())
        .collect();
    let mut missing = Vec::new();
    for ph in &in_path {
        if !path_params.contains(ph.as_str()) && !unreadable.contains(ph.as_str()) {
            missing.push(ph.clone());
        }
    }
    for ph in missing {
        if info.template == Template::ApiExplorer {
            r.sink.error(
                &uri_src,
                format!("placeholder `{{{ph}}}` has no row in the path parameter table"),
                &format!("a row named `{ph}` in the 路径参数 table"),
            );
        } else {
            // Classic pages often leave `project_id` and friends undocumented: the placeholder
            // is still a required string.
            parameters.push(Parameter {
                location: Location::Path,
                field: plain_field(&ph, Some(true), Type::String, &uri_src),
            });
        }
    }
    let in_path_set: HashSet<&str> = in_path.iter().map(String::as_str).collect();
    for p in parameters.iter().filter(|p| p.location == Location::Path) {
        if !in_path_set.contains(p.field.name.as_str()) {
            r.sink.warning(
                &p.field.source,
                format!(
                    "path parameter `{}` does not appear in the URI",
                    p.field.name
                ),
            );
        }
    }

    let mut request_examples = raw.request_examples.clone();
    for ex in &mut request_examples {
        if ex.method.is_empty() {
            ex.method = info.line.method.clone();
            ex.url = path.clone();
        } else if ex.method != info.line.method {
            r.sink.warning(
                &ex.source,
                format!(
                    "the request example is a {} but the operation is a {}; its body is kept as the page gives it",
                    ex.method, info.line.method
                ),
            );
        }
    }
    let mut schemas = std::mem::take(&mut r.schemas);
    schemas.sort_by_key(|(k, _)| *k);
    let mut op = Operation {
        id: info.id.to_owned(),
        id_source: info.id_source,
        template: info.template,
        title: info.title.to_owned(),
        description: raw.intro.join("\n\n"),
        method: info.line.method.clone(),
        path,
        uri_query: info.line.query.clone(),
        parameters,
        request_body,
        responses: responses.into_values().collect(),
        schemas: schemas.into_iter().map(|(_, s)| s).collect(),
        request_examples,
        status_codes,
        source: line_at(info.h1_line),
        deprecated: None,
    };
    merge::unwrap_array_bodies(&mut op);
    wrap::wrap_bodies(&mut op, &root_captions, r.sink);
    keyed::keyed_maps(&mut op, r.sink);
    member_maps::maps_of_members(&mut op, r.sink);
    parent_shape::parent_shapes(&mut op, r.sink);
    reconcile::reconcile(&mut op, r.sink);
    sibling_shapes::sibling_shapes(&mut op, r.sink);
    named_keys::named_key_maps(&mut op, r.sink);
    shown_members::shown_members(&mut op, r.sink);
    example_body::example_bodies(&mut op, r.sink);
    filter_items::filter_items(&mut op, r.sink);
    widen::widen_integers(&mut op, r.sink);
    merge::merge_duplicates(&mut op);
    op
}

/// A parameter's type as it travels: a path, query or header value is text, so the elements
/// of a bare `Array` are strings (`id=a&id=b`), not free-form JSON, and a path segment of
/// unknown type is a string.
fn parameter_type(ty: Type, loc: Location) -> Type {
    match ty {
        Type::Array { items } if *items == Type::Any => Type::Array {
            items: Box::new(Type::String),
        },
        Type::Any if loc == Location::Path => Type::String,
        other => other,
    }
}

/// A code block that says there is nothing (`无`, `-`, `N/A`).
fn is_nothing(text: &str) -> bool {
    matches!(
        text.trim_end_matches(['。', '.']),
        "无" | "-" | "--" | "N/A" | "n/a" | "none" | "None" | "null" | "不涉及"
    )
}

/// An example introduced as a failure (异常, 错误, 失败, 不存在) or shaped like an error body
/// (`{"error": …}`, `{"itemNotFound": {"code": 404, …}}`, `error_code`).
fn looks_like_error(ex: &crate::ir::Example) -> bool {
    if mentions_error(&ex.description) || ex.description.contains("不存在") {
        return true;
    }
    let Some(serde_json::Value::Object(m)) = &ex.json else {
        return false;
    };
    m.contains_key("error_code")
        || m.contains_key("error")
        || (m.len() == 1
            && m.values().all(|v| {
                v.get("code")
                    .is_some_and(|c| c.as_u64().is_some_and(|c| (400..600).contains(&c)))
            }))
}

/// The HTTP status an error body names (`{"itemNotFound": {"code": 404}}`).
fn error_code_in(v: &serde_json::Value) -> Option<u16> {
    let m = v.as_object()?;
    let inner = if m.len() == 1 { m.values().next()? } else { v };
    let c = inner.get("code")?.as_u64()?;
    u16::try_from(c).ok().filter(|c| (400..600).contains(c))
}

/// The rows of a status-code table.
fn status_rows(t: &RawTable, sink: &mut Sink) -> Vec<StatusCode> {
    let code_col = t.columns.status.unwrap_or(0);
    let desc_col = t
        .columns
        .description
        .or(t.columns.message)
        .unwrap_or(if code_col == 0 { 1 } else { 0 });
    let mut out = Vec::new();
    for (ri, row) in t.table.rows.iter().enumerate() {
        let at = t.source(Some(ri));
        let code_text = row
            .cells
            .get(code_col)
            .map(|c| c.flat())
            .unwrap_or_default();
        // `400 Bad Request`, `200 OK`: the number leads.
        let digits: String = code_text
            .trim()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(code) = digits.parse::<u16>() else {
            sink.warning(
                &at,
                format!(
                    "status code `{}` is not a number; row skipped",
                    shorten(&code_text, 60)
                ),
            );
            continue;
        };
        let description = row
            .cells
            .get(desc_col)
            .map(|c| describe(c).text)
            .unwrap_or_default();
        out.push(StatusCode {
            code,
            description,
            source: at,
        });
    }
    out
}
