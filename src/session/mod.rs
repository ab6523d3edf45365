//! The open document: the study, its layout, the view (style, filters, highlights) and the
//! selection. The workbench never changes these itself: it sends a [`Command`] and
//! [`Session::apply`] makes the change and records its inverse in the [`History`], so that
//! every edit can be undone and tests see every change. No windowing code here.

pub mod history;
pub mod jobs;
pub mod project;
pub mod views;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::analysis::{self, Metrics, MetricsOptions};
use crate::layout::{LayoutGraph, Point};
use crate::model::{NodeId, Study};
use crate::scene::{self, Filter, FilterMode, Highlight, Labels, NodeMetrics, NodeStyles, View};

pub use history::History;
pub use jobs::{Job, LayoutFrame, LayoutWorker, Progress};
pub use views::{Camera, SavedView};

/// Node radius in layout units for a relative radius of 1, as the layout spaces nodes.
pub const LAYOUT_RADIUS: f32 = 1.0;

/// Where the open study came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// A short name for the title bar ("survey.csv", "sample study").
    pub name: String,
    /// The file, if it came from one.
    pub path: Option<PathBuf>,
}

/// One change to the document. Every edit the window makes is one of these, so undo, redo
/// and tests see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Replace the whole study (a file opened or imported); the layout starts afresh.
    ReplaceStudy {
        /// The new study.
        study: Box<Study>,
        /// Where it came from.
        source: Source,
    },
    /// Colour nodes by an attribute or metric, or by nothing.
    ColourBy(Option<String>),
    /// Size nodes by a metric or numeric attribute, or all alike.
    SizeBy(Option<String>),
    /// Draw respondents, alters and places with different marks.
    ShapeByKind(bool),
    /// Draw heavier ties wider.
    WidthByWeight(bool),
    /// Which nodes get a name.
    Labels(Labels),
    /// Accept only these values of a categorical attribute; `None` removes the filter.
    FilterValues {
        /// The attribute.
        attribute: String,
        /// The accepted values, or `None` for all.
        values: Option<Vec<String>>,
    },
    /// Accept only a range of a metric or numeric attribute; both `None` removes the filter.
    FilterRange {
        /// Metric or attribute.
        name: String,
        /// Lowest accepted value.
        min: Option<f64>,
        /// Highest accepted value.
        max: Option<f64>,
    },
    /// Remove every filter.
    ClearFilters,
    /// Replace every filter at once (the inverse of [`Command::ClearFilters`]).
    SetFilters(Vec<Filter>),
    /// Hide or fade what the filters leave out.
    FilterMode(FilterMode),
    /// Show or hide a highlight (isolates, brokers, cut points, bridges).
    Highlight(Highlight, bool),
    /// Replace names by pseudonyms everywhere.
    Anonymise(bool),
    /// Figure title and caption (for exports).
    TitleCaption {
        /// Title, if any.
        title: Option<String>,
        /// Caption, or `None` for the automatic one.
        caption: Option<String>,
    },
    /// Include only these relations and waves (`None` includes all).
    TieSelection {
        /// Relation names.
        relations: Option<BTreeSet<String>>,
        /// Wave names.
        waves: Option<BTreeSet<String>>,
    },
    /// Select a node (or nothing); not an edit, so not undone.
    Select(Option<NodeId>),
    /// Ego network depth shown for the selected person (1 or 2 steps); not an edit.
    EgoSteps(u8),
    /// Move a node and pin it there (the end of a drag: one command per drag).
    MoveNode {
        /// The node.
        node: NodeId,
        /// New position in layout units.
        to: Point,
        /// Whether it stays pinned.
        pinned: bool,
    },
    /// Pause or resume the layout animation; not an edit.
    PauseLayout(bool),
    /// Lay out again from new random positions with this seed.
    RerunLayout(u64),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
}

impl Command {
    /// Whether the command changes the document (and so goes into the history).
    pub fn is_edit(&self) -> bool {
        !matches!(
            self,
            Command::Select(_)
                | Command::EgoSteps(_)
                | Command::PauseLayout(_)
                | Command::Undo
                | Command::Redo
        )
    }
}

