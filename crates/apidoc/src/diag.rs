//! Diagnostics: what the parser could not understand, and where.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational: e.g. a page that is not an operation page.
    Note,
    /// Something was kept as-is or guessed; generation goes on.
    Warning,
    /// The page cannot be turned into correct code; generation stops.
    Error,
}

/// One finding, pointing at file, line, table and row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// The page, as the caller named it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// The table caption, when the finding is inside a table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// 1-based data row inside the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What the parser expected instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}:{}: {sev}: ", self.file, self.line)?;
        if let Some(t) = &self.table {
            write!(f, "table \"{t}\"")?;
            if let Some(r) = self.row {
                write!(f, ", row {r}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)?;
        if let Some(e) = &self.expected {
            write!(f, " (expected {e})")?;
        }
        Ok(())
    }
}

/// Collects diagnostics for one file.
#[derive(Debug)]
pub(crate) struct Sink {
    file: String,
    pub(crate) items: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn new(file: &str) -> Self {
        Sink {
            file: file.to_owned(),
            items: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        severity: Severity,
        at: &crate::ir::Source,
        message: impl Into<String>,
        expected: Option<&str>,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            line: at.line,
            table: at.table.clone(),
            row: at.row,
            message: message.into(),
            expected: expected.map(str::to_owned),
        });
    }

    pub(crate) fn error(&mut self, at: &crate::ir::Source, msg: impl Into<String>, expected: &str) {
        self.push(Severity::Error, at, msg, Some(expected));
    }

    pub(crate) fn warning(&mut self, at: &crate::ir::Source, msg: impl Into<String>) {
        self.push(Severity::Warning, at, msg, None);
    }
}
