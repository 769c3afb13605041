//! Maintainer commands.
//!
//! - `cargo xtask gen [--check] [--strict]`: regenerate every `crates/<service>/src/generated/`
//!   from `spec/<service>/` (or, with `--check`, fail when the checked-in code is stale).
//! - `cargo xtask gen --spec DIR --out DIR [--service NAME] [--runtime-version V] [--strict]`:
//!   generate a complete crate from any folder of pages into any folder. The crate refers to
//!   `hwc-runtime` by a relative path (or, with `--runtime-version`, by version only); its
//!   `Cargo.toml` and `lib.rs` are written once, and later runs rewrite only `src/generated/`
//!   and the manifest's block of operation features.
//!
//! Pages with errors are left out of `gen` and named (file, line, table, row); `--strict`
//! makes any error stop generation with nothing written.
//! - `cargo xtask ir PAGE...`: print the IR of pages as JSON.
//! - `cargo xtask corpus DIR`: one line per page (operation, status, diagnostics) and a summary.
//! - `cargo xtask error-codes DIR [--strict]`: the folder's error-code catalogue as JSON.
//! - `cargo xtask diff OLD NEW [--format text|markdown|json] [--fail-on breaking|major]`: what
//!   changed between two versions of a folder of pages (each a folder or `REV:PATH`, e.g.
//!   `HEAD:spec/dcs`), each change with its wire and crate verdicts, and the suggested bump.
//!   `gen` prints the one-paragraph form against `HEAD:spec/<service>` when it regenerates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::project;

mod diff_cmd;
mod error_codes_cmd;
mod openapi_cmd;

fn workspace_root() -> PathBuf {
    // xtask lives one level below the root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("gen") => gen_cmd(&args[1..]),
        Some("ir") => ir_cmd(&args[1..]),
        Some("corpus") => corpus_cmd(&args[1..]),
        Some("openapi") => openapi_cmd::run(&args[1..]),
        Some("error-codes") => error_codes_cmd::run(&args[1..]),
        Some("diff") => diff_cmd::run(&args[1..]),
        _ => Err(
            "usage: cargo xtask gen [--check] [--strict] [--spec DIR --out DIR [--service NAME] [--runtime-version V]] | ir PAGE... | corpus DIR | openapi DIR | error-codes DIR | diff OLD NEW [--format text|markdown|json] [--fail-on breaking|major]"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Prints every warning and, unless `strict` (where the failure lists them), every error:
/// the pages with errors are left out.
fn print_diagnostics(pages: &[apidoc::ParsedPage], strict: bool) {
    for d in pages.iter().flat_map(|p| &p.diagnostics) {
        match d.severity {
            apidoc::Severity::Warning => eprintln!("{d}"),
            apidoc::Severity::Error if !strict => eprintln!("{d}"),
            _ => {}
        }
    }
}

fn print_left_out(generated: &codegen::Generated) {
    if generated.left_out.is_empty() {
        return;
    }
    let names: Vec<&str> = generated.left_out.iter().map(|l| l.file.as_str()).collect();
    eprintln!(
        "left out {} page(s) with errors (use --strict to stop instead): {}",
        names.len(),
        names.join(", ")
    );
}

fn gen_cmd(args: &[String]) -> Result<(), String> {
    let check = args.iter().any(|a| a == "--check");
    let strict = args.iter().any(|a| a == "--strict");
    if let Some(spec) = flag_value(args, "--spec") {
        let out = flag_value(args, "--out").ok_or("--spec needs --out DIR")?;
        return gen_standalone(
            Path::new(&spec),
            Path::new(&out),
            flag_value(args, "--service"),
            flag_value(args, "--runtime-version"),
            strict,
        );
    }
    let root = workspace_root();
    let options = codegen::Options {
        strict,
        ..Default::default()
    };
    // Generate everything first: an error anywhere leaves every tree as it was.
    let mut plans = Vec::new();
    let mut summaries = Vec::new();
    for target in project::workspace_targets(&root).map_err(|e| e.to_string())? {
        let (pages, generated) =
            project::generate_target(&target, options).map_err(|e| e.to_string())?;
        print_diagnostics(&pages, strict);
        for w in &generated.warnings {
            eprintln!("{w}");
        }
        print_left_out(&generated);
        // What the docs update changes for callers, against the committed pages of each
        // service (the fixture pages are no service).
        if !check && target.display_prefix.starts_with("spec/") {
            summaries.extend(diff_cmd::gen_summary(&root, &target.display_prefix, &pages));
        }
        plans.push((target.out, generated.files));
    }
    for s in &summaries {
        eprintln!("{s}");
    }
    let mut stale = String::new();
    for (out, files) in &plans {
        let drift = project::compare(out, files);
        if drift.is_empty() {
            continue;
        }
        if check {
            stale.push_str(&drift.to_string());
        } else {
            project::write(out, files).map_err(|e| e.to_string())?;
            eprintln!("wrote {} ({} files)", out.display(), files.len());
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "generated code is out of date with spec/:\n{stale}run `cargo xtask gen` and commit the result"
        ));
    }
    Ok(())
}

fn gen_standalone(
    spec: &Path,
    out: &Path,
    service: Option<String>,
    runtime_version: Option<String>,
    strict: bool,
) -> Result<(), String> {
    let service = service
        .or_else(|| spec.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "service".into());
    let project::Folder {
        pages,
        codes,
        code_diagnostics,
    } = project::read_folder(spec, "").map_err(|e| e.to_string())?;
    print_diagnostics(&pages, strict);
    let options = codegen::Options {
        operation_features: true,
        strict,
    };
    for d in &code_diagnostics {
        eprintln!("{d}");
    }
    let endpoints = project::read_endpoints(spec, "").map_err(|e| e.to_string())?;
    let generated = project::generate_with_codes(&service, &pages, options, &codes, &endpoints)
        .map_err(|e| e.to_string())?;
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    print_left_out(&generated);
    let files = &generated.files;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let runtime = match runtime_version {
        Some(v) => codegen::standalone::Runtime::Version(v),
        None => {
            let rt = workspace_root().join("crates").join("hwc-runtime");
            let abs = |p: &Path| {
                p.canonicalize()
                    .map_err(|e| format!("{}: {e}", p.display()))
            };
            codegen::standalone::Runtime::Path {
                path: codegen::standalone::relative_path(&abs(out)?, &abs(&rt)?),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            }
        }
    };
    let crate_files = codegen::standalone::crate_files(&service, &runtime, &generated.operations);
    let src = out.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    for (name, content) in &crate_files {
        let p = out.join(name);
        let existing = std::fs::read_to_string(&p).ok();
        let content = match (&existing, name.as_str()) {
            (None, _) => content.clone(),
            // The maintainer's manifest: only the features block follows the pages.
            (Some(old), "Cargo.toml") => {
                let block = codegen::standalone::features_block(&generated.operations);
                match codegen::standalone::update_manifest(old, &block) {
                    Some(updated) => updated,
                    None => {
                        eprintln!(
                            "warning: {} has no operation-features block; left as it is",
                            p.display()
                        );
                        continue;
                    }
                }
            }
            (Some(_), _) => continue,
        };
        if existing.as_deref() != Some(content.as_str()) {
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&p, content)
                .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        }
    }
    project::write(&src.join("generated"), files).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote crate `{service}` to {} ({} generated files)",
        out.display(),
        files.len()
    );
    Ok(())
}

