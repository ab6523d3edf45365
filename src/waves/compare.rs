//! What changed between two waves: per person (degree, betweenness, constraint, isolation,
//! wellbeing), per tie (gained, lost, kept), for the whole network, and by group.
//!
//! Each wave is measured on its own network: the nodes that took part in it (answered, or
//! were named; see [`super::present`]) and its ties in the chosen relations. The measures
//! are [`crate::analysis`]'s, so a wave's figures equal `kith metrics` on that wave's
//! network:
//! - *degree*: distinct contacts (in + out when directed);
//! - *betweenness*: normalised betweenness (`betweenness_norm`), so that waves of different
//!   size compare;
//! - *constraint*: Burt's constraint, missing for an isolate;
//! - *isolate*: degree 0 in the chosen relations.
//!
//! People are the respondents of either wave. Someone who answered both waves gets deltas
//! (b − a) and an isolation status; someone who answered one wave only gets that wave's
//! figures and [`Presence::FirstOnly`] or [`Presence::SecondOnly`].
//!
//! Ties are compared as pairs: unordered unless [`CompareOptions::directed_pairs`], over
//! every chosen relation together unless [`CompareOptions::by_relation`] (then a pair in
//! two relations is two ties). A pair is *kept* when both waves have it.
//!
//! The group comparison groups people who answered both waves by an attribute's value in
//! the first wave (else the second, else the plain column: a baseline grouping such as
//! "took part in the intervention"). Per group: n, mean change in degree, isolated at
//! the first wave and how many of them left isolation, how many became isolated, mean change
//! of each score. Tests: with two groups Welch's t-test, with more one-way ANOVA, and always
//! Kruskal-Wallis (which for two groups is the Mann-Whitney U test in its normal
//! approximation, without continuity correction); for leaving isolation, Pearson's
//! chi-square on groups × {left, stayed isolated} among those isolated at the first wave.

use std::collections::BTreeSet;

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::{
    WaveError, column_name, known_wave, per_wave_attributes, present, responded, wave_view,
};
use crate::analysis::groups::{
    ChiSquareTest, SMALL_GROUP, anova, chi_square, is_score_name, kruskal,
};
use crate::analysis::{
    Graph, TieSelection, betweenness_closeness, centrality, components, density, structural_holes,
};
use crate::model::{AttrType, NodeId, NodeKind, Study, Value, attribute_format_number};

/// What to compare and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareOptions {
    /// Relations whose ties count; empty counts every relation.
    pub relations: Vec<String>,
    /// Compare ties as ordered pairs (who named whom) rather than unordered pairs.
    pub directed_pairs: bool,
    /// Compare ties per relation: a pair tied in two relations is two ties.
    pub by_relation: bool,
    /// Score attributes (plain names, measured per wave); empty takes every numeric
    /// per-wave attribute named like a wellbeing score (`wemwbs`, `swemwbs`,
    /// `life_satisfaction`, `…_score`).
    pub scores: Vec<String>,
    /// Compare the change of the groups of this attribute.
    pub by: Option<String>,
}

/// Which of the two waves a person answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Both waves.
    Both,
    /// The first wave only (dropped out).
    FirstOnly,
    /// The second wave only (joined).
    SecondOnly,
}

impl Presence {
    /// The name used in files: `both`, `first_only`, `second_only`.
    pub fn name(self) -> &'static str {
        match self {
            Presence::Both => "both",
            Presence::FirstOnly => "first_only",
            Presence::SecondOnly => "second_only",
        }
    }
}

/// How a person's isolation changed between the waves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Isolation {
    /// Isolated in the first wave, connected in the second.
    LeftIsolation,
    /// Connected in the first wave, isolated in the second.
    BecameIsolated,
    /// Isolated in both.
    StayedIsolated,
    /// Connected in both.
    StayedConnected,
}

impl Isolation {
    /// The name used in files: `left_isolation`, `became_isolated`, `stayed_isolated`,
    /// `stayed_connected`.
    pub fn name(self) -> &'static str {
        match self {
            Isolation::LeftIsolation => "left_isolation",
            Isolation::BecameIsolated => "became_isolated",
            Isolation::StayedIsolated => "stayed_isolated",
            Isolation::StayedConnected => "stayed_connected",
        }
    }

    fn of(a: bool, b: bool) -> Isolation {
        match (a, b) {
            (true, false) => Isolation::LeftIsolation,
            (false, true) => Isolation::BecameIsolated,
            (true, true) => Isolation::StayedIsolated,
            (false, false) => Isolation::StayedConnected,
        }
    }
}

