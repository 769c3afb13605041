//! Emits the Rust module of one operation from its [`OpModel`]: the request, its fluent
//! builder, the error enum and the decoder; its objects and enums live in the service's
//! `types` module ([`types`]) and are re-exported here.
//!
//! Every path in emitted code is fully qualified (`::std::option::Option`), so a documented
//! object called `Option`, `Result` or `String` cannot shadow what the code means.

mod builder;
pub mod catalogue;
pub mod client;
mod decode;
pub(crate) mod doc_table;
pub mod docs;
mod errors;
mod example_tests;
pub mod examples;
mod lit;
pub mod operations;
mod paging;
mod paths;
pub(crate) mod print;
mod request;
pub mod service_error;
pub mod types;

use apidoc::ir::Location;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use docs::doc_raw;

use crate::model::{FieldModel, OpModel, RustTy, StructModel};
use crate::names::{Scope, ident};
use paths::{
    BOX, BTREE_MAP, INTO, OPTION, RT_JSON_VALUE, RT_METHOD, RT_OPERATION_SPEC,
    RT_OPERATION_SPEC_NEW, RT_QUERY_VALUE_RENDER, RT_SERDE_JSON_TO_STRING, STRING, TO_STRING, VEC,
};

/// Tokens for a type.
pub fn ty(t: &RustTy) -> TokenStream {
    ty_in(t, None)
}

