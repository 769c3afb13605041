//! `dcs-standin`: the stand-in as a program.
//!
//! ```text
//! dcs-standin [--port P] [--bind ADDR] [--records N] [--threads T] [--allow-unsigned]
//!             [--ak AK] [--sk SK] [--clock-offset SECS]
//! dcs-standin sign URL [--ak AK] [--sk SK] [--project-id ID]
//! ```
//!
//! The first form serves until killed; it prints one line, `listening on http://ADDR`, once
//! it accepts connections. `sign` prints the headers of a signed `GET URL` (one `Name: value`
//! per line), for curl or a load generator such as wrk.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::SystemTime;

use dcs_standin::{Config, serve};

const USAGE: &str = "usage: dcs-standin [--port P] [--bind ADDR] [--records N] [--threads T] [--allow-unsigned] [--ak AK] [--sk SK] [--clock-offset SECS]
       dcs-standin sign URL [--ak AK] [--sk SK] [--project-id ID]";

fn value<T: std::str::FromStr>(args: &[String], flag: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => {
            let v = args
                .get(i + 1)
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
            v.parse()
                .map(Some)
                .map_err(|_| format!("{flag}: bad value `{v}`\n{USAGE}"))
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("sign") {
        sign(&args[1..])
    } else {
        run(&args)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let port: u16 = value(args, "--port")?.unwrap_or(8080);
    let bind: IpAddr = value(args, "--bind")?.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let threads: usize = value(args, "--threads")?.unwrap_or(1).max(1);
    let mut config = Config {
        records: value(args, "--records")?,
        allow_unsigned: args.iter().any(|a| a == "--allow-unsigned"),
        clock_offset_secs: value(args, "--clock-offset")?.unwrap_or(0),
        ..Config::default()
    };
    if let Some(ak) = value(args, "--ak")? {
        config.access_key = ak;
    }
    if let Some(sk) = value(args, "--sk")? {
        config.secret_key = sk;
    }
    let rt = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    }
    .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async move {
        let addr = SocketAddr::new(bind, port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot read the local address: {e}"))?;
        let what = match config.records {
            Some(n) => format!("{n} generated records"),
            None => "the documented example".to_owned(),
        };
        println!(
            "listening on http://{local} ({what}; AK {}; {threads} thread(s){}{})",
            config.access_key,
            if config.allow_unsigned {
                "; unsigned requests allowed"
            } else {
                ""
            },
            match config.clock_offset_secs {
                0 => String::new(),
                s => format!("; clock {s:+} s from the system's"),
            }
        );
        serve(listener, config, std::future::pending())
            .await
            .map_err(|e| format!("server failed: {e}"))
    })
}

fn sign(args: &[String]) -> Result<(), String> {
    let url = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .ok_or_else(|| format!("sign needs a URL\n{USAGE}"))?;
    let ak: String = value(args, "--ak")?.unwrap_or_else(|| dcs_standin::ACCESS_KEY.to_owned());
    let sk: String = value(args, "--sk")?.unwrap_or_else(|| dcs_standin::SECRET_KEY.to_owned());
    let project: String =
        value(args, "--project-id")?.unwrap_or_else(|| dcs_standin::PROJECT_ID.to_owned());
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("`{url}` is not an http URL"))?;
    let (host, path_query) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let mut req = hwc_runtime::sign::RequestToSign {
        method: "GET".into(),
        scheme: scheme.to_owned(),
        host: host.to_owned(),
        path: path.to_owned(),
        query: dcs_standin::verify::decode_query(query)
            .into_iter()
            .map(|(k, v)| hwc_runtime::sign::QueryParam::text(k, v))
            .collect(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: bytes::Bytes::new(),
    };
    let creds = hwc_runtime::Credentials::new(ak, sk).with_project_id(project);
    hwc_runtime::sign::sign_request(
        &mut req,
        &creds,
        &hwc_runtime::SigningAlgorithm::HmacSha256,
        None,
        SystemTime::now(),
    )
    .map_err(|e| format!("cannot sign: {e}"))?;
    for (k, v) in &req.headers {
        // wrk and curl set Host from the URL.
        if !k.eq_ignore_ascii_case("host") {
            println!("{k}: {v}");
        }
    }
    Ok(())
}
