//! Same person, different names: merge suggestions with a score and evidence, ambiguity
//! detection, and the automatic-merge rule.
//!
//! Every pair of people whose names could be one person ([`super::names::compare`]) is
//! scored: the name score, plus network evidence (respondents who named both in different
//! questions, and the places their nominators use). Some pairs are *conflicts* and never
//! merge: two respondents (each answered the survey as themself), a person and someone they
//! named, or two names one respondent listed side by side in one question.
//!
//! # The automatic-merge rule (`--merge auto`)
//! A pair is merged when its score is at least [`AUTO_MERGE_THRESHOLD`] (0.8; the recipe's
//! `matching.auto_merge_threshold` changes it) and neither name is ambiguous, in three steps:
//! 1. Full names (first name and surname written out) are joined first: nicknames
//!    ("Sally Kowalski" = "Sarah Kowalski") and one-letter typos. A full name that fits two
//!    people who cannot be one ("Jo Smith" beside "Joanne Smith" and "Josephine Smith") is
//!    ambiguous.
//! 2. Each short form ("Dave O.", "D. Okafor") and each ambiguous full name joins the one
//!    person it fits. A name that plausibly fits (score at least [`RIVAL_FLOOR`]) two or more
//!    people is *ambiguous* and is not merged, with one exception: when one of those people
//!    is well known — named by at least [`DOMINANT_MIN_NOMINATORS`] respondents and by at
//!    least [`DOMINANT_SHARE`] of all respondents who named any of them (counting one more
//!    for each, so that nobody is ruled out for being named rarely) — the name is read as
//!    that person, and the evidence says which others it also fitted.
//! 3. Remaining short forms that fit only each other are joined when network evidence lifts
//!    them over the threshold.
//!
//! Nothing is merged across a conflict, a group is only formed when every name in it
//! fits every full name in it, and a respondent with no tie at all is never connected by a
//! merge: whether someone is isolated is a finding of the study, and a name match alone does
//! not overturn it (such pairs are listed for review).
//!
//! Why a well-known person may take an ambiguous name: pairwise, merging a short form into
//! the person it most likely means gains as many right pairs as the share of its mentions
//! that are theirs, and costs as many wrong ones as the rest; with 0.75 the gain is three
//! times the cost. The share counts one more nomination for every person the name fits, so
//! that a name fitting many rarely named people is not read as the popular one lightly.

use std::collections::{BTreeMap, HashMap};

use super::names::{PersonName, compare, is_formal, nickname_groups, normalise};
use super::recipe::MatchingSpec;
use crate::model::{MergeError, NodeId, NodeKind, RelationId, Study};

/// Suggestions scoring at least this are merged by `--merge auto`, unless ambiguous.
pub const AUTO_MERGE_THRESHOLD: f64 = 0.8;
/// A name fits a person plausibly from this score on: two such readings make it ambiguous.
pub const RIVAL_FLOOR: f64 = 0.7;
/// Pairs scoring below this are not listed as suggestions.
pub const SUGGESTION_FLOOR: f64 = 0.5;
/// An ambiguous name is read as a well-known person when that person accounts for at least
/// this share of the nominations of all the people it fits.
pub const DOMINANT_SHARE: f64 = 0.75;
/// ... and is named by at least this many respondents.
pub const DOMINANT_MIN_NOMINATORS: usize = 5;
/// Why a pair with an isolated respondent is left for review.
const ISOLATE_NOTE: &str = "one is a respondent with no tie at all: left for review, since \
                            merging would turn an isolate into a connected person on the \
                            name alone";
/// Score added for each respondent who named both (in different questions), up to two.
const SHARED_NOMINATOR_BONUS: f64 = 0.08;
/// Score added for the overlap of places used (Jaccard index times this).
const SHARED_PLACES_BONUS: f64 = 0.05;

/// What became of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Merged by `--merge auto` (or would be).
    Auto,
    /// One of the names fits more than one person: left for the analyst.
    Ambiguous,
    /// The two cannot be one person (both respondents, one named the other, or listed side
    /// by side by one respondent).
    Conflict,
    /// Below the threshold: left for the analyst.
    Review,
}

impl Status {
    /// The lower-case name used in the suggestions file.
    pub fn name(self) -> &'static str {
        match self {
            Status::Auto => "auto",
            Status::Ambiguous => "ambiguous",
            Status::Conflict => "conflict",
            Status::Review => "review",
        }
    }
}