/// The open document.
#[derive(Debug)]
pub struct Session {
    base: Study,
    study: Study,
    source: Source,
    relations: Option<BTreeSet<String>>,
    waves: Option<BTreeSet<String>>,
    positions: Vec<Point>,
    pinned: Vec<bool>,
    ties: Vec<scene::TiePair>,
    tie_weights: (f64, f64),
    view: View,
    selection: Option<NodeId>,
    ego_steps: u8,
    metrics: NodeMetrics,
    full: Option<Metrics>,
    metrics_job: Option<Job<(NodeMetrics, Option<Metrics>)>>,
    styles: Option<NodeStyles>,
    style_error: Option<String>,
    history: History,
    layout: LayoutWorker,
    seed: u64,
    revision: u64,
}

impl Session {
    /// A session on `study`, with its layout starting on the worker thread.
    pub fn new(study: Study, source: Source) -> std::io::Result<Self> {
        let layout = LayoutWorker::start()?;
        let mut s = Session {
            base: Study::new(false),
            study: Study::new(false),
            source: Source::default(),
            relations: None,
            waves: None,
            positions: Vec::new(),
            pinned: Vec::new(),
            ties: Vec::new(),
            tie_weights: (1.0, 1.0),
            view: default_view(),
            selection: None,
            ego_steps: 1,
            metrics: NodeMetrics::default(),
            full: None,
            metrics_job: None,
            styles: None,
            style_error: None,
            history: History::new(100),
            layout,
            seed: 1,
            revision: 0,
        };
        s.replace_study(study, source);
        Ok(s)
    }

    /// The study in view (after the relation and wave choice).
    pub fn study(&self) -> &Study {
        &self.study
    }

    /// The study as opened, with every tie.
    pub fn base_study(&self) -> &Study {
        &self.base
    }

    /// Where the study came from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The view: style rules, filters, highlights, labels, title.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Node positions in layout units, in node order.
    pub fn positions(&self) -> &[Point] {
        &self.positions
    }

    /// The ties in view merged per pair of nodes, as the figure draws them.
    pub fn tie_pairs(&self) -> &[scene::TiePair] {
        &self.ties
    }

    /// The lowest and highest weight among [`Session::tie_pairs`].
    pub fn tie_weight_range(&self) -> (f64, f64) {
        self.tie_weights
    }

    /// Whether node `i` is pinned.
    pub fn is_pinned(&self, i: usize) -> bool {
        self.pinned.get(i).copied().unwrap_or(false)
    }

    /// The selected node.
    pub fn selection(&self) -> Option<NodeId> {
        self.selection
    }

    /// Ego network depth (1 or 2).
    pub fn ego_steps(&self) -> u8 {
        self.ego_steps
    }

    /// The relations in view (`None`: all).
    pub fn relations(&self) -> Option<&BTreeSet<String>> {
        self.relations.as_ref()
    }

    /// The waves in view (`None`: all).
    pub fn waves(&self) -> Option<&BTreeSet<String>> {
        self.waves.as_ref()
    }

    /// Metrics for the scene: degree at once, betweenness and brokers once computed.
    pub fn node_metrics(&self) -> &NodeMetrics {
        &self.metrics
    }

    /// Every metric of the analysis module, once the background job has finished.
    pub fn full_metrics(&self) -> Option<&Metrics> {
        self.full.as_ref()
    }

    /// The running metrics job, for its progress bar.
    pub fn metrics_job(&self) -> Option<&Job<(NodeMetrics, Option<Metrics>)>> {
        self.metrics_job.as_ref()
    }

    /// The node styles of the current view (the same rules as exported figures).
    pub fn styles(&self) -> Option<&NodeStyles> {
        self.styles.as_ref()
    }

    /// Why the view could not be styled, if it could not.
    pub fn style_error(&self) -> Option<&str> {
        self.style_error.as_deref()
    }

    /// The layout worker (pause state, iterations, settled).
    pub fn layout(&self) -> &LayoutWorker {
        &self.layout
    }

