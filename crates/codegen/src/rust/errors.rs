//! The error part of an operation module: one variant per documented error status, what
//! each says in an error chain, and how a response maps to one (and back, for the mocks).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::lit::str_lit;

use super::docs::{self, doc, doc_raw};
use super::paths::{
    CLONE, DEBUG, DISPLAY, FMT_RESULT, FORMATTER, NONE, OPTION, PARTIAL_EQ,
    RT_DE_DECODE_ERROR_BODY, RT_ERROR_KIND, RT_SERIALIZE, SOME, STD_ERROR,
};
use crate::model::{ErrorVariant, OpModel};
use crate::names::ident;

/// The enum, its `Display` and its `hwc_runtime::ErrorKind` impl.
pub(super) fn emit(m: &OpModel) -> TokenStream {
    let error = ident(&m.error);
    let doc = doc_raw(&format!(
        "The documented error responses of {}, one variant per status code.",
        m.op.id
    ));
    let variants = m.errors.iter().map(|e| {
        let v = ident(&e.rust);
        let d = self::doc(&status_doc(e.status, &e.description));
        match &e.body {
            Some(b) => {
                let b = ident(b);
                quote!(#d #v(#b),)
            }
            None => quote!(#d #v,),
        }
    });
    let display = display(m);
    let kind = error_kind(m);
    quote! {
        #doc
        // `Serialize` (a variant as its body) lets a test answer with a typed error.
        #[derive(#CLONE, #DEBUG, #PARTIAL_EQ, #RT_SERIALIZE)]
        #[serde(crate = "::hwc_runtime::serde", untagged)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
            /// A status the page does not document, or an error body that is not the documented
            /// type; the status, headers and raw body are in the enclosing service error.
            Unhandled,
        }

        #display

        impl #STD_ERROR for #error {}

        #kind
    }
}

fn status_doc(status: u16, description: &str) -> String {
    if description.is_empty() {
        format!("HTTP {status}.")
    } else {
        format!("HTTP {status}: {description}")
    }
}

/// `Self::Variant(_)` or `Self::Variant`, as a pattern.
fn pattern(e: &ErrorVariant) -> TokenStream {
    let v = ident(&e.rust);
    match &e.body {
        Some(_) => quote!(Self::#v(_)),
        None => quote!(Self::#v),
    }
}

/// What each kind says in an error chain: the operation, the status and the page's own
/// (first line of) description, bounded.
fn display(m: &OpModel) -> TokenStream {
    let (id, error) = (&m.op.id, ident(&m.error));
    let arms = m.errors.iter().map(|e| {
        let first = docs::plain(&e.description);
        let first: String = first
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(120)
            .collect();
        let text = if first.is_empty() {
            format!("{id} answered {} ({})", e.status, e.rust)
        } else {
            format!("{id} answered {} ({}): {first}", e.status, e.rust)
        };
        let p = pattern(e);
        let text = str_lit(&text);
        quote!(#p => #text,)
    });
    let unhandled = format!("{id} answered with a status or error body its page does not document");
    quote! {
        impl #DISPLAY for #error {
            fn fmt(&self, f: &mut #FORMATTER<'_>) -> #FMT_RESULT {
                f.write_str(match self {
                    #(#arms)*
                    Self::Unhandled => #unhandled,
                })
            }
        }
    }
}

/// The `ErrorKind` impl: a documented status decodes its body (a body that is not the
/// documented type is the unhandled kind); every kind knows its status.
fn error_kind(m: &OpModel) -> TokenStream {
    let error = ident(&m.error);
    let documented = (!m.errors.is_empty()).then(|| {
        let decode = m.errors.iter().map(|e| {
            let (code, v) = (Literal::u16_unsuffixed(e.status), ident(&e.rust));
            match &e.body {
                Some(_) => {
                    quote!(#code => #RT_DE_DECODE_ERROR_BODY(body).map(Self::#v),)
                }
                None => quote!(#code => #SOME(Self::#v),),
            }
        });
        let status = m.errors.iter().map(|e| {
            let (code, p) = (Literal::u16_unsuffixed(e.status), pattern(e));
            quote!(#p => #SOME(#code),)
        });
        // Statuses without a documented body never read it.
        let body = if m.errors.iter().any(|e| e.body.is_some()) {
            quote!(body)
        } else {
            quote!(_body)
        };
        quote! {
            fn from_response(status: u16, #body: &[u8]) -> #OPTION<Self> {
                match status {
                    #(#decode)*
                    _ => #NONE,
                }
            }

            fn status(&self) -> #OPTION<u16> {
                match self {
                    #(#status)*
                    Self::Unhandled => #NONE,
                }
            }
        }
    });
    quote! {
        impl #RT_ERROR_KIND for #error {
            fn unhandled() -> Self {
                Self::Unhandled
            }

            #documented
        }
    }
}
