//! Help at three levels, from the tables: the program (services), a service (its
//! operations with summaries), an operation (its parameters with location, type, whether
//! required, enum values and the page's description).

use std::io::{self, Write};

use hwc_runtime::Style;
use hwc_runtime::table::{InputErrorKind, MarkerFrom, Member, Operation, Paging, Ty};

use crate::args::OPTIONS;
use crate::{Context, ServiceTable};

/// `hwc --help`.
pub fn program(ctx: &Context, services: &[&ServiceTable], out: &mut dyn Write) -> io::Result<()> {
    let p = &ctx.program;
    writeln!(
        out,
        "{p}: Huawei Cloud APIs from their reference pages, with KooCLI's syntax."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Usage: {p} <SERVICE> <Operation> [--name=value ...] [--cli-option=value ...]"
    )?;
    writeln!(
        out,
        "       {p} <SERVICE> --help            operations of a service"
    )?;
    writeln!(
        out,
        "       {p} <SERVICE> <Operation> --help   parameters of an operation"
    )?;
    writeln!(
        out,
        "       {p} completion bash|zsh|fish    a completion script"
    )?;
    writeln!(
        out,
        "       {p} configure init|set|list|show|delete|test   profiles (see {p} configure --help)"
    )?;
    writeln!(
        out,
        "       {p} --interactive               a prompt with completion; piped: one command per line"
    )?;
    writeln!(out)?;
    writeln!(out, "Services:")?;
    let width = services.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for s in services {
        writeln!(
            out,
            "  {:width$}  {} operations",
            s.name.to_ascii_uppercase(),
            s.operations.len()
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Options:")?;
    let width = OPTIONS.iter().map(|(o, _)| o.len()).max().unwrap_or(0) + 2;
    for (name, what) in OPTIONS {
        writeln!(out, "  --{name:width$}{what}", width = width)?;
    }
    for (name, what) in [
        ("help", "this help; after a service or an operation, theirs"),
        (
            "dryrun",
            "print the signed request (secrets masked) and send nothing",
        ),
        (
            "skeleton",
            "write a --cli-jsonInput template (--skeleton=- prints it)",
        ),
        (
            "debug",
            "print each attempt's URL, status and request id on stderr",
        ),
    ] {
        writeln!(out, "  --{name:width$}{what}", width = width)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Exit codes: 0 success, 1 internal error, 2 usage error, 3 network error, 4 service error, 5 waiter timeout."
    )
}

/// `hwc configure --help`.
pub fn configure(ctx: &Context, out: &mut dyn Write) -> io::Result<()> {
    let p = &ctx.program;
    let text = format!(
        "Usage: {p} configure <command> [--cli-option=value ...]

Profiles are kept in $HWC_CONFIG_FILE, else ~/.hwc/config.json (mode 0600).
The default profile is the last one added or changed; when it is deleted, the
oldest remaining one takes over. API commands use --cli-profile=NAME, else the
default profile; options on the command line beat the profile's values.

Commands:
  init   [--cli-profile=NAME]   asks for the access key, the secret key (twice) and
                                the region, one line each from standard input
  set    --cli-profile=NAME [--cli-mode=AKSK] [--cli-region=R]
         [--cli-access-key=AK --cli-secret-key=SK] [--cli-security-token=T]
         [--cli-project-id=P] [--cli-domain-id=D] [--cli-read-timeout=S]
         [--cli-connect-timeout=S] [--cli-retry-count=N]
                                adds or changes a profile (an empty value removes a setting)
  list                          every profile, secrets masked (JSON; --cli-output, --cli-query)
  show   [--cli-profile=NAME]   one profile, secrets masked
  delete --cli-profile=NAME     deletes a profile
  test                          checks the file
"
    );
    out.write_all(text.as_bytes())
}

/// `hwc SVC --help`.
pub fn service(ctx: &Context, table: &ServiceTable, out: &mut dyn Write) -> io::Result<()> {
    let upper = table.name.to_ascii_uppercase();
    writeln!(
        out,
        "Usage: {} {upper} <Operation> --param1=value1 --param2=value2 ...",
        ctx.program
    )?;
    writeln!(out, "Service: {upper}")?;
    writeln!(out)?;
    writeln!(out, "Available Operations:")?;
    let width = table
        .operations
        .iter()
        .map(|o| o.id.len())
        .max()
        .unwrap_or(0);
    for op in table.operations {
        let absent = if compiled(table, op) {
            ""
        } else {
            " (not in this build)"
        };
        writeln!(
            out,
            "  {:width$}  {}{absent}",
            op.id,
            first_line(op.summary)
        )?;
    }
    Ok(())
}

/// Whether this binary holds `op`. The generated `build` refuses an operation whose cargo
/// feature is off before it looks at the input, so an empty input tells without a call.
pub fn compiled(table: &ServiceTable, op: &Operation) -> bool {
    !matches!(
        (table.build)(op.id, serde_json::Value::Null),
        Err(e) if e.kind == InputErrorKind::NotCompiled
    )
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// One line of the parameter list.
struct Line {
    flag: String,
    required: bool,
    ty: String,
    location: &'static str,
    description: &'static str,
}

/// `hwc SVC Op --help`.
pub fn operation(
    ctx: &Context,
    table: &ServiceTable,
    op: &Operation,
    out: &mut dyn Write,
) -> io::Result<()> {
    let upper = table.name.to_ascii_uppercase();
    writeln!(
        out,
        "Usage: {} {upper} {} [--param=value ...]",
        ctx.program, op.id
    )?;
    writeln!(out, "Service: {upper}")?;
    writeln!(out, "Operation: {} ({})", op.id, op.summary)?;
    writeln!(out, "Description: {}", op.description)?;
    writeln!(out, "Method: {} {}", op.method.as_str(), op.path)?;
    if let Some(p) = op.paging {
        writeln!(
            out,
            "Paging: {}; --cli-all-pages walks every page and prints the `{}` records",
            paging_text(&p),
            p.items.join(".")
        )?;
    }
    if !compiled(table, op) {
        match op.feature {
            Some(f) => writeln!(
                out,
                "Not in this build: build the service's crate with its cargo feature `{f}`"
            )?,
            None => writeln!(out, "Not in this build")?,
        }
    }
    writeln!(out)?;
    writeln!(out, "Params:")?;
    let mut lines = vec![Line {
        flag: "cli-region".into(),
        required: false,
        ty: "string".into(),
        location: "cli",
        description: "region of the endpoint; or --cli-endpoint (see --help)",
    }];
    for p in op.params {
        let description = if p.client_filled {
            "filled from --cli-project-id, the credentials or an IAM lookup when left out"
        } else {
            p.member.description
        };
        lines.push(Line {
            flag: p.member.name.to_owned(),
            required: p.member.required && !p.client_filled,
            ty: type_text(&p.member.ty),
            location: p.location.key(),
            description,
        });
        let mut seen = Vec::new();
        nested(
            &p.member.ty,
            p.member.name,
            p.location.key(),
            &mut seen,
            &mut lines,
        );
    }
    if let Some(body) = op.body {
        match body.ty {
            Ty::Object(members) => {
                let mut seen = Vec::new();
                members_lines(members, "", &mut seen, &mut lines);
            }
            other => lines.push(Line {
                flag: "(body: give it with --cli-jsonInput)".into(),
                required: body.required,
                ty: type_text(&other),
                location: "body",
                description: "",
            }),
        }
    }
    for l in lines {
        writeln!(out, "  --{}", l.flag)?;
        let req = if l.required { "required" } else { "optional" };
        let mut detail = format!("{req}  {}  {}", l.ty, l.location);
        if !l.description.is_empty() {
            detail.push_str("  ");
            detail.push_str(l.description);
        }
        writeln!(out, "      {detail}")?;
    }
    Ok(())
}

/// How an operation pages, in a shell user's words: which query parameter moves, from where.
pub fn paging_text(p: &Paging) -> String {
    let pos = p.position;
    match p.style {
        Style::Offset { base } => {
            format!("offset paging from record {base} (`--{pos}` says where a page starts)")
        }
        Style::PageNumber { first } => {
            format!("page-number paging from page {first} (`--{pos}` is the page)")
        }
        Style::Marker => {
            let from = match p.marker {
                Some(MarkerFrom::LastItem(m)) => format!("the last record's `{m}`"),
                Some(MarkerFrom::Page(path)) => format!("the response's `{}`", path.join(".")),
                None => "the last record".to_owned(),
            };
            format!("marker paging (`--{pos}` is {from} of the page before)")
        }
        // A style added to the library later: still words, not a Rust value.
        _ => format!("paging by `--{pos}`"),
    }
}

/// `string`, `integer`, `[A|B]` for enums, `array<…>`.
pub fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::Enum(values) if !values.is_empty() => format!("[{}]", values.join("|")),
        Ty::Array(inner) => format!("array<{}>", type_text(inner)),
        Ty::Map(inner) => format!("map<string, {}>", type_text(inner)),
        other => other.name(),
    }
}

/// How deep nested members are listed: recursive types would otherwise never end.
const MAX_DEPTH: usize = 8;

fn members_lines(
    members: &'static [Member],
    prefix: &str,
    seen: &mut Vec<*const Member>,
    lines: &mut Vec<Line>,
) {
    if seen.contains(&members.as_ptr()) || seen.len() >= MAX_DEPTH {
        return;
    }
    seen.push(members.as_ptr());
    for m in members {
        let flag = format!("{prefix}{}", m.name);
        lines.push(Line {
            flag: flag.clone(),
            required: m.required,
            ty: type_text(&m.ty),
            location: "body",
            description: m.description,
        });
        nested(&m.ty, &flag, "body", seen, lines);
    }
    seen.pop();
}

/// The dotted names below a member of type `ty` (KooCLI: `[N]` for a list index, `{*}` for
/// a free key).
fn nested(
    ty: &Ty,
    flag: &str,
    location: &'static str,
    seen: &mut Vec<*const Member>,
    lines: &mut Vec<Line>,
) {
    match ty {
        Ty::Object(members) if location == "body" => {
            members_lines(members, &format!("{flag}."), seen, lines)
        }
        Ty::Array(inner) => match inner {
            Ty::Object(members) => members_lines(members, &format!("{flag}.[N]."), seen, lines),
            scalar if scalar.is_scalar() => lines.push(Line {
                flag: format!("{flag}.[N]"),
                required: false,
                ty: type_text(scalar),
                location,
                description: "",
            }),
            _ => {}
        },
        Ty::Map(inner) => match inner {
            Ty::Object(members) => members_lines(members, &format!("{flag}.{{*}}."), seen, lines),
            other => lines.push(Line {
                flag: format!("{flag}.{{*}}"),
                required: false,
                ty: type_text(other),
                location,
                description: "",
            }),
        },
        _ => {}
    }
}
