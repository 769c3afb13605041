//! Output from the response JSON: the body as sent, pretty JSON, a table or TSV, after an
//! optional JMESPath query. Never from typed structs, so a member the pages do not document
//! is printed like any other.

use std::io::{self, Write};

use serde_json::Value;

use crate::Failure;

/// `--cli-output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The body as the service sent it (no `--cli-output`, no `--cli-query`).
    Raw,
    /// JSON, two-space indent.
    Json,
    /// Columns with a header (KooCLI's `table`).
    Table,
    /// Tab-separated values without headers.
    Tsv,
}

/// How to print a response.
#[derive(Debug, Clone)]
pub struct Printer {
    /// The format.
    pub format: Format,
    /// `--cli-query`, compiled.
    pub query: Option<jmespath::Expression<'static>>,
    /// `--cli-output-num`: row numbers in tables.
    pub numbers: bool,
}

impl Printer {
    /// From the options' values.
    pub fn new(
        output: Option<&str>,
        query: Option<&str>,
        numbers: Option<&str>,
    ) -> Result<Self, Failure> {
        let query = query.map(compile).transpose()?;
        let format = match output {
            None if query.is_some() => Format::Json,
            None => Format::Raw,
            Some("json") => Format::Json,
            Some("table") => Format::Table,
            Some("tsv") => Format::Tsv,
            Some(other) => {
                return Err(Failure::unknown(
                    "output format",
                    other,
                    ["json", "table", "tsv"],
                ));
            }
        };
        let numbers = match numbers {
            None | Some("true") => true,
            Some("false") => false,
            Some(other) => {
                return Err(Failure::Usage(format!(
                    "--cli-output-num takes true or false, not `{other}`"
                )));
            }
        };
        Ok(Printer {
            format,
            query,
            numbers,
        })
    }

    /// Prints a body: as it came when the format is raw, else parsed and rendered. `err`
    /// receives the warning of a query that fails on this body (see [`Printer::value`]).
    pub fn body(
        &self,
        body: &[u8],
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<(), Failure> {
        if body.is_empty() {
            return Ok(());
        }
        if self.format == Format::Raw {
            return write_raw(body, out).map_err(Failure::output);
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            Failure::Cli(format!(
                "the response is not JSON ({e}); without --cli-output and --cli-query it is printed as sent"
            ))
        })?;
        self.value(&value, out, err)
    }

