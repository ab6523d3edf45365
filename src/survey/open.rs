//! Opening a network file for analysis: the reader [`crate::io`] chooses, then the wellbeing
//! scales scored from their items ([`score_items`]), so a study whose node
//! attributes hold every WEMWBS or SWEMWBS item has its scores whichever tool wrote it.
//!
//! Reading stays in `io`, which knows files and nothing of surveys; this is what the
//! workbench and the command line call.

use std::path::Path;

use crate::io::{self, ImportError, Imported, ReadOptions};
use crate::model::{AttrType, NodeId, Study, Value};

/// [`io::read_noted`], then the scales scored.
pub fn read_noted(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Imported, ImportError> {
    let mut imported = io::read_noted(path, bytes, opts)?;
    score_items(&mut imported.study);
    Ok(imported)
}

/// [`io::read_path_noted`] (with the node table beside an edge list), then the scales
/// scored.
pub fn read_path_noted(path: &Path, opts: &ReadOptions) -> Result<Imported, ImportError> {
    let mut imported = io::read_path_noted(path, opts)?;
    score_items(&mut imported.study);
    Ok(imported)
}

/// [`read_path_noted`] without the notes.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Study, ImportError> {
    read_path_noted(path, opts).map(|i| i.study)
}

/// Adds the WEMWBS total and the SWEMWBS metric score to a study whose node attributes
/// hold every item of the scale (named as a recipe proposal names them: `wemwbs_1` to
/// `wemwbs_14`, `swemwbs_1` to `swemwbs_7`) but not the score itself, as `kith survey`
/// would have scored them. A person with an item missing or out of range gets no score.
/// Returns the names of the scores added, in the order added.
pub fn score_items(study: &mut Study) -> Vec<String> {
    let names: Vec<String> = study
        .node_attributes()
        .iter()
        .map(|a| a.name().to_string())
        .collect();
    let headers: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut added = Vec::new();
    for (spec, _) in super::propose::item_scales(&headers) {
        if study.node_attribute(&spec.name).is_some() {
            continue;
        }
        let items: Vec<Vec<Option<f64>>> = spec
            .columns
            .iter()
            .map(|c| {
                let attr = study.node_attribute(c);
                (0..study.node_count())
                    .map(|v| attr.and_then(|a| a.value(v)).and_then(Value::as_number))
                    .collect()
            })
            .collect();
        let scores: Vec<Option<f64>> = (0..study.node_count())
            .map(|v| {
                let xs: Vec<Option<f64>> = items.iter().map(|col| col[v]).collect();
                spec.kind.score(&xs)
            })
            .collect();
        if scores.iter().all(Option::is_none) {
            continue;
        }
        let Ok(column) = study.declare_node_attribute(&spec.name, AttrType::Numeric) else {
            continue;
        };
        for (v, x) in scores.into_iter().enumerate() {
            study.set_node_value(column, NodeId(v as u32), x.map(Value::Number));
        }
        added.push(spec.name);
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_study_with_every_item_gets_its_scores() {
        use crate::model::NodeKind;
        let mut s = Study::new(false);
        for id in ["a", "b", "c"] {
            s.add_node(id, id, NodeKind::Respondent).unwrap();
        }
        s.add_node("x", "x", NodeKind::Alter).unwrap();
        for k in 1..=14 {
            let c = s
                .declare_node_attribute(&format!("wemwbs_{k}"), AttrType::Numeric)
                .unwrap();
            s.set_node_value(c, NodeId(0), Some(Value::Number(3.0)));
            s.set_node_value(c, NodeId(1), Some(Value::Number(5.0)));
            // c skipped item 5: not scored.
            if k != 5 {
                s.set_node_value(c, NodeId(2), Some(Value::Number(2.0)));
            }
        }
        assert_eq!(score_items(&mut s), vec!["wemwbs", "swemwbs"]);
        let w = s.node_attribute("wemwbs").unwrap();
        let got: Vec<Option<f64>> = (0..4)
            .map(|v| w.value(v).and_then(Value::as_number))
            .collect();
        assert_eq!(got, vec![Some(42.0), Some(70.0), None, None]);
        let sw = s.node_attribute("swemwbs").unwrap();
        // Raw 21 is metric 19.25; raw 35 is 35. c's SWEMWBS items are all there: raw 14.
        let got: Vec<Option<f64>> = (0..4)
            .map(|v| sw.value(v).and_then(Value::as_number))
            .collect();
        assert_eq!(got, vec![Some(19.25), Some(35.0), Some(15.32), None]);
        // Scores already there are left alone.
        assert!(score_items(&mut s).is_empty());
    }

    #[test]
    fn items_are_scored_on_open() {
        let mut csv = String::from("id");
        for k in 1..=14 {
            csv.push_str(&format!(",wemwbs_{k}"));
        }
        csv.push_str("\na");
        for _ in 1..=14 {
            csv.push_str(",3");
        }
        csv.push('\n');
        let path = Path::new("people.nodes.csv");
        let opts = ReadOptions {
            format: Some(io::Format::NodeTable),
            ..ReadOptions::default()
        };
        let plain = io::read_noted(path, csv.as_bytes(), &opts).unwrap();
        assert!(plain.study.node_attribute("wemwbs").is_none());
        let opened = read_noted(path, csv.as_bytes(), &opts).unwrap();
        let a = opened.study.node_attribute("wemwbs").expect("scored");
        assert_eq!(a.value(0).and_then(|v| v.as_number()), Some(42.0));
    }
}
