//! Emits `operations.rs`: the service's operations as data (`hwc_runtime::table`) and the
//! JSON entry point that builds an operation's typed request from KooCLI's
//! `--cli-jsonInput` layout.
//!
//! The table comes from the same [`OpModel`]s as the Rust types: wire names are the serde
//! names, `required` is "not an `Option`", an enum's values are its variants' wire values. So
//! the command line, the Rust API and OpenAPI agree on every name.

use std::collections::BTreeMap;

use apidoc::ir::Location;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::lit::str_lit;
use super::paths::{
    BOX_NEW, ERR, NONE, OK, RESULT, RT_BODY, RT_CALL_ERROR, RT_INPUT, RT_INPUT_ERROR,
    RT_INPUT_ERROR_NOT_COMPILED, RT_INPUT_ERROR_UNKNOWN_OPERATION, RT_INPUT_NEW, RT_JSON_VALUE,
    RT_LOCATION_HEADER, RT_LOCATION_PATH, RT_LOCATION_QUERY, RT_MARKER_FROM_LAST_ITEM,
    RT_MARKER_FROM_PAGE, RT_MEMBER, RT_MEMBER_NEW, RT_METHOD, RT_PAGING, RT_PARAM_NEW,
    RT_RAW_RESPONSE, RT_REQUEST, RT_SERVICE_TABLE, RT_STYLE_MARKER, RT_STYLE_OFFSET,
    RT_STYLE_PAGE_NUMBER, RT_TABLE_OPERATION, RT_TY_STRING, SOME,
};
use super::{doc_table, docs};
use crate::Options;
use crate::model::{CLIENT_FILLED, FieldModel, OpModel, RustTy, StructModel};
use crate::names::ident;
use crate::paging::{MarkerSource, Style};

/// Interned type descriptions: every object and every list or map of a non-scalar becomes a
/// `static`, so that the table's references are to statics and never to temporaries.
#[derive(Default)]
struct Types<'a> {
    structs: BTreeMap<&'a str, &'a StructModel>,
    enums: BTreeMap<&'a str, &'a [(String, String)]>,
    /// Emitted statics, by the text of their initializer.
    statics: BTreeMap<String, (proc_macro2::Ident, TokenStream)>,
}

const T: &str = "::hwc_runtime::table::Ty";

