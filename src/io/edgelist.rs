//! Edge lists: one tie per row, `source,target[,weight][,relation][,wave]`, with any other
//! columns kept as tie attributes.

use super::grid::Grid;
use super::{ImportError, ReadOptions, Written};
use crate::model::{Attribute, NodeKind, Study, Tie, Value, parse_number};

const SOURCE: [&str; 14] = [
    "source",
    "from",
    "ego",
    "sender",
    "src",
    "node1",
    "id1",
    "vertex1",
    "actor1",
    "i",
    "head",
    "nominator",
    "respondent",
    "respondent_id",
];
const TARGET: [&str; 12] = [
    "target", "to", "alter", "receiver", "dst", "node2", "id2", "vertex2", "actor2", "j", "tail",
    "nominee",
];
const WEIGHT: [&str; 5] = ["weight", "value", "strength", "w", "tie_strength"];
const RELATION: [&str; 4] = ["relation", "relationship", "tie_type", "network"];
const WAVE: [&str; 4] = ["wave", "time", "period", "round"];
/// Gephi writes the direction of each edge in a `Type` column.
const DIRECTION: [&str; 3] = ["type", "direction", "directed"];

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let h = h.trim().to_lowercase().replace([' ', '-'], "_");
        names.contains(&h.as_str())
    })
}

/// True when the first row names a source and a target column.
pub fn looks_like_edge_list(grid: &Grid) -> bool {
    grid.rows
        .first()
        .is_some_and(|h| find(&h.cells, &SOURCE).is_some() && find(&h.cells, &TARGET).is_some())
}

/// Reads an edge list table. Without a recognisable header, the first two columns are the
/// source and target and a third, if numeric, the weight.
pub fn read_grid(grid: &Grid, opts: &ReadOptions) -> Result<Study, ImportError> {
    let Some(first) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the file is empty"));
    };
    let header_given = looks_like_edge_list(grid);
    let (header, body): (Vec<String>, &[_]) = if header_given {
        (first.cells.clone(), &grid.rows[1..])
    } else {
        let mut h = vec!["source".to_string(), "target".to_string()];
        if first.cells.len() > 2 {
            h.push("weight".to_string());
        }
        for i in 3..first.cells.len() {
            h.push(format!("column_{}", i + 1));
        }
        (h, &grid.rows[..])
    };
    if header.len() < 2 {
        return Err(grid.error_line(
            first,
            "an edge list needs at least a source and a target column",
        ));
    }
    let width = header.len();
    for row in body {
        let extra = row.cells.iter().skip(width).any(|c| !c.is_empty());
        if extra || (grid.from_text && row.cells.len() < 2) {
            return Err(grid.error_line(
                row,
                format!("{} cells, the header has {width}", row.cells.len()),
            ));
        }
    }
    let src = find(&header, &SOURCE).unwrap_or(0);
    let tgt = find(&header, &TARGET).unwrap_or(1);
    let weight = find(&header, &WEIGHT);
    let relation = find(&header, &RELATION);
    let wave = find(&header, &WAVE);
    let direction = find(&header, &DIRECTION).filter(|&c| {
        body.iter()
            .all(|r| parse_direction(cell(&r.cells, c)).is_some() || cell(&r.cells, c).is_empty())
    });
    let used = [Some(src), Some(tgt), weight, relation, wave, direction];
    let extra_cols: Vec<usize> = (0..width).filter(|c| !used.contains(&Some(*c))).collect();

    let mut study = Study::new(opts.directed);
    for row in body {
        let a = cell(&row.cells, src);
        let b = cell(&row.cells, tgt);
        if a.is_empty() {
            return Err(grid.error_at(row, src + 1, "the source is blank"));
        }
        if b.is_empty() {
            return Err(grid.error_at(row, tgt + 1, "the target is blank"));
        }
        let w = match weight.map(|c| (c, cell(&row.cells, c))) {
            Some((c, text)) if !text.is_empty() => parse_number(text).ok_or_else(|| {
                grid.error_at(
                    row,
                    c + 1,
                    format!("\"{text}\" is not a weight (expected a number)"),
                )
            })?,
            _ => 1.0,
        };
        let rel = match relation
            .map(|c| cell(&row.cells, c))
            .filter(|t| !t.is_empty())
        {
            Some(name) => Some(
                study
                    .relation(name)
                    .map_err(|e| grid.error_line(row, e.to_string()))?,
            ),
            None => None,
        };
        let wv = match wave.map(|c| cell(&row.cells, c)).filter(|t| !t.is_empty()) {
            Some(name) => Some(
                study
                    .wave(name)
                    .map_err(|e| grid.error_line(row, e.to_string()))?,
            ),
            None => None,
        };
        let directed = direction
            .and_then(|c| parse_direction(cell(&row.cells, c)))
            .unwrap_or(opts.directed);
        let source = study.node_or_insert(a, NodeKind::Respondent);
        let target = study.node_or_insert(b, NodeKind::Respondent);
        let _ = study.add_tie(Tie {
            source,
            target,
            weight: w,
            relation: rel,
            wave: wv,
            directed,
        });
    }
    if study.ties().iter().any(|t| t.directed) {
        study.directed = true;
    }
    for &c in &extra_cols {
        let cells: Vec<Option<&str>> = body.iter().map(|r| Some(cell(&r.cells, c))).collect();
        study.put_tie_attribute(Attribute::infer(header[c].trim(), &cells));
    }
    Ok(study)
}

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", |s| s.as_str())
}

