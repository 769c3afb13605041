//! The decoding part of an operation module: the `hwc_runtime::Operation` impl, which ties
//! the request to its output and error kind and says how a success decodes. The runtime's
//! `Call` does the rest (options, execution, error statuses, the catalogue).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::output_ty;
use super::paths::{
    RESULT, RT_DE_DECODE_OPTIONAL, RT_DE_DECODE_RESPONSE, RT_DE_NO_BODY, RT_ERROR, RT_OPERATION,
    RT_RAW_RESPONSE, RT_REQUEST, RT_RESPONSE,
};
use crate::model::OpModel;
use crate::names::ident;

/// `impl hwc_runtime::Operation for <Request>`.
pub(super) fn emit(m: &OpModel) -> TokenStream {
    let (request, error) = (ident(&m.request), ident(&m.error));
    let output = output_ty(m);
    let success = if m.output.is_none() {
        quote!(#RT_DE_NO_BODY(raw))
    } else if m.bodyless_success.is_empty() {
        quote!(#RT_DE_DECODE_RESPONSE(raw))
    } else {
        let empty = m
            .bodyless_success
            .iter()
            .map(|c| Literal::u16_unsuffixed(*c));
        quote!(#RT_DE_DECODE_OPTIONAL(raw, &[#(#empty),*]))
    };
    quote! {
        impl #RT_OPERATION for #request {
            type Output = #output;
            type Kind = #error;

            fn to_http(&self) -> #RT_REQUEST {
                self.to_http()
            }

            fn output(raw: #RT_RAW_RESPONSE) -> #RESULT<#RT_RESPONSE<#output>, #RT_ERROR<#error>> {
                #success
            }
        }
    }
}
