//! The resolver of one operation: rows into fields (name, required-ness, type, description,
//! constraints), object types into schemas with ids unique in the operation, tables read in
//! the order fields reach them. Which table an object means is `objects.rs`.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use super::Role;
use super::library::{Library, Link, TableId, may_name_table, table_numbers};
use super::objects::{RowRefs, mentioned_names};
use crate::describe::describe;
use crate::diag::Sink;
use crate::ir::{Field, Schema, Side, Source, Type};
use crate::markdown::unescape;
use crate::page::RawTable;
use crate::roles::{caption_key, required_of};
use crate::table::Row;
use crate::types::{self, TypeExpr};

/// Resolves the tables of one operation.
pub(super) struct Resolver<'a> {
    pub(super) lib: &'a Library,
    pub(super) home: usize,
    pub(super) op_id: String,
    pub(super) sink: &'a mut Sink,
    pub(super) roles: Vec<Role>,
    /// Tables that some row links to (by anchor or number): not free for an unlinked field.
    pub(super) linked: HashSet<TableId>,
    pub(super) ids: HashMap<TableId, String>,
    pub(super) used_ids: BTreeSet<String>,
    /// Next `_N` suffix to try per schema id already taken, so that many tables with one
    /// caption do not each count up from 2.
    pub(super) next_suffix: HashMap<String, usize>,
    /// Union-find per (page, caption key) list: `next[k]` leads to the first position at or
    /// after `k` not yet claimed by a field, so repeated captions pair up in order and each
    /// lookup is near constant however many tables share a caption.
    pub(super) claims: HashMap<(usize, String), Vec<usize>>,
    pub(super) queue: VecDeque<TableId>,
    pub(super) sides: HashMap<TableId, Side>,
    /// Schemas by (not on the home page, discovery order, table).
    pub(super) schemas: Vec<((bool, usize), Schema)>,
    pub(super) slot: HashMap<TableId, usize>,
    /// Names of rows already reported as unreadable (too few cells), by table: later checks
    /// that would miss them (a placeholder without its row) stay quiet instead of adding a
    /// second, misleading error.
    pub(super) unreadable: HashSet<(TableId, String)>,
    /// [`Self::field_names`] per page, computed once.
    pub(super) names: HashMap<usize, std::rc::Rc<HashSet<String>>>,
}

/// A link to another page (not a fragment of this one, not a web address).
fn is_other_page(href: &str) -> bool {
    let file = href.split('#').next().unwrap_or("");
    !file.is_empty() && !href.contains("://")
}

/// Tables of page `home` that some row of the page points at (a link or a `表N`), each but
/// the row's own table: objects, whatever their rows look like. A link back to a table that
/// leads to the row's own (`当表2中task_type为list时…` in a member of table 2's `src_node`) is
/// a note about the parent, not a type: it does not make the parent an object.
pub(super) fn linked_tables(lib: &Library, home: usize) -> HashSet<TableId> {
    let mut edges: Vec<(usize, TableId)> = Vec::new();
    let mut seen: HashSet<(usize, TableId)> = HashSet::new();
    for (i, t) in lib.raw(home).tables.iter().enumerate() {
        let mut add = |to: TableId| {
            if to != (home, i) && seen.insert((i, to)) {
                edges.push((i, to));
            }
        };
        for row in &t.table.rows {
            for cell in &row.cells {
                for href in &cell.links {
                    if let Link::Table(to) = lib.follow(home, href) {
                        add(to);
                    }
                }
                // "详情请参见表2" next to a link to another page is that page's table 2.
                if cell.links.iter().any(|h| is_other_page(h)) {
                    continue;
                }
                let text = cell.flat();
                for n in table_numbers(&text) {
                    if let Some(to) = lib.number(home, &n) {
                        add(to);
                    }
                }
                if may_name_table(&text)
                    && let Some(to) = lib.caption_named(home, &unescape(&text))
                {
                    add(to);
                }
            }
        }
    }
    let forward = ForwardLinks::new(home, &edges);
    let mut budget = BACK_LINK_BUDGET;
    edges
        .iter()
        .filter(|&&(from, to)| {
            let back = to.0 == home && to.1 < from;
            !(back && forward.reaches(to.1, from, &mut budget))
        })
        .map(|&(_, to)| to)
        .collect()
}

