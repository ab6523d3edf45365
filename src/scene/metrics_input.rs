//! What the scene needs to know about nodes beyond the study: metric values to size, colour
//! and label by, and the sets to highlight.
//!
//! [`NodeMetrics`] is the whole seam between figures and analysis. [`compute`] fills it with
//! a small local computation (degree, betweenness, cut points, bridges) so that figures
//! work on their own; it is to be replaced by the analysis module's metrics once that is
//! merged, keeping this struct as the interface.

use std::collections::BTreeMap;

use crate::layout::LayoutGraph;
use crate::model::{NodeId, Study};

/// Metric values and highlight sets for one study.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeMetrics {
    /// Metric name to one value per node (in node order); `None` where undefined.
    pub values: BTreeMap<String, Vec<Option<f64>>>,
    /// Nodes with no tie.
    pub isolates: Vec<NodeId>,
    /// Nodes flagged as brokers.
    pub brokers: Vec<NodeId>,
    /// Articulation points: nodes whose removal disconnects their component.
    pub cut_points: Vec<NodeId>,
    /// Ties whose removal disconnects their component, as node pairs (smaller index first).
    pub bridges: Vec<(NodeId, NodeId)>,
    /// How brokers were chosen, for the legend or caption.
    pub broker_rule: String,
}

impl NodeMetrics {
    /// The values of metric `name`, if computed.
    pub fn metric(&self, name: &str) -> Option<&[Option<f64>]> {
        self.values.get(name).map(Vec::as_slice)
    }
}

/// Names of the metrics [`compute`] can fill.
pub const METRICS: [&str; 4] = ["degree", "indegree", "outdegree", "betweenness"];

/// Computes degree (and in/out-degree for a directed study) always, and betweenness,
/// brokers, cut points and bridges when `full` is true (betweenness costs O(nm)).
///
/// Placeholder until the analysis module lands: betweenness is Brandes' on the undirected
/// simple graph, unweighted; brokers are the nodes in the top 5% by betweenness (at least
/// one), whose betweenness is above zero.
pub fn compute(study: &Study, full: bool) -> NodeMetrics {
    let n = study.node_count();
    let mut m = NodeMetrics {
        isolates: study.isolates(),
        ..NodeMetrics::default()
    };
    let deg = study.degrees();
    m.values.insert(
        "degree".into(),
        deg.iter().map(|d| Some(*d as f64)).collect(),
    );
    if study.directed {
        let (mut ins, mut outs) = (vec![0usize; n], vec![0usize; n]);
        for t in study.ties() {
            outs[t.source.index()] += 1;
            ins[t.target.index()] += 1;
        }
        m.values.insert(
            "indegree".into(),
            ins.iter().map(|d| Some(*d as f64)).collect(),
        );
        m.values.insert(
            "outdegree".into(),
            outs.iter().map(|d| Some(*d as f64)).collect(),
        );
    }
    if !full {
        return m;
    }
    let graph = LayoutGraph::from_study(study);
    let bc = betweenness(&graph);
    let mut ranked: Vec<usize> = (0..n).filter(|&i| bc[i] > 0.0).collect();
    ranked.sort_by(|&a, &b| bc[b].total_cmp(&bc[a]).then(a.cmp(&b)));
    let top = n.div_ceil(20).max(1);
    let mut brokers: Vec<NodeId> = ranked.iter().take(top).map(|&i| NodeId(i as u32)).collect();
    brokers.sort();
    m.brokers = brokers;
    m.broker_rule = "top 5% by betweenness".into();
    m.values
        .insert("betweenness".into(), bc.into_iter().map(Some).collect());
    let (cuts, bridges) = cut_points_and_bridges(&graph);
    m.cut_points = cuts.into_iter().map(|i| NodeId(i as u32)).collect();
    m.bridges = bridges
        .into_iter()
        .map(|(a, b)| (NodeId(a as u32), NodeId(b as u32)))
        .collect();
    m
}

