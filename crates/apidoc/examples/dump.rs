//! Prints the IR of one page as JSON (the parser alone; `cargo xtask ir` is the real command).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let page = apidoc::parse_page(&path, &bytes);
        println!(
            "{}",
            serde_json::to_string_pretty(&page).unwrap_or_default()
        );
    }
}
