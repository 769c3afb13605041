//! Runtime for clients generated from Huawei Cloud API reference pages.
//!
//! Generated crates stay declarative: they describe an operation (method, path template,
//! parameters, typed bodies) and hand a [`Request`] to [`Client::execute`]. Everything with
//! behaviour lives here, in ordinary hand-written and unit-tested code: credentials and
//! request signing, endpoints, URL building, HTTP execution with retries, error decoding and
//! pagination.
//!
//! # Cargo features
//!
//! - `webpki-roots` (default): trust Mozilla's root certificates, bundled.
//! - `native-roots`: trust the operating system's certificate store.
//! - `asymmetric`: `SDK-ECDSA-P256-SHA256` and `SDK-SM2-SM3` signing.
//! - `test-util`: `test_util`, a replay and typed rules to test code that uses a client
//!   without a network.
//!
//! A private CA is added with [`ClientBuilder::root_certificate_pem`] whatever the roots.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod call;
mod catalogue;
mod client;
pub mod credentials;
#[doc(hidden)]
pub mod de;
mod endpoint;
mod error;
mod iam;
#[doc(hidden)]
pub mod lenient;
mod open_enum;
mod paginate;
mod record;
mod request;
mod response;
#[doc(hidden)]
pub mod sign;
pub mod table;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;
pub mod wait;

pub use call::{Call, Operation, Pages};
pub use catalogue::{Catalogue, ErrorCodeInfo};
pub use client::{
    CallContext, Client, ClientBuilder, ConfigError, ConfigErrorKind, DEFAULT_MAX_BODY_BYTES, Hook,
    Hooks, HttpRequest, PreparedRequest, RetryConfig, Transport, TransportFuture, is_secret_header,
};
pub use credentials::{
    ChainProvider, Credentials, CredentialsError, EnvProvider, MetadataProvider,
    PodIdentityProvider, ProfileProvider, ProvideCredentials, Secret,
};
pub use endpoint::Service;
pub use error::{
    BuildError, CallFailure, DecodeError, Error, ErrorKind, RawResponse, ServiceError,
    TransportError, TransportKind,
};
pub use paginate::{Paged, PaginationError, Paginator, Position, Style};
pub use request::{CallOptions, Method, OperationSpec, QueryValue, Request, python_float};
pub use response::{Redacted, Response};
pub use sign::SigningAlgorithm;

/// Re-exported for generated code, so generated crates need no direct dependency on it.
#[doc(hidden)]
pub use serde;
/// Re-exported for generated code.
#[doc(hidden)]
pub use serde_json;
