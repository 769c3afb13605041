//! The emitted tokens as the printer reads them: one tree whose leaves carry their text (in
//! one arena), whether a space comes before them on a line, and whose groups know their width
//! on one line and whether they must break.
//!
//! Spacing is decided here, once, from each token and the one before it; generic angle
//! brackets become groups so that the commas inside them are not taken for list separators.
//! The generated code has no comparison or shift operators, which is what lets every `<`
//! with a matching `>` be read as an angle bracket.

use std::fmt::Write;
use std::ops::Range;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// A leaf's role for spacing and layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// An identifier that is not a keyword, or `self`, `Self`, `super`, `crate`, `true`,
    /// `false`: something a value or path can start with.
    Word,
    /// A keyword that is followed by what it introduces (`match *self`, `impl ::x`).
    Keyword,
    /// A literal or a lifetime.
    Literal,
    /// An operator or punctuation, joint characters joined (`::`, `=>`, `&&`).
    Op,
    /// `&`, `*`, `-`, `!` or `&&` before an operand, or `!` of a macro call.
    Prefix,
    /// The `|` that opens a closure's parameters, or `||` of a closure without any.
    ClosureOpen,
    /// The `|` that closes a closure's parameters.
    ClosureClose,
}

/// The brackets of a group; `Angle` is a generic's `<…>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delim {
    /// `(…)`
    Paren,
    /// `[…]`
    Bracket,
    /// `{…}`
    Brace,
    /// `<…>`
    Angle,
}

impl Delim {
    /// The opening and closing text.
    pub fn pair(self) -> (&'static str, &'static str) {
        match self {
            Delim::Paren => ("(", ")"),
            Delim::Bracket => ("[", "]"),
            Delim::Brace => ("{", "}"),
            Delim::Angle => ("<", ">"),
        }
    }
}

/// A token or a group of them.
#[derive(Debug)]
pub enum Tree {
    /// A token; `text` is its range in the arena, `width` its width in characters.
    Leaf {
        /// What kind of token.
        kind: Leaf,
        /// Its text in [`Trees::arena`].
        text: Range<u32>,
        /// Its width in characters.
        width: u32,
        /// Whether a space separates it from the token before it on a line.
        space: bool,
    },
    /// A delimited group.
    Group(Box<Group>),
}

/// A delimited group and what layout needs to know about it.
#[derive(Debug)]
pub struct Group {
    /// Its brackets.
    pub delim: Delim,
    /// Its contents.
    pub items: Vec<Tree>,
    /// Whether a space separates it from the token before it on a line.
    pub space: bool,
    /// The width of its contents on one line (brackets excluded).
    pub width: usize,
    /// Whether it can never be written on one line (a block, a list of fields, an attribute
    /// inside it).
    pub hard: bool,
    /// A brace group right after `::`: a `use` list, written like a parenthesised list.
    pub use_list: bool,
}

impl Tree {
    /// Whether a space comes before this tree on a line.
    pub fn space(&self) -> bool {
        match self {
            Tree::Leaf { space, .. } => *space,
            Tree::Group(g) => g.space,
        }
    }

    /// Its width on one line, a space before it excluded.
    pub fn width(&self) -> usize {
        match self {
            Tree::Leaf { width, .. } => *width as usize,
            Tree::Group(g) => g.width + 2,
        }
    }

    /// Whether it must break.
    pub fn hard(&self) -> bool {
        matches!(self, Tree::Group(g) if g.hard)
    }

    /// The group, when this is one.
    pub fn group(&self) -> Option<&Group> {
        match self {
            Tree::Group(g) => Some(g),
            Tree::Leaf { .. } => None,
        }
    }
}

/// A file's trees and the arena their text lives in.
pub struct Trees {
    /// Every leaf's text, one after the other.
    pub arena: String,
    /// The file's top-level trees.
    pub items: Vec<Tree>,
}

impl Trees {
    /// The trees of `tokens`.
    pub fn new(tokens: TokenStream) -> Trees {
        let mut arena = String::with_capacity(4096);
        let items = read(tokens, &mut arena);
        Trees { arena, items }
    }

    /// A leaf's text.
    pub fn text(&self, t: &Tree) -> Option<&str> {
        match t {
            Tree::Leaf { text, .. } => Some(&self.arena[text.start as usize..text.end as usize]),
            Tree::Group(_) => None,
        }
    }

    /// Whether `t` is the leaf `s`.
    pub fn is(&self, t: &Tree, s: &str) -> bool {
        self.text(t) == Some(s)
    }
}

/// Appends `display` to the arena and returns its range.
fn push(arena: &mut String, display: impl std::fmt::Display) -> Range<u32> {
    let start = arena.len() as u32;
    let _ = write!(arena, "{display}");
    start..arena.len() as u32
}

/// One sequence being read, in one pass: joint punctuation joined into operators (`'` and
/// an identifier into a lifetime), spacing decided from the token before, and each `<` with
/// a matching `>` made an angle group.
struct Seq {
    out: Vec<Tree>,
    prev: Prev,
    /// The text of the previous token (empty after a group).
    prev_text: Range<u32>,
    in_closure: bool,
    /// Punctuation not yet classified, and whether it is joint to what follows.
    pending: Option<(Range<u32>, bool)>,
    /// Where in `out` each `<` still open starts, and its text.
    angles: Vec<(usize, Range<u32>)>,
}

