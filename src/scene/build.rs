//! Building a [`Scene`] from a study, a layout, metrics and a view.

use std::collections::BTreeMap;

use super::change::TieClass;
use super::labels::{Occupancy, place};
use super::palette::{self, Color};
use super::text;
use super::view::{Filter, FilterMode, Highlight, Labels, View};
use super::{Anchor, Mark, NodeMetrics, Scene, SceneError, Shape, Stroke};
use crate::layout::{Layout, Point, Rect};
use crate::model::{AttrType, NodeKind, Study};
use crate::privacy::Pseudonyms;

/// Typographic sizes in points (multiplied by the canvas unit).
pub(super) const TITLE: f32 = 15.0;
pub(super) const HEADING: f32 = 8.5;
const BODY: f32 = 8.0;
pub(super) const CAPTION: f32 = 7.5;
pub(super) const MARGIN: f32 = 22.0;
/// Extra width, in points, of a tie gained since the previous panel.
const GAINED_EXTRA: f32 = 0.6;

/// The dashed line of a tie lost since the previous panel.
pub(super) fn lost_stroke(u: f32) -> Stroke {
    Stroke {
        color: palette::TIE_LOST,
        width: 0.9 * u,
        dash: Some((2.6 * u, 1.8 * u)),
    }
}

/// The line of a tie gained since the previous panel (at the narrowest tie width).
pub(super) fn gained_stroke(u: f32) -> Stroke {
    Stroke::solid(palette::TIE_GAINED, (0.6 + GAINED_EXTRA) * u)
}

/// Values, by metric or attribute name, that colour and size rules take their classes from
/// instead of the study's own: panels of one figure pool theirs, so that a colour or a size
/// means the same value in every panel.
#[derive(Debug, Clone, Default)]
pub(super) struct Domains {
    numeric: BTreeMap<String, Vec<Option<f64>>>,
    categorical: BTreeMap<String, Vec<Option<String>>>,
}

impl Domains {
    /// Pools the values of `name` (a metric or an attribute) over the panels' studies; a name
    /// some panel does not know is left out.
    pub(super) fn pool(&mut self, panels: &[(&Study, &NodeMetrics)], name: &str) {
        let (mut numbers, mut texts) = (Vec::new(), Vec::new());
        for (study, metrics) in panels {
            match column(study, metrics, name, "colour") {
                Ok(Column::Numeric(v)) => numbers.extend(v),
                Ok(Column::Categorical(v)) => texts.extend(v),
                Err(_) => return,
            }
        }
        if !numbers.is_empty() {
            self.numeric.insert(name.to_string(), numbers);
        }
        if !texts.is_empty() {
            self.categorical.insert(name.to_string(), texts);
        }
    }
}

/// The values whose range a numeric rule for `name` spans: the pooled ones when given.
fn domain<'a>(
    domains: Option<&'a Domains>,
    name: &str,
    own: &'a [Option<f64>],
) -> &'a [Option<f64>] {
    domains
        .and_then(|d| d.numeric.get(name))
        .map_or(own, Vec::as_slice)
}

/// How one panel of a multi-panel figure is drawn (see [`super::waves`]): where its
/// network goes, the layout box all panels share, and how its ties compare with the
/// previous panel's.
pub(super) struct Panel<'a> {
    /// The page area the network is fitted into.
    pub plot: Rect,
    /// The layout-unit box fitted into `plot`; the same for every panel, so that a node sits
    /// at the same spot in each.
    pub bbox: Rect,
    /// Pooled values for colour and size rules.
    pub domains: &'a Domains,
    /// Class of each tied pair (smaller index first) against the previous panel; pairs not
    /// listed are ordinary ties.
    pub classes: &'a BTreeMap<(usize, usize), TieClass>,
    /// Pairs tied in the previous panel but not in this one, drawn dashed (smaller index
    /// first).
    pub lost: &'a [(usize, usize)],
    /// Whether the view's callouts are drawn in this panel.
    pub callouts: bool,
    /// Metrics that rank nodes for labelling (those of all waves together), so that every
    /// panel names the same people.
    pub label_metrics: &'a NodeMetrics,
    /// Stop once the legend rows are known (nothing is drawn).
    pub legend_only: bool,
    /// Opacity multipliers of ties by pair (smaller index first), for the frames of an
    /// animation between waves; pairs not listed are drawn as usual, pairs at 0 not at all.
    pub tie_opacity: Option<&'a BTreeMap<(usize, usize), f32>>,
}

/// How a node is shown, after the view's filters and ego highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Vis {
    /// Left out, with its ties.
    Hidden,
    /// Drawn faint and grey, as context.
    Faded,
    /// Drawn in full.
    Shown,
}

/// Values of a metric or attribute, one per node.
enum Column {
    Numeric(Vec<Option<f64>>),
    Categorical(Vec<Option<String>>),
}

fn known_names(study: &Study, metrics: &NodeMetrics) -> String {
    let mut names: Vec<String> = study
        .node_attributes()
        .iter()
        .map(|a| a.name().to_string())
        .collect();
    names.extend(metrics.values.keys().cloned());
    names.join(", ")
}

/// Looks `name` up as a metric first, then as a node attribute.
fn column(
    study: &Study,
    metrics: &NodeMetrics,
    name: &str,
    role: &'static str,
) -> Result<Column, SceneError> {
    if let Some(v) = metrics.metric(name) {
        return Ok(Column::Numeric(v.to_vec()));
    }
    let Some(a) = study.node_attribute(name) else {
        return Err(SceneError::UnknownName {
            role,
            name: name.to_string(),
            known: known_names(study, metrics),
        });
    };
    Ok(match a.ty() {
        AttrType::Numeric => Column::Numeric(
            a.values()
                .iter()
                .map(|v| v.as_ref().and_then(|x| x.as_number()))
                .collect(),
        ),
        AttrType::Categorical | AttrType::Text => Column::Categorical(
            a.values()
                .iter()
                .map(|v| v.as_ref().map(|x| x.to_string()))
                .collect(),
        ),
    })
}

fn numeric(
    study: &Study,
    metrics: &NodeMetrics,
    name: &str,
    role: &'static str,
) -> Result<Vec<Option<f64>>, SceneError> {
    match column(study, metrics, name, role)? {
        Column::Numeric(v) => Ok(v),
        Column::Categorical(_) => Err(SceneError::NotNumeric {
            role,
            name: name.to_string(),
        }),
    }
}

fn range(values: &[Option<f64>]) -> Option<(f64, f64)> {
    let mut it = values.iter().flatten().filter(|x| x.is_finite());
    let first = *it.next()?;
    Some(it.fold((first, first), |(lo, hi), &x| (lo.min(x), hi.max(x))))
}

/// Node radii relative to the smallest (1 to 3), from the view's size rule: the area grows
/// with the size metric. The layout uses these as node discs, so that prevent-overlap and
/// the drawn sizes agree.
pub fn relative_radii(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
) -> Result<Vec<f32>, SceneError> {
    relative_radii_in(study, metrics, view, None)
}

/// [`relative_radii`] over the range of the pooled values when `domains` has them.
pub(super) fn relative_radii_in(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
    domains: Option<&Domains>,
) -> Result<Vec<f32>, SceneError> {
    let n = study.node_count();
    let Some(name) = &view.size_by else {
        return Ok(study
            .nodes()
            .iter()
            .map(|node| {
                if node.kind == NodeKind::Alter {
                    1.2
                } else {
                    1.5
                }
            })
            .collect());
    };
    let values = numeric(study, metrics, name, "size")?;
    let (lo, hi) = range(domain(domains, name, &values)).unwrap_or((0.0, 0.0));
    Ok((0..n)
        .map(|i| match values.get(i).copied().flatten() {
            Some(v) if hi > lo => 1.0 + 2.0 * (((v - lo) / (hi - lo)).sqrt() as f32),
            Some(_) => 1.5,
            None => 1.0,
        })
        .collect())
}

/// Formats a number for the legend: integers plainly, others with two significant
/// decimals at most.
fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Rounds to one significant figure (two below 10), for legend samples.
fn nice(x: f64) -> f64 {
    if x.abs() < 1e-12 {
        return 0.0;
    }
    let mag = 10f64.powf(x.abs().log10().floor());
    let step = if x.abs() < 10.0 { mag / 10.0 } else { mag };
    (x / step).round() * step
}

/// Turns `employment_status` into "Employment status".
fn pretty(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

/// One legend row: a swatch and its text.
#[derive(Debug, Clone)]
pub(super) enum Swatch {
    Heading,
    Node {
        mark: Mark,
        fill: Option<Color>,
        stroke: Option<Stroke>,
        radius: f32,
    },
    Line(Stroke),
    /// A size sample: a disc of this relative radius times the node scale.
    Sized(f32),
}

/// A legend row.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// What is drawn before the text.
    pub swatch: Swatch,
    /// The text, with a count in brackets at its end where it has one.
    pub text: String,
}

/// Colour of every node and the legend rows that explain it.
struct Coloring {
    colors: Vec<Color>,
    rows: Vec<Row>,
}

