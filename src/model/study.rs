//! The [`Study`]: nodes, ties, relations, waves and attribute columns.

use std::collections::{BTreeMap, HashMap};

use super::attribute::{AttrType, Attribute, Value};
pub use super::ids::{NodeId, NodeKind, RelationId, WaveId};
use super::record::Merge;

/// A person, place or group.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    /// The key that identifies the node in its source file (unique within the study).
    pub id: String,
    /// The name shown on screen; equal to `id` when the file has no separate label.
    pub label: String,
    /// What the node stands for.
    pub kind: NodeKind,
}

/// A tie from `source` to `target`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tie {
    /// The node the tie starts from (the nominating person in a survey).
    pub source: NodeId,
    /// The node the tie points to (the person or place named).
    pub target: NodeId,
    /// Tie strength; 1 for an unvalued tie.
    pub weight: f64,
    /// The relation the tie belongs to, if the data has more than one kind of tie.
    pub relation: Option<RelationId>,
    /// The survey wave the tie was observed in, if the data has waves.
    pub wave: Option<WaveId>,
    /// Whether the tie has a direction (an arc) or not (an edge).
    pub directed: bool,
}

/// An edit that would leave the study inconsistent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StudyError {
    /// Two nodes with one id.
    #[error("there is already a node with id \"{0}\"")]
    DuplicateNode(String),
    /// A tie that names a node the study does not have.
    #[error("a tie refers to node number {0}, which does not exist")]
    UnknownNode(u32),
    /// An attribute read as one type and written as another.
    #[error("attribute \"{name}\" is {existing}, not {requested}")]
    AttributeType {
        /// The attribute.
        name: String,
        /// Its type so far.
        existing: AttrType,
        /// The type asked for.
        requested: AttrType,
    },
    /// More relations or waves than an index holds.
    #[error("too many {0} (at most 65,535)")]
    TooMany(&'static str),
}

/// A whole network: nodes with attributes, ties with relation, wave, weight and direction.
///
/// Collections keep insertion order, which is the order of the source file, so that output
/// is deterministic.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Study {
    /// Whether the network as a whole is directed (nominations) or undirected.
    pub directed: bool,
    /// A name for the study, such as the file it came from.
    pub name: String,
    nodes: Vec<Node>,
    #[serde(skip)]
    index: HashMap<String, NodeId>,
    ties: Vec<Tie>,
    relations: Vec<String>,
    waves: Vec<String>,
    node_attributes: Vec<Attribute>,
    tie_attributes: Vec<Attribute>,
    #[serde(default)]
    merges: Vec<Merge>,
    /// Node id -> pseudonym kept for a project, so people keep theirs after merges and new
    /// waves; saved in the project file beside the study, not inside it.
    #[serde(skip)]
    pseudonyms: BTreeMap<String, String>,
    /// Attribute columns marked identifying or analytic by hand (a survey recipe, the
    /// command line, the workbench), overriding what [`crate::privacy`] reads from their
    /// names and values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    column_privacy: BTreeMap<String, ColumnPrivacy>,
}

/// Whether an attribute column may leave Kith when names are hidden, as marked by hand.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ColumnPrivacy {
    /// It identifies people (a name, a contact detail, free text): dropped when names are
    /// hidden.
    Identifying,
    /// It is data for analysis: kept when names are hidden.
    Analytic,
}

impl Study {
    /// An empty study.
    pub fn new(directed: bool) -> Self {
        Study {
            directed,
            ..Study::default()
        }
    }

