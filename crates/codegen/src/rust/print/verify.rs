//! The printer's promise, checked: the formatted text reads back as the tokens it was
//! printed from. Doc comments compare by their text (a placeholder by the lines it stands
//! for, trailing spaces aside), string literals by their value, punctuation by character.

use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::unescape;
use crate::rust::doc_table::MARK;

/// One token as compared.
#[derive(Debug, PartialEq, Eq)]
enum Atom {
    Word(String),
    Punct(char),
    Literal(String),
    Open(char),
    Close(char),
    /// A doc line: whether inner (`//!`), its text without trailing spaces.
    Doc(bool, String),
}

/// Whether `text` reads back as `tokens`, whose doc placeholders stand for `blocks`; the
/// first difference otherwise.
pub fn same_tokens(tokens: TokenStream, blocks: &[Vec<String>], text: &str) -> Result<(), String> {
    let reread = TokenStream::from_str(text)
        .map_err(|e| format!("the formatted text does not read as tokens: {e}"))?;
    let mut want = Vec::new();
    atoms(tokens, blocks, &mut want);
    let mut got = Vec::new();
    atoms(reread, &[], &mut got);
    match want.iter().zip(&got).position(|(a, b)| a != b) {
        None if want.len() == got.len() => Ok(()),
        at => {
            let at = at.unwrap_or(want.len().min(got.len()));
            let around =
                |v: &[Atom]| format!("{:?}", &v[at.saturating_sub(3)..(at + 3).min(v.len())]);
            Err(format!(
                "the formatted text reads back as other tokens at token {at}: emitted {}, formatted {}",
                around(&want),
                around(&got)
            ))
        }
    }
}

fn atoms(tokens: TokenStream, blocks: &[Vec<String>], out: &mut Vec<Atom>) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(t) = iter.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let mut rest: Vec<TokenTree> = Vec::new();
                let inner = matches!(iter.peek(), Some(TokenTree::Punct(b)) if b.as_char() == '!');
                if inner {
                    rest.extend(iter.next());
                }
                match iter.next() {
                    Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => {
                        if let Some(value) = doc_value(&g.stream()) {
                            doc(inner, &value, blocks, out);
                        } else {
                            out.push(Atom::Punct('#'));
                            atoms(rest.into_iter().collect(), blocks, out);
                            atoms(TokenTree::Group(g).into(), blocks, out);
                        }
                    }
                    other => {
                        out.push(Atom::Punct('#'));
                        rest.extend(other);
                        atoms(rest.into_iter().collect(), blocks, out);
                    }
                }
            }
            TokenTree::Punct(p) => out.push(Atom::Punct(p.as_char())),
            TokenTree::Ident(i) => out.push(Atom::Word(i.to_string())),
            TokenTree::Literal(l) => {
                let text = l.to_string();
                out.push(Atom::Literal(
                    unescape(&text).map_or(text, |v| format!("\"{v}")),
                ));
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    Delimiter::Brace => ('{', '}'),
                    Delimiter::None => {
                        atoms(path_tokens(g.stream()), blocks, out);
                        continue;
                    }
                };
                out.push(Atom::Open(open));
                atoms(g.stream(), blocks, out);
                out.push(Atom::Close(close));
            }
        }
    }
}

/// An invisible group's tokens, a path written as one string literal read as its tokens.
fn path_tokens(stream: TokenStream) -> TokenStream {
    let mut tokens = stream.clone().into_iter();
    if let (Some(TokenTree::Literal(l)), None) = (tokens.next(), tokens.next())
        && let Some(path) = unescape(&l.to_string())
        && let Ok(path) = TokenStream::from_str(&path)
    {
        return path;
    }
    stream
}

/// The value of `doc = "…"`.
fn doc_value(stream: &TokenStream) -> Option<String> {
    let items: Vec<TokenTree> = stream.clone().into_iter().collect();
    match items.as_slice() {
        [
            TokenTree::Ident(name),
            TokenTree::Punct(eq),
            TokenTree::Literal(lit),
        ] if name == "doc" && eq.as_char() == '=' => unescape(&lit.to_string()),
        _ => None,
    }
}

/// The doc lines of one attribute: a placeholder's block, or its own value.
fn doc(inner: bool, value: &str, blocks: &[Vec<String>], out: &mut Vec<Atom>) {
    let block = value
        .strip_prefix(MARK)
        .and_then(|id| id.parse::<usize>().ok())
        .and_then(|n| blocks.get(n));
    match block {
        Some(lines) => out.extend(
            lines
                .iter()
                .map(|l| Atom::Doc(inner, l.trim_end_matches(' ').to_owned())),
        ),
        None => out.push(Atom::Doc(inner, value.trim_end_matches(' ').to_owned())),
    }
}
