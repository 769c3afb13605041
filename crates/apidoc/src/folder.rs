//! A folder of pages read together: links between pages resolve (shared data-structure
//! pages), every operation gets an id unique in the folder, and a maintainer's
//! `operation-ids.txt` pins or renames ids.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diag::{Severity, Sink};
use crate::ir::{IdSource, Source, Template};
use crate::page::Raw;
use crate::request_line::RequestLine;
use crate::resolve::{self, Kind, Library, OpInfo, PageDoc};
use crate::roles::SectionRole;
use crate::{ParsedPage, opid};

/// The maintainer file beside the pages that pins operation ids.
pub const OVERRIDES_FILE: &str = "operation-ids.txt";

/// Options for [`parse_folder`].
#[derive(Debug, Clone, Default)]
pub struct FolderOptions {
    /// The service the folder documents (`vpc`): dropped from derived ids where a path repeats
    /// it (`/v3/{project_id}/vpc/...`).
    pub service: Option<String>,
    /// The `operation-ids.txt` beside the pages: its name as shown in diagnostics, and its
    /// bytes.
    pub overrides: Option<(String, Vec<u8>)>,
    /// Read the pages (each page's blocks, sections, tables and error codes, then each
    /// operation's resolution) on up to this many threads; 0 and 1 read on the calling
    /// thread. The result is the same for any number.
    pub threads: usize,
}

/// An operation page before it is resolved.
struct Pending {
    page: usize,
    line: RequestLine,
    line_at: u32,
    id: String,
    source: IdSource,
    template: Template,
    /// The id method and path give, whatever the page says.
    derived: String,
}

/// An `operation-ids.txt` line.
struct Pin {
    key: PinKey,
    id: String,
    line: u32,
    used: bool,
}

enum PinKey {
    File(String),
    Route(String, String),
}

/// `/v2/{project_id}/x/{id}` and `/v2/{pid}/x/{x_id}/` are the same route.
fn route(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_ph = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_ph = true;
                out.push_str("{}");
            }
            '}' => in_ph = false,
            _ if in_ph => {}
            _ => out.push(c),
        }
    }
    out
}

fn read_pins(name: &str, bytes: &[u8], diags: &mut Sink) -> Vec<Pin> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        diags.error(
            &Source {
                line: 1,
                ..Source::default()
            },
            format!("{name} is not valid UTF-8"),
            "UTF-8 text",
        );
        return Vec::new();
    };
    let mut pins = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let at = Source {
            line,
            ..Source::default()
        };
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some((k, v)) = t.rsplit_once('=') else {
            diags.error(
                &at,
                format!("cannot read `{t}`"),
                "`PAGE.md = OperationId` or `METHOD /path = OperationId`",
            );
            continue;
        };
        let (k, id) = (k.trim(), v.trim());
        if !opid::valid(id) {
            diags.error(
                &at,
                format!("`{id}` is not an operation id"),
                "ASCII letters, digits and `_`, starting with an upper-case letter",
            );
            continue;
        }
        let key = match k.split_once(char::is_whitespace) {
            Some((m, p))
                if crate::request_line::METHODS.contains(&m) && p.trim().starts_with('/') =>
            {
                PinKey::Route(m.to_owned(), route(p.trim()))
            }
            _ => PinKey::File(k.to_owned()),
        };
        pins.push(Pin {
            key,
            id: id.to_owned(),
            line,
            used: false,
        });
    }
    pins
}

/// The page's request-body table: the first table of fields in the request section that is
/// not one of parameters or headers.
fn body_table(raw: &Raw) -> Option<&crate::page::RawTable> {
    raw.tables.iter().find(|t| {
        t.section == SectionRole::Request
            && t.columns.is_fields()
            && !crate::page::mentions_error(&t.lead)
            && !squash_has(&t.name, &["header", "路径", "path", "query", "消息头"])
    })
}

/// The name of a body's first member, to tell apart operations on one method and path.
fn body_key(raw: &Raw) -> Option<String> {
    let t = body_table(raw)?;
    let c = t.columns.name?;
    let first = t.table.rows.first()?.cells.get(c)?.flat();
    let first = crate::markdown::unescape(&first);
    (!first.is_empty()).then_some(first)
}

