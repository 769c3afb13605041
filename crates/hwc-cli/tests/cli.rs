//! The command line end to end, in-process: help, skeletons and dry runs under snapshot;
//! calls to the DCS stand-in (every output format, queries, paging, input files, errors,
//! exit codes) and to wiremock (the waiter, a documented error code); the README's CLI
//! section run as written.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hwc_cli::{Context, ServiceTable, exit};
use hwc_runtime::{Catalogue, ErrorCodeInfo};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = dcs_standin::ACCESS_KEY;
const SK: &str = dcs_standin::SECRET_KEY;

fn fixed_clock() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

struct Outcome {
    code: u8,
    out: String,
    err: String,
}

fn run_in(
    cwd: &Path,
    clock: Option<fn() -> SystemTime>,
    tables: &[&'static ServiceTable],
    args: &[&str],
) -> Outcome {
    run_full(cwd, clock, tables, &[], "", args)
}

/// A run with these environment variables (and no others) and this standard input.
fn run_full(
    cwd: &Path,
    clock: Option<fn() -> SystemTime>,
    tables: &[&'static ServiceTable],
    env: &[(&str, &str)],
    stdin: &str,
    args: &[&str],
) -> Outcome {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let ctx = Context {
        program: "hwc".into(),
        env: Box::new(move |k| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())),
        cwd: cwd.to_path_buf(),
        clock,
        stdin: std::cell::RefCell::new(Box::new(std::io::Cursor::new(stdin.to_owned()))),
        terminal: false,
    };
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = hwc_cli::run(&args, tables, &ctx, &mut out, &mut err);
    Outcome {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

fn hwc(args: &[&str]) -> Outcome {
    run_in(Path::new("."), None, &[&dcs::operations::TABLE], args)
}

fn standin(records: usize) -> dcs_standin::Standin {
    dcs_standin::Standin::start(dcs_standin::Config::default().with_records(records)).unwrap()
}

/// The options that reach a local server: endpoint, keys, project.
fn local(endpoint: &str) -> Vec<String> {
    vec![
        format!("--cli-endpoint={endpoint}"),
        format!("--cli-access-key={AK}"),
        format!("--cli-secret-key={SK}"),
        "--cli-project-id=p1".into(),
    ]
}

fn call(endpoint: &str, args: &[&str]) -> Outcome {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(local(endpoint));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    hwc(&refs)
}

#[test]
fn help_at_three_levels() {
    let top = hwc(&["--help"]);
    assert_eq!(top.code, exit::OK);
    insta::assert_snapshot!("help_program", top.out);
    let svc = hwc(&["dcs", "--help"]);
    assert_eq!(svc.code, exit::OK);
    insta::assert_snapshot!("help_service", svc.out);
    let op = hwc(&["DCS", "ListBigkeyScanTasks", "--help"]);
    assert_eq!(op.code, exit::OK);
    insta::assert_snapshot!("help_operation", op.out);
}

/// DCS as a binary built without its operations' features: `build` refuses each one.
fn left_out(
    id: &str,
    _input: serde_json::Value,
) -> Result<hwc_runtime::Request, hwc_runtime::table::InputError> {
    let op = dcs::operations::TABLE
        .operation(id)
        .expect("a DCS operation");
    Err(hwc_runtime::table::InputError::not_compiled(op))
}

#[test]
fn help_says_which_operations_this_build_lacks() {
    let full = &dcs::operations::TABLE;
    let slim: &'static ServiceTable = Box::leak(Box::new(ServiceTable {
        build: left_out,
        ..*full
    }));
    let run =
        |table: &'static ServiceTable, args: &[&str]| run_in(Path::new("."), None, &[table], args);
    let svc = run(slim, &["DCS", "--help"]);
    assert!(
        svc.out.contains("ListBigkeyScanTasks") && svc.out.contains("(not in this build)"),
        "{}",
        svc.out
    );
    let op = run(slim, &["DCS", "ListBigkeyScanTasks", "--help"]);
    assert!(op.out.contains("Not in this build"), "{}", op.out);
    // A full build says nothing of the kind.
    for args in [
        &["DCS", "--help"][..],
        &["DCS", "ListBigkeyScanTasks", "--help"],
    ] {
        let o = run(full, args);
        assert!(
            !o.out.to_lowercase().contains("not in this build"),
            "{}",
            o.out
        );
    }
}

