//! The [`Study`]: nodes, ties, relations, waves and attribute columns.

use std::collections::{BTreeMap, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{
    EdgeIndexable, EdgeRef, IntoEdgeReferences, IntoNodeReferences, NodeIndexable,
};

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
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
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
/// The network is a petgraph [`StableDiGraph`]: a node's [`NodeId`] is its petgraph node
/// index and a tie's number its edge index, and both stay the same while other nodes are
/// merged or removed ([`Study::remove_nodes`], [`Study::merge_nodes`]), so selections, the
/// merge record and undo stay valid. Removed nodes leave a gap; [`Study::is_dense`] says
/// whether there is one, and [`Study::compact`] renumbers (the analysis, layout and figure
/// code works on dense studies: the session hands them a compacted view).
///
/// Collections keep insertion order, which is the order of the source file, so that output
/// is deterministic. Each tie's weight in the graph is its [`Tie`] record, whose `source` and
/// `target` are the edge's ends (kept equal by every edit here).
#[derive(Debug, Clone, Default)]
pub struct Study {
    /// Whether the network as a whole is directed (nominations) or undirected.
    pub directed: bool,
    /// A name for the study, such as the file it came from.
    pub name: String,
    graph: StableDiGraph<Node, Tie, u32>,
    index: HashMap<String, NodeId>,
    relations: Vec<String>,
    waves: Vec<String>,
    node_attributes: Vec<Attribute>,
    tie_attributes: Vec<Attribute>,
    merges: Vec<Merge>,
    /// Node id -> pseudonym kept for a project, so people keep theirs after merges and new
    /// waves; saved in the project file beside the study, not inside it.
    pseudonyms: BTreeMap<String, String>,
    /// Attribute columns marked identifying or analytic by hand (a survey recipe, the
    /// command line, the workbench), overriding what [`crate::privacy`] reads from their
    /// names and values.
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

fn node_index(id: NodeId) -> NodeIndex<u32> {
    NodeIndex::new(id.index())
}

impl Study {
    /// An empty study.
    pub fn new(directed: bool) -> Self {
        Study {
            directed,
            ..Study::default()
        }
    }

    /// Rebuilds the id index (after the study's nodes were replaced wholesale).
    pub fn reindex(&mut self) {
        self.index = self
            .graph
            .node_references()
            .map(|(i, n)| (n.id.clone(), NodeId(i.index() as u32)))
            .collect();
    }

    /// The network as a petgraph graph: node weights are the nodes, edge weights the ties.
    pub fn graph(&self) -> &StableDiGraph<Node, Tie, u32> {
        &self.graph
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// One past the highest node index in use: the length of a vector indexed by
    /// [`NodeId`], equal to [`Study::node_count`] when the study [`is_dense`](Study::is_dense).
    pub fn node_bound(&self) -> usize {
        NodeIndexable::node_bound(&self.graph)
    }

    /// Number of ties.
    pub fn tie_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// One past the highest tie number in use: the length of a per-tie vector.
    pub fn tie_bound(&self) -> usize {
        EdgeIndexable::edge_bound(&self.graph)
    }

    /// True when node and tie indices run 0.. with no gap left by a removed node or tie.
    pub fn is_dense(&self) -> bool {
        self.graph.node_bound() == self.graph.node_count()
            && self.tie_bound() == self.graph.edge_count()
    }

    /// All nodes in index order.
    pub fn nodes(&self) -> Nodes<'_> {
        Nodes { graph: &self.graph }
    }

    /// The node with this index.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.graph.node_weight(node_index(id))
    }

    /// The node with this index, for renaming or changing its kind.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.graph.node_weight_mut(node_index(id))
    }

    /// The node whose id is `id`.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.index.get(id).copied()
    }

    /// Every node's index, in order.
    pub fn node_ids(&self) -> std::vec::IntoIter<NodeId> {
        self.graph
            .node_indices()
            .map(|i| NodeId(i.index() as u32))
            .collect::<Vec<_>>()
            .into_iter()
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

    /// Adds a node (in the gap a removed node left, if any: petgraph reuses the index).
    fn push_node(&mut self, id: String, label: String, kind: NodeKind) -> NodeId {
        let n = NodeId(
            self.graph
                .add_node(Node {
                    id: id.clone(),
                    label,
                    kind,
                })
                .index() as u32,
        );
        self.index.insert(id, n);
        let len = self.node_bound();
        for a in &mut self.node_attributes {
            a.grow_to(len);
            a.set(n.index(), None);
        }
        n
    }

    /// All ties in index order.
    pub fn ties(&self) -> Ties<'_> {
        Ties { graph: &self.graph }
    }

    /// The tie with this number.
    pub fn tie(&self, index: usize) -> Option<&Tie> {
        self.graph.edge_weight(EdgeIndex::new(index))
    }

    /// Adds a tie between two existing nodes and returns its index.
    pub fn add_tie(&mut self, tie: Tie) -> Result<usize, StudyError> {
        for end in [tie.source, tie.target] {
            if !self.graph.contains_node(node_index(end)) {
                return Err(StudyError::UnknownNode(end.0));
            }
        }
        let e = self
            .graph
            .add_edge(node_index(tie.source), node_index(tie.target), tie)
            .index();
        let len = self.tie_bound();
        for a in &mut self.tie_attributes {
            a.grow_to(len);
            a.set(e, None);
        }
        Ok(e)
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

    /// Moves tie `index` to new ends, keeping its number, record and attribute values.
    pub(crate) fn set_tie_ends(&mut self, index: usize, source: NodeId, target: NodeId) -> bool {
        let e = EdgeIndex::new(index);
        if !self.graph.contains_node(node_index(source))
            || !self.graph.contains_node(node_index(target))
        {
            return false;
        }
        let Some(mut tie) = self.graph.remove_edge(e) else {
            return false;
        };
        tie.source = source;
        tie.target = target;
        // petgraph hands the slot just freed to the next edge added, so the tie keeps its
        // number; the assertion guards that against a change in petgraph.
        let again = self
            .graph
            .add_edge(node_index(source), node_index(target), tie);
        debug_assert_eq!(again, e, "a moved tie keeps its index");
        again == e
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
        let len = self.node_bound();
        declare(&mut self.node_attributes, name, ty, len)
    }

    /// Declares a tie attribute column (all values missing) and returns its position.
    pub fn declare_tie_attribute(&mut self, name: &str, ty: AttrType) -> Result<usize, StudyError> {
        let len = self.tie_bound();
        declare(&mut self.tie_attributes, name, ty, len)
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
        attribute.grow_to(self.node_bound());
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
        attribute.grow_to(self.tie_bound());
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

    /// Degree of every node (indexed by [`NodeId`]): ties at the node, counting a self-loop
    /// twice (as NetworkX does), whatever the direction.
    pub fn degrees(&self) -> Vec<usize> {
        let mut deg = vec![0usize; self.node_bound()];
        for t in self.ties() {
            deg[t.source.index()] += 1;
            deg[t.target.index()] += 1;
        }
        deg
    }

    /// Nodes with no tie at all, in node order.
    pub fn isolates(&self) -> Vec<NodeId> {
        let deg = self.degrees();
        self.node_ids().filter(|n| deg[n.index()] == 0).collect()
    }

    /// Weakly connected component of every node (indexed by [`NodeId`]; `u32::MAX` in a
    /// gap), numbered 0.. in order of each component's first node, and the number of
    /// components.
    pub fn components(&self) -> (Vec<u32>, usize) {
        let n = self.node_bound();
        let mut sets = petgraph::unionfind::UnionFind::<u32>::new(n);
        for t in self.ties() {
            sets.union(t.source.0, t.target.0);
        }
        let mut label = vec![u32::MAX; n];
        let mut ids = vec![u32::MAX; n];
        let mut count = 0u32;
        for v in self.node_ids() {
            let r = sets.find_mut(v.0) as usize;
            if label[r] == u32::MAX {
                label[r] = count;
                count += 1;
            }
            ids[v.index()] = label[r];
        }
        (ids, count as usize)
    }

    /// Removes the nodes `gone` and their ties. Everyone else keeps their index and every
    /// other tie its number (the nodes leave a gap; see [`Study::compact`]).
    pub fn remove_nodes(&mut self, gone: &[NodeId]) {
        for &v in gone {
            let Some(node) = self.graph.node_weight(node_index(v)) else {
                continue;
            };
            self.index.remove(&node.id);
            let ties: Vec<usize> = self
                .graph
                .edges_directed(node_index(v), petgraph::Direction::Outgoing)
                .chain(
                    self.graph
                        .edges_directed(node_index(v), petgraph::Direction::Incoming),
                )
                .map(|e| e.id().index())
                .collect();
            for e in ties {
                for a in &mut self.tie_attributes {
                    a.set(e, None);
                }
            }
            self.graph.remove_node(node_index(v));
            for a in &mut self.node_attributes {
                a.set(v.index(), None);
            }
        }
        self.trim_attributes();
    }

    /// Drops the attribute values of nodes and ties removed from the end, so that every
    /// column has one value per index up to [`Study::node_bound`] or [`Study::tie_bound`].
    fn trim_attributes(&mut self) {
        let (nodes, ties) = (self.node_bound(), self.tie_bound());
        for a in &mut self.node_attributes {
            a.truncate(nodes);
        }
        for a in &mut self.tie_attributes {
            a.truncate(ties);
        }
    }

    /// Renumbers nodes and ties 0.. in their order, closing the gaps removed nodes and ties
    /// left; attribute columns and the merge record follow (a merge's moved tie end whose tie
    /// is gone is dropped from the record).
    pub fn compact(&mut self) {
        if self.is_dense() {
            self.trim_attributes();
            return;
        }
        let node_keep: Vec<bool> = (0..self.node_bound())
            .map(|i| self.graph.contains_node(NodeIndex::new(i)))
            .collect();
        let tie_keep: Vec<bool> = (0..self.tie_bound())
            .map(|i| self.graph.edge_weight(EdgeIndex::new(i)).is_some())
            .collect();
        let mut new_node = vec![u32::MAX; node_keep.len()];
        let mut nodes = Vec::with_capacity(self.node_count());
        for (i, n) in self.graph.node_references() {
            new_node[i.index()] = nodes.len() as u32;
            nodes.push(n.clone());
        }
        let mut new_tie = vec![usize::MAX; tie_keep.len()];
        let mut ties = Vec::with_capacity(self.tie_count());
        for e in self.graph.edge_references() {
            let mut t = *e.weight();
            t.source = NodeId(new_node[t.source.index()]);
            t.target = NodeId(new_node[t.target.index()]);
            new_tie[e.id().index()] = ties.len();
            ties.push(t);
        }
        self.graph = graph_of(nodes, ties);
        for a in &mut self.node_attributes {
            a.retain_indices(&node_keep);
        }
        for a in &mut self.tie_attributes {
            a.retain_indices(&tie_keep);
        }
        for m in &mut self.merges {
            m.moved.retain_mut(|end| match new_tie.get(end.tie) {
                Some(&t) if t != usize::MAX => {
                    end.tie = t;
                    true
                }
                _ => false,
            });
        }
        self.reindex();
    }

    /// This study with its nodes and ties renumbered 0.. ([`Study::compact`]).
    pub fn compacted(&self) -> Study {
        let mut out = self.clone();
        out.compact();
        out
    }

    /// Keeps only the nodes for which `keep` is true (and the ties between them), renumbering
    /// nodes and ties in their old order. `keep[k]` is for the k-th node in order, which is
    /// the node with index `k` when the study [`is_dense`](Study::is_dense).
    pub fn retain_nodes(&mut self, keep: &[bool]) {
        let gone: Vec<NodeId> = self
            .node_ids()
            .enumerate()
            .filter(|(k, _)| !keep.get(*k).copied().unwrap_or(false))
            .map(|(_, v)| v)
            .collect();
        self.remove_nodes(&gone);
        self.compact();
    }

    /// Keeps only the ties for which `keep` is true (with their attribute values),
    /// renumbering them in their old order; nodes stay. `keep[k]` is for the k-th tie in
    /// order, as [`Study::ties`] lists them. The workbench uses it to view some relations or
    /// waves only.
    pub fn retain_ties(&mut self, keep: &[bool]) {
        let gone: Vec<EdgeIndex<u32>> = self
            .graph
            .edge_indices()
            .enumerate()
            .filter(|(k, _)| !keep.get(*k).copied().unwrap_or(false))
            .map(|(_, e)| e)
            .collect();
        for e in gone {
            self.graph.remove_edge(e);
        }
        self.compact();
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

    /// True when some ties are directed and others not (as Pajek and GraphML allow).
    pub fn is_mixed(&self) -> bool {
        let mut dir = self.ties().iter().map(|t| t.directed);
        match dir.next() {
            Some(first) => dir.any(|d| d != first),
            None => false,
        }
    }
}

/// The graph of `nodes` and `ties` (whose ends index `nodes`), numbered in their order.
fn graph_of(nodes: Vec<Node>, ties: Vec<Tie>) -> StableDiGraph<Node, Tie, u32> {
    let mut graph = StableDiGraph::with_capacity(nodes.len(), ties.len());
    for n in nodes {
        graph.add_node(n);
    }
    for t in ties {
        graph.add_edge(node_index(t.source), node_index(t.target), t);
    }
    graph
}

/// The nodes of a study, in index order: iterate, count, or index by [`NodeId`] number.
#[derive(Clone, Copy)]
pub struct Nodes<'a> {
    graph: &'a StableDiGraph<Node, Tie, u32>,
}

impl<'a> Nodes<'a> {
    /// The nodes in index order.
    pub fn iter(&self) -> NodeIter<'a> {
        NodeIter {
            inner: self.graph.node_references(),
            left: self.graph.node_count(),
        }
    }

    /// How many nodes there are.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The node with index `index`.
    pub fn get(&self, index: usize) -> Option<&'a Node> {
        self.graph.node_weight(NodeIndex::new(index))
    }

    /// The first node, if any.
    pub fn first(&self) -> Option<&'a Node> {
        self.iter().next()
    }

    /// The nodes, copied.
    pub fn to_vec(&self) -> Vec<Node> {
        self.iter().cloned().collect()
    }
}

