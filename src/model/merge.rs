//! The merge record: which nodes were joined into one person, why, and enough to split them
//! apart again.
//!
//! When an analyst (or `--merge auto`) decides that "Dave O." and "David Okafor" are one
//! person, the absorbed node is removed and its ties move to the node that is kept. The
//! [`Merge`] kept in the [`Study`] says which names were joined, with what score and evidence,
//! and holds the absorbed nodes as they were and every tie end that moved, so that
//! [`Study::unmerge`] puts the study back as it was.

use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use super::ids::NodeId;
use super::study::{Study, StudyError, Tie};

pub use super::record::{Merge, MergedNode, MovedEnd, TieEnd};

/// One group of nodes to merge ([`Study::merge_groups`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MergeGroup {
    /// The node that stays.
    pub keep: NodeId,
    /// The nodes merged into it.
    pub absorb: Vec<NodeId>,
    /// How sure the suggestion was, from 0 to 1.
    pub score: f64,
    /// Why, one sentence each.
    pub evidence: Vec<String>,
}

/// A merge or an undo that cannot be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// The study has no merge with this number.
    #[error("there is no merge number {0}")]
    NoSuchMerge(usize),
    /// A node to merge is the node to keep, or is given twice, or nothing is to be merged.
    #[error("a merge needs a node to keep and at least one other node")]
    NothingToMerge,
    /// A node to merge is no longer in the study (deleted since it was proposed).
    #[error("\"{0}\" is no longer in the study")]
    Gone(String),
    /// The study changed since the merge in a way that blocks undoing it.
    #[error("cannot undo the merge into \"{kept}\": {reason}")]
    Changed {
        /// The kept node's id.
        kept: String,
        /// What changed, for the user.
        reason: String,
    },
    /// The study refused an edit.
    #[error(transparent)]
    Study(#[from] StudyError),
}

impl Study {
    /// Merges the `absorb` nodes into `keep`: their ties move to `keep`, they are removed,
    /// and a [`Merge`] is recorded with the score and evidence. Returns the merge's number in
    /// [`Study::merges`].
    ///
    /// Everyone else keeps their index, and every tie its number.
    pub fn merge_nodes(
        &mut self,
        keep: NodeId,
        absorb: &[NodeId],
        score: f64,
        evidence: Vec<String>,
        automatic: bool,
    ) -> Result<usize, MergeError> {
        let group = MergeGroup {
            keep,
            absorb: absorb.to_vec(),
            score,
            evidence,
        };
        let first = self.merge_groups(vec![group], automatic)?;
        Ok(first)
    }

