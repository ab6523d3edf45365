//! Stable pseudonyms: every person (respondent or alter) is P001, P002, ... in node order,
//! so the same study gives the same pseudonyms in every figure, whatever is filtered out.
//! Places and groups keep their names: they are not people.

use std::collections::BTreeMap;

use crate::model::{Node, Study};

/// The pseudonym of the `k`-th person (0-based): `P001`, at least three digits.
pub fn pseudonym(k: usize, persons: usize) -> String {
    let digits = persons.to_string().len().max(3);
    format!("P{:0digits$}", k + 1)
}

/// Display names with people replaced by pseudonyms, and a scrubber for free text.
#[derive(Debug, Clone, PartialEq)]
pub struct Pseudonyms {
    /// The name to show for every node, in node order.
    pub names: Vec<String>,
    /// (name as written, pseudonym), longest first, for scrubbing free text.
    replacements: Vec<(String, String)>,
}

impl Pseudonyms {
    /// Pseudonyms for the study's people: those assigned in the study
    /// ([`Study::pseudonyms`]), or else numbered in node order.
    pub fn new(study: &Study) -> Self {
        Self::with_assigned(study, study.pseudonyms())
    }

    /// People numbered in node order.
    fn numbered(study: &Study) -> Self {
        let persons = study.nodes().iter().filter(|n| n.kind.is_person()).count();
        let mut k = 0;
        let mut names = Vec::with_capacity(study.node_count());
        let mut replacements = Vec::new();
        for node in study.nodes() {
            if node.kind.is_person() {
                let p = pseudonym(k, persons);
                k += 1;
                push_replacements(&mut replacements, node, &p);
                names.push(p);
            } else {
                names.push(node.label.clone());
            }
        }
        sort_replacements(&mut replacements);
        Pseudonyms {
            names,
            replacements,
        }
    }

    /// Pseudonyms kept with a project: `assigned` maps node ids to pseudonyms, so a person
    /// keeps theirs after merges, re-imports and filtering. A person missing from the map
    /// gets the next number after the highest assigned one (in node order), so no name is
    /// ever shown; places and groups keep their names. With an empty map this is
    /// [`Pseudonyms::new`].
    pub fn with_assigned(study: &Study, assigned: &BTreeMap<String, String>) -> Self {
        if assigned.is_empty() {
            return Pseudonyms::numbered(study);
        }
        let persons = study.nodes().iter().filter(|n| n.kind.is_person()).count();
        let mut next = assigned
            .values()
            .filter_map(|p| pseudonym_number(p))
            .max()
            .unwrap_or(0);
        let mut names = Vec::with_capacity(study.node_count());
        let mut replacements = Vec::new();
        for node in study.nodes() {
            if !node.kind.is_person() {
                names.push(node.label.clone());
                continue;
            }
            let p = match assigned.get(&node.id) {
                Some(p) => p.clone(),
                None => {
                    next += 1;
                    pseudonym(next - 1, persons)
                }
            };
            push_replacements(&mut replacements, node, &p);
            names.push(p);
        }
        sort_replacements(&mut replacements);
        Pseudonyms {
            names,
            replacements,
        }
    }

    /// `text` with every person's name or id replaced by their pseudonym.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, p) in &self.replacements {
            if out.contains(name.as_str()) {
                out = out.replace(name.as_str(), p);
            }
        }
        out
    }
}

/// A copy of `study` safe to hand on with names hidden: every person's id and label are
/// their pseudonym, names inside text values (of nodes and ties) are replaced by
/// pseudonyms, and the merge record (which lists the names joined) is left out. Places and
/// groups keep their names. Tie order, attributes and waves are unchanged.
pub fn anonymised(study: &Study) -> Study {
    let names = Pseudonyms::new(study);
    let mut out = study.clone();
    for (i, p) in names.names.iter().enumerate() {
        let id = crate::model::NodeId(i as u32);
        let person = out.node(id).is_some_and(|n| n.kind.is_person());
        if person && let Some(node) = out.node_mut(id) {
            node.id = p.clone();
            node.label = p.clone();
        }
    }
    out.reindex();
    let scrub = |a: &crate::model::Attribute| -> Option<crate::model::Attribute> {
        if a.ty() != crate::model::AttrType::Text && a.ty() != crate::model::AttrType::Categorical {
            return None;
        }
        let mut c = a.clone();
        for (i, v) in a.values().iter().enumerate() {
            if let Some(crate::model::Value::Text(t)) = v {
                let clean = names.scrub(t);
                if &clean != t {
                    c.set(i, Some(crate::model::Value::Text(clean)));
                }
            }
        }
        Some(c)
    };
    let node_cols: Vec<_> = out.node_attributes().iter().filter_map(scrub).collect();
    for c in node_cols {
        out.put_node_attribute(c);
    }
    let tie_cols: Vec<_> = out.tie_attributes().iter().filter_map(scrub).collect();
    for c in tie_cols {
        out.put_tie_attribute(c);
    }
    out.merges_mut().clear();
    // The map from real ids to pseudonyms would undo the whole point.
    out.set_pseudonyms(BTreeMap::new());
    out
}

