//! The report as text (for a terminal), Markdown (for a pull request or a CHANGELOG entry)
//! and JSON (for tools).

use serde_json::{Value, json};

use super::{Change, Report};

/// The operations of a report with their changes, in report order.
fn groups(report: &Report) -> Vec<&[Change]> {
    let mut out = Vec::new();
    let mut start = 0;
    let cs = &report.changes;
    for i in 1..=cs.len() {
        let boundary = i == cs.len()
            || (
                cs[i].operation.as_str(),
                cs[i].method.as_str(),
                cs[i].path.as_str(),
            ) != (
                cs[start].operation.as_str(),
                cs[start].method.as_str(),
                cs[start].path.as_str(),
            );
        if boundary && start < i {
            out.push(&cs[start..i]);
            start = i;
        }
    }
    out
}

fn location_or_operation(c: &Change) -> &str {
    if c.location.is_empty() {
        "(operation)"
    } else {
        &c.location
    }
}

/// Readable text, grouped by operation, breaking changes first.
pub fn text(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!("{old} → {new}: {}\n", report.summary());
    for u in &report.unreadable {
        out.push_str(&format!(
            "\nnot compared ({} side, cannot be read): {}\n",
            u.side, u.file
        ));
        for e in &u.errors {
            out.push_str(&format!("  {e}\n"));
        }
    }
    for r in &report.renamed {
        out.push_str(&format!(
            "\n{} {}: operation id {} → {} (generated module and method renamed; major)\n",
            r.method, r.path, r.old, r.new
        ));
    }
    let width = report
        .changes
        .iter()
        .map(|c| location_or_operation(c).chars().count())
        .max()
        .unwrap_or(0)
        // Past this, one long location would push every detail off the screen.
        .min(56);
    for g in groups(report) {
        let c0 = &g[0];
        out.push_str(&format!("\n{} {} {}\n", c0.operation, c0.method, c0.path));
        for c in g {
            let loc = location_or_operation(c);
            let pad = width.saturating_sub(loc.chars().count());
            out.push_str(&format!(
                "  {:<10} {:<5} {:<19} {loc}{} {}\n",
                c.wire.as_str(),
                c.krate.as_str(),
                c.kind.as_str(),
                " ".repeat(pad),
                c.detail
            ));
            if let Some(n) = &c.note {
                out.push_str(&format!("  {:>36} note: {n}\n", ""));
            }
        }
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown: a summary line, then one table per operation.
pub fn markdown(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!(
        "### API changes: `{}` → `{}`\n\n{}.\n",
        md_cell(old),
        md_cell(new),
        report.summary()
    );
    if !report.unreadable.is_empty() {
        out.push_str("\nNot compared (cannot be read):\n\n");
        for u in &report.unreadable {
            out.push_str(&format!("- {} side: `{}`\n", u.side, md_cell(&u.file)));
        }
    }
    if !report.renamed.is_empty() {
        out.push_str("\nOperation ids changed (generated module and method renamed, major):\n\n");
        for r in &report.renamed {
            out.push_str(&format!(
                "- `{} {}`: `{}` → `{}`\n",
                r.method,
                md_cell(&r.path),
                r.old,
                r.new
            ));
        }
    }
    for g in groups(report) {
        let c0 = &g[0];
        out.push_str(&format!(
            "\n#### `{}` (`{} {}`)\n\n| wire | crate | kind | location | detail |\n|---|---|---|---|---|\n",
            c0.operation,
            c0.method,
            md_cell(&c0.path)
        ));
        for c in g {
            let detail = match &c.note {
                Some(n) => format!("{} (note: {n})", c.detail),
                None => c.detail.clone(),
            };
            out.push_str(&format!(
                "| {} | {} | `{}` | `{}` | {} |\n",
                c.wire.as_str(),
                c.krate.as_str(),
                c.kind.as_str(),
                md_cell(location_or_operation(c)),
                md_cell(&detail)
            ));
        }
    }
    out
}

/// One change as JSON.
pub fn change_json(c: &Change) -> Value {
    let mut v = json!({
        "operation": c.operation,
        "method": c.method,
        "path": c.path,
        "kind": c.kind.as_str(),
        "location": c.location,
        "wire": c.wire.as_str(),
        "crate": c.krate.as_str(),
        "detail": c.detail,
    });
    if let (Some(n), Some(o)) = (&c.note, v.as_object_mut()) {
        o.insert("note".into(), Value::String(n.clone()));
    }
    v
}

/// `{"bump": ..., "changes": [...], "renamed": [...], "unreadable": [...]}`.
pub fn json(report: &Report) -> Value {
    json!({
        "bump": report.bump().as_str(),
        "changes": report.changes.iter().map(change_json).collect::<Vec<_>>(),
        "renamed": report.renamed.iter().map(|r| json!({
            "old": r.old, "new": r.new, "method": r.method, "path": r.path, "crate": "major",
        })).collect::<Vec<_>>(),
        "unreadable": report.unreadable.iter().map(|u| json!({
            "side": u.side, "file": u.file, "errors": u.errors,
        })).collect::<Vec<_>>(),
    })
}
