//! Betweenness and closeness from one shortest-path pass per source (Brandes 2001).
//!
//! Written by hand rather than taken from a crate because it dominates the time of a whole
//! metrics run: the graph is compact rows of `u32` renumbered so that hubs sit together in
//! memory, each worker reuses its buffers from source to source, there are no predecessor
//! lists (a vertex's successors are the neighbours one step further away), and in an
//! unweighted undirected graph a vertex of degree 1 needs no pass of its own (Baglioni,
//! Geraci, Pellegrini and Lastres 2012): its dependencies are its neighbour's, whose pass
//! then counts once more.
//!
//! Conventions are NetworkX's (`betweenness_centrality`, `closeness_centrality` with
//! `wf_improved=True`), so values agree with it to rounding:
//! - betweenness sums, over ordered pairs of other vertices, the share of shortest paths
//!   through the vertex; an undirected pair is counted once (the sum is halved);
//! - `betweenness_norm` divides the ordered-pair sum by (n-1)(n-2), which for undirected
//!   graphs is the unordered-pair sum divided by (n-1)(n-2)/2;
//! - closeness is (r-1)/S × (r-1)/(n-1), where r counts the vertices that reach the vertex
//!   (itself included) and S sums their distances to it (Wasserman and Faust's correction
//!   for disconnected graphs); 0 when nothing reaches it. In a directed graph it is
//!   *in*-closeness, the distances from others to the vertex.
//! - weighted, a tie's length is 1 / weight, so a strong tie is a short one.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::graph::{Csr, Graph};

/// Betweenness and closeness of every vertex.
#[derive(Debug, Clone, PartialEq)]
pub struct PathMetrics {
    /// Brandes betweenness, undirected pairs counted once.
    pub betweenness: Vec<f64>,
    /// Betweenness divided by the number of pairs of other vertices.
    pub betweenness_norm: Vec<f64>,
    /// Closeness, Wasserman-Faust corrected (in-closeness when directed).
    pub closeness: Vec<f64>,
}

/// The sources are split into this many blocks, summed in a fixed order whatever the
/// number of threads, so that results do not depend on it.
const BLOCKS: usize = 64;
/// Blocks that run at once; bounds the memory for partial sums to this many vectors.
const BLOCKS_PER_ROUND: usize = 8;

/// Betweenness and closeness of every vertex of `graph`, using its weights as lengths
/// `1 / weight` when it is weighted.
///
/// `progress(done, total)` is called from the calling thread as sources are finished.
pub fn betweenness_closeness(
    graph: &Graph,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> PathMetrics {
    let n = graph.node_count();
    let plan = Plan::new(graph);
    let total_sources = plan.sources.len();
    let chunk = total_sources.div_ceil(BLOCKS).max(1);
    let blocks: Vec<&[u32]> = plan.sources.chunks(chunk).collect();
    let mut raw = vec![0.0f64; n];
    let mut dist_sum = vec![0.0f64; n];
    let mut reach = vec![0u64; n];
    let mut done = 0usize;
    progress(0, total_sources);
    for round in blocks.chunks(BLOCKS_PER_ROUND) {
        let parts: Vec<Partial> = round
            .par_iter()
            .map_init(|| Work::new(n), |work, block| plan.run_block(block, work))
            .collect();
        for part in parts {
            for (r, p) in raw.iter_mut().zip(&part.raw) {
                *r += p;
            }
            if plan.directed {
                for (s, p) in dist_sum.iter_mut().zip(&part.dist_sum) {
                    *s += p;
                }
                for (r, p) in reach.iter_mut().zip(&part.reach) {
                    *r += p;
                }
            } else {
                for &(v, sum, r) in &part.per_source {
                    dist_sum[v as usize] = sum;
                    reach[v as usize] = r;
                }
            }
            done += part.sources;
        }
        progress(done, total_sources);
    }
    // Leaves that had no pass of their own: their neighbour's pass stands for theirs.
    if !plan.directed {
        for &(leaf, parent) in &plan.leaves {
            let (leaf, parent) = (leaf as usize, parent as usize);
            let r = reach[parent];
            raw[parent] += r as f64 - 2.0;
            reach[leaf] = r;
            dist_sum[leaf] = dist_sum[parent] + r as f64 - 2.0;
        }
    }
    // Back to the study's numbering, scaled as NetworkX scales.
    let mut out = PathMetrics {
        betweenness: vec![0.0; n],
        betweenness_norm: vec![0.0; n],
        closeness: vec![0.0; n],
    };
    let norm_scale = if n > 2 {
        Some(1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0)))
    } else {
        None
    };
    for old in 0..n {
        let v = plan.new_of[old] as usize;
        out.betweenness[old] = if plan.directed { raw[v] } else { raw[v] * 0.5 };
        out.betweenness_norm[old] = match norm_scale {
            Some(s) => raw[v] * s,
            None => raw[v],
        };
        out.closeness[old] = closeness(reach[v], dist_sum[v], n);
    }
    out
}

