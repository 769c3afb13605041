//! A type name that names a table by its anchor. Pages of the API-Explorer kind anchor each
//! object table with the name its rows use as a type (`<a name="request_AuthOpt">` over the
//! table that `AuthOpt object` means, `response_X` on the response side): the anchor says
//! which table it is even when the row carries no link and the table no caption.

use super::fields::Resolver;
use super::library::TableId;
use crate::ir::Side;

/// The anchor prefixes a table of `side` is written with, that side's first.
fn prefixes(side: Side) -> [&'static str; 3] {
    match side {
        Side::Request => ["request_", "response_", ""],
        Side::Response => ["response_", "request_", ""],
    }
}

impl Resolver<'_> {
    /// The object table of the page of `from` anchored with the type name `name`, with or
    /// without a side prefix, on `from`'s side first. `None` for a table that is not an
    /// object table or is `from` itself.
    pub(super) fn by_anchor_name(&self, from: TableId, name: &str) -> Option<TableId> {
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        prefixes(self.side(from))
            .into_iter()
            .filter_map(|p| self.lib.anchor(from.0, &format!("{p}{name}")))
            .find(|&t| t != from && self.eligible(t))
    }
}
