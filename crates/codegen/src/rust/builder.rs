//! The fluent builder of an operation: a wrapper of the runtime's `Call` with one setter per
//! optional parameter and body member.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_raw, field_doc, field_doc_and};
use super::paths::{
    BOX_NEW, CLONE, DEBUG, FUTURE, RESULT, RT_CALL, RT_CALL_NEW, RT_CALL_OPTIONS, RT_CLIENT,
    RT_ERROR, RT_PREPARED_REQUEST, RT_RESPONSE, SEND, SOME,
};
use super::{BUILDER_METHODS, arg_ty, body_members, output_ty, ty};
use crate::model::OpModel;
use crate::names::{Scope, ident, snake};

/// Names clippy's `should_implement_trait` expects to mean a standard trait's method.
const TRAIT_METHOD_NAMES: [&str; 30] = [
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The builder struct and its methods.
pub(super) fn emit(m: &OpModel) -> TokenStream {
    let (request, builder, error) = (ident(&m.request), ident(&m.builder), ident(&m.error));
    let output = output_ty(m);
    let (setters, names) = setters(m);
    let allow = names
        .iter()
        .any(|n| TRAIT_METHOD_NAMES.contains(&n.as_str()))
        .then(|| quote!(#[allow(clippy::should_implement_trait)]));
    let doc = doc_raw(&format!(
        "Fluent builder for {}: set optional parameters and body members, then call `send`.",
        m.op.id
    ));
    let result = quote!(#RESULT<#output, #RT_ERROR<#error>>);
    let with_metadata = quote!(#RESULT<#RT_RESPONSE<#output>, #RT_ERROR<#error>>);
    let deprecated = super::deprecated_attr(m);
    // `send` and `send_with_metadata` hand back the runtime's future rather than being
    // `async fn`s around it: a wrapper `async fn` is one more level of future holding a copy
    // of the call, moved on every call (issue 21, client CPU per call).
    quote! {
        #doc
        #[derive(#CLONE, #DEBUG)]
        #[must_use = "a request does nothing until it is sent"]
        #deprecated
        pub struct #builder(#RT_CALL<#request>);

        #allow
        impl #builder {
            /// A builder sending `request` through `client`.
            pub fn new(client: #RT_CLIENT, request: #request) -> Self {
                Self(#RT_CALL_NEW(client, request))
            }

            /// Extra headers, a timeout or a retry policy for this call only.
            pub fn call_options(self, options: #RT_CALL_OPTIONS) -> Self {
                Self(self.0.with_options(options))
            }

            #(#setters)*

            /// The request as built so far.
            pub fn request(&self) -> &#request {
                self.0.request()
            }

            /// The request as built so far, to change in place.
            pub fn request_mut(&mut self) -> &mut #request {
                self.0.request_mut()
            }

            /// Sends the request and decodes the response body.
            pub fn send(self) -> impl #FUTURE<Output = #result> + #SEND {
                self.0.send()
            }

            /// Sends the request; the decoded body comes with the response's status, headers
            /// and request id.
            pub fn send_with_metadata(self) -> impl #FUTURE<Output = #with_metadata> + #SEND {
                self.0.send_with_metadata()
            }

            /// The request exactly as `send` would put it on the wire (URL, every header
            /// including `X-Sdk-Date` and `Authorization`, body), signed but not sent: for a
            /// dry run, logging, or comparing with another SDK.
            pub async fn prepare(&self) -> #RESULT<#RT_PREPARED_REQUEST, #RT_ERROR<#error>> {
                self.0.prepare().await
            }
        }
    }
}

/// One setter for each optional parameter, then `body` and one for each optional body
/// member; with the names they got.
fn setters(m: &OpModel) -> (Vec<TokenStream>, Vec<String>) {
    let mut methods = Scope::with_reserved(BUILDER_METHODS);
    let mut names = Vec::new();
    let mut out = Vec::new();
    let mut setter = |name: String, doc: TokenStream, arg: TokenStream, assign: TokenStream| {
        let n = ident(&name);
        names.push(name);
        out.push(quote! {
            #doc
            pub fn #n(mut self, v: #arg) -> Self {
                #assign
                self
            }
        });
    };
    for (_, f) in m.params.iter().filter(|(_, f)| !f.required) {
        let fname = ident(&f.rust);
        let (at, into) = arg_ty(&f.ty);
        let v = if into { quote!(v.into()) } else { quote!(v) };
        setter(
            methods.claim(&snake(&f.rust), "_"),
            field_doc(&f.field),
            at,
            quote!(self.0.request_mut().#fname = #SOME(#v);),
        );
    }
    let replace = quote!(self.0.request_mut().body = v;);
    if let Some((body_struct, members)) = body_members(m) {
        let body_ty = ident(&body_struct.rust);
        let d = doc_raw(
            "Replaces the whole request body, members passed to the client method included.",
        );
        setter("body".into(), d, quote!(#body_ty), replace);
        for b in members.iter().filter(|b| !b.field.required) {
            let f = b.field;
            let fname = ident(&f.rust);
            let (at, into) = arg_ty(&f.ty);
            let mut v = if into { quote!(v.into()) } else { quote!(v) };
            if f.boxed {
                v = quote!(#BOX_NEW(#v));
            }
            let d = field_doc_and(&f.field, Some("A member of the request body."));
            setter(
                methods.claim(&b.name, "_"),
                d,
                at,
                quote!(self.0.request_mut().body.#fname = #SOME(#v);),
            );
        }
    } else if let Some(b) = &m.body {
        let t = ty(b);
        setter(
            "body".into(),
            doc_raw("Replaces the request body."),
            t,
            replace,
        );
    }
    (out, names)
}
