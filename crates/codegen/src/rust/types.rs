//! The service's `types` module: every object and enum once, with constructors and setters
//! for the objects a request contains, and `Debug` that keeps secrets out of logs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, doc_raw, doc_raw_with, doc_with, field_doc};
use super::paths::{
    BOX_NEW, CLONE, DEBUG, DEFAULT, EQ, FMT_RESULT, FORMATTER, HASH, NONE, ORD, PARTIAL_EQ,
    PARTIAL_ORD, RT_OPEN_ENUM, RT_RECORD, RT_REDACTED, RT_SERIALIZE, SOME, STRING,
};
use super::{arg_ty, field_ty, lenient_decoder};
use crate::Options;
use crate::model::{EnumModel, FieldModel, StructModel};
use crate::names::{Scope, ident};
use crate::share::{SharedStruct, SharedTypes};

/// `#[cfg(any(feature = "a", …))]` for a type the operations `users` need, when operations
/// are features; nothing otherwise.
fn gate(users: &[String], options: Options) -> TokenStream {
    if !options.operation_features {
        return TokenStream::new();
    }
    let names: Vec<&str> = users.iter().map(|u| u.trim_start_matches("r#")).collect();
    match names.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The whole `types.rs`.
pub fn emit_types(types: &SharedTypes, options: Options) -> TokenStream {
    let structs = types.structs.iter().map(|s| {
        let g = gate(&s.users, options);
        emit_struct(s, g)
    });
    let enums = types.enums.iter().map(|e| {
        let g = gate(&e.users, options);
        emit_enum(&e.model, g)
    });
    quote! {
        //! Every object and enum of the service's requests and responses, each once: an
        //! object that several operations use is one type here, and the operation modules
        //! re-export the types they use.
        #(#structs)*
        #(#enums)*
    }
}

/// A `Debug` impl printing `***` for the secret fields, or `None` when the struct has none
/// (it then derives `Debug`).
pub fn redacting_debug(name: &str, fields: &[&FieldModel]) -> Option<TokenStream> {
    redacting_debug_with_body(name, fields, false)
}

/// [`redacting_debug`] for an operation's request: its parameters, then its `body` (whose
/// own `Debug` keeps its secrets).
pub fn redacting_debug_with_body(
    name: &str,
    fields: &[&FieldModel],
    body: bool,
) -> Option<TokenStream> {
    if !fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let ty = ident(name);
    let entries = fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let shown = f.rust.trim_start_matches("r#");
        if !f.sensitive {
            quote!(.field(#shown, &self.#fname))
        } else if f.required {
            quote!(.field(#shown, &#RT_REDACTED))
        } else {
            quote!(.field(#shown, &self.#fname.as_ref().map(|_| #RT_REDACTED)))
        }
    });
    let body = body.then(|| quote!(.field("body", &self.body)));
    Some(quote! {
        impl #DEBUG for #ty {
            fn fmt(&self, f: &mut #FORMATTER<'_>) -> #FMT_RESULT {
                f.debug_struct(#name)
                    #(#entries)*
                    #body
                    .finish()
            }
        }
    })
}

/// `new` with the required fields and one setter per optional field.
fn construction(s: &StructModel) -> TokenStream {
    let name = ident(&s.rust);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut methods = Scope::with_reserved(["new"]);
    for f in &s.fields {
        let fname = ident(&f.rust);
        let (at, into) = arg_ty(&f.ty);
        let mut v = if into { quote!(v.into()) } else { quote!(v) };
        if f.boxed {
            v = quote!(#BOX_NEW(#v));
        }
        if f.required {
            args.push(quote!(#fname: #at));
            inits.push(match (into, f.boxed) {
                (false, false) => quote!(#fname,),
                (true, false) => quote!(#fname: #fname.into(),),
                (false, true) => quote!(#fname: #BOX_NEW(#fname),),
                (true, true) => quote!(#fname: #BOX_NEW(#fname.into()),),
            });
        } else {
            inits.push(quote!(#fname: #NONE,));
            let setter = ident(&methods.claim(&f.rust, "_"));
            let d = doc_raw(&format!("Sets `{}`.", f.field.name.replace('`', "'")));
            setters.push(quote! {
                #d
                pub fn #setter(mut self, v: #at) -> Self {
                    self.#fname = #SOME(#v);
                    self
                }
            });
        }
    }
    let allow = super::allow_many_args(args.len());
    quote! {
        impl #name {
            /// A value with the required fields set and the optional ones unset.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }

            #(#setters)*
        }
    }
}

fn emit_struct(shared: &SharedStruct, gate: TokenStream) -> TokenStream {
    let s = &shared.model;
    let name = ident(&s.rust);
    let named = (s.rust != s.schema.name).then(|| {
        format!(
            "Named `{}` in the documentation.",
            s.schema.name.replace('`', "'")
        )
    });
    let named = named.as_slice();
    let d = match (&s.described_by, &s.alias) {
        (Some(text), _) => doc_with(&format!("{}: {text}", s.schema.name), named),
        (None, Some(_)) => doc_raw_with("The body of a successful response.", named),
        (None, None) => doc_with(&s.schema.name, named),
    };
    let alias = s
        .alias
        .as_ref()
        .filter(|a| **a != s.rust)
        .map(|a| quote!(#[doc(alias = #a)]));
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(#DEFAULT,));
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let fd = field_doc(&f.field);
        let t = field_ty(f);
        let wire = &f.field.name;
        let rename = (f.rust != *wire).then(|| quote!(#[serde(rename = #wire)]));
        let opt = (!f.required)
            .then(|| quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]));
        quote! {
            #fd
            #rename
            #opt
            pub #fname: #t,
        }
    });
    let decoders = s.fields.iter().enumerate().map(|(i, f)| {
        let fname = ident(&f.rust);
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let wire = &f.field.name;
        let presence = ident(if f.required { "req" } else { "opt" });
        let decoder = ident(lenient_decoder(f));
        quote!(#fname #index #wire #presence #decoder,)
    });
    let fields_ref: Vec<&FieldModel> = s.fields.iter().collect();
    let custom_debug = redacting_debug(&s.rust, &fields_ref);
    let debug = custom_debug.is_none().then(|| quote!(#DEBUG,));
    let construction = shared.request_side.then(|| construction(s));
    let impls = [custom_debug, construction]
        .into_iter()
        .flatten()
        .map(|i| quote!(#gate #i));
    quote! {
        #d
        #alias
        #gate
        #[derive(#CLONE, #debug #default #PARTIAL_EQ, #RT_SERIALIZE)]
        #[serde(crate = "::hwc_runtime::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #gate
        #RT_RECORD!(#name { #(#decoders)* });

        #(#impls)*
    }
}

fn emit_enum(e: &EnumModel, gate: TokenStream) -> TokenStream {
    let name = ident(&e.rust);
    let d = if e.doc.trim().is_empty() {
        doc_raw(&format!("`{}`", e.rust))
    } else {
        doc(&e.doc)
    };
    let variants = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        let vd = doc_raw(&format!("`{}`", wire.replace('`', "'")));
        quote!(#vd #v,)
    });
    let pairs = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        quote!(#v => #wire,)
    });
    let allow = variant_names_lint(e).then(|| quote!(#[allow(clippy::enum_variant_names)]));
    quote! {
        #d
        #gate
        #[derive(#CLONE, #DEBUG, #PARTIAL_EQ, #EQ, #HASH, #PARTIAL_ORD, #ORD)]
        #allow
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet; kept as sent.
            Unknown(#STRING),
        }

        #gate
        #RT_OPEN_ENUM!(#name { #(#pairs)* });
    }
}

/// Whether clippy's `enum_variant_names` would fire: a variant that starts or ends with the
/// enum's name, or every variant (`Unknown` included) sharing a first or last word.
fn variant_names_lint(e: &EnumModel) -> bool {
    let names: Vec<&str> = e
        .variants
        .iter()
        .map(|(v, _)| v.trim_start_matches("r#"))
        .chain(["Unknown"])
        .collect();
    let words = |v: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in v.chars() {
            match out.last_mut() {
                Some(w) if !c.is_uppercase() => w.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    };
    let enum_name = e.rust.as_str();
    let named = names
        .iter()
        .any(|v| v.len() > enum_name.len() && (v.starts_with(enum_name) || v.ends_with(enum_name)));
    let shared = |pick: fn(&[String]) -> Option<&String>| {
        let first = words(names[0]);
        let Some(w) = pick(&first) else { return false };
        names.len() > 1 && names.iter().all(|v| pick(&words(v)) == Some(w))
    };
    named || shared(|w| w.first()) || shared(|w| w.last())
}
