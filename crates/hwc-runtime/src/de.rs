//! Deserialisation helpers used by generated code.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::error::{DecodeError, Error, ErrorKind, RawResponse, ServiceError};

/// An enum that accepts any string: known values map to variants, others to `Unknown`.
pub trait OpenEnum: Sized {
    /// The variant for `s` (`Unknown(s)` for a value this client does not know).
    fn from_wire(s: &str) -> Self;
}

/// Deserialises an [`OpenEnum`] from a string without allocating for known values. A number
/// or boolean (pages document `"true"`/`"false"` values that services send as booleans) is
/// taken by its JSON text.
pub fn open_enum<'de, D: Deserializer<'de>, T: OpenEnum>(d: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<T: OpenEnum> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_wire(v))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok(T::from_wire(if v { "true" } else { "false" }))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(T::from_wire(&v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok(T::from_wire(&v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            let n =
                serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string());
            Ok(T::from_wire(&n))
        }
    }
    d.deserialize_any(V(PhantomData))
}

/// The key seed of `record!`: a map key's position among a struct's wire
/// names, `None` for a key the struct does not have. One instantiation per deserializer
/// serves every generated struct.
pub struct FieldIndex(pub &'static [&'static str]);

impl<'de> de::DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(v).ok().filter(|i| *i < self.0.len()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|f| *f == v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|f| f.as_bytes() == v))
    }
}

/// The value seed of one field: decodes through the field's [`lenient::Decode`] marker.
struct FieldSeed<M, T>(PhantomData<fn() -> (M, T)>);

impl<'de, M: crate::lenient::Decode<'de, T>, T> de::DeserializeSeed<'de> for FieldSeed<M, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        M::decode(d)
    }
}

/// Reads the value of the field `wire` into `slot` with the decoder `M`; a second value for
/// the same field is serde's `duplicate field` error.
pub fn field<'de, M, T, A>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error>
where
    M: crate::lenient::Decode<'de, T>,
    A: de::MapAccess<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value_seed(FieldSeed::<M, T>(PhantomData))?);
    Ok(())
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// An optional field: `None` when the map did not have it.
pub fn opt<T, E>(slot: Option<Option<T>>, _wire: &'static str) -> Result<Option<T>, E> {
    Ok(slot.flatten())
}

/// A required field: serde's `missing field` error when the map did not have it.
pub fn req<T, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// Decodes a success body as `T`; on failure the error names the field path and keeps the
/// whole response. The path is tracked only on a second pass after a failure: tracking it on
/// every decode costs 1.4-2x the decode itself (BENCHMARKS.md).
pub fn decode_success<T: serde::de::DeserializeOwned, E>(raw: RawResponse) -> Result<T, Error<E>> {
    decode_response(raw).map(crate::Response::into_body)
}

/// [`decode_success`], keeping the status and headers beside the body.
pub fn decode_response<T: serde::de::DeserializeOwned, E>(
    raw: RawResponse,
) -> Result<crate::Response<T>, Error<E>> {
    if let Ok(v) = serde_json::from_slice::<T>(&raw.body) {
        return Ok(crate::Response::from_raw(raw, v));
    }
    let mut de = serde_json::Deserializer::from_slice(&raw.body);
    let result = serde_path_to_error::deserialize::<_, T>(&mut de)
        .map_err(|e| (e.path().to_string(), e.into_inner()))
        .and_then(|v| de.end().map(|()| v).map_err(|e| (".".to_owned(), e)));
    let (path, error) = match result {
        Err(failure) => failure,
        // Cannot happen (the same input just failed); report it rather than trust either.
        Ok(_) => (
            ".".to_owned(),
            <serde_json::Error as serde::de::Error>::custom(
                "the body decoded only on the second pass",
            ),
        ),
    };
    Err(Error::Decode(Box::new(DecodeError {
        status: raw.status,
        headers: raw.headers,
        body: raw.body,
        path,
        error,
    })))
}

/// A success whose documented body is empty (`()`).
pub fn no_body<E>(raw: RawResponse) -> Result<crate::Response<()>, Error<E>> {
    Ok(crate::Response::from_raw(raw, ()))
}

/// A success with a body, except for the `empty` statuses (e.g. 204), which have none.
pub fn decode_optional<T: serde::de::DeserializeOwned, E>(
    raw: RawResponse,
    empty: &[u16],
) -> Result<crate::Response<Option<T>>, Error<E>> {
    if empty.contains(&raw.status) {
        return Ok(crate::Response::from_raw(raw, None));
    }
    decode_response(raw).map(|r| r.map(Some))
}

/// Decodes an error body as `T`, or `None` when it is not one.
pub fn decode_error_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}

/// Builds the service error for `raw`, with the typed kind `decode` finds in its body
/// (or the operation's unhandled kind).
pub fn service_error<E: ErrorKind>(
    raw: RawResponse,
    decode: impl FnOnce(&[u8]) -> Option<E>,
) -> Error<E> {
    let kind = decode(&raw.body).unwrap_or_else(E::unhandled);
    Error::Service(Box::new(ServiceError::new(kind, raw)))
}

