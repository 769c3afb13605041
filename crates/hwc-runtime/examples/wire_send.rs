//! A stand-in sender for the wire-equality harness (`tests/wire/wire_eq.py`): the runtime's
//! request pipeline driven from JSON, with the `hwc` command line's interface.
//!
//! ```text
//! HWC_WIRE_OPENAPI=dcs.openapi.json \
//!   cargo run -q -p hwc-runtime --example wire_send -- DCS ListBigkeyScanTasks \
//!   --cli-jsonInput=input.json --cli-endpoint=http://127.0.0.1:PORT \
//!   --cli-access-key=AK --cli-secret-key=SK --cli-project-id=PID [--cli-domain-id=DID]
//! ```
//!
//! The input file has KooCLI's `--cli-jsonInput` layout with wire names:
//! `{"path":{…},"query":{…},"header":{…},"body":…}`. The operation's method and path template
//! come from the OpenAPI export named by `HWC_WIRE_OPENAPI` (matched by `operationId`).
//!
//! What this exercises is the runtime below the generated code: path rendering and encoding,
//! query rendering, sorting and encoding (an array is one pair per element), headers, the body
//! bytes, signing and the HTTP client. It does not exercise the generated typed request (the
//! `hwc` binary does): it sends the JSON as given, so a member the typed request would refuse
//! or drop is sent here. The harness uses it to test itself before the `hwc` binary exists.

use std::process::ExitCode;

use hwc_runtime::serde_json::{self, Value};
use hwc_runtime::{Client, Credentials, Method, OperationSpec, Request, Service};

/// Flags of the command line, by name.
struct Args {
    operation: String,
    input: String,
    endpoint: String,
    ak: String,
    sk: String,
    project_id: Option<String>,
    domain_id: Option<String>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let positional: Vec<&String> = argv.iter().filter(|a| !a.starts_with("--")).collect();
    let [_service, operation] = positional.as_slice() else {
        return Err(format!(
            "expected `SERVICE OPERATION --cli-…=…`, got {argv:?}"
        ));
    };
    let flag = |name: &str| {
        argv.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_owned))
    };
    let need = |name: &str| flag(name).ok_or_else(|| format!("missing --{name}=…"));
    Ok(Args {
        operation: (*operation).clone(),
        input: need("cli-jsonInput")?,
        endpoint: need("cli-endpoint")?,
        ak: need("cli-access-key")?,
        sk: need("cli-secret-key")?,
        project_id: flag("cli-project-id"),
        domain_id: flag("cli-domain-id"),
    })
}

/// The operation's method and path template from the OpenAPI export.
fn find_operation(openapi: &Value, id: &str) -> Result<(Method, String), String> {
    let paths = openapi["paths"]
        .as_object()
        .ok_or("the OpenAPI document has no `paths` object")?;
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if op["operationId"].as_str() == Some(id) {
                return Ok((method_of(method)?, path.clone()));
            }
        }
    }
    Err(format!("no operation `{id}` in the OpenAPI document"))
}

fn method_of(name: &str) -> Result<Method, String> {
    Ok(match name {
        "get" => Method::Get,
        "post" => Method::Post,
        "put" => Method::Put,
        "delete" => Method::Delete,
        "patch" => Method::Patch,
        "head" => Method::Head,
        "options" => Method::Options,
        other => return Err(format!("unknown method `{other}`")),
    })
}

/// The request, from the input's four parts.
fn build_request(spec: &'static OperationSpec, input: &Value) -> Result<Request, String> {
    let mut req = Request::new(spec);
    for (name, value) in members(input, "path")? {
        // Path placeholders are named in the template, which lives as long as the spec.
        let name: &'static str = Box::leak(name.clone().into_boxed_str());
        req.path_param(name, &value_text(value));
    }
    for (name, value) in members(input, "query")? {
        match value {
            Value::Array(items) => items.iter().for_each(|v| req.query(name, v)),
            other => req.query(name, other),
        }
    }
    for (name, value) in members(input, "header")? {
        req.header(name, value);
    }
    if let Some(body) = input.get("body").filter(|b| !b.is_null()) {
        req.json_body(body);
    }
    Ok(req)
}

fn members<'a>(input: &'a Value, part: &str) -> Result<Vec<(&'a String, &'a Value)>, String> {
    match input.get(part) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => Ok(m.iter().collect()),
        Some(other) => Err(format!("`{part}` must be an object, got {other}")),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn run(argv: &[String]) -> Result<u16, String> {
    let args = parse_args(argv)?;
    let spec_file = std::env::var("HWC_WIRE_OPENAPI")
        .map_err(|_| "HWC_WIRE_OPENAPI must name the service's OpenAPI export")?;
    let read = |f: &str| -> Result<Value, String> {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{f}: {e}"))
    };
    let (method, path) = find_operation(&read(&spec_file)?, &args.operation)?;
    let id: &'static str = Box::leak(args.operation.clone().into_boxed_str());
    let spec: &'static OperationSpec = Box::leak(Box::new(OperationSpec::new(
        id,
        method,
        Box::leak(path.into_boxed_str()),
    )));
    let req = build_request(spec, &read(&args.input)?)?;
    let mut builder = Client::builder(Service::regional("wire"))
        .endpoint(args.endpoint)
        .credentials(Credentials::new(args.ak, args.sk))
        .max_attempts(1);
    if let Some(p) = args.project_id {
        builder = builder.project_id(p);
    }
    if let Some(d) = args.domain_id {
        builder = builder.domain_id(d);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let raw = client.execute(req).await.map_err(|e| e.to_string())?;
    Ok(raw.status)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv).await {
        Ok(status) if status < 400 => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("HTTP {status}");
            ExitCode::from(3)
        }
        Err(e) => {
            eprintln!("wire_send: {e}");
            ExitCode::from(2)
        }
    }
}
