//! Whether a table lists HTTP headers. A header's name reads like one (`X-Auth-Token`,
//! `Accept`), and its value is text: a row typed as an object or a list (`accept | Object |
//! 标记接受操作，请参见accept参数说明`) is a body member whose name happens to be a header's.

use super::library::looks_like_header;
use super::row_names;
use crate::page::RawTable;
use crate::types::{self, TypeExpr};

/// True when every row of `t` names a header and none is typed as structured data.
pub(super) fn header_table(t: &RawTable) -> bool {
    let names = row_names(t);
    if names.is_empty() || !names.iter().all(|n| looks_like_header(n)) {
        return false;
    }
    let Some(c) = t.columns.ty else {
        return true;
    };
    !t.table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(c))
        .any(|cell| structured(&cell.flat()))
}

/// A type cell that says object, list, map or JSON document: no header carries one.
pub(super) fn structured(type_text: &str) -> bool {
    matches!(
        types::parse(type_text),
        Ok(TypeExpr::Object { .. } | TypeExpr::Array(_) | TypeExpr::Map(_) | TypeExpr::Json)
    )
}
