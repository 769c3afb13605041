//! Members whose description says they have their parent's structure: `sub_jobs | Array of
//! objects | 每个子job的结构与父job类似`, `children | Array | 结构同父节点`. No table describes
//! them because the page has already described the shape: it is the object the member sits
//! in (a tree), or, when the description names the parent (`父job`), the nearest enclosing
//! object of that name. Only members left open (free-form, or a list of free-form values)
//! are read this way; a member with a table keeps it.

use crate::diag::Sink;
use crate::ir::{Operation, Type};

/// Whether a description says "the same structure as the parent", in any of the wordings
/// (`结构与父job类似`, `结构同父级`, `与父对象结构相同`, `结构和父节点一致`).
fn says_parent_shape(text: &str) -> bool {
    text.contains('父')
        && text.contains("结构")
        && !text.contains("不同")
        && ["相同", "类似", "一致", "同"]
            .iter()
            .any(|w| text.contains(w))
}

/// The ASCII word the description gives the parent (`父job` -> `job`), lower-cased.
fn parent_noun(text: &str) -> Option<String> {
    let (_, after) = text.split_once('父')?;
    let noun: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!noun.is_empty()).then(|| noun.to_ascii_lowercase())
}

/// Whether `ty` refers to schema `id` (itself, a list or a map of it).
fn refers_to(ty: &Type, id: &str) -> bool {
    match ty {
        Type::Ref { schema } => schema == id,
        Type::Array { items } => refers_to(items, id),
        Type::Map { values } => refers_to(values, id),
        _ => false,
    }
}

/// The schema that holds schema `id`, and the member that holds it.
fn holder(op: &Operation, id: &str) -> Option<(usize, String)> {
    op.schemas.iter().enumerate().find_map(|(k, s)| {
        s.fields
            .iter()
            .find(|f| refers_to(&f.ty, id))
            .map(|f| (k, f.name.clone()))
    })
}

/// The schema a parent-shaped member of schema `k` has: the nearest of `k` and the objects
/// enclosing it whose name (or the member holding it) contains `noun`; `k` itself when there
/// is no noun or nothing enclosing it is named so.
fn parent_of(op: &Operation, k: usize, noun: Option<&str>) -> usize {
    let Some(noun) = noun else { return k };
    let mut cur = k;
    let mut via = String::new();
    // Bounded: a cycle of references cannot walk forever.
    for _ in 0..op.schemas.len().min(16) {
        let s = &op.schemas[cur];
        if s.name.to_ascii_lowercase().contains(noun) || via.to_ascii_lowercase().contains(noun) {
            return cur;
        }
        match holder(op, &s.id) {
            Some((up, name)) if up != cur => {
                cur = up;
                via = name;
            }
            _ => break,
        }
    }
    k
}

/// Gives open members described as having their parent's structure that structure.
pub(super) fn parent_shapes(op: &mut Operation, sink: &mut Sink) {
    let mut settled = Vec::new();
    for (k, s) in op.schemas.iter().enumerate() {
        for (i, f) in s.fields.iter().enumerate() {
            let open = match &f.ty {
                Type::Any => Some(false),
                Type::Array { items } if **items == Type::Any => Some(true),
                _ => None,
            };
            let Some(listed) = open else { continue };
            if !says_parent_shape(&f.description) {
                continue;
            }
            let parent = parent_of(op, k, parent_noun(&f.description).as_deref());
            settled.push((k, i, listed, op.schemas[parent].id.clone()));
        }
    }
    for (k, i, listed, parent) in settled {
        let f = &mut op.schemas[k].fields[i];
        let one = Type::Ref {
            schema: parent.clone(),
        };
        f.ty = if listed {
            Type::Array {
                items: Box::new(one),
            }
        } else {
            one
        };
        sink.warning(
            &f.source,
            format!(
                "`{}` is described as having its parent's structure; read as `{parent}`",
                f.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_of_the_parent_shape() {
        assert!(says_parent_shape("每个子job的结构与父job类似。"));
        assert!(says_parent_shape("子节点，结构同父节点"));
        assert!(says_parent_shape("与父对象结构相同"));
        assert!(!says_parent_shape("父资源的ID"));
        assert!(!says_parent_shape("结构相同的对象列表"));
        assert!(!says_parent_shape("结构与父job不同"));
        assert_eq!(parent_noun("结构与父job类似").as_deref(), Some("job"));
        assert_eq!(parent_noun("结构同父级"), None);
    }
}
