//! Two-mode networks: people tied to the places and groups they use, and their one-mode
//! projections (people tied by the places they share, places tied by the people they share),
//! as NetworkX's `bipartite.weighted_projected_graph` and
//! `bipartite.collaboration_weighted_projected_graph` make them and UCINET and NodeXL offer.
//!
//! The two modes are told apart by [`Sides`]: by node kind (respondents and alters are
//! people, places and groups are places), by a node attribute (NetworkX's `bipartite`), or
//! as the nodes that are only ever named. Only ties between a person and a place count:
//! ties between two people (or two places) in the input are ignored by the projection, and
//! so are the direction and the weight of a tie; a person tied to a place twice (two
//! relations, two waves) shares it once.

use crate::model::{AttrType, NodeId, NodeKind, Study, StudyError, Tie, Value};

use super::graph::TieSelection;

/// The side of a two-mode network a projection keeps.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The people (respondents and alters), tied by the places and groups they share.
    #[default]
    People,
    /// The places and groups, tied by the people they share.
    Places,
    /// Only the nodes of this kind, tied by the nodes of the other mode they share (by
    /// [`Sides::Kind`], `Place` keeps the places without the groups, tied by shared people).
    Kind(NodeKind),
}

impl Mode {
    /// Reads `people`, `places`, or a kind name (`respondent`, `alter`, `place`, `group`,
    /// and their synonyms, see [`NodeKind::parse`]), case-insensitively.
    pub fn parse(s: &str) -> Option<Mode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "people" | "persons" => Some(Mode::People),
            "places" | "places-and-groups" => Some(Mode::Places),
            other => NodeKind::parse(other).map(Mode::Kind),
        }
    }

    /// The lower-case name, as [`Mode::parse`] reads it: `people`, `places` or the kind's.
    pub fn name(self) -> &'static str {
        match self {
            Mode::People => "people",
            Mode::Places => "places",
            Mode::Kind(k) => k.name(),
        }
    }

    /// True when the mode is on the places side.
    fn is_places(self) -> bool {
        match self {
            Mode::People => false,
            Mode::Places => true,
            Mode::Kind(k) => !k.is_person(),
        }
    }

    /// The relation name of the projected ties: "shared places" or "shared people".
    pub fn default_relation(self) -> &'static str {
        if self.is_places() {
            "shared people"
        } else {
            "shared places"
        }
    }
}

/// How the nodes of a two-mode network divide into people and places.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sides {
    /// By node kind: respondents and alters are people, places and groups are places (as a
    /// survey, `--two-mode` incidence matrices and two-mode Pajek files mark them).
    #[default]
    Kind,
    /// By a node attribute: a node whose value of `attribute` is `places_value` is a place,
    /// every other node (a missing value too) a person. For NetworkX's files,
    /// `bipartite` = `1`. Numbers match by value (`1` matches `1.0`).
    Attribute {
        /// The node attribute.
        attribute: String,
        /// The value that marks a place.
        places_value: String,
    },
    /// The nodes that are the target of a tie in view and never its source are places (an
    /// edge list `person,place`); every other node is a person.
    Targets,
}

impl Sides {
    /// Reads `kind`, `targets`, or `ATTRIBUTE=VALUE` (e.g. `bipartite=1`).
    pub fn parse(s: &str) -> Option<Sides> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "kind" | "kinds" => Some(Sides::Kind),
            "targets" => Some(Sides::Targets),
            _ => {
                let (attribute, value) = s.split_once('=')?;
                let (attribute, value) = (attribute.trim(), value.trim());
                if attribute.is_empty() || value.is_empty() {
                    return None;
                }
                Some(Sides::Attribute {
                    attribute: attribute.to_string(),
                    places_value: value.to_string(),
                })
            }
        }
    }
}

/// The weight of a tie between two nodes of the projection.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// The number of nodes of the other mode they share (NetworkX's
    /// `weighted_projected_graph`).
    #[default]
    Count,
    /// The number shared over the number of nodes of the other mode
    /// (`weighted_projected_graph(ratio=True)`).
    Ratio,
    /// Newman's collaboration weight: the sum over shared nodes `w` of `1 / (k_w - 1)`,
    /// where `k_w` is how many nodes of the kept mode `w` is tied to; a place used by two
    /// people adds 1, one used by eleven adds 0.1 (`collaboration_weighted_projected_graph`).
    Newman,
}

