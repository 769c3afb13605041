//! `cargo xtask coverage DIR…`: a check that needs no truth but the page. Every data row of
//! a parameter or field table on an operation page must reach the operation's model — a
//! path, query or header parameter, a request-body member, a response member at any depth,
//! a response header — or be accounted for by a reason the page shows. A row that reaches
//! nothing is a fact the service stated and the parser lost.
//!
//! "Reaches" is decided by the row's identity: the IR keeps each field's page, line, table
//! and row ([`apidoc::ir::Source`]), so a row is reached when a field walked from the
//! operation's roots carries its line or its (table, row), on its own page.

use std::collections::{BTreeMap, BTreeSet};

use apidoc::inventory::{PageTable, TableRow, page_tables};
use apidoc::ir::{Field, Operation, Schema, Source, Type};

use crate::mutate::Page;

/// Deepest nesting followed into bodies (recursive types end there).
const MAX_DEPTH: usize = 24;

/// A row that reaches nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    /// The page.
    pub file: String,
    /// The row's line.
    pub line: u32,
    /// The table's label (caption, anchor or `table at line N`).
    pub table: String,
    /// 1-based data row.
    pub row: u32,
    /// The row's name cell.
    pub name: String,
}

/// Why a row that reaches no field is not a lost fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Excuse {
    /// The name cell is empty: a spacer or a row continued from the one above.
    NoName,
    /// The table sits under a status-code or error-code section: its rows are codes.
    CodeSection,
    /// The table repeats, row for row, another table of the page whose rows all reach the
    /// model, or an object the model holds: the parser reads identical tables (one error body
    /// per status) as one schema, and a row's link may lead to the same table on another page.
    RepeatsTable,
    /// The table lists the values of another field: a row elsewhere on the page takes its
    /// values from a column of it (`取值见表4“参数名称”列`), so its rows are values, not fields.
    ValueTable,
}

impl Excuse {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Excuse::NoName => "no name",
            Excuse::CodeSection => "code section",
            Excuse::RepeatsTable => "repeat a table read",
            Excuse::ValueTable => "values of a field",
        }
    }
}

/// What the check found in one folder.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Operation pages read.
    pub operations: usize,
    /// Pages read with errors (no operation, so their rows are not counted).
    pub error_pages: Vec<String>,
    /// Rows of field tables on operation pages.
    pub rows: usize,
    /// Of them, rows that reach the model.
    pub reached: usize,
    /// Rows accounted for, by reason.
    pub excused: BTreeMap<Excuse, usize>,
    /// Rows that reach nothing.
    pub lost: Vec<Lost>,
}

/// Where a field came from: its page (`None` for the operation's own) and line, or its table
/// and row.
#[derive(Default)]
struct Reached {
    lines: BTreeSet<(Option<String>, u32)>,
    rows: BTreeSet<(Option<String>, String, u32)>,
    /// The member names, in order, of every schema walked: a table of the page that lists
    /// exactly these repeats an object the model holds (often read from the page a row links to).
    shapes: BTreeSet<Vec<String>>,
}

impl Reached {
    fn add(&mut self, s: &Source) {
        self.lines.insert((s.file.clone(), s.line));
        if let (Some(t), Some(r)) = (&s.table, s.row) {
            self.rows.insert((s.file.clone(), t.clone(), r));
        }
    }

    fn has(&self, t: &PageTable, r: &TableRow) -> bool {
        self.lines.contains(&(None, r.line)) || self.rows.contains(&(None, t.label.clone(), r.row))
    }
}

/// Every field the operation's model holds, walked from its roots: parameters, the request
/// body, each response's body and headers. Schemas no root reaches do not count.
fn reached(op: &Operation) -> Reached {
    let schemas: BTreeMap<&str, &Schema> = op.schemas.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut out = Reached::default();
    let mut seen = BTreeSet::new();
    for p in &op.parameters {
        field(&p.field, &schemas, &mut seen, &mut out, 0);
    }
    if let Some(b) = &op.request_body {
        walk(&b.ty, &schemas, &mut seen, &mut out, 0);
    }
    for r in &op.responses {
        for h in &r.headers {
            field(h, &schemas, &mut seen, &mut out, 0);
        }
        if let Some(ty) = &r.body {
            walk(ty, &schemas, &mut seen, &mut out, 0);
        }
    }
    out
}

