//! The `.kith` project file: the whole open document in one file, so a study reopens
//! exactly as it was left and every figure can be drawn again from it.
//!
//! A project holds the study (nodes, ties, attributes and the merge record), the survey
//! recipe it was read with, where it came from, the layout (positions, pins, seed), the
//! current view with its relation and wave choice, the saved views, the export settings and
//! the pseudonyms given to people. On disk it is UTF-8 JSON with an envelope
//! (`"format": "kith-project"`, `"version"`, `"kith"`); `docs/project-format.md` documents
//! every field, the versioning policy and the recovery files.
//!
//! Saving is atomic ([`crate::io::save_atomic`]): a crash or a full disk leaves the old
//! file as it was. Loading checks the envelope, upgrades older versions through
//! [`migrate`], and checks that the content fits together before anything uses it.
//!
//! Autosave for crash recovery goes through [`RecoveryDir`]: the workbench calls
//! [`Project::save_recovery`] on a timer while there are unsaved changes,
//! [`discard_recovery`] after a successful save or a clean exit, and [`find_recovery`]
//! (or [`RecoveryDir::list`]) at start-up to offer what a crash left.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{Camera, SavedView, Source, default_view};
use crate::io::{WriteStep, display_name, save_atomic_with};
use crate::layout::{self, Kind, Layout, Point};
use crate::model::{NodeId, Study};
use crate::privacy::{self, Pseudonyms};
use crate::render;
use crate::scene::{self, Canvas, Filter, Highlight, Scene, SceneError, View};

/// The value of the envelope's `"format"` field.
pub const FORMAT: &str = "kith-project";

/// The project format version this Kith writes, and the newest it reads.
pub const VERSION: u32 = 1;

/// The file name extension of project files (without the dot).
pub const EXTENSION: &str = "kith";

/// Layout iterations used to lay out a project that has no saved positions.
pub const LAYOUT_ITERATIONS: usize = 1000;

/// How old a temporary file left by an interrupted save must be before a later save of the
/// same project removes it (younger ones may belong to a save still running elsewhere).
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// Why a project could not be read, written or drawn. Messages about the file name it;
/// those about drawing a view ([`ProjectError::NoSuchView`], [`ProjectError::Scene`]) name
/// the view, and the caller adds the file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// The file could not be read from disk.
    #[error("{file}: cannot be read: {source}")]
    Read {
        /// The file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file could not be written (the previous file, if any, is unchanged).
    #[error("{file}: cannot be written (the previous file is unchanged): {source}")]
    Write {
        /// The file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is something else: not JSON, or JSON without the project envelope.
    #[error("{file} is not a Kith project file: {reason}")]
    NotProject {
        /// The file.
        file: String,
        /// What was found instead.
        reason: String,
    },
    /// A newer Kith wrote the file in a format version this one does not know.
    #[error(
        "{file} was made by a newer Kith (version {made_by}, project format {version}); this \
         Kith ({ours}) reads project formats up to version {max}: update Kith to open it",
        ours = env!("CARGO_PKG_VERSION"),
        max = VERSION
    )]
    TooNew {
        /// The file.
        file: String,
        /// The file's format version.
        version: u64,
        /// The Kith version that wrote it, as the file says.
        made_by: String,
    },
    /// The JSON is damaged (cut short, edited by hand) or a field has the wrong type.
    #[error("{file} line {line}, column {column}: {message}")]
    Damaged {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json found.
        message: String,
    },
    /// The content does not fit together (a tie to a missing node, too few positions, two
    /// saved views with one name...).
    #[error("{file}: the project is inconsistent: {problem}")]
    Inconsistent {
        /// The file.
        file: String,
        /// The first problem found.
        #[source]
        problem: Inconsistency,
    },
    /// An older format version could not be upgraded.
    #[error("{file}: cannot upgrade project format version {from}: {source}")]
    Migration {
        /// The file.
        file: String,
        /// The file's version.
        from: u32,
        /// What went wrong.
        source: MigrationError,
    },
    /// The document cannot be saved as it is (e.g. a position that is not a number).
    #[error("{file}: cannot be saved: {problem}")]
    Unsavable {
        /// The file.
        file: String,
        /// What is wrong.
        #[source]
        problem: EncodeError,
    },
    /// `--view NAME` names no saved view.
    #[error("there is no saved view \"{name}\" (saved views: {known})")]
    NoSuchView {
        /// The name asked for.
        name: String,
        /// The saved views' names, comma-separated, or "none".
        known: String,
    },
    /// The view names something the study lacks.
    #[error("view \"{view}\": {source}")]
    Scene {
        /// The view's name ("current" for the current view).
        view: String,
        /// What the scene builder said.
        source: SceneError,
    },
}

