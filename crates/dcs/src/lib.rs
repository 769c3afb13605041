//! Typed async client for Huawei Cloud DCS (Distributed Cache Service), generated from the
//! service's API reference pages in `spec/dcs/`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use dcs::types::ListBigkeyScanTasksStatus as Status;
//!
//! let client = dcs::Client::builder()
//!     .region("cn-north-4")
//!     .credentials(dcs::Credentials::from_env()?)
//!     .build()?;
//! let page = client
//!     .list_bigkey_scan_tasks("5560df16-cebf-4473-95c4-d1b573c16e79")
//!     .status(Status::Success)
//!     .limit(10)
//!     .send()
//!     .await?;
//! println!("{} tasks", page.count.unwrap_or(0));
//! # Ok(())
//! # }
//! ```
//!
//! No account needed: `cargo run -p dcs --example standin` starts a local stand-in server
//! (`crates/dcs-standin`) and calls it through this client.
//!
//! Everything under `generated` is written by `cargo xtask gen`; this file is the only
//! hand-written part.

// Every generated item carries the page's own description (or its wire name).
#![deny(missing_docs)]

// Formatted by the generator's own printer; rustfmt would make `gen --check` see drift.
#[rustfmt::skip]
mod generated;

pub use generated::*;
/// The error of one call, typed by its operation's error kind (`E`); `Error` is the
/// service-wide one every call's error converts into.
pub use hwc_runtime::Error as CallError;
/// Credential providers: environment, profile file, metadata service, pod identity, chains,
/// and the trait for one of your own.
pub use hwc_runtime::credentials;
/// A replay transport and typed rules, to test code that uses the client without a network.
#[cfg(feature = "test-util")]
pub use hwc_runtime::test_util;
pub use hwc_runtime::{
    CallContext, CallOptions, ClientBuilder, ConfigError, ConfigErrorKind, Credentials,
    CredentialsError, Hook, HttpRequest, PreparedRequest, RawResponse, Request, Response,
    RetryConfig, Secret, ServiceError, SigningAlgorithm, Transport, TransportFuture,
};

/// The README's usage example, compiled as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