fn count_label(text: &str, n: usize) -> String {
    format!("{text} ({n})")
}

fn coloring(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
    vis: &[Vis],
    unit: f32,
    domains: Option<&Domains>,
) -> Result<Coloring, SceneError> {
    let n = study.node_count();
    let Some(name) = &view.color_by else {
        return Ok(Coloring {
            colors: vec![palette::NEUTRAL; n],
            rows: Vec::new(),
        });
    };
    let swatch = |c: Color| Swatch::Node {
        mark: Mark::Circle,
        fill: Some(c),
        stroke: Some(Stroke::solid(palette::MUTED, 0.3 * unit)),
        radius: 3.2 * unit,
    };
    let shown = |i: usize| vis[i] == Vis::Shown;
    let mut rows = vec![Row {
        swatch: Swatch::Heading,
        text: pretty(name),
    }];
    let mut colors = vec![palette::MISSING; n];
    match column(study, metrics, name, "colour")? {
        Column::Categorical(values) => {
            // Colours are given over the whole study (so a filtered figure keeps them);
            // with more categories than colours the rarest share "other".
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            let pooled = domains
                .and_then(|d| d.categorical.get(name))
                .map_or(&values[..], Vec::as_slice);
            for v in pooled.iter().flatten() {
                *counts.entry(v.as_str()).or_default() += 1;
            }
            let mut by_size: Vec<(&str, usize)> = counts.into_iter().collect();
            by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let cap = palette::CATEGORICAL.len();
            let keep = if by_size.len() > cap { cap - 1 } else { cap };
            let mut kept: Vec<&str> = by_size.iter().take(keep).map(|c| c.0).collect();
            kept.sort_by(|a, b| natural(a, b));
            let index: BTreeMap<&str, usize> =
                kept.iter().enumerate().map(|(k, c)| (*c, k)).collect();
            let mut shown_counts = vec![0usize; kept.len()];
            let (mut other, mut missing) = (0usize, 0usize);
            for i in 0..n {
                match values[i].as_deref() {
                    Some(v) => match index.get(v) {
                        Some(&k) => {
                            colors[i] = palette::categorical(k);
                            if shown(i) {
                                shown_counts[k] += 1;
                            }
                        }
                        None => {
                            colors[i] = palette::OTHER;
                            if shown(i) {
                                other += 1;
                            }
                        }
                    },
                    None => {
                        if shown(i) {
                            missing += 1;
                        }
                    }
                }
            }
            for (k, c) in kept.iter().enumerate() {
                if shown_counts[k] > 0 {
                    rows.push(Row {
                        swatch: swatch(palette::categorical(k)),
                        text: count_label(c, shown_counts[k]),
                    });
                }
            }
            if other > 0 {
                rows.push(Row {
                    swatch: swatch(palette::OTHER),
                    text: count_label("Other", other),
                });
            }
            if missing > 0 {
                rows.push(Row {
                    swatch: swatch(palette::MISSING),
                    text: count_label("No value", missing),
                });
            }
        }
        Column::Numeric(values) => {
            let pooled = domain(domains, name, &values);
            let Some((lo, hi)) = range(pooled) else {
                return Ok(Coloring { colors, rows });
            };
            let mut distinct: Vec<f64> = pooled.iter().flatten().copied().collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            let classes = palette::SEQUENTIAL.len();
            // Few distinct values get a class each; otherwise five equal-width classes.
            let bounds: Vec<(f64, f64)> = if distinct.len() <= classes {
                distinct.iter().map(|&v| (v, v)).collect()
            } else {
                let step = (hi - lo) / classes as f64;
                (0..classes)
                    .map(|k| (lo + step * k as f64, lo + step * (k + 1) as f64))
                    .collect()
            };
            let class_of = |v: f64| {
                if distinct.len() <= classes {
                    distinct.iter().position(|&d| d == v).unwrap_or(0)
                } else {
                    (((v - lo) / (hi - lo) * classes as f64) as usize).min(classes - 1)
                }
            };
            let color_of = |k: usize, m: usize| {
                // Spread few classes across the whole scale.
                let idx = if m <= 1 {
                    classes / 2
                } else {
                    k * (classes - 1) / (m - 1)
                };
                palette::SEQUENTIAL[idx.min(classes - 1)]
            };
            let mut shown_counts = vec![0usize; bounds.len()];
            let mut missing = 0usize;
            for i in 0..n {
                match values[i] {
                    Some(v) if v.is_finite() => {
                        let k = class_of(v);
                        colors[i] = color_of(k, bounds.len());
                        if shown(i) {
                            shown_counts[k] += 1;
                        }
                    }
                    _ => {
                        if shown(i) {
                            missing += 1;
                        }
                    }
                }
            }
            for (k, (a, b)) in bounds.iter().enumerate() {
                let label = if a == b {
                    num(*a)
                } else {
                    format!("{}\u{2013}{}", num(*a), num(*b))
                };
                rows.push(Row {
                    swatch: swatch(color_of(k, bounds.len())),
                    text: count_label(&label, shown_counts[k]),
                });
            }
            if missing > 0 {
                rows.push(Row {
                    swatch: swatch(palette::MISSING),
                    text: count_label("No value", missing),
                });
            }
        }
    }
    Ok(Coloring { colors, rows })
}

/// Compares strings with digit runs as numbers, so "age 9" sorts before "age 10".
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| -> Vec<(u8, u64, String)> {
        let mut out = Vec::new();
        let mut digits = String::new();
        let mut other = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                if !other.is_empty() {
                    out.push((1, 0, std::mem::take(&mut other).to_lowercase()));
                }
                digits.push(c);
            } else {
                if !digits.is_empty() {
                    out.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
                    digits.clear();
                }
                other.push(c);
            }
        }
        if !digits.is_empty() {
            out.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
        }
        if !other.is_empty() {
            out.push((1, 0, other.to_lowercase()));
        }
        out
    };
    key(a).cmp(&key(b)).then(a.cmp(b))
}

fn passes(study: &Study, metrics: &NodeMetrics, filter: &Filter) -> Result<Vec<bool>, SceneError> {
    let n = study.node_count();
    match filter {
        Filter::Values { attribute, values } => {
            let col = column(study, metrics, attribute, "filter")?;
            Ok((0..n)
                .map(|i| match &col {
                    Column::Categorical(v) => v[i]
                        .as_deref()
                        .is_some_and(|x| values.iter().any(|w| w.trim() == x.trim())),
                    Column::Numeric(v) => v[i].is_some_and(|x| {
                        values
                            .iter()
                            .any(|w| w.trim().parse::<f64>().is_ok_and(|y| y == x))
                    }),
                })
                .collect())
        }
        Filter::Range { name, min, max } => {
            let v = numeric(study, metrics, name, "filter")?;
            Ok((0..n)
                .map(|i| {
                    v[i].is_some_and(|x| min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m))
                })
                .collect())
        }
    }
}

fn describe(filter: &Filter) -> String {
    match filter {
        Filter::Values { attribute, values } => {
            format!("{} is {}", pretty(attribute), values.join(" or "))
        }
        Filter::Range { name, min, max } => match (min, max) {
            (Some(a), Some(b)) => format!("{} {}\u{2013}{}", pretty(name), num(*a), num(*b)),
            (Some(a), None) => format!("{} at least {}", pretty(name), num(*a)),
            (None, Some(b)) => format!("{} at most {}", pretty(name), num(*b)),
            (None, None) => pretty(name),
        },
    }
}

/// The counts sentence of the automatic caption: "n = 150 respondents, 40 alters and 12
/// places or groups; 310 ties (directed)", with what the filters show.
pub fn counts_sentence(study: &Study, view: &View) -> String {
    let mut s = format!(
        "n = {}; {} ties{}",
        node_counts(study),
        study.tie_count(),
        if study.directed { " (directed)" } else { "" }
    );
    s.push_str(&filters_phrase(view));
    s
}

/// "150 respondents, 40 alters, 12 places or groups", or "34 nodes" when all are
/// respondents.
pub(super) fn node_counts(study: &Study) -> String {
    let mut kinds: Vec<String> = Vec::new();
    // Who takes no part in the network shown (another wave, another relation) is not counted.
    let left_out = crate::model::presence::left_out(study);
    let count = |k: &[NodeKind]| {
        study
            .nodes()
            .iter()
            .enumerate()
            .filter(|(i, n)| k.contains(&n.kind) && !left_out.get(*i).copied().unwrap_or(false))
            .count()
    };
    let (r, a, p) = (
        count(&[NodeKind::Respondent]),
        count(&[NodeKind::Alter]),
        count(&[NodeKind::Place, NodeKind::Group]),
    );
    if a == 0 && p == 0 {
        kinds.push(format!("{r} nodes"));
    } else {
        for (c, what) in [(r, "respondents"), (a, "alters"), (p, "places or groups")] {
            if c > 0 {
                kinds.push(format!("{c} {what}"));
            }
        }
    }
    kinds.join(", ")
}

