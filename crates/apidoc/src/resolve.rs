//! Turns the collected tables into the IR: parameters, bodies, schemas and responses, with
//! every object reference resolved (by anchor link or by caption) and duplicates merged.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use crate::describe::describe;
use crate::diag::Sink;
use crate::ir::{
    Body, Field, Location, Operation, Parameter, Response, Schema, Side, Source, StatusCode, Type,
};
use crate::markdown::unescape;
use crate::page::{Raw, RawTable, Section, method_line};
use crate::types::{self, TypeExpr};

/// What a table documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Params(Location),
    ResponseHeaders,
    RequestBody,
    ResponseBody,
    Object,
    StatusCodes,
    Ignored,
}

fn role(t: &RawTable) -> Role {
    let n = t.name.as_str();
    match t.section {
        Section::Uri | Section::Request if n.contains("路径参数") || n.contains("URI参数") => {
            Role::Params(Location::Path)
        }
        Section::Uri | Section::Request if n.to_ascii_lowercase().contains("query") => {
            Role::Params(Location::Query)
        }
        Section::Uri | Section::Request if n.to_ascii_lowercase().contains("header") => {
            Role::Params(Location::Header)
        }
        Section::Response if n.to_ascii_lowercase().contains("header") => Role::ResponseHeaders,
        Section::Request if n.contains("Body参数") || n == "请求参数" => Role::RequestBody,
        Section::Response if n.contains("Body参数") || n == "响应参数" => Role::ResponseBody,
        Section::Request | Section::Response => Role::Object,
        Section::StatusCodes => Role::StatusCodes,
        _ => Role::Ignored,
    }
}

/// Column positions, found from the header texts.
#[derive(Debug, Default)]
struct Columns {
    name: Option<usize>,
    required: Option<usize>,
    ty: Option<usize>,
    description: Option<usize>,
}

fn columns(header: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        let l = h.to_ascii_lowercase();
        if h.contains("必选")
            || h.contains("必填")
            || l.contains("mandatory")
            || l.contains("required")
        {
            c.required.get_or_insert(i);
        } else if h.contains("类型") || l == "type" {
            c.ty.get_or_insert(i);
        } else if h.contains("描述") || h.contains("说明") || l.contains("description") {
            c.description.get_or_insert(i);
        } else if h.contains("参数")
            || h.contains("名称")
            || h.contains("字段")
            || l == "name"
            || l == "parameter"
            || h.contains("状态码")
        {
            c.name.get_or_insert(i);
        }
    }
    c
}

fn required_of(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "是" | "必选" | "yes" | "true" | "mandatory" | "required" | "y" => Some(true),
        "否" | "可选" | "no" | "false" | "optional" | "n" => Some(false),
        _ => None,
    }
}

fn strip_dup_suffix(name: &str) -> &str {
    match name.rsplit_once('_') {
        Some((base, n))
            if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => name,
    }
}

/// Normalises a caption or field name for caption matching.
fn caption_key(s: &str) -> String {
    let s = unescape(s);
    let s = s.trim();
    let s = s
        .strip_suffix("参数说明")
        .or_else(|| s.strip_suffix("字段说明"))
        .unwrap_or(s);
    s.trim().to_owned()
}

struct Resolver<'a> {
    raw: &'a Raw,
    op_id: String,
    sink: &'a mut Sink,
    roles: Vec<Role>,
    anchors: HashMap<&'a str, usize>,
    /// Table index -> schema id, for tables already given one.
    ids: HashMap<usize, String>,
    used_ids: BTreeSet<String>,
    /// Tables claimed by an unlinked caption match, so repeated captions pair up in order.
    claimed: BTreeSet<usize>,
    queue: VecDeque<usize>,
    schemas: BTreeMap<usize, Schema>,
}

impl<'a> Resolver<'a> {
    fn side(&self, idx: usize) -> Side {
        match self.raw.tables[idx].section {
            Section::Request | Section::Uri => Side::Request,
            _ => Side::Response,
        }
    }

