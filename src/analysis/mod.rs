//! Network measures over a [`Study`]: who is isolated, who brokers, how central people are,
//! which communities form and how groups compare.
//!
//! Every function here is pure and deterministic: it reads a study (through the
//! [`Graph`] of the ties in view, see [`TieSelection`]) and returns plain vectors indexed by
//! node ([`NodeId::index`](crate::model::NodeId::index)). Values follow NetworkX's
//! conventions (each module says which function it matches) and are checked against it in
//! `tests/analysis.rs`. A value that is undefined, such as the constraint of an isolate, is
//! `None`, never 0.
//!
//! Vocabulary:
//! - *isolate*: degree 0 in the relations and waves being viewed
//!   ([`broker::ISOLATE_EXPLANATION`]);
//! - *broker*: flagged by an adjustable [`BrokerRule`] (default: the only link between
//!   people who have other ties, or on at least 10% of the shortest paths between others
//!   with constraint below the median, leaving out people tied to nobody else);
//! - *cut point*: a vertex whose removal splits its component; *bridge*: such a tie;
//! - *projection*: the people of a two-mode network tied by the places and groups they
//!   share, or the places by the people they share ([`projection::project`]).

pub mod betweenness;
pub mod broker;
pub mod brokerage;
pub mod centrality;
pub mod community;
pub mod components;
pub mod graph;
pub mod groups;
pub mod homophily;
pub mod inference;
pub mod projection;
pub mod structural_holes;
pub mod table;

pub use betweenness::{PathMetrics, betweenness_closeness};
pub use broker::BrokerRule;
pub use brokerage::Roles;
pub use graph::{Csr, Graph, TieSelection, UnknownName};
pub use groups::{GroupComparison, compare_groups};
pub use projection::{
    Mode, ProjectionError, ProjectionOptions, Sides, Usage, Weighting, project, usage,
};

use crate::model::{AttrType, Study};

/// A request the study cannot answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// An attribute name the study does not have.
    #[error("the study has no node attribute \"{name}\" (it has: {known})")]
    NoAttribute {
        /// The name asked for.
        name: String,
        /// The attributes the study has, comma separated, or "none".
        known: String,
    },
    /// A score attribute that does not hold numbers.
    #[error("attribute \"{0}\" is not numeric, so it cannot be averaged")]
    NotNumeric(String),
    /// A relation or wave name the study does not have.
    #[error(transparent)]
    UnknownName(#[from] UnknownName),
    /// polars failed to build or aggregate a table (a bug: the inputs are Kith's own).
    #[error("the table could not be computed: {0}")]
    Table(String),
}

impl AnalysisError {
    pub(crate) fn no_attribute(study: &Study, name: &str) -> Self {
        let names: Vec<&str> = study.node_attributes().iter().map(|a| a.name()).collect();
        AnalysisError::NoAttribute {
            name: name.to_string(),
            known: if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            },
        }
    }
}

/// The value of a node attribute read as a group label for every node.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    labels: Vec<String>,
    of: Vec<Option<u32>>,
}

impl Grouping {
    /// Groups the nodes by the values of `attribute`: numbers sort as numbers, labels as
    /// text; a node without a value is in no group.
    pub fn by(study: &Study, attribute: &str) -> Result<Grouping, AnalysisError> {
        let attr = study
            .node_attribute(attribute)
            .ok_or_else(|| AnalysisError::no_attribute(study, attribute))?;
        let mut values: Vec<(Option<f64>, String)> = attr
            .values()
            .iter()
            .flatten()
            .map(|v| (v.as_number(), v.to_string()))
            .collect();
        let numeric = attr.ty() == AttrType::Numeric && values.iter().all(|v| v.0.is_some());
        if numeric {
            values.sort_by(|a, b| a.0.unwrap_or(0.0).total_cmp(&b.0.unwrap_or(0.0)));
        } else {
            values.sort_by(|a, b| a.1.cmp(&b.1));
        }
        let mut labels: Vec<String> = values.into_iter().map(|v| v.1).collect();
        labels.dedup();
        let index: std::collections::BTreeMap<&str, u32> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i as u32))
            .collect();
        let of = (0..study.node_count())
            .map(|v| {
                attr.value(v)
                    .and_then(|x| index.get(x.to_string().as_str()).copied())
            })
            .collect();
        Ok(Grouping { labels, of })
    }

    /// The group labels, sorted.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The group of vertex `v`, as an index into [`Grouping::labels`].
    #[inline]
    pub fn of(&self, v: usize) -> Option<u32> {
        self.of.get(v).copied().flatten()
    }
}

