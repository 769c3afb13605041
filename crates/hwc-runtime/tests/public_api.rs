//! The crate's public surface, listed from its source and pinned by a snapshot, so that an
//! accidental change to what users can name (a new public item, a field made public, a lost
//! trait impl, a changed signature) fails the tests and shows up in review.
//!
//! What is listed: every item reachable by a user, meaning the crate root's `pub use`
//! re-exports and the `pub` items of public modules, minus `#[doc(hidden)]` ones; for each,
//! its derives and `#[non_exhaustive]`, public fields and variants, public methods of its
//! inherent impls and the traits it implements. A change here is a semver question: answer
//! it, then `INSTA_UPDATE=always cargo test -p hwc-runtime --test public_api`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Attribute, ImplItem, Item, UseTree, Visibility};

/// A module's items, read from its file.
struct Module {
    items: Vec<Item>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Reads the module at `path` (a list of names below the crate root) and its children.
fn load(modules: &mut BTreeMap<Vec<String>, Module>, path: Vec<String>, file: PathBuf) {
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let dir = if file
        .file_name()
        .is_some_and(|n| n == "lib.rs" || n == "mod.rs")
    {
        file.parent().unwrap().to_path_buf()
    } else {
        file.with_extension("")
    };
    for item in &parsed.items {
        if let Item::Mod(m) = item {
            if m.content.is_none() {
                let name = m.ident.to_string();
                let child = [
                    dir.join(format!("{name}.rs")),
                    dir.join(&name).join("mod.rs"),
                ]
                .into_iter()
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("module {name} of {}", file.display()));
                let mut p = path.clone();
                p.push(name);
                load(modules, p, child);
            }
        }
    }
    modules.insert(
        path,
        Module {
            items: parsed.items,
        },
    );
}

fn hidden(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("doc") && a.to_token_stream().to_string().contains("hidden"))
}

fn is_pub(v: &Visibility) -> bool {
    matches!(v, Visibility::Public(_))
}

/// `#[derive(..)]`, `#[non_exhaustive]` and `#[cfg(..)]` as written.
fn shown_attrs(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| {
            ["derive", "non_exhaustive", "cfg"]
                .iter()
                .any(|n| a.path().is_ident(n))
        })
        .map(|a| format!("{} ", tokens(a)))
        .collect()
}

fn tokens(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

fn item_name(item: &Item) -> Option<String> {
    Some(match item {
        Item::Struct(i) => i.ident.to_string(),
        Item::Enum(i) => i.ident.to_string(),
        Item::Trait(i) => i.ident.to_string(),
        Item::Fn(i) => i.sig.ident.to_string(),
        Item::Const(i) => i.ident.to_string(),
        Item::Static(i) => i.ident.to_string(),
        Item::Type(i) => i.ident.to_string(),
        _ => return None,
    })
}

/// Finds what `name` in module `path` refers to, following `pub use` chains.
fn resolve<'m>(
    modules: &'m BTreeMap<Vec<String>, Module>,
    path: &[String],
    name: &str,
) -> Option<&'m Item> {
    let module = modules.get(path)?;
    if let Some(item) = module
        .items
        .iter()
        .find(|i| item_name(i).as_deref() == Some(name))
    {
        return Some(item);
    }
    for item in &module.items {
        if let Item::Use(u) = item {
            for (target, alias) in flatten(&u.tree, Vec::new()) {
                if alias == name {
                    let (last, dir) = target.split_last()?;
                    let dir: Vec<String> = absolute(path, dir);
                    return resolve(modules, &dir, last);
                }
            }
        }
    }
    None
}

/// `crate::a::b` or `super::b` or `b` (a child) as a path from the root.
fn absolute(from: &[String], rel: &[String]) -> Vec<String> {
    match rel.first().map(String::as_str) {
        Some("crate") => rel[1..].to_vec(),
        Some("super") => {
            let mut p = from[..from.len().saturating_sub(1)].to_vec();
            p.extend_from_slice(&rel[1..]);
            p
        }
        Some("self") => {
            let mut p = from.to_vec();
            p.extend_from_slice(&rel[1..]);
            p
        }
        _ => {
            let mut p = from.to_vec();
            p.extend_from_slice(rel);
            p
        }
    }
}

/// Every `(path, name it is known by)` a use tree brings in.
fn flatten(tree: &UseTree, prefix: Vec<String>) -> Vec<(Vec<String>, String)> {
    match tree {
        UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            flatten(&p.tree, next)
        }
        UseTree::Name(n) => {
            let mut full = prefix;
            full.push(n.ident.to_string());
            vec![(full, n.ident.to_string())]
        }
        UseTree::Rename(r) => {
            let mut full = prefix;
            full.push(r.ident.to_string());
            vec![(full, r.rename.to_string())]
        }
        UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|t| flatten(t, prefix.clone()))
            .collect(),
        UseTree::Glob(_) => panic!("glob re-exports make the surface unlistable: name the items"),
    }
}