/// Gives every person of `study` without a pseudonym the next free one (kept in
/// [`Study::pseudonyms`]) and returns how many were given. Pseudonyms already given never
/// change and are never reused (an entry stays when its person is merged away, so an undo
/// brings the same pseudonym back). On a study without any, people get `P001`, `P002`, ...
/// in node order, the numbering figures have always used; later newcomers get numbers
/// after the highest given.
pub fn assign(study: &mut Study) -> usize {
    let persons = study.nodes().iter().filter(|n| n.kind.is_person()).count();
    let mut map = study.pseudonyms().clone();
    let mut next = map
        .values()
        .filter_map(|p| pseudonym_number(p))
        .max()
        .unwrap_or(0);
    let mut given = 0;
    for node in study.nodes() {
        if node.kind.is_person() && !map.contains_key(&node.id) {
            next += 1;
            map.insert(node.id.clone(), pseudonym(next - 1, persons));
            given += 1;
        }
    }
    study.set_pseudonyms(map);
    given
}

/// The number in a pseudonym written by [`pseudonym`] (`"P042"` -> 42).
fn pseudonym_number(p: &str) -> Option<usize> {
    let digits = p.strip_prefix('P')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn push_replacements(replacements: &mut Vec<(String, String)>, node: &Node, p: &str) {
    for s in [&node.label, &node.id] {
        // Short or letter-free keys ("7", "R01") are not names and would garble ordinary
        // text if replaced.
        let t = s.trim();
        if t.chars().count() >= 3 && t.chars().any(char::is_alphabetic) {
            replacements.push((t.to_string(), p.to_string()));
        }
    }
}

fn sort_replacements(replacements: &mut Vec<(String, String)>) {
    replacements.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    replacements.dedup_by(|a, b| a.0 == b.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    #[test]
    fn people_get_pseudonyms_and_places_keep_names() {
        let mut s = Study::new(false);
        s.add_node("R1", "Ann Smith", NodeKind::Respondent).unwrap();
        s.add_node("Library", "Library", NodeKind::Place).unwrap();
        s.add_node("Bob Jones", "Bob Jones", NodeKind::Alter)
            .unwrap();
        let p = Pseudonyms::new(&s);
        assert_eq!(p.names, ["P001", "Library", "P002"]);
        assert_eq!(
            p.scrub("Ann Smith met Bob Jones at the Library"),
            "P001 met P002 at the Library"
        );
        assert_eq!(pseudonym(41, 1500), "P0042");
    }

    #[test]
    fn assigned_pseudonyms_are_kept_and_newcomers_numbered_after_them() {
        let mut s = Study::new(false);
        s.add_node("R1", "Ann Smith", NodeKind::Respondent).unwrap();
        s.add_node("Library", "Library", NodeKind::Place).unwrap();
        s.add_node("Bob Jones", "Bob Jones", NodeKind::Alter)
            .unwrap();
        s.add_node("R9", "Cy Young", NodeKind::Respondent).unwrap();
        let assigned = BTreeMap::from([
            ("Bob Jones".to_string(), "P001".to_string()),
            ("R1".to_string(), "P007".to_string()),
        ]);
        let p = Pseudonyms::with_assigned(&s, &assigned);
        assert_eq!(p.names, ["P007", "Library", "P001", "P008"]);
        assert_eq!(p.scrub("Ann Smith and Cy Young"), "P007 and P008");
        assert_eq!(
            Pseudonyms::with_assigned(&s, &BTreeMap::new()),
            Pseudonyms::new(&s)
        );
        assert_eq!(pseudonym_number("P0042"), Some(42));
        assert_eq!(pseudonym_number("Q1"), None);
    }
}
