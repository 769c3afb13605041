//! What a command tells the maintainer on stderr: each diagnostic once (the same warning can
//! reach a command from a page and from the generator), counted for the summary line.

use std::collections::HashSet;

use apidoc::{Diagnostic, Severity};

/// Prints diagnostics and warnings to stderr, each distinct line once.
#[derive(Debug, Default)]
pub struct Printer {
    seen: HashSet<String>,
    /// Distinct warnings printed.
    pub warnings: usize,
    /// Distinct errors printed.
    pub errors: usize,
}

impl Printer {
    /// Prints a page's diagnostic unless it is a note, or an error and `skip_errors` (a strict
    /// run's failure lists them instead).
    pub fn diagnostic(&mut self, d: &Diagnostic, skip_errors: bool) {
        match d.severity {
            Severity::Note => {}
            Severity::Error if skip_errors => {}
            Severity::Error => {
                if self.print(d.to_string()) {
                    self.errors += 1;
                }
            }
            Severity::Warning => self.warning(d.to_string()),
        }
    }

    /// Prints a warning the generator gave as text.
    pub fn warning(&mut self, line: String) {
        if self.print(line) {
            self.warnings += 1;
        }
    }

    /// Prints a line that is no diagnostic (what was written, a summary), once.
    pub fn note(&mut self, line: String) {
        self.print(line);
    }

    fn print(&mut self, line: String) -> bool {
        if self.seen.contains(&line) {
            return false;
        }
        eprintln!("{line}");
        self.seen.insert(line);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_printed_and_counted_once() {
        let mut p = Printer::default();
        p.warning("a.md:1: warning: x".into());
        p.warning("a.md:1: warning: x".into());
        p.warning("a.md:2: warning: x".into());
        assert_eq!(p.warnings, 2);
    }
}
