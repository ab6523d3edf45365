//! Components, cut points (articulation points), bridges and cliques, on the underlying
//! undirected graph (a directed graph's weak components, as NetworkX's
//! `articulation_points` and `bridges` see it after `to_undirected`), computed by petgraph.

use petgraph::visit::EdgeRef;

use super::graph::{Csr, Graph};

/// Component of every vertex and the number of components.
#[derive(Debug, Clone, PartialEq)]
pub struct Components {
    /// Component of every vertex, numbered 0.. in the order of each component's first
    /// vertex; an isolate is a component of its own.
    pub component: Vec<u32>,
    /// Number of components.
    pub count: usize,
    /// Whether removing the vertex splits its component (articulation point).
    pub cut_point: Vec<bool>,
    /// Whether each pair of [`Graph::pairs`] is a bridge: removing the tie splits its
    /// component.
    pub bridge: Vec<bool>,
    /// Strongly connected components of a directed network (`None` when undirected).
    pub strong_count: Option<usize>,
}

/// Components, cut points and bridges of `graph`, by petgraph's union-find, articulation
/// points, bridges and Tarjan's strongly connected components, on the graph's petgraph form
/// ([`Graph::to_petgraph`]).
pub fn components(graph: &Graph) -> Components {
    let n = graph.node_count();
    let g = graph.to_petgraph();

    let mut sets = petgraph::unionfind::UnionFind::<u32>::new(n);
    for &(u, v) in graph.pairs() {
        sets.union(u, v);
    }
    // Numbered in the order of each component's first vertex.
    let mut number: Vec<u32> = vec![u32::MAX; n];
    let mut count = 0u32;
    let component: Vec<u32> = (0..n as u32)
        .map(|v| {
            let root = sets.find(v) as usize;
            if number[root] == u32::MAX {
                number[root] = count;
                count += 1;
            }
            number[root]
        })
        .collect();

    let mut cut_point = vec![false; n];
    for v in petgraph::algo::articulation_points::articulation_points(&g) {
        cut_point[v as usize] = true;
    }

    // The CSR form stores each edge both ways, so each bridge comes twice.
    let mut bridge_pairs: Vec<(u32, u32)> = petgraph::algo::bridges(&g)
        .map(|e| (e.source().min(e.target()), e.source().max(e.target())))
        .collect();
    bridge_pairs.sort_unstable();
    bridge_pairs.dedup();
    let bridge = graph
        .pairs()
        .iter()
        .map(|p| bridge_pairs.binary_search(p).is_ok())
        .collect();

    let strong_count = graph
        .is_directed()
        .then(|| petgraph::algo::tarjan_scc(&graph.to_petgraph_directed()).len());
    Components {
        component,
        count: count as usize,
        cut_point,
        bridge,
        strong_count,
    }
}

/// The smallest clique counted in the clique census (UCINET's default).
pub const MIN_CLIQUE: usize = 3;

/// The most maximal cliques the census enumerates: beyond it (dense valued matrices, where
/// their number grows exponentially) it is not taken.
pub const MAX_CLIQUES: f64 = 2.0e6;

/// The clique census of the underlying undirected graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Cliques {
    /// How many maximal cliques of at least [`MIN_CLIQUE`] people each vertex belongs to,
    /// and how many there are.
    Counted {
        /// Per vertex.
        per_node: Vec<usize>,
        /// In the whole network.
        total: usize,
    },
    /// Not enumerated: the network is so dense that it could hold more than
    /// [`MAX_CLIQUES`] maximal cliques (a `degeneracy`-core graph of `n` vertices can hold
    /// (n − d)·3^(d/3), Eppstein, Löffler and Strash 2010).
    TooDense {
        /// The graph's degeneracy (its largest k-core).
        degeneracy: usize,
    },
}

