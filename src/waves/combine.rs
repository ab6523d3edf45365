//! Waves into one study: the union of every wave's nodes, matched across waves, with each
//! wave's ties and per-wave attribute columns (see the [module docs](super) for the layout).
//!
//! A node of the wave being added is matched to a node of the combined study by these
//! rules, in order:
//! 1. a **respondent** is the combined node with the same id that is a respondent (answered
//!    an earlier wave, or came from a network file);
//! 2. else a respondent is the person *named* (an alter) in an earlier wave under the same
//!    name: the combined node becomes a respondent and takes the respondent's id and name;
//! 3. a **named person** (alter) is the combined person (respondent or alter) with the same
//!    name, a **place or group** the combined place or group with the same name;
//! 4. "the same name" is the name normalised as the survey importer does (case, spacing,
//!    accents, punctuation) and includes every name merged into a node: when an earlier
//!    wave merged "Dave O." into "David Okafor", "Dave O." in this wave is David Okafor, and
//!    a merge made in this wave teaches the combined study the absorbed names;
//! 5. a name that fits two or more combined nodes matches none of them (a new node, noted
//!    in the report), and ids are never used to match alters, places or groups, because the
//!    survey importer numbers those (`A001`, `P01`) afresh in every wave.
//!
//! The names a combined node was written under besides its label are kept in its text
//! attribute `also_known_as` (`Dave O. | david okafor`), so that a study saved as GraphML or
//! GEXF, which do not hold the merge record, still matches them when a wave is added later.
//!
//! A node that matches nothing is added at the end, keeping its id unless the combined study
//! already uses it (then the number in the id is raised until it is free: `A001` -> `A112`).

use std::collections::HashMap;

use super::{
    ALSO_KNOWN_AS, NO, RESPONDED, SEPARATOR, WaveError, YES, check_name, column_name, wave_names,
};

/// Separates the names in an `also_known_as` value.
const AKA_SEPARATOR: &str = " | ";
use crate::model::{
    AttrType, Attribute, Merge, NodeId, NodeKind, Study, StudyError, Tie, Value,
    attribute_format_number,
};
use crate::survey::names::normalise;

/// What adding one wave did: how its nodes were matched, for the summary and for the
/// workbench's import dialog.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AddReport {
    /// The wave's name.
    pub wave: String,
    /// Nodes in the wave's own study.
    pub nodes: usize,
    /// Respondents (people who answered this wave).
    pub respondents: usize,
    /// Ties added.
    pub ties: usize,
    /// Nodes matched to an earlier wave's node by respondent id.
    pub by_id: usize,
    /// Nodes matched by name.
    pub by_name: usize,
    /// Nodes matched through a name recorded in a merge.
    pub by_merge: usize,
    /// Nodes new in this wave.
    pub new_nodes: usize,
    /// Matches worth checking, one sentence each: names matched through a merge, alters
    /// who answered this wave, names that fit several people.
    pub notes: Vec<String>,
}

impl AddReport {
    /// The report for the user, one fact a line.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "wave {}: {} nodes ({} respondents), {} ties; matched {} by id, {} by name, {} \
             through merged names; {} new\n",
            self.wave,
            self.nodes,
            self.respondents,
            self.ties,
            self.by_id,
            self.by_name,
            self.by_merge,
            self.new_nodes
        );
        for n in self.notes.iter().take(10) {
            s.push_str(&format!("  {n}\n"));
        }
        if self.notes.len() > 10 {
            s.push_str(&format!("  ... and {} more\n", self.notes.len() - 10));
        }
        s
    }
}

/// Combines waves, given in order as `(wave name, study)`, into one study (see the
/// [module docs](self) for how people are matched). The combined study takes the first
/// wave's name and direction.
pub fn combine(waves: Vec<(String, Study)>) -> Result<Study, WaveError> {
    combine_with_reports(waves).map(|(s, _)| s)
}

