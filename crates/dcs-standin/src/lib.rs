//! A local stand-in for Huawei Cloud DCS, for benchmarks and demos: no account needed.
//!
//! It answers one operation, `ListBigkeyScanTasks`
//! (`GET /v2/{project_id}/instances/{instance_id}/bigkey-tasks`), with the documented example
//! of `spec/dcs/查询大key分析任务列表.md` or with N generated records, honouring `offset`,
//! `limit` and `status` (`count` is the number of records the filter matches). Every request
//! must carry a valid `SDK-HMAC-SHA256` (or `SDK-HMAC-SM3`) signature made with the configured
//! key pair and an `X-Sdk-Date` within 15 minutes of the server's clock; otherwise the answer
//! is `401` with the gateway's body, e.g.
//!
//! ```json
//! {"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"..."}
//! {"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20261207T010203Z,server time:20261207T020304Z","request_id":"..."}
//! ```
//!
//! The server's clock is the system's moved by [`Config::clock_offset_secs`] (to test clients
//! against a gateway whose clock differs from theirs); every answer carries it as `Date`.
//!
//! Other paths get `404` (`APIGW.0101`), bad `offset`/`limit` values `400` (`DCS.4800`).
//!
//! In-process, on a thread of its own:
//!
//! ```no_run
//! let server = dcs_standin::Standin::start(dcs_standin::Config::default())?;
//! println!("listening on {}", server.endpoint()); // http://127.0.0.1:PORT
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! As a program: `cargo run --release -p dcs-standin -- --port 8080 --records 1000`.

mod data;
mod server;
pub mod verify;

use std::time::Duration;

pub use data::{DOCUMENTED_EXAMPLE, Dataset, Query};
pub use server::{Standin, Stats, serve};

/// The access key id the stand-in accepts by default (the one of the signing vectors).
pub const ACCESS_KEY: &str = "HPUAEXAMPLEAK0000001";
/// The secret key the stand-in accepts by default.
pub const SECRET_KEY: &str = "ExampleSecretKey/0123456789+abcdefghijklmn";
/// A project id for clients of the stand-in (any is accepted).
pub const PROJECT_ID: &str = "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71";
/// An instance id for clients of the stand-in (any is accepted).
pub const INSTANCE_ID: &str = "5560df16-cebf-4473-95c4-d1b573c16e79";

/// How the stand-in behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The access key id requests must be signed with.
    pub access_key: String,
    /// Its secret key.
    pub secret_key: String,
    /// `None`: the documented example (one record); `Some(n)`: `n` generated records.
    pub records: Option<usize>,
    /// Answer requests without an `Authorization` header too (signed ones are still
    /// verified). For comparing with unsigned hand-written clients.
    pub allow_unsigned: bool,
    /// How far `X-Sdk-Date` may be from the server's clock (default 15 minutes).
    pub max_clock_skew: Duration,
    /// The server's clock minus the system's, in seconds (default 0): `3600` plays a gateway
    /// whose clock is an hour ahead of its clients'.
    pub clock_offset_secs: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            access_key: ACCESS_KEY.to_owned(),
            secret_key: SECRET_KEY.to_owned(),
            records: None,
            allow_unsigned: false,
            max_clock_skew: Duration::from_secs(15 * 60),
            clock_offset_secs: 0,
        }
    }
}

impl Config {
    /// Serve `n` generated records instead of the documented example.
    pub fn with_records(mut self, n: usize) -> Self {
        self.records = Some(n);
        self
    }

    /// A server clock `secs` ahead of the system's (behind when negative).
    pub fn with_clock_offset(mut self, secs: i64) -> Self {
        self.clock_offset_secs = secs;
        self
    }

    /// The server's clock now.
    pub fn now(&self) -> std::time::SystemTime {
        let now = std::time::SystemTime::now();
        let d = Duration::from_secs(self.clock_offset_secs.unsigned_abs());
        if self.clock_offset_secs >= 0 {
            now + d
        } else {
            now - d
        }
    }

    /// Also answer unsigned requests (see [`Config::allow_unsigned`]).
    pub fn allowing_unsigned(mut self) -> Self {
        self.allow_unsigned = true;
        self
    }
}