    /// The layout worker, to wait for it (tests and benchmarks).
    pub fn layout_mut(&mut self) -> &mut LayoutWorker {
        &mut self.layout
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Changes whenever anything visible changes, so the window can cache drawings.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Number of nodes drawn in full (not hidden or faded by filters).
    pub fn visible_count(&self) -> usize {
        self.styles.as_ref().map_or(self.study.node_count(), |s| {
            s.nodes
                .iter()
                .filter(|n| n.vis == scene::Vis::Shown)
                .count()
        })
    }

    /// The nodes within `ego_steps` of the selection (the selection included), in node order.
    pub fn ego_nodes(&self) -> Vec<bool> {
        let n = self.study.node_count();
        let mut inside = vec![false; n];
        let Some(sel) = self.selection else {
            return inside;
        };
        if sel.index() >= n {
            return inside;
        }
        inside[sel.index()] = true;
        for _ in 0..self.ego_steps.max(1) {
            let before = inside.clone();
            for t in self.study.ties() {
                let (a, b) = (t.source.index(), t.target.index());
                if before[a] {
                    inside[b] = true;
                }
                if before[b] {
                    inside[a] = true;
                }
            }
        }
        inside
    }

    /// Applies a command: changes the document and records the inverse for undo.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Undo => {
                if let Some(inverse) = self.history.undo() {
                    let redo = self.apply_inner(inverse);
                    self.history.push_redo(redo);
                }
            }
            Command::Redo => {
                if let Some(again) = self.history.redo() {
                    let inverse = self.apply_inner(again);
                    self.history.push_undo(inverse);
                }
            }
            c if c.is_edit() => {
                let inverse = self.apply_inner(c);
                self.history.record(inverse);
            }
            c => {
                self.apply_inner(c);
            }
        }
    }

    /// Applies a command and returns its inverse.
    fn apply_inner(&mut self, command: Command) -> Command {
        self.revision += 1;
        match command {
            Command::ReplaceStudy { study, source } => {
                let old_study = std::mem::replace(&mut self.base, Study::new(false));
                let old_source = self.source.clone();
                self.replace_study(*study, source);
                Command::ReplaceStudy {
                    study: Box::new(old_study),
                    source: old_source,
                }
            }
            Command::ColourBy(c) => {
                let old = std::mem::replace(&mut self.view.color_by, c);
                self.restyle();
                Command::ColourBy(old)
            }
            Command::SizeBy(c) => {
                let old = std::mem::replace(&mut self.view.size_by, c);
                self.restyle();
                Command::SizeBy(old)
            }
            Command::ShapeByKind(b) => {
                let old = std::mem::replace(&mut self.view.shape_by_kind, b);
                self.restyle();
                Command::ShapeByKind(old)
            }
            Command::WidthByWeight(b) => {
                let old = std::mem::replace(&mut self.view.width_by_weight, b);
                self.restyle();
                Command::WidthByWeight(old)
            }
            Command::Labels(l) => {
                let old = std::mem::replace(&mut self.view.labels, l);
                self.restyle();
                Command::Labels(old)
            }
            Command::FilterValues { attribute, values } => {
                let old = self.take_filter(&attribute, true);
                if let Some(values) = values {
                    self.view.filters.push(Filter::Values {
                        attribute: attribute.clone(),
                        values,
                    });
                }
                self.restyle();
                Command::FilterValues {
                    attribute,
                    values: old.and_then(|f| match f {
                        Filter::Values { values, .. } => Some(values),
                        Filter::Range { .. } => None,
                    }),
                }
            }
            Command::FilterRange { name, min, max } => {
                let old = self.take_filter(&name, false);
                if min.is_some() || max.is_some() {
                    self.view.filters.push(Filter::Range {
                        name: name.clone(),
                        min,
                        max,
                    });
                }
                self.restyle();
                let (omin, omax) = match old {
                    Some(Filter::Range { min, max, .. }) => (min, max),
                    _ => (None, None),
                };
                Command::FilterRange {
                    name,
                    min: omin,
                    max: omax,
                }
            }
            Command::ClearFilters => {
                let old = std::mem::take(&mut self.view.filters);
                self.restyle();
                Command::SetFilters(old)
            }
            Command::FilterMode(m) => {
                let old = std::mem::replace(&mut self.view.filter_mode, m);
                self.restyle();
                Command::FilterMode(old)
            }
            Command::Highlight(h, on) => {
                let was = self.view.highlights.contains(&h);
                self.view.highlights.retain(|x| x != &h);
                if on {
                    self.view.highlights.push(h.clone());
                    self.view.highlights.sort();
                }
                self.restyle();
                Command::Highlight(h, was)
            }
            Command::Anonymise(b) => {
                let old = std::mem::replace(&mut self.view.anonymise, b);
                self.restyle();
                Command::Anonymise(old)
            }
            Command::TitleCaption { title, caption } => {
                let ot = std::mem::replace(&mut self.view.title, title);
                let oc = std::mem::replace(&mut self.view.caption, caption);
                Command::TitleCaption {
                    title: ot,
                    caption: oc,
                }
            }
            Command::TieSelection { relations, waves } => {
                let or = std::mem::replace(&mut self.relations, relations);
                let ow = std::mem::replace(&mut self.waves, waves);
                self.rebuild_view_study(false);
                Command::TieSelection {
                    relations: or,
                    waves: ow,
                }
            }
            Command::Select(sel) => {
                let old = self.selection;
                self.selection = sel.filter(|s| s.index() < self.study.node_count());
                self.view
                    .highlights
                    .retain(|h| !matches!(h, Highlight::Ego(_)));
                if let Some(s) = self.selection
                    && let Some(node) = self.study.node(s)
                {
                    self.view.highlights.push(Highlight::Ego(node.id.clone()));
                }
                self.restyle();
                Command::Select(old)
            }
            Command::EgoSteps(k) => {
                let old = self.ego_steps;
                self.ego_steps = k.clamp(1, 2);
                Command::EgoSteps(old)
            }
            Command::MoveNode { node, to, pinned } => {
                let i = node.index();
                let old_pos = self.positions.get(i).copied().unwrap_or_default();
                let old_pin = self.is_pinned(i);
                if let Some(p) = self.positions.get_mut(i) {
                    *p = to;
                }
                if let Some(p) = self.pinned.get_mut(i) {
                    *p = pinned;
                }
                if pinned {
                    self.layout.pin(i, to);
                } else {
                    self.layout.pin(i, to);
                    self.layout.unpin(i);
                }
                Command::MoveNode {
                    node,
                    to: old_pos,
                    pinned: old_pin,
                }
            }
            Command::PauseLayout(p) => {
                let old = self.layout.paused();
                self.layout.set_paused(p);
                Command::PauseLayout(old)
            }
            Command::RerunLayout(seed) => {
                let old = self.seed;
                self.seed = seed;
                self.restart_layout(None);
                Command::RerunLayout(old)
            }
            Command::SetFilters(filters) => {
                let old = std::mem::replace(&mut self.view.filters, filters);
                self.restyle();
                Command::SetFilters(old)
            }
            Command::Undo | Command::Redo => command,
        }
    }

    /// Removes and returns the filter on `name` (a value filter when `values`, else a range).
    fn take_filter(&mut self, name: &str, values: bool) -> Option<Filter> {
        let pos = self.view.filters.iter().position(|f| match f {
            Filter::Values { attribute, .. } => values && attribute == name,
            Filter::Range { name: n, .. } => !values && n == name,
        })?;
        Some(self.view.filters.remove(pos))
    }

    /// Takes in the newest layout frame and finished jobs; call once a frame. Returns true
    /// when something changed (so the window repaints).
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        if let Some(frame) = self.layout.latest()
            && frame.positions.len() == self.positions.len()
        {
            self.positions = frame.positions;
            changed = true;
        }
        if let Some(job) = &self.metrics_job
            && let Some(result) = job.poll()
        {
            self.metrics_job = None;
            if let Ok((metrics, full)) = result {
                self.metrics = metrics;
                self.full = full;
                self.restyle();
            }
            changed = true;
        }
        changed
    }

    /// Waits for the layout to settle and the metrics to finish (tests and benchmarks).
    pub fn settle(&mut self) {
        if let Some(frame) = self.layout.wait_settled()
            && frame.positions.len() == self.positions.len()
        {
            self.positions = frame.positions;
        }
        if let Some(job) = self.metrics_job.take()
            && let Some((metrics, full)) = job.wait()
        {
            self.metrics = metrics;
            self.full = full;
            self.restyle();
        }
        self.revision += 1;
    }

    fn replace_study(&mut self, study: Study, source: Source) {
        self.base = study;
        self.source = source;
        self.relations = None;
        self.waves = None;
        self.selection = None;
        // Style rules that name attributes the new study lacks would fail: start plain.
        let keep_anonymise = self.view.anonymise;
        self.view = default_view();
        self.view.anonymise = keep_anonymise;
        self.rebuild_view_study(true);
    }

    /// Derives the study in view from the base study and the relation/wave choice, then
    /// restarts metrics and layout.
    fn rebuild_view_study(&mut self, fresh_layout: bool) {
        let mut study = self.base.clone();
        if self.relations.is_some() || self.waves.is_some() {
            let keep: Vec<bool> = study
                .ties()
                .iter()
                .map(|t| {
                    let rel_ok = self.relations.as_ref().is_none_or(|set| {
                        t.relation
                            .and_then(|r| study.relation_name(r))
                            .is_some_and(|n| set.contains(n))
                    });
                    let wave_ok = self.waves.as_ref().is_none_or(|set| {
                        t.wave
                            .and_then(|w| study.wave_name(w))
                            .is_some_and(|n| set.contains(n))
                    });
                    rel_ok && wave_ok
                })
                .collect();
            study.retain_ties(&keep);
        }
        self.study = study;
        self.ties = scene::tie_pairs(&self.study);
        self.tie_weights = scene::tie_weight_range(&self.ties);
        let n = self.study.node_count();
        if fresh_layout || self.positions.len() != n {
            self.positions = vec![Point::default(); n];
            self.pinned = vec![false; n];
        }
        self.metrics = scene::metrics_input::compute(&self.study, false);
        self.full = None;
        self.start_metrics();
        self.restyle();
        let start = (!fresh_layout).then(|| self.positions.clone());
        self.restart_layout(start);
        self.revision += 1;
    }

    fn start_metrics(&mut self) {
        if let Some(old) = self.metrics_job.take() {
            old.progress.cancel();
        }
        let study = self.study.clone();
        let job = Job::spawn("kith-metrics", "Computing metrics", move |p: &Progress| {
            let scene_metrics = scene::metrics_input::compute(&study, true);
            let full =
                analysis::metrics(&study, &MetricsOptions::default(), &|d, t| p.set(d, t)).ok();
            (scene_metrics, full)
        });
        self.metrics_job = job.ok();
    }

    fn restart_layout(&mut self, start: Option<Vec<Point>>) {
        let graph = LayoutGraph::from_study(&self.study);
        let radii: Vec<f32> = self
            .styles
            .as_ref()
            .map(|s| s.nodes.iter().map(|n| n.radius * LAYOUT_RADIUS).collect())
            .unwrap_or_else(|| vec![LAYOUT_RADIUS; self.study.node_count()]);
        let pinned: Vec<(usize, Point)> = self
            .pinned
            .iter()
            .enumerate()
            .filter(|(_, p)| **p)
            .filter_map(|(i, _)| self.positions.get(i).map(|p| (i, *p)))
            .collect();
        if start.is_none() {
            for p in &mut self.pinned {
                *p = false;
            }
        }
        let pinned = if start.is_some() { pinned } else { Vec::new() };
        self.layout.restart(graph, radii, self.seed, start, pinned);
    }

    fn restyle(&mut self) {
        // A filter or colour rule naming a metric not computed yet (betweenness before the
        // job ends) is not an error the user made: fall back to the rules that work.
        match scene::node_styles(&self.study, &self.metrics, &self.view) {
            Ok(s) => {
                self.styles = Some(s);
                self.style_error = None;
            }
            Err(e) => {
                self.style_error = Some(e.to_string());
            }
        }
        self.revision += 1;
    }
}

/// The view a study opens with: marks by kind, automatic labels, isolates and brokers
/// ringed, as most analysts want to see them first.
pub fn default_view() -> View {
    View {
        highlights: vec![Highlight::Isolates, Highlight::Brokers],
        ..View::default()
    }
}
