//! The node and tie tables of `kith metrics`, as CSV: one writer for the command line and
//! the workbench's Metrics tab.

use super::Metrics;
use super::brokerage::ROLE_NAMES;
use crate::model::{Study, attribute_format_number};

/// The per-node columns of `kith metrics`, in order (the five brokerage roles follow when
/// `--groups` is given).
pub const COLUMNS: [&str; 18] = [
    "id",
    "label",
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "betweenness_norm",
    "closeness",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
    "component",
    "community",
    "isolate",
    "cut_point",
    "broker",
    "cliques",
];

fn num(x: f64) -> String {
    attribute_format_number(x)
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// The node table as CSV text.
pub fn node_table(study: &Study, m: &Metrics) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if m.brokerage.is_some() {
        header.extend(ROLE_NAMES);
    }
    let _ = w.write_record(&header);
    let nm = &m.nodes;
    for (v, node) in study.nodes().iter().enumerate() {
        let mut row = vec![
            node.id.clone(),
            node.label.clone(),
            nm.degree[v].to_string(),
            nm.in_degree
                .as_ref()
                .map(|d| d[v].to_string())
                .unwrap_or_default(),
            nm.out_degree
                .as_ref()
                .map(|d| d[v].to_string())
                .unwrap_or_default(),
            num(nm.betweenness[v]),
            num(nm.betweenness_norm[v]),
            num(nm.closeness[v]),
            num(nm.eigenvector[v]),
            num(nm.pagerank[v]),
            opt(nm.constraint[v]),
            opt(nm.effective_size[v]),
            nm.component[v].to_string(),
            nm.community[v].to_string(),
            nm.isolate[v].to_string(),
            nm.cut_point[v].to_string(),
            nm.broker[v].to_string(),
            nm.cliques
                .as_ref()
                .map(|c| c[v].to_string())
                .unwrap_or_default(),
        ];
        if let Some(roles) = &m.brokerage {
            row.extend(roles.of(v).iter().map(u64::to_string));
        }
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The tie table as CSV text: every tie of the study, whether it is in view and whether it
/// is a bridge (empty when not in view).
pub fn tie_table(study: &Study, m: &Metrics) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record([
        "source", "target", "relation", "wave", "weight", "in_view", "bridge",
    ]);
    for (tie, bridge) in study.ties().iter().zip(&m.bridges) {
        let id = |n: crate::model::NodeId| study.node(n).map(|n| n.id.clone()).unwrap_or_default();
        let _ = w.write_record([
            id(tie.source),
            id(tie.target),
            tie.relation
                .and_then(|r| study.relation_name(r))
                .unwrap_or_default()
                .to_string(),
            tie.wave
                .and_then(|r| study.wave_name(r))
                .unwrap_or_default()
                .to_string(),
            num(tie.weight),
            bridge.is_some().to_string(),
            bridge.map(|b| b.to_string()).unwrap_or_default(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
