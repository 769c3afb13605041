//! Emits the Rust module of one operation from its [`OpModel`].
//!
//! Every path in emitted code is fully qualified (`::std::option::Option`), so a documented
//! object called `Option`, `Result` or `String` cannot shadow what the code means.

use apidoc::ir::{Field, Location};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{EnumModel, FieldModel, OpModel, RustTy, StructModel};
use crate::names::{Scope, ident, snake};

/// Rustdoc text from page text: each line its own paragraph (so lists and notes never turn
/// into lazy continuations), and characters rustdoc would read as links or HTML escaped.
pub fn doc(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    let lines: Vec<String> = text
        .lines()
        .map(escape_doc)
        .filter(|l| !l.trim().is_empty())
        .collect();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.extend(quote!(#[doc = ""]));
        }
        let l = format!(" {}", l.trim_end());
        out.extend(quote!(#[doc = #l]));
    }
    out
}

/// Like [`doc`], as inner attributes (module documentation).
pub fn inner_doc(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, l) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        if i > 0 {
            out.extend(quote!(#![doc = ""]));
        }
        let l = format!(" {}", escape_doc(l).trim_end());
        out.extend(quote!(#![doc = #l]));
    }
    out
}

fn escape_doc(l: &str) -> String {
    l.replace('\t', "    ")
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "'")
}

fn doc_raw(text: &str) -> TokenStream {
    let l = format!(" {text}");
    quote!(#[doc = #l])
}

/// The documentation of a field: description, enum values, constraints, wire name.
fn field_doc(f: &Field) -> TokenStream {
    let mut parts = Vec::new();
    if f.description.trim().is_empty() {
        // The page says nothing more; the wire name still tells a reader what this is.
        parts.push(doc(&format!("'{}'", f.name)));
    } else {
        parts.push(doc(&f.description));
    }
    if !f.enum_values.is_empty() {
        let vals = f
            .enum_values
            .iter()
            .map(|v| format!("'{}'", v.replace('`', "'")))
            .collect::<Vec<_>>()
            .join(", ");
        parts.push(doc(&format!("枚举值：{vals}")));
    }
    let c = &f.constraints;
    let mut cs = Vec::new();
    if let Some(v) = c.min_length {
        cs.push(format!("最小长度：{v}"));
    }
    if let Some(v) = c.max_length {
        cs.push(format!("最大长度：{v}"));
    }
    if let Some(v) = c.minimum {
        cs.push(format!("最小值：{v}"));
    }
    if let Some(v) = c.maximum {
        cs.push(format!("最大值：{v}"));
    }
    if let Some(v) = &c.default {
        cs.push(format!("缺省值：{v}"));
    }
    if let (Some(a), Some(b)) = (c.min_items, c.max_items) {
        cs.push(format!("数组长度：{a}-{b}"));
    }
    if !cs.is_empty() {
        parts.push(doc(&cs.join("\n")));
    }
    let mut out = TokenStream::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            out.extend(quote!(#[doc = ""]));
        }
        out.extend(p);
    }
    out
}

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

fn field_ty(f: &FieldModel) -> TokenStream {
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
fn lenient_fn(f: &FieldModel) -> Option<String> {
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

fn emit_struct(s: &StructModel) -> TokenStream {
    let name = ident(&s.rust);
    let mut d = match &s.described_by {
        Some(text) => doc(&format!("{}：{text}", s.schema.name)),
        None => doc(&s.schema.name),
    };
    if s.rust != s.schema.name {
        d.extend(doc_raw(""));
        d.extend(doc_raw(&format!("文档中的名称：'{}'。", s.schema.name)));
    }
    let alias = s
        .alias
        .as_ref()
        .filter(|a| **a != s.rust)
        .map(|a| quote!(#[doc(alias = #a)]));
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(::std::default::Default,));
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let fd = field_doc(&f.field);
        let t = field_ty(f);
        let wire = &f.field.name;
        let rename = (f.rust != *wire).then(|| quote!(#[serde(rename = #wire)]));
        let opt = (!f.required).then(
            || quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]),
        );
        let lenient = lenient_fn(f).map(|func| quote!(#[serde(deserialize_with = #func)]));
        quote! {
            #fd
            #rename
            #opt
            #lenient
            pub #fname: #t,
        }
    });
    quote! {
        #d
        #alias
        #[derive(::std::clone::Clone, ::std::fmt::Debug, #default ::std::cmp::PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_enum(e: &EnumModel) -> TokenStream {
    let name = ident(&e.rust);
    let d = doc(if e.doc.is_empty() { &e.rust } else { &e.doc });
    let variants = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        let vd = doc_raw(&format!("'{}'", wire.replace('`', "'")));
        quote!(#vd #v,)
    });
    let pairs = e.variants.iter().map(|(v, wire)| {
        let v = ident(v);
        quote!(#v => #wire,)
    });
    quote! {
        #d
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet; kept as sent.
            Unknown(::std::string::String),
        }

        ::hwc_runtime::open_enum!(#name { #(#pairs)* });
    }
}

/// How a setter or constructor takes a value of this type.
fn arg_ty(t: &RustTy) -> (TokenStream, bool) {
    match t {
        RustTy::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            true,
        ),
        RustTy::Named(_) => {
            let t = ty(t);
            (quote!(impl ::std::convert::Into<#t>), true)
        }
        other => (ty(other), false),
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

/// Emits the whole module for one operation. Examples that contradict the documented types
/// get no test; a warning naming `file`, line and path is pushed to `warnings` instead.
pub fn emit_operation(m: &OpModel, file: &str, warnings: &mut Vec<String>) -> TokenStream {
    let op = &m.op;
    let id = &op.id;
    let path = &op.path;
    let method = format_ident!("{}", {
        let lower = op.method.to_ascii_lowercase();
        let mut c = lower.chars();
        match c.next() {
            Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
            None => "Get".to_owned(),
        }
    });
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
    let module_doc = inner_doc(&format!(
        "{}（{}）\n{}\n{} {}",
        op.title, op.id, op.description, op.method, op.path
    ));

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
    let ctor_doc = doc("A request with the required parameters set and the optional ones unset.");

    // Builder setters.
    let mut methods =
        Scope::with_reserved(["new", "send", "request", "into_request", "into_paginator"]);
    let setters = m.params.iter().filter(|(_, f)| !f.required).map(|(_, f)| {
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
    });

    // Decoding by status.
    let success_arm = if m.output.is_some() && !m.bodyless_success.is_empty() {
        let empty = m
            .bodyless_success
            .iter()
            .map(|c| Literal::u16_unsuffixed(*c));
        quote! {
            #(#empty)|* => ::std::result::Result::Ok(::std::option::Option::None),
            200..=299 => ::hwc_runtime::de::decode_success(raw).map(::std::option::Option::Some),
        }
    } else if m.output.is_some() {
        quote!(200..=299 => ::hwc_runtime::de::decode_success(raw),)
    } else {
        quote!(200..=299 => ::std::result::Result::Ok(()),)
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

    let paginator = m.pagination.as_ref().map(|p| {
        let item = ty(&p.item_ty);
        let offset = ident(&p.offset);
        let count = ident(&p.count);
        let items = ident(&p.items);
        let start = match p.offset_ty {
            RustTy::I32 => quote!(self.request.#offset.map(i64::from).unwrap_or(0)),
            _ => quote!(self.request.#offset.unwrap_or(0)),
        };
        let set = match p.offset_ty {
            RustTy::I32 => quote!(::std::option::Option::Some(i32::try_from(offset).unwrap_or(i32::MAX))),
            _ => quote!(::std::option::Option::Some(offset)),
        };
        let len = if p.items_optional {
            quote!(page.#items.as_ref().map_or(0, ::std::vec::Vec::len))
        } else {
            quote!(page.#items.len())
        };
        let total = match (p.count_optional, &p.count_ty) {
            (true, RustTy::I32) => quote!(page.#count.map(i64::from)),
            (true, _) => quote!(page.#count),
            (false, RustTy::I32) => quote!(::std::option::Option::Some(i64::from(page.#count))),
            (false, _) => quote!(::std::option::Option::Some(page.#count)),
        };
        let take = if p.items_optional {
            quote!(page.#items.unwrap_or_default())
        } else {
            quote!(page.#items)
        };
        quote! {
            impl #builder {
                /// Walks every page from this request's offset on, advancing the offset by the
                /// records received until a page is empty or the reported total is reached.
                pub fn into_paginator(self) -> ::hwc_runtime::Paginator<Self> {
                    ::hwc_runtime::Paginator::new(self)
                }
            }

            impl ::hwc_runtime::OffsetPaged for #builder {
                type Page = #output;
                type Item = #item;
                type Error = ::hwc_runtime::Error<#error>;

                fn start_offset(&self) -> i64 {
                    #start
                }

                fn at_offset(&self, offset: i64) -> Self {
                    let mut next = ::std::clone::Clone::clone(self);
                    next.request.#offset = #set;
                    next
                }

                fn fetch(self) -> impl ::std::future::Future<Output = ::std::result::Result<Self::Page, Self::Error>> + ::std::marker::Send {
                    self.send()
                }

                fn page_len(page: &Self::Page) -> usize {
                    #len
                }

                fn total(page: &Self::Page) -> ::std::option::Option<i64> {
                    #total
                }

                fn into_items(page: Self::Page) -> ::std::vec::Vec<Self::Item> {
                    #take
                }
            }
        }
    });

    let structs = m.structs.iter().map(emit_struct);
    let alias = match (&m.output, &m.output_alias) {
        (Some(name), Some(t)) => {
            let name = ident(name);
            let t = ty(t);
            let d = doc(&format!("{} 的 {} 响应体。", op.id, m.success_status));
            quote!(#d pub type #name = #t;)
        }
        _ => TokenStream::new(),
    };
    let enums = m.enums.iter().map(emit_enum);
    let tests = emit_example_tests(m, file, warnings);
    let request_doc = doc(&format!("{} 的请求参数。", op.id));
    let builder_doc = doc(&format!(
        "Fluent builder for {}: set optional parameters, then call 'send'.",
        op.id
    ));
    let error_doc = doc(&format!(
        "The documented error responses of {}, one variant per status code.",
        op.id
    ));
    let req_default = new_args
        .is_empty()
        .then(|| quote!(::std::default::Default,));
    let new_fn = quote! {
        #ctor_doc
        #[allow(clippy::too_many_arguments)]
        pub fn new(#(#new_args),*) -> Self {
            Self { #(#new_inits)* }
        }
    };

    quote! {
        #module_doc

        /// What the runtime needs to know about this operation.
        pub static OPERATION: ::hwc_runtime::OperationSpec = ::hwc_runtime::OperationSpec {
            id: #id,
            method: ::hwc_runtime::Method::#method,
            path: #path,
        };

        #request_doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug, #req_default ::std::cmp::PartialEq)]
        pub struct #request {
            #(#req_fields)*
        }

        impl #request {
            #new_fn

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
        pub struct #builder {
            client: ::hwc_runtime::Client,
            request: #request,
        }

        #[allow(clippy::should_implement_trait)]
        impl #builder {
            /// A builder sending `request` through `client`.
            pub fn new(client: ::hwc_runtime::Client, request: #request) -> Self {
                Self { client, request }
            }

            #(#setters)*

            /// The request as built so far.
            pub fn request(&self) -> &#request {
                &self.request
            }

            /// Sends the request and decodes the response.
            pub async fn send(self) -> ::std::result::Result<#output, ::hwc_runtime::Error<#error>> {
                let raw = self
                    .client
                    .execute(self.request.to_http())
                    .await
                    .map_err(::hwc_runtime::Error::cast)?;
                decode(raw)
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

        impl ::hwc_runtime::ErrorKind for #error {
            fn unhandled() -> Self {
                Self::Unhandled
            }
        }

        fn decode(raw: ::hwc_runtime::RawResponse) -> ::std::result::Result<#output, ::hwc_runtime::Error<#error>> {
            match raw.status {
                #success_arm
                #(#error_arms)*
                _ => ::std::result::Result::Err(::hwc_runtime::de::unhandled_error(raw)),
            }
        }

        #alias

        #(#structs)*

        #(#enums)*

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
