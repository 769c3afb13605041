//! `cargo xtask diff REV:PATH DIR` against a throwaway git repository: a committed page and
//! its uncommitted edit (a new enum value) are compared, non-ASCII file names included, and
//! a side that is neither a folder nor a revision is a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(case: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/diff")
        .join(case)
        .join(side)
        .join("更新小部件.md")
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_committed_folder_against_its_working_copy() {
    let repo = std::env::temp_dir().join(format!("xtask-diff-rev-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    let spec = repo.join("spec").join("svc");
    std::fs::create_dir_all(&spec).unwrap();
    let page = spec.join("更新小部件.md");
    std::fs::copy(fixture("request-enum", "old"), &page).unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "pages"]);
    std::fs::copy(fixture("request-enum", "new"), &page).unwrap();

    let xtask = env!("CARGO_BIN_EXE_xtask");
    let out = Command::new(xtask)
        .current_dir(&repo)
        .args(["diff", "HEAD:spec/svc", "spec/svc", "--format", "json"])
        .output()
        .expect("xtask runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let changes = report["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{report:#}");
    assert_eq!(changes[0]["kind"], "enum-value-added");
    assert_eq!(changes[0]["location"], "request.body.mode");
    assert_eq!(report["bump"], "minor");

    // Nothing changed between a revision and itself.
    let same = Command::new(xtask)
        .current_dir(&repo)
        .args([
            "diff",
            "HEAD:spec/svc",
            "HEAD:spec/svc",
            "--fail-on",
            "breaking",
        ])
        .output()
        .unwrap();
    assert!(same.status.success());
    assert!(String::from_utf8_lossy(&same.stdout).contains("no API changes"));

    // A wire-breaking change fails `--fail-on breaking` (new → old removes the value).
    let back = Command::new(xtask)
        .current_dir(&repo)
        .args(["diff", "spec/svc", "HEAD:spec/svc", "--fail-on", "breaking"])
        .output()
        .unwrap();
    assert_eq!(back.status.code(), Some(1));

    let bad = Command::new(xtask)
        .current_dir(&repo)
        .args(["diff", "no-such-folder", "spec/svc"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("neither a folder nor REV:PATH"));
    let _ = std::fs::remove_dir_all(&repo);
}
