//! Whole `ListBigkeyScanTasks` calls against the local stand-in (`crates/dcs-standin`) on
//! loopback, measured in interleaved rounds so that contenders are compared at the same time.
//!
//! ```text
//! cargo bench -p dcs --bench calls -- [--quick] [--rounds N] [--round-time SECS] [--json FILE]
//!                                     [--case NAME]... [--contender NAME]...
//!                                     [--python CMD ARGS...]
//! bench/run.sh                        # the full comparison, pinned, one command
//! ```
//!
//! The machine this runs on drifts by ±30 % over minutes, so benchmarks measured one after
//! another cannot be divided by each other. Here every round runs every contender of a case
//! once for the round time (default 0.2 s, 3× that for 1000 records; 15 rounds; `--quick`:
//! 5 rounds of 0.1 s), in an order rotated by one each round (round `r` starts at contender
//! `r mod k`), after one unrecorded warm-up run per contender; ratios are computed per round,
//! from runs adjacent in time, and summarised by their median and interquartile range.
//!
//! Cases: `documented_seq`, `documented_c16` (the page's documented 1-record answer, one call
//! at a time and from 16 spawned tasks sharing one client), `records1000_seq`,
//! `records1000_c16` (`limit=1000` against 1000 generated records, about 190 KB of JSON);
//! `--case NAME` and `--contender NAME` (repeatable) run only the cases and contenders named
//! (to profile one, or count its instructions under callgrind). Contenders:
//!
//! - `dcs`: the generated client (signed, retries and timeouts on, lenient typed decoding);
//! - `floor`: the same call by hand, plain `reqwest` + `serde_json` into hand-written structs,
//!   unsigned;
//! - `python`: the official Python SDK (only with `--python CMD ARGS...`: a long-lived process,
//!   `bench/python_sdk.py --serve`, given `--documented URL --records1000 URL` and asked for one
//!   sample at a time on stdin; its CPU time is the whole process's);
//! - in `documented_seq` (and in `documented_c16` when one of them is named with
//!   `--contender`), `dcs_unsigned` (the generated client without credentials) and
//!   `floor_signed` (the floor carrying a valid precomputed signature, which the stand-in
//!   verifies): where the documented call's time goes;
//! - in the documented cases, only when named with `--contender`: `dcs_untimed`, the generated
//!   client on a `reqwest` client without a per-request timeout (`ClientBuilder::http_client`):
//!   what the per-attempt timeout's timer (120 s by default, as the official SDKs) costs.
//!
//! Every run records calls completed, wall-clock seconds and the CPU time of the client thread
//! (`CLOCK_THREAD_CPUTIME_ID`; the client runs on tokio's current-thread runtime, so that thread
//! is the whole client). The table goes to stderr; `--json FILE` writes every run:
//!
//! ```text
//! {"rounds": N, "round_time_s": T, "cases": {CASE: {"round_time_s": T_CASE,
//!   "contenders": {NAME: {"calls_per_s": [per round], "cpu_us_per_call": [per round]}},
//!   "ratios": {"floor_over_dcs": [per round], "floor_over_dcs_cpu": [...],
//!              "dcs_over_python": [...], "dcs_over_python_cpu": [...], ...}}}}
//! ```
//!
//! `X_over_Y` is X's calls/s ÷ Y's in the same round; `X_over_Y_cpu` the same with calls per
//! CPU second, i.e. Y's CPU time per call ÷ X's (both > 1 where Y is the slower or costlier).
//!
//! The stand-ins are the ones at `$DCS_STANDIN_DOCUMENTED` and `$DCS_STANDIN_RECORDS1000`
//! when set (bench/run.sh starts them pinned to their own core), else started in-process.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use common::{
    Run, Target, concurrent, dcs_call, dcs_client, dcs_client_unsigned, floor_call,
    floor_call_with, floor_url, precomputed_signature, process_cpu_time, sequential, target,
};
use serde_json::{Value, json};

