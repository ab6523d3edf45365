//! The review queue: the names matching left open, each with the people it may be and its
//! evidence in one line, ordered by how much the decision matters.
//!
//! A decision that would connect an isolated respondent comes first (isolation is the
//! study's main finding), then one that joins two parts of the network (it makes a broker
//! and changes the count of components), then the rest, the most connected people first.
//! Each item is decided on one key: **accept** the reading shown, **reject** it (the next
//! reading is shown; with none left the name is another person), or **another person**
//! (kept apart from everyone it fits). Accepted readings are merges made by hand in the
//! study's merge record; "another person" is kept on the name's node as the attribute
//! [`NAME_DECISION`]. Both are saved with the project and exported by
//! [`super::aliases::AliasTable::from_study`].

use super::build::RESPONDENT_ID;
use super::matching::{Matches, Status};
use crate::model::{AttrType, MergeError, NodeId, NodeKind, Study, Value};

/// The node attribute that records "another person" decisions.
pub const NAME_DECISION: &str = "name_decision";
/// Its value.
pub const ANOTHER_PERSON: &str = "another person";

/// How much a decision matters, most first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Impact {
    /// Accepting would connect an isolated respondent.
    Isolate,
    /// Accepting would join two parts of the network: a new broker, one component fewer.
    Structure,
    /// Accepting changes ties within one part of the network.
    Ties,
}

impl Impact {
    /// A few words for the queue.
    pub fn describe(self) -> &'static str {
        match self {
            Impact::Isolate => "changes an isolate",
            Impact::Structure => "joins two parts of the network",
            Impact::Ties => "ties within one part",
        }
    }
}

/// A person a name may be.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// The person's node id.
    pub id: String,
    /// Their name.
    pub label: String,
    /// How likely, from 0 to 1 (the share of the weight, or the pair's score).
    pub share: f64,
    /// Why, in one line.
    pub evidence: String,
}

/// One name to decide.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReviewItem {
    /// The name's node id.
    pub id: String,
    /// The name as shown.
    pub label: String,
    /// The respondents who wrote it, sorted.
    pub writers: Vec<String>,
    /// The people it may be, likeliest first; the first is the reading shown.
    pub candidates: Vec<Candidate>,
    /// How much accepting the reading shown matters.
    pub impact: Impact,
}

impl ReviewItem {
    /// The item in one line: `"Leanne C." (R0012) = "Leanne Clarke"? 62%: named by 30
    /// others · joins two parts of the network`.
    pub fn line(&self) -> String {
        let who = if self.writers.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.writers.join(", "))
        };
        match self.candidates.first() {
            Some(c) => format!(
                "\"{}\"{who} = \"{}\"? {:.0}%: {} · {}",
                self.label,
                c.label,
                c.share * 100.0,
                c.evidence,
                self.impact.describe()
            ),
            None => format!("\"{}\"{who}: no reading left", self.label),
        }
    }
}

/// A decision on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The name is the first candidate.
    Accept,
    /// The name is not the first candidate: drop it (with none left, another person).
    Reject,
    /// The name is none of them: keep it apart.
    AnotherPerson,
}

