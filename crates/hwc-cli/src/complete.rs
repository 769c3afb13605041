//! Completion for bash, zsh and fish from the same tables: each script asks the program
//! itself (`hwc __complete WORDS...`) for the candidates of the word being typed, so the
//! scripts stay a few lines and never go stale.

use std::io::{self, Write};

use hwc_runtime::table::{Member, Operation, Ty};

use crate::args::{BARE_FLAGS, OPTIONS};
use crate::{Context, Failure, ServiceTable};

/// `hwc completion SHELL`.
pub fn script(ctx: &Context, shell: Option<&str>, out: &mut dyn Write) -> Result<(), Failure> {
    let p = &ctx.program;
    let f = p.replace('-', "_");
    let text = match shell {
        Some("bash") => format!(
            "# {p} completion for bash: eval \"$({p} completion bash)\"\n\
             _{f}_complete() {{\n    local IFS=$'\\n'\n    COMPREPLY=( $({p} __complete \"${{COMP_WORDS[@]:1:$COMP_CWORD}}\" 2>/dev/null) )\n}}\n\
             complete -o nospace -F _{f}_complete {p}\n"
        ),
        Some("zsh") => format!(
            "#compdef {p}\n# {p} completion for zsh: eval \"$({p} completion zsh)\"\n\
             _{f}() {{\n    local -a c\n    c=(\"${{(@f)$({p} __complete \"${{(@)words[2,CURRENT]}}\" 2>/dev/null)}}\")\n    compadd -Q -S '' -- $c\n}}\n\
             compdef _{f} {p}\n"
        ),
        Some("fish") => format!(
            "# {p} completion for fish: {p} completion fish | source\n\
             complete -c {p} -f -a '({p} __complete (commandline -opc)[2..-1] (commandline -ct))'\n"
        ),
        other => {
            return Err(Failure::unknown(
                "shell",
                other.unwrap_or(""),
                ["bash", "zsh", "fish"],
            ));
        }
    };
    out.write_all(text.as_bytes()).map_err(Failure::output)
}

/// `hwc __complete WORDS...`: the candidates for the last word, one per line.
pub fn candidates(
    services: &[&ServiceTable],
    words: &[&str],
    out: &mut dyn Write,
) -> io::Result<()> {
    let (current, before) = match words.split_last() {
        Some((c, b)) => (*c, b),
        None => ("", &[][..]),
    };
    let positionals: Vec<&str> = before
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    let find = |name: &str| services.iter().find(|s| s.name.eq_ignore_ascii_case(name));
    let mut found: Vec<String> = Vec::new();
    match positionals.as_slice() {
        [] if !current.starts_with('-') => {
            found.extend(services.iter().map(|s| s.name.to_ascii_uppercase()));
            found.extend(["completion", "configure"].map(String::from));
        }
        ["completion"] => found.extend(["bash", "zsh", "fish"].map(String::from)),
        ["configure"] if !current.starts_with('-') => {
            found.extend(crate::configure::COMMANDS.map(String::from));
        }
        ["configure", ..] => found.extend(
            [
                "cli-profile",
                "cli-region",
                "cli-access-key",
                "cli-secret-key",
                "cli-project-id",
            ]
            .map(|o| format!("--{o}=")),
        ),
        [service] if !current.starts_with('-') => {
            if let Some(s) = find(service) {
                found.extend(s.operations.iter().map(|o| o.id.to_owned()));
            }
        }
        [service, op, ..] => {
            // The exact id first: ids may differ only in case (ELB's v2 and v3).
            let op = find(service).and_then(|s| {
                s.operations
                    .iter()
                    .find(|o| o.id == *op)
                    .or_else(|| s.operations.iter().find(|o| o.id.eq_ignore_ascii_case(op)))
            });
            if let Some((name, _)) = current.strip_prefix("--").and_then(|c| c.split_once('=')) {
                // After `--name=`: the values the table or the option allows.
                let values = match op {
                    Some(op) => enum_values(op, name),
                    None => Vec::new(),
                };
                let values = if values.is_empty() {
                    option_values(name)
                } else {
                    values
                };
                found.extend(values.iter().map(|v| format!("--{name}={v}")));
            } else if let Some(op) = op {
                for p in op.params {
                    found.push(format!("--{}=", p.member.name));
                }
                if let Some(b) = op.body {
                    if let Ty::Object(members) = b.ty {
                        flags(members, "", 0, &mut found);
                    }
                }
            }
            if !current.contains('=') {
                found.extend(OPTIONS.iter().map(|(o, _)| format!("--{o}=")));
                found.extend(BARE_FLAGS.iter().map(|f| format!("--{f}")));
            }
        }
        _ => found.extend(BARE_FLAGS.iter().map(|f| format!("--{f}"))),
    }
    let lower = current.to_ascii_lowercase();
    for c in found
        .iter()
        .filter(|c| c.to_ascii_lowercase().starts_with(&lower))
    {
        writeln!(out, "{c}")?;
    }
    Ok(())
}

/// The enum values of the parameter or body member `name` (dotted, list indexes as
/// numbers, free keys as any word).
pub fn enum_values(op: &Operation, name: &str) -> Vec<&'static str> {
    let mut segments = name.split('.');
    let head = segments.next().unwrap_or("");
    let mut ty = match op.params.iter().find(|p| p.member.name == head) {
        Some(p) => Some(&p.member.ty),
        None => match op.body.map(|b| b.ty) {
            Some(Ty::Object(members)) => members.iter().find(|m| m.name == head).map(|m| &m.ty),
            _ => None,
        },
    };
    for seg in segments {
        ty = match ty {
            Some(Ty::Object(members)) => members.iter().find(|m| m.name == seg).map(|m| &m.ty),
            Some(Ty::Array(inner)) if seg.parse::<usize>().is_ok() => Some(*inner),
            Some(Ty::Map(inner)) => Some(*inner),
            _ => None,
        };
    }
    match ty {
        Some(Ty::Enum(values)) => values.to_vec(),
        Some(Ty::Boolean) => vec!["true", "false"],
        _ => Vec::new(),
    }
}

/// The values a `cli-` option takes, where they are few.
fn option_values(name: &str) -> Vec<&'static str> {
    match name {
        "cli-output" => vec!["json", "table", "tsv"],
        "cli-output-num" | "cli-all-pages" => vec!["true", "false"],
        "cli-mode" => vec!["AKSK"],
        _ => Vec::new(),
    }
}

/// Body members as flags, lists at index 1 (KooCLI's `[N]`), free keys left to the user.
fn flags(members: &[Member], prefix: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 6 {
        return;
    }
    for m in members {
        let name = format!("{prefix}{}", m.name);
        match m.ty {
            Ty::Object(inner) => flags(inner, &format!("{name}."), depth + 1, out),
            Ty::Array(Ty::Object(inner)) => flags(inner, &format!("{name}.1."), depth + 1, out),
            Ty::Array(_) => out.push(format!("--{name}.1=")),
            _ => out.push(format!("--{name}=")),
        }
    }
}
