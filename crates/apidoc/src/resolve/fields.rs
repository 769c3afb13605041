//! Rows into fields, and object types into schemas: which table an object field refers to is
//! found by what the row says (a link in any of its cells, a "详情请参见表5", a caption naming
//! the field or its type), on the operation's page or on a page of the same folder.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use super::Role;
use super::library::{Library, Link, TableId, table_numbers};
use crate::describe::describe;
use crate::diag::Sink;
use crate::ir::{Field, Schema, Side, Source, Type};
use crate::markdown::unescape;
use crate::roles::{caption_key, required_of, singulars};
use crate::table::Row;
use crate::types::{self, TypeExpr};

/// What one row says about where its object is described.
struct RowRefs {
    /// Every link of the row: type cell first, then description, then the others.
    links: Vec<String>,
    /// `表N` numbers the type and description cells mention.
    numbers: Vec<String>,
    /// Names the description gives the table it means: the `volume` of "请参见
    /// volume参数说明".
    mentioned: Vec<String>,
}

/// Object names a description mentions as a table: an ASCII name right before 参数, 对象,
/// 字段, 结构 or 数据结构 (`volume参数说明`, `server对象`).
fn mentioned_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["参数", "对象", "字段", "结构", "数据结构"] {
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            let before = rest[..at].trim_end();
            let name: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let name = name.trim_start_matches(['.', '-', ':']).to_owned();
            if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && !out.contains(&name)
            {
                out.push(name);
            }
            rest = &rest[at + marker.len()..];
        }
    }
    out
}

/// Resolves the tables of one operation.
pub(super) struct Resolver<'a> {
    pub lib: &'a Library,
    pub home: usize,
    pub op_id: String,
    pub sink: &'a mut Sink,
    pub roles: Vec<Role>,
    /// Tables that some row links to (by anchor or number): not free for an unlinked field.
    pub linked: HashSet<TableId>,
    ids: HashMap<TableId, String>,
    used_ids: BTreeSet<String>,
    /// Next `_N` suffix to try per schema id already taken, so that many tables with one
    /// caption do not each count up from 2.
    next_suffix: HashMap<String, usize>,
    /// Union-find per (page, caption key) list: `next[k]` leads to the first position at or
    /// after `k` not yet claimed by a field, so repeated captions pair up in order and each
    /// lookup is near constant however many tables share a caption.
    claims: HashMap<(usize, String), Vec<usize>>,
    queue: VecDeque<TableId>,
    sides: HashMap<TableId, Side>,
    /// Schemas by (not on the home page, discovery order, table).
    pub schemas: Vec<((bool, usize), Schema)>,
    slot: HashMap<TableId, usize>,
    /// Names of rows already reported as unreadable (too few cells), by table: later checks
    /// that would miss them (a placeholder without its row) stay quiet instead of adding a
    /// second, misleading error.
    pub unreadable: HashSet<(TableId, String)>,
    /// [`Self::field_names`] per page, computed once.
    names: HashMap<usize, std::rc::Rc<HashSet<String>>>,
}

/// A link to another page (not a fragment of this one, not a web address).
fn is_other_page(href: &str) -> bool {
    let file = href.split('#').next().unwrap_or("");
    !file.is_empty() && !href.contains("://")
}

/// Tables of page `home` that some row of the page points at (a link or a `表N`), each but
/// the row's own table: objects, whatever their rows look like.
pub(super) fn linked_tables(lib: &Library, home: usize) -> HashSet<TableId> {
    let mut out = HashSet::new();
    for (i, t) in lib.raw(home).tables.iter().enumerate() {
        for row in &t.table.rows {
            for cell in &row.cells {
                for href in &cell.links {
                    if let Link::Table(to) = lib.follow(home, href) {
                        if to != (home, i) {
                            out.insert(to);
                        }
                    }
                }
                // "详情请参见表2" next to a link to another page is that page's table 2.
                if cell.links.iter().any(|h| is_other_page(h)) {
                    continue;
                }
                for n in table_numbers(&cell.flat()) {
                    if let Some(to) = lib.number(home, &n) {
                        if to != (home, i) {
                            out.insert(to);
                        }
                    }
                }
            }
        }
    }
    out
}