/// The review queue of a study just matched: every ambiguous name with its readings, and
/// every pair left for review below the automatic threshold, ordered by impact. Node ids in
/// `matches` are those of `before` (the study before automatic merges); the items name
/// nodes by id, so they hold in `after` too.
pub fn queue(before: &Study, after: &Study, matches: &Matches) -> Vec<ReviewItem> {
    let id = |n: NodeId| before.node(n).map(|x| x.id.clone());
    let mut raw: Vec<(String, Vec<Candidate>)> = Vec::new();
    for u in &matches.unresolved {
        let Some(name) = id(u.node) else { continue };
        let candidates = u
            .readings
            .iter()
            .filter_map(|r| {
                Some(Candidate {
                    id: id(r.node)?,
                    label: String::new(),
                    share: r.share,
                    evidence: r.why.join(", "),
                })
            })
            .collect();
        raw.push((name, candidates));
    }
    for s in matches
        .suggestions
        .iter()
        .filter(|s| s.status == Status::Review)
    {
        let (Some(a), Some(b)) = (id(s.a), id(s.b)) else {
            continue;
        };
        // The name to decide is the later one, unless that is a respondent.
        let b_respondent = before
            .node(s.b)
            .is_some_and(|n| n.kind == NodeKind::Respondent);
        let (name, person) = if b_respondent { (a, b) } else { (b, a) };
        if raw.iter().any(|(n, _)| *n == name) {
            if let Some((_, c)) = raw.iter_mut().find(|(n, _)| *n == name)
                && !c.iter().any(|x| x.id == person)
            {
                c.push(Candidate {
                    id: person,
                    label: String::new(),
                    share: s.score,
                    evidence: s.evidence.join("; "),
                });
            }
            continue;
        }
        raw.push((
            name,
            vec![Candidate {
                id: person,
                label: String::new(),
                share: s.score,
                evidence: s.evidence.join("; "),
            }],
        ));
    }
    let (components, _) = after.components();
    let degrees = after.degrees();
    let writers = writers_by_target(after);
    let mut items: Vec<(ReviewItem, usize)> = Vec::new();
    for (name, candidates) in raw {
        let Some(x) = after.find(&name) else { continue };
        let Some(node) = after.node(x) else { continue };
        // Candidates merged away since, or merged with the name already, drop out.
        let mut cs: Vec<Candidate> = candidates
            .into_iter()
            .filter_map(|mut c| {
                let n = after.find(&c.id)?;
                if n == x {
                    return None;
                }
                c.label = after.node(n)?.label.clone();
                Some(c)
            })
            .collect();
        if cs.is_empty() {
            continue;
        }
        cs.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.id.cmp(&b.id)));
        let top = after.find(&cs[0].id).unwrap_or(x);
        let impact = impact(after, x, top, &components, &degrees);
        let weight = degrees.get(top.index()).copied().unwrap_or(0);
        items.push((
            ReviewItem {
                id: name,
                label: node.label.clone(),
                writers: writers.get(x.index()).cloned().unwrap_or_default(),
                candidates: cs,
                impact,
            },
            weight,
        ));
    }
    items.sort_by(|(a, wa), (b, wb)| {
        a.impact
            .cmp(&b.impact)
            .then(wb.cmp(wa))
            .then(a.id.cmp(&b.id))
    });
    items.into_iter().map(|(i, _)| i).collect()
}

/// How much joining `x` into `top` matters.
fn impact(study: &Study, x: NodeId, top: NodeId, components: &[u32], degrees: &[usize]) -> Impact {
    let isolated = |n: NodeId| {
        study
            .node(n)
            .is_some_and(|k| k.kind == NodeKind::Respondent)
            && degrees.get(n.index()) == Some(&0)
    };
    if isolated(x) || isolated(top) {
        Impact::Isolate
    } else if components.get(x.index()) != components.get(top.index()) {
        Impact::Structure
    } else {
        Impact::Ties
    }
}

/// The respondents who named each node, sorted.
fn writers_by_target(study: &Study) -> Vec<Vec<String>> {
    let attr = study.tie_attribute(RESPONDENT_ID);
    let mut out = vec![Vec::new(); study.node_count()];
    for (i, t) in study.ties().iter().enumerate() {
        if let Some(r) = attr.and_then(|a| a.value(i)).and_then(Value::as_text)
            && let Some(v) = out.get_mut(t.target.index())
        {
            v.push(r.to_string());
        }
    }
    for v in &mut out {
        v.sort();
        v.dedup();
    }
    out
}

/// Carries out a decision on the first item of `queue`: accepting merges the name into
/// the first candidate (a merge made by hand, with the evidence); rejecting drops that
/// candidate, and with none left records another person; another person records the
/// decision on the name's node. The item leaves the queue unless rejected with candidates
/// left. Returns whether the study changed.
pub fn decide(
    study: &mut Study,
    queue: &mut Vec<ReviewItem>,
    decision: Decision,
) -> Result<bool, MergeError> {
    let Some(item) = queue.first_mut() else {
        return Ok(false);
    };
    let decision = if decision == Decision::Reject {
        item.candidates.remove(0);
        if !item.candidates.is_empty() {
            return Ok(false);
        }
        Decision::AnotherPerson
    } else {
        decision
    };
    let item = queue.remove(0);
    // An earlier decision may have merged the name or its candidate into someone: the
    // decision applies to the person they are now.
    let Some(x) = person_now(study, &item.id) else {
        return Err(MergeError::Gone(item.label.clone()));
    };
    match decision {
        Decision::Accept => {
            let Some(c) = item.candidates.first() else {
                return Ok(false);
            };
            let Some(keep) = person_now(study, &c.id) else {
                return Err(MergeError::Gone(c.label.clone()));
            };
            if keep == x {
                return Ok(false);
            }
            let evidence = vec![format!("reviewed: {}", item.line())];
            study.merge_nodes(keep, &[x], c.share, evidence, false)?;
        }
        Decision::Reject | Decision::AnotherPerson => {
            let a = study.declare_node_attribute(NAME_DECISION, AttrType::Text)?;
            study.set_node_value(a, x, Some(Value::Text(ANOTHER_PERSON.into())));
        }
    }
    Ok(true)
}

