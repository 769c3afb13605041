//! A folder to code: the input is split into pages at `\0` bytes (the first is the operation
//! page, the others its neighbours, such as shared data-structure pages), read together and
//! generated; whatever reads cleanly must generate code the printer writes back as its own tokens
//! (checked in debug builds, which cargo fuzz makes), with ids unique.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let names = ["page.md", "数据结构.md", "other.md", "more.md"];
    let pages: Vec<(String, Vec<u8>)> = data
        .split(|&b| b == 0)
        .take(names.len())
        .zip(names)
        .map(|(bytes, name)| (name.to_owned(), bytes.to_vec()))
        .collect();
    if let Err(e) = codegen::pipeline::run_folder(&pages) {
        panic!("{e}");
    }
});
