//! Doc comments handed to the printer as short placeholders.
//!
//! Doc comments are most of the generated text (page descriptions, mostly Chinese). As
//! `#[doc = "…"]` attributes every line would be escaped into a literal, read back and
//! unescaped by the printer before it writes `/// …`; none of that changes the text. Instead a
//! run of doc lines becomes one attribute whose value is [`MARK`] and a number; the lines wait
//! in this thread's table, and the printer ([`super::print`]) writes them where it meets the
//! placeholder, each as a `///` (or `//!`) line at the placeholder's indentation, trailing
//! spaces trimmed.
//!
//! A line that cannot be a line comment (one with a line break, or an outer line starting
//! with `/`, which would make `////`, a plain comment) keeps its block as real attributes. The
//! table is per thread because a file's tokens are emitted and printed on one thread
//! ([`crate::Generator`]'s jobs); the printer takes the table ([`take`]), so a thread starts
//! every file with an empty one.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use super::lit::str_lit;

/// Starts a placeholder's value. A control character: `docs::markdown` drops them from page
/// text and `prettyplease` writes other literals escaped, so in formatted code it is never
/// anything but a placeholder.
pub const MARK: char = '\u{1}';

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
    // otherwise keeps the block as attributes (one of those starting with a mark would be
    // read as a placeholder, and the printer's check would report it: `markdown` drops
    // control characters, so only generator text could hold one).
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

/// Forgets this thread's blocks (a file whose tokens were not printed).
pub fn clear() {
    BLOCKS.with_borrow_mut(Vec::clear);
}

/// Takes this thread's blocks, for the printer to write in place of their placeholders.
pub fn take() -> Vec<Vec<String>> {
    BLOCKS.with_borrow_mut(std::mem::take)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the printer writes for `tokens` (a file), the placeholders expanded.
    fn formatted(tokens: TokenStream) -> String {
        crate::rust::print::file(tokens).expect("prints")
    }

    /// The same items with every doc line as its own attribute.
    fn reference(tokens: TokenStream) -> String {
        clear();
        crate::rust::print::file(tokens).expect("prints")
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
    fn a_placeholder_without_its_block_is_an_error() {
        clear();
        let doc = outer(values(&[" a"]));
        clear();
        assert!(crate::rust::print::file(quote!(#doc pub struct S;)).is_err());
    }
}