/// The first way in which a project's content does not fit together ([`Project::check`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Inconsistency {
    /// Two nodes share an id.
    #[error("two nodes have the id \"{id}\"")]
    DuplicateNodeId {
        /// The id.
        id: String,
    },
    /// A tie's end is not one of the nodes.
    #[error("tie {tie} points at node {node}, but the study has {nodes} nodes")]
    TieEnd {
        /// The tie's number.
        tie: usize,
        /// The node number it points at.
        node: u32,
        /// How many nodes the study has.
        nodes: usize,
    },
    /// A tie's relation is not one of the study's relations.
    #[error("tie {tie} has relation {relation}, but the study has {relations} relations")]
    TieRelation {
        /// The tie's number.
        tie: usize,
        /// Its relation number.
        relation: u16,
        /// How many relations the study has.
        relations: usize,
    },
    /// A tie's wave is not one of the study's waves.
    #[error("tie {tie} has wave {wave}, but the study has {waves} waves")]
    TieWave {
        /// The tie's number.
        tie: usize,
        /// Its wave number.
        wave: u16,
        /// How many waves the study has.
        waves: usize,
    },
    /// A tie's weight is infinite or not a number.
    #[error("tie {tie} has a weight that is not a number")]
    TieWeight {
        /// The tie's number.
        tie: usize,
    },
    /// A node attribute without one value per node.
    #[error("the node attribute \"{name}\" has {values} values but the study has {nodes} nodes")]
    NodeAttributeLength {
        /// The attribute.
        name: String,
        /// How many values it has.
        values: usize,
        /// How many nodes the study has.
        nodes: usize,
    },
    /// A tie attribute without one value per tie.
    #[error("the tie attribute \"{name}\" has {values} values but the study has {ties} ties")]
    TieAttributeLength {
        /// The attribute.
        name: String,
        /// How many values it has.
        values: usize,
        /// How many ties the study has.
        ties: usize,
    },
    /// A recorded merge whose score is infinite or not a number.
    #[error("merge {merge} has a score that is not a number")]
    MergeScore {
        /// The merge's number, from 1.
        merge: usize,
    },
    /// The layout's positions are not one per node.
    #[error("the layout has {positions} positions but the study has {nodes} nodes")]
    Positions {
        /// How many positions there are.
        positions: usize,
        /// How many nodes the study has.
        nodes: usize,
    },
    /// The layout's pin flags are not one per node.
    #[error("the layout has {pins} pin flags but the study has {nodes} nodes")]
    Pins {
        /// How many pin flags there are.
        pins: usize,
        /// How many nodes the study has.
        nodes: usize,
    },
    /// A position that is infinite or not a number.
    #[error("the position of node {node} is not a number")]
    Position {
        /// The node's number.
        node: usize,
    },
    /// A saved view with an empty name.
    #[error("saved view number {number} has no name")]
    UnnamedView {
        /// The view's number, from 1.
        number: usize,
    },
    /// Two saved views with one name.
    #[error("two saved views are called \"{name}\"; names must be unique")]
    DuplicateView {
        /// The name.
        name: String,
    },
    /// A saved view whose canvas is unusable.
    #[error("saved view \"{name}\": {problem}")]
    SavedViewCanvas {
        /// The view's name.
        name: String,
        /// What is wrong with its canvas.
        #[source]
        problem: CanvasProblem,
    },
    /// A saved view whose camera is infinite or not a number.
    #[error("saved view \"{name}\": the camera is not a number")]
    SavedViewCamera {
        /// The view's name.
        name: String,
    },
    /// The current view's canvas is unusable.
    #[error("the current view: {0}")]
    CurrentViewCanvas(#[source] CanvasProblem),
    /// The export settings' canvas is unusable.
    #[error("export settings: {0}")]
    ExportCanvas(#[source] CanvasProblem),
    /// The export settings' DPI is not a positive number.
    #[error("export settings: the DPI must be a positive number")]
    ExportDpi,
    /// A node whose pseudonym is blank.
    #[error("node \"{id}\" has an empty pseudonym")]
    EmptyPseudonym {
        /// The node's id.
        id: String,
    },
    /// Two nodes with one pseudonym.
    #[error("nodes \"{first}\" and \"{second}\" have the same pseudonym \"{pseudonym}\"")]
    SharedPseudonym {
        /// The node that has it first.
        first: String,
        /// The node that has it too.
        second: String,
        /// The pseudonym.
        pseudonym: String,
    },
}

/// A canvas that cannot be drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CanvasProblem {
    /// A page whose width or height is not a positive number.
    #[error("the page size must be positive numbers")]
    PageSize,
    /// A pixel canvas with no width or no height.
    #[error("the image size must not be zero")]
    ImageSize,
}

/// Why an older project could not be upgraded to [`VERSION`] ([`migrate`]).
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// Format versions start at 1.
    #[error("there is no project format version 0")]
    VersionZero,
    /// The version is newer than this Kith's.
    #[error("version {from} is newer than this Kith's version {max}", max = VERSION)]
    Newer {
        /// The version asked for.
        from: u32,
    },
    /// No step from this version to the next is known.
    #[error("no upgrade from version {version} is known")]
    NoStep {
        /// The version.
        version: u32,
    },
    /// The upgraded JSON does not read as a project.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// Why a project could not be turned into a file's bytes.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The content does not fit together, so the file could not be read back.
    #[error(transparent)]
    Inconsistent(#[from] Inconsistency),
    /// The JSON writer refused a value.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// Where the study came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProjectSource {
    /// A short name for the title bar ("survey.csv").
    #[serde(default)]
    pub name: String,
    /// The file it was imported from, as given (not necessarily still there).
    #[serde(default, serialize_with = "lossy_path")]
    pub path: Option<PathBuf>,
}

impl From<&Source> for ProjectSource {
    fn from(s: &Source) -> Self {
        ProjectSource {
            name: s.name.clone(),
            path: s.path.clone(),
        }
    }
}

impl From<&ProjectSource> for Source {
    fn from(s: &ProjectSource) -> Self {
        Source {
            name: s.name.clone(),
            path: s.path.clone(),
            recipe: None,
        }
    }
}

/// Node positions, pins and the layout seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutState {
    /// One position per node in node order, in layout units; empty when the study has not
    /// been laid out (it is then laid out from `seed` when drawn).
    #[serde(default)]
    pub positions: Vec<Point>,
    /// Whether each node is pinned where the user put it; empty, or one per node.
    #[serde(default)]
    pub pinned: Vec<bool>,
    /// The seed the layout started from.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The framed groups of a layout grouped by an attribute (`kith render --layout
    /// grouped:ATTR`); empty for a force-directed layout.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::layout::GroupBox>,
}

fn default_seed() -> u64 {
    1
}

impl Default for LayoutState {
    fn default() -> Self {
        LayoutState {
            positions: Vec::new(),
            pinned: Vec::new(),
            seed: default_seed(),
            groups: Vec::new(),
        }
    }
}

/// A figure file format, as remembered by the export dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// SVG text.
    Svg,
    /// PNG image.
    #[default]
    Png,
    /// PDF document.
    Pdf,
    /// TIFF image (LZW).
    Tiff,
    /// JPEG image.
    Jpeg,
    /// WebP image (lossless).
    Webp,
}

impl ExportFormat {
    /// The renderer's format.
    pub fn render_format(self) -> render::FigureFormat {
        match self {
            ExportFormat::Svg => render::FigureFormat::Svg,
            ExportFormat::Png => render::FigureFormat::Png,
            ExportFormat::Pdf => render::FigureFormat::Pdf,
            ExportFormat::Tiff => render::FigureFormat::Tiff,
            ExportFormat::Jpeg => render::FigureFormat::Jpeg,
            ExportFormat::Webp => render::FigureFormat::Webp,
        }
    }

    /// The export format of a renderer format.
    pub fn of(format: render::FigureFormat) -> Self {
        match format {
            render::FigureFormat::Svg => ExportFormat::Svg,
            render::FigureFormat::Png => ExportFormat::Png,
            render::FigureFormat::Pdf => ExportFormat::Pdf,
            render::FigureFormat::Tiff => ExportFormat::Tiff,
            render::FigureFormat::Jpeg => ExportFormat::Jpeg,
            render::FigureFormat::Webp => ExportFormat::Webp,
        }
    }

    /// The file extension (`svg`, `png`, `pdf`, `tif`, `jpg`, `webp`).
    pub fn extension(self) -> &'static str {
        self.render_format().extension()
    }
}