/// A suggested merge: two nodes that may be one person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// One node (the earlier in the study).
    pub a: NodeId,
    /// The other node.
    pub b: NodeId,
    /// How likely the two are one person, from 0 to 1.
    pub score: f64,
    /// The name evidence and network evidence, one phrase each.
    pub evidence: Vec<String>,
    /// What became of it.
    pub status: Status,
}

/// A group of nodes to join into one: the node kept and the nodes merged into it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePlan {
    /// The node kept: the respondent if there is one, else the fullest, most named name.
    pub keep: NodeId,
    /// The nodes merged into it.
    pub absorb: Vec<NodeId>,
    /// The lowest score of the links that formed the group.
    pub score: f64,
    /// One sentence per absorbed node: which name, joined to which, and why.
    pub evidence: Vec<String>,
}

/// The suggestions for a study and the merges the automatic rule makes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matches {
    /// Every suggestion, best first.
    pub suggestions: Vec<Suggestion>,
    /// The merges `--merge auto` makes, in node order of the kept node.
    pub plans: Vec<MergePlan>,
    /// Nodes whose name fits more than one person and was left unmerged, in node order.
    pub ambiguous: Vec<NodeId>,
}

/// A person node with what matching needs to know about it.
struct Person {
    node: NodeId,
    label: String,
    name: PersonName,
    respondent: bool,
    /// (nominating respondent, relation), sorted.
    nominations: Vec<(u32, Option<RelationId>)>,
    /// Distinct nominating respondents, sorted.
    nominators: Vec<u32>,
    /// People this person named, sorted.
    named: Vec<u32>,
    /// Places and groups this person uses (if a respondent) or their nominators use.
    places: Vec<u32>,
    /// A respondent with no tie at all: named nobody, used no place, named by nobody.
    isolated: bool,
}

/// A scored pair of people (indices into the person list).
struct Pair {
    a: usize,
    b: usize,
    score: f64,
    evidence: Vec<String>,
    conflict: bool,
}

/// Finds the suggestions and the automatic merges for a study's people (respondents and
/// alters), with the recipe's automatic-merge settings.
pub fn suggest(study: &Study, spec: &MatchingSpec) -> Matches {
    let people = people(study);
    let pairs = score_pairs(study, &people);
    let mut resolver = Resolver::new(&people, &pairs, spec);
    resolver.run();
    let mut suggestions: Vec<Suggestion> = Vec::new();
    for p in pairs.iter().filter(|p| p.score >= SUGGESTION_FLOOR) {
        let status = if p.conflict {
            Status::Conflict
        } else if resolver.root(p.a) == resolver.root(p.b) {
            Status::Auto
        } else if (resolver.ambiguous[p.a] || resolver.ambiguous[p.b]) && p.score >= RIVAL_FLOOR {
            Status::Ambiguous
        } else {
            Status::Review
        };
        suggestions.push(Suggestion {
            a: people[p.a].node,
            b: people[p.b].node,
            score: round3(p.score),
            evidence: p.evidence.clone(),
            status,
        });
    }
    suggestions.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let plans = plans(&mut resolver);
    let ambiguous = people
        .iter()
        .zip(&resolver.ambiguous)
        .filter(|(_, a)| **a)
        .map(|(p, _)| p.node)
        .collect();
    Matches {
        suggestions,
        plans,
        ambiguous,
    }
}