impl Weighting {
    /// Reads `count`, `ratio` or `newman`.
    pub fn parse(s: &str) -> Option<Weighting> {
        match s.trim().to_ascii_lowercase().as_str() {
            "count" | "shared" => Some(Weighting::Count),
            "ratio" => Some(Weighting::Ratio),
            "newman" | "collaboration" => Some(Weighting::Newman),
            _ => None,
        }
    }

    /// The lower-case name, as [`Weighting::parse`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            Weighting::Count => "count",
            Weighting::Ratio => "ratio",
            Weighting::Newman => "newman",
        }
    }
}

/// What a projection keeps and how it weighs ties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectionOptions {
    /// How people and places are told apart.
    pub sides: Sides,
    /// The weight of a projected tie.
    pub weighting: Weighting,
    /// The two-mode ties to use (e.g. only the relation "groups", only wave 2). Its
    /// `weighted` flag is ignored: a tie counts by being there.
    pub selection: TieSelection,
    /// The relation name of the projected ties; `None` gives [`Mode::default_relation`].
    pub relation: Option<String>,
}

/// A projection the study cannot give.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProjectionError {
    /// No places or groups: nothing links the people.
    #[error("this network has no places or groups: nothing to project")]
    NoPlaces,
    /// No people: nothing links the places.
    #[error("this network has no people: nothing to project")]
    NoPeople,
    /// No node of the kind asked for.
    #[error("this network has no nodes of kind {0}: nothing to project")]
    NoKind(NodeKind),
    /// The attribute of [`Sides::Attribute`] is not a node attribute of the study.
    #[error("the study has no node attribute \"{name}\" (it has: {known})")]
    NoAttribute {
        /// The name asked for.
        name: String,
        /// The attributes the study has, comma separated, or "none".
        known: String,
    },
    /// The new study could not be built (too many relations, cannot happen from a valid
    /// study).
    #[error(transparent)]
    Study(#[from] StudyError),
}

/// For every node: true when it is on the places side.
///
/// # Errors
/// [`ProjectionError::NoAttribute`] when [`Sides::Attribute`] names an attribute the study
/// does not have.
pub fn place_side(
    study: &Study,
    sides: &Sides,
    selection: &TieSelection,
) -> Result<Vec<bool>, ProjectionError> {
    match sides {
        Sides::Kind => Ok(study.nodes().iter().map(|n| !n.kind.is_person()).collect()),
        Sides::Attribute {
            attribute,
            places_value,
        } => {
            let Some(attr) = study.node_attribute(attribute) else {
                let names: Vec<&str> = study.node_attributes().iter().map(|a| a.name()).collect();
                return Err(ProjectionError::NoAttribute {
                    name: attribute.clone(),
                    known: if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    },
                });
            };
            let wanted = places_value.trim();
            let wanted_number = crate::model::parse_number(wanted);
            Ok((0..study.node_count())
                .map(|v| match attr.value(v) {
                    Some(Value::Number(x)) => wanted_number == Some(*x),
                    Some(Value::Text(t)) => t.trim() == wanted,
                    None => false,
                })
                .collect())
        }
        Sides::Targets => {
            let n = study.node_count();
            let mut source = vec![false; n];
            let mut target = vec![false; n];
            for (i, t) in study.ties().iter().enumerate() {
                if selection.includes(study, i) {
                    source[t.source.index()] = true;
                    target[t.target.index()] = true;
                }
            }
            Ok((0..n).map(|v| target[v] && !source[v]).collect())
        }
    }
}

/// The two-mode ties in view as neighbour lists, both ways, over the kept nodes
/// (renumbered 0.. in node order) and the other mode's nodes.
struct TwoMode {
    /// Study node of each kept node.
    kept: Vec<NodeId>,
    /// For each kept node, its other-mode neighbours (as indices into `others`), sorted.
    kept_adj: Vec<Vec<u32>>,
    /// For each other-mode node, its kept neighbours (as kept indices), sorted.
    other_adj: Vec<Vec<u32>>,
}