/// Tokens for a type named from outside the operation module: generated types get the
/// `module` path prefix (e.g. `super::list_bigkey_scan_tasks` or `super`).
pub fn ty_in(t: &RustTy, module: Option<&TokenStream>) -> TokenStream {
    match t {
        RustTy::String => quote!(#STRING),
        RustTy::I32 => quote!(i32),
        RustTy::I64 => quote!(i64),
        RustTy::F32 => quote!(f32),
        RustTy::F64 => quote!(f64),
        RustTy::Bool => quote!(bool),
        RustTy::Value => quote!(#RT_JSON_VALUE),
        RustTy::Named(n) => {
            let n = ident(n);
            match module {
                Some(m) => quote!(#m::#n),
                None => quote!(#n),
            }
        }
        RustTy::Vec(inner) => {
            let i = ty_in(inner, module);
            quote!(#VEC<#i>)
        }
        RustTy::Map(inner) => {
            let i = ty_in(inner, module);
            quote!(#BTREE_MAP<#STRING, #i>)
        }
    }
}

pub(crate) fn field_ty(f: &FieldModel) -> TokenStream {
    let mut t = ty(&f.ty);
    if f.boxed {
        t = quote!(#BOX<#t>);
    }
    if f.required { t } else { quote!(#OPTION<#t>) }
}

/// The `hwc_runtime::lenient` decoder marker of a field (`Plain` when its type has no lenient
/// decoder), for `hwc_runtime::record!`.
pub(crate) fn lenient_decoder(f: &FieldModel) -> &'static str {
    if f.boxed {
        return "Plain";
    }
    match (&f.ty, f.required) {
        (RustTy::String, true) => "Text",
        (RustTy::String, false) => "OptText",
        (RustTy::I32, true) => "I32",
        (RustTy::I32, false) => "OptI32",
        (RustTy::I64, true) => "I64",
        (RustTy::I64, false) => "OptI64",
        (RustTy::F32, true) => "F32",
        (RustTy::F32, false) => "OptF32",
        (RustTy::F64, true) => "F64",
        (RustTy::F64, false) => "OptF64",
        (RustTy::Bool, true) => "Bool",
        (RustTy::Bool, false) => "OptBool",
        (RustTy::Vec(inner), true) if **inner == RustTy::String => "TextList",
        (RustTy::Vec(inner), false) if **inner == RustTy::String => "OptTextList",
        (RustTy::Vec(_), true) => "List",
        (RustTy::Vec(_), false) => "OptList",
        (RustTy::Named(_) | RustTy::Value | RustTy::Map(_), _) => "Plain",
    }
}

/// How a setter or constructor takes a value of this type: anything `Into` it for text,
/// generated types, lists and maps (so `"x"`, `["a", "b"]` and `vec![…]` all work), the value
/// itself for numbers and booleans. The flag says whether `.into()` is needed.
pub(crate) fn arg_ty(t: &RustTy) -> (TokenStream, bool) {
    match t {
        RustTy::I32 | RustTy::I64 | RustTy::F32 | RustTy::F64 | RustTy::Bool => (ty(t), false),
        other => {
            let t = ty(other);
            (quote!(impl #INTO<#t>), true)
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
pub(super) enum Value {
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
pub(super) fn push_param(loc: Location, f: &FieldModel, v: &Value, m: &OpModel) -> TokenStream {
    let wire_name = &f.field.name;
    let by_ref = v.by_ref();
    let json = quote!(#RT_SERDE_JSON_TO_STRING(#by_ref).unwrap_or_default());
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
            quote!(r.path_param(#wire_name, &#RT_QUERY_VALUE_RENDER(#by_ref));)
        }
        (Location::Path, Wire::Text) => {
            quote!(r.path_param(#wire_name, &#TO_STRING(#by_ref));)
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
pub(super) const BUILDER_METHODS: [&str; 10] = [
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

/// `Option<Output>`, `Output` or `()`: what a successful call returns.
fn output_ty(m: &OpModel) -> TokenStream {
    match &m.output {
        Some(o) if !m.bodyless_success.is_empty() => {
            let o = ident(o);
            quote!(#OPTION<#o>)
        }
        Some(o) => {
            let o = ident(o);
            quote!(#o)
        }
        None => quote!(()),
    }
}

/// `#[allow(clippy::too_many_arguments)]` for a function of `n` arguments, when clippy's
/// limit (7) is passed.
pub(crate) fn allow_many_args(n: usize) -> Option<TokenStream> {
    (n > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// The module's inner docs: title, description, request line, and the feature it needs.
fn module_doc(m: &OpModel, feature: Option<&str>) -> TokenStream {
    let op = &m.op;
    let mut more = vec![format!("`{} {}`", op.method, op.path.replace('`', "'"))];
    if let Some(feature) = feature {
        more.push(format!("Available with the cargo feature `{feature}`."));
    }
    docs::inner_doc(&format!("{}\n{}", title(m), op.description), &more)
}

/// `pub type Output = …;` when the success body is not an object.
fn output_alias(m: &OpModel) -> TokenStream {
    let (Some(name), Some(t)) = (&m.output, &m.output_alias) else {
        return TokenStream::new();
    };
    let (name, t) = (ident(name), ty(t));
    let d = doc_raw(&format!(
        "The body of {}'s {} response.",
        m.op.id, m.success_status
    ));
    quote!(#d pub type #name = #t;)
}

/// Emits the whole module for one operation, in the order it reads: request, builder,
/// paging, errors, decoding. Examples that contradict the documented types get no test; a
/// warning naming `file`, line and path is pushed to `warnings` instead.
pub fn emit_operation(
    m: &OpModel,
    file: &str,
    warnings: &mut Vec<String>,
    feature: Option<&str>,
) -> TokenStream {
    let (id, path) = (&m.op.id, &m.op.path);
    let method = method_variant(&m.op.method);
    let module_doc = module_doc(m, feature);
    let reexports = reexports(m);
    let request = request::emit(m);
    let builder = builder::emit(m);
    let paginator = m
        .pagination
        .as_ref()
        .map(|p| paging::emit(p, &ident(&m.builder), &ident(&m.request)));
    let errors = errors::emit(m);
    let decode = decode::emit(m);
    let alias = output_alias(m);
    let tests = example_tests::emit(m, file, warnings);
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
        pub static OPERATION: #RT_OPERATION_SPEC =
            #RT_OPERATION_SPEC_NEW(#id, #RT_METHOD::#method, #path);

        #request
        #builder
        #paginator
        #errors
        #decode
        #alias
        #tests
    }
}
