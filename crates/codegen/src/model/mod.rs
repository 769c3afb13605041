//! Stage 2 of the pipeline, the service model: apidoc's IR for a whole service goes through
//! here once, and every name the outputs use is decided here and nowhere else: each
//! operation's module and method ([`operation`]), which tables are one type and what each
//! type and enum is called ([`share`]), how list operations page ([`paging`]).
//!
//! The Rust crate, the OpenAPI document, the change report and the command-line table
//! ([`crate::rust`], [`crate::openapi`], [`crate::diff`]) read a [`ServiceModel`] and nothing
//! else, so an object has one name in all of them.

pub mod endpoints;
pub mod names;
mod operation;
pub mod paging;
pub mod share;

pub use operation::*;

use crate::{LeftOut, Page};
use names::Scope;
use share::SharedTypes;

/// Module names the generated `mod.rs` uses for itself: no operation may take them.
const RESERVED_MODULES: [&str; 7] = [
    "client",
    "mod",
    "tests",
    "types",
    "disabled",
    "error_codes",
    "operations",
];

/// One service, named: its operations (sorted by id, then page) with their service-wide type
/// names, and the service's types, each once.
#[derive(Debug, Clone, Default)]
pub struct ServiceModel {
    /// The service (`dcs`), as the client and the headers name it.
    pub service: String,
    /// Operations, by operation id then page.
    pub operations: Vec<OpModel>,
    /// Every object and enum of the service, each once, with its one name.
    pub types: SharedTypes,
    /// Pages that were not read as operations because they have errors.
    pub left_out: Vec<LeftOut>,
}

impl ServiceModel {
    /// Models the operations of `pages` (IR in; their order does not matter) as one service.
    /// `left_out` names pages that could not be read, for the outputs that list them.
    pub fn build(service: &str, pages: &[Page], left_out: Vec<LeftOut>) -> ServiceModel {
        let mut pages: Vec<&Page> = pages.iter().collect();
        pages.sort_by(|a, b| a.op.id.cmp(&b.op.id).then(a.file.cmp(&b.file)));
        let mut modules = Scope::with_reserved(RESERVED_MODULES);
        let mut operations: Vec<OpModel> = pages
            .iter()
            .map(|p| {
                let mut m = model(&p.op);
                let module = modules.claim(&m.module, "_");
                m.method = module.clone();
                m.module = module;
                m.file = p.file.clone();
                m
            })
            .collect();
        let types = share::share(&mut operations);
        ServiceModel {
            service: service.to_owned(),
            operations,
            types,
            left_out,
        }
    }

    /// Models the readable operation pages of `pages`; pages with errors are left out and
    /// listed. May model no operation at all.
    pub fn from_parsed(service: &str, pages: &[apidoc::ParsedPage]) -> ServiceModel {
        let mut left_out = Vec::new();
        let mut ops = Vec::new();
        for p in pages {
            if p.has_errors() {
                left_out.push(LeftOut {
                    file: p.file.clone(),
                    errors: p
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == apidoc::Severity::Error)
                        .map(|d| d.to_string())
                        .collect(),
                });
            } else if let Some(op) = &p.operation {
                ops.push(Page {
                    file: p.file.clone(),
                    op: op.clone(),
                });
            }
        }
        ServiceModel::build(service, &ops, left_out)
    }

    /// What generated headers say the files come from: the one page, or the service's pages.
    pub fn source(&self) -> String {
        match self.operations.as_slice() {
            [one] => one.file.clone(),
            all => format!("the {} pages of spec/{}", all.len(), self.service),
        }
    }
}
