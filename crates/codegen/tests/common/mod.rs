//! What the tests share: a folder of pages from disk as the generator's input (reading files
//! is `cargo xtask`'s job in the project; the tests read their fixtures themselves).

// Each test binary uses part of what is here.
#![allow(dead_code)]

use std::path::Path;

use codegen::Sources;

/// The files of `dir` that the generator reads, shown as `prefix` + file name.
pub fn sources(dir: &Path, prefix: &str) -> Sources {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && Sources::wants(&name) {
            files.push((name, std::fs::read(entry.path()).expect("readable file")));
        }
    }
    let service = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    Sources::from_files(service, files, |name| format!("{prefix}{name}"))
}

/// The parsed pages of `dir`.
pub fn pages(dir: &Path, prefix: &str) -> Vec<apidoc::ParsedPage> {
    codegen::Folder::read(&sources(dir, prefix))
        .expect("readable folder")
        .pages
}
