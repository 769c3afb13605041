//! Which table an object field refers to: by what its row says (a link in any of its cells,
//! a "详情请参见表5", a caption naming the field or its type, a name its description gives on a
//! linked page), or by position for a bare `Object`; and the claims that pair repeated
//! captions with fields in page order.

use std::collections::HashSet;

use super::fields::Resolver;
use super::library::{Link, TableId};
use crate::ir::Source;
use crate::markdown::unescape;
use crate::roles::{caption_key, singulars};

/// What one row says about where its object is described.
pub(super) struct RowRefs {
    /// Every link of the row: type cell first, then name, then description, then the others.
    pub(super) links: Vec<String>,
    /// `表N` numbers the type and description cells mention.
    pub(super) numbers: Vec<String>,
    /// Names the description gives the table it means: the `volume` of "请参见
    /// volume参数说明".
    pub(super) mentioned: Vec<String>,
    /// The type and description cells: where a whole caption may be named.
    pub(super) said: String,
}

/// Object names a description mentions as a table: an ASCII name right before 参数, 对象,
/// 字段, 结构 or 数据结构 (`volume参数说明`, `server对象`).
pub(super) fn mentioned_names(text: &str) -> Vec<String> {
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

impl Resolver<'_> {
    /// Marks `t` as taken by a field, so that a later field with the same caption gets the
    /// next table of that caption.
    pub(super) fn claim(&mut self, t: TableId) {
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
    pub(super) fn by_caption(&mut self, from: TableId, names: &[String]) -> Option<TableId> {
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
    pub(super) fn find_object(
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
        if found.is_none() {
            found = refs
                .numbers
                .iter()
                .filter_map(|n| self.lib.number(page, n))
                .find(|&t| t != from && self.eligible(t));
            // A `表N` of a response row that names a request table (numbers copied from the
            // request section) while a table of this side carries the field's or type's
            // name: the number is the copy's, the name is the row's.
            if let Some(t) = found.filter(|&t| self.crosses_sides(from, t)) {
                let named = self.by_caption(from, &names);
                if named.is_some_and(|n| !self.crosses_sides(from, n)) {
                    found = named;
                } else {
                    found = Some(t);
                }
            }
        }
        if found.is_none() {
            found = self
                .lib
                .caption_named(page, &refs.said)
                .filter(|&t| t != from && self.eligible(t));
        }
        if found.is_none() {
            found = self.by_caption(from, &names);
        }
        if found.is_none() {
            found = name.and_then(|n| self.by_anchor_name(from, n));
        }
        if found.is_none() {
            // A link to a page that does not name a table ("请参见 查询单个云硬盘详情 响应中的
            // volume参数说明表格"): the table of that page the row names.
            found = self.on_linked_page(from, field, name, refs);
        }
        if found.is_none() && explicit {
            found = self.next_free(from);
        }
        if found.is_none() {
            // Last: the one table of the whole folder captioned with the field's or the
            // type's name (`nat_gateway | Dict`, described on the listing's page).
            found = [Some(field), name]
                .into_iter()
                .flatten()
                .find_map(|n| self.lib.only_captioned(&caption_key(n)))
                .filter(|&t| t != from && self.eligible(t));
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

    /// True when `to` is a table of the home page on the other side of the call from `from`.
    fn crosses_sides(&self, from: TableId, to: TableId) -> bool {
        to.0 == self.home && from.0 == self.home && self.side(to) != self.side(from)
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
    pub(super) fn find_linked(&self, from: TableId, refs: &RowRefs) -> Option<TableId> {
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
}
