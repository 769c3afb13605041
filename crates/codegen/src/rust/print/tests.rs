use quote::quote;

use super::{WIDTH, file, unescape, verify};
use crate::rust::doc_table;
use crate::rust::lit::str_lit;

/// The printed text of `tokens`, checked to parse as a Rust file (the printer's own check,
/// that it reads back as the same tokens, runs inside `file` in test builds).
fn printed(tokens: proc_macro2::TokenStream) -> String {
    let text = file(tokens).expect("prints");
    if let Err(e) = syn::parse_file(&text) {
        panic!("printed text is not Rust ({e}):\n{text}");
    }
    text
}

#[test]
fn small_items_read_as_rustfmt_would_write_them() {
    let got = printed(quote! {
        pub struct S { pub a: ::std::option::Option<u8>, b: Vec<Vec<u8>>, }
        impl S {
            pub fn new(a: u8) -> Self { Self { a: Some(a), b: Vec::new(), } }
        }
    });
    let want = "\
pub struct S {
    pub a: ::std::option::Option<u8>,
    b: Vec<Vec<u8>>,
}
impl S {
    pub fn new(a: u8) -> Self {
        Self {
            a: Some(a),
            b: Vec::new(),
        }
    }
}
";
    assert_eq!(got, want);
}

#[test]
fn what_does_not_fit_breaks_at_its_commas_and_its_calls() {
    let long = "x".repeat(60);
    let got = printed(quote! {
        fn f() {
            call_something(#long, another_argument_here, third);
            let v = ::serde_json::from_str(#long).unwrap().into_iter().map(|v| v.len()).collect();
        }
    });
    let want = format!(
        "fn f() {{
    call_something(
        \"{long}\",
        another_argument_here,
        third
    );
    let v = ::serde_json::from_str(\"{long}\")
        .unwrap()
        .into_iter()
        .map(|v| v.len())
        .collect();
}}
"
    );
    assert_eq!(got, want);
}

#[test]
fn match_arms_attributes_and_docs_get_lines_of_their_own() {
    doc_table::clear();
    let block = doc_table::outer(vec![" 标签键".into(), String::new(), " - second  ".into()]);
    let got = printed(quote! {
        //! Module.
        #block
        #[derive(Clone, Debug)]
        pub enum E {
            /// One.
            A,
            #[doc = "/ starts with a slash"]
            B(u8),
        }
        impl ::std::fmt::Display for E {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match *self { Self::A => "a", Self::B(ref n) => { if *n > 1 { "b" } else { "c" } } })
            }
        }
    });
    let want = "\
//! Module.
/// 标签键
///
/// - second
#[derive(Clone, Debug)]
pub enum E {
    /// One.
    A,
    #[doc = \"/ starts with a slash\"]
    B(u8),
}
impl ::std::fmt::Display for E {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(match *self {
            Self::A => \"a\",
            Self::B(ref n) => {
                if *n > 1 {
                    \"b\"
                } else {
                    \"c\"
                }
            }
        })
    }
}
";
    assert_eq!(got, want);
}

#[test]
fn every_construct_the_generator_emits_reads_back_as_its_tokens() {
    let long = "长的描述".repeat(30);
    let got = printed(quote! {
        #![allow(clippy::all)]
        pub use super::types::{A, B, C};
        pub static OPS: [::hwc_runtime::table::Operation<'static>; 1] = [X { id: "a", params: &[], }];
        #[cfg(any(feature = "a", feature = "b"))]
        ::hwc_runtime::record!(Name { r#type 0 "type" req lenient_string, offset 1 "offset" opt lenient_i32, });
        ::hwc_runtime::open_enum!(Kind { A => "a", B => "b", });
        impl<T: Clone + Send> Wrapper<T> where T: ::std::fmt::Debug {
            pub(crate) async fn send(&mut self, x: &[u8]) -> ::std::result::Result<::std::collections::HashMap<String, Vec<T>>, Error<'static>> {
                let y = async move { self.inner.call(x).await? };
                let z = || -1;
                let w = x.iter().map(|_| ::hwc_runtime::Redacted).filter(|&v| !v.is_empty()).count();
                let s = #long;
                for v in &mut self.items { *v = v.clone(); }
                if let ::std::option::Option::Some(v) = &self.offset { r.query("offset", *v); } else { r.clear(); }
                ::std::result::Result::Ok(y?)
            }
        }
    });
    for line in got.lines() {
        let width = line.chars().count();
        assert!(width <= WIDTH || line.contains('"'), "too wide: {line}");
    }
}

#[test]
fn a_text_that_reads_as_other_tokens_is_refused() {
    let tokens = quote!(
        fn f() -> u8 {
            a + b
        }
    );
    assert!(verify::same_tokens(tokens.clone(), &[], "fn f() -> u8 { a + b }").is_ok());
    assert!(verify::same_tokens(tokens.clone(), &[], "fn f() -> u8 { a - b }").is_err());
    assert!(verify::same_tokens(tokens, &[], "fn f() -> u8 { a + b + c }").is_err());
}

#[test]
fn string_literals_unescape_to_their_value() {
    for s in [
        "plain",
        "引号\"和\\反斜杠",
        "tab\tnew\nline\r",
        "nul \0 7",
        "\u{1}3",
        "'quote'",
    ] {
        assert_eq!(unescape(&str_lit(s).to_string()).as_deref(), Some(s));
        assert_eq!(
            unescape(&proc_macro2::Literal::string(s).to_string()).as_deref(),
            Some(s)
        );
    }
    assert_eq!(unescape("r\"raw \\n\"").as_deref(), Some("raw \\n"));
    assert_eq!(
        unescape("r#\"a \"quoted\" b\"#").as_deref(),
        Some("a \"quoted\" b")
    );
    assert_eq!(unescape("12u8"), None);
}