/// Body members whose description documents one value ([`opid::documented_value`]):
/// (member, value), in page order.
fn body_values(raw: &Raw) -> Vec<(String, String)> {
    let Some(t) = body_table(raw) else {
        return Vec::new();
    };
    let (Some(n), Some(d)) = (t.columns.name, t.columns.description) else {
        return Vec::new();
    };
    t.table
        .rows
        .iter()
        .filter_map(|r| {
            let name = crate::markdown::unescape(&r.cells.get(n)?.flat());
            let value = opid::documented_value(&r.cells.get(d)?.flat())?;
            Some((name.trim().to_owned(), value))
        })
        .collect()
}

/// The one value the body's `action` member documents, which names what an action path does.
fn action_value(raw: &Raw) -> Option<String> {
    body_values(raw)
        .into_iter()
        .find(|(m, _)| m.eq_ignore_ascii_case("action"))
        .map(|(_, v)| v)
}

/// True for a page whose title marks it deprecated.
fn deprecated(lib: &Library, page: usize) -> bool {
    lib.raw(page)
        .h1
        .as_ref()
        .is_some_and(|h| opid::deprecation(&h.0, "").is_some())
}

fn squash_has(s: &str, words: &[&str]) -> bool {
    let s = crate::roles::squash(s);
    words.iter().any(|w| s.contains(w))
}

/// The first pass over one page: decoding checks, blocks, sections and tables.
fn first_pass(file: &str, bytes: &[u8]) -> (Raw, Sink) {
    let mut sink = Sink::new(file);
    let raw = match crate::decode(bytes, &mut sink) {
        Some(text) => {
            let blocks = crate::markdown::blocks(text);
            crate::page::walk(&blocks, &mut sink)
        }
        None => Raw::default(),
    };
    (raw, sink)
}

/// Reads a folder of pages. `pages` are (name, bytes) in the order results are wanted.
pub fn parse_folder(pages: &[(String, Vec<u8>)], options: &FolderOptions) -> Vec<ParsedPage> {
    parse_folder_reading(pages, options, false).0
}

/// [`parse_folder`], and the error-code catalogue of every page ([`crate::error_codes`])
/// read from the same first pass, in page order: each page's HTML is parsed once for both.
pub fn parse_folder_with_catalogue(
    pages: &[(String, Vec<u8>)],
    options: &FolderOptions,
) -> (Vec<ParsedPage>, Vec<crate::Catalogue>) {
    parse_folder_reading(pages, options, true)
}