/// Command-line options.
struct Options {
    rounds: usize,
    /// Seconds per contender per round for the documented answer (3× for 1000 records).
    round_time: f64,
    json: Option<PathBuf>,
    /// The Python SDK's serve command, when given.
    python: Option<Vec<String>>,
    /// Only these cases (`--case NAME`, repeatable); every case when empty. For profiling
    /// one case, or comparing two builds on the case at issue.
    only: Vec<String>,
    /// Only these contenders (`--contender NAME`, repeatable); all when empty. Under
    /// `valgrind --tool=callgrind` this makes the client thread's instructions one
    /// contender's.
    contenders: Vec<String>,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let (mut quick, mut rounds, mut round_time, mut json, mut python) =
        (false, None, None, None, None);
    let (mut only, mut contenders) = (Vec::new(), Vec::new());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => quick = true,
            "--rounds" => {
                let v = args.next().expect("--rounds N");
                rounds = Some(v.parse::<usize>().expect("--rounds: a whole number"));
            }
            "--round-time" => {
                let v = args.next().expect("--round-time SECS");
                round_time = Some(v.parse::<f64>().expect("--round-time: seconds"));
            }
            "--json" => json = Some(PathBuf::from(args.next().expect("--json FILE"))),
            "--case" => only.push(args.next().expect("--case NAME")),
            "--contender" => contenders.push(args.next().expect("--contender NAME")),
            "--python" => {
                // Everything after it, but `--bench`, which cargo appends to every bench's
                // arguments.
                let cmd: Vec<String> = args.by_ref().filter(|a| a != "--bench").collect();
                assert!(!cmd.is_empty(), "--python CMD ARGS...");
                python = Some(cmd);
            }
            // `--bench` from cargo, criterion-style filters: not ours.
            _ => {}
        }
    }
    let options = Options {
        rounds: rounds.unwrap_or(if quick { 5 } else { 15 }),
        round_time: round_time.unwrap_or(if quick { 0.1 } else { 0.2 }),
        json,
        python,
        only,
        contenders,
    };
    assert!(options.rounds >= 1, "--rounds must be at least 1");
    assert!(
        options.round_time > 0.0,
        "--round-time must be a positive number of seconds"
    );
    options
}

/// The official Python SDK in a process of its own, answering one sample per request.
struct Python {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// Per sample: this harness process's own CPU time while Python sampled, as a share of
    /// the sample's wall time. The harness blocks on Python's answer and must not compete
    /// with it for the core they share; this proves it did not.
    harness_share: Vec<f64>,
}

impl Python {
    /// Starts `cmd` with the stand-ins' URLs appended and waits for its `ready`.
    fn start(cmd: &[String], documented: &str, records1000: &str) -> Python {
        let mut child = Command::new(&cmd[0])
            .args(&cmd[1..])
            .args(["--documented", documented, "--records1000", records1000])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {cmd:?}: {e}"));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut py = Python {
            child,
            stdin,
            stdout,
            harness_share: Vec::new(),
        };
        loop {
            let line = py.line();
            if line == "ready" {
                return py;
            }
            eprintln!("python: {line}");
        }
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        let n = self.stdout.read_line(&mut line).expect("read from python");
        assert!(n > 0, "the python process exited");
        line.trim().to_owned()
    }

    /// One sample of `case` lasting about `seconds`.
    fn sample(&mut self, case: &str, seconds: f64) -> Sample {
        let (cpu0, wall0) = (process_cpu_time(), std::time::Instant::now());
        let sample = self.ask(case, seconds);
        let (cpu, wall) = (process_cpu_time() - cpu0, wall0.elapsed());
        self.harness_share
            .push(cpu.as_secs_f64() / wall.as_secs_f64().max(1e-9));
        sample
    }

    fn ask(&mut self, case: &str, seconds: f64) -> Sample {
        writeln!(self.stdin, "{case} {seconds}").expect("write to python");
        self.stdin.flush().expect("write to python");
        loop {
            let line = self.line();
            let Ok(v) = serde_json::from_str::<Value>(&line) else {
                eprintln!("python: {line}");
                continue;
            };
            let num = |k: &str| {
                v[k].as_f64()
                    .unwrap_or_else(|| panic!("python answered {line}: no {k}"))
            };
            return Sample {
                calls_per_s: num("calls") / num("seconds"),
                cpu_us_per_call: num("cpu_us_per_call"),
            };
        }
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        let _ = self.child.wait();
    }
}

