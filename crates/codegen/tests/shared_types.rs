//! One type per shape across a service: the fixture pages (which include an obstacle course
//! of awkward names) generate one `types` module where a shared object is declared once,
//! different shapes of one name get different names, and no name shadows `std` or is a bare
//! generic word.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn generated() -> BTreeMap<String, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pages = common::pages(&root.join("tests/fixtures/pages"), "");
    codegen::Generator::new("fixtures")
        .rust(&pages)
        .unwrap()
        .files
}

/// Names declared by `pub struct` / `pub enum` / `pub type` in `code`.
fn declared(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let rest = l
                .strip_prefix("pub struct ")
                .or_else(|| l.strip_prefix("pub enum "))
                .or_else(|| l.strip_prefix("pub type "))?;
            Some(
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_object_and_enum_is_declared_once_in_types() {
    let files = generated();
    let types = declared(&files["types.rs"]);
    let mut seen = std::collections::BTreeSet::new();
    for t in &types {
        assert!(seen.insert(t), "{t} declared twice in types.rs");
    }
    // Objects are not redeclared in operation modules: those declare only their own items.
    for (file, code) in &files {
        if file == "types.rs" {
            continue;
        }
        for name in declared(code) {
            assert!(
                ["Request", "Builder", "Error", "Response", "Client"]
                    .iter()
                    .any(|s| name.ends_with(s)),
                "{file} declares {name}"
            );
        }
        // What a module re-exports exists in types.rs.
        if let Some(at) = code.find("pub use super::types::") {
            let list = &code[at..code[at..].find(';').unwrap() + at];
            for n in list
                .trim_start_matches("pub use super::types::")
                .trim_matches(|c| c == '{' || c == '}')
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                assert!(
                    types.iter().any(|t| t == n),
                    "{file} re-exports unknown {n}"
                );
            }
        }
    }
    // The same error body of several pages is one type.
    assert_eq!(types.iter().filter(|t| *t == "ErrorResponse").count(), 1);
}

#[test]
fn one_name_with_two_shapes_gets_two_names_and_none_shadows_std() {
    let files = generated();
    let types = declared(&files["types.rs"]);
    // 创建小部件.md's request `Tag` (key required) and another page's `Tag` differ.
    assert!(types.iter().any(|t| t == "Tag"), "{types:?}");
    assert!(types.iter().any(|t| t == "CreateWidgetTag"), "{types:?}");
    for bad in [
        "Result", "Option", "Box", "Vec", "String", "Error", "Type", "Status", "Client", "Value",
    ] {
        assert!(!types.iter().any(|t| t == bad), "a type is named {bad}");
    }
    // 命名障碍赛.md names objects `Option` and `Result`: they say whose they are.
    assert!(
        types
            .iter()
            .any(|t| t == "ShowNamingObstaclesResponseOption")
    );
    assert!(types.iter().any(|t| t == "ShowNamingObstaclesResult"));
}