/// Applies merge plans to the study as automatic merges; returns how many nodes were
/// merged away.
pub fn apply(study: &mut Study, plans: &[MergePlan]) -> Result<usize, MergeError> {
    // Node indices change with every merge, so the plans are turned into ids first.
    let by_id: Vec<(String, Vec<String>, f64, Vec<String>)> = plans
        .iter()
        .filter_map(|p| {
            let keep = study.node(p.keep)?.id.clone();
            let absorb = p
                .absorb
                .iter()
                .filter_map(|a| study.node(*a).map(|n| n.id.clone()))
                .collect();
            Some((keep, absorb, p.score, p.evidence.clone()))
        })
        .collect();
    let mut merged = 0;
    for (keep, absorb, score, evidence) in by_id {
        let Some(k) = study.find(&keep) else { continue };
        let a: Vec<NodeId> = absorb.iter().filter_map(|id| study.find(id)).collect();
        if a.is_empty() {
            continue;
        }
        merged += a.len();
        study.merge_nodes(k, &a, score, evidence, true)?;
    }
    Ok(merged)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The study's people with their names parsed and their network gathered.
fn people(study: &Study) -> Vec<Person> {
    let n = study.node_count();
    let mut slot: Vec<Option<usize>> = vec![None; n];
    let mut people = Vec::new();
    for (i, node) in study.nodes().iter().enumerate() {
        if !node.kind.is_person() {
            continue;
        }
        let Some(name) = PersonName::parse(&normalise(&node.label)) else {
            continue;
        };
        slot[i] = Some(people.len());
        people.push(Person {
            node: NodeId(i as u32),
            label: node.label.clone(),
            name,
            respondent: node.kind == NodeKind::Respondent,
            nominations: Vec::new(),
            nominators: Vec::new(),
            named: Vec::new(),
            places: Vec::new(),
            isolated: false,
        });
    }
    let kinds: Vec<NodeKind> = study.nodes().iter().map(|n| n.kind).collect();
    let mut own_places: Vec<Vec<u32>> = vec![Vec::new(); n];
    let degrees = study.degrees();
    for t in study.ties() {
        let (s, d) = (t.source.index(), t.target.index());
        if kinds[d].is_person() {
            if let Some(p) = slot[d]
                && kinds[s] == NodeKind::Respondent
            {
                people[p].nominations.push((t.source.0, t.relation));
            }
            if let Some(p) = slot[s] {
                people[p].named.push(t.target.0);
            }
        } else if kinds[s].is_person() {
            own_places[s].push(t.target.0);
        }
    }
    for p in &mut people {
        p.nominations.sort_unstable();
        p.nominations.dedup();
        p.nominators = p.nominations.iter().map(|(r, _)| *r).collect();
        p.nominators.dedup();
        p.named.sort_unstable();
        p.named.dedup();
        let mut places = own_places[p.node.index()].clone();
        for r in &p.nominators {
            places.extend(&own_places[*r as usize]);
        }
        places.sort_unstable();
        places.dedup();
        p.places = places;
        p.isolated = p.respondent && degrees.get(p.node.index()) == Some(&0);
    }
    people
}

/// Blocks people by first name, nickname group and surname, and scores every pair that
/// shares a block and whose names could be one person.
fn score_pairs(study: &Study, people: &[Person]) -> Vec<Pair> {
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        let mut keys = Vec::new();
        if let Some(f) = p.name.first.word() {
            keys.push(format!("f {f}"));
            keys.extend(nickname_groups(f).iter().map(|g| format!("g {g}")));
        }
        if let Some(l) = p.name.last.as_ref().and_then(|l| l.word()) {
            keys.push(format!("l {l}"));
        }
        for k in keys {
            blocks.entry(k).or_default().push(i);
        }
    }
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for members in blocks.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                candidates.push((a.min(b), a.max(b)));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let labels: Vec<&str> = study.nodes().iter().map(|n| n.label.as_str()).collect();
    let ids: Vec<&str> = study.nodes().iter().map(|n| n.id.as_str()).collect();
    let mut pairs = Vec::new();
    for (a, b) in candidates {
        let (pa, pb) = (&people[a], &people[b]);
        let Some(m) = compare(&pa.name, &pb.name) else {
            continue;
        };
        let mut evidence = m.evidence;
        let mut score = m.score;
        let conflict = conflict(pa, pb, &labels, &ids);
        let shared = shared_in_other_questions(pa, pb);
        if shared > 0 {
            score += SHARED_NOMINATOR_BONUS * shared.min(2) as f64;
            evidence.push(format!(
                "named by {shared} of the same respondents in other questions"
            ));
        }
        let (common, jaccard) = overlap(&pa.places, &pb.places);
        if common > 0 {
            score += SHARED_PLACES_BONUS * jaccard;
            evidence.push(format!(
                "{common} places and groups in common ({:.0}% overlap)",
                jaccard * 100.0
            ));
        }
        if let Some(why) = &conflict {
            evidence.push(why.clone());
        } else if pa.isolated || pb.isolated {
            evidence.push(ISOLATE_NOTE.into());
        }
        pairs.push(Pair {
            a,
            b,
            score: score.min(1.0),
            evidence,
            conflict: conflict.is_some(),
        });
    }
    pairs
}

/// Why two people cannot be one, if they cannot.
fn conflict(a: &Person, b: &Person, labels: &[&str], ids: &[&str]) -> Option<String> {
    if a.respondent && b.respondent {
        return Some("both answered the survey".into());
    }
    if a.named.binary_search(&b.node.0).is_ok() || b.named.binary_search(&a.node.0).is_ok() {
        return Some("one named the other".into());
    }
    let together = a
        .nominations
        .iter()
        .find(|n| b.nominations.binary_search(n).is_ok())?;
    Some(format!(
        "{} named both in one question: listed as two people",
        ids.get(together.0 as usize)
            .or(labels.get(together.0 as usize))
            .copied()
            .unwrap_or("a respondent")
    ))
}