#[test]
fn misspelt_names_suggest_the_nearest() {
    let e = hwc(&["DSC", "ListBigkeyScanTasks"]);
    assert_eq!(e.code, exit::USAGE);
    assert!(
        e.err.contains("unknown service `DSC`; did you mean DCS?"),
        "{}",
        e.err
    );
    let e = hwc(&["DCS", "ListBigKeyScanTask"]);
    assert!(
        e.err.contains("did you mean ListBigkeyScanTasks?"),
        "{}",
        e.err
    );
    let e = hwc(&[
        "DCS",
        "ListBigkeyScanTasks",
        "--instance_id=i",
        "--stauts=x",
        "--cli-endpoint=http://127.0.0.1:9",
    ]);
    assert_eq!(e.code, exit::USAGE);
    assert!(e.err.contains("did you mean --status?"), "{}", e.err);
    let e = hwc(&["DCS", "ListBigkeyScanTasks", "--cli-ouput=json"]);
    assert!(e.err.contains("did you mean --cli-output?"), "{}", e.err);
}

#[test]
fn skeleton_to_stdout_and_to_a_file() {
    let s = hwc(&["DCS", "ListBigkeyScanTasks", "--skeleton=-"]);
    assert_eq!(s.code, exit::OK);
    insta::assert_snapshot!("skeleton", s.out);
    let dir = tempfile::tempdir().unwrap();
    let f = run_in(
        dir.path(),
        Some(fixed_clock),
        &[&dcs::operations::TABLE],
        &["DCS", "ListBigkeyScanTasks", "--skeleton"],
    );
    let name = "DCS_ListBigkeyScanTasks_en-20231114221320.json";
    assert!(
        f.out
            .starts_with("Skeleton generated in JSON format. Path: "),
        "{}",
        f.out
    );
    assert!(f.out.trim_end().ends_with(name), "{}", f.out);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(name)).unwrap(),
        s.out
    );
}

#[test]
fn dry_run_prints_the_signed_request_with_secrets_masked() {
    let mut args = vec![
        "DCS",
        "ListBigkeyScanTasks",
        "--instance_id=i-1",
        "--status=success",
        "--limit",
        "5",
        "--dryrun",
    ];
    let opts = [
        "--cli-endpoint=http://127.0.0.1:9".to_owned(),
        format!("--cli-access-key={AK}"),
        format!("--cli-secret-key={SK}"),
        "--cli-security-token=TOKEN-SECRET".to_owned(),
        "--cli-project-id=p1".to_owned(),
    ];
    args.extend(opts.iter().map(String::as_str));
    let d = run_in(
        Path::new("."),
        Some(fixed_clock),
        &[&dcs::operations::TABLE],
        &args,
    );
    assert_eq!(d.code, exit::OK, "{}", d.err);
    assert!(
        !d.out.contains(SK) && !d.out.contains("TOKEN-SECRET"),
        "{}",
        d.out
    );
    insta::assert_snapshot!("dry_run", d.out);
}

#[test]
fn output_formats_and_queries_against_the_standin() {
    let s = standin(3);
    let e = s.endpoint();
    let raw = call(&e, &["DCS", "ListBigkeyScanTasks", "--instance_id=i1"]);
    assert_eq!(raw.code, exit::OK, "{}", raw.err);
    let v: serde_json::Value = serde_json::from_str(&raw.out).unwrap();
    assert_eq!(v["count"], 3);
    // Raw: the body as sent, one line, member order kept.
    assert!(
        raw.out.starts_with("{\"instance_id\":\"i1\",\"count\":3,"),
        "{}",
        raw.out
    );

    let json = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-output=json",
        ],
    );
    assert!(
        json.out
            .starts_with("{\n  \"instance_id\": \"i1\",\n  \"count\": 3,"),
        "{}",
        json.out
    );

    let q = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-query=records[].scan_type",
        ],
    );
    let kinds: Vec<String> = serde_json::from_str(&q.out).unwrap();
    assert_eq!(kinds.len(), 3);

    let t = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-query=records[].{id:id,status:status}",
            "--cli-output=table",
        ],
    );
    let lines: Vec<&str> = t.out.lines().collect();
    assert_eq!(lines.len(), 7, "{}", t.out);
    assert!(lines[1].starts_with("| # | id "), "{}", t.out);

    let tsv = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-query=records[].[id,status]",
            "--cli-output=tsv",
        ],
    );
    assert_eq!(tsv.out.lines().count(), 3);
    assert!(
        tsv.out
            .lines()
            .all(|l| l.split('\t').count() == 2 && l.ends_with("success") || l.contains('\t')),
        "{}",
        tsv.out
    );

    let nonum = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-query=records[].id",
            "--cli-output=table",
            "--cli-output-num=false",
        ],
    );
    assert_eq!(nonum.out.lines().count(), 5, "{}", nonum.out);
    assert!(!nonum.out.contains("| 1 |"), "{}", nonum.out);

    // A query that parses but fails on the response (a function given a number): the call
    // happened, so KooCLI's warning and the unfiltered JSON, and success.
    let bad = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-query=length(count)",
            "--cli-output=table",
        ],
    );
    assert_eq!(bad.code, exit::OK, "{}", bad.err);
    assert!(
        bad.err
            .starts_with("[WARNING] --cli-query `length(count)` failed"),
        "{}",
        bad.err
    );
    let v: serde_json::Value = serde_json::from_str(&bad.out).unwrap();
    assert_eq!(v["count"], 3);
}

