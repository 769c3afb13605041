//! The maintainer commands' library side: what touches the file system for the generator
//! ([`folder`]), shared by the `xtask` binary and the workspace's tests.

pub mod coverage;
pub mod folder;
pub mod mutate;