/// What the export dialog last used. Figures drawn from the project use this canvas and
/// DPI, so `kith render project.kith` gives the figure the workbench exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// The last format chosen.
    pub format: ExportFormat,
    /// The page or image size.
    pub canvas: Canvas,
    /// Resolution of raster files (PNG, TIFF, JPEG, WebP) of a page, in dots per inch.
    pub dpi: f32,
    /// The folder the last figure was written to.
    #[serde(serialize_with = "lossy_path")]
    pub directory: Option<PathBuf>,
    /// The last figure's file name (without the folder).
    pub file_name: Option<String>,
}

impl Default for ExportSettings {
    fn default() -> Self {
        ExportSettings {
            format: ExportFormat::Png,
            canvas: Canvas::A4,
            dpi: 200.0,
            directory: None,
            file_name: None,
        }
    }
}

/// The whole document as saved in a `.kith` file. Plain data: the workbench fills it from
/// its session and builds a session from it; the command line draws figures from it.
///
/// The pseudonyms given to people live in the study ([`Study::pseudonyms`], see
/// [`crate::privacy`]); the file keeps them in a `pseudonyms` field beside the study.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "ProjectFile")]
pub struct Project {
    /// Where the study came from.
    pub source: ProjectSource,
    /// The current view: style, filters, highlights, labels, title, caption, callouts.
    pub view: View,
    /// The relations in view (`None`: all).
    pub relations: Option<BTreeSet<String>>,
    /// The waves in view (`None`: all).
    pub waves: Option<BTreeSet<String>>,
    /// Named views, in the order the user made them; names are unique.
    pub saved_views: Vec<SavedView>,
    /// What the export dialog last used.
    pub export: ExportSettings,
    /// The survey recipe (TOML text) the study was imported with, if it came from a survey.
    pub recipe: Option<String>,
    /// Nodes, ties, relations, waves, attributes, the merge record and the pseudonyms, with
    /// every tie (the relation and wave choice is applied when drawing).
    pub study: Study,
    /// Node positions, pins and seed.
    pub layout: LayoutState,
}

/// A project as its file holds it (the fields in file order, the pseudonyms beside the
/// study).
#[derive(Deserialize)]
struct ProjectFile {
    #[serde(default)]
    source: ProjectSource,
    #[serde(default = "default_view")]
    view: View,
    #[serde(default)]
    relations: Option<BTreeSet<String>>,
    #[serde(default)]
    waves: Option<BTreeSet<String>>,
    #[serde(default)]
    saved_views: Vec<SavedView>,
    #[serde(default)]
    export: ExportSettings,
    #[serde(default)]
    recipe: Option<String>,
    /// Node id -> pseudonym (`P001`...).
    #[serde(default)]
    pseudonyms: BTreeMap<String, String>,
    study: Study,
    #[serde(default)]
    layout: LayoutState,
}

/// [`ProjectFile`] borrowed from a project, to write it.
#[derive(Serialize)]
struct ProjectFileRef<'a> {
    source: &'a ProjectSource,
    view: &'a View,
    relations: &'a Option<BTreeSet<String>>,
    waves: &'a Option<BTreeSet<String>>,
    saved_views: &'a [SavedView],
    export: &'a ExportSettings,
    recipe: &'a Option<String>,
    pseudonyms: &'a BTreeMap<String, String>,
    study: &'a Study,
    layout: &'a LayoutState,
}

impl From<ProjectFile> for Project {
    fn from(f: ProjectFile) -> Self {
        let mut study = f.study;
        study.set_pseudonyms(f.pseudonyms);
        Project {
            source: f.source,
            view: f.view,
            relations: f.relations,
            waves: f.waves,
            saved_views: f.saved_views,
            export: f.export,
            recipe: f.recipe,
            study,
            layout: f.layout,
        }
    }
}

impl Serialize for Project {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ProjectFileRef {
            source: &self.source,
            view: &self.view,
            relations: &self.relations,
            waves: &self.waves,
            saved_views: &self.saved_views,
            export: &self.export,
            recipe: &self.recipe,
            pseudonyms: self.study.pseudonyms(),
            study: &self.study,
            layout: &self.layout,
        }
        .serialize(serializer)
    }
}

/// What the envelope of a project file says, read without reading the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The format version.
    pub version: u32,
    /// The Kith version that wrote the file.
    pub kith: String,
    /// For a recovery file, the project it recovers (`None`: an unsaved study or not a
    /// recovery file).
    pub recovery_of: Option<PathBuf>,
    /// Whether the file is a recovery file.
    pub is_recovery: bool,
}

/// The relations and waves in view (`None`: all).
type TieChoice<'a> = (Option<&'a BTreeSet<String>>, Option<&'a BTreeSet<String>>);

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    version: u32,
    kith: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery: Option<RecoveryNote>,
    #[serde(flatten)]
    project: &'a Project,
}

#[derive(Debug, Serialize, Deserialize)]
struct RecoveryNote {
    #[serde(serialize_with = "lossy_path")]
    project: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
    kith: Option<serde_json::Value>,
    recovery: Option<RecoveryNote>,
}

impl Project {
    /// A project on `study` with everything else as a newly opened study has it.
    pub fn new(study: Study) -> Self {
        Project {
            source: ProjectSource {
                name: study.name.clone(),
                path: None,
            },
            view: default_view(),
            relations: None,
            waves: None,
            saved_views: Vec::new(),
            export: ExportSettings::default(),
            recipe: None,
            study,
            layout: LayoutState::default(),
        }
    }

    /// The saved view called `name`.
    pub fn saved_view(&self, name: &str) -> Option<&SavedView> {
        self.saved_views.iter().find(|v| v.name == name)
    }

    /// Gives every person without a pseudonym the next free one and returns how many were
    /// given. Pseudonyms already given never change and are never reused (an entry stays
    /// when its person is merged away, so an undo brings the same pseudonym back). On a
    /// project without any, people get `P001`, `P002`, ... in node order, the numbering
    /// figures have used so far; later newcomers get numbers after the highest given.
    pub fn assign_pseudonyms(&mut self) -> usize {
        privacy::assign(&mut self.study)
    }

    /// The names to show when names are hidden: the study's pseudonyms.
    pub fn pseudonym_names(&self) -> Pseudonyms {
        Pseudonyms::new(&self.study)
    }