    /// The schema id of table `idx`, assigning one (and queueing the table) on first use.
    fn schema_of(&mut self, idx: usize, root_name: Option<String>) -> String {
        if let Some(id) = self.ids.get(&idx) {
            return id.clone();
        }
        let t = &self.raw.tables[idx];
        let side = self.side(idx);
        let (mut id, name) = match t.anchor.as_deref() {
            Some(a) if a.starts_with("request_") || a.starts_with("response_") => {
                let name = a.split_once('_').map(|(_, n)| n).unwrap_or(a).to_owned();
                (a.to_owned(), name)
            }
            _ => {
                let name = root_name.unwrap_or_else(|| caption_key(&t.name));
                let prefix = match side {
                    Side::Request => "request",
                    Side::Response => "response",
                };
                (format!("{prefix}_{name}"), name)
            }
        };
        if self.used_ids.contains(&id) {
            let base = id.clone();
            let mut n = 2;
            while self.used_ids.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
        }
        self.used_ids.insert(id.clone());
        self.ids.insert(idx, id.clone());
        self.schemas.insert(
            idx,
            Schema {
                id: id.clone(),
                name,
                side,
                fields: Vec::new(),
                source: t.source(None),
            },
        );
        self.queue.push_back(idx);
        id
    }

    /// Finds the table an unlinked object field refers to: the next table on the same side
    /// whose caption names the field (or the written type name).
    fn by_caption(&mut self, from: usize, names: &[&str]) -> Option<usize> {
        let side = self.side(from);
        let keys: Vec<String> = names
            .iter()
            .map(|n| caption_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        let candidates: Vec<usize> = (0..self.raw.tables.len())
            .filter(|&i| {
                i != from
                    && self.roles[i] == Role::Object
                    && self.side(i) == side
                    && keys.contains(&caption_key(&self.raw.tables[i].name))
            })
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| i > from && !self.claimed.contains(&i))
            .or_else(|| candidates.iter().copied().find(|&i| i > from))
            .or_else(|| candidates.first().copied())?;
        self.claimed.insert(pick);
        Some(pick)
    }

    fn resolve(&mut self, e: TypeExpr, from: usize, field: &str, at: &Source) -> Type {
        match e {
            TypeExpr::Prim(t) => t,
            TypeExpr::Array(inner) => Type::Array {
                items: Box::new(self.resolve(*inner, from, field, at)),
            },
            TypeExpr::Map(inner) => Type::Map {
                values: Box::new(self.resolve(*inner, from, field, at)),
            },
            TypeExpr::Object { name, anchor } => {
                if let Some(a) = anchor {
                    return match self.anchors.get(a.as_str()).copied() {
                        Some(idx) => Type::Ref {
                            schema: self.schema_of(idx, None),
                        },
                        None => {
                            self.sink.error(
                                at,
                                format!("link to anchor `#{a}`, which is not on the page"),
                                "a table preceded by `<a name=\"...\"></a>` with that name",
                            );
                            Type::Any
                        }
                    };
                }
                let mut names = vec![field];
                if let Some(n) = name.as_deref() {
                    names.push(n);
                }
                match self.by_caption(from, &names) {
                    Some(idx) => Type::Ref {
                        schema: self.schema_of(idx, None),
                    },
                    None if name.is_none() => Type::Any,
                    None => {
                        let n = name.unwrap_or_default();
                        self.sink.error(
                            at,
                            format!("unknown type `{n}`: no link and no table captioned `{n}` or `{field}`"),
                            "a type such as String, Integer, Long, Boolean, Object, Array of X objects",
                        );
                        Type::Any
                    }
                }
            }
        }
    }