impl<'a> Types<'a> {
    fn new(models: &'a [&'a OpModel]) -> Self {
        let mut t = Types::default();
        for m in models {
            for s in &m.structs {
                t.structs.entry(&s.rust).or_insert(s);
            }
            for e in &m.enums {
                t.enums.entry(&e.rust).or_insert(&e.variants);
            }
        }
        t
    }

    /// A `static` holding `init`, named after `hint`; the same initializer is one static.
    fn intern(&mut self, hint: &str, init: TokenStream) -> TokenStream {
        let key = init.to_string();
        if let Some((name, _)) = self.statics.get(&key) {
            return quote!(#name);
        }
        let name = format_ident!("{}_{}", hint, self.statics.len());
        self.statics.insert(key, (name.clone(), init));
        quote!(#name)
    }

    /// The `Ty` expression for `t`.
    fn ty(&mut self, t: &RustTy) -> TokenStream {
        let ty: TokenStream = T.parse().unwrap_or_default();
        match t {
            RustTy::String => quote!(#ty::String),
            RustTy::I32 | RustTy::I64 => quote!(#ty::Integer),
            RustTy::F32 | RustTy::F64 => quote!(#ty::Number),
            RustTy::Bool => quote!(#ty::Boolean),
            RustTy::Value => quote!(#ty::Any),
            RustTy::Named(n) => {
                if let Some(values) = self.enums.get(n.as_str()) {
                    let values = values.iter().map(|(_, wire)| wire);
                    quote!(#ty::Enum(&[#(#values),*]))
                } else if self.structs.contains_key(n.as_str()) {
                    let members = self.members_static(n);
                    quote!(#ty::Object(&#members))
                } else {
                    quote!(#ty::Any)
                }
            }
            RustTy::Vec(inner) => {
                let inner = self.inner(inner);
                quote!(#ty::Array(&#inner))
            }
            RustTy::Map(inner) => {
                let inner = self.inner(inner);
                quote!(#ty::Map(&#inner))
            }
        }
    }

    /// An element type: a static unless it is a plain scalar.
    fn inner(&mut self, t: &RustTy) -> TokenStream {
        let e = self.ty(t);
        match t {
            RustTy::String | RustTy::I32 | RustTy::I64 | RustTy::F32 | RustTy::F64 => e,
            RustTy::Bool | RustTy::Value => e,
            _ => {
                let ty: TokenStream = T.parse().unwrap_or_default();
                self.intern("TY", quote!(#ty = #e))
            }
        }
    }

    /// The static array of a struct's members. Recursive types refer to their own static:
    /// the name is reserved before the members are described.
    fn members_static(&mut self, rust: &str) -> TokenStream {
        let key = format!("members {rust}");
        if let Some((name, _)) = self.statics.get(&key) {
            return quote!(#name);
        }
        let name = self.members_name(rust);
        self.statics
            .insert(key.clone(), (name.clone(), TokenStream::new()));
        let Some(s) = self.structs.get(rust).copied() else {
            return quote!(#name);
        };
        let members: Vec<TokenStream> = s.fields.iter().map(|f| self.member(f)).collect();
        let n = Literal::usize_unsuffixed(members.len());
        let init = quote!([#RT_MEMBER; #n] = [#(#members),*]);
        self.statics.insert(key, (name.clone(), init));
        quote!(#name)
    }

    /// `M_` and the type's name in upper case; types whose names differ only in case
    /// (ELB's `CreateHealthMonitorRequestBody` and `CreateHealthmonitorRequestBody`) get a
    /// numbered suffix, in the order they are first met.
    fn members_name(&self, rust: &str) -> proc_macro2::Ident {
        let base = format!("M_{}", rust.trim_start_matches("r#").to_ascii_uppercase());
        let taken = |candidate: &str| self.statics.values().any(|(id, _)| id == candidate);
        let mut name = base.clone();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        format_ident!("{name}")
    }

    fn member(&mut self, f: &FieldModel) -> TokenStream {
        let name = &f.field.name;
        let ty = self.ty(&f.ty);
        let required = f.required;
        let description = describe(&f.field.description);
        quote!(#RT_MEMBER_NEW(#name, #ty, #required, #description))
    }

    fn statics(&self) -> impl Iterator<Item = TokenStream> + '_ {
        self.statics.values().map(|(name, init)| {
            quote! {
                #[allow(dead_code)]
                static #name: #init;
            }
        })
    }
}

/// A description for help output: plain text, bounded.
fn describe(text: &str) -> Literal {
    let plain = docs::plain(text);
    let flat: String = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 400 {
        str_lit(&(flat.chars().take(400).collect::<String>() + "…"))
    } else {
        str_lit(&flat)
    }
}

fn location(loc: Location) -> TokenStream {
    match loc {
        Location::Path => quote!(#RT_LOCATION_PATH),
        Location::Query => quote!(#RT_LOCATION_QUERY),
        Location::Header => quote!(#RT_LOCATION_HEADER),
    }
}

/// The path placeholders the client fills (`project_id`), as table parameters.
fn client_filled(m: &OpModel) -> Vec<TokenStream> {
    CLIENT_FILLED
        .iter()
        .filter(|name| m.op.path.contains(&format!("{{{name}}}")))
        .map(|name| {
            let doc =
                m.op.parameters
                    .iter()
                    .find(|p| p.location == Location::Path && p.field.name == *name)
                    .map(|p| describe(&p.field.description))
                    .unwrap_or_else(|| str_lit(""));
            quote!(#RT_PARAM_NEW(
                #RT_LOCATION_PATH,
                #RT_MEMBER_NEW(#name, #RT_TY_STRING, true, #doc),
                true,
            ))
        })
        .collect()
}

fn wire_of<'m>(s: &'m StructModel, rust: &str) -> Option<&'m FieldModel> {
    s.fields.iter().find(|f| f.rust == rust)
}

/// How the operation pages, in wire names; `None` when it does not (or a member cannot be
/// traced back to its wire name).
fn paging(m: &OpModel) -> Option<TokenStream> {
    let p = m.pagination.as_ref()?;
    let output = m
        .structs
        .iter()
        .find(|s| Some(&s.rust) == m.output.as_ref())?;
    let position = m.params.iter().find(|(_, f)| f.rust == p.position.rust)?;
    let position = &position.1.field.name;
    let items = &wire_of(output, &p.items.rust)?.field.name;
    let total = match &p.total {
        Some(t) => {
            let name = &wire_of(output, &t.rust)?.field.name;
            quote!(#SOME(&[#name]))
        }
        None => quote!(#NONE),
    };
    let marker = match &p.marker {
        None => quote!(#NONE),
        Some(MarkerSource::LastItem(rust, _)) => {
            let RustTy::Named(item) = &p.item_ty else {
                return None;
            };
            let item = m.structs.iter().find(|s| s.rust == *item)?;
            let name = &wire_of(item, rust)?.field.name;
            quote!(#SOME(#RT_MARKER_FROM_LAST_ITEM(#name)))
        }
        Some(MarkerSource::Page(path)) => {
            let mut names = Vec::new();
            let mut at = output;
            for (i, (rust, _)) in path.iter().enumerate() {
                let f = wire_of(at, rust)?;
                names.push(f.field.name.clone());
                if i + 1 < path.len() {
                    let RustTy::Named(next) = &f.ty else {
                        return None;
                    };
                    at = m.structs.iter().find(|s| s.rust == *next)?;
                }
            }
            quote!(#SOME(#RT_MARKER_FROM_PAGE(&[#(#names),*])))
        }
    };
    let style = match p.style {
        Style::Offset { base } => quote!(#RT_STYLE_OFFSET { base: #base }),
        Style::PageNumber { first } => quote!(#RT_STYLE_PAGE_NUMBER { first: #first }),
        Style::Marker => quote!(#RT_STYLE_MARKER),
    };
    Some(quote!(#RT_PAGING {
        style: #style,
        position: #position,
        items: &[#items],
        total: #total,
        marker: #marker,
    }))
}

fn entry(m: &OpModel, types: &mut Types<'_>, options: Options) -> TokenStream {
    let op = &m.op;
    let id = &op.id;
    let summary = describe(&op.title);
    let description = describe(&op.description);
    let method = format_ident!("{}", method_name(&op.method));
    let path = &op.path;
    let mut params = client_filled(m);
    for (loc, f) in &m.params {
        let l = location(*loc);
        let member = types.member(f);
        params.push(quote!(#RT_PARAM_NEW(#l, #member, false)));
    }
    let body = match &m.body {
        Some(b) => {
            let ty = types.ty(b);
            // A body that is one object may be left out when none of its members is
            // required; anything else has to be given.
            let required = !matches!(b, RustTy::Named(n) if types.structs.contains_key(n.as_str()));
            quote!(#SOME(#RT_BODY { ty: #ty, required: #required }))
        }
        None => quote!(#NONE),
    };
    let paging = match paging(m) {
        Some(p) => quote!(#SOME(#p)),
        None => quote!(#NONE),
    };
    let feature = if options.operation_features {
        let f = m.module.trim_start_matches("r#");
        quote!(#SOME(#f))
    } else {
        quote!(#NONE)
    };
    quote! {
        #RT_TABLE_OPERATION {
            id: #id,
            summary: #summary,
            description: #description,
            method: #RT_METHOD::#method,
            path: #path,
            params: &[#(#params),*],
            body: #body,
            paging: #paging,
            feature: #feature,
        }
    }
}

fn method_name(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => "Get".to_owned(),
    }
}

fn build_fn_name(m: &OpModel) -> proc_macro2::Ident {
    format_ident!("build_{}", m.module.trim_start_matches("r#"))
}

/// The function that takes one operation's input apart into its typed request.
fn build_fn(m: &OpModel, options: Options) -> TokenStream {
    let name = build_fn_name(m);
    let module = ident(&m.module);
    let request = ident(&m.request);
    let gate = gate(m, options);
    let mut fields: Vec<TokenStream> = m
        .params
        .iter()
        .map(|(loc, f)| {
            let field = ident(&f.rust);
            let l = location(*loc);
            let wire = &f.field.name;
            let take = match (f.required, f.boxed) {
                (true, false) => quote!(input.required(#l, #wire)?),
                (true, true) => quote!(#BOX_NEW(input.required(#l, #wire)?)),
                (false, false) => quote!(input.optional(#l, #wire)?),
                (false, true) => {
                    quote!(input.optional(#l, #wire)?.map(#BOX_NEW))
                }
            };
            quote!(#field: #take,)
        })
        .collect();
    if m.body.is_some() {
        fields.push(quote!(body: input.body()?,));
    }
    // An operation without parameters or body takes nothing from its input.
    let input = if fields.is_empty() {
        format_ident!("_input")
    } else {
        format_ident!("input")
    };
    // Calling a deprecated operation from data is still allowed; only users' code is warned.
    let allow =
        m.op.deprecated
            .is_some()
            .then(|| quote!(#[allow(deprecated)]));
    quote! {
        #gate
        #allow
        fn #name(
            #input: &mut #RT_INPUT,
        ) -> #RESULT<#RT_REQUEST, #RT_INPUT_ERROR> {
            let request = super::#module::#request { #(#fields)* };
            #OK(request.to_http())
        }
    }
}

fn gate(m: &OpModel, options: Options) -> TokenStream {
    if options.operation_features {
        let f = m.module.trim_start_matches("r#");
        quote!(#[cfg(feature = #f)])
    } else {
        TokenStream::new()
    }
}

/// The whole `operations.rs` of a service.
pub fn emit(service: &str, models: &[&OpModel], options: Options) -> TokenStream {
    let mut types = Types::new(models);
    let entries: Vec<TokenStream> = models
        .iter()
        .map(|m| entry(m, &mut types, options))
        .collect();
    let n = Literal::usize_unsuffixed(entries.len());
    let statics: Vec<TokenStream> = types.statics().collect();
    let builds = models.iter().map(|m| build_fn(m, options));
    let arms = models.iter().map(|m| {
        let gate = gate(m, options);
        let id = &m.op.id;
        let f = build_fn_name(m);
        quote!(#gate #id => #f,)
    });
    let lines = [
        format!(" The operations of `{service}` as data, and one entry point that calls any of them from JSON."),
        String::new(),
        " [`TABLE`] lists every operation (parameters and body members with their location, wire".to_owned(),
        " name, type, whether required, enum values and description; how lists page), for the".to_owned(),
        " command line (`hwc-cli`), help, skeletons and completions. [`build`] and [`call`] take an".to_owned(),
        " operation id and its input in KooCLI's `--cli-jsonInput` layout".to_owned(),
        " (`{\"path\":{…},\"query\":{…},\"header\":{…},\"body\":…}`, wire names), check it against".to_owned(),
        " the table, deserialise it into the operation's typed request and send that.".to_owned(),
    ];
    let doc = doc_table::inner(lines.to_vec());
    quote! {
        #doc

        #(#statics)*

        /// Every documented operation, sorted by id.
        pub static OPERATIONS: [#RT_TABLE_OPERATION; #n] = [#(#entries),*];

        /// The service for the command line: its operations, endpoints, error codes and
        /// [`build`].
        pub static TABLE: #RT_SERVICE_TABLE = #RT_SERVICE_TABLE {
            name: #service,
            service: super::client::SERVICE,
            operations: &OPERATIONS,
            catalogue: &super::error_codes::CATALOGUE,
            build,
        };

        /// The HTTP request of operation `id` for `input` (`--cli-jsonInput` layout), built
        /// through the operation's typed request. A wrong type, an unknown name or a missing
        /// required parameter is an error naming it; `project_id` comes from the client unless
        /// the input's `path` gives it.
        #[allow(unreachable_code, unused_mut, unused_variables)]
        pub fn build(
            id: &str,
            input: #RT_JSON_VALUE,
        ) -> #RESULT<#RT_REQUEST, #RT_INPUT_ERROR> {
            let op = OPERATIONS
                .iter()
                .find(|o| o.id == id)
                .ok_or_else(|| #RT_INPUT_ERROR_UNKNOWN_OPERATION(id, &OPERATIONS))?;
            // The operation's builder is picked before the input is checked: an operation
            // this build leaves out says so at once, not after every parameter passed.
            let build_op: fn(
                &mut #RT_INPUT,
            ) -> #RESULT<#RT_REQUEST, #RT_INPUT_ERROR> = match op.id {
                #(#arms)*
                _ => return #ERR(#RT_INPUT_ERROR_NOT_COMPILED(op)),
            };
            let mut input = #RT_INPUT_NEW(op, input)?;
            let request = build_op(&mut input)?;
            input.finish(request)
        }

        /// Sends operation `id` with `input` (see [`build`]) through `client`; the response
        /// whatever its status, body as the service sent it.
        pub async fn call(
            client: &super::Client,
            id: &str,
            input: #RT_JSON_VALUE,
        ) -> #RESULT<#RT_RAW_RESPONSE, #RT_CALL_ERROR> {
            let request = build(id, input)?;
            #OK(client.runtime().execute(request).await?)
        }

        #(#builds)*
    }
}

#[cfg(test)]
mod tests {
    use super::Types;

    #[test]
    fn member_statics_of_names_that_differ_only_in_case_are_distinct() {
        let mut t = Types::default();
        let a = t
            .members_static("CreateHealthMonitorRequestBody")
            .to_string();
        let b = t
            .members_static("CreateHealthmonitorRequestBody")
            .to_string();
        assert_eq!(a, "M_CREATEHEALTHMONITORREQUESTBODY");
        assert_eq!(b, "M_CREATEHEALTHMONITORREQUESTBODY_2");
        // The same type is one static.
        let again = t
            .members_static("CreateHealthMonitorRequestBody")
            .to_string();
        assert_eq!(again, a);
    }
}