    /// Makes several merges at once, as [`Study::merge_nodes`] would one after the other
    /// (each recorded as its own [`Merge`], undone on its own), in one pass over the ties:
    /// merging thousands of names stays as quick as merging one. No node may be in two
    /// groups. Returns the number of the first merge in [`Study::merges`].
    pub fn merge_groups(
        &mut self,
        groups: Vec<MergeGroup>,
        automatic: bool,
    ) -> Result<usize, MergeError> {
        let n = self.node_bound();
        // For each node: the group it is absorbed by, if any.
        let mut gone: Vec<Option<usize>> = vec![None; n];
        let mut kept_by = vec![false; n];
        for (g, group) in groups.iter().enumerate() {
            for id in std::iter::once(group.keep).chain(group.absorb.iter().copied()) {
                if self.node(id).is_none() {
                    return Err(StudyError::UnknownNode(id.0).into());
                }
            }
            for a in &group.absorb {
                if gone[a.index()].is_some_and(|h| h != g) || kept_by[a.index()] {
                    return Err(MergeError::NothingToMerge);
                }
                gone[a.index()] = Some(g);
            }
            if gone[group.keep.index()].is_some() || group.absorb.is_empty() {
                return Err(MergeError::NothingToMerge);
            }
            kept_by[group.keep.index()] = true;
        }
        let mut records: Vec<Merge> = Vec::with_capacity(groups.len());
        for group in &groups {
            let Some(kept) = self.node(group.keep).cloned() else {
                return Err(StudyError::UnknownNode(group.keep.0).into());
            };
            let mut absorb = group.absorb.clone();
            absorb.sort_unstable();
            absorb.dedup();
            let mut absorbed = Vec::new();
            for a in absorb {
                let i = a.index();
                let Some(node) = self.node(a) else {
                    continue;
                };
                let attributes = self
                    .node_attributes()
                    .iter()
                    .filter_map(|c| {
                        c.value(i)
                            .map(|v| (c.name().to_string(), c.ty(), v.clone()))
                    })
                    .collect();
                absorbed.push(MergedNode {
                    id: node.id.clone(),
                    label: node.label.clone(),
                    kind: node.kind,
                    attributes,
                });
            }
            records.push(Merge {
                kept: kept.id,
                kept_label: kept.label,
                absorbed,
                moved: Vec::new(),
                score: group.score,
                evidence: group.evidence.clone(),
                automatic,
            });
        }
        // Ids of the absorbed nodes only: copying every id would make each merge cost as much
        // as the study is large.
        let ids: std::collections::HashMap<usize, String> = gone
            .iter()
            .enumerate()
            .filter(|(_, g)| g.is_some())
            .filter_map(|(i, _)| Some((i, self.node(NodeId(i as u32))?.id.clone())))
            .collect();
        let from = |i: usize| ids.get(&i).cloned().unwrap_or_default();
        let moving: Vec<(usize, Tie)> = self
            .graph()
            .edge_references()
            .filter(|e| {
                let t = e.weight();
                gone[t.source.index()].is_some() || gone[t.target.index()].is_some()
            })
            .map(|e| (e.id().index(), *e.weight()))
            .collect();
        for (t, tie) in moving {
            let (mut source, mut target) = (tie.source, tie.target);
            if let Some(g) = gone[tie.source.index()] {
                records[g].moved.push(MovedEnd {
                    tie: t,
                    end: TieEnd::Source,
                    from: from(tie.source.index()),
                });
                source = groups[g].keep;
            }
            if let Some(g) = gone[tie.target.index()] {
                records[g].moved.push(MovedEnd {
                    tie: t,
                    end: TieEnd::Target,
                    from: from(tie.target.index()),
                });
                target = groups[g].keep;
            }
            self.set_tie_ends(t, source, target);
        }
        let absorbed: Vec<NodeId> = (0..n)
            .filter(|&i| gone[i].is_some())
            .map(|i| NodeId(i as u32))
            .collect();
        self.remove_nodes(&absorbed);
        let first = self.merges().len();
        self.merges_mut().extend(records);
        Ok(first)
    }