/// The node standing for `id` now: itself, or the node it was merged into (through any
/// number of later merges).
fn person_now(study: &Study, id: &str) -> Option<NodeId> {
    let mut id = id.to_string();
    for _ in 0..=study.merges().len() {
        if let Some(n) = study.find(&id) {
            return Some(n);
        }
        id = study
            .merges()
            .iter()
            .rev()
            .find(|m| m.absorbed.iter().any(|a| a.id == id))?
            .kept
            .clone();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{self, MergeMode};

    fn survey() -> survey::Survey {
        // "Leanne C." by R10 fits Leanne Clarke (named by many) and Leanne Campbell (who
        // named R10): left for review. "Sam Lee" (R12) is isolated and "Sam L." fits her.
        let mut csv = String::from("id,name,friend_1,friend_2\n");
        for i in 1..=8 {
            csv.push_str(&format!("R{i},Person{i} Ray,Leanne Clarke,\n"));
        }
        csv.push_str(
            "R9,Leanne Campbell,Ann Ray,\nR10,Ann Ray,Leanne C.,\nR11,Bob Fox,Sam L.,\nR12,Sam Lee,,\n",
        );
        let grid = survey::read_table(std::path::Path::new("s.csv"), csv.as_bytes()).unwrap();
        let recipe = survey::propose::propose(&grid).unwrap();
        survey::import(&grid, &recipe, MergeMode::Auto, "s").unwrap()
    }

    #[test]
    fn the_queue_puts_isolates_first_and_decisions_change_the_study() {
        let s = survey();
        let q = &s.review;
        assert!(q.len() >= 2, "{q:?}");
        assert_eq!(q[0].impact, Impact::Isolate, "{q:?}");
        assert_eq!(q[0].label, "Sam L.");
        let leanne = q.iter().find(|i| i.label == "Leanne C.").unwrap();
        assert_eq!(leanne.candidates.len(), 2);
        assert!(leanne.line().contains("Leanne"), "{}", leanne.line());

        let mut study = s.study.clone();
        let mut queue = s.review.clone();
        let merges = study.merges().len();
        // Accept the first: Sam L. joins Sam Lee.
        assert!(decide(&mut study, &mut queue, Decision::Accept).unwrap());
        assert_eq!(study.merges().len(), merges + 1);
        assert!(!study.merges().last().unwrap().automatic);
        // Reject Leanne C.'s first reading, then the second: another person.
        while queue.first().is_some_and(|i| i.label != "Leanne C.") {
            queue.remove(0);
        }
        assert!(!decide(&mut study, &mut queue, Decision::Reject).unwrap());
        assert_eq!(queue[0].candidates.len(), 1);
        assert!(decide(&mut study, &mut queue, Decision::Reject).unwrap());
        let node = study.find(&leanne.id).unwrap();
        let a = study.node_attribute(NAME_DECISION).unwrap();
        assert_eq!(
            a.value(node.index()),
            Some(&Value::Text(ANOTHER_PERSON.into()))
        );
        // Both decisions reach the alias table.
        let table = survey::aliases::AliasTable::from_study(&study);
        assert!(
            table
                .rows
                .iter()
                .any(|r| r.written == "Sam L." && r.person.as_deref() == Some("R12"))
        );
        assert!(
            table
                .rows
                .iter()
                .any(|r| r.written == "Leanne C." && r.person.is_none())
        );
    }
    #[test]
    fn decisions_follow_earlier_merges_and_say_when_a_person_is_gone() {
        let mut study = Study::new(true);
        for (id, label) in [
            ("a", "Leanne Clarke"),
            ("b", "Leanne C."),
            ("c", "L. Clarke"),
        ] {
            study.add_node(id, label, NodeKind::Alter).unwrap();
        }
        let item = |id: &str, label: &str, to: &str| ReviewItem {
            id: id.into(),
            label: label.into(),
            writers: vec!["R1".into()],
            candidates: vec![Candidate {
                id: to.into(),
                label: to.into(),
                share: 0.8,
                evidence: String::new(),
            }],
            impact: Impact::Ties,
        };
        // "L. Clarke" is Leanne Clarke; then "Leanne C." is "L. Clarke", who is now her.
        let mut queue = vec![item("c", "L. Clarke", "a"), item("b", "Leanne C.", "c")];
        assert!(decide(&mut study, &mut queue, Decision::Accept).unwrap());
        assert!(decide(&mut study, &mut queue, Decision::Accept).unwrap());
        assert_eq!(study.node_count(), 1);
        assert_eq!(study.merges().len(), 2);
        // A candidate no longer in the study is an error, not a silent no-op.
        let mut gone = vec![item("a", "Leanne Clarke", "zz")];
        let err = decide(&mut study, &mut gone, Decision::Accept).unwrap_err();
        assert!(err.to_string().contains("no longer in the study"), "{err}");
    }
}