/// Reads `tokens` into trees.
fn read(tokens: TokenStream, arena: &mut String) -> Vec<Tree> {
    let mut seq = Seq {
        out: Vec::with_capacity(8),
        prev: Prev::Start,
        prev_text: 0..0,
        in_closure: false,
        pending: None,
        angles: Vec::new(),
    };
    for t in tokens {
        match t {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let start = arena.len() as u32;
                arena.push(c);
                let r = start..arena.len() as u32;
                let joint = p.spacing() == Spacing::Joint;
                match seq.pending.take() {
                    Some((prev, true)) if joins_with(&arena[span(&prev)], c) => {
                        seq.pending = Some((prev.start..r.end, joint));
                    }
                    other => {
                        if let Some((prev, _)) = other {
                            seq.punct(prev, arena);
                        }
                        seq.pending = Some((r, joint));
                    }
                }
            }
            TokenTree::Ident(i) => {
                let r = push(arena, &i);
                match seq.pending.take() {
                    Some((p, true)) if &arena[span(&p)] == "'" => {
                        seq.leaf(Leaf::Literal, p.start..r.end, arena);
                        // `&'static ::x::Y`: a path after a lifetime is spaced from it.
                        seq.prev = Prev::Spaced;
                    }
                    other => {
                        if let Some((p, _)) = other {
                            seq.punct(p, arena);
                        }
                        seq.word(r, arena);
                    }
                }
            }
            TokenTree::Literal(l) => {
                seq.flush(arena);
                let r = push(arena, &l);
                seq.leaf(Leaf::Literal, r, arena);
            }
            TokenTree::Group(g) => {
                seq.flush(arena);
                let delimiter = g.delimiter();
                // The group's only other owner gone, its tokens are moved out rather than
                // cloned one by one.
                let stream = g.stream();
                drop(g);
                let delim = match delimiter {
                    Delimiter::Parenthesis => Delim::Paren,
                    Delimiter::Bracket => Delim::Bracket,
                    Delimiter::Brace => Delim::Brace,
                    Delimiter::None => {
                        seq.invisible(stream, arena);
                        continue;
                    }
                };
                let items = read(stream, arena);
                seq.group(delim, items, arena);
            }
        }
    }
    seq.flush(arena);
    seq.close(arena)
}

fn span(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

impl Seq {
    fn flush(&mut self, arena: &str) {
        if let Some((p, _)) = self.pending.take() {
            self.punct(p, arena);
        }
    }

    /// An invisible group: a path the generator wrote as one string literal (`paths`), which
    /// is a word; anything else is its tokens.
    fn invisible(&mut self, stream: TokenStream, arena: &mut String) {
        let mut tokens = stream.into_iter();
        match (tokens.next(), tokens.next()) {
            (Some(TokenTree::Literal(l)), None) => {
                let r = push(arena, &l);
                if arena[span(&r)].starts_with('"') {
                    self.word(r.start + 1..r.end - 1, arena);
                } else {
                    self.leaf(Leaf::Literal, r, arena);
                }
            }
            (first, second) => {
                let rest: TokenStream = first.into_iter().chain(second).chain(tokens).collect();
                self.out.extend(read(rest, arena));
            }
        }
    }

    fn leaf(&mut self, kind: Leaf, text: Range<u32>, arena: &str) {
        let space = !matches!(self.prev, Prev::Start | Prev::Tight);
        self.out.push(leaf(kind, text.clone(), space, arena));
        self.prev = Prev::Operand;
        self.prev_text = text;
    }

    fn word(&mut self, text: Range<u32>, arena: &str) {
        let keyword = keyword(&arena[span(&text)]) && &arena[span(&self.prev_text)] != ".";
        let space = !matches!(self.prev, Prev::Start | Prev::Tight);
        let kind = if keyword { Leaf::Keyword } else { Leaf::Word };
        self.out.push(leaf(kind, text.clone(), space, arena));
        self.prev = if keyword {
            Prev::Keyword
        } else {
            Prev::Operand
        };
        self.prev_text = text;
    }

    fn punct(&mut self, text: Range<u32>, arena: &str) {
        let s = &arena[span(&text)];
        if s == "<" {
            self.angles.push((self.out.len(), text.clone()));
            self.prev = Prev::Start;
            self.prev_text = text;
            return;
        }
        if s == ">"
            && let Some((start, _)) = self.angles.pop()
        {
            let inner: Vec<Tree> = self.out.drain(start..).collect();
            let g = group(Delim::Angle, inner, false, false, arena);
            self.out.push(Tree::Group(Box::new(g)));
            self.prev = Prev::Operand;
            self.prev_text = 0..0;
            return;
        }
        let operand_before = matches!(self.prev, Prev::Operand | Prev::Question);
        let (kind, space, next) = punct(s, self.prev, operand_before, &mut self.in_closure);
        self.out.push(leaf(kind, text.clone(), space, arena));
        self.prev = next;
        self.prev_text = text;
    }

    fn group(&mut self, delim: Delim, items: Vec<Tree>, arena: &str) {
        let prev_text = &arena[span(&self.prev_text)];
        let use_list = delim == Delim::Brace && prev_text == "::";
        let space = match delim {
            Delim::Angle => false,
            Delim::Brace => !matches!(self.prev, Prev::Start | Prev::Tight),
            Delim::Paren | Delim::Bracket => {
                matches!(self.prev, Prev::Keyword | Prev::Spaced) && prev_text != "pub"
            }
        };
        let g = group(delim, items, space, use_list, arena);
        self.out.push(Tree::Group(Box::new(g)));
        self.prev = Prev::Operand;
        self.prev_text = 0..0;
    }

    /// The trees read; a `<` never closed is put back as an operator.
    fn close(mut self, arena: &str) -> Vec<Tree> {
        while let Some((start, lt)) = self.angles.pop() {
            self.out.insert(start, leaf(Leaf::Op, lt, start > 0, arena));
        }
        self.out
    }
}

/// Whether the operator `prev` and the next character form one operator. `>` and `<` never
/// join another angle bracket: `>>` closes two generics.
fn joins_with(prev: &str, c: char) -> bool {
    matches!(
        (prev, c),
        (":", ':')
            | ("-", '>')
            | ("=", '>')
            | ("=", '=')
            | ("!", '=')
            | ("&", '&')
            | ("|", '|')
            | (".", '.')
            | ("..", '=')
            | ("+", '=')
            | ("-", '=')
    )
}

/// Whether `word` is a keyword that introduces what follows it (not `self`, `Self`, `super`,
/// `crate`, `true` or `false`, which are operands).
fn keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

/// What the previous tree on a line was, for spacing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of a group.
    Start,
    /// A value: a word, literal, group or closing `|`.
    Operand,
    /// A keyword.
    Keyword,
    /// An operator after which no space comes (`::`, `.`, a prefix, `#`, `..`).
    Tight,
    /// Any other operator (a space follows).
    Spaced,
    /// `?`.
    Question,
}