/// NetworkX's `closeness_centrality` with `wf_improved=True`, from the number of vertices
/// reached (itself included) and the sum of their distances.
fn closeness(reached: u64, total: f64, n: usize) -> f64 {
    if total > 0.0 && n > 1 {
        let r = reached as f64;
        (r - 1.0) / total * ((r - 1.0) / (n as f64 - 1.0))
    } else {
        0.0
    }
}

/// What to run: the graph renumbered for locality, the sources that need a pass and how
/// many times each counts.
struct Plan {
    directed: bool,
    weighted: bool,
    /// Vertex `old` is `new_of[old]` in `adj`.
    new_of: Vec<u32>,
    /// Out-rows (all neighbours when undirected), renumbered.
    adj: Csr,
    /// Vertices that need a pass, renumbered.
    sources: Vec<u32>,
    /// How many sources a pass stands for: 1 + its leaves that have none.
    mult: Vec<f64>,
    /// `(leaf, neighbour)` for leaves without a pass, renumbered.
    leaves: Vec<(u32, u32)>,
}

impl Plan {
    fn new(graph: &Graph) -> Self {
        let n = graph.node_count();
        let directed = graph.is_directed();
        let weighted = graph.is_weighted();
        let deg = graph.degrees();
        let mut new_of = vec![0u32; n];
        for (new, &old) in locality_order(graph, &deg).iter().enumerate() {
            new_of[old as usize] = new as u32;
        }
        let adj = graph.out().permuted(&new_of);
        let mut mult = vec![1.0f64; n];
        let mut sources = Vec::with_capacity(n);
        let mut leaves = Vec::new();
        for v in 0..n {
            let row = adj.neighbors(v);
            // Weighted, a leaf keeps its pass: its distances add the leaf's tie to every
            // path, and equal lengths must be found equal exactly as NetworkX finds them.
            if directed || weighted || row.len() != 1 {
                if directed || !row.is_empty() {
                    sources.push(v as u32);
                }
                continue;
            }
            let u = row[0] as usize;
            // A leaf hanging off another vertex rides on that vertex's pass; of two leaves
            // tied only to each other, the lower one has the pass.
            if adj.degree(u) > 1 || u < v {
                mult[u] += 1.0;
                leaves.push((v as u32, u as u32));
            } else {
                sources.push(v as u32);
            }
        }
        Plan {
            directed,
            weighted,
            new_of,
            adj,
            sources,
            mult,
            leaves,
        }
    }

    fn run_block(&self, block: &[u32], work: &mut Work) -> Partial {
        let n = self.new_of.len();
        let mut part = Partial {
            raw: vec![0.0; n],
            dist_sum: if self.directed {
                vec![0.0; n]
            } else {
                Vec::new()
            },
            reach: if self.directed {
                vec![0; n]
            } else {
                Vec::new()
            },
            per_source: Vec::with_capacity(if self.directed { 0 } else { block.len() }),
            sources: block.len(),
        };
        for &s in block {
            let (reached, total) = if self.weighted {
                work.dijkstra(&self.adj, s as usize, self.mult[s as usize], &mut part)
            } else {
                work.bfs(&self.adj, s as usize, self.mult[s as usize], &mut part)
            };
            if !self.directed {
                part.per_source.push((s, total, reached));
            }
        }
        part
    }
}

/// Vertices in breadth-first order from the biggest hub, neighbours by decreasing degree,
/// then from the biggest hub not yet reached, and so on. Vertices tied to each other land
/// near each other, and the hubs that most passes touch land together at the front, so
/// the buffers indexed by vertex are read from fewer cache lines.
fn locality_order(graph: &Graph, deg: &[usize]) -> Vec<u32> {
    let n = graph.node_count();
    let mut hubs: Vec<u32> = (0..n as u32).collect();
    hubs.sort_by_key(|&v| std::cmp::Reverse(deg[v as usize]));
    let mut seen = vec![false; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut row: Vec<u32> = Vec::new();
    for &hub in &hubs {
        if seen[hub as usize] {
            continue;
        }
        seen[hub as usize] = true;
        let mut head = order.len();
        order.push(hub);
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            row.clear();
            row.extend(
                graph
                    .undirected()
                    .neighbors(v)
                    .iter()
                    .copied()
                    .filter(|&w| !seen[w as usize]),
            );
            row.sort_by_key(|&w| std::cmp::Reverse(deg[w as usize]));
            for &w in &row {
                seen[w as usize] = true;
                order.push(w);
            }
        }
    }
    order
}

