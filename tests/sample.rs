//! The bundled sample study is what the committed generator makes.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

#[test]
fn committed_sample_files_match_the_generator() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    let graphml = std::fs::read(dir.join("neighbourhood.graphml")).unwrap();
    assert!(
        graphml == kith::sample::graphml(),
        "assets/sample/neighbourhood.graphml is stale: run `cargo run --no-default-features --example make_sample`"
    );
    let survey = std::fs::read_to_string(dir.join("neighbourhood_survey.csv")).unwrap();
    assert_eq!(
        survey,
        kith::sample::survey_csv(kith::sample::SEED, kith::sample::RESPONDENTS)
    );
}

#[test]
fn bundled_sample_reads_back_as_the_generated_study() {
    let study = kith::sample::bundled();
    assert_eq!(
        study.nodes(),
        kith::sample::study(kith::sample::SEED, kith::sample::RESPONDENTS).nodes()
    );
    for name in [
        "gender",
        "employment_status",
        "migration_status",
        "wemwbs_1",
        "wemwbs_14",
        "life_satisfaction",
    ] {
        assert!(study.node_attribute(name).is_some(), "{name}");
    }
}
