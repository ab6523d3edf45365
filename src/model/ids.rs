//! The small types every part of a study is keyed by: node, relation and wave indices, and
//! what a node stands for.

use std::fmt;

/// Index of a node in its study. Stable while the study is not edited.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index as a `usize`, for indexing per-node vectors.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a relation (e.g. "rely_on", "advice") in [`Study::relations`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct RelationId(pub u16);

/// Index of a wave (e.g. "baseline", "2") in [`Study::waves`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct WaveId(pub u16);

/// What a node stands for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A person who answered the survey (or any person in a one-mode network).
    #[default]
    Respondent,
    /// A person named by a respondent who did not answer the survey.
    Alter,
    /// A place people use: a library, a shop, a job centre.
    Place,
    /// A group, organisation or event: a club, a faith group, a Facebook group.
    Group,
}

impl NodeKind {
    /// Every kind, in display order.
    pub const ALL: [NodeKind; 4] = [
        NodeKind::Respondent,
        NodeKind::Alter,
        NodeKind::Place,
        NodeKind::Group,
    ];

    /// The lower-case name used in files (`kind` in GraphML) and on screen.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Respondent => "respondent",
            NodeKind::Alter => "alter",
            NodeKind::Place => "place",
            NodeKind::Group => "group",
        }
    }

    /// Reads a kind name, case-insensitively; `person` reads as respondent and `event` or
    /// `organisation` as group.
    pub fn parse(s: &str) -> Option<NodeKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "respondent" | "person" | "ego" => Some(NodeKind::Respondent),
            "alter" => Some(NodeKind::Alter),
            "place" | "location" => Some(NodeKind::Place),
            "group" | "event" | "organisation" | "organization" => Some(NodeKind::Group),
            _ => None,
        }
    }

    /// True for people (respondents and alters), false for places and groups.
    pub fn is_person(self) -> bool {
        matches!(self, NodeKind::Respondent | NodeKind::Alter)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
