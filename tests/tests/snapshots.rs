//! insta snapshots of the IR (YAML) and of the generated module, one per page: the spec page
//! and every fixture page. A change to the parser or the generator shows up here as a diff.

use std::path::Path;

/// Every page of the spec folder and of the fixture folder, parsed as `cargo xtask gen` parses
/// them: a folder at a time, so that links between pages resolve and ids are unique.
fn pages() -> Vec<apidoc::ParsedPage> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for (dir, shown) in [
        ("spec/dcs", "spec/dcs/"),
        ("tests/fixtures/pages", "tests/fixtures/pages/"),
    ] {
        let pages = xtask::folder::read(&root.join(dir), shown).unwrap().pages;
        out.extend(pages.into_iter().filter(|p| p.operation.is_some()));
    }
    out
}

#[test]
fn ir_snapshots() {
    for page in pages() {
        let id = page.operation.as_ref().map(|o| o.id.clone()).unwrap();
        insta::assert_yaml_snapshot!(format!("ir_{id}"), page);
    }
}

/// Every generated file of the spec service and of the fixture service, as `cargo xtask gen`
/// writes them: the operation modules, the shared `types` module, the client.
#[test]
fn generated_code_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (service, dir, shown) in [
        ("dcs", "spec/dcs", "spec/dcs/"),
        ("fixtures", "tests/fixtures/pages", "tests/fixtures/pages/"),
    ] {
        let pages = xtask::folder::read(&root.join(dir), shown).unwrap().pages;
        let generated = codegen::Generator::new(service).rust(&pages).unwrap();
        assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
        for (file, code) in &generated.files {
            let name = file.trim_end_matches(".rs");
            insta::assert_snapshot!(format!("code_{service}_{name}"), code);
        }
    }
}
