//! The hand-written frame around generated code for a crate generated outside the workspace
//! (`cargo xtask gen --spec DIR --out DIR`): a manifest and a `lib.rs`, written once and then
//! left to the maintainer, except for the manifest's block of operation features, which
//! follows the pages.

use std::path::{Component, Path, PathBuf};

/// How the generated crate refers to `hwc-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A path relative to the crate's folder, with the runtime's version beside it (so the
    /// crate can also be packaged against a published runtime).
    Path {
        /// `/`-separated, relative.
        path: String,
        /// The runtime's version.
        version: String,
    },
    /// A published version only.
    Version(String),
}

impl Runtime {
    fn dependency(&self) -> String {
        match self {
            Runtime::Path { path, version } => format!(
                "hwc-runtime = {{ path = {path:?}, version = {version:?}, default-features = false }}"
            ),
            Runtime::Version(v) => {
                format!("hwc-runtime = {{ version = {v:?}, default-features = false }}")
            }
        }
    }

    /// The command-line crate beside the runtime (`crates/hwc-cli`), optional: the `cli`
    /// feature pulls it, and its dependencies, only when a `hwc-SERVICE` binary is built.
    fn cli_dependency(&self) -> String {
        match self {
            Runtime::Path { path, version } => {
                let cli = match path.strip_suffix("hwc-runtime") {
                    Some(parent) => format!("{parent}hwc-cli"),
                    None => format!("{path}/../hwc-cli"),
                };
                format!(
                    "hwc-cli = {{ path = {cli:?}, version = {version:?}, default-features = false, optional = true }}"
                )
            }
            Runtime::Version(v) => format!(
                "hwc-cli = {{ version = {v:?}, default-features = false, optional = true }}"
            ),
        }
    }
}

/// `to` relative to `from` (both absolute, or both relative to one folder), `/`-separated.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c.as_os_str());
    }
    let s = out.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".into() } else { s }
}

/// First line of the block of the manifest that `gen` rewrites.
pub const FEATURES_BEGIN: &str =
    "# BEGIN operation features: `cargo xtask gen` rewrites this block from the pages";
/// Last line of that block.
pub const FEATURES_END: &str = "# END operation features";

/// The runtime's features, forwarded under names no operation can take (operations are
/// snake_case, these have a `-`).
const RUNTIME_FEATURES: &str = "\
# The runtime's: TLS roots (Mozilla's bundled, the default, or the system's) and the
# asymmetric signing algorithms (SDK-ECDSA-P256-SHA256, SDK-SM2-SM3).
tls-webpki-roots = [\"hwc-runtime/webpki-roots\"]
tls-native-roots = [\"hwc-runtime/native-roots\"]
sign-asymmetric = [\"hwc-runtime/asymmetric\"]
# The `hwc-SERVICE` command line (src/bin): `cargo build --features cli`.
cli = [\"dep:hwc-cli\"]
# `test_util`: a replay transport and typed rules, for testing code that uses the client.
test-util = [\"hwc-runtime/test-util\"]
";

/// The `[features]` block: every operation is a feature; all of them are on by default, and
/// `default-features = false, features = ["op", ...]` builds only those named (add
/// `tls-webpki-roots` or `tls-native-roots` then, for TLS).
pub fn features_block(operations: &[String]) -> String {
    let names: Vec<&str> = operations
        .iter()
        .map(|o| o.trim_start_matches("r#"))
        .collect();
    let mut s = format!(
        "{FEATURES_BEGIN}\n[features]\ndefault = [\"all\", \"tls-webpki-roots\"]\n{RUNTIME_FEATURES}# Every operation.\nall = ["
    );
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&format!("{name:?}"));
    }
    s.push_str("]\n");
    for name in &names {
        s.push_str(&format!("{name} = []\n"));
    }
    s.push_str(FEATURES_END);
    s.push('\n');
    s
}

/// `existing` with its features block replaced by `block`, or `None` when it has no block
/// (a maintainer removed the markers: the manifest is then theirs entirely).
pub fn update_manifest(existing: &str, block: &str) -> Option<String> {
    let start = existing.find(FEATURES_BEGIN)?;
    let end = existing[start..].find(FEATURES_END)? + start + FEATURES_END.len();
    let end = existing[end..]
        .find('\n')
        .map_or(existing.len(), |i| end + i + 1);
    Some(format!("{}{block}{}", &existing[..start], &existing[end..]))
}

/// `Cargo.toml` and `src/lib.rs` for a new standalone crate named `service`.
pub fn crate_files(
    service: &str,
    runtime: &Runtime,
    operations: &[String],
) -> Vec<(String, String)> {
    let dependency = runtime.dependency();
    let cli_dependency = runtime.cli_dependency();
    let features = features_block(operations);
    let krate = service.replace('-', "_");
    let upper = service.to_ascii_uppercase();
    let manifest = format!(
        r#"[package]
name = "{service}"
version = "0.1.0"
edition = "2024"
description = "Client for the Huawei Cloud {service} service, generated from its API reference pages."
license = "MIT OR Apache-2.0"
publish = false

# Generated once by `cargo xtask gen --spec ... --out ...`; edit freely outside the features
# block. A workspace of its own.
[workspace]

[dependencies]
{dependency}
{cli_dependency}

# The command line, KooCLI's syntax: `hwc-{service} {upper} <Operation> --name=value ...`.
[[bin]]
name = "hwc-{service}"
path = "src/bin/hwc-{service}.rs"
required-features = ["cli"]

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]

{features}"#
    );
    let lib = format!(
        r#"//! Client for the `{service}` service, generated from its API reference pages.
//!
//! Written once by `cargo xtask gen`; regenerating rewrites `src/generated/` only.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod generated;
pub use generated::*;
pub use hwc_runtime::{{
    CallContext, CallOptions, ConfigError, Credentials, Hook, HttpRequest, PreparedRequest,
    RawResponse, Request, Response, RetryConfig, Transport, TransportFuture,
}};
/// A replay transport and typed rules, to test code that uses the client without a network.
#[cfg(feature = "test-util")]
pub use hwc_runtime::test_util;
/// Credential providers (environment, profile file, metadata service, pod identity, chains).
pub use hwc_runtime::credentials;
/// The error of one call, typed by its operation's error kind; `Error` is the service-wide one.
pub use hwc_runtime::Error as CallError;
"#
    );
    let bin = format!(
        r#"//! `hwc-{service}`: the `{service}` operations on the command line (`hwc-cli`).

fn main() -> std::process::ExitCode {{
    hwc_cli::main(&[&{krate}::operations::TABLE])
}}
"#
    );
    vec![
        ("Cargo.toml".into(), manifest),
        ("src/lib.rs".into(), lib),
        (format!("src/bin/hwc-{service}.rs"), bin),
    ]
}