/// A measure in the two waves and its change; missing where the person did not take part
/// (or the measure is undefined, such as an isolate's constraint).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Measure {
    /// In the first wave.
    pub a: Option<f64>,
    /// In the second wave.
    pub b: Option<f64>,
    /// b − a, when both are there.
    pub delta: Option<f64>,
}

impl Measure {
    fn new(a: Option<f64>, b: Option<f64>) -> Measure {
        let delta = match (a, b) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        Measure { a, b, delta }
    }
}

/// One person's change.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonChange {
    /// The node in the combined study.
    pub node: NodeId,
    /// The node's id (the respondent id).
    pub id: String,
    /// The node's name.
    pub label: String,
    /// Which waves the person answered.
    pub presence: Presence,
    /// Degree.
    pub degree: Measure,
    /// Normalised betweenness.
    pub betweenness: Measure,
    /// Burt's constraint.
    pub constraint: Measure,
    /// Isolated in the first wave (missing when not in it).
    pub isolate_a: Option<bool>,
    /// Isolated in the second wave.
    pub isolate_b: Option<bool>,
    /// How isolation changed, for people in both waves.
    pub isolation: Option<Isolation>,
    /// Each score in [`Change::scores`] order.
    pub scores: Vec<Measure>,
}

/// Whether a tie was gained, lost or kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TieStatus {
    /// In the second wave only.
    Gained,
    /// In the first wave only.
    Lost,
    /// In both.
    Kept,
}

impl TieStatus {
    /// The name used in files: `gained`, `lost`, `kept`.
    pub fn name(self) -> &'static str {
        match self {
            TieStatus::Gained => "gained",
            TieStatus::Lost => "lost",
            TieStatus::Kept => "kept",
        }
    }
}

/// One tied pair and what happened to it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChangedTie {
    /// Gained, lost or kept.
    pub status: TieStatus,
    /// One end (the nominating person for directed pairs; else the end first in node order).
    pub source: NodeId,
    /// Its id.
    pub source_id: String,
    /// Its name.
    pub source_label: String,
    /// The other end.
    pub target: NodeId,
    /// Its id.
    pub target_id: String,
    /// Its name.
    pub target_label: String,
    /// The relation, when ties are compared per relation.
    pub relation: Option<String>,
    /// False when an end is a respondent who answered one of the two waves only, so that
    /// the change may be non-response rather than a change in the network.
    pub comparable: bool,
}

/// Ties gained, lost and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct TieCounts {
    /// In the second wave only.
    pub gained: usize,
    /// In the first wave only.
    pub lost: usize,
    /// In both.
    pub kept: usize,
}

/// The whole network in one wave.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WaveSummary {
    /// The wave.
    pub wave: String,
    /// Nodes that took part (answered or were named).
    pub nodes: usize,
    /// Respondents (answered).
    pub respondents: usize,
    /// Ties in the chosen relations, repeats of a pair merged (arcs when directed).
    pub ties: usize,
    /// Ties over possible ties.
    pub density: f64,
    /// Nodes without a tie.
    pub isolates: usize,
    /// Isolates over nodes.
    pub isolate_share: f64,
    /// Respondents without a tie.
    pub isolated_respondents: usize,
    /// Weak components, isolates included.
    pub components: usize,
    /// Mean degree over the nodes.
    pub mean_degree: f64,
}

/// A person in a list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct PersonRef {
    /// The name.
    pub label: String,
    /// The id.
    pub id: String,
}

/// Whether a measure of change differs between groups.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DiffTest {
    /// The measure: `degree` or a score name.
    pub measure: String,
    /// Welch's t (two groups only).
    pub welch_t: Option<f64>,
    /// Its degrees of freedom.
    pub welch_df: Option<f64>,
    /// Its two-sided p-value.
    pub welch_p: Option<f64>,
    /// One-way ANOVA F.
    pub anova_f: Option<f64>,
    /// Its p-value.
    pub anova_p: Option<f64>,
    /// Kruskal-Wallis H (Mann-Whitney for two groups).
    pub kruskal_h: Option<f64>,
    /// Its p-value.
    pub kruskal_p: Option<f64>,
}

/// One group's change.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupChangeRow {
    /// The attribute's value.
    pub group: String,
    /// People in the group who answered both waves.
    pub n: usize,
    /// True when n is below [`SMALL_GROUP`].
    pub small: bool,
    /// Mean change in degree.
    pub mean_degree_change: f64,
    /// Isolated at the first wave.
    pub isolated_a: usize,
    /// Of those, connected at the second.
    pub left_isolation: usize,
    /// `left_isolation` over `isolated_a`; missing when nobody was isolated.
    pub left_isolation_share: Option<f64>,
    /// Connected at the first wave, isolated at the second.
    pub became_isolated: usize,
    /// Mean change of each score ([`GroupChange::scores`] order), over people with both.
    pub mean_score_change: Vec<Option<f64>>,
}