/// A punctuation token's kind, whether a space comes before it, and what it leaves as the
/// previous token.
fn punct(
    text: &str,
    prev: Prev,
    operand_before: bool,
    in_closure: &mut bool,
) -> (Leaf, bool, Prev) {
    let after_tight = matches!(prev, Prev::Start | Prev::Tight);
    match text {
        "," | ";" => (Leaf::Op, false, Prev::Spaced),
        ":" => (Leaf::Op, false, Prev::Spaced),
        "." => (Leaf::Op, false, Prev::Tight),
        "?" => (Leaf::Op, false, Prev::Question),
        "::" => {
            let space = matches!(prev, Prev::Keyword | Prev::Spaced);
            (Leaf::Op, space, Prev::Tight)
        }
        "#" => (Leaf::Op, !after_tight, Prev::Tight),
        ".." | "..=" => (Leaf::Op, false, Prev::Tight),
        // A macro's `!`.
        "!" if operand_before => (Leaf::Prefix, false, Prev::Tight),
        "|" | "||" if *in_closure => {
            *in_closure = false;
            (Leaf::ClosureClose, false, Prev::Spaced)
        }
        "|" | "||" if !operand_before => {
            *in_closure = text == "|";
            let kind = if text == "|" {
                Leaf::ClosureOpen
            } else {
                Leaf::ClosureClose
            };
            let next = if text == "|" {
                Prev::Tight
            } else {
                Prev::Spaced
            };
            (kind, !after_tight, next)
        }
        "&" | "&&" | "*" | "-" | "!" if !operand_before => {
            (Leaf::Prefix, !after_tight, Prev::Tight)
        }
        _ => (Leaf::Op, !after_tight, Prev::Spaced),
    }
}

fn leaf(kind: Leaf, text: Range<u32>, space: bool, arena: &str) -> Tree {
    let s = &arena[text.start as usize..text.end as usize];
    let width = if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    } as u32;
    Tree::Leaf {
        kind,
        text,
        width,
        space,
    }
}

/// A group with its width on one line and whether it must break.
fn group(delim: Delim, items: Vec<Tree>, space: bool, use_list: bool, arena: &str) -> Group {
    let width: usize = items
        .iter()
        .map(|t| t.width() + usize::from(t.space()))
        .sum();
    let text = |t: &Tree| match t {
        Tree::Leaf { text, .. } => &arena[text.start as usize..text.end as usize],
        Tree::Group(_) => "",
    };
    let attribute = items.windows(2).any(|w| {
        text(&w[0]) == "#" && matches!(&w[1], Tree::Group(g) if g.delim == Delim::Bracket)
    });
    let brace_breaks = delim == Delim::Brace && !use_list && !items.is_empty();
    let hard = brace_breaks || attribute || items.iter().any(Tree::hard);
    Group {
        delim,
        items,
        space,
        width,
        hard,
        use_list,
    }
}