    /// Rebuilds the id index after deserialising.
    pub fn reindex(&mut self) {
        self.index = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), NodeId(i as u32)))
            .collect();
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of ties.
    pub fn tie_count(&self) -> usize {
        self.ties.len()
    }

    /// All nodes in order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node with this index.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// The node with this index, for renaming or changing its kind.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(id.index())
    }

    /// The node whose id is `id`.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.index.get(id).copied()
    }

    /// Every node's index, in order.
    pub fn node_ids(&self) -> impl ExactSizeIterator<Item = NodeId> + use<> {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    /// Adds a node; an id the study already has is an error.
    pub fn add_node(
        &mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        kind: NodeKind,
    ) -> Result<NodeId, StudyError> {
        let id = id.into();
        if self.index.contains_key(&id) {
            return Err(StudyError::DuplicateNode(id));
        }
        Ok(self.push_node(id, label.into(), kind))
    }

    /// The node with this id, added (labelled with its id) if the study does not have it.
    pub fn node_or_insert(&mut self, id: &str, kind: NodeKind) -> NodeId {
        match self.index.get(id) {
            Some(&n) => n,
            None => self.push_node(id.to_string(), id.to_string(), kind),
        }
    }

    fn push_node(&mut self, id: String, label: String, kind: NodeKind) -> NodeId {
        let n = NodeId(self.nodes.len() as u32);
        self.index.insert(id.clone(), n);
        self.nodes.push(Node { id, label, kind });
        let len = self.nodes.len();
        for a in &mut self.node_attributes {
            a.grow_to(len);
        }
        n
    }

    /// All ties in order.
    pub fn ties(&self) -> &[Tie] {
        &self.ties
    }

    /// Adds a tie between two existing nodes and returns its index.
    pub fn add_tie(&mut self, tie: Tie) -> Result<usize, StudyError> {
        for end in [tie.source, tie.target] {
            if end.index() >= self.nodes.len() {
                return Err(StudyError::UnknownNode(end.0));
            }
        }
        self.ties.push(tie);
        let len = self.ties.len();
        for a in &mut self.tie_attributes {
            a.grow_to(len);
        }
        Ok(len - 1)
    }

    /// Adds a tie of weight 1 with the study's direction, no relation and no wave.
    pub fn connect(&mut self, source: NodeId, target: NodeId) -> Result<usize, StudyError> {
        self.add_tie(Tie {
            source,
            target,
            weight: 1.0,
            relation: None,
            wave: None,
            directed: self.directed,
        })
    }

    /// Relation names, indexed by [`RelationId`].
    pub fn relations(&self) -> &[String] {
        &self.relations
    }

    /// The relation's name.
    pub fn relation_name(&self, id: RelationId) -> Option<&str> {
        self.relations.get(id.0 as usize).map(String::as_str)
    }

    /// The relation with this name, added if new.
    pub fn relation(&mut self, name: &str) -> Result<RelationId, StudyError> {
        intern(&mut self.relations, name, "relations").map(RelationId)
    }

    /// Wave names, indexed by [`WaveId`].
    pub fn waves(&self) -> &[String] {
        &self.waves
    }

    /// The wave's name.
    pub fn wave_name(&self, id: WaveId) -> Option<&str> {
        self.waves.get(id.0 as usize).map(String::as_str)
    }

    /// The wave with this name, added if new.
    pub fn wave(&mut self, name: &str) -> Result<WaveId, StudyError> {
        intern(&mut self.waves, name, "waves").map(WaveId)
    }

    /// Node attribute columns in the order they were added.
    pub fn node_attributes(&self) -> &[Attribute] {
        &self.node_attributes
    }

    /// The node attribute with this name.
    pub fn node_attribute(&self, name: &str) -> Option<&Attribute> {
        self.node_attributes.iter().find(|a| a.name() == name)
    }

    /// Tie attribute columns in the order they were added.
    pub fn tie_attributes(&self) -> &[Attribute] {
        &self.tie_attributes
    }

    /// The tie attribute with this name.
    pub fn tie_attribute(&self, name: &str) -> Option<&Attribute> {
        self.tie_attributes.iter().find(|a| a.name() == name)
    }

    /// Declares a node attribute column (all values missing) and returns its position; an
    /// existing column of the same name must have the same type.
    pub fn declare_node_attribute(
        &mut self,
        name: &str,
        ty: AttrType,
    ) -> Result<usize, StudyError> {
        declare(&mut self.node_attributes, name, ty, self.nodes.len())
    }

    /// Declares a tie attribute column (all values missing) and returns its position.
    pub fn declare_tie_attribute(&mut self, name: &str, ty: AttrType) -> Result<usize, StudyError> {
        declare(&mut self.tie_attributes, name, ty, self.ties.len())
    }

    /// Sets a node's value in the attribute column at `column` (from a `declare_` call).
    pub fn set_node_value(&mut self, column: usize, node: NodeId, value: Option<Value>) {
        if let Some(a) = self.node_attributes.get_mut(column) {
            a.set(node.index(), value);
        }
    }

    /// Sets a tie's value in the tie attribute column at `column`.
    pub fn set_tie_value(&mut self, column: usize, tie: usize, value: Option<Value>) {
        if let Some(a) = self.tie_attributes.get_mut(column) {
            a.set(tie, value);
        }
    }

    /// Adds a whole node attribute column (values in node order), replacing any column of
    /// the same name.
    pub fn put_node_attribute(&mut self, mut attribute: Attribute) {
        attribute.grow_to(self.nodes.len());
        match self
            .node_attributes
            .iter_mut()
            .find(|a| a.name() == attribute.name())
        {
            Some(slot) => *slot = attribute,
            None => self.node_attributes.push(attribute),
        }
    }

    /// Adds a whole tie attribute column (values in tie order), replacing any column of the
    /// same name.
    pub fn put_tie_attribute(&mut self, mut attribute: Attribute) {
        attribute.grow_to(self.ties.len());
        match self
            .tie_attributes
            .iter_mut()
            .find(|a| a.name() == attribute.name())
        {
            Some(slot) => *slot = attribute,
            None => self.tie_attributes.push(attribute),
        }
    }

    /// Changes a node attribute's type, e.g. numeric codes that are really categories.
    pub fn retype_node_attribute(&mut self, name: &str, ty: AttrType) {
        if let Some(a) = self.node_attributes.iter_mut().find(|a| a.name() == name) {
            a.set_ty(ty);
        }
    }

    /// Degree of every node: ties at the node, counting a self-loop twice (as NetworkX does),
    /// whatever the direction.
    pub fn degrees(&self) -> Vec<usize> {
        let mut deg = vec![0usize; self.nodes.len()];
        for t in &self.ties {
            deg[t.source.index()] += 1;
            deg[t.target.index()] += 1;
        }
        deg
    }

    /// Nodes with no tie at all, in node order.
    pub fn isolates(&self) -> Vec<NodeId> {
        self.degrees()
            .iter()
            .enumerate()
            .filter(|(_, d)| **d == 0)
            .map(|(i, _)| NodeId(i as u32))
            .collect()
    }

    /// Weakly connected component of every node, numbered 0.. in order of each component's
    /// first node, and the number of components.
    pub fn components(&self) -> (Vec<u32>, usize) {
        let n = self.nodes.len();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn root(parent: &mut [u32], mut x: u32) -> u32 {
            while parent[x as usize] != x {
                let up = parent[parent[x as usize] as usize];
                parent[x as usize] = up;
                x = up;
            }
            x
        }
        for t in &self.ties {
            let a = root(&mut parent, t.source.0);
            let b = root(&mut parent, t.target.0);
            if a != b {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent[hi as usize] = lo;
            }
        }
        let mut label = vec![u32::MAX; n];
        let mut ids = vec![0u32; n];
        let mut count = 0u32;
        for (i, id) in ids.iter_mut().enumerate() {
            let r = root(&mut parent, i as u32) as usize;
            if label[r] == u32::MAX {
                label[r] = count;
                count += 1;
            }
            *id = label[r];
        }
        (ids, count as usize)
    }

    /// Keeps only the nodes for which `keep` is true (and the ties between them), renumbering
    /// nodes in their old order.
    pub fn retain_nodes(&mut self, keep: &[bool]) {
        let mut new_index = vec![u32::MAX; self.nodes.len()];
        let mut next = 0u32;
        for (i, slot) in new_index.iter_mut().enumerate() {
            if keep.get(i).copied().unwrap_or(false) {
                *slot = next;
                next += 1;
            }
        }
        let mut i = 0;
        self.nodes.retain(|_| {
            let k = new_index[i] != u32::MAX;
            i += 1;
            k
        });
        for a in &mut self.node_attributes {
            a.retain_indices(keep);
        }
        let tie_keep: Vec<bool> = self
            .ties
            .iter()
            .map(|t| {
                new_index[t.source.index()] != u32::MAX && new_index[t.target.index()] != u32::MAX
            })
            .collect();
        let mut j = 0;
        self.ties.retain(|_| {
            let k = tie_keep[j];
            j += 1;
            k
        });
        for t in &mut self.ties {
            t.source = NodeId(new_index[t.source.index()]);
            t.target = NodeId(new_index[t.target.index()]);
        }
        for a in &mut self.tie_attributes {
            a.retain_indices(&tie_keep);
        }
        self.reindex();
    }

    /// Keeps only the ties for which `keep` is true (with their attribute values); nodes
    /// stay. The workbench uses it to view some relations or waves only.
    pub fn retain_ties(&mut self, keep: &[bool]) {
        let mut j = 0;
        self.ties.retain(|_| {
            let k = keep.get(j).copied().unwrap_or(false);
            j += 1;
            k
        });
        for a in &mut self.tie_attributes {
            a.retain_indices(keep);
        }
    }

    /// Node id -> pseudonym assigned for a project (empty: people are numbered in node
    /// order).
    pub fn pseudonyms(&self) -> &BTreeMap<String, String> {
        &self.pseudonyms
    }

    /// Replaces the assigned pseudonyms.
    pub fn set_pseudonyms(&mut self, pseudonyms: BTreeMap<String, String>) {
        self.pseudonyms = pseudonyms;
    }

    /// Columns marked identifying or analytic by hand, by column name.
    pub fn column_privacy(&self) -> &BTreeMap<String, ColumnPrivacy> {
        &self.column_privacy
    }

    /// Marks the column `name` identifying or analytic (`None`: as its name and values say).
    pub fn mark_column(&mut self, name: &str, mark: Option<ColumnPrivacy>) {
        match mark {
            Some(m) => {
                self.column_privacy.insert(name.to_string(), m);
            }
            None => {
                self.column_privacy.remove(name);
            }
        }
    }

    /// Removes the node attribute `name` and returns it.
    pub fn remove_node_attribute(&mut self, name: &str) -> Option<Attribute> {
        let at = self.node_attributes.iter().position(|a| a.name() == name)?;
        Some(self.node_attributes.remove(at))
    }

    /// Removes the tie attribute `name` and returns it.
    pub fn remove_tie_attribute(&mut self, name: &str) -> Option<Attribute> {
        let at = self.tie_attributes.iter().position(|a| a.name() == name)?;
        Some(self.tie_attributes.remove(at))
    }

    /// The merges made so far, oldest first: which names were joined into one person, why,
    /// and what [`Study::unmerge`] needs to split them again.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    pub(crate) fn merges_mut(&mut self) -> &mut Vec<Merge> {
        &mut self.merges
    }

    pub(crate) fn tie_mut(&mut self, index: usize) -> Option<&mut Tie> {
        self.ties.get_mut(index)
    }

    /// True when some ties are directed and others not (as Pajek and GraphML allow).
    pub fn is_mixed(&self) -> bool {
        let mut dir = self.ties.iter().map(|t| t.directed);
        match dir.next() {
            Some(first) => dir.any(|d| d != first),
            None => false,
        }
    }
}

