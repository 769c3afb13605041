//! Black-box signing harness.
//!
//! ```text
//! cargo run -q -p hwc-runtime --example sign < vectors.json
//! ```
//!
//! Reads a signing-vectors document (`{"vectors": [{name, input, ...}, ...]}`, the schema of
//! the SDK-generated `vectors.json`) on stdin, signs every vector's input with
//! [`hwc_runtime::sign::sign_request`] and prints one JSON object per vector and line: `name`,
//! `url`, `canonical_request`, `string_to_sign`, `signed_headers`, `authorization`,
//! `headers_sent` (or `name` and `error`). ECDSA/SM2 signatures are randomised, so for those
//! `authorization` is simply what was computed.
//!
//! `tests/sign_vectors.rs` includes this file as a module so that both read vectors the same way.

use std::io::{Read, Write};
use std::time::SystemTime;

use base64::Engine as _;
use bytes::Bytes;
use hwc_runtime::credentials::Credentials;
use hwc_runtime::sign::{
    DerivedAuth, QueryParam, RequestToSign, Signature, SigningAlgorithm, encode, parse_sdk_date,
    sign_request,
};
use serde_json::{Map, Value, json};

/// Everything [`sign_request`] needs for one vector.
pub struct Case {
    /// The request before signing.
    pub request: RequestToSign,
    /// AK/SK, project id, security token.
    pub credentials: Credentials,
    /// The configured algorithm.
    pub algorithm: SigningAlgorithm,
    /// Derived-key (V11) parameters.
    pub derived: Option<DerivedAuth>,
    /// Signing time, for a request without an `X-Sdk-Date` header.
    pub now: SystemTime,
}

/// The User-Agent prefix the Python SDK's client puts before `HttpConfig.user_agent`.
const PYTHON_SDK_AGENT: &str = "huaweicloud-usdk-python/3.0";

/// Operations the client-pipeline vectors may name: (name, method, path template).
const OPERATIONS: &[(&str, &str, &str)] = &[(
    "ListBigkeyScanTasks",
    "GET",
    "/v2/{project_id}/instances/{instance_id}/bigkey-tasks",
)];

/// Turns a vector's `input` object into signer arguments.
pub fn case_from_input(input: &Value) -> Result<Case, String> {
    let credentials = credentials(input)?;
    let now = match opt_str(input, "x_sdk_date")? {
        Some(date) => parse_sdk_date(date).map_err(|e| e.to_string())?,
        None => SystemTime::now(),
    };
    let (request, algorithm, derived) = if input.get("operation").is_some() {
        (
            pipeline_request(input, now)?,
            SigningAlgorithm::default(),
            None,
        )
    } else {
        signer_request(input)?
    };
    Ok(Case {
        request,
        credentials,
        algorithm,
        derived,
        now,
    })
}

/// Signs one vector and renders the output line's object.
pub fn run_vector(vector: &Value) -> Value {
    let name = vector.get("name").cloned().unwrap_or(Value::Null);
    let result = vector
        .get("input")
        .ok_or_else(|| "vector has no input".to_owned())
        .and_then(case_from_input)
        .and_then(|mut case| {
            let sig = sign_request(
                &mut case.request,
                &case.credentials,
                &case.algorithm,
                case.derived.as_ref(),
                case.now,
            )
            .map_err(|e| e.to_string())?;
            Ok((case.request, sig))
        });
    match result {
        Ok((request, sig)) => output(name, &request, &sig),
        Err(error) => json!({ "name": name, "error": error }),
    }
}

fn output(name: Value, request: &RequestToSign, sig: &Signature) -> Value {
    let headers: Map<String, Value> = request
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "name": name,
        "url": request.url(),
        "canonical_request": sig.canonical_request,
        "string_to_sign": sig.string_to_sign,
        "signed_headers": sig.signed_headers.split(';').collect::<Vec<_>>(),
        "authorization": sig.authorization,
        "headers_sent": headers,
    })
}

fn credentials(input: &Value) -> Result<Credentials, String> {
    let mut creds = Credentials::new(req_str(input, "ak")?, req_str(input, "sk")?);
    if let Some(project_id) = opt_str(input, "project_id")? {
        creds = creds.with_project_id(project_id);
    }
    if let Some(token) = opt_str(input, "security_token")? {
        creds = creds.with_security_token(token);
    }
    Ok(creds)
}

/// A vector that calls the SDK's signer directly.
fn signer_request(
    input: &Value,
) -> Result<(RequestToSign, SigningAlgorithm, Option<DerivedAuth>), String> {
    let algorithm = match opt_str(input, "signing_algorithm")? {
        Some(name) => name
            .parse()
            .map_err(|e: hwc_runtime::sign::SignError| e.to_string())?,
        None => SigningAlgorithm::default(),
    };
    let derived = match input.get("derived_auth") {
        None | Some(Value::Null) => None,
        Some(d) => Some(DerivedAuth {
            service: req_str(d, "service")?.to_owned(),
            region: req_str(d, "region")?.to_owned(),
        }),
    };
    let body = match (opt_str(input, "body")?, opt_str(input, "body_base64")?) {
        (Some(text), _) => Bytes::copy_from_slice(text.as_bytes()),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map(Bytes::from)
            .map_err(|e| format!("body_base64: {e}"))?,
        (None, None) => Bytes::new(),
    };
    let request = RequestToSign {
        method: req_str(input, "method")?.to_owned(),
        scheme: opt_str(input, "scheme")?.unwrap_or("https").to_owned(),
        host: req_str(input, "host")?.to_owned(),
        path: req_str(input, "resource_path")?.to_owned(),
        query: query_pairs(input.get("query_params"))?,
        headers: header_pairs(input.get("headers"))?,
        body,
    };
    Ok((request, algorithm, derived))
}

