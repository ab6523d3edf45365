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
//!    ("Sally Kowalski" = "Sarah Kowalski", "Kasia Nowak" = "Katarzyna Nowak") and
//!    one-letter typos. A full name that fits two people who cannot be one ("Jo Smith"
//!    beside "Joanne Smith" and "Josephine Smith") is ambiguous.
//! 2. Each short form ("Dave O.", "D. Okafor") is resolved on its own, in its context: the
//!    survey import gives every short form written by a respondent a node of its own
//!    ([`super::build`]), so "Leanne C." written by two respondents can be two people. A
//!    short form that fits one person joins them. One that fits several is weighed
//!    ([`MentionWeights`]): for each person it fits, how many other respondents name them,
//!    and the mention's context: whether that person named this respondent back, whether
//!    this respondent named them in another question, the places and groups they share,
//!    the people they both know, a shared surname (a household). It joins the person with
//!    at least [`RESOLVE_SHARE`] of the weight (the recipe's `matching.well_known_share`),
//!    a share that also counts someone not written in full anywhere; otherwise it is
//!    *ambiguous* and left for review with each reading's share, never given to the most
//!    named person by default. A respondent with no tie at all is no reading: a merge never
//!    connects an isolate, so the pair is listed for review instead.
//! 3. Remaining short forms that fit no full name join the same short form written by
//!    others, and short forms that fit only each other are joined when network evidence
//!    lifts them over the threshold.
//!
//! Nothing is merged across a conflict, a group is only formed when every name in it
//! fits every full name in it, and a respondent with no tie at all is never connected by a
//! merge: whether someone is isolated is a finding of the study, and a name match alone does
//! not overturn it (such pairs are listed for review).
//!
//! Every join is a merge in the study's merge record; since a short form's node holds one
//! respondent's mention, the record is per mention and each can be undone on its own.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::names::{NicknameTable, PersonName, compare_with, is_formal, normalise};
use super::recipe::MatchingSpec;
pub use super::recipe::{AUTO_MERGE_THRESHOLD, RESOLVE_SHARE};
use crate::model::{MergeError, MergeGroup, NodeId, NodeKind, RelationId, Study};

/// A name fits a person plausibly from this score on: two such readings make it ambiguous.
pub const RIVAL_FLOOR: f64 = 0.7;
/// Pairs scoring below this are not listed as suggestions.
pub const SUGGESTION_FLOOR: f64 = 0.5;
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
    /// The ambiguous names that were weighed, with each reading, in node order.
    pub unresolved: Vec<Unresolved>,
}

/// A name left for review: the people it may be, each with its share of the weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    /// The name's node.
    pub node: NodeId,
    /// The people it may be, likeliest first; the shares leave out someone never written
    /// in full, so they add up to less than one.
    pub readings: Vec<Reading>,
}

/// One reading of an ambiguous name: a person it may be.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The node it would join (the person's kept node).
    pub node: NodeId,
    /// Its share of the weight of all readings.
    pub share: f64,
    /// Why, one phrase each: "named by 4 others", "named this respondent".
    pub why: Vec<String>,
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
    /// Places and groups this person uses themself (respondents only), sorted.
    own_places: Vec<u32>,
    /// The surname written out, if it is.
    surname: Option<String>,
    /// The normalised name.
    key: String,
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

/// What the analyst knows beyond the survey itself, for matching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    /// Names decided to be a person of their own ("another person"): never joined.
    pub keep_apart: Vec<NodeId>,
    /// Full names of known people (a roster): a short form that fits one of them who was
    /// never written in full is less sure to be anyone written in full, and with a roster
    /// nobody outside it is assumed.
    pub roster: Vec<PersonName>,
}

/// Finds the suggestions and the automatic merges for a study's people (respondents and
/// alters), with the recipe's automatic-merge settings.
pub fn suggest(study: &Study, spec: &MatchingSpec) -> Matches {
    suggest_known(study, spec, &Known::default())
}

