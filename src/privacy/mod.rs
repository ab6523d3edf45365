//! Privacy: how people are named when names are hidden, and what may leave Kith then.
//!
//! One module owns it all, so that every panel, figure, table and file agrees:
//! - the **pseudonyms** ([`Pseudonyms`]): given once per study ([`assign`]), kept in the
//!   study and saved with its project, so a person is `P017` in every view and file of the
//!   project (and someone else in another project);
//! - the **shown name** of a person ([`Pseudonyms::shown`]) and of free text
//!   ([`Pseudonyms::shown_text`]);
//! - the **classification** of attribute columns into *identifying* (names of any kind,
//!   email, phone, address, postcode, date of birth, personal numbers, free text) and
//!   *analytic* (everything else), read from column names and values, overridable by hand
//!   ([`classify`], [`crate::model::ColumnPrivacy`]);
//! - the **anonymised copy** of a study ([`anonymise`]) that every writer is given when names
//!   are hidden: pseudonyms for people's ids and labels, identifying columns dropped,
//!   names inside the text that is kept replaced, the merge record (the names joined) left
//!   out.
//!
//! Below `scene` and `session`, and free of the window toolkit: the command line and the
//! tests use it as the workbench does.

mod classify;
mod pseudonyms;

use std::collections::{BTreeMap, HashMap};

pub use classify::{Evidence, Identifying, Verdict, by_name, classify, identifying_node_columns};
pub use pseudonyms::{Pseudonyms, assign, pseudonym};

use crate::model::{AttrType, Attribute, NodeId, Study, Value};

/// A study made safe to hand on, and what was taken out of it.
#[derive(Debug, Clone)]
pub struct Anonymised {
    /// The copy: same nodes, ties, order, relations and waves; people's ids and labels are
    /// their pseudonyms; only analytic columns remain.
    pub study: Study,
    /// The columns removed, with the reason for each, nodes' first.
    pub removed: Vec<Verdict>,
}

impl Anonymised {
    /// One line per removed column, for the terminal and dialogs:
    /// `removed column email: looks like email addresses`.
    pub fn report(&self) -> Vec<String> {
        self.removed
            .iter()
            .map(|v| format!("removed column {}", v.describe()))
            .collect()
    }
}

/// The tie attribute that keeps which respondent named a tie (survey provenance).
const RESPONDENT_ID: &str = crate::model::RESPONDENT_ID;

/// A copy of `study` to share with names hidden.
///
/// Every person's id and label become their pseudonym (the study's own, [`assign`]ed if
/// missing); identifying node and tie columns are dropped ([`classify`]); a tie column that
/// holds people's ids (which respondent named the tie) holds their pseudonyms instead;
/// names inside the text values kept, place labels and the study's name are replaced by
/// pseudonyms; the merge record, which lists the names joined, is left out. Places and
/// groups keep their names. Node and tie order, analytic attributes, relations and waves
/// are unchanged, so a layout of the study fits the copy.
pub fn anonymise(study: &Study) -> Anonymised {
    // People are numbered 0.. below: close the gaps deleted people left.
    let study = &study.compacted();
    let mut named = study.clone();
    assign(&mut named);
    let names = Pseudonyms::new(&named);
    let verdicts = classify(&named);
    let removed: Vec<Verdict> = verdicts
        .into_iter()
        .filter(|v| v.identifying.is_some())
        .collect();

    let mut out = named;
    for v in &removed {
        if v.tie {
            out.remove_tie_attribute(&v.column);
        } else {
            out.remove_node_attribute(&v.column);
        }
    }

    // Ties' provenance: ids of people become their pseudonyms.
    let by_id: HashMap<&str, &str> = study
        .nodes()
        .iter()
        .zip(&names.names)
        .filter(|(n, _)| n.kind.is_person())
        .map(|(n, p)| (n.id.as_str(), p.as_str()))
        .collect();
    let tie_cols: Vec<Attribute> = out
        .tie_attributes()
        .iter()
        .filter_map(|a| {
            let ids = a.name() == RESPONDENT_ID || holds_ids(a, &by_id);
            scrubbed(a, |t| match by_id.get(t) {
                Some(p) if ids => (*p).to_string(),
                _ => names.scrub(t),
            })
        })
        .collect();
    for c in tie_cols {
        out.put_tie_attribute(c);
    }
    let node_cols: Vec<Attribute> = out
        .node_attributes()
        .iter()
        .filter_map(|a| scrubbed(a, |t| names.scrub(t)))
        .collect();
    for c in node_cols {
        out.put_node_attribute(c);
    }

    let mut identity = BTreeMap::new();
    for (i, p) in names.names.iter().enumerate() {
        let Some(node) = out.node_mut(NodeId(i as u32)) else {
            continue;
        };
        if node.kind.is_person() {
            node.id = p.clone();
            node.label = p.clone();
            identity.insert(p.clone(), p.clone());
        } else {
            node.label = names.scrub(&node.label);
        }
    }
    out.reindex();
    out.name = names.scrub(&out.name);
    out.merges_mut().clear();
    // The map from real ids to pseudonyms would undo the whole point: the copy's people are
    // known by their pseudonyms, which stay theirs.
    out.set_pseudonyms(identity);
    let kept: Vec<(String, crate::model::ColumnPrivacy)> = out
        .column_privacy()
        .iter()
        .filter(|(c, _)| out.node_attribute(c).is_some() || out.tie_attribute(c).is_some())
        .map(|(c, m)| (c.clone(), *m))
        .collect();
    for c in out.column_privacy().keys().cloned().collect::<Vec<_>>() {
        out.mark_column(&c, None);
    }
    for (c, m) in kept {
        out.mark_column(&c, Some(m));
    }
    Anonymised {
        study: out,
        removed,
    }
}

