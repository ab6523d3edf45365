//! Who counts as a broker and who as an isolate, each as a documented rule with a
//! one-sentence explanation to show beside the flag.

use super::graph::{Graph, TieSelection};
use crate::model::{NodeKind, Study};

/// The sentence shown wherever isolates are flagged.
pub const ISOLATE_EXPLANATION: &str =
    "An isolate has no tie at all in the relations and waves being viewed.";

/// When a cut point (articulation point) counts towards brokerage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CutPoints {
    /// Cut points are not brokers by themselves.
    Ignore,
    /// Every cut point is a broker, even one whose removal only cuts off someone tied to
    /// nobody else (the rule before 0.2).
    Every,
    /// A cut point is a broker when removing it separates at least two people who each
    /// have another tie, or who are respondents: someone named once and tied to nobody
    /// else (a pendant) does not make the person who named them a broker.
    Connecting,
}

/// The betweenness clause of a [`BrokerRule`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Betweenness {
    /// Betweenness is not part of the rule.
    Ignore,
    /// The vertices in this top share by betweenness (0.05 for the top 5%) qualify, ties
    /// with the last one in included; betweenness 0 never qualifies (the rule before 0.2).
    Top(f64),
    /// The vertices through which at least this share of the shortest paths between pairs
    /// of other tied people run (0.1: one pair in ten). Counted with ties both ways (as
    /// cut points are) on the network without pendant alters, so that the paths to the
    /// people only one person named do not make that person a broker.
    Share(f64),
}

/// The rule that flags a person as a broker: someone who connects people or groups who
/// would otherwise not be connected.
///
/// The default is [`CutPoints::Connecting`], or [`Betweenness::Share`] of 10% with
/// constraint below the median; [`BrokerRule::classic`] is the rule before 0.2 (every cut
/// point, or the top 5% by betweenness with constraint below the median).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BrokerRule {
    /// Which cut points are brokers.
    pub cut_points: CutPoints,
    /// Which betweenness makes a broker, together with the constraint condition.
    pub betweenness: Betweenness,
    /// With the betweenness clause, constraint must also be below this quantile of the
    /// constraint of the vertices that have one (0.5: below the median); `None` drops the
    /// condition.
    pub constraint_below: Option<f64>,
}

/// The share of paths of the default rule's betweenness clause.
pub const DEFAULT_PATH_SHARE: f64 = 0.1;

impl Default for BrokerRule {
    fn default() -> Self {
        BrokerRule {
            cut_points: CutPoints::Connecting,
            betweenness: Betweenness::Share(DEFAULT_PATH_SHARE),
            constraint_below: Some(0.5),
        }
    }
}

impl BrokerRule {
    /// The rule before 0.2: every cut point, or betweenness in the top 5% with constraint
    /// below the median.
    pub fn classic() -> Self {
        BrokerRule {
            cut_points: CutPoints::Every,
            betweenness: Betweenness::Top(0.05),
            constraint_below: Some(0.5),
        }
    }

    /// The rule in one sentence, for the Flags panel, the person card and `kith metrics`.
    pub fn explanation(&self) -> String {
        let mut clauses = Vec::new();
        match self.cut_points {
            CutPoints::Ignore => {}
            CutPoints::Every => clauses
                .push("is a cut point (without them, part of the network falls apart)".to_string()),
            CutPoints::Connecting => clauses.push(
                "is the only link between people who have other ties (or between respondents)"
                    .to_string(),
            ),
        }
        let constraint = self.constraint_phrase(
            " with constraint below",
            " (their contacts are not tied to each other)",
        );
        match self.betweenness {
            Betweenness::Ignore => {}
            Betweenness::Top(share) => clauses.push(format!(
                "is in the top {} by betweenness (many shortest paths between others run \
                 through them){constraint}",
                percent(share)
            )),
            Betweenness::Share(share) => clauses.push(format!(
                "lies on the shortest paths between at least {} of the pairs of other people{constraint}",
                percent(share)
            )),
        }
        if clauses.is_empty() {
            return "No one is flagged as a broker: the rule has no clause.".to_string();
        }
        let mut s = format!("A broker {}", clauses.join(", or "));
        if self.cut_points == CutPoints::Connecting
            || matches!(self.betweenness, Betweenness::Share(_))
        {
            s.push_str("; someone tied to nobody else does not make the person they name a broker");
        }
        s.push('.');
        s
    }