    /// Prints a JSON value (a list of records, a query result). A query that parsed but
    /// fails on this value (a function given the wrong type) prints a warning on `err` and
    /// the value unfiltered as JSON, as KooCLI does: the call has already happened, and a
    /// usage error's exit code would tell a script it had not.
    pub fn value(
        &self,
        value: &Value,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<(), Failure> {
        let selected = match &self.query {
            Some(q) => match search(q, value) {
                Ok(v) => v,
                Err(Failure::Usage(why)) => {
                    // jmespath's message ends with a caret line and a blank one.
                    let why = why.trim_end();
                    let _ = writeln!(err, "[WARNING] {why}\nthe response, unfiltered:");
                    return out
                        .write_all(pretty(value).as_bytes())
                        .map_err(Failure::output);
                }
                Err(other) => return Err(other),
            },
            None => value.clone(),
        };
        let text = match self.format {
            Format::Raw | Format::Json => pretty(&selected),
            Format::Table => table(&selected, self.numbers),
            Format::Tsv => tsv(&selected),
        };
        out.write_all(text.as_bytes()).map_err(Failure::output)
    }
}

fn write_raw(body: &[u8], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(body)?;
    if !body.ends_with(b"\n") {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A JMESPath expression, or a usage error quoting it.
pub fn compile(expr: &str) -> Result<jmespath::Expression<'static>, Failure> {
    jmespath::compile(expr)
        .map_err(|e| Failure::Usage(format!("invalid JMESPath expression `{expr}`: {e}")))
}

/// The result of `q` on `value`, as JSON.
pub fn search(q: &jmespath::Expression<'static>, value: &Value) -> Result<Value, Failure> {
    let found = q
        .search(value)
        .map_err(|e| Failure::Usage(format!("--cli-query `{}` failed: {e}", q.as_str())))?;
    serde_json::to_value(&*found)
        .map_err(|e| Failure::Cli(format!("cannot render the query result: {e}")))
}

/// Two-space indented JSON and a newline.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    s.push('\n');
    s
}

/// A cell: text as itself, anything else as compact JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Rows and, for objects, column names (sorted, as KooCLI prints keys).
fn rows(v: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut columns: Vec<String> = Vec::new();
    for item in &items {
        if let Value::Object(m) = item {
            for k in m.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    columns.sort();
    let rows = items
        .iter()
        .map(|item| match item {
            Value::Object(m) if !columns.is_empty() => columns
                .iter()
                .map(|c| m.get(c).map(cell).unwrap_or_default())
                .collect(),
            Value::Array(a) => a.iter().map(cell).collect(),
            other => vec![cell(other)],
        })
        .collect();
    (columns, rows)
}

/// Terminal cells: two for CJK and other wide characters, one for the quotes, dashes and
/// ellipses the pages' Chinese text is full of (`“`, `—`, `…`), none for combining marks.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_owned();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// KooCLI's `table`: a header row, a rule, one row per record; row numbers unless turned off.
pub fn table(v: &Value, numbers: bool) -> String {
    let (columns, rows) = rows(v);
    let mut header: Vec<String> = columns;
    let mut body = rows;
    if numbers {
        if !header.is_empty() {
            header.insert(0, "#".into());
        }
        for (i, row) in body.iter_mut().enumerate() {
            row.insert(0, (i + 1).to_string());
        }
    }
    let n = body
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![0; n];
    for row in body.iter().chain([&header]) {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |row: &[String]| -> String {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let rule = format!(
        "+{}+\n",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let mut s = rule.clone();
    if !header.is_empty() {
        s.push_str(&line(&header));
        s.push_str(&rule);
    }
    for row in &body {
        s.push_str(&line(row));
    }
    s.push_str(&rule);
    s
}

/// KooCLI's `tsv`: no header, values separated by tabs, one record per line.
pub fn tsv(v: &Value) -> String {
    let (_, rows) = rows(v);
    let mut s = String::new();
    for row in rows {
        s.push_str(&row.join("\t"));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tables_and_tsv_from_json() {
        let v = json!([{"name": "a", "id": 1}, {"name": "bb", "id": 22, "extra": true}]);
        assert_eq!(
            table(&v, true),
            "+---+-------+----+------+\n| # | extra | id | name |\n+---+-------+----+------+\n| 1 |       | 1  | a    |\n| 2 | true  | 22 | bb   |\n+---+-------+----+------+\n"
        );
        assert_eq!(tsv(&v), "\t1\ta\ntrue\t22\tbb\n");
        assert_eq!(tsv(&json!(["x", "y"])), "x\ny\n");
        assert_eq!(tsv(&json!([["x", 1], ["y", 2]])), "x\t1\ny\t2\n");
    }

    #[test]
    fn queries_pick_and_fail_clearly() {
        let p = Printer::new(None, Some("records[].id"), None).unwrap();
        let mut out = Vec::new();
        p.body(
            br#"{"records":[{"id":"a"},{"id":"b"}]}"#,
            &mut out,
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[\n  \"a\",\n  \"b\"\n]\n");
        assert!(Printer::new(None, Some("records[?"), None).is_err());
        assert!(Printer::new(Some("yaml"), None, None).is_err());
    }

    #[test]
    fn table_columns_line_up_with_wide_and_narrow_text() {
        let v = json!([{"name": "集群“a”…"}, {"name": "e\u{301}—x"}, {"name": "abcdefghij"}]);
        let t = table(&v, false);
        let widths: Vec<usize> = t.lines().map(width).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{t}\n{widths:?}");
        assert_eq!(width("集群“a”…"), 8);
        assert_eq!(width("e\u{301}—x"), 3);
    }

    #[test]
    fn a_query_failing_on_the_response_warns_and_prints_it_unfiltered() {
        let p = Printer::new(Some("tsv"), Some("length(count)"), None).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        p.body(br#"{"count":2}"#, &mut out, &mut err).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "{\n  \"count\": 2\n}\n");
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.starts_with("[WARNING] --cli-query `length(count)` failed"),
            "{err}"
        );
    }

    #[test]
    fn raw_output_is_the_body_as_sent() {
        let p = Printer::new(None, None, None).unwrap();
        let mut out = Vec::new();
        p.body(br#"{"b":1,"a":1.50}"#, &mut out, &mut Vec::new())
            .unwrap();
        assert_eq!(out, b"{\"b\":1,\"a\":1.50}\n");
    }
}
