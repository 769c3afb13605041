//! A table whose one row is named by a placeholder (`{自定义key} | Map<String, ResponseInfoResp>`,
//! `<key> | String`) does not describe a member called `{自定义key}`: it says the object's
//! keys are free and what each value is. Such an object is a map, and every place that
//! refers to the table gets that map.

use crate::diag::Sink;
use crate::ir::{Operation, Type};

/// Whether a row name stands for "any key": `{key}`, `<name>`, `${key}`, `自定义key`.
fn is_key_placeholder(name: &str) -> bool {
    let n = name.trim().trim_start_matches('$');
    let wrapped = |open: char, close: char| {
        n.len() > 2
            && n.starts_with(open)
            && n.ends_with(close)
            && !n[1..n.len() - 1].contains(open)
    };
    wrapped('{', '}') || wrapped('<', '>') || n.starts_with("自定义")
}

/// Replaces every `Ref from` inside `ty` with `to`.
fn replace(ty: &mut Type, from: &str, to: &Type) {
    match ty {
        Type::Ref { schema } if schema == from => *ty = to.clone(),
        Type::Array { items } => replace(items, from, to),
        Type::Map { values } => replace(values, from, to),
        _ => {}
    }
}

fn mentions(ty: &Type, id: &str) -> bool {
    match ty {
        Type::Ref { schema } => schema == id,
        Type::Array { items } => mentions(items, id),
        Type::Map { values } => mentions(values, id),
        _ => false,
    }
}

/// The first one-row table keyed by a placeholder, with the map it describes.
fn next_keyed(op: &Operation) -> Option<(usize, Type)> {
    op.schemas.iter().enumerate().find_map(|(k, s)| {
        let [f] = &s.fields[..] else { return None };
        if !is_key_placeholder(&f.name) {
            return None;
        }
        // The row may restate the whole map (`Map<String, X>`) or give each value (`X`).
        let values = match &f.ty {
            Type::Map { values } => (**values).clone(),
            other => other.clone(),
        };
        (!mentions(&values, &s.id)).then(|| {
            (
                k,
                Type::Map {
                    values: Box::new(values),
                },
            )
        })
    })
}

/// Turns every one-row table keyed by a placeholder into the map it describes. One at a
/// time, so that a keyed table inside another is replaced before its own turn.
pub(super) fn keyed_maps(op: &mut Operation, sink: &mut Sink) {
    while let Some((k, map)) = next_keyed(op) {
        let s = op.schemas.remove(k);
        sink.warning(
            &s.fields[0].source,
            format!(
                "the row `{}` stands for any key: the table is read as a map of its values",
                s.fields[0].name
            ),
        );
        for t in &mut op.schemas {
            for f in &mut t.fields {
                replace(&mut f.ty, &s.id, &map);
            }
        }
        if let Some(b) = &mut op.request_body {
            replace(&mut b.ty, &s.id, &map);
        }
        for r in &mut op.responses {
            if let Some(b) = &mut r.body {
                replace(b, &s.id, &map);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_key_placeholder;

    #[test]
    fn placeholders_for_keys() {
        assert!(is_key_placeholder("{自定义key}"));
        assert!(is_key_placeholder("<key>"));
        assert!(is_key_placeholder("${name}"));
        assert!(is_key_placeholder("自定义标签"));
        assert!(!is_key_placeholder("key"));
        assert!(!is_key_placeholder("{a}{b}"));
        assert!(!is_key_placeholder("{}"));
    }
}
