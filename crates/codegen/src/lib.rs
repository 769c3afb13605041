//! IR -> Rust.