/// [`combine()`], with what each wave's matching did.
pub fn combine_with_reports(
    waves: Vec<(String, Study)>,
) -> Result<(Study, Vec<AddReport>), WaveError> {
    if waves.is_empty() {
        return Err(WaveError::Empty);
    }
    let mut out = Study::default();
    let mut reports = Vec::with_capacity(waves.len());
    for (name, study) in waves {
        reports.push(add_wave(&mut out, &name, &study)?);
    }
    Ok((out, reports))
}

/// A study without waves turned into a combined study of one wave named `name`.
pub fn name_wave(study: Study, name: &str) -> Result<Study, WaveError> {
    combine(vec![(name.to_string(), study)])
}

/// Which nodes a name may match: people, or places and groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Person,
    Other,
}

fn class(kind: NodeKind) -> Class {
    if kind.is_person() {
        Class::Person
    } else {
        Class::Other
    }
}

/// How a node was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Id,
    Name,
    Merge,
    New,
}

/// Names of the combined study's nodes: (class, normalised name) -> nodes, each with
/// whether the name came from a merge record.
#[derive(Default)]
struct Names {
    map: HashMap<(Class, String), Vec<(NodeId, bool)>>,
}

impl Names {
    fn of(study: &Study) -> Self {
        let mut names = Names::default();
        for (i, n) in study.nodes().iter().enumerate() {
            names.add(class(n.kind), &n.label, NodeId(i as u32), false);
        }
        for m in study.merges() {
            let Some(kept) = study.find(&m.kept) else {
                continue;
            };
            let Some(node) = study.node(kept) else {
                continue;
            };
            for a in &m.absorbed {
                names.add(class(node.kind), &a.label, kept, true);
            }
        }
        // Names from earlier waves that a file kept (the merge record itself is not in
        // GraphML or GEXF).
        if let Some(aka) = study.node_attribute(ALSO_KNOWN_AS) {
            for (i, n) in study.nodes().iter().enumerate() {
                for name in aka_names(aka.value(i)) {
                    names.add(class(n.kind), &name, NodeId(i as u32), true);
                }
            }
        }
        names
    }

    fn add(&mut self, class: Class, name: &str, node: NodeId, merged: bool) {
        let key = normalise(name);
        if key.is_empty() {
            return;
        }
        let slot = self.map.entry((class, key)).or_default();
        match slot.iter_mut().find(|(n, _)| *n == node) {
            // A name both written and merged counts as written.
            Some(entry) => entry.1 &= merged,
            None => slot.push((node, merged)),
        }
    }

    /// The one node the name fits: `Ok(None)` when none, `Err(nodes)` when several.
    fn lookup(&self, class: Class, name: &str) -> Result<Option<(NodeId, bool)>, Vec<NodeId>> {
        match self.map.get(&(class, normalise(name))) {
            None => Ok(None),
            Some(v) if v.len() == 1 => Ok(Some(v[0])),
            Some(v) => Err(v.iter().map(|(n, _)| *n).collect()),
        }
    }
}

/// Adds `wave` (a study read from one wave's file) to `study` as the wave `name`, matching
/// its people to the study's (see the [module docs](self)), and returns what the matching
/// did. `study` may be empty (the first wave) or a combined study; a study with nodes but
/// no waves is refused ([`WaveError::NoWaves`]): give it a wave with [`name_wave`] first.
///
/// Existing nodes keep their order (and their indices, unless merges or deletions left gaps,
/// which are closed); the wave's new nodes come after them. On an error `study` is left as
/// it was.
pub fn add_wave(study: &mut Study, name: &str, wave: &Study) -> Result<AddReport, WaveError> {
    check_name(name)?;
    let existing = wave_names(study);
    if existing.iter().any(|w| w == name) {
        return Err(WaveError::DuplicateWave(name.to_string()));
    }
    if existing.is_empty() && (study.node_count() > 0 || study.tie_count() > 0) {
        return Err(WaveError::NoWaves);
    }
    // Work on a copy so that a failure half way leaves the caller's study whole (the
    // workbench imports a wave into an open project).
    // Both are numbered 0.. here (gaps left by merged or deleted people are closed).
    let mut work = study.compacted();
    let wave = &wave.compacted();
    let report = add_checked(&mut work, name, wave, existing.is_empty())?;
    *study = work;
    Ok(report)
}