/// The service error of a documented status whose body is a `T`: `kind(body)` when the body
/// decodes as one, else the operation's unhandled kind. Generated `decode` functions use one
/// call per documented status.
pub fn typed_error<T: serde::de::DeserializeOwned, E: ErrorKind>(
    raw: RawResponse,
    kind: fn(T) -> E,
) -> Error<E> {
    service_error(raw, |b| decode_error_body(b).map(kind))
}

/// The service error of a documented status without a body type.
pub fn status_error<E: ErrorKind>(raw: RawResponse, kind: E) -> Error<E> {
    service_error(raw, |_| Some(kind))
}

/// The service error of a status the page does not document.
pub fn unhandled_error<E: ErrorKind>(raw: RawResponse) -> Error<E> {
    service_error(raw, |_| None)
}

/// Checks that every value in `decoded` (a documented example after a decode/encode round
/// trip) equals the value at the same place in `original`: a field the generated type lost or
/// mistyped shows up as a difference. Fields the type does not know may be missing, `null`
/// stands for an absent optional field, and the coercions of [`crate::lenient`] (a number
/// kept as its text, an element kept as an array of one) count as equal. Used by generated
/// example tests.
pub fn json_subset(
    decoded: &serde_json::Value,
    original: &serde_json::Value,
) -> Result<(), String> {
    walk(decoded, original, &mut String::from("$"))
}

fn walk(d: &serde_json::Value, o: &serde_json::Value, path: &mut String) -> Result<(), String> {
    use serde_json::Value as V;
    let same_number = |a: &serde_json::Number, b: &str| b.trim().parse::<f64>().ok() == a.as_f64();
    match (d, o) {
        (V::Object(dm), V::Object(om)) => {
            for (k, dv) in dm {
                let len = path.len();
                path.push('.');
                path.push_str(k);
                match om.get(k) {
                    Some(ov) => walk(dv, ov, path)?,
                    None if dv.is_null() => {}
                    None => return Err(format!("{path}: not in the original")),
                }
                path.truncate(len);
            }
            Ok(())
        }
        (V::Array(da), V::Array(oa)) if da.len() == oa.len() => {
            for (i, (dv, ov)) in da.iter().zip(oa).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(dv, ov, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (V::Array(da), other) if da.len() == 1 && !other.is_array() => walk(&da[0], other, path),
        (V::Number(a), V::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (V::Number(a), V::String(b)) if same_number(a, b) => Ok(()),
        (V::Bool(a), V::String(b))
            if b.trim()
                .eq_ignore_ascii_case(if *a { "true" } else { "false" }) =>
        {
            Ok(())
        }
        (V::String(a), V::Number(_) | V::Bool(_) | V::Object(_) | V::Array(_))
            if a.as_str() == o.to_string().as_str() =>
        {
            Ok(())
        }
        (V::Null, _) => Ok(()),
        _ if d == o => Ok(()),
        _ => Err(format!("{path}: decoded {d} but the original has {o}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_allows_unknown_and_null_but_not_changes() {
        let o = json!({"a": 1, "b": [{"c": "x", "extra": true}], "n": 2.0});
        assert_eq!(
            json_subset(&json!({"a": 1, "b": [{"c": "x"}], "z": null, "n": 2}), &o),
            Ok(())
        );
        assert!(json_subset(&json!({"a": 2}), &o).is_err());
        assert!(json_subset(&json!({"q": 1}), &o).is_err());
        assert!(json_subset(&json!({"b": []}), &o).is_err());
        // The lenient decoders' coercions round-trip as equal.
        let o = json!({"s": 3.0, "i": "42", "v": {"id": 1}, "t": "TRUE", "m": {}});
        assert_eq!(
            json_subset(
                &json!({"s": "3.0", "i": 42, "v": [{"id": 1}], "t": true, "m": "{}"}),
                &o
            ),
            Ok(())
        );
        assert!(json_subset(&json!({"i": 43}), &o).is_err());
    }

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }
    impl OpenEnum for Color {
        fn from_wire(s: &str) -> Self {
            match s {
                "red" => Color::Red,
                other => Color::Unknown(other.to_owned()),
            }
        }
    }

    #[test]
    fn open_enum_keeps_unknown_values() {
        let mut de = serde_json::Deserializer::from_str(r#""red""#);
        assert_eq!(open_enum::<_, Color>(&mut de).ok(), Some(Color::Red));
        let mut de = serde_json::Deserializer::from_str(r#""bl\u0075e""#);
        assert_eq!(
            open_enum::<_, Color>(&mut de).ok(),
            Some(Color::Unknown("blue".into()))
        );
        let mut de = serde_json::Deserializer::from_str("3");
        assert_eq!(
            open_enum::<_, Color>(&mut de).ok(),
            Some(Color::Unknown("3".into()))
        );
        let mut de = serde_json::Deserializer::from_str("{}");
        assert!(open_enum::<_, Color>(&mut de).is_err());
    }
}