/// Steps the back-link check may take over one page: pages have tens of tables; a crafted
/// page with thousands of links keeps its links (as before the check) rather than costing
/// quadratic time.
const BACK_LINK_BUDGET: usize = 100_000;

/// The links of one page from a table to a later table of the same page: a graph without
/// cycles, in which "table j leads to table i" is a walk.
struct ForwardLinks {
    next: HashMap<usize, Vec<usize>>,
}

impl ForwardLinks {
    fn new(home: usize, edges: &[(usize, TableId)]) -> Self {
        let mut next: HashMap<usize, Vec<usize>> = Default::default();
        for &(from, to) in edges {
            if to.0 == home && to.1 > from {
                next.entry(from).or_default().push(to.1);
            }
        }
        ForwardLinks { next }
    }

    /// True when `from` leads to `to` through forward links, within `budget` steps.
    fn reaches(&self, from: usize, to: usize, budget: &mut usize) -> bool {
        let mut stack = vec![from];
        let mut seen = HashSet::new();
        while let Some(t) = stack.pop() {
            if t == to {
                return true;
            }
            if t > to || !seen.insert(t) {
                continue;
            }
            for &n in self.next.get(&t).map_or(&[][..], Vec::as_slice) {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                stack.push(n);
            }
        }
        false
    }
}

/// A name usable as a type name: the caption of a classic page is often Chinese prose.
fn ident_like(s: &str) -> bool {
    let word = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
    };
    // `Widget Rule`: a name in a few words, as some captions write it.
    let words: Vec<&str> = s.split(' ').collect();
    (1..=4).contains(&words.len()) && words.iter().all(|w| word(w))
}

/// `s` cut to `max` characters, with `…` when cut: long page text quoted in messages.
pub(super) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// An object whose description says it is a map (`addresses | Object | 属性为Map<String,
/// Object>结构。key为网络名称，value详情请参见表1`): a map whose values are what the map's
/// value type says, the object the row resolved to standing for its `Object`.
fn map_said(type_text: &str, description: &str, ty: Type) -> Type {
    let one_object = matches!(types::parse(type_text), Ok(TypeExpr::Object { .. }));
    if !one_object || !matches!(ty, Type::Ref { .. } | Type::Any) {
        return ty;
    }
    match types::map_in_text(description) {
        Some(TypeExpr::Map(value)) => Type::Map {
            values: Box::new(map_value(*value, &ty)),
        },
        _ => ty,
    }
}

/// A map's value type, `object` standing for what an object in it resolves to.
fn map_value(e: TypeExpr, object: &Type) -> Type {
    match e {
        TypeExpr::Prim(t) => t,
        TypeExpr::Array(inner) => Type::Array {
            items: Box::new(map_value(*inner, object)),
        },
        TypeExpr::Map(inner) => Type::Map {
            values: Box::new(map_value(*inner, object)),
        },
        TypeExpr::Object { .. } | TypeExpr::Json => object.clone(),
    }
}

impl<'a> Resolver<'a> {
    pub(super) fn new(
        lib: &'a Library,
        home: usize,
        op_id: &str,
        sink: &'a mut Sink,
        roles: Vec<Role>,
        linked: HashSet<TableId>,
    ) -> Self {
        Resolver {
            lib,
            home,
            op_id: op_id.to_owned(),
            sink,
            roles,
            linked,
            ids: HashMap::new(),
            used_ids: BTreeSet::new(),
            next_suffix: HashMap::new(),
            claims: HashMap::new(),
            queue: VecDeque::new(),
            sides: HashMap::new(),
            schemas: Vec::new(),
            slot: HashMap::new(),
            unreadable: HashSet::new(),
            names: HashMap::new(),
        }
    }

    /// The side a table documents.
    pub(super) fn side(&self, t: TableId) -> Side {
        if let Some(s) = self.sides.get(&t) {
            return *s;
        }
        if t.0 == self.home {
            super::side_of(self.lib.table(t).section)
        } else {
            Side::Response
        }
    }

    /// Source of a table (or a row of it), naming its page when it is not the home page.
    pub(super) fn source(&self, t: TableId, row: Option<usize>) -> Source {
        let mut s = self.lib.table(t).source(row);
        if t.0 != self.home {
            s.file = Some(self.lib.file(t.0).to_owned());
        }
        s
    }

