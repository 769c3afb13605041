//! The entry point: a folder's bytes in ([`Sources`]), parsed once ([`Folder`]), modelled
//! once ([`ServiceModel`]), and written out as data: the Rust files ([`Generator::rust`]),
//! the OpenAPI document ([`crate::openapi::export`]) or the change report
//! ([`crate::diff::compare`]). Nothing here touches the file system: reading a folder and
//! writing files is the caller's (`cargo xtask`).

use apidoc::{Diagnostic, ErrorCode, ParsedPage, Severity};
use quote::quote;

use crate::model::ServiceModel;
use crate::model::endpoints::{ENDPOINTS_FILE, Endpoints};
use crate::model::names::ident;
use crate::{Files, GenError, Generated, Options, format_file, rust};

/// A folder of pages as bytes, as the caller read it (from disk, or from git).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The service the folder documents (its folder name): dropped from derived operation
    /// ids where paths repeat it.
    pub service: Option<String>,
    /// The `*.md` pages as (name shown in headers and diagnostics, bytes), in name order.
    pub pages: Vec<(String, Vec<u8>)>,
    /// The maintainer's [`apidoc::OVERRIDES_FILE`], when the folder has one.
    pub overrides: Option<(String, Vec<u8>)>,
    /// The maintainer's [`ENDPOINTS_FILE`], when the folder has one.
    pub endpoints: Option<(String, Vec<u8>)>,
}

impl Sources {
    /// Whether `name` (a file name in the folder) is one of the files a folder is read from.
    pub fn wants(name: &str) -> bool {
        name.ends_with(".md") || name == apidoc::OVERRIDES_FILE || name == ENDPOINTS_FILE
    }

    /// Files of a folder in any order, sorted into what the reader takes; other files are
    /// ignored. `shown` turns a file name into the name shown in diagnostics.
    pub fn from_files(
        service: Option<String>,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
        shown: impl Fn(&str) -> String,
    ) -> Sources {
        let mut out = Sources {
            service,
            ..Sources::default()
        };
        let mut files: Vec<(String, Vec<u8>)> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, bytes) in files {
            let entry = (shown(&name), bytes);
            if name == apidoc::OVERRIDES_FILE {
                out.overrides = Some(entry);
            } else if name == ENDPOINTS_FILE {
                out.endpoints = Some(entry);
            } else if name.ends_with(".md") {
                out.pages.push(entry);
            }
        }
        out
    }
}

/// A folder, read: every page parsed together (links resolve, operation ids are unique in
/// the folder), its error-code catalogue, and where the service lives.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// The pages, with their diagnostics.
    pub pages: Vec<ParsedPage>,
    /// Every error-code row of every page.
    pub codes: Vec<ErrorCode>,
    /// What reading the error-code tables had to say.
    pub code_diagnostics: Vec<Diagnostic>,
    /// What `endpoints.txt` says (nothing when there is none).
    pub endpoints: Endpoints,
}

impl Folder {
    /// Parses `sources` in one pass over every page. Fails only on an unreadable
    /// `endpoints.txt`; a page with errors is a page with error diagnostics.
    pub fn read(sources: &Sources) -> Result<Folder, GenError> {
        let options = apidoc::FolderOptions {
            service: sources.service.clone(),
            overrides: sources.overrides.clone(),
        };
        let (pages, catalogues) = apidoc::parse_folder_with_catalogue(&sources.pages, &options);
        let endpoints = match &sources.endpoints {
            Some((name, bytes)) => Endpoints::parse(name, bytes)?,
            None => Endpoints::default(),
        };
        let mut folder = Folder {
            pages,
            endpoints,
            ..Folder::default()
        };
        for c in catalogues {
            folder.codes.extend(c.codes);
            folder.code_diagnostics.extend(c.diagnostics);
        }
        Ok(folder)
    }
}

/// Generates one service: `Generator::new("dcs").options(..).catalogue(..).rust(&pages)`.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    service: String,
    options: Options,
    codes: Vec<ErrorCode>,
    endpoints: Endpoints,
}

impl Generator {
    /// A generator for `service` with default [`Options`], no error-code catalogue and
    /// nothing said about endpoints.
    pub fn new(service: &str) -> Generator {
        Generator {
            service: service.to_owned(),
            ..Generator::default()
        }
    }

    /// A generator for what a read folder says besides its pages: its catalogue and endpoints.
    pub fn for_folder(service: &str, folder: &Folder) -> Generator {
        Generator::new(service)
            .catalogue(folder.codes.clone())
            .endpoints(folder.endpoints.clone())
    }

