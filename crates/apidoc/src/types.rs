//! Type cells: `String`, `Array of X objects`, `Map<String,String>`, `Integer数组`, `字符串`...
//! Which table an object refers to is the resolver's business (links, captions, numbers); this
//! module reads only what the words say.

use crate::ir::Type;

/// A type cell, before objects are resolved to schemas.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeExpr {
    /// A scalar or free-form type.
    Prim(Type),
    /// An object: `X object`, a bare type name such as `RecordsResponse`, or plain `Object`
    /// (`name` is `None`).
    Object {
        name: Option<String>,
    },
    /// `JSON`: free-form, unless the row points at a table that describes it.
    Json,
    Array(Box<TypeExpr>),
    Map(Box<TypeExpr>),
}

fn scalar(word: &str) -> Option<Type> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" | "strings" | "str" | "date" | "datetime" | "timestamp" | "uuid" | "enum"
        | "char" | "text" | "time" | "字符串" | "字符串型" | "字符型" | "枚举" | "日期"
        | "时间" | "时间戳" | "string类型" => Type::String,
        "integer" | "integers" | "int" | "int32" | "short" | "整数" | "整型" | "整数型" => {
            Type::Integer
        }
        "long" | "longs" | "int64" | "长整型" | "长整数" => Type::Long,
        "float" | "floats" | "浮点" | "浮点型" | "浮点数" => Type::Float,
        "double" | "doubles" | "number" | "numbers" | "bigdecimal" | "decimal" | "数字"
        | "数值" => Type::Double,
        "boolean" | "booleans" | "bool" | "布尔" | "布尔型" | "布尔值" => Type::Boolean,
        "any" | "null" => Type::Any,
        w => return compound_scalar(w),
    })
}

/// A made-up word of type words (`Uuid-Str`, `int_64`, `date-time`): the type its parts
/// agree on.
fn compound_scalar(w: &str) -> Option<Type> {
    let parts: Vec<&str> = w
        .split(['-', '_', ' '])
        .filter(|p| !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut found: Option<Type> = None;
    for p in parts {
        let t = match p {
            "uuid" | "id" | "utf8" => Type::String,
            other => scalar_word(other)?,
        };
        match &found {
            Some(f) if *f != t && !(matches!(f, Type::Integer) && t == Type::Long) => {
                return None;
            }
            _ => found = Some(t),
        }
    }
    found
}

fn scalar_word(w: &str) -> Option<Type> {
    if w.contains('-') || w.contains('_') || w.contains(' ') {
        return None;
    }
    scalar(w)
}

/// Words that say "an object" without naming one.
fn object_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "object"
            | "objects"
            | "对象"
            | "json对象"
            | "jsonobject"
            | "dict"
            | "字典类型"
            | "字典数据结构"
            | "字段数据类型"
            | "结构体数据类型"
            | "字典"
            | "字典数据类型"
            | "结构体"
            | "struct"
    )
}

/// The 字典 ("dictionary") words, which pages use for one structure and for a list of them
/// alike.
pub(crate) fn is_dict_word(text: &str) -> bool {
    // The type word, without prose after it (`字典数据结构。请参考表5`).
    let text = text.split(['，', '。', '；']).next().unwrap_or(text);
    let t: String = text.split_whitespace().collect();
    matches!(
        t.to_ascii_lowercase().as_str(),
        "字典" | "字典数据类型" | "字典类型" | "字典数据结构" | "字段数据类型" | "dict"
    )
}

/// Words that say "a list" without saying of what.
fn array_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "列表对象"
            | "对象列表"
            | "对象数组"
            | "结构体数组"
            | "结构体列表"
            | "objectarray"
            | "array"
            | "list"
            | "set"
            | "数组"
            | "列表"
            | "jsonarray"
            | "json数组"
    )
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// Parses a type cell. Returns a description of what was found when the cell is not a type.
pub(crate) fn parse(text: &str) -> Result<TypeExpr, String> {
    let mut t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // `map <String,Object>`, `Array< String >`: spacing inside a generic says nothing.
    if t.contains(['<', '>']) {
        t = t.replace(" <", "<").replace("< ", "<").replace(" >", ">");
    }
    // `Links结构体数组，结构体说明请参见Links结构体`: the type, then prose about it.
    let t = match t.find(['，', '。', '；']) {
        Some(cut) if cut > 0 => t[..cut].trim().to_owned(),
        _ => t,
    };
    parse_expr(&t, 0)
}

