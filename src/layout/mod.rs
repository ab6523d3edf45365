//! Node positions for drawing: seeded and deterministic.
//!
//! [`forceatlas2`] is the force-directed layout (with a Barnes-Hut approximation in
//! [`barnes_hut`]), steppable so the workbench can animate it; [`circular`] and [`grouped`]
//! are the fixed layouts; [`packing`] places disconnected components and isolates tidily.
//! [`compute`] runs any of them to the end in one call, as the exports do.

pub mod anchored;
pub mod barnes_hut;
pub mod circular;
pub mod forceatlas2;
pub mod grouped;
pub mod packing;

use crate::model::Study;

pub use forceatlas2::{ForceAtlas2, Settings, Step};
pub use grouped::GroupBox;
pub use packing::Rect;

/// A position in layout units (the scene scales them to the figure or the canvas).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, growing downwards as on screen.
    pub y: f32,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f32 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// The undirected, simple, weighted graph a layout works on: ties of a [`Study`] with the
/// direction dropped, parallel ties merged (weights added) and self-loops left out, stored as
/// adjacency lists in node order so every sum over a node's neighbours runs in one fixed
/// order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutGraph {
    /// `offsets[i]..offsets[i + 1]` indexes node `i`'s neighbours in `neighbours`.
    offsets: Vec<u32>,
    /// Neighbour index and merged weight, sorted by neighbour within each node.
    neighbours: Vec<(u32, f32)>,
}

impl LayoutGraph {
    /// A graph of `n` nodes with the given edges `(a, b, weight)`; ends out of range are
    /// skipped.
    pub fn new(n: usize, edges: impl IntoIterator<Item = (u32, u32, f32)>) -> Self {
        let mut pairs: Vec<(u32, u32, f32)> = Vec::new();
        for (a, b, w) in edges {
            if a == b || a as usize >= n || b as usize >= n {
                continue;
            }
            let w = if w.is_finite() && w > 0.0 { w } else { 1.0 };
            pairs.push((a, b, w));
            pairs.push((b, a, w));
        }
        pairs.sort_by_key(|x| (x.0, x.1));
        let mut offsets = vec![0u32; n + 1];
        let mut neighbours: Vec<(u32, f32)> = Vec::with_capacity(pairs.len());
        let mut last: Option<(u32, u32)> = None;
        for (a, b, w) in pairs {
            if last == Some((a, b)) {
                if let Some(slot) = neighbours.last_mut() {
                    slot.1 += w;
                }
                continue;
            }
            last = Some((a, b));
            neighbours.push((b, w));
            offsets[a as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        LayoutGraph {
            offsets,
            neighbours,
        }
    }

    /// The graph of a study's ties (all relations and waves), weighted by tie weight.
    pub fn from_study(study: &Study) -> Self {
        debug_assert!(study.is_dense(), "layout runs on a compacted study");
        Self::new(
            study.node_count(),
            study.ties().iter().map(|t| {
                let w = t.weight.abs() as f32;
                (t.source.0, t.target.0, w)
            }),
        )
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of (merged, undirected) edges.
    pub fn edge_count(&self) -> usize {
        self.neighbours.len() / 2
    }

    /// Node `i`'s neighbours with the merged weights, sorted by neighbour.
    pub fn neighbours(&self, i: usize) -> &[(u32, f32)] {
        let (Some(&a), Some(&b)) = (self.offsets.get(i), self.offsets.get(i + 1)) else {
            return &[];
        };
        &self.neighbours[a as usize..b as usize]
    }

    /// Number of distinct neighbours of node `i`.
    pub fn degree(&self, i: usize) -> usize {
        self.neighbours(i).len()
    }

    /// Each edge once, as `(a, b, weight)` with `a < b`, sorted.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f32)> + '_ {
        (0..self.node_count()).flat_map(move |a| {
            self.neighbours(a)
                .iter()
                .filter(move |(b, _)| *b as usize > a)
                .map(move |(b, w)| (a as u32, *b, *w))
        })
    }

    /// Connected component of every node, numbered 0.. in order of each component's first
    /// node, and the number of components.
    pub fn components(&self) -> (Vec<u32>, usize) {
        let n = self.node_count();
        let mut comp = vec![u32::MAX; n];
        let mut count = 0u32;
        let mut stack = Vec::new();
        for start in 0..n {
            if comp[start] != u32::MAX {
                continue;
            }
            comp[start] = count;
            stack.push(start);
            while let Some(v) = stack.pop() {
                for &(w, _) in self.neighbours(v) {
                    if comp[w as usize] == u32::MAX {
                        comp[w as usize] = count;
                        stack.push(w as usize);
                    }
                }
            }
            count += 1;
        }
        (comp, count as usize)
    }

    /// The subgraph on `nodes` (renumbered in the given order).
    pub fn subgraph(&self, nodes: &[usize]) -> LayoutGraph {
        let mut map = vec![u32::MAX; self.node_count()];
        for (k, &v) in nodes.iter().enumerate() {
            if let Some(slot) = map.get_mut(v) {
                *slot = k as u32;
            }
        }
        let edges: Vec<(u32, u32, f32)> = self
            .edges()
            .filter_map(|(a, b, w)| {
                let (ma, mb) = (map[a as usize], map[b as usize]);
                (ma != u32::MAX && mb != u32::MAX).then_some((ma, mb, w))
            })
            .collect();
        LayoutGraph::new(nodes.len(), edges)
    }
}

/// Which layout to compute.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// ForceAtlas2, run for the given number of iterations (or until it settles).
    ForceAtlas2 {
        /// Most iterations to run.
        iterations: usize,
    },
    /// Nodes on a circle in study order.
    Circular,
    /// One force-directed cluster per category of a node attribute, each in its own box.
    Grouped {
        /// The categorical attribute to group by.
        attribute: String,
        /// Iterations of the layout inside each box.
        iterations: usize,
    },
}

/// A finished layout: positions plus, for the grouped layout, the boxes to draw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// One position per node of the study, in node order.
    pub positions: Vec<Point>,
    /// Group boxes of the grouped layout (empty otherwise), in drawing order.
    pub groups: Vec<grouped::GroupBox>,
}

