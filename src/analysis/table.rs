//! The node and tie tables of `kith metrics` as polars DataFrames: one builder for the
//! command line and the workbench's Metrics tab, written as CSV, Parquet or Excel by
//! [`crate::io::table`].

use polars::prelude::{Column, DataFrame, PolarsResult};

use super::Metrics;
use super::brokerage::ROLE_NAMES;
use crate::model::{AttrType, Study};

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

/// Columns added to the node table on request, between the label and the measures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraColumns {
    /// A `kind` column: respondent, alter, place or group.
    pub kind: bool,
    /// These node attributes, in this order. One whose name is taken by another column is
    /// written as `NAME_attribute`.
    pub attributes: Vec<String>,
}

fn count(name: &str, values: impl IntoIterator<Item = usize>) -> Column {
    let v: Vec<i64> = values
        .into_iter()
        .map(|x| i64::try_from(x).unwrap_or(i64::MAX))
        .collect();
    Column::new(name.into(), v)
}

fn optional_count(name: &str, values: Option<&Vec<usize>>, n: usize) -> Column {
    let v: Vec<Option<i64>> = match values {
        Some(d) => d.iter().map(|&x| i64::try_from(x).ok()).collect(),
        None => vec![None; n],
    };
    Column::new(name.into(), v)
}

/// A node attribute as a column: numbers as floats, labels and text as strings, missing
/// values as nulls.
fn attribute_column(study: &Study, attribute: &str, name: &str) -> Column {
    let n = study.node_count();
    let Some(a) = study.node_attribute(attribute) else {
        return Column::new(name.into(), vec![None::<&str>; n]);
    };
    if a.ty() == AttrType::Numeric {
        let v: Vec<Option<f64>> = (0..n)
            .map(|i| a.value(i).and_then(|v| v.as_number()))
            .collect();
        Column::new(name.into(), v)
    } else {
        let v: Vec<Option<String>> = (0..n).map(|i| a.value(i).map(|v| v.to_string())).collect();
        Column::new(name.into(), v)
    }
}

/// The node table: one row per node in study order; `id`, `label`, the extra columns asked
/// for, then every measure of [`COLUMNS`] (and the brokerage roles when computed).
/// Measures not defined for a node or a network (in- and out-degree of an undirected
/// network, constraint of an isolate) are nulls.
pub fn node_frame(study: &Study, m: &Metrics, extra: &ExtraColumns) -> PolarsResult<DataFrame> {
    let nm = &m.nodes;
    let n = study.node_count();
    let nodes = study.nodes();
    let mut columns = vec![
        Column::new(
            "id".into(),
            nodes.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "label".into(),
            nodes.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(),
        ),
    ];
    if extra.kind {
        columns.push(Column::new(
            "kind".into(),
            nodes.iter().map(|x| x.kind.name()).collect::<Vec<_>>(),
        ));
    }
    let mut taken: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    taken.extend(ROLE_NAMES.iter().map(|c| c.to_string()));
    taken.push("kind".to_string());
    for attribute in &extra.attributes {
        let name = if taken.contains(attribute) {
            format!("{attribute}_attribute")
        } else {
            attribute.clone()
        };
        columns.push(attribute_column(study, attribute, &name));
        taken.push(name);
    }
    let floats = |name: &str, v: &[f64]| Column::new(name.into(), v);
    let optional_floats = |name: &str, v: &[Option<f64>]| Column::new(name.into(), v);
    let flags = |name: &str, v: &[bool]| Column::new(name.into(), v);
    columns.extend([
        count("degree", nm.degree.iter().copied()),
        optional_count("in_degree", nm.in_degree.as_ref(), n),
        optional_count("out_degree", nm.out_degree.as_ref(), n),
        floats("betweenness", &nm.betweenness),
        floats("betweenness_norm", &nm.betweenness_norm),
        floats("closeness", &nm.closeness),
        floats("eigenvector", &nm.eigenvector),
        floats("pagerank", &nm.pagerank),
        optional_floats("constraint", &nm.constraint),
        optional_floats("effective_size", &nm.effective_size),
        count("component", nm.component.iter().map(|&c| c as usize)),
        count("community", nm.community.iter().map(|&c| c as usize)),
        flags("isolate", &nm.isolate),
        flags("cut_point", &nm.cut_point),
        flags("broker", &nm.broker),
        optional_count("cliques", nm.cliques.as_ref(), n),
    ]);
    if let Some(roles) = &m.brokerage {
        for (r, role) in ROLE_NAMES.iter().enumerate() {
            let v: Vec<i64> = (0..n)
                .map(|v| i64::try_from(roles.of(v)[r]).unwrap_or(i64::MAX))
                .collect();
            columns.push(Column::new((*role).into(), v));
        }
    }
    DataFrame::new(n, columns)
}

/// The tie table: every tie of the study with its source and target ids, relation, wave,
/// weight, whether it is in view and whether it is a bridge (null when not in view).
pub fn tie_frame(study: &Study, m: &Metrics) -> PolarsResult<DataFrame> {
    let ties = study.ties();
    let id = |n: crate::model::NodeId| study.node(n).map(|n| n.id.clone()).unwrap_or_default();
    let source: Vec<String> = ties.iter().map(|t| id(t.source)).collect();
    let target: Vec<String> = ties.iter().map(|t| id(t.target)).collect();
    let relation: Vec<Option<&str>> = ties
        .iter()
        .map(|t| t.relation.and_then(|r| study.relation_name(r)))
        .collect();
    let wave: Vec<Option<&str>> = ties
        .iter()
        .map(|t| t.wave.and_then(|w| study.wave_name(w)))
        .collect();
    let weight: Vec<f64> = ties.iter().map(|t| t.weight).collect();
    let bridges: Vec<Option<bool>> = ties
        .iter()
        .enumerate()
        .map(|(i, _)| m.bridges.get(i).copied().flatten())
        .collect();
    let in_view: Vec<bool> = bridges.iter().map(Option::is_some).collect();
    DataFrame::new(
        ties.len(),
        vec![
            Column::new("source".into(), source),
            Column::new("target".into(), target),
            Column::new("relation".into(), relation),
            Column::new("wave".into(), wave),
            Column::new("weight".into(), weight),
            Column::new("in_view".into(), in_view),
            Column::new("bridge".into(), bridges),
        ],
    )
}

/// The node table of `kith metrics` as CSV text (today's columns and numbers).
pub fn node_table(study: &Study, m: &Metrics) -> String {
    node_frame(study, m, &ExtraColumns::default())
        .map_err(crate::io::table::TableError::from)
        .and_then(|df| crate::io::table::csv_text(&df))
        .unwrap_or_default()
}

/// The tie table as CSV text: every tie of the study, whether it is in view and whether it
/// is a bridge (empty when not in view).
pub fn tie_table(study: &Study, m: &Metrics) -> String {
    tie_frame(study, m)
        .map_err(crate::io::table::TableError::from)
        .and_then(|df| crate::io::table::csv_text(&df))
        .unwrap_or_default()
}
