//! `read_folder` reads pages and the error-code catalogue from one pass over the HTML: it
//! must give exactly what `read_pages` and `read_catalogue` give when each reads on its own.

use std::path::Path;

#[test]
fn one_reading_gives_what_two_readings_give() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pages");
    let once = codegen::project::read_folder(&dir, "p/").expect("read_folder");
    let pages = codegen::project::read_pages(&dir, "p/").expect("read_pages");
    let (codes, diagnostics) =
        codegen::project::read_catalogue(&dir, "p/").expect("read_catalogue");

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
