//! Code generated from the fixture pages in `tests/fixtures/pages/` (the naming obstacle
//! course and friends). It is a library so that `cargo build`, `clippy` and the tests compile
//! and lint it exactly like a real service crate.

// Every generated item carries the page's own description (or its wire name).
#![deny(missing_docs)]

// Formatted by the generator's own printer; rustfmt would make `gen --check` see drift.
#[rustfmt::skip]
mod generated;

pub use generated::*;
pub use hwc_runtime::{CallOptions, RetryConfig};