fn parse_folder_reading(
    pages: &[(String, Vec<u8>)],
    options: &FolderOptions,
    with_codes: bool,
) -> (Vec<ParsedPage>, Vec<crate::Catalogue>) {
    let mut sinks = Vec::with_capacity(pages.len());
    let mut docs = Vec::with_capacity(pages.len());
    let mut catalogues = Vec::new();
    // Each page's first pass reads that page alone; the passes come back in page order.
    let firsts = crate::work::run(pages.len(), options.threads, |i| {
        let (file, bytes) = &pages[i];
        let (raw, sink) = first_pass(file, bytes);
        let codes = with_codes.then(|| crate::catalogue::from_tables(file, &raw.tables));
        (raw, sink, codes)
    });
    for ((file, _), (raw, sink, codes)) in pages.iter().zip(firsts) {
        catalogues.extend(codes);
        docs.push(PageDoc {
            file: file.clone(),
            raw,
        });
        sinks.push(sink);
    }
    let lib = Library::new(docs);

    let mut pending: Vec<Pending> = Vec::new();
    let mut skipped: HashMap<usize, String> = HashMap::new();
    for (p, sink) in sinks.iter_mut().enumerate() {
        if sink.items.iter().any(|d| d.severity == Severity::Error) && lib.raw(p).h1.is_none() {
            // The page could not be read at all (not UTF-8, empty, too large).
            continue;
        }
        let raw = lib.raw(p);
        let anchor = raw
            .h1
            .as_ref()
            .and_then(|h| h.1.as_deref())
            .filter(|a| crate::is_operation_id(a));
        match resolve::classify(raw, anchor, sink) {
            Kind::Operation(line, line_at) => {
                let derived = opid::derive_with(
                    &line.method,
                    &line.path,
                    options.service.as_deref(),
                    action_value(raw).as_deref(),
                );
                let (id, source) = match (anchor, raw.explorer_api.as_slice()) {
                    (Some(a), _) => (a.to_owned(), IdSource::Anchor),
                    (None, [one]) => (one.clone(), IdSource::ExplorerLink),
                    _ => (derived.clone(), IdSource::Derived),
                };
                let template = if anchor.is_some() {
                    Template::ApiExplorer
                } else {
                    Template::Classic
                };
                pending.push(Pending {
                    page: p,
                    line,
                    line_at,
                    id,
                    source,
                    template,
                    derived,
                });
            }
            Kind::Skip(why) => {
                skipped.insert(p, why);
            }
            Kind::Broken => {}
        }
    }

    let mut extra = Vec::new();
    if let Some((name, bytes)) = &options.overrides {
        let mut diags = Sink::new(name);
        let mut pins = read_pins(name, bytes, &mut diags);
        // One id for two operations cannot be: the later pin is refused.
        let mut seen: HashMap<String, u32> = HashMap::new();
        pins.retain(|pin| match seen.get(&pin.id) {
            Some(first) => {
                diags.error(
                    &Source {
                        line: pin.line,
                        ..Source::default()
                    },
                    format!("`{}` is pinned twice (first on line {first})", pin.id),
                    "each id pinned once",
                );
                false
            }
            None => {
                seen.insert(pin.id.clone(), pin.line);
                true
            }
        });
        apply_pins(&mut pins, &mut pending, &lib);
        for pin in pins.iter().filter(|p| !p.used) {
            let what = match &pin.key {
                PinKey::File(f) => format!("no operation page `{f}` in the folder"),
                PinKey::Route(m, p) => format!("no operation `{m} {p}` in the folder"),
            };
            diags.warning(
                &Source {
                    line: pin.line,
                    ..Source::default()
                },
                format!("{what}; the pin to `{}` is not used", pin.id),
            );
        }
        diags.items.sort_by_key(|d| d.line);
        extra.push(ParsedPage {
            file: name.clone(),
            operation: None,
            diagnostics: diags.items,
        });
    }
    make_unique(&mut pending, &lib, &mut sinks);

    // Each operation resolves on its own (reading the other pages, writing only to its own
    // page's diagnostics, which come after the page's earlier ones as they did in sequence).
    let resolved = crate::work::run(pending.len(), options.threads, |k| {
        let pe = &pending[k];
        let raw = lib.raw(pe.page);
        let (title, _, h1_line) = raw.h1.clone().unwrap_or_default();
        let info = OpInfo {
            id: &pe.id,
            id_source: pe.source,
            template: pe.template,
            title: &title,
            h1_line: if raw.h1.is_some() { h1_line } else { 1 },
            line: &pe.line,
            line_at: pe.line_at,
        };
        let mut sink = Sink::new(lib.file(pe.page));
        let mut op = resolve::resolve(&lib, pe.page, &info, &mut sink);
        op.deprecated = opid::deprecation(&op.title, &op.description);
        (op, sink.items)
    });
    let mut ops = BTreeMap::new();
    for (pe, (op, mut items)) in pending.iter().zip(resolved) {
        sinks[pe.page].items.append(&mut items);
        ops.insert(pe.page, op);
    }

    let mut out = Vec::with_capacity(pages.len() + extra.len());
    for (p, mut sink) in sinks.into_iter().enumerate() {
        if let Some(why) = skipped.remove(&p) {
            let line = lib.raw(p).h1.as_ref().map_or(1, |h| h.2);
            sink.push(
                Severity::Note,
                &Source {
                    line,
                    ..Source::default()
                },
                why,
                None,
            );
        }
        sink.items.sort_by_key(|d| d.line);
        out.push(ParsedPage {
            file: lib.file(p).to_owned(),
            operation: ops.remove(&p),
            diagnostics: sink.items,
        });
    }
    out.extend(extra);
    (out, catalogues)
}

fn apply_pins(pins: &mut [Pin], pending: &mut [Pending], lib: &Library) {
    for pe in pending.iter_mut() {
        let file = lib.file(pe.page);
        let short = file.rsplit('/').next().unwrap_or(file);
        let r = route(&pe.line.path);
        let hit = pins.iter_mut().find(|pin| match &pin.key {
            PinKey::File(f) => f == file || f == short,
            PinKey::Route(m, p) => *m == pe.line.method && *p == r,
        });
        if let Some(pin) = hit {
            pin.used = true;
            pe.id = pin.id.clone();
            pe.source = IdSource::Override;
        }
    }
}

