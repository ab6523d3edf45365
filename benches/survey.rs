//! Survey import speed: a generated 2,000-respondent messy survey, a 3,000-respondent survey
//! from the matching generator (`kith::survey::generate`: non-English nicknames, shared
//! first names), and the 300-respondent `survey_messy.csv`, each read, given a proposed
//! recipe, resolved with `--merge auto` (mention by mention, with the review queue) and
//! written as GraphML: the whole process.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kith::survey::{self, MergeMode};

#[path = "support/messy_survey.rs"]
mod messy_survey;
use messy_survey::messy_survey;

fn import(path: &Path, bytes: &[u8]) -> usize {
    let Ok(grid) = survey::read_table(path, bytes) else {
        return 0;
    };
    let Ok(recipe) = survey::propose::propose(&grid) else {
        return 0;
    };
    let Ok(s) = survey::import(&grid, &recipe, MergeMode::Auto, "bench") else {
        return 0;
    };
    kith::io::graphml::write(&s.study).bytes.len()
}

fn survey_import(c: &mut Criterion) {
    let big = messy_survey(7, 2000);
    c.bench_function(
        "survey import 2,000 respondents (messy, merge auto, GraphML)",
        |b| {
            b.iter(|| black_box(import(Path::new("survey_2000.csv"), black_box(&big))));
        },
    );
    let generated = survey::generate::generate(20, 3000).csv;
    c.bench_function(
        "survey import 3,000 respondents (generated, merge auto, GraphML)",
        |b| {
            b.iter(|| black_box(import(Path::new("survey_3000.csv"), black_box(&generated))));
        },
    );
    let messy = include_bytes!("../tests/data/survey/survey_messy.csv");
    c.bench_function("survey import survey_messy.csv (300 respondents)", |b| {
        b.iter(|| black_box(import(Path::new("survey_messy.csv"), black_box(messy))));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = survey_import
}
criterion_main!(benches);
