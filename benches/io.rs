//! Reading speed of the network readers on large inputs.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A 100,000-edge weighted edge list over 20,000 people, as CSV.
fn edge_list_csv(edges: usize, nodes: usize) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut out = String::from("source,target,weight\n");
    for _ in 0..edges {
        let a = rng.random_range(0..nodes);
        let b = rng.random_range(0..nodes);
        let w = rng.random_range(1..=5);
        out.push_str(&format!("person_{a},person_{b},{w}\n"));
    }
    out.into_bytes()
}

fn read_edge_list(c: &mut Criterion) {
    let bytes = edge_list_csv(100_000, 20_000);
    let opts = kith::io::ReadOptions::default();
    c.bench_function("read 100k-edge CSV edge list", |b| {
        b.iter(|| {
            let study = kith::io::read(Path::new("edges.csv"), black_box(&bytes), &opts);
            black_box(study.map(|s| s.tie_count()).unwrap_or(0))
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = read_edge_list
}
criterion_main!(benches);
