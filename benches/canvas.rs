//! CPU cost of one canvas frame at 5,000 nodes / 20,000 ties, headless (no GPU): building
//! the node styles, painting the frame with egui's painter and tessellating it. The same
//! graph drawn by egui_graphs' `GraphView` (positions preset, a layout that does nothing) is
//! measured beside it, which is why the canvas paints directly.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use kith::app::{Canvas, paint_frame, sample_source};
use kith::layout::Point;
use kith::model::{AttrType, NodeId, NodeKind, Study, Value};
use kith::session::{Command, Session};

const NODES: u32 = 5_000;
const TIES: usize = 20_000;
const SIZE: egui::Vec2 = egui::Vec2::new(1440.0, 900.0);

/// 5,000 people with a categorical attribute and 20,000 distinct random ties.
fn study() -> Study {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut s = Study::new(false);
    for i in 0..NODES {
        let _ = s.add_node(format!("p{i}"), format!("Person {i}"), NodeKind::Respondent);
    }
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < TIES {
        let a = rng.random_range(0..NODES);
        let b = rng.random_range(0..NODES);
        if a != b && seen.insert((a.min(b), a.max(b))) {
            let _ = s.connect(NodeId(a), NodeId(b));
        }
    }
    if let Ok(col) = s.declare_node_attribute("employment", AttrType::Categorical) {
        for i in 0..NODES {
            let g =
                ["Employed", "Unemployed", "Student", "Retired", "Carer"][rng.random_range(0..5)];
            s.set_node_value(col, NodeId(i), Some(Value::Text(g.into())));
        }
    }
    s
}

/// The positions the workbench's layout settles on for `study`.
fn settled_positions(study: &Study) -> Vec<Point> {
    match Session::new(study.clone(), sample_source()) {
        Ok(mut s) => {
            s.settle();
            s.positions().to_vec()
        }
        Err(e) => panic!("session: {e}"),
    }
}

/// The zoom and centre that fit `pos` into the window, as the canvas does on opening.
fn fit(pos: &[Point]) -> (f32, Point) {
    let (mut lo, mut hi) = (
        Point::new(f32::MAX, f32::MAX),
        Point::new(f32::MIN, f32::MIN),
    );
    for p in pos {
        lo = Point::new(lo.x.min(p.x), lo.y.min(p.y));
        hi = Point::new(hi.x.max(p.x), hi.y.max(p.y));
    }
    let zoom =
        ((SIZE.x - 80.0) / (hi.x - lo.x).max(1e-3)).min((SIZE.y - 80.0) / (hi.y - lo.y).max(1e-3));
    (zoom, Point::new((lo.x + hi.x) * 0.5, (lo.y + hi.y) * 0.5))
}

fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        ..Default::default()
    }
}

/// One frame: run the UI closure, then tessellate what it painted.
fn frame(ctx: &egui::Context, mut draw: impl FnMut(&mut egui::Ui)) -> usize {
    let output = ctx.run_ui(raw_input(), |ui| draw(ui));
    let prims = ctx.tessellate(output.shapes, output.pixels_per_point);
    prims.len()
}

fn painter_frame(c: &mut Criterion) {
    let mut session = match Session::new(study(), sample_source()) {
        Ok(s) => s,
        Err(e) => panic!("session: {e}"),
    };
    // Let the layout and the metrics job finish first: measured while they ran, a frame
    // would share the cores with them. The settled layout is also what the window shows.
    session.settle();
    session.apply(Command::ColourBy(Some("employment".into())));
    let pos = session.positions().to_vec();
    let (zoom, centre) = fit(&pos);
    let ego = vec![false; NODES as usize];
    let ctx = egui::Context::default();

    let mut group = c.benchmark_group("canvas 5000 nodes 20000 ties");
    group.sample_size(20);
    group.bench_function("styles (scene::node_styles)", |b| {
        b.iter(|| {
            kith::scene::node_styles(session.study(), session.node_metrics(), session.view())
                .map(|s| s.nodes.len())
        })
    });
    group.bench_function("painter frame + tessellate", |b| {
        b.iter(|| {
            frame(&ctx, |ui| {
                let rect = ui.max_rect();
                let painter = ui.painter_at(rect);
                paint_frame(
                    &painter, rect, &session, &pos, None, zoom, centre, 3.2, &ego,
                );
            })
        })
    });
    group.bench_function("styles + painter frame + tessellate", |b| {
        b.iter(|| {
            let styles =
                kith::scene::node_styles(session.study(), session.node_metrics(), session.view())
                    .map(|s| s.nodes.len());
            let prims = frame(&ctx, |ui| {
                let rect = ui.max_rect();
                let painter = ui.painter_at(rect);
                paint_frame(
                    &painter, rect, &session, &pos, None, zoom, centre, 3.2, &ego,
                );
            });
            (styles, prims)
        })
    });
    // The whole canvas widget, with hit-testing and input handling, as the window runs it.
    let mut canvas = Canvas::default();
    group.bench_function("canvas widget + tessellate", |b| {
        b.iter(|| {
            let mut commands = Vec::new();
            frame(&ctx, |ui| canvas.ui(ui, &session, &mut commands))
        })
    });
    group.finish();
}

/// The layout egui_graphs runs every frame: none, so only drawing is measured.
#[derive(Debug, Default)]
struct Still;

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct StillState;

impl egui_graphs::LayoutState for StillState {}

impl egui_graphs::Layout<StillState> for Still {
    fn from_state(_: StillState) -> impl egui_graphs::Layout<StillState> {
        Still
    }

    fn next<N, E, Ty, Ix, Dn, De>(
        &mut self,
        _: &mut egui_graphs::Graph<N, E, Ty, Ix, Dn, De>,
        _: &egui::Ui,
    ) where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: petgraph::stable_graph::IndexType,
        Dn: egui_graphs::DisplayNode<N, E, Ty, Ix>,
        De: egui_graphs::DisplayEdge<N, E, Ty, Ix, Dn>,
    {
    }

    fn state(&self) -> StillState {
        StillState
    }
}

fn egui_graphs_frame(c: &mut Criterion) {
    let s = study();
    let pos = settled_positions(&s);
    let mut g: egui_graphs::Graph<(), (), petgraph::Undirected> = egui_graphs::Graph::new();
    let index: Vec<_> = pos
        .iter()
        .map(|p| g.add_node_with_location((), egui::Pos2::new(p.x, p.y)))
        .collect();
    for t in s.ties() {
        g.add_edge(index[t.source.index()], index[t.target.index()], ());
    }
    let ctx = egui::Context::default();
    let mut group = c.benchmark_group("canvas 5000 nodes 20000 ties");
    group.sample_size(10);
    group.bench_function("egui_graphs GraphView + tessellate", |b| {
        b.iter(|| {
            frame(&ctx, |ui| {
                let _ = egui_graphs::GraphView::<StillState, Still>::new().show(ui, &mut g);
            })
        })
    });
    group.finish();
}

criterion_group!(benches, painter_frame, egui_graphs_frame);
criterion_main!(benches);