/// Drops a length or format note: `String(64)`, `String（128）`, `Integer (int32)`.
fn strip_note(t: &str) -> &str {
    for open in ['(', '（'] {
        if let Some(i) = t.find(open) {
            if i > 0 && (t.ends_with(')') || t.ends_with('）')) {
                return t[..i].trim();
            }
        }
    }
    t
}

fn parse_expr(t: &str, depth: usize) -> Result<TypeExpr, String> {
    if depth > 16 {
        return Err(format!("type `{t}` nests too deeply"));
    }
    let t = t.trim().trim_end_matches(['。', '.']).trim();
    // `String or Integer`, `String/Integer`, `String | Integer`: the first alternative.
    for sep in [" or ", "/", "|", " 或 ", "或"] {
        if let Some((first, _)) = t.split_once(sep) {
            if !first.trim().is_empty() && !t.contains('<') {
                return parse_expr(first, depth + 1);
            }
        }
    }
    let t = strip_note(t);
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("array of ") {
        let inner = &t[t.len() - rest.len()..];
        if let Some(name) = strip_object_word(inner) {
            // `Array of firewall Policy objects`: the word `object` says what the name is.
            if is_phrase(name) || is_identifier(name) {
                return Ok(TypeExpr::Array(Box::new(TypeExpr::Object {
                    name: Some(name.to_owned()),
                })));
            }
        }
        return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
    }
    // `Array GraphItem`, `List Tag` (the `of` left out).
    for open in ["array ", "list "] {
        if let Some(rest) = lower.strip_prefix(open) {
            let inner = t[open.len()..].trim();
            if !rest.starts_with("of ") && is_identifier(inner) {
                return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
            }
        }
    }
    if let Some(rest) = lower.strip_prefix("list of ") {
        let inner = &t[t.len() - rest.len()..];
        return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
    }
    for open in ["array<", "list<", "set<", "array[", "list["] {
        if lower.starts_with(open) && (lower.ends_with('>') || lower.ends_with(']')) {
            let inner = &t[open.len()..t.len() - 1];
            return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
        }
    }
    if let Some(inner) = t.strip_suffix("[]").or_else(|| t.strip_prefix("[]")) {
        return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
    }
    if let Some(inner) = t.strip_suffix("Array").filter(|i| scalar(i).is_some()) {
        // `StringArray`.
        return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
    }
    // `String数组`, `Integer array`, `string list`, `对象数组`.
    for suffix in ["数组", " array", " list", "列表", " Array", " List"] {
        if let Some(inner) = t.strip_suffix(suffix) {
            if !inner.trim().is_empty() {
                return Ok(TypeExpr::Array(Box::new(parse_expr(inner, depth + 1)?)));
            }
        }
    }
    if (lower.starts_with("map<") || lower.starts_with("dict<")) && lower.ends_with('>') {
        let open = t.find('<').unwrap_or(3);
        let inner = &t[open + 1..t.len() - 1];
        let value = split_top_comma(inner).map(|(_, v)| v).unwrap_or("String");
        return Ok(TypeExpr::Map(Box::new(parse_expr(value, depth + 1)?)));
    }
    if lower == "map" || lower == "hashmap" {
        return Ok(TypeExpr::Map(Box::new(TypeExpr::Prim(Type::Any))));
    }
    if object_word(t) {
        return Ok(TypeExpr::Object { name: None });
    }
    if array_word(t) {
        return Ok(TypeExpr::Array(Box::new(TypeExpr::Object { name: None })));
    }
    if let Some(name) = strip_object_word(t)
        .or_else(|| t.strip_suffix("对象"))
        .or_else(|| t.strip_suffix("结构体"))
    {
        let name = name.trim();
        if is_identifier(name) || is_phrase(name) {
            return Ok(TypeExpr::Object {
                name: Some(name.to_owned()),
            });
        }
    }
    if lower == "json" {
        return Ok(TypeExpr::Json);
    }
    if let Some(ty) = scalar(t) {
        return Ok(TypeExpr::Prim(ty));
    }
    if is_identifier(t) && t.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        // A bare name: an object described by a table (`RecordsResponse`), or a word the
        // documentation made up; the resolver decides.
        return Ok(TypeExpr::Object {
            name: Some(t.to_owned()),
        });
    }
    if is_phrase(t) && t.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        // `Firewall Rule`: an object named in words, as its table's caption names it.
        return Ok(TypeExpr::Object {
            name: Some(t.to_owned()),
        });
    }
    if t.is_empty() {
        return Err("empty type cell".to_owned());
    }
    Err(format!("unknown type `{t}`"))
}