/// ". Nodes shown: Gender is woman" for a view with filters, else nothing.
pub(super) fn filters_phrase(view: &View) -> String {
    if view.filters.is_empty() {
        return String::new();
    }
    let what: Vec<String> = view.filters.iter().map(describe).collect();
    let how = match view.filter_mode {
        FilterMode::Hide => "shown",
        FilterMode::Fade => "highlighted",
    };
    format!(". Nodes {how}: {}", what.join("; "))
}

/// Shown nodes in labelling order (brokers and the ego first, then by the label metric),
/// how many the view asks to label, and how many must be labelled whatever the view says.
fn label_ranking(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
    vis: &[Vis],
    flags: &[Vec<&Highlight>],
) -> (Vec<usize>, usize, usize) {
    let n = study.node_count();
    let drawn: Vec<usize> = (0..n).collect();
    let shown: Vec<usize> = drawn
        .iter()
        .copied()
        .filter(|&i| vis[i] == Vis::Shown)
        .collect();
    let rank_name = view
        .label_by
        .clone()
        .or_else(|| view.size_by.clone())
        .unwrap_or_else(|| "degree".to_string());
    let rank = numeric(study, metrics, &rank_name, "labels").unwrap_or_else(|_| vec![None; n]);
    let mut ranked = shown.clone();
    let broker = |i: usize| {
        flags[i]
            .iter()
            .any(|h| matches!(h, Highlight::Brokers | Highlight::Ego(_)))
    };
    ranked.sort_by(|&a, &b| {
        broker(b)
            .cmp(&broker(a))
            .then(
                rank[b]
                    .unwrap_or(f64::MIN)
                    .total_cmp(&rank[a].unwrap_or(f64::MIN)),
            )
            .then(a.cmp(&b))
    });
    let k = match view.labels {
        Labels::None => 0,
        Labels::All => ranked.len(),
        Labels::Top(k) => k,
        Labels::Auto => {
            if ranked.len() <= 40 {
                ranked.len()
            } else {
                15
            }
        }
    };
    let forced = ranked.iter().take_while(|&&i| broker(i)).count();
    (ranked, k, forced)
}

/// The highlights each shown node carries (in view order), and the bridges to draw heavy.
#[allow(clippy::type_complexity)]
fn highlight_sets<'a>(
    view: &'a View,
    metrics: &NodeMetrics,
    vis: &[Vis],
    ego: Option<usize>,
) -> (Vec<Vec<&'a Highlight>>, Vec<(usize, usize)>) {
    let n = vis.len();
    let mut flags: Vec<Vec<&Highlight>> = vec![Vec::new(); n];
    let mut bridge_pairs: Vec<(usize, usize)> = Vec::new();
    for h in &view.highlights {
        let set: Vec<usize> = match h {
            Highlight::Isolates => metrics.isolates.iter().map(|x| x.index()).collect(),
            Highlight::Brokers => metrics.brokers.iter().map(|x| x.index()).collect(),
            Highlight::CutPoints => metrics.cut_points.iter().map(|x| x.index()).collect(),
            Highlight::Ego(_) => ego.into_iter().collect(),
            Highlight::Bridges => {
                bridge_pairs = metrics
                    .bridges
                    .iter()
                    .map(|(a, b)| (a.index().min(b.index()), a.index().max(b.index())))
                    .collect();
                // Sorted, so that drawing can look a tie up by binary search.
                bridge_pairs.sort_unstable();
                bridge_pairs.dedup();
                Vec::new()
            }
        };
        for i in set {
            if i < n && vis[i] == Vis::Shown {
                flags[i].push(h);
            }
        }
    }

    (flags, bridge_pairs)
}

fn visibility(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
) -> Result<(Vec<Vis>, Option<usize>), SceneError> {
    let n = study.node_count();
    let mut vis = crate::model::presence::left_out(study)
        .into_iter()
        .map(|out| if out { Vis::Hidden } else { Vis::Shown })
        .collect::<Vec<_>>();
    vis.resize(n, Vis::Shown);
    for f in &view.filters {
        let ok = passes(study, metrics, f)?;
        for i in 0..n {
            if !ok[i] && vis[i] == Vis::Shown {
                vis[i] = match view.filter_mode {
                    FilterMode::Hide => Vis::Hidden,
                    FilterMode::Fade => Vis::Faded,
                };
            }
        }
    }
    let mut ego: Option<usize> = None;
    for h in &view.highlights {
        if let Highlight::Ego(id) = h {
            let Some(e) = study.find(id) else {
                return Err(SceneError::UnknownNode {
                    role: "ego network",
                    id: id.clone(),
                });
            };
            let mut inside = vec![false; n];
            inside[e.index()] = true;
            for _ in 0..view.ego_steps.max(1) {
                let before = inside.clone();
                for t in study.ties() {
                    let (a, b) = (t.source.index(), t.target.index());
                    if before[a] {
                        inside[b] = true;
                    }
                    if before[b] {
                        inside[a] = true;
                    }
                }
            }
            for i in 0..n {
                if !inside[i] && vis[i] == Vis::Shown {
                    vis[i] = Vis::Faded;
                }
            }
            ego = Some(e.index());
        }
    }

    Ok((vis, ego))
}

/// The mark of a node of `kind` under `view`'s shape rule.
fn mark(view: &View, kind: NodeKind) -> Mark {
    if !view.shape_by_kind {
        return Mark::Circle;
    }
    match kind {
        NodeKind::Respondent => Mark::Circle,
        NodeKind::Alter => Mark::Diamond,
        NodeKind::Place | NodeKind::Group => Mark::Square,
    }
}

/// How one node is drawn, by the same rules [`build`] uses for figures, so that an
/// interactive canvas shows what an export will.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeStyle {
    /// Shown, faded or hidden by the filters and the ego highlight.
    pub vis: Vis,
    /// Fill colour (already grey when faded).
    pub fill: Color,
    /// Outline colour.
    pub outline: Color,
    /// Radius relative to the smallest node (1 to 3).
    pub radius: f32,
    /// The mark.
    pub mark: Mark,
    /// Highlight rings from the inside out, widths for a unit of 1.
    pub rings: Vec<Stroke>,
    /// The name to write beside the node, when the label rule picks it.
    pub label: Option<String>,
}

/// Node styles and the colour legend of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeStyles {
    /// One per node, in node order.
    pub nodes: Vec<NodeStyle>,
    /// Colour legend rows: a heading (no colour) then one row per colour with its count.
    pub legend: Vec<(Option<Color>, String)>,
    /// Ties to draw heavy as bridges, as node index pairs (smaller first), sorted.
    pub bridges: Vec<(usize, usize)>,
}

/// The ties of a study as drawn: one per pair of nodes, weights summed, with the
/// directions present, so the canvas and the exported figure draw the same lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TiePair {
    /// The smaller node index.
    pub a: usize,
    /// The larger node index.
    pub b: usize,
    /// The summed absolute weight of the ties between them.
    pub weight: f64,
    /// A directed tie runs from `a` to `b`.
    pub forward: bool,
    /// A directed tie runs from `b` to `a`.
    pub backward: bool,
    /// An undirected tie joins them (no arrowheads then).
    pub undirected: bool,
}

/// The ties of `study` merged per pair of nodes, sorted by pair; loops are left out.
pub fn tie_pairs(study: &Study) -> Vec<TiePair> {
    let n = study.node_count();
    let mut pairs: BTreeMap<(usize, usize), TiePair> = BTreeMap::new();
    for t in study.ties() {
        let (a, b) = (t.source.index(), t.target.index());
        if a == b || a >= n || b >= n {
            continue;
        }
        let e = pairs.entry((a.min(b), a.max(b))).or_insert(TiePair {
            a: a.min(b),
            b: a.max(b),
            weight: 0.0,
            forward: false,
            backward: false,
            undirected: false,
        });
        e.weight += t.weight.abs();
        if t.directed {
            if a < b {
                e.forward = true;
            } else {
                e.backward = true;
            }
        } else {
            e.undirected = true;
        }
    }
    pairs.into_values().collect()
}

/// Opacity of ordinary tie lines when `visible_ties` are drawn: many ties would merge into a
/// grey cloud, so they lighten as they multiply (the canvas uses the same rule).
pub fn tie_opacity(visible_ties: usize) -> f32 {
    (0.75 * (250.0 / visible_ties.max(1) as f32).sqrt()).clamp(0.18, 0.7)
}

/// The lowest and highest pair weight, for drawing width by weight ((1, 1) when none).
pub fn tie_weight_range(pairs: &[TiePair]) -> (f64, f64) {
    let weights: Vec<Option<f64>> = pairs.iter().map(|p| Some(p.weight)).collect();
    range(&weights).unwrap_or((1.0, 1.0))
}

