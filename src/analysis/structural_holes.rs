//! Burt's structural holes: constraint and effective size, as NetworkX defines them.
//!
//! Both read the *mutual* weight of a pair, the sum of the ties each way (so in a directed
//! graph a reciprocated pair counts twice; unweighted, every tie weighs 1), and the share
//! p(i, j) of i's mutual weight that goes to j. For a vertex v with neighbours N(v) (in or
//! out):
//! - constraint(v) = Σ_{j∈N(v)} (p(v,j) + Σ_{q∈N(v)} p(v,q)·p(q,j))²;
//! - effective size(v) = Σ_{u∈N(v)} (1 − Σ_{w∈N(v)} p(v,w)·m(u,w)/max_k m(u,k)), which for
//!   an unweighted undirected graph is Borgatti's n − 2t/n (n neighbours, t ties among them).
//!
//! Both are undefined (`None`) for a vertex without ties, never 0.

use super::graph::Graph;

/// Constraint and effective size of every vertex.
#[derive(Debug, Clone, PartialEq)]
pub struct StructuralHoles {
    /// Burt's constraint; `None` for isolates.
    pub constraint: Vec<Option<f64>>,
    /// Burt's effective size; `None` for isolates.
    pub effective_size: Vec<Option<f64>>,
}

/// Constraint and effective size of every vertex of `graph`.
pub fn structural_holes(graph: &Graph) -> StructuralHoles {
    let n = graph.node_count();
    let adj = graph.undirected();
    let sum: Vec<f64> = (0..n).map(|v| adj.weights(v).iter().sum()).collect();
    let max: Vec<f64> = (0..n)
        .map(|v| adj.weights(v).iter().copied().fold(0.0, f64::max))
        .collect();
    let borgatti = !graph.is_directed() && !graph.is_weighted();
    // share[j] = p(v, j) for the neighbours of the current v, 0 elsewhere.
    let mut share = vec![0.0f64; n];
    let mut indirect = vec![0.0f64; n];
    let mut member = vec![false; n];
    let mut constraint = vec![None; n];
    let mut effective_size = vec![None; n];
    for v in 0..n {
        let nv = adj.neighbors(v);
        if nv.is_empty() {
            continue;
        }
        for (&j, &w) in nv.iter().zip(adj.weights(v)) {
            share[j as usize] = if sum[v] == 0.0 { 0.0 } else { w / sum[v] };
            member[j as usize] = true;
        }
        let mut c = 0.0;
        let mut es = 0.0;
        let mut ties_among = 0usize;
        for &q in nv {
            let q = q as usize;
            let mut redundancy = 0.0;
            for (&j, &w) in adj.neighbors(q).iter().zip(adj.weights(q)) {
                let j = j as usize;
                if member[j] {
                    // p(v,q)·p(q,j), gathered at j for the constraint ...
                    indirect[j] += share[q] * if sum[q] == 0.0 { 0.0 } else { w / sum[q] };
                    // ... and p(v,j)·m(q,j)/max m(q,·) for q's redundancy.
                    redundancy += share[j] * if max[q] == 0.0 { 0.0 } else { w / max[q] };
                    ties_among += 1;
                }
            }
            es += 1.0 - redundancy;
        }
        for &j in nv {
            let j = j as usize;
            let local = share[j] + indirect[j];
            c += local * local;
            share[j] = 0.0;
            indirect[j] = 0.0;
            member[j] = false;
        }
        constraint[v] = Some(c);
        effective_size[v] = Some(if borgatti {
            let k = nv.len() as f64;
            // ties_among counted each tie among neighbours from both ends.
            k - ties_among as f64 / k
        } else {
            es
        });
    }
    StructuralHoles {
        constraint,
        effective_size,
    }
}
