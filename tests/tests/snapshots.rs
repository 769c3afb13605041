//! insta snapshots of the IR (YAML) and of the generated module, one per page: the spec page
//! and every fixture page. A change to the parser or the generator shows up here as a diff.

use std::path::{Path, PathBuf};

fn pages() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for (dir, shown) in [
        ("spec/dcs", "spec/dcs/"),
        ("tests/fixtures/pages", "tests/fixtures/pages/"),
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        paths.sort();
        for p in paths {
            let name = format!("{shown}{}", p.file_name().unwrap().to_string_lossy());
            out.push((name, p));
        }
    }
    out
}

#[test]
fn ir_snapshots() {
    for (name, path) in pages() {
        let page = apidoc::parse_page(&name, &std::fs::read(&path).unwrap());
        let id = page.operation.as_ref().map(|o| o.id.clone()).unwrap();
        insta::assert_yaml_snapshot!(format!("ir_{id}"), page);
    }
}

#[test]
fn generated_code_snapshots() {
    for (name, path) in pages() {
        let page = apidoc::parse_page(&name, &std::fs::read(&path).unwrap());
        let op = page.operation.unwrap();
        let model = codegen::model::model(&op);
        let mut warnings = Vec::new();
        let code = codegen::format_file(
            codegen::emit::emit_operation(&model, &name, &mut warnings),
            &name,
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        insta::assert_snapshot!(format!("code_{}", op.id), code);
    }
}
