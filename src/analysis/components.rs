//! Components, cut points (articulation points) and bridges, on the underlying undirected
//! graph (a directed graph's weak components, as NetworkX's `articulation_points` and
//! `bridges` see it after `to_undirected`).

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
}

/// Components, cut points and bridges of `graph`.
pub fn components(graph: &Graph) -> Components {
    let adj = graph.undirected();
    let n = graph.node_count();
    let mut component = vec![u32::MAX; n];
    let mut count = 0u32;
    let mut cut_point = vec![false; n];
    let mut bridge_pairs: Vec<(u32, u32)> = Vec::new();
    // Iterative Hopcroft-Tarjan depth-first search: discovery time and low point.
    let mut disc = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut time = 0u32;
    let mut stack: Vec<(u32, u32, usize)> = Vec::new(); // (vertex, parent, next neighbour)
    for root in 0..n {
        if disc[root] != u32::MAX {
            continue;
        }
        let mut root_children = 0usize;
        disc[root] = time;
        low[root] = time;
        time += 1;
        component[root] = count;
        stack.push((root as u32, u32::MAX, 0));
        while let Some(top) = stack.last_mut() {
            let (v, parent, next) = (top.0 as usize, top.1, top.2);
            let row = adj.neighbors(v);
            if next < row.len() {
                top.2 += 1;
                let w = row[next] as usize;
                if disc[w] == u32::MAX {
                    disc[w] = time;
                    low[w] = time;
                    time += 1;
                    component[w] = count;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w as u32, v as u32, 0));
                } else if w as u32 != parent {
                    low[v] = low[v].min(disc[w]);
                }
                continue;
            }
            stack.pop();
            if parent != u32::MAX {
                let p = parent as usize;
                low[p] = low[p].min(low[v]);
                if low[v] > disc[p] {
                    bridge_pairs.push((p.min(v) as u32, p.max(v) as u32));
                }
                if p != root && low[v] >= disc[p] {
                    cut_point[p] = true;
                }
            }
        }
        if root_children > 1 {
            cut_point[root] = true;
        }
        count += 1;
    }
    bridge_pairs.sort_unstable();
    let bridge = graph
        .pairs()
        .iter()
        .map(|p| bridge_pairs.binary_search(p).is_ok())
        .collect();
    Components {
        component,
        count: count as usize,
        cut_point,
        bridge,
    }
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