    /// " with constraint below the median" (with `after` appended), or nothing without the
    /// constraint condition.
    fn constraint_phrase(&self, lead: &str, after: &str) -> String {
        let Some(q) = self.constraint_below else {
            return String::new();
        };
        let which = if (q - 0.5).abs() < 1e-12 {
            "the median".to_string()
        } else {
            format!("the {} percentile", percent(q).trim_end_matches('%'))
        };
        format!("{lead} {which}{after}")
    }

    /// The rule in a few words, for a legend: "only link between people with other ties,
    /// or on 10% of shortest paths with constraint below the median".
    pub fn short(&self) -> String {
        let mut parts = Vec::new();
        match self.cut_points {
            CutPoints::Ignore => {}
            CutPoints::Every => parts.push("cut point".to_string()),
            CutPoints::Connecting => {
                parts.push("only link between people with other ties".to_string())
            }
        }
        let constraint = self.constraint_phrase(" with constraint below", "");
        match self.betweenness {
            Betweenness::Ignore => {}
            Betweenness::Top(share) => {
                parts.push(format!("top {} betweenness{constraint}", percent(share)));
            }
            Betweenness::Share(share) => parts.push(format!(
                "on {} of shortest paths{constraint}",
                percent(share)
            )),
        }
        parts.join(", or ")
    }

    /// Applies the rule to the ties `selection` keeps of `study` (whose graph is `graph`),
    /// given the per-vertex cut points, betweenness and constraint measured on that graph.
    pub fn apply(
        &self,
        study: &Study,
        selection: &TieSelection,
        graph: &Graph,
        cut_point: &[bool],
        betweenness: &[f64],
        constraint: &[Option<f64>],
    ) -> Vec<bool> {
        let n = graph.node_count();
        let pendant = pendants(study, graph);
        let central: Vec<bool> = match self.betweenness {
            Betweenness::Ignore => vec![false; n],
            Betweenness::Top(share) => top_share(betweenness, share),
            Betweenness::Share(share) => path_shares(study, selection, graph, &pendant)
                .iter()
                .map(|&x| x > 0.0 && x >= share - 1e-12)
                .collect(),
        };
        let limit = self.constraint_below.and_then(|q| {
            let mut known: Vec<f64> = constraint.iter().flatten().copied().collect();
            known.sort_by(f64::total_cmp);
            quantile(&known, q)
        });
        let separating = match self.cut_points {
            CutPoints::Connecting => separates_two(graph, &pendant),
            _ => Vec::new(),
        };
        (0..n)
            .map(|v| {
                let is_cut = cut_point.get(v).copied().unwrap_or(false);
                let cut = match self.cut_points {
                    CutPoints::Ignore => false,
                    CutPoints::Every => is_cut,
                    CutPoints::Connecting => is_cut && separating[v],
                };
                let open = match (self.constraint_below, limit) {
                    (None, _) => true,
                    (Some(_), Some(limit)) => constraint
                        .get(v)
                        .copied()
                        .flatten()
                        .is_some_and(|c| c < limit),
                    (Some(_), None) => false,
                };
                cut || (central[v] && open)
            })
            .collect()
    }
}

/// Whether each vertex is a pendant that does not count for brokerage: a single tie (ties
/// both ways counted once) and not a respondent of a survey. In a study that tells
/// respondents from the people they named (it has alters), a respondent counts however
/// few ties they have; in a network of one kind of node every pendant is such a person.
pub fn pendants(study: &Study, graph: &Graph) -> Vec<bool> {
    let adj = graph.undirected();
    let survey = study.nodes().iter().any(|n| n.kind == NodeKind::Alter);
    (0..graph.node_count())
        .map(|v| {
            let respondent = survey
                && study
                    .nodes()
                    .get(v)
                    .is_some_and(|n| n.kind == NodeKind::Respondent);
            adj.degree(v) == 1 && !respondent
        })
        .collect()
}