impl TwoMode {
    fn new(
        study: &Study,
        mode: Mode,
        options: &ProjectionOptions,
    ) -> Result<TwoMode, ProjectionError> {
        let place = place_side(study, &options.sides, &options.selection)?;
        let places_kept = mode.is_places();
        let n = study.node_count();
        // Kept index (for kept nodes) or other index (for the other mode), u32::MAX for
        // nodes in neither (e.g. groups when keeping places only).
        const NONE: u32 = u32::MAX;
        let mut kept_of = vec![NONE; n];
        let mut other_of = vec![NONE; n];
        let mut kept = Vec::new();
        let mut others = 0u32;
        for (v, node) in study.nodes().iter().enumerate() {
            if place[v] == places_kept {
                let of_kind = match mode {
                    Mode::Kind(k) => node.kind == k,
                    Mode::People | Mode::Places => true,
                };
                if of_kind {
                    kept_of[v] = kept.len() as u32;
                    kept.push(NodeId(v as u32));
                }
            } else {
                other_of[v] = others;
                others += 1;
            }
        }
        if others == 0 {
            return Err(if places_kept {
                ProjectionError::NoPeople
            } else {
                ProjectionError::NoPlaces
            });
        }
        if kept.is_empty() {
            return Err(match mode {
                Mode::People => ProjectionError::NoPeople,
                Mode::Places => ProjectionError::NoPlaces,
                Mode::Kind(k) => ProjectionError::NoKind(k),
            });
        }
        let mut kept_adj = vec![Vec::new(); kept.len()];
        let mut other_adj = vec![Vec::new(); others as usize];
        for (i, t) in study.ties().iter().enumerate() {
            let (s, d) = (t.source.index(), t.target.index());
            let (k, o) = if kept_of[s] != NONE && other_of[d] != NONE {
                (kept_of[s], other_of[d])
            } else if kept_of[d] != NONE && other_of[s] != NONE {
                (kept_of[d], other_of[s])
            } else {
                continue;
            };
            if !options.selection.includes(study, i) {
                continue;
            }
            kept_adj[k as usize].push(o);
            other_adj[o as usize].push(k);
        }
        for list in kept_adj.iter_mut().chain(other_adj.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        Ok(TwoMode {
            kept,
            kept_adj,
            other_adj,
        })
    }
}

/// Calls `emit(a, b, count, newman)` for every pair of kept nodes `a < b` (indices into the
/// kept nodes) that shares a node of the other mode, in order of `(a, b)`, with the number
/// they share and Newman's weight.
///
/// Row by row as in a sparse matrix product (Gustavson): for each kept node `a`, walk its
/// places and their users `b > a`, accumulating into dense scratch arrays that are reset
/// through the list of touched entries. Memory stays O(nodes) besides the output; time is
/// the sum of the squared place sizes, which a place used by thousands makes large by
/// nature (its users are then all tied to each other).
fn shared_pairs(two: &TwoMode, mut emit: impl FnMut(u32, u32, u32, f64)) {
    let n = two.kept.len();
    let mut count = vec![0u32; n];
    let mut newman = vec![0.0f64; n];
    let mut touched: Vec<u32> = Vec::new();
    for a in 0..n {
        for &w in &two.kept_adj[a] {
            let users = &two.other_adj[w as usize];
            let k = users.len();
            let add = if k > 1 { 1.0 / (k - 1) as f64 } else { 0.0 };
            let start = users.partition_point(|&b| b <= a as u32);
            for &b in &users[start..] {
                let slot = b as usize;
                if count[slot] == 0 {
                    touched.push(b);
                }
                count[slot] += 1;
                newman[slot] += add;
            }
        }
        // A row that touches much of what follows is read in order rather than sorted.
        if touched.len() * 16 > n - a {
            touched.clear();
            touched.extend((a as u32 + 1..n as u32).filter(|&b| count[b as usize] > 0));
        } else {
            touched.sort_unstable();
        }
        for &b in &touched {
            let slot = b as usize;
            emit(a as u32, b, count[slot], newman[slot]);
            count[slot] = 0;
            newman[slot] = 0.0;
        }
        touched.clear();
    }
}

/// The one-mode projection of a two-mode network onto `onto`: a new undirected study of
/// the kept nodes only (same ids, labels, kinds and every node attribute, in the study's
/// order; no merge record), with a tie between two nodes that share at least one node of
/// the other mode, weighted as `options.weighting` says, in the relation
/// `options.relation` ("shared places" or "shared people" by default); with the ratio or
/// Newman weighting, a numeric tie attribute `shared` holds the number shared (the count
/// weighting's weight is that number). Ties are sorted by their ends' order.
///
/// Kept nodes that share nothing stay, as isolates (as in NetworkX). Ties between two
/// people or two places in the input are ignored, as are tie direction and weight; only
/// the ties `options.selection` keeps count. The ratio divides by every node of the other
/// mode, used or not (NetworkX's `n_top`).
///
/// # Errors
/// [`ProjectionError::NoPlaces`] / [`ProjectionError::NoPeople`] when one mode is empty,
/// [`ProjectionError::NoKind`] when `Mode::Kind` finds no node of its kind, and
/// [`ProjectionError::NoAttribute`] for an unknown attribute in [`Sides::Attribute`].
pub fn project(
    study: &Study,
    onto: Mode,
    options: &ProjectionOptions,
) -> Result<Study, ProjectionError> {
    let two = TwoMode::new(study, onto, options)?;
    let mut out = Study::new(false);
    out.name = if study.name.is_empty() {
        onto.default_relation().to_string()
    } else {
        format!("{} ({})", study.name, onto.default_relation())
    };
    for &v in &two.kept {
        if let Some(node) = study.node(v) {
            out.add_node(node.id.clone(), node.label.clone(), node.kind)?;
        }
    }
    let mut keep = vec![false; study.node_count()];
    for &v in &two.kept {
        keep[v.index()] = true;
    }
    for attribute in study.node_attributes() {
        let mut column = attribute.clone();
        column.retain_indices(&keep);
        out.put_node_attribute(column);
    }
    let relation = out.relation(
        options
            .relation
            .as_deref()
            .unwrap_or(onto.default_relation()),
    )?;
    let others = two.other_adj.len() as f64;
    let weighting = options.weighting;
    let mut shared: Vec<u32> = Vec::new();
    shared_pairs(&two, |a, b, count, newman| {
        let weight = match weighting {
            Weighting::Count => f64::from(count),
            Weighting::Ratio => f64::from(count) / others,
            Weighting::Newman => newman,
        };
        // Both ends are nodes of `out`, so the tie is always accepted.
        let _ = out.add_tie(Tie {
            source: NodeId(a),
            target: NodeId(b),
            weight,
            relation: Some(relation),
            wave: None,
            directed: false,
        });
        if weighting != Weighting::Count {
            shared.push(count);
        }
    });
    if weighting != Weighting::Count {
        let column = out.declare_tie_attribute("shared", AttrType::Numeric)?;
        for (i, &count) in shared.iter().enumerate() {
            out.set_tie_value(column, i, Some(Value::Number(f64::from(count))));
        }
    }
    Ok(out)
}

/// How much each node of a two-mode network is used: [`usage`]'s result, indexed by node.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// True for the nodes on the places side.
    pub place: Vec<bool>,
    /// Distinct nodes of the other mode tied to each node: for a place, how many people
    /// use it; for a person, how many places they use.
    pub count: Vec<usize>,
    /// For a place, the share of all respondents who use it; `None` for people, and for
    /// every node when the study has no respondents.
    pub respondent_share: Vec<Option<f64>>,
    /// Number of respondents in the study.
    pub respondents: usize,
}