fn ir_cmd(args: &[String]) -> Result<(), String> {
    if args.is_empty() {
        return Err("usage: cargo xtask ir PAGE...".into());
    }
    // Read together, as a folder: links between the pages resolve.
    let mut pages = Vec::new();
    for path in args {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        pages.push((path.clone(), bytes));
    }
    let out = apidoc::parse_folder(&pages, &apidoc::FolderOptions::default());
    let mut failed = false;
    for page in &out {
        for d in &page.diagnostics {
            eprintln!("{d}");
        }
        failed |= page.has_errors();
    }
    let json = if out.len() == 1 {
        serde_json::to_string_pretty(&out[0])
    } else {
        serde_json::to_string_pretty(&out)
    }
    .map_err(|e| e.to_string())?;
    println!("{json}");
    if failed {
        return Err("some pages have errors".into());
    }
    Ok(())
}

fn corpus_cmd(args: &[String]) -> Result<(), String> {
    let dir = args.first().ok_or("usage: cargo xtask corpus DIR")?;
    let pages = project::read_pages(Path::new(dir), "").map_err(|e| e.to_string())?;
    let (mut ok, mut skipped, mut failed, mut warnings) = (0, 0, 0, 0);
    let (mut explorer, mut classic) = (0, 0);
    for p in &pages {
        let n_warn = p
            .diagnostics
            .iter()
            .filter(|d| d.severity == apidoc::Severity::Warning)
            .count();
        warnings += n_warn;
        let (status, op) = if p.has_errors() {
            failed += 1;
            ("error", "-".to_owned())
        } else if let Some(op) = &p.operation {
            ok += 1;
            match op.template {
                apidoc::ir::Template::ApiExplorer => explorer += 1,
                apidoc::ir::Template::Classic => classic += 1,
            }
            ("ok", op.id.clone())
        } else {
            skipped += 1;
            ("skipped", "-".to_owned())
        };
        println!(
            "{status:<7} {op:<40} {} ({} diagnostics)",
            p.file,
            p.diagnostics.len()
        );
        // A skipped page says why (its note); the others say what is wrong.
        let skipped = status == "skipped";
        for d in &p.diagnostics {
            if d.severity != apidoc::Severity::Note || skipped {
                println!("        {d}");
            }
        }
    }
    // Every page that can be read is generated, whatever the others do.
    let gen_result = project::generate("corpus", &pages);
    println!(
        "{} pages: {ok} operations ({explorer} API-Explorer, {classic} classic), {skipped} skipped, {failed} with errors, {warnings} warnings; code generation {}",
        pages.len(),
        match &gen_result {
            Ok(g) => {
                for w in &g.warnings {
                    println!("        {w}");
                }
                format!(
                    "ok ({} files, {} example warnings)",
                    g.files.len(),
                    g.warnings.len()
                )
            }
            Err(e) => format!("failed: {e}"),
        }
    );
    if failed > 0 || gen_result.is_err() {
        return Err("corpus check failed".into());
    }
    Ok(())
}