fn add_checked(
    study: &mut Study,
    name: &str,
    wave: &Study,
    first: bool,
) -> Result<AddReport, WaveError> {
    if first && study.node_count() == 0 {
        study.directed = wave.directed;
        if study.name.is_empty() {
            study.name = wave.name.clone();
        }
    }
    let mut report = AddReport {
        wave: name.to_string(),
        nodes: wave.node_count(),
        ..AddReport::default()
    };
    let wave_id = study.wave(name)?;
    let responded_col =
        study.declare_node_attribute(&column_name(RESPONDED, name), AttrType::Categorical)?;

    // Names the wave's own merges joined, by the wave's kept node.
    let mut merged_names: HashMap<&str, Vec<&str>> = HashMap::new();
    for m in wave.merges() {
        merged_names
            .entry(m.kept.as_str())
            .or_default()
            .extend(m.absorbed.iter().map(|a| a.label.as_str()));
    }

    let mut names = Names::of(study);
    let mut next_number: HashMap<String, u64> = HashMap::new();
    let mut claimed = vec![false; study.node_count()];
    let mut map: Vec<NodeId> = Vec::with_capacity(wave.node_count());
    // Respondents first, so that a person named in this wave finds them by name.
    let mut order: Vec<usize> = (0..wave.node_count()).collect();
    order.sort_by_key(|&i| {
        wave.nodes()
            .get(i)
            .is_none_or(|n| n.kind != NodeKind::Respondent)
    });
    let mut slots: Vec<Option<NodeId>> = vec![None; wave.node_count()];
    for i in order {
        let Some(node) = wave.nodes().get(i) else {
            continue;
        };
        let mut written = vec![node.label.as_str()];
        if let Some(extra) = merged_names.get(node.id.as_str()) {
            written.extend(extra.iter().copied());
        }
        let (target, how) = if node.kind == NodeKind::Respondent {
            match_respondent(study, &names, &claimed, node, &written, &mut report)
        } else {
            match_named(&names, class(node.kind), &written, node, &mut report)
        };
        let target = match target {
            Some(t) => {
                if node.kind == NodeKind::Respondent
                    && study
                        .node(t)
                        .is_some_and(|n| n.kind != NodeKind::Respondent)
                {
                    promote(study, t, node);
                    names.add(Class::Person, &node.label, t, false);
                }
                t
            }
            None => {
                let id = free_id(study, &node.id, &mut next_number);
                let t = study.add_node(id, node.label.clone(), node.kind)?;
                claimed.push(false);
                names.add(class(node.kind), &node.label, t, false);
                t
            }
        };
        if node.kind == NodeKind::Respondent {
            if let Some(c) = claimed.get_mut(target.index()) {
                *c = true;
            }
            report.respondents += 1;
        }
        for w in written.iter().skip(1) {
            names.add(class(node.kind), w, target, true);
        }
        match how {
            How::Id => report.by_id += 1,
            How::Name => report.by_name += 1,
            How::Merge => report.by_merge += 1,
            How::New => report.new_nodes += 1,
        }
        slots[i] = Some(target);
        remember_names(study, target, &written)?;
    }
    for s in slots {
        let Some(t) = s else {
            return Err(StudyError::UnknownNode(u32::MAX).into());
        };
        map.push(t);
    }

    // Who answered.
    for v in study.node_ids() {
        study.set_node_value(responded_col, v, Some(Value::Text(NO.to_string())));
    }
    for (i, node) in wave.nodes().iter().enumerate() {
        if node.kind == NodeKind::Respondent {
            study.set_node_value(responded_col, map[i], Some(Value::Text(YES.to_string())));
        }
    }

    // Attributes: NAME@WAVE, and the plain NAME as the last known value.
    for attr in wave.node_attributes() {
        if attr.name().contains(SEPARATOR)
            || attr.name() == RESPONDED
            || attr.name() == ALSO_KNOWN_AS
        {
            continue;
        }
        let (per_wave, per_ty) =
            ensure_column(study, &column_name(attr.name(), name), attr.ty(), true)?;
        let (plain, plain_ty) = ensure_column(study, attr.name(), attr.ty(), true)?;
        let mut set = vec![false; study.node_count()];
        for (i, v) in attr.values().iter().enumerate() {
            let (Some(v), Some(&t)) = (v, map.get(i)) else {
                continue;
            };
            if std::mem::replace(&mut set[t.index()], true) {
                // Two of the wave's nodes are one person here: the first value stands.
                continue;
            }
            study.set_node_value(per_wave, t, Some(convert(v, per_ty)));
            study.set_node_value(plain, t, Some(convert(v, plain_ty)));
        }
    }

    // Ties, with their attributes.
    let offset = study.tie_count();
    let mut relation_ids = Vec::with_capacity(wave.relations().len());
    for r in wave.relations() {
        relation_ids.push(study.relation(r)?);
    }
    for t in wave.ties() {
        study.add_tie(Tie {
            source: map[t.source.index()],
            target: map[t.target.index()],
            weight: t.weight,
            relation: t
                .relation
                .and_then(|r| relation_ids.get(r.0 as usize).copied()),
            wave: Some(wave_id),
            directed: t.directed,
        })?;
    }
    report.ties = wave.tie_count();
    for attr in wave.tie_attributes() {
        let (col, ty) = ensure_column(study, attr.name(), attr.ty(), false)?;
        for (i, v) in attr.values().iter().enumerate() {
            if let Some(v) = v {
                study.set_tie_value(col, offset + i, Some(convert(v, ty)));
            }
        }
    }

    // The wave's merges, so that they stay auditable (and later waves learn their names).
    for m in wave.merges() {
        let kept = wave
            .find(&m.kept)
            .and_then(|k| map.get(k.index()))
            .and_then(|&k| study.node(k))
            .map_or_else(|| m.kept.clone(), |n| n.id.clone());
        let mut moved = m.moved.clone();
        for e in &mut moved {
            e.tie += offset;
        }
        let mut evidence = m.evidence.clone();
        evidence.push(format!("merged in wave {name}"));
        study.merges_mut().push(Merge {
            kept,
            kept_label: m.kept_label.clone(),
            absorbed: m.absorbed.clone(),
            moved,
            score: m.score,
            evidence,
            automatic: m.automatic,
        });
    }
    Ok(report)
}

