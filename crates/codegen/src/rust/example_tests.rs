//! Tests from the page's own examples, emitted into each operation module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::paths::{
    RT_DE_JSON_SUBSET, RT_JSON_VALUE, RT_SERDE_JSON_FROM_STR, RT_SERDE_JSON_TO_VALUE,
};
use super::ty_in;
use crate::model::{OpModel, RustTy};

/// A test that `json` decodes into `t` and encodes back without losing anything `t` knows.
/// The example as strict JSON: the page's own text when it parses as such, else the value
/// the reader recovered from a hand-written slip (a trailing comma, a raw line break in a
/// string), so the generated test checks the type and not the page's typing.
fn strict_text(raw: &str, json: &serde_json::Value) -> String {
    if serde_json::from_str::<serde::de::IgnoredAny>(raw).is_ok() {
        return raw.to_owned();
    }
    serde_json::to_string_pretty(json).unwrap_or_else(|_| raw.to_owned())
}

fn example_test(name: &proc_macro2::Ident, t: &RustTy, json: &str) -> TokenStream {
    let t = ty_in(t, Some(&quote!(super)));
    let body = super::lit::str_lit(json);
    quote! {
        #[test]
        fn #name() {
            let original: #RT_JSON_VALUE = #RT_SERDE_JSON_FROM_STR(#body).unwrap();
            let decoded: #t = #RT_SERDE_JSON_FROM_STR(#body).unwrap();
            let again = #RT_SERDE_JSON_TO_VALUE(&decoded).unwrap();
            #RT_DE_JSON_SUBSET(&again, &original).unwrap();
        }
    }
}

/// Tests from the page's own examples: each documented body decodes into its type, and
/// encoding it again loses nothing the type knows of.
pub(super) fn emit(m: &OpModel, file: &str, warnings: &mut Vec<String>) -> TokenStream {
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
            tests.push(example_test(&name, &t, &strict_text(&ex.raw, json)));
        }
    }
    if let Some(b) = &m.body {
        for (i, ex) in m.op.request_examples.iter().enumerate() {
            let Some(json) = &ex.json else { continue };
            if !conforms(json, &ex.raw_body, b, ex.source.line, "the request example") {
                continue;
            }
            let name = format_ident!("request_example_{}_decodes", i + 1);
            tests.push(example_test(&name, b, &strict_text(&ex.raw_body, json)));
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