/// The item's own lines: its declaration and public members.
fn describe(item: &Item) -> Vec<String> {
    let mut out = Vec::new();
    match item {
        Item::Struct(s) => {
            out.push(format!(
                "{}struct {}{}",
                shown_attrs(&s.attrs),
                s.ident,
                tokens(&s.generics)
            ));
            for f in &s.fields {
                if is_pub(&f.vis) && !hidden(&f.attrs) {
                    let name = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
                    out.push(format!(
                        "    field {}{name}: {}",
                        shown_attrs(&f.attrs),
                        tokens(&f.ty)
                    ));
                }
            }
        }
        Item::Enum(e) => {
            out.push(format!(
                "{}enum {}{}",
                shown_attrs(&e.attrs),
                e.ident,
                tokens(&e.generics)
            ));
            for v in &e.variants {
                out.push(format!(
                    "    variant {}{}{}",
                    shown_attrs(&v.attrs),
                    v.ident,
                    tokens(&v.fields)
                ));
            }
        }
        Item::Trait(t) => {
            out.push(format!(
                "trait {}{}: {}",
                t.ident,
                tokens(&t.generics),
                tokens(&t.supertraits)
            ));
            for i in &t.items {
                if let syn::TraitItem::Fn(f) = i {
                    out.push(format!("    fn {}", tokens(&f.sig)));
                }
            }
        }
        Item::Fn(f) => out.push(tokens(&f.sig)),
        Item::Const(c) => out.push(format!("const {}: {}", c.ident, tokens(&c.ty))),
        Item::Static(s) => out.push(format!("static {}: {}", s.ident, tokens(&s.ty))),
        Item::Type(t) => out.push(format!(
            "type {}{} = {}",
            t.ident,
            tokens(&t.generics),
            tokens(&t.ty)
        )),
        _ => {}
    }
    out
}

/// Public methods and trait impls of type `name`, from every module.
fn impls(modules: &BTreeMap<Vec<String>, Module>, name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for m in modules.values() {
        for item in &m.items {
            let Item::Impl(i) = item else { continue };
            let syn::Type::Path(ty) = &*i.self_ty else {
                continue;
            };
            if ty.path.segments.last().is_none_or(|s| s.ident != name) {
                continue;
            }
            let cfg = shown_attrs(&i.attrs);
            match &i.trait_ {
                Some((_, t, _)) => {
                    out.insert(format!(
                        "    {cfg}impl{} {} for {}",
                        tokens(&i.generics),
                        tokens(t),
                        tokens(&i.self_ty)
                    ));
                }
                None => {
                    for ii in &i.items {
                        if let ImplItem::Fn(f) = ii {
                            if is_pub(&f.vis) && !hidden(&f.attrs) {
                                out.insert(format!(
                                    "    {}{}",
                                    shown_attrs(&f.attrs),
                                    tokens(&f.sig)
                                ));
                            }
                        }
                        if let ImplItem::Const(c) = ii {
                            if is_pub(&c.vis) {
                                out.insert(format!("    const {}: {}", c.ident, tokens(&c.ty)));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn listing() -> String {
    let mut modules = BTreeMap::new();
    load(&mut modules, Vec::new(), src().join("lib.rs"));
    // (where users name it, the item)
    let mut surface: BTreeMap<String, &Item> = BTreeMap::new();
    let mut exported = |shown: String, item: &'static Item| {
        let _ = surface.insert(shown, item);
    };
    // Leaked for the lifetime of the test: the items are borrowed by name below.
    let modules: &'static BTreeMap<Vec<String>, Module> = Box::leak(Box::new(modules));
    let mut public_modules = vec![Vec::<String>::new()];
    while let Some(path) = public_modules.pop() {
        let module = &modules[&path];
        let prefix: String = path.iter().map(|p| format!("{p}::")).collect();
        for item in &module.items {
            match item {
                Item::Mod(m) if is_pub(&m.vis) && !hidden(&m.attrs) => {
                    let mut p = path.clone();
                    p.push(m.ident.to_string());
                    public_modules.push(p);
                }
                Item::Use(u) if is_pub(&u.vis) && !hidden(&u.attrs) => {
                    for (target, alias) in flatten(&u.tree, Vec::new()) {
                        let (last, dir) = target.split_last().unwrap();
                        let dir = absolute(&path, dir);
                        match resolve(modules, &dir, last) {
                            Some(item) => exported(format!("{prefix}{alias}"), item),
                            // A whole module or an external crate re-exported.
                            None => exported(
                                format!("{prefix}{alias} (re-export of {})", target.join("::")),
                                Box::leak(Box::new(Item::Verbatim(Default::default()))),
                            ),
                        }
                    }
                }
                other => {
                    let vis_pub = match other {
                        Item::Struct(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Enum(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Trait(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Fn(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Const(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Static(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Type(i) => is_pub(&i.vis) && !hidden(&i.attrs),
                        Item::Macro(m) => {
                            let exported_macro =
                                m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                            if exported_macro && !hidden(&m.attrs) {
                                exported(format!("macro {}", tokens(&m.ident)), other);
                            }
                            false
                        }
                        _ => false,
                    };
                    if vis_pub {
                        exported(format!("{prefix}{}", item_name(other).unwrap()), other);
                    }
                }
            }
        }
    }
    let mut out = String::new();
    for (name, item) in &surface {
        out.push_str(&format!("{name}\n"));
        for line in describe(item) {
            out.push_str(&format!("  {line}\n"));
        }
        if let Some(n) = item_name(item) {
            if matches!(item, Item::Struct(_) | Item::Enum(_) | Item::Trait(_)) {
                for line in impls(modules, &n) {
                    out.push_str(&format!("  {line}\n"));
                }
            }
        }
    }
    out
}

#[test]
fn public_surface_is_what_the_snapshot_says() {
    insta::assert_snapshot!(listing());
}
