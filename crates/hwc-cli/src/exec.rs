//! One operation: parameters to input, the client from the options (KooCLI's precedence,
//! else the library's credential chain), then a dry run, a call, a walk over every page or
//! a wait, and the output or the service's error with what the catalogue says about it.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use hwc_runtime::table::{InputError, InputErrorKind, Operation, RawErrorKind, RawPager, SendJson};
use hwc_runtime::wait::{WaitError, Waiter};
use hwc_runtime::{
    BuildError, Credentials, Error, Paginator, ProfileProvider, RawResponse, ServiceError,
};
use serde_json::Value;

use crate::args::{self, Classified, Flag};
use crate::debug::DebugLog;
use crate::output::{self, Printer};
use crate::profile::{self, FileSection, Profile, Store};
use crate::{Context, Failure, ServiceTable, configure, help, params, skeleton};

/// Runs `op` with `flags`.
pub fn operation(
    ctx: &Context,
    table: &'static ServiceTable,
    op: &'static Operation,
    flags: &[Flag],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let c = args::classify(flags, |head| params::is_api_name(op, head))?;
    let io = Failure::output;
    if c.has("help") {
        return help::operation(ctx, table, op, out).map_err(io);
    }
    refuse_unsupported(&c)?;
    if c.has("skeleton") {
        return write_skeleton(ctx, table, op, c.bare_value("skeleton"), out);
    }
    let printer = Printer::new(
        c.option("cli-output"),
        c.option("cli-query"),
        c.option("cli-output-num"),
    )?;
    let waiter = c.option("cli-waiter").map(WaiterSpec::parse).transpose()?;
    let line = params::to_input(op, &c.params)?;
    let input = match c.option("cli-jsonInput") {
        Some(path) => params::merge(params::read_json_input(&ctx.cwd.join(path))?, line)?,
        None => line,
    };
    let input = Value::Object(input);
    // Every input problem is reported before anything reaches the network.
    let from_file = c.option("cli-jsonInput").is_some();
    let request = (table.build)(op.id, input.clone()).map_err(|e| input_failure(e, from_file))?;
    let debug = c.has("debug").then(DebugLog::default);
    let (client, limits) = client(ctx, table, &c, debug.as_ref())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Cli(format!("cannot start the async runtime: {e}")))?;
    if c.has("dryrun") {
        let prepared = rt.block_on(client.prepare(request)).map_err(call_failure)?;
        return dry_run(&prepared, out).map_err(io);
    }
    if debug.is_some() {
        let _ = writeln!(
            err,
            "[debug info] {} {} ({}); {limits}",
            op.method.as_str(),
            op.path,
            op.id
        );
    }
    // Each attempt's lines are written once the call, walk or wait is over, before its
    // output or error.
    let debug = debug.as_ref();
    if c.has("cli-all-pages") {
        return rt.block_on(all_pages(
            table, op, &client, input, &printer, debug, out, err,
        ));
    }
    if let Some(w) = waiter {
        return rt.block_on(wait(
            table, op, &client, input, &w, &printer, debug, out, err,
        ));
    }
    let raw = rt.block_on(client.execute(request));
    drain(debug, err);
    finish(table, op, raw.map_err(call_failure)?, &printer, out, err)
}

/// Writes `--debug`'s lines so far, if it was given.
fn drain(debug: Option<&DebugLog>, err: &mut dyn Write) {
    if let Some(log) = debug {
        log.drain(err);
    }
}

fn refuse_unsupported(c: &Classified) -> Result<(), Failure> {
    if c.option("cli-lang").is_some() {
        return Err(Failure::Usage(
            "--cli-lang is a profile setting, not accepted in API commands".into(),
        ));
    }
    if let Some(v) = c.option("cli-skip-secure-verify") {
        if v != "false" {
            return Err(Failure::Usage(
                "--cli-skip-secure-verify is not supported: TLS is always verified".into(),
            ));
        }
    }
    if let Some(m) = c.option("cli-mode") {
        if !m.eq_ignore_ascii_case("AKSK") {
            return Err(Failure::unknown("authentication mode", m, ["AKSK"]));
        }
    }
    Ok(())
}