impl PartialEq for Nodes<'_> {
    /// The same nodes in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Nodes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl std::ops::Index<usize> for Nodes<'_> {
    type Output = Node;

    /// The node with index `index`; panics in a gap, as a slice does past its end.
    fn index(&self, index: usize) -> &Node {
        &self.graph[NodeIndex::new(index)]
    }
}

impl<'a> IntoIterator for Nodes<'a> {
    type Item = &'a Node;
    type IntoIter = NodeIter<'a>;

    fn into_iter(self) -> NodeIter<'a> {
        self.iter()
    }
}

/// Iterator over a study's nodes in index order.
pub struct NodeIter<'a> {
    inner: petgraph::stable_graph::NodeReferences<'a, Node, u32>,
    left: usize,
}

impl<'a> Iterator for NodeIter<'a> {
    type Item = &'a Node;

    fn next(&mut self) -> Option<&'a Node> {
        let (_, n) = self.inner.next()?;
        self.left -= 1;
        Some(n)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl DoubleEndedIterator for NodeIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let (_, n) = self.inner.next_back()?;
        self.left -= 1;
        Some(n)
    }
}

impl ExactSizeIterator for NodeIter<'_> {}

/// The ties of a study, in index order: iterate, count, or index by tie number.
#[derive(Clone, Copy)]
pub struct Ties<'a> {
    graph: &'a StableDiGraph<Node, Tie, u32>,
}

