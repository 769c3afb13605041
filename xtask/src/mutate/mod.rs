//! `cargo xtask mutate-check DIR…`: metamorphic robustness of the reader. Every page of a
//! folder is rewritten in ways that keep its meaning ([`Kind`]); the folder is read as
//! written and as rewritten, and every fact ([`facts`]) the original states that the rewrite
//! loses or changes is reported, per rewrite kind, with counts.

mod english;
pub mod facts;
pub mod rewrites;
pub mod tables;

use std::collections::BTreeMap;
use std::path::Path;

pub use rewrites::{Kind, apply};

/// One page: its name and bytes.
pub type Page = (String, Vec<u8>);

/// A fact the original page states that the rewritten one does not, or states otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loss {
    /// The page.
    pub file: String,
    /// The fact (`parameter query limit`, `response 200.items[].id`).
    pub key: String,
    /// Its value on the original page.
    pub was: String,
    /// Its value after the rewrite; `None` when it is gone.
    pub now: Option<String>,
}

/// What one rewrite kind did to one folder.
#[derive(Clone, Debug, Default)]
pub struct KindReport {
    /// Pages the rewrite changed.
    pub pages_changed: usize,
    /// Places the rewrite left alone because it could not keep their meaning.
    pub skipped: usize,
    /// Facts of the folder, as read from the originals.
    pub facts: usize,
    /// Facts lost or changed.
    pub losses: Vec<Loss>,
    /// Pages whose rewrite read with an error where the original did not.
    pub new_errors: Vec<String>,
}

/// Reads the pages (`*.md`, name order) of `dir`; `None` when it has none.
pub fn read_dir(dir: &Path) -> Result<Vec<Page>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut pages = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_file() && p.extension().is_some_and(|x| x == "md") {
            let bytes =
                std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            pages.push((e.file_name().to_string_lossy().into_owned(), bytes));
        }
    }
    pages.sort();
    Ok(pages)
}

/// Facts of every page of a folder read together, by page name.
pub fn folder_facts(
    pages: &[Page],
    service: Option<&str>,
) -> BTreeMap<String, (facts::Facts, bool)> {
    let options = apidoc::FolderOptions {
        service: service.map(str::to_owned),
        overrides: None,
        ..apidoc::FolderOptions::default()
    };
    let (parsed, codes) = apidoc::parse_folder_with_catalogue(pages, &options);
    parsed
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                p.file.clone(),
                (facts::of_page(p, codes.get(i)), p.has_errors()),
            )
        })
        .collect()
}

/// Runs one rewrite kind over a folder whose original facts are `before`.
pub fn check_kind(
    kind: Kind,
    pages: &[Page],
    service: Option<&str>,
    before: &BTreeMap<String, (facts::Facts, bool)>,
) -> KindReport {
    let mut report = KindReport::default();
    let mut changed = std::collections::BTreeSet::new();
    let rewritten: Vec<Page> = pages
        .iter()
        .map(|(name, bytes)| {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return (name.clone(), bytes.clone());
            };
            let r = apply(kind, text);
            report.skipped += r.skipped;
            if r.text != text {
                changed.insert(name.clone());
            }
            (name.clone(), r.text.into_bytes())
        })
        .collect();
    report.pages_changed = changed.len();
    let after = folder_facts(&rewritten, service);
    // Every page, not only the changed ones: a rewritten shared page can cost another page
    // the members it links to.
    for (name, (was, was_err)) in before {
        let Some((now, now_err)) = after.get(name) else {
            continue;
        };
        report.facts += was.len();
        if *now_err && !*was_err {
            report.new_errors.push(name.clone());
        }
        for (key, value) in was {
            match now.get(key) {
                Some(v) if v == value => {}
                other => report.losses.push(Loss {
                    file: name.clone(),
                    key: key.clone(),
                    was: value.clone(),
                    now: other.cloned(),
                }),
            }
        }
    }
    report
}
