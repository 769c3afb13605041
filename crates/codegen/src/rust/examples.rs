//! Checks documented examples against the generated types before a test is generated for
//! them. The rules mirror `hwc_runtime::lenient` (fields) and plain serde (array elements),
//! so an example passes here exactly when the generated type will decode it.

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The first key that some object of the JSON text `raw` writes twice, if any.
pub fn duplicate_key(raw: &str) -> Option<String> {
    struct Walk(Option<String>);
    impl<'de> Visitor<'de> for &mut Walk {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(k) = map.next_key::<String>()? {
                if !seen.insert(k.clone()) && self.0.is_none() {
                    self.0 = Some(k);
                }
                map.next_value_seed(&mut *self)?;
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(&mut *self)?.is_some() {}
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    }
    impl<'de> serde::de::DeserializeSeed<'de> for &mut Walk {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    let mut walk = Walk(None);
    let mut de = serde_json::Deserializer::from_str(raw);
    let _ = serde::de::DeserializeSeed::deserialize(&mut walk, &mut de);
    walk.0
}

use crate::model::{OpModel, RustTy};

/// Where an example stops matching, e.g. `$.records[0].count: expected an integer, got "x"`.
pub fn check(v: &Value, ty: &RustTy, m: &OpModel) -> Result<(), String> {
    value(v, ty, m, false, &mut String::from("$"))
}

fn fail(path: &str, what: &str, v: &Value) -> Result<(), String> {
    let mut shown = v.to_string();
    if shown.len() > 60 {
        let cut = (0..=60)
            .rev()
            .find(|&i| shown.is_char_boundary(i))
            .unwrap_or(0);
        shown.truncate(cut);
        shown.push('…');
    }
    Err(format!("{path}: expected {what}, got {shown}"))
}

fn int_in(v: &Value, min: i64, max: i64, lenient: bool) -> bool {
    let in_range = |i: i64| (min..=max).contains(&i);
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => in_range(i),
            (None, Some(_), _) => false,
            (None, None, Some(f)) => {
                lenient && f.fract() == 0.0 && f >= min as f64 && f <= max as f64
            }
            _ => false,
        },
        Value::String(s) if lenient => {
            let t = s.trim();
            match t.parse::<i64>() {
                Ok(i) => in_range(i),
                Err(_) => t.parse::<f64>().is_ok_and(|f| {
                    f.is_finite() && f.fract() == 0.0 && f >= min as f64 && f <= max as f64
                }),
            }
        }
        _ => false,
    }
}

/// `lenient` is true for a struct field's own value (decoded through `hwc_runtime::lenient`),
/// false for array elements and map values (plain serde).
fn value(
    v: &Value,
    ty: &RustTy,
    m: &OpModel,
    lenient: bool,
    path: &mut String,
) -> Result<(), String> {
    match ty {
        RustTy::Value => Ok(()),
        RustTy::String => match v {
            Value::String(_) => Ok(()),
            Value::Null => fail(path, "a string", v),
            _ if lenient => Ok(()),
            _ => fail(path, "a string", v),
        },
        RustTy::I32 => {
            if int_in(v, i32::MIN.into(), i32::MAX.into(), lenient) {
                Ok(())
            } else {
                fail(path, "a 32-bit integer", v)
            }
        }
        RustTy::I64 => {
            if int_in(v, i64::MIN, i64::MAX, lenient) {
                Ok(())
            } else {
                fail(path, "a 64-bit integer", v)
            }
        }
        RustTy::F32 | RustTy::F64 => match v {
            Value::Number(_) => Ok(()),
            Value::String(s) if lenient && s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                Ok(())
            }
            _ => fail(path, "a number", v),
        },
        RustTy::Bool => match v {
            Value::Bool(_) => Ok(()),
            Value::String(s)
                if lenient
                    && (s.trim().eq_ignore_ascii_case("true")
                        || s.trim().eq_ignore_ascii_case("false")) =>
            {
                Ok(())
            }
            _ => fail(path, "a boolean", v),
        },
        RustTy::Vec(inner) => match v {
            Value::Array(items) => {
                // A string array field takes its elements as string fields do.
                let lenient_items = lenient && **inner == RustTy::String;
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    value(item, inner, m, lenient_items, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Null => fail(path, "an array", v),
            single if lenient => value(single, inner, m, **inner == RustTy::String, path),
            _ => fail(path, "an array", v),
        },
        RustTy::Map(inner) => match v {
            Value::Object(map) => {
                for (k, item) in map {
                    let len = path.len();
                    path.push('.');
                    path.push_str(k);
                    value(item, inner, m, false, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => fail(path, "an object", v),
        },
        RustTy::Named(name) => {
            if m.enums.iter().any(|e| e.rust == *name) {
                return match v {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(()),
                    _ => fail(path, "a string", v),
                };
            }
            let Some(s) = m.structs.iter().find(|s| s.rust == *name) else {
                return Ok(());
            };
            let Value::Object(map) = v else {
                return fail(path, &format!("an object ({name})"), v);
            };
            for f in &s.fields {
                let len = path.len();
                path.push('.');
                path.push_str(&f.field.name);
                let lenient_field = !f.boxed;
                match map.get(&f.field.name) {
                    None if f.required => return Err(format!("{path}: required field is missing")),
                    None => {}
                    Some(Value::Null) if !f.required => {}
                    Some(x) => value(x, &f.ty, m, lenient_field, path)?,
                }
                path.truncate(len);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn duplicate_keys_are_found_at_any_depth() {
        use super::duplicate_key;
        assert_eq!(
            duplicate_key(r#"{"a":1,"b":{"c":[{"d":1,"d":2}]}}"#),
            Some("d".into())
        );
        assert_eq!(duplicate_key(r#"{"a":1,"a":2}"#), Some("a".into()));
        assert_eq!(duplicate_key(r#"{"a":{"x":1},"b":{"x":1}}"#), None);
        assert_eq!(duplicate_key("not json"), None);
    }
}
