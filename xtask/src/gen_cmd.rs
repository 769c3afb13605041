//! `cargo xtask gen`: the workspace's service crates from `spec/`, or (`--spec DIR --out DIR`)
//! one standalone crate from any folder of pages. `--check` compares what would be written
//! with what is on disk and writes nothing.

use std::path::{Path, PathBuf};

use codegen::manifest::{self, Runtime};
use codegen::{Folder, Generator};
use xtask::folder;

use crate::cli::GenArgs;
use crate::diff_cmd;
use crate::report::Printer;

/// What one run generated, for its summary line.
#[derive(Debug, Default)]
struct Totals {
    operations: usize,
    left_out: usize,
}

/// Runs `gen`.
pub fn run(args: &GenArgs, root: &Path) -> Result<(), String> {
    let mut printer = Printer::default();
    let mut totals = Totals::default();
    let result = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => {
            standalone_crate(args, spec, out, root, &mut printer, &mut totals)
        }
        _ => workspace(args, root, &mut printer, &mut totals),
    };
    printer.note(format!(
        "{}: {} operations generated, {} pages left out, {} warnings",
        if args.check { "gen --check" } else { "gen" },
        totals.operations,
        totals.left_out,
        printer.warnings
    ));
    result
}

fn options(args: &GenArgs, operation_features: bool) -> codegen::Options {
    codegen::Options {
        strict: args.strict,
        operation_features,
    }
}

/// Prints what generating a folder had to say, and counts it.
fn tell(
    printer: &mut Printer,
    totals: &mut Totals,
    strict: bool,
    pages: &[apidoc::ParsedPage],
    generated: &codegen::Generated,
) {
    for d in pages.iter().flat_map(|p| &p.diagnostics) {
        printer.diagnostic(d, strict);
    }
    for w in &generated.warnings {
        printer.warning(w.clone());
    }
    if !generated.left_out.is_empty() {
        let names: Vec<&str> = generated.left_out.iter().map(|l| l.file.as_str()).collect();
        printer.note(format!(
            "left out {} page(s) with errors (use --strict to stop instead): {}",
            names.len(),
            names.join(", ")
        ));
    }
    totals.operations += generated.operations.len();
    totals.left_out += generated.left_out.len();
}

fn workspace(
    args: &GenArgs,
    root: &Path,
    printer: &mut Printer,
    totals: &mut Totals,
) -> Result<(), String> {
    // Generate everything first: an error anywhere leaves every tree as it was.
    let mut plans = Vec::new();
    let mut summaries = Vec::new();
    for target in folder::workspace_targets(root)? {
        let (Folder { pages, .. }, generated) =
            folder::generate_target(&target, options(args, false))?;
        tell(printer, totals, args.strict, &pages, &generated);
        // What the docs update changes for callers, against the committed pages of each
        // service (the fixture pages are no service).
        if !args.check && target.display_prefix.starts_with("spec/") {
            summaries.extend(diff_cmd::gen_summary(root, &target.display_prefix, &pages));
        }
        plans.push((target.out, generated.files));
    }
    for s in summaries {
        printer.note(s);
    }
    let mut stale = String::new();
    for (out, files) in &plans {
        let drift = folder::compare(out, files);
        if drift.is_empty() {
            continue;
        }
        if args.check {
            stale.push_str(&drift.to_string());
        } else {
            folder::write(out, files)?;
            printer.note(format!("wrote {} ({} files)", out.display(), files.len()));
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "generated code is out of date with spec/:\n{stale}run `cargo xtask gen` and commit the result"
        ));
    }
    Ok(())
}

fn standalone_crate(
    args: &GenArgs,
    spec: &Path,
    out: &Path,
    root: &Path,
    printer: &mut Printer,
    totals: &mut Totals,
) -> Result<(), String> {
    let service = args
        .service
        .clone()
        .or_else(|| spec.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "service".into());
    let read = folder::read(spec, "")?;
    for d in &read.code_diagnostics {
        printer.diagnostic(d, false);
    }
    // The pages' warnings first: a strict run that fails below still shows them.
    for d in read.pages.iter().flat_map(|p| &p.diagnostics) {
        printer.diagnostic(d, args.strict);
    }
    let generated = Generator::for_folder(&service, &read)
        .options(options(args, true))
        .rust(&read.pages)
        .map_err(|e| e.to_string())?;
    tell(printer, totals, args.strict, &read.pages, &generated);
    let block = manifest::features_block(&generated.operations);
    let generated_dir = out.join("src").join("generated");
    if args.check {
        let stale = standalone_drift(out, &block, &generated_dir, &generated.files);
        return match stale.is_empty() {
            true => Ok(()),
            false => Err(format!(
                "the crate in {} is out of date with {}:\n{stale}run the same command without --check",
                out.display(),
                spec.display()
            )),
        };
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let runtime = runtime(args, out, root)?;
    let crate_files = manifest::crate_files(&service, &runtime, &generated.operations);
    let src = out.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    for (name, content) in &crate_files {
        write_crate_file(&out.join(name), name, content, &block, printer)?;
    }
    folder::write(&generated_dir, &generated.files)?;
    printer.note(format!(
        "wrote crate `{service}` to {} ({} generated files)",
        out.display(),
        generated.files.len()
    ));
    Ok(())
}

/// How the crate refers to the runtime: by version, or by a path relative to the crate.
fn runtime(args: &GenArgs, out: &Path, root: &Path) -> Result<Runtime, String> {
    if let Some(v) = &args.runtime_version {
        return Ok(Runtime::Version(v.clone()));
    }
    let rt = root.join("crates").join("hwc-runtime");
    let abs = |p: &Path| -> Result<PathBuf, String> {
        p.canonicalize()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    Ok(Runtime::Path {
        path: manifest::relative_path(&abs(out)?, &abs(&rt)?),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Writes one of the crate's hand-written files: created when missing; afterwards the
/// maintainer's, except the manifest's block of operation features, which follows the pages.
fn write_crate_file(
    path: &Path,
    name: &str,
    fresh: &str,
    block: &str,
    printer: &mut Printer,
) -> Result<(), String> {
    let existing = std::fs::read_to_string(path).ok();
    let content = match (&existing, name) {
        (None, _) => fresh.to_owned(),
        (Some(old), "Cargo.toml") => match manifest::update_manifest(old, block) {
            Some(updated) => updated,
            None => {
                printer.warning(format!(
                    "warning: {} has no operation-features block; left as it is",
                    path.display()
                ));
                return Ok(());
            }
        },
        (Some(_), _) => return Ok(()),
    };
    if existing.as_deref() != Some(content.as_str()) {
        // Some files live below src/ (the `cli` feature's src/bin/hwc-SVC.rs).
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, content)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// What `gen --spec --out` would change in `out`, as lines naming the files (empty when
/// nothing): the generated files, and the hand-written ones only where `gen` rewrites them.
fn standalone_drift(
    out: &Path,
    block: &str,
    generated_dir: &Path,
    files: &codegen::Files,
) -> String {
    let mut stale = folder::compare(generated_dir, files).to_string();
    for name in ["Cargo.toml", "src/lib.rs"] {
        let path = out.join(name);
        match std::fs::read_to_string(&path) {
            Err(_) => stale.push_str(&format!("  missing: {}\n", path.display())),
            Ok(old) if name == "Cargo.toml" => {
                if manifest::update_manifest(&old, block).is_some_and(|new| new != old) {
                    stale.push_str(&format!(
                        "  stale:   {} (operation features)\n",
                        path.display()
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    stale
}
