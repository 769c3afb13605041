//! `Folder::read` reads pages and the error-code catalogue from one pass over the HTML: it
//! must give exactly what `apidoc::parse_folder` and `apidoc::error_codes` give when each
//! reads on its own.

mod common;

use std::path::Path;

#[test]
fn one_reading_gives_what_two_readings_give() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pages");
    let sources = common::sources(&dir, "p/");
    let once = codegen::Folder::read(&sources).expect("Folder::read");
    let options = apidoc::FolderOptions {
        service: sources.service.clone(),
        overrides: sources.overrides.clone(),
        ..apidoc::FolderOptions::default()
    };
    let pages = apidoc::parse_folder(&sources.pages, &options);
    let mut codes = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, bytes) in &sources.pages {
        let c = apidoc::error_codes(name, bytes);
        codes.extend(c.codes);
        diagnostics.extend(c.diagnostics);
    }

    assert!(!codes.is_empty(), "the fixtures have an error-code page");
    assert_eq!(once.codes, codes);
    let shown = |ds: &[apidoc::Diagnostic]| ds.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    assert_eq!(shown(&once.code_diagnostics), shown(&diagnostics));
    assert_eq!(once.pages.len(), pages.len());
    for (a, b) in once.pages.iter().zip(&pages) {
        assert_eq!(a.file, b.file);
        assert_eq!(a.operation, b.operation, "{}", a.file);
        assert_eq!(shown(&a.diagnostics), shown(&b.diagnostics), "{}", a.file);
    }
}