    /// Undoes merge number `index`: the absorbed nodes come back (in the places removed
    /// nodes left, or at the end of the node list) with their attributes, and the tie ends
    /// that moved point at them again. The merge is removed from the record and returned.
    pub fn unmerge(&mut self, index: usize) -> Result<Merge, MergeError> {
        let Some(merge) = self.merges().get(index).cloned() else {
            return Err(MergeError::NoSuchMerge(index));
        };
        let changed = |reason: String| MergeError::Changed {
            kept: merge.kept.clone(),
            reason,
        };
        let Some(kept) = self.find(&merge.kept) else {
            return Err(changed(
                "that node was merged again later; undo that merge first".into(),
            ));
        };
        for a in &merge.absorbed {
            if self.find(&a.id).is_some() {
                return Err(changed(format!("a node \"{}\" exists again", a.id)));
            }
        }
        for m in &merge.moved {
            let Some(tie) = self.tie(m.tie) else {
                return Err(changed(format!("tie {} no longer exists", m.tie)));
            };
            let end = match m.end {
                TieEnd::Source => tie.source,
                TieEnd::Target => tie.target,
            };
            if end != kept {
                return Err(changed(format!(
                    "tie {} no longer ends at \"{}\"",
                    m.tie, merge.kept
                )));
            }
        }
        for a in &merge.absorbed {
            let node = self.add_node(a.id.clone(), a.label.clone(), a.kind)?;
            for (name, ty, value) in &a.attributes {
                let column = self.declare_node_attribute(name, *ty)?;
                self.set_node_value(column, node, Some(value.clone()));
            }
        }
        for m in &merge.moved {
            let Some(node) = self.find(&m.from) else {
                continue;
            };
            if let Some(&tie) = self.tie(m.tie) {
                let (source, target) = match m.end {
                    TieEnd::Source => (node, tie.target),
                    TieEnd::Target => (tie.source, node),
                };
                self.set_tie_ends(m.tie, source, target);
            }
        }
        self.merges_mut().remove(index);
        Ok(merge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttrType, NodeKind, Value};

    fn study() -> Study {
        let mut s = Study::new(true);
        let r = s.add_node("R1", "Ann Lee", NodeKind::Respondent).unwrap();
        let a = s.add_node("A1", "David Okafor", NodeKind::Alter).unwrap();
        let b = s.add_node("A2", "Dave O.", NodeKind::Alter).unwrap();
        let r2 = s.add_node("R2", "Bo Li", NodeKind::Respondent).unwrap();
        let col = s.declare_node_attribute("note", AttrType::Text).unwrap();
        s.set_node_value(col, b, Some(Value::Text("short".into())));
        for (src, dst) in [(r, a), (r2, b), (r, r2)] {
            s.add_tie(Tie {
                source: src,
                target: dst,
                weight: 1.0,
                relation: None,
                wave: None,
                directed: true,
            })
            .unwrap();
        }
        s
    }

    #[test]
    fn merge_moves_ties_and_undo_restores_them() {
        let mut s = study();
        let before = s.clone();
        let keep = s.find("A1").unwrap();
        let absorb = s.find("A2").unwrap();
        let i = s
            .merge_nodes(keep, &[absorb], 0.9, vec!["nickname".into()], true)
            .unwrap();
        assert_eq!(s.node_count(), 3);
        assert!(s.find("A2").is_none());
        let a1 = s.find("A1").unwrap();
        assert_eq!(s.ties().iter().filter(|t| t.target == a1).count(), 2);
        assert_eq!(s.merges()[i].names(), "\"David Okafor\" = \"Dave O.\"");
        let undone = s.unmerge(i).unwrap();
        assert_eq!(undone.score, 0.9);
        assert!(s.merges().is_empty());
        assert_eq!(s.node_count(), 4);
        let a2 = s.find("A2").unwrap();
        let r2 = s.find("R2").unwrap();
        assert!(s.ties().iter().any(|t| t.source == r2 && t.target == a2));
        let note = s.node_attribute("note").unwrap();
        assert_eq!(note.value(a2.index()), Some(&Value::Text("short".into())));
        // Same nodes (by id) and ties (by id) as before.
        let ends = |s: &Study| {
            let mut e: Vec<(String, String)> = s
                .ties()
                .iter()
                .map(|t| {
                    (
                        s.node(t.source).unwrap().id.clone(),
                        s.node(t.target).unwrap().id.clone(),
                    )
                })
                .collect();
            e.sort();
            e
        };
        assert_eq!(ends(&s), ends(&before));
    }

    #[test]
    fn merge_remove_and_unmerge_leave_everyone_else_in_place() {
        let mut s = study();
        let (r1, a1, a2, r2) = (
            s.find("R1").unwrap(),
            s.find("A1").unwrap(),
            s.find("A2").unwrap(),
            s.find("R2").unwrap(),
        );
        s.merge_nodes(a1, &[a2], 0.9, vec![], false).unwrap();
        assert_eq!(
            (s.find("R1"), s.find("A1"), s.find("R2")),
            (Some(r1), Some(a1), Some(r2))
        );
        assert_eq!(s.node_bound(), 4, "the absorbed node leaves a gap");
        // Tie 1 (R2 -> A2) now ends at A1 and keeps its number.
        assert_eq!(s.tie(1).map(|t| (t.source, t.target)), Some((r2, a1)));
        s.remove_nodes(&[r1]);
        assert_eq!((s.find("A1"), s.find("R2")), (Some(a1), Some(r2)));
        assert_eq!(s.tie_count(), 1);
        assert_eq!(s.tie(1).map(|t| (t.source, t.target)), Some((r2, a1)));
        assert!(!s.is_dense());
        s.unmerge(0).unwrap();
        let back = s.find("A2").unwrap();
        assert_eq!((s.find("A1"), s.find("R2")), (Some(a1), Some(r2)));
        assert_eq!(s.tie(1).map(|t| (t.source, t.target)), Some((r2, back)));
        let note = s.node_attribute("note").unwrap();
        assert_eq!(note.value(back.index()), Some(&Value::Text("short".into())));
        // A study with gaps is saved compacted.
        let read: Study = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        // Compacting numbers the three people 0.. in their order, ties and values following.
        s.compact();
        assert_eq!(read, s);
        assert!(s.is_dense());
        let order: Vec<&str> = s.nodes().iter().map(|n| n.id.as_str()).collect();
        let (a2, r2) = (s.find("A2").unwrap(), s.find("R2").unwrap());
        assert_eq!(order.len(), 3);
        assert_eq!(s.tie(0).map(|t| (t.source, t.target)), Some((r2, a2)));
        let note = s.node_attribute("note").unwrap();
        assert_eq!(note.values().len(), 3);
        assert_eq!(note.value(a2.index()), Some(&Value::Text("short".into())));
    }

    #[test]
    fn nested_merges_undo_in_order() {
        let mut s = study();
        let keep = s.find("A1").unwrap();
        s.merge_nodes(keep, &[s.find("A2").unwrap()], 0.9, vec![], false)
            .unwrap();
        let r2 = s.find("R2").unwrap();
        s.merge_nodes(r2, &[s.find("A1").unwrap()], 0.5, vec![], false)
            .unwrap();
        assert!(matches!(s.unmerge(0), Err(MergeError::Changed { .. })));
        s.unmerge(1).unwrap();
        s.unmerge(0).unwrap();
        assert_eq!(s.node_count(), 4);
        assert!(matches!(s.unmerge(0), Err(MergeError::NoSuchMerge(0))));
    }

    #[test]
    fn merging_groups_at_once_records_each_and_undoes_each() {
        let mut s = study();
        let before = s.clone();
        let (a1, a2, r1, r2) = (
            s.find("A1").unwrap(),
            s.find("A2").unwrap(),
            s.find("R1").unwrap(),
            s.find("R2").unwrap(),
        );
        let group = |keep, absorb: NodeId| MergeGroup {
            keep,
            absorb: vec![absorb],
            score: 0.9,
            evidence: vec![],
        };
        assert_eq!(
            s.merge_groups(vec![group(a1, a2), group(r1, a2)], true),
            Err(MergeError::NothingToMerge)
        );
        assert_eq!(s, before);
        assert_eq!(
            s.merge_groups(vec![group(a1, a2), group(r2, r1)], true),
            Ok(0)
        );
        assert_eq!(s.node_count(), 2);
        assert_eq!(s.merges().len(), 2);
        s.unmerge(0).unwrap();
        s.unmerge(0).unwrap();
        assert_eq!(s.node_count(), 4);
        let r2 = s.find("R2").unwrap();
        let a2 = s.find("A2").unwrap();
        assert!(s.ties().iter().any(|t| t.source == r2 && t.target == a2));
    }

    #[test]
    fn merging_a_node_into_itself_is_refused() {
        let mut s = study();
        let a = s.find("A1").unwrap();
        assert_eq!(
            s.merge_nodes(a, &[a], 1.0, vec![], false),
            Err(MergeError::NothingToMerge)
        );
    }
}