/// How many people use each place, what share of the respondents that is, and how many
/// places each person uses, over the ties `options.selection` keeps (people-to-place ties
/// only; `weighting` and `relation` are not used).
///
/// # Errors
/// [`ProjectionError::NoAttribute`] for an unknown attribute in [`Sides::Attribute`].
pub fn usage(study: &Study, options: &ProjectionOptions) -> Result<Usage, ProjectionError> {
    let place = place_side(study, &options.sides, &options.selection)?;
    let n = study.node_count();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (i, t) in study.ties().iter().enumerate() {
        let (s, d) = (t.source.index(), t.target.index());
        if place[s] == place[d] || !options.selection.includes(study, i) {
            continue;
        }
        let (person, venue) = if place[s] { (d, s) } else { (s, d) };
        pairs.push((person as u32, venue as u32));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut count = vec![0usize; n];
    let mut respondent_users = vec![0usize; n];
    let kinds = study.nodes();
    for &(person, venue) in &pairs {
        count[person as usize] += 1;
        count[venue as usize] += 1;
        if kinds[person as usize].kind == NodeKind::Respondent {
            respondent_users[venue as usize] += 1;
        }
    }
    let respondents = kinds
        .iter()
        .zip(&place)
        .filter(|(n, p)| n.kind == NodeKind::Respondent && !**p)
        .count();
    let respondent_share = (0..n)
        .map(|v| {
            (place[v] && respondents > 0).then(|| respondent_users[v] as f64 / respondents as f64)
        })
        .collect();
    Ok(Usage {
        place,
        count,
        respondent_share,
        respondents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ann, bea, cal, dee (no place) use the library (ann, bea, cal), the club (ann, bea)
    /// and the chapel (cal only); the park has no user; ann and dee are friends.
    fn village() -> Study {
        let mut s = Study::new(true);
        for p in ["ann", "bea", "cal", "dee"] {
            s.add_node(p, p.to_uppercase(), NodeKind::Respondent)
                .unwrap();
        }
        s.add_node("library", "Library", NodeKind::Place).unwrap();
        s.add_node("club", "Club", NodeKind::Group).unwrap();
        s.add_node("chapel", "Chapel", NodeKind::Place).unwrap();
        s.add_node("park", "Park", NodeKind::Place).unwrap();
        let places = s.relation("places").unwrap();
        let friends = s.relation("friends").unwrap();
        let tie = |s: &mut Study, a: &str, b: &str, r| {
            let (a, b) = (s.find(a).unwrap(), s.find(b).unwrap());
            s.add_tie(Tie {
                source: a,
                target: b,
                weight: 3.0,
                relation: Some(r),
                wave: None,
                directed: true,
            })
            .unwrap();
        };
        for (p, v) in [
            ("ann", "library"),
            ("bea", "library"),
            ("cal", "library"),
            ("ann", "club"),
            ("bea", "club"),
            ("cal", "chapel"),
            // A repeat, and a tie written from the place's end: both count once.
            ("ann", "library"),
            ("club", "bea"),
        ] {
            tie(&mut s, p, v, places);
        }
        tie(&mut s, "ann", "dee", friends);
        let col = s.declare_node_attribute("age", AttrType::Numeric).unwrap();
        s.set_node_value(col, NodeId(1), Some(Value::Number(40.0)));
        s.set_node_value(col, NodeId(4), Some(Value::Number(99.0)));
        s
    }

    fn ties(s: &Study) -> Vec<(String, String, f64)> {
        s.ties()
            .iter()
            .map(|t| {
                (
                    s.node(t.source).unwrap().id.clone(),
                    s.node(t.target).unwrap().id.clone(),
                    t.weight,
                )
            })
            .collect()
    }

    fn opts(weighting: Weighting) -> ProjectionOptions {
        ProjectionOptions {
            weighting,
            ..ProjectionOptions::default()
        }
    }

    #[test]
    fn people_share_places_by_count_ratio_and_newman() {
        let s = village();
        let p = project(&s, Mode::People, &opts(Weighting::Count)).unwrap();
        assert!(!p.directed);
        assert_eq!(
            p.nodes().iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            ["ann", "bea", "cal", "dee"]
        );
        assert_eq!(
            ties(&p),
            [
                ("ann".into(), "bea".into(), 2.0),
                ("ann".into(), "cal".into(), 1.0),
                ("bea".into(), "cal".into(), 1.0),
            ]
        );
        // The friendship is not a shared place; dee stays as an isolate.
        assert_eq!(p.isolates(), vec![NodeId(3)]);
        assert_eq!(p.relations(), ["shared places"]);
        assert!(p.tie_attribute("shared").is_none());
        let r = project(&s, Mode::People, &opts(Weighting::Ratio)).unwrap();
        assert_eq!(
            r.tie_attribute("shared").unwrap().values(),
            [
                Some(Value::Number(2.0)),
                Some(Value::Number(1.0)),
                Some(Value::Number(1.0))
            ]
        );
        // Attributes follow their nodes.
        assert_eq!(
            p.node_attribute("age").unwrap().values(),
            [None, Some(Value::Number(40.0)), None, None]
        );
        assert_eq!(ties(&r)[0].2, 2.0 / 4.0);
        assert_eq!(ties(&r)[1].2, 1.0 / 4.0);
        // Newman: the library (3 users) adds 1/2, the club (2 users) adds 1.
        let nw = project(&s, Mode::People, &opts(Weighting::Newman)).unwrap();
        assert_eq!(
            ties(&nw).iter().map(|t| t.2).collect::<Vec<_>>(),
            [1.5, 0.5, 0.5]
        );
    }

    #[test]
    fn places_share_people_and_unused_places_stay() {
        let s = village();
        let p = project(&s, Mode::Places, &opts(Weighting::Count)).unwrap();
        assert_eq!(p.node_count(), 4);
        assert_eq!(
            ties(&p),
            [
                ("library".into(), "club".into(), 2.0),
                ("library".into(), "chapel".into(), 1.0),
            ]
        );
        assert_eq!(p.isolates(), vec![NodeId(3)]);
        assert_eq!(p.relations(), ["shared people"]);
        assert_eq!(p.nodes()[1].kind, NodeKind::Group);
        assert_eq!(
            p.node_attribute("age").unwrap().values(),
            [Some(Value::Number(99.0)), None, None, None]
        );
        // Places only, without the club: the ratio divides by the four people.
        let only = project(&s, Mode::Kind(NodeKind::Place), &opts(Weighting::Ratio)).unwrap();
        assert_eq!(only.node_count(), 3);
        assert_eq!(ties(&only), [("library".into(), "chapel".into(), 0.25)]);
        // A place with one user shares nothing; Newman gives it no weight.
        let nw = project(&s, Mode::Places, &opts(Weighting::Newman)).unwrap();
        assert_eq!(ties(&nw)[1].2, 1.0);
    }

    #[test]
    fn relation_selection_and_name() {
        let mut s = village();
        let other = s.relation("other").unwrap();
        let (ann, chapel) = (s.find("ann").unwrap(), s.find("chapel").unwrap());
        s.add_tie(Tie {
            source: ann,
            target: chapel,
            weight: 1.0,
            relation: Some(other),
            wave: None,
            directed: true,
        })
        .unwrap();
        let all = project(&s, Mode::People, &ProjectionOptions::default()).unwrap();
        assert_eq!(ties(&all)[1], ("ann".into(), "cal".into(), 2.0));
        let options = ProjectionOptions {
            selection: TieSelection::by_names(&s, &["places".into()], &[], false).unwrap(),
            relation: Some("co-users".into()),
            ..ProjectionOptions::default()
        };
        let some = project(&s, Mode::People, &options).unwrap();
        assert_eq!(ties(&some)[1], ("ann".into(), "cal".into(), 1.0));
        assert_eq!(some.relations(), ["co-users"]);
    }

    #[test]
    fn empty_and_one_mode_studies_are_errors() {
        let empty = Study::new(false);
        let e = project(&empty, Mode::People, &ProjectionOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "this network has no places or groups: nothing to project"
        );
        let mut people = Study::new(false);
        let a = people.add_node("a", "a", NodeKind::Respondent).unwrap();
        let b = people.add_node("b", "b", NodeKind::Alter).unwrap();
        people.connect(a, b).unwrap();
        assert_eq!(
            project(&people, Mode::People, &ProjectionOptions::default()),
            Err(ProjectionError::NoPlaces)
        );
        assert_eq!(
            project(&people, Mode::Places, &ProjectionOptions::default()),
            Err(ProjectionError::NoPlaces)
        );
        let s = village();
        let mut only_places = s.clone();
        let keep: Vec<bool> = s.nodes().iter().map(|n| !n.kind.is_person()).collect();
        only_places.retain_nodes(&keep);
        assert_eq!(
            project(&only_places, Mode::Places, &ProjectionOptions::default()),
            Err(ProjectionError::NoPeople)
        );
        assert_eq!(
            project(
                &s,
                Mode::Kind(NodeKind::Alter),
                &ProjectionOptions::default()
            ),
            Err(ProjectionError::NoKind(NodeKind::Alter))
        );
    }

    #[test]
    fn sides_by_attribute_and_by_targets() {
        let s = village();
        let mut plain = s.clone();
        for v in plain.node_ids().collect::<Vec<_>>() {
            plain.node_mut(v).unwrap().kind = NodeKind::Respondent;
        }
        let col = plain
            .declare_node_attribute("bipartite", AttrType::Numeric)
            .unwrap();
        for v in 4..8 {
            plain.set_node_value(col, NodeId(v), Some(Value::Number(1.0)));
        }
        let by_attr = ProjectionOptions {
            sides: Sides::parse("bipartite=1").unwrap(),
            ..ProjectionOptions::default()
        };
        let want = ties(&project(&s, Mode::People, &ProjectionOptions::default()).unwrap());
        assert_eq!(
            ties(&project(&plain, Mode::People, &by_attr).unwrap()),
            want
        );
        // By targets, with the friendships and the tie written from the club left out of view.
        let by_targets = ProjectionOptions {
            sides: Sides::Targets,
            selection: TieSelection::by_names(&plain, &["places".into()], &[], false).unwrap(),
            ..ProjectionOptions::default()
        };
        let side = place_side(&plain, &by_targets.sides, &by_targets.selection).unwrap();
        // The club names bea, so it is not only a target; the park is in no tie.
        assert_eq!(side, [false, false, false, false, true, false, true, false]);
        let bad = ProjectionOptions {
            sides: Sides::parse("mode=event").unwrap(),
            ..ProjectionOptions::default()
        };
        assert_eq!(
            project(&plain, Mode::People, &bad).unwrap_err().to_string(),
            "the study has no node attribute \"mode\" (it has: age, bipartite)"
        );
        assert_eq!(Sides::parse("targets"), Some(Sides::Targets));
        assert_eq!(Sides::parse("x="), None);
        assert_eq!(Mode::parse("Places"), Some(Mode::Places));
        assert_eq!(Mode::parse("event"), Some(Mode::Kind(NodeKind::Group)));
        assert_eq!(Weighting::parse("newman"), Some(Weighting::Newman));
        for m in [Mode::People, Mode::Places, Mode::Kind(NodeKind::Place)] {
            assert_eq!(Mode::parse(m.name()), Some(m));
        }
    }

    /// Sparse and dense rows (sorted or scanned) against pairwise set intersection.
    #[test]
    fn large_projection_equals_brute_force() {
        let (people, places) = (400usize, 60usize);
        let mut s = Study::new(false);
        for i in 0..people {
            s.node_or_insert(&format!("p{i}"), NodeKind::Respondent);
        }
        for j in 0..places {
            s.node_or_insert(&format!("g{j}"), NodeKind::Group);
        }
        let mut x: u64 = 12345;
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let mut uses = vec![Vec::new(); people];
        for (i, used) in uses.iter_mut().enumerate() {
            // Place j is used by about one in (j + 1) people: a few busy, many quiet.
            for j in 0..places {
                if next() % (j + 2) == 0 {
                    used.push(j);
                    s.connect(NodeId(i as u32), NodeId((people + j) as u32))
                        .unwrap();
                }
            }
        }
        let users: Vec<usize> = (0..places)
            .map(|j| uses.iter().filter(|u| u.contains(&j)).count())
            .collect();
        let p = project(&s, Mode::People, &opts(Weighting::Newman)).unwrap();
        let mut want = Vec::new();
        for a in 0..people {
            for b in a + 1..people {
                let common: Vec<usize> = uses[a]
                    .iter()
                    .copied()
                    .filter(|j| uses[b].contains(j))
                    .collect();
                if !common.is_empty() {
                    let w: f64 = common.iter().map(|&j| 1.0 / (users[j] - 1) as f64).sum();
                    want.push((a as u32, b as u32, common.len(), w));
                }
            }
        }
        assert!(want.len() > 1000 && want.len() < people * (people - 1) / 2);
        assert_eq!(p.tie_count(), want.len());
        let shared = p.tie_attribute("shared").unwrap();
        for (i, (t, w)) in p.ties().iter().zip(&want).enumerate() {
            assert_eq!((t.source.0, t.target.0), (w.0, w.1));
            assert_eq!(shared.value(i), Some(&Value::Number(w.2 as f64)));
            assert!((t.weight - w.3).abs() < 1e-12);
        }
    }

    #[test]
    fn usage_counts_distinct_users_and_places() {
        let s = village();
        let u = usage(&s, &ProjectionOptions::default()).unwrap();
        assert_eq!(u.count, [2, 2, 2, 0, 3, 2, 1, 0]);
        assert_eq!(u.respondents, 4);
        assert_eq!(u.respondent_share[4], Some(0.75));
        assert_eq!(u.respondent_share[7], Some(0.0));
        assert_eq!(u.respondent_share[0], None);
    }
}