/// Everything `kith metrics` computes, and how.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricsOptions {
    /// The ties in view and whether weights count.
    pub selection: TieSelection,
    /// Who is a broker.
    pub broker_rule: BrokerRule,
    /// Seed of the community search.
    pub seed: u64,
    /// Grouping attribute for Gould-Fernandez brokerage roles, if any.
    pub brokerage_by: Option<String>,
}

/// Per-node measures, each indexed by node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeMeasures {
    /// Distinct contacts (in + out when directed).
    pub degree: Vec<usize>,
    /// Ties received; `None` when undirected.
    pub in_degree: Option<Vec<usize>>,
    /// Ties sent; `None` when undirected.
    pub out_degree: Option<Vec<usize>>,
    /// Brandes betweenness, undirected pairs counted once.
    pub betweenness: Vec<f64>,
    /// Betweenness over the number of pairs of other nodes.
    pub betweenness_norm: Vec<f64>,
    /// Closeness, Wasserman-Faust corrected (in-closeness when directed).
    pub closeness: Vec<f64>,
    /// Eigenvector centrality (in-ties when directed).
    pub eigenvector: Vec<f64>,
    /// PageRank, damping 0.85.
    pub pagerank: Vec<f64>,
    /// Burt's constraint; `None` for isolates.
    pub constraint: Vec<Option<f64>>,
    /// Burt's effective size; `None` for isolates.
    pub effective_size: Vec<Option<f64>>,
    /// Weak component, numbered from 0 in node order.
    pub component: Vec<u32>,
    /// Louvain community, numbered from 0 in node order.
    pub community: Vec<u32>,
    /// No tie in view.
    pub isolate: Vec<bool>,
    /// Articulation point of the underlying undirected graph.
    pub cut_point: Vec<bool>,
    /// Flagged by the broker rule.
    pub broker: Vec<bool>,
    /// Maximal cliques of at least three people the node belongs to (UCINET's clique
    /// census); `None` when the network is too dense to enumerate them.
    pub cliques: Option<Vec<usize>>,
}

/// Whole-network measures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NetworkSummary {
    /// Nodes (every node of the study).
    pub nodes: usize,
    /// Ties in view (arcs when directed), after merging repeats of a pair.
    pub ties: usize,
    /// Whether ties have a direction.
    pub directed: bool,
    /// Whether weights counted.
    pub weighted: bool,
    /// Ties over possible ties (NetworkX's `density`).
    pub density: f64,
    /// Share of arcs that are reciprocated (NetworkX's `overall_reciprocity`); `None` when
    /// undirected or without ties.
    pub reciprocity: Option<f64>,
    /// 3 × triangles / connected triples of the underlying undirected graph.
    pub transitivity: f64,
    /// Weak components, isolates included.
    pub components: usize,
    /// Strongly connected components, isolates included; `None` when undirected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strong_components: Option<usize>,
    /// Maximal cliques of at least three people (UCINET's clique census); `None` when the
    /// network is too dense to enumerate them.
    pub cliques: Option<usize>,
    /// Nodes without a tie in view.
    pub isolates: usize,
    /// Louvain communities.
    pub communities: usize,
    /// Modularity of the communities; `None` without ties.
    pub modularity: Option<f64>,
}

/// The result of [`metrics`].
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Per node.
    pub nodes: NodeMeasures,
    /// Per tie of the study: whether it is a bridge; `None` for ties not in view.
    pub bridges: Vec<Option<bool>>,
    /// Whole network.
    pub network: NetworkSummary,
    /// Brokerage roles, when a grouping attribute was given.
    pub brokerage: Option<Roles>,
}