    /// Sets the [`Options`].
    pub fn options(mut self, options: Options) -> Generator {
        self.options = options;
        self
    }

    /// The service's error-code catalogue, emitted as `error_codes.rs`.
    pub fn catalogue(mut self, codes: Vec<ErrorCode>) -> Generator {
        self.codes = codes;
        self
    }

    /// Where the service lives (`endpoints.txt`).
    pub fn endpoints(mut self, endpoints: Endpoints) -> Generator {
        self.endpoints = endpoints;
        self
    }

    /// The model of the readable operation pages of `pages`. Pages with errors are left out
    /// and listed ([`ServiceModel::left_out`]); with [`Options::strict`] any error fails the
    /// whole service, listing every error. Fails when no operation page is left.
    pub fn model(&self, pages: &[ParsedPage]) -> Result<ServiceModel, GenError> {
        let errors: Vec<String> = pages
            .iter()
            .flat_map(|p| &p.diagnostics)
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        if self.options.strict && !errors.is_empty() {
            return Err(GenError(format!(
                "{} error(s); nothing was generated (strict):\n{}",
                errors.len(),
                errors.join("\n")
            )));
        }
        let model = ServiceModel::from_parsed(&self.service, pages);
        if model.operations.is_empty() {
            let why = if model.left_out.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} page(s) with errors:\n{}",
                    model.left_out.len(),
                    errors.join("\n")
                )
            };
            return Err(GenError(format!(
                "no operation pages for {}{why}",
                self.service
            )));
        }
        Ok(model)
    }

    /// The `src/generated/` folder of the service's crate from its parsed pages: [`Self::model`],
    /// then [`Self::rust_files`].
    pub fn rust(&self, pages: &[ParsedPage]) -> Result<Generated, GenError> {
        self.rust_files(&self.model(pages)?)
    }

    /// The `src/generated/` folder of a crate for `model`.
    pub fn rust_files(&self, model: &ServiceModel) -> Result<Generated, GenError> {
        let options = self.options;
        let mut warnings = Vec::new();
        let all = model.source();
        let mut files = Files::new();
        for m in &model.operations {
            let feature = options
                .operation_features
                .then(|| m.module.trim_start_matches("r#"));
            let code = format_file(
                rust::emit_operation(m, &m.file, &mut warnings, feature),
                &m.file,
            )?;
            files.insert(format!("{}.rs", m.module), code);
        }
        let service = model.service.as_str();
        let refs: Vec<&crate::model::OpModel> = model.operations.iter().collect();
        let whole = [
            ("types.rs", rust::types::emit_types(&model.types, options)),
            ("error_codes.rs", rust::catalogue::emit(&self.codes)),
            (
                "error.rs",
                rust::service_error::emit(service, &refs, options),
            ),
            (
                "client.rs",
                rust::client::emit_client(service, &refs, options, &self.endpoints),
            ),
            (
                "operations.rs",
                rust::operations::emit(service, &refs, options),
            ),
            ("mod.rs", mod_rs(model, options)),
        ];
        for (name, tokens) in whole {
            files.insert(name.into(), format_file(tokens, &all)?);
        }
        Ok(Generated {
            left_out: model.left_out.clone(),
            files,
            warnings,
            operations: model.operations.iter().map(|m| m.module.clone()).collect(),
        })
    }
}

/// The generated `mod.rs`: the modules, the re-exports, and the pages left out.
fn mod_rs(model: &ServiceModel, options: Options) -> proc_macro2::TokenStream {
    let mods = model.operations.iter().map(|m| {
        let i = ident(&m.module);
        let gate = rust::client::feature_gate(&m.module, options);
        quote!(#gate pub mod #i;)
    });
    let mut docs = rust::inner_doc("Generated operations.");
    if !model.left_out.is_empty() {
        let mut lines = vec![format!(
            " {} page(s) of the service could not be read and have no operation here:",
            model.left_out.len()
        )];
        for l in &model.left_out {
            lines.push(format!(
                " - `{}`: {}",
                l.file.replace('`', "'"),
                rust::docs::markdown(&rust::docs::plain(l.first_error()))
            ));
        }
        for line in lines {
            docs.extend(quote!(#![doc = ""] #![doc = #line]));
        }
    }
    quote! {
        #docs
        pub mod client;
        pub mod error;
        pub mod error_codes;
        pub mod operations;
        pub mod types;
        #(#mods)*
        pub use client::{Client, SERVICE};
        pub use error::Error;
    }
}
