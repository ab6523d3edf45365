//! Speed of `.kith` project files: encoding and decoding the sample survey grown to 3,000
//! respondents (about 5,600 nodes and 19,000 ties, positions and pseudonyms included), and
//! a whole save (write aside, fsync, rename), as the workbench's Save and autosave do.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kith::layout::Point;
use kith::session::project::Project;

fn project_3000(c: &mut Criterion) {
    let study = kith::sample::study(kith::sample::SEED, 3_000);
    let mut project = Project::new(study);
    let n = project.study.node_count();
    project.layout.positions = (0..n)
        .map(|i| {
            let t = i as f32 * 0.618_034;
            Point::new(t.sin() * 97.31 * (1.0 + t), t.cos() * 83.17 * (1.0 + t))
        })
        .collect();
    project.layout.pinned = vec![false; n];
    project.assign_pseudonyms();
    let Ok(bytes) = project.to_bytes() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("kith-project-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join("study.kith");
    let mut g = c.benchmark_group("project_3000");
    g.sample_size(10);
    g.bench_function("encode", |b| b.iter(|| black_box(project.to_bytes())));
    g.bench_function("decode", |b| {
        b.iter(|| black_box(Project::from_bytes(&bytes, "study.kith")))
    });
    g.bench_function("save", |b| b.iter(|| black_box(project.save(&path))));
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, project_3000);
criterion_main!(benches);
