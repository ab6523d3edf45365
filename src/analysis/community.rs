//! Communities by modularity (Louvain: Blondel, Guillaume, Lambiotte and Lefebvre 2008),
//! seeded and deterministic, and the modularity of any partition.
//!
//! Both work on the underlying undirected graph, as igraph's `community_multilevel` does:
//! a reciprocated pair is one edge. Unweighted, every edge weighs 1; weighted, an edge
//! weighs the sum of its arcs' weights. Modularity is Newman's,
//! Q = 1/2m Σ_ij (A_ij − k_i k_j / 2m) δ(c_i, c_j), with resolution 1, and agrees with
//! igraph's `Graph.modularity`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::graph::Graph;

/// The seed `kith metrics` uses, so that a run can be repeated.
pub const DEFAULT_SEED: u64 = 1;

/// Least gain worth a move, relative to the gain of staying: smaller differences are
/// rounding.
const GAIN_EPSILON: f64 = 1e-12;
/// At most this many passes over the vertices per level.
const MAX_PASSES: usize = 1000;

/// A partition of the vertices into communities.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// Community of every vertex, numbered 0.. in the order of each community's first
    /// vertex; an isolate is a community of its own.
    pub membership: Vec<u32>,
    /// Number of communities.
    pub count: usize,
    /// Modularity of the partition; `None` when the graph has no ties.
    pub modularity: Option<f64>,
}

/// Weighted undirected rows for the algorithm: `(neighbour, weight)`, without self-loops,
/// plus each vertex's self-loop weight (inner edges of an aggregated community, counted as
/// A_ii, that is twice their weight).
struct Level {
    adj: Vec<Vec<(u32, f64)>>,
    inner: Vec<f64>,
}

impl Level {
    fn of(graph: &Graph) -> Self {
        let und = graph.undirected();
        let weighted = graph.is_weighted();
        let adj = (0..graph.node_count())
            .map(|v| {
                und.neighbors(v)
                    .iter()
                    .zip(und.weights(v))
                    .map(|(&u, &w)| (u, if weighted { w } else { 1.0 }))
                    .collect()
            })
            .collect();
        Level {
            adj,
            inner: vec![0.0; graph.node_count()],
        }
    }

    fn strength(&self, v: usize) -> f64 {
        self.inner[v] + self.adj[v].iter().map(|e| e.1).sum::<f64>()
    }
}

/// Louvain communities of `graph`, the vertex order of each pass drawn from `seed`.
pub fn louvain(graph: &Graph, seed: u64) -> Communities {
    let n = graph.node_count();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut level = Level::of(graph);
    // membership[v] = current aggregated vertex of original vertex v.
    let mut membership: Vec<u32> = (0..n as u32).collect();
    loop {
        let (moved, community) = move_vertices(&level, &mut rng);
        if !moved {
            break;
        }
        let (renumbered, count) = renumber(&community);
        for m in &mut membership {
            *m = renumbered[*m as usize];
        }
        level = aggregate(&level, &renumbered, count);
    }
    let (membership, count) = renumber(&membership);
    let modularity = modularity(graph, &membership);
    Communities {
        membership,
        count,
        modularity,
    }
}

/// Modularity of the partition `membership` of `graph`; `None` when there are no ties.
pub fn modularity(graph: &Graph, membership: &[u32]) -> Option<f64> {
    let level = Level::of(graph);
    let groups = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut inside = vec![0.0f64; groups];
    let mut total = vec![0.0f64; groups];
    let mut m2 = 0.0;
    for (v, row) in level.adj.iter().enumerate() {
        let c = membership[v] as usize;
        for &(u, w) in row {
            m2 += w;
            total[c] += w;
            if membership[u as usize] as usize == c {
                inside[c] += w;
            }
        }
    }
    if m2 == 0.0 {
        return None;
    }
    let q: f64 = inside
        .iter()
        .zip(&total)
        .map(|(&i, &t)| i / m2 - (t / m2) * (t / m2))
        .sum();
    Some(q)
}

/// Moves vertices between communities while modularity rises; returns whether any vertex
/// moved and the community of every vertex.
fn move_vertices(level: &Level, rng: &mut ChaCha8Rng) -> (bool, Vec<u32>) {
    let n = level.adj.len();
    let strength: Vec<f64> = (0..n).map(|v| level.strength(v)).collect();
    let m2: f64 = strength.iter().sum();
    let mut community: Vec<u32> = (0..n as u32).collect();
    if m2 == 0.0 {
        return (false, community);
    }
    let mut total = strength.clone();
    let mut order: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    // Weight from the current vertex to each neighbouring community.
    let mut to_community = vec![0.0f64; n];
    let mut is_touched = vec![false; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut moved_any = false;
    // Passes are bounded in case rounding lets a vertex swing between equal choices.
    for _ in 0..MAX_PASSES {
        let mut moved = false;
        for &v in &order {
            let v = v as usize;
            let own = community[v] as usize;
            let k = strength[v];
            total[own] -= k;
            touched.clear();
            touched.push(own as u32);
            is_touched[own] = true;
            for &(u, w) in &level.adj[v] {
                let c = community[u as usize] as usize;
                if !is_touched[c] {
                    is_touched[c] = true;
                    touched.push(c as u32);
                }
                to_community[c] += w;
            }
            // Gain of joining c, up to a factor common to all c: k_in(c) − tot(c)·k/2m.
            let mut best = own;
            let mut best_gain = to_community[own] - total[own] * k / m2;
            for &c in &touched {
                let c = c as usize;
                let gain = to_community[c] - total[c] * k / m2;
                if gain > best_gain + GAIN_EPSILON * (1.0 + best_gain.abs()) {
                    best_gain = gain;
                    best = c;
                }
            }
            for &c in &touched {
                to_community[c as usize] = 0.0;
                is_touched[c as usize] = false;
            }
            total[best] += k;
            if best != own {
                community[v] = best as u32;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    (moved_any, community)
}

/// Numbers the labels of `labels` 0.. in order of first appearance.
fn renumber(labels: &[u32]) -> (Vec<u32>, usize) {
    let mut map = vec![u32::MAX; labels.iter().map(|&l| l as usize + 1).max().unwrap_or(0)];
    let mut next = 0u32;
    let out = labels
        .iter()
        .map(|&l| {
            let slot = &mut map[l as usize];
            if *slot == u32::MAX {
                *slot = next;
                next += 1;
            }
            *slot
        })
        .collect();
    (out, next as usize)
}

/// The graph of communities: one vertex per community, edge weights summed.
fn aggregate(level: &Level, community: &[u32], count: usize) -> Level {
    let mut inner = vec![0.0f64; count];
    let mut rows: Vec<Vec<(u32, f64)>> = vec![Vec::new(); count];
    for (v, row) in level.adj.iter().enumerate() {
        let c = community[v];
        inner[c as usize] += level.inner[v];
        for &(u, w) in row {
            let d = community[u as usize];
            if d == c {
                inner[c as usize] += w;
            } else {
                rows[c as usize].push((d, w));
            }
        }
    }
    for row in &mut rows {
        row.sort_by_key(|e| e.0);
        let mut merged: Vec<(u32, f64)> = Vec::with_capacity(row.len());
        for &(d, w) in row.iter() {
            match merged.last_mut() {
                Some(last) if last.0 == d => last.1 += w,
                _ => merged.push((d, w)),
            }
        }
        *row = merged;
    }
    Level { adj: rows, inner }
}
