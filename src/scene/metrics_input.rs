//! What the scene needs to know about nodes beyond the study: metric values to size, colour
//! and label by, and the sets to highlight.
//!
//! [`NodeMetrics`] is the whole seam between figures and analysis; [`compute`] fills it from
//! [`crate::analysis`], so a figure shows the same numbers and the same brokers as
//! `kith metrics`.

use std::collections::BTreeMap;

use crate::analysis::{self, BrokerRule, Graph, TieSelection};
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

fn flagged(flags: &[bool]) -> Vec<NodeId> {
    flags
        .iter()
        .enumerate()
        .filter(|(_, f)| **f)
        .map(|(i, _)| NodeId(i as u32))
        .collect()
}

/// Computes degree (and in/out-degree for a directed study) always, and betweenness,
/// brokers, cut points and bridges when `full` is true (betweenness costs O(nm)), over
/// every tie, unweighted, with the default [`BrokerRule`].
pub fn compute(study: &Study, full: bool) -> NodeMetrics {
    let graph = Graph::new(study, &TieSelection::default());
    let degrees = analysis::centrality::degrees(&graph);
    let as_values = |d: &[usize]| d.iter().map(|&x| Some(x as f64)).collect::<Vec<_>>();
    let mut isolated = analysis::components::isolates(&graph);
    // Someone who took no part in the wave shown is not one of its isolates.
    for (i, out) in crate::model::presence::left_out(study)
        .into_iter()
        .enumerate()
    {
        if out && let Some(x) = isolated.get_mut(i) {
            *x = false;
        }
    }
    let mut m = NodeMetrics {
        isolates: flagged(&isolated),
        ..NodeMetrics::default()
    };
    m.values.insert("degree".into(), as_values(&degrees.total));
    if let (Some(ins), Some(outs)) = (&degrees.incoming, &degrees.outgoing) {
        m.values.insert("indegree".into(), as_values(ins));
        m.values.insert("outdegree".into(), as_values(outs));
    }
    if !full {
        return m;
    }
    let rule = BrokerRule::default();
    let paths = analysis::betweenness_closeness(&graph, &|_, _| {});
    let holes = analysis::structural_holes::structural_holes(&graph);
    let comps = analysis::components::components(&graph);
    m.brokers = flagged(&rule.apply(
        study,
        &TieSelection::default(),
        &graph,
        &comps.cut_point,
        &paths.betweenness,
        &holes.constraint,
    ));
    m.broker_rule = rule.short();
    m.values.insert(
        "betweenness".into(),
        paths.betweenness.into_iter().map(Some).collect(),
    );
    m.cut_points = flagged(&comps.cut_point);
    m.bridges = graph
        .pairs()
        .iter()
        .zip(&comps.bridge)
        .filter(|(_, b)| **b)
        .map(|(&(a, b), _)| (NodeId(a), NodeId(b)))
        .collect();
    m
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
        // 2 is the only link between people with other ties; 1 only cuts off 0, who has no
        // other tie, and lies on too few paths with too closed a neighbourhood.
        assert_eq!(m.brokers, vec![NodeId(2)]);
    }
}
