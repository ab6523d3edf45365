//! Adjacency matrices (one-mode) and incidence matrices (two-mode) as tables: labels in the
//! first row and the first column, tie values in the cells.

use std::collections::HashMap;

use super::grid::{Grid, GridRow};
use super::{ImportError, ReadOptions};
use crate::model::{NodeKind, Study, Tie, parse_number};

/// True when the table's first row (after the corner) holds the same labels as its first
/// column, as in an adjacency matrix.
pub fn looks_like_matrix(grid: &Grid) -> bool {
    let Some(header) = grid.rows.first() else {
        return false;
    };
    let mut cols: Vec<&str> = header.cells.iter().skip(1).map(String::as_str).collect();
    let mut rows: Vec<&str> = grid
        .rows
        .iter()
        .skip(1)
        .filter_map(|r| r.cells.first().map(String::as_str))
        .collect();
    if cols.is_empty() {
        return false;
    }
    cols.sort_unstable();
    rows.sort_unstable();
    cols == rows
}

/// Reads a matrix table: an adjacency matrix, or with `two_mode` an incidence matrix.
pub fn read_grid(grid: &Grid, opts: &ReadOptions) -> Result<Study, ImportError> {
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the file is empty"));
    };
    let width = header.cells.len();
    grid.check_width(width)?;
    let col_labels = labels(grid, header)?;
    let body = &grid.rows[1..];
    let mut row_labels = Vec::with_capacity(body.len());
    let mut seen = HashMap::new();
    for row in body {
        let label = row.cells.first().map(String::as_str).unwrap_or("");
        if label.is_empty() {
            return Err(grid.error_at(row, 1, "a row has no label in the first column"));
        }
        if let Some(first) = seen.insert(label, row.line) {
            return Err(grid.error_at(
                row,
                1,
                format!("row label \"{label}\" is used twice (first on line {first})"),
            ));
        }
        row_labels.push(label);
    }
    let values = cell_values(grid, body, width)?;
    if opts.two_mode {
        incidence(grid, &row_labels, &col_labels, &values)
    } else {
        adjacency(grid, &row_labels, &col_labels, &values, opts.directed)
    }
}

fn labels<'a>(grid: &Grid, header: &'a GridRow) -> Result<Vec<&'a str>, ImportError> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (i, c) in header.cells.iter().enumerate().skip(1) {
        if c.is_empty() {
            return Err(grid.error_at(header, i + 1, "a column has no label in the first row"));
        }
        if let Some(first) = seen.insert(c.as_str(), i + 1) {
            return Err(grid.error_at(
                header,
                i + 1,
                format!("column label \"{c}\" is used twice (first in column {first})"),
            ));
        }
        out.push(c.as_str());
    }
    if out.is_empty() {
        return Err(grid.error_line(header, "the first row has no column labels"));
    }
    Ok(out)
}

/// Tie values, row by row; a blank cell is 0.
fn cell_values(grid: &Grid, body: &[GridRow], width: usize) -> Result<Vec<Vec<f64>>, ImportError> {
    let mut out = Vec::with_capacity(body.len());
    for row in body {
        let mut vals = vec![0.0; width - 1];
        for (j, cell) in row.cells.iter().enumerate().skip(1).take(width - 1) {
            if cell.is_empty() {
                continue;
            }
            vals[j - 1] = parse_number(cell).ok_or_else(|| {
                grid.error_at(
                    row,
                    j + 1,
                    format!(
                        "\"{cell}\" is not a tie value (expected a number such as 0, 1 or 2.5)"
                    ),
                )
            })?;
        }
        out.push(vals);
    }
    Ok(out)
}

