//! Writes emitted tokens as formatted Rust, without parsing them into a syntax tree.
//!
//! The generator emits a known, small part of Rust (items, `impl` blocks, `match`, method
//! chains, struct and array literals), and re-reading all of it with `syn` to print it with
//! `prettyplease` cost more than everything else the generator does. This printer reads the
//! tokens as they are: a brace group holding statements is a block, one holding `=>` is a
//! list of `match` arms, one holding commas is a list of fields or values (one per line); a
//! parenthesised, bracketed or generic group stays on one line when it fits in
//! [`WIDTH`] columns and otherwise puts each element on its own line; a method chain that
//! does not fit puts each call on its own line. Attributes and doc comments get lines of
//! their own, doc lines written as `///`.
//!
//! It never adds, drops or reorders a token: the text reads back as the same tokens, which
//! [`verify`] checks (every file, in debug builds: `cargo xtask gen`, the tests and CI's
//! corpus run).

mod tree;
pub mod verify;

use proc_macro2::TokenStream;

use tree::{Delim, Group, Leaf, Tree, Trees};

use super::doc_table;

/// The column lines are kept within where the tokens allow.
pub const WIDTH: usize = 100;

/// The indentation of one level.
const INDENT: usize = 4;

/// `tokens` (a file) as formatted text; doc placeholders ([`doc_table`]) are written as the
/// lines they stand for, which this takes from the thread's table.
pub fn file(tokens: TokenStream) -> Result<String, String> {
    let blocks = doc_table::take();
    let original = cfg!(debug_assertions).then(|| tokens.clone());
    let trees = Trees::new(tokens);
    let mut p = Printer {
        trees: &trees,
        blocks: &blocks,
        out: String::with_capacity(trees.arena.len() * 2),
        col: 0,
        error: None,
    };
    p.items(&trees.items, 0);
    if let Some(e) = p.error {
        return Err(e);
    }
    p.out.push('\n');
    if let Some(original) = original {
        verify::same_tokens(original, &blocks, &p.out)?;
    }
    Ok(p.out)
}

struct Printer<'a> {
    trees: &'a Trees,
    blocks: &'a [Vec<String>],
    out: String,
    /// The current column, in characters.
    col: usize,
    /// The first misplaced doc placeholder (a generator bug).
    error: Option<String>,
}