/// For every vertex, whether removing it leaves at least two of its neighbours that are
/// not pendants in different parts of the network.
///
/// Two neighbours `a` and `b` of `v` stay connected without `v` exactly when the ties `v-a`
/// and `v-b` lie in one biconnected block, so one depth-first search that numbers the
/// blocks of every tie (Hopcroft and Tarjan, with a stack of ties) answers for all
/// vertices at once, in time linear in the ties. Written here because petgraph finds cut
/// points and bridges but not the blocks themselves.
fn separates_two(graph: &Graph, pendant: &[bool]) -> Vec<bool> {
    let adj = graph.undirected();
    let n = graph.node_count();
    // The block of each tie, as (smaller end, larger end) -> block number.
    let mut block_of: std::collections::HashMap<(u32, u32), u32> = Default::default();
    let mut blocks = 0u32;
    let mut disc = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut time = 0u32;
    let mut stack: Vec<(u32, u32, usize)> = Vec::new(); // (vertex, parent, next neighbour)
    let mut ties: Vec<(u32, u32)> = Vec::new();
    for root in 0..n {
        if disc[root] != u32::MAX {
            continue;
        }
        disc[root] = time;
        low[root] = time;
        time += 1;
        stack.push((root as u32, u32::MAX, 0));
        while let Some(top) = stack.last_mut() {
            let (v, parent, next) = (top.0 as usize, top.1, top.2);
            let row = adj.neighbors(v);
            if next < row.len() {
                top.2 += 1;
                let w = row[next] as usize;
                if disc[w] == u32::MAX {
                    ties.push((v as u32, w as u32));
                    disc[w] = time;
                    low[w] = time;
                    time += 1;
                    stack.push((w as u32, v as u32, 0));
                } else if w as u32 != parent && disc[w] < disc[v] {
                    ties.push((v as u32, w as u32));
                    low[v] = low[v].min(disc[w]);
                }
                continue;
            }
            stack.pop();
            if parent != u32::MAX {
                let p = parent as usize;
                low[p] = low[p].min(low[v]);
                if low[v] >= disc[p] {
                    // p-v closes a block: every tie pushed since it belongs to it.
                    while let Some((a, b)) = ties.pop() {
                        block_of.insert((a.min(b), a.max(b)), blocks);
                        if (a as usize, b as usize) == (p, v) {
                            break;
                        }
                    }
                    blocks += 1;
                }
            }
        }
    }
    (0..n)
        .map(|v| {
            let mut first = None;
            adj.neighbors(v)
                .iter()
                .filter(|&&w| !pendant.get(w as usize).copied().unwrap_or(false))
                .filter_map(|&w| {
                    let key = ((v as u32).min(w), (v as u32).max(w));
                    block_of.get(&key).copied()
                })
                .any(|b| *first.get_or_insert(b) != b)
        })
        .collect()
}

/// The vertices in the top `share` by betweenness (ties with the last one in included),
/// never one with betweenness 0.
fn top_share(betweenness: &[f64], share: f64) -> Vec<bool> {
    let n = betweenness.len();
    let mut sorted: Vec<f64> = betweenness.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let take = ((share * n as f64).ceil() as usize).min(n);
    let threshold = (take > 0).then(|| sorted[take - 1]);
    betweenness
        .iter()
        .map(|&b| threshold.is_some_and(|t| b > 0.0 && b >= t))
        .collect()
}

