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
        "wemwbs",
        "swemwbs",
        "life_satisfaction",
    ] {
        assert!(study.node_attribute(name).is_some(), "{name}");
    }
}

#[test]
fn the_sample_carries_wellbeing_scores_that_groups_compare() {
    let study = kith::sample::bundled();
    let scores = kith::analysis::groups::default_scores(&study);
    for name in ["wemwbs", "swemwbs", "life_satisfaction"] {
        assert!(scores.contains(&name.to_string()), "{name} in {scores:?}");
    }
    // Every respondent answered every item, so every respondent has a WEMWBS total that is
    // the sum of their items.
    let total = study.node_attribute("wemwbs").unwrap();
    let items: Vec<_> = (1..=14)
        .map(|k| study.node_attribute(&format!("wemwbs_{k}")).unwrap())
        .collect();
    for v in 0..study.node_count() {
        let sum: Option<f64> = items
            .iter()
            .map(|a| a.value(v).and_then(|x| x.as_number()))
            .sum();
        assert_eq!(total.value(v).and_then(|x| x.as_number()), sum);
    }
}