/// The change compared between the groups of an attribute.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupChange {
    /// The grouping attribute.
    pub attribute: String,
    /// The scores compared.
    pub scores: Vec<String>,
    /// One row per value, sorted (numbers as numbers).
    pub groups: Vec<GroupChangeRow>,
    /// People in both waves without a value.
    pub missing: usize,
    /// Whether the change in degree differs.
    pub degree_test: DiffTest,
    /// Whether leaving isolation differs (among those isolated at the first wave).
    pub isolation_test: Option<ChiSquareTest>,
    /// Whether each score's change differs.
    pub score_tests: Vec<DiffTest>,
}

/// Everything [`compare`] finds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// The first wave.
    pub wave_a: String,
    /// The second wave.
    pub wave_b: String,
    /// The relations counted (empty: all).
    pub relations: Vec<String>,
    /// The scores compared.
    pub scores: Vec<String>,
    /// The whole network in the first wave.
    pub network_a: WaveSummary,
    /// The whole network in the second wave.
    pub network_b: WaveSummary,
    /// Ties gained, lost and kept.
    pub tie_counts: TieCounts,
    /// Respondents of either wave, in node order.
    pub people: Vec<PersonChange>,
    /// Every pair tied in either wave, sorted by status, then ends in node order, then
    /// relation.
    pub ties: Vec<ChangedTie>,
    /// People isolated in the first wave and connected in the second, sorted by name.
    pub left_isolation: Vec<PersonRef>,
    /// People connected in the first wave and isolated in the second, sorted by name.
    pub became_isolated: Vec<PersonRef>,
    /// People isolated in both, sorted by name.
    pub stayed_isolated: Vec<PersonRef>,
    /// The group comparison, when asked for.
    pub groups: Option<GroupChange>,
}

/// One wave measured on its own network.
struct WaveMeasures {
    summary: WaveSummary,
    /// Per node of the combined study; missing for nodes not in the wave.
    degree: Vec<Option<f64>>,
    betweenness: Vec<Option<f64>>,
    constraint: Vec<Option<f64>>,
    answered: Vec<bool>,
    /// Tie keys of the wave.
    keys: BTreeSet<(u32, u32, Option<u16>)>,
}

fn answered(study: &Study, wave: &str) -> Vec<bool> {
    responded(study, wave).unwrap_or_else(|| {
        study
            .nodes()
            .iter()
            .map(|n| n.kind == NodeKind::Respondent)
            .collect()
    })
}

fn measure_wave(
    study: &Study,
    wave: &str,
    selection: &TieSelection,
    options: &CompareOptions,
) -> Result<WaveMeasures, WaveError> {
    let view = wave_view(study, wave)?;
    let in_wave = present(study, wave)?;
    let answered = answered(study, wave);
    let mut keys = BTreeSet::new();
    for (i, t) in view.ties().iter().enumerate() {
        if t.source == t.target || !selection.includes(&view, i) {
            continue;
        }
        let (mut u, mut v) = (t.source.0, t.target.0);
        if !options.directed_pairs && u > v {
            std::mem::swap(&mut u, &mut v);
        }
        let rel = if options.by_relation {
            t.relation.map(|r| r.0)
        } else {
            None
        };
        keys.insert((u, v, rel));
    }
    // The wave's own network: only the nodes that took part, so that density, isolates
    // and normalised betweenness are the wave's.
    let mut sub = view;
    sub.retain_nodes(&in_wave);
    let nodes_of_sub: Vec<usize> = (0..in_wave.len()).filter(|&i| in_wave[i]).collect();
    let graph = Graph::new(&sub, selection);
    let degrees = centrality::degrees(&graph).total;
    let paths = betweenness_closeness(&graph, &|_, _| {});
    let holes = structural_holes::structural_holes(&graph);
    let comps = components::components(&graph);
    let n_all = study.node_count();
    let mut degree = vec![None; n_all];
    let mut betweenness = vec![None; n_all];
    let mut constraint = vec![None; n_all];
    for (k, &i) in nodes_of_sub.iter().enumerate() {
        degree[i] = degrees.get(k).map(|&d| d as f64);
        betweenness[i] = paths.betweenness_norm.get(k).copied();
        constraint[i] = holes.constraint.get(k).copied().flatten();
    }
    let n = nodes_of_sub.len();
    let isolates = degrees.iter().filter(|&&d| d == 0).count();
    let isolated_respondents = nodes_of_sub
        .iter()
        .zip(&degrees)
        .filter(|(i, d)| **d == 0 && answered[**i])
        .count();
    let summary = WaveSummary {
        wave: wave.to_string(),
        nodes: n,
        respondents: answered.iter().filter(|a| **a).count(),
        ties: graph.tie_count(),
        density: density(&graph),
        isolates,
        isolate_share: if n == 0 {
            0.0
        } else {
            isolates as f64 / n as f64
        },
        isolated_respondents,
        components: comps.count,
        mean_degree: if n == 0 {
            0.0
        } else {
            degrees.iter().sum::<usize>() as f64 / n as f64
        },
    };
    Ok(WaveMeasures {
        summary,
        degree,
        betweenness,
        constraint,
        answered,
        keys,
    })
}