/// For every vertex, the share of the pairs of other tied people whose shortest paths run
/// through it (split between paths as betweenness splits them), counted with ties both
/// ways on the network without pendants: betweenness of that network over the pairs of
/// the other people with a tie, (m − 1)(m − 2) / 2 for m tied people.
pub fn path_shares(
    study: &Study,
    selection: &TieSelection,
    graph: &Graph,
    pendant: &[bool],
) -> Vec<f64> {
    let n = graph.node_count();
    let tied = (0..n).filter(|&v| graph.undirected().degree(v) > 0).count();
    if tied < 3 {
        return vec![0.0; n];
    }
    let mut core = study.clone();
    core.directed = false;
    let keep: Vec<bool> = study
        .ties()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            selection.includes(study, i)
                && !pendant.get(t.source.index()).copied().unwrap_or(false)
                && !pendant.get(t.target.index()).copied().unwrap_or(false)
        })
        .collect();
    core.retain_ties(&keep);
    let core_graph = Graph::new(
        &core,
        &TieSelection {
            weighted: selection.weighted,
            ..TieSelection::default()
        },
    );
    let paths = super::betweenness_closeness(&core_graph, &|_, _| {});
    let pairs = ((tied - 1) * (tied - 2)) as f64 / 2.0;
    paths.betweenness.iter().map(|b| b / pairs).collect()
}

/// "5%", "12.5%".
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", p.round() as i64)
    } else {
        format!("{p}%")
    }
}

