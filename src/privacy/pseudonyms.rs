//! Stable pseudonyms: every person (respondent or alter) is P001, P002, ... in node order
//! when first seen, kept in the study ([`Study::pseudonyms`]) for the life of the project,
//! so the same person has the same pseudonym in every figure, file and panel, whatever is
//! filtered out. Places and groups keep their names: they are not people.

use std::collections::BTreeMap;

use crate::model::{Node, Study, Value};

/// The pseudonym of the `k`-th person (0-based): `P001`, at least three digits.
pub fn pseudonym(k: usize, persons: usize) -> String {
    let digits = persons.to_string().len().max(3);
    format!("P{:0digits$}", k + 1)
}

/// Display names with people replaced by pseudonyms, and a scrubber for free text.
#[derive(Debug, Clone)]
pub struct Pseudonyms {
    /// The name to show for every node, in node order.
    pub names: Vec<String>,
    /// (name folded to lower case without accents, pseudonym), for scrubbing free text.
    replacements: Vec<(String, String)>,
    /// Finds every folded name at once: free text is scrubbed in one pass however many
    /// people a study has. Made on the first scrub, as most users of pseudonyms only name
    /// nodes.
    matcher: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl PartialEq for Pseudonyms {
    fn eq(&self, other: &Self) -> bool {
        self.names == other.names && self.replacements == other.replacements
    }
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
        finish(study, names, replacements)
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
        finish(study, names, replacements)
    }

    /// The name to show for node `i`: its pseudonym when names are `hidden` (a place keeps
    /// its name), else its label. Every panel, figure and file asks this.
    pub fn shown<'a>(&'a self, study: &'a Study, i: usize, hidden: bool) -> &'a str {
        if hidden {
            self.names.get(i).map_or("", String::as_str)
        } else {
            study.nodes().get(i).map_or("", |n| n.label.as_str())
        }
    }

    /// Every node's shown name, in node order (see [`Pseudonyms::shown`]).
    pub fn shown_all(&self, study: &Study, hidden: bool) -> Vec<String> {
        (0..study.node_count())
            .map(|i| self.shown(study, i, hidden).to_string())
            .collect()
    }

    /// Free text as it may be shown: with names `hidden`, every person's name or id in it
    /// replaced by their pseudonym.
    pub fn shown_text<'a>(&self, text: &'a str, hidden: bool) -> std::borrow::Cow<'a, str> {
        if hidden {
            std::borrow::Cow::Owned(self.scrub(text))
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// `text` with every person's name or id replaced by their pseudonym, found whatever
    /// its case and accents ("ann SMITH", "Jose" for "José") when it stands as whole words.
    pub fn scrub(&self, text: &str) -> String {
        let matcher = self.matcher.get_or_init(|| {
            if self.replacements.is_empty() {
                return None;
            }
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(self.replacements.iter().map(|r| r.0.as_str()))
                .ok()
        });
        let Some(matcher) = matcher else {
            // No names to find, or too many to search for: then the text is withheld
            // rather than shown with names in it.
            return if self.replacements.is_empty() {
                text.to_string()
            } else {
                "[text hidden]".to_string()
            };
        };
        // The text folded as the names were, with each folded byte's source character.
        let mut folded = String::with_capacity(text.len());
        let mut source: Vec<(usize, usize)> = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            let f = fold_char(c);
            for _ in 0..f.len() {
                source.push((at, end));
            }
            folded.push_str(&f);
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for m in matcher.find_iter(&folded) {
            let (start, _) = source[m.start()];
            let (_, end) = source[m.end() - 1];
            // Only whole characters, and whole words: "Ann" is not scrubbed out of "Annual".
            let whole_chars = m.start() == 0 || source[m.start() - 1].0 != start;
            let word_edge = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
            if start < copied
                || !whole_chars
                || !word_edge(text[..start].chars().next_back())
                || !word_edge(text[end..].chars().next())
            {
                continue;
            }
            out.push_str(&text[copied..start]);
            out.push_str(&self.replacements[m.pattern().as_usize()].1);
            copied = end;
        }
        out.push_str(&text[copied..]);
        out
    }
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

/// A character as names are compared: lower case, accents and other scripts spelled in
/// plain letters.
fn fold_char(c: char) -> String {
    if c.is_ascii() {
        return c.to_ascii_lowercase().to_string();
    }
    match deunicode::deunicode_char(c) {
        Some(s) => s.to_lowercase(),
        _ => c.to_lowercase().collect(),
    }
}

/// `s` folded character by character (see [`fold_char`]).
pub(crate) fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn push_replacements(replacements: &mut Vec<(String, String)>, node: &Node, p: &str) {
    for s in [&node.label, &node.id] {
        push_key(replacements, s, p);
    }
}

fn push_key(replacements: &mut Vec<(String, String)>, name: &str, p: &str) {
    // Short or letter-free keys ("7", "R01") are not names and would garble ordinary text
    // if replaced.
    let t = name.trim();
    if t.chars().count() >= 3 && t.chars().any(char::is_alphabetic) {
        replacements.push((fold(t), p.to_string()));
    }
}

/// The pseudonyms with their scrubber: names sorted longest first (so "Ann Smith" wins
/// over "Ann"), one pseudonym per folded name.
fn finish(
    study: &Study,
    names: Vec<String>,
    mut replacements: Vec<(String, String)>,
) -> Pseudonyms {
    // Names kept in columns (a name sheet joined by id, nicknames, the names merged into
    // someone) are that person's names too.
    for a in study
        .node_attributes()
        .iter()
        .filter(|a| super::classify::by_name(a.name()) == Some(super::Identifying::Names))
    {
        for (i, v) in a.values().iter().enumerate() {
            let (Some(Value::Text(t)), Some(node), Some(p)) =
                (v, study.nodes().get(i), names.get(i))
            else {
                continue;
            };
            if node.kind.is_person() {
                for part in t.split(['|', ';']) {
                    push_key(&mut replacements, part, p);
                }
            }
        }
    }
    replacements.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    replacements.dedup_by(|a, b| a.0 == b.0);
    Pseudonyms {
        names,
        replacements,
        matcher: std::sync::OnceLock::new(),
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
