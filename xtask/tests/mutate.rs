//! The metamorphic check (`cargo xtask mutate-check`) on the project's own fixture pages (an
//! invented service, one page per template): every rewrite kind changes the pages and loses
//! no fact. The full run over `../shared/corpus` is documented in the README ("Robustness").

use std::path::Path;

use xtask::mutate::{self, Kind};

fn fixtures() -> Vec<mutate::Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mutate");
    mutate::read_dir(&dir).expect("fixture pages")
}

#[test]
fn the_fixture_pages_state_the_facts_the_rewrites_must_keep() {
    let before = mutate::folder_facts(&fixtures(), Some("garden"));
    let all: Vec<String> = before
        .values()
        .flat_map(|(f, _)| f.iter().map(|(k, v)| format!("{k} = {v}")))
        .collect();
    for want in [
        "operation = GET /v3/{project_id}/gardens",
        "parameter query limit = integer optional",
        "response 200.gardens[].area_m2 = long -",
        "status 400 = ",
        "operation = POST /v3/{project_id}/gardens/{garden_id}/flowers",
        "parameter query currentbatch = integer optional",
        "request body.flowers[].tags = map<string> optional",
        "response 202.job_id = string -",
        "error-code GDN.0002 = 404",
    ] {
        assert!(
            all.iter().any(|f| f == want),
            "missing `{want}` in {all:#?}"
        );
    }
    assert!(before.values().all(|(_, error)| !error), "{before:#?}");
}

#[test]
fn no_rewrite_loses_a_fact() {
    let pages = fixtures();
    let before = mutate::folder_facts(&pages, Some("garden"));
    for kind in Kind::ALL {
        let r = mutate::check_kind(kind, &pages, Some("garden"), &before);
        assert!(r.pages_changed > 0, "{}: changed no page", kind.name());
        assert!(
            r.losses.is_empty() && r.new_errors.is_empty(),
            "{}: {:#?} {:?}",
            kind.name(),
            r.losses,
            r.new_errors
        );
    }
}

#[test]
fn a_lost_fact_is_reported() {
    // The check itself can fail: a rewrite that drops a row is caught.
    let pages = fixtures();
    let before = mutate::folder_facts(&pages, Some("garden"));
    let broken: Vec<mutate::Page> = pages
        .iter()
        .map(|(n, b)| {
            let t =
                String::from_utf8_lossy(b).replace("|currentBatch|否|Integer|当前批次。|\n", "");
            (n.clone(), t.into_bytes())
        })
        .collect();
    let after = mutate::folder_facts(&broken, Some("garden"));
    let (was, _) = &before["种植花朵.md"];
    let (now, _) = &after["种植花朵.md"];
    assert!(was.contains_key("parameter query currentbatch"));
    assert_ne!(
        was.get("parameter query currentbatch"),
        now.get("parameter query currentbatch")
    );
}