impl<'a> Ties<'a> {
    /// The ties in index order.
    pub fn iter(&self) -> TieIter<'a> {
        TieIter {
            inner: self.graph.edge_references(),
            left: self.graph.edge_count(),
        }
    }

    /// How many ties there are.
    pub fn len(&self) -> usize {
        self.graph.edge_count()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.graph.edge_count() == 0
    }

    /// The tie with number `index`.
    pub fn get(&self, index: usize) -> Option<&'a Tie> {
        self.graph.edge_weight(EdgeIndex::new(index))
    }

    /// The ties, copied.
    pub fn to_vec(&self) -> Vec<Tie> {
        self.iter().copied().collect()
    }
}

impl PartialEq for Ties<'_> {
    /// The same ties in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Ties<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl std::ops::Index<usize> for Ties<'_> {
    type Output = Tie;

    /// The tie with number `index`; panics in a gap, as a slice does past its end.
    fn index(&self, index: usize) -> &Tie {
        &self.graph[EdgeIndex::new(index)]
    }
}

impl<'a> IntoIterator for Ties<'a> {
    type Item = &'a Tie;
    type IntoIter = TieIter<'a>;

    fn into_iter(self) -> TieIter<'a> {
        self.iter()
    }
}

/// Iterator over a study's ties in index order.
pub struct TieIter<'a> {
    inner: petgraph::stable_graph::EdgeReferences<'a, Tie, u32>,
    left: usize,
}