/// Styles every node of `study` by `view` (see [`NodeStyle`]).
pub fn node_styles(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
) -> Result<NodeStyles, SceneError> {
    check_private(study, view)?;
    let n = study.node_count();
    let names = Pseudonyms::new(study);
    let (vis, ego) = visibility(study, metrics, view)?;
    let coloring = coloring(study, metrics, view, &vis, 1.0, None)?;
    let rel = relative_radii(study, metrics, view)?;
    let (flags, bridges) = highlight_sets(view, metrics, &vis, ego);
    let (ranked, k, forced) = label_ranking(study, metrics, view, &vis, &flags);
    let mut labelled = vec![false; n];
    for &i in ranked.iter().take(k.max(forced)) {
        labelled[i] = true;
    }
    let nodes = study
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let faded = vis[i] == Vis::Faded;
            let missing = coloring.colors[i] == palette::MISSING;
            NodeStyle {
                vis: vis[i],
                fill: if faded {
                    palette::FADED
                } else {
                    coloring.colors[i]
                },
                outline: if missing && !faded {
                    palette::MUTED
                } else {
                    palette::BACKGROUND
                },
                radius: rel[i],
                mark: mark(view, node.kind),
                rings: flags[i].iter().map(|h| ring_stroke(h, 1.0)).collect(),
                label: labelled[i].then(|| names.shown(study, i, view.anonymise).to_string()),
            }
        })
        .collect();
    let legend = coloring
        .rows
        .iter()
        .map(|r| match &r.swatch {
            Swatch::Node { fill, .. } => (*fill, r.text.clone()),
            _ => (None, r.text.clone()),
        })
        .collect();
    Ok(NodeStyles {
        nodes,
        legend,
        bridges,
    })
}

