//! What a merge leaves in the study: which nodes were joined into one person, why, and
//! enough to split them apart again ([`super::merge`] makes and undoes merges).

use super::attribute::{AttrType, Value};
use super::ids::NodeKind;

/// A node as it was before it was merged into another.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MergedNode {
    /// The node's id.
    pub id: String,
    /// The node's label (the name as written).
    pub label: String,
    /// The node's kind.
    pub kind: NodeKind,
    /// The node's present attribute values: column name, column type and value.
    pub attributes: Vec<(String, AttrType, Value)>,
}

/// Which end of a tie moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TieEnd {
    /// The tie's source (the nominating person).
    Source,
    /// The tie's target (the person or place named).
    Target,
}

/// One tie end moved from an absorbed node to the kept node.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MovedEnd {
    /// The tie's index in [`Study::ties`] (merging never removes ties, so it stays valid).
    pub tie: usize,
    /// Which end moved.
    pub end: TieEnd,
    /// The id of the absorbed node the end pointed at before.
    pub from: String,
}

/// One merge: several nodes judged to be one person, joined into the node that was kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Merge {
    /// The id of the node that was kept.
    pub kept: String,
    /// The kept node's label when the merge was made.
    pub kept_label: String,
    /// The nodes merged into it, as they were.
    pub absorbed: Vec<MergedNode>,
    /// Every tie end that moved from an absorbed node to the kept node.
    pub moved: Vec<MovedEnd>,
    /// How sure the suggestion was, from 0 to 1.
    pub score: f64,
    /// Why the nodes were judged to be one person, one sentence each.
    pub evidence: Vec<String>,
    /// True when `--merge auto` made the merge, false when a person did.
    pub automatic: bool,
}

impl Merge {
    /// The names joined, kept name first: `"David Okafor" = "Dave O." = "david okafor"`.
    pub fn names(&self) -> String {
        std::iter::once(self.kept_label.as_str())
            .chain(self.absorbed.iter().map(|n| n.label.as_str()))
            .map(|l| format!("\"{l}\""))
            .collect::<Vec<_>>()
            .join(" = ")
    }
}