    fn fields(&mut self, idx: usize) -> Vec<Field> {
        let raw = self.raw;
        let t = &raw.tables[idx];
        let cols = columns(&t.table.header);
        let (Some(name_col), Some(ty_col)) = (cols.name, cols.ty) else {
            self.sink.error(
                &t.source(None),
                format!(
                    "cannot tell the columns apart in header {:?}",
                    t.table.header
                ),
                "a header with 参数 and 参数类型 columns",
            );
            return Vec::new();
        };
        let width = t.table.header.len();
        for (i, h) in t.table.header.iter().enumerate() {
            if ![cols.name, cols.required, cols.ty, cols.description].contains(&Some(i)) {
                self.sink.warning(
                    &t.source(None),
                    format!("column `{h}` is not understood; its cells are left out of the IR"),
                );
            }
        }
        let mut out: Vec<Field> = Vec::new();
        for (r, row) in t.table.rows.iter().enumerate() {
            let at = t.source(Some(r));
            if row.cells.len() < width {
                self.sink.error(
                    &at,
                    format!(
                        "row has {} cells but the header has {width}",
                        row.cells.len()
                    ),
                    &format!("{width} cells"),
                );
                continue;
            }
            if row.cells.len() > width {
                self.sink.warning(
                    &at,
                    format!(
                        "row has {} cells but the header has {width}; the extra cells are left out",
                        row.cells.len()
                    ),
                );
            }
            let name = unescape(&row.cells[name_col].flat());
            if name.is_empty() {
                self.sink
                    .error(&at, "empty parameter name", "a parameter name");
                continue;
            }
            if out.iter().any(|f| f.name == name) {
                self.sink.error(
                    &at,
                    format!("parameter `{name}` is listed twice"),
                    "each parameter once per table",
                );
                continue;
            }
            let required = cols.required.and_then(|c| {
                let text = row.cells[c].flat();
                let v = required_of(&text);
                if v.is_none() {
                    self.sink.warning(
                        &at,
                        format!("cannot read required-ness `{text}`; treated as optional"),
                    );
                }
                v
            });
            let ty_cell = &row.cells[ty_col];
            let type_text = ty_cell.flat();
            let ty = match types::parse(&type_text, &ty_cell.links) {
                Ok(e) => self.resolve(e, idx, &name, &at),
                Err(what) => {
                    self.sink.error(
                        &at,
                        what,
                        "a type such as String, Integer, Long, Boolean, Object, Array of X objects",
                    );
                    Type::Any
                }
            };
            let d = cols
                .description
                .map(|c| describe(&row.cells[c]))
                .unwrap_or_default();
            out.push(Field {
                name,
                required,
                ty,
                type_text,
                description: d.text,
                enum_values: d.enum_values,
                constraints: d.constraints,
                source: at,
            });
        }
        out
    }

    fn drain(&mut self) {
        while let Some(idx) = self.queue.pop_front() {
            let fields = self.fields(idx);
            if let Some(s) = self.schemas.get_mut(&idx) {
                s.fields = fields;
            }
        }
    }
}

fn without_sources(fields: &[Field]) -> Vec<Field> {
    fields
        .iter()
        .map(|f| Field {
            source: Source::default(),
            ..f.clone()
        })
        .collect()
}

fn rewrite(ty: &mut Type, map: &HashMap<String, String>) {
    match ty {
        Type::Ref { schema } => {
            if let Some(to) = map.get(schema) {
                *schema = to.clone();
            }
        }
        Type::Array { items } => rewrite(items, map),
        Type::Map { values } => rewrite(values, map),
        _ => {}
    }
}

/// The documentation tool repeats an identical table per status (`ErrorResponse`,
/// `ErrorResponse_1`, ...); those are one type. Tables that differ stay apart.
fn merge_duplicates(op: &mut Operation) {
    let mut map: HashMap<String, String> = HashMap::new();
    let mut kept: Vec<Schema> = Vec::new();
    for s in std::mem::take(&mut op.schemas) {
        let base = strip_dup_suffix(&s.name);
        let same = kept.iter().find(|k| {
            k.side == s.side
                && strip_dup_suffix(&k.name) == base
                && without_sources(&k.fields) == without_sources(&s.fields)
        });
        match same {
            Some(k) => {
                map.insert(s.id.clone(), k.id.clone());
            }
            None => kept.push(s),
        }
    }
    // A merged schema may itself have been referenced through another merged one.
    for s in &mut kept {
        for f in &mut s.fields {
            rewrite(&mut f.ty, &map);
        }
    }
    op.schemas = kept;
    for p in &mut op.parameters {
        rewrite(&mut p.field.ty, &map);
    }
    if let Some(b) = &mut op.request_body {
        rewrite(&mut b.ty, &map);
    }
    for r in &mut op.responses {
        if let Some(b) = &mut r.body {
            rewrite(b, &map);
        }
    }
}

