//! The command line, declared with clap: every command and flag with its help, unknown or
//! misspelt flags refused (clap suggests the closest one), `--help` on every command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Maintainer commands: generate the service crates from their API reference pages, and look
/// at what the parser and the generator make of any folder of pages.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate every crates/<service>/src/generated/ from spec/<service>/, or (with
    /// --spec and --out) a complete crate from any folder of pages.
    ///
    /// Pages with errors are left out and named (file, line, table, row); --strict makes any
    /// error stop generation with nothing written. Ends with one summary line: operations
    /// generated, pages left out, warnings.
    Gen(GenArgs),
    /// Print the IR of pages as JSON (read together, so links between them resolve).
    Ir {
        /// The pages.
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<PathBuf>,
    },
    /// Run every page of a folder through the parser and the generator: one line per page
    /// and a summary; fails when a page has errors or generation fails.
    Corpus {
        /// The folder of pages.
        dir: PathBuf,
    },
    /// Print one OpenAPI 3.1 document for every operation page of a folder that can be read.
    Openapi {
        /// The folder of pages.
        dir: PathBuf,
        /// The document's title (default: the folder's name).
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Refuse to write a document missing any page (a page with errors).
        #[arg(long)]
        strict: bool,
    },
    /// Print the error-code catalogue of a folder as JSON, one object per table row.
    ErrorCodes {
        /// The folder of pages.
        dir: PathBuf,
        /// Fail, printing nothing, when a row cannot be read.
        #[arg(long)]
        strict: bool,
    },
    /// What changed between two versions of a folder of pages, for callers and for the
    /// crate's version.
    Diff(DiffArgs),
    /// Metamorphic check of the reader: rewrite every page of each folder in ways that keep
    /// its meaning (pipe ⇄ HTML tables, column order, header synonyms, spacing, punctuation,
    /// headings, line ends, cell markup, request-line spellings, the English edition's
    /// words), read original and rewrite, and report every fact lost or changed, per rewrite
    /// kind. Fails when any is lost. `--kind links-removed` (in-page links written as their
    /// text) is run only when named: it measures what the reader does not yet keep.
    MutateCheck(MutateArgs),
    /// Truth-free check that no stated row is lost: every row of a parameter or field table
    /// on an operation page must reach the operation's model (a parameter, a request or
    /// response member at any depth, a response header) or be accounted for (a row without
    /// a name, a table under a status-code or error-code section). Prints each lost row
    /// (file, line, table, row, name), a line per folder and a total; fails above --max-lost.
    Coverage(CoverageArgs),
}

/// `coverage`'s arguments.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Folders of pages (a folder holding only folders, such as dcs-history, means each of
    /// them).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Fail when more than N rows are lost over all folders.
    #[arg(long, value_name = "N")]
    pub max_lost: Option<usize>,
    /// Print only the summary lines, not each lost row.
    #[arg(long)]
    pub quiet: bool,
}

/// `mutate-check`'s arguments.
#[derive(Debug, Args)]
pub struct MutateArgs {
    /// Folders of pages (a folder holding only folders, such as dcs-history, means each of
    /// them).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Only these rewrite kinds (repeatable; default: all). `--kind list` names them.
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    /// Print up to N lost facts per kind and folder (file, fact, before, after).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show: usize,
    /// Write every rewritten page to DUMP/<kind>/<folder>/<page>, to look at what was read.
    #[arg(long, value_name = "DUMP")]
    pub dump: Option<PathBuf>,
}

/// `gen`'s arguments.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Fail, naming the files, when the generated code on disk is stale; never write.
    #[arg(long)]
    pub check: bool,
    /// Stop at any page with an error, with nothing written.
    #[arg(long)]
    pub strict: bool,
    /// A folder of pages to generate a standalone crate from (needs --out).
    #[arg(long, value_name = "DIR", requires = "out")]
    pub spec: Option<PathBuf>,
    /// The standalone crate's folder (needs --spec). Its Cargo.toml and src/lib.rs are
    /// written once; later runs rewrite src/generated/ and the manifest's features block.
    #[arg(long, value_name = "DIR", requires = "spec")]
    pub out: Option<PathBuf>,
    /// The standalone crate's name (default: the name of the --spec folder).
    #[arg(long, value_name = "NAME", requires = "spec")]
    pub service: Option<String>,
    /// Refer to hwc-runtime by this version only, not by a relative path.
    #[arg(long, value_name = "V", requires = "spec")]
    pub runtime_version: Option<String>,
}

/// `diff`'s arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a folder of pages, or REV:PATH (e.g. HEAD:spec/dcs).
    pub old: String,
    /// The new version: a folder of pages, or REV:PATH.
    pub new: String,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with 1 when a change breaks callers on the wire, or when the crate needs a major
    /// version.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub fail_on: Option<FailOn>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text.
    Text,
    /// A Markdown section, for a pull request.
    Markdown,
    /// JSON, for scripts.
    Json,
}

/// When `diff` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any change that breaks existing callers on the wire.
    Breaking,
    /// A suggested major version bump.
    Major,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }
}