/// Makes ids unique: explicit ids (pins, anchors, explorer links) are settled first, then
/// derived ones, each group newest API version first, then in (method, path, page) order, so
/// the outcome does not depend on file names and the current version keeps the plain name.
/// Of two pages whose links name one operation (a link copied to the wrong page), the one
/// whose method fits the id's verb, then the one whose method and path give that name, keeps
/// it. A taken id gets what tells the two apart (README "Operation ids"): pages on one method
/// and path, the value their bodies or request lines differ in; other pages, the resource
/// the path names and the holder's does not (`ShowLbaasListener`), the API version
/// (`ShowV2ServerTags`), deprecation (`ShowServerTagsDeprecated`), the placeholder only this
/// path has (`ShowServerBlockDeviceByVolumeId`). A number only where nothing tells two pages
/// on one method and path apart: the same operation documented twice.
fn make_unique(pending: &mut [Pending], lib: &Library, sinks: &mut [Sink]) {
    tell_apart_same_route(pending, lib);
    let rank = |s: IdSource| match s {
        IdSource::Override => 0,
        IdSource::Anchor => 1,
        IdSource::ExplorerLink => 2,
        IdSource::Derived => 3,
    };
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&pending[a], &pending[b]);
        let key = |p: &Pending| {
            (
                rank(p.source),
                !opid::verb_fits(&p.id, &p.line.method),
                p.derived != p.id,
                deprecated(lib, p.page),
                std::cmp::Reverse(opid::version(&p.line.path)),
                p.line.method.clone(),
                p.line.path.clone(),
                lib.file(p.page).to_owned(),
            )
        };
        key(x).cmp(&key(y))
    });
    let h1_line =
        |k: usize, pending: &[Pending]| lib.raw(pending[k].page).h1.as_ref().map_or(1, |h| h.2);
    let mut taken: HashSet<String> = HashSet::new();
    // Id -> the operation that holds it.
    let mut holder: HashMap<String, usize> = HashMap::new();
    for k in order {
        let mut base = pending[k].id.clone();
        if taken.insert(base.clone()) {
            holder.insert(base, k);
            continue;
        }
        let other = |base: &str, pending: &[Pending]| {
            holder
                .get(base)
                .map(|&h| lib.file(pending[h].page).to_owned())
                .unwrap_or_default()
        };
        // A link naming another page's operation, and not this page's method: the link is
        // the mistake, so the page gets the name its own method and path give.
        if pending[k].source == IdSource::ExplorerLink
            && !opid::verb_fits(&base, &pending[k].line.method)
        {
            let line = h1_line(k, pending);
            let who = other(&base, pending);
            sinks[pending[k].page].warning(
                &Source {
                    line,
                    ..Source::default()
                },
                format!("the API Explorer link names `{base}`, the operation of {who}; this page's operation is named from its method and path"),
            );
            pending[k].source = IdSource::Derived;
            base = pending[k].derived.clone();
            if taken.insert(base.clone()) {
                pending[k].id = base.clone();
                holder.insert(base, k);
                continue;
            }
        }
        let id = distinct_id(k, &base, pending, lib, &taken, &holder);
        taken.insert(id.clone());
        if pending[k].source != IdSource::Derived {
            let who = other(&base, pending);
            let line = h1_line(k, pending);
            sinks[pending[k].page].warning(
                &Source {
                    line,
                    ..Source::default()
                },
                format!("operation id `{base}` is already used by {who}; this page's operation is `{id}` (pin another in {OVERRIDES_FILE})"),
            );
        }
        holder.insert(id.clone(), k);
        pending[k].id = id;
    }
}

