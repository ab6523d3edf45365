//! Helpers shared by the readers' unit tests.

use crate::model::{Study, Value};

/// Ties as (source id, target id, weight, relation name, directed), sorted, with the ends of
/// undirected ties in order so that the direction of writing does not matter.
pub(crate) fn tie_set(s: &Study) -> Vec<(String, String, String, String, bool)> {
    let mut out: Vec<_> = s
        .ties()
        .iter()
        .map(|t| {
            let mut a = s.nodes()[t.source.index()].id.clone();
            let mut b = s.nodes()[t.target.index()].id.clone();
            if !t.directed && b < a {
                std::mem::swap(&mut a, &mut b);
            }
            let rel = t
                .relation
                .and_then(|r| s.relation_name(r))
                .unwrap_or("")
                .to_string();
            (a, b, Value::Number(t.weight).to_string(), rel, t.directed)
        })
        .collect();
    out.sort();
    out
}