#[test]
fn every_page_through_the_paginator() {
    let s = standin(23);
    let all = call(
        &s.endpoint(),
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--limit=10",
            "--cli-all-pages",
            "--cli-query=[length(@), [0].id == [1].id]",
        ],
    );
    assert_eq!(all.code, exit::OK, "{}", all.err);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&all.out).unwrap(),
        serde_json::json!([23, false])
    );
    assert_eq!(s.stats().requests, 3);
}

#[test]
fn debug_shows_each_attempt_with_its_url_and_status() {
    let s = standin(3);
    let e = s.endpoint();
    let one = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--limit=2",
            "--debug",
        ],
    );
    assert_eq!(one.code, exit::OK, "{}", one.err);
    let url = format!("{e}/v2/p1/instances/i1/bigkey-tasks?limit=2");
    assert!(
        one.err.contains(&format!(
            "[debug info] ListBigkeyScanTasks attempt 1: GET {url}\n"
        )),
        "{}",
        one.err
    );
    assert!(
        one.err
            .contains("[debug info] ListBigkeyScanTasks attempt 1: status 200, X-Request-Id "),
        "{}",
        one.err
    );
    // A walk shows every page's request, which --debug used to leave out.
    let all = call(
        &e,
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--limit=2",
            "--cli-all-pages",
            "--debug",
        ],
    );
    assert_eq!(all.code, exit::OK, "{}", all.err);
    assert_eq!(all.err.matches(": status 200, ").count(), 2, "{}", all.err);
    assert!(all.err.contains("offset=2"), "{}", all.err);
}