    /// A table an unlinked field may refer to: an object table of the home page, or any
    /// field table of another page.
    pub(super) fn eligible(&self, t: TableId) -> bool {
        if t.0 == self.home {
            self.roles.get(t.1) == Some(&Role::Object)
        } else {
            self.lib.table(t).columns.is_fields()
        }
    }

    /// The schema id of table `t`, assigning one (and queueing the table) on first use.
    /// `hint` is the name to use when the table has no usable one of its own (the body's
    /// `XRequestBody`, or the field that refers to a table captioned in prose).
    pub(super) fn schema_of(
        &mut self,
        t: TableId,
        side: Side,
        hint: Option<String>,
        root: bool,
    ) -> String {
        if let Some(id) = self.ids.get(&t) {
            return id.clone();
        }
        let tab = self.lib.table(t);
        let explorer = tab
            .anchor
            .as_deref()
            .filter(|a| a.starts_with("request_") || a.starts_with("response_"));
        let (mut id, name) = match explorer {
            Some(a) => {
                let name = a.split_once('_').map(|(_, n)| n).unwrap_or(a).to_owned();
                (a.to_owned(), name)
            }
            _ => {
                // No name from a caption that names none (`Parameters`) or several
                // (`free_trials and one_yuan_trials parameters`): the field's name then.
                let key = if crate::roles::names_no_object(&tab.name)
                    || crate::roles::caption_keys(&tab.name).len() > 1
                {
                    String::new()
                } else {
                    caption_key(&tab.name)
                };
                let name = if root {
                    hint.unwrap_or(key)
                } else if ident_like(&key) {
                    key
                } else {
                    hint.filter(|h| ident_like(h))
                        .unwrap_or_else(|| "Object".to_owned())
                };
                let prefix = match side {
                    Side::Request => "request",
                    Side::Response => "response",
                };
                (format!("{prefix}_{}", name.replace(' ', "_")), name)
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
        self.ids.insert(t, id.clone());
        self.sides.insert(t, side);
        let order = (
            t.0 != self.home,
            if t.0 == self.home {
                t.1
            } else {
                self.schemas.len()
            },
        );
        self.slot.insert(t, self.schemas.len());
        self.schemas.push((
            order,
            Schema {
                id: id.clone(),
                name,
                side,
                fields: Vec::new(),
                source: self.source(t, None),
            },
        ));
        self.queue.push_back(t);
        self.claim(t);
        id
    }

    /// The type of an object field whose table was not found: a misspelled scalar
    /// (`Interger`), else free-form JSON, said either way.
    fn unresolved(&mut self, name: Option<&str>, field: &str, broken: bool, at: &Source) -> Type {
        let Some(n) = name else { return Type::Any };
        if let Some((t, word)) = types::misspelled(n) {
            self.sink.warning(
                at,
                format!("unknown type `{n}` read as `{word}`, the type word it is one letter from"),
            );
            return t;
        }
        if !broken {
            self.sink.warning(
                at,
                format!("unknown type `{n}`: no link and no table captioned `{n}` or `{field}`; typed as free-form JSON"),
            );
        }
        Type::Any
    }

    fn resolve_expr(
        &mut self,
        e: TypeExpr,
        from: TableId,
        field: &str,
        refs: &RowRefs,
        at: &Source,
        target: &mut Option<Result<TableId, bool>>,
    ) -> Type {
        match e {
            TypeExpr::Prim(t) => t,
            TypeExpr::Array(inner) => Type::Array {
                items: Box::new(self.resolve_expr(*inner, from, field, refs, at, target)),
            },
            TypeExpr::Map(inner) => Type::Map {
                values: Box::new(self.resolve_expr(*inner, from, field, refs, at, target)),
            },
            // `JSON` with a link, a `表N` or a table captioned with its name is that table;
            // otherwise any value.
            TypeExpr::Json => match self.find_linked(from, refs).or_else(|| {
                let names = [field.to_owned()];
                self.by_caption(from, &names)
            }) {
                Some(t) => {
                    let side = self.side(from);
                    Type::Ref {
                        schema: self.schema_of(t, side, Some(field.to_owned()), false),
                    }
                }
                None => Type::Any,
            },
            TypeExpr::Object { name } => {
                let t = match target {
                    Some(t) => *t,
                    None => {
                        let t = self.find_object(
                            from,
                            field,
                            name.as_deref(),
                            refs,
                            name.is_none(),
                            at,
                        );
                        *target = Some(t);
                        t
                    }
                };
                match t {
                    Ok(t) => {
                        let side = self.side(from);
                        Type::Ref {
                            schema: self.schema_of(t, side, Some(field.to_owned()), false),
                        }
                    }
                    Err(said) => self.unresolved(name.as_deref(), field, said, at),
                }
            }
        }
    }

    /// The fields of table `t`.
    pub(super) fn fields(&mut self, t: TableId) -> Vec<Field> {
        let lib = self.lib;
        let tab = lib.table(t);
        let cols = tab.columns.clone();
        let Some(name_col) = cols.name else {
            self.sink.error(
                &self.source(t, None),
                format!(
                    "cannot tell the columns apart in header {:?}",
                    tab.table.header
                ),
                "a header with 参数 and 参数类型 columns",
            );
            return Vec::new();
        };
        let width = tab.table.header.len();
        // Said in every short row's message, so built (and bounded) once per table.
        let columns_text = shorten(&tab.table.header.join(", "), 200);
        let mut out: Vec<Field> = Vec::new();
        // Name -> 1-based row, to find a repeated name without rescanning the table.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (r, row) in tab.table.rows.iter().enumerate() {
            let at = self.source(t, Some(r));
            if row.cells.len() < width {
                if let Some(c) = row.cells.get(name_col) {
                    self.unreadable.insert((t, unescape(&c.flat())));
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
                self.sink.warning(
                    &at,
                    format!(
                        "parameter `{name}` is listed twice in this table (first at row {first}); this row is left out"
                    ),
                );
                continue;
            }
            seen.insert(name.clone(), r + 1);
            if let Some(f) = self.field(t, row, &cols, name, at) {
                out.push(f);
            }
        }
        out
    }

    fn field(
        &mut self,
        t: TableId,
        row: &Row,
        cols: &crate::roles::Columns,
        name: String,
        at: Source,
    ) -> Option<Field> {
        let cell_text = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map(|c| c.flat());
        let required = cols.required.and_then(|c| {
            let text = row.cells[c].flat();
            let v = required_of(&text);
            if v.is_none() && !text.trim().is_empty() && text.trim() != "-" {
                self.sink.warning(
                    &at,
                    format!(
                        "cannot read required-ness `{}`; treated as optional",
                        shorten(&text, 60)
                    ),
                );
            }
            v.or(Some(false))
        });
        let type_text = cell_text(cols.ty).unwrap_or_default();
        let mut d = cols
            .description
            .and_then(|c| row.cells.get(c))
            .map(describe)
            .unwrap_or_default();
        for extra in [cols.range, cols.default] {
            if let Some(text) = cell_text(extra).filter(|s| !s.is_empty() && s != "-") {
                if extra == cols.default && d.constraints.default.is_none() {
                    d.constraints.default = Some(text);
                } else if d.text.is_empty() {
                    d.text = text;
                } else {
                    d.text = format!("{}\n{text}", d.text);
                }
            }
        }
        // The name cell's own link comes before the description's: a description may link
        // the siblings it mentions ("a与b二选一"), while a linked name is the row's own table.
        let mut links = Vec::new();
        for c in [cols.ty, Some(cols.name.unwrap_or(0)), cols.description]
            .into_iter()
            .flatten()
            .chain(0..row.cells.len())
        {
            if let Some(cell) = row.cells.get(c) {
                for l in &cell.links {
                    if !links.contains(l) {
                        links.push(l.clone());
                    }
                }
            }
        }
        let mut said = type_text.clone();
        said.push(' ');
        said.push_str(&cell_text(cols.description).unwrap_or_default());
        let numbers = if links.iter().any(|h| is_other_page(h)) {
            // The text names the other page's table (the link's text), not one of this page.
            Vec::new()
        } else {
            table_numbers(&said)
        };
        let refs = RowRefs {
            links,
            numbers,
            mentioned: mentioned_names(&cell_text(cols.description).unwrap_or_default()),
            said: unescape(&said),
        };
        let ty = if cols.ty.is_some() && !type_text.trim().is_empty() {
            match types::parse(&type_text) {
                Ok(e) => {
                    let mut target = None;
                    let ty = self.resolve_expr(e, t, &name, &refs, &at, &mut target);
                    self.overrule_scalar(t, &name, &refs, ty, &at)
                }
                // Words the type parser does not know, but the row points at a table: an
                // object (a list of them when the words say so).
                Err(what) => match self.find_linked(t, &refs) {
                    Some(target) => {
                        let side = self.side(t);
                        let schema = Type::Ref {
                            schema: self.schema_of(target, side, Some(name.clone()), false),
                        };
                        let lower = type_text.to_ascii_lowercase();
                        if ["array", "list", "数组", "列表"]
                            .iter()
                            .any(|w| lower.contains(w))
                        {
                            Type::Array {
                                items: Box::new(schema),
                            }
                        } else {
                            schema
                        }
                    }
                    None => {
                        self.sink
                            .warning(&at, format!("{what}; typed as free-form JSON"));
                        Type::Any
                    }
                },
            }
        } else {
            // No type written: an object when the row points at a table, else a string. A
            // parameter is a value, never an object: where its row points at a table it says
            // where the value comes from (`请参见表4中获取的id`), so it takes the type of the
            // member the text names, else a string.
            match self.find_linked(t, &refs) {
                Some(target) if self.is_parameter_table(t) => {
                    member_named(self.lib.table(target), &d.text).unwrap_or(Type::String)
                }
                Some(target) => {
                    let side = self.side(t);
                    Type::Ref {
                        schema: self.schema_of(target, side, Some(name.clone()), false),
                    }
                }
                None => Type::String,
            }
        };
        // `字典数据类型` says "a structure" whether there is one or a list of them; the
        // description says which (`后端参数列表` against `web后端详情`).
        let first_line = d.text.lines().next().unwrap_or("");
        let ty = match ty {
            Type::Ref { .. } | Type::Any
                if types::is_dict_word(&type_text)
                    && (first_line.contains("列表") || first_line.contains("数组")) =>
            {
                Type::Array {
                    items: Box::new(ty),
                }
            }
            other => other,
        };
        let ty = map_said(&type_text, &d.text, ty);
        Some(Field {
            name,
            required,
            ty,
            type_text,
            description: d.text,
            enum_values: d.enum_values,
            constraints: d.constraints,
            source: at,
        })
    }

    /// Whether `t` is one of the home page's parameter tables (path, query, header).
    fn is_parameter_table(&self, t: TableId) -> bool {
        t.0 == self.home && matches!(self.roles.get(t.1), Some(Role::Params(_)))
    }

    /// Reads every queued table into its schema.
    pub(super) fn drain(&mut self) {
        while let Some(t) = self.queue.pop_front() {
            let fields = self.fields(t);
            if let Some(&k) = self.slot.get(&t) {
                self.schemas[k].1.fields = fields;
            }
        }
    }

    /// Whether table `t` has been given a schema.
    pub(super) fn has_schema(&self, t: TableId) -> bool {
        self.ids.contains_key(&t)
    }
}

/// The scalar type of the member of `table` that `text` names as a word (`表4中获取的id`
/// names `id`); the longest such name wins, so `task_id` beats `id`.
fn member_named(table: &RawTable, text: &str) -> Option<Type> {
    let (name_col, ty_col) = (table.columns.name?, table.columns.ty?);
    table
        .table
        .rows
        .iter()
        .filter_map(|row| {
            let name = unescape(&row.cells.get(name_col)?.flat());
            let name = name.trim().to_owned();
            (!name.is_empty() && names_word(text, &name)).then_some((name, row.cells.get(ty_col)?))
        })
        .max_by_key(|(name, _)| name.len())
        .and_then(|(_, cell)| match types::parse(&cell.flat()) {
            Ok(TypeExpr::Prim(ty)) if ty != Type::Any => Some(ty),
            _ => None,
        })
}

/// Whether `word` stands in `text` as a whole identifier (no letter, digit or `_` beside it).
fn names_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}