fn field(
    f: &Field,
    schemas: &BTreeMap<&str, &Schema>,
    seen: &mut BTreeSet<String>,
    out: &mut Reached,
    depth: usize,
) {
    out.add(&f.source);
    walk(&f.ty, schemas, seen, out, depth + 1);
}

fn walk(
    ty: &Type,
    schemas: &BTreeMap<&str, &Schema>,
    seen: &mut BTreeSet<String>,
    out: &mut Reached,
    depth: usize,
) {
    match ty {
        Type::Array { items } => walk(items, schemas, seen, out, depth),
        Type::Map { values } => walk(values, schemas, seen, out, depth),
        Type::Ref { schema } => {
            // A schema is walked once: every field of it is reached the first time.
            if depth >= MAX_DEPTH || !seen.insert(schema.clone()) {
                return;
            }
            if let Some(s) = schemas.get(schema.as_str()) {
                out.shapes
                    .insert(s.fields.iter().map(|f| f.name.clone()).collect());
                for m in &s.fields {
                    field(m, schemas, seen, out, depth);
                }
            }
        }
        _ => {}
    }
}

/// True when `text` points at a column of table `number`: `表4“参数名称”列`, `表 4中的"ID"列`.
fn names_column_of(text: &str, number: &str) -> bool {
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let table = format!("表{number}");
    squashed.match_indices(&table).any(|(at, _)| {
        let rest = &squashed[at + table.len()..];
        // Not `表41` for table 4.
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
        {
            return false;
        }
        let clause = rest.split(['。', '；', ';', '|']).next().unwrap_or("");
        clause.chars().take(30).collect::<String>().contains('列')
    })
}

fn excuse(t: &PageTable, r: &TableRow, repeats: bool, values: bool) -> Option<Excuse> {
    if repeats {
        return Some(Excuse::RepeatsTable);
    }
    if values {
        return Some(Excuse::ValueTable);
    }
    if t.section == "Status" || t.section == "ErrorCodes" {
        return Some(Excuse::CodeSection);
    }
    if r.name.is_empty() {
        return Some(Excuse::NoName);
    }
    None
}

/// Reads the folder's pages together and checks every field-table row of its operation pages.
pub fn check(pages: &[Page], service: Option<&str>) -> Coverage {
    let options = apidoc::FolderOptions {
        service: service.map(str::to_owned),
        overrides: None,
        ..apidoc::FolderOptions::default()
    };
    let parsed = apidoc::parse_folder(pages, &options);
    let mut c = Coverage::default();
    for (p, (name, bytes)) in parsed.iter().zip(pages) {
        if p.has_errors() {
            c.error_pages.push(p.file.clone());
        }
        let Some(op) = &p.operation else {
            continue;
        };
        c.operations += 1;
        let reached = reached(op);
        let all = page_tables(name, bytes);
        let tables: Vec<&PageTable> = all.iter().filter(|t| t.fields).collect();
        let names = |t: &&PageTable| t.rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        // Tables every row of which reaches the model, by their sequence of row names.
        let mut whole: BTreeSet<Vec<String>> = tables
            .iter()
            .filter(|t| !t.rows.is_empty() && t.rows.iter().all(|r| reached.has(t, r)))
            .map(names)
            .collect();
        whole.extend(reached.shapes.iter().filter(|s| !s.is_empty()).cloned());
        for t in &tables {
            let repeats = whole.contains(&names(t));
            let values = t.number.as_deref().is_some_and(|n| {
                all.iter()
                    .filter(|o| o.line != t.line)
                    .flat_map(|o| &o.rows)
                    .any(|r| names_column_of(&r.text, n))
            });
            for r in &t.rows {
                c.rows += 1;
                if reached.has(t, r) {
                    c.reached += 1;
                } else if let Some(e) = excuse(t, r, repeats, values) {
                    *c.excused.entry(e).or_default() += 1;
                } else {
                    c.lost.push(Lost {
                        file: p.file.clone(),
                        line: r.line,
                        table: t.label.clone(),
                        row: r.row,
                        name: r.name.clone(),
                    });
                }
            }
        }
    }
    c
}