/// Respondents who named both people, in different questions (the same friend named for
/// support and for advice is a common pattern; naming both in one question is a conflict).
fn shared_in_other_questions(a: &Person, b: &Person) -> usize {
    a.nominators
        .iter()
        .filter(|r| b.nominators.binary_search(r).is_ok())
        .count()
}

/// Size of the intersection of two sorted lists and their Jaccard index.
fn overlap(a: &[u32], b: &[u32]) -> (usize, f64) {
    let common = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        (0, 0.0)
    } else {
        (common, common as f64 / union as f64)
    }
}

/// One join the automatic rule made: `x`'s group joined another through a pair.
struct Join {
    x: usize,
    pair: usize,
    note: Option<String>,
}

/// The union-find over people that carries out the automatic-merge rule.
struct Resolver<'a> {
    people: &'a [Person],
    pairs: &'a [Pair],
    index: HashMap<(usize, usize), usize>,
    /// Pair indices of each person.
    adjacent: Vec<Vec<usize>>,
    parent: Vec<usize>,
    /// Members of each group, indexed by the group's root (empty for non-roots).
    members: Vec<Vec<usize>>,
    joins: Vec<Join>,
    ambiguous: Vec<bool>,
    threshold: f64,
    well_known_share: f64,
    well_known_min: usize,
}

impl<'a> Resolver<'a> {
    fn new(people: &'a [Person], pairs: &'a [Pair], spec: &MatchingSpec) -> Self {
        let n = people.len();
        let mut index = HashMap::new();
        let mut adjacent = vec![Vec::new(); n];
        for (i, p) in pairs.iter().enumerate() {
            index.insert((p.a, p.b), i);
            adjacent[p.a].push(i);
            adjacent[p.b].push(i);
        }
        Resolver {
            people,
            pairs,
            index,
            adjacent,
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
            joins: Vec::new(),
            ambiguous: vec![false; n],
            threshold: spec.auto_merge_threshold,
            well_known_share: spec.well_known_share,
            well_known_min: spec.well_known_min,
        }
    }

    fn root(&mut self, x: usize) -> usize {
        find(&mut self.parent, x)
    }

    fn pair(&self, a: usize, b: usize) -> Option<&Pair> {
        self.index
            .get(&(a.min(b), a.max(b)))
            .and_then(|i| self.pairs.get(*i))
    }

    /// The people a name plausibly fits (score at least the rival floor, no conflict), as
    /// (pair, other person).
    fn rivals(&self, x: usize, full_only: bool) -> Vec<(usize, usize)> {
        self.adjacent[x]
            .iter()
            .map(|&i| (i, &self.pairs[i]))
            .filter(|(_, p)| !p.conflict && p.score >= RIVAL_FLOOR)
            .map(|(i, p)| (i, if p.a == x { p.b } else { p.a }))
            .filter(|(_, o)| !full_only || self.people[*o].name.is_full())
            .collect()
    }

    /// Two people could be one: their names fit and nothing conflicts.
    fn compatible(&self, a: usize, b: usize) -> bool {
        self.pair(a, b).is_some_and(|p| !p.conflict)
    }

    /// Joins x's group to the group of `to`, if every full name fits every full name and
    /// nothing conflicts; returns whether it did.
    fn join(&mut self, x: usize, to: usize, pair: usize, note: Option<String>) -> bool {
        let (rx, rt) = (self.root(x), self.root(to));
        if rx == rt {
            return true;
        }
        // Whether someone is isolated is a finding of the study; a name match alone does
        // not overturn it.
        let isolated = |r: &Self, g: usize| r.members[g].iter().all(|&m| r.people[m].isolated);
        if isolated(self, rx) || isolated(self, rt) {
            return false;
        }
        for &u in &self.members[rx] {
            for &v in &self.members[rt] {
                let (pu, pv) = (&self.people[u], &self.people[v]);
                let ok = if (pu.name.is_full() && pv.name.is_full()) || self.pair(u, v).is_some() {
                    self.compatible(u, v)
                } else {
                    // Two short forms that share no block ("Dave O." and "D. Okafor") may
                    // both fit the group's full name; they only must not conflict.
                    !hard_conflict(pu, pv)
                };
                if !ok {
                    return false;
                }
            }
        }
        self.parent[rx] = rt;
        let moved = std::mem::take(&mut self.members[rx]);
        self.members[rt].extend(moved);
        self.joins.push(Join { x, pair, note });
        true
    }

