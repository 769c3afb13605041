//! The standard library's and the runtime's paths the generated code names, each one token
//! while the generator works.
//!
//! Generated code spells every such path out in full (`::std::option::Option::Some`), so that
//! no name a page gives a type can shadow it; as tokens that is a dozen per use, a third of
//! all the tokens emitted, each allocated, read back and printed. Here a path is one invisible
//! group (`Delimiter::None`) holding its text as a string literal, built once per thread and
//! cloned by reference count. Nothing else the generator emits makes such a group, so the
//! printer (`print`) writes the text where it finds one, and its check reads the text back as
//! the path's tokens.

use std::cell::OnceCell;

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};

/// A path of the standard library or the runtime, by its index in [`TEXTS`].
#[derive(Debug, Clone, Copy)]
pub struct Path(usize);

macro_rules! paths {
    ($($name:ident = $text:literal,)*) => {
        /// Every path's text, in the order of the constants.
        const TEXTS: &[&str] = &[$($text),*];
        paths!(@consts 0usize; $($name = $text,)*);
    };
    (@consts $i:expr; $name:ident = $text:literal, $($rest:tt)*) => {
        #[doc = concat!("`", $text, "`")]
        pub const $name: Path = Path($i);
        paths!(@consts $i + 1usize; $($rest)*);
    };
    (@consts $i:expr;) => {};
}