/// Derived ids of pages on one method and path (ECS `POST .../action` told apart by
/// `os-start`, `os-stop` bodies) all say what tells them apart: the constant their request
/// lines write into the query (`?action_id=start`), else the value one body member documents
/// differently on each (`operation`: `start`, `stop`), else the first member of their bodies.
fn tell_apart_same_route(pending: &mut [Pending], lib: &Library) {
    let mut same: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
    for (k, p) in pending.iter().enumerate() {
        if p.source == IdSource::Derived {
            same.entry((p.line.method.clone(), route(&p.line.path), p.id.clone()))
                .or_default()
                .push(k);
        }
    }
    let distinct = |v: &[String]| {
        v.iter().all(|m| !m.is_empty()) && v.iter().collect::<HashSet<_>>().len() == v.len()
    };
    let mut groups: Vec<&Vec<usize>> = same.values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        let constant = |k: usize| -> String {
            pending[k]
                .line
                .query
                .iter()
                .filter(|(_, v)| !v.is_empty() && !v.starts_with('{'))
                .map(|(_, v)| opid::discriminator(v))
                .collect()
        };
        let by_constant: Vec<String> = group.iter().map(|&k| constant(k)).collect();
        let values: Vec<Vec<(String, String)>> = group
            .iter()
            .map(|&k| body_values(lib.raw(pending[k].page)))
            .collect();
        // The first member that every body documents one value of, each a different one.
        let by_value = values[0].iter().find_map(|(member, _)| {
            let vs: Vec<String> = values
                .iter()
                .map(|vals| {
                    vals.iter()
                        .find(|(m, _)| m == member)
                        .map(|(_, v)| opid::discriminator(v))
                        .unwrap_or_default()
                })
                .collect();
            distinct(&vs).then_some(vs)
        });
        let by_body: Vec<String> = group
            .iter()
            .map(|&k| {
                body_key(lib.raw(pending[k].page))
                    .map(|m| opid::discriminator(&m))
                    .unwrap_or_default()
            })
            .collect();
        let members = [Some(by_constant), by_value, Some(by_body)]
            .into_iter()
            .flatten()
            .find(|v| distinct(v));
        if let Some(members) = members {
            for (&k, m) in group.iter().zip(&members) {
                pending[k].id = format!("{}{m}", pending[k].id);
            }
        }
    }
}

/// A free id for operation `k` whose `base` is taken: each fact that tells it from the
/// holder of the name tried so far is added in turn (see [`make_unique`]).
fn distinct_id(
    k: usize,
    base: &str,
    pending: &[Pending],
    lib: &Library,
    taken: &HashSet<String>,
    holder: &HashMap<String, usize>,
) -> String {
    let me = &pending[k];
    let member_of = |k: usize| {
        body_key(lib.raw(pending[k].page))
            .map(|m| opid::discriminator(&m))
            .unwrap_or_default()
    };
    let mut id = base.to_owned();
    let mut used = [false; 7];
    while taken.contains(&id) {
        let Some(&h) = holder.get(&id) else { break };
        let them = &pending[h];
        let same_route =
            me.line.method == them.line.method && route(&me.line.path) == route(&them.line.path);
        let facts: [Option<String>; 7] = [
            // (0) on one route, the body's first member, unless the holder's starts alike
            same_route
                .then(|| member_of(k))
                .filter(|m| !m.is_empty() && *m != member_of(h) && !id.ends_with(m.as_str()))
                .map(|m| format!("{id}{m}")),
            (!same_route)
                .then(|| opid::resource_part(&me.line.path, &them.line.path, &id))
                .flatten()
                .map(|p| opid::after_verb(&id, &p)),
            opid::version_part(&me.line.path, &them.line.path).map(|v| opid::after_verb(&id, &v)),
            (deprecated(lib, me.page)
                && !deprecated(lib, them.page)
                && !id.ends_with("Deprecated"))
            .then(|| format!("{id}Deprecated")),
            (!same_route)
                .then(|| opid::placeholder_part(&me.line.path, &them.line.path))
                .flatten()
                .map(|p| format!("{id}{p}")),
            // Both on one API version, on resources the name does not tell apart
            // (`/v2/{p}/snapshots` beside `/v2/{p}/cloudsnapshots`): this page's version.
            (!same_route)
                .then(|| opid::version_part(&me.line.path, ""))
                .flatten()
                .map(|v| opid::after_verb(&id, &v)),
            // The endpoint's root beside a path that names what it lists (`GET /` beside
            // `GET /versions`).
            (!same_route && opid::is_root(&me.line.path)).then(|| opid::after_verb(&id, "Root")),
        ];
        let next = facts
            .into_iter()
            .enumerate()
            .find(|(i, f)| !used[*i] && f.is_some());
        match next {
            Some((i, Some(f))) => {
                used[i] = true;
                id = f;
            }
            _ => break,
        }
    }
    if !taken.contains(&id) {
        return id;
    }
    // Nothing tells them apart: the same operation documented twice.
    let mut n = 2;
    while taken.contains(&format!("{id}{n}")) {
        n += 1;
    }
    format!("{id}{n}")
}