/// What one run of a contender gave.
#[derive(Debug, Clone, Copy)]
struct Sample {
    calls_per_s: f64,
    cpu_us_per_call: f64,
}

impl From<Run> for Sample {
    fn from(r: Run) -> Sample {
        Sample {
            calls_per_s: r.calls_per_s(),
            cpu_us_per_call: r.cpu_us_per_call(),
        }
    }
}

/// One way of making the call.
enum Contender {
    /// The generated client (signed, or not: `dcs_unsigned`).
    Dcs(dcs::Client),
    /// The hand-written floor, with extra headers (a precomputed signature) when given.
    Floor {
        http: reqwest::Client,
        url: String,
        headers: Option<http::HeaderMap>,
    },
    /// The Python SDK process.
    Python,
}

/// One case: a response and a way of calling (sequential or 16 tasks).
struct Case {
    name: String,
    concurrent: bool,
    limit: Option<i32>,
    time: Duration,
    contenders: Vec<(&'static str, Contender)>,
}

fn run<F, Fut>(rt: &tokio::runtime::Runtime, case: &Case, call: F) -> Run
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: Send,
{
    if case.concurrent {
        concurrent(rt, case.time, call)
    } else {
        sequential(rt, case.time, call)
    }
}

/// One run of `contender` for the case's round time.
fn measure(
    rt: &tokio::runtime::Runtime,
    case: &Case,
    contender: &Contender,
    python: &mut Option<Python>,
) -> Sample {
    match contender {
        Contender::Dcs(client) => {
            let (client, limit) = (client.clone(), case.limit);
            run(rt, case, move || dcs_call(client.clone(), limit)).into()
        }
        Contender::Floor { http, url, headers } => {
            let (http, url, headers) = (http.clone(), url.clone(), headers.clone());
            match headers {
                None => run(rt, case, move || floor_call(http.clone(), url.clone())).into(),
                Some(h) => run(rt, case, move || {
                    floor_call_with(http.clone(), url.clone(), Some(h.clone()))
                })
                .into(),
            }
        }
        Contender::Python => python
            .as_mut()
            .expect("python contender without a python process")
            .sample(&case.name, case.time.as_secs_f64()),
    }
}

/// Median and quartiles (linear interpolation between closest ranks, as Python's
/// `statistics.quantiles(method="inclusive")`): `(p25, median, p75)`.
fn quartiles(xs: &[f64]) -> (f64, f64, f64) {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let pos = q * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
    };
    (at(0.25), at(0.5), at(0.75))
}

