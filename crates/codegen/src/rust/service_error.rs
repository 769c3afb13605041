//! The generated `error.rs`: one error type for the whole service, that every operation's
//! error converts into with `?`, and that still holds the operation's typed error.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::feature_gate;
use super::docs::doc_raw;
use super::paths::{
    DEBUG, DISPLAY, DISPLAY_FMT, FMT_RESULT, FORMATTER, FROM, OPTION, RT_CALL_FAILURE, RT_ERROR,
    RT_ERROR_CODE_INFO, STD_ERROR,
};
use crate::Options;
use crate::model::OpModel;
use crate::names::{ident, pascal};

/// The whole `error.rs`.
pub fn emit(service: &str, models: &[&OpModel], options: Options) -> TokenStream {
    let variant = |m: &OpModel| ident(&pascal(m.module.trim_start_matches("r#")));
    let variants = models.iter().map(|m| {
        let gate = feature_gate(&m.module, options);
        let v = variant(m);
        let module = ident(&m.module);
        let error = ident(&m.error);
        let d = doc_raw(&format!(
            "A failed `{}` call; the operation's typed error is inside.",
            m.op.id
        ));
        quote!(#d #gate #v(#RT_ERROR<super::#module::#error>),)
    });
    let froms = models.iter().map(|m| {
        let gate = feature_gate(&m.module, options);
        let v = variant(m);
        let module = ident(&m.module);
        let error = ident(&m.error);
        quote! {
            #gate
            impl #FROM<#RT_ERROR<super::#module::#error>> for Error {
                fn from(e: #RT_ERROR<super::#module::#error>) -> Self {
                    Self::#v(e)
                }
            }
        }
    });
    let inner_arms = models.iter().map(|m| {
        let gate = feature_gate(&m.module, options);
        let v = variant(m);
        quote!(#gate Self::#v(ref e) => e,)
    });
    let name_arms = models.iter().map(|m| {
        let gate = feature_gate(&m.module, options);
        let v = variant(m);
        let id = &m.op.id;
        quote!(#gate Self::#v(_) => #id,)
    });
    let doc = format!(
        " Any error of any {service} operation: `?` converts every operation's error into it."
    );
    quote! {
        //! The service-wide error.

        #[doc = #doc]
        ///
        /// Match a variant to reach the operation's typed error
        /// (`e.as_service().map(|s| s.kind())`); the methods answer for any of them.
        #[derive(#DEBUG)]
        #[non_exhaustive]
        pub enum Error {
            #(#variants)*
        }

        #(#froms)*

        impl Error {
            /// The failed call's error, whatever its operation.
            pub fn as_call(&self) -> &dyn #RT_CALL_FAILURE {
                match *self {
                    #(#inner_arms)*
                }
            }

            /// The operation that failed (its id, e.g. `ListInstances`).
            pub fn operation(&self) -> &'static str {
                match *self {
                    #(#name_arms)*
                }
            }

            /// The HTTP status, when a response arrived.
            pub fn status(&self) -> #OPTION<u16> {
                self.as_call().status()
            }

            /// `error_code` of a service error (e.g. `DCS.4919`).
            pub fn error_code(&self) -> #OPTION<&str> {
                self.as_call().error_code()
            }

            /// `error_msg` of a service error.
            pub fn error_msg(&self) -> #OPTION<&str> {
                self.as_call().error_msg()
            }

            /// `X-Request-Id`, when a response arrived.
            pub fn request_id(&self) -> #OPTION<&str> {
                self.as_call().request_id()
            }

            /// The response body, byte for byte, when one arrived.
            pub fn body(&self) -> #OPTION<&[u8]> {
                self.as_call().body()
            }

            /// What the service's error-code page says about a service error's code.
            pub fn documented(&self) -> #OPTION<&'static #RT_ERROR_CODE_INFO> {
                self.as_call().documented()
            }
        }

        impl #DISPLAY for Error {
            fn fmt(&self, f: &mut #FORMATTER<'_>) -> #FMT_RESULT {
                #DISPLAY_FMT(self.as_call(), f)
            }
        }

        /// Transparent: the chain continues with the call error's own cause.
        impl #STD_ERROR for Error {
            fn source(&self) -> #OPTION<&(dyn #STD_ERROR + 'static)> {
                self.as_call().source()
            }
        }
    }
}
