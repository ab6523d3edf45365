//! Stable pseudonyms: every person (respondent or alter) is P001, P002, ... in node order,
//! so the same study gives the same pseudonyms in every figure, whatever is filtered out.
//! Places and groups keep their names: they are not people.

use crate::model::Study;

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
    /// Pseudonyms for the study's people.
    pub fn new(study: &Study) -> Self {
        let persons = study.nodes().iter().filter(|n| n.kind.is_person()).count();
        let mut k = 0;
        let mut names = Vec::with_capacity(study.node_count());
        let mut replacements = Vec::new();
        for node in study.nodes() {
            if node.kind.is_person() {
                let p = pseudonym(k, persons);
                k += 1;
                for s in [&node.label, &node.id] {
                    // Short or letter-free keys ("7", "R01") are not names and would
                    // garble ordinary text if replaced.
                    let t = s.trim();
                    if t.chars().count() >= 3 && t.chars().any(char::is_alphabetic) {
                        replacements.push((t.to_string(), p.clone()));
                    }
                }
                names.push(p);
            } else {
                names.push(node.label.clone());
            }
        }
        replacements.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        replacements.dedup_by(|a, b| a.0 == b.0);
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
}