/// A number with thousands separators and sensible precision.
fn fmt_num(x: f64) -> String {
    if x < 10.0 {
        return format!("{x:.2}");
    }
    if x < 100.0 {
        return format!("{x:.1}");
    }
    let s = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn cell(xs: &[f64], unit: &str) -> String {
    let (lo, med, hi) = quartiles(xs);
    format!("{}{unit} [{}–{}]", fmt_num(med), fmt_num(lo), fmt_num(hi))
}

/// [`dcs_client`] on a `reqwest` client without a per-request timeout (the runtime's own
/// sets the per-attempt timeout there; redirects off, as the runtime sets them).
fn dcs_client_untimed(endpoint: &str) -> dcs::Client {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    dcs::Client::builder()
        .endpoint(endpoint)
        .http_client(http)
        .credentials(
            dcs::Credentials::new(dcs_standin::ACCESS_KEY, dcs_standin::SECRET_KEY)
                .with_project_id(dcs_standin::PROJECT_ID),
        )
        .build()
        .expect("client")
}

fn main() {
    let opts = options();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let documented = target("DCS_STANDIN_DOCUMENTED", None);
    let records1000 = target("DCS_STANDIN_RECORDS1000", Some(1000));
    let mut python = opts
        .python
        .as_ref()
        .map(|cmd| Python::start(cmd, &documented.endpoint, &records1000.endpoint));

    let http = reqwest::Client::new();
    let mut cases = Vec::new();
    for (name, t, limit, expect, factor) in [
        ("documented", &documented, None, 1, 1.0),
        ("records1000", &records1000, Some(1000), 1000, 3.0),
    ] {
        let t: &Target = t;
        let client = dcs_client(&t.endpoint);
        let url = floor_url(&t.endpoint, limit);
        // Both sides really get the full answer before anything is timed.
        let ours = rt.block_on(dcs_call(client.clone(), limit));
        let floor = rt.block_on(floor_call(http.clone(), url.clone()));
        assert_eq!(ours.records.map(|r| r.len()), Some(expect), "{name}: dcs");
        assert_eq!(
            floor.records.map(|r| r.len()),
            Some(expect),
            "{name}: floor"
        );
        for concurrent in [false, true] {
            let floor = Contender::Floor {
                http: http.clone(),
                url: url.clone(),
                headers: None,
            };
            let mut contenders = vec![("dcs", Contender::Dcs(client.clone())), ("floor", floor)];
            if python.is_some() {
                contenders.push(("python", Contender::Python));
            }
            let named = |n: &str| opts.contenders.iter().any(|c| c == n);
            if name == "documented" && named("dcs_untimed") {
                contenders.push((
                    "dcs_untimed",
                    Contender::Dcs(dcs_client_untimed(&t.endpoint)),
                ));
            }
            if name == "documented"
                && (!concurrent || named("dcs_unsigned") || named("floor_signed"))
            {
                let unsigned = dcs_client_unsigned(&t.endpoint);
                let ours = rt.block_on(dcs_call(unsigned.clone(), limit));
                assert_eq!(ours.records.map(|r| r.len()), Some(expect), "dcs_unsigned");
                let headers = precomputed_signature(&rt, &t.endpoint);
                let signed = rt.block_on(floor_call_with(
                    http.clone(),
                    url.clone(),
                    Some(headers.clone()),
                ));
                assert_eq!(
                    signed.records.map(|r| r.len()),
                    Some(expect),
                    "floor_signed"
                );
                contenders.push(("dcs_unsigned", Contender::Dcs(unsigned)));
                contenders.push((
                    "floor_signed",
                    Contender::Floor {
                        http: http.clone(),
                        url: url.clone(),
                        headers: Some(headers),
                    },
                ));
            }
            cases.push(Case {
                name: format!("{name}_{}", if concurrent { "c16" } else { "seq" }),
                concurrent,
                limit,
                time: Duration::from_secs_f64(opts.round_time * factor),
                contenders,
            });
        }
    }

    let known: Vec<String> = cases.iter().map(|c| c.name.clone()).collect();
    for name in &opts.only {
        assert!(
            known.contains(name),
            "--case {name}: the cases are {known:?}"
        );
    }
    cases.retain(|c| opts.only.is_empty() || opts.only.contains(&c.name));
    for case in &mut cases {
        case.contenders
            .retain(|(n, _)| opts.contenders.is_empty() || opts.contenders.iter().any(|c| c == n));
    }
    cases.retain(|c| !c.contenders.is_empty());
    eprintln!(
        "calls: {} rounds, {:.2} s per contender per round ({:.2} s for 1000 records), order \
         rotated each round, after one warm-up run each",
        opts.rounds,
        opts.round_time,
        opts.round_time * 3.0
    );
    let mut report = serde_json::Map::new();
    let mut table = Vec::new();
    for case in &cases {
        let k = case.contenders.len();
        eprintln!(
            "{}: {} contenders, about {:.0} s",
            case.name,
            k,
            (opts.rounds + 1) as f64 * k as f64 * case.time.as_secs_f64()
        );
        for (_, c) in &case.contenders {
            measure(&rt, case, c, &mut python);
        }
        let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); k];
        for r in 0..opts.rounds {
            for i in 0..k {
                let j = (r + i) % k;
                samples[j].push(measure(&rt, case, &case.contenders[j].1, &mut python));
            }
        }

        let series = |name: &str| -> Option<&[Sample]> {
            let j = case.contenders.iter().position(|(n, _)| *n == name)?;
            Some(&samples[j])
        };
        let mut ratios = serde_json::Map::new();
        let mut ratio_rows = Vec::new();
        for (x, y) in [
            ("floor", "dcs"),
            ("dcs", "python"),
            ("floor", "dcs_unsigned"),
            ("floor", "dcs_untimed"),
            ("floor", "floor_signed"),
        ] {
            let (Some(xs), Some(ys)) = (series(x), series(y)) else {
                continue;
            };
            let rate: Vec<f64> = xs
                .iter()
                .zip(ys)
                .map(|(a, b)| a.calls_per_s / b.calls_per_s)
                .collect();
            let cpu: Vec<f64> = xs
                .iter()
                .zip(ys)
                .map(|(a, b)| b.cpu_us_per_call / a.cpu_us_per_call)
                .collect();
            ratio_rows.push((format!("{x}_over_{y}"), cell(&rate, "×"), cell(&cpu, "×")));
            ratios.insert(format!("{x}_over_{y}"), json!(rate));
            ratios.insert(format!("{x}_over_{y}_cpu"), json!(cpu));
        }
        let mut contenders = serde_json::Map::new();
        for ((name, _), s) in case.contenders.iter().zip(&samples) {
            let rate: Vec<f64> = s.iter().map(|s| s.calls_per_s).collect();
            let cpu: Vec<f64> = s.iter().map(|s| s.cpu_us_per_call).collect();
            table.push((
                case.name.clone(),
                name.to_string(),
                cell(&rate, ""),
                cell(&cpu, " µs"),
            ));
            contenders.insert(
                name.to_string(),
                json!({"calls_per_s": rate, "cpu_us_per_call": cpu}),
            );
        }
        for (name, rate, cpu) in ratio_rows {
            table.push((case.name.clone(), name, rate, cpu));
        }
        report.insert(
            case.name.clone(),
            json!({
                "round_time_s": case.time.as_secs_f64(),
                "contenders": contenders,
                "ratios": ratios,
            }),
        );
    }
    if let Some(py) = &python {
        let share = &py.harness_share;
        let max = share.iter().copied().fold(0.0, f64::max);
        eprintln!(
            "harness CPU while Python sampled: {} of the wall time (max {:.2} %, {} samples)",
            cell(&share.iter().map(|x| x * 100.0).collect::<Vec<_>>(), " %"),
            max * 100.0,
            share.len()
        );
        report.insert("harness_cpu_share_during_python".into(), json!(share));
    }
    drop(python);

    eprintln!();
    let header = (
        "case".to_owned(),
        "contender / ratio".to_owned(),
        "calls/s median [p25–p75]".to_owned(),
        "client CPU per call median [p25–p75]".to_owned(),
    );
    let mut last = String::new();
    for (case, name, rate, cpu) in std::iter::once(&header).chain(&table) {
        let shown = if *case == last { "" } else { case.as_str() };
        eprintln!("{shown:<16} {name:<24} {rate:<30} {cpu}");
        last.clone_from(case);
    }
    eprintln!(
        "(ratios are per round: X_over_Y = X calls/s ÷ Y calls/s; in the CPU column, Y's CPU \
         per call ÷ X's)"
    );

    if let Some(path) = &opts.json {
        let out = json!({
            "rounds": opts.rounds,
            "round_time_s": opts.round_time,
            "cases": report,
        });
        let text = serde_json::to_string_pretty(&out).expect("json");
        std::fs::write(path, text + "\n")
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}