/// One block's sums.
struct Partial {
    /// Dependencies summed over the block's sources (ordered pairs).
    raw: Vec<f64>,
    /// Directed: distances from the block's sources to each vertex.
    dist_sum: Vec<f64>,
    /// Directed: how many of the block's sources reach each vertex (the vertex itself too).
    reach: Vec<u64>,
    /// Undirected: each source's vertices reached and their distance sum.
    per_source: Vec<(u32, f64, u64)>,
    sources: usize,
}

/// A worker's buffers, reused from source to source.
struct Work {
    /// BFS level, `u32::MAX` when not reached (and, weighted, whether settled).
    level: Vec<u32>,
    /// BFS level in a byte, `u8::MAX` when not reached.
    level8: Vec<u8>,
    /// Whether levels have outgrown a byte.
    wide: bool,
    /// Weighted distance, `f64::INFINITY` when not reached.
    dist: Vec<f64>,
    /// Shortest paths from the source, then (backwards) 1/σ plus the successors' values.
    sigma: Vec<f64>,
    /// Vertices in the order they were settled.
    order: Vec<u32>,
    /// Successors of the vertices, in `order`, each vertex's ending at `succ_end`.
    succ: Vec<u32>,
    succ_end: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

impl Work {
    fn new(n: usize) -> Self {
        Work {
            level: vec![u32::MAX; n],
            level8: vec![u8::MAX; n],
            wide: false,
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            order: Vec::with_capacity(n),
            succ: Vec::new(),
            succ_end: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }

    /// One unweighted pass: returns the vertices reached and their distance sum.
    ///
    /// Levels are kept in bytes while they fit, so that the level of every vertex stays in
    /// the fastest cache; a graph with paths longer than 254 steps falls back to `u32`.
    fn bfs(&mut self, adj: &Csr, s: usize, mult: f64, part: &mut Partial) -> (u64, f64) {
        if !self.wide {
            if let Some(result) = bfs_pass(
                &mut self.level8,
                &mut self.sigma,
                &mut self.order,
                &mut self.succ,
                &mut self.succ_end,
                adj,
                s,
                mult,
                part,
            ) {
                return result;
            }
            self.wide = true;
        }
        bfs_pass(
            &mut self.level,
            &mut self.sigma,
            &mut self.order,
            &mut self.succ,
            &mut self.succ_end,
            adj,
            s,
            mult,
            part,
        )
        .unwrap_or((0, 0.0))
    }

    /// One weighted pass (Dijkstra, length 1/weight); returns as [`Work::bfs`].
    fn dijkstra(&mut self, adj: &Csr, s: usize, mult: f64, part: &mut Partial) -> (u64, f64) {
        let dist = &mut self.dist[..];
        let sigma = &mut self.sigma[..];
        let order = &mut self.order;
        let heap = &mut self.heap;
        // `level` marks settled vertices here.
        let settled = &mut self.level[..];
        order.clear();
        heap.clear();
        dist[s] = 0.0;
        sigma[s] = 1.0;
        heap.push(Entry {
            dist: 0.0,
            v: s as u32,
        });
        let mut total = 0.0;
        while let Some(Entry { dist: d, v }) = heap.pop() {
            let v = v as usize;
            if settled[v] != u32::MAX {
                continue;
            }
            settled[v] = 0;
            order.push(v as u32);
            total += d;
            let sv = sigma[v];
            for (&w, &weight) in adj.neighbors(v).iter().zip(adj.weights(v)) {
                let w = w as usize;
                if settled[w] != u32::MAX {
                    continue;
                }
                let alt = d + 1.0 / weight;
                let dw = dist[w];
                if alt < dw {
                    dist[w] = alt;
                    sigma[w] = sv;
                    heap.push(Entry {
                        dist: alt,
                        v: w as u32,
                    });
                } else if alt == dw {
                    sigma[w] += sv;
                }
            }
        }
        let directed = !part.dist_sum.is_empty();
        for &v in order[1..].iter().rev() {
            let v = v as usize;
            let dv = dist[v];
            let mut acc = 0.0;
            for (&w, &weight) in adj.neighbors(v).iter().zip(adj.weights(v)) {
                let w = w as usize;
                if dv + 1.0 / weight == dist[w] {
                    acc += sigma[w];
                }
            }
            let sv = sigma[v];
            part.raw[v] += mult * (sv * acc);
            sigma[v] = 1.0 / sv + acc;
            if directed {
                part.dist_sum[v] += dv;
                part.reach[v] += 1;
            }
        }
        if directed {
            part.reach[s] += 1;
        }
        let reached = order.len() as u64;
        for &v in order.iter() {
            let v = v as usize;
            settled[v] = u32::MAX;
            dist[v] = f64::INFINITY;
        }
        (reached, total)
    }
}

/// A BFS level: a byte or a `u32`, with its largest value meaning "not reached".
trait Level: Copy + Eq {
    const UNREACHED: Self;
    const ZERO: Self;
    /// The next level, or `None` when it would not fit.
    fn next(self) -> Option<Self>;
    fn get(self) -> u32;
}

impl Level for u8 {
    const UNREACHED: Self = u8::MAX;
    const ZERO: Self = 0;
    #[inline]
    fn next(self) -> Option<Self> {
        (self < u8::MAX - 1).then_some(self + 1)
    }
    #[inline]
    fn get(self) -> u32 {
        self as u32
    }
}

impl Level for u32 {
    const UNREACHED: Self = u32::MAX;
    const ZERO: Self = 0;
    #[inline]
    fn next(self) -> Option<Self> {
        (self < u32::MAX - 1).then_some(self + 1)
    }
    #[inline]
    fn get(self) -> u32 {
        self
    }
}

/// One unweighted pass from `s` with levels of type `L`; `None` (with the buffers reset)
/// when a level does not fit in `L`.
#[allow(clippy::too_many_arguments)]
fn bfs_pass<L: Level>(
    level: &mut [L],
    sigma: &mut [f64],
    order: &mut Vec<u32>,
    succ: &mut Vec<u32>,
    succ_end: &mut Vec<u32>,
    adj: &Csr,
    s: usize,
    mult: f64,
    part: &mut Partial,
) -> Option<(u64, f64)> {
    order.clear();
    succ.clear();
    succ_end.clear();
    level[s] = L::ZERO;
    sigma[s] = 1.0;
    order.push(s as u32);
    let mut head = 0;
    let mut total: u64 = 0;
    // Forwards, recording each vertex's successors (the neighbours one level further) so
    // that the way back reads only those.
    while head < order.len() {
        let v = order[head] as usize;
        head += 1;
        let Some(next) = level[v].next() else {
            for &v in order.iter() {
                level[v as usize] = L::UNREACHED;
            }
            return None;
        };
        let sv = sigma[v];
        for &w in adj.neighbors(v) {
            let wi = w as usize;
            let lw = level[wi];
            if lw == L::UNREACHED {
                level[wi] = next;
                sigma[wi] = sv;
                order.push(w);
                succ.push(w);
                total += next.get() as u64;
            } else if lw == next {
                sigma[wi] += sv;
                succ.push(w);
            }
        }
        succ_end.push(succ.len() as u32);
    }
    // Backwards: c(v) = 1/σ(v) + Σ c(w) over successors w, and the dependency of the
    // source on v is σ(v)·Σ c(w) (Brandes' δ with one division per vertex).
    let directed = !part.dist_sum.is_empty();
    for i in (1..order.len()).rev() {
        let v = order[i] as usize;
        let mut acc = 0.0;
        for &w in &succ[succ_end[i - 1] as usize..succ_end[i] as usize] {
            acc += sigma[w as usize];
        }
        let sv = sigma[v];
        part.raw[v] += mult * (sv * acc);
        sigma[v] = 1.0 / sv + acc;
        if directed {
            part.dist_sum[v] += level[v].get() as f64;
            part.reach[v] += 1;
        }
    }
    if directed {
        part.reach[s] += 1;
    }
    let reached = order.len() as u64;
    for &v in order.iter() {
        level[v as usize] = L::UNREACHED;
    }
    Some((reached, total as f64))
}

/// A heap entry: nearest first, then lowest vertex.
#[derive(Debug, Clone, Copy)]
struct Entry {
    dist: f64,
    v: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.v.cmp(&self.v))
    }
}