/// The names in an `also_known_as` value, in order.
fn aka_names(value: Option<&Value>) -> Vec<String> {
    value
        .map(|v| {
            v.to_string()
                .split(AKA_SEPARATOR.trim())
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Adds to the node's `also_known_as` every written name that differs (normalised) from its
/// label and from the names already there.
fn remember_names(study: &mut Study, node: NodeId, written: &[&str]) -> Result<(), WaveError> {
    let Some(label) = study.node(node).map(|n| normalise(&n.label)) else {
        return Ok(());
    };
    let mut known = aka_names(
        study
            .node_attribute(ALSO_KNOWN_AS)
            .and_then(|a| a.value(node.index())),
    );
    let before = known.len();
    for w in written {
        let key = normalise(w);
        if key.is_empty() || key == label || known.iter().any(|k| normalise(k) == key) {
            continue;
        }
        known.push(w.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if known.len() > before {
        let (col, _) = ensure_column(study, ALSO_KNOWN_AS, AttrType::Text, true)?;
        study.set_node_value(col, node, Some(Value::Text(known.join(AKA_SEPARATOR))));
    }
    Ok(())
}

fn label_of(study: &Study, n: NodeId) -> String {
    study
        .node(n)
        .map(|n| format!("\"{}\" ({})", n.label, n.id))
        .unwrap_or_default()
}

fn match_respondent(
    study: &Study,
    names: &Names,
    claimed: &[bool],
    node: &crate::model::Node,
    written: &[&str],
    report: &mut AddReport,
) -> (Option<NodeId>, How) {
    if let Some(t) = study.find(&node.id)
        && study
            .node(t)
            .is_some_and(|n| n.kind == NodeKind::Respondent)
        && !claimed.get(t.index()).copied().unwrap_or(true)
    {
        return (Some(t), How::Id);
    }
    // A respondent is matched by name only to someone who was named, never to another
    // respondent: two respondents may share a name, but each has their own id.
    for (k, w) in written.iter().enumerate() {
        if let Ok(Some((t, merged))) = names.lookup(Class::Person, w)
            && study
                .node(t)
                .is_some_and(|n| n.kind != NodeKind::Respondent)
            && !claimed.get(t.index()).copied().unwrap_or(true)
        {
            report.notes.push(format!(
                "respondent \"{}\" ({}) is {} named in an earlier wave",
                node.label,
                node.id,
                label_of(study, t)
            ));
            let how = if merged || k > 0 {
                How::Merge
            } else {
                How::Name
            };
            return (Some(t), how);
        }
    }
    (None, How::New)
}

fn match_named(
    names: &Names,
    class: Class,
    written: &[&str],
    node: &crate::model::Node,
    report: &mut AddReport,
) -> (Option<NodeId>, How) {
    for (k, w) in written.iter().enumerate() {
        match names.lookup(class, w) {
            Ok(Some((t, merged))) => {
                if merged {
                    report.notes.push(format!(
                        "\"{}\" ({}) is the person an earlier merge joined \"{w}\" into",
                        node.label, node.id
                    ));
                }
                let how = if merged || k > 0 {
                    How::Merge
                } else {
                    How::Name
                };
                return (Some(t), how);
            }
            Ok(None) => {}
            Err(several) => {
                report.notes.push(format!(
                    "\"{}\" ({}) fits {} people of earlier waves; kept apart as a new node",
                    node.label,
                    node.id,
                    several.len()
                ));
                return (None, How::New);
            }
        }
    }
    (None, How::New)
}

/// A combined alter who answered this wave becomes a respondent with the respondent's id
/// (when free) and name.
fn promote(study: &mut Study, t: NodeId, node: &crate::model::Node) {
    let id_free = study.find(&node.id).is_none();
    if let Some(n) = study.node_mut(t) {
        n.kind = NodeKind::Respondent;
        n.label = node.label.clone();
        if id_free {
            n.id = node.id.clone();
        }
    }
    if id_free {
        study.reindex();
    }
}

/// `id` if the study does not use it, else the id with its trailing number raised until it
/// is free (`A001` -> `A112`), or with `-2`, `-3`, ... appended when it has no number.
fn free_id(study: &Study, id: &str, next: &mut HashMap<String, u64>) -> String {
    if study.find(id).is_none() {
        return id.to_string();
    }
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (prefix, number) = id.split_at(id.len() - digits);
    let width = digits;
    let start = number.parse::<u64>().unwrap_or(1) + 1;
    let slot = next.entry(prefix.to_string()).or_insert(start);
    *slot = (*slot).max(start);
    loop {
        let candidate = if digits > 0 {
            format!("{prefix}{:0width$}", *slot)
        } else {
            format!("{id}-{}", *slot)
        };
        *slot += 1;
        if study.find(&candidate).is_none() {
            return candidate;
        }
    }
}

/// A value in a column of type `ty`: a number in a label column becomes its text.
fn convert(v: &Value, ty: AttrType) -> Value {
    match (v, ty) {
        (Value::Number(x), AttrType::Categorical | AttrType::Text) => {
            Value::Text(attribute_format_number(*x))
        }
        _ => v.clone(),
    }
}

/// The column `name` of type `ty` (a node column, or a tie column when `nodes` is false),
/// declared if new. When waves disagree on its type the column becomes categorical (text
/// when either is text), its numbers written as text; returns the column and its type.
fn ensure_column(
    study: &mut Study,
    name: &str,
    ty: AttrType,
    nodes: bool,
) -> Result<(usize, AttrType), WaveError> {
    let declared = if nodes {
        study.declare_node_attribute(name, ty)
    } else {
        study.declare_tie_attribute(name, ty)
    };
    match declared {
        Ok(i) => Ok((i, ty)),
        Err(StudyError::AttributeType { existing, .. }) => {
            let merged = if existing == AttrType::Text || ty == AttrType::Text {
                AttrType::Text
            } else {
                AttrType::Categorical
            };
            let old = if nodes {
                study.node_attribute(name)
            } else {
                study.tie_attribute(name)
            };
            if let Some(old) = old.filter(|_| existing != merged) {
                let mut column = Attribute::new(name, merged, old.values().len());
                for (i, v) in old.values().iter().enumerate() {
                    if let Some(v) = v {
                        column.set(i, Some(convert(v, merged)));
                    }
                }
                if nodes {
                    study.put_node_attribute(column);
                } else {
                    study.put_tie_attribute(column);
                }
            }
            let i = if nodes {
                study.declare_node_attribute(name, merged)?
            } else {
                study.declare_tie_attribute(name, merged)?
            };
            Ok((i, merged))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waves::{responded, wave_view};

    /// A tiny survey-like wave: respondents R1, R2 (and R3 when `r3`), alters named.
    fn wave(named: &[(&str, &str)], r3: bool, wellbeing: &[(&str, f64)]) -> Study {
        let mut s = Study::new(true);
        for (id, label) in [("R1", "Ann Lee"), ("R2", "Bo Li")] {
            s.add_node(id, label, NodeKind::Respondent).unwrap();
        }
        if r3 {
            s.add_node("R3", "Cy Oh", NodeKind::Respondent).unwrap();
        }
        let col = s
            .declare_node_attribute("wemwbs", AttrType::Numeric)
            .unwrap();
        for (id, x) in wellbeing {
            let n = s.find(id).unwrap();
            s.set_node_value(col, n, Some(Value::Number(*x)));
        }
        let mut next = 0;
        for (from, to) in named {
            let src = s.find(from).unwrap();
            let dst = match s.nodes().iter().position(|n| n.label == *to) {
                Some(i) => NodeId(i as u32),
                None => {
                    next += 1;
                    s.add_node(format!("A{next:03}"), *to, NodeKind::Alter)
                        .unwrap()
                }
            };
            s.connect(src, dst).unwrap();
        }
        s
    }

    #[test]
    fn people_match_by_id_and_name_and_order_is_stable() {
        let w1 = wave(
            &[("R1", "Bo Li"), ("R2", "David Okafor")],
            false,
            &[("R1", 40.0), ("R2", 50.0)],
        );
        // Wave 2: the alter numbering differs, R3 is new, and R1 names David too.
        let w2 = wave(
            &[
                ("R1", "Zed Alter"),
                ("R1", "david  okafor"),
                ("R3", "Ann Lee"),
            ],
            true,
            &[("R1", 45.0), ("R3", 30.0)],
        );
        let (s, reports) =
            combine_with_reports(vec![("baseline".into(), w1.clone()), ("post".into(), w2)])
                .unwrap();
        let ids: Vec<&str> = s.nodes().iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["R1", "R2", "A001", "R3", "A002"]);
        assert_eq!(s.nodes()[4].label, "Zed Alter");
        assert_eq!(reports[1].by_id, 2);
        assert_eq!(reports[1].by_name, 1);
        assert_eq!(reports[1].new_nodes, 2);
        assert_eq!(crate::waves::wave_names(&s), ["baseline", "post"]);
        assert_eq!(
            responded(&s, "post").unwrap(),
            [true, true, false, true, false]
        );
        let w = s.node_attribute("wemwbs@baseline").unwrap();
        assert_eq!(w.value(0), Some(&Value::Number(40.0)));
        // Plain wemwbs is the last known value.
        let plain = s.node_attribute("wemwbs").unwrap();
        assert_eq!(plain.value(0), Some(&Value::Number(45.0)));
        assert_eq!(plain.value(1), Some(&Value::Number(50.0)));
        // The view of baseline has every node, baseline ties and baseline values.
        let v = wave_view(&s, "baseline").unwrap();
        assert_eq!(v.node_count(), s.node_count());
        assert_eq!(v.tie_count(), 2);
        assert_eq!(
            v.node_attribute("wemwbs").unwrap().value(0),
            Some(&Value::Number(40.0))
        );
        assert_eq!(v.node_attribute("wemwbs").unwrap().value(3), None);
        assert!(matches!(
            wave_view(&s, "interim"),
            Err(WaveError::UnknownWave { .. })
        ));
    }

    #[test]
    fn a_merge_in_one_wave_matches_the_variant_in_the_next() {
        let mut w1 = wave(&[("R1", "David Okafor"), ("R2", "Dave O.")], false, &[]);
        let keep = w1.find("A001").unwrap();
        let absorb = w1.find("A002").unwrap();
        w1.merge_nodes(keep, &[absorb], 0.9, vec!["nickname".into()], false)
            .unwrap();
        let w2 = wave(&[("R2", "Dave O.")], false, &[]);
        let (s, reports) = combine_with_reports(vec![("1".into(), w1), ("2".into(), w2)]).unwrap();
        assert_eq!(s.node_count(), 3, "{:?}", s.nodes());
        assert_eq!(reports[1].by_merge, 1);
        let david = s.find("A001").unwrap();
        assert_eq!(s.ties().iter().filter(|t| t.target == david).count(), 3);
        assert_eq!(s.merges().len(), 1);
    }

    #[test]
    fn an_alter_who_answers_becomes_a_respondent_in_place() {
        let w1 = wave(&[("R1", "Cy Oh")], false, &[]);
        let w2 = wave(&[], true, &[]);
        let s = combine(vec![("1".into(), w1), ("2".into(), w2)]).unwrap();
        assert_eq!(s.node_count(), 3);
        let cy = &s.nodes()[2];
        assert_eq!((cy.id.as_str(), cy.kind), ("R3", NodeKind::Respondent));
        assert_eq!(s.find("R3"), Some(NodeId(2)));
    }

    #[test]
    fn adding_checks_names_and_waves() {
        let mut s = name_wave(wave(&[], false, &[]), "1").unwrap();
        let w = wave(&[], false, &[]);
        assert_eq!(
            add_wave(&mut s, "1", &w),
            Err(WaveError::DuplicateWave("1".into()))
        );
        assert!(matches!(
            add_wave(&mut s, "a@b", &w),
            Err(WaveError::BadName(_))
        ));
        let mut plain = wave(&[], false, &[]);
        assert_eq!(add_wave(&mut plain, "2", &w), Err(WaveError::NoWaves));
        assert_eq!(combine(vec![]), Err(WaveError::Empty));
    }

    #[test]
    fn free_ids_raise_the_number() {
        let s = wave(&[("R1", "X"), ("R1", "Y")], false, &[]);
        let mut next = HashMap::new();
        assert_eq!(free_id(&s, "A001", &mut next), "A003");
        assert_eq!(free_id(&s, "A002", &mut next), "A004");
        assert_eq!(free_id(&s, "Q7", &mut next), "Q7");
    }
}
