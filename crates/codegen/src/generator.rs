//! The entry point: a folder's bytes in ([`Sources`]), parsed once ([`Folder`]), modelled
//! once ([`ServiceModel`]), and written out as data: the Rust files ([`Generator::rust`]),
//! the OpenAPI document ([`crate::openapi::export`]) or the change report
//! ([`crate::diff::compare`]). Nothing here touches the file system: reading a folder and
//! writing files is the caller's (`cargo xtask`).

use apidoc::{Diagnostic, ErrorCode, ParsedPage, Severity};
use quote::quote;

use crate::model::endpoints::{ENDPOINTS_FILE, Endpoints};
use crate::model::names::ident;
use crate::model::{OpModel, ServiceModel};
use crate::{Files, GenError, Generated, Options, format_file, rust, work};

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
    /// Parses `sources` in one pass over every page, the pages shared out over one thread per
    /// core (the result does not depend on the number). Fails only on an unreadable
    /// `endpoints.txt`; a page with errors is a page with error diagnostics.
    pub fn read(sources: &Sources) -> Result<Folder, GenError> {
        let options = apidoc::FolderOptions {
            service: sources.service.clone(),
            overrides: sources.overrides.clone(),
            threads: work::default_threads(),
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
    threads: usize,
}

impl Generator {
    /// A generator for `service` with default [`Options`], no error-code catalogue and
    /// nothing said about endpoints.
    pub fn new(service: &str) -> Generator {
        Generator {
            service: service.to_owned(),
            threads: work::default_threads(),
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

    /// Emits and formats files on up to `threads` threads (default: as many as the machine
    /// has; 0 counts as 1). The files are the same for any number: only the time changes.
    pub fn threads(mut self, threads: usize) -> Generator {
        self.threads = threads;
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

    /// The `src/generated/` folder of a crate for `model`. Files are emitted and formatted on
    /// up to [`Self::threads`] threads; the result is the same for any number.
    pub fn rust_files(&self, model: &ServiceModel) -> Result<Generated, GenError> {
        let ops = &model.operations;
        // The service-wide files first: `types.rs` is the longest job, and a thread that
        // takes it early leaves the operations to be shared out behind it.
        let count = WHOLE_FILES.len() + ops.len();
        let done = work::run(count, self.threads, |i| {
            match i.checked_sub(WHOLE_FILES.len()) {
                Some(o) => self.operation_file(&ops[o]),
                None => self.whole_file(model, WHOLE_FILES[i]),
            }
        });
        let mut files = Files::new();
        let mut warnings = Vec::new();
        for d in done {
            let (name, code, mut w) = d?;
            files.insert(name, code);
            warnings.append(&mut w);
        }
        Ok(Generated {
            left_out: model.left_out.clone(),
            files,
            warnings,
            operations: ops.iter().map(|m| m.module.clone()).collect(),
        })
    }

    /// One operation's module: (file name, formatted code, warnings).
    fn operation_file(&self, m: &OpModel) -> Result<(String, String, Vec<String>), GenError> {
        let feature = self
            .options
            .operation_features
            .then(|| m.module.trim_start_matches("r#"));
        let mut warnings = Vec::new();
        let tokens = rust::emit_operation(m, &m.file, &mut warnings, feature);
        let code = format_file(tokens, &m.file)?;
        Ok((format!("{}.rs", m.module), code, warnings))
    }

    /// One of [`WHOLE_FILES`], formatted: (file name, code, no warnings).
    fn whole_file(
        &self,
        model: &ServiceModel,
        name: &str,
    ) -> Result<(String, String, Vec<String>), GenError> {
        let options = self.options;
        let service = model.service.as_str();
        let refs: Vec<&OpModel> = model.operations.iter().collect();
        let tokens = match name {
            "types.rs" => rust::types::emit_types(&model.types, options),
            "error_codes.rs" => rust::catalogue::emit(&self.codes),
            "error.rs" => rust::service_error::emit(service, &refs, options),
            "client.rs" => rust::client::emit_client(service, &refs, options, &self.endpoints),
            "operations.rs" => rust::operations::emit(service, &refs, options),
            _ => mod_rs(model, options),
        };
        Ok((
            name.to_owned(),
            format_file(tokens, &model.source())?,
            Vec::new(),
        ))
    }
}

/// The files generated once per service (besides one module per operation), longest first.
const WHOLE_FILES: [&str; 6] = [
    "types.rs",
    "operations.rs",
    "client.rs",
    "error.rs",
    "error_codes.rs",
    "mod.rs",
];

/// The generated `mod.rs`: the modules, the re-exports, and the pages left out.
fn mod_rs(model: &ServiceModel, options: Options) -> proc_macro2::TokenStream {
    let mods = model.operations.iter().map(|m| {
        let i = ident(&m.module);
        let gate = rust::client::feature_gate(&m.module, options);
        quote!(#gate pub mod #i;)
    });
    let mut lines = Vec::new();
    if !model.left_out.is_empty() {
        lines.push(format!(
            "{} page(s) of the service could not be read and have no operation here:",
            model.left_out.len()
        ));
        for l in &model.left_out {
            lines.push(format!(
                "- `{}`: {}",
                l.file.replace('`', "'"),
                rust::docs::markdown(&rust::docs::plain(l.first_error()))
            ));
        }
    }
    let docs = rust::docs::inner_doc("Generated operations.", &lines);
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