    /// The first way in which the content does not fit together, if any.
    pub fn check(&self) -> Result<(), Inconsistency> {
        check_study(&self.study)?;
        let n = self.study.node_count();
        let l = &self.layout;
        if !l.positions.is_empty() && l.positions.len() != n {
            return Err(Inconsistency::Positions {
                positions: l.positions.len(),
                nodes: n,
            });
        }
        if !l.pinned.is_empty() && l.pinned.len() != n {
            return Err(Inconsistency::Pins {
                pins: l.pinned.len(),
                nodes: n,
            });
        }
        if let Some(node) = l
            .positions
            .iter()
            .position(|p| !p.x.is_finite() || !p.y.is_finite())
        {
            return Err(Inconsistency::Position { node });
        }
        let mut names = BTreeSet::new();
        for (i, v) in self.saved_views.iter().enumerate() {
            if v.name.trim().is_empty() {
                return Err(Inconsistency::UnnamedView { number: i + 1 });
            }
            if !names.insert(v.name.as_str()) {
                return Err(Inconsistency::DuplicateView {
                    name: v.name.clone(),
                });
            }
            check_view(&v.view).map_err(|problem| Inconsistency::SavedViewCanvas {
                name: v.name.clone(),
                problem,
            })?;
            if let Some(Camera { center, zoom }) = v.camera
                && !(center.x.is_finite() && center.y.is_finite() && zoom.is_finite())
            {
                return Err(Inconsistency::SavedViewCamera {
                    name: v.name.clone(),
                });
            }
        }
        check_view(&self.view).map_err(Inconsistency::CurrentViewCanvas)?;
        check_canvas(&self.export.canvas).map_err(Inconsistency::ExportCanvas)?;
        if !(self.export.dpi.is_finite() && self.export.dpi > 0.0) {
            return Err(Inconsistency::ExportDpi);
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, p) in self.study.pseudonyms() {
            if p.trim().is_empty() {
                return Err(Inconsistency::EmptyPseudonym { id: id.clone() });
            }
            if let Some(other) = seen.insert(p.as_str(), id.as_str()) {
                return Err(Inconsistency::SharedPseudonym {
                    first: other.to_string(),
                    second: id.clone(),
                    pseudonym: p.clone(),
                });
            }
        }
        Ok(())
    }

