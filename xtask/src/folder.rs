//! Everything of `gen` that touches the file system, in one place: reading a folder of
//! pages (pages, `overrides.txt`, `endpoints.txt`) into [`codegen::Sources`], the workspace's
//! targets, comparing generated files with what is on disk, and writing them without leaving
//! a half-done tree. The generator itself (`codegen`) only turns bytes into files.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Files, Folder, Generated, Generator, Options, Sources};

/// The files of the folder `dir` that the generator reads, as bytes, shown in diagnostics as
/// `display_prefix` + file name. The folder's name is the service (dropped from derived ids
/// where paths repeat it).
pub fn sources(dir: &Path, display_prefix: &str) -> Result<Sources, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !path.is_file() || !Sources::wants(&name) {
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push((name, bytes));
    }
    let service = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    Ok(Sources::from_files(service, files, |name| {
        format!("{display_prefix}{name}")
    }))
}

/// The folder `dir`, read and parsed once: its pages, error-code catalogue and endpoints.
pub fn read(dir: &Path, display_prefix: &str) -> Result<Folder, String> {
    Folder::read(&sources(dir, display_prefix)?).map_err(|e| e.to_string())
}

/// How the files on disk differ from freshly generated ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose content differs.
    pub changed: Vec<String>,
    /// Files that should exist but do not.
    pub missing: Vec<String>,
    /// Files that exist but would not be generated.
    pub extra: Vec<String>,
}

impl Drift {
    /// True when disk and generation agree.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for c in &self.changed {
            writeln!(f, "  stale:   {c}")?;
        }
        for c in &self.missing {
            writeln!(f, "  missing: {c}")?;
        }
        for c in &self.extra {
            writeln!(f, "  extra:   {c}")?;
        }
        Ok(())
    }
}

fn existing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Compares `files` with the folder `dir`.
pub fn compare(dir: &Path, files: &Files) -> Drift {
    let mut d = Drift::default();
    for (name, content) in files {
        match fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if on_disk == *content => {}
            Ok(_) => d.changed.push(dir.join(name).display().to_string()),
            Err(_) => d.missing.push(dir.join(name).display().to_string()),
        }
    }
    for name in existing(dir) {
        if !files.contains_key(&name) {
            d.extra.push(dir.join(name).display().to_string());
        }
    }
    d
}

/// Writes `files` into `dir`, replacing what was there. The new tree is written beside the
/// old one and swapped in with renames, so an interrupted run leaves either tree, not a mix.
pub fn write(dir: &Path, files: &Files) -> Result<(), String> {
    let io =
        |what: &str, p: &Path, e: std::io::Error| format!("cannot {what} {}: {e}", p.display());
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".into());
    let staging = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    let _ = fs::remove_dir_all(&staging);
    let _ = fs::remove_dir_all(&old);
    fs::create_dir_all(&staging).map_err(|e| io("create", &staging, e))?;
    for (file, content) in files {
        let p = staging.join(file);
        fs::write(&p, content).map_err(|e| io("write", &p, e))?;
    }
    if dir.exists() {
        fs::rename(dir, &old).map_err(|e| io("move aside", dir, e))?;
    }
    fs::rename(&staging, dir).map_err(|e| io("move into place", dir, e))?;
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// One folder of pages and the folder its generated code lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Service name (endpoint name), e.g. `dcs`.
    pub service: String,
    /// Folder of pages.
    pub spec: PathBuf,
    /// How page paths are shown in headers and diagnostics (relative to the workspace).
    pub display_prefix: String,
    /// The `generated` folder to write.
    pub out: PathBuf,
}

/// What `cargo xtask gen` regenerates in the workspace at `root`: every `spec/<service>/`
/// into `crates/<service>/src/generated/`, and the test fixture pages into the tests crate
/// (so the generated fixture code is compiled and linted like any other code).
pub fn workspace_targets(root: &Path) -> Result<Vec<Target>, String> {
    let spec_root = root.join("spec");
    let mut services: Vec<String> = fs::read_dir(&spec_root)
        .map_err(|e| format!("cannot read {}: {e}", spec_root.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    let mut out: Vec<Target> = services
        .into_iter()
        .map(|s| Target {
            spec: spec_root.join(&s),
            display_prefix: format!("spec/{s}/"),
            out: root.join("crates").join(&s).join("src").join("generated"),
            service: s,
        })
        .collect();
    out.push(Target {
        service: "fixtures".into(),
        spec: root.join("tests").join("fixtures").join("pages"),
        display_prefix: "tests/fixtures/pages/".into(),
        out: root.join("tests").join("src").join("generated"),
    });
    Ok(out)
}

/// Reads and generates one target.
pub fn generate_target(t: &Target, options: Options) -> Result<(Folder, Generated), String> {
    let folder = read(&t.spec, &t.display_prefix)?;
    let generated = Generator::for_folder(&t.service, &folder)
        .options(options)
        .rust(&folder.pages)
        .map_err(|e| e.to_string())?;
    Ok((folder, generated))
}
