//! Emits the Rust module of one operation from its [`OpModel`]: the request, its fluent
//! builder, the error enum and the decoder; its objects and enums live in the service's
//! `types` module ([`types`]) and are re-exported here.
//!
//! Every path in emitted code is fully qualified (`::std::option::Option`), so a documented
//! object called `Option`, `Result` or `String` cannot shadow what the code means.

pub mod client;
pub mod docs;
pub mod operations;
mod paging;
pub mod service_error;
pub mod types;

use apidoc::ir::Location;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub use docs::{doc, inner_doc};
use docs::{doc_raw, field_doc};

use crate::model::{FieldModel, OpModel, RustTy, StructModel};
use crate::names::{Scope, ident, snake};

/// Tokens for a type.
pub fn ty(t: &RustTy) -> TokenStream {
    ty_in(t, None)
}

/// Tokens for a type named from outside the operation module: generated types get the
/// `module` path prefix (e.g. `super::list_bigkey_scan_tasks` or `super`).
pub fn ty_in(t: &RustTy, module: Option<&TokenStream>) -> TokenStream {
    match t {
        RustTy::String => quote!(::std::string::String),
        RustTy::I32 => quote!(i32),
        RustTy::I64 => quote!(i64),
        RustTy::F32 => quote!(f32),
        RustTy::F64 => quote!(f64),
        RustTy::Bool => quote!(bool),
        RustTy::Value => quote!(::serde_json::Value),
        RustTy::Named(n) => {
            let n = ident(n);
            match module {
                Some(m) => quote!(#m::#n),
                None => quote!(#n),
            }
        }
        RustTy::Vec(inner) => {
            let i = ty_in(inner, module);
            quote!(::std::vec::Vec<#i>)
        }
        RustTy::Map(inner) => {
            let i = ty_in(inner, module);
            quote!(::std::collections::BTreeMap<::std::string::String, #i>)
        }
    }
}

pub(crate) fn field_ty(f: &FieldModel) -> TokenStream {
    let mut t = ty(&f.ty);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if f.required {
        t
    } else {
        quote!(::std::option::Option<#t>)
    }
}

/// The `hwc_runtime::lenient` decoder for a field, if its type has one.
pub(crate) fn lenient_fn(f: &FieldModel) -> Option<String> {
    if f.boxed {
        return None;
    }
    let base = match &f.ty {
        RustTy::String => "string",
        RustTy::I32 => "i32",
        RustTy::I64 => "i64",
        RustTy::F32 => "f32",
        RustTy::F64 => "f64",
        RustTy::Bool => "bool",
        RustTy::Vec(inner) if **inner == RustTy::String => "vec_string",
        RustTy::Vec(_) => "vec",
        RustTy::Named(_) | RustTy::Value | RustTy::Map(_) => return None,
    };
    let prefix = if f.required { "" } else { "opt_" };
    Some(format!("::hwc_runtime::lenient::{prefix}{base}"))
}

/// How a setter or constructor takes a value of this type: anything `Into` it for text,
/// generated types, lists and maps (so `"x"`, `["a", "b"]` and `vec![…]` all work), the value
/// itself for numbers and booleans. The flag says whether `.into()` is needed.
pub(crate) fn arg_ty(t: &RustTy) -> (TokenStream, bool) {
    match t {
        RustTy::I32 | RustTy::I64 | RustTy::F32 | RustTy::F64 | RustTy::Bool => (ty(t), false),
        other => {
            let t = ty(other);
            (quote!(impl ::std::convert::Into<#t>), true)
        }
    }
}

/// How a parameter's value travels in a path, query string or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// A scalar or an open enum: its text (`Display`, `QueryValue`).
    Text,
    /// An array of those: one query pair per element (headers get the JSON array).
    Repeated,
    /// Anything else (an object, a map, free-form JSON, an array of objects): its JSON text,
    /// the only rendering that keeps every value the type can hold.
    Json,
}

fn wire(t: &RustTy, m: &OpModel) -> Wire {
    // Free-form JSON renders as its text (`hwc_runtime::QueryValue`): a string without
    // quotes, anything else as JSON.
    let text = |t: &RustTy| match t {
        RustTy::Named(n) => m.enums.iter().any(|e| e.rust == *n),
        RustTy::Vec(_) | RustTy::Map(_) => false,
        _ => true,
    };
    match t {
        RustTy::Vec(inner) if text(inner) => Wire::Repeated,
        t if text(t) => Wire::Text,
        _ => Wire::Json,
    }
}

/// A parameter's value where the request is built: a field of the request (`self.x`, for a
/// required parameter) or a reference bound to one (`v` of `if let Some(v) = &self.x`).
enum Value {
    Field(TokenStream),
    Bound(TokenStream),
}

impl Value {
    /// The value borrowed: `&self.x` or `v`.
    fn by_ref(&self) -> TokenStream {
        match self {
            Value::Field(f) => quote!(&#f),
            Value::Bound(v) => quote!(#v),
        }
    }

    /// The value itself, for `Copy` scalars: `self.x` or `*v`.
    fn by_value(&self) -> TokenStream {
        match self {
            Value::Field(f) => quote!(#f),
            Value::Bound(v) => quote!(*#v),
        }
    }
}

/// Code that adds parameter `f` to request `r`.
fn push_param(loc: Location, f: &FieldModel, v: &Value, m: &OpModel) -> TokenStream {
    let wire_name = &f.field.name;
    let by_ref = v.by_ref();
    let json = quote!(::serde_json::to_string(#by_ref).unwrap_or_default());
    // Numbers and booleans go by value: a borrow of a `Copy` scalar is needless.
    let text = if matches!(
        f.ty,
        RustTy::I32 | RustTy::I64 | RustTy::F32 | RustTy::F64 | RustTy::Bool
    ) {
        v.by_value()
    } else {
        by_ref.clone()
    };
    match (loc, wire(&f.ty, m)) {
        // Free-form JSON in a path is the value as text: a string without its quotes.
        (Location::Path, _) if f.ty == RustTy::Value => {
            quote!(r.path_param(#wire_name, &::hwc_runtime::QueryValue::render(#by_ref));)
        }
        (Location::Path, Wire::Text) => {
            quote!(r.path_param(#wire_name, &::std::string::ToString::to_string(#by_ref));)
        }
        (Location::Path, _) => quote!(r.path_param(#wire_name, &#json);),
        (Location::Query, Wire::Repeated) => quote! {
            for item in #by_ref {
                r.query(#wire_name, item);
            }
        },
        (Location::Query, Wire::Text) => quote!(r.query(#wire_name, #text);),
        (Location::Query, Wire::Json) => quote!(r.query(#wire_name, #json);),
        (Location::Header, Wire::Text) => quote!(r.header(#wire_name, #text);),
        (Location::Header, _) => quote!(r.header(#wire_name, #json);),
    }
}

fn status_doc(status: u16, description: &str) -> String {
    if description.is_empty() {
        format!("HTTP {status}.")
    } else {
        format!("HTTP {status}: {description}")
    }
}

/// A member of a struct request body, as the fluent builder and the client method reach it.
pub struct BodyMember<'a> {
    /// The body's field.
    pub field: &'a FieldModel,
    /// The name it goes by on the builder and as a client-method argument (the field's own
    /// name, or `body_…` where a parameter has it).
    pub name: String,
}

/// The request body's struct and its members, when the body is one object.
pub fn body_members(m: &OpModel) -> Option<(&StructModel, Vec<BodyMember<'_>>)> {
    let Some(RustTy::Named(n)) = &m.body else {
        return None;
    };
    let s = m.structs.iter().find(|s| s.rust == *n)?;
    let mut names = Scope::with_reserved(BUILDER_METHODS);
    for (_, f) in &m.params {
        names.claim(&f.rust, "_");
    }
    let members = s
        .fields
        .iter()
        .map(|f| {
            let want = if names.contains(&f.rust) {
                format!("body_{}", f.rust.trim_start_matches("r#"))
            } else {
                f.rust.clone()
            };
            BodyMember {
                name: names.claim(&want, "_"),
                field: f,
            }
        })
        .collect();
    Some((s, members))
}

/// Names the fluent builder uses itself.
const BUILDER_METHODS: [&str; 10] = [
    "new",
    "call_options",
    "send",
    "send_with_metadata",
    "prepare",
    "request",
    "request_mut",
    "into_request",
    "into_paginator",
    "body",
];

/// The `pub use super::types::{…}` of an operation module: the objects and enums it uses.
fn reexports(m: &OpModel) -> TokenStream {
    let mut names: Vec<&str> = m
        .structs
        .iter()
        .map(|s| s.rust.as_str())
        .chain(m.enums.iter().map(|e| e.rust.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return TokenStream::new();
    }
    let names = names.into_iter().map(ident);
    quote!(pub use super::types::{#(#names),*};)
}

/// The HTTP method as `hwc_runtime::Method`'s variant.
fn method_variant(method: &str) -> proc_macro2::Ident {
    let lower = method.to_ascii_lowercase();
    let mut c = lower.chars();
    let name = match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => "Get".to_owned(),
    };
    format_ident!("{name}")
}

/// The operation's title line for docs: `查询实例列表 (ListInstances)`.
pub fn title(m: &OpModel) -> String {
    let op = &m.op;
    if op.title.trim().is_empty() || op.title == op.id {
        op.id.clone()
    } else {
        format!("{} ({})", op.title, op.id)
    }
}

/// `#[deprecated(note = "...")]` for the items of an operation its page marks deprecated.
pub fn deprecated_attr(m: &OpModel) -> TokenStream {
    match &m.op.deprecated {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => TokenStream::new(),
    }
}

/// Emits the whole module for one operation. Examples that contradict the documented types
/// get no test; a warning naming `file`, line and path is pushed to `warnings` instead.
pub fn emit_operation(
    m: &OpModel,
    file: &str,
    warnings: &mut Vec<String>,
    feature: Option<&str>,
) -> TokenStream {
    let op = &m.op;
    let id = &op.id;
    let path = &op.path;
    let method = method_variant(&op.method);
    let request = ident(&m.request);
    let builder = ident(&m.builder);
    let error = ident(&m.error);
    let output = match &m.output {
        Some(o) if !m.bodyless_success.is_empty() => {
            let o = ident(o);
            quote!(::std::option::Option<#o>)
        }
        Some(o) => {
            let o = ident(o);
            quote!(#o)
        }
        None => quote!(()),
    };
    let mut module_doc = inner_doc(&format!("{}\n{}", title(m), op.description));
    let line = format!(" `{} {}`", op.method, op.path.replace('`', "'"));
    module_doc.extend(quote!(#![doc = ""] #![doc = #line]));
    if let Some(feature) = feature {
        let line = format!(" Available with the cargo feature `{feature}`.");
        module_doc.extend(quote!(#![doc = ""] #![doc = #line]));
    }

    // Request data.
    let mut req_fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    let mut to_http = Vec::new();
    for (loc, f) in &m.params {
        let fname = ident(&f.rust);
        let fd = field_doc(&f.field);
        let t = field_ty(f);
        req_fields.push(quote!(#fd pub #fname: #t,));
        if f.required {
            let (at, into) = arg_ty(&f.ty);
            new_args.push(quote!(#fname: #at));
            new_inits.push(if into {
                quote!(#fname: #fname.into(),)
            } else {
                quote!(#fname,)
            });
            to_http.push(push_param(*loc, f, &Value::Field(quote!(self.#fname)), m));
        } else {
            new_inits.push(quote!(#fname: ::std::option::Option::None,));
            let push = push_param(*loc, f, &Value::Bound(quote!(v)), m);
            to_http.push(quote! {
                if let ::std::option::Option::Some(v) = &self.#fname {
                    #push
                }
            });
        }
    }
    // Constants the request line writes into its query (`?action=start`) go with every call.
    for (name, value) in &op.uri_query {
        // An empty value is a flag (`?tagging`), sent like any constant.
        let placeholder = value.starts_with('{') && value.ends_with('}');
        let documented = op
            .parameters
            .iter()
            .any(|p| p.location == Location::Query && p.field.name == *name);
        if !placeholder && !documented {
            to_http.push(quote!(r.query(#name, #value);));
        }
    }
    if let Some(b) = &m.body {
        let t = ty(b);
        req_fields.push(quote!(/// The request body.
            pub body: #t,));
        new_args.push(quote!(body: #t));
        new_inits.push(quote!(body,));
        to_http.push(quote!(r.json_body(&self.body);));
    }

    // Builder setters: optional parameters, then the body's optional members.
    let mut methods = Scope::with_reserved(BUILDER_METHODS);
    let mut setters: Vec<TokenStream> = m
        .params
        .iter()
        .filter(|(_, f)| !f.required)
        .map(|(_, f)| {
            let fname = ident(&f.rust);
            let setter = ident(&methods.claim(&snake(&f.rust), "_"));
            let fd = field_doc(&f.field);
            let (at, into) = arg_ty(&f.ty);
            let v = if into { quote!(v.into()) } else { quote!(v) };
            quote! {
                #fd
                pub fn #setter(mut self, v: #at) -> Self {
                    self.request.#fname = ::std::option::Option::Some(#v);
                    self
                }
            }
        })
        .collect();
    if let Some((body_struct, members)) = body_members(m) {
        let body_ty = ident(&body_struct.rust);
        setters.push(quote! {
            /// Replaces the whole request body, members passed to the client method included.
            pub fn body(mut self, body: #body_ty) -> Self {
                self.request.body = body;
                self
            }
        });
        for b in members.iter().filter(|b| !b.field.required) {
            let f = b.field;
            let fname = ident(&f.rust);
            let setter = ident(&methods.claim(&b.name, "_"));
            let fd = field_doc(&f.field);
            let (at, into) = arg_ty(&f.ty);
            let mut v = if into { quote!(v.into()) } else { quote!(v) };
            if f.boxed {
                v = quote!(::std::boxed::Box::new(#v));
            }
            setters.push(quote! {
                #fd
                ///
                /// A member of the request body.
                pub fn #setter(mut self, v: #at) -> Self {
                    self.request.body.#fname = ::std::option::Option::Some(#v);
                    self
                }
            });
        }
    } else if let Some(b) = &m.body {
        let t = ty(b);
        setters.push(quote! {
            /// Replaces the request body.
            pub fn body(mut self, body: #t) -> Self {
                self.request.body = body;
                self
            }
        });
    }

    // Decoding by status, keeping the response's status and headers.
    let success_arm = if m.output.is_some() && !m.bodyless_success.is_empty() {
        let empty = m
            .bodyless_success
            .iter()
            .map(|c| Literal::u16_unsuffixed(*c));
        quote! {
            #(#empty)|* => ::std::result::Result::Ok(::hwc_runtime::Response::from_raw(raw, ::std::option::Option::None)),
            200..=299 => ::hwc_runtime::de::decode_response(raw).map(|r| r.map(::std::option::Option::Some)),
        }
    } else if m.output.is_some() {
        quote!(200..=299 => ::hwc_runtime::de::decode_response(raw),)
    } else {
        quote!(200..=299 => ::std::result::Result::Ok(::hwc_runtime::Response::from_raw(raw, ())),)
    };
    let error_arms = m.errors.iter().map(|e| {
        let code = Literal::u16_unsuffixed(e.status);
        let v = ident(&e.rust);
        match &e.body {
            Some(_) => quote! {
                #code => ::std::result::Result::Err(::hwc_runtime::de::typed_error(raw, #error::#v)),
            },
            None => quote! {
                #code => ::std::result::Result::Err(::hwc_runtime::de::status_error(raw, #error::#v)),
            },
        }
    });
    let error_variants = m.errors.iter().map(|e| {
        let v = ident(&e.rust);
        let d = doc(&status_doc(e.status, &e.description));
        match &e.body {
            Some(b) => {
                let b = ident(b);
                quote!(#d #v(#b),)
            }
            None => quote!(#d #v,),
        }
    });

    // What each kind says in an error chain: the operation, the status and the page's own
    // (first line of) description, bounded.
    let display_arms = m.errors.iter().map(|e| {
        let v = ident(&e.rust);
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
        match &e.body {
            Some(_) => quote!(Self::#v(_) => #text,),
            None => quote!(Self::#v => #text,),
        }
    });
    let unhandled_text =
        format!("{id} answered with a status or error body its page does not document");
    let paginator = m
        .pagination
        .as_ref()
        .map(|p| paging::emit(p, &builder, &output, &error));
    let alias = match (&m.output, &m.output_alias) {
        (Some(name), Some(t)) => {
            let name = ident(name);
            let t = ty(t);
            let d = doc_raw(&format!(
                "The body of {}'s {} response.",
                op.id, m.success_status
            ));
            quote!(#d pub type #name = #t;)
        }
        _ => TokenStream::new(),
    };
    let tests = emit_example_tests(m, file, warnings);
    let reexports = reexports(m);
    let request_doc = doc_raw(&format!("The parameters and body of {}.", op.id));
    let builder_doc = doc_raw(&format!(
        "Fluent builder for {}: set optional parameters and body members, then call `send`.",
        op.id
    ));
    let error_doc = doc_raw(&format!(
        "The documented error responses of {}, one variant per status code.",
        op.id
    ));
    let req_default = new_args
        .is_empty()
        .then(|| quote!(::std::default::Default,));
    let req_field_models: Vec<&FieldModel> = m.params.iter().map(|(_, f)| f).collect();
    let req_debug =
        types::redacting_debug_with_body(&m.request, &req_field_models, m.body.is_some());
    let derive_debug = req_debug.is_none().then(|| quote!(::std::fmt::Debug,));
    let deprecated = deprecated_attr(m);
    // The module's own code uses its deprecated items; only users' code should be told.
    let allow_deprecated =
        m.op.deprecated
            .is_some()
            .then(|| quote!(#![allow(deprecated)]));

    quote! {
        #module_doc
        #allow_deprecated

        #reexports

        /// What the runtime needs to know about this operation.
        pub static OPERATION: ::hwc_runtime::OperationSpec =
            ::hwc_runtime::OperationSpec::new(#id, ::hwc_runtime::Method::#method, #path);

        #request_doc
        #[derive(::std::clone::Clone, #derive_debug #req_default ::std::cmp::PartialEq)]
        #[non_exhaustive]
        #deprecated
        pub struct #request {
            #(#req_fields)*
        }

        #req_debug

        impl #request {
            /// A request with the required parameters set and the optional ones unset.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#new_inits)* }
            }

            /// The HTTP form of this request.
            pub fn to_http(&self) -> ::hwc_runtime::Request {
                #[allow(unused_mut)]
                let mut r = ::hwc_runtime::Request::new(&OPERATION);
                #(#to_http)*
                r
            }
        }

        #builder_doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[must_use = "a request does nothing until it is sent"]
        #deprecated
        pub struct #builder {
            client: ::hwc_runtime::Client,
            request: #request,
            options: ::hwc_runtime::CallOptions,
        }

        #[allow(clippy::should_implement_trait)]
        impl #builder {
            /// A builder sending `request` through `client`.
            pub fn new(client: ::hwc_runtime::Client, request: #request) -> Self {
                Self {
                    client,
                    request,
                    options: ::std::default::Default::default(),
                }
            }

            /// Extra headers, a timeout or a retry policy for this call only.
            pub fn call_options(mut self, options: ::hwc_runtime::CallOptions) -> Self {
                self.options = options;
                self
            }

            #(#setters)*

            /// The request as built so far.
            pub fn request(&self) -> &#request {
                &self.request
            }

            /// The request as built so far, to change in place.
            pub fn request_mut(&mut self) -> &mut #request {
                &mut self.request
            }

            /// Sends the request and decodes the response body.
            pub async fn send(self) -> ::std::result::Result<#output, ::hwc_runtime::Error<#error>> {
                self.send_with_metadata().await.map(::hwc_runtime::Response::into_body)
            }

            /// Sends the request; the decoded body comes with the response's status, headers
            /// and request id.
            pub async fn send_with_metadata(self) -> ::std::result::Result<::hwc_runtime::Response<#output>, ::hwc_runtime::Error<#error>> {
                let mut http = self.request.to_http();
                self.options.apply(&mut http);
                let raw = self
                    .client
                    .execute(http)
                    .await
                    .map_err(::hwc_runtime::Error::cast)?;
                decode(raw).map_err(|e| e.with_catalogue(super::error_codes::CATALOGUE))
            }

            /// The request exactly as `send` would put it on the wire (URL, every header
            /// including `X-Sdk-Date` and `Authorization`, body), signed but not sent: for a
            /// dry run, logging, or comparing with another SDK.
            pub async fn prepare(&self) -> ::std::result::Result<::hwc_runtime::PreparedRequest, ::hwc_runtime::Error<#error>> {
                let mut http = self.request.to_http();
                self.options.apply(&mut http);
                self.client.prepare(http).await.map_err(::hwc_runtime::Error::cast)
            }
        }

        #paginator

        #error_doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#error_variants)*
            /// A status the page does not document, or an error body that is not the documented
            /// type; the status, headers and raw body are in the enclosing service error.
            Unhandled,
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match self {
                    #(#display_arms)*
                    Self::Unhandled => #unhandled_text,
                })
            }
        }

        impl ::std::error::Error for #error {}

        impl ::hwc_runtime::ErrorKind for #error {
            fn unhandled() -> Self {
                Self::Unhandled
            }
        }

        fn decode(raw: ::hwc_runtime::RawResponse) -> ::std::result::Result<::hwc_runtime::Response<#output>, ::hwc_runtime::Error<#error>> {
            match raw.status {
                #success_arm
                #(#error_arms)*
                _ => ::std::result::Result::Err(::hwc_runtime::de::unhandled_error(raw)),
            }
        }

        #alias

        #tests
    }
}

/// A test that `json` decodes into `t` and encodes back without losing anything `t` knows.
fn example_test(name: &proc_macro2::Ident, t: &RustTy, json: &str) -> TokenStream {
    let t = ty_in(t, Some(&quote!(super)));
    let body = Literal::string(json);
    quote! {
        #[test]
        fn #name() {
            let original: ::serde_json::Value = ::serde_json::from_str(#body).unwrap();
            let decoded: #t = ::serde_json::from_str(#body).unwrap();
            let again = ::serde_json::to_value(&decoded).unwrap();
            ::hwc_runtime::de::json_subset(&again, &original).unwrap();
        }
    }
}

/// Tests from the page's own examples: each documented body decodes into its type, and
/// encoding it again loses nothing the type knows of.
fn emit_example_tests(m: &OpModel, file: &str, warnings: &mut Vec<String>) -> TokenStream {
    let mut tests = Vec::new();
    let mut conforms = |json: &serde_json::Value, raw: &str, t: &RustTy, line: u32, what: &str| {
        // A key written twice is one value to `serde_json::Value` (the last) but an error to
        // a typed struct: the example is not one the service would send.
        if let Some(key) = crate::examples::duplicate_key(raw) {
            warnings.push(format!(
                "{file}:{line}: warning: {what} writes the key `{key}` twice in one object; no test generated for it"
            ));
            return false;
        }
        match crate::examples::check(json, t, m) {
            Ok(()) => true,
            Err(e) => {
                warnings.push(format!(
                "{file}:{line}: warning: {what} does not match the documented types ({e}); no test generated for it"
            ));
                false
            }
        }
    };
    let type_of_status = |status: u16| -> Option<RustTy> {
        if (200..300).contains(&status) {
            return match (&m.output_alias, &m.output) {
                (Some(alias), _) => Some(alias.clone()),
                (None, Some(o)) => Some(RustTy::Named(o.clone())),
                (None, None) => None,
            };
        }
        m.errors
            .iter()
            .find(|e| e.status == status)
            .and_then(|e| e.body.clone())
            .map(RustTy::Named)
    };
    for r in &m.op.responses {
        let Some(t) = type_of_status(r.status) else {
            continue;
        };
        for (i, ex) in r.examples.iter().enumerate() {
            let Some(json) = &ex.json else { continue };
            let what = format!("the {} response example", r.status);
            if !conforms(json, &ex.raw, &t, ex.source.line, &what) {
                continue;
            }
            let name = format_ident!("response_{}_example_{}_decodes", r.status, i + 1);
            tests.push(example_test(&name, &t, &ex.raw));
        }
    }
    if let Some(b) = &m.body {
        for (i, ex) in m.op.request_examples.iter().enumerate() {
            let Some(json) = &ex.json else { continue };
            if !conforms(json, &ex.raw_body, b, ex.source.line, "the request example") {
                continue;
            }
            let name = format_ident!("request_example_{}_decodes", i + 1);
            tests.push(example_test(&name, b, &ex.raw_body));
        }
    }
    if tests.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[cfg(test)]
        mod tests {
            #(#tests)*
        }
    }
}