impl Printer<'_> {
    fn text(&self, t: &Tree) -> &str {
        self.trees.text(t).unwrap_or("")
    }

    fn is(&self, t: Option<&Tree>, s: &str) -> bool {
        t.is_some_and(|t| self.trees.is(t, s))
    }

    /// Starts a new line at `indent`.
    fn line(&mut self, indent: usize) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.col = indent;
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
        self.col += if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
    }

    /// Items of a file, module or `impl`, or statements of a block: each on its own lines.
    fn items(&mut self, seq: &[Tree], indent: usize) {
        let mut i = 0;
        while i < seq.len() {
            i += self.attributes(&seq[i..], indent);
            if i == seq.len() {
                break;
            }
            let end = self.statement_end(seq, i);
            self.line(indent);
            self.statement(&seq[i..end], indent);
            i = end;
        }
    }

    /// The attributes `seq` starts with, each on a line of its own at `indent`; how many
    /// trees they were.
    fn attributes(&mut self, seq: &[Tree], indent: usize) -> usize {
        let mut i = 0;
        while let Some(n) = self.attribute_len(seq, i) {
            self.line(indent);
            self.attribute(&seq[i..i + n], indent);
            i += n;
        }
        i
    }

    /// The length of the attribute (`#[…]` or `#![…]`) at `i`, if one starts there.
    fn attribute_len(&self, seq: &[Tree], i: usize) -> Option<usize> {
        if !self.is(seq.get(i), "#") {
            return None;
        }
        let bang = usize::from(self.is(seq.get(i + 1), "!"));
        let bracket = seq.get(i + 1 + bang)?.group()?;
        (bracket.delim == Delim::Bracket).then_some(2 + bang)
    }

    /// Where the statement starting at `i` ends: after a `;`, or after a block that nothing
    /// continues (an item's body, `if`, `match`, `for`), or at the end.
    fn statement_end(&self, seq: &[Tree], i: usize) -> usize {
        for j in i..seq.len() {
            match &seq[j] {
                t @ Tree::Leaf { .. } if self.trees.is(t, ";") => return j + 1,
                Tree::Group(g) if g.delim == Delim::Brace && !g.use_list => match seq.get(j + 1) {
                    None => return j + 1,
                    Some(next @ Tree::Leaf { kind, .. }) => {
                        let continues = match kind {
                            // An attribute or a path starts the next statement.
                            Leaf::Op => !matches!(self.text(next), "#" | "::"),
                            Leaf::Keyword => matches!(self.text(next), "else" | "as"),
                            _ => false,
                        };
                        if !continues {
                            return j + 1;
                        }
                    }
                    Some(Tree::Group(_)) => return j + 1,
                },
                _ => {}
            }
        }
        seq.len()
    }

    /// One statement, item or list element (attributes already written): on the current
    /// line, or with each method call of a chain on its own line when it does not fit.
    fn statement(&mut self, seq: &[Tree], indent: usize) {
        let flat = self.col + width(seq);
        let dots = self.chain_dots(seq);
        if flat > WIDTH && !dots.is_empty() && !seq.iter().any(Tree::hard) {
            self.inline(&seq[..dots[0]], indent);
            for (k, &d) in dots.iter().enumerate() {
                let end = dots.get(k + 1).copied().unwrap_or(seq.len());
                self.line(indent + INDENT);
                self.inline(&seq[d..end], indent + INDENT);
            }
        } else {
            self.inline(seq, indent);
        }
    }

    /// Positions of the `.` of method calls in a chain worth breaking: two calls or more, or
    /// one on the result of a call.
    fn chain_dots(&self, seq: &[Tree]) -> Vec<usize> {
        let dots: Vec<usize> = (1..seq.len())
            .filter(|&i| {
                self.is(seq.get(i), ".")
                    && matches!(
                        seq.get(i + 1),
                        Some(Tree::Leaf {
                            kind: Leaf::Word,
                            ..
                        })
                    )
                    && matches!(seq.get(i + 2), Some(Tree::Group(g)) if g.delim == Delim::Paren)
            })
            .collect();
        let on_call = dots
            .first()
            .is_some_and(|&d| matches!(&seq[d - 1], Tree::Group(g) if g.delim == Delim::Paren));
        if dots.len() >= 2 || on_call {
            dots
        } else {
            Vec::new()
        }
    }

    /// Trees one after the other on the current line; groups break as they need to.
    fn inline(&mut self, seq: &[Tree], indent: usize) {
        for (k, t) in seq.iter().enumerate() {
            if t.space() && !self.out.ends_with([' ', '\n']) {
                self.push(" ");
            }
            match t {
                Tree::Leaf { .. } => {
                    let trees = self.trees;
                    self.push(trees.text(t).unwrap_or_default());
                }
                Tree::Group(g) => {
                    let tail = width(tail_of(&seq[k + 1..]));
                    self.group(g, indent, tail);
                }
            }
        }
    }

    fn group(&mut self, g: &Group, indent: usize, tail: usize) {
        let (open, close) = g.delim.pair();
        let inner = indent + INDENT;
        if g.items.is_empty() {
            self.push(open);
            self.push(close);
            return;
        }
        if g.delim == Delim::Brace && !g.use_list {
            self.push(open);
            if self.has_top_level(&g.items, "=>") {
                self.arms(&g.items, inner);
            } else if self.holds_statements(&g.items) {
                self.items(&g.items, inner);
            } else {
                self.elements(&g.items, inner);
            }
            self.line(indent);
            self.push(close);
            return;
        }
        if !g.hard && self.col + g.width + 2 + tail <= WIDTH {
            self.push(open);
            self.inline(&g.items, indent);
            self.push(close);
            return;
        }
        self.push(open);
        let ends_in_group = matches!(g.items.last(), Some(Tree::Group(_)));
        if !self.has_top_level(&g.items, ",") && (g.hard || ends_in_group) {
            // One element that ends in a group (`f(match x { … })`, `#[derive(…)]`): it hugs
            // the brackets and its own group breaks.
            self.inline(&g.items, indent);
        } else {
            self.elements(&g.items, inner);
            self.line(indent);
        }
        self.push(close);
    }

    /// Whether a brace group holds items or statements rather than a list of fields or
    /// values: a `;`, an item's keyword or a block among them, or no comma at all. (A comma
    /// alone says little: `where T: A,` ends with one.)
    fn holds_statements(&self, seq: &[Tree]) -> bool {
        let mut comma = false;
        for (k, t) in seq.iter().enumerate() {
            match t {
                Tree::Leaf {
                    kind: Leaf::Keyword,
                    ..
                } => {
                    if matches!(
                        self.text(t),
                        "fn" | "impl"
                            | "mod"
                            | "struct"
                            | "enum"
                            | "trait"
                            | "type"
                            | "use"
                            | "const"
                            | "static"
                            | "let"
                            | "if"
                            | "match"
                            | "for"
                            | "while"
                            | "loop"
                            | "return"
                    ) {
                        return true;
                    }
                }
                Tree::Group(g) if g.delim == Delim::Brace && !g.use_list => {
                    if !self.is(seq.get(k + 1), ",") {
                        return true;
                    }
                }
                _ if self.trees.is(t, ";") => return true,
                _ => comma |= self.trees.is(t, ","),
            }
        }
        !comma
    }

    fn has_top_level(&self, seq: &[Tree], s: &str) -> bool {
        seq.iter().any(|t| self.trees.is(t, s))
    }

    /// Comma-separated elements, each (with its comma) on its own lines at `indent`.
    fn elements(&mut self, seq: &[Tree], indent: usize) {
        let mut start = 0;
        while start < seq.len() {
            let end = seq[start..]
                .iter()
                .position(|t| self.trees.is(t, ","))
                .map_or(seq.len(), |p| start + p + 1);
            self.element(&seq[start..end], indent);
            start = end;
        }
    }

    /// One element: its attributes on lines of their own, then the rest.
    fn element(&mut self, seq: &[Tree], indent: usize) {
        let i = self.attributes(seq, indent);
        self.line(indent);
        self.statement(&seq[i..], indent);
    }

    /// `match` arms (or a macro's `a => b` pairs), each on its own lines.
    fn arms(&mut self, seq: &[Tree], indent: usize) {
        let mut i = 0;
        while i < seq.len() {
            let start = i;
            while let Some(n) = self.attribute_len(seq, i) {
                i += n;
            }
            let Some(arrow) = seq[i..].iter().position(|t| self.trees.is(t, "=>")) else {
                self.element(&seq[start..], indent);
                return;
            };
            let body = i + arrow + 1;
            let block = matches!(seq.get(body), Some(Tree::Group(g)) if g.delim == Delim::Brace);
            let end = if block {
                body + 1 + usize::from(self.is(seq.get(body + 1), ","))
            } else {
                seq[body..]
                    .iter()
                    .position(|t| self.trees.is(t, ","))
                    .map_or(seq.len(), |p| body + p + 1)
            };
            let a = start + self.attributes(&seq[start..], indent);
            self.line(indent);
            self.inline(&seq[a..body], indent);
            let rest = &seq[body..end];
            let head = width(tail_of(rest));
            if !block && self.col + width(rest) > WIDTH && self.col + head > WIDTH {
                self.line(indent + INDENT);
                self.statement(rest, indent + INDENT);
            } else {
                self.statement(rest, indent);
            }
            i = end;
        }
    }

    /// An attribute: a doc attribute as `///` (or `//!`) lines, any other as written.
    fn attribute(&mut self, seq: &[Tree], indent: usize) {
        let inner = seq.len() == 3;
        if let Some(value) = seq.last().and_then(|t| self.doc_value(t)) {
            let marker = if inner { "//!" } else { "///" };
            if let Some(id) = value.strip_prefix(doc_table::MARK) {
                self.placeholder(id, marker, indent);
                return;
            }
            let one_line = !value.contains(['\n', '\r']) && (inner || !value.starts_with('/'));
            if one_line {
                self.push(marker);
                self.push(value.trim_end_matches(' '));
                return;
            }
        }
        self.inline(seq, indent);
    }

    /// The value of `[doc = "…"]`.
    fn doc_value(&self, bracket: &Tree) -> Option<String> {
        let items = &bracket.group()?.items;
        match items.as_slice() {
            [name, eq, lit] if self.trees.is(name, "doc") && self.trees.is(eq, "=") => {
                unescape(self.trees.text(lit)?)
            }
            _ => None,
        }
    }

    /// The lines a doc placeholder stands for.
    fn placeholder(&mut self, id: &str, marker: &str, indent: usize) {
        let Some(block) = id.parse::<usize>().ok().and_then(|n| self.blocks.get(n)) else {
            self.error
                .get_or_insert_with(|| format!("unknown doc placeholder {id:?}"));
            return;
        };
        for (k, l) in block.iter().enumerate() {
            if k > 0 {
                self.line(indent);
            }
            self.out.push_str(marker);
            self.out.push_str(l.trim_end_matches(' '));
        }
    }
}

/// The width of `seq` on one line, spaces between trees included.
fn width(seq: &[Tree]) -> usize {
    seq.iter()
        .enumerate()
        .map(|(k, t)| t.width() + usize::from(k > 0 && t.space()))
        .sum()
}

/// The trees after a group up to the next group: what must stay on the group's line.
fn tail_of(seq: &[Tree]) -> &[Tree] {
    let end = seq
        .iter()
        .position(|t| matches!(t, Tree::Group(_)))
        .unwrap_or(seq.len());
    &seq[..end]
}

/// The value of a string literal as `proc_macro2` writes it (`"…"` with `\` escapes, or raw
/// `r"…"`, `r#"…"#`), or `None` for any other literal.
pub fn unescape(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        return Some(body.get(..body.len().checked_sub(hashes + 1)?)?.to_owned());
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        return Some(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            c @ ('\\' | '"' | '\'') => out.push(c),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