    /// The file's bytes: the envelope and the project as JSON, one node, tie or position a
    /// line. Fails when the content could not be read back (see [`Project::check`]).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ProjectError> {
        self.encode(None)
            .map_err(|problem| ProjectError::Unsavable {
                file: "project".into(),
                problem,
            })
    }

    fn encode(&self, recovery: Option<RecoveryNote>) -> Result<Vec<u8>, EncodeError> {
        self.check()?;
        let envelope = Envelope {
            format: FORMAT,
            version: VERSION,
            kith: env!("CARGO_PKG_VERSION"),
            recovery,
            project: self,
        };
        let mut out = Vec::with_capacity(64 * 1024 + self.study.node_count() * 200);
        let mut ser = serde_json::Serializer::with_formatter(&mut out, LineFormatter::default());
        envelope.serialize(&mut ser)?;
        out.push(b'\n');
        Ok(out)
    }

    /// Reads a project from a file's bytes; `file` names it in messages. Refuses files that
    /// are not projects, damaged JSON (with line and column), versions newer than
    /// [`VERSION`] and inconsistent content; upgrades older versions.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Project, ProjectError> {
        let (bytes, info) = read_envelope(bytes, file)?;
        let mut project: Project = if info.version == VERSION {
            serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?
        } else {
            let value: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
            let migration = |source| ProjectError::Migration {
                file: file.to_string(),
                from: info.version,
                source,
            };
            let value = migrate(value, info.version).map_err(migration)?;
            serde_json::from_value(value).map_err(|e| migration(e.into()))?
        };
        project.study.reindex();
        project
            .check()
            .map_err(|problem| ProjectError::Inconsistent {
                file: file.to_string(),
                problem,
            })?;
        Ok(project)
    }

    /// Reads the project file at `path`. The file is only read, never changed, whatever is
    /// wrong with it.
    pub fn load(path: &Path) -> Result<Project, ProjectError> {
        let file = display_name(path);
        let bytes = fs::read(path).map_err(|source| ProjectError::Read {
            file: file.clone(),
            source,
        })?;
        Project::from_bytes(&bytes, &file)
    }

    /// Saves the project to `path` atomically: the old file stays whole until the new one is
    /// complete on disk. Temporary files that interrupted saves of this file left behind
    /// (older than [`STALE_TEMP_AGE`]) are removed.
    pub fn save(&self, path: &Path) -> Result<(), ProjectError> {
        self.save_with(path, &mut |w, b| w.write_all(b))
    }

    /// [`Project::save`] with the writing step given (tests make it fail part-way).
    pub fn save_with(&self, path: &Path, write: &mut WriteStep<'_>) -> Result<(), ProjectError> {
        let file = display_name(path);
        let bytes = self
            .encode(None)
            .map_err(|problem| ProjectError::Unsavable {
                file: file.clone(),
                problem,
            })?;
        save_atomic_with(path, &bytes, write)
            .map_err(|source| ProjectError::Write { file, source })?;
        remove_stale_temps(path, STALE_TEMP_AGE);
        Ok(())
    }

    /// Saves a recovery copy for the project at `project_path` (`None`: not saved yet) in
    /// the user's recovery folder, and returns where. See [`RecoveryDir`].
    pub fn save_recovery(&self, project_path: Option<&Path>) -> Result<PathBuf, ProjectError> {
        RecoveryDir::user().save(self, project_path)
    }

    /// The view called `name` with its relation and wave choice, or the current one.
    fn view_and_ties(&self, name: Option<&str>) -> Result<(View, TieChoice<'_>), ProjectError> {
        match name {
            None => Ok((
                self.view.clone(),
                (self.relations.as_ref(), self.waves.as_ref()),
            )),
            Some(name) => {
                let v = self
                    .saved_view(name)
                    .ok_or_else(|| ProjectError::NoSuchView {
                        name: name.to_string(),
                        known: if self.saved_views.is_empty() {
                            "none".to_string()
                        } else {
                            self.saved_views
                                .iter()
                                .map(|v| format!("\"{}\"", v.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    })?;
                Ok((v.view.clone(), (v.relations.as_ref(), v.waves.as_ref())))
            }
        }
    }

    /// The small-multiples figure of `waves` (one panel per wave, ties kept, gained and lost
    /// since the panel before, one legend) in the style of the saved view `name` (or of the
    /// current view), on the saved positions (laid out on all waves' ties from the seed
    /// when there are none), as the workbench's Figure of the waves draws it.
    pub fn waves_scene(
        &self,
        name: Option<&str>,
        waves: &[String],
        canvas: Option<Canvas>,
    ) -> Result<Scene, ProjectError> {
        let (view, layout) = self.waves_view_and_layout(name, canvas)?;
        scene::build_panels(&self.study, &[layout], &view, waves)
            .map(|f| f.scene)
            .map_err(|source| ProjectError::Scene {
                view: name.unwrap_or("current").to_string(),
                source,
            })
    }

    /// The frames at `times` of the animated transition from `wave_a` to `wave_b`
    /// ([`scene::waves::transition_scene`]), drawn in the style of the saved view `name`
    /// (or the current view) on the positions [`Project::waves_scene`] uses.
    pub fn transition_scenes(
        &self,
        name: Option<&str>,
        wave_a: &str,
        wave_b: &str,
        canvas: Option<Canvas>,
        times: &[f32],
    ) -> Result<Vec<Scene>, ProjectError> {
        let (view, layout) = self.waves_view_and_layout(name, canvas)?;
        times
            .iter()
            .map(|&t| {
                scene::waves::transition_scene(&self.study, &layout, &view, wave_a, wave_b, t)
            })
            .collect::<Result<_, _>>()
            .map_err(|source| ProjectError::Scene {
                view: name.unwrap_or("current").to_string(),
                source,
            })
    }

    /// The view and positions of figures of waves: the view `name` on `canvas` without an
    /// ego focus, on the saved positions (laid out from the seed when there are none).
    fn waves_view_and_layout(
        &self,
        name: Option<&str>,
        canvas: Option<Canvas>,
    ) -> Result<(View, Layout), ProjectError> {
        let (view, _) = self.view_and_ties(name)?;
        let mut view = view.for_export();
        view.canvas = canvas.unwrap_or(self.export.canvas);
        let scene_error = |source: SceneError| ProjectError::Scene {
            view: name.unwrap_or("current").to_string(),
            source,
        };
        let layout = if self.layout.positions.len() == self.study.node_count() {
            Layout {
                positions: self.layout.positions.clone(),
                groups: Vec::new(),
            }
        } else {
            let metrics = scene::metrics_input::compute(&self.study, false);
            let radii = scene::relative_radii(&self.study, &metrics, &view).map_err(scene_error)?;
            layout::compute(
                &self.study,
                &Kind::ForceAtlas2 {
                    iterations: LAYOUT_ITERATIONS,
                },
                &radii,
                self.layout.seed,
            )
        };
        Ok((view, layout))
    }

    /// The figure of the saved view `name` (or of the current view), as the export dialog
    /// draws it: the view as saved, its relations and waves, the saved positions (laid out
    /// from the seed only when there are none), the export settings' canvas unless `canvas`
    /// is given, and the project's pseudonyms when names are hidden.
    pub fn scene(&self, name: Option<&str>, canvas: Option<Canvas>) -> Result<Scene, ProjectError> {
        self.scene_with(name, canvas, None)
    }

    /// [`Project::scene`], with the metrics of the study as the view shows it when the
    /// caller has them already (the command line computes them to size the layout's nodes).
    pub fn scene_with(
        &self,
        name: Option<&str>,
        canvas: Option<Canvas>,
        metrics: Option<scene::NodeMetrics>,
    ) -> Result<Scene, ProjectError> {
        let (mut view, (relations, waves)) = self.view_and_ties(name)?;
        view.canvas = canvas.unwrap_or(self.export.canvas);
        let scene_error = |source: SceneError| ProjectError::Scene {
            view: name.unwrap_or("current").to_string(),
            source,
        };
        let study = study_in_view(&self.study, relations, waves);
        let metrics = metrics
            .unwrap_or_else(|| scene::metrics_input::compute(&study, view.needs_full_metrics()));
        let layout = if self.layout.positions.len() == study.node_count() {
            Layout {
                positions: self.layout.positions.clone(),
                groups: self.layout.groups.clone(),
            }
        } else {
            let radii = scene::relative_radii(&study, &metrics, &view).map_err(scene_error)?;
            layout::compute(
                &study,
                &Kind::ForceAtlas2 {
                    iterations: LAYOUT_ITERATIONS,
                },
                &radii,
                self.layout.seed,
            )
        };
        scene::build(&study, &layout, &metrics, &view).map_err(scene_error)
    }
}

/// `project` as it may be shared with names hidden, and one line per column removed.
///
/// The study is [`privacy::anonymise`]d; every view (current and saved) hides names, has
/// pseudonyms for names in its title, caption and notes, points its notes and ego at the
/// pseudonymous ids, and loses style rules and filters on the columns removed; saved views'
/// names are scrubbed too. The recipe, the source's folder and the export folder are left
/// out; positions, pins and seed are kept, so the copy looks as the original does.
pub fn anonymised(project: &Project) -> (Project, Vec<String>) {
    let names = project.study.clone();
    let shown = Pseudonyms::new(&names);
    let anon = privacy::anonymise(&project.study);
    let report = anon.report();
    let removed: BTreeSet<&str> = anon
        .removed
        .iter()
        .filter(|v| !v.tie)
        .map(|v| v.column.as_str())
        .collect();
    let ids: BTreeMap<&str, &str> = project
        .study
        .nodes()
        .iter()
        .zip(anon.study.nodes())
        .map(|(a, b)| (a.id.as_str(), b.id.as_str()))
        .collect();
    let fix = |view: &View| -> View {
        let mut v = view.clone();
        v.anonymise = true;
        let text = |t: &Option<String>| t.as_deref().map(|t| shown.scrub(t));
        v.title = text(&v.title);
        v.caption = text(&v.caption);
        let gone = |n: &Option<String>| n.as_deref().is_some_and(|n| removed.contains(n));
        for rule in [&mut v.color_by, &mut v.size_by, &mut v.label_by] {
            if gone(rule) {
                *rule = None;
            }
        }
        v.filters.retain(|f| match f {
            Filter::Values { attribute, .. } => !removed.contains(attribute.as_str()),
            Filter::Range { name, .. } => !removed.contains(name.as_str()),
        });
        for c in &mut v.callouts {
            c.text = shown.scrub(&c.text);
            if let Some(id) = ids.get(c.node.as_str()) {
                c.node = (*id).to_string();
            }
        }
        for h in &mut v.highlights {
            if let Highlight::Ego(id) = h
                && let Some(new) = ids.get(id.as_str())
            {
                *id = (*new).to_string();
            }
        }
        v
    };
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let saved_views = project
        .saved_views
        .iter()
        .map(|sv| {
            let base = shown.scrub(&sv.name);
            let mut name = base.clone();
            let mut k = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base} ({k})");
                k += 1;
            }
            SavedView {
                name,
                view: fix(&sv.view),
                ..sv.clone()
            }
        })
        .collect();
    let out = Project {
        source: ProjectSource {
            name: shown.scrub(&project.source.name),
            path: None,
        },
        view: fix(&project.view),
        relations: project.relations.clone(),
        waves: project.waves.clone(),
        saved_views,
        export: ExportSettings {
            directory: None,
            file_name: project.export.file_name.as_deref().map(|f| shown.scrub(f)),
            ..project.export.clone()
        },
        recipe: None,
        study: anon.study,
        layout: project.layout.clone(),
    };
    (out, report)
}