fn adjacency(
    grid: &Grid,
    rows: &[&str],
    cols: &[&str],
    values: &[Vec<f64>],
    force_directed: bool,
) -> Result<Study, ImportError> {
    if rows.len() != cols.len() {
        return Err(ImportError::file(
            &grid.file,
            format!(
                "an adjacency matrix must be square: {} row labels and {} column labels \
                 (use --two-mode for an incidence matrix of people by groups)",
                rows.len(),
                cols.len()
            ),
        ));
    }
    // Columns may come in another order than rows, but must name the same people.
    let row_pos: HashMap<&str, usize> = rows.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let mut col_to_row = Vec::with_capacity(cols.len());
    for (j, c) in cols.iter().enumerate() {
        let Some(&i) = row_pos.get(c) else {
            let header = &grid.rows[0];
            return Err(grid.error_at(
                header,
                j + 2,
                format!(
                    "column label \"{c}\" is not among the row labels: the first row and the \
                     first column must list the same people"
                ),
            ));
        };
        col_to_row.push(i);
    }
    let n = rows.len();
    let mut m = vec![vec![0.0; n]; n];
    for (i, vals) in values.iter().enumerate() {
        for (j, &v) in vals.iter().enumerate() {
            m[i][col_to_row[j]] = v;
        }
    }
    let symmetric = (0..n).all(|i| (0..i).all(|j| m[i][j] == m[j][i]));
    let directed = force_directed || !symmetric;
    let mut study = Study::new(directed);
    for r in rows {
        study
            .add_node(*r, *r, NodeKind::Respondent)
            .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
    }
    for (i, row) in m.iter().enumerate() {
        let start = if directed { 0 } else { i };
        for (j, &w) in row.iter().enumerate().skip(start) {
            if w != 0.0 {
                push(&mut study, i, j, w, directed);
            }
        }
    }
    Ok(study)
}

fn incidence(
    grid: &Grid,
    rows: &[&str],
    cols: &[&str],
    values: &[Vec<f64>],
) -> Result<Study, ImportError> {
    let mut study = Study::new(false);
    for r in rows {
        study
            .add_node(*r, *r, NodeKind::Respondent)
            .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
    }
    for (j, c) in cols.iter().enumerate() {
        study.add_node(*c, *c, NodeKind::Group).map_err(|_| {
            grid.error_at(
                &grid.rows[0],
                j + 2,
                format!(
                    "\"{c}\" names both a row and a column; the two modes need distinct labels"
                ),
            )
        })?;
    }
    let offset = rows.len();
    for (i, vals) in values.iter().enumerate() {
        for (j, &w) in vals.iter().enumerate() {
            if w != 0.0 {
                push(&mut study, i, offset + j, w, false);
            }
        }
    }
    Ok(study)
}

fn push(study: &mut Study, i: usize, j: usize, weight: f64, directed: bool) {
    let tie = Tie {
        source: crate::model::NodeId(i as u32),
        target: crate::model::NodeId(j as u32),
        weight,
        relation: None,
        wave: None,
        directed,
    };
    // Both ends were added above, so the tie is always accepted.
    let _ = study.add_tie(tie);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::grid::read_delimited;

    fn read(text: &str, opts: ReadOptions) -> Result<Study, ImportError> {
        read_grid(&read_delimited("m.csv", text.as_bytes())?, &opts)
    }

    #[test]
    fn symmetric_matrix_is_undirected_with_blank_as_zero() {
        let s = read(",a,b,c\na,0,1,\nb,1,0,2\nc,,2,0\n", ReadOptions::default()).unwrap();
        assert!(!s.directed);
        assert_eq!(s.tie_count(), 2);
        assert_eq!(s.ties()[1].weight, 2.0);
    }

    #[test]
    fn asymmetric_matrix_is_directed() {
        let s = read(";a;b\na;0;1\nb;0;0\n", ReadOptions::default()).unwrap();
        assert!(s.directed);
        assert_eq!(s.tie_count(), 1);
        assert_eq!((s.ties()[0].source.0, s.ties()[0].target.0), (0, 1));
    }

    #[test]
    fn columns_in_another_order_are_matched_by_label() {
        let s = read(",b,a\na,1,0\nb,0,0\n", ReadOptions::default()).unwrap();
        assert!(s.directed);
        let t = &s.ties()[0];
        assert_eq!((t.source.0, t.target.0), (0, 1));
    }

    #[test]
    fn disagreeing_labels_and_bad_cells_are_located() {
        let e = read(",a,b\na,0,1\nc,1,0\n", ReadOptions::default()).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert_eq!(e.column, Some(3));
        let e = read(",a,b\na,0,yes\nb,1,0\n", ReadOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv line 2, column 3: \"yes\" is not a tie value (expected a number such as 0, 1 or 2.5)"
        );
    }

    #[test]
    fn two_mode_gives_two_kinds_of_node() {
        let opts = ReadOptions {
            two_mode: true,
            ..ReadOptions::default()
        };
        let s = read(",e1,e2,e3\nann,1,0,1\nbea,0,1,1\n", opts).unwrap();
        assert_eq!(s.node_count(), 5);
        assert_eq!(s.tie_count(), 4);
        assert_eq!(s.nodes()[2].kind, NodeKind::Group);
    }
}
