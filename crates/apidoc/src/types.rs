//! Type cells: `String`, `Array of <a href="#response_X">X</a> objects`, `Map<String,String>`...

use crate::ir::Type;

/// A type cell before references are resolved to schemas.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeExpr {
    /// A scalar or free-form type.
    Prim(Type),
    /// An object: `X object`, a linked name, or plain `Object` (`name` is `None`).
    Object {
        name: Option<String>,
        anchor: Option<String>,
    },
    Array(Box<TypeExpr>),
    Map(Box<TypeExpr>),
}

fn scalar(word: &str) -> Option<Type> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" | "strings" | "str" | "date" | "datetime" | "timestamp" | "uuid" => Type::String,
        "integer" | "integers" | "int" | "int32" | "short" => Type::Integer,
        "long" | "longs" | "int64" => Type::Long,
        "float" | "floats" => Type::Float,
        "double" | "doubles" | "number" | "numbers" | "bigdecimal" | "decimal" => Type::Double,
        "boolean" | "booleans" | "bool" => Type::Boolean,
        "any" | "json" => Type::Any,
        _ => return None,
    })
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// Parses a type cell. `links` are the cell's `href`s; the first fragment link names the
/// object's table (its text need not be the type name). Returns a description of what was
/// found when the cell is not a type the documentation tool writes.
pub(crate) fn parse(text: &str, links: &[String]) -> Result<TypeExpr, String> {
    let anchor = links
        .iter()
        .find_map(|h| h.split_once('#').map(|(_, frag)| frag.to_owned()))
        .filter(|a| !a.is_empty());
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    parse_expr(&t, anchor.as_deref(), 0)
}

fn parse_expr(t: &str, anchor: Option<&str>, depth: usize) -> Result<TypeExpr, String> {
    if depth > 16 {
        return Err(format!("type `{t}` nests too deeply"));
    }
    let t = t.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("array of ") {
        let inner = &t[t.len() - rest.len()..];
        let inner = inner
            .strip_suffix(" objects")
            .or_else(|| inner.strip_suffix(" object"))
            .unwrap_or(inner);
        return Ok(TypeExpr::Array(Box::new(parse_expr(
            inner,
            anchor,
            depth + 1,
        )?)));
    }
    for open in ["array<", "list<", "set<"] {
        if lower.starts_with(open) && lower.ends_with('>') {
            let inner = &t[open.len()..t.len() - 1];
            return Ok(TypeExpr::Array(Box::new(parse_expr(
                inner,
                anchor,
                depth + 1,
            )?)));
        }
    }
    if let Some(inner) = t.strip_suffix("[]") {
        return Ok(TypeExpr::Array(Box::new(parse_expr(
            inner,
            anchor,
            depth + 1,
        )?)));
    }
    if lower.starts_with("map<") && lower.ends_with('>') {
        let inner = &t[4..t.len() - 1];
        let value = split_top_comma(inner).map(|(_, v)| v).unwrap_or("String");
        return Ok(TypeExpr::Map(Box::new(parse_expr(
            value,
            anchor,
            depth + 1,
        )?)));
    }
    if lower == "map" {
        return Ok(TypeExpr::Map(Box::new(TypeExpr::Prim(Type::Any))));
    }
    if lower == "object" || lower == "objects" {
        return Ok(TypeExpr::Object {
            name: None,
            anchor: anchor.map(str::to_owned),
        });
    }
    if let Some(name) = t
        .strip_suffix(" objects")
        .or_else(|| t.strip_suffix(" object"))
    {
        let name = name.trim();
        if is_identifier(name) {
            return Ok(TypeExpr::Object {
                name: Some(name.to_owned()),
                anchor: anchor.map(str::to_owned),
            });
        }
    }
    if let Some(ty) = scalar(t) {
        return Ok(TypeExpr::Prim(ty));
    }
    if is_identifier(t) && (anchor.is_some() || t.chars().next().is_some_and(char::is_uppercase)) {
        return Ok(TypeExpr::Object {
            name: Some(t.to_owned()),
            anchor: anchor.map(str::to_owned),
        });
    }
    if t.is_empty() {
        return Err("empty type cell".to_owned());
    }
    Err(format!("unknown type `{t}`"))
}

fn split_top_comma(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => return Some((&s[..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(name: Option<&str>, anchor: Option<&str>) -> TypeExpr {
        TypeExpr::Object {
            name: name.map(Into::into),
            anchor: anchor.map(Into::into),
        }
    }

    #[test]
    fn documentation_tool_type_words() {
        assert_eq!(parse("String", &[]), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("Long", &[]), Ok(TypeExpr::Prim(Type::Long)));
        assert_eq!(
            parse("Array of strings", &[]),
            Ok(TypeExpr::Array(Box::new(TypeExpr::Prim(Type::String))))
        );
        assert_eq!(
            parse(
                "Array of RecordsResponse objects",
                &["#response_RecordsResponse".into()]
            ),
            Ok(TypeExpr::Array(Box::new(obj(
                Some("RecordsResponse"),
                Some("response_RecordsResponse")
            ))))
        );
        assert_eq!(
            parse("Array<Object>", &[]),
            Ok(TypeExpr::Array(Box::new(obj(None, None))))
        );
        assert_eq!(
            parse("Map<String,String>", &[]),
            Ok(TypeExpr::Map(Box::new(TypeExpr::Prim(Type::String))))
        );
        assert_eq!(parse("Object", &[]), Ok(obj(None, None)));
        assert_eq!(
            parse("Linktext object", &["#request_Real".into()]),
            Ok(obj(Some("Linktext"), Some("request_Real")))
        );
        assert!(
            parse("Strnig", &[]).is_ok(),
            "capitalised word: resolved by caption later"
        );
        assert_eq!(
            parse("whatever thing", &[]),
            Err("unknown type `whatever thing`".into())
        );
    }
}