fn numbers(study: &Study, name: &str) -> Vec<Option<f64>> {
    match study.node_attribute(name) {
        Some(a) if a.ty() == AttrType::Numeric => (0..study.node_count())
            .map(|i| a.value(i).and_then(Value::as_number))
            .collect(),
        _ => vec![None; study.node_count()],
    }
}

/// The scores to compare: the ones asked for (each must be measured in one of the waves),
/// else every numeric per-wave attribute named like a wellbeing score.
fn score_names(
    study: &Study,
    a: &str,
    b: &str,
    asked: &[String],
) -> Result<Vec<String>, WaveError> {
    let per_wave = per_wave_attributes(study);
    let numeric = |name: &str| {
        [a, b].iter().any(|w| {
            study
                .node_attribute(&column_name(name, w))
                .is_some_and(|c| c.ty() == AttrType::Numeric)
        })
    };
    if asked.is_empty() {
        return Ok(per_wave
            .into_iter()
            .filter(|p| is_score_name(p) && numeric(p))
            .collect());
    }
    let mut out = Vec::new();
    for s in asked {
        let s = s.trim();
        if !numeric(s) {
            if per_wave.iter().any(|p| p == s) {
                return Err(crate::analysis::AnalysisError::NotNumeric(s.to_string()).into());
            }
            return Err(crate::analysis::AnalysisError::NoAttribute {
                name: s.to_string(),
                known: if per_wave.is_empty() {
                    "none measured per wave".to_string()
                } else {
                    per_wave.join(", ")
                },
            }
            .into());
        }
        out.push(s.to_string());
    }
    Ok(out)
}