    fn run(&mut self) {
        let n = self.people.len();
        let full: Vec<bool> = self.people.iter().map(|p| p.name.is_full()).collect();
        // Step 1: full names that fit only compatible full names join each other.
        let mut ambiguous_full = vec![false; n];
        for x in (0..n).filter(|&i| full[i]) {
            let rivals = self.rivals(x, true);
            ambiguous_full[x] = rivals
                .iter()
                .enumerate()
                .any(|(k, &(_, y))| rivals[k + 1..].iter().any(|&(_, z)| !self.compatible(y, z)));
        }
        let mut edges: Vec<usize> = (0..self.pairs.len())
            .filter(|&i| {
                let p = &self.pairs[i];
                full[p.a]
                    && full[p.b]
                    && !ambiguous_full[p.a]
                    && !ambiguous_full[p.b]
                    && !p.conflict
                    && p.score >= self.threshold
            })
            .collect();
        self.sort_best_first(&mut edges);
        for i in edges {
            let (a, b) = self.keeper_order(self.pairs[i].a, self.pairs[i].b);
            self.join(a, b, i, None);
        }
        // Step 2: short forms and ambiguous full names join the one person they fit.
        let groups: Vec<usize> = (0..n).map(|i| self.root(i)).collect();
        let popularity = self.popularity(&groups);
        for x in (0..n).filter(|&i| !full[i] || ambiguous_full[i]) {
            self.attach(x, &groups, &popularity, |o| full[o] && !ambiguous_full[o]);
        }
        // Step 3: what is left joins the one name it alone fits, when the evidence suffices.
        let mut edges: Vec<usize> = (0..self.pairs.len())
            .filter(|&i| {
                let p = &self.pairs[i];
                !p.conflict
                    && p.score >= self.threshold
                    && !self.ambiguous[p.a]
                    && !self.ambiguous[p.b]
                    && (!full[p.a] || !full[p.b] || ambiguous_full[p.a] || ambiguous_full[p.b])
            })
            .collect();
        self.sort_best_first(&mut edges);
        for i in edges {
            let (a, b) = (self.pairs[i].a, self.pairs[i].b);
            let (ra, rb) = (self.root(a), self.root(b));
            if self.members[ra].len() > 1 && self.members[rb].len() > 1 {
                continue;
            }
            let alone =
                |r: &Self, x: usize, y: usize| r.rivals(x, false).iter().all(|&(_, o)| o == y);
            if alone(self, a, b) && alone(self, b, a) {
                let (a, b) = self.keeper_order(a, b);
                self.join(a, b, i, None);
            }
        }
        // An ambiguous full name that found no group stays ambiguous.
        for x in (0..n).filter(|&i| ambiguous_full[i]) {
            let r = self.root(x);
            if self.members[r].len() == 1 {
                self.ambiguous[x] = true;
            }
        }
    }

