//! Layouts that follow survey waves: the first wave laid out on its own ties, each later
//! wave starting from the previous wave's positions and settling briefly on its own ties,
//! so a small-multiples figure shows change without the picture jumping.

use super::{ForceAtlas2, Kind, Layout, LayoutGraph, Settings};
use crate::model::Study;

/// One layout per wave, in order, for the studies of each wave (every study with the same
/// nodes in the same order, as [`crate::waves::wave_view`] gives them). People without a tie
/// in a later wave stay where they were.
pub fn follow(waves: &[Study], radii: &[f32], seed: u64, iterations: usize) -> Vec<Layout> {
    let mut out: Vec<Layout> = Vec::with_capacity(waves.len());
    for s in waves {
        let Some(prev) = out.last() else {
            out.push(super::compute(
                s,
                &Kind::ForceAtlas2 { iterations },
                radii,
                seed,
            ));
            continue;
        };
        let graph = LayoutGraph::from_study(s);
        let n = graph.node_count();
        let mut settings = Settings::for_graph(n, seed);
        settings.prevent_overlap = true;
        let isolated: Vec<usize> = (0..n).filter(|&i| graph.degree(i) == 0).collect();
        let mut fa2 = ForceAtlas2::with_positions(graph, prev.positions.clone(), radii, settings);
        for i in isolated {
            if let Some(&p) = prev.positions.get(i) {
                fa2.pin(i, p);
            }
        }
        fa2.run((iterations / 4).max(1));
        let mut positions = fa2.into_positions();
        let r: Vec<f32> = (0..n)
            .map(|i| radii.get(i).copied().filter(|x| *x > 0.0).unwrap_or(1.0))
            .collect();
        super::packing::remove_overlaps(&mut positions, &r, 0.25);
        out.push(Layout {
            positions,
            groups: Vec::new(),
        });
    }
    out
}
