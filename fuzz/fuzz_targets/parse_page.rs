//! The parser alone: any bytes give a page and diagnostics, never a panic or a hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let page = apidoc::parse_page("fuzz.md", data);
    // Every diagnostic points into the page.
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for d in &page.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d}");
    }
});