impl<'a> Iterator for TieIter<'a> {
    type Item = &'a Tie;

    fn next(&mut self) -> Option<&'a Tie> {
        let e = self.inner.next()?;
        self.left -= 1;
        Some(e.weight())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl DoubleEndedIterator for TieIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let e = self.inner.next_back()?;
        self.left -= 1;
        Some(e.weight())
    }
}

impl ExactSizeIterator for TieIter<'_> {}

/// Two studies are equal when they hold the same nodes and ties at the same indices, with
/// the same relations, waves, attributes, merge record, pseudonyms and column marks.
impl PartialEq for Study {
    fn eq(&self, other: &Self) -> bool {
        self.directed == other.directed
            && self.name == other.name
            && self.node_bound() == other.node_bound()
            && self.tie_bound() == other.tie_bound()
            && self
                .graph
                .node_references()
                .eq(other.graph.node_references())
            && self
                .graph
                .edge_references()
                .map(|e| (e.id(), e.weight()))
                .eq(other.graph.edge_references().map(|e| (e.id(), e.weight())))
            && self.relations == other.relations
            && self.waves == other.waves
            && self.node_attributes == other.node_attributes
            && self.tie_attributes == other.tie_attributes
            && self.merges == other.merges
            && self.pseudonyms == other.pseudonyms
            && self.column_privacy == other.column_privacy
    }
}

