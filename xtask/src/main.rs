//! Maintainer commands (`cargo xtask --help`, and `--help` on each command).
//!
//! - `cargo xtask gen [--check] [--strict]`: regenerate every `crates/<service>/src/generated/`
//!   from `spec/<service>/` (or, with `--check`, fail when the checked-in code is stale).
//! - `cargo xtask gen --spec DIR --out DIR [--service NAME] [--runtime-version V] [--strict]
//!   [--check]`: generate a complete crate from any folder of pages into any folder. The crate
//!   refers to `hwc-runtime` by a relative path (or, with `--runtime-version`, by version
//!   only); its `Cargo.toml` and `lib.rs` are written once, and later runs rewrite only
//!   `src/generated/` and the manifest's block of operation features.
//!
//! Pages with errors are left out of `gen` and named (file, line, table, row); `--strict`
//! makes any error stop generation with nothing written. `gen` prints each diagnostic once
//! and ends with one summary line.
//! - `cargo xtask ir PAGE...`: print the IR of pages as JSON.
//! - `cargo xtask corpus DIR`: one line per page (operation, status, diagnostics) and a summary.
//! - `cargo xtask openapi DIR [--title T] [--strict]`: the folder as one OpenAPI 3.1 document.
//! - `cargo xtask error-codes DIR [--strict]`: the folder's error-code catalogue as JSON.
//! - `cargo xtask diff OLD NEW [--format text|markdown|json] [--fail-on breaking|major]`: what
//!   changed between two versions of a folder of pages (each a folder or `REV:PATH`, e.g.
//!   `HEAD:spec/dcs`), each change with its wire and crate verdicts, and the suggested bump.
//!   `gen` prints the one-paragraph form against `HEAD:spec/<service>` when it regenerates.
//! - `cargo xtask mutate-check DIR... [--kind K]... [--show N] [--dump DIR]`: rewrite every page
//!   in ways that keep its meaning and report each fact the reader loses, per rewrite kind.
//! - `cargo xtask coverage DIR... [--max-lost N] [--quiet]`: every row of a field table on an
//!   operation page must reach the operation's model; lists the rows that reach nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use xtask::folder;

use cli::{Cli, Command};

// Generation allocates a token tree, a syn tree and strings for every item it writes;
// mimalloc does that in about a fifth fewer instructions than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod coverage_cmd;
mod diff_cmd;
mod error_codes_cmd;
mod gen_cmd;
mod mutate_cmd;
mod openapi_cmd;
mod report;

fn workspace_root() -> PathBuf {
    // xtask lives one level below the root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Gen(args) => gen_cmd::run(args, &workspace_root()),
        Command::Ir { pages } => ir_cmd(pages),
        Command::Corpus { dir } => corpus_cmd(dir),
        Command::Openapi { dir, title, strict } => openapi_cmd::run(dir, title.clone(), *strict),
        Command::ErrorCodes { dir, strict } => error_codes_cmd::run(dir, *strict),
        Command::Diff(args) => diff_cmd::run(args),
        Command::MutateCheck(args) => mutate_cmd::run(args),
        Command::Coverage(args) => coverage_cmd::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

fn ir_cmd(paths: &[PathBuf]) -> Result<(), String> {
    // Read together, as a folder: links between the pages resolve.
    let mut pages = Vec::new();
    for path in paths {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        pages.push((path.display().to_string(), bytes));
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

fn corpus_cmd(dir: &Path) -> Result<(), String> {
    let folder = folder::read(dir, "")?;
    let pages = &folder.pages;
    let (mut ok, mut skipped, mut failed, mut warnings) = (0, 0, 0, 0);
    let (mut explorer, mut classic) = (0, 0);
    for p in pages {
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
    let gen_result = codegen::Generator::new("corpus").rust(pages);
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