/// Compares wave `a` with wave `b` of a combined study (see the [module docs](self)).
pub fn compare(
    study: &Study,
    a: &str,
    b: &str,
    options: &CompareOptions,
) -> Result<Change, WaveError> {
    known_wave(study, a)?;
    known_wave(study, b)?;
    let selection = TieSelection::by_names(study, &options.relations, &[], false)
        .map_err(crate::analysis::AnalysisError::from)?;
    let scores = score_names(study, a, b, &options.scores)?;
    let ma = measure_wave(study, a, &selection, options)?;
    let mb = measure_wave(study, b, &selection, options)?;
    let score_values: Vec<[Vec<Option<f64>>; 2]> = scores
        .iter()
        .map(|s| {
            [
                numbers(study, &column_name(s, a)),
                numbers(study, &column_name(s, b)),
            ]
        })
        .collect();

    let mut people = Vec::new();
    for (i, node) in study.nodes().iter().enumerate() {
        let presence = match (ma.answered[i], mb.answered[i]) {
            (true, true) => Presence::Both,
            (true, false) => Presence::FirstOnly,
            (false, true) => Presence::SecondOnly,
            (false, false) => continue,
        };
        let pick = |m: &WaveMeasures, v: &[Option<f64>]| {
            if m.answered[i] { v[i] } else { None }
        };
        let isolate = |m: &WaveMeasures| m.answered[i].then(|| m.degree[i] == Some(0.0));
        let (isolate_a, isolate_b) = (isolate(&ma), isolate(&mb));
        people.push(PersonChange {
            node: NodeId(i as u32),
            id: node.id.clone(),
            label: node.label.clone(),
            presence,
            degree: Measure::new(pick(&ma, &ma.degree), pick(&mb, &mb.degree)),
            betweenness: Measure::new(pick(&ma, &ma.betweenness), pick(&mb, &mb.betweenness)),
            constraint: Measure::new(pick(&ma, &ma.constraint), pick(&mb, &mb.constraint)),
            isolate_a,
            isolate_b,
            isolation: match (isolate_a, isolate_b) {
                (Some(x), Some(y)) => Some(Isolation::of(x, y)),
                _ => None,
            },
            scores: score_values
                .iter()
                .map(|[va, vb]| Measure::new(pick(&ma, va), pick(&mb, vb)))
                .collect(),
        });
    }

    let list = |status: Isolation| {
        let mut v: Vec<PersonRef> = people
            .iter()
            .filter(|p| p.isolation == Some(status))
            .map(|p| PersonRef {
                label: p.label.clone(),
                id: p.id.clone(),
            })
            .collect();
        v.sort();
        v
    };

    let respondent_of_one = |n: u32| {
        let i = n as usize;
        ma.answered.get(i).copied().unwrap_or(false) != mb.answered.get(i).copied().unwrap_or(false)
    };
    let mut ties = Vec::new();
    let mut counts = TieCounts::default();
    let all: BTreeSet<&(u32, u32, Option<u16>)> = ma.keys.iter().chain(&mb.keys).collect();
    for key in all {
        let status = match (ma.keys.contains(key), mb.keys.contains(key)) {
            (true, true) => TieStatus::Kept,
            (true, false) => TieStatus::Lost,
            _ => TieStatus::Gained,
        };
        match status {
            TieStatus::Gained => counts.gained += 1,
            TieStatus::Lost => counts.lost += 1,
            TieStatus::Kept => counts.kept += 1,
        }
        let (u, v, rel) = *key;
        let end = |n: u32| {
            study
                .node(NodeId(n))
                .map(|x| (x.id.clone(), x.label.clone()))
                .unwrap_or_default()
        };
        let (source_id, source_label) = end(u);
        let (target_id, target_label) = end(v);
        ties.push(ChangedTie {
            status,
            source: NodeId(u),
            source_id,
            source_label,
            target: NodeId(v),
            target_id,
            target_label,
            relation: rel.and_then(|r| {
                study
                    .relation_name(crate::model::RelationId(r))
                    .map(str::to_string)
            }),
            comparable: !respondent_of_one(u) && !respondent_of_one(v),
        });
    }
    ties.sort_by(|x, y| {
        (x.status, x.source, x.target, &x.relation).cmp(&(
            y.status,
            y.source,
            y.target,
            &y.relation,
        ))
    });

    let groups = match &options.by {
        Some(attr) => Some(group_change(study, a, b, attr, &scores, &people)?),
        None => None,
    };
    Ok(Change {
        wave_a: a.to_string(),
        wave_b: b.to_string(),
        relations: options.relations.clone(),
        network_a: ma.summary,
        network_b: mb.summary,
        tie_counts: counts,
        left_isolation: list(Isolation::LeftIsolation),
        became_isolated: list(Isolation::BecameIsolated),
        stayed_isolated: list(Isolation::StayedIsolated),
        scores,
        people,
        ties,
        groups,
    })
}

