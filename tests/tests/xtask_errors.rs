//! `cargo xtask gen --spec DIR --out DIR` on bad pages: by default a page with errors is left
//! out and named, and the rest is generated; with `--strict` errors stop generation with exit
//! code 1, every diagnostic on stderr, and the output tree exactly as it was. Warnings alone
//! never stop it.
//!
//! The real binary is run (`cargo run -p xtask`, as `cargo xtask` does) on copies of the
//! parser's bad-page fixtures (`crates/apidoc/tests/fixtures/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    root().join("crates/apidoc/tests/fixtures")
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("xtask_errors")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A spec folder holding copies of the named fixtures.
fn spec(dir: &Path, pages: &[&str]) -> PathBuf {
    let spec = dir.join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    for page in pages {
        let from = fixtures().join(page);
        let name = Path::new(page).file_name().unwrap();
        std::fs::copy(&from, spec.join(name)).unwrap();
    }
    spec
}

fn xtask_gen(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "xtask", "--", "gen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .arg("--service")
        .arg("gadgets")
        .args(extra)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Every file under `dir` (relative path -> bytes), to compare a tree before and after.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// An output folder as a maintainer might have it: an earlier generated crate.
fn previous_output(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let generated = out.join("src").join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    std::fs::write(
        generated.join("sentinel.rs"),
        "// generated earlier; must survive a failed run\n",
    )
    .unwrap();
    std::fs::write(out.join("Cargo.toml"), "# an earlier manifest\n").unwrap();
    out
}

const BAD_PAGES: [&str; 12] = [
    "bad/empty.md",
    "bad/not_utf8.md",
    "bad/no_h1_anchor.md",
    "bad/no_uri.md",
    "bad/uri_without_method.md",
    "bad/placeholder_without_row.md",
    "bad/short_row.md",
    "bad/unknown_type.md",
    "bad/missing_anchor.md",
    "bad/duplicate_parameter.md",
    "bad/unclosed_table.md",
    "bad/invalid_json.md",
];

#[test]
fn strict_errors_exit_1_report_every_diagnostic_and_leave_the_tree_alone() {
    let dir = scratch("errors");
    let mut pages = vec!["base.md"];
    pages.extend(BAD_PAGES);
    let spec = spec(&dir, &pages);
    let out = previous_output(&dir);
    let before = tree(&out);

    let run = xtask_gen(&spec, &out, &["--strict"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr:\n{stderr}");

    // Each page's errors and warnings, as `xtask` names the pages (file name in the folder).
    let mut errors = 0;
    for page in BAD_PAGES {
        let name = Path::new(page).file_name().unwrap().to_string_lossy();
        let parsed = apidoc::parse_page(&name, &std::fs::read(fixtures().join(page)).unwrap());
        for d in parsed.diagnostics {
            if d.severity == apidoc::Severity::Note {
                continue;
            }
            errors += usize::from(d.severity == apidoc::Severity::Error);
            assert!(
                stderr.contains(&d.to_string()),
                "missing from stderr: {d}\nstderr:\n{stderr}"
            );
        }
    }
    assert!(
        stderr.contains(&format!(
            "{errors} error(s); nothing was generated (strict)"
        )),
        "{stderr}"
    );
    assert_eq!(tree(&out), before, "the output tree changed");
    assert!(!out.join("src").join(".generated.new").exists());
}

#[test]
fn a_bad_page_among_good_ones_is_left_out_and_named() {
    let dir = scratch("one_bad");
    let spec = spec(&dir, &["base.md", "bad/short_row.md"]);
    let out = dir.join("out");
    let run = xtask_gen(&spec, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "stderr:\n{stderr}");
    let error = "short_row.md:20: error: table \"表 1 路径参数\", row 2: row has 3 cells but the header has 4 columns (参数, 是否必选, 参数类型, 描述); the row cannot be read (expected 4 cells, one per column)";
    assert!(stderr.contains(error), "{stderr}");
    assert!(
        stderr.contains(
            "left out 1 page(s) with errors (use --strict to stop instead): short_row.md"
        ),
        "{stderr}"
    );
    // The good page is generated; the crate's docs name the page that is not.
    let generated = out.join("src").join("generated");
    assert!(generated.join("show_gadget.rs").exists());
    let mod_rs = std::fs::read_to_string(generated.join("mod.rs")).unwrap();
    assert!(
        mod_rs.contains("- `short_row.md`: short\\_row.md:20: error: table"),
        "{mod_rs}"
    );
}

#[test]
fn strict_stops_at_one_bad_page_among_good_ones() {
    let dir = scratch("one_bad_strict");
    let spec = spec(&dir, &["base.md", "bad/short_row.md"]);
    let out = dir.join("out");
    let run = xtask_gen(&spec, &out, &["--strict"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(
        stderr.contains("1 error(s); nothing was generated (strict)"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing may be created");
}

#[test]
fn warnings_alone_do_not_stop_generation() {
    let dir = scratch("warnings");
    let spec = spec(&dir, &["bad/invalid_json.md"]);
    let out = previous_output(&dir);
    let run = xtask_gen(&spec, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(stderr.contains(
        "invalid_json.md:67: warning: response example is not valid JSON: expected `,` or `}` at column 3; kept as text"
    ), "{stderr}");
    let generated = tree(&out.join("src").join("generated"));
    assert!(!generated.is_empty());
    assert!(
        !generated.contains_key(Path::new("sentinel.rs")),
        "the generated folder is replaced as a whole"
    );
    assert!(out.join("src").join("lib.rs").exists());
}

#[test]
fn regenerating_a_standalone_crate_keeps_the_maintainers_files_and_no_absolute_path() {
    let dir = scratch("keeps_edits");
    let spec = spec(&dir, &["base.md"]);
    let out = dir.join("out");
    let first = xtask_gen(&spec, &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let runtime_line = manifest
        .lines()
        .find(|l| l.starts_with("hwc-runtime = "))
        .unwrap();
    assert!(
        runtime_line.contains("path = \"../") && runtime_line.contains("version = \""),
        "{runtime_line}"
    );
    let generated: String = tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let root = root().canonicalize().unwrap();
    assert!(
        !generated.contains(&*root.to_string_lossy()),
        "an absolute path of this machine is in the generated crate"
    );

    // A maintainer edits both hand-written files; regenerating keeps the edits and still
    // rewrites the features block and src/generated/.
    let edited_manifest = manifest.replace("[dependencies]", "# mine\n[dependencies]");
    std::fs::write(out.join("Cargo.toml"), &edited_manifest).unwrap();
    std::fs::write(out.join("src/lib.rs"), "//! Mine.\nmod generated;\n").unwrap();
    std::fs::write(out.join("src/generated/types.rs"), "stale").unwrap();
    let second = xtask_gen(&spec, &out, &[]);
    assert_eq!(second.status.code(), Some(0), "{second:?}");
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
        edited_manifest
    );
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "//! Mine.\nmod generated;\n"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("src/generated/types.rs")).unwrap(),
        "stale"
    );
}

#[test]
fn error_codes_prints_the_catalogue_as_json_in_page_order() {
    let run = Command::new(env!("CARGO"))
        .args([
            "run",
            "-q",
            "-p",
            "xtask",
            "--",
            "error-codes",
            "tests/fixtures/pages",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["status", "code", "message", "description", "handling"]
        );
    }
    assert_eq!(rows[0]["code"], "W.409");
    assert_eq!(rows[0]["status"], 409);
    // The module column spans two rows: the second row still reads its own cells.
    assert_eq!(rows[1]["code"], "W.0400");
    assert_eq!(rows[1]["message"], "Invalid widget name & size.");
    assert_eq!(rows[2]["handling"], "");
}

/// `cargo xtask ARGS...` from the workspace root.
fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "xtask", "--"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_misspelt_flag_is_an_error_and_nothing_is_written() {
    let dir = scratch("misspelt");
    let spec = spec(&dir, &["base.md"]);
    let out = dir.join("out");
    let run = xtask_gen(&spec, &out, &["--chek"]);
    let stderr = text(&run.stderr);
    assert_ne!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("--chek"), "{stderr}");
    assert!(
        stderr.contains("--check"),
        "the closest flag is suggested: {stderr}"
    );
    assert!(!out.exists(), "nothing may be written");
    // A wrong flag or argument count shows the usage; a wrong value lists the valid ones.
    for (args, expected) in [
        (
            &["error-codes", "tests/fixtures/pages", "--stric"][..],
            "Usage: cargo xtask",
        ),
        (
            &["diff", "a", "b", "--format", "yaml"],
            "possible values: text, markdown, json",
        ),
        (
            &["openapi", "tests/fixtures/pages", "extra"],
            "Usage: cargo xtask",
        ),
        (&["corpus"], "Usage: cargo xtask"),
    ] {
        let run = xtask(args);
        assert_ne!(run.status.code(), Some(0), "{args:?} succeeded");
        assert!(
            text(&run.stderr).contains(expected),
            "{args:?}: {}",
            text(&run.stderr)
        );
    }
}

#[test]
fn every_command_has_help_and_help_does_nothing_else() {
    for cmd in ["gen", "ir", "corpus", "openapi", "error-codes", "diff"] {
        let run = xtask(&[cmd, "--help"]);
        let stdout = text(&run.stdout);
        assert_eq!(run.status.code(), Some(0), "{cmd}: {}", text(&run.stderr));
        assert!(
            stdout.contains(&format!("Usage: cargo xtask {cmd}")),
            "{cmd}: {stdout}"
        );
        // Not read as a file named `--help`, and no diagnostics or work.
        assert!(text(&run.stderr).is_empty(), "{cmd}: {}", text(&run.stderr));
    }
    // `gen --help` with everything else it needs still only helps.
    let dir = scratch("help");
    let spec = spec(&dir, &["base.md"]);
    let out = dir.join("out");
    let run = xtask_gen(&spec, &out, &["--help"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(text(&run.stdout).contains("--runtime-version"));
    assert!(!out.exists(), "gen --help generated");
    let run = xtask(&["--help"]);
    assert!(text(&run.stdout).contains("error-codes"));
}

#[test]
fn check_compares_and_never_writes() {
    let dir = scratch("check");
    let spec = spec(&dir, &["base.md"]);
    let out = dir.join("out");
    // Nothing there yet: stale, and still nothing there.
    let run = xtask_gen(&spec, &out, &["--check"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).contains("missing"),
        "{}",
        text(&run.stderr)
    );
    assert!(!out.exists(), "--check wrote");
    // Generated: fresh.
    assert_eq!(xtask_gen(&spec, &out, &[]).status.code(), Some(0));
    let run = xtask_gen(&spec, &out, &["--check"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    // A generated file edited by hand: stale, named, and left as it is.
    let types = out.join("src/generated/types.rs");
    std::fs::write(&types, "edited").unwrap();
    let before = tree(&out);
    let run = xtask_gen(&spec, &out, &["--check"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("types.rs"), "{stderr}");
    assert_eq!(tree(&out), before, "--check changed the crate");
}

#[test]
fn gen_prints_each_diagnostic_once_and_ends_with_one_summary_line() {
    let dir = scratch("summary");
    let spec = spec(
        &dir,
        &["base.md", "bad/invalid_json.md", "bad/short_row.md"],
    );
    let out = dir.join("out");
    let run = xtask_gen(&spec, &out, &[]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let mut seen = std::collections::HashSet::new();
    for l in &lines {
        assert!(seen.insert(*l), "printed twice: {l}\n{stderr}");
    }
    let warnings = lines.iter().filter(|l| l.contains(": warning: ")).count();
    assert!(warnings > 0, "{stderr}");
    // The operations generated are the crate's operation features (`all = [...]`).
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let all = &manifest[manifest.find("\nall = [").unwrap()..];
    let operations = all[..all.find(']').unwrap()].matches('"').count() / 2;
    assert!(operations > 0, "{manifest}");
    let last = lines.last().copied().unwrap_or_default();
    assert_eq!(
        last,
        format!("gen: {operations} operations generated, 1 pages left out, {warnings} warnings"),
        "{stderr}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("gen: ")).count(),
        1,
        "{stderr}"
    );
}