paths! {
    BOX = "::std::boxed::Box",
    BOX_NEW = "::std::boxed::Box::new",
    BTREE_MAP = "::std::collections::BTreeMap",
    CLONE = "::std::clone::Clone",
    CLONE_CLONE = "::std::clone::Clone::clone",
    DEBUG = "::std::fmt::Debug",
    DEFAULT = "::std::default::Default",
    DISPLAY = "::std::fmt::Display",
    DISPLAY_FMT = "::std::fmt::Display::fmt",
    EQ = "::std::cmp::Eq",
    ERR = "::std::result::Result::Err",
    FMT_RESULT = "::std::fmt::Result",
    FORMATTER = "::std::fmt::Formatter",
    FROM = "::std::convert::From",
    FUTURE = "::std::future::Future",
    HASH = "::std::hash::Hash",
    INFALLIBLE = "::std::convert::Infallible",
    INTO = "::std::convert::Into",
    NONE = "::std::option::Option::None",
    OK = "::std::result::Result::Ok",
    OPTION = "::std::option::Option",
    ORD = "::std::cmp::Ord",
    PARTIAL_EQ = "::std::cmp::PartialEq",
    PARTIAL_ORD = "::std::cmp::PartialOrd",
    RESULT = "::std::result::Result",
    RT_BODY = "::hwc_runtime::table::Body",
    RT_CALL = "::hwc_runtime::Call",
    RT_CALL_ERROR = "::hwc_runtime::table::CallError",
    RT_CALL_FAILURE = "::hwc_runtime::CallFailure",
    RT_CALL_NEW = "::hwc_runtime::Call::new",
    RT_CALL_OPTIONS = "::hwc_runtime::CallOptions",
    RT_CATALOGUE = "::hwc_runtime::Catalogue",
    RT_CATALOGUE_NEW = "::hwc_runtime::Catalogue::new",
    RT_CLIENT = "::hwc_runtime::Client",
    RT_CLIENT_BUILDER = "::hwc_runtime::ClientBuilder",
    RT_CLIENT_BUILDER_NEW = "::hwc_runtime::ClientBuilder::new",
    RT_DE_DECODE_ERROR_BODY = "::hwc_runtime::de::decode_error_body",
    RT_DE_DECODE_OPTIONAL = "::hwc_runtime::de::decode_optional",
    RT_DE_DECODE_RESPONSE = "::hwc_runtime::de::decode_response",
    RT_DE_JSON_SUBSET = "::hwc_runtime::de::json_subset",
    RT_DE_NO_BODY = "::hwc_runtime::de::no_body",
    RT_ERROR = "::hwc_runtime::Error",
    RT_ERROR_CODE_INFO = "::hwc_runtime::ErrorCodeInfo",
    RT_ERROR_CODE_INFO_NEW = "::hwc_runtime::ErrorCodeInfo::new",
    RT_ERROR_KIND = "::hwc_runtime::ErrorKind",
    RT_INPUT = "::hwc_runtime::table::Input",
    RT_INPUT_ERROR = "::hwc_runtime::table::InputError",
    RT_INPUT_ERROR_NOT_COMPILED = "::hwc_runtime::table::InputError::not_compiled",
    RT_INPUT_ERROR_UNKNOWN_OPERATION = "::hwc_runtime::table::InputError::unknown_operation",
    RT_INPUT_NEW = "::hwc_runtime::table::Input::new",
    RT_JSON_VALUE = "::hwc_runtime::serde_json::Value",
    RT_LOCATION_HEADER = "::hwc_runtime::table::Location::Header",
    RT_LOCATION_PATH = "::hwc_runtime::table::Location::Path",
    RT_LOCATION_QUERY = "::hwc_runtime::table::Location::Query",
    RT_MARKER_FROM_LAST_ITEM = "::hwc_runtime::table::MarkerFrom::LastItem",
    RT_MARKER_FROM_PAGE = "::hwc_runtime::table::MarkerFrom::Page",
    RT_MEMBER = "::hwc_runtime::table::Member",
    RT_MEMBER_NEW = "::hwc_runtime::table::Member::new",
    RT_METHOD = "::hwc_runtime::Method",
    RT_OPEN_ENUM = "::hwc_runtime::open_enum",
    RT_OPERATION = "::hwc_runtime::Operation",
    RT_OPERATION_SPEC = "::hwc_runtime::OperationSpec",
    RT_OPERATION_SPEC_NEW = "::hwc_runtime::OperationSpec::new",
    RT_PAGES = "::hwc_runtime::Pages",
    RT_PAGINATOR = "::hwc_runtime::Paginator",
    RT_PAGINATOR_NEW = "::hwc_runtime::Paginator::new",
    RT_PAGING = "::hwc_runtime::table::Paging",
    RT_PARAM_NEW = "::hwc_runtime::table::Param::new",
    RT_POSITION = "::hwc_runtime::Position",
    RT_POSITION_MARKER = "::hwc_runtime::Position::Marker",
    RT_POSITION_NUMBER = "::hwc_runtime::Position::Number",
    RT_PREPARED_REQUEST = "::hwc_runtime::PreparedRequest",
    RT_QUERY_VALUE_RENDER = "::hwc_runtime::QueryValue::render",
    RT_RAW_RESPONSE = "::hwc_runtime::RawResponse",
    RT_RECORD = "::hwc_runtime::record",
    RT_REDACTED = "::hwc_runtime::Redacted",
    RT_REQUEST = "::hwc_runtime::Request",
    RT_REQUEST_NEW = "::hwc_runtime::Request::new",
    RT_RESPONSE = "::hwc_runtime::Response",
    RT_SERDE_JSON_FROM_STR = "::hwc_runtime::serde_json::from_str",
    RT_SERDE_JSON_TO_STRING = "::hwc_runtime::serde_json::to_string",
    RT_SERDE_JSON_TO_VALUE = "::hwc_runtime::serde_json::to_value",
    RT_SERIALIZE = "::hwc_runtime::serde::Serialize",
    RT_SERVICE = "::hwc_runtime::Service",
    RT_SERVICE_GLOBAL = "::hwc_runtime::Service::global",
    RT_SERVICE_REGIONAL = "::hwc_runtime::Service::regional",
    RT_SERVICE_TABLE = "::hwc_runtime::table::ServiceTable",
    RT_STYLE = "::hwc_runtime::Style",
    RT_STYLE_MARKER = "::hwc_runtime::Style::Marker",
    RT_STYLE_OFFSET = "::hwc_runtime::Style::Offset",
    RT_STYLE_PAGE_NUMBER = "::hwc_runtime::Style::PageNumber",
    RT_TABLE_OPERATION = "::hwc_runtime::table::Operation",
    RT_TY_STRING = "::hwc_runtime::table::Ty::String",
    SEND = "::std::marker::Send",
    SIZED = "::std::marker::Sized",
    SOME = "::std::option::Option::Some",
    STD_ERROR = "::std::error::Error",
    STRING = "::std::string::String",
    TO_STRING = "::std::string::ToString::to_string",
    UNREACHABLE = "::std::unreachable",
    VEC = "::std::vec::Vec",
}

thread_local! {
    /// Each path's group, made on first use in this thread.
    static GROUPS: Vec<OnceCell<Group>> = TEXTS.iter().map(|_| OnceCell::new()).collect();
}

impl ToTokens for Path {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let group = GROUPS.with(|g| {
            g[self.0]
                .get_or_init(|| {
                    let text = TokenTree::Literal(Literal::string(TEXTS[self.0]));
                    Group::new(Delimiter::None, TokenStream::from(text))
                })
                .clone()
        });
        tokens.append(group);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_a_path_of_std_or_the_runtime() {
        for text in TEXTS {
            let rest = text
                .strip_prefix("::std::")
                .or_else(|| text.strip_prefix("::hwc_runtime::"));
            let segments = rest
                .map(|r| r.split("::").collect::<Vec<_>>())
                .unwrap_or_default();
            assert!(!segments.is_empty(), "{text}");
            assert!(
                segments
                    .iter()
                    .all(|s| !s.is_empty()
                        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')),
                "{text}"
            );
        }
    }
}