fn write_skeleton(
    ctx: &Context,
    table: &ServiceTable,
    op: &Operation,
    target: Option<&str>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let text = skeleton::text(op);
    let io = |e: std::io::Error| Failure::Cli(format!("cannot write the skeleton: {e}"));
    if target == Some("-") {
        return out.write_all(text.as_bytes()).map_err(io);
    }
    let now = ctx.clock.map_or_else(std::time::SystemTime::now, |c| c());
    let stamp: String = hwc_runtime::sign::format_sdk_date(now)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let name = format!(
        "{}_{}_en-{stamp}.json",
        table.name.to_ascii_uppercase(),
        op.id
    );
    let path = ctx.cwd.join(&name);
    std::fs::write(&path, text).map_err(io)?;
    writeln!(
        out,
        "Skeleton generated in JSON format. Path: {}",
        path.display()
    )
    .map_err(io)
}

/// An input error as a usage error, with the nearest valid name. The parameter is named as
/// the user wrote it: the option (`--servers.1.id`) when everything came from the command
/// line, the JSON path (`body.servers[0].id`) when a `--cli-jsonInput` file was read.
fn input_failure(mut e: InputError, from_file: bool) -> Failure {
    if !from_file && let Some(flag) = as_flag(&e.parameter) {
        e.parameter = flag;
    }
    let mut msg = e.to_string();
    if matches!(
        e.kind,
        InputErrorKind::UnknownName | InputErrorKind::UnknownOperation
    ) {
        let last = e.parameter.rsplit('.').next().unwrap_or(&e.parameter);
        if let Some(near) = crate::nearest(last, e.candidates.iter().copied()) {
            msg.push_str(&format!("; did you mean `{near}`?"));
        }
    }
    Failure::Usage(msg)
}

/// The option that sets the input at JSON path `parameter` (`body.a[0].b` is `--a.1.b`:
/// the location goes, list indexes count from 1); `None` for a whole location or a body
/// that is a list, which no option names.
fn as_flag(parameter: &str) -> Option<String> {
    let (location, rest) = parameter.split_once('.')?;
    if !["path", "query", "header", "body"].contains(&location) || rest.starts_with('[') {
        return None;
    }
    let mut flag = String::from("--");
    let mut chars = rest.char_indices().peekable();
    let mut start = 0;
    while let Some((i, ch)) = chars.next() {
        if ch != '[' {
            continue;
        }
        let close = rest[i..].find(']')? + i;
        let index: usize = rest[i + 1..close].parse().ok()?;
        flag.push_str(&rest[start..i]);
        flag.push_str(&format!(".{}", index + 1));
        start = close + 1;
        while chars.peek().is_some_and(|(j, _)| *j <= close) {
            chars.next();
        }
    }
    flag.push_str(&rest[start..]);
    Some(flag)
}

/// A failed call without a response.
fn call_failure<K: std::error::Error + 'static>(e: Error<K>) -> Failure {
    let text = with_causes(&e);
    match &e {
        Error::Build(_) => Failure::Usage(text),
        Error::Credentials(_) => Failure::Usage(format!("no usable credentials: {text}")),
        Error::Transport(_) => Failure::Network(text),
        _ => Failure::Cli(text),
    }
}

