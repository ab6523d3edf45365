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
use crate::privacy;
use crate::scene::{
    self, Callout, Filter, FilterMode, Highlight, Labels, NodeMetrics, NodeStyles, View,
};

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
    /// The survey recipe (TOML) the study was imported with, kept so a later wave can be
    /// read the same way.
    pub recipe: Option<String>,
}

/// Why a figure of the document could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file name's extension names no figure format.
    #[error(
        "{}: unknown figure format; use {}",
        .file.display(),
        crate::render::FigureFormat::known_extensions()
    )]
    UnknownFormat {
        /// The file asked for.
        file: PathBuf,
    },
    /// Every saved view was asked for and there are none.
    #[error("There are no saved views to export.")]
    NoSavedViews,
    /// A saved view could not be drawn (the error names the view).
    #[error(transparent)]
    Project(#[from] project::ProjectError),
    /// The view names something the study lacks (such as a wave).
    #[error(transparent)]
    Scene(#[from] scene::SceneError),
    /// The figure could not be rendered or written.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// The analyst pressed Cancel.
    #[error("Cancelled.")]
    Cancelled,
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
    ColorBy(Option<String>),
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
    /// Draw the legend in exported figures.
    Legend(bool),
    /// The export settings kept with the project (format, page, DPI, folder, file name).
    SetExport(Box<project::ExportSettings>),
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
    /// Merge people judged to be one (node ids): the `absorb` nodes join `keep`, their ties
    /// move to it, and the merge is recorded in the study so it can be split again.
    MergeNodes {
        /// The node that stays.
        keep: String,
        /// The nodes merged into it.
        absorb: Vec<String>,
    },
    /// Split a recorded merge (its number in [`Study::merges`]) back into its nodes.
    Unmerge(usize),
    /// Delete nodes (by id) and their ties.
    DeleteNodes(Vec<String>),
    /// Replace the study with a changed version of itself (a survey wave added), keeping
    /// every node that remains where it was; new nodes start beside a neighbour.
    UpdateStudy(Box<Study>),
    /// Put back a whole study with its positions (the inverse of merges and deletions).
    SetStudy {
        /// The study as opened (every tie).
        study: Box<Study>,
        /// Positions in node order.
        positions: Vec<Point>,
        /// Pinned flags in node order.
        pinned: Vec<bool>,
    },
    /// Replace the notes pointing at nodes.
    SetCallouts(Vec<Callout>),
    /// Save the current view under a name (replacing a view of that name), with the camera.
    SaveView {
        /// The view's name.
        name: String,
        /// Where the canvas looks, or `None` to fit everything.
        camera: Option<Camera>,
    },
    /// Show a saved view (by its place in the list); the names stay as the study-wide
    /// anonymise switch says.
    ApplyView(usize),
    /// Put back a view with its relation and wave choice (the inverse of
    /// [`Command::ApplyView`]).
    SetViewState {
        /// The view.
        view: Box<View>,
        /// Relations in view.
        relations: Option<BTreeSet<String>>,
        /// Waves in view.
        waves: Option<BTreeSet<String>>,
    },
    /// Rename a saved view.
    RenameView {
        /// Its place in the list.
        index: usize,
        /// The new name.
        name: String,
    },
    /// Move a saved view to another place in the list.
    MoveView {
        /// Its place now.
        from: usize,
        /// Its place after the move.
        to: usize,
    },
    /// Delete a saved view.
    DeleteView(usize),
    /// Replace the list of saved views (the inverse of the view list edits).
    SetViews(Vec<SavedView>),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
}

impl Command {
    /// What the edit does, in a few words for the Edit menu ("Undo merge").
    pub fn describe(&self) -> String {
        let or_none = |x: &Option<String>, none: &str| x.clone().unwrap_or_else(|| none.into());
        match self {
            Command::ReplaceStudy { source, .. } => format!("open {}", source.name),
            Command::ColorBy(c) => format!("colour by {}", or_none(c, "nothing")),
            Command::SizeBy(c) => format!("size by {}", or_none(c, "nothing")),
            Command::ShapeByKind(_) => "marks by kind".into(),
            Command::WidthByWeight(_) => "tie width by weight".into(),
            Command::Labels(_) => "labels".into(),
            Command::FilterValues { attribute, .. } => format!("filter on {attribute}"),
            Command::FilterRange { name, .. } => format!("filter on {name}"),
            Command::ClearFilters | Command::SetFilters(_) => "filters".into(),
            Command::FilterMode(_) => "hide or fade".into(),
            Command::Highlight(..) => "highlight".into(),
            Command::Anonymise(true) => "hide names".into(),
            Command::Anonymise(false) => "show names".into(),
            Command::Legend(_) => "legend".into(),
            Command::SetExport(_) => "export settings".into(),
            Command::TitleCaption { .. } => "title and caption".into(),
            Command::TieSelection { .. } => "relations and waves".into(),
            Command::MoveNode { .. } => "move".into(),
            Command::RerunLayout(_) => "re-run layout".into(),
            Command::MergeNodes { .. } => "merge".into(),
            Command::Unmerge(_) => "split merge".into(),
            Command::DeleteNodes(ids) if ids.len() == 1 => "delete node".into(),
            Command::DeleteNodes(_) => "delete nodes".into(),
            Command::UpdateStudy(_) => "add wave".into(),
            Command::SetStudy { .. } => "study".into(),
            Command::SetCallouts(_) => "notes".into(),
            Command::SaveView { name, .. } => format!("save view \"{name}\""),
            Command::ApplyView(_) | Command::SetViewState { .. } => "show view".into(),
            Command::RenameView { .. } => "rename view".into(),
            Command::MoveView { .. } => "reorder views".into(),
            Command::DeleteView(_) => "delete view".into(),
            Command::SetViews(_) => "saved views".into(),
            Command::Select(_)
            | Command::EgoSteps(_)
            | Command::PauseLayout(_)
            | Command::Undo
            | Command::Redo => String::new(),
        }
    }

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
    /// Counts the changes of `full`, so that tables built from it know when to rebuild.
    full_generation: u64,
    metrics_job: Option<Job<(NodeMetrics, Option<Metrics>)>>,
    styles: Option<NodeStyles>,
    style_error: Option<String>,
    history: History,
    layout: LayoutWorker,
    seed: u64,
    revision: u64,
    saved_views: Vec<SavedView>,
    camera_request: Option<Option<Camera>>,
    edits: u64,
    saved_edits: u64,
    notice: Option<String>,
    wave_change: Option<WaveChange>,
    export: project::ExportSettings,
    project_path: Option<PathBuf>,
    /// The names shown when names are hidden, made once per study in view (panels and the
    /// canvas ask for them every frame).
    pseudonyms: privacy::Pseudonyms,
    /// The study in view's identifying node columns (see [`crate::privacy`]), hidden in
    /// every panel while names are hidden.
    identifying: std::collections::HashSet<String>,
}

/// How the ties changed when the canvas went from one wave to another, for the animated
/// transition and for colouring ties kept, gained and lost.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveChange {
    /// The wave shown before.
    pub from: String,
    /// The wave shown now.
    pub to: String,
    /// For each of [`Session::tie_pairs`]: whether the pair is new in this wave.
    pub gained: Vec<bool>,
    /// The pairs of the earlier wave that this wave lost.
    pub lost: Vec<scene::TiePair>,
    /// When the canvas switched, for the transition.
    pub started: std::time::Instant,
}