#[test]
fn json_input_files_follow_koocli_rules() {
    let s = standin(5);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.json"),
        r#"{"path":{"instance_id":"i9"},"query":{"limit":2,"status":"success"}}"#,
    )
    .unwrap();
    let mut args: Vec<String> = [
        "DCS",
        "ListBigkeyScanTasks",
        "--cli-jsonInput=in.json",
        "--cli-query=length(records)",
    ]
    .map(String::from)
    .to_vec();
    args.extend(local(&s.endpoint()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let ok = run_in(dir.path(), None, &[&dcs::operations::TABLE], &refs);
    assert_eq!((ok.code, ok.out.as_str()), (exit::OK, "2\n"), "{}", ok.err);

    // A location from two sources, a wrong type, an unknown name: usage errors naming it.
    let mut both = refs.clone();
    both.push("--offset=1");
    let e = run_in(dir.path(), None, &[&dcs::operations::TABLE], &both);
    assert_eq!(e.code, exit::USAGE);
    assert!(
        e.err.contains("cannot both give query parameters"),
        "{}",
        e.err
    );
    for (text, needle) in [
        (
            r#"{"path":{"instance_id":"i"},"query":{"limit":"2"}}"#,
            "parameter `query.limit`: expected integer, got a string \"2\"",
        ),
        (
            r#"{"path":{"instance_id":"i"},"query":{"limitt":2}}"#,
            "unknown parameter `query.limitt`",
        ),
        (
            r#"{"query":{"limit":2}}"#,
            "missing required parameter `path.instance_id`",
        ),
        (
            r#"{"path":{"instance_id":"i"},"qeury":{}}"#,
            "did you mean `query`?",
        ),
        (r#"{"path":{"instance_id":"i"},"body":{}}"#, "takes none"),
    ] {
        std::fs::write(dir.path().join("bad.json"), text).unwrap();
        let e = run_in(
            dir.path(),
            None,
            &[&dcs::operations::TABLE],
            &[
                "DCS",
                "ListBigkeyScanTasks",
                "--cli-jsonInput=bad.json",
                "--cli-endpoint=http://127.0.0.1:9",
            ],
        );
        assert_eq!(e.code, exit::USAGE, "{text}");
        assert!(e.err.contains(needle), "{text}: {}", e.err);
    }

    // Without a file, the same mistakes name the option to type, not the JSON path.
    for (args, needle) in [
        (
            &["DCS", "ListBigkeyScanTasks", "--limit=2"][..],
            "missing required parameter `--instance_id`",
        ),
        (
            &[
                "DCS",
                "ListBigkeyScanTasks",
                "--instance_id=i",
                "--limit=2.5",
            ][..],
            "--limit",
        ),
    ] {
        let mut all: Vec<&str> = args.to_vec();
        all.push("--cli-endpoint=http://127.0.0.1:9");
        let e = hwc(&all);
        assert_eq!(e.code, exit::USAGE, "{args:?}");
        assert!(e.err.contains(needle), "{args:?}: {}", e.err);
        assert!(
            !e.err.contains("path.") && !e.err.contains("query."),
            "{}",
            e.err
        );
    }
}

#[test]
fn exit_codes_for_service_network_and_usage_errors() {
    let s = standin(1);
    let bad = call(
        &s.endpoint(),
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--offset=-1",
        ],
    );
    assert_eq!(bad.code, exit::SERVICE);
    assert!(bad.err.contains("answered HTTP 400"), "{}", bad.err);
    assert!(bad.err.contains("error_code: DCS.4800"), "{}", bad.err);
    assert!(bad.err.contains("request_id: "), "{}", bad.err);

    // Wrong keys: the stand-in refuses the signature.
    let denied = hwc(&[
        "DCS",
        "ListBigkeyScanTasks",
        "--instance_id=i1",
        &format!("--cli-endpoint={}", s.endpoint()),
        "--cli-access-key=AK",
        "--cli-secret-key=nope",
        "--cli-project-id=p",
    ]);
    assert_eq!(denied.code, exit::SERVICE);
    assert!(denied.err.contains("APIGW.0301"), "{}", denied.err);
    assert!(!denied.err.contains("nope") && !denied.out.contains("nope"));

    // Nothing listens on port 9 of the loopback.
    let down = call(
        "http://127.0.0.1:9",
        &["DCS", "ListBigkeyScanTasks", "--instance_id=i1"],
    );
    assert_eq!(down.code, exit::NETWORK, "{}", down.err);
    assert!(down.err.starts_with("[NETWORK_ERROR]"), "{}", down.err);

    let usage = hwc(&[
        "DCS",
        "ListBigkeyScanTasks",
        "--instance_id=i1",
        "--limit=ten",
    ]);
    assert_eq!(usage.code, exit::USAGE);
    assert!(
        usage.err.contains("`--limit=ten`: expected an integer"),
        "{}",
        usage.err
    );
    let no_region = hwc(&["DCS", "ListBigkeyScanTasks", "--instance_id=i1"]);
    assert_eq!(no_region.code, exit::USAGE);
    assert!(
        no_region.err.contains("Specify cli-region"),
        "{}",
        no_region.err
    );
}

static CODES: Catalogue = Catalogue::new(&[ErrorCodeInfo::new(
    Some(400),
    "DCS.4919",
    "Does not support bigkey analyze.",
    "该实例不支持大key分析。",
    "请使用Redis 4.0及以上版本的实例。",
)]);

static WITH_CODES: ServiceTable = ServiceTable {
    name: "dcs",
    service: dcs::SERVICE,
    operations: &dcs::operations::OPERATIONS,
    catalogue: &CODES,
    build: dcs::operations::build,
};

#[tokio::test(flavor = "multi_thread")]
async fn service_errors_show_what_the_catalogue_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("/bigkey-tasks$"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-42")
                .set_body_string(
                    r#"{"error_code":"DCS.4919","error_msg":"Does not support bigkey analyze."}"#,
                ),
        )
        .mount(&server)
        .await;
    let uri = server.uri();
    let out = tokio::task::spawn_blocking(move || {
        let mut args: Vec<String> = ["DCS", "ListBigkeyScanTasks", "--instance_id=i1"]
            .map(String::from)
            .to_vec();
        args.extend(local(&uri));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        run_in(Path::new("."), None, &[&WITH_CODES], &refs)
    })
    .await
    .unwrap();
    assert_eq!(out.code, exit::SERVICE);
    insta::assert_snapshot!("service_error", out.err);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_waiter_polls_until_the_value_and_times_out_with_the_last_one() {
    let server = MockServer::start().await;
    let body = |status: &str| {
        ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"count":1,"records":[{{"id":"t1","status":"{status}"}}]}}"#
        ))
    };
    Mock::given(method("GET"))
        .respond_with(body("running"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(body("success"))
        .with_priority(2)
        .mount(&server)
        .await;
    let uri = server.uri();
    let waited = tokio::task::spawn_blocking(move || {
        call(&uri, &["DCS", "ListBigkeyScanTasks", "--instance_id=i1", "--cli-query=records[0].status", r#"--cli-waiter={"expr":"records[0].status","to":"success","timeout":30,"interval":2}"#])
    })
    .await
    .unwrap();
    assert_eq!(waited.code, exit::OK, "{}", waited.err);
    assert_eq!(waited.out, "\"success\"\n");
    assert!(
        waited.err.contains("reached the expected value `success`"),
        "{}",
        waited.err
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let uri = server.uri();
    let timed_out = tokio::task::spawn_blocking(move || {
        call(&uri, &["DCS", "ListBigkeyScanTasks", "--instance_id=i1", r#"--cli-waiter={"expr":"records[0].status","to":"failed","timeout":1,"interval":2}"#])
    })
    .await
    .unwrap();
    assert_eq!(timed_out.code, exit::WAITER_TIMEOUT);
    assert!(
        timed_out
            .err
            .contains("`records[0].status` was `success`, not `failed`, after 1 call(s)"),
        "{}",
        timed_out.err
    );
}

#[test]
fn completion_scripts_and_candidates() {
    for shell in ["bash", "zsh", "fish"] {
        let s = hwc(&["completion", shell]);
        assert_eq!(s.code, exit::OK);
        assert!(s.out.contains("hwc __complete"), "{shell}: {}", s.out);
    }
    assert_eq!(hwc(&["completion", "tcsh"]).code, exit::USAGE);
    assert_eq!(hwc(&["__complete", "d"]).out, "DCS\n");
    assert_eq!(
        hwc(&["__complete", "DCS", "listb"]).out,
        "ListBigkeyScanTasks\n"
    );
    assert_eq!(
        hwc(&["__complete", "DCS", "ListBigkeyScanTasks", "--st"]).out,
        "--status=\n"
    );
    assert_eq!(
        hwc(&["__complete", "DCS", "ListBigkeyScanTasks", "--cli-reg"]).out,
        "--cli-region=\n"
    );
}

/// Splits a README command line as a POSIX shell would for these simple cases: words
/// separated by spaces, single and double quotes grouping.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[test]
fn the_readme_cli_section_runs_as_written() {
    let readme = include_str!("../../../README.md");
    let section = readme
        .split("<!-- cli-example:begin -->")
        .nth(1)
        .and_then(|s| s.split("<!-- cli-example:end -->").next())
        .expect("README has a CLI example section");
    let s = standin(2);
    let port = s.endpoint().rsplit(':').next().unwrap().to_owned();
    let mut checked = 0;
    let mut lines = section.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(cmd) = line.strip_prefix("$ ") else {
            continue;
        };
        let mut expected = String::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("$ ") || next.starts_with("```") {
                break;
            }
            expected.push_str(lines.next().unwrap());
            expected.push('\n');
        }
        let cmd = cmd.replace("127.0.0.1:8080", &format!("127.0.0.1:{port}"));
        let words = shell_words(&cmd);
        assert_eq!(words[0], "hwc", "{cmd}");
        let refs: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let got = hwc(&refs);
        assert_eq!(got.code, exit::OK, "{cmd}: {}", got.err);
        assert_eq!(got.out, expected, "{cmd}");
        checked += 1;
    }
    assert!(
        checked >= 3,
        "only {checked} commands in the README's CLI section"
    );
}

/// Runs with the profile file `config` (through `HWC_CONFIG_FILE`) and `stdin`.
fn with_profiles(config: &Path, stdin: &str, args: &[&str]) -> Outcome {
    let file = config.to_str().unwrap();
    run_full(
        Path::new("."),
        None,
        &[&dcs::operations::TABLE],
        &[("HWC_CONFIG_FILE", file)],
        stdin,
        args,
    )
}

/// Every output of `o`, to check that no secret is in it.
fn everything(o: &Outcome) -> String {
    format!("{}{}", o.out, o.err)
}

#[test]
fn configure_keeps_profiles_and_never_prints_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("hwc").join("config.json");
    let secret = "Profile-Secret-Key-0123456789";
    let set = with_profiles(
        &cfg,
        "",
        &[
            "configure",
            "set",
            "--cli-profile=work",
            "--cli-mode=AKSK",
            "--cli-region=cn-north-4",
            "--cli-access-key=HPUAWORKAK000000",
            &format!("--cli-secret-key={secret}"),
            "--cli-project-id=work-project",
            "--cli-read-timeout=30",
            "--cli-retry-count=2",
        ],
    );
    assert_eq!(set.code, exit::OK, "{}", set.err);
    assert!(
        set.out.starts_with("Added profile `work` in "),
        "{}",
        set.out
    );

    // init: the access key, the secret key twice and the region, from standard input.
    let init = with_profiles(
        &cfg,
        &format!("HPUAHOMEAK000000\n{secret}-2\n{secret}-2\nap-southeast-1\n"),
        &["configure", "init", "--cli-profile=home"],
    );
    assert_eq!(init.code, exit::OK, "{}", init.err);
    assert!(
        init.err.contains("Secret Access Key (again): "),
        "{}",
        init.err
    );

    let list = with_profiles(&cfg, "", &["configure", "list"]);
    assert_eq!(list.code, exit::OK, "{}", list.err);
    insta::assert_snapshot!("configure_list", list.out);
    let show = with_profiles(&cfg, "", &["configure", "show", "--cli-profile=work"]);
    insta::assert_snapshot!("configure_show", show.out);
    let q = with_profiles(
        &cfg,
        "",
        &[
            "configure",
            "list",
            "--cli-query=profiles[].name",
            "--cli-output=tsv",
        ],
    );
    assert_eq!(q.out, "work\nhome\n");
    for o in [&set, &init, &list, &show, &q] {
        assert!(!everything(o).contains(secret), "{}", everything(o));
        assert!(!everything(o).contains("WORKAK000000"), "{}", everything(o));
    }
    // The file itself holds them, readable by its owner only.
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains(secret));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cfg).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Secret keys that differ: nothing saved.
    let bad = with_profiles(&cfg, "AK\nsk-1\nsk-2\nr\n", &["configure", "init"]);
    assert_eq!(bad.code, exit::USAGE);
    assert!(
        bad.err.contains("the two secret keys differ"),
        "{}",
        bad.err
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), text);

    // The default is the last changed; deleted, the oldest remaining takes over.
    let shown = |o: &Outcome| -> serde_json::Value { serde_json::from_str(&o.out).unwrap() };
    let current = with_profiles(&cfg, "", &["configure", "show"]);
    assert_eq!(shown(&current)["name"], "home");
    with_profiles(
        &cfg,
        "",
        &[
            "configure",
            "set",
            "--cli-profile=work",
            "--cli-region=cn-east-3",
        ],
    );
    assert_eq!(
        shown(&with_profiles(&cfg, "", &["configure", "show"]))["name"],
        "work"
    );
    with_profiles(&cfg, "", &["configure", "set", "--cli-profile=third"]);
    let del = with_profiles(&cfg, "", &["configure", "delete", "--cli-profile=third"]);
    assert_eq!(del.code, exit::OK, "{}", del.err);
    assert!(
        del.out.contains("the default profile is `work`"),
        "{}",
        del.out
    );
    let ok = with_profiles(&cfg, "", &["configure", "test"]);
    assert_eq!(ok.code, exit::OK, "{}", ok.err);
    assert!(
        ok.out.contains("valid, 2 profile(s), default `work`"),
        "{}",
        ok.out
    );

    let help = with_profiles(&cfg, "", &["configure", "--help"]);
    assert_eq!(help.code, exit::OK);
    assert!(
        help.out.contains("oldest remaining one takes over"),
        "{}",
        help.out
    );
    // Usage errors name what is wrong.
    let e = with_profiles(&cfg, "", &["configure", "delete", "--cli-profile=wrok"]);
    assert!(
        e.err.contains("unknown profile `wrok`; did you mean work?"),
        "{}",
        e.err
    );
    let e = with_profiles(&cfg, "", &["configure", "sett"]);
    assert!(e.err.contains("did you mean set?"), "{}", e.err);
    let e = with_profiles(&cfg, "", &["configure", "set", "--cli-retry-count=9"]);
    assert!(
        e.err.contains("--cli-retry-count takes 0 to 5"),
        "{}",
        e.err
    );
    let e = with_profiles(&cfg, "", &["configure", "set", "--cli-access-key=A"]);
    assert!(e.err.contains("must be given together"), "{}", e.err);
    std::fs::write(&cfg, "{\"profiles\": [}").unwrap();
    let e = with_profiles(&cfg, "", &["configure", "test"]);
    assert_eq!(e.code, exit::USAGE);
    assert!(e.err.contains("config.json, line 1, column"), "{}", e.err);
}

