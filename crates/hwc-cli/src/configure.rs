//! `hwc configure init|set|list|show|delete|test`: KooCLI's profile commands over
//! [`crate::profile`]'s file. Secrets are never printed: `list` and `show` mask them.

use std::io::{BufRead, Write};

use serde_json::{Map, Value, json};

use crate::args::{Flag, OLD_NAMES};
use crate::output::Printer;
use crate::profile::{self, Profile, Store, mask_access_key};
use crate::{Context, Failure};

/// The subcommands, for help and "did you mean".
pub const COMMANDS: [&str; 6] = ["init", "set", "list", "show", "delete", "test"];

/// What `set` stores, by option name.
const SETTABLE: [&str; 11] = [
    "cli-profile",
    "cli-mode",
    "cli-region",
    "cli-access-key",
    "cli-secret-key",
    "cli-security-token",
    "cli-project-id",
    "cli-domain-id",
    "cli-read-timeout",
    "cli-connect-timeout",
    "cli-retry-count",
];

/// The output options `list` and `show` take, as API commands do.
const OUTPUT: [&str; 3] = ["cli-output", "cli-query", "cli-output-num"];

/// Runs `hwc configure SUB [flags]`.
pub fn run(
    ctx: &Context,
    sub: Option<&str>,
    flags: &[Flag],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let Some(sub) = sub else {
        return Err(Failure::Usage(format!(
            "give a configure command: {} configure {}",
            ctx.program,
            COMMANDS.join("|")
        )));
    };
    let path = profile::path(ctx).ok_or_else(|| {
        Failure::Usage(format!(
            "no home folder to keep profiles in: set HOME or {}",
            profile::CONFIG_ENV
        ))
    })?;
    let io = Failure::output;
    match sub {
        "init" => {
            let opts = options(flags, &["cli-profile"])?;
            let name = opt(&opts, "cli-profile").unwrap_or("default").to_owned();
            let mut store = Store::load(&path)?;
            let mut input = ctx.stdin.borrow_mut();
            let p = init(
                store.get(&name).cloned(),
                &name,
                ctx.terminal,
                &mut **input,
                err,
            )?;
            let added = store.put(p);
            store.save(&path)?;
            saved(out, &name, added, &path).map_err(io)
        }
        "set" => {
            let opts = options(flags, &SETTABLE)?;
            let name = opt(&opts, "cli-profile").unwrap_or("default").to_owned();
            let mut store = Store::load(&path)?;
            let p = set(store.get(&name).cloned(), &name, &opts)?;
            let added = store.put(p);
            store.save(&path)?;
            saved(out, &name, added, &path).map_err(io)
        }
        "list" => {
            let opts = options(flags, &OUTPUT)?;
            let store = Store::load(&path)?;
            let profiles: Vec<Value> = store.profiles.iter().map(masked).collect();
            let mut v = Map::new();
            if let Some(c) = &store.current {
                v.insert("current".into(), Value::String(c.clone()));
            }
            v.insert("profiles".into(), Value::Array(profiles));
            printer(&opts)?.value(&Value::Object(v), out, err)
        }
        "show" => {
            let mut allowed = OUTPUT.to_vec();
            allowed.push("cli-profile");
            let opts = options(flags, &allowed)?;
            let store = Store::load(&path)?;
            let p = chosen(&store, opt(&opts, "cli-profile"), &path)?;
            printer(&opts)?.value(&masked(p), out, err)
        }
        "delete" => {
            let opts = options(flags, &["cli-profile"])?;
            let Some(name) = opt(&opts, "cli-profile") else {
                return Err(Failure::Usage(
                    "say which profile: configure delete --cli-profile=NAME".into(),
                ));
            };
            let mut store = Store::load(&path)?;
            chosen(&store, Some(name), &path)?;
            store.delete(name);
            store.save(&path)?;
            match &store.current {
                Some(c) => writeln!(
                    out,
                    "Deleted profile `{name}`; the default profile is `{c}`."
                ),
                None => writeln!(out, "Deleted profile `{name}`; no profile is left."),
            }
            .map_err(io)
        }
        "test" => {
            options(flags, &[])?;
            if !path.exists() {
                return Err(Failure::Usage(format!(
                    "no profile file at {}; add a profile with `{} configure set`",
                    path.display(),
                    ctx.program
                )));
            }
            let store = Store::load(&path)?;
            writeln!(
                out,
                "{}: valid, {} profile(s), default `{}`.",
                path.display(),
                store.profiles.len(),
                store.current.as_deref().unwrap_or("-")
            )
            .map_err(io)
        }
        other => Err(Failure::unknown("configure command", other, COMMANDS)),
    }
}

/// The flags as `cli-` options, each one of `allowed` (old names without the prefix too).
fn options(flags: &[Flag], allowed: &[&str]) -> Result<Vec<(String, String)>, Failure> {
    let mut found: Vec<(String, String)> = Vec::new();
    for f in flags {
        let name = if OLD_NAMES.contains(&f.name.as_str()) {
            format!("cli-{}", f.name)
        } else {
            f.name.clone()
        };
        if !allowed.contains(&name.as_str()) {
            return Err(Failure::unknown("option", &f.name, allowed.iter().copied()));
        }
        let Some(value) = &f.value else {
            return Err(Failure::Usage(format!(
                "--{name} needs a value: --{name}=VALUE"
            )));
        };
        if found.iter().any(|(n, _)| *n == name) {
            return Err(Failure::Usage(format!("Duplicate parameter: {name}")));
        }
        found.push((name, value.clone()));
    }
    Ok(found)
}