/// A vector built by the SDK's full client pipeline for a named operation.
fn pipeline_request(input: &Value, now: SystemTime) -> Result<RequestToSign, String> {
    let operation = req_str(input, "operation")?;
    let (_, method, template) = OPERATIONS
        .iter()
        .find(|(name, _, _)| *name == operation)
        .ok_or_else(|| format!("unknown operation {operation:?}"))?;
    let endpoint = req_str(input, "endpoint")?;
    let (scheme, host) = endpoint
        .split_once("://")
        .ok_or_else(|| format!("endpoint {endpoint:?} has no scheme"))?;
    let fields = input
        .get("request")
        .and_then(Value::as_object)
        .ok_or("request must be an object")?;

    // Path parameters are the template's placeholders; every other non-null field is a query
    // parameter, as in the generated SDK request classes.
    let mut path = (*template).to_owned();
    let mut query = Vec::new();
    for (key, value) in fields {
        let placeholder = format!("{{{key}}}");
        if path.contains(&placeholder) {
            path = path.replace(&placeholder, &encode(&python_str(value, false)?));
        } else if !value.is_null() {
            query.extend(expand(key, value)?);
        }
    }
    if let Some(project_id) = opt_str(input, "project_id")?.filter(|p| !p.is_empty()) {
        path = path.replace("{project_id}", &encode(project_id));
    }

    let date = match opt_str(input, "x_sdk_date")? {
        Some(d) => d.to_owned(),
        None => hwc_runtime::sign::format_sdk_date(now),
    };
    let user_agent = match opt_str(input, "http_config_user_agent")? {
        Some(ua) if !ua.is_empty() => format!("{PYTHON_SDK_AGENT}; {ua}"),
        _ => PYTHON_SDK_AGENT.to_owned(),
    };
    Ok(RequestToSign {
        method: (*method).to_owned(),
        scheme: scheme.to_owned(),
        host: host.trim_end_matches('/').to_owned(),
        path,
        query,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Sdk-Date".into(), date),
            ("User-Agent".into(), user_agent),
        ],
        body: Bytes::new(),
    })
}

fn query_pairs(params: Option<&Value>) -> Result<Vec<QueryParam>, String> {
    let Some(params) = params.filter(|p| !p.is_null()) else {
        return Ok(Vec::new());
    };
    let list = params.as_array().ok_or("query_params must be a list")?;
    let mut pairs = Vec::new();
    for pair in list {
        let (key, value) = match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(k), v]) => (k, v),
            _ => return Err(format!("query param {pair} is not [key, value]")),
        };
        pairs.extend(expand(key, value)?);
    }
    Ok(pairs)
}

/// A list value becomes one pair per element, as the SDK's `multi` collection format does.
/// Numbers and bools keep their number: the SDK sorts them as Python compares them.
fn expand(key: &str, value: &Value) -> Result<Vec<QueryParam>, String> {
    let param = |item: &Value, lower_bool: bool| -> Result<QueryParam, String> {
        Ok(QueryParam {
            key: key.to_owned(),
            value: python_str(item, lower_bool)?,
            number: match item {
                Value::Number(n) => n.as_f64(),
                Value::Bool(b) => Some(f64::from(u8::from(*b))),
                _ => None,
            },
        })
    };
    match value {
        Value::Array(items) => items.iter().map(|item| param(item, false)).collect(),
        other => Ok(vec![param(other, true)?]),
    }
}

/// Renders a JSON scalar as Python's `str(v)` does, bools lower-cased when `lower_bool`: the
/// SDK's canonical query lower-cases a bool value but not a bool inside a list value.
pub fn python_str(value: &Value, lower_bool: bool) -> Result<String, String> {
    Ok(match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => match (b, lower_bool) {
            (true, true) => "true".into(),
            (false, true) => "false".into(),
            (true, false) => "True".into(),
            (false, false) => "False".into(),
        },
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => hwc_runtime::python_float(f),
            _ => n.to_string(),
        },
        Value::Null => "None".into(),
        Value::Array(_) | Value::Object(_) => {
            return Err(format!("unsupported query value {value}"));
        }
    })
}

fn header_pairs(headers: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    let Some(headers) = headers.filter(|h| !h.is_null()) else {
        return Ok(Vec::new());
    };
    let map = headers.as_object().ok_or("headers must be an object")?;
    map.iter()
        .map(|(k, v)| Ok((k.clone(), python_str(v, false)?)))
        .collect()
}

fn opt_str<'a>(obj: &'a Value, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{key} must be a string, not {other}")),
    }
}

fn req_str<'a>(obj: &'a Value, key: &str) -> Result<&'a str, String> {
    opt_str(obj, key)?.ok_or_else(|| format!("missing {key}"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let doc: Value = serde_json::from_str(&text)?;
    let vectors = doc
        .get("vectors")
        .and_then(Value::as_array)
        .ok_or("input has no \"vectors\" list")?;
    // writeln! rather than println!: a closed pipe (`| head`) is an error, not a panic.
    let mut out = std::io::stdout().lock();
    for vector in vectors {
        writeln!(out, "{}", run_vector(vector))?;
    }
    Ok(())
}
