//! The service client: one method per operation, taking the required parameters and the
//! required members of an object body, returning the operation's fluent builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_raw, doc_with};
use super::paths::{
    CLONE, CLONE_CLONE, DEBUG, FROM, INFALLIBLE, INTO, RT_CLIENT, RT_CLIENT_BUILDER,
    RT_CLIENT_BUILDER_NEW, RT_SERVICE, RT_SERVICE_GLOBAL, RT_SERVICE_REGIONAL, SIZED, UNREACHABLE,
};
use super::{arg_ty, body_members, title, ty_in};
use crate::Options;
use crate::model::{OpModel, RustTy};
use crate::names::{Scope, ident, pascal};

/// `#[cfg(feature = "module")]` (and its `docsrs` badge) when operations are features.
pub fn feature_gate(module: &str, options: Options) -> TokenStream {
    if options.operation_features {
        let name = module.trim_start_matches("r#");
        quote! {
            #[cfg(feature = #name)]
            #[cfg_attr(docsrs, doc(cfg(feature = #name)))]
        }
    } else {
        quote!()
    }
}

/// The client method of one operation, and (with features) the stand-in that names the
/// feature when it is off.
fn method(m: &OpModel, options: Options) -> TokenStream {
    let gate = feature_gate(&m.module, options);
    let module_ident = ident(&m.module);
    let module = quote!(super::#module_ident);
    let method = ident(&m.method);
    let request = ident(&m.request);
    let builder = ident(&m.builder);
    let mut lines = vec![format!("`{} {}`", m.op.method, m.op.path.replace('`', "'"))];
    if options.operation_features {
        lines.push(format!(
            "Available with the cargo feature `{}`.",
            m.module.trim_start_matches("r#")
        ));
    }
    let d = doc_with(&format!("{}\n{}", title(m), m.op.description), &lines);
    let mut args = Vec::new();
    let mut pass = Vec::new();
    let mut names = Scope::default();
    let arg = |t: &RustTy| match t {
        RustTy::Named(_) | RustTy::String | RustTy::Vec(_) | RustTy::Map(_) | RustTy::Value => {
            let n = ty_in(t, Some(&module));
            quote!(impl #INTO<#n>)
        }
        other => ty_in(other, Some(&module)),
    };
    for (_, f) in &m.params {
        if !f.required {
            continue;
        }
        let name = ident(&names.claim(&f.rust, "_"));
        args.push({
            let t = arg(&f.ty);
            quote!(#name: #t)
        });
        pass.push(quote!(#name));
    }
    if let Some((s, members)) = body_members(m) {
        let body_ty = ident(&s.rust);
        let mut fields = Vec::new();
        for b in members.iter().filter(|b| b.field.required) {
            let name = ident(&names.claim(&b.name, "_"));
            let (at, _) = arg_ty(&b.field.ty);
            let at = match &b.field.ty {
                RustTy::I32 | RustTy::I64 | RustTy::F32 | RustTy::F64 | RustTy::Bool => at,
                t => arg(t),
            };
            args.push(quote!(#name: #at));
            fields.push(quote!(#name));
        }
        pass.push(quote!(#module::#body_ty::new(#(#fields),*)));
    } else if let Some(b) = &m.body {
        let t = ty_in(b, Some(&module));
        args.push(quote!(body: #t));
        pass.push(quote!(body));
    }
    let call = quote! {
        #module::#builder::new(
            #CLONE_CLONE(&self.inner),
            #module::#request::new(#(#pass),*),
        )
    };
    // Deprecated with its page; it builds the module's deprecated request and builder.
    let deprecated = super::deprecated_attr(m);
    let allow_deprecated =
        m.op.deprecated
            .is_some()
            .then(|| quote!(#[allow(deprecated)]));
    let allow = super::allow_many_args(args.len() + 1);
    let enabled = quote! {
        #d
        #gate
        #deprecated
        #allow_deprecated
        #allow
        pub fn #method(&self, #(#args),*) -> #module::#builder {
            #call
        }
    };
    if !options.operation_features {
        return enabled;
    }
    let feature = m.module.trim_start_matches("r#");
    let marker = format_ident!("{}Feature", pascal(feature));
    let placeholders = (0..args.len()).map(|i| {
        let n = format_ident!("_arg{i}");
        quote!(#n: impl #SIZED)
    });
    let stand_in = doc_raw(&format!(
        "Not compiled in: enable the cargo feature `{feature}` to call this operation."
    ));
    quote! {
        #enabled

        #stand_in
        #[cfg(not(feature = #feature))]
        #[doc(hidden)]
        #allow
        pub fn #method<'a>(&'a self, #(#placeholders),*) -> #INFALLIBLE
        where
            &'a (): disabled::#marker,
        {
            #UNREACHABLE!()
        }
    }
}

/// The marker traits behind the stand-ins of disabled operations: nothing implements them,
/// and the compiler's message for that names the feature.
fn disabled_module(models: &[&OpModel], service: &str, options: Options) -> TokenStream {
    if !options.operation_features {
        return TokenStream::new();
    }
    let traits = models.iter().map(|m| {
        let feature = m.module.trim_start_matches("r#");
        let marker = format_ident!("{}Feature", pascal(feature));
        let message = format!(
            "`Client::{feature}` needs the cargo feature `{feature}` of the `{service}` crate"
        );
        let note = format!("enable it in Cargo.toml: features = [\"{feature}\"]");
        let d = doc_raw(&format!("Implemented only when the feature `{feature}` is on."));
        quote! {
            #d
            #[cfg(not(feature = #feature))]
            #[diagnostic::on_unimplemented(message = #message, label = "this operation is not compiled in", note = #note)]
            pub trait #marker {}
        }
    });
    quote! {
        /// Marker traits that make calling an operation whose feature is off say which
        /// feature to enable.
        #[doc(hidden)]
        pub mod disabled {
            #(#traits)*
        }
    }
}

/// The `Service` constant's value: scope, region table, global endpoint.
fn service_value(
    service: &str,
    global: bool,
    endpoints: &crate::endpoints::Endpoints,
) -> TokenStream {
    let mut value = if global {
        quote!(#RT_SERVICE_GLOBAL(#service))
    } else {
        quote!(#RT_SERVICE_REGIONAL(#service))
    };
    if !endpoints.regions.is_empty() {
        let rows = endpoints.regions.iter().map(|(r, e)| quote!((#r, #e)));
        value = quote!(#value.with_regions(&[#(#rows),*]));
    }
    if let Some(e) = &endpoints.global_endpoint {
        value = quote!(#value.with_global_endpoint(#e));
    }
    quote!(#value.with_catalogue(super::error_codes::CATALOGUE))
}

/// The whole `client.rs`.
pub fn emit_client(
    service: &str,
    models: &[&OpModel],
    options: Options,
    endpoints: &crate::endpoints::Endpoints,
) -> TokenStream {
    let methods = models.iter().map(|m| method(m, options));
    let disabled = disabled_module(models, service, options);
    let global = endpoints.is_global(models.iter().map(|m| m.op.path.as_str()));
    let service_value = service_value(service, global, endpoints);
    let where_doc = match (global, endpoints.regions.len()) {
        (true, _) => format!(
            "a global service: requests carry the account's domain id (`X-Domain-Id`), and no region is needed (`{}`)",
            endpoints
                .global_endpoint
                .clone()
                .unwrap_or_else(|| format!("https://{service}.myhuaweicloud.com"))
        ),
        (false, 0) => format!("a regional service at `https://{service}.REGION.myhuaweicloud.com`"),
        (false, n) => format!(
            "a regional service with {n} regions in its table (`spec/{service}/endpoints.txt`)"
        ),
    };
    let service_doc = doc_raw(&format!(
        "The {service} service: endpoint name `{service}`, {where_doc}."
    ));
    let client_doc = doc_raw(&format!(
        "A client for {service}, one method per documented operation. Cheap to clone."
    ));
    quote! {
        //! The service client.

        #service_doc
        pub const SERVICE: #RT_SERVICE = #service_value;

        #client_doc
        #[derive(#CLONE, #DEBUG)]
        pub struct Client {
            inner: #RT_CLIENT,
        }

        impl #FROM<#RT_CLIENT> for Client {
            fn from(inner: #RT_CLIENT) -> Self {
                Self { inner }
            }
        }

        impl Client {
            /// A builder: set a region or endpoint and credentials, then `build`.
            pub fn builder() -> #RT_CLIENT_BUILDER<Client> {
                #RT_CLIENT_BUILDER_NEW(SERVICE)
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &#RT_CLIENT {
                &self.inner
            }

            #(#methods)*
        }

        #disabled
    }
}