/// `study` with only the ties of these relations and waves (`None`: all), nodes unchanged
/// (in some relations only, the people and places none of their ties reaches are marked as
/// taking no part, see [`crate::waves::left_out`]),
/// as the workbench shows it: one wave of a study of waves is shown as it was (its ties and
/// its values of the attributes measured per wave, [`crate::waves::wave_view`]).
pub fn study_in_view(
    study: &Study,
    relations: Option<&BTreeSet<String>>,
    waves: Option<&BTreeSet<String>>,
) -> Study {
    if !study.is_dense() {
        // Analysis, layout and figures index people 0..n: close the gaps deletions left.
        return study_in_view(&study.compacted(), relations, waves);
    }
    let single = waves
        .filter(|set| set.len() == 1)
        .and_then(|set| set.iter().next())
        .filter(|w| crate::waves::wave_names(study).iter().any(|n| n == *w));
    if let Some(Ok(one)) = single.map(|w| crate::waves::wave_view(study, w)) {
        return study_in_view(&one, relations, None);
    }
    let mut out = study.clone();
    if relations.is_none() && waves.is_none() {
        return out;
    }
    let keep: Vec<bool> = study
        .ties()
        .iter()
        .map(|t| {
            let rel_ok = relations.is_none_or(|set| {
                t.relation
                    .and_then(|r| study.relation_name(r))
                    .is_some_and(|n| set.contains(n))
            });
            let wave_ok = waves.is_none_or(|set| {
                t.wave
                    .and_then(|w| study.wave_name(w))
                    .is_some_and(|n| set.contains(n))
            });
            rel_ok && wave_ok
        })
        .collect();
    out.retain_ties(&keep);
    if relations.is_some() {
        leave_out_the_unnamed(&mut out);
    }
    out
}

/// In some relations only, the people named (alters) and the places and groups that no
/// tie in view reaches take no part in the network shown: like someone absent from a wave,
/// they are left out of the picture and are not its isolates. Respondents stay, tied or
/// not: someone who answered and named no one to rely on is an isolate of that relation.
fn leave_out_the_unnamed(study: &mut Study) {
    let out: Vec<bool> = study
        .nodes()
        .iter()
        .zip(study.degrees())
        .map(|(n, d)| d == 0 && n.kind != crate::model::NodeKind::Respondent)
        .collect();
    if out.iter().any(|&o| o) {
        crate::waves::leave_out(study, &out);
    }
}

/// Whether `path` names a project file (by its `.kith` extension).
pub fn is_project_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
}

/// Reads only the envelope of a project file: format version, writer, recovery note.
pub fn inspect(bytes: &[u8], file: &str) -> Result<FileInfo, ProjectError> {
    read_envelope(bytes, file).map(|(_, info)| info)
}

/// Upgrades a project's JSON from format version `from` to [`VERSION`], one version at a
/// time. Each format change adds a step here (and a fixture under `tests/data/project/`),
/// so every file any Kith wrote keeps loading.
pub fn migrate(
    mut value: serde_json::Value,
    from: u32,
) -> Result<serde_json::Value, MigrationError> {
    if from == 0 {
        return Err(MigrationError::VersionZero);
    }
    if from > VERSION {
        return Err(MigrationError::Newer { from });
    }
    let mut version = from;
    while version < VERSION {
        value = upgrade(value, version)?;
        version += 1;
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("version".into(), serde_json::Value::from(VERSION));
    }
    Ok(value)
}

/// One step of [`migrate`]: from `version` to the next. Version 1 is the first, so there is
/// no step yet; when version 2 exists, this becomes `match version { 1 => v1_to_v2(value),
/// ... }`.
fn upgrade(_value: serde_json::Value, version: u32) -> Result<serde_json::Value, MigrationError> {
    Err(MigrationError::NoStep { version })
}

fn read_envelope<'a>(bytes: &'a [u8], file: &str) -> Result<(&'a [u8], FileInfo), ProjectError> {
    let not_project = |reason: &str| ProjectError::NotProject {
        file: file.to_string(),
        reason: reason.to_string(),
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(not_project("the file is empty")),
        Some(b'{') => {}
        Some(_) => {
            return Err(not_project(
                "a project is JSON text starting with \"{\" and this file is not",
            ));
        }
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    match header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(not_project(&format!(
                "its \"format\" is {other}, not \"{FORMAT}\""
            )));
        }
        None => {
            return Err(not_project(&format!(
                "it has no \"format\": \"{FORMAT}\" field"
            )));
        }
    }
    let made_by = match header.kith {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => "unknown".to_string(),
    };
    let version = match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v >= 1 => v,
        _ => {
            return Err(not_project(
                "its \"version\" is missing or not a whole number from 1 up",
            ));
        }
    };
    if version > u64::from(VERSION) {
        return Err(ProjectError::TooNew {
            file: file.to_string(),
            version,
            made_by,
        });
    }
    Ok((
        bytes,
        FileInfo {
            version: version as u32,
            kith: made_by,
            is_recovery: header.recovery.is_some(),
            recovery_of: header.recovery.and_then(|r| r.project),
        },
    ))
}

fn json_error(file: &str, e: &serde_json::Error) -> ProjectError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let message = if e.is_eof() {
        format!("{message} (the file is cut short)")
    } else {
        message
    };
    ProjectError::Damaged {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn check_study(study: &Study) -> Result<(), Inconsistency> {
    let n = study.node_count();
    for (i, node) in study.nodes().iter().enumerate() {
        if study.find(&node.id) != Some(NodeId(i as u32)) {
            return Err(Inconsistency::DuplicateNodeId {
                id: node.id.clone(),
            });
        }
    }
    let (relations, waves) = (study.relations().len(), study.waves().len());
    for (tie, t) in study.ties().iter().enumerate() {
        for end in [t.source, t.target] {
            if end.index() >= n {
                return Err(Inconsistency::TieEnd {
                    tie,
                    node: end.0,
                    nodes: n,
                });
            }
        }
        if let Some(r) = t.relation
            && usize::from(r.0) >= relations
        {
            return Err(Inconsistency::TieRelation {
                tie,
                relation: r.0,
                relations,
            });
        }
        if let Some(w) = t.wave
            && usize::from(w.0) >= waves
        {
            return Err(Inconsistency::TieWave {
                tie,
                wave: w.0,
                waves,
            });
        }
        if !t.weight.is_finite() {
            return Err(Inconsistency::TieWeight { tie });
        }
    }
    // Every column holds one value per node (or tie): a shorter one would be read past.
    for a in study.node_attributes() {
        if a.values().len() != n {
            return Err(Inconsistency::NodeAttributeLength {
                name: a.name().to_string(),
                values: a.values().len(),
                nodes: n,
            });
        }
    }
    let m = study.tie_count();
    for a in study.tie_attributes() {
        if a.values().len() != m {
            return Err(Inconsistency::TieAttributeLength {
                name: a.name().to_string(),
                values: a.values().len(),
                ties: m,
            });
        }
    }
    for (i, m) in study.merges().iter().enumerate() {
        if !m.score.is_finite() {
            return Err(Inconsistency::MergeScore { merge: i + 1 });
        }
    }
    Ok(())
}

fn check_view(view: &View) -> Result<(), CanvasProblem> {
    check_canvas(&view.canvas)
}

fn check_canvas(canvas: &Canvas) -> Result<(), CanvasProblem> {
    match *canvas {
        Canvas::Page {
            width_mm,
            height_mm,
        } if !(width_mm.is_finite()
            && height_mm.is_finite()
            && width_mm > 0.0
            && height_mm > 0.0) =>
        {
            Err(CanvasProblem::PageSize)
        }
        Canvas::Pixels { width, height } if width == 0 || height == 0 => {
            Err(CanvasProblem::ImageSize)
        }
        _ => Ok(()),
    }
}

fn lossy_path<S: serde::Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match path {
        Some(p) => s.serialize_some(&p.to_string_lossy()),
        None => s.serialize_none(),
    }
}

