//! Why a request could not be signed.

use std::fmt;

/// A request that cannot be signed. Messages never contain header values, keys or tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The access key or the secret key is empty.
    MissingCredentials,
    /// Derived (V11) signing needs both a service name and a region.
    MissingDerivedAuthParam {
        /// `"service"` or `"region"`.
        param: &'static str,
    },
    /// A header value contains CR, LF or NUL: sent as is it would split or end the header.
    InvalidHeaderValue {
        /// The header's name.
        name: String,
    },
    /// A header name is empty or contains a separator, whitespace or a control character.
    InvalidHeaderName {
        /// The name, with control characters escaped.
        name: String,
    },
    /// A caller-supplied `X-Sdk-Date` is not `YYYYMMDDTHHMMSSZ`.
    InvalidSdkDate {
        /// The value, with control characters escaped.
        value: String,
    },
    /// An algorithm name that is none of the SDK's.
    UnknownAlgorithm {
        /// The name given.
        name: String,
    },
    /// No usable ECDSA/SM2 private key could be derived from the secret key, or a key or
    /// signature primitive failed.
    KeyMaterial,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredentials => f.write_str("access key and secret key must not be empty"),
            Self::MissingDerivedAuthParam { param } => {
                write!(
                    f,
                    "derived (V11-HMAC-SHA256) signing needs a non-empty {param}"
                )
            }
            Self::InvalidHeaderValue { name } => write!(
                f,
                "value of header {name:?} contains CR, LF or NUL and cannot be sent"
            ),
            Self::InvalidHeaderName { name } => write!(f, "invalid header name {name:?}"),
            Self::InvalidSdkDate { value } => write!(
                f,
                "X-Sdk-Date {value:?} is not in the format YYYYMMDDTHHMMSSZ"
            ),
            Self::UnknownAlgorithm { name } => write!(f, "unknown signing algorithm {name:?}"),
            Self::KeyMaterial => f.write_str("cannot derive a signing key from the secret key"),
        }
    }
}

impl std::error::Error for SignError {}