/// The `q` quantile of sorted values, interpolating linearly between order statistics
/// (the median of an even count is the mean of the middle two).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeId;

    /// A study of respondents (and alters, when `alters` says which) with these ties.
    /// Removing `v`, are two of its non-pendant neighbours apart? By a search per vertex.
    fn separates_two_by_search(graph: &Graph, v: usize, pendant: &[bool]) -> bool {
        let adj = graph.undirected();
        let others: Vec<usize> = adj
            .neighbors(v)
            .iter()
            .map(|&w| w as usize)
            .filter(|&w| !pendant[w])
            .collect();
        let Some(&first) = others.first() else {
            return false;
        };
        let mut seen = vec![false; graph.node_count()];
        seen[v] = true;
        seen[first] = true;
        let mut stack = vec![first];
        while let Some(u) = stack.pop() {
            for &w in adj.neighbors(u) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push(w as usize);
                }
            }
        }
        others.iter().any(|&w| !seen[w])
    }

    #[test]
    fn blocks_tell_who_separates_as_a_search_does() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for round in 0..60 {
            let n = rng.random_range(3..40usize);
            let m = rng.random_range(0..2 * n);
            let ties: Vec<(u32, u32)> = (0..m)
                .map(|_| (rng.random_range(0..n as u32), rng.random_range(0..n as u32)))
                .filter(|(a, b)| a != b)
                .collect();
            let alters: Vec<usize> = (0..n).filter(|_| rng.random_bool(0.5)).collect();
            let s = study(n, &ties, &alters);
            let g = Graph::new(&s, &TieSelection::default());
            let pendant = pendants(&s, &g);
            let fast = separates_two(&g, &pendant);
            for (v, &f) in fast.iter().enumerate() {
                assert_eq!(
                    f,
                    separates_two_by_search(&g, v, &pendant),
                    "round {round}, vertex {v}, ties {ties:?}"
                );
            }
        }
    }

    fn study(n: usize, ties: &[(u32, u32)], alters: &[usize]) -> Study {
        let mut s = Study::new(false);
        for i in 0..n {
            let kind = if alters.contains(&i) {
                NodeKind::Alter
            } else {
                NodeKind::Respondent
            };
            s.add_node(i.to_string(), i.to_string(), kind).unwrap();
        }
        for &(a, b) in ties {
            s.connect(NodeId(a), NodeId(b)).unwrap();
        }
        s
    }

    fn flags(rule: &BrokerRule, s: &Study) -> Vec<usize> {
        let sel = TieSelection::default();
        let g = Graph::new(s, &sel);
        let comps = super::super::components::components(&g);
        let paths = super::super::betweenness_closeness(&g, &|_, _| {});
        let holes = super::super::structural_holes::structural_holes(&g);
        let f = rule.apply(
            s,
            &sel,
            &g,
            &comps.cut_point,
            &paths.betweenness,
            &holes.constraint,
        );
        (0..f.len()).filter(|&v| f[v]).collect()
    }

    #[test]
    fn default_rule_reads_as_one_sentence() {
        let s = BrokerRule::default().explanation();
        assert!(
            s.starts_with("A broker is the only link between people"),
            "{s}"
        );
        assert!(s.contains("at least 10% of the pairs"), "{s}");
        assert!(s.contains("below the median"), "{s}");
        assert_eq!(s.matches('.').count(), 1, "{s}");
        let old = BrokerRule::classic().explanation();
        assert!(old.starts_with("A broker is a cut point"), "{old}");
        assert!(old.contains("top 5% by betweenness"), "{old}");
    }

    #[test]
    fn naming_someone_nobody_else_names_does_not_make_a_broker() {
        // A triangle 0-1-2; 0 also names 3 and 4, whom nobody else names (alters).
        let s = study(5, &[(0, 1), (1, 2), (2, 0), (0, 3), (0, 4)], &[3, 4]);
        assert_eq!(flags(&BrokerRule::classic(), &s), vec![0]);
        assert_eq!(flags(&BrokerRule::default(), &s), Vec::<usize>::new());
    }

    #[test]
    fn the_only_link_between_tied_people_or_respondents_is_a_broker() {
        // Two triangles joined through 6: 6 is the only link between people with other
        // ties. 7 hangs off 0 alone.
        let s = study(
            8,
            &[
                (0, 1),
                (1, 2),
                (2, 0),
                (3, 4),
                (4, 5),
                (5, 3),
                (2, 6),
                (6, 3),
                (0, 7),
            ],
            &[7],
        );
        let rule = BrokerRule {
            betweenness: Betweenness::Ignore,
            ..BrokerRule::default()
        };
        // 2, 3 and 6 separate the triangles; 0 only cuts off the alter 7.
        assert_eq!(flags(&rule, &s), vec![2, 3, 6]);
        // Two respondents who name only 0 make 0 their link: they count as respondents.
        let s = study(4, &[(0, 1), (0, 2), (0, 3)], &[3]);
        assert_eq!(flags(&rule, &s), vec![0]);
        // Were they alters, 0 would link nobody.
        let s = study(4, &[(0, 1), (0, 2), (0, 3)], &[1, 2, 3]);
        assert_eq!(flags(&rule, &s), Vec::<usize>::new());
    }

    #[test]
    fn path_shares_leave_out_pendants_and_directions() {
        // A path 0-1-2-3 with 4 hanging off 1, nominations one way: 0, 3 and 4 are pendants.
        let mut s = study(5, &[(0, 1), (1, 2), (2, 3), (1, 4)], &[]);
        s.directed = true;
        let g = Graph::new(&s, &TieSelection::default());
        let pendant = pendants(&s, &g);
        assert_eq!(pendant, vec![true, false, false, true, true]);
        let shares = path_shares(&s, &TieSelection::default(), &g, &pendant);
        // Without the pendants 0, 3 and 4 only 1-2 is left: no one lies between others.
        assert_eq!(shares, vec![0.0; 5]);
        let s = study(6, &[(0, 1), (1, 2), (2, 3), (3, 4), (2, 5), (5, 1)], &[]);
        let g = Graph::new(&s, &TieSelection::default());
        let pendant = pendants(&s, &g);
        let shares = path_shares(&s, &TieSelection::default(), &g, &pendant);
        // Pendants 0 and 4 out: 1-2-3 with 5 tied to 1 and 2; 2 lies on 1-3 and 5-3, of the
        // (6 - 1)(6 - 2) / 2 = 10 pairs of others.
        assert!((shares[2] - 0.2).abs() < 1e-12, "{shares:?}");
    }

    #[test]
    fn top_share_keeps_ties_and_never_zero() {
        assert_eq!(
            top_share(&[10.0, 0.0, 3.0, 3.0], 0.25),
            vec![true, false, false, false]
        );
        assert_eq!(
            top_share(&[10.0, 0.0, 3.0, 3.0], 0.5),
            vec![true, false, true, true]
        );
        assert_eq!(top_share(&[0.0, 0.0], 1.0), vec![false, false]);
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        assert_eq!(quantile(&[1.0], 0.5), Some(1.0));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