/// Computes every measure of `kith metrics`.
///
/// `progress(done, total)` is called from the calling thread during the shortest-path
/// pass, which takes most of the time.
pub fn metrics(
    study: &Study,
    options: &MetricsOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Metrics, AnalysisError> {
    let graph = Graph::new(study, &options.selection);
    let grouping = match &options.brokerage_by {
        Some(attr) => Some(Grouping::by(study, attr)?),
        None => None,
    };
    let degrees = centrality::degrees(&graph);
    let paths = betweenness_closeness(&graph, progress);
    let holes = structural_holes::structural_holes(&graph);
    let comps = components::components(&graph);
    let communities = community::louvain(&graph, options.seed);
    let isolate = components::isolates(&graph);
    let (clique_counts, clique_total) = match components::cliques(&graph) {
        components::Cliques::Counted { per_node, total } => (Some(per_node), Some(total)),
        components::Cliques::TooDense { .. } => (None, None),
    };
    let broker = options.broker_rule.apply(
        study,
        &options.selection,
        &graph,
        &comps.cut_point,
        &paths.betweenness,
        &holes.constraint,
    );
    let bridges = graph
        .tie_pairs()
        .iter()
        .map(|p| p.map(|i| comps.bridge[i as usize]))
        .collect();
    let network = NetworkSummary {
        nodes: graph.node_count(),
        ties: graph.tie_count(),
        directed: graph.is_directed(),
        weighted: graph.is_weighted(),
        density: density(&graph),
        reciprocity: reciprocity(&graph),
        transitivity: transitivity(&graph),
        components: comps.count,
        strong_components: comps.strong_count,
        cliques: clique_total,
        isolates: isolate.iter().filter(|&&i| i).count(),
        communities: communities.count,
        modularity: communities.modularity,
    };
    Ok(Metrics {
        nodes: NodeMeasures {
            degree: degrees.total,
            in_degree: degrees.incoming,
            out_degree: degrees.outgoing,
            betweenness: paths.betweenness,
            betweenness_norm: paths.betweenness_norm,
            closeness: paths.closeness,
            eigenvector: centrality::eigenvector(&graph),
            pagerank: centrality::pagerank(&graph),
            constraint: holes.constraint,
            effective_size: holes.effective_size,
            component: comps.component,
            community: communities.membership,
            isolate,
            cut_point: comps.cut_point,
            broker,
            cliques: clique_counts,
        },
        bridges,
        network,
        brokerage: grouping.map(|g| brokerage::brokerage(&graph, &g)),
    })
}

/// Ties over possible ties: m / (n(n−1)) directed, m / (n(n−1)/2) undirected; 0 for n < 2.
pub fn density(graph: &Graph) -> f64 {
    let n = graph.node_count() as f64;
    let m = graph.tie_count() as f64;
    if n < 2.0 {
        return 0.0;
    }
    if graph.is_directed() {
        m / (n * (n - 1.0))
    } else {
        m * 2.0 / (n * (n - 1.0))
    }
}

/// Share of arcs whose reverse is also there; `None` when undirected or without ties.
pub fn reciprocity(graph: &Graph) -> Option<f64> {
    if !graph.is_directed() || graph.tie_count() == 0 {
        return None;
    }
    let arcs = graph.tie_count();
    let pairs = graph.pairs().len();
    Some(((arcs - pairs) * 2) as f64 / arcs as f64)
}

/// 3 × triangles / connected triples of the underlying undirected graph (NetworkX's
/// `transitivity`); 0 without triangles.
pub fn transitivity(graph: &Graph) -> f64 {
    let adj = graph.undirected();
    let tri = components::triangles(adj);
    let triangles: u64 = tri.iter().sum();
    if triangles == 0 {
        return 0.0;
    }
    let triples: u64 = (0..graph.node_count())
        .map(|v| {
            let d = adj.degree(v) as u64;
            d * d.saturating_sub(1)
        })
        .sum();
    (triangles * 2) as f64 / triples as f64
}