    /// Step 2 for one name: join the one group it fits, or the dominant one of several, or
    /// mark it ambiguous.
    fn attach(
        &mut self,
        x: usize,
        groups: &[usize],
        popularity: &[usize],
        eligible: impl Fn(usize) -> bool,
    ) {
        let mut fits: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
        for (pair, o) in self.rivals(x, true) {
            if !eligible(o) {
                continue;
            }
            let s = self.pairs[pair].score;
            let e = fits.entry(groups[o]).or_insert((s, pair));
            if s > e.0 {
                *e = (s, pair);
            }
        }
        let mut options: Vec<(usize, f64, usize)> = fits
            .into_iter()
            .map(|(g, (s, pair))| (g, s, pair))
            .collect();
        if options.len() == 1 {
            let (g, s, pair) = options[0];
            if s >= self.threshold {
                self.join(x, g, pair, None);
            }
            return;
        }
        if options.is_empty() {
            return;
        }
        options.sort_by(|a, b| {
            popularity[b.0]
                .cmp(&popularity[a.0])
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        let (g, s, pair) = options[0];
        let top = popularity[g];
        let total: usize = options.iter().map(|o| popularity[o.0] + 1).sum();
        let share = (top + 1) as f64 / total as f64;
        if top >= self.well_known_min && share >= self.well_known_share && s >= self.threshold {
            let others: Vec<String> = options[1..]
                .iter()
                .map(|o| format!("\"{}\" (named by {})", self.label(o.0), popularity[o.0]))
                .collect();
            let note = format!(
                "also fits {}; read as the well-known \"{}\" (named by {top})",
                others.join(", "),
                self.label(g)
            );
            if self.join(x, g, pair, Some(note)) {
                return;
            }
        }
        self.ambiguous[x] = true;
    }

    fn sort_best_first(&self, edges: &mut [usize]) {
        edges.sort_by(|&i, &j| {
            let (p, q) = (&self.pairs[i], &self.pairs[j]);
            q.score
                .total_cmp(&p.score)
                .then(p.a.cmp(&q.a))
                .then(p.b.cmp(&q.b))
        });
    }

    /// Orders a pair so that the first is the one to attach (the less complete name).
    fn keeper_order(&self, a: usize, b: usize) -> (usize, usize) {
        if rank(&self.people[a]) > rank(&self.people[b]) {
            (b, a)
        } else {
            (a, b)
        }
    }

    /// Distinct respondents naming anyone in each group, indexed by group root.
    fn popularity(&self, groups: &[usize]) -> Vec<usize> {
        let mut by_group: Vec<Vec<u32>> = vec![Vec::new(); self.people.len()];
        for (i, p) in self.people.iter().enumerate() {
            by_group[groups[i]].extend(&p.nominators);
        }
        by_group
            .into_iter()
            .map(|mut v| {
                v.sort_unstable();
                v.dedup();
                v.len()
            })
            .collect()
    }

    /// The label of the best name in a group (by its root, as it was in step 2).
    fn label(&self, root: usize) -> &str {
        let best = self
            .members
            .get(root)
            .and_then(|m| best_of(self.people, m))
            .unwrap_or(root);
        &self.people[best].label
    }
}

/// The member to keep: the highest [`rank`], the earliest node on a tie.
fn best_of(people: &[Person], members: &[usize]) -> Option<usize> {
    members
        .iter()
        .copied()
        .max_by(|&a, &b| rank(&people[a]).cmp(&rank(&people[b])).then(b.cmp(&a)))
}

/// Conflicts that do not depend on the names.
fn hard_conflict(a: &Person, b: &Person) -> bool {
    (a.respondent && b.respondent)
        || a.named.binary_search(&b.node.0).is_ok()
        || b.named.binary_search(&a.node.0).is_ok()
        || a.nominations
            .iter()
            .any(|n| b.nominations.binary_search(n).is_ok())
}

/// How good a node is to keep: respondents first, then full names, more middle initials,
/// formal first names over nicknames ("Michael" over "Mike"), more nominations.
fn rank(p: &Person) -> (bool, bool, usize, bool, usize) {
    (
        p.respondent,
        p.name.is_full(),
        p.name.middles.len(),
        p.name.first.word().is_some_and(is_formal),
        p.nominators.len(),
    )
}

/// Turns the resolver's groups into merge plans with one evidence sentence per join.
fn plans(resolver: &mut Resolver<'_>) -> Vec<MergePlan> {
    let people = resolver.people;
    let n = people.len();
    let mut out = Vec::new();
    for root in 0..n {
        let members = resolver.members[root].clone();
        if members.len() < 2 {
            continue;
        }
        let Some(keep) = best_of(people, &members) else {
            continue;
        };
        let mut absorb: Vec<NodeId> = members
            .iter()
            .filter(|&&m| m != keep)
            .map(|&m| people[m].node)
            .collect();
        absorb.sort_unstable();
        let mut score: f64 = 1.0;
        let mut evidence = Vec::new();
        for j in resolver.joins.iter().filter(|j| members.contains(&j.x)) {
            let pair = &resolver.pairs[j.pair];
            score = score.min(pair.score);
            let mut line = format!(
                "\"{}\" = \"{}\" ({:.2}): {}",
                people[pair.a].label,
                people[pair.b].label,
                pair.score,
                pair.evidence.join("; ")
            );
            if let Some(note) = &j.note {
                line.push_str("; ");
                line.push_str(note);
            }
            evidence.push(line);
        }
        out.push((people[keep].node, absorb, round3(score), evidence));
    }
    out.sort_by_key(|p| p.0);
    out.into_iter()
        .map(|(keep, absorb, score, evidence)| MergePlan {
            keep,
            absorb,
            score,
            evidence,
        })
        .collect()
}