#[test]
fn profiles_feed_api_commands_with_koocli_precedence() {
    let s = standin(2);
    let e = s.endpoint();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.json");
    let set = |args: &[&str]| {
        let mut all = vec!["configure", "set"];
        all.extend_from_slice(args);
        let o = with_profiles(&cfg, "", &all);
        assert_eq!(o.code, exit::OK, "{}", o.err);
    };
    let ak = format!("--cli-access-key={AK}");
    let sk = format!("--cli-secret-key={SK}");
    set(&[
        "--cli-profile=good",
        &ak,
        &sk,
        "--cli-project-id=from-profile",
        "--cli-read-timeout=30",
        "--cli-retry-count=2",
    ]);
    set(&[
        "--cli-profile=wrong",
        "--cli-access-key=HPUAWRONGAK00000",
        "--cli-secret-key=wrong-secret-key",
        "--cli-region=cn-north-4",
        // given, so that no call asks IAM for it: tests stay on the loopback
        "--cli-project-id=p1",
    ]);
    let endpoint = format!("--cli-endpoint={e}");
    let list = |extra: &[&str]| {
        let mut all = vec![
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--cli-query=count",
            endpoint.as_str(),
        ];
        all.extend_from_slice(extra);
        with_profiles(&cfg, "", &all)
    };
    // The default profile (`wrong`, the last added) signs: the stand-in refuses it.
    let refused = list(&[]);
    assert_eq!(refused.code, exit::SERVICE, "{}", refused.err);
    // --cli-profile picks another one.
    let good = list(&["--cli-profile=good", "--debug"]);
    assert_eq!(
        (good.code, good.out.as_str()),
        (exit::OK, "2\n"),
        "{}",
        good.err
    );
    // Limits: the profile's, else the defaults; the command line's beat both.
    assert!(
        good.err
            .contains("connect timeout 5 s, read timeout 30 s, 2 retries, profile `good`"),
        "{}",
        good.err
    );
    let limits = list(&[
        "--cli-profile=good",
        "--debug",
        "--cli-read-timeout=7",
        "--cli-retry-count=0",
    ]);
    assert!(
        limits
            .err
            .contains("connect timeout 5 s, read timeout 7 s, 0 retries"),
        "{}",
        limits.err
    );
    // Keys on the command line beat the profile's, even with --cli-profile.
    let flags = list(&["--cli-profile=wrong", &ak, &sk, "--cli-project-id=p1"]);
    assert_eq!(
        (flags.code, flags.out.as_str()),
        (exit::OK, "2\n"),
        "{}",
        flags.err
    );
    // The profile's project id, unless the command line gives one.
    let dry = |extra: &[&str]| {
        let mut all = vec![
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--dryrun",
            "--cli-profile=good",
            endpoint.as_str(),
        ];
        all.extend_from_slice(extra);
        with_profiles(&cfg, "", &all)
    };
    let d = dry(&[]);
    assert!(
        d.out.contains("/v2/from-profile/instances/i1/"),
        "{}",
        d.out
    );
    assert!(!everything(&d).contains(SK), "{}", d.out);
    let d = dry(&["--cli-project-id=flag-project"]);
    assert!(
        d.out.contains("/v2/flag-project/instances/i1/"),
        "{}",
        d.out
    );
    // The profile's region picks the endpoint when there is no --cli-endpoint.
    let r = with_profiles(
        &cfg,
        "",
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--dryrun",
            "--cli-project-id=p",
        ],
    );
    assert!(
        r.out.contains("https://dcs.cn-north-4.myhuaweicloud.com/"),
        "{}",
        r.out
    );
    let r = with_profiles(
        &cfg,
        "",
        &[
            "DCS",
            "ListBigkeyScanTasks",
            "--instance_id=i1",
            "--dryrun",
            "--cli-project-id=p",
            "--cli-region=ap-southeast-1",
        ],
    );
    assert!(
        r.out
            .contains("https://dcs.ap-southeast-1.myhuaweicloud.com/"),
        "{}",
        r.out
    );
    // A name the hwc file does not have is a section of ~/.huaweicloud/credentials.
    let other = list(&["--cli-profile=elsewhere"]);
    assert_eq!(other.code, exit::USAGE);
    assert!(other.err.contains("profile file"), "{}", other.err);
    // It says first that no hwc profile has the name (a typo reads as one), and which do.
    assert!(
        other.err.contains("no hwc profile is named `elsewhere` ("),
        "{}",
        other.err
    );
    for o in [&refused, &good, &flags, &other] {
        assert!(
            !everything(o).contains("wrong-secret-key"),
            "{}",
            everything(o)
        );
        assert!(!everything(o).contains(SK), "{}", everything(o));
    }
}

