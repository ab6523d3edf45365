//! Survey import speed: a generated 2,000-respondent survey read, resolved with
//! `--merge auto` and written as GraphML.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kith::survey::{self, MergeMode};

fn import_2000(c: &mut Criterion) {
    let csv = kith::sample::survey_csv(7, 2000);
    let bytes = csv.as_bytes();
    let path = Path::new("survey_2000.csv");
    c.bench_function(
        "survey import 2,000 respondents (propose, resolve, GraphML)",
        |b| {
            b.iter(|| {
                let Ok(grid) = survey::read_table(path, black_box(bytes)) else {
                    return 0;
                };
                let Ok(recipe) = survey::propose::propose(&grid) else {
                    return 0;
                };
                let Ok(s) = survey::import(&grid, &recipe, MergeMode::Auto, "survey_2000") else {
                    return 0;
                };
                black_box(kith::io::graphml::write(&s.study).bytes.len())
            });
        },
    );
    let messy = include_bytes!("../tests/data/survey/survey_messy.csv");
    c.bench_function("survey import survey_messy.csv (300 respondents)", |b| {
        b.iter(|| {
            let Ok(grid) = survey::read_table(Path::new("survey_messy.csv"), black_box(messy))
            else {
                return 0;
            };
            let Ok(recipe) = survey::propose::propose(&grid) else {
                return 0;
            };
            let Ok(s) = survey::import(&grid, &recipe, MergeMode::Auto, "survey_messy") else {
                return 0;
            };
            black_box(kith::io::graphml::write(&s.study).bytes.len())
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = import_2000
}
criterion_main!(benches);