/// The clique census: how many maximal cliques of at least [`MIN_CLIQUE`] people each vertex
/// belongs to, on the underlying undirected graph.
///
/// The maximal cliques through a vertex `v` are `v` with the maximal cliques of the graph
/// its neighbours make among themselves, so each vertex's neighbourhood is handed to
/// petgraph's Bron-Kerbosch (with pivoting) on its own, on all cores: petgraph's search
/// takes an n x n adjacency bitmap, which on the whole of a 20,000-person network would
/// be 50 MB, and on a neighbourhood is a few bytes. Each clique is counted once in the
/// total, at its lowest-numbered member.
pub fn cliques(graph: &Graph) -> Cliques {
    use rayon::prelude::*;
    let adj = graph.undirected();
    let n = graph.node_count();
    let d = degeneracy(adj);
    let bound = (n.saturating_sub(d).max(1) as f64) * 3f64.powf(d as f64 / 3.0);
    if bound > MAX_CLIQUES {
        return Cliques::TooDense { degeneracy: d };
    }
    let counts: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .map(|v| {
            let nb = adj.neighbors(v);
            if nb.len() + 1 < MIN_CLIQUE {
                return (0, 0);
            }
            // The neighbourhood's own ties, in local numbering (rows are sorted).
            let mut local = petgraph::graph::UnGraph::<(), (), u32>::with_capacity(nb.len(), 0);
            for _ in nb {
                local.add_node(());
            }
            for (i, &u) in nb.iter().enumerate() {
                for &w in adj.neighbors(u as usize) {
                    if w > u
                        && let Ok(j) = nb.binary_search(&w)
                    {
                        local.add_edge(
                            petgraph::graph::NodeIndex::new(i),
                            petgraph::graph::NodeIndex::new(j),
                            (),
                        );
                    }
                }
            }
            let (mut mine, mut lowest) = (0, 0);
            for c in petgraph::algo::maximal_cliques(&local) {
                if c.len() + 1 >= MIN_CLIQUE {
                    mine += 1;
                    if c.iter().all(|k| nb[k.index()] as usize > v) {
                        lowest += 1;
                    }
                }
            }
            (mine, lowest)
        })
        .collect();
    Cliques::Counted {
        per_node: counts.iter().map(|c| c.0).collect(),
        total: counts.iter().map(|c| c.1).sum(),
    }
}

/// The degeneracy of the undirected rows `adj`: the largest k such that some subgraph has
/// every degree at least k, by Batagelj and Zaversnik's bucket peeling in O(m). Written
/// here because petgraph has no k-core; only the census's size bound needs it.
fn degeneracy(adj: &Csr) -> usize {
    let n = adj.row_count();
    let mut deg: Vec<usize> = (0..n).map(|v| adj.degree(v)).collect();
    let max = deg.iter().copied().max().unwrap_or(0);
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); max + 1];
    for (v, &d) in deg.iter().enumerate() {
        buckets[d].push(v);
    }
    let mut removed = vec![false; n];
    let mut best = 0;
    let mut k = 0;
    let mut left = n;
    while left > 0 {
        // Lower k to the lowest non-empty bucket (a stale entry is skipped below).
        k = k.min(max);
        while k <= max && buckets[k].is_empty() {
            k += 1;
        }
        let Some(v) = buckets.get_mut(k).and_then(Vec::pop) else {
            break;
        };
        if removed[v] || deg[v] != k {
            continue;
        }
        removed[v] = true;
        left -= 1;
        best = best.max(k);
        for &w in adj.neighbors(v) {
            let w = w as usize;
            if !removed[w] && deg[w] > 0 {
                deg[w] -= 1;
                buckets[deg[w]].push(w);
                if deg[w] < k {
                    k = deg[w];
                }
            }
        }
    }
    best
}

/// Whether each vertex has no tie in view (an isolate).
pub fn isolates(graph: &Graph) -> Vec<bool> {
    let n = graph.node_count();
    (0..n).map(|v| graph.undirected().degree(v) == 0).collect()
}

/// Triangles through each vertex of the undirected rows `adj`, counted once per pair of
/// tied neighbours.
pub(crate) fn triangles(adj: &Csr) -> Vec<u64> {
    let n = adj.row_count();
    let mut mark = vec![false; n];
    let mut out = vec![0u64; n];
    for (v, slot) in out.iter_mut().enumerate() {
        let row = adj.neighbors(v);
        for &u in row {
            mark[u as usize] = true;
        }
        let mut t = 0u64;
        for &u in row {
            t += adj
                .neighbors(u as usize)
                .iter()
                .filter(|&&w| mark[w as usize])
                .count() as u64;
        }
        for &u in row {
            mark[u as usize] = false;
        }
        *slot = t / 2;
    }
    out
}
