//! Speed of the analysis engine on social graphs of the sizes the issue names:
//! - exact betweenness (with closeness) on a 20,000-node / 100,000-tie Holme-Kim graph
//!   (NetworkX's `powerlaw_cluster_graph(20000, 5, 0.3)`), compared with igraph by
//!   `scripts/bench_vs_igraph.py`;
//! - every metric of `kith metrics` on a 5,000-node graph of the same kind;
//! - every metric on the 2,000-respondent survey of the survey import issue (about 4,000
//!   people and 9,000 ties), which must take under a second so that the workbench can
//!   recompute as the user filters.
//!
//! - two-mode projections (people tied by shared places, places by shared people) of a
//!   3,000-person × 200-place survey and a 20,000-person × 1,000-place study, place
//!   popularity skewed so that the busiest places have hundreds to thousands of users.
//!
//! Set `KITH_BENCH_QUICK=1` to leave out the 20,000-node graph (a few minutes).
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kith::analysis::{self, Graph, MetricsOptions, TieSelection};
use kith::model::{NodeKind, Study};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "support/messy_survey.rs"]
mod messy_survey;

#[path = "support/hand_cut_points.rs"]
mod hand_cut_points;

/// Holme and Kim's growing graph with triad formation, as NetworkX's
/// `powerlaw_cluster_graph(n, m, p)` builds it.
fn powerlaw_cluster(n: usize, m: usize, p: f64, seed: u64) -> Study {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut repeated: Vec<u32> = (0..m as u32).collect();
    let mut edges: Vec<(u32, u32)> = Vec::new();
    let add = |adj: &mut Vec<Vec<u32>>, edges: &mut Vec<(u32, u32)>, a: u32, b: u32| {
        adj[a as usize].push(b);
        adj[b as usize].push(a);
        edges.push((a, b));
    };
    for source in m as u32..n as u32 {
        // m distinct targets drawn from the degree-weighted list.
        let mut targets: Vec<u32> = Vec::with_capacity(m);
        while targets.len() < m {
            let t = repeated[rng.random_range(0..repeated.len())];
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        let mut target = targets.pop().unwrap_or(0);
        add(&mut adj, &mut edges, source, target);
        repeated.push(target);
        let mut count = 1;
        while count < m {
            if rng.random::<f64>() < p {
                let hood: Vec<u32> = adj[target as usize]
                    .iter()
                    .copied()
                    .filter(|&x| x != source && !adj[source as usize].contains(&x))
                    .collect();
                if !hood.is_empty() {
                    let x = hood[rng.random_range(0..hood.len())];
                    add(&mut adj, &mut edges, source, x);
                    repeated.push(x);
                    count += 1;
                    continue;
                }
            }
            target = targets.pop().unwrap_or(0);
            if adj[source as usize].contains(&target) {
                continue;
            }
            add(&mut adj, &mut edges, source, target);
            repeated.push(target);
            count += 1;
        }
        repeated.extend(std::iter::repeat_n(source, m));
    }
    let mut study = Study::new(false);
    for i in 0..n {
        study.node_or_insert(&i.to_string(), NodeKind::Respondent);
    }
    for (a, b) in edges {
        let _ = study.connect(kith::model::NodeId(a), kith::model::NodeId(b));
    }
    study
}

/// The 2,000-respondent messy survey of the survey import issue (the survey benchmark's),
/// imported with its proposed recipe and names merged automatically: about 4,000 people
/// and 9,000 ties.
fn survey() -> Study {
    let bytes = messy_survey::messy_survey(7, 2000);
    let path = Path::new("survey_2000.csv");
    let imported = kith::survey::read_table(path, &bytes).and_then(|grid| {
        let recipe = kith::survey::propose::propose(&grid)?;
        kith::survey::import(&grid, &recipe, kith::survey::MergeMode::Auto, "bench")
    });
    match imported {
        Ok(survey) => survey.study,
        Err(e) => panic!("the generated survey does not import: {e}"),
    }
}

fn unweighted(study: &Study) -> Graph {
    Graph::new(study, &TieSelection::default())
}

fn betweenness_20000(c: &mut Criterion) {
    if std::env::var_os("KITH_BENCH_QUICK").is_some() {
        return;
    }
    let study = powerlaw_cluster(20_000, 5, 0.3, 1);
    let graph = unweighted(&study);
    let mut group = c.benchmark_group("betweenness");
    group.sample_size(10);
    group.bench_function("powerlaw_cluster 20000x5 betweenness+closeness", |b| {
        b.iter(|| black_box(analysis::betweenness_closeness(&graph, &|_, _| {})))
    });
    group.finish();
}

fn all_metrics(c: &mut Criterion) {
    let plc = powerlaw_cluster(5_000, 5, 0.3, 1);
    let survey = survey();
    eprintln!(
        "survey network: {} people, {} ties",
        survey.node_count(),
        unweighted(&survey).tie_count()
    );
    let mut group = c.benchmark_group("metrics");
    group.sample_size(10);
    group.bench_function("powerlaw_cluster 5000x5 all metrics", |b| {
        b.iter(|| {
            black_box(analysis::metrics(
                &plc,
                &MetricsOptions::default(),
                &|_, _| {},
            ))
        })
    });
    group.bench_function("survey 2000 respondents all metrics", |b| {
        b.iter(|| {
            black_box(analysis::metrics(
                &survey,
                &MetricsOptions::default(),
                &|_, _| {},
            ))
        })
    });
    group.finish();
}

/// Cut points, bridges and components (petgraph) beside the hand-written depth-first search
/// Kith had before, and the clique census, on the 20,000-node graph and the survey network.
fn structure(c: &mut Criterion) {
    let mut nets = vec![("survey 2000 respondents", survey())];
    if std::env::var_os("KITH_BENCH_QUICK").is_none() {
        nets.push((
            "powerlaw_cluster 20000x5",
            powerlaw_cluster(20_000, 5, 0.3, 1),
        ));
    }
    let mut group = c.benchmark_group("structure");
    group.sample_size(10);
    for (name, study) in &nets {
        let graph = unweighted(study);
        let ours = analysis::components::components(&graph);
        let (cut, bridges) = hand_cut_points::cut_points_and_bridges(&graph);
        assert_eq!(ours.cut_point, cut, "petgraph and the reference disagree");
        let ours_bridges: Vec<(u32, u32)> = graph
            .pairs()
            .iter()
            .zip(&ours.bridge)
            .filter(|(_, b)| **b)
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(ours_bridges, bridges, "petgraph and the reference disagree");
        group.bench_function(
            format!("{name} components, cut points, bridges (petgraph)"),
            |b| b.iter(|| black_box(analysis::components::components(&graph))),
        );
        group.bench_function(
            format!("{name} cut points, bridges (hand-written reference)"),
            |b| b.iter(|| black_box(hand_cut_points::cut_points_and_bridges(&graph))),
        );
        group.bench_function(format!("{name} clique census (petgraph)"), |b| {
            b.iter(|| black_box(analysis::components::cliques(&graph)))
        });
    }
    group.finish();
}

/// `people` people who each use 1 to 6 of `places` places, drawn with probability falling
/// as 1/rank (Zipf), so a few places are used by many.
fn two_mode(people: usize, places: usize, seed: u64) -> Study {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut study = Study::new(false);
    for i in 0..people {
        study.node_or_insert(&format!("p{i}"), NodeKind::Respondent);
    }
    for j in 0..places {
        study.node_or_insert(&format!("place{j}"), NodeKind::Place);
    }
    let cumulative: Vec<f64> = (1..=places)
        .scan(0.0, |sum, r| {
            *sum += 1.0 / r as f64;
            Some(*sum)
        })
        .collect();
    let total = cumulative.last().copied().unwrap_or(1.0);
    for i in 0..people {
        for _ in 0..rng.random_range(1..=6) {
            let x = rng.random::<f64>() * total;
            let j = cumulative.partition_point(|&c| c < x).min(places - 1);
            let _ = study.connect(
                kith::model::NodeId(i as u32),
                kith::model::NodeId((people + j) as u32),
            );
        }
    }
    study
}

fn projections(c: &mut Criterion) {
    use analysis::{Mode, ProjectionOptions, Weighting, project};
    let count = ProjectionOptions::default();
    let newman = ProjectionOptions {
        weighting: Weighting::Newman,
        ..ProjectionOptions::default()
    };
    let mut group = c.benchmark_group("projection");
    group.sample_size(10);
    for (people, places) in [(3_000, 200), (20_000, 1_000)] {
        let study = two_mode(people, places, 3);
        if let Ok(p) = project(&study, Mode::People, &count) {
            eprintln!(
                "{people} x {places}: {} two-mode ties, {} ties between people",
                study.tie_count(),
                p.tie_count()
            );
        }
        let mut cases = vec![
            (Mode::People, &count, "people by count"),
            (Mode::Places, &newman, "places by newman"),
        ];
        // Newman's weighting adds a `shared` column: on the 48 million ties of the big
        // case that is 1.5 GB more, so it is timed on the survey only.
        if people <= 3_000 {
            cases.push((Mode::People, &newman, "people by newman"));
        }
        for (mode, options, name) in cases {
            group.bench_function(
                format!("{people} people x {places} places onto {name}"),
                |b| b.iter(|| black_box(project(&study, mode, options))),
            );
        }
    }
    group.finish();
}

criterion_group!(
    benches,
    all_metrics,
    betweenness_20000,
    structure,
    projections
);
criterion_main!(benches);
