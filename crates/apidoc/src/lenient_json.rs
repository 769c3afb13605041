//! Examples as their writers meant them: two slips of hand-written JSON that every reader
//! sees past are undone before the example is parsed again, so that the page's own example
//! still settles names and types. Nothing else is guessed: text with any other fault stays
//! text.
//!
//! - a comma before a closing `}` or `]` (`"last": 1, }`);
//! - a line break or tab written raw inside a string (a certificate pasted over many lines),
//!   which JSON spells `\n` and `\t`.

/// What a repair undid, for the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slip {
    TrailingComma,
    RawControl,
}

impl Slip {
    /// The slip in words.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Slip::TrailingComma => "a comma before a closing bracket",
            Slip::RawControl => "a line break or tab written raw inside a string",
        }
    }
}

/// `text` with those slips undone, and which ones were found; `None` when it has neither.
pub(crate) fn repair(text: &str) -> Option<(String, Vec<Slip>)> {
    let mut out = String::with_capacity(text.len());
    let mut slips = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    // Byte length of `out` just after the last comma outside a string, while only
    // whitespace has followed it.
    let mut pending_comma: Option<usize> = None;
    // The last character outside strings that is not whitespace: a comma after an opening
    // bracket or another comma follows no value, and is a fault this does not guess at.
    let mut prev = ' ';
    for c in text.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    prev = '"';
                }
                '\n' | '\r' | '\t' => {
                    note(&mut slips, Slip::RawControl);
                    out.push_str(match c {
                        '\n' => "\\n",
                        '\r' => "\\r",
                        _ => "\\t",
                    });
                    continue;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                pending_comma = None;
            }
            ',' if !matches!(prev, '[' | '{' | ',') => pending_comma = Some(out.len() + 1),
            ',' => pending_comma = None,
            '}' | ']' => {
                if let Some(end) = pending_comma.take() {
                    out.remove(end - 1);
                    note(&mut slips, Slip::TrailingComma);
                }
            }
            c if c.is_whitespace() => {}
            _ => pending_comma = None,
        }
        if !c.is_whitespace() {
            prev = c;
        }
        out.push(c);
    }
    (!slips.is_empty()).then_some((out, slips))
}

fn note(slips: &mut Vec<Slip>, s: Slip) {
    if !slips.contains(&s) {
        slips.push(s);
    }
}

/// Parses `text` as JSON; failing that, parses it with the slips above undone. Returns the
/// value and the slips it needed (empty when it parsed as written), or the original error.
pub(crate) fn parse(text: &str) -> Result<(serde_json::Value, Vec<Slip>), serde_json::Error> {
    match serde_json::from_str(text) {
        Ok(v) => Ok((v, Vec::new())),
        Err(e) => match repair(text) {
            Some((fixed, slips)) => serde_json::from_str(&fixed)
                .map(|v| (v, slips))
                .map_err(|_| e),
            None => Err(e),
        },
    }
}

/// The warning for an example that parsed only with `slips` undone.
pub(crate) fn slips_warning(what: &str, slips: &[Slip]) -> String {
    let said: Vec<&str> = slips.iter().map(|s| s.describe()).collect();
    format!("{what} has {}; read without it", said.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn trailing_commas_go() {
        let (v, slips) = parse("{\"a\": [1, 2, ], \"b\": {\"c\": 1,\n },\n}").unwrap();
        assert_eq!(v, json!({"a": [1, 2], "b": {"c": 1}}));
        assert_eq!(slips, vec![Slip::TrailingComma]);
    }

    #[test]
    fn commas_and_brackets_inside_strings_stay() {
        let text = "{\"a\": \"x, }\", \"b\": \"\\\", ]\",}";
        let (v, _) = parse(text).unwrap();
        assert_eq!(v, json!({"a": "x, }", "b": "\", ]"}));
    }

    #[test]
    fn raw_line_breaks_in_strings_are_escaped() {
        let (v, slips) = parse("{\"cert\": \"-----BEGIN\nabc\tdef\r\n-----END\"}").unwrap();
        assert_eq!(v, json!({"cert": "-----BEGIN\nabc\tdef\r\n-----END"}));
        assert_eq!(slips, vec![Slip::RawControl]);
    }

    #[test]
    fn other_faults_keep_the_original_error() {
        assert!(parse("{\"a\": 1,, }").is_err());
        assert!(parse("{a: 1}").is_err());
        assert!(parse("[1, 2").is_err());
        assert_eq!(repair("{\"a\": 1}"), None);
        // A comma with nothing before it is not a trailing comma to drop silently.
        assert!(parse("[,]").is_err());
    }
}
