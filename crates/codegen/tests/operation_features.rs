//! Operations behind cargo features (`Options::operation_features`): every operation module and
//! its `Client` method gated on a feature named after the module, the standalone manifest
//! declaring exactly those features, and nothing gated without the option.

mod common;

use std::path::PathBuf;

use codegen::{Generator, Options, Page, ServiceModel};

fn pages() -> Vec<Page> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["spec/dcs", "tests/fixtures/pages"] {
        for p in common::pages(&root.join(dir), "") {
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
    let model = ServiceModel::build("svc", &pages(), Vec::new());
    let g = Generator::new("svc").rust_files(&model).expect("generates");
    for (name, code) in &g.files {
        assert!(!code.contains("cfg(feature"), "{name} is gated");
    }
}

#[test]
fn every_operation_module_and_method_is_gated_on_its_own_feature() {
    let pages = pages();
    let g = Generator::new("svc")
        .options(Options {
            operation_features: true,
            ..Options::default()
        })
        .rust_files(&ServiceModel::build("svc", &pages, Vec::new()))
        .expect("generates");
    assert_eq!(g.operations.len(), pages.len());
    let mod_rs = &g.files["mod.rs"];
    let client = &g.files["client.rs"];
    for op in &g.operations {
        let gate = format!("#[cfg(feature = \"{op}\")]");
        let badge = format!("#[cfg_attr(docsrs, doc(cfg(feature = \"{op}\")))]");
        assert!(
            mod_rs.contains(&format!("{gate}\n{badge}\npub mod {op};")),
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
        // With the feature off, a stand-in method and its marker trait name the feature.
        let off = format!("#[cfg(not(feature = \"{op}\"))]");
        assert_eq!(client.matches(&off).count(), 2, "{off}");
        assert!(client.contains(&format!("needs the cargo feature `{op}`")));
    }
    // The client itself and its constructors are not gated.
    assert_eq!(client.matches("#[cfg(feature").count(), g.operations.len());
    // The command line's `build` says an operation is left out of this build before it checks
    // the input: a user who typed every parameter of an operation the binary lacks would
    // otherwise be told about them one at a time first.
    let ops = &g.files["operations.rs"];
    let build = &ops[ops.find("pub fn build(").expect("a build fn")..];
    let refused = build.find("not_compiled(op)").expect("a not-compiled arm");
    let checked = build
        .find("Input::new(op, input)")
        .expect("the input checked");
    assert!(refused < checked, "build checks the input first:\n{build}");

    let manifest = codegen::manifest::crate_files(
        "svc",
        &codegen::manifest::Runtime::Version("0.1.0".into()),
        &g.operations,
    )
    .into_iter()
    .find(|(name, _)| name == "Cargo.toml")
    .expect("a manifest")
    .1;
    assert!(
        manifest.contains("[features]\ndefault = [\"all\", \"tls-webpki-roots\"]\n"),
        "{manifest}"
    );
    for runtime in [
        "tls-webpki-roots = [\"hwc-runtime/webpki-roots\"]",
        "tls-native-roots = [\"hwc-runtime/native-roots\"]",
        "sign-asymmetric = [\"hwc-runtime/asymmetric\"]",
    ] {
        assert!(
            manifest.contains(runtime),
            "{runtime} not forwarded: {manifest}"
        );
    }
    assert!(manifest.contains("default-features = false"), "{manifest}");
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

#[test]
fn a_maintainers_manifest_keeps_everything_but_the_features_block() {
    use codegen::manifest::{features_block, update_manifest};
    let old = format!(
        "[package]\nname = \"svc\"\n# my note\n\n[dependencies]\nhwc-runtime = \"9\"\n\n{}[lints]\nmine = 1\n",
        features_block(&["a".into()])
    );
    let new = update_manifest(&old, &features_block(&["a".into(), "b".into()])).unwrap();
    assert!(
        new.contains("# my note") && new.contains("hwc-runtime = \"9\""),
        "{new}"
    );
    assert!(
        new.contains("all = [\"a\", \"b\"]\n") && new.contains("\nb = []\n"),
        "{new}"
    );
    assert!(
        new.ends_with("# END operation features\n[lints]\nmine = 1\n"),
        "{new}"
    );
    // Without the markers the manifest is the maintainer's alone.
    assert_eq!(update_manifest("[package]\n", "x"), None);
    assert_eq!(
        codegen::manifest::relative_path("/a/b/out".as_ref(), "/a/rt".as_ref()),
        "../../rt"
    );
}
