//! The `hwc` command line: KooCLI's syntax (`hwc <SERVICE> <Operation> [--name=value ...]
//! [--cli-... ...]`) over the operations of generated Huawei Cloud crates.
//!
//! Everything comes from each crate's operation table (`generated::operations::TABLE`):
//! parameters are placed and typed by it, `--cli-jsonInput` is checked against it, help,
//! skeletons and completions are printed from it, and calls go through the crate's JSON
//! entry point, which deserialises the input into the operation's typed request. Output is
//! rendered from the response JSON, never from typed structs, so a field the pages do not
//! document is printed like any other.
//!
//! A binary holding some services is one line per service:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     hwc_cli::main(&[&dcs::operations::TABLE])
//! }
//! ```
//!
//! Exit codes: 0 success, 1 internal error, 2 usage error, 3 network error (no response),
//! 4 the service answered with an error status, 5 a `--cli-waiter` timed out.

mod args;
mod complete;
mod configure;
mod debug;
mod exec;
mod help;
mod interactive;
mod output;
mod params;
mod profile;
mod skeleton;

use std::cell::RefCell;
use std::fmt;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

use hwc_runtime::table::Operation;
pub use hwc_runtime::table::ServiceTable;

/// Exit codes.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// An internal error (`[CLI_ERROR]`).
    pub const CLI: u8 = 1;
    /// A usage error: unknown name, wrong type, missing parameter (`[USE_ERROR]`).
    pub const USAGE: u8 = 2;
    /// No response: connection, timeout, TLS, credentials lookup (`[NETWORK_ERROR]`).
    pub const NETWORK: u8 = 3;
    /// The service answered with an error status (`[OPENAPI_ERROR]`).
    pub const SERVICE: u8 = 4;
    /// `--cli-waiter`: the expected value was not reached in time (`[WAITER_TIMEOUT]`).
    pub const WAITER_TIMEOUT: u8 = 5;
}

/// Why a command failed; already-printed service errors carry only their exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad input.
    Usage(String),
    /// No response.
    Network(String),
    /// The service answered with an error status (the details are printed already).
    Service,
    /// The waiter timed out.
    WaiterTimeout(String),
    /// Anything else.
    Cli(String),
    /// Already reported (an `--interactive` session's failed line): exit with this code.
    Reported(u8),
    /// Whoever read the output stopped reading (`hwc … | head`): the command ends quietly
    /// and successfully, as Unix tools do when their reader has what it wanted.
    OutputClosed,
}

impl Failure {
    /// An unknown `what` named `given`: the message names the nearest of `valid`.
    pub fn unknown<'a>(what: &str, given: &str, valid: impl IntoIterator<Item = &'a str>) -> Self {
        let prefix = if what == "option" || what == "parameter" {
            "--"
        } else {
            ""
        };
        let mut msg = format!("unknown {what} `{prefix}{given}`");
        if let Some(near) = nearest(given, valid) {
            msg.push_str(&format!("; did you mean {prefix}{near}?"));
        }
        Failure::Usage(msg)
    }

    /// A failure to write the output: [`Failure::OutputClosed`] when the reader went away,
    /// else an internal error naming the cause.
    pub fn output(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::OutputClosed
        } else {
            Failure::Cli(format!("cannot write the output: {e}"))
        }
    }

    fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => exit::USAGE,
            Failure::Network(_) => exit::NETWORK,
            Failure::Service => exit::SERVICE,
            Failure::WaiterTimeout(_) => exit::WAITER_TIMEOUT,
            Failure::Cli(_) => exit::CLI,
            Failure::Reported(code) => *code,
            Failure::OutputClosed => exit::OK,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) => write!(f, "[USE_ERROR] {m}"),
            Failure::Network(m) => write!(f, "[NETWORK_ERROR] {m}"),
            Failure::Service => f.write_str("[OPENAPI_ERROR]"),
            Failure::WaiterTimeout(m) => write!(f, "[WAITER_TIMEOUT] {m}"),
            Failure::Cli(m) => write!(f, "[CLI_ERROR] {m}"),
            Failure::Reported(code) => write!(f, "exit code {code}"),
            Failure::OutputClosed => f.write_str("the output was closed"),
        }
    }
}