/// With names hidden, refuses a view that would show an identifying column (colour, size,
/// label or filter by a name, postcode, phone number...): its values would reach the
/// legend, the labels or the caption.
pub(super) fn check_private(study: &Study, view: &View) -> Result<(), SceneError> {
    if !view.anonymise {
        return Ok(());
    }
    let mut named: Vec<(&'static str, &str)> = Vec::new();
    for (role, name) in [
        ("colour", &view.color_by),
        ("size", &view.size_by),
        ("labels", &view.label_by),
    ] {
        if let Some(n) = name {
            named.push((role, n));
        }
    }
    for f in &view.filters {
        match f {
            Filter::Values { attribute, .. } => named.push(("filter", attribute)),
            Filter::Range { name, .. } => named.push(("filter", name)),
        }
    }
    if named.iter().all(|(_, n)| study.node_attribute(n).is_none()) {
        return Ok(());
    }
    for v in crate::privacy::classify(study) {
        if v.tie || v.identifying.is_none() {
            continue;
        }
        if let Some((role, _)) = named.iter().find(|(_, n)| *n == v.column) {
            return Err(SceneError::Identifying {
                role,
                name: v.column.clone(),
                reason: v.reason(),
            });
        }
    }
    Ok(())
}

/// Draws the study: see the module docs of [`crate::scene`].
pub fn build(
    study: &Study,
    layout: &Layout,
    metrics: &NodeMetrics,
    view: &View,
) -> Result<Scene, SceneError> {
    build_inner(study, layout, metrics, view, None).map(|(scene, _, _)| scene)
}

/// The layout-unit box around what a figure of the study draws: the nodes the view does
/// not hide (with their discs) and any group boxes; `None` when it draws nothing.
pub(super) fn drawn_box(
    study: &Study,
    layout: &Layout,
    metrics: &NodeMetrics,
    view: &View,
    domains: Option<&Domains>,
) -> Result<Option<Rect>, SceneError> {
    let (vis, _) = visibility(study, metrics, view)?;
    let rel = relative_radii_in(study, metrics, view, domains)?;
    let drawn: Vec<usize> = (0..study.node_count())
        .filter(|&i| vis[i] != Vis::Hidden)
        .collect();
    Ok((!drawn.is_empty() || !layout.groups.is_empty()).then(|| fit_box(layout, &drawn, &rel)))
}

/// The radius of a node of relative size 1 when the layout is drawn at `scale` page units
/// per layout unit: node size follows the scale (so nodes keep the gaps the layout left
/// between them) but stays between readable limits.
pub(super) fn node_base(scale: f32, u: f32) -> f32 {
    scale.clamp(2.5 * u, 6.0 * u)
}

/// Spreads the drawn isolates, which the layout keeps in rows under the network, so that
/// their marks and rings never touch: the layout spaced them in its own units, but marks
/// are drawn at least a readable size, which on a large network is more than a layout cell.
/// The rows start where the layout's did, centred on them, and stay inside `plot`.
fn space_isolates(
    study: &Study,
    drawn: &[usize],
    radius: &[f32],
    centre: &mut [Point],
    plot: &Rect,
    u: f32,
) {
    let degree = study.degrees();
    let mut isolates: Vec<usize> = drawn.iter().copied().filter(|&i| degree[i] == 0).collect();
    if isolates.len() < 2 {
        return;
    }
    // Row by row, left to right, as the layout placed them.
    isolates.sort_by(|&a, &b| {
        let (pa, pb) = (centre[a], centre[b]);
        (pa.y.round(), pa.x)
            .partial_cmp(&(pb.y.round(), pb.x))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let biggest = isolates.iter().map(|&i| radius[i]).fold(0.0f32, f32::max);
    // Room for the disc, its highlight ring and a gap.
    let cell = 2.0 * (biggest + 2.5 * u) + 1.5 * u;
    let (mut lo, mut hi, mut top) = (f32::INFINITY, f32::NEG_INFINITY, f32::INFINITY);
    for &i in &isolates {
        lo = lo.min(centre[i].x);
        hi = hi.max(centre[i].x);
        top = top.min(centre[i].y);
    }
    let width = plot.width().max(cell);
    let columns = ((width / cell).floor() as usize).clamp(1, isolates.len());
    let rows = isolates.len().div_ceil(columns);
    // Below the plot's bottom the rows move up; they never start above the plot.
    let top = top
        .min(plot.max.y - (rows as f32 - 0.5) * cell)
        .max(plot.min.y + cell * 0.5);
    let middle = ((lo + hi) * 0.5).clamp(
        plot.min.x + columns as f32 * cell * 0.5,
        plot.max.x - columns as f32 * cell * 0.5,
    );
    for (k, &i) in isolates.iter().enumerate() {
        let (row, col) = (k / columns, k % columns);
        let in_row = if row + 1 == rows {
            isolates.len() - row * columns
        } else {
            columns
        };
        let left = middle - in_row as f32 * cell * 0.5;
        centre[i] = Point::new(left + (col as f32 + 0.5) * cell, top + row as f32 * cell);
    }
}

/// The box around the `drawn` nodes' discs and the layout's group boxes.
fn fit_box(layout: &Layout, drawn: &[usize], rel: &[f32]) -> Rect {
    let mut bb = Rect::around(drawn, &layout.positions, rel);
    for g in &layout.groups {
        bb.min.x = bb.min.x.min(g.rect.min.x);
        bb.min.y = bb.min.y.min(g.rect.min.y);
        bb.max.x = bb.max.x.max(g.rect.max.x);
        bb.max.y = bb.max.y.max(g.rect.max.y);
    }
    bb
}

/// Draws the study as a whole figure, or, with `panel`, only its network into the panel's
/// area (no title, caption or legend). Returns the scene, its legend rows and where each
/// node's centre is on the page.
pub(super) fn build_inner(
    study: &Study,
    layout: &Layout,
    metrics: &NodeMetrics,
    view: &View,
    panel: Option<&Panel<'_>>,
) -> Result<(Scene, Vec<Row>, Vec<Point>), SceneError> {
    let domains = panel.map(|p| p.domains);
    let n = study.node_count();
    let (width, height) = view.canvas.size();
    let u = view.canvas.unit();
    let margin = MARGIN * u;
    check_private(study, view)?;
    let names = Pseudonyms::new(study);
    let display = names.shown_all(study, view.anonymise);
    let scrub = |s: &str| names.shown_text(s, view.anonymise).into_owned();

    let (vis, ego) = visibility(study, metrics, view)?;

    let coloring = coloring(study, metrics, view, &vis, u, domains)?;
    let rel = relative_radii_in(study, metrics, view, domains)?;
    let (flags, bridge_pairs) = highlight_sets(view, metrics, &vis, ego);

    // Page furniture first, so the network gets what is left.
    let mut shapes: Vec<Shape> = Vec::new();
    let title = view.title.as_deref().map(&scrub);
    let caption = scrub(
        &view
            .caption
            .clone()
            .unwrap_or_else(|| counts_sentence(study, view) + "."),
    );
    let Furniture {
        top,
        title_lines,
        caption_lines,
        caption_h,
        bottom,
        ..
    } = furniture(title.as_deref(), &caption, width, height, margin, u);

    let legend = if view.legend {
        legend_rows(
            study,
            metrics,
            view,
            &vis,
            &rel,
            &coloring,
            &flags,
            &bridge_pairs,
            u,
            domains,
        )
    } else {
        Vec::new()
    };
    let legend_rows_scrubbed: Vec<Row> = legend
        .into_iter()
        .map(|r| Row {
            text: scrub(&r.text),
            ..r
        })
        .collect();
    if panel.is_some_and(|p| p.legend_only) {
        let scene = Scene {
            canvas: view.canvas,
            width,
            height,
            title,
            shapes: Vec::new(),
            labels_dropped: 0,
        };
        return Ok((scene, legend_rows_scrubbed, Vec::new()));
    }
    // The legend's width is known from its text; its height waits for the node scale.
    // Long legends may need a second column.
    let legend_col = legend_width(&legend_rows_scrubbed, u, width * 0.28);
    let legend_cols = {
        let guess = row_heights(&legend_rows_scrubbed, u, 6.0 * u, legend_col);
        legend_columns(&legend_rows_scrubbed, &guess, u, bottom - top)
            .0
            .len()
            .max(1)
    };
    let legend_w = legend_col * legend_cols as f32;
    let plot = if let Some(p) = panel {
        p.plot
    } else {
        Rect {
            min: Point::new(margin, top),
            max: Point::new(
                width
                    - margin
                    - if legend_w > 0.0 {
                        legend_w + 14.0 * u
                    } else {
                        0.0
                    },
                bottom,
            ),
        }
    };

    // Fit the drawn nodes (and group boxes) into the plot area.
    let drawn: Vec<usize> = (0..n).filter(|&i| vis[i] != Vis::Hidden).collect();
    let pos = |i: usize| layout.positions.get(i).copied().unwrap_or_default();
    let bb = match panel {
        Some(p) => p.bbox,
        None => fit_box(layout, &drawn, &rel),
    };
    let group_head = 0.0;
    let (bw, bh) = (bb.width().max(1e-3), bb.height().max(1e-3));
    let (pw, ph) = (plot.width(), plot.height() - group_head);
    let fit = |pad: f32| ((pw - 2.0 * pad) / bw).min((ph - 2.0 * pad) / bh).max(1e-6);
    let s0 = fit(0.0);
    let base = node_base(s0, u);
    let scale = fit(3.0 * base - s0.min(3.0 * base) + 2.0 * u);
    let off = Point::new(
        plot.min.x + (pw - bw * scale) * 0.5 - bb.min.x * scale,
        plot.min.y + group_head + (ph - bh * scale) * 0.5 - bb.min.y * scale,
    );
    let to_page = |p: Point| Point::new(off.x + p.x * scale, off.y + p.y * scale);
    let mut centre: Vec<Point> = (0..n).map(|i| to_page(pos(i))).collect();
    let radius: Vec<f32> = (0..n).map(|i| rel[i] * base).collect();
    if panel.is_none() {
        space_isolates(study, &drawn, &radius, &mut centre, &plot, u);
    }

    let group_heads = draw_groups(layout, &to_page, &scrub, &mut shapes, u);
    let placed = Placed {
        vis: &vis,
        centre: &centre,
        radius: &radius,
        flags: &flags,
        drawn: &drawn,
        plot,
        u,
    };
    shapes.extend(draw_ties(study, view, panel, &placed, &bridge_pairs));
    shapes.extend(draw_nodes(view, study, &placed, &coloring.colors));
    let (label_shapes, labels_dropped, mut occ) =
        draw_labels(study, metrics, view, panel, &placed, &display, &group_heads);
    shapes.extend(label_shapes);
    shapes.extend(draw_callouts(
        study, view, panel, &placed, &mut occ, &scrub,
    )?);

    // Legend, title, caption: a panel leaves them to its figure.
    if panel.is_none() {
        if legend_w > 0.0 {
            draw_legend(
                &mut shapes,
                &legend_rows_scrubbed,
                width - margin,
                top,
                legend_col,
                bottom - top,
                base,
                u,
            );
        }
        draw_title_and_caption(
            &mut shapes,
            &title_lines,
            &caption_lines,
            margin,
            margin,
            height - margin - caption_h,
            u,
        );
    }

    Ok((
        Scene {
            canvas: view.canvas,
            width,
            height,
            title,
            shapes,
            labels_dropped,
        },
        legend_rows_scrubbed,
        centre,
    ))
}

/// The group boxes of a grouped layout, named at their top left; returns where the names
/// are, for labels to keep clear of.
fn draw_groups(
    layout: &Layout,
    to_page: &dyn Fn(Point) -> Point,
    scrub: &dyn Fn(&str) -> String,
    out: &mut Vec<Shape>,
    u: f32,
) -> Vec<Rect> {
    let mut group_heads: Vec<Rect> = Vec::new();
    for g in &layout.groups {
        let (a, b) = (to_page(g.rect.min), to_page(g.rect.max));
        out.push(Shape::Rect {
            min: a,
            max: b,
            fill: None,
            stroke: Some(Stroke::solid(palette::FRAME, 0.6 * u)),
            corner: 3.0 * u,
            opacity: 1.0,
        });
        let head = scrub(&format!("{} ({})", g.name, g.count));
        group_heads.push(Rect {
            min: a,
            max: Point::new(
                a.x + 6.0 * u + text::width(&head, BODY * u, true),
                a.y + BODY * u * 1.6,
            ),
        });
        out.push(Shape::Text {
            at: Point::new(a.x + 4.0 * u, a.y + BODY * u * 1.2),
            text: head,
            size: BODY * u,
            bold: true,
            anchor: Anchor::Start,
            color: palette::MUTED,
        });
    }
    group_heads
}

/// Where and how each node is drawn on the page, shared by the ties, nodes, labels and
/// notes drawn over it.
#[derive(Clone, Copy)]
struct Placed<'a> {
    vis: &'a [Vis],
    centre: &'a [Point],
    radius: &'a [f32],
    flags: &'a [Vec<&'a Highlight>],
    /// The nodes drawn (not hidden), in node order.
    drawn: &'a [usize],
    /// The area the network is fitted into.
    plot: Rect,
    /// Page units per point.
    u: f32,
}

/// The ties as drawn: one line per pair of nodes with arrowheads for directed ties, lost
/// ties (in a panel) dashed beneath, then faded, plain, gained and bridge ties in that order.
fn draw_ties(
    study: &Study,
    view: &View,
    panel: Option<&Panel<'_>>,
    placed: &Placed<'_>,
    bridge_pairs: &[(usize, usize)],
) -> Vec<Shape> {
    let Placed {
        vis,
        centre,
        radius,
        flags,
        u,
        ..
    } = *placed;
    let n = vis.len();
    let mut out = Vec::new();
    // Ties: one line per pair of nodes, arrowheads for directed ties.
    let pairs = tie_pairs(study);
    let (wlo, whi) = tie_weight_range(&pairs);
    let visible_ties = pairs
        .iter()
        .filter(|p| vis[p.a] == Vis::Shown && vis[p.b] == Vis::Shown)
        .count();
    // Many ties would merge into a grey cloud: thin and lighten them as they multiply.
    let tie_opacity = tie_opacity(visible_ties);
    let tie_width = |w: f64| {
        if view.width_by_weight && whi > wlo {
            (0.35 + 1.9 * ((w - wlo) / (whi - wlo)) as f32) * u
        } else {
            0.6 * u
        }
    };
    // Lines stop short of the node, and of its rings.
    let ring = |i: usize| {
        radius[i]
            + if flags[i].is_empty() {
                0.4 * u
            } else {
                2.0 * u
            }
    };
    // In a panel, the ties lost since the previous panel: dashed, beneath the others.
    let mut lost_lines = Vec::new();
    for &(a, b) in panel.map_or(&[][..], |p| p.lost) {
        if a >= n || b >= n || vis[a] == Vis::Hidden || vis[b] == Vis::Hidden {
            continue;
        }
        let (pa, pb) = (centre[a], centre[b]);
        let d = pa.distance(pb);
        if d <= radius[a] + radius[b] {
            continue;
        }
        let (ux, uy) = ((pb.x - pa.x) / d, (pb.y - pa.y) / d);
        let faded = vis[a] == Vis::Faded || vis[b] == Vis::Faded;
        lost_lines.push(Shape::Line {
            from: Point::new(pa.x + ux * ring(a), pa.y + uy * ring(a)),
            to: Point::new(pb.x - ux * ring(b), pb.y - uy * ring(b)),
            stroke: lost_stroke(u),
            opacity: if faded { 0.3 } else { 0.8 },
        });
    }
    let mut faded_lines = Vec::new();
    let mut lines = Vec::new();
    let mut gained_lines = Vec::new();
    let mut bridges_drawn = Vec::new();
    for &TiePair {
        a,
        b,
        weight: w,
        forward: ab,
        backward: ba,
        undirected,
    } in &pairs
    {
        if vis[a] == Vis::Hidden || vis[b] == Vis::Hidden {
            continue;
        }
        let faded = vis[a] == Vis::Faded || vis[b] == Vis::Faded;
        let bridge = bridge_pairs.contains(&(a, b)) && !faded;
        let (pa, pb) = (centre[a], centre[b]);
        let d = pa.distance(pb);
        if d <= radius[a] + radius[b] {
            continue;
        }
        let (ux, uy) = ((pb.x - pa.x) / d, (pb.y - pa.y) / d);
        let from = Point::new(pa.x + ux * ring(a), pa.y + uy * ring(a));
        let to = Point::new(pb.x - ux * ring(b), pb.y - uy * ring(b));
        let gained = panel.and_then(|p| p.classes.get(&(a, b))) == Some(&TieClass::Gained);
        let fade = panel
            .and_then(|p| p.tie_opacity)
            .and_then(|o| o.get(&(a, b)).copied())
            .unwrap_or(1.0);
        if fade <= 0.0 {
            continue;
        }
        let (color, width, opacity) = if faded {
            (palette::FADED, 0.5 * u, 0.6)
        } else if bridge {
            (palette::INK, 1.5 * u, 0.9)
        } else if gained {
            (
                palette::TIE_GAINED,
                tie_width(w) + GAINED_EXTRA * u,
                (tie_opacity + 0.3).min(0.95),
            )
        } else {
            (palette::TIE, tie_width(w), tie_opacity)
        };
        let opacity = opacity * fade;
        let mut group = vec![Shape::Line {
            from,
            to,
            stroke: Stroke::solid(color, width),
            opacity,
        }];
        if !undirected {
            let head = (2.2 * u + width * 1.2).min(d * 0.3);
            let mut arrow = |tip: Point, dx: f32, dy: f32| {
                let back = Point::new(tip.x - dx * head * 1.5, tip.y - dy * head * 1.5);
                group.push(Shape::Polygon {
                    points: vec![
                        tip,
                        Point::new(back.x - dy * head * 0.6, back.y + dx * head * 0.6),
                        Point::new(back.x + dy * head * 0.6, back.y - dx * head * 0.6),
                    ],
                    fill: color,
                    opacity: (opacity * 1.3).min(1.0),
                });
            };
            if ab {
                arrow(to, ux, uy);
            }
            if ba {
                arrow(from, -ux, -uy);
            }
        }
        if faded {
            faded_lines.extend(group);
        } else if bridge {
            bridges_drawn.extend(group);
        } else if gained {
            gained_lines.extend(group);
        } else {
            lines.extend(group);
        }
    }
    out.extend(lost_lines);
    out.extend(faded_lines);
    out.extend(lines);
    out.extend(gained_lines);
    out.extend(bridges_drawn);
    out
}

/// The nodes: faded first, then larger under smaller, each with its highlight rings.
fn draw_nodes(view: &View, study: &Study, placed: &Placed<'_>, colors: &[Color]) -> Vec<Shape> {
    let Placed {
        vis,
        centre,
        radius,
        flags,
        drawn,
        u,
        ..
    } = *placed;
    let mut out = Vec::new();
    // Nodes: faded first, then larger under smaller.
    let mark_of = |i: usize| mark(view, study.nodes()[i].kind);
    let mut order = drawn.to_vec();
    order.sort_by(|&a, &b| {
        vis[a]
            .cmp(&vis[b])
            .then(radius[b].total_cmp(&radius[a]))
            .then(a.cmp(&b))
    });
    for &i in &order {
        let faded = vis[i] == Vis::Faded;
        let missing = colors[i] == palette::MISSING;
        out.push(Shape::Node {
            center: centre[i],
            radius: radius[i],
            mark: mark_of(i),
            fill: Some(if faded { palette::FADED } else { colors[i] }),
            stroke: Some(if missing && !faded {
                Stroke::solid(palette::MUTED, 0.5 * u)
            } else {
                Stroke::solid(palette::BACKGROUND, 0.5 * u)
            }),
            opacity: if faded { 0.7 } else { 1.0 },
        });
        for (k, h) in flags[i].iter().enumerate() {
            out.push(Shape::Node {
                center: centre[i],
                radius: radius[i] + 1.6 * u + k as f32 * 1.9 * u,
                mark: mark_of(i),
                fill: None,
                stroke: Some(ring_stroke(h, u)),
                opacity: 1.0,
            });
        }
    }
    out
}

/// The labels, most important first, where they fit without covering a node, a ring, a
/// group's name or another label; returns them, how many did not fit, and the page's
/// occupancy for the notes placed after them.
fn draw_labels(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
    panel: Option<&Panel<'_>>,
    placed: &Placed<'_>,
    display: &[String],
    group_heads: &[Rect],
) -> (Vec<Shape>, usize, Occupancy) {
    let Placed {
        vis,
        centre,
        radius,
        flags,
        drawn,
        plot,
        u,
        ..
    } = *placed;
    // Labels, most important first, where they fit.
    let mut occ = Occupancy::new(12.0 * u);
    for r in group_heads {
        occ.add_rect(*r);
    }
    for &i in drawn {
        let extra = if flags[i].is_empty() {
            0.0
        } else {
            1.6 * u + flags[i].len() as f32 * 1.9 * u
        };
        occ.add_disc(centre[i], radius[i] + extra + 0.5 * u);
    }
    let rank_metrics = panel.map_or(metrics, |p| p.label_metrics);
    let (ranked, k, forced) = label_ranking(study, rank_metrics, view, vis, flags);
    let label_size = if k <= 40 { BODY * u } else { 7.0 * u };
    let mut labels_dropped = 0;
    let mut label_shapes = Vec::new();
    for &i in ranked.iter().take(k.max(forced)) {
        let t = display[i].trim();
        if t.is_empty() {
            continue;
        }
        let w = text::width(t, label_size, false) + 2.0 * u;
        let h = label_size * 1.25;
        match place(&occ, &plot, centre[i], radius[i], w, h, 1.2 * u) {
            Some(p) => {
                occ.add_rect(p.rect);
                if p.leader {
                    let c = Point::new(
                        (p.rect.min.x + p.rect.max.x) * 0.5,
                        (p.rect.min.y + p.rect.max.y) * 0.5,
                    );
                    let d = c.distance(centre[i]).max(1e-3);
                    let from = Point::new(
                        centre[i].x + (c.x - centre[i].x) / d * radius[i],
                        centre[i].y + (c.y - centre[i].y) / d * radius[i],
                    );
                    let nx = c.x.clamp(p.rect.min.x, p.rect.max.x);
                    let ny = c.y.clamp(p.rect.min.y, p.rect.max.y);
                    let edge = nearest_on_rect(&p.rect, centre[i]).unwrap_or(Point::new(nx, ny));
                    label_shapes.push(Shape::Line {
                        from,
                        to: edge,
                        stroke: Stroke::solid(palette::MUTED, 0.4 * u),
                        opacity: 1.0,
                    });
                }
                label_shapes.push(Shape::Rect {
                    min: p.rect.min,
                    max: p.rect.max,
                    fill: Some(palette::BACKGROUND),
                    stroke: None,
                    corner: 1.0 * u,
                    opacity: 0.75,
                });
                label_shapes.push(Shape::Text {
                    at: Point::new(p.rect.min.x + 1.0 * u, p.rect.max.y - label_size * 0.3),
                    text: t.to_string(),
                    size: label_size,
                    bold: false,
                    anchor: Anchor::Start,
                    color: palette::TEXT,
                });
            }
            None => labels_dropped += 1,
        }
    }
    (label_shapes, labels_dropped, occ)
}

/// The notes: a boxed note with a leader line, placed where it covers least.
fn draw_callouts(
    study: &Study,
    view: &View,
    panel: Option<&Panel<'_>>,
    placed: &Placed<'_>,
    occ: &mut Occupancy,
    scrub: &dyn Fn(&str) -> String,
) -> Result<Vec<Shape>, SceneError> {
    let Placed {
        vis,
        centre,
        radius,
        plot,
        u,
        ..
    } = *placed;
    let mut out = Vec::new();
    // Callouts: a boxed note with a leader line, placed where it covers least.
    let callouts = if panel.is_none_or(|p| p.callouts) {
        &view.callouts[..]
    } else {
        &[]
    };
    for c in callouts {
        let Some(id) = study.find(&c.node) else {
            return Err(SceneError::UnknownNode {
                role: "callout",
                id: c.node.clone(),
            });
        };
        let i = id.index();
        if vis[i] == Vis::Hidden {
            continue;
        }
        let size = CAPTION * u;
        let lines = text::wrap(&scrub(&c.text), size, false, 120.0 * u);
        let w = lines
            .iter()
            .map(|l| text::width(l, size, false))
            .fold(0.0f32, f32::max)
            + 6.0 * u;
        let h = size * 1.3 * lines.len() as f32 + 4.0 * u;
        let mut best: Option<(usize, Rect)> = None;
        for dist in [30.0 * u, 55.0 * u, 85.0 * u] {
            for k in 0..8 {
                let a = std::f32::consts::TAU * k as f32 / 8.0 - std::f32::consts::FRAC_PI_4;
                let cx = centre[i].x + a.cos() * (dist + radius[i]);
                let cy = centre[i].y + a.sin() * (dist + radius[i]);
                let r = Rect {
                    min: Point::new(cx - w * 0.5, cy - h * 0.5),
                    max: Point::new(cx + w * 0.5, cy + h * 0.5),
                };
                if r.min.x < plot.min.x
                    || r.max.x > plot.max.x
                    || r.min.y < plot.min.y
                    || r.max.y > plot.max.y
                {
                    continue;
                }
                let hits = occ.hits(&r);
                if best.as_ref().is_none_or(|(b, _)| hits < *b) {
                    best = Some((hits, r));
                }
            }
            if best.as_ref().is_some_and(|(b, _)| *b == 0) {
                break;
            }
        }
        let Some((_, r)) = best else {
            continue;
        };
        occ.add_rect(r);
        let target = centre[i];
        let edge = nearest_on_rect(&r, target).unwrap_or(r.min);
        let d = edge.distance(target).max(1e-3);
        out.push(Shape::Line {
            from: Point::new(
                target.x + (edge.x - target.x) / d * (radius[i] + 1.0 * u),
                target.y + (edge.y - target.y) / d * (radius[i] + 1.0 * u),
            ),
            to: edge,
            stroke: Stroke::solid(palette::INK, 0.6 * u),
            opacity: 1.0,
        });
        out.push(Shape::Rect {
            min: r.min,
            max: r.max,
            fill: Some(palette::BACKGROUND),
            stroke: Some(Stroke::solid(palette::INK, 0.6 * u)),
            corner: 2.0 * u,
            opacity: 0.95,
        });
        for (k, l) in lines.iter().enumerate() {
            out.push(Shape::Text {
                at: Point::new(
                    r.min.x + 3.0 * u,
                    r.min.y + 2.0 * u + size * (1.0 + 1.3 * k as f32),
                ),
                text: l.clone(),
                size,
                bold: false,
                anchor: Anchor::Start,
                color: palette::TEXT,
            });
        }
    }
    Ok(out)
}

/// The page's title and caption wrapped to the width inside the margins, and the band
/// between them where the network (or the panels) and the legend go: the same in single
/// figures and in the figure of waves.
pub(crate) struct Furniture {
    /// The width inside the margins.
    pub content_w: f32,
    /// Where the band starts, under the title.
    pub top: f32,
    pub title_lines: Vec<String>,
    pub caption_lines: Vec<String>,
    /// The caption's height.
    pub caption_h: f32,
    /// Where the band ends, above the caption.
    pub bottom: f32,
}

/// [`Furniture`] for a page `width` by `height` with `margin`, in units `u`.
pub(crate) fn furniture(
    title: Option<&str>,
    caption: &str,
    width: f32,
    height: f32,
    margin: f32,
    u: f32,
) -> Furniture {
    let content_w = width - 2.0 * margin;
    let mut top = margin;
    let mut title_lines = Vec::new();
    if let Some(t) = title {
        title_lines = text::wrap(t, TITLE * u, true, content_w);
        top += TITLE * u * 1.25 * title_lines.len() as f32 + 6.0 * u;
    }
    let caption_lines = text::wrap(caption, CAPTION * u, false, content_w);
    let caption_h = CAPTION * u * 1.35 * caption_lines.len() as f32;
    Furniture {
        content_w,
        top,
        title_lines,
        caption_lines,
        caption_h,
        bottom: height - margin - caption_h - 6.0 * u,
    }
}

/// Writes the title lines from `title_top` down, bold, and the caption lines from
/// `caption_top` down, muted, at the left margin: the same in single figures and in the
/// figure of waves.
pub(crate) fn draw_title_and_caption(
    shapes: &mut Vec<Shape>,
    title_lines: &[String],
    caption_lines: &[String],
    margin: f32,
    title_top: f32,
    caption_top: f32,
    u: f32,
) {
    for (k, l) in title_lines.iter().enumerate() {
        shapes.push(Shape::Text {
            at: Point::new(
                margin,
                title_top + TITLE * u * (1.0 + 1.25 * k as f32) - 2.0 * u,
            ),
            text: l.clone(),
            size: TITLE * u,
            bold: true,
            anchor: Anchor::Start,
            color: palette::TEXT,
        });
    }
    for (k, l) in caption_lines.iter().enumerate() {
        shapes.push(Shape::Text {
            at: Point::new(margin, caption_top + CAPTION * u * (1.0 + 1.35 * k as f32)),
            text: l.clone(),
            size: CAPTION * u,
            bold: false,
            anchor: Anchor::Start,
            color: palette::MUTED,
        });
    }
}

/// The point of `r`'s border nearest to `p` (for leader lines), if `p` is outside.
fn nearest_on_rect(r: &Rect, p: Point) -> Option<Point> {
    let q = Point::new(p.x.clamp(r.min.x, r.max.x), p.y.clamp(r.min.y, r.max.y));
    (q != p).then_some(q)
}

fn ring_stroke(h: &Highlight, u: f32) -> Stroke {
    match h {
        Highlight::Isolates => Stroke {
            color: palette::INK,
            width: 0.8 * u,
            dash: Some((1.6 * u, 1.2 * u)),
        },
        Highlight::Brokers | Highlight::Ego(_) => Stroke::solid(palette::INK, 1.5 * u),
        Highlight::CutPoints | Highlight::Bridges => Stroke::solid(palette::INK, 0.8 * u),
    }
}

#[allow(clippy::too_many_arguments)]
fn legend_rows(
    study: &Study,
    metrics: &NodeMetrics,
    view: &View,
    vis: &[Vis],
    rel: &[f32],
    coloring: &Coloring,
    flags: &[Vec<&Highlight>],
    bridges: &[(usize, usize)],
    u: f32,
    domains: Option<&Domains>,
) -> Vec<Row> {
    let n = study.node_count();
    let shown = |i: usize| vis[i] == Vis::Shown;
    let mut rows = coloring.rows.clone();
    let base = 3.0 * u;
    let _ = rel;
    if let Some(name) = &view.size_by
        && let Ok(values) = numeric(study, metrics, name, "size")
        && let Some((lo, hi)) = range(domain(domains, name, &values))
        && hi > lo
    {
        rows.push(Row {
            swatch: Swatch::Heading,
            text: format!("Size: {}", pretty(name).to_lowercase()),
        });
        let mid = nice(lo + (hi - lo) / 3.0);
        let samples: Vec<f64> = if mid > lo && mid < hi {
            vec![lo, mid, hi]
        } else {
            vec![lo, hi]
        };
        for v in samples {
            let r = 1.0 + 2.0 * (((v - lo) / (hi - lo)).sqrt() as f32);
            rows.push(Row {
                swatch: Swatch::Sized(r),
                text: num(v),
            });
        }
    }
    if view.shape_by_kind {
        let kinds = [
            (Mark::Circle, "Respondent", vec![NodeKind::Respondent]),
            (
                Mark::Diamond,
                "Alter (named, not surveyed)",
                vec![NodeKind::Alter],
            ),
            (
                Mark::Square,
                "Place or group",
                vec![NodeKind::Place, NodeKind::Group],
            ),
        ];
        let counts: Vec<usize> = kinds
            .iter()
            .map(|(_, _, ks)| {
                (0..n)
                    .filter(|&i| shown(i) && ks.contains(&study.nodes()[i].kind))
                    .count()
            })
            .collect();
        if counts.iter().filter(|c| **c > 0).count() > 1 {
            rows.push(Row {
                swatch: Swatch::Heading,
                text: "Shape".into(),
            });
            for ((mark, what, _), c) in kinds.iter().zip(&counts) {
                if *c > 0 {
                    rows.push(Row {
                        swatch: Swatch::Node {
                            mark: *mark,
                            fill: Some(palette::FRAME),
                            stroke: Some(Stroke::solid(palette::MUTED, 0.3 * u)),
                            radius: base,
                        },
                        text: count_label(what, *c),
                    });
                }
            }
        }
    }
    let mut marks: Vec<Row> = Vec::new();
    for h in &view.highlights {
        let count = (0..n).filter(|&i| flags[i].contains(&h)).count();
        let text = match h {
            Highlight::Isolates => "Isolate (no ties)".to_string(),
            Highlight::Brokers => {
                if metrics.broker_rule.is_empty() {
                    "Broker".to_string()
                } else {
                    format!("Broker ({})", metrics.broker_rule)
                }
            }
            Highlight::CutPoints => "Cut point".to_string(),
            Highlight::Ego(_) => "Ego".to_string(),
            Highlight::Bridges => {
                marks.push(Row {
                    swatch: Swatch::Line(Stroke::solid(palette::INK, 1.5 * u)),
                    text: count_label("Bridge", bridges.len()),
                });
                continue;
            }
        };
        marks.push(Row {
            swatch: Swatch::Node {
                mark: Mark::Circle,
                fill: None,
                stroke: Some(ring_stroke(h, u)),
                radius: base + 1.0 * u,
            },
            text: count_label(&text, count),
        });
    }
    let faded = (0..n).filter(|&i| vis[i] == Vis::Faded).count();
    if faded > 0 {
        marks.push(Row {
            swatch: Swatch::Node {
                mark: Mark::Circle,
                fill: Some(palette::FADED),
                stroke: None,
                radius: base,
            },
            text: count_label("Not selected", faded),
        });
    }
    if !marks.is_empty() {
        rows.push(Row {
            swatch: Swatch::Heading,
            text: "Marked".into(),
        });
        rows.extend(marks);
    }
    let directed = study.ties().iter().any(|t| t.directed);
    let weights: Vec<Option<f64>> = study.ties().iter().map(|t| Some(t.weight)).collect();
    let varied = view.width_by_weight && range(&weights).is_some_and(|(a, b)| b > a);
    if study.tie_count() > 0 && (directed || varied) {
        rows.push(Row {
            swatch: Swatch::Heading,
            text: "Ties".into(),
        });
        if directed {
            rows.push(Row {
                swatch: Swatch::Line(Stroke::solid(palette::TIE, 0.8 * u)),
                text: "Arrow: from who named to who was named".into(),
            });
        }
        if varied && let Some((a, b)) = range(&weights) {
            rows.push(Row {
                swatch: Swatch::Line(Stroke::solid(palette::TIE, 2.0 * u)),
                text: format!("Width: tie weight {}\u{2013}{}", num(a), num(b)),
            });
        }
    }
    rows
}

/// Row height, swatch column width and padding of the legend.
pub(super) fn legend_metrics(u: f32) -> (f32, f32, f32) {
    (BODY * u * 1.55, 16.0 * u, 6.0 * u)
}

/// Width of one legend column (0 when there is no legend).
pub(super) fn legend_width(rows: &[Row], u: f32, max_w: f32) -> f32 {
    if rows.is_empty() {
        return 0.0;
    }
    let (_, swatch_w, pad) = legend_metrics(u);
    rows.iter()
        .map(|r| match r.swatch {
            Swatch::Heading => text::width(&r.text, HEADING * u, true),
            _ => swatch_w + text::width(&r.text, BODY * u, false),
        })
        .fold(0.0f32, f32::max)
        .min(max_w)
        + 2.0 * pad
}

/// Height of each legend row in a column `col_w` wide: size samples are as tall as their
/// disc, and a text too long for the column takes a line more for every line it wraps to.
pub(super) fn row_heights(rows: &[Row], u: f32, base: f32, col_w: f32) -> Vec<f32> {
    let (row_h, swatch_w, pad) = legend_metrics(u);
    rows.iter()
        .map(|r| {
            let (size, bold, room) = row_text(r, u, base, col_w, swatch_w, pad);
            let extra = (text::wrap(&r.text, size, bold, room).len().max(1) - 1) as f32;
            let first = match r.swatch {
                Swatch::Sized(rel) => row_h.max(2.0 * rel * base + 2.0 * u),
                Swatch::Heading => row_h + 2.0 * u,
                _ => row_h,
            };
            first + extra * size * LINE
        })
        .collect()
}

/// Line spacing of wrapped legend text, in text sizes.
const LINE: f32 = 1.25;

/// The text size, weight and room for the text of legend row `r` in a column `col_w` wide.
fn row_text(r: &Row, u: f32, base: f32, col_w: f32, swatch_w: f32, pad: f32) -> (f32, bool, f32) {
    match r.swatch {
        Swatch::Heading => (HEADING * u, true, col_w - 2.0 * pad),
        Swatch::Sized(rel) => {
            let indent = (swatch_w * 0.4 + rel * base + 3.0 * u).max(swatch_w);
            (BODY * u, false, col_w - 2.0 * pad - indent)
        }
        _ => (BODY * u, false, col_w - 2.0 * pad - swatch_w),
    }
}

/// Splits the rows into columns no taller than `max_h`; returns the rows of each column
/// and the panel's height.
pub(super) fn legend_columns(
    rows: &[Row],
    heights: &[f32],
    u: f32,
    max_h: f32,
) -> (Vec<std::ops::Range<usize>>, f32) {
    let (_, _, pad) = legend_metrics(u);
    let mut cols = Vec::new();
    let (mut start, mut h, mut tallest) = (0usize, 0.0f32, 0.0f32);
    for (i, rh) in heights.iter().enumerate() {
        if i > start && h + rh > max_h - 2.0 * pad {
            // A heading never ends a column: it moves over with its first row.
            let orphan = i - 1 > start
                && rows
                    .get(i - 1)
                    .is_some_and(|r| matches!(r.swatch, Swatch::Heading));
            let cut = if orphan { i - 1 } else { i };
            let moved = if orphan { heights[i - 1] } else { 0.0 };
            cols.push(start..cut);
            tallest = tallest.max(h - moved);
            start = cut;
            h = moved;
        }
        h += rh;
    }
    if start < heights.len() {
        cols.push(start..heights.len());
        tallest = tallest.max(h);
    }
    (cols, tallest + 2.0 * pad)
}

/// Shortens `s` with an ellipsis to fit `max` at `size`.
pub(super) fn fit_text(s: &str, size: f32, bold: bool, max: f32) -> String {
    if text::width(s, size, bold) <= max {
        return s.to_string();
    }
    let mut out: String = s.to_string();
    while !out.is_empty() && text::width(&format!("{out}\u{2026}"), size, bold) > max {
        out.pop();
    }
    format!("{}\u{2026}", out.trim_end())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn draw_legend(
    shapes: &mut Vec<Shape>,
    rows: &[Row],
    right: f32,
    y: f32,
    col_w: f32,
    max_h: f32,
    base: f32,
    u: f32,
) {
    let (_, swatch_w, pad) = legend_metrics(u);
    let heights = row_heights(rows, u, base, col_w);
    let (cols, h) = legend_columns(rows, &heights, u, max_h);
    let w = col_w * cols.len() as f32;
    let x = right - w;
    shapes.push(Shape::Rect {
        min: Point::new(x, y),
        max: Point::new(x + w, y + h),
        fill: Some(palette::BACKGROUND),
        stroke: Some(Stroke::solid(palette::FRAME, 0.5 * u)),
        corner: 2.0 * u,
        opacity: 1.0,
    });
    for (c, range) in cols.iter().enumerate() {
        let left = x + c as f32 * col_w + pad;
        let mut top = y + pad;
        for k in range.clone() {
            let r = &rows[k];
            let rh = heights[k];
            let (size, bold, room) = row_text(r, u, base, col_w, swatch_w, pad);
            let lines = text::wrap(&r.text, size, bold, room);
            // The swatch and the first line sit in the middle of the row's first line.
            let first_h = rh - (lines.len().max(1) - 1) as f32 * size * LINE;
            let mid = top + first_h * 0.5;
            top += rh;
            let baseline = mid + BODY * u * 0.35;
            let line_at = |k: usize| baseline + k as f32 * size * LINE;
            match &r.swatch {
                Swatch::Heading => {
                    for (k, line) in lines.into_iter().enumerate() {
                        shapes.push(Shape::Text {
                            at: Point::new(left, line_at(k) + 1.0 * u),
                            text: line,
                            size,
                            bold: true,
                            anchor: Anchor::Start,
                            color: palette::TEXT,
                        });
                    }
                    continue;
                }
                Swatch::Node {
                    mark,
                    fill,
                    stroke,
                    radius,
                } => shapes.push(Shape::Node {
                    center: Point::new(left + swatch_w * 0.4, mid),
                    radius: radius.min(rh * 0.48),
                    mark: *mark,
                    fill: *fill,
                    stroke: *stroke,
                    opacity: 1.0,
                }),
                Swatch::Sized(rel) => shapes.push(Shape::Node {
                    center: Point::new(left + swatch_w * 0.4, mid),
                    radius: rel * base,
                    mark: Mark::Circle,
                    fill: Some(palette::FRAME),
                    stroke: Some(Stroke::solid(palette::MUTED, 0.3 * u)),
                    opacity: 1.0,
                }),
                Swatch::Line(s) => shapes.push(Shape::Line {
                    from: Point::new(left, mid),
                    to: Point::new(left + swatch_w * 0.8, mid),
                    stroke: *s,
                    opacity: 1.0,
                }),
            }
            let text_x = match r.swatch {
                Swatch::Sized(rel) => left + (swatch_w * 0.4 + rel * base + 3.0 * u).max(swatch_w),
                _ => left + swatch_w,
            };
            for (k, line) in lines.into_iter().enumerate() {
                shapes.push(Shape::Text {
                    at: Point::new(text_x, line_at(k)),
                    text: line,
                    size,
                    bold: false,
                    anchor: Anchor::Start,
                    color: palette::TEXT,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Canvas;

    #[test]
    fn natural_order_and_numbers() {
        let mut v = vec!["age 10", "age 9", "Age 2"];
        v.sort_by(|a, b| natural(a, b));
        assert_eq!(v, ["Age 2", "age 9", "age 10"]);
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.126), "0.13");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(pretty("employment_status"), "Employment status");
    }

    #[test]
    fn canvas_units() {
        assert_eq!(Canvas::A4.unit(), 1.0);
        let (w, h) = Canvas::A4.size();
        assert!((w - 841.89).abs() < 0.01 && (h - 595.28).abs() < 0.01);
    }
}