fn opt<'a>(opts: &'a [(String, String)], name: &str) -> Option<&'a str> {
    opts.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn printer(opts: &[(String, String)]) -> Result<Printer, Failure> {
    Printer::new(
        opt(opts, "cli-output"),
        opt(opts, "cli-query"),
        opt(opts, "cli-output-num"),
    )
}

/// The profile `name`, else the default one; an error naming the nearest when missing.
fn chosen<'a>(
    store: &'a Store,
    name: Option<&str>,
    path: &std::path::Path,
) -> Result<&'a Profile, Failure> {
    match name {
        Some(n) => store.get(n).ok_or_else(|| {
            Failure::unknown("profile", n, store.profiles.iter().map(|p| p.name.as_str()))
        }),
        None => store
            .default_profile()
            .ok_or_else(|| Failure::Usage(format!("no profile in {}", path.display()))),
    }
}

fn saved(
    out: &mut dyn Write,
    name: &str,
    added: bool,
    path: &std::path::Path,
) -> std::io::Result<()> {
    let what = if added { "Added" } else { "Updated" };
    writeln!(
        out,
        "{what} profile `{name}` in {}; it is the default profile.",
        path.display()
    )
}

/// A profile as `list` and `show` print it: the access key shortened, secrets as `****`.
fn masked(p: &Profile) -> Value {
    let mut p = p.clone();
    p.access_key_id = p.access_key_id.as_deref().map(mask_access_key);
    p.secret_access_key = p.secret_access_key.as_ref().map(|_| "****".into());
    p.security_token = p.security_token.as_ref().map(|_| "****".into());
    serde_json::to_value(p).unwrap_or_else(|_| json!({}))
}

/// `set`: `old` (or a new profile) with the options given; an empty value removes a
/// setting.
fn set(old: Option<Profile>, name: &str, opts: &[(String, String)]) -> Result<Profile, Failure> {
    let mut p = old.unwrap_or_else(|| Profile {
        name: name.to_owned(),
        mode: "AKSK".into(),
        ..Profile::default()
    });
    let text = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let ak = opt(opts, "cli-access-key");
    let sk = opt(opts, "cli-secret-key");
    if ak.is_some() != sk.is_some() {
        return Err(Failure::Usage(
            "--cli-access-key and --cli-secret-key must be given together".into(),
        ));
    }
    for (k, v) in opts {
        match k.as_str() {
            "cli-mode" if v.eq_ignore_ascii_case("AKSK") => p.mode = "AKSK".into(),
            "cli-mode" => return Err(Failure::unknown("authentication mode", v, ["AKSK"])),
            "cli-region" => p.region = text(v),
            "cli-access-key" => p.access_key_id = text(v),
            "cli-secret-key" => p.secret_access_key = text(v),
            "cli-security-token" => p.security_token = text(v),
            "cli-project-id" => p.project_id = text(v),
            "cli-domain-id" => p.domain_id = text(v),
            "cli-read-timeout" => p.read_timeout = number(k, v, 1, u64::MAX)?,
            "cli-connect-timeout" => p.connect_timeout = number(k, v, 1, u64::MAX)?,
            "cli-retry-count" => {
                p.retry_count = number(k, v, 0, 5)?.map(|n| n as u32);
            }
            _ => {}
        }
    }
    if p.security_token.is_some() && p.access_key_id.is_none() {
        return Err(Failure::Usage(
            "--cli-security-token needs --cli-access-key and --cli-secret-key".into(),
        ));
    }
    Ok(p)
}

/// A whole number from `min` to `max`, or `None` for an empty value (remove the setting).
pub(crate) fn number(name: &str, v: &str, min: u64, max: u64) -> Result<Option<u64>, Failure> {
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ if max == u64::MAX => Err(Failure::Usage(format!(
            "--{name} takes whole seconds, at least {min}, not `{v}`"
        ))),
        _ => Err(Failure::Usage(format!(
            "--{name} takes {min} to {max}, not `{v}`"
        ))),
    }
}

/// `init`: asks for the access key, the secret key twice and the region, one line each.
/// On a terminal the secret key is read without echo.
fn init(
    old: Option<Profile>,
    name: &str,
    terminal: bool,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> Result<Profile, Failure> {
    let mut ask = |q: &str, secret: bool| -> Result<String, Failure> {
        if secret && terminal {
            return rpassword::prompt_password(format!("{q}: "))
                .map(|s| s.trim().to_owned())
                .map_err(|e| Failure::Cli(format!("cannot read the answer: {e}")));
        }
        let _ = write!(prompt, "{q}: ");
        let _ = prompt.flush();
        let mut line = String::new();
        let n = input
            .read_line(&mut line)
            .map_err(|e| Failure::Cli(format!("cannot read the answer: {e}")))?;
        if n == 0 {
            return Err(Failure::Usage(format!("no answer to `{q}`: input ended")));
        }
        Ok(line.trim().to_owned())
    };
    let ak = ask("Access Key ID", false)?;
    let sk = ask("Secret Access Key", true)?;
    let again = ask("Secret Access Key (again)", true)?;
    if ak.is_empty() || sk.is_empty() {
        return Err(Failure::Usage(
            "an access key and a secret key are needed".into(),
        ));
    }
    if sk != again {
        return Err(Failure::Usage(
            "the two secret keys differ; nothing was saved".into(),
        ));
    }
    let region = ask("Region", false)?;
    let mut p = old.unwrap_or_else(|| Profile {
        name: name.to_owned(),
        mode: "AKSK".into(),
        ..Profile::default()
    });
    p.access_key_id = Some(ak);
    p.secret_access_key = Some(sk);
    // New keys are long-lived ones: a token of the old temporary ones would not fit them.
    p.security_token = None;
    if !region.is_empty() {
        p.region = Some(region);
    }
    Ok(p)
}