/// Each node's group value: the attribute in wave `a`, else in wave `b`, else the plain
/// column.
fn group_values(
    study: &Study,
    a: &str,
    b: &str,
    attr: &str,
) -> Result<Vec<Option<Value>>, WaveError> {
    let columns: Vec<&crate::model::Attribute> =
        [column_name(attr, a), column_name(attr, b), attr.to_string()]
            .iter()
            .filter_map(|n| study.node_attribute(n))
            .collect();
    if columns.is_empty() {
        // Name the plain columns only: every NAME@WAVE has one.
        let known: Vec<&str> = study
            .node_attributes()
            .iter()
            .map(|a| a.name())
            .filter(|n| !n.contains(super::SEPARATOR))
            .collect();
        return Err(crate::analysis::AnalysisError::NoAttribute {
            name: attr.to_string(),
            known: if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            },
        }
        .into());
    }
    Ok((0..study.node_count())
        .map(|i| columns.iter().find_map(|c| c.value(i).cloned()))
        .collect())
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn group_change(
    study: &Study,
    a: &str,
    b: &str,
    attr: &str,
    scores: &[String],
    people: &[PersonChange],
) -> Result<GroupChange, WaveError> {
    let values = group_values(study, a, b, attr)?;
    let both: Vec<&PersonChange> = people
        .iter()
        .filter(|p| p.presence == Presence::Both)
        .collect();
    // Labels sorted as Grouping sorts them: numbers as numbers when every value is one.
    let mut labels: Vec<(Option<f64>, String)> = both
        .iter()
        .filter_map(|p| values[p.node.index()].as_ref())
        .map(|v| (v.as_number(), v.to_string()))
        .collect();
    if labels.iter().all(|l| l.0.is_some()) {
        labels.sort_by(|x, y| x.0.unwrap_or(0.0).total_cmp(&y.0.unwrap_or(0.0)));
    } else {
        labels.sort_by(|x, y| x.1.cmp(&y.1));
    }
    let mut names: Vec<String> = labels.into_iter().map(|l| l.1).collect();
    names.dedup();
    let mut members: Vec<Vec<&PersonChange>> = vec![Vec::new(); names.len()];
    let mut missing = 0;
    for p in &both {
        match values[p.node.index()]
            .as_ref()
            .and_then(|v| names.iter().position(|n| *n == v.to_string()))
        {
            Some(g) => members[g].push(p),
            None => missing += 1,
        }
    }
    let degree_samples: Vec<Vec<f64>> = members
        .iter()
        .map(|m| m.iter().filter_map(|p| p.degree.delta).collect())
        .collect();
    let score_samples: Vec<Vec<Vec<f64>>> = (0..scores.len())
        .map(|s| {
            members
                .iter()
                .map(|m| {
                    m.iter()
                        .filter_map(|p| p.scores.get(s).and_then(|x| x.delta))
                        .collect()
                })
                .collect()
        })
        .collect();
    let groups: Vec<GroupChangeRow> = names
        .iter()
        .zip(&members)
        .enumerate()
        .map(|(g, (name, m))| {
            let count = |s: Isolation| m.iter().filter(|p| p.isolation == Some(s)).count();
            let left = count(Isolation::LeftIsolation);
            let isolated_a = left + count(Isolation::StayedIsolated);
            GroupChangeRow {
                group: name.clone(),
                n: m.len(),
                small: m.len() < SMALL_GROUP,
                mean_degree_change: mean(&degree_samples[g]).unwrap_or(0.0),
                isolated_a,
                left_isolation: left,
                left_isolation_share: (isolated_a > 0).then(|| left as f64 / isolated_a as f64),
                became_isolated: count(Isolation::BecameIsolated),
                mean_score_change: score_samples.iter().map(|s| mean(&s[g])).collect(),
            }
        })
        .collect();
    let table: Vec<[f64; 2]> = groups
        .iter()
        .filter(|g| g.isolated_a > 0)
        .map(|g| {
            [
                g.left_isolation as f64,
                (g.isolated_a - g.left_isolation) as f64,
            ]
        })
        .collect();
    Ok(GroupChange {
        attribute: attr.to_string(),
        scores: scores.to_vec(),
        degree_test: diff_test("degree", &degree_samples),
        isolation_test: chi_square(&table),
        score_tests: scores
            .iter()
            .zip(&score_samples)
            .map(|(s, samples)| diff_test(s, samples))
            .collect(),
        groups,
        missing,
    })
}

fn diff_test(measure: &str, samples: &[Vec<f64>]) -> DiffTest {
    let samples: Vec<Vec<f64>> = samples.iter().filter(|s| !s.is_empty()).cloned().collect();
    let welch = if samples.len() == 2 {
        welch_t(&samples[0], &samples[1])
    } else {
        None
    };
    let (anova_f, anova_p) = anova(&samples).unzip();
    let (kruskal_h, kruskal_p) = kruskal(&samples).unzip();
    DiffTest {
        measure: measure.to_string(),
        welch_t: welch.map(|w| w.0),
        welch_df: welch.map(|w| w.1),
        welch_p: welch.map(|w| w.2),
        anova_f,
        anova_p,
        kruskal_h,
        kruskal_p,
    }
}

