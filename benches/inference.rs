//! Speed of the permutation tests on the sizes issue 15 names, so that they answer while
//! the analyst waits:
//! - MRQAP of `rely_on` on `advice`, `same:sex` and `diff:band` with 1,000 permutations
//!   (each of the four coefficients tested by double semi-partialling) on the
//!   2,000-respondent survey network (about 4,000 people, everyone given a sex and an age
//!   band): target 2 s;
//! - node-level least squares `life_satisfaction ~ degree + constraint + gender` with 5,000
//!   Freedman-Lane permutations on the same survey's 2,000 respondents: target 0.5 s;
//! - a CUG test of betweenness centralisation against 1,000 degree-conditioned random
//!   networks of the 301-node sample study: target 5 s.
//!
//! `scripts/bench_inference_r.R` times the same runs in R's sna for comparison.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kith::analysis::TieSelection;
use kith::analysis::inference::cug::{CugStatistic, Given, cug_test};
use kith::analysis::inference::qap::{DyadicTerm, mrqap};
use kith::analysis::inference::regress::regress;
use kith::analysis::inference::{Control, Draws};
use kith::model::{AttrType, NodeId, Study, Value};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "support/messy_survey.rs"]
mod messy_survey;

/// The 2,000-respondent messy survey (as the analysis benchmark imports it), with a sex and
/// one of six age bands drawn for every person, respondent or not.
fn survey() -> Study {
    let bytes = messy_survey::messy_survey(7, 2000);
    let path = Path::new("survey_2000.csv");
    let imported = kith::survey::read_table(path, &bytes).and_then(|grid| {
        let recipe = kith::survey::propose::propose(&grid)?;
        kith::survey::import(&grid, &recipe, kith::survey::MergeMode::Auto, "bench")
    });
    let mut study = match imported {
        Ok(survey) => survey.study,
        Err(e) => panic!("the generated survey does not import: {e}"),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let (Ok(sex), Ok(band)) = (
        study.declare_node_attribute("sex", AttrType::Categorical),
        study.declare_node_attribute("band", AttrType::Categorical),
    ) else {
        panic!("cannot add the attributes");
    };
    const BANDS: [&str; 6] = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
    for v in 0..study.node_count() {
        let s = if rng.random_bool(0.5) { "F" } else { "M" };
        let b = BANDS[rng.random_range(0..BANDS.len())];
        study.set_node_value(sex, NodeId(v as u32), Some(Value::Text(s.into())));
        study.set_node_value(band, NodeId(v as u32), Some(Value::Text(b.into())));
    }
    study
}

fn inference(c: &mut Criterion) {
    let survey = survey();
    let terms: Vec<DyadicTerm> = ["advice", "same:sex", "diff:band"]
        .iter()
        .map(|t| DyadicTerm::parse(t))
        .collect();
    let mut group = c.benchmark_group("inference");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    eprintln!(
        "survey network: {} people, {} ties",
        survey.node_count(),
        survey.tie_count()
    );
    group.bench_function("mrqap 3 predictors 1000 permutations survey 2000", |b| {
        b.iter(|| {
            let r = mrqap(
                &survey,
                &TieSelection::default(),
                "rely_on",
                &terms,
                false,
                &Draws::new(1000, 1),
                Control::none(),
            );
            black_box(r.map(|r| r.coefficients.len()).unwrap_or(0))
        })
    });
    group.bench_function("node regression 5000 permutations 2000 respondents", |b| {
        b.iter(|| {
            let r = regress(
                &survey,
                &TieSelection::default(),
                "life_satisfaction ~ degree + constraint + gender",
                false,
                &Draws::new(5000, 1),
                Control::none(),
            );
            black_box(r.map(|r| r.n).unwrap_or(0))
        })
    });
    let sample = kith::sample::bundled();
    group.bench_function(
        "cug betweenness centralisation 1000 degree-conditioned sample",
        |b| {
            b.iter(|| {
                let r = cug_test(
                    &sample,
                    &TieSelection::default(),
                    &CugStatistic::BetweennessCentralisation,
                    Given::Degree,
                    &Draws::new(1000, 1),
                    Control::none(),
                );
                black_box(r.map(|r| r.observed).unwrap_or(0.0))
            })
        },
    );
    group.finish();
}

criterion_group!(benches, inference);
criterion_main!(benches);
