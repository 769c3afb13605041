//! Doc comments handed past `syn` and `prettyplease` as short placeholders.
//!
//! Doc comments are most of the generated text (page descriptions, mostly Chinese), and every
//! line of one used to travel as `#[doc = "…"]`: escaped into a literal, re-read by
//! `Literal::from_str`, unescaped by `syn` (`Lit::new`, to find a suffix) and again by
//! `prettyplease` (`LitStr::value`), which then prints `/// …`, one line per attribute. None of
//! that changes the text. Instead a run of doc lines becomes one attribute whose value is
//! [`MARK`] and a number; the lines wait in this thread's table, and [`expand`] writes them in
//! place of the placeholder line, with the placeholder's indentation and comment marker,
//! exactly as `prettyplease` would have written them (trailing spaces trimmed).
//!
//! A line `prettyplease` would write differently (with a line break, or an outer line starting
//! with `/`, which it keeps as an attribute or a block comment) keeps its block as real
//! attributes. The table is per thread because a file's tokens are emitted and formatted on one
//! thread ([`crate::Generator`]'s jobs); [`expand`] takes the table, so a thread starts every
//! file with an empty one.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use super::lit::str_lit;

/// Starts a placeholder's value. A control character: `docs::markdown` drops them from page
/// text and `prettyplease` writes other literals escaped, so in formatted code it is never
/// anything but a placeholder.
const MARK: char = '\u{1}';

thread_local! {
    /// Blocks of doc lines (attribute values, `" text"`) by placeholder number.
    static BLOCKS: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// Outer doc attributes (`///`), one per value in `lines`.
pub fn outer(lines: Vec<String>) -> TokenStream {
    attrs(lines, false)
}

/// Inner doc attributes (`//!`), one per value in `lines`.
pub fn inner(lines: Vec<String>) -> TokenStream {
    attrs(lines, true)
}

fn attrs(lines: Vec<String>, inner: bool) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    // A block's lines are written as they are, a mark among them included; a line written
    // otherwise keeps the block as attributes (a mark in one of those would be reported by
    // `expand`: `markdown` drops control characters, so only generator text could hold one).
    let as_line_comment = |l: &String| !l.contains(['\n', '\r']) && (inner || !l.starts_with('/'));
    let values: Vec<String> = if lines.iter().all(as_line_comment) {
        let id = BLOCKS.with_borrow_mut(|b| {
            b.push(lines);
            b.len() - 1
        });
        vec![format!("{MARK}{id}")]
    } else {
        lines
    };
    values
        .iter()
        .map(|v| {
            let v = str_lit(v);
            if inner {
                quote!(#![doc = #v])
            } else {
                quote!(#[doc = #v])
            }
        })
        .collect()
}

/// Forgets this thread's blocks (a file whose tokens did not parse).
pub fn clear() {
    BLOCKS.with_borrow_mut(Vec::clear);
}

/// `code` (formatted) with every placeholder line replaced by its block's lines; takes this
/// thread's table. An error names a placeholder that is not where `prettyplease` writes doc
/// comments (a generator bug).
pub fn expand(code: String) -> Result<String, String> {
    let blocks = BLOCKS.with_borrow_mut(std::mem::take);
    if !code.contains(MARK) {
        return Ok(code);
    }
    let extra: usize = blocks.iter().flatten().map(|l| l.len() + 8).sum();
    let mut out = String::with_capacity(code.len() + extra);
    let mut rest = code.as_str();
    // Copy up to each placeholder's line, then write the line's block in its place.
    while let Some(at) = rest.find(MARK) {
        let start = rest[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = rest[at..].find('\n').map_or(rest.len(), |n| at + n);
        out.push_str(&rest[..start]);
        let (head, body) = (&rest[start..at], &rest[at + MARK.len_utf8()..end]);
        let block = body.parse::<usize>().ok().and_then(|id| blocks.get(id));
        let marker = head.len().checked_sub(3).and_then(|i| head.get(i..));
        let indent = &head[..head.len() - marker.map_or(0, str::len)];
        let (Some(block), Some(marker @ ("///" | "//!")), true) =
            (block, marker, indent.bytes().all(|b| b == b' '))
        else {
            return Err(format!(
                "misplaced doc placeholder: {:?}",
                &rest[start..end]
            ));
        };
        for (i, l) in block.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(indent);
            out.push_str(marker);
            out.push_str(l.trim_end_matches(' '));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the formatter writes for `tokens` (a file), the placeholders expanded.
    fn formatted(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("parses");
        expand(prettyplease::unparse(&file)).expect("expands")
    }

    /// The same items with every doc line as its own attribute, as `prettyplease` writes them.
    fn reference(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("parses");
        prettyplease::unparse(&file)
    }

    fn values(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn placeholders_expand_to_what_attributes_would_print() {
        let lines = [" 标签键", "", " - 不能为空。  ", " tail \"quoted\" \\ back"];
        let doc = outer(values(&lines));
        let module = inner(values(&[" Module docs.", "", " Second."]));
        let got = formatted(quote! {
            #module
            #doc
            pub struct S {
                #doc
                pub a: i32,
            }
            impl S {
                #doc
                pub fn f(&self) {}
            }
        });
        let want = reference(quote! {
            #![doc = " Module docs."] #![doc = ""] #![doc = " Second."]
            #(#[doc = #lines])*
            pub struct S {
                #(#[doc = #lines])*
                pub a: i32,
            }
            impl S {
                #(#[doc = #lines])*
                pub fn f(&self) {}
            }
        });
        assert_eq!(got, want);
        assert!(!got.contains(MARK));
    }

    #[test]
    fn lines_the_formatter_writes_otherwise_stay_attributes() {
        for lines in [&[" ok", "/starts with a slash"][..], &[" two\nlines"]] {
            let doc = outer(values(lines));
            let got = formatted(quote!(#doc pub struct S;));
            let want = reference(quote!(#(#[doc = #lines])* pub struct S;));
            assert_eq!(got, want);
        }
    }

    #[test]
    fn a_mark_in_the_text_is_written_as_it_is() {
        let lines = [" a \u{1}7 b", "\u{1}0"];
        let doc = outer(values(&lines));
        let got = formatted(quote!(#doc pub struct S;));
        assert_eq!(got, "/// a \u{1}7 b\n///\u{1}0\npub struct S;\n");
    }

    #[test]
    fn a_placeholder_outside_a_doc_comment_is_an_error() {
        clear();
        let doc = outer(values(&[" a"]));
        drop(doc);
        assert!(expand("let x = 1; // \u{1}0\n".to_owned()).is_err());
        assert!(expand("/// \u{1}99\n".to_owned()).is_err());
        clear();
    }
}
