//! Attribute tables joined onto nodes by a key column, and the node table written beside a
//! CSV edge list (`id,label,kind,attributes...`).

use std::collections::HashMap;

use polars::prelude::{
    Column, DataFrame, DataFrameJoinOps, JoinArgs, JoinType, PolarsError, SortMultipleOptions,
};

use super::grid::{Grid, GridRow};
use super::{ImportError, Written};
use crate::model::{Attribute, NodeId, NodeKind, Study};

/// What joining an attribute table did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct JoinReport {
    /// Rows whose key matched a node.
    pub matched: usize,
    /// Keys that matched no node, with the line they are on: reported, never dropped silently.
    pub unmatched: Vec<(usize, String)>,
    /// Nodes that no row described (their values are missing).
    pub nodes_without_row: usize,
    /// The attribute columns added or replaced, in table order.
    pub columns: Vec<String>,
}

impl JoinReport {
    /// One paragraph for the user, listing up to ten unmatched keys.
    pub fn summary(&self, file: &str) -> String {
        let mut s = format!(
            "{file}: {} rows matched, {} attributes ({})",
            self.matched,
            self.columns.len(),
            self.columns.join(", ")
        );
        if !self.unmatched.is_empty() {
            let shown: Vec<String> = self
                .unmatched
                .iter()
                .take(10)
                .map(|(line, k)| format!("\"{k}\" (line {line})"))
                .collect();
            let more = self.unmatched.len().saturating_sub(10);
            s.push_str(&format!(
                "; {} keys match no node: {}{}",
                self.unmatched.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        if self.nodes_without_row > 0 {
            s.push_str(&format!(
                "; {} nodes have no row (values missing)",
                self.nodes_without_row
            ));
        }
        s
    }
}

/// Joins an attribute table onto the study's nodes by the column named `key` (matched
/// case-insensitively). A key matches a node's id, or else its label when exactly one node
/// has that label.
pub fn join(study: &mut Study, grid: &Grid, key: &str) -> Result<JoinReport, ImportError> {
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(
            &grid.file,
            "the attribute table is empty",
        ));
    };
    let Some(key_col) = column(header, &[key]) else {
        return Err(grid.error_line(
            header,
            format!(
                "no column named \"{key}\"; the columns are: {}",
                header.cells.join(", ")
            ),
        ));
    };
    join_rows(study, grid, key_col, &[], false)
}

/// Applies a node table (`id`, optional `label` and `kind`, then attributes), adding the
/// nodes it lists that the study does not have yet (isolates in an edge list).
pub fn apply_node_table(study: &mut Study, grid: &Grid) -> Result<JoinReport, ImportError> {
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the node table is empty"));
    };
    let Some(key_col) = column(header, &["id", "node", "key"]) else {
        return Err(grid.error_line(header, "a node table needs an \"id\" column"));
    };
    let special: Vec<usize> = [column(header, &["label"]), column(header, &["kind"])]
        .into_iter()
        .flatten()
        .collect();
    join_rows(study, grid, key_col, &special, true)
}