/// A study as saved: nodes and ties as lists, numbered 0.. (the file format since version 1).
#[derive(serde::Serialize)]
struct StudyOut<'a> {
    directed: bool,
    name: &'a str,
    nodes: NodeList<'a>,
    ties: TieList<'a>,
    relations: &'a [String],
    waves: &'a [String],
    node_attributes: &'a [Attribute],
    tie_attributes: &'a [Attribute],
    merges: &'a [Merge],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    column_privacy: &'a BTreeMap<String, ColumnPrivacy>,
}

struct NodeList<'a>(&'a Study);

impl serde::Serialize for NodeList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.nodes())
    }
}

struct TieList<'a>(&'a Study);

impl serde::Serialize for TieList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.ties())
    }
}

impl serde::Serialize for Study {
    /// Saves the study as lists numbered 0.. (a study with gaps is saved compacted).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.is_dense() {
            return self.compacted().serialize(s);
        }
        StudyOut {
            directed: self.directed,
            name: &self.name,
            nodes: NodeList(self),
            ties: TieList(self),
            relations: &self.relations,
            waves: &self.waves,
            node_attributes: &self.node_attributes,
            tie_attributes: &self.tie_attributes,
            merges: &self.merges,
            column_privacy: &self.column_privacy,
        }
        .serialize(s)
    }
}

/// A study as read from a file.
#[derive(serde::Deserialize)]
struct StudyIn {
    directed: bool,
    name: String,
    nodes: Vec<Node>,
    ties: Vec<Tie>,
    relations: Vec<String>,
    waves: Vec<String>,
    node_attributes: Vec<Attribute>,
    tie_attributes: Vec<Attribute>,
    #[serde(default)]
    merges: Vec<Merge>,
    #[serde(default)]
    column_privacy: BTreeMap<String, ColumnPrivacy>,
}

impl<'de> serde::Deserialize<'de> for Study {
    /// Reads a saved study; a tie whose end is not one of the nodes is an error.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let file = StudyIn::deserialize(d)?;
        let n = file.nodes.len();
        if let Some((i, t)) = file
            .ties
            .iter()
            .enumerate()
            .find(|(_, t)| t.source.index() >= n || t.target.index() >= n)
        {
            let end = if t.source.index() >= n {
                t.source
            } else {
                t.target
            };
            return Err(serde::de::Error::custom(format!(
                "tie {i} points at node {}, but the study has {n} nodes",
                end.0
            )));
        }
        let mut study = Study {
            directed: file.directed,
            name: file.name,
            graph: graph_of(file.nodes, file.ties),
            index: HashMap::new(),
            relations: file.relations,
            waves: file.waves,
            node_attributes: file.node_attributes,
            tie_attributes: file.tie_attributes,
            merges: file.merges,
            pseudonyms: BTreeMap::new(),
            column_privacy: file.column_privacy,
        };
        study.reindex();
        Ok(study)
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
