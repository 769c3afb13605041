//! Turns the collected tables into the IR: parameters, bodies, schemas and responses, with
//! every object reference resolved (by anchor link or by caption) and duplicates merged.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use crate::describe::describe;
use crate::diag::Sink;
use crate::ir::{
    Body, Field, Location, Operation, Parameter, Response, Schema, Side, Source, StatusCode, Type,
};
use crate::markdown::unescape;
use crate::page::{METHODS, Raw, RawTable, Section, method_line};
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
        Section::Uri | Section::Request
            if n.to_ascii_lowercase().contains("query") || n.contains("查询参数") =>
        {
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

/// The object tables sharing one side and caption key, in page order, and which of them an
/// unlinked field has already claimed.
#[derive(Debug, Default)]
struct Candidates {
    tables: Vec<usize>,
    /// Union-find over positions: `next[k]` leads to the first unclaimed position at or after
    /// `k` (`tables.len()` when none), so each lookup is near constant however many tables
    /// share a caption.
    next: Vec<usize>,
}

impl Candidates {
    fn first_unclaimed_from(&mut self, k: usize) -> usize {
        let mut root = k;
        while self.next[root] != root {
            root = self.next[root];
        }
        let mut k = k;
        while self.next[k] != root {
            let n = self.next[k];
            self.next[k] = root;
            k = n;
        }
        root
    }
}

/// Object tables by side and caption key, built once so that resolving an unlinked field does
/// not re-read every caption of the page.
#[derive(Debug, Default)]
struct CaptionIndex {
    lists: Vec<Candidates>,
    by_key: HashMap<(Side, String), usize>,
    /// Table index -> (list, position in it).
    slot: HashMap<usize, (usize, usize)>,
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
    /// Next `_N` suffix to try per schema id already taken, so that many tables with one
    /// caption do not each count up from 2.
    next_suffix: HashMap<String, usize>,
    /// Unlinked caption matches; claimed tables pair repeated captions up in order.
    captions: CaptionIndex,
    queue: VecDeque<usize>,
    schemas: BTreeMap<usize, Schema>,
    /// Names of rows already reported as unreadable (too few cells), by table: later checks
    /// that would miss them (a placeholder without its row) stay quiet instead of adding a
    /// second, misleading error.
    unreadable: HashSet<(usize, String)>,
    /// The type cell being resolved links to another page: an object it names but that has
    /// no table here is typed as free-form JSON with a warning, not refused.
    external_link: Option<String>,
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
            let mut n = self.next_suffix.get(&base).copied().unwrap_or(2);
            while self.used_ids.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            self.next_suffix.insert(base, n);
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
    /// whose caption names the field (or the written type name), preferring one no other
    /// field has claimed; failing that the next one, failing that the first.
    fn by_caption(&mut self, from: usize, names: &[&str]) -> Option<usize> {
        let side = self.side(from);
        let mut unclaimed_after: Option<usize> = None;
        let mut after: Option<usize> = None;
        let mut first: Option<usize> = None;
        let min = |a: Option<usize>, b: Option<usize>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for name in names {
            let key = caption_key(name);
            if key.is_empty() {
                continue;
            }
            let Some(&list) = self.captions.by_key.get(&(side, key)) else {
                continue;
            };
            let Some(c) = self.captions.lists.get_mut(list) else {
                continue;
            };
            let p = c.tables.partition_point(|&i| i <= from);
            let u = c.first_unclaimed_from(p);
            unclaimed_after = min(unclaimed_after, c.tables.get(u).copied());
            after = min(after, c.tables.get(p).copied());
            first = min(first, c.tables.iter().copied().find(|&i| i != from));
        }
        let pick = unclaimed_after.or(after).or(first)?;
        if let Some(&(list, pos)) = self.captions.slot.get(&pick) {
            if let Some(c) = self.captions.lists.get_mut(list) {
                c.next[pos] = pos + 1;
            }
        }
        Some(pick)
    }

    /// An anchor the author may have meant by a broken link: that of an object table on the
    /// same side captioned with the link's text.
    fn anchor_hint(&self, from: usize, name: Option<&str>) -> Option<(String, String)> {
        let key = caption_key(name?);
        let list = self.captions.by_key.get(&(self.side(from), key))?;
        self.captions
            .lists
            .get(*list)?
            .tables
            .iter()
            // A hint, not a search: bounded, as a page may hold many broken links.
            .take(64)
            .find_map(|&i| {
                let t = &self.raw.tables[i];
                Some((t.anchor.clone()?, t.label.clone()))
            })
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
                            let expected = match self.anchor_hint(from, name.as_deref()) {
                                Some((hint, table)) => format!(
                                    "a link to an anchor on the page, such as `#{hint}` of table \"{table}\""
                                ),
                                None => format!(
                                    "a table preceded by `<a name=\"{a}\"></a>`, or a link to an anchor on the page"
                                ),
                            };
                            self.sink.error(
                                at,
                                format!("link to anchor `#{a}`, which is not on the page"),
                                &expected,
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
                    None if self.external_link.is_some() => {
                        let href = self.external_link.clone().unwrap_or_default();
                        self.sink.warning(
                            at,
                            format!(
                                "`{}` is described on another page (`{href}`); typed as free-form JSON",
                                name.unwrap_or_default()
                            ),
                        );
                        Type::Any
                    }
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
        // Said in every short row's message, so built (and bounded) once per table.
        let columns_text = shorten(&t.table.header.join(", "), 200);
        for (i, h) in t.table.header.iter().enumerate() {
            if ![cols.name, cols.required, cols.ty, cols.description].contains(&Some(i)) {
                self.sink.warning(
                    &t.source(None),
                    format!("column `{h}` is not understood; its cells are left out of the IR"),
                );
            }
        }
        let mut out: Vec<Field> = Vec::new();
        // Name -> 1-based row, to find a repeated name without rescanning the table.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (r, row) in t.table.rows.iter().enumerate() {
            let at = t.source(Some(r));
            if row.cells.len() < width {
                if let Some(c) = row.cells.get(name_col) {
                    self.unreadable.insert((idx, unescape(&c.flat())));
                }
                self.sink.error(
                    &at,
                    format!(
                        "row has {} cells but the header has {width} columns ({columns_text}); the row cannot be read",
                        row.cells.len()
                    ),
                    &format!("{width} cells, one per column"),
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
            if let Some(first) = seen.get(&name) {
                self.sink.error(
                    &at,
                    format!(
                        "parameter `{name}` is listed twice in this table (first at row {first})"
                    ),
                    "each parameter once per table",
                );
                continue;
            }
            seen.insert(name.clone(), r + 1);
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
            // Only links within the page name a table here; one to another page names an
            // object described there.
            let (local, external): (Vec<String>, Vec<String>) = ty_cell
                .links
                .iter()
                .cloned()
                .partition(|h| h.starts_with('#'));
            self.external_link = external.into_iter().next();
            let ty = match types::parse(&type_text, &local) {
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

/// What two fields are compared on: everything but where they were documented. Destructured
/// in full so that a new `Field` member cannot be left out unnoticed.
#[allow(clippy::type_complexity)]
fn comparable(
    f: &Field,
) -> (
    &String,
    &Option<bool>,
    &Type,
    &String,
    &String,
    &Vec<String>,
    &crate::ir::Constraints,
) {
    let Field {
        name,
        required,
        ty,
        type_text,
        description,
        enum_values,
        constraints,
        source: _,
    } = f;
    (
        name,
        required,
        ty,
        type_text,
        description,
        enum_values,
        constraints,
    )
}

/// Field equality ignoring where the fields were documented.
fn same_fields(a: &[Field], b: &[Field]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| comparable(x) == comparable(y))
}

/// A hashable stand-in for [`same_fields`]: equal fields give equal fingerprints.
fn fingerprint(fields: &[Field]) -> String {
    let view: Vec<_> = fields.iter().map(comparable).collect();
    serde_json::to_string(&view).unwrap_or_default()
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
    // Kept schemas by side, base name and fingerprint: a schema is compared only with those
    // that can equal it, not with every schema kept so far.
    let mut buckets: HashMap<(Side, String, String), Vec<usize>> = HashMap::new();
    for s in std::mem::take(&mut op.schemas) {
        let key = (
            s.side,
            strip_dup_suffix(&s.name).to_owned(),
            fingerprint(&s.fields),
        );
        let bucket = buckets.entry(key).or_default();
        let same = bucket
            .iter()
            .copied()
            .find(|&k| same_fields(&kept[k].fields, &s.fields));
        match same {
            Some(k) => {
                map.insert(s.id.clone(), kept[k].id.clone());
            }
            None => {
                bucket.push(kept.len());
                kept.push(s);
            }
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

/// Says what is wrong with a URI line that is not `METHOD /path`.
fn uri_line_problem(line: &str) -> String {
    let shown = shorten(line, 200);
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    let upper = first.to_ascii_uppercase();
    if METHODS.contains(&upper.as_str()) && upper != first {
        format!("URI line `{shown}`: HTTP method `{first}` is not upper case")
    } else if METHODS.contains(&first) {
        format!("URI line `{shown}` has no path after the HTTP method")
    } else {
        format!("URI line `{shown}` does not start with an HTTP method")
    }
}

/// `s` cut to `max` characters, with `…` when cut: long page text quoted in messages.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
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
                "the `## URI` section has no request line",
                "a line such as `GET /v2/{project_id}/instances` after `## URI`",
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
            uri_line_problem(&uri_text),
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
    let mut captions = CaptionIndex::default();
    for (i, t) in raw.tables.iter().enumerate() {
        if roles[i] != Role::Object {
            continue;
        }
        let side = match t.section {
            Section::Request | Section::Uri => Side::Request,
            _ => Side::Response,
        };
        let next_list = captions.lists.len();
        let list = *captions
            .by_key
            .entry((side, caption_key(&t.name)))
            .or_insert(next_list);
        if list == next_list {
            captions.lists.push(Candidates::default());
        }
        if let Some(c) = captions.lists.get_mut(list) {
            captions.slot.insert(i, (list, c.tables.len()));
            c.tables.push(i);
        }
    }
    for c in &mut captions.lists {
        c.next = (0..=c.tables.len()).collect();
    }
    let mut r = Resolver {
        raw,
        op_id: op_id.to_owned(),
        sink,
        roles,
        anchors,
        ids: HashMap::new(),
        used_ids: BTreeSet::new(),
        next_suffix: HashMap::new(),
        captions,
        queue: VecDeque::new(),
        schemas: BTreeMap::new(),
        unreadable: HashSet::new(),
        external_link: None,
    };

    let mut parameters: Vec<Parameter> = Vec::new();
    // (location, name) -> where it was first documented.
    let mut documented: HashMap<(Location, String), Source> = HashMap::new();
    let mut request_body = None;
    let mut responses: BTreeMap<u16, Response> = BTreeMap::new();
    let mut status_codes = Vec::new();
    for (i, t) in raw.tables.iter().enumerate() {
        match r.roles[i] {
            Role::Params(loc) => {
                for f in r.fields(i) {
                    if let Some(first) = documented.get(&(loc, f.name.clone())) {
                        let table = first.table.as_deref().unwrap_or("a table");
                        let row = first.row.map(|r| format!(", row {r}")).unwrap_or_default();
                        r.sink.error(
                            &f.source,
                            format!(
                                "parameter `{}` is documented twice (first in \"{table}\"{row})",
                                f.name
                            ),
                            "each parameter once",
                        );
                        continue;
                    }
                    documented.insert((loc, f.name.clone()), f.source.clone());
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
                } else {
                    if resp.body.is_some() {
                        r.sink.warning(
                            &t.source(None),
                            format!("a second body table for status {status}; it is kept as an object schema"),
                        );
                    }
                    let name = format!("{}Response{status}", r.op_id);
                    let id = r.schema_of(i, Some(name));
                    if let Some(resp) = responses.get_mut(&status) {
                        resp.body.get_or_insert(Type::Ref { schema: id });
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
    let first_success = responses.keys().copied().find(|s| (200..300).contains(s));
    for (status, ex) in &raw.response_examples {
        let mut ex = ex.clone();
        if ex.raw.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&ex.raw) {
            Ok(v) => ex.json = Some(v),
            Err(e) => {
                // The block's text starts on the line after the fence.
                let (line, what) = crate::page::json_error(&e, ex.source.line + 1);
                r.sink.warning(
                    &Source {
                        line,
                        ..Source::default()
                    },
                    format!("response example is not valid JSON: {what}; kept as text"),
                );
            }
        }
        let status = status.or(first_success);
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
    let path_params: HashSet<&str> = path_params.into_iter().collect();
    let in_path = placeholders(&path);
    let unreadable: HashSet<&str> = r
        .unreadable
        .iter()
        .filter(|(t, _)| r.roles[*t] == Role::Params(Location::Path))
        .map(|(_, name)| name.as_str())
        .collect();
    for ph in &in_path {
        if !path_params.contains(ph.as_str()) && !unreadable.contains(ph.as_str()) {
            r.sink.error(
                &uri_src,
                format!("placeholder `{{{ph}}}` has no row in the path parameter table"),
                &format!("a row named `{ph}` in the 路径参数 table"),
            );
        }
    }
    let in_path: HashSet<&str> = in_path.iter().map(String::as_str).collect();
    for p in parameters.iter().filter(|p| p.location == Location::Path) {
        if !in_path.contains(p.field.name.as_str()) {
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
    unwrap_array_bodies(&mut op);
    merge_duplicates(&mut op);
    Some(op)
}

/// The documentation tool writes a body that is a bare JSON array as a table with one row
/// named like `[数组元素]`: the body is that row's type, not an object holding it.
fn unwrap_array_bodies(op: &mut Operation) {
    let element_row = |id: &str| -> Option<Type> {
        let s = op.schemas.iter().find(|s| s.id == id)?;
        match s.fields.as_slice() {
            [f] if f.name.starts_with('[') && f.name.ends_with(']') => Some(f.ty.clone()),
            _ => None,
        }
    };
    let mut unwrapped = Vec::new();
    let mut unwrap = |ty: &mut Type| {
        if let Type::Ref { schema } = ty {
            if let Some(inner) = element_row(schema) {
                unwrapped.push(schema.clone());
                *ty = inner;
            }
        }
    };
    if let Some(b) = &mut op.request_body {
        unwrap(&mut b.ty);
    }
    for r in &mut op.responses {
        if let Some(b) = &mut r.body {
            unwrap(b);
        }
    }
    op.schemas.retain(|s| !unwrapped.contains(&s.id));
}