#[test]
fn an_interactive_session_reads_command_lines_from_a_pipe() {
    let s = standin(2);
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.json");
    let ak = format!("--cli-access-key={AK}");
    let sk = format!("--cli-secret-key={SK}");
    let set = with_profiles(
        &cfg,
        "",
        &[
            "configure",
            "set",
            "--cli-profile=p",
            &ak,
            &sk,
            "--cli-project-id=p1",
        ],
    );
    assert_eq!(set.code, exit::OK, "{}", set.err);
    let e = s.endpoint();
    let session = format!(
        "# a comment, then a blank line\n\n\
         DCS ListBigkeyScanTasks --instance_id=i1 --cli-query=count --cli-endpoint={e}\n\
         hwc dcs ListBigkeyScanTasks --instance_id i1 --cli-query=\"records[0].status\" --cli-endpoint {e}\n\
         DCS ListBigkeyScanTask --instance_id=i1\n\
         DCS ListBigkeyScanTasks --instance_id='i1\n\
         exit\n\
         DCS ListBigkeyScanTasks --instance_id=never --cli-endpoint={e}\n"
    );
    let o = with_profiles(&cfg, &session, &["--interactive"]);
    assert_eq!(o.out, "2\n\"success\"\n", "{}", o.err);
    assert!(
        o.err.contains("did you mean ListBigkeyScanTasks?"),
        "{}",
        o.err
    );
    assert!(o.err.contains("unbalanced quotes"), "{}", o.err);
    // the exit code of the last line that failed; nothing after `exit` ran
    assert_eq!(o.code, exit::USAGE);
    assert_eq!(s.stats().requests, 2);
    let clean = with_profiles(&cfg, "version\n", &["--interactive"]);
    assert_eq!(clean.code, exit::OK, "{}", clean.err);
    let extra = with_profiles(&cfg, "", &["DCS", "--interactive"]);
    assert_eq!(extra.code, exit::USAGE);
}

