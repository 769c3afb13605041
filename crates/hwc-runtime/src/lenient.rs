//! Lenient field decoders for generated types.
//!
//! Reference pages and live services disagree in small, recurring ways: a field documented as
//! `String` arrives as a number or an object, an `Integer` arrives as `"10"`, an array of one
//! arrives as the bare element. Failing the whole response for that would lose everything
//! else the service said, so generated fields decode through these functions, which accept
//! the documented form plus the lossless variations below, and still reject anything that
//! cannot be represented (the error then names the field path and keeps the raw body).
//!
//! - string fields: strings; numbers and booleans as their JSON text; objects and arrays as
//!   their compact JSON text;
//! - integer and number fields: numbers in range, and strings that parse as one;
//! - boolean fields: booleans, and the strings `true`/`false` in any case;
//! - array fields: arrays, and a single element; arrays of strings also take their elements
//!   as string fields do;
//! - every `opt_*` variant: `null` is `None`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};

struct StringV;

impl<'de> Visitor<'de> for StringV {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let v = serde_json::Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(v.to_string())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let v = serde_json::Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(v.to_string())
    }
}

/// A string field.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(StringV)
}

/// An optional string field.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptV(StringV))
}

/// Turns a visitor for `T` into one for `Option<T>` (`null` is `None`).
struct OptV<V>(V);

impl<'de, V: Visitor<'de> + Clone> Visitor<'de> for OptV<V> {
    type Value = Option<V::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0).map(Some)
    }
}

impl Clone for StringV {
    fn clone(&self) -> Self {
        StringV
    }
}

macro_rules! number {
    ($v:ident, $t:ty, $name:ident, $opt:ident, $what:literal) => {
        #[derive(Clone)]
        struct $v;

        impl<'de> Visitor<'de> for $v {
            type Value = $t;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                from_i64(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                from_u64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                from_f64(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                let t = v.trim();
                if let Ok(i) = t.parse::<i64>() {
                    return from_i64(i);
                }
                match t.parse::<f64>() {
                    Ok(f) if f.is_finite() => from_f64(f),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }

        #[doc = concat!("A field holding ", $what, ".")]
        pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
            d.deserialize_any($v)
        }

        #[doc = concat!("An optional field holding ", $what, ".")]
        pub fn $opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$t>, D::Error> {
            d.deserialize_option(OptV($v))
        }
    };
}

trait FromNumber: Sized {
    fn from_i64(v: i64) -> Option<Self>;
    fn from_u64(v: u64) -> Option<Self>;
    fn from_f64(v: f64) -> Option<Self>;
}

macro_rules! int_from {
    ($($t:ty),*) => {$(
        impl FromNumber for $t {
            fn from_i64(v: i64) -> Option<Self> { <$t>::try_from(v).ok() }
            fn from_u64(v: u64) -> Option<Self> { <$t>::try_from(v).ok() }
            fn from_f64(v: f64) -> Option<Self> {
                // Only integral values are integers: `1.5` is not silently truncated.
                (v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64).then_some(v as $t)
            }
        }
    )*};
}
int_from!(i32, i64);

impl FromNumber for f64 {
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
}

impl FromNumber for f32 {
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f32)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f32)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v as f32)
    }
}

fn out_of_range<T, E: de::Error>(what: &dyn fmt::Display) -> Result<T, E> {
    Err(E::custom(format_args!(
        "number {what} is out of range for this field"
    )))
}

fn from_i64<T: FromNumber, E: de::Error>(v: i64) -> Result<T, E> {
    T::from_i64(v).map_or_else(|| out_of_range(&v), Ok)
}

fn from_u64<T: FromNumber, E: de::Error>(v: u64) -> Result<T, E> {
    T::from_u64(v).map_or_else(|| out_of_range(&v), Ok)
}

fn from_f64<T: FromNumber, E: de::Error>(v: f64) -> Result<T, E> {
    T::from_f64(v).map_or_else(|| out_of_range(&v), Ok)
}

number!(I32V, i32, i32, opt_i32, "a 32-bit integer");
number!(I64V, i64, i64, opt_i64, "a 64-bit integer");
number!(F32V, f32, f32, opt_f32, "a number");
number!(F64V, f64, f64, opt_f64, "a number");

#[derive(Clone)]
struct BoolV;

impl Visitor<'_> for BoolV {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim() {
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

/// A boolean field.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolV)
}

/// An optional boolean field.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(OptV(BoolV))
}

struct VecV<T>(PhantomData<T>);

impl<T> Clone for VecV<T> {
    fn clone(&self) -> Self {
        VecV(PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for VecV<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Capped so a hostile size hint cannot reserve unbounded memory up front.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|v| vec![v])
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|v| vec![v])
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|v| vec![v])
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|v| vec![v])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|v| vec![v])
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
        T::deserialize(v.into_deserializer()).map(|v| vec![v])
    }
}

/// An array field (a single element counts as an array of one).
pub fn vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(VecV(PhantomData))
}

/// An optional array field.
pub fn opt_vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    d.deserialize_option(OptV(VecV(PhantomData)))
}

/// Elements decoded as lenient strings.
#[derive(Clone)]
struct StringSeqV;

impl<'de> Visitor<'de> for StringSeqV {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(StringSeed)? {
            out.push(v);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
        StringV.visit_map(map).map(|s| vec![s])
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_owned()])
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
        StringV.visit_i64(v).map(|s| vec![s])
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
        StringV.visit_u64(v).map(|s| vec![s])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
        StringV.visit_f64(v).map(|s| vec![s])
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
        StringV.visit_bool(v).map(|s| vec![s])
    }
}

