//! Whole-folder operations shared by `cargo xtask` and the freshness test: read a folder of
//! pages, generate, compare with what is on disk, write without leaving a half-done tree.

use std::fs;
use std::path::{Path, PathBuf};

use apidoc::{ParsedPage, Severity};

use crate::{Files, GenError, Generated, Page};

/// The `*.md` files of a folder, sorted by name.
fn md_files(dir: &Path) -> Result<Vec<PathBuf>, GenError> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| GenError(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The pages of a folder (`*.md`, sorted by name), parsed together (so that links between
/// them resolve and operation ids are unique), with the folder's `operation-ids.txt` when it
/// has one. The folder's name is the service (dropped from derived ids where paths repeat it).
pub fn read_pages(dir: &Path, display_prefix: &str) -> Result<Vec<ParsedPage>, GenError> {
    let (pages, options) = folder_input(dir, display_prefix)?;
    Ok(apidoc::parse_folder(&pages, &options))
}

/// What one reading of a folder gives `gen`: the pages, the error-code catalogue, and the
/// diagnostics of reading the catalogue.
pub struct Folder {
    /// The pages, as [`read_pages`] gives them.
    pub pages: Vec<ParsedPage>,
    /// Every error-code row, as [`read_catalogue`] gives them.
    pub codes: Vec<apidoc::ErrorCode>,
    /// What reading the error-code tables had to say.
    pub code_diagnostics: Vec<apidoc::Diagnostic>,
}

/// A folder's pages as (shown name, bytes).
type PageBytes = Vec<(String, Vec<u8>)>;

/// [`read_pages`] and [`read_catalogue`] from one reading of every page: what `gen` needs.
pub fn read_folder(dir: &Path, display_prefix: &str) -> Result<Folder, GenError> {
    let (pages, options) = folder_input(dir, display_prefix)?;
    let (parsed, catalogues) = apidoc::parse_folder_with_catalogue(&pages, &options);
    let mut folder = Folder {
        pages: parsed,
        codes: Vec::new(),
        code_diagnostics: Vec::new(),
    };
    for c in catalogues {
        folder.codes.extend(c.codes);
        folder.code_diagnostics.extend(c.diagnostics);
    }
    Ok(folder)
}

/// A folder's pages, and the options its maintainer files give.
fn folder_input(
    dir: &Path,
    display_prefix: &str,
) -> Result<(PageBytes, apidoc::FolderOptions), GenError> {
    let paths = md_files(dir)?;
    let mut pages = Vec::with_capacity(paths.len());
    for p in paths {
        let bytes =
            fs::read(&p).map_err(|e| GenError(format!("cannot read {}: {e}", p.display())))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        pages.push((format!("{display_prefix}{name}"), bytes));
    }
    let pins = dir.join(apidoc::OVERRIDES_FILE);
    let overrides = match fs::read(&pins) {
        Ok(bytes) => Some((format!("{display_prefix}{}", apidoc::OVERRIDES_FILE), bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(GenError(format!("cannot read {}: {e}", pins.display()))),
    };
    let service = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    Ok((pages, apidoc::FolderOptions { service, overrides }))
}

/// Generates a service from parsed pages. Pages with errors are left out and listed
/// ([`Generated::left_out`]); nothing is generated when no page is left.
pub fn generate(service: &str, pages: &[ParsedPage]) -> Result<Generated, GenError> {
    generate_with(service, pages, crate::Options::default())
}

/// The error-code catalogue of a folder (`*.md`, sorted by name): every error-code table of
/// every page, with the diagnostics of reading them.
pub fn read_catalogue(
    dir: &Path,
    display_prefix: &str,
) -> Result<(Vec<apidoc::ErrorCode>, Vec<apidoc::Diagnostic>), GenError> {
    let paths = md_files(dir)?;
    let mut codes = Vec::new();
    let mut diagnostics = Vec::new();
    for p in paths {
        let bytes =
            fs::read(&p).map_err(|e| GenError(format!("cannot read {}: {e}", p.display())))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let c = apidoc::error_codes(&format!("{display_prefix}{name}"), &bytes);
        codes.extend(c.codes);
        diagnostics.extend(c.diagnostics);
    }
    Ok((codes, diagnostics))
}

/// The folder's `endpoints.txt` ([`crate::endpoints`]), or nothing said when it has none.
pub fn read_endpoints(
    dir: &Path,
    display_prefix: &str,
) -> Result<crate::endpoints::Endpoints, GenError> {
    let path = dir.join(crate::endpoints::ENDPOINTS_FILE);
    match fs::read(&path) {
        Ok(bytes) => crate::endpoints::Endpoints::parse(
            &format!("{display_prefix}{}", crate::endpoints::ENDPOINTS_FILE),
            &bytes,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(crate::endpoints::Endpoints::default())
        }
        Err(e) => Err(GenError(format!("cannot read {}: {e}", path.display()))),
    }
}

/// [`generate`] with [`crate::Options`]: with `strict`, any error diagnostic stops
/// generation and the message lists every error.
pub fn generate_with(
    service: &str,
    pages: &[ParsedPage],
    options: crate::Options,
) -> Result<Generated, GenError> {
    generate_with_codes(
        service,
        pages,
        options,
        &[],
        &crate::endpoints::Endpoints::default(),
    )
}

/// [`generate_with`], carrying the service's error-code catalogue into the crate.
pub fn generate_with_codes(
    service: &str,
    pages: &[ParsedPage],
    options: crate::Options,
    codes: &[apidoc::ErrorCode],
    endpoints: &crate::endpoints::Endpoints,
) -> Result<Generated, GenError> {
    let errors: Vec<String> = pages
        .iter()
        .flat_map(|p| &p.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    if options.strict && !errors.is_empty() {
        return Err(GenError(format!(
            "{} error(s); nothing was generated (strict):\n{}",
            errors.len(),
            errors.join("\n")
        )));
    }
    let mut left_out = Vec::new();
    let mut ops = Vec::new();
    for p in pages {
        if p.has_errors() {
            let errs: Vec<_> = p
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            left_out.push(crate::LeftOut {
                file: p.file.clone(),
                error: errs.first().map(|d| d.to_string()).unwrap_or_default(),
                errors: errs.len(),
            });
            continue;
        }
        if let Some(op) = &p.operation {
            ops.push(Page {
                file: p.file.clone(),
                op: op.clone(),
            });
        }
    }
    if ops.is_empty() {
        let why = if left_out.is_empty() {
            String::new()
        } else {
            format!(
                "; {} page(s) with errors:\n{}",
                left_out.len(),
                errors.join("\n")
            )
        };
        return Err(GenError(format!("no operation pages for {service}{why}")));
    }
    crate::generate_service_full(service, &ops, options, left_out, codes, endpoints)
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
pub fn write(dir: &Path, files: &Files) -> Result<(), GenError> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        GenError(format!("cannot {what} {}: {e}", p.display()))
    };
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
pub fn workspace_targets(root: &Path) -> Result<Vec<Target>, GenError> {
    let spec_root = root.join("spec");
    let mut services: Vec<String> = fs::read_dir(&spec_root)
        .map_err(|e| GenError(format!("cannot read {}: {e}", spec_root.display())))?
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
pub fn generate_target(
    t: &Target,
    options: crate::Options,
) -> Result<(Vec<ParsedPage>, Generated), GenError> {
    let Folder { pages, codes, .. } = read_folder(&t.spec, &t.display_prefix)?;
    let endpoints = read_endpoints(&t.spec, &t.display_prefix)?;
    let generated = generate_with_codes(&t.service, &pages, options, &codes, &endpoints)?;
    Ok((pages, generated))
}
