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

/// The sample's "rely on" network, as the workbench first shows it.
fn rely_on() -> (kith::model::Study, kith::analysis::Metrics) {
    let study = kith::sample::bundled();
    let relations = std::collections::BTreeSet::from(["rely_on".to_string()]);
    let shown = kith::session::project::study_in_view(&study, Some(&relations), None);
    let m = kith::analysis::metrics(
        &shown,
        &kith::analysis::MetricsOptions::default(),
        &|_, _| {},
    )
    .unwrap();
    (shown, m)
}

#[test]
fn the_sample_tells_a_community_story() {
    use kith::model::NodeKind;
    let (study, m) = rely_on();
    let respondent = |v: usize| study.nodes()[v].kind == NodeKind::Respondent;
    // A few clusters: the estate, a faith community, a language community, the parents at
    // the school gate; not one even ball.
    let mut sizes = std::collections::BTreeMap::<u32, usize>::new();
    for v in (0..study.node_count()).filter(|&v| respondent(v)) {
        *sizes.entry(m.nodes.community[v]).or_default() += 1;
    }
    let big = sizes.values().filter(|&&k| k >= 12).count();
    assert!((4..=7).contains(&big), "{sizes:?}");
    assert!(
        m.network.modularity.unwrap() > 0.5,
        "{:?}",
        m.network.modularity
    );
    // A handful to a tenth of the respondents are brokers.
    let brokers = (0..study.node_count())
        .filter(|&v| respondent(v) && m.nodes.broker[v])
        .count();
    assert!((5..=15).contains(&brokers), "{brokers} brokers");
    // The isolated are mostly unemployed or single parents.
    let employment = study.node_attribute("employment_status").unwrap();
    let single = study.node_attribute("single_parent").unwrap();
    // Who takes no part in "rely on" (places, people named in other questions only) is
    // left out, not an isolate, as on the canvas.
    let left_out = kith::waves::left_out(&study);
    let isolated = |v: usize| m.nodes.isolate[v] && !left_out[v];
    let isolates: Vec<usize> = (0..study.node_count())
        .filter(|&v| respondent(v) && isolated(v))
        .collect();
    let vulnerable = isolates
        .iter()
        .filter(|&&v| {
            employment
                .value(v)
                .is_some_and(|x| x.to_string() == "Unemployed")
                || single.value(v).is_some_and(|x| x.to_string() == "Yes")
        })
        .count();
    assert!(isolates.len() >= 8, "{} isolates", isolates.len());
    assert!(
        vulnerable * 3 >= isolates.len() * 2,
        "{vulnerable} of {}",
        isolates.len()
    );
    // Only respondents and the people named in "rely on" take part in it: places, groups
    // and people named only in other questions are left out, not isolates.
    let all_isolates = (0..study.node_count()).filter(|&v| isolated(v)).count();
    assert_eq!(
        all_isolates,
        isolates.len(),
        "only respondents are isolates"
    );
    assert!(
        left_out.iter().filter(|&&o| o).count() > 17,
        "places and groups left out"
    );
}

#[test]
fn places_bring_the_communities_together() {
    let study = kith::sample::bundled();
    let m = kith::analysis::metrics(
        &study,
        &kith::analysis::MetricsOptions::default(),
        &|_, _| {},
    )
    .unwrap();
    let shared = [
        "Library",
        "Community centre",
        "GP surgery",
        "Community Facebook group",
    ];
    let brokers: Vec<&str> = shared
        .into_iter()
        .filter(|p| m.nodes.broker[study.find(p).unwrap().index()])
        .collect();
    assert!(brokers.len() >= 2, "{brokers:?}");
}

#[test]
fn kith_metrics_on_one_relation_leaves_out_whom_it_does_not_reach() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/sample/neighbourhood.graphml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("metrics")
        .arg(&sample)
        .args(["--relation", "rely_on"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains(",Library,"),
        "places take no part in rely_on"
    );
    let (_, m) = rely_on();
    let left_out = kith::waves::left_out(&rely_on().0);
    let isolates = (0..m.nodes.isolate.len())
        .filter(|&v| m.nodes.isolate[v] && !left_out[v])
        .count();
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary.contains(&format!("isolates {isolates} ")),
        "the isolates the workbench counts: {summary}"
    );
}