/// Whether most of a text column's values are ids of people.
fn holds_ids(a: &Attribute, by_id: &HashMap<&str, &str>) -> bool {
    let texts: Vec<&str> = a
        .values()
        .iter()
        .flatten()
        .filter_map(Value::as_text)
        .collect();
    !texts.is_empty() && texts.iter().filter(|t| by_id.contains_key(*t)).count() * 2 > texts.len()
}

/// `a` with every text value passed through `f`, or `None` when nothing changed (or the
/// column holds no text).
fn scrubbed(a: &Attribute, f: impl Fn(&str) -> String) -> Option<Attribute> {
    if a.ty() != AttrType::Text && a.ty() != AttrType::Categorical {
        return None;
    }
    let mut c = a.clone();
    let mut changed = false;
    for (i, v) in a.values().iter().enumerate() {
        if let Some(Value::Text(t)) = v {
            let clean = f(t);
            if &clean != t {
                c.set(i, Some(Value::Text(clean)));
                changed = true;
            }
        }
    }
    changed.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    #[test]
    fn the_copy_keeps_analysis_and_loses_people() {
        let mut s = Study::new(true);
        let a = s.add_node("R1", "Ann Smith", NodeKind::Respondent).unwrap();
        let b = s.add_node("A001", "Bob Jones", NodeKind::Alter).unwrap();
        let lib = s.add_node("P01", "Library", NodeKind::Place).unwrap();
        s.connect(a, b).unwrap();
        s.connect(a, lib).unwrap();
        fn cells<'a>(v: &[&'a str]) -> Vec<Option<&'a str>> {
            v.iter().map(|x| Some(*x)).collect()
        }
        s.put_node_attribute(Attribute::infer("email", &cells(&["ann@x.org", "", ""])));
        s.put_node_attribute(Attribute::infer("gender", &cells(&["woman", "man", ""])));
        s.put_node_attribute(Attribute::infer("wemwbs", &cells(&["51", "", ""])));
        s.put_node_attribute(Attribute::infer(
            "role",
            &cells(&["neighbour of bob jones", "", ""]),
        ));
        s.put_tie_attribute(Attribute::infer(RESPONDENT_ID, &cells(&["R1", "R1"])));
        s.put_tie_attribute(Attribute::infer("written", &cells(&["Bobby J", "library"])));
        let anon = anonymise(&s);
        let out = &anon.study;
        assert_eq!(out.nodes()[0].id, "P001");
        assert_eq!(out.nodes()[1].label, "P002");
        assert_eq!(out.nodes()[2].label, "Library");
        assert!(out.node_attribute("email").is_none());
        assert!(out.tie_attribute("written").is_none());
        assert_eq!(
            out.node_attribute("role").unwrap().value(0),
            Some(&Value::Text("neighbour of P002".into()))
        );
        assert_eq!(
            out.tie_attribute(RESPONDENT_ID).unwrap().value(1),
            Some(&Value::Text("P001".into()))
        );
        assert!(out.node_attribute("gender").is_some());
        assert_eq!(
            out.node_attribute("wemwbs")
                .unwrap()
                .value(0)
                .and_then(Value::as_number),
            Some(51.0)
        );
        assert_eq!(
            anon.report(),
            [
                "removed column email: looks like email addresses",
                "removed column written (tie attribute): its name says names"
            ]
        );
        assert_eq!(out.find("P002"), Some(NodeId(1)));
    }

    #[test]
    fn scrubbing_ignores_case_and_accents_but_not_word_edges() {
        let mut s = Study::new(false);
        s.add_node("R1", "José Núñez", NodeKind::Respondent)
            .unwrap();
        s.add_node("A1", "Ann", NodeKind::Alter).unwrap();
        let p = Pseudonyms::new(&s);
        assert_eq!(
            p.scrub("met JOSE NUNEZ and ann at the Annual fair"),
            "met P001 and P002 at the Annual fair"
        );
        assert_eq!(p.scrub("José Núñez."), "P001.");
    }
}
