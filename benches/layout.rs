//! Speed of the ForceAtlas2 layout: one iteration on a 20,000-node / 100,000-edge graph.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use kith::layout::{ForceAtlas2, LayoutGraph, Settings};

/// A random graph of `nodes` nodes and `edges` distinct edges, seeded.
fn random_graph(nodes: usize, edges: usize) -> LayoutGraph {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < edges {
        let a = rng.random_range(0..nodes as u32);
        let b = rng.random_range(0..nodes as u32);
        if a != b {
            seen.insert((a.min(b), a.max(b)));
        }
    }
    LayoutGraph::new(nodes, seen.into_iter().map(|(a, b)| (a, b, 1.0)))
}

fn fa2_iteration(c: &mut Criterion) {
    let graph = random_graph(20_000, 100_000);
    let settings = Settings::for_graph(20_000, 1);
    let mut fa2 = ForceAtlas2::new(graph, &[], settings);
    // A few iterations first, so the benchmark measures a layout in progress rather than
    // the uniform random start.
    fa2.step(20);
    let mut group = c.benchmark_group("forceatlas2");
    group.sample_size(30);
    group.bench_function("one iteration, 20k nodes / 100k edges", |b| {
        b.iter(|| fa2.step(1))
    });
    group.finish();
}

criterion_group!(benches, fa2_iteration);
criterion_main!(benches);
