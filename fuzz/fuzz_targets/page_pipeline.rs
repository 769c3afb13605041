//! Page to code: whatever parses cleanly must generate code the printer writes back as its
//! own tokens (checked in debug builds, which cargo fuzz makes).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = codegen::pipeline::run_page(data) {
        panic!("{e}");
    }
});