/// Placeholders `{name}` in a template.
fn placeholders(s: &str) -> Vec<String> {
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

pub(crate) fn resolve(
    raw: &Raw,
    op_id: &str,
    title: &str,
    h1_line: u32,
    sink: &mut Sink,
) -> Option<Operation> {
    let (uri_text, uri_line) = match &raw.uri_line {
        Some(u) => u.clone(),
        None => {
            sink.error(
                &Source {
                    line: raw.uri_section_line,
                    ..Source::default()
                },
                "the URI section has no request line",
                "a line such as `GET /v2/{project_id}/instances`",
            );
            return None;
        }
    };
    let uri_src = Source {
        line: uri_line,
        ..Source::default()
    };
    let Some((method, target)) = method_line(&unescape(&uri_text)) else {
        sink.error(
            &uri_src,
            format!("URI line `{uri_text}` has no HTTP method"),
            "`METHOD /path`, METHOD one of GET POST PUT DELETE PATCH HEAD OPTIONS",
        );
        return None;
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q),
        None => (target.clone(), ""),
    };
    let uri_query: Vec<(String, String)> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (kv.to_owned(), String::new()),
        })
        .collect();

    let roles: Vec<Role> = raw.tables.iter().map(role).collect();
    let mut anchors = HashMap::new();
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
    let mut r = Resolver {
        raw,
        op_id: op_id.to_owned(),
        sink,
        roles,
        anchors,
        ids: HashMap::new(),
        used_ids: BTreeSet::new(),
        claimed: BTreeSet::new(),
        queue: VecDeque::new(),
        schemas: BTreeMap::new(),
    };

    let mut parameters: Vec<Parameter> = Vec::new();
    let mut request_body = None;
    let mut responses: BTreeMap<u16, Response> = BTreeMap::new();
    let mut status_codes = Vec::new();
    for (i, t) in raw.tables.iter().enumerate() {
        match r.roles[i] {
            Role::Params(loc) => {
                for f in r.fields(i) {
                    if parameters
                        .iter()
                        .any(|p| p.location == loc && p.field.name == f.name)
                    {
                        r.sink.error(
                            &f.source,
                            format!("parameter `{}` is documented twice", f.name),
                            "each parameter once",
                        );
                        continue;
                    }
                    parameters.push(Parameter {
                        location: loc,
                        field: f,
                    });
                }
            }
            Role::RequestBody => {
                if request_body.is_some() {
                    r.sink.warning(
                        &t.source(None),
                        "a second request body table; it is kept as an object schema",
                    );
                }
                let name = format!("{}RequestBody", r.op_id);
                let id = r.schema_of(i, Some(name));
                request_body.get_or_insert(Body {
                    ty: Type::Ref { schema: id },
                    source: t.source(None),
                });
            }
            Role::ResponseBody | Role::ResponseHeaders => {
                let Some(status) = t.status else {
                    r.sink.error(
                        &t.source(None),
                        "response table outside any `**状态码： N**` block",
                        "a `**状态码： N**` line before the table",
                    );
                    continue;
                };
                let resp = responses.entry(status).or_insert_with(|| Response {
                    status,
                    description: String::new(),
                    headers: Vec::new(),
                    body: None,
                    examples: Vec::new(),
                    source: t.source(None),
                });
                if r.roles[i] == Role::ResponseHeaders {
                    let hs = r.fields(i);
                    if let Some(resp) = responses.get_mut(&status) {
                        resp.headers.extend(hs);
                    }
                } else if resp.body.is_none() {
                    let name = format!("{}Response{status}", r.op_id);
                    let id = r.schema_of(i, Some(name));
                    if let Some(resp) = responses.get_mut(&status) {
                        resp.body = Some(Type::Ref { schema: id });
                    }
                }
            }
            Role::StatusCodes => {
                for (ri, row) in t.table.rows.iter().enumerate() {
                    let at = t.source(Some(ri));
                    let code_text = row.cells.first().map(|c| c.flat()).unwrap_or_default();
                    let Ok(code) = code_text.trim().parse::<u16>() else {
                        r.sink.warning(
                            &at,
                            format!("status code `{code_text}` is not a number; row skipped"),
                        );
                        continue;
                    };
                    let description = row
                        .cells
                        .get(1)
                        .map(|c| describe(c).text)
                        .unwrap_or_default();
                    status_codes.push(StatusCode {
                        code,
                        description,
                        source: at,
                    });
                }
            }
            Role::Ignored => r.sink.warning(
                &t.source(None),
                "table outside the sections of the operation template (URI, 请求参数, 响应参数, 状态码); left out of the IR",
            ),
            Role::Object => {}
        }
        r.drain();
    }
    // Object tables nobody links to still document something: keep them, and say so.
    for i in 0..raw.tables.len() {
        if r.roles[i] == Role::Object && !r.ids.contains_key(&i) {
            let t = &raw.tables[i];
            r.sink.warning(
                &t.source(None),
                "object table is not referenced by any field; kept as a schema",
            );
            r.schema_of(i, None);
            r.drain();
        }
    }

    for (status, line) in &raw.response_statuses {
        responses.entry(*status).or_insert_with(|| Response {
            status: *status,
            description: String::new(),
            headers: Vec::new(),
            body: None,
            examples: Vec::new(),
            source: Source {
                line: *line,
                ..Source::default()
            },
        });
    }
    for sc in &status_codes {
        let resp = responses.entry(sc.code).or_insert_with(|| Response {
            status: sc.code,
            description: String::new(),
            headers: Vec::new(),
            body: None,
            examples: Vec::new(),
            source: sc.source.clone(),
        });
        resp.description = sc.description.clone();
    }
    for (status, ex) in &raw.response_examples {
        let mut ex = ex.clone();
        if ex.raw.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&ex.raw) {
            Ok(v) => ex.json = Some(v),
            Err(e) => r.sink.warning(
                &ex.source,
                format!("response example is not valid JSON ({e}); kept as text"),
            ),
        }
        let status = status.or_else(|| responses.keys().copied().find(|s| (200..300).contains(s)));
        match status.and_then(|s| responses.get_mut(&s)) {
            Some(resp) => resp.examples.push(ex),
            None => r.sink.warning(
                &ex.source,
                "response example for a status with no documented response; dropped",
            ),
        }
    }

    // Every placeholder needs a path parameter, or the client could not fill it.
    let path_params: Vec<&str> = parameters
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| p.field.name.as_str())
        .collect();
    for ph in placeholders(&path) {
        if !path_params.contains(&ph.as_str()) {
            r.sink.error(
                &uri_src,
                format!("placeholder `{{{ph}}}` has no row in the path parameter table"),
                &format!("a `{ph}` row in 路径参数"),
            );
        }
    }
    for p in parameters.iter().filter(|p| p.location == Location::Path) {
        if !placeholders(&path).contains(&p.field.name) {
            r.sink.warning(
                &p.field.source,
                format!(
                    "path parameter `{}` does not appear in the URI",
                    p.field.name
                ),
            );
        }
    }

    let mut op = Operation {
        id: op_id.to_owned(),
        title: title.to_owned(),
        description: raw.intro.join("\n\n"),
        method,
        path,
        uri_query,
        parameters,
        request_body,
        responses: responses.into_values().collect(),
        schemas: r.schemas.into_values().collect(),
        request_examples: raw.request_examples.clone(),
        status_codes,
        source: Source {
            line: h1_line,
            ..Source::default()
        },
    };
    merge_duplicates(&mut op);
    Some(op)
}
