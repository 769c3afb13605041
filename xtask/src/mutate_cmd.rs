//! `cargo xtask mutate-check DIR… [--kind K]… [--show N]`: the metamorphic check of the reader
//! ([`xtask::mutate`]). Prints one line per rewrite kind, summed over the folders: pages the
//! rewrite changed, places skipped, facts, facts lost or changed, pages newly in error; with
//! `--show N`, up to N lost facts per kind and folder. Fails when any fact is lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xtask::mutate::{self, Kind, KindReport};

use crate::cli::MutateArgs;

/// The folders to read: each given folder, or its sub-folders when it has no pages itself.
pub(crate) fn folders(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for d in dirs {
        if !mutate::read_dir(d)?.is_empty() {
            out.push(d.clone());
            continue;
        }
        let mut subs: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| format!("cannot read {}: {e}", d.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subs.sort();
        out.extend(subs);
    }
    Ok(out)
}

fn kinds(names: &[String]) -> Result<Vec<Kind>, String> {
    if names.is_empty() {
        return Ok(Kind::ALL.to_vec());
    }
    let all: Vec<&str> = Kind::ALL
        .iter()
        .chain(&Kind::MEASURED)
        .map(|k| k.name())
        .collect();
    names
        .iter()
        .map(|n| {
            Kind::from_name(n)
                .ok_or_else(|| format!("unknown rewrite kind `{n}`; kinds: {}", all.join(", ")))
        })
        .collect()
}

pub(crate) fn service_of(dir: &Path) -> Option<String> {
    dir.canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// The command.
pub fn run(args: &MutateArgs) -> Result<(), String> {
    let kinds = kinds(&args.kind)?;
    let mut totals: BTreeMap<Kind, KindReport> = BTreeMap::new();
    for dir in folders(&args.dirs)? {
        let pages = mutate::read_dir(&dir)?;
        let service = service_of(&dir);
        let before = mutate::folder_facts(&pages, service.as_deref());
        for &kind in &kinds {
            if let Some(out) = &args.dump {
                dump(out, kind, &dir, &pages)?;
            }
            let r = mutate::check_kind(kind, &pages, service.as_deref(), &before);
            for l in r.losses.iter().take(args.show) {
                println!(
                    "{} {}: {}: {} — was `{}`, now {}",
                    kind.name(),
                    dir.join(&l.file).display(),
                    l.key,
                    if l.now.is_some() { "changed" } else { "lost" },
                    l.was,
                    l.now
                        .as_deref()
                        .map_or("absent".to_owned(), |v| format!("`{v}`"))
                );
            }
            for f in &r.new_errors {
                println!(
                    "{} {}: now read with an error",
                    kind.name(),
                    dir.join(f).display()
                );
            }
            let t = totals.entry(kind).or_default();
            t.pages_changed += r.pages_changed;
            t.skipped += r.skipped;
            t.facts += r.facts;
            t.losses.extend(r.losses);
            t.new_errors.extend(r.new_errors);
        }
    }
    println!(
        "{:<22} {:>7} {:>7} {:>8} {:>6} {:>7} {:>6}",
        "rewrite", "pages", "skipped", "facts", "lost", "changed", "errors"
    );
    let mut lost_total = 0;
    for (kind, t) in &totals {
        let changed = t.losses.iter().filter(|l| l.now.is_some()).count();
        let lost = t.losses.len() - changed;
        lost_total += t.losses.len();
        println!(
            "{:<22} {:>7} {:>7} {:>8} {:>6} {:>7} {:>6}",
            kind.name(),
            t.pages_changed,
            t.skipped,
            t.facts,
            lost,
            changed,
            t.new_errors.len()
        );
    }
    if lost_total > 0 {
        return Err(format!(
            "{lost_total} fact(s) lost or changed by meaning-preserving rewrites"
        ));
    }
    Ok(())
}

/// Writes the rewritten pages of `dir` under `out/<kind>/<folder name>/`.
fn dump(out: &Path, kind: Kind, dir: &Path, pages: &[mutate::Page]) -> Result<(), String> {
    let folder = service_of(dir).unwrap_or_default();
    let to = out.join(kind.name()).join(folder);
    std::fs::create_dir_all(&to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for (name, bytes) in pages {
        let text = String::from_utf8_lossy(bytes);
        let new = mutate::apply(kind, &text).text;
        std::fs::write(to.join(name), new).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    Ok(())
}