/// Welch's unequal-variances t-test, two-sided (`scipy.stats.ttest_ind(x, y,
/// equal_var=False)`): (t, degrees of freedom, p); `None` for a sample under 2 or no
/// variance.
pub fn welch_t(x: &[f64], y: &[f64]) -> Option<(f64, f64, f64)> {
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    if x.len() < 2 || y.len() < 2 {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let var =
        |s: &[f64], m: f64, n: f64| s.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    let (vx, vy) = (var(x, mx, nx) / nx, var(y, my, ny) / ny);
    if vx + vy == 0.0 {
        return None;
    }
    let t = (mx - my) / (vx + vy).sqrt();
    let df = (vx + vy) * (vx + vy) / (vx * vx / (nx - 1.0) + vy * vy / (ny - 1.0));
    let p = 2.0 * StudentsT::new(0.0, 1.0, df).ok()?.sf(t.abs());
    Some((t, df, p))
}

fn cell(x: Option<f64>) -> String {
    x.map(attribute_format_number).unwrap_or_default()
}

fn flag(x: Option<bool>) -> String {
    x.map(|b| if b { "1" } else { "0" }.to_string())
        .unwrap_or_default()
}

impl Change {
    /// The per-person table as CSV, one row per person in node order:
    /// `id,label,presence,degree_a,degree_b,degree_delta,betweenness_a,betweenness_b,
    /// betweenness_delta,constraint_a,constraint_b,constraint_delta,isolate_a,isolate_b,
    /// isolation`, then `SCORE_a,SCORE_b,SCORE_delta` per score. Isolate flags are 1/0;
    /// a blank cell is a missing value.
    pub fn people_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = ["id", "label", "presence"].map(String::from).to_vec();
        for m in ["degree", "betweenness", "constraint"] {
            for s in ["a", "b", "delta"] {
                header.push(format!("{m}_{s}"));
            }
        }
        header.extend(["isolate_a", "isolate_b", "isolation"].map(String::from));
        for sc in &self.scores {
            for s in ["a", "b", "delta"] {
                header.push(format!("{sc}_{s}"));
            }
        }
        let _ = w.write_record(&header);
        for p in &self.people {
            let mut row = vec![p.id.clone(), p.label.clone(), p.presence.name().to_string()];
            for m in [&p.degree, &p.betweenness, &p.constraint] {
                row.extend([cell(m.a), cell(m.b), cell(m.delta)]);
            }
            row.push(flag(p.isolate_a));
            row.push(flag(p.isolate_b));
            row.push(
                p.isolation
                    .map(|i| i.name().to_string())
                    .unwrap_or_default(),
            );
            for m in &p.scores {
                row.extend([cell(m.a), cell(m.b), cell(m.delta)]);
            }
            let _ = w.write_record(&row);
        }
        w.into_inner().unwrap_or_default()
    }

    /// The tie list as CSV: `status,source_id,source_label,target_id,target_label,relation,
    /// comparable` (comparable 1/0), in [`Change::ties`] order.
    pub fn ties_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "status",
            "source_id",
            "source_label",
            "target_id",
            "target_label",
            "relation",
            "comparable",
        ]);
        for t in &self.ties {
            let _ = w.write_record([
                t.status.name(),
                &t.source_id,
                &t.source_label,
                &t.target_id,
                &t.target_label,
                t.relation.as_deref().unwrap_or(""),
                if t.comparable { "1" } else { "0" },
            ]);
        }
        w.into_inner().unwrap_or_default()
    }

    /// The whole-network change and the isolation lists, for the user.
    pub fn summary(&self) -> String {
        let (x, y) = (&self.network_a, &self.network_b);
        let mut rows: Vec<[String; 4]> = vec![[
            String::new(),
            x.wave.clone(),
            y.wave.clone(),
            "change".to_string(),
        ]];
        let int = |name: &str, p: usize, q: usize| {
            [
                name.to_string(),
                p.to_string(),
                q.to_string(),
                format!("{:+}", q as i64 - p as i64),
            ]
        };
        let real = |name: &str, p: f64, q: f64, places: usize| {
            [
                name.to_string(),
                format!("{p:.places$}"),
                format!("{q:.places$}"),
                format!("{:+.places$}", q - p),
            ]
        };
        rows.push(int("nodes", x.nodes, y.nodes));
        rows.push(int("respondents", x.respondents, y.respondents));
        rows.push(int("ties", x.ties, y.ties));
        rows.push(real("density", x.density, y.density, 4));
        rows.push(int("isolates", x.isolates, y.isolates));
        rows.push(real(
            "isolate share %",
            x.isolate_share * 100.0,
            y.isolate_share * 100.0,
            1,
        ));
        rows.push(int(
            "isolated respondents",
            x.isolated_respondents,
            y.isolated_respondents,
        ));
        rows.push(int("components", x.components, y.components));
        rows.push(real("mean degree", x.mean_degree, y.mean_degree, 2));
        let widths: Vec<usize> = (0..4)
            .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = format!("change from {} to {}\n", self.wave_a, self.wave_b);
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, w))| {
                    if i == 0 {
                        format!("{c:<w$}")
                    } else {
                        format!("{c:>w$}")
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        let c = &self.tie_counts;
        out.push_str(&format!(
            "ties gained {}, lost {}, kept {}\n",
            c.gained, c.lost, c.kept
        ));
        let answered = |p: Presence| self.people.iter().filter(|x| x.presence == p).count();
        out.push_str(&format!(
            "respondents in both waves {}, first only {}, second only {}\n",
            answered(Presence::Both),
            answered(Presence::FirstOnly),
            answered(Presence::SecondOnly)
        ));
        for (title, list) in [
            ("left isolation", &self.left_isolation),
            ("became isolated", &self.became_isolated),
        ] {
            out.push_str(&format!("{title} ({}):", list.len()));
            if list.is_empty() {
                out.push_str(" none\n");
            } else {
                out.push('\n');
                for p in list {
                    out.push_str(&format!("  {} ({})\n", p.label, p.id));
                }
            }
        }
        out.push_str(&format!(
            "stayed isolated: {}\n",
            self.stayed_isolated.len()
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waves::combine;

    /// Respondents a..e; `pairs` are nominations.
    fn wave(pairs: &[(&str, &str)], group: &[(&str, &str)], score: &[(&str, f64)]) -> Study {
        let mut s = Study::new(true);
        for id in ["a", "b", "c", "d", "e"] {
            s.add_node(id, id.to_uppercase(), NodeKind::Respondent)
                .unwrap();
        }
        let g = s
            .declare_node_attribute("arm", AttrType::Categorical)
            .unwrap();
        for (id, v) in group {
            s.set_node_value(g, s.find(id).unwrap(), Some(Value::Text(v.to_string())));
        }
        let w = s
            .declare_node_attribute("wemwbs", AttrType::Numeric)
            .unwrap();
        for (id, v) in score {
            s.set_node_value(w, s.find(id).unwrap(), Some(Value::Number(*v)));
        }
        for (x, y) in pairs {
            let (x, y) = (s.find(x).unwrap(), s.find(y).unwrap());
            s.connect(x, y).unwrap();
        }
        s
    }

    #[test]
    fn ties_isolation_and_groups_change_as_planted() {
        let arms = [("a", "t"), ("b", "t"), ("c", "c"), ("d", "c"), ("e", "t")];
        let w1 = wave(
            &[("a", "b"), ("b", "c"), ("c", "a")],
            &arms,
            &[("a", 40.0), ("e", 30.0)],
        );
        // a-b kept (named the other way round), b-c lost, c-a kept, e leaves isolation,
        // d stays isolated.
        let w2 = wave(
            &[("b", "a"), ("c", "a"), ("e", "a"), ("e", "b")],
            &arms,
            &[("a", 44.0), ("e", 40.0)],
        );
        let s = combine(vec![("1".into(), w1), ("2".into(), w2)]).unwrap();
        let opts = CompareOptions {
            by: Some("arm".into()),
            ..CompareOptions::default()
        };
        let c = compare(&s, "1", "2", &opts).unwrap();
        assert_eq!(
            c.tie_counts,
            TieCounts {
                gained: 2,
                lost: 1,
                kept: 2
            }
        );
        let lost: Vec<(&str, &str)> = c
            .ties
            .iter()
            .filter(|t| t.status == TieStatus::Lost)
            .map(|t| (t.source_id.as_str(), t.target_id.as_str()))
            .collect();
        assert_eq!(lost, [("b", "c")]);
        let ids = |l: &[PersonRef]| l.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&c.left_isolation), ["e"]);
        assert!(c.became_isolated.is_empty());
        assert_eq!(ids(&c.stayed_isolated), ["d"]);
        assert_eq!(c.scores, ["wemwbs"]);
        let e = &c.people[4];
        assert_eq!(
            e.scores[0],
            Measure {
                a: Some(30.0),
                b: Some(40.0),
                delta: Some(10.0)
            }
        );
        assert_eq!(e.degree.delta, Some(2.0));
        assert_eq!(c.network_a.isolates, 2);
        assert_eq!(c.network_b.isolates, 1);
        assert_eq!(c.network_a.components, 3);
        let g = c.groups.clone().unwrap();
        let names: Vec<&str> = g.groups.iter().map(|r| r.group.as_str()).collect();
        assert_eq!(names, ["c", "t"]);
        assert!(g.groups[1].mean_degree_change > g.groups[0].mean_degree_change);
        assert_eq!(g.groups[1].left_isolation, 1);
        // Directed pairs: a->b and b->a are different ties.
        let d = compare(
            &s,
            "1",
            "2",
            &CompareOptions {
                directed_pairs: true,
                ..CompareOptions::default()
            },
        )
        .unwrap();
        assert_eq!(
            d.tie_counts,
            TieCounts {
                gained: 3,
                lost: 2,
                kept: 1
            }
        );
        let csv = String::from_utf8(c.people_csv()).unwrap();
        assert!(
            csv.starts_with("id,label,presence,degree_a,degree_b,degree_delta,"),
            "{csv}"
        );
        assert!(csv.contains("e,E,both,0,2,2,"), "{csv}");
    }

    #[test]
    fn welch_matches_scipy() {
        // scipy.stats.ttest_ind([1,2,3,4], [2,4,6,8,10], equal_var=False)
        // -> t = -2.2514363231593695, p = 0.06913359319239237, df = 5.520787746170677
        let (t, df, p) = welch_t(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.0, 10.0]).unwrap();
        assert!((t + 2.2514363231593695).abs() < 1e-12, "{t}");
        assert!((df - 5.520787746170677).abs() < 1e-9, "{df}");
        assert!((p - 0.06913359319239237).abs() < 1e-9, "{p}");
        assert_eq!(welch_t(&[1.0], &[2.0, 3.0]), None);
    }
}
