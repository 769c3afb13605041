//! The behaviour every generated open enum shares, written once: generated code declares the
//! enum (with the page's documentation per value) and invokes [`open_enum!`](crate::open_enum)
//! for the impls, instead of repeating nine impls per enum in every module.

/// Implements, for an enum with one unit variant per documented value and an
/// `Unknown(String)` fallback: `VALUES`, `as_str`, [`OpenEnum`](crate::de::OpenEnum),
/// `From<&str>`, `From<String>`, `Display`, [`QueryValue`](crate::QueryValue), and serde's
/// `Serialize`/`Deserialize` as the wire string (unknown values kept, never an error).
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    ($name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every documented value.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl $crate::de::OpenEnum for $name {
            fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                <Self as $crate::de::OpenEnum>::from_wire(s)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                <Self as $crate::de::OpenEnum>::from_wire(&s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::QueryValue for $name {
            fn render(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::open_enum(d)
            }
        }
    };
}
