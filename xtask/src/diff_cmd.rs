//! `cargo xtask diff OLD NEW`: what changed between two versions of a folder of pages, each
//! a folder or `REV:PATH` (the folder as committed at a git revision), with wire and crate
//! verdicts; and the one-paragraph summary `cargo xtask gen` prints.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use apidoc::ParsedPage;
use codegen::diff::{self, Bump, Report, Wire};
use codegen::{Folder, ServiceModel, Sources};

use crate::cli::{DiffArgs, FailOn, Format};

/// Runs `cargo xtask diff`.
pub fn run(args: &DiffArgs) -> Result<(), String> {
    let (old, new) = (args.old.as_str(), args.new.as_str());
    let old_pages = load(old, None)?;
    let new_pages = load(new, None)?;
    let report = diff::compare(
        &ServiceModel::from_parsed("old", &old_pages),
        &ServiceModel::from_parsed("new", &new_pages),
    );
    // The unreadable pages' diagnostics, where a maintainer looks for them; the report
    // names the pages too.
    for u in &report.unreadable {
        for e in &u.errors {
            eprintln!("{e}");
        }
    }
    let out = match args.format {
        Format::Markdown => diff::render::markdown(&report, old, new),
        Format::Json => {
            serde_json::to_string_pretty(&diff::render::json(&report)).map_err(|e| e.to_string())?
        }
        Format::Text => diff::render::text(&report, old, new),
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", out.trim_end()).map_err(|e| e.to_string())?;
    match args.fail_on {
        Some(FailOn::Breaking) if report.breaking() > 0 => Err(format!(
            "{} change(s) break existing callers on the wire (--fail-on breaking)",
            report.breaking()
        )),
        Some(FailOn::Major) if report.bump() == Bump::Major => {
            Err("the generated crate needs a major version (--fail-on major)".into())
        }
        _ => Ok(()),
    }
}

/// The pages of one side: a folder, or `REV:PATH` read from git (relative to `git_dir`,
/// else the current directory).
pub fn load(side: &str, git_dir: Option<&Path>) -> Result<Vec<ParsedPage>, String> {
    let as_dir = match git_dir {
        Some(root) => root.join(side),
        None => Path::new(side).to_path_buf(),
    };
    if as_dir.is_dir() {
        let prefix = format!("{}/", side.trim_end_matches('/'));
        return Ok(xtask::folder::read(&as_dir, &prefix)?.pages);
    }
    let Some((rev, path)) = side.split_once(':').filter(|(r, _)| !r.is_empty()) else {
        return Err(format!(
            "`{side}` is neither a folder nor REV:PATH (a folder at a git revision, e.g. HEAD:spec/dcs)"
        ));
    };
    let path = path.trim_end_matches('/');
    let files = git_folder(rev, path, git_dir)
        .map_err(|e| format!("cannot read `{side}` from git: {e}"))?;
    let service = path
        .rsplit('/')
        .find(|s| !s.is_empty() && *s != ".")
        .map(str::to_owned);
    let sources = Sources::from_files(service, files, |name| format!("{rev}:{path}/{name}"));
    Ok(Folder::read(&sources).map_err(|e| e.to_string())?.pages)
}

fn git(git_dir: Option<&Path>) -> Command {
    let mut c = Command::new("git");
    if let Some(d) = git_dir {
        c.arg("-C").arg(d);
    }
    c
}

/// The files (not subfolders) of `rev:path`, sorted by name, read in memory. Names come
/// NUL-separated (`-z`), so no `core.quotepath` quoting and any bytes survive; blobs are
/// read by object id, so a name never goes back through a command line.
fn git_folder(
    rev: &str,
    path: &str,
    git_dir: Option<&Path>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tree = format!("{rev}:{path}");
    let out = git(git_dir)
        .args(["ls-tree", "-z", "--full-tree"])
        .arg(&tree)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    let mut entries: Vec<(Vec<u8>, String)> = Vec::new();
    for entry in out.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        // `<mode> SP <type> SP <object> TAB <name>`
        let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let meta = String::from_utf8_lossy(&entry[..tab]);
        let mut parts = meta.split(' ');
        let (_, kind, oid) = (parts.next(), parts.next(), parts.next());
        if kind == Some("blob")
            && let Some(oid) = oid
        {
            entries.push((entry[tab + 1..].to_vec(), oid.to_owned()));
        }
    }
    entries.sort();
    let blobs = cat_blobs(entries.iter().map(|e| e.1.as_str()), git_dir)?;
    Ok(entries
        .into_iter()
        .zip(blobs)
        .map(|((name, _), bytes)| (String::from_utf8_lossy(&name).into_owned(), bytes))
        .collect())
}

/// The contents of blobs, in order, through one `git cat-file --batch`.
fn cat_blobs<'o>(
    oids: impl Iterator<Item = &'o str>,
    git_dir: Option<&Path>,
) -> Result<Vec<Vec<u8>>, String> {
    let oids: Vec<&str> = oids.collect();
    let mut child = git(git_dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no stdin")?;
    let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
    // Written from a thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut raw = Vec::new();
    child
        .stdout
        .take()
        .ok_or("git cat-file has no stdout")?
        .read_to_end(&mut raw)
        .map_err(|e| e.to_string())?;
    let _ = writer.join();
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("git cat-file failed".into());
    }
    let mut out = Vec::with_capacity(oids.len());
    let mut rest = raw.as_slice();
    for oid in oids {
        let nl = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| format!("git cat-file: no header for {oid}"))?;
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: {header}"))?;
        let body = rest
            .get(nl + 1..nl + 1 + size)
            .ok_or_else(|| format!("git cat-file: {oid} is cut short"))?;
        out.push(body.to_vec());
        rest = rest.get(nl + 2 + size..).unwrap_or(&[]);
    }
    Ok(out)
}

/// What `cargo xtask gen` says about a service's pages against the committed ones
/// (`HEAD:spec/<service>`): `None` outside a git checkout or when nothing is committed yet.
pub fn gen_summary(root: &Path, display: &str, pages: &[ParsedPage]) -> Option<String> {
    let folder = display.trim_end_matches('/');
    let committed = load(&format!("HEAD:{folder}"), Some(root)).ok()?;
    if committed.is_empty() {
        return None;
    }
    let report: Report = diff::compare(
        &ServiceModel::from_parsed(folder, &committed),
        &ServiceModel::from_parsed(folder, pages),
    );
    let breaking = report.breaking();
    let mut s = format!("{folder} against HEAD: {}", report.summary());
    if breaking > 0 {
        let first = report
            .changes
            .iter()
            .find(|c| c.wire == Wire::Breaking)
            .map(|c| format!("{} {} {}", c.operation, c.kind, c.location));
        if let Some(first) = first {
            s.push_str(&format!(
                " (first breaking: {first}); `cargo xtask diff HEAD:{folder} {folder}` for the report"
            ));
        }
    } else if !report.changes.is_empty() {
        s.push_str(&format!(
            "; `cargo xtask diff HEAD:{folder} {folder}` for the report"
        ));
    }
    Some(s)
}
