//! `hwc --interactive`: a prompt that runs each line as if it were typed after `hwc`.
//!
//! On a terminal (with the cargo feature `interactive`) lines are edited with rustyline,
//! and Tab completes services, operations, parameter names and enum values from the same
//! tables as the shell completion scripts ([`crate::complete`]). Otherwise (piped input, or
//! the feature off) the command lines are read from standard input one per line, so a
//! session can be scripted and tested. Blank lines and lines starting with `#` are skipped;
//! `exit` or `quit` (or the end of the input) ends the session. A leading `hwc` is allowed.
//! The session's exit code is that of the last line that failed, else 0.

use std::io::Write;

use crate::args::Words;
#[cfg(any(feature = "interactive", test))]
use crate::complete;
use crate::{Context, Failure, ServiceTable};

/// The prompt shown on a terminal.
const PROMPT: &str = "hwc> ";

/// Runs the session.
pub fn session(
    words: &Words,
    services: &[&'static ServiceTable],
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let rest: Vec<String> = words
        .flags
        .iter()
        .filter(|f| f.name != "interactive")
        .map(|f| match &f.value {
            Some(v) => format!("--{}={v}", f.name),
            None => format!("--{}", f.name),
        })
        .collect();
    if !words.positionals.is_empty() || !rest.is_empty() {
        return Err(Failure::Usage(
            "--interactive takes no other words: type the command at the prompt".into(),
        ));
    }
    let mut last_failure = 0;
    let mut lines = Lines::new(services, ctx);
    while let Some(line) = lines.next(err)? {
        // A closed output ends the session: nobody reads what the next lines would print.
        let code = run_line(&line, services, ctx, out, err)?;
        if code != crate::exit::OK {
            last_failure = code;
        }
        let _ = out.flush();
    }
    match last_failure {
        0 => Ok(()),
        code => Err(Failure::Reported(code)),
    }
}

/// The exit code of one line's command; [`Failure::OutputClosed`] when its output could not
/// be written because the reader went away.
fn run_line(
    line: &str,
    services: &[&'static ServiceTable],
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let Some(mut words) = shlex::split(line) else {
        let _ = writeln!(err, "[USE_ERROR] unbalanced quotes: {line}");
        return Ok(crate::exit::USAGE);
    };
    if words
        .first()
        .is_some_and(|w| w == "hwc" || *w == ctx.program)
    {
        words.remove(0);
    }
    if words.iter().any(|w| w == "--interactive") {
        let _ = writeln!(err, "[USE_ERROR] already interactive");
        return Ok(crate::exit::USAGE);
    }
    match crate::dispatch(&words, services, ctx, out, err) {
        Err(Failure::OutputClosed) => Err(Failure::OutputClosed),
        result => Ok(crate::report(result, err)),
    }
}

/// Whether a line is a command (not blank, not a comment).
fn is_command(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// Whether a line ends the session.
fn is_exit(line: &str) -> bool {
    matches!(line.trim(), "exit" | "quit")
}

/// Where the lines come from.
enum Lines<'a> {
    /// Plain lines from `Context::stdin`.
    Plain(&'a Context),
    /// A terminal line editor with completion.
    #[cfg(feature = "interactive")]
    Editor(Box<rustyline::Editor<Helper, rustyline::history::DefaultHistory>>),
}

impl<'a> Lines<'a> {
    fn new(services: &[&'static ServiceTable], ctx: &'a Context) -> Self {
        #[cfg(feature = "interactive")]
        if ctx.terminal {
            if let Ok(mut editor) = rustyline::Editor::new() {
                editor.set_helper(Some(Helper {
                    services: services.to_vec(),
                }));
                return Lines::Editor(Box::new(editor));
            }
        }
        let _ = services;
        Lines::Plain(ctx)
    }

    /// The next command line, or `None` at the end.
    fn next(&mut self, err: &mut dyn Write) -> Result<Option<String>, Failure> {
        loop {
            let line = match self {
                Lines::Plain(ctx) => {
                    if ctx.terminal {
                        let _ = write!(err, "{PROMPT}");
                        let _ = err.flush();
                    }
                    let mut line = String::new();
                    let n =
                        ctx.stdin.borrow_mut().read_line(&mut line).map_err(|e| {
                            Failure::Cli(format!("cannot read a command line: {e}"))
                        })?;
                    if n == 0 {
                        return Ok(None);
                    }
                    line
                }
                #[cfg(feature = "interactive")]
                Lines::Editor(editor) => match editor.readline(PROMPT) {
                    Ok(line) => {
                        let _ = editor.add_history_entry(line.as_str());
                        line
                    }
                    // Ctrl+C starts a new line, as in KooCLI; Ctrl+D ends.
                    Err(rustyline::error::ReadlineError::Interrupted) => continue,
                    Err(rustyline::error::ReadlineError::Eof) => return Ok(None),
                    Err(e) => return Err(Failure::Cli(format!("cannot read a command line: {e}"))),
                },
            };
            if is_exit(&line) {
                return Ok(None);
            }
            if is_command(&line) {
                return Ok(Some(line.trim().to_owned()));
            }
        }
    }
}

/// The completions for `line` up to the cursor at byte `pos`: where the word being
/// completed starts, and its candidates (the shell scripts' candidates, from the tables).
#[cfg(any(feature = "interactive", test))]
pub fn complete_line(services: &[&ServiceTable], line: &str, pos: usize) -> (usize, Vec<String>) {
    let before = line.get(..pos).unwrap_or(line);
    // The word being typed starts after the last blank (quotes inside a value are left
    // to the user: candidates never contain blanks).
    let start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let current = &before[start..];
    let mut words: Vec<String> = shlex::split(&before[..start]).unwrap_or_else(|| {
        before[..start]
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    });
    if words.first().is_some_and(|w| w == "hwc") {
        words.remove(0);
    }
    let mut all: Vec<&str> = words.iter().map(String::as_str).collect();
    all.push(current);
    let mut buf = Vec::new();
    if complete::candidates(services, &all, &mut buf).is_err() {
        return (start, Vec::new());
    }
    let found = String::from_utf8_lossy(&buf)
        .lines()
        .map(str::to_owned)
        .collect();
    (start, found)
}

/// rustyline's side: completion from the tables, nothing else.
#[cfg(feature = "interactive")]
struct Helper {
    services: Vec<&'static ServiceTable>,
}

#[cfg(feature = "interactive")]
impl rustyline::completion::Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let (start, mut found) = complete_line(&self.services, line, pos);
        // A finished word gets its blank, as in a shell; `--name=` waits for its value.
        for c in &mut found {
            if !c.ends_with('=') {
                c.push(' ');
            }
        }
        Ok((start, found))
    }
}

#[cfg(feature = "interactive")]
impl rustyline::hint::Hinter for Helper {
    type Hint = String;
}

#[cfg(feature = "interactive")]
impl rustyline::highlight::Highlighter for Helper {}

#[cfg(feature = "interactive")]
impl rustyline::validate::Validator for Helper {}

#[cfg(feature = "interactive")]
impl rustyline::Helper for Helper {}

#[cfg(all(test, feature = "dcs"))]
mod tests {
    use super::complete_line;
    use crate::ServiceTable;

    fn services() -> Vec<&'static ServiceTable> {
        vec![&dcs::operations::TABLE]
    }

    fn complete(line: &str) -> (usize, Vec<String>) {
        complete_line(&services(), line, line.len())
    }

    #[test]
    fn services_then_operations() {
        let (start, c) = complete("d");
        assert_eq!(start, 0);
        assert_eq!(c, ["DCS"]);
        let (start, c) = complete("DCS ListBigkey");
        assert_eq!(start, 4);
        assert!(c.contains(&"ListBigkeyScanTasks".to_owned()), "{c:?}");
        assert!(c.iter().all(|o| o.starts_with("ListBigkey")), "{c:?}");
        // a leading `hwc` is allowed, as at the prompt
        let (_, c) = complete("hwc dcs ListBigkeyScanTa");
        assert_eq!(c, ["ListBigkeyScanTasks"]);
    }

    #[test]
    fn parameter_names_and_enum_values() {
        let (start, c) = complete("DCS ListBigkeyScanTasks --instance_id=i1 --st");
        assert_eq!(start, "DCS ListBigkeyScanTasks --instance_id=i1 ".len());
        assert_eq!(c, ["--status="]);
        let (_, c) = complete("DCS ListBigkeyScanTasks --status=");
        assert!(c.contains(&"--status=success".to_owned()), "{c:?}");
        assert!(c.iter().all(|v| v.starts_with("--status=")), "{c:?}");
        let (_, c) = complete("DCS ListBigkeyScanTasks --status=fa");
        assert_eq!(c, ["--status=failed"]);
        let (_, c) = complete("DCS ListBigkeyScanTasks --cli-output=t");
        assert_eq!(c, ["--cli-output=table", "--cli-output=tsv"]);
    }

    #[test]
    fn the_cursor_not_the_line_end_decides() {
        let line = "DCS ListBigkeyScanTasks --sta --limit=1";
        let (start, c) = complete_line(&services(), line, "DCS ListBigkeyScanTasks --sta".len());
        assert_eq!(start, "DCS ListBigkeyScanTasks ".len());
        assert_eq!(c, ["--status="]);
        let (_, c) = complete("configure s");
        assert_eq!(c, ["set", "show"]);
    }
}