/// A name usable as a type name: the caption of a classic page is often Chinese prose.
fn ident_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// `s` cut to `max` characters, with `…` when cut: long page text quoted in messages.
pub(super) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
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
    fn eligible(&self, t: TableId) -> bool {
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
                let key = caption_key(&tab.name);
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

    /// Marks `t` as taken by a field, so that a later field with the same caption gets the
    /// next table of that caption.
    fn claim(&mut self, t: TableId) {
        let key = caption_key(&self.lib.table(t).name).to_lowercase();
        let list = self.lib.captioned(t.0, &key);
        let Ok(pos) = list.binary_search(&t.1) else {
            return;
        };
        let next = self
            .claims
            .entry((t.0, key))
            .or_insert_with(|| (0..=list.len()).collect());
        next[pos] = pos + 1;
    }

    /// The first position at or after `k` in the caption list `(page, key)` not yet claimed.
    fn first_unclaimed(&mut self, page: usize, key: &str, k: usize) -> usize {
        let len = self.lib.captioned(page, key).len();
        let next = self
            .claims
            .entry((page, key.to_owned()))
            .or_insert_with(|| (0..=len).collect());
        let mut root = k.min(len);
        while next[root] != root {
            root = next[root];
        }
        let mut k = k.min(len);
        while next[k] != root {
            let n = next[k];
            next[k] = root;
            k = n;
        }
        root
    }

    /// The table captioned like one of `names` (in order of preference) that an unlinked
    /// field on table `from` refers to: on the same page and side, the first after `from` no
    /// other field has claimed; failing that the first after `from`, failing that the first.
    fn by_caption(&mut self, from: TableId, names: &[String]) -> Option<TableId> {
        let side = self.side(from);
        let mut pages = vec![from.0];
        if from.0 != self.home {
            pages.push(self.home);
        }
        let keys: Vec<String> = names
            .iter()
            .map(|n| caption_key(n).to_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        for page in pages {
            for same_side in [true, false] {
                let ok = |r: &Self, i: usize| {
                    let t = (page, i);
                    t != from
                        && r.eligible(t)
                        && (!same_side
                            || t.0 != r.home
                            || super::side_of(r.lib.table(t).section) == side)
                };
                for rank in 0..3 {
                    for key in &keys {
                        let list = self.lib.captioned(page, key);
                        if list.is_empty() {
                            continue;
                        }
                        let after = if page == from.0 {
                            list.partition_point(|&i| i <= from.1)
                        } else {
                            0
                        };
                        // Each search is bounded: a crafted page may hold many tables with
                        // one caption on the other side.
                        let found = match rank {
                            0 => {
                                let k = self.first_unclaimed(page, key, after);
                                list[k.min(list.len())..]
                                    .iter()
                                    .copied()
                                    .take(64)
                                    .find(|&i| ok(self, i) && !self.ids.contains_key(&(page, i)))
                            }
                            1 => list[after.min(list.len())..]
                                .iter()
                                .copied()
                                .take(64)
                                .find(|&i| ok(self, i)),
                            _ => list.iter().copied().take(64).find(|&i| ok(self, i)),
                        };
                        if let Some(i) = found {
                            return Some((page, i));
                        }
                    }
                }
            }
        }
        None
    }

    /// The next object table after `from` on its page that nothing links to and no field has
    /// claimed: where a field typed only `Object` (or `字典数据类型`) with no link and no
    /// matching caption is described, in pages that put the tables in field order.
    fn next_free(&mut self, from: TableId) -> Option<TableId> {
        let side = self.side(from);
        let named = self.field_names(from.0);
        let tables = &self.lib.raw(from.0).tables;
        (from.1 + 1..tables.len())
            .take(64)
            .map(|i| (from.0, i))
            .find(|&t| {
                self.eligible(t)
                    && !self.ids.contains_key(&t)
                    && !self.linked.contains(&t)
                    && (t.0 != self.home || super::side_of(self.lib.table(t).section) == side)
                    // A table captioned with the name of some field belongs to that field.
                    && !named.contains(&caption_key(&self.lib.table(t).name).to_lowercase())
            })
    }

    /// Every field name on a page, lower-cased, with its singular forms.
    fn field_names(&mut self, page: usize) -> std::rc::Rc<HashSet<String>> {
        if let Some(n) = self.names.get(&page) {
            return n.clone();
        }
        let mut out = HashSet::new();
        for t in &self.lib.raw(page).tables {
            let Some(c) = t.columns.name else { continue };
            for row in &t.table.rows {
                if let Some(cell) = row.cells.get(c) {
                    let n = unescape(&cell.flat()).to_lowercase();
                    out.extend(singulars(&n));
                    out.insert(n);
                }
            }
        }
        let out = std::rc::Rc::new(out);
        self.names.insert(page, out.clone());
        out
    }

    /// Finds the table an object field of table `from` refers to.
    #[allow(clippy::too_many_arguments)]
    fn find_object(
        &mut self,
        from: TableId,
        field: &str,
        name: Option<&str>,
        refs: &RowRefs,
        explicit: bool,
        at: &Source,
    ) -> Result<TableId, bool> {
        let page = from.0;
        let mut broken: Option<String> = None;
        let mut outside: Option<String> = None;
        let mut found = None;
        for href in &refs.links {
            match self.lib.follow(page, href) {
                // A link to the table itself is a recursive type (`next` of a list node).
                Link::Table(t) if t == from || self.eligible(t) => {
                    found = Some(t);
                    break;
                }
                Link::MissingAnchor(_) => {
                    broken.get_or_insert_with(|| href.clone());
                }
                Link::MissingPage if href.split('#').next().is_some_and(|f| f.ends_with(".md")) => {
                    outside.get_or_insert_with(|| href.clone());
                }
                _ => {}
            }
        }
        if found.is_none() {
            found = refs
                .numbers
                .iter()
                .filter_map(|n| self.lib.number(page, n))
                .find(|&t| t != from && self.eligible(t));
        }
        if found.is_none() {
            let mut names: Vec<String> = Vec::new();
            let parent = caption_key(&self.lib.table(from).name);
            if !parent.is_empty() {
                names.push(format!("{parent}.{field}"));
            }
            names.push(field.to_owned());
            if let Some(n) = name {
                names.push(n.to_owned());
            }
            names.extend(singulars(field));
            if let Some(n) = name {
                names.extend(singulars(n));
            }
            names.extend(refs.mentioned.iter().cloned());
            found = self.by_caption(from, &names);
        }
        if found.is_none() {
            // A link to a page that does not name a table ("请参见 查询单个云硬盘详情 响应中的
            // volume参数说明表格"): the table of that page the row names.
            found = self.on_linked_page(from, field, name, refs);
        }
        if found.is_none() && explicit {
            found = self.next_free(from);
        }
        match (&broken, found) {
            (Some(href), Some(t)) => {
                let label = self.lib.table(t).label.clone();
                self.sink.warning(
                    at,
                    format!("link to `{href}`, which is not on the page; the field refers to table \"{label}\" instead"),
                );
            }
            (Some(href), None) => self.sink.warning(
                at,
                format!("link to `{href}`, which is not on the page; typed as free-form JSON"),
            ),
            (None, None) => {
                if let Some(href) = outside {
                    self.sink.warning(
                        at,
                        format!(
                            "`{}` is described on another page (`{href}`) that is not in the folder; typed as free-form JSON",
                            name.unwrap_or(field)
                        ),
                    );
                    return Err(true);
                }
            }
            _ => {}
        }
        found.ok_or(broken.is_some())
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
        let mut links = Vec::new();
        for c in [cols.ty, cols.description, Some(cols.name.unwrap_or(0))]
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
        };
        let ty = if cols.ty.is_some() && !type_text.trim().is_empty() {
            match types::parse(&type_text) {
                Ok(e) => {
                    let mut target = None;
                    self.resolve_expr(e, t, &name, &refs, &at, &mut target)
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
            // No type written: an object when the row points at a table, else a string.
            match self.find_linked(t, &refs) {
                Some(target) => {
                    let side = self.side(t);
                    Type::Ref {
                        schema: self.schema_of(target, side, Some(name.clone()), false),
                    }
                }
                None => Type::String,
            }
        };
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

    /// A table captioned with the field's, the type's or a mentioned name on a page of the
    /// folder that a row links to without naming a table.
    fn on_linked_page(
        &self,
        from: TableId,
        field: &str,
        name: Option<&str>,
        refs: &RowRefs,
    ) -> Option<TableId> {
        let mut keys: Vec<String> = refs.mentioned.clone();
        keys.push(field.to_owned());
        keys.extend(name.map(str::to_owned));
        keys.extend(singulars(field));
        for href in &refs.links {
            let file = href.split('#').next().unwrap_or("");
            if file.is_empty() || href.contains("://") {
                continue;
            }
            let Some(page) = self.lib.page_named(file) else {
                continue;
            };
            for k in &keys {
                let key = caption_key(k);
                if let Some(&i) = self.lib.captioned(page, &key).first() {
                    let t = (page, i);
                    if t != from && (page != self.home || self.eligible(t)) {
                        return Some(t);
                    }
                }
            }
        }
        None
    }

    /// A table a row points at explicitly (a link to an anchor, or a number), for rows with
    /// no type: a link to a whole page says where to read more, not what the value is.
    fn find_linked(&self, from: TableId, refs: &RowRefs) -> Option<TableId> {
        for href in refs.links.iter().filter(|h| h.contains('#')) {
            if let Link::Table(t) = self.lib.follow(from.0, href) {
                if t == from || self.eligible(t) {
                    return Some(t);
                }
            }
        }
        refs.numbers
            .iter()
            .filter_map(|n| self.lib.number(from.0, n))
            .find(|&t| t != from && self.eligible(t))
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
