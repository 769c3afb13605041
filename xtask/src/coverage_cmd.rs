//! `cargo xtask coverage DIR… [--max-lost N] [--quiet]`: the row-coverage check
//! ([`xtask::coverage`]). Prints each lost row in the diagnostics' form (file, line, table,
//! row, name), one summary line per folder and a total; fails when more than N rows are lost.

use xtask::coverage::{self, Coverage};
use xtask::mutate;

use crate::cli::CoverageArgs;
use crate::mutate_cmd::{folders, service_of};

fn summary(what: &str, c: &Coverage) -> String {
    let excused: Vec<String> = c
        .excused
        .iter()
        .map(|(e, n)| format!("{n} {}", e.name()))
        .collect();
    let share = if c.rows == 0 {
        1.0
    } else {
        (c.rows - c.lost.len()) as f64 / c.rows as f64
    };
    format!(
        "{what}: {} operations, {} field rows, {} reach the model, {} accounted for ({}), {} lost ({:.4} kept){}",
        c.operations,
        c.rows,
        c.reached,
        c.excused.values().sum::<usize>(),
        if excused.is_empty() {
            "-".to_owned()
        } else {
            excused.join(", ")
        },
        c.lost.len(),
        share,
        if c.error_pages.is_empty() {
            String::new()
        } else {
            format!("; {} pages with errors not counted", c.error_pages.len())
        }
    )
}

/// The command.
pub fn run(args: &CoverageArgs) -> Result<(), String> {
    let mut total = Coverage::default();
    let mut lines = Vec::new();
    for dir in folders(&args.dirs)? {
        let pages = mutate::read_dir(&dir)?;
        let c = coverage::check(&pages, service_of(&dir).as_deref());
        if !args.quiet {
            for l in &c.lost {
                println!(
                    "{}:{}: lost: table \"{}\", row {}: `{}` reaches no parameter, member or header",
                    dir.join(&l.file).display(),
                    l.line,
                    l.table,
                    l.row,
                    l.name
                );
            }
        }
        lines.push(summary(&dir.display().to_string(), &c));
        total.operations += c.operations;
        total.rows += c.rows;
        total.reached += c.reached;
        for (e, n) in &c.excused {
            *total.excused.entry(*e).or_default() += n;
        }
        total.error_pages.extend(c.error_pages);
        total.lost.extend(c.lost);
    }
    for l in &lines {
        println!("{l}");
    }
    println!("{}", summary("total", &total));
    match args.max_lost {
        Some(max) if total.lost.len() > max => Err(format!(
            "{} row(s) lost, more than --max-lost {max}",
            total.lost.len()
        )),
        _ => Ok(()),
    }
}