fn parse_direction(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "directed" | "arc" | "true" | "yes" | "1" => Some(true),
        "undirected" | "edge" | "false" | "no" | "0" | "mutual" => Some(false),
        _ => None,
    }
}

/// Writes the ties as CSV: `source,target,weight`, then `relation`, `wave` and `type`
/// (directed/undirected, as Gephi writes it) when the study has them, then tie attributes.
/// Nodes are named by id; their labels, kinds and attributes go in the node table.
pub fn write(study: &Study) -> Written {
    let mut w = csv::Writer::from_writer(Vec::new());
    let has_rel = !study.relations().is_empty();
    let has_wave = !study.waves().is_empty();
    let has_type = study.directed;
    let mut header = vec!["source", "target", "weight"];
    if has_rel {
        header.push("relation");
    }
    if has_wave {
        header.push("wave");
    }
    if has_type {
        header.push("type");
    }
    let attrs = study.tie_attributes();
    header.extend(attrs.iter().map(Attribute::name));
    let _ = w.write_record(&header);
    let nodes = study.nodes();
    for (i, t) in study.ties().iter().enumerate() {
        let mut rec: Vec<String> = vec![
            nodes[t.source.index()].id.clone(),
            nodes[t.target.index()].id.clone(),
            Value::Number(t.weight).to_string(),
        ];
        if has_rel {
            rec.push(
                t.relation
                    .and_then(|r| study.relation_name(r))
                    .unwrap_or("")
                    .to_string(),
            );
        }
        if has_wave {
            rec.push(
                t.wave
                    .and_then(|r| study.wave_name(r))
                    .unwrap_or("")
                    .to_string(),
            );
        }
        if has_type {
            rec.push(if t.directed { "directed" } else { "undirected" }.to_string());
        }
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

    fn read(text: &str, opts: ReadOptions) -> Result<Study, ImportError> {
        read_grid(&read_delimited("e.csv", text.as_bytes())?, &opts)
    }

    #[test]
    fn synonyms_weights_relations_waves_and_extra_columns() {
        let s = read(
            "Ego;Alter;Strength;Relation;Wave;Note\nann;bob;2;advice;1;met at school\nbob;cat;;rely_on;2;\n",
            ReadOptions::default(),
        )
        .unwrap();
        assert!(!s.directed);
        assert_eq!(s.node_count(), 3);
        assert_eq!(s.ties()[0].weight, 2.0);
        assert_eq!(s.ties()[1].weight, 1.0);
        assert_eq!(s.relations(), ["advice", "rely_on"]);
        assert_eq!(s.waves(), ["1", "2"]);
        let note = s.tie_attribute("Note").unwrap();
        assert_eq!(note.value(0), Some(&Value::Text("met at school".into())));
        assert_eq!(note.value(1), None);
    }

    #[test]
    fn directed_flag_and_gephi_type_column() {
        let s = read(
            "from,to\na,b\n",
            ReadOptions {
                directed: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(s.directed && s.ties()[0].directed);
        let s = read(
            "Source,Target,Type\na,b,Directed\nb,c,Undirected\n",
            ReadOptions::default(),
        )
        .unwrap();
        assert!(s.directed);
        assert!(s.ties()[0].directed && !s.ties()[1].directed);
    }

    #[test]
    fn headerless_list_and_errors() {
        let s = read("1,2,0.5\n2,3,1\n", ReadOptions::default()).unwrap();
        assert_eq!(s.tie_count(), 2);
        assert_eq!(s.ties()[0].weight, 0.5);
        let e = read("source,target,weight\na,b,heavy\n", ReadOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "e.csv line 2, column 3: \"heavy\" is not a weight (expected a number)"
        );
        let e = read("source,target\na,\n", ReadOptions::default()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(2)));
        let e = read("source,target\na,b,c,d\n", ReadOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "e.csv line 2: 4 cells, the header has 2");
    }

    #[test]
    fn written_list_reads_back() {
        let s = read("source,target,weight,relation,wave,type,note\na,b,2.5,advice,w1,directed,x\nb,a,1,rely_on,w2,directed,\n", ReadOptions::default()).unwrap();
        let out = write(&s);
        let back = read(
            std::str::from_utf8(&out.bytes).unwrap(),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(back.ties(), s.ties());
        assert_eq!(back.relations(), s.relations());
        assert_eq!(back.waves(), s.waves());
        assert_eq!(back.tie_attributes(), s.tie_attributes());
    }
}
