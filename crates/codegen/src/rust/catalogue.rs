//! The generated `error_codes` module: the service's error-code catalogue as a static table,
//! listed in its rustdoc, with a test that every documented code looks up.

use apidoc::ErrorCode;
use proc_macro2::TokenStream;
use quote::quote;

use super::doc_table;
use super::docs::{markdown, plain};
use super::lit::str_lit;
use super::paths::{
    NONE, OPTION, RT_CATALOGUE, RT_CATALOGUE_NEW, RT_ERROR_CODE_INFO, RT_ERROR_CODE_INFO_NEW, SOME,
};

fn doc_line(e: &ErrorCode) -> String {
    let status = e.status.map(|s| format!(" ({s})")).unwrap_or_default();
    let mut parts = Vec::new();
    for p in [&e.message, &e.description] {
        if !p.trim().is_empty() {
            parts.push(markdown(&plain(p).replace('\n', " ")));
        }
    }
    format!(
        " - `{}`{status}: {}",
        e.code.replace('`', "'"),
        parts.join(" — ")
    )
}

/// The `error_codes.rs` of a service with these codes (rows without a code are left out:
/// nothing can look them up).
pub fn emit(codes: &[ErrorCode]) -> TokenStream {
    let codes: Vec<&ErrorCode> = codes.iter().filter(|e| !e.code.trim().is_empty()).collect();
    let mut docs = vec![
        " The error codes the service's reference documents, in page order: look one up with"
            .to_owned(),
        " [`lookup`], or ask a service error for its own (`ServiceError::documented`).".to_owned(),
    ];
    if codes.is_empty() {
        docs.push(String::new());
        docs.push(" The reference pages of this service have no error-code table.".to_owned());
    } else {
        docs.push(String::new());
        docs.extend(codes.iter().map(|e| doc_line(e)));
    }
    let docs = doc_table::inner(docs);
    let entries = codes.iter().map(|e| {
        let status = match e.status {
            Some(s) => quote!(#SOME(#s)),
            None => quote!(#NONE),
        };
        let (code, message, description, handling) = (
            str_lit(e.code.trim()),
            str_lit(&plain(&e.message)),
            str_lit(&plain(&e.description)),
            str_lit(&plain(&e.handling)),
        );
        quote! {
            #RT_ERROR_CODE_INFO_NEW(#status, #code, #message, #description, #handling),
        }
    });
    quote! {
        #docs

        /// The catalogue.
        pub const CATALOGUE: #RT_CATALOGUE = #RT_CATALOGUE_NEW(&[
            #(#entries)*
        ]);

        /// What the documentation says about `code` (exact, then without case).
        pub fn lookup(code: &str) -> #OPTION<&'static #RT_ERROR_CODE_INFO> {
            CATALOGUE.lookup(code)
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn every_documented_code_looks_up() {
                for e in super::CATALOGUE.entries() {
                    let found = super::lookup(e.code).unwrap();
                    assert!(found.code.eq_ignore_ascii_case(e.code), "{}", e.code);
                }
            }
        }
    }
}