/// Brandes' betweenness on the undirected simple graph, each unordered pair counted once.
fn betweenness(g: &LayoutGraph) -> Vec<f64> {
    let n = g.node_count();
    let mut bc = vec![0.0f64; n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![-1i64; n];
    let mut delta = vec![0.0f64; n];
    let mut order = Vec::with_capacity(n);
    let mut queue = std::collections::VecDeque::new();
    for s in 0..n {
        order.clear();
        sigma.iter_mut().for_each(|x| *x = 0.0);
        dist.iter_mut().for_each(|x| *x = -1);
        delta.iter_mut().for_each(|x| *x = 0.0);
        sigma[s] = 1.0;
        dist[s] = 0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &(w, _) in g.neighbours(v) {
                let w = w as usize;
                if dist[w] < 0 {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        for &w in order.iter().rev() {
            for &(v, _) in g.neighbours(w) {
                let v = v as usize;
                if dist[v] == dist[w] - 1 {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
    bc.iter_mut().for_each(|x| *x /= 2.0);
    bc
}

/// Articulation points and bridges by Tarjan's low-link, iteratively (no recursion, so a
/// long path cannot overflow the stack). Both sorted.
fn cut_points_and_bridges(g: &LayoutGraph) -> (Vec<usize>, Vec<(usize, usize)>) {
    let n = g.node_count();
    let mut disc = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut is_cut = vec![false; n];
    let mut bridges = Vec::new();
    let mut time = 0usize;
    for root in 0..n {
        if disc[root] != usize::MAX {
            continue;
        }
        // Stack of (node, parent, next neighbour position).
        let mut stack: Vec<(usize, usize, usize)> = vec![(root, usize::MAX, 0)];
        disc[root] = time;
        low[root] = time;
        time += 1;
        let mut root_children = 0;
        while let Some(&mut (v, parent, ref mut next)) = stack.last_mut() {
            let nb = g.neighbours(v);
            if *next < nb.len() {
                let w = nb[*next].0 as usize;
                *next += 1;
                if disc[w] == usize::MAX {
                    disc[w] = time;
                    low[w] = time;
                    time += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w, v, 0));
                } else if w != parent {
                    low[v] = low[v].min(disc[w]);
                }
            } else {
                stack.pop();
                if parent != usize::MAX {
                    low[parent] = low[parent].min(low[v]);
                    if low[v] > disc[parent] {
                        bridges.push((parent.min(v), parent.max(v)));
                    }
                    if parent != root && low[v] >= disc[parent] {
                        is_cut[parent] = true;
                    }
                }
            }
        }
        if root_children > 1 {
            is_cut[root] = true;
        }
    }
    bridges.sort_unstable();
    ((0..n).filter(|&i| is_cut[i]).collect(), bridges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    #[test]
    fn path_with_triangle() {
        // 0-1-2 path, 2-3-4 triangle, 5 isolate.
        let mut s = Study::new(false);
        for i in 0..6 {
            s.add_node(i.to_string(), i.to_string(), NodeKind::Respondent)
                .unwrap();
        }
        for (a, b) in [(0, 1), (1, 2), (2, 3), (3, 4), (4, 2)] {
            s.connect(NodeId(a), NodeId(b)).unwrap();
        }
        let m = compute(&s, true);
        assert_eq!(m.isolates, vec![NodeId(5)]);
        assert_eq!(m.cut_points, vec![NodeId(1), NodeId(2)]);
        assert_eq!(
            m.bridges,
            vec![(NodeId(0), NodeId(1)), (NodeId(1), NodeId(2))]
        );
        let bc = m.metric("betweenness").unwrap();
        // Node 2 lies between {0,1} and {3,4}: 4 pairs; node 1 between 0 and {2,3,4}.
        assert_eq!(bc[2], Some(4.0));
        assert_eq!(bc[1], Some(3.0));
        assert_eq!(m.brokers, vec![NodeId(2)]);
    }
}
