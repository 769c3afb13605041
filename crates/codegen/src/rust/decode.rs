//! The decoding part of an operation module: the `hwc_runtime::Operation` impl, which ties
//! the request to its output and error kind and says how a success decodes. The runtime's
//! `Call` does the rest (options, execution, error statuses, the catalogue).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::output_ty;
use crate::model::OpModel;
use crate::names::ident;

/// `impl hwc_runtime::Operation for <Request>`.
pub(super) fn emit(m: &OpModel) -> TokenStream {
    let (request, error) = (ident(&m.request), ident(&m.error));
    let output = output_ty(m);
    let success = if m.output.is_none() {
        quote!(::hwc_runtime::de::no_body(raw))
    } else if m.bodyless_success.is_empty() {
        quote!(::hwc_runtime::de::decode_response(raw))
    } else {
        let empty = m
            .bodyless_success
            .iter()
            .map(|c| Literal::u16_unsuffixed(*c));
        quote!(::hwc_runtime::de::decode_optional(raw, &[#(#empty),*]))
    };
    quote! {
        impl ::hwc_runtime::Operation for #request {
            type Output = #output;
            type Kind = #error;

            fn to_http(&self) -> ::hwc_runtime::Request {
                self.to_http()
            }

            fn output(raw: ::hwc_runtime::RawResponse) -> ::std::result::Result<::hwc_runtime::Response<#output>, ::hwc_runtime::Error<#error>> {
                #success
            }
        }
    }
}