/// [`suggest`], with what the analyst knows: names kept apart and a roster.
pub fn suggest_known(study: &Study, spec: &MatchingSpec, known: &Known) -> Matches {
    let (people, slot) = people(study);
    let extended;
    let table = if spec.nicknames.is_empty() {
        NicknameTable::standard()
    } else {
        extended = NicknameTable::standard().with_first_names(&spec.nicknames);
        &extended
    };
    let mut pairs = score_pairs(study, &people, table);
    for p in &mut pairs {
        let apart = |i: usize| known.keep_apart.contains(&people[i].node);
        if !p.conflict && (apart(p.a) || apart(p.b)) {
            p.conflict = true;
            p.evidence.push("kept apart by the analyst".into());
        }
    }
    let mut resolver = Resolver::new(&people, &slot, &pairs, spec);
    if !known.roster.is_empty() {
        let written: BTreeSet<&str> = people
            .iter()
            .filter(|p| p.name.is_full())
            .map(|p| p.key.as_str())
            .collect();
        resolver.roster_unseen = people
            .iter()
            .map(|p| {
                if p.name.is_full() {
                    return 0;
                }
                known
                    .roster
                    .iter()
                    .filter(|r| {
                        let key = roster_key(r);
                        !written.contains(key.as_str())
                            && compare_with(&p.name, r, table)
                                .is_some_and(|m| m.score >= RIVAL_FLOOR)
                    })
                    .count()
            })
            .collect();
        resolver.closed = true;
    }
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
    let unresolved = resolver.unresolved();
    Matches {
        suggestions,
        plans,
        ambiguous,
        unresolved,
    }
}

