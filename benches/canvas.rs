//! CPU cost of one canvas frame, headless (no GPU), 1440x900: the live canvas (an
//! egui_graphs `GraphView` drawing Kith's marks and ties, with its hover, drag, zoom and
//! fit handling, the labels, legend and badge) against the reference painter (the same
//! sociogram painted straight onto egui's painter, as the canvas did before egui_graphs),
//! each frame built and tessellated, on two networks with their layouts settled: 5,000
//! people with 20,000 random ties, and the network of a generated 2,000-respondent survey.
//! The budget is the ratio in one run: the canvas at most 1.2x the painter.
// criterion_group! generates public functions without docs.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use kith::app::{SociogramCanvas, paint_frame, sample_source};
use kith::layout::Point;
use kith::model::{AttrType, NodeId, NodeKind, Study, Value};
use kith::session::{Command, Session};
use kith::survey::{self, MergeMode};

#[path = "support/messy_survey.rs"]
mod messy_survey;

const NODES: u32 = 5_000;
const TIES: usize = 20_000;
const SIZE: egui::Vec2 = egui::Vec2::new(1440.0, 900.0);

/// 5,000 people with a categorical attribute and 20,000 distinct random ties.
fn random_study() -> Study {
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

/// The network of a generated, messy 2,000-respondent survey, imported as the window
/// imports it.
fn survey_study() -> Study {
    let bytes = messy_survey::messy_survey(7, 2000);
    let path = Path::new("survey_2000.csv");
    let grid = survey::read_table(path, &bytes).unwrap_or_else(|e| panic!("read: {e}"));
    let recipe = survey::propose::propose(&grid).unwrap_or_else(|e| panic!("propose: {e}"));
    match survey::import(&grid, &recipe, MergeMode::Auto, "bench") {
        Ok(s) => s.study,
        Err(e) => panic!("import: {e}"),
    }
}

/// A session on `study` with its layout settled and its metrics computed, coloured by
/// `colour_by` if given: what the window shows once the network has settled.
fn settled(study: Study, color_by: Option<&str>) -> Session {
    let mut session = match Session::new(study, sample_source()) {
        Ok(s) => s,
        Err(e) => panic!("session: {e}"),
    };
    // Measured while the layout and the metrics job ran, a frame would share the cores
    // with them.
    session.settle();
    if let Some(c) = color_by {
        session.apply(Command::ColorBy(Some(c.into())));
    }
    session
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

/// The painter and the egui_graphs canvas on `session`, in one group.
fn compare(c: &mut Criterion, group: &str, session: &Session) {
    let pos = session.positions().to_vec();
    let (zoom, centre) = fit(&pos);
    let ego = vec![false; pos.len()];
    let mut group = c.benchmark_group(group);
    group.sample_size(20);

    let ctx = egui::Context::default();
    group.bench_function("painter frame + tessellate (reference)", |b| {
        b.iter(|| {
            frame(&ctx, |ui| {
                let rect = ui.max_rect();
                let painter = ui.painter_at(rect);
                paint_frame(&painter, rect, session, &pos, None, zoom, centre, 3.2, &ego);
            })
        })
    });

    // The whole widget as the window runs it: egui_graphs' hover, drag, zoom and fit
    // handling, Kith's displays, labels, legend, badge and callouts.
    let ctx = egui::Context::default();
    let mut canvas = SociogramCanvas::default();
    let mut commands = Vec::new();
    // The first frame builds the egui_graphs graph; the window does that once per study.
    frame(&ctx, |ui| canvas.ui(ui, session, &mut commands));
    group.bench_function("egui_graphs canvas widget + tessellate", |b| {
        b.iter(|| frame(&ctx, |ui| canvas.ui(ui, session, &mut commands)))
    });
    group.finish();
}

fn random_network(c: &mut Criterion) {
    let session = settled(random_study(), Some("employment"));
    compare(c, "canvas 5000 nodes 20000 ties", &session);
}

fn survey_network(c: &mut Criterion) {
    let session = settled(survey_study(), None);
    compare(c, "canvas survey 2000 respondents", &session);
}

criterion_group!(benches, random_network, survey_network);
criterion_main!(benches);