/// Removes temporary files that saves of `path` left behind (see
/// [`crate::io::temp_name`]) when they are older than `age`.
pub fn remove_stale_temps(path: &Path, age: Duration) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_temp = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if !is_temp {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|d| d >= age);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// JSON that puts each key of the top levels, and each node, tie and position, on its own
/// line: as small as compact JSON give or take a byte a line, but readable, diffable, and
/// with error line numbers that point somewhere useful.
#[derive(Debug, Default)]
struct LineFormatter {
    depth: usize,
}

/// Nesting depth down to which every array element and object key starts a new line.
const LINE_DEPTH: usize = 3;

impl LineFormatter {
    /// Before an array value or object key: a comma after the first, then a new line at the
    /// top levels.
    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= LINE_DEPTH {
            w.write_all(b"\n")?;
            for _ in 1..self.depth {
                w.write_all(b" ")?;
            }
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for LineFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
}

/// A recovery file found for a project (or for an unsaved study).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery file (a complete project file).
    pub path: PathBuf,
    /// When it was written.
    pub saved_at: SystemTime,
    /// The project it belongs to; `None` for a study that was never saved.
    pub project_path: Option<PathBuf>,
    /// True when the recovery file is newer than the project file (or the project file is
    /// gone): it holds changes that were not saved. False means the project was saved
    /// after it, so it can be discarded.
    pub newer_than_project: bool,
}

impl Recovery {
    /// Reads the recovered project.
    pub fn load(&self) -> Result<Project, ProjectError> {
        Project::load(&self.path)
    }

    /// Deletes the recovery file (after restoring it, or when the user declines).
    pub fn discard(&self) -> Result<(), ProjectError> {
        remove_if_present(&self.path)
    }
}

fn remove_if_present(path: &Path) -> Result<(), ProjectError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(ProjectError::Write {
            file: display_name(path),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// The folder of recovery files: autosaved copies of open documents, one per project
/// (named after the project's file and a hash of its full path) and one per unsaved study
/// (`unsaved-PID.kith`). Recovery files are ordinary project files with a `"recovery"`
/// note in the envelope saying which project they belong to.
///
/// The workbench uses it like this:
/// - every minute or so while there are unsaved changes:
///   `project.save_recovery(project_path)`;
/// - after saving the project (and after "Save as", also for `None`), and when closing
///   without a crash: [`discard_recovery`]`(project_path)`;
/// - when opening a project: [`find_recovery`]`(Some(path))`; if it is
///   [`Recovery::newer_than_project`], offer to restore it ([`Recovery::load`]), else
///   [`Recovery::discard`] it;
/// - at start-up, before the first autosave: [`RecoveryDir::list`] for studies that were
///   never saved (and projects that were not reopened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryDir {
    dir: PathBuf,
}

impl RecoveryDir {
    /// Recovery files in `dir` (tests use a temporary folder).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        RecoveryDir { dir: dir.into() }
    }

    /// The user's recovery folder: `$XDG_DATA_HOME/kith/recovery`, else
    /// `~/.local/share/kith/recovery` (`%LOCALAPPDATA%\kith\recovery` on Windows,
    /// `~/Library/Application Support/kith/recovery` on macOS), else `kith-recovery` in the
    /// temporary folder.
    pub fn user() -> Self {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let base = if cfg!(windows) {
            env("LOCALAPPDATA").or_else(|| env("APPDATA"))
        } else if cfg!(target_os = "macos") {
            env("HOME").map(|h| h.join("Library").join("Application Support"))
        } else {
            env("XDG_DATA_HOME")
                .filter(|p| p.is_absolute())
                .or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
        };
        match base {
            Some(b) => RecoveryDir::new(b.join("kith").join("recovery")),
            None => RecoveryDir::new(std::env::temp_dir().join("kith-recovery")),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The recovery file for the project at `project_path`, or for this process's unsaved
    /// study when `None`.
    pub fn path_for(&self, project_path: Option<&Path>) -> PathBuf {
        let name = match project_path {
            Some(p) => {
                let full = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "project".into());
                format!(
                    "{stem}-{:016x}.kith",
                    fnv1a(full.to_string_lossy().as_bytes())
                )
            }
            None => format!("unsaved-{}.kith", std::process::id()),
        };
        self.dir.join(name)
    }

    /// Saves `project` as the recovery file for `project_path` (atomically, like a save)
    /// and returns its path.
    pub fn save(
        &self,
        project: &Project,
        project_path: Option<&Path>,
    ) -> Result<PathBuf, ProjectError> {
        let path = self.path_for(project_path);
        let file = display_name(&path);
        fs::create_dir_all(&self.dir).map_err(|source| ProjectError::Write {
            file: display_name(&self.dir),
            source,
        })?;
        let note = RecoveryNote {
            project: project_path
                .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
        };
        let bytes = project
            .encode(Some(note))
            .map_err(|problem| ProjectError::Unsavable {
                file: file.clone(),
                problem,
            })?;
        save_atomic_with(&path, &bytes, &mut |w, b| w.write_all(b))
            .map_err(|source| ProjectError::Write { file, source })?;
        remove_stale_temps(&path, STALE_TEMP_AGE);
        Ok(path)
    }

    /// The recovery file for the project at `project_path`, if there is one; for `None`,
    /// the newest recovery file of an unsaved study (from any earlier run).
    pub fn find(&self, project_path: Option<&Path>) -> Option<Recovery> {
        match project_path {
            Some(p) => self.describe(&self.path_for(Some(p))),
            None => self.list().into_iter().find(|r| r.project_path.is_none()),
        }
    }

    /// Every recovery file in the folder, newest first (files that are not readable
    /// projects are left out).
    pub fn list(&self) -> Vec<Recovery> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<Recovery> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_project_path(p))
            .filter_map(|p| self.describe(&p))
            .collect();
        out.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then(a.path.cmp(&b.path)));
        out
    }

    /// Deletes the recovery file of the project at `project_path` (`None`: this process's
    /// unsaved study); no file is no error.
    pub fn discard(&self, project_path: Option<&Path>) -> Result<(), ProjectError> {
        remove_if_present(&self.path_for(project_path))
    }

    fn describe(&self, path: &Path) -> Option<Recovery> {
        let saved_at = fs::metadata(path).and_then(|m| m.modified()).ok()?;
        let bytes = fs::read(path).ok()?;
        let info = inspect(&bytes, &display_name(path)).ok()?;
        if !info.is_recovery {
            return None;
        }
        let project_path = info.recovery_of;
        let newer_than_project = match &project_path {
            None => true,
            Some(p) => fs::metadata(p)
                .and_then(|m| m.modified())
                // Equal times (a coarse clock) count as newer: offering a restore that
                // turns out not to be needed is better than dropping unsaved work.
                .map_or(true, |project_saved| saved_at >= project_saved),
        };
        Some(Recovery {
            path: path.to_path_buf(),
            saved_at,
            project_path,
            newer_than_project,
        })
    }
}

