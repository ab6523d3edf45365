//! Speed of the figure pipeline: an A4 300-dpi PNG of a 2,000-node sociogram, and its
//! raster step alone, one pass on one thread beside the parallel bands Kith uses (their
//! ratio is the speed-up).
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use kith::layout::{self, Kind};
use kith::model::{AttrType, NodeId, NodeKind, Study, Value};
use kith::scene::{self, View};

/// 2,000 people with a categorical attribute and 6,000 random ties.
fn study() -> Study {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut s = Study::new(false);
    for i in 0..2_000 {
        let _ = s.add_node(format!("p{i}"), format!("Person {i}"), NodeKind::Respondent);
    }
    for _ in 0..6_000 {
        let a = NodeId(rng.random_range(0..2_000));
        let b = NodeId(rng.random_range(0..2_000));
        let _ = s.connect(a, b);
    }
    if let Ok(col) = s.declare_node_attribute("group", AttrType::Categorical) {
        for i in 0..2_000u32 {
            let g = ["A", "B", "C", "D", "E"][rng.random_range(0..5)];
            s.set_node_value(col, NodeId(i), Some(Value::Text(g.into())));
        }
    }
    s
}

fn a4_png(c: &mut Criterion) {
    let s = study();
    let view = View {
        color_by: Some("group".into()),
        size_by: Some("degree".into()),
        title: Some("A 2,000-node sociogram".into()),
        ..View::default()
    };
    let metrics = scene::metrics_input::compute(&s, false);
    let radii = scene::relative_radii(&s, &metrics, &view).unwrap_or_default();
    let layout = layout::compute(&s, &Kind::ForceAtlas2 { iterations: 200 }, &radii, 1);
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("A4 300 dpi PNG, 2,000 nodes (scene + SVG + PNG)", |b| {
        b.iter(|| {
            let Ok(scene) = scene::build(&s, &layout, &metrics, &view) else {
                return 0;
            };
            kith::render::png(&scene, 300.0)
                .map(|p| p.len())
                .unwrap_or(0)
        })
    });
    if let Ok(scene) = scene::build(&s, &layout, &metrics, &view) {
        let svg = kith::render::svg(&scene);
        let (w, h) = kith::render::pixel_size(&scene, 300.0);
        group.bench_function("A4 300 dpi raster, 2,000 nodes: one pass", |b| {
            b.iter(|| {
                kith::render::raster_from_svg_single_pass(&svg, w, h)
                    .map(|r| r.rgb.len())
                    .unwrap_or(0)
            })
        });
        group.bench_function("A4 300 dpi raster, 2,000 nodes: parallel bands", |b| {
            b.iter(|| {
                kith::render::raster_from_svg(&svg, w, h)
                    .map(|r| r.rgb.len())
                    .unwrap_or(0)
            })
        });
        if let Ok(r) = kith::render::raster_from_svg(&svg, w, h) {
            group.bench_function("A4 300 dpi PNG encoding (image)", |b| {
                b.iter(|| {
                    kith::render::encode_png(&r, 300.0, None)
                        .map(|p| p.len())
                        .unwrap_or(0)
                })
            });
        }
    }
    group.bench_function("A4 PDF, 2,000 nodes", |b| {
        b.iter(|| {
            let Ok(scene) = scene::build(&s, &layout, &metrics, &view) else {
                return 0;
            };
            kith::render::pdf(&scene).map(|p| p.len()).unwrap_or(0)
        })
    });
    group.finish();
}

criterion_group!(benches, a4_png);
criterion_main!(benches);
