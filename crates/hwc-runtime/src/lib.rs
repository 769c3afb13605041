//! Runtime for clients generated from Huawei Cloud API reference pages.
//!
//! Generated crates stay declarative: they describe an operation (method, path template,
//! parameters, typed bodies) and hand a [`Request`] to [`Client::execute`]. Everything with
//! behaviour lives here, in ordinary hand-written and unit-tested code: credentials and
//! request signing, endpoints, URL building, HTTP execution with retries, error decoding and
//! pagination.

mod catalogue;
pub mod client;
pub mod credentials;
pub mod de;
pub mod endpoint;
pub mod error;
pub mod iam;
pub mod lenient;
mod open_enum;
pub mod paginate;
pub mod request;
mod response;
pub mod sign;

pub use catalogue::{Catalogue, ErrorCodeInfo};
pub use client::{Client, ClientBuilder, ConfigError, PreparedRequest, RetryConfig, Service};
pub use credentials::{Credentials, Secret};
pub use error::{
    BuildError, CallFailure, DecodeError, Error, ErrorKind, RawResponse, ServiceError,
    TransportError, TransportKind,
};
pub use paginate::{Paged, PaginationError, Paginator, Position, Style};
pub use request::{CallOptions, Method, OperationSpec, QueryValue, Request};
pub use response::{Redacted, Response};
pub use sign::SigningAlgorithm;

/// Re-exported for generated code, so generated crates need no direct dependency on it.
pub use serde;
/// Re-exported for generated code.
pub use serde_json;
