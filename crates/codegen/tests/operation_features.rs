//! Operations behind cargo features (`Options::operation_features`): every operation module and
//! its `Client` method gated on a feature named after the module, the standalone manifest
//! declaring exactly those features, and nothing gated without the option.

use std::path::PathBuf;

use codegen::{Options, Page};

fn pages() -> Vec<Page> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["spec/dcs", "tests/fixtures/pages"] {
        for p in codegen::project::read_pages(&root.join(dir), "").expect("readable folder") {
            assert!(!p.has_errors(), "{}: {:#?}", p.file, p.diagnostics);
            if let Some(op) = p.operation {
                out.push(Page { file: p.file, op });
            }
        }
    }
    out
}

#[test]
fn off_by_default() {
    let g = codegen::generate_service("svc", &pages()).expect("generates");
    for (name, code) in &g.files {
        assert!(!code.contains("cfg(feature"), "{name} is gated");
    }
}

#[test]
fn every_operation_module_and_method_is_gated_on_its_own_feature() {
    let pages = pages();
    let g = codegen::generate_service_with(
        "svc",
        &pages,
        Options {
            operation_features: true,
            ..Options::default()
        },
    )
    .expect("generates");
    assert_eq!(g.operations.len(), pages.len());
    let mod_rs = &g.files["mod.rs"];
    let client = &g.files["client.rs"];
    for op in &g.operations {
        let gate = format!("#[cfg(feature = \"{op}\")]");
        assert!(
            mod_rs.contains(&format!("{gate}\npub mod {op};")),
            "mod.rs does not gate {op}:\n{mod_rs}"
        );
        // The method of that module, and only it, follows the gate.
        let at = client
            .find(&gate)
            .unwrap_or_else(|| panic!("client.rs: no {gate}"));
        let after = &client[at..];
        let method_at = after.find("pub fn ").expect("a method after the gate");
        assert!(
            after[method_at..].contains(&format!("super::{op}::")),
            "the gated method does not build {op}"
        );
        assert_eq!(client.matches(&gate).count(), 1, "{gate} twice");
    }
    // The client itself and its constructors are not gated.
    assert_eq!(client.matches("cfg(feature").count(), g.operations.len());

    let manifest = codegen::standalone::crate_files("svc", "/rt".as_ref(), &g.operations)
        .into_iter()
        .find(|(name, _)| name == "Cargo.toml")
        .expect("a manifest")
        .1;
    assert!(
        manifest.contains("[features]\ndefault = [\"all\"]\n"),
        "{manifest}"
    );
    let all_line = manifest
        .lines()
        .find(|l| l.starts_with("all = ["))
        .expect("an `all` feature");
    for op in &g.operations {
        assert!(
            manifest.contains(&format!("\n{op} = []\n")),
            "{op} not declared"
        );
        assert!(all_line.contains(&format!("\"{op}\"")), "{op} not in `all`");
    }
    assert_eq!(
        manifest.lines().filter(|l| l.ends_with(" = []")).count(),
        g.operations.len()
    );
}