/// The map a description says a value is (`属性为Map<String, Object>结构`, `是一个
/// map<String, Array of Address>`): the first `Map<…>` written in the text, as a type,
/// when it reads as one.
pub(crate) fn map_in_text(text: &str) -> Option<TypeExpr> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("map<").or_else(|| lower.find("map <"))?;
    let mut depth = 0usize;
    for (i, c) in text[start..].char_indices() {
        match c {
            '<' => depth += 1,
            '>' if depth == 1 => {
                let expr = parse(&text[start..start + i + 1]).ok()?;
                return matches!(expr, TypeExpr::Map(_)).then_some(expr);
            }
            '>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// `X object`, `X objects`, `X Object`: the X.
fn strip_object_word(t: &str) -> Option<&str> {
    let lower = t.to_ascii_lowercase();
    for w in [" objects", " object"] {
        if lower.ends_with(w) {
            return Some(t[..t.len() - w.len()].trim_end());
        }
    }
    None
}

/// A short name in ASCII words: `Firewall Rule`, `allocation pool`.
fn is_phrase(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| is_identifier(w) && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
}

/// The scalar a misspelled type word means (`Interger`, `Booleab`, `doubule`, `Strnig`): one
/// edit (insertion, deletion, substitution or swap of neighbours) from a type word of five
/// letters or more. `None` when no word or more than one is that close.
pub(crate) fn misspelled(word: &str) -> Option<(Type, &'static str)> {
    const WORDS: [(&str, Type); 6] = [
        ("string", Type::String),
        ("integer", Type::Integer),
        ("boolean", Type::Boolean),
        ("double", Type::Double),
        ("float", Type::Float),
        ("number", Type::Double),
    ];
    let w = word.to_ascii_lowercase();
    if w.len() < 5 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let close: Vec<_> = WORDS.iter().filter(|(k, _)| one_edit(&w, k)).collect();
    match close.as_slice() {
        [(k, t)] => Some((t.clone(), *k)),
        _ => None,
    }
}

/// True when `a` and `b` differ by exactly one edit (Damerau: a swap of neighbours counts one).
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    match ra.len() as isize - rb.len() as isize {
        0 => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        1 => ra[1..] == *rb,
        -1 => *ra == rb[1..],
        _ => false,
    }
}

fn split_top_comma(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' | '，' if depth == 0 => return Some((&s[..i], &s[i + c.len_utf8()..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(name: Option<&str>) -> TypeExpr {
        TypeExpr::Object {
            name: name.map(Into::into),
        }
    }

    fn arr(t: TypeExpr) -> TypeExpr {
        TypeExpr::Array(Box::new(t))
    }

    #[test]
    fn documentation_tool_type_words() {
        assert_eq!(parse("String"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("Long"), Ok(TypeExpr::Prim(Type::Long)));
        assert_eq!(
            parse("Array of strings"),
            Ok(arr(TypeExpr::Prim(Type::String)))
        );
        assert_eq!(
            parse("Array of RecordsResponse objects"),
            Ok(arr(obj(Some("RecordsResponse"))))
        );
        assert_eq!(parse("Array<Object>"), Ok(arr(obj(None))));
        assert_eq!(
            parse("Map<String,String>"),
            Ok(TypeExpr::Map(Box::new(TypeExpr::Prim(Type::String))))
        );
        assert_eq!(
            parse("map <String,Object>"),
            Ok(TypeExpr::Map(Box::new(obj(None))))
        );
        assert_eq!(parse("Array< Object >"), Ok(arr(obj(None))));
        assert_eq!(parse("Object"), Ok(obj(None)));
        assert_eq!(parse("Linktext object"), Ok(obj(Some("Linktext"))));
        assert_eq!(parse("Strnig"), Ok(obj(Some("Strnig"))));
        assert_eq!(
            parse("whatever thing"),
            Err("unknown type `whatever thing`".into())
        );
    }

    #[test]
    fn maps_named_in_descriptions() {
        let map = |t: TypeExpr| TypeExpr::Map(Box::new(t));
        assert_eq!(
            map_in_text("网络属性。属性为Map<String, Object>结构。key为网络名称。"),
            Some(map(obj(None)))
        );
        assert_eq!(
            map_in_text("值为Map<String, Array of Port objects>。"),
            Some(map(arr(obj(Some("Port")))))
        );
        assert_eq!(
            map_in_text("map <String,Integer>"),
            Some(map(TypeExpr::Prim(Type::Integer)))
        );
        assert_eq!(map_in_text("一个普通对象。"), None);
        assert_eq!(map_in_text("Map<String, Object"), None);
    }

    #[test]
    fn misspellings() {
        assert_eq!(misspelled("Interger"), Some((Type::Integer, "integer")));
        assert_eq!(misspelled("Booleab"), Some((Type::Boolean, "boolean")));
        assert_eq!(misspelled("doubule"), Some((Type::Double, "double")));
        assert_eq!(misspelled("Strnig"), Some((Type::String, "string")));
        assert_eq!(misspelled("Server"), None);
        assert_eq!(misspelled("int"), None);
    }

    #[test]
    fn classic_type_words() {
        assert_eq!(parse("String(64)"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("字符串"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("Integer数组"), Ok(arr(TypeExpr::Prim(Type::Integer))));
        assert_eq!(parse("String array"), Ok(arr(TypeExpr::Prim(Type::String))));
        assert_eq!(parse("Array"), Ok(arr(obj(None))));
        assert_eq!(parse("List"), Ok(arr(obj(None))));
        assert_eq!(parse("字典数据类型"), Ok(obj(None)));
        assert_eq!(parse("list[string]"), Ok(arr(TypeExpr::Prim(Type::String))));
        assert_eq!(parse("String or Integer"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("Timestamp"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("布尔"), Ok(TypeExpr::Prim(Type::Boolean)));
        assert_eq!(parse("[]String"), Ok(arr(TypeExpr::Prim(Type::String))));
        assert_eq!(parse("StringArray"), Ok(arr(TypeExpr::Prim(Type::String))));
        assert_eq!(parse("字典类型"), Ok(obj(None)));
        assert_eq!(parse("Uuid-Str"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(parse("列表对象"), Ok(arr(obj(None))));
        assert_eq!(parse("JSON"), Ok(TypeExpr::Json));
        assert_eq!(parse("Array GraphItem"), Ok(arr(obj(Some("GraphItem")))));
        assert_eq!(parse("List String"), Ok(arr(TypeExpr::Prim(Type::String))));
        assert_eq!(
            parse("Links结构体数组，结构体说明请参见Links结构体"),
            Ok(arr(obj(Some("Links"))))
        );
        assert_eq!(parse("date-time"), Ok(TypeExpr::Prim(Type::String)));
        assert_eq!(
            parse("Map<String,Map<String,Array<String>>>"),
            Ok(TypeExpr::Map(Box::new(TypeExpr::Map(Box::new(arr(
                TypeExpr::Prim(Type::String)
            ))))))
        );
    }
}
