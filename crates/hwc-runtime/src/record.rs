//! `Deserialize` for every generated object, written once. Generated code declares the struct
//! (with `Serialize` derived) and invokes `record!` with each field's wire
//! name and decoder, instead of deriving `Deserialize`: serde's derive emits, per field, a
//! wrapper type for `deserialize_with`, once for maps and once more for sequences, plus a
//! field-name enum with three visitors; across an all-operations crate that was most of the
//! code the compiler had to check and instantiate (BENCHMARKS.md, "Build cost").
//!
//! What the impl does is what the derive did for the JSON a service sends: keys are wire
//! names, unknown keys are skipped, a key given twice is a `duplicate field` error, a missing
//! required field a `missing field` error, a missing optional one `None`; errors name the
//! struct as serde does (`expected struct Name`). A JSON array is not read as the struct's
//! fields in order (the derive accepted that; no service sends it).

/// Implements `Deserialize` for a generated struct, reading a map. Each field is
/// `name index "wire" presence Decoder`: `index` its position (0, 1, …), `presence` `opt`
/// (missing is `None`) or `req` (missing is an error), `Decoder` a
/// [`lenient`](crate::lenient) marker such as `OptText` or `Plain`.
#[doc(hidden)]
#[macro_export]
macro_rules! record {
    ($name:ident { $($field:ident $index:literal $wire:literal $presence:ident $decoder:ident,)* }) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                const FIELDS: &[&str] = &[$($wire),*];
                struct RecordVisitor;
                impl<'de> $crate::serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<A: $crate::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(key) =
                            map.next_key_seed($crate::de::FieldIndex(FIELDS))?
                        {
                            match key {
                                $(::std::option::Option::Some($index) => $crate::de::field::<
                                    $crate::lenient::$decoder, _, _
                                >(&mut map, &mut $field, $wire)?,)*
                                _ => $crate::de::skip(&mut map)?,
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: $crate::de::$presence($field, $wire)?,)*
                        })
                    }
                }
                d.deserialize_struct(::std::stringify!($name), FIELDS, RecordVisitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    struct Inner {
        name: Option<String>,
    }
    crate::record!(Inner { name 0 "name" opt OptText, });

    #[derive(Debug, PartialEq)]
    struct Outer {
        r#type: String,
        count: Option<i32>,
        tags: Option<Vec<String>>,
        inner: Option<Inner>,
        items: Vec<Inner>,
    }
    crate::record!(Outer {
        r#type 0 "type" req Text,
        count 1 "count" opt OptI32,
        tags 2 "tags" opt OptTextList,
        inner 3 "inner" opt Plain,
        items 4 "items" req List,
    });

    fn outer(json: &str) -> Result<Outer, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_wire_names_leniently_and_skips_unknown_keys() {
        let o = outer(r#"{"type":7,"count":"3","tags":"a","extra":{"x":[1]},"inner":{"name":null},"items":{"name":"n"}}"#)
            .unwrap();
        assert_eq!(
            o,
            Outer {
                r#type: "7".into(),
                count: Some(3),
                tags: Some(vec!["a".into()]),
                inner: Some(Inner { name: None }),
                items: vec![Inner {
                    name: Some("n".into())
                }],
            }
        );
    }

    #[test]
    fn missing_optional_fields_are_none_and_null_is_none() {
        let o = outer(r#"{"type":"t","count":null,"items":[]}"#).unwrap();
        assert_eq!((o.count, o.tags, o.inner), (None, None, None));
    }

    #[test]
    fn errors_say_what_serde_derive_said() {
        let missing = outer(r#"{"count":1,"items":[]}"#).unwrap_err();
        assert!(missing.starts_with("missing field `type`"), "{missing}");
        let twice = outer(r#"{"type":"a","type":"b","items":[]}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `type`"), "{twice}");
        let wrong = outer(r#""text""#).unwrap_err();
        assert!(
            wrong.starts_with("invalid type: string \"text\", expected struct Outer"),
            "{wrong}"
        );
        let bad = outer(r#"{"type":"a","count":"many","items":[]}"#).unwrap_err();
        assert!(bad.contains("many"), "{bad}");
    }

    #[test]
    fn reads_from_a_json_value_as_the_command_line_does() {
        let v = serde_json::json!({"type": "t", "items": [{"name": "x"}]});
        let o: Outer = serde_json::from_value(v).unwrap();
        assert_eq!(o.items[0].name.as_deref(), Some("x"));
    }
}
