//! One name per type in every output: for every corpus folder in `../shared/corpus`, each
//! object and enum the generated Rust declares in `types.rs` is a schema of the OpenAPI
//! document under the same name, and each schema of the document is such a type.
//!
//! By rule, the other `struct`s and `enum`s of the Rust crate are its call surface, not data
//! on the wire, and have no schema: in an operation's module its request, builder and error
//! enum (named after the operation by the model), in `client.rs` the `Client`, in `error.rs`
//! the service's `Error`. The test checks that rule too, so a data type declared anywhere
//! else fails it.
//!
//! Skipped, with a notice, where `../shared/corpus` is absent (`.ci/run` runs it where it is).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::{Folder, Generator, ServiceModel};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// Every folder below `dir` (itself included) that holds pages.
fn corpus_folders(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut has_pages = false;
    let mut subdirs = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            subdirs.push(p);
        } else if p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md") {
            has_pages = true;
        }
    }
    if has_pages {
        out.push(dir.to_path_buf());
    }
    subdirs.sort();
    for d in subdirs {
        corpus_folders(&d, out);
    }
}

/// The names of the `struct`s and `enum`s a Rust file declares, at any module depth.
fn declared(code: &str, file: &str) -> BTreeSet<String> {
    fn walk(items: &[syn::Item], out: &mut BTreeSet<String>) {
        for item in items {
            match item {
                syn::Item::Struct(s) => {
                    out.insert(s.ident.to_string());
                }
                syn::Item::Enum(e) => {
                    out.insert(e.ident.to_string());
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        walk(inner, out);
                    }
                }
                _ => {}
            }
        }
    }
    let parsed = syn::parse_file(code).unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
    let mut out = BTreeSet::new();
    walk(&parsed.items, &mut out);
    out
}

/// What the rule allows a file other than `types.rs` to declare.
fn call_surface(model: &ServiceModel, file: &str) -> BTreeSet<String> {
    let module = file.trim_end_matches(".rs");
    let mut allowed = BTreeSet::new();
    match file {
        "client.rs" => {
            allowed.insert("Client".to_owned());
        }
        "error.rs" => {
            allowed.insert("Error".to_owned());
        }
        _ => {
            for m in model.operations.iter().filter(|m| m.module == module) {
                allowed.extend([m.request.clone(), m.builder.clone(), m.error.clone()]);
            }
        }
    }
    allowed
}

/// Checks one folder; returns (types compared, problems).
fn check(dir: &Path) -> (usize, Vec<String>) {
    let shown = dir.display().to_string();
    let folder = Folder::read(&common::sources(dir, "")).expect("the folder reads");
    let service = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let generator = Generator::new(&service);
    let model = match generator.model(&folder.pages) {
        Ok(m) => m,
        Err(e) => return (0, vec![format!("{shown}: no model: {e}")]),
    };
    let files = generator
        .rust_files(&model)
        .unwrap_or_else(|e| panic!("{shown}: {e}"))
        .files;
    let document = codegen::openapi::openapi(&model, &service);
    let schemas: BTreeSet<String> = document["components"]["schemas"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();

    let mut problems = Vec::new();
    let rust_types = declared(&files["types.rs"], "types.rs");
    for only in rust_types.difference(&schemas) {
        problems.push(format!(
            "{shown}: `{only}` is a Rust type with no OpenAPI schema"
        ));
    }
    for only in schemas.difference(&rust_types) {
        problems.push(format!(
            "{shown}: `{only}` is an OpenAPI schema with no Rust type"
        ));
    }
    for (file, code) in files.iter().filter(|(f, _)| *f != "types.rs") {
        let allowed = call_surface(&model, file);
        for name in declared(code, file).difference(&allowed) {
            problems.push(format!(
                "{shown}: {file} declares `{name}`, which is neither in types.rs nor part of the call surface"
            ));
        }
    }
    (rust_types.len(), problems)
}

#[test]
fn every_type_has_one_name_in_rust_and_openapi() {
    let root = corpus_root();
    if !root.is_dir() {
        eprintln!(
            "notice: {} is absent: the corpus name check is skipped",
            root.display()
        );
        return;
    }
    let mut folders = Vec::new();
    corpus_folders(&root, &mut folders);
    assert!(
        !folders.is_empty(),
        "no corpus folder in {}",
        root.display()
    );
    let mut problems = Vec::new();
    let mut compared = 0;
    for dir in &folders {
        let (types, found) = check(dir);
        eprintln!(
            "{}: {types} types, {} disagreements",
            dir.display(),
            found.len()
        );
        compared += types;
        problems.extend(found);
    }
    assert!(compared > 0, "no type was compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
