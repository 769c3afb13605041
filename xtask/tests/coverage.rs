//! The row-coverage check (`cargo xtask coverage`) on invented pages: a folder where one table
//! is described but never referenced reports exactly that row and fails with `--max-lost 0`
//! (a table of the values another row takes is accounted for, not lost);
//! the metamorphic check's fixture pages lose nothing and pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::coverage;
use xtask::mutate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn xtask(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn an_unreferenced_table_is_reported_row_by_row() {
    let pages = mutate::read_dir(&fixture("coverage/lost")).expect("pages");
    let c = coverage::check(&pages, Some("lighthouse"));
    assert_eq!(c.operations, 1);
    assert_eq!(
        c.rows, 12,
        "two path parameters, three body rows, two error bodies, one orphan, two values"
    );
    // The lamp table lists the values `lamp` takes (`取值见表6“灯具名称”列`): not fields.
    assert_eq!(
        c.excused.get(&coverage::Excuse::ValueTable),
        Some(&2),
        "{c:?}"
    );
    let lost: Vec<(u32, &str, u32, &str)> = c
        .lost
        .iter()
        .map(|l| (l.line, l.table.as_str(), l.row, l.name.as_str()))
        .collect();
    assert_eq!(lost, [(56, "表 5 fog_horn参数说明", 1, "pitch_hz")]);
}

#[test]
fn the_command_fails_above_the_threshold_and_names_the_row() {
    let dir = fixture("coverage/lost");
    let dir = dir.to_str().expect("utf-8 path");
    let (ok, out) = xtask(&["coverage", dir, "--max-lost", "0"]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("查询灯塔.md:56: lost: table \"表 5 fog_horn参数说明\", row 1: `pitch_hz`"),
        "{out}"
    );
    assert!(out.contains("1 lost"), "{out}");
    let (ok, out) = xtask(&["coverage", dir, "--max-lost", "1"]);
    assert!(ok, "{out}");
}

#[test]
fn clean_pages_pass_with_no_row_lost() {
    let dir = fixture("mutate");
    let pages = mutate::read_dir(&dir).expect("pages");
    let c = coverage::check(&pages, Some("garden"));
    assert_eq!(c.operations, 2);
    assert!(c.rows > 10, "{c:?}");
    assert_eq!(c.reached, c.rows, "{:?}", c.lost);
    let (ok, out) = xtask(&["coverage", dir.to_str().expect("utf-8"), "--max-lost", "0"]);
    assert!(ok, "{out}");
}