struct StringSeed;

impl<'de> de::DeserializeSeed<'de> for StringSeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(StringV)
    }
}

/// An array-of-strings field.
pub fn vec_string<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(StringSeqV)
}

/// An optional array-of-strings field.
pub fn opt_vec_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    d.deserialize_option(OptV(StringSeqV))
}

/// How one field of a generated type decodes: the lenient decoder its type takes, named by a
/// marker type so that [`crate::record!`] reaches it through one generic seed
/// ([`crate::de::field`]) shared by every field of every type, instead of a wrapper type per
/// field as `#[serde(deserialize_with)]` generates.
pub trait Decode<'de, T> {
    /// Decodes the field's value.
    fn decode<D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
}

/// A field whose type decodes as its own `Deserialize` says (generated types, enums, maps,
/// `serde_json::Value`, boxes).
pub struct Plain;

impl<'de, T: Deserialize<'de>> Decode<'de, T> for Plain {
    fn decode<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

macro_rules! markers {
    ($($(#[$doc:meta])* $m:ident => $f:ident: $t:ty;)*) => {$(
        $(#[$doc])*
        pub struct $m;

        impl<'de> Decode<'de, $t> for $m {
            fn decode<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                $f(d)
            }
        }
    )*};
}

markers! {
    /// [`string`].
    Text => string: String;
    /// [`opt_string`].
    OptText => opt_string: Option<String>;
    /// [`i32()`].
    I32 => i32: i32;
    /// [`opt_i32`].
    OptI32 => opt_i32: Option<i32>;
    /// [`i64()`].
    I64 => i64: i64;
    /// [`opt_i64`].
    OptI64 => opt_i64: Option<i64>;
    /// [`f32()`].
    F32 => f32: f32;
    /// [`opt_f32`].
    OptF32 => opt_f32: Option<f32>;
    /// [`f64()`].
    F64 => f64: f64;
    /// [`opt_f64`].
    OptF64 => opt_f64: Option<f64>;
    /// [`bool()`].
    Bool => bool: bool;
    /// [`opt_bool`].
    OptBool => opt_bool: Option<bool>;
    /// [`vec_string`].
    TextList => vec_string: Vec<String>;
    /// [`opt_vec_string`].
    OptTextList => opt_vec_string: Option<Vec<String>>;
}

/// [`vec()`].
pub struct List;

impl<'de, T: Deserialize<'de>> Decode<'de, Vec<T>> for List {
    fn decode<D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        vec(d)
    }
}

/// [`opt_vec`].
pub struct OptList;

impl<'de, T: Deserialize<'de>> Decode<'de, Option<Vec<T>>> for OptList {
    fn decode<D: Deserializer<'de>>(d: D) -> Result<Option<Vec<T>>, D::Error> {
        opt_vec(d)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Rec {
        id: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct T {
        #[serde(default, deserialize_with = "super::opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "super::opt_i32")]
        i: Option<i32>,
        #[serde(default, deserialize_with = "super::opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "super::opt_vec")]
        v: Option<Vec<Rec>>,
        #[serde(default, deserialize_with = "super::opt_f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "super::opt_vec_string")]
        vs: Option<Vec<String>>,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn documented_forms() {
        let v = t(r#"{"s":"x","i":3,"b":true,"v":[{"id":"a"}],"f":1.5}"#).unwrap();
        assert_eq!(v.s.as_deref(), Some("x"));
        assert_eq!(v.i, Some(3));
        assert_eq!(v.b, Some(true));
        assert_eq!(v.v, Some(vec![Rec { id: "a".into() }]));
        assert_eq!(v.f, Some(1.5));
        assert_eq!(t("{}").unwrap().s, None);
        assert_eq!(t(r#"{"s":null,"i":null,"v":null}"#).unwrap().v, None);
    }

    #[test]
    fn lossless_variations() {
        let v = t(r#"{"s":3.0,"i":"42","b":"TRUE","v":{"id":"one"},"f":"2"}"#).unwrap();
        assert_eq!(v.s.as_deref(), Some("3.0"));
        assert_eq!(v.i, Some(42));
        assert_eq!(v.b, Some(true));
        assert_eq!(v.v, Some(vec![Rec { id: "one".into() }]));
        assert_eq!(v.f, Some(2.0));
        assert_eq!(
            t(r#"{"s":{"a":[1]}}"#).unwrap().s.as_deref(),
            Some(r#"{"a":[1]}"#)
        );
        assert_eq!(t(r#"{"i":7.0}"#).unwrap().i, Some(7));
        let v = t(r#"{"vs":["a",1,{"k":true}]}"#).unwrap();
        assert_eq!(v.vs.unwrap(), ["a", "1", r#"{"k":true}"#]);
        assert_eq!(t(r#"{"vs":"one"}"#).unwrap().vs.unwrap(), ["one"]);
    }

    #[test]
    fn unrepresentable_values_fail() {
        assert!(t(r#"{"i":"1,"}"#).is_err());
        assert!(t(r#"{"i":1.5}"#).is_err());
        assert!(t(r#"{"i":99999999999}"#).is_err());
        assert!(t(r#"{"b":"yes"}"#).is_err());
        assert!(t(r#"{"i":{}}"#).is_err());
    }
}