/// An error and its causes on one line (`connection failed: tcp connect error: Connection
/// refused`): the top message alone rarely says what to fix. A cause already contained in
/// the text before it is skipped.
pub(crate) fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !part.is_empty() && !text.contains(&part) {
            // a message that ends in ": " already introduces its cause
            if !text.ends_with(": ") {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// Whole seconds, at least 1: the option, else the profile's value, else `default`.
fn seconds(
    c: &Classified,
    name: &str,
    profile: Option<u64>,
    default: u64,
) -> Result<Duration, Failure> {
    let n = match c.option(name) {
        Some(v) => configure::number(name, v, 1, u64::MAX)?,
        None => profile,
    };
    Ok(Duration::from_secs(n.unwrap_or(default)))
}

/// The hwc profile a command uses: `--cli-profile`'s when the profile file has it, else
/// the file's default one when no `--cli-profile` is given. `None` when there is no file,
/// or `--cli-profile` names a section of `~/.huaweicloud/credentials` instead.
fn chosen_profile(ctx: &Context, c: &Classified) -> Result<Option<Profile>, Failure> {
    let Some(path) = profile::path(ctx) else {
        return Ok(None);
    };
    let store = Store::load(&path)?;
    Ok(match c.option("cli-profile") {
        Some(name) => store.get(name).cloned(),
        None => store.default_profile().cloned(),
    })
}

/// The client, by KooCLI's precedence: options on the command line, then the hwc profile
/// (`--cli-profile` or the default one), then the environment and the library's credential
/// chain. Also returns the timeouts and retry count in words, for `--debug`.
fn client(
    ctx: &Context,
    table: &ServiceTable,
    c: &Classified,
    debug: Option<&DebugLog>,
) -> Result<(hwc_runtime::Client, String), Failure> {
    let profile = chosen_profile(ctx, c)?;
    let from_profile =
        |f: fn(&Profile) -> Option<&String>| profile.as_ref().and_then(f).map(String::as_str);
    let mut b = hwc_runtime::Client::builder(table.service);
    let region = c
        .option("cli-region")
        .or(from_profile(|p| p.region.as_ref()))
        .map(str::to_owned)
        .or_else(|| (ctx.env)("HUAWEICLOUD_SDK_REGION"));
    match (c.option("cli-endpoint"), region) {
        (Some(e), r) => {
            b = b.endpoint(e);
            if let Some(r) = r {
                b = b.region(r);
            }
        }
        (None, Some(r)) => b = b.region(r),
        (None, None) if table.service.global => {}
        (None, None) => {
            return Err(Failure::Usage(
                "Specify cli-region: --cli-region=REGION, or --cli-endpoint=URL".into(),
            ));
        }
    }
    b = credentials(ctx, b, table, c, profile.as_ref())?;
    if let Some(p) = c
        .option("cli-project-id")
        .or(from_profile(|p| p.project_id.as_ref()))
    {
        b = b.project_id(p);
    }
    if let Some(d) = c
        .option("cli-domain-id")
        .or(from_profile(|p| p.domain_id.as_ref()))
    {
        b = b.domain_id(d);
    }
    let p = profile.as_ref();
    let connect = seconds(
        c,
        "cli-connect-timeout",
        p.and_then(|p| p.connect_timeout),
        5,
    )?;
    let read = seconds(c, "cli-read-timeout", p.and_then(|p| p.read_timeout), 10)?;
    let retries = match c.option("cli-retry-count") {
        Some(v) => configure::number("cli-retry-count", v, 0, 5)?,
        None => p.and_then(|p| p.retry_count).map(u64::from),
    }
    .unwrap_or(0) as u32;
    b = b
        .connect_timeout(connect)
        .timeout(read)
        .max_attempts(retries + 1);
    if let Some(clock) = ctx.clock {
        b = b.clock(clock);
    }
    if let Some(log) = debug {
        b = b.hook(log.clone());
    }
    let limits = format!(
        "connect timeout {} s, read timeout {} s, {retries} retries{}",
        connect.as_secs(),
        read.as_secs(),
        match &profile {
            Some(p) => format!(", profile `{}`", p.name),
            None => String::new(),
        }
    );
    let client = b
        .build_with_env(|k| (ctx.env)(k))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    Ok((client, limits))
}

/// Credentials: the command line's keys (even with `--cli-profile`, as KooCLI), else the
/// hwc profile's, else `--cli-profile` as a section of `~/.huaweicloud/credentials`, else
/// the library's chain.
fn credentials(
    ctx: &Context,
    mut b: hwc_runtime::ClientBuilder,
    table: &ServiceTable,
    c: &Classified,
    profile: Option<&Profile>,
) -> Result<hwc_runtime::ClientBuilder, Failure> {
    let keys = |ak: &str, sk: &str, token: Option<&str>| {
        let creds = Credentials::new(ak, sk);
        match token {
            Some(t) => creds.with_security_token(t),
            None => creds,
        }
    };
    match (c.option("cli-access-key"), c.option("cli-secret-key")) {
        (Some(ak), Some(sk)) => {
            return Ok(b.credentials(keys(ak, sk, c.option("cli-security-token"))));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(Failure::Usage(
                "--cli-access-key and --cli-secret-key must be given together".into(),
            ));
        }
        (None, None) if c.option("cli-security-token").is_some() => {
            return Err(Failure::Usage(
                "--cli-security-token needs --cli-access-key and --cli-secret-key".into(),
            ));
        }
        (None, None) => {}
    }
    if let Some(p) = profile {
        if let (Some(ak), Some(sk)) = (&p.access_key_id, &p.secret_access_key) {
            return Ok(b.credentials(keys(ak, sk, p.security_token.as_deref())));
        }
    }
    match c.option("cli-profile") {
        Some(name) if profile.is_none() => {
            let provider = if table.service.global {
                ProfileProvider::global()
            } else {
                ProfileProvider::new()
            };
            let hwc: Vec<String> = match profile::path(ctx) {
                Some(path) => Store::load(&path)?
                    .profiles
                    .into_iter()
                    .map(|p| p.name)
                    .collect(),
                None => Vec::new(),
            };
            b = b.credentials_provider(FileSection::new(provider, name, &hwc));
        }
        _ => b = b.default_credentials(),
    }
    Ok(b)
}

/// KooCLI's dry-run block; `Authorization` and tokens masked ([`hwc_runtime::is_secret_header`]).
fn dry_run(p: &hwc_runtime::PreparedRequest, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "---- dry-run: execution skipped, current request: ----"
    )?;
    writeln!(out, "{} {}", p.method, p.url)?;
    for (k, v) in &p.headers {
        let secret = hwc_runtime::is_secret_header(k);
        writeln!(out, "{k}: {}", if secret { "****" } else { v.as_str() })?;
    }
    if !p.body.is_empty() {
        writeln!(out)?;
        match serde_json::from_slice::<Value>(&p.body) {
            Ok(v) => out.write_all(output::pretty(&v).as_bytes())?,
            Err(_) => {
                out.write_all(&p.body)?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// Prints a response: the body on success, the service error otherwise.
fn finish(
    table: &ServiceTable,
    op: &Operation,
    raw: RawResponse,
    printer: &Printer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    if (200..300).contains(&raw.status) {
        return printer.body(&raw.body, out, err);
    }
    service_error(table, op, raw, err);
    Err(Failure::Service)
}

/// Status, error code, message, request id, and what the error-code catalogue says.
fn service_error(table: &ServiceTable, op: &Operation, raw: RawResponse, err: &mut dyn Write) {
    let e = ServiceError::new(RawErrorKind, raw).with_catalogue(*table.catalogue);
    let _ = writeln!(
        err,
        "[OPENAPI_ERROR] {} answered HTTP {}",
        op.id,
        e.status()
    );
    let _ = writeln!(err, "error_code: {}", e.error_code().unwrap_or("-"));
    let _ = writeln!(err, "error_msg: {}", e.error_msg().unwrap_or("-"));
    let _ = writeln!(err, "request_id: {}", e.request_id().unwrap_or("-"));
    match e.documented() {
        Some(d) => {
            let _ = writeln!(err, "documented: {}", d.description);
            if !d.handling.is_empty() {
                let _ = writeln!(err, "handling: {}", d.handling);
            }
        }
        None if e.error_code().is_some() => {
            let _ = writeln!(
                err,
                "documented: the service's error-code catalogue does not list this code"
            );
        }
        None => {}
    }
    let body = e.raw().body_text();
    if !body.is_empty() {
        let _ = writeln!(err, "body: {body}");
    }
}

/// Sends an input through the table's entry point: what the paginator and the waiter call.
fn sender(
    table: &'static ServiceTable,
    op: &'static Operation,
    client: &hwc_runtime::Client,
) -> SendJson {
    let client = client.clone();
    Arc::new(move |input: Value| {
        let request = (table.build)(op.id, input);
        let client = client.clone();
        Box::pin(async move {
            let request = request.map_err(|e| Error::Build(BuildError::new(e.to_string())))?;
            client.execute(request).await
        })
    })
}

#[allow(clippy::too_many_arguments)]
async fn all_pages(
    table: &'static ServiceTable,
    op: &'static Operation,
    client: &hwc_runtime::Client,
    input: Value,
    printer: &Printer,
    debug: Option<&DebugLog>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let Some(pager) = RawPager::new(op, input, sender(table, op, client)) else {
        return Err(Failure::Usage(format!(
            "{} is not a paged list: --cli-all-pages does not apply",
            op.id
        )));
    };
    let mut items = Vec::new();
    let mut stream = Paginator::new(pager).items();
    loop {
        let next = futures_util::StreamExt::next(&mut stream).await;
        drain(debug, err);
        match next {
            None => break,
            Some(Ok(item)) => items.push(item),
            Some(Err(Error::Service(e))) => {
                service_error(table, op, e.raw().clone(), err);
                return Err(Failure::Service);
            }
            Some(Err(e)) => return Err(call_failure(e)),
        }
    }
    printer.value(&Value::Array(items), out, err)
}

/// `--cli-waiter`'s JSON.
#[derive(Debug, Clone)]
struct WaiterSpec {
    expr: jmespath::Expression<'static>,
    to: String,
    timeout: Duration,
    interval: Duration,
}

impl WaiterSpec {
    fn parse(text: &str) -> Result<Self, Failure> {
        let bad = |m: &str| Failure::Usage(format!("--cli-waiter: {m}"));
        let v: Value = serde_json::from_str(text).map_err(|e| bad(&format!("not JSON ({e})")))?;
        let Value::Object(m) = v else {
            return Err(bad(
                "expected {\"expr\":..,\"to\":..,\"timeout\":..,\"interval\":..}",
            ));
        };
        for k in m.keys() {
            if !["expr", "to", "timeout", "interval"].contains(&k.as_str()) {
                return Err(Failure::unknown(
                    "--cli-waiter field",
                    k,
                    ["expr", "to", "timeout", "interval"],
                ));
            }
        }
        let expr = match m.get("expr") {
            Some(Value::String(e)) => output::compile(e)?,
            _ => return Err(bad("`expr` (a JMESPath expression) is required")),
        };
        let to = match m.get("to") {
            Some(Value::String(s)) => s.clone(),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            _ => return Err(bad("`to` (the expected value) is required")),
        };
        let number = |k: &str, default: u64, min: u64, max: u64| -> Result<Duration, Failure> {
            match m.get(k) {
                None => Ok(Duration::from_secs(default)),
                Some(v) => match v
                    .as_u64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                {
                    Some(n) if (min..=max).contains(&n) => Ok(Duration::from_secs(n)),
                    _ => Err(bad(&format!(
                        "`{k}` is whole seconds from {min} to {max}, not {v}"
                    ))),
                },
            }
        };
        Ok(WaiterSpec {
            expr,
            to,
            timeout: number("timeout", 180, 1, 600)?,
            interval: number("interval", 5, 2, 10)?,
        })
    }

    /// The expression's value on a body, as text (`to` is compared with it).
    fn value(&self, body: &[u8]) -> Option<String> {
        let v: Value = serde_json::from_slice(body).ok()?;
        match output::search(&self.expr, &v).ok()? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn wait(
    table: &'static ServiceTable,
    op: &'static Operation,
    client: &hwc_runtime::Client,
    input: Value,
    spec: &WaiterSpec,
    printer: &Printer,
    debug: Option<&DebugLog>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let send = sender(table, op, client);
    let waiter = Waiter::new(spec.timeout, spec.interval);
    let result = waiter
        .until(
            || send(input.clone()),
            // An error status ends the wait too: it is reported as the service error.
            |raw: &RawResponse| {
                !(200..300).contains(&raw.status)
                    || spec.value(&raw.body).as_deref() == Some(spec.to.as_str())
            },
        )
        .await;
    drain(debug, err);
    match result {
        Ok(raw) => {
            if (200..300).contains(&raw.status) {
                let _ = writeln!(
                    err,
                    "[waiter] `{}` reached the expected value `{}`",
                    spec.expr.as_str(),
                    spec.to
                );
            }
            finish(table, op, raw, printer, out, err)
        }
        Err(WaitError::Timeout {
            last,
            attempts,
            waited,
        }) => {
            let got = last
                .as_ref()
                .and_then(|r| spec.value(&r.body))
                .unwrap_or_else(|| "null".into());
            Err(Failure::WaiterTimeout(format!(
                "`{}` was `{got}`, not `{}`, after {attempts} call(s) in {:.0} s",
                spec.expr.as_str(),
                spec.to,
                waited.as_secs_f64()
            )))
        }
        Err(WaitError::Failed(e)) => Err(call_failure(e)),
        Err(_) => Err(Failure::Cli("the waiter stopped".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::as_flag;

    #[test]
    fn json_paths_become_the_options_that_set_them() {
        assert_eq!(as_flag("path.cluster_id").as_deref(), Some("--cluster_id"));
        assert_eq!(
            as_flag("body.agency_mappings[0].identifier_type").as_deref(),
            Some("--agency_mappings.1.identifier_type")
        );
        assert_eq!(as_flag("body.a[1].b[9].c").as_deref(), Some("--a.2.b.10.c"));
        assert_eq!(as_flag("body.names[2]").as_deref(), Some("--names.3"));
        // No option names a whole location or an item of a list body.
        for whole in ["body", "body.[0].id", "query", "ListHosts", "body.a[x]"] {
            assert_eq!(as_flag(whole), None, "{whole}");
        }
    }
}
