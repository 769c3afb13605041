//! Runtime for clients generated from Huawei Cloud API reference pages.
//!
//! Generated crates stay declarative: they describe an operation (method, path template,
//! parameters, typed bodies) and hand it to [`Client::execute`]. Everything with behaviour lives
//! here, in ordinary hand-written and unit-tested code: credentials and request signing,
//! endpoints, URL building, HTTP execution, error decoding and pagination.

pub mod credentials;
pub mod sign;