/// Runs the layout `kind` for `study` to the end. `radii` are the node radii (layout
/// units) used to keep nodes apart; `seed` fixes the starting positions.
pub fn compute(study: &Study, kind: &Kind, radii: &[f32], seed: u64) -> Layout {
    let graph = LayoutGraph::from_study(study);
    // Nodes that take no part in the network shown are not drawn: no room for them.
    let left_out = crate::model::presence::left_out(study);
    let radii: Vec<f32> = radii
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            if left_out.get(i).copied().unwrap_or(false) {
                0.0
            } else {
                r
            }
        })
        .collect();
    let radii = radii.as_slice();
    match kind {
        Kind::ForceAtlas2 { iterations } => Layout {
            positions: forceatlas2::settle(&graph, radii, seed, *iterations),
            groups: Vec::new(),
        },
        Kind::Circular => Layout {
            positions: circular::layout(&graph, radii),
            groups: Vec::new(),
        },
        Kind::Grouped {
            attribute,
            iterations,
        } => {
            let groups = grouped::categories(study, attribute);
            grouped::layout(&graph, &groups, radii, seed, *iterations)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_merges_parallel_ties_and_drops_loops() {
        let g = LayoutGraph::new(4, [(0, 1, 1.0), (1, 0, 2.0), (2, 2, 1.0), (1, 2, 1.0)]);
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbours(1), &[(0, 3.0), (2, 1.0)]);
        assert_eq!(g.degree(3), 0);
        assert_eq!(g.components(), (vec![0, 0, 0, 1], 2));
        let e: Vec<_> = g.edges().collect();
        assert_eq!(e, vec![(0, 1, 3.0), (1, 2, 1.0)]);
        let sub = g.subgraph(&[2, 1]);
        assert_eq!(sub.neighbours(0), &[(1, 1.0)]);
    }
}
