//! A row typed as a scalar whose description points at a table of its page captioned with
//! the row's own name (`links | String | 详情请参见表2` over `表2 links字段数据结构说明`):
//! the type word is a slip, the table is what the member holds. Both the pointer and the
//! caption must name it; a link alone (`task_id | 请参见表4中获取的id`) says where a value
//! comes from, not what it is.

use super::fields::Resolver;
use super::library::TableId;
use super::objects::RowRefs;
use crate::ir::{Source, Type};
use crate::roles::caption_key;

/// Whether a caption key names the field: `links`, or a path ending in it
/// (`versions.links`).
fn names_field(key: &str, field: &str) -> bool {
    let key = key.to_lowercase();
    let field = field.to_lowercase();
    key == field || key.rsplit('.').next() == Some(field.as_str())
}

impl Resolver<'_> {
    /// `ty` unless it is a scalar the row's own table overrules; then the table's schema,
    /// with a warning naming both.
    pub(super) fn overrule_scalar(
        &mut self,
        from: TableId,
        field: &str,
        refs: &RowRefs,
        ty: Type,
        at: &Source,
    ) -> Type {
        if matches!(
            ty,
            Type::Any | Type::Ref { .. } | Type::Array { .. } | Type::Map { .. }
        ) {
            return ty;
        }
        let Some(t) = self.find_linked(from, refs) else {
            return ty;
        };
        if t == from || t.0 != from.0 || !names_field(&caption_key(&self.lib.table(t).name), field)
        {
            return ty;
        }
        let side = self.side(from);
        let schema = self.schema_of(t, side, Some(field.to_owned()), false);
        self.sink.warning(
            at,
            format!(
                "`{field}` is typed as a scalar but points at table `{}`, captioned with its name; read as that object",
                self.lib.table(t).name
            ),
        );
        Type::Ref { schema }
    }
}

#[cfg(test)]
mod tests {
    use super::names_field;

    #[test]
    fn a_caption_names_a_field_by_itself_or_as_the_last_step_of_a_path() {
        assert!(names_field("links", "links"));
        assert!(names_field("Versions.Links", "links"));
        assert!(!names_field("link_list", "links"));
        assert!(!names_field("links.href", "links"));
    }
}
