//! Page to code: whatever parses cleanly must generate code that `syn` parses.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = codegen::pipeline::run_page(data) {
        panic!("{e}");
    }
});