/// Applies the commands of one kind and returns the inverse, or gives the command back.
type Handler = fn(&mut Session, Command) -> Result<Command, Command>;

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
            full_generation: 0,
            metrics_job: None,
            styles: None,
            style_error: None,
            history: History::new(100),
            layout,
            seed: 1,
            revision: 0,
            saved_views: Vec::new(),
            camera_request: None,
            edits: 0,
            saved_edits: 0,
            notice: None,
            wave_change: None,
            export: project::ExportSettings::default(),
            project_path: None,
            pseudonyms: privacy::Pseudonyms::new(&Study::new(false)),
            identifying: Default::default(),
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

    /// A number that changes whenever [`Session::full_metrics`] changes.
    pub fn metrics_generation(&self) -> u64 {
        self.full_generation
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

    /// Whether names are hidden (pseudonyms shown instead, identifying columns left out).
    pub fn names_hidden(&self) -> bool {
        self.view.anonymise
    }

    /// The name to show for node `i`: its pseudonym when names are hidden, else its label
    /// (see [`privacy::Pseudonyms::shown`]).
    pub fn shown_name(&self, i: usize) -> &str {
        self.pseudonyms.shown(&self.study, i, self.view.anonymise)
    }

    /// Every node's shown name, in node order.
    pub fn shown_names(&self) -> Vec<String> {
        self.pseudonyms.shown_all(&self.study, self.view.anonymise)
    }

    /// Free text (a title, a note, a merged name) as it may be shown: with names hidden,
    /// people's names in it replaced by their pseudonyms.
    pub fn shown_text<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        self.pseudonyms.shown_text(text, self.view.anonymise)
    }

    /// Whether the node attribute `name` may be shown now: always with names shown; with
    /// names hidden, only when it is analytic (see [`crate::privacy::classify`]).
    pub fn shows_column(&self, name: &str) -> bool {
        !self.view.anonymise || !self.identifying.contains(name)
    }

    /// The pseudonyms of the study's people (the study in view and the study as opened have
    /// the same nodes), and a scrubber for free text.
    pub fn pseudonyms(&self) -> &privacy::Pseudonyms {
        &self.pseudonyms
    }

    /// The project as it may be shared with names hidden: the study anonymised (see
    /// [`privacy::anonymise`]), the views' titles, captions and notes with pseudonyms for
    /// names, style rules and filters on identifying columns left out, the recipe and the
    /// source's folder left out. Returns it with one line per column removed.
    pub fn anonymised_project(&self) -> (project::Project, Vec<String>) {
        project::anonymised(&self.to_project())
    }

    /// The export settings kept with the project.
    pub fn export_settings(&self) -> &project::ExportSettings {
        &self.export
    }

    /// The seed the layout started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The project file the document was opened from or last saved to.
    pub fn project_path(&self) -> Option<&std::path::Path> {
        self.project_path.as_deref()
    }

    /// The whole document as a project, to save.
    pub fn to_project(&self) -> project::Project {
        // Saved numbered 0..: positions are in the order of the people in view.
        let mut study = self.base.compacted();
        privacy::assign(&mut study);
        let mut p = project::Project::new(study);
        p.source = (&self.source).into();
        p.recipe = self.source.recipe.clone();
        p.view = self.view.for_export();
        p.relations = self.relations.clone();
        p.waves = self.waves.clone();
        p.saved_views = self.saved_views.clone();
        p.export = self.export.clone();
        p.layout = project::LayoutState {
            positions: self.positions.clone(),
            pinned: self.pinned.clone(),
            seed: self.seed,
            groups: Vec::new(),
        };
        p
    }

    /// Writes a figure of every saved view beside `output` (`fig.pdf` -> `fig-<view>.pdf`,
    /// as `kith render --all-views` does), in the format of its extension; returns the files.
    pub fn export_views(&self, output: &std::path::Path) -> Result<Vec<PathBuf>, ExportError> {
        let format = figure_format(output)?;
        let project = self.to_project();
        let names: Vec<&str> = project
            .saved_views
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        if names.is_empty() {
            return Err(ExportError::NoSavedViews);
        }
        let files = project::view_files(output, &names);
        for (name, file) in names.iter().zip(&files) {
            let scene = project.scene(Some(name), None)?;
            crate::render::write(&scene, format, project.export.dpi, file)?;
        }
        Ok(files)
    }

    /// The small-multiples figure of `waves`: one panel per wave on the positions of the
    /// canvas, ties kept, gained and lost since the panel before, one legend, on the page
    /// of the export settings (as `kith render --waves` draws it).
    pub fn waves_scene(&self, waves: &[String]) -> Result<scene::Scene, scene::SceneError> {
        let mut view = self.view.for_export();
        view.canvas = self.export.canvas;
        let layout = crate::layout::Layout {
            positions: self.positions.clone(),
            groups: Vec::new(),
        };
        scene::build_panels(&self.base.compacted(), &[layout], &view, waves).map(|f| f.scene)
    }

    /// Work for a background [`Job`] that writes to `output` the animated GIF of the change
    /// from `wave_a` to `wave_b` on the canvas's positions in the current view's style
    /// ([`scene::waves::transition_scene`]): ties fading in and out, everyone in place, as
    /// `kith render --waves A,B --animate` writes it. It stops, writing nothing, when
    /// cancelled.
    pub fn export_animation_work(
        &self,
        wave_a: &str,
        wave_b: &str,
        output: PathBuf,
    ) -> impl FnOnce(&Progress) -> Result<PathBuf, ExportError> + Send + 'static {
        let work = self.animation_work(wave_a, wave_b);
        move |p: &Progress| {
            let bytes = work(p)?;
            crate::render::write_file(&output, &bytes)?;
            Ok(output)
        }
    }

    /// The animated GIF as work that can run on another thread: what it needs is copied
    /// now, and the work builds each frame, rasterises the frames a few at a time (reporting
    /// progress and stopping when cancelled) and encodes the GIF.
    fn animation_work(
        &self,
        wave_a: &str,
        wave_b: &str,
    ) -> impl FnOnce(&Progress) -> Result<Vec<u8>, ExportError> + Send + 'static {
        let mut view = self.view.for_export();
        view.canvas = self.export.canvas;
        let layout = crate::layout::Layout {
            positions: self.positions.clone(),
            groups: Vec::new(),
        };
        // Positions are in the order of the study in view, numbered 0.. without gaps.
        let base = self.base.compacted();
        let (a, b) = (wave_a.to_string(), wave_b.to_string());
        move |p: &Progress| {
            let times = crate::render::animation_times(crate::render::GIF_FRAMES);
            // Steps: each frame built, each frame rasterised, the encoding.
            let total = 2 * times.len() + 1;
            let mut scenes = Vec::with_capacity(times.len());
            for t in times {
                if p.cancelled() {
                    return Err(ExportError::Cancelled);
                }
                scenes.push(scene::waves::transition_scene(
                    &base, &layout, &view, &a, &b, t,
                )?);
                p.set(scenes.len(), total);
            }
            let per_round = rayon::current_num_threads().max(1);
            let mut frames = Vec::with_capacity(scenes.len());
            for chunk in scenes.chunks(per_round) {
                if p.cancelled() {
                    return Err(ExportError::Cancelled);
                }
                frames.extend(crate::render::gif_frames(
                    chunk,
                    crate::render::GIF_MAX_WIDTH,
                )?);
                p.set(scenes.len() + frames.len(), total);
            }
            let bytes = crate::render::encode_gif(&frames, crate::render::GIF_FPS)?;
            if p.cancelled() {
                return Err(ExportError::Cancelled);
            }
            p.set(total, total);
            Ok(bytes)
        }
    }

    /// Writes [`Session::waves_scene`] to `output`, in the format of its extension.
    pub fn export_waves(
        &self,
        waves: &[String],
        output: &std::path::Path,
    ) -> Result<(), ExportError> {
        let format = figure_format(output)?;
        let scene = self.waves_scene(waves)?;
        Ok(crate::render::write(
            &scene,
            format,
            self.export.dpi,
            output,
        )?)
    }

    /// Saves the document to `path` (atomically) and remembers it as the project's file.
    pub fn save_project(&mut self, path: &std::path::Path) -> Result<(), project::ProjectError> {
        self.to_project().save(path)?;
        self.project_path = Some(path.to_path_buf());
        self.mark_saved();
        Ok(())
    }

    /// Opens a project as the document, exactly as it was saved: the study, the view and the
    /// saved views, and every node where it was (the layout waits, paused, until resumed).
    /// `path` is the project's file (`None` for a recovered project never saved). The undo
    /// history starts afresh.
    pub fn open_project(&mut self, project: project::Project, path: Option<PathBuf>) {
        let project::Project {
            source,
            view,
            relations,
            waves,
            saved_views,
            export,
            recipe,
            mut study,
            layout,
        } = project;
        privacy::assign(&mut study);
        let n = study.node_count();
        let placed = layout.positions.len() == n;
        self.base = study;
        self.source = Source {
            recipe,
            ..(&source).into()
        };
        self.view = view;
        self.relations = relations;
        self.waves = waves;
        self.saved_views = saved_views;
        self.export = export;
        self.seed = layout.seed;
        self.selection = None;
        self.wave_change = None;
        self.history = History::new(100);
        self.positions = if placed {
            layout.positions
        } else {
            vec![Point::default(); n]
        };
        self.pinned = if layout.pinned.len() == n {
            layout.pinned
        } else {
            vec![false; n]
        };
        self.project_path = path;
        if placed {
            self.layout.set_paused(true);
        }
        self.rebuild_view_study_with(!placed, true);
        self.edits = 0;
        self.saved_edits = 0;
    }

    /// The single wave in view, when the study has waves and one is chosen.
    pub fn wave(&self) -> Option<&str> {
        let set = self.waves.as_ref()?;
        if set.len() != 1 {
            return None;
        }
        set.iter().next().map(String::as_str)
    }

    /// How the ties changed from the wave shown before to the wave shown now.
    pub fn wave_change(&self) -> Option<&WaveChange> {
        self.wave_change.as_ref()
    }

    /// The saved views, in the order a workshop steps through them.
    pub fn saved_views(&self) -> &[SavedView] {
        &self.saved_views
    }

    /// The saved view whose view, relations and waves equal what is shown now, if any.
    pub fn current_saved_view(&self) -> Option<usize> {
        self.saved_views.iter().position(|v| {
            v.relations == self.relations
                && v.waves == self.waves
                && View {
                    anonymise: self.view.anonymise,
                    ..v.view.clone()
                } == self.view
        })
    }

    /// The camera a just-applied saved view asks for (`Some(None)`: fit everything); the
    /// canvas takes it once.
    pub fn take_camera_request(&mut self) -> Option<Option<Camera>> {
        self.camera_request.take()
    }

    /// Whether there are edits since the study was opened or last saved.
    pub fn is_dirty(&self) -> bool {
        self.edits != self.saved_edits
    }

    /// Counts up with every edit, undo and redo: autosave compares it with what it saved.
    pub fn edit_count(&self) -> u64 {
        self.edits
    }

    /// Marks the document as holding changes not in its file (recovered work).
    pub fn mark_unsaved(&mut self) {
        self.saved_edits = self.edits.wrapping_add(1);
    }

    /// Marks the document saved as it is now.
    pub fn mark_saved(&mut self) {
        self.saved_edits = self.edits;
    }

    /// Why the last edit could not be made (a merge of unknown people, ...), once.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
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
        if command.is_edit() || matches!(command, Command::Undo | Command::Redo) {
            self.edits += 1;
        }
        match command {
            Command::Undo => {
                if let Some((what, inverse)) = self.history.undo() {
                    let redo = self.apply_inner(inverse);
                    self.history.push_redo(what, redo);
                }
            }
            Command::Redo => {
                if let Some((what, again)) = self.history.redo() {
                    let inverse = self.apply_inner(again);
                    self.history.push_undo(what, inverse);
                }
            }
            c if c.is_edit() => {
                let what = c.describe();
                let inverse = self.apply_inner(c);
                self.history.record(what, inverse);
            }
            c => {
                self.apply_inner(c);
            }
        }
    }

    /// Applies a command and returns its inverse.
    fn apply_inner(&mut self, command: Command) -> Command {
        self.revision += 1;
        if let Command::Undo | Command::Redo = command {
            return command;
        }
        let handlers: [Handler; 4] = [
            Self::apply_style,
            Self::apply_study,
            Self::apply_saved_views,
            Self::apply_view,
        ];
        let mut command = command;
        for handle in handlers {
            match handle(self, command) {
                Ok(inverse) => return inverse,
                Err(c) => command = c,
            }
        }
        // Every command is one of the handlers' (a new one goes into one of them): this
        // leaves the document as it was.
        command
    }

    /// Replaces a field of the view, restyles, and returns the old value.
    fn restyle_with<T>(&mut self, field: impl FnOnce(&mut View) -> &mut T, value: T) -> T {
        let old = std::mem::replace(field(&mut self.view), value);
        self.restyle();
        old
    }

    /// Commands that replace one field of the view and restyle; gives back any other.
    fn apply_style(&mut self, command: Command) -> Result<Command, Command> {
        Ok(match command {
            Command::ColorBy(c) => Command::ColorBy(self.restyle_with(|v| &mut v.color_by, c)),
            Command::SizeBy(c) => Command::SizeBy(self.restyle_with(|v| &mut v.size_by, c)),
            Command::ShapeByKind(b) => {
                Command::ShapeByKind(self.restyle_with(|v| &mut v.shape_by_kind, b))
            }
            Command::WidthByWeight(b) => {
                Command::WidthByWeight(self.restyle_with(|v| &mut v.width_by_weight, b))
            }
            Command::Labels(l) => Command::Labels(self.restyle_with(|v| &mut v.labels, l)),
            Command::FilterMode(m) => {
                Command::FilterMode(self.restyle_with(|v| &mut v.filter_mode, m))
            }
            Command::Anonymise(b) => Command::Anonymise(self.restyle_with(|v| &mut v.anonymise, b)),
            Command::SetFilters(filters) => {
                Command::SetFilters(self.restyle_with(|v| &mut v.filters, filters))
            }
            Command::SetCallouts(callouts) => {
                Command::SetCallouts(self.restyle_with(|v| &mut v.callouts, callouts))
            }
            other => return Err(other),
        })
    }

    /// Commands that change the study, whose inverse is a snapshot of the whole study; gives
    /// back any other.
    fn apply_study(&mut self, command: Command) -> Result<Command, Command> {
        Ok(match command {
            Command::ReplaceStudy { study, source } => {
                let old_study = std::mem::replace(&mut self.base, Study::new(false));
                let old_source = self.source.clone();
                self.replace_study(*study, source);
                Command::ReplaceStudy {
                    study: Box::new(old_study),
                    source: old_source,
                }
            }
            Command::MergeNodes { keep, absorb } => {
                let before = self.snapshot();
                let mut study = self.base.clone();
                let ids: Option<Vec<NodeId>> = absorb.iter().map(|a| study.find(a)).collect();
                match (study.find(&keep), ids) {
                    (Some(k), Some(ids)) => match study.merge_nodes(
                        k,
                        &ids,
                        1.0,
                        vec!["merged by hand in the workbench".to_string()],
                        false,
                    ) {
                        Ok(_) => self.set_study_keeping_positions(study, &[]),
                        Err(e) => self.notice = Some(format!("Cannot merge: {e}")),
                    },
                    _ => self.notice = Some("Cannot merge: a person is not in the study".into()),
                }
                before
            }
            Command::Unmerge(index) => {
                let before = self.snapshot();
                let mut study = self.base.clone();
                match study.unmerge(index) {
                    Ok(merge) => {
                        let near: Vec<(String, String)> = merge
                            .absorbed
                            .iter()
                            .map(|a| (a.id.clone(), merge.kept.clone()))
                            .collect();
                        self.set_study_keeping_positions(study, &near);
                    }
                    Err(e) => self.notice = Some(format!("Cannot split the merge: {e}")),
                }
                before
            }
            Command::DeleteNodes(ids) => {
                let before = self.snapshot();
                let mut study = self.base.clone();
                let gone: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
                // Everyone else keeps their index: the study is a petgraph StableGraph.
                let nodes: Vec<NodeId> = gone.iter().filter_map(|id| study.find(id)).collect();
                study.remove_nodes(&nodes);
                self.view
                    .callouts
                    .retain(|c| !gone.contains(c.node.as_str()));
                self.set_study_keeping_positions(study, &[]);
                before
            }
            Command::UpdateStudy(study) => {
                let before = self.snapshot();
                self.set_study_keeping_positions(*study, &[]);
                before
            }
            Command::SetStudy {
                study,
                positions,
                pinned,
            } => {
                let before = self.snapshot();
                self.base = *study;
                self.positions = positions;
                self.pinned = pinned;
                self.selection = None;
                self.rebuild_view_study(false);
                before
            }
            other => return Err(other),
        })
    }

    /// Commands on the list of saved views; gives back any other.
    fn apply_saved_views(&mut self, command: Command) -> Result<Command, Command> {
        Ok(match command {
            Command::SaveView { name, camera } => {
                let old = self.saved_views.clone();
                let saved = SavedView {
                    name: name.trim().to_string(),
                    view: self.view.clone(),
                    relations: self.relations.clone(),
                    waves: self.waves.clone(),
                    camera,
                };
                match self.saved_views.iter_mut().find(|v| v.name == saved.name) {
                    Some(v) => *v = saved,
                    None => self.saved_views.push(saved),
                }
                Command::SetViews(old)
            }
            Command::ApplyView(index) => {
                let old = self.view_state();
                if let Some(v) = self.saved_views.get(index).cloned() {
                    self.camera_request = Some(v.camera);
                    let mut view = v.view;
                    // Names stay as the study-wide switch says: a view saved with names
                    // visible must not reveal them in a workshop.
                    view.anonymise = self.view.anonymise;
                    self.set_view_state(view, v.relations, v.waves);
                }
                old
            }
            Command::SetViewState {
                view,
                relations,
                waves,
            } => {
                let old = self.view_state();
                self.set_view_state(*view, relations, waves);
                old
            }
            Command::RenameView { index, name } => {
                let old = self.saved_views.clone();
                let name = name.trim().to_string();
                let taken = self
                    .saved_views
                    .iter()
                    .enumerate()
                    .any(|(i, v)| i != index && v.name == name);
                if taken || name.is_empty() {
                    self.notice = Some(format!("A view needs a name of its own: \"{name}\""));
                } else if let Some(v) = self.saved_views.get_mut(index) {
                    v.name = name;
                }
                Command::SetViews(old)
            }
            Command::MoveView { from, to } => {
                let old = self.saved_views.clone();
                if from < self.saved_views.len() && to < self.saved_views.len() {
                    let v = self.saved_views.remove(from);
                    self.saved_views.insert(to, v);
                }
                Command::SetViews(old)
            }
            Command::DeleteView(index) => {
                let old = self.saved_views.clone();
                if index < self.saved_views.len() {
                    self.saved_views.remove(index);
                }
                Command::SetViews(old)
            }
            Command::SetViews(views) => {
                Command::SetViews(std::mem::replace(&mut self.saved_views, views))
            }
            other => return Err(other),
        })
    }

    /// Commands on the rest of the view (filters, highlights, selection, ties shown, layout).
    /// Lists every other command, so that a new one fails to compile until it has a handler.
    fn apply_view(&mut self, command: Command) -> Result<Command, Command> {
        Ok(match command {
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
            Command::Legend(b) => {
                let old = std::mem::replace(&mut self.view.legend, b);
                Command::Legend(old)
            }
            Command::SetExport(settings) => {
                Command::SetExport(Box::new(std::mem::replace(&mut self.export, *settings)))
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
                let from = self.wave().map(str::to_string);
                let or = std::mem::replace(&mut self.relations, relations);
                let ow = std::mem::replace(&mut self.waves, waves);
                let relayout = or != self.relations;
                let old_pairs = std::mem::take(&mut self.ties);
                self.rebuild_view_study_with(false, relayout);
                self.resume_if(relayout);
                self.note_wave_change(from, old_pairs);
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
            c @ (Command::ColorBy(_)
            | Command::SizeBy(_)
            | Command::ShapeByKind(_)
            | Command::WidthByWeight(_)
            | Command::Labels(_)
            | Command::FilterMode(_)
            | Command::Anonymise(_)
            | Command::SetFilters(_)
            | Command::SetCallouts(_)
            | Command::ReplaceStudy { .. }
            | Command::MergeNodes { .. }
            | Command::Unmerge(_)
            | Command::DeleteNodes(_)
            | Command::UpdateStudy(_)
            | Command::SetStudy { .. }
            | Command::SaveView { .. }
            | Command::ApplyView(_)
            | Command::SetViewState { .. }
            | Command::RenameView { .. }
            | Command::MoveView { .. }
            | Command::DeleteView(_)
            | Command::SetViews(_)
            | Command::Undo
            | Command::Redo) => return Err(c),
        })
    }

    /// The whole study with positions, as the inverse of a structural edit.
    fn snapshot(&self) -> Command {
        Command::SetStudy {
            study: Box::new(self.base.clone()),
            positions: self.positions.clone(),
            pinned: self.pinned.clone(),
        }
    }

    fn view_state(&self) -> Command {
        Command::SetViewState {
            view: Box::new(self.view.clone()),
            relations: self.relations.clone(),
            waves: self.waves.clone(),
        }
    }

    fn set_view_state(
        &mut self,
        view: View,
        relations: Option<BTreeSet<String>>,
        waves: Option<BTreeSet<String>>,
    ) {
        self.view = view;
        if let Some(id) = self.view.highlights.iter().find_map(|h| match h {
            Highlight::Ego(id) => Some(id.clone()),
            _ => None,
        }) {
            self.selection = self.study.find(&id);
        }
        if relations != self.relations || waves != self.waves {
            let from = self.wave().map(str::to_string);
            let relayout = relations != self.relations;
            self.relations = relations;
            self.waves = waves;
            let old_pairs = std::mem::take(&mut self.ties);
            self.rebuild_view_study_with(false, relayout);
            self.resume_if(relayout);
            self.note_wave_change(from, old_pairs);
        } else {
            self.restyle();
        }
    }

    /// Replaces the base study after a merge, split or deletion, keeping every remaining
    /// node where it was (by id) so the picture does not jump; a node that reappears is put
    /// beside the node named in `near` (its id, the neighbour's id).
    fn set_study_keeping_positions(&mut self, study: Study, near: &[(String, String)]) {
        let mut at: std::collections::HashMap<&str, (Point, bool)> = self
            .base
            .nodes()
            .iter()
            .zip(self.positions.iter().zip(&self.pinned))
            .map(|(n, (p, pin))| (n.id.as_str(), (*p, *pin)))
            .collect();
        let mut extra = Vec::new();
        for (k, (id, beside)) in near.iter().enumerate() {
            if let Some((p, _)) = at.get(beside.as_str()) {
                let offset = 2.0 * LAYOUT_RADIUS * (k as f32 + 1.0);
                extra.push((id.clone(), Point::new(p.x + offset, p.y + offset)));
            }
        }
        for (id, p) in &extra {
            at.insert(id.as_str(), (*p, false));
        }
        let mut positions: Vec<Option<Point>> = study
            .nodes()
            .iter()
            .map(|n| at.get(n.id.as_str()).map(|x| x.0))
            .collect();
        place_new_nodes(&study, &mut positions);
        self.positions = positions
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        self.pinned = study
            .nodes()
            .iter()
            .map(|n| at.get(n.id.as_str()).is_some_and(|x| x.1))
            .collect();
        let selected = self
            .selection
            .and_then(|s| self.study.node(s))
            .map(|n| n.id.clone());
        let mut study = study;
        if study.pseudonyms().is_empty() {
            study.set_pseudonyms(self.base.pseudonyms().clone());
        }
        // People new to the study (a later wave, a split merge) get the next pseudonyms;
        // everyone else keeps theirs.
        privacy::assign(&mut study);
        self.base = study;
        // The selection is an index into the study in view, which is numbered anew.
        self.rebuild_view_study(false);
        self.selection = selected.and_then(|id| self.study.find(&id));
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
                self.full_generation += 1;
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
            self.full_generation += 1;
            self.restyle();
        }
        self.revision += 1;
    }

    fn replace_study(&mut self, mut study: Study, source: Source) {
        privacy::assign(&mut study);
        self.base = study;
        self.source = source;
        self.relations = None;
        self.waves = None;
        self.selection = None;
        // Style rules that name attributes the new study lacks would fail: start plain.
        let keep_anonymise = self.view.anonymise;
        self.view = default_view();
        // The bundled sample opens on the picture it was made to show.
        if self.source.path.is_none() && self.source.name == crate::sample::SOURCE_NAME {
            let (view, relations) = crate::sample::first_view(&self.base);
            self.view = view;
            self.relations = relations;
        }
        self.view.anonymise = keep_anonymise;
        self.rebuild_view_study(true);
    }

    /// After a change of the waves in view: how the ties changed, when both the old and the
    /// new view are single waves.
    fn note_wave_change(&mut self, from: Option<String>, old_pairs: Vec<scene::TiePair>) {
        self.wave_change = match (from, self.wave().map(str::to_string)) {
            (Some(from), Some(to)) if from != to => {
                let old: BTreeSet<(usize, usize)> = old_pairs.iter().map(|p| (p.a, p.b)).collect();
                let new: BTreeSet<(usize, usize)> = self.ties.iter().map(|p| (p.a, p.b)).collect();
                Some(WaveChange {
                    from,
                    to,
                    gained: self
                        .ties
                        .iter()
                        .map(|p| !old.contains(&(p.a, p.b)))
                        .collect(),
                    lost: old_pairs
                        .into_iter()
                        .filter(|p| !new.contains(&(p.a, p.b)))
                        .collect(),
                    started: std::time::Instant::now(),
                })
            }
            _ => None,
        };
    }

    /// Derives the study in view from the base study and the relation/wave choice, then
    /// restarts metrics and layout.
    fn rebuild_view_study(&mut self, fresh_layout: bool) {
        self.wave_change = None;
        self.rebuild_view_study_with(fresh_layout, true);
    }

    /// The study in view: one wave as it was (its ties, and its values of the attributes
    /// measured per wave), or the ties of the chosen waves; then the chosen relations.
    fn view_study(&self) -> Study {
        project::study_in_view(&self.base, self.relations.as_ref(), self.waves.as_ref())
    }

    /// As [`Session::rebuild_view_study`]; the layout keeps running undisturbed unless
    /// `relayout` (switching waves keeps everyone where they are, on the layout of all
    /// waves together).
    fn rebuild_view_study_with(&mut self, fresh_layout: bool, relayout: bool) {
        let study = self.view_study();
        self.study = study;
        self.pseudonyms = privacy::Pseudonyms::new(&self.study);
        self.identifying = privacy::identifying_node_columns(&self.study);
        self.ties = scene::tie_pairs(&self.study);
        self.tie_weights = scene::tie_weight_range(&self.ties);
        let n = self.study.node_count();
        if fresh_layout || self.positions.len() != n {
            self.positions = vec![Point::default(); n];
            self.pinned = vec![false; n];
        }
        self.metrics = scene::metrics_input::compute(&self.study, false);
        self.full = None;
        self.full_generation += 1;
        self.start_metrics();
        self.restyle();
        if relayout || fresh_layout {
            let start = (!fresh_layout).then(|| self.positions.clone());
            self.restart_layout(start);
        }
        self.revision += 1;
    }

    fn start_metrics(&mut self) {
        if let Some(old) = self.metrics_job.take() {
            old.progress.cancel();
        }
        let study = self.study.clone();
        let job = Job::spawn("kith-metrics", "Computing metrics", move |p: &Progress| {
            let scene_metrics = scene::metrics_input::compute(&study, true);
            let mut full =
                analysis::metrics(&study, &MetricsOptions::default(), &|d, t| p.set(d, t)).ok();
            // As on the canvas: someone who took no part in the wave shown is not its isolate.
            if let Some(m) = &mut full {
                for (i, out) in crate::model::presence::left_out(&study)
                    .into_iter()
                    .enumerate()
                {
                    if out && let Some(x) = m.nodes.isolate.get_mut(i) {
                        *x = false;
                    }
                }
            }
            (scene_metrics, full)
        });
        self.metrics_job = job.ok();
    }

    fn restart_layout(&mut self, start: Option<Vec<Point>>) {
        // Laid out on every wave's ties together, so a person sits in the same place in
        // every wave and switching waves shows change, not movement.
        let graph = if self.waves.is_some() {
            LayoutGraph::from_study(&project::study_in_view(
                &self.base,
                self.relations.as_ref(),
                None,
            ))
        } else {
            LayoutGraph::from_study(&self.study)
        };
        let mut radii: Vec<f32> = self
            .styles
            .as_ref()
            .map(|s| s.nodes.iter().map(|n| n.radius * LAYOUT_RADIUS).collect())
            .unwrap_or_else(|| vec![LAYOUT_RADIUS; self.study.node_count()]);
        // Who takes no part in the relations shown is not drawn, so gets no room (in one
        // wave, the absent keep theirs: the layout is the one of every wave).
        if self.waves.is_none() {
            for (r, out) in radii
                .iter_mut()
                .zip(crate::model::presence::left_out(&self.study))
            {
                if out {
                    *r = 0.0;
                }
            }
        }
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

    /// Other relations were chosen: the layout moves on to fit their ties even if it was
    /// paused (as a project opens), or the picture would keep the old relations' shape.
    fn resume_if(&mut self, relayout: bool) {
        if relayout && self.layout.paused() {
            self.layout.set_paused(false);
        }
    }

    /// Whether node `i` took no part in the single wave shown.
    pub fn is_absent(&self, i: usize) -> bool {
        crate::model::presence::left_out(&self.study)
            .get(i)
            .copied()
            .unwrap_or(false)
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

/// Gives nodes without a position one: beside a placed neighbour, or else on a spiral
/// around the middle of the placed nodes, so that no two new nodes start on one spot.
fn place_new_nodes(study: &Study, positions: &mut [Option<Point>]) {
    let placed: Vec<Point> = positions.iter().flatten().copied().collect();
    let n = placed.len().max(1) as f32;
    let centre = Point::new(
        placed.iter().map(|p| p.x).sum::<f32>() / n,
        placed.iter().map(|p| p.y).sum::<f32>() / n,
    );
    let mut k = 0usize;
    for _ in 0..2 {
        // Twice: a new node named only by another new node is placed in the second round.
        for t in study.ties() {
            let (a, b) = (t.source.index(), t.target.index());
            for (x, y) in [(a, b), (b, a)] {
                if positions.get(x).is_some_and(Option::is_none)
                    && let Some(Some(p)) = positions.get(y).copied()
                {
                    k += 1;
                    let angle = k as f32 * 2.399_963;
                    positions[x] = Some(Point::new(
                        p.x + 2.0 * LAYOUT_RADIUS * angle.cos(),
                        p.y + 2.0 * LAYOUT_RADIUS * angle.sin(),
                    ));
                }
            }
        }
    }
    for p in positions.iter_mut().filter(|p| p.is_none()) {
        k += 1;
        // The golden angle spreads points evenly on a growing spiral.
        let angle = k as f32 * 2.399_963;
        let r = 3.0 * LAYOUT_RADIUS * (k as f32).sqrt();
        *p = Some(Point::new(
            centre.x + r * angle.cos(),
            centre.y + r * angle.sin(),
        ));
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

/// The figure format `output`'s extension names ([`ExportError::UnknownFormat`] lists the
/// known ones).
fn figure_format(output: &std::path::Path) -> Result<crate::render::FigureFormat, ExportError> {
    crate::render::FigureFormat::from_path(output).ok_or_else(|| ExportError::UnknownFormat {
        file: output.to_path_buf(),
    })
}
