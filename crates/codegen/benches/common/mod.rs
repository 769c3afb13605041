//! What the generator benches share: the HTML-parse floor's input.

/// Every `<table>…</table>` block of a page (outermost tables), as the page splitter finds
/// them: what the floor hands to the HTML parser.
pub fn tables(page: &str) -> Vec<String> {
    let count = |s: &str, pat: &str| s.to_ascii_lowercase().matches(pat).count() as i64;
    let mut out = Vec::new();
    let mut current: Option<(String, i64)> = None;
    for line in page.lines() {
        match current.as_mut() {
            Some((html, depth)) => {
                html.push('\n');
                html.push_str(line);
                *depth += count(line, "<table") - count(line, "</table");
            }
            None => {
                if let Some(pos) = line.to_ascii_lowercase().find("<table") {
                    let html = line[pos..].to_owned();
                    let depth = count(&html, "<table") - count(&html, "</table");
                    current = Some((html, depth));
                }
            }
        }
        if current.as_ref().is_some_and(|(_, d)| *d <= 0) {
            out.extend(current.take().map(|(h, _)| h));
        }
    }
    out.extend(current.map(|(h, _)| h));
    out
}
