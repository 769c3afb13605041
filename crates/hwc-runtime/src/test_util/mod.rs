//! Testing code that uses a generated client, without a network (the `test-util` feature).
//!
//! Both tools are [`Transport`](crate::Transport)s: put one in with
//! [`ClientBuilder::transport`](crate::ClientBuilder::transport) and the client signs,
//! runs hooks, retries, decodes and pages exactly as it does against the cloud.
//!
//! - [`ReplayTransport`]: a list of expected requests and canned responses, checked
//!   afterwards in order (method, path, query, body, and any headers you name).
//! - [`Rules`]: typed answers per operation ("when `list_bigkey_scan_tasks` is called for
//!   this instance, answer with this typed response"), matched in order or any order, each
//!   counting how often it fired.

mod canned;
mod replay;
mod rules;

/// The methods [`ExpectedRequest::new`] takes.
pub use crate::request::Method;
pub use canned::CannedResponse;
pub use replay::{ExpectedRequest, RecordedRequest, ReplayEvent, ReplayTransport};
pub use rules::{Rule, RuleBuilder, RuleMode, Rules};