fn column(header: &GridRow, names: &[&str]) -> Option<usize> {
    header
        .cells
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

fn join_rows(
    study: &mut Study,
    grid: &Grid,
    key_col: usize,
    special: &[usize],
    add_missing: bool,
) -> Result<JoinReport, ImportError> {
    let header = &grid.rows[0];
    grid.check_width(header.cells.len())?;
    let body = &grid.rows[1..];
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for row in body {
        let key = row.cells.get(key_col).map_or("", String::as_str);
        if key.is_empty() {
            return Err(grid.error_at(row, key_col + 1, "the key is blank"));
        }
        if let Some(first) = first_line.insert(key, row.line) {
            return Err(grid.error_at(
                row,
                key_col + 1,
                format!("key \"{key}\" is used twice (first on line {first})"),
            ));
        }
    }
    let (node_of_row, unmatched) = match_keys(study, grid, key_col)?;
    let mut report = JoinReport::default();
    if !add_missing {
        report.unmatched = unmatched;
    }
    let mut row_of_node: HashMap<NodeId, &GridRow> = HashMap::new();
    let label_col = column(header, &["label"]).filter(|c| special.contains(c));
    let kind_col = column(header, &["kind"]).filter(|c| special.contains(c));
    for (row, node) in body.iter().zip(node_of_row) {
        let key = row.cells.get(key_col).map_or("", String::as_str);
        let node = match node {
            Some(n) => n,
            None if add_missing => {
                let kind = kind_col
                    .and_then(|c| row.cells.get(c))
                    .and_then(|k| NodeKind::parse(k))
                    .unwrap_or_default();
                study.node_or_insert(key, kind)
            }
            None => continue,
        };
        if let Some(n) = study.node_mut(node) {
            if let Some(label) = label_col
                .and_then(|c| row.cells.get(c))
                .filter(|l| !l.is_empty())
            {
                n.label = label.clone();
            }
            if let Some(kind) = kind_col
                .and_then(|c| row.cells.get(c))
                .and_then(|k| NodeKind::parse(k))
            {
                n.kind = kind;
            }
        }
        report.matched += 1;
        row_of_node.insert(node, row);
    }
    report.nodes_without_row = study.node_count() - row_of_node.len();
    for (c, name) in header.cells.iter().enumerate() {
        if c == key_col || special.contains(&c) {
            continue;
        }
        let cells: Vec<Option<&str>> = study
            .node_ids()
            .map(|n| {
                row_of_node
                    .get(&n)
                    .and_then(|r| r.cells.get(c))
                    .map(String::as_str)
            })
            .collect();
        let name = if name.trim().is_empty() {
            format!("column_{}", c + 1)
        } else {
            name.trim().to_string()
        };
        study.put_node_attribute(Attribute::infer(name.clone(), &cells));
        report.columns.push(name);
    }
    Ok(report)
}

/// Each body row's node, by a polars left join of the table's keys onto the nodes' keys
/// (a node's id, or its label when exactly one node has that label and it is nobody's id),
/// and the keys that match no node with their lines, by an anti-join, in file order.
#[allow(clippy::type_complexity)]
fn match_keys(
    study: &Study,
    grid: &Grid,
    key_col: usize,
) -> Result<(Vec<Option<NodeId>>, Vec<(usize, String)>), ImportError> {
    let polars_error = |e: PolarsError| ImportError::file(&grid.file, e.to_string());
    let body = &grid.rows[1..];
    let table = DataFrame::new(
        body.len(),
        vec![
            Column::new("row".into(), (0..body.len() as u32).collect::<Vec<u32>>()),
            Column::new(
                "line".into(),
                body.iter().map(|r| r.line as u32).collect::<Vec<u32>>(),
            ),
            Column::new(
                "key".into(),
                body.iter()
                    .map(|r| r.cells.get(key_col).map_or("", String::as_str))
                    .collect::<Vec<&str>>(),
            ),
        ],
    )
    .map_err(polars_error)?;
    let mut by_label: HashMap<&str, Option<NodeId>> = HashMap::new();
    for (i, n) in study.nodes().iter().enumerate() {
        by_label
            .entry(n.label.as_str())
            .and_modify(|slot| *slot = None)
            .or_insert(Some(NodeId(i as u32)));
    }
    let mut keys: Vec<&str> = Vec::with_capacity(study.node_count() * 2);
    let mut nodes: Vec<u32> = Vec::with_capacity(study.node_count() * 2);
    for (i, n) in study.nodes().iter().enumerate() {
        keys.push(n.id.as_str());
        nodes.push(i as u32);
    }
    for (i, n) in study.nodes().iter().enumerate() {
        let unique = by_label.get(n.label.as_str()) == Some(&Some(NodeId(i as u32)));
        if unique && study.find(&n.label).is_none() {
            keys.push(n.label.as_str());
            nodes.push(i as u32);
        }
    }
    let node_keys = DataFrame::new(
        keys.len(),
        vec![
            Column::new("key".into(), keys),
            Column::new("node".into(), nodes),
        ],
    )
    .map_err(polars_error)?;
    let joined = table
        .join(
            &node_keys,
            ["key"],
            ["key"],
            JoinArgs::new(JoinType::Left),
            None,
        )
        .map_err(polars_error)?;
    let mut node_of_row = vec![None; body.len()];
    let rows = joined
        .column("row")
        .and_then(|c| c.u32())
        .map_err(polars_error)?;
    let found = joined
        .column("node")
        .and_then(|c| c.u32())
        .map_err(polars_error)?;
    for (row, node) in rows.iter().zip(found.iter()) {
        if let (Some(row), Some(node)) = (row, node) {
            node_of_row[row as usize] = Some(NodeId(node));
        }
    }
    let unmatched = table
        .join(
            &node_keys,
            ["key"],
            ["key"],
            JoinArgs::new(JoinType::Anti),
            None,
        )
        .and_then(|a| a.sort(["row"], SortMultipleOptions::default()))
        .map_err(polars_error)?;
    let lines = unmatched
        .column("line")
        .and_then(|c| c.u32())
        .map_err(polars_error)?;
    let keys = unmatched
        .column("key")
        .and_then(|c| c.str())
        .map_err(polars_error)?;
    let unmatched = lines
        .iter()
        .zip(keys.iter())
        .filter_map(|(line, key)| Some((line? as usize, key?.to_string())))
        .collect();
    Ok((node_of_row, unmatched))
}

/// Writes every node as a CSV row: `id,label,kind`, then one column per node attribute
/// (missing values blank).
pub fn write_node_table(study: &Study) -> Written {
    let mut w = csv::Writer::from_writer(Vec::new());
    let attrs = study.node_attributes();
    let mut header = vec!["id", "label", "kind"];
    header.extend(attrs.iter().map(Attribute::name));
    let _ = w.write_record(&header);
    for (i, n) in study.nodes().iter().enumerate() {
        let mut rec = vec![n.id.clone(), n.label.clone(), n.kind.name().to_string()];
        for a in attrs {
            rec.push(a.value(i).map(|v| v.to_string()).unwrap_or_default());
        }
        let _ = w.write_record(&rec);
    }
    Written {
        bytes: w.into_inner().unwrap_or_default(),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::grid::read_delimited;
    use crate::model::{AttrType, Value};

    fn study() -> Study {
        let mut s = Study::new(false);
        for id in ["ann", "bob", "cat"] {
            s.node_or_insert(id, NodeKind::Respondent);
        }
        s
    }

    #[test]
    fn join_reports_unmatched_keys_and_types_columns() {
        let mut s = study();
        let g = read_delimited(
            "attrs.csv",
            b"Name,gender,age\nann,F,34\nbob,M,N/A\nzed,M,40\n",
        )
        .unwrap();
        let r = join(&mut s, &g, "name").unwrap();
        assert_eq!(r.matched, 2);
        assert_eq!(r.unmatched, vec![(4, "zed".to_string())]);
        assert_eq!(r.nodes_without_row, 1);
        let age = s.node_attribute("age").unwrap();
        assert_eq!(age.ty(), AttrType::Numeric);
        assert_eq!(age.values(), &[Some(Value::Number(34.0)), None, None]);
        assert!(r.summary("attrs.csv").contains("\"zed\" (line 4)"));
    }

    #[test]
    fn missing_key_column_and_duplicate_keys_are_errors() {
        let mut s = study();
        let g = read_delimited("a.csv", b"id,x\nann,1\n").unwrap();
        let e = join(&mut s, &g, "family").unwrap_err();
        assert!(e.to_string().contains("no column named \"family\""));
        let g = read_delimited("a.csv", b"id,x\nann,1\nann,2\n").unwrap();
        let e = join(&mut s, &g, "id").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
    }

    #[test]
    fn node_table_round_trip_adds_isolates_and_kinds() {
        let mut s = study();
        let col = s
            .declare_node_attribute("gender", AttrType::Categorical)
            .unwrap();
        s.set_node_value(col, NodeId(1), Some(Value::Text("M".into())));
        s.node_mut(NodeId(2)).unwrap().kind = NodeKind::Place;
        s.node_mut(NodeId(0)).unwrap().label = "Ann, the first".into();
        let table = write_node_table(&s);
        let mut back = Study::new(false);
        back.node_or_insert("bob", NodeKind::Respondent);
        apply_node_table(&mut back, &read_delimited("n.csv", &table.bytes).unwrap()).unwrap();
        assert_eq!(back.node_count(), 3);
        let ann = back.find("ann").unwrap();
        assert_eq!(back.node(ann).unwrap().label, "Ann, the first");
        assert_eq!(
            back.node(back.find("cat").unwrap()).unwrap().kind,
            NodeKind::Place
        );
        let g = back.node_attribute("gender").unwrap();
        assert_eq!(g.value(0), Some(&Value::Text("M".into())));
        assert_eq!(g.value(ann.index()), None);
    }
}