/// Applies merge plans to the study as automatic merges, each recorded on its own; returns
/// how many nodes were merged away.
pub fn apply(study: &mut Study, plans: &[MergePlan]) -> Result<usize, MergeError> {
    let groups: Vec<MergeGroup> = plans
        .iter()
        .filter(|p| !p.absorb.is_empty())
        .map(|p| MergeGroup {
            keep: p.keep,
            absorb: p.absorb.clone(),
            score: p.score,
            evidence: p.evidence.clone(),
        })
        .collect();
    if groups.is_empty() {
        return Ok(0);
    }
    let merged = groups.iter().map(|g| g.absorb.len()).sum();
    study.merge_groups(groups, true)?;
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
fn people(study: &Study) -> (Vec<Person>, Vec<Option<usize>>) {
    let n = study.node_count();
    let mut slot: Vec<Option<usize>> = vec![None; n];
    let mut people = Vec::new();
    for (i, node) in study.nodes().iter().enumerate() {
        if !node.kind.is_person() {
            continue;
        }
        let key = normalise(&node.label);
        let Some(name) = PersonName::parse(&key) else {
            continue;
        };
        let surname = name
            .last
            .as_ref()
            .and_then(|l| l.word())
            .map(str::to_string);
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
            own_places: Vec::new(),
            surname,
            key,
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
        p.own_places = own_places[p.node.index()].clone();
        p.own_places.sort_unstable();
        p.own_places.dedup();
        let mut places = p.own_places.clone();
        for r in &p.nominators {
            places.extend(&own_places[*r as usize]);
        }
        places.sort_unstable();
        places.dedup();
        p.places = places;
        p.isolated = p.respondent && degrees.get(p.node.index()) == Some(&0);
    }
    (people, slot)
}

/// Blocks people by first name, nickname group and surname, and scores every pair that
/// shares a block and whose names could be one person.
fn score_pairs(study: &Study, people: &[Person], table: &NicknameTable) -> Vec<Pair> {
    // Two names can only match when their first names match (the same, a nickname, or
    // one letter off beside the same surname) and their surnames start alike (the same, an
    // initial, a typo keeps the first letter) or are one surname romanised two ways; so
    // blocks pair a first name with a surname initial, which keeps them small however many
    // people share a first name.
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        let Some(last) = &p.name.last else {
            continue;
        };
        let mut firsts = Vec::new();
        if let Some(f) = p.name.first.word() {
            firsts.push(format!("f {f}"));
            firsts.extend(table.groups(f).iter().map(|g| format!("g {g}")));
        }
        let mut lasts = vec![format!("i {}", last.initial())];
        if let Some(l) = last.word() {
            lasts.extend(table.surname_groups(l).iter().map(|g| format!("s {g}")));
        }
        let mut keys = Vec::new();
        for f in &firsts {
            for l in &lasts {
                keys.push(format!("{f} | {l}"));
            }
        }
        // First initials ("D. Okafor") and first-name typos, beside the same surname.
        if let Some(l) = last.word() {
            keys.push(format!("t {} | {l}", p.name.first.initial()));
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
        let Some(m) = compare_with(&pa.name, &pb.name, table) else {
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

/// The normalised key of a parsed name.
fn roster_key(n: &PersonName) -> String {
    let word = |t: &super::names::Token| match t {
        super::names::Token::Word(w) => w.clone(),
        super::names::Token::Initial(c) => c.to_string(),
    };
    std::iter::once(word(&n.first))
        .chain(n.middles.iter().map(word))
        .chain(n.last.iter().map(word))
        .collect::<Vec<_>>()
        .join(" ")
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

/// A group of names formed in step 1, as the weighing of short forms sees it.
#[derive(Default)]
struct GroupInfo {
    /// Respondents naming any member, sorted.
    nominators: Vec<u32>,
    /// People any member named, sorted.
    named: Vec<u32>,
    /// Places and groups of the members and their nominators, sorted.
    places: Vec<u32>,
    /// The members' nodes, sorted.
    members: Vec<u32>,
    /// The surname of a full name in the group.
    surname: Option<String>,
}

/// How a short form that fits several people is weighed. Each person it fits gets the
/// weight (name score) x (respondents other than the writer who name them + [`PRIOR`]),
/// multiplied by a factor for each piece of the mention's context that points to them;
/// someone never written in full weighs [`UNSEEN`]. The reading with at least the
/// resolving share of the total weight is taken.
///
/// The factors are modest on purpose: context tips a close call, but a single coincidence
/// (a shared surname, a busy place both use) does not outweigh who is named by whom.
///
/// [`PRIOR`]: MentionWeights::PRIOR
/// [`UNSEEN`]: MentionWeights::UNSEEN
pub struct MentionWeights;

impl MentionWeights {
    /// Added to each person's count of nominators, so that nobody is ruled out for being
    /// named rarely.
    pub const PRIOR: f64 = 0.5;
    /// The weight of "someone else, never written in full".
    pub const UNSEEN: f64 = 0.5;
    /// The person named this respondent.
    pub const NAMED_BACK: f64 = 8.0;
    /// This respondent named the person in full in another question.
    pub const NAMED_AGAIN: f64 = 3.0;
    /// Times the overlap (Jaccard index) of places and groups, plus one.
    pub const PLACES: f64 = 1.0;
    /// For each of up to three people both know, plus one.
    pub const PEOPLE: f64 = 0.5;
    /// The respondent has the person's surname: perhaps one household.
    pub const SURNAME: f64 = 2.0;
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
    /// Node index -> person index.
    slot: &'a [Option<usize>],
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
    share: f64,
    /// For each short form, the roster's people it fits who were never written in full.
    roster_unseen: Vec<usize>,
    /// A roster was given: nobody outside it is assumed.
    closed: bool,
    /// For each ambiguous person, the readings weighed: (group root, share, reasons).
    readings: BTreeMap<usize, Vec<(usize, f64, Vec<String>)>>,
}

impl<'a> Resolver<'a> {
    fn new(
        people: &'a [Person],
        slot: &'a [Option<usize>],
        pairs: &'a [Pair],
        spec: &MatchingSpec,
    ) -> Self {
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
            slot,
            pairs,
            index,
            adjacent,
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
            joins: Vec::new(),
            ambiguous: vec![false; n],
            threshold: spec.auto_merge_threshold,
            share: spec.well_known_share,
            roster_unseen: Vec::new(),
            closed: false,
            readings: BTreeMap::new(),
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
        // Step 2: short forms and ambiguous full names are weighed in their context.
        let groups: Vec<usize> = (0..n).map(|i| self.root(i)).collect();
        let infos = self.group_infos(&groups);
        for x in (0..n).filter(|&i| !full[i] || ambiguous_full[i]) {
            self.attach(x, &groups, &infos, |o| full[o] && !ambiguous_full[o]);
        }
        // Step 3: short forms that fit no full name join the same short form written by
        // others; what is left joins the one name it alone fits, when the evidence suffices.
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (x, &is_full) in full.iter().enumerate() {
            if is_full || self.ambiguous[x] {
                continue;
            }
            let r = self.root(x);
            if self.members[r].len() == 1 && self.rivals(x, true).is_empty() {
                by_key
                    .entry(self.people[x].key.as_str())
                    .or_default()
                    .push(x);
            }
        }
        for same in by_key.values() {
            let to = same[0];
            for &a in &same[1..] {
                if let Some(&pair) = self.index.get(&(to.min(a), to.max(a))) {
                    self.join(a, to, pair, None);
                }
            }
        }
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
            if ra == rb || (self.members[ra].len() > 1 && self.members[rb].len() > 1) {
                continue;
            }
            // Alone: every name it fits is y, or written as y is.
            let alone = |r: &Self, x: usize, y: usize| {
                r.rivals(x, false)
                    .iter()
                    .all(|&(_, o)| o == y || r.people[o].key == r.people[y].key)
            };
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

    /// Step 2 for one name: join the one group it fits, or the one its context makes at
    /// least the resolving share likely, or mark it ambiguous with each reading's share.
    fn attach(
        &mut self,
        x: usize,
        groups: &[usize],
        infos: &BTreeMap<usize, GroupInfo>,
        eligible: impl Fn(usize) -> bool,
    ) {
        let mut fits: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
        for (pair, o) in self.rivals(x, true) {
            // A respondent with no tie at all is never joined (see `join`), so is no reading
            // to weigh against the others.
            if !eligible(o) || self.people[o].isolated {
                continue;
            }
            let s = self.pairs[pair].score;
            let e = fits.entry(groups[o]).or_insert((s, pair));
            if s > e.0 {
                *e = (s, pair);
            }
        }
        let options: Vec<(usize, f64, usize)> = fits
            .into_iter()
            .map(|(g, (s, pair))| (g, s, pair))
            .collect();
        let unseen_fits = self.roster_unseen.get(x).copied().unwrap_or(0);
        if options.len() == 1 && unseen_fits == 0 {
            let (g, s, pair) = options[0];
            if s >= self.threshold {
                self.join(x, g, pair, None);
            }
            return;
        }
        if options.is_empty() {
            return;
        }
        // Someone never written in full: the roster's people the name fits, or anyone.
        let unseen = if self.closed {
            MentionWeights::PRIOR * unseen_fits as f64
        } else {
            MentionWeights::UNSEEN
        };
        let weighed: Vec<(usize, f64, usize, f64, Vec<String>)> = options
            .iter()
            .map(|&(g, s, pair)| {
                let (w, why) = match infos.get(&g) {
                    Some(info) => self.weigh(x, info, s),
                    None => (0.0, Vec::new()),
                };
                (g, s, pair, w, why)
            })
            .collect();
        let total: f64 = weighed.iter().map(|r| r.3).sum::<f64>() + unseen;
        let best = weighed
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.3.total_cmp(&b.1.3).then(b.0.cmp(&a.0)))
            .map(|(i, _)| i);
        if let Some(i) = best {
            let (g, s, pair, w, why) = &weighed[i];
            let share = w / total;
            if share >= self.share && *s >= self.threshold {
                let others: Vec<String> = weighed
                    .iter()
                    .filter(|r| r.0 != *g)
                    .map(|r| format!("\"{}\" ({:.0}%)", self.label(r.0), 100.0 * r.3 / total))
                    .collect();
                let note = format!(
                    "also fits {}; read as \"{}\" ({:.0}%: {})",
                    others.join(", "),
                    self.label(*g),
                    100.0 * share,
                    why.join(", ")
                );
                if self.join(x, *g, *pair, Some(note)) {
                    return;
                }
            }
        }
        self.ambiguous[x] = true;
        self.readings.insert(
            x,
            weighed
                .iter()
                .map(|r| (r.0, r.3 / total, r.4.clone()))
                .collect(),
        );
    }

    /// The weight of reading short form `x` as the group of `info`, with name score `s`,
    /// and the reasons, one phrase each.
    fn weigh(&self, x: usize, info: &GroupInfo, s: f64) -> (f64, Vec<String>) {
        let px = &self.people[x];
        let others = info
            .nominators
            .iter()
            .filter(|r| px.nominators.binary_search(r).is_err())
            .count();
        let mut w = s * (others as f64 + MentionWeights::PRIOR);
        let mut why = vec![format!("named by {others} others")];
        for &r in &px.nominators {
            if info.named.binary_search(&r).is_ok() {
                w *= MentionWeights::NAMED_BACK;
                why.push("named this respondent".into());
            }
            if info.nominators.binary_search(&r).is_ok() {
                w *= MentionWeights::NAMED_AGAIN;
                why.push("named by this respondent in another question".into());
            }
            let Some(rp) = self.slot.get(r as usize).copied().flatten() else {
                continue;
            };
            let rp = &self.people[rp];
            let (common, jaccard) = overlap(&rp.own_places, &info.places);
            if common > 0 {
                w *= 1.0 + MentionWeights::PLACES * jaccard;
                why.push(format!("{common} places and groups in common"));
            }
            let known = rp
                .named
                .iter()
                .filter(|&&o| o != px.node.0 && info.members.binary_search(&o).is_err())
                .filter(|o| {
                    info.named.binary_search(o).is_ok() || info.nominators.binary_search(o).is_ok()
                })
                .count();
            if known > 0 {
                w *= 1.0 + MentionWeights::PEOPLE * known.min(3) as f64;
                why.push(format!("{known} people known to both"));
            }
            if rp.surname.is_some() && rp.surname == info.surname {
                w *= MentionWeights::SURNAME;
                why.push("same surname as this respondent".into());
            }
        }
        (w, why)
    }

    /// What step 2 needs to know about each group formed in step 1, by root.
    fn group_infos(&self, groups: &[usize]) -> BTreeMap<usize, GroupInfo> {
        let mut out: BTreeMap<usize, GroupInfo> = BTreeMap::new();
        for (i, p) in self.people.iter().enumerate() {
            let info = out.entry(groups[i]).or_default();
            info.nominators.extend(&p.nominators);
            info.named.extend(&p.named);
            info.places.extend(&p.places);
            info.members.push(p.node.0);
            if p.name.is_full() && info.surname.is_none() {
                info.surname.clone_from(&p.surname);
            }
        }
        for info in out.values_mut() {
            for v in [
                &mut info.nominators,
                &mut info.named,
                &mut info.places,
                &mut info.members,
            ] {
                v.sort_unstable();
                v.dedup();
            }
        }
        out
    }

    /// The weighed ambiguous names with the node kept for each reading.
    fn unresolved(&self) -> Vec<Unresolved> {
        let mut out = Vec::new();
        for (&x, readings) in &self.readings {
            let mut rs: Vec<Reading> = readings
                .iter()
                .filter_map(|(g, share, why)| {
                    let best = best_of(self.people, &self.members[*g])?;
                    Some(Reading {
                        node: self.people[best].node,
                        share: round3(*share),
                        why: why.clone(),
                    })
                })
                .collect();
            rs.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.node.cmp(&b.node)));
            out.push(Unresolved {
                node: self.people[x].node,
                readings: rs,
            });
        }
        out
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
    // The joins of each group, in the order they were made.
    let mut joins_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, j) in resolver.joins.iter().enumerate() {
        let r = find(&mut resolver.parent, j.x);
        joins_of[r].push(k);
    }
    for (root, joins) in joins_of.iter().enumerate() {
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
        for j in joins.iter().map(|&k| &resolver.joins[k]) {
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