/// The user's recovery file for the project at `project_path` (`None`: this process's
/// unsaved study). See [`RecoveryDir`].
pub fn recovery_path(project_path: Option<&Path>) -> PathBuf {
    RecoveryDir::user().path_for(project_path)
}

/// The recovery file in the user's recovery folder for `project_path`, if any; see
/// [`RecoveryDir::find`].
pub fn find_recovery(project_path: Option<&Path>) -> Option<Recovery> {
    RecoveryDir::user().find(project_path)
}

/// Deletes the user's recovery file for `project_path`; see [`RecoveryDir::discard`].
pub fn discard_recovery(project_path: Option<&Path>) -> Result<(), ProjectError> {
    RecoveryDir::user().discard(project_path)
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions and machines, so a
/// project's recovery file keeps its name.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The files `--all-views -o OUT` writes, one per view in order: `fig.pdf` ->
/// `fig-<slug>.pdf`, where two views whose names give one slug get `-2`, `-3`, ...
pub fn view_files(output: &Path, names: &[&str]) -> Vec<PathBuf> {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = output
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let mut used = std::collections::BTreeSet::new();
    names
        .iter()
        .map(|name| {
            let base = slug(name);
            let mut s = base.clone();
            let mut k = 1;
            while !used.insert(s.clone()) {
                k += 1;
                s = format!("{base}-{k}");
            }
            output.with_file_name(format!("{stem}-{s}{ext}"))
        })
        .collect()
}

/// A view name as a file name part: ASCII letters and digits in lower case, everything
/// else a single `-` ("Who relies on whom?" -> `who-relies-on-whom`); `view` when nothing
/// is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "view".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    fn small() -> Project {
        let mut s = Study::new(false);
        let a = s.add_node("a", "Ann Lee", NodeKind::Respondent).unwrap();
        let b = s.add_node("b", "Bob Ray", NodeKind::Alter).unwrap();
        s.add_node("lib", "Library", NodeKind::Place).unwrap();
        s.connect(a, b).unwrap();
        Project::new(s)
    }

    #[test]
    fn round_trip_keeps_everything() {
        let mut p = small();
        p.layout.positions = vec![
            Point::new(0.1, 2.5),
            Point::new(-3.0, 1e-7),
            Point::default(),
        ];
        p.layout.pinned = vec![true, false, false];
        p.assign_pseudonyms();
        let bytes = p.to_bytes().unwrap();
        let back = Project::from_bytes(&bytes, "t.kith").unwrap();
        assert_eq!(back, p);
        assert_eq!(back.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn pseudonyms_keep_and_continue() {
        let mut p = small();
        assert_eq!(p.assign_pseudonyms(), 2);
        assert_eq!(p.study.pseudonyms()["a"], "P001");
        assert_eq!(p.study.pseudonyms()["b"], "P002");
        let c = p.study.add_node("c", "Cy", NodeKind::Alter).unwrap();
        let a = p.study.find("a").unwrap();
        p.study.merge_nodes(c, &[a], 1.0, vec![], false).unwrap();
        assert_eq!(p.assign_pseudonyms(), 1);
        assert_eq!(p.study.pseudonyms()["c"], "P003");
        assert_eq!(p.study.pseudonyms()["a"], "P001");
        assert_eq!(p.assign_pseudonyms(), 0);
    }

    #[test]
    fn formatter_breaks_lines_at_the_top_levels_only() {
        let p = small();
        let text = String::from_utf8(p.to_bytes().unwrap()).unwrap();
        assert!(
            text.starts_with("{\n\"format\":\"kith-project\",\n\"version\":1,"),
            "{text}"
        );
        assert!(
            text.contains("\n  {\"id\":\"a\",\"label\":\"Ann Lee\",\"kind\":\"respondent\"}"),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["study"]["nodes"][2]["id"], "lib");
    }

    #[test]
    fn migrate_refuses_unknown_versions_and_keeps_current() {
        let v = serde_json::json!({"format": FORMAT, "version": 1});
        assert_eq!(migrate(v.clone(), 1).unwrap(), v);
        assert!(matches!(
            migrate(v.clone(), 0),
            Err(MigrationError::VersionZero)
        ));
        assert_eq!(
            migrate(v, VERSION + 1).unwrap_err().to_string(),
            format!(
                "version {} is newer than this Kith's version {VERSION}",
                VERSION + 1
            )
        );
    }

    #[test]
    fn inconsistencies_say_where_and_keep_what_was_wrong() {
        use std::error::Error as _;
        let mut p = small();
        p.saved_views.push(SavedView {
            name: "Zero".into(),
            view: View {
                canvas: Canvas::Pixels {
                    width: 0,
                    height: 10,
                },
                ..View::default()
            },
            relations: None,
            waves: None,
            camera: None,
        });
        let problem = p.check().unwrap_err();
        assert_eq!(
            problem.to_string(),
            "saved view \"Zero\": the image size must not be zero"
        );
        let error = p.to_bytes().unwrap_err();
        assert_eq!(
            error.to_string(),
            "project: cannot be saved: saved view \"Zero\": the image size must not be zero"
        );
        let inner = error.source().and_then(|e| e.source());
        assert_eq!(
            inner.map(ToString::to_string).as_deref(),
            Some("the image size must not be zero")
        );
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
