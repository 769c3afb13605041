//! The request part of an operation module: the plain request struct, its constructor and
//! its HTTP form.

use apidoc::ir::Location;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_raw, field_doc};
use super::paths::{CLONE, DEBUG, DEFAULT, NONE, PARTIAL_EQ, RT_REQUEST, RT_REQUEST_NEW, SOME};
use super::{Value, allow_many_args, arg_ty, field_ty, push_param, ty, types};
use crate::model::{FieldModel, OpModel};
use crate::names::ident;

/// The struct, `new` and `to_http`.
pub(super) fn emit(m: &OpModel) -> TokenStream {
    let request = ident(&m.request);
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (_, f) in &m.params {
        let fname = ident(&f.rust);
        let (fd, t) = (field_doc(&f.field), field_ty(f));
        fields.push(quote!(#fd pub #fname: #t,));
        if f.required {
            let (at, into) = arg_ty(&f.ty);
            args.push(quote!(#fname: #at));
            inits.push(if into {
                quote!(#fname: #fname.into(),)
            } else {
                quote!(#fname,)
            });
        } else {
            inits.push(quote!(#fname: #NONE,));
        }
    }
    if let Some(b) = &m.body {
        let t = ty(b);
        fields.push(quote!(/// The request body.
            pub body: #t,));
        args.push(quote!(body: #t));
        inits.push(quote!(body,));
    }
    let doc = doc_raw(&format!("The parameters and body of {}.", m.op.id));
    let default = args.is_empty().then(|| quote!(#DEFAULT,));
    let params: Vec<&FieldModel> = m.params.iter().map(|(_, f)| f).collect();
    let debug_impl = types::redacting_debug_with_body(&m.request, &params, m.body.is_some());
    let derive_debug = debug_impl.is_none().then(|| quote!(#DEBUG,));
    let allow = allow_many_args(args.len());
    let to_http = to_http(m);
    let deprecated = super::deprecated_attr(m);
    quote! {
        #doc
        #[derive(#CLONE, #derive_debug #default #PARTIAL_EQ)]
        #[non_exhaustive]
        #deprecated
        pub struct #request {
            #(#fields)*
        }

        #debug_impl

        impl #request {
            /// A request with the required parameters set and the optional ones unset.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }

            #to_http
        }
    }
}

/// `to_http`: the parameters into path, query and headers, the constants of the request
/// line, the body.
fn to_http(m: &OpModel) -> TokenStream {
    let mut pushes: Vec<TokenStream> = m
        .params
        .iter()
        .map(|(loc, f)| {
            let fname = ident(&f.rust);
            if f.required {
                return push_param(*loc, f, &Value::Field(quote!(self.#fname)), m);
            }
            let push = push_param(*loc, f, &Value::Bound(quote!(v)), m);
            quote! {
                if let #SOME(v) = &self.#fname {
                    #push
                }
            }
        })
        .collect();
    // Constants the request line writes into its query (`?action=start`) go with every call.
    for (name, value) in &m.op.uri_query {
        // An empty value is a flag (`?tagging`), sent like any constant.
        let placeholder = value.starts_with('{') && value.ends_with('}');
        let documented =
            m.op.parameters
                .iter()
                .any(|p| p.location == Location::Query && p.field.name == *name);
        if !placeholder && !documented {
            pushes.push(quote!(r.query(#name, #value);));
        }
    }
    if m.body.is_some() {
        pushes.push(quote!(r.json_body(&self.body);));
    }
    // Nothing to add: the operation's bare request (clippy's let_and_return otherwise).
    let body = if pushes.is_empty() {
        quote!(#RT_REQUEST_NEW(&OPERATION))
    } else {
        quote! {
            let mut r = #RT_REQUEST_NEW(&OPERATION);
            #(#pushes)*
            r
        }
    };
    quote! {
        /// The HTTP form of this request.
        pub fn to_http(&self) -> #RT_REQUEST {
            #body
        }
    }
}