/// Output that takes `room` bytes, then fails every write as a closed pipe (`| head`) or
/// another error would, counting the writes it refused.
struct ClosingOutput {
    room: usize,
    kind: std::io::ErrorKind,
    refused: usize,
}

impl std::io::Write for ClosingOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            self.refused += 1;
            return Err(self.kind.into());
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `args` with standard input `stdin`, the output closing after `room` bytes.
fn run_closing(args: &[&str], stdin: &str, room: usize, kind: std::io::ErrorKind) -> ClosedRun {
    let ctx = Context {
        program: "hwc".into(),
        env: Box::new(|_| None),
        cwd: Path::new(".").to_path_buf(),
        clock: None,
        stdin: std::cell::RefCell::new(Box::new(std::io::Cursor::new(stdin.to_owned()))),
        terminal: false,
    };
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out = ClosingOutput {
        room,
        kind,
        refused: 0,
    };
    let mut err = Vec::new();
    let code = hwc_cli::run(&args, &[&dcs::operations::TABLE], &ctx, &mut out, &mut err);
    ClosedRun {
        code,
        err: String::from_utf8(err).unwrap(),
        refused: out.refused,
    }
}

struct ClosedRun {
    code: u8,
    err: String,
    refused: usize,
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    // `hwc DCS --help | head -3`: the help is longer than what head reads.
    let o = run_closing(&["DCS", "--help"], "", 40, std::io::ErrorKind::BrokenPipe);
    assert_eq!((o.code, o.err.as_str()), (exit::OK, ""));
    assert_eq!(o.refused, 1, "one refused write ends the command");

    // Any other write error is still an error, with its cause.
    let o = run_closing(&["DCS", "--help"], "", 40, std::io::ErrorKind::StorageFull);
    assert_eq!(o.code, exit::CLI);
    assert!(
        o.err.starts_with("[CLI_ERROR] cannot write the output: "),
        "{}",
        o.err
    );

    // A session whose reader went away stops instead of running the lines left.
    let lines = "DCS --help\nDCS --help\nDCS --help\n";
    let o = run_closing(&["--interactive"], lines, 0, std::io::ErrorKind::BrokenPipe);
    assert_eq!((o.code, o.err.as_str()), (exit::OK, ""));
    assert_eq!(o.refused, 1, "the lines after the first were not run");
}
