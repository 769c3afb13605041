//! Rust names from wire names: case conversion, keywords, and uniqueness.

use std::collections::BTreeSet;

/// Words that cannot be identifiers at all, even as raw identifiers.
const NOT_RAW: [&str; 5] = ["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2024 (usable as `r#name`).
const KEYWORDS: [&str; 50] = [
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen", "union", "static",
];

/// Splits a wire name into lower-case ASCII words: `instance_id`, `instanceId`, `X-Auth-Token`,
/// `a.b` all split on case changes and on every non-alphanumeric character.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && !cur.is_empty()
            && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase())));
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `snake_case`, never empty, never starting with a digit, keywords made raw.
pub fn snake(s: &str) -> String {
    let mut n = words(s).join("_");
    if n.is_empty() {
        n = "field".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n = format!("n{n}");
    }
    // Decided here, not in `ident`, so the name used for `serde(rename)` checks is the one
    // that is emitted.
    if NOT_RAW.contains(&n.as_str()) {
        n.push('_');
    }
    n
}

/// `PascalCase`, never empty, never starting with a digit.
pub fn pascal(s: &str) -> String {
    let mut n: String = words(s)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if n.is_empty() {
        n = "Value".to_owned();
    }
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n = format!("V{n}");
    }
    n
}

/// The singular of an English plural word, by a small rule (no dictionary): `ies` → `y`
/// (`policies`), `sses`, `uses`, `xes`, `ches`, `shes`, `zes` drop `es` (`addresses`,
/// `statuses`, `boxes`, `batches`), other words of four letters or more ending in `s` but
/// not `ss`, `us` or `is` drop the `s` (`nics`, `responses`, `volumes`). Anything else,
/// including short words that may be acronyms (`dns`, `ips`), is left as it is.
pub fn singular(word: &str) -> String {
    let l = word.to_ascii_lowercase();
    let n = word.len();
    if !word.is_ascii() || n < 4 {
        return word.to_owned();
    }
    if l.ends_with("ies") && n > 4 {
        let y = if word.ends_with("IES") { "Y" } else { "y" };
        return format!("{}{y}", &word[..n - 3]);
    }
    if ["sses", "uses", "xes", "ches", "shes", "zes"]
        .iter()
        .any(|e| l.ends_with(e))
    {
        return word[..n - 2].to_owned();
    }
    if l.ends_with('s') && !["ss", "us", "is"].iter().any(|e| l.ends_with(e)) {
        return word[..n - 1].to_owned();
    }
    word.to_owned()
}

/// A PascalCase name with its last word made singular: `DataVolumes` → `DataVolume`.
pub fn singular_name(name: &str) -> String {
    let cut = name
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(0, |(i, _)| i);
    let (head, last) = name.split_at(cut);
    format!("{head}{}", singular(last))
}

/// An identifier token for `name` (already cased): keywords become `r#kw`, words that cannot be
/// raw get a trailing underscore.
pub fn ident(name: &str) -> proc_macro2::Ident {
    if NOT_RAW.contains(&name) {
        return proc_macro2::Ident::new(&format!("{name}_"), proc_macro2::Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        return proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site());
    }
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// Hands out names that are unique within one scope, suffixing `2`, `3`... on collision.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Scope {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Claims `want` or the first free `want2`, `want3`...; `sep` goes between name and number.
    pub fn claim(&mut self, want: &str, sep: &str) -> String {
        if self.taken.insert(want.to_owned()) {
            return want.to_owned();
        }
        let mut n = 2;
        loop {
            let c = format!("{want}{sep}{n}");
            if self.taken.insert(c.clone()) {
                return c;
            }
            n += 1;
        }
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("instance_id"), "instance_id");
        assert_eq!(snake("instanceId"), "instance_id");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("a.b"), "a_b");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("3d"), "n3d");
        assert_eq!(snake("名字"), "field");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("type"), "type");
        assert_eq!(pascal("records_response"), "RecordsResponse");
        assert_eq!(pascal("RecordsResponse"), "RecordsResponse");
        assert_eq!(pascal("3.0"), "V30");
        assert_eq!(pascal("ErrorResponse_1"), "ErrorResponse1");
    }

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("Nics", "Nic"),
            ("DataVolumes", "DataVolume"),
            ("SecurityGroups", "SecurityGroup"),
            ("Policies", "Policy"),
            ("Addresses", "Address"),
            ("Statuses", "Status"),
            ("Boxes", "Box"),
            ("Batches", "Batch"),
            ("Responses", "Response"),
            ("Status", "Status"),
            ("Analysis", "Analysis"),
            ("Address", "Address"),
            ("Metadata", "Metadata"),
            ("Dns", "Dns"),
            ("ListenerIps", "ListenerIps"),
        ] {
            assert_eq!(singular_name(plural), one, "{plural}");
        }
    }

    #[test]
    fn idents() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("client").to_string(), "client");
    }

    #[test]
    fn scope_suffixes() {
        let mut s = Scope::with_reserved(["Client"]);
        assert_eq!(s.claim("Client", ""), "Client2");
        assert_eq!(s.claim("a", "_"), "a");
        assert_eq!(s.claim("a", "_"), "a_2");
    }
}
