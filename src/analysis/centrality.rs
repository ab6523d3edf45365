//! Degree, eigenvector centrality and PageRank, computed as NetworkX computes them.

use super::graph::Graph;

/// Tolerance of the power iterations, per vertex (NetworkX stops when the summed change is
/// below `n * TOLERANCE`).
pub const TOLERANCE: f64 = 1e-12;
/// At most this many power iterations; the last iterate is returned if they do not settle.
pub const MAX_ITERATIONS: usize = 10_000;

/// In-, out- and total degree of every vertex.
#[derive(Debug, Clone, PartialEq)]
pub struct Degrees {
    /// Distinct neighbours; in + out when directed (a reciprocated pair counts twice).
    pub total: Vec<usize>,
    /// Ties received; `None` for an undirected graph.
    pub incoming: Option<Vec<usize>>,
    /// Ties sent; `None` for an undirected graph.
    pub outgoing: Option<Vec<usize>>,
}

/// Degrees of every vertex.
pub fn degrees(graph: &Graph) -> Degrees {
    let n = graph.node_count();
    if graph.is_directed() {
        let outgoing: Vec<usize> = (0..n).map(|v| graph.out().degree(v)).collect();
        let incoming: Vec<usize> = (0..n).map(|v| graph.incoming().degree(v)).collect();
        Degrees {
            total: graph.degrees(),
            incoming: Some(incoming),
            outgoing: Some(outgoing),
        }
    } else {
        Degrees {
            total: graph.degrees(),
            incoming: None,
            outgoing: None,
        }
    }
}

/// Eigenvector centrality by power iteration on A + I from a uniform start, scaled to
/// Euclidean norm 1 (NetworkX's `eigenvector_centrality`); in a directed graph a vertex is
/// central when central vertices point to it (in-ties). Weighted, ties count by their weight.
///
/// In a disconnected graph the result depends on the start, as NetworkX's does: the largest
/// eigenvalue's component dominates and the others fade towards 0.
pub fn eigenvector(graph: &Graph) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let incoming = graph.incoming();
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        for (v, slot) in next.iter_mut().enumerate() {
            let mut sum = x[v];
            for (&u, &w) in incoming.neighbors(v).iter().zip(incoming.weights(v)) {
                sum += x[u as usize] * w;
            }
            *slot = sum;
        }
        let norm = next.iter().map(|a| a * a).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        let mut change = 0.0;
        for (a, last) in next.iter_mut().zip(&x) {
            *a /= norm;
            change += (*a - last).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * TOLERANCE {
            break;
        }
    }
    x
}

/// PageRank with damping 0.85 and uniform teleport (NetworkX's `pagerank`): a vertex with
/// no outgoing tie spreads its rank over every vertex. Weighted, a vertex shares its rank in
/// proportion to the weights of its ties.
pub fn pagerank(graph: &Graph) -> Vec<f64> {
    const ALPHA: f64 = 0.85;
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out = graph.out();
    let incoming = graph.incoming();
    let inv_strength: Vec<f64> = (0..n)
        .map(|v| {
            let s: f64 = out.weights(v).iter().sum();
            if s != 0.0 { 1.0 / s } else { 0.0 }
        })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&v| inv_strength[v] == 0.0).collect();
    let p = 1.0 / n as f64;
    let mut x = vec![p; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        let lost: f64 = dangling.iter().map(|&v| x[v]).sum();
        let mut change = 0.0;
        for (v, slot) in next.iter_mut().enumerate() {
            let mut sum = 0.0;
            for (&u, &w) in incoming.neighbors(v).iter().zip(incoming.weights(v)) {
                let u = u as usize;
                sum += x[u] * (w * inv_strength[u]);
            }
            *slot = ALPHA * (sum + lost * p) + (1.0 - ALPHA) * p;
            change += (*slot - x[v]).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * TOLERANCE {
            break;
        }
    }
    x
}