/// The closest of `valid` to `given` (case-insensitive), if any is close enough to be a
/// plausible misspelling.
pub fn nearest<'a>(given: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let g = given.to_ascii_lowercase();
    valid
        .into_iter()
        .map(|v| {
            let v_low = v.to_ascii_lowercase();
            // Jaro-Winkler favours shared prefixes (`--stauts`); the edit distance catches
            // swapped letters in short names (`DSC`).
            let score = strsim::jaro_winkler(&g, &v_low)
                .max(strsim::normalized_damerau_levenshtein(&g, &v_low) + 0.2);
            (score, v)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

/// Reads an environment variable.
pub type EnvFn = Box<dyn Fn(&str) -> Option<String>>;

/// What a run may read from its surroundings: the environment, the working folder and the
/// clock (tests replace them).
pub struct Context {
    /// The program's name as typed (`hwc`, `hwc-dcs`), for help and completions.
    pub program: String,
    /// Environment variables.
    pub env: EnvFn,
    /// Where `--skeleton` writes and relative `--cli-jsonInput` paths start.
    pub cwd: PathBuf,
    /// The clock requests are signed with (`None`: the system's).
    pub clock: Option<fn() -> SystemTime>,
    /// Where `configure init` reads its answers and `--interactive` its command lines.
    pub stdin: RefCell<Box<dyn BufRead>>,
    /// Whether `stdin` is a terminal: `--interactive` then edits lines with completion
    /// (cargo feature `interactive`) instead of reading them one by one.
    pub terminal: bool,
}

impl Context {
    /// The process's own environment, folder and clock.
    pub fn from_process(program: &str) -> Self {
        let program = std::path::Path::new(program)
            .file_name()
            .map_or_else(|| "hwc".to_owned(), |n| n.to_string_lossy().into_owned());
        Context {
            program,
            env: Box::new(|k| std::env::var(k).ok()),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            clock: None,
            stdin: RefCell::new(Box::new(std::io::BufReader::new(std::io::stdin()))),
            terminal: std::io::IsTerminal::is_terminal(&std::io::stdin()),
        }
    }
}

/// Runs the process's command line over `services` and exits as [`exit`] documents.
pub fn main(services: &[&'static ServiceTable]) -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let ctx = Context::from_process(args.first().map_or("hwc", String::as_str));
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = run(
        args.get(1..).unwrap_or(&[]),
        services,
        &ctx,
        &mut stdout.lock(),
        &mut stderr.lock(),
    );
    ExitCode::from(code)
}

/// Runs one command line (`args` without the program name), writing output to `out` and
/// messages to `err`; returns the exit code.
pub fn run(
    args: &[String],
    services: &[&'static ServiceTable],
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    report(dispatch(args, services, ctx, out, err), err)
}

/// The exit code of a command's outcome, the failure written to `err` unless it was reported
/// already or needs no words.
pub(crate) fn report(result: Result<(), Failure>, err: &mut dyn Write) -> u8 {
    match result {
        Ok(()) => exit::OK,
        Err(Failure::Service) => exit::SERVICE,
        Err(Failure::Reported(code)) => code,
        Err(Failure::OutputClosed) => exit::OK,
        Err(f) => {
            let _ = writeln!(err, "{f}");
            f.code()
        }
    }
}

pub(crate) fn dispatch(
    args: &[String],
    services: &[&'static ServiceTable],
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let io = Failure::output;
    // Completion sees the words as typed, flags and all.
    if let Some(("__complete", rest)) = args.split_first().map(|(a, r)| (a.as_str(), r)) {
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        return complete::candidates(services, &rest, out).map_err(io);
    }
    let words = args::split(args)?;
    let wants_help = words.flags.iter().any(|f| f.name == "help");
    let pos: Vec<&str> = words.positionals.iter().map(String::as_str).collect();
    if words.flags.iter().any(|f| f.name == "interactive") {
        return interactive::session(&words, services, ctx, out, err);
    }
    match pos.as_slice() {
        [] => {
            help::program(ctx, services, out).map_err(io)?;
            if wants_help {
                Ok(())
            } else {
                Err(Failure::Usage(format!(
                    "give a service and an operation: {} <SERVICE> <Operation> ...",
                    ctx.program
                )))
            }
        }
        ["completion", rest @ ..] if find_service(services, "completion").is_none() => {
            complete::script(ctx, rest.first().copied(), out)
        }
        ["__complete", rest @ ..] => complete::candidates(services, rest, out).map_err(io),
        ["configure", rest @ ..] if find_service(services, "configure").is_none() => {
            if let [_, extra, ..] = rest {
                return Err(Failure::Usage(format!(
                    "unexpected word `{extra}`: options are written --cli-name=value"
                )));
            }
            if wants_help {
                return help::configure(ctx, out).map_err(io);
            }
            configure::run(ctx, rest.first().copied(), &words.flags, out, err)
        }
        ["version"] if find_service(services, "version").is_none() => {
            writeln!(out, "{} {}", ctx.program, env!("CARGO_PKG_VERSION")).map_err(io)
        }
        [service] => {
            let table = service_or_error(services, service)?;
            help::service(ctx, table, out).map_err(io)?;
            if wants_help {
                Ok(())
            } else {
                Err(Failure::Usage(format!(
                    "give an operation: {} {} <Operation> ...",
                    ctx.program,
                    service.to_ascii_uppercase()
                )))
            }
        }
        [service, operation] => {
            let table = service_or_error(services, service)?;
            let op = operation_or_error(table.operations, operation)?;
            exec::operation(ctx, table, op, &words.flags, out, err)
        }
        [_, _, extra, ..] => Err(Failure::Usage(format!(
            "unexpected word `{extra}`: parameters are written --name=value"
        ))),
    }
}

fn find_service(services: &[&'static ServiceTable], name: &str) -> Option<&'static ServiceTable> {
    services
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name))
        .copied()
}

fn service_or_error(
    services: &[&'static ServiceTable],
    name: &str,
) -> Result<&'static ServiceTable, Failure> {
    find_service(services, name).ok_or_else(|| {
        let names: Vec<String> = services
            .iter()
            .map(|s| s.name.to_ascii_uppercase())
            .collect();
        Failure::unknown("service", name, names.iter().map(String::as_str))
    })
}

/// The operation named `name`: its id exactly, else in any case, with or without a KooCLI
/// version suffix (`ShowVpc/v3`) when the id itself has none. Ids that differ only in case
/// are different operations (ELB's `DeleteHealthmonitor` of v2 and `DeleteHealthMonitor` of
/// v3): the exact spelling wins, and a spelling in another case that fits several is an
/// error naming them.
fn operation_or_error(
    operations: &'static [Operation],
    name: &str,
) -> Result<&'static Operation, Failure> {
    let find = |n: &str| -> Result<Option<&'static Operation>, Failure> {
        if let Some(op) = operations.iter().find(|o| o.id == n) {
            return Ok(Some(op));
        }
        let mut any_case = operations.iter().filter(|o| o.id.eq_ignore_ascii_case(n));
        match (any_case.next(), any_case.next()) {
            (Some(op), None) => Ok(Some(op)),
            (None, _) => Ok(None),
            (Some(a), Some(b)) => {
                let mut ids = vec![a.id, b.id];
                ids.extend(any_case.map(|o| o.id));
                Err(Failure::Usage(format!(
                    "operation `{n}` is ambiguous: {} differ only in case; write one exactly",
                    ids.join(", ")
                )))
            }
        }
    };
    if let Some(op) = find(name)? {
        return Ok(op);
    }
    if let Some((n, version)) = name.split_once('/') {
        if let Some(op) = with_version(operations, n, version)? {
            return Ok(op);
        }
    }
    Err(Failure::unknown(
        "operation",
        name,
        operations.iter().map(|o| o.id),
    ))
}

/// KooCLI's `Op/vN`: among the operations named `name` in any case, the one whose path
/// starts with that version (`/v2/…`, `/v2.0/…` for `v2`; `/v1.1/…` for `v1` or `v1.1`). The
/// version decides rather than being dropped, so `ListLoadBalancers/v2` reaches ELB's v2
/// `ListLoadbalancers`, and a version no such operation has is an error naming the ones
/// there are instead of a call to another version. An operation whose path names no version
/// takes any suffix. `None` when no operation has the name.
fn with_version(
    operations: &'static [Operation],
    name: &str,
    version: &str,
) -> Result<Option<&'static Operation>, Failure> {
    let named: Vec<&'static Operation> = operations
        .iter()
        .filter(|o| o.id.eq_ignore_ascii_case(name))
        .collect();
    if named.is_empty() {
        return Ok(None);
    }
    let fits: Vec<&'static Operation> = named
        .iter()
        .copied()
        .filter(|o| path_version(o.path).is_some_and(|v| same_version(v, version)))
        .collect();
    let fits = if fits.is_empty() {
        named
            .iter()
            .copied()
            .filter(|o| path_version(o.path).is_none())
            .collect()
    } else {
        fits
    };
    match fits.as_slice() {
        [op] => Ok(Some(op)),
        [] => {
            let there: Vec<String> = named
                .iter()
                .map(|o| format!("{}/{}", o.id, path_version(o.path).unwrap_or("-")))
                .collect();
            Err(Failure::Usage(format!(
                "operation `{name}` has no version `{version}`; it has {}",
                there.join(", ")
            )))
        }
        several => match several.iter().find(|o| o.id == name) {
            Some(op) => Ok(Some(op)),
            None => {
                let ids: Vec<&str> = several.iter().map(|o| o.id).collect();
                Err(Failure::Usage(format!(
                    "operation `{name}/{version}` is ambiguous: {} differ only in case; write one exactly",
                    ids.join(", ")
                )))
            }
        },
    }
}

/// The version a path starts with: its first segment when that is `v` and a number
/// (`v2`, `v2.0`, `v1.1`).
fn path_version(path: &str) -> Option<&str> {
    let first = path.trim_start_matches('/').split('/').next()?;
    let digits = first.strip_prefix(['v', 'V'])?;
    let numeric = !digits.is_empty()
        && digits
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric.then_some(first)
}

/// Whether a path's version and a typed one agree: the same major number, and the same
/// minor one when both give it (`v1` fits `v1.1`, `v2.0` fits `v2`, `v1.0` does not fit
/// `v1.1`).
fn same_version(path: &str, typed: &str) -> bool {
    let parts = |v: &str| -> Option<(u64, Option<u64>)> {
        let v = v.strip_prefix(['v', 'V'])?;
        let (major, minor) = match v.split_once('.') {
            Some((a, b)) => (a, Some(b.parse().ok()?)),
            None => (v, None),
        };
        Some((major.parse().ok()?, minor))
    };
    match (parts(path), parts(typed)) {
        (Some((a, x)), Some((b, y))) => a == b && (x.is_none() || y.is_none() || x == y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use hwc_runtime::Method;
    use hwc_runtime::table::Operation;

    use super::{Failure, operation_or_error};

    const fn op(id: &'static str, path: &'static str) -> Operation {
        Operation {
            id,
            summary: "",
            description: "",
            method: Method::Delete,
            path,
            params: &[],
            body: None,
            paging: None,
            feature: None,
        }
    }

    static OPS: [Operation; 5] = [
        op(
            "DeleteHealthMonitor",
            "/v3/{project_id}/elb/healthmonitors/{id}",
        ),
        op(
            "DeleteHealthmonitor",
            "/v2/{project_id}/elb/healthmonitors/{id}",
        ),
        op("ListFlavors", "/v3/{project_id}/elb/flavors"),
        op(
            "ListHosts",
            "/v1.1/{project_id}/clusters/{cluster_id}/hosts",
        ),
        op("ListVersions", "/"),
    ];

    #[test]
    fn ids_that_differ_only_in_case_are_told_apart() {
        let path = |name: &str| operation_or_error(&OPS, name).map(|o| o.path);
        assert_eq!(path("DeleteHealthmonitor").ok(), Some(OPS[1].path));
        assert_eq!(path("DeleteHealthMonitor").ok(), Some(OPS[0].path));
        assert_eq!(path("DeleteHealthmonitor/v2").ok(), Some(OPS[1].path));
        assert_eq!(path("listflavors").ok(), Some(OPS[2].path));
        // A KooCLI version suffix picks the operation of that version, whatever the case.
        assert_eq!(path("DeleteHealthMonitor/v2").ok(), Some(OPS[1].path));
        assert_eq!(path("DeleteHealthmonitor/v3").ok(), Some(OPS[0].path));
        assert_eq!(path("deletehealthmonitor/V3").ok(), Some(OPS[0].path));
        assert_eq!(path("ListHosts/v1").ok(), Some(OPS[3].path));
        assert_eq!(path("ListHosts/v1.1").ok(), Some(OPS[3].path));
        assert_eq!(path("ListVersions/v3").ok(), Some(OPS[4].path));
        // A version the operation does not have is refused, not called at another one.
        for wrong in ["ListFlavors/v2", "ListHosts/v2", "ListHosts/v1.0"] {
            match operation_or_error(&OPS, wrong) {
                Err(Failure::Usage(m)) => assert!(m.contains("has no version"), "{m}"),
                other => panic!("{wrong}: expected a usage error, got {other:?}"),
            }
        }
        match operation_or_error(&OPS, "deletehealthmonitor") {
            Err(Failure::Usage(m)) => {
                assert!(
                    m.contains("DeleteHealthMonitor, DeleteHealthmonitor"),
                    "{m}"
                );
            }
            other => panic!("expected an ambiguity error, got {other:?}"),
        }
    }
}
