//! Speed of combining and comparing survey waves on the generated two-wave study
//! (`kith::waves::sample`) at 2,000 respondents: about 2,400 people and 6,000 nominations
//! a wave.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kith::model::Study;
use kith::survey::{self, MergeMode};
use kith::waves::{self, CompareOptions, sample};

fn import(text: &str, recipe: &survey::Recipe) -> Study {
    let Ok(grid) = kith::io::grid::read_delimited("wave.csv", text.as_bytes()) else {
        return Study::default();
    };
    survey::import(&grid, recipe, MergeMode::None, "wave")
        .map_or_else(|_| Study::default(), |s| s.study)
}

fn waves_2000(c: &mut Criterion) {
    let generated = sample::generate(sample::SEED, 2_000);
    let baseline = import(&generated.baseline_csv, &generated.recipe);
    let post = import(&generated.post_csv, &generated.recipe);
    let inputs = vec![
        ("baseline".to_string(), baseline.clone()),
        ("post".to_string(), post.clone()),
    ];
    let Ok(combined) = waves::combine(inputs.clone()) else {
        return;
    };
    eprintln!(
        "combined study: {} nodes, {} ties",
        combined.node_count(),
        combined.tie_count()
    );
    let mut group = c.benchmark_group("waves");
    group.sample_size(10);
    group.bench_function("combine 2 waves of 2000 respondents", |b| {
        b.iter(|| black_box(waves::combine(inputs.clone())))
    });
    group.bench_function("wave_view 2000 respondents", |b| {
        b.iter(|| black_box(waves::wave_view(&combined, "post")))
    });
    let by = CompareOptions {
        by: Some("intervention".into()),
        ..CompareOptions::default()
    };
    group.bench_function("compare 2000 respondents by intervention", |b| {
        b.iter(|| black_box(waves::compare(&combined, "baseline", "post", &by)))
    });
    group.finish();
}

criterion_group!(benches, waves_2000);
criterion_main!(benches);