fn intern(names: &mut Vec<String>, name: &str, what: &'static str) -> Result<u16, StudyError> {
    if let Some(i) = names.iter().position(|n| n == name) {
        return Ok(i as u16);
    }
    let i = u16::try_from(names.len()).map_err(|_| StudyError::TooMany(what))?;
    names.push(name.to_string());
    Ok(i)
}

fn declare(
    columns: &mut Vec<Attribute>,
    name: &str,
    ty: AttrType,
    len: usize,
) -> Result<usize, StudyError> {
    if let Some(i) = columns.iter().position(|a| a.name() == name) {
        let existing = columns[i].ty();
        if existing != ty {
            return Err(StudyError::AttributeType {
                name: name.to_string(),
                existing,
                requested: ty,
            });
        }
        return Ok(i);
    }
    columns.push(Attribute::new(name, ty, len));
    Ok(columns.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle_plus_isolate() -> Study {
        let mut s = Study::new(false);
        let a = s.add_node("a", "Ann", NodeKind::Respondent).unwrap();
        let b = s.add_node("b", "Bob", NodeKind::Alter).unwrap();
        let c = s.node_or_insert("c", NodeKind::Respondent);
        s.node_or_insert("d", NodeKind::Respondent);
        s.connect(a, b).unwrap();
        s.connect(b, c).unwrap();
        s.connect(c, a).unwrap();
        s
    }

    #[test]
    fn nodes_ties_isolates_and_components() {
        let s = triangle_plus_isolate();
        assert_eq!(s.node_count(), 4);
        assert_eq!(s.tie_count(), 3);
        assert_eq!(s.isolates(), vec![NodeId(3)]);
        assert_eq!(s.components(), (vec![0, 0, 0, 1], 2));
        assert_eq!(s.find("b"), Some(NodeId(1)));
        assert_eq!(s.node(NodeId(1)).unwrap().label, "Bob");
    }

    #[test]
    fn duplicate_ids_and_unknown_ends_are_errors() {
        let mut s = triangle_plus_isolate();
        assert_eq!(
            s.add_node("a", "x", NodeKind::Alter),
            Err(StudyError::DuplicateNode("a".into()))
        );
        assert!(s.connect(NodeId(0), NodeId(9)).is_err());
    }

    #[test]
    fn attributes_keep_missing_values_explicit() {
        let mut s = triangle_plus_isolate();
        let col = s.declare_node_attribute("age", AttrType::Numeric).unwrap();
        s.set_node_value(col, NodeId(0), Some(Value::Number(0.0)));
        s.node_or_insert("e", NodeKind::Alter);
        let age = s.node_attribute("age").unwrap();
        assert_eq!(age.values().len(), 5);
        assert_eq!(age.value(0), Some(&Value::Number(0.0)));
        assert_eq!(age.value(4), None);
        assert!(s.declare_node_attribute("age", AttrType::Text).is_err());
    }

    #[test]
    fn retain_nodes_renumbers_ties_and_attributes() {
        let mut s = triangle_plus_isolate();
        let col = s.declare_node_attribute("x", AttrType::Numeric).unwrap();
        s.set_node_value(col, NodeId(2), Some(Value::Number(7.0)));
        s.retain_nodes(&[false, true, true, true]);
        assert_eq!(s.node_count(), 3);
        assert_eq!(s.tie_count(), 1);
        assert_eq!(s.ties()[0].source, NodeId(0));
        assert_eq!(
            s.node_attribute("x").unwrap().value(1),
            Some(&Value::Number(7.0))
        );
        assert_eq!(s.find("d"), Some(NodeId(2)));
    }

    #[test]
    fn relations_and_waves_are_interned() {
        let mut s = Study::new(true);
        let r1 = s.relation("advice").unwrap();
        let r2 = s.relation("rely_on").unwrap();
        assert_eq!(s.relation("advice").unwrap(), r1);
        assert_ne!(r1, r2);
        assert_eq!(s.relation_name(r2), Some("rely_on"));
        let w = s.wave("baseline").unwrap();
        assert_eq!(s.wave_name(w), Some("baseline"));
    }
}
