//! The workbench: menus, toolbar, panels around the canvas, and the one place where
//! commands from the panels reach the [`Session`] (once a frame, in [`Workbench::ui`]).

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::canvas::SociogramCanvas;
use super::export_dialog::ExportDialog;
use super::groups::GroupsPanel;
use super::import_wizard::ImportWizard;
use super::metrics::MetricsPanel;
use super::panel::{Panel, PanelContext};
use super::presentation::Presentation;
use super::search::Search;
use super::{FileDialog, sample_source, short, theme};
use crate::analysis::projection::ProjectionError;
use crate::io::{self, ImportError, ReadOptions, grid::Grid};
use crate::model::Study;
use crate::session::project::{self, Project, ProjectError, RecoveryDir};
use crate::session::{Command, Job, Session, Source};
use crate::survey::{self, Recipe};

/// WorkbenchSettings remembered between runs.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkbenchSettings {
    /// Dark theme.
    pub dark: bool,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
}

/// How many recent files the File menu lists.
const RECENT: usize = 8;

/// What reading a file gave: a network, or a survey table for the import wizard.
#[derive(Debug)]
pub enum Opened {
    /// A network file, read, with what the reader noted about it.
    Network(Box<Study>, Vec<String>),
    /// A Kith project file.
    Project(Box<Project>),
    /// A survey table and the recipe Kith proposes for it.
    Survey(Grid, Box<Recipe>),
}

/// Why a file could not be opened.
#[derive(Debug, thiserror::Error)]
enum OpenError {
    /// The file could not be read from disk.
    #[error("{file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// A project file that cannot be opened (not a project, damaged, too new,
    /// inconsistent).
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// A network file that cannot be read (the error names the file, line and column).
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Reading ended without a result.
    #[error("reading stopped")]
    Stopped,
}

/// Why the two-mode network could not be projected.
#[derive(Debug, thiserror::Error)]
enum ProjectingError {
    /// The study cannot be projected that way (no places, no people...).
    #[error(transparent)]
    Projection(#[from] ProjectionError),
    /// The projection ended without a result.
    #[error("projection stopped")]
    Stopped,
}

/// Shortcuts, shown in the menus.
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
/// How often unsaved work is written to the recovery file.
const AUTOSAVE_SECONDS: u64 = 60;
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const COPY_FIGURE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const REDO_SHIFT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);

/// Which table the bottom panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BottomTab {
    Metrics,
    Groups,
    Models,
    Change,
}

/// The workbench window's state around a [`Session`].
pub struct Workbench {
    session: Session,
    commands: Vec<Command>,
    dialog: Box<dyn FileDialog>,
    settings: WorkbenchSettings,
    canvas: SociogramCanvas,
    /// Where the side panels and the tables were in the last frame.
    panel_rects: Vec<(&'static str, egui::Rect)>,
    opening: Option<(PathBuf, Job<Result<Opened, OpenError>>)>,
    error: Option<String>,
    wizard: Option<ImportWizard>,
    export: Option<ExportDialog>,
    search: Search,
    metrics: MetricsPanel,
    groups: GroupsPanel,
    models: super::models::ModelsPanel,
    bottom: BottomTab,
    theme_applied: Option<bool>,
    views: super::views::ViewsPanel,
    inspector: super::inspector::InspectorPanel,
    data: super::data::DataPanel,
    style: super::style::StylePanel,
    filter: super::filter::FilterPanel,
    flags: super::flags::FlagsPanel,
    notice: Option<(String, String)>,
    /// What the last "Copy figure" did, shown in the status bar.
    copied: Option<String>,
    /// The figure being copied by Copy figure (Ctrl+Shift+C, the File menu).
    copying: Option<super::export_dialog::FigureCopy>,
    change: super::change::ChangePanel,
    wave_import: Option<super::wave_import::WaveImport>,
    review: Option<super::review_window::ReviewWindow>,
    projecting: Option<Job<Result<(Study, Source), ProjectingError>>>,
    presentation: Presentation,
    recovery: Option<RecoveryDir>,
    recovery_offer: Option<project::Recovery>,
    recovery_checked: bool,
    autosaved: (std::time::Instant, u64),
    autosaving: Option<Job<Result<std::path::PathBuf, ProjectError>>>,
    confirm: Option<Pending>,
    title: String,
}

/// Something waiting for the analyst to say what to do with unsaved changes.
pub enum Pending {
    /// Open this project (read from this file).
    OpenProject(Box<Project>, PathBuf),
    /// Close the window.
    Close,
}

impl Workbench {
    /// A workbench on `session`, asking `dialog` for file names.
    pub fn new(session: Session, dialog: Box<dyn FileDialog>, settings: WorkbenchSettings) -> Self {
        Workbench {
            session,
            commands: Vec::new(),
            dialog,
            settings,
            canvas: SociogramCanvas::default(),
            panel_rects: Vec::new(),
            opening: None,
            error: None,
            wizard: None,
            export: None,
            search: Search::default(),
            metrics: MetricsPanel::default(),
            groups: GroupsPanel::default(),
            models: super::models::ModelsPanel::default(),
            bottom: BottomTab::Metrics,
            theme_applied: None,
            views: super::views::ViewsPanel::default(),
            inspector: super::inspector::InspectorPanel::default(),
            data: super::data::DataPanel,
            style: super::style::StylePanel,
            filter: super::filter::FilterPanel,
            flags: super::flags::FlagsPanel,
            notice: None,
            copied: None,
            copying: None,
            change: super::change::ChangePanel::default(),
            wave_import: None,
            review: None,
            projecting: None,
            presentation: Presentation::default(),
            recovery: None,
            recovery_offer: None,
            recovery_checked: false,
            autosaved: (std::time::Instant::now(), 0),
            autosaving: None,
            confirm: None,
            title: String::new(),
        }
    }

    /// The Models panel (its last test result).
    pub fn models(&self) -> &super::models::ModelsPanel {
        &self.models
    }

    /// The open document.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The open document, to wait for its workers (tests).
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// What the last Copy figure (Ctrl+Shift+C) said, if anything.
    pub fn copy_message(&self) -> Option<&str> {
        self.copied.as_deref()
    }

    /// The error message shown, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The settings (theme, recent files).
    pub fn settings(&self) -> &WorkbenchSettings {
        &self.settings
    }

    /// Where the side panels and the tables were in the last frame.
    pub fn panel_rects(&self) -> &[(&'static str, egui::Rect)] {
        &self.panel_rects
    }

    /// Where the canvas drew its names badge, legend and wave key in the last frame.
    pub fn canvas_overlays(&self) -> &[(&'static str, egui::Rect)] {
        self.canvas.overlays()
    }

    /// Where the canvas drew node `i` in the last frame, in screen points.
    pub fn canvas_screen_pos(&self, i: usize) -> Option<egui::Pos2> {
        self.canvas.screen_pos(i)
    }

    /// The metrics table's sort column (0 is the name) and direction.
    pub fn metrics_sorting(&self) -> (usize, bool) {
        self.metrics.sorting()
    }

    /// Presentation mode (workshops): whether it is on, the person card.
    pub fn presentation(&self) -> &Presentation {
        &self.presentation
    }

    /// Presentation mode, to open a card or choose to show names (tests).
    pub fn presentation_mut(&mut self) -> &mut Presentation {
        &mut self.presentation
    }

    /// Starts presentation mode (F11, the toolbar button, `kith --present`) in the next
    /// frame, or once the file being opened is in.
    pub fn present(&mut self) {
        self.presentation.ask();
    }

    /// Whether the import wizard is open.
    pub fn wizard_open(&self) -> bool {
        self.wizard.is_some()
    }

    /// The Review names window, when it is open.
    pub fn review_window(&mut self) -> Option<&mut super::review_window::ReviewWindow> {
        self.review.as_mut()
    }

    /// The import wizard, when it is open.
    pub fn wizard(&mut self) -> Option<&mut ImportWizard> {
        self.wizard.as_mut()
    }

    /// Starts reading `path` off the UI thread; the result arrives in a later frame.
    pub fn open_path(&mut self, path: &Path) {
        let p = path.to_path_buf();
        let job = Job::spawn(
            "kith-open",
            format!("Opening {}", short(path)),
            move |prog| read_any(&p, prog),
        );
        match job {
            Ok(job) => self.opening = Some((path.to_path_buf(), job)),
            Err(e) => self.error = Some(format!("Could not start reading the file: {e}")),
        }
    }

    /// Blocks until a file being opened has been read and taken in (tests).
    pub fn finish_opening(&mut self) {
        if let Some((path, job)) = self.opening.take() {
            let result = job.wait().unwrap_or(Err(OpenError::Stopped));
            self.opened(&path, result);
        }
        if let Some(w) = &mut self.wizard {
            w.finish_import();
        }
    }

    fn opened(&mut self, path: &Path, result: Result<Opened, OpenError>) {
        match result {
            Ok(Opened::Project(p)) => {
                self.remember(path);
                if self.session.is_dirty() {
                    self.confirm = Some(Pending::OpenProject(p, path.to_path_buf()));
                } else {
                    self.open_project(*p, Some(path.to_path_buf()));
                }
            }
            Ok(Opened::Network(study, notes)) => {
                self.remember(path);
                if !notes.is_empty() {
                    self.notice = Some(("Read with notes".into(), notes.join("\n")));
                }
                self.commands.push(Command::ReplaceStudy {
                    study,
                    source: Source {
                        name: short(path),
                        path: Some(path.to_path_buf()),
                        recipe: None,
                    },
                });
                self.canvas.fit_next();
            }
            Ok(Opened::Survey(grid, recipe)) => {
                self.remember(path);
                self.wizard = Some(ImportWizard::new(path.to_path_buf(), grid, *recipe));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn remember(&mut self, path: &Path) {
        self.settings.recent.retain(|p| p != path);
        self.settings.recent.insert(0, path.to_path_buf());
        self.settings.recent.truncate(RECENT);
    }

    fn open_dialog(&mut self) {
        if let Some(path) = self.dialog.open_file() {
            self.open_path(&path);
        }
    }

    fn open_sample(&mut self) {
        self.commands.push(Command::ReplaceStudy {
            study: Box::new(crate::sample::bundled()),
            source: sample_source(),
        });
        self.canvas.fit_next();
    }

    /// Opens the Import survey wave dialog.
    pub fn open_wave_import(&mut self) {
        self.wave_import = Some(super::wave_import::WaveImport::new(&self.session));
    }

    /// The Import survey wave dialog, if open (tests).
    pub fn wave_import(&mut self) -> Option<&mut super::wave_import::WaveImport> {
        self.wave_import.as_mut()
    }

    /// A wave import finished: the study with the new wave replaces the old (undoably).
    pub fn wave_imported(&mut self, study: Box<Study>, report: String) {
        self.commands.push(Command::UpdateStudy(study));
        self.notice = Some(("Wave imported".into(), report));
        self.wave_import = None;
        self.bottom = BottomTab::Change;
    }

    /// Projects the two-mode network (people and the places or groups they use) onto one
    /// mode, off the window's thread; the projection opens as the network in view (Undo
    /// goes back).
    pub fn project(&mut self, onto: crate::analysis::projection::Mode) {
        use crate::analysis::projection::{self, ProjectionOptions};
        let study = self.session.study().clone();
        let source = self.session.source().clone();
        self.projecting = Job::spawn("kith-projection", "Projecting", move |_| {
            let out = projection::project(&study, onto, &ProjectionOptions::default())?;
            let name = format!("{} — {}", source.name, onto.default_relation());
            Ok((
                out,
                Source {
                    name,
                    path: None,
                    recipe: source.recipe,
                },
            ))
        })
        .ok();
    }

    /// Blocks until a running projection finishes (tests).
    pub fn finish_projection(&mut self) {
        if let Some(job) = self.projecting.take() {
            self.projected(job.wait().unwrap_or(Err(ProjectingError::Stopped)));
        }
    }

    fn projected(&mut self, result: Result<(Study, Source), ProjectingError>) {
        match result {
            Ok((study, source)) => {
                self.commands.push(Command::ReplaceStudy {
                    study: Box::new(study),
                    source,
                });
                self.canvas.fit_next();
            }
            Err(e) => self.notice = Some(("Not done".into(), e.to_string())),
        }
    }

    /// Puts the figure on the clipboard: as the export dialog is set when it is open,
    /// else as the project's export settings draw it.
    /// The pixels are made off the window's thread; the status bar shows the copy going on
    /// (with Cancel) and then what it did.
    fn copy_figure(&mut self) {
        if self.copying.is_some() {
            return;
        }
        let started = match &self.export {
            Some(dialog) => dialog.copy_figure(&self.session),
            None => ExportDialog::new(self.session.view(), self.session.export_settings())
                .copy_figure(&self.session),
        };
        match started {
            Ok(copy) => {
                self.copying = Some(copy);
                self.copied = None;
            }
            Err(e) => self.copied = Some(e.to_string()),
        }
    }

    /// Whether a Copy figure is going on (tests).
    pub fn copying(&self) -> bool {
        self.copying.is_some()
    }

    fn open_export(&mut self) {
        self.export = Some(ExportDialog::new(
            self.session.view(),
            self.session.export_settings(),
        ));
    }

    /// Autosaves to recovery files in `dir` and offers them after a crash (the window does;
    /// tests give a temporary folder or none).
    pub fn with_recovery(mut self, dir: RecoveryDir) -> Self {
        self.recovery = Some(dir);
        self
    }

    /// The recovery file offered after a crash, if any.
    pub fn recovery_offer(&self) -> Option<&project::Recovery> {
        self.recovery_offer.as_ref()
    }

    /// Opens a project as the document, as it was saved.
    pub fn open_project(&mut self, p: Project, path: Option<PathBuf>) {
        self.commands.clear();
        self.session.open_project(p, path);
        self.canvas.fit_next();
        self.recovery_checked = false;
    }

    /// Saves the project to its file, or asks for one; returns whether it was saved.
    pub fn save_project(&mut self) -> bool {
        match self.session.project_path().map(Path::to_path_buf) {
            Some(path) => self.save_project_to(&path),
            None => self.save_project_as(),
        }
    }

    /// Asks for a file and saves the project there; returns whether it was saved.
    pub fn save_project_as(&mut self) -> bool {
        let stem = self
            .session
            .project_path()
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| {
                let name = self.session.source().name.trim().to_string();
                name.rsplit_once('.')
                    .map_or(name.clone(), |(s, _)| s.to_string())
            });
        let Some(mut path) = self
            .dialog
            .save_file(&format!("{stem}.kith"), &[project::EXTENSION])
        else {
            return false;
        };
        if path.extension().is_none() {
            path.set_extension(project::EXTENSION);
        }
        self.save_project_to(&path)
    }

    fn save_project_to(&mut self, path: &Path) -> bool {
        let was = self.session.project_path().map(Path::to_path_buf);
        match self.session.save_project(path) {
            Ok(()) => {
                self.remember(path);
                if let Some(dir) = &self.recovery {
                    // The work is safe in the project now.
                    let _ = dir.discard(Some(path));
                    if was.is_none() {
                        let _ = dir.discard(None);
                    }
                }
                true
            }
            Err(e) => {
                self.error = Some(format!("The project was not saved: {e}"));
                false
            }
        }
    }

    /// Writes unsaved work to the recovery file when the last autosave is old enough.
    fn autosave(&mut self, now: bool) {
        if let Some(job) = &self.autosaving
            && let Some(r) = job.poll()
        {
            self.autosaving = None;
            if let Ok(Err(e)) = r {
                self.notice = Some(("Autosave failed".into(), e.to_string()));
            }
        }
        let Some(dir) = &self.recovery else {
            return;
        };
        let edits = self.session.edit_count();
        let due =
            now || self.autosaved.0.elapsed() >= std::time::Duration::from_secs(AUTOSAVE_SECONDS);
        if !self.session.is_dirty()
            || edits == self.autosaved.1
            || !due
            || self.autosaving.is_some()
        {
            return;
        }
        self.autosaved = (std::time::Instant::now(), edits);
        let project = self.session.to_project();
        let path = self.session.project_path().map(Path::to_path_buf);
        let dir = dir.clone();
        self.autosaving = Job::spawn("kith-autosave", "Autosaving", move |_| {
            dir.save(&project, path.as_deref())
        })
        .ok();
    }

    /// Blocks until an autosave in progress is written (tests); starts one first if there
    /// is unsaved work.
    pub fn autosave_now(&mut self) {
        self.autosave(true);
        if let Some(job) = self.autosaving.take()
            && let Some(Err(e)) = job.wait()
        {
            self.notice = Some(("Autosave failed".into(), e.to_string()));
        }
    }

    /// Looks once per document for a recovery file left by a crash.
    fn check_recovery(&mut self) {
        if self.recovery_checked {
            return;
        }
        self.recovery_checked = true;
        let Some(dir) = &self.recovery else {
            return;
        };
        let path = self.session.project_path().map(Path::to_path_buf);
        if let Some(r) = dir.find(path.as_deref()) {
            if r.newer_than_project {
                self.recovery_offer = Some(r);
            } else {
                let _ = r.discard();
            }
        }
    }

    /// Opens the recovered work (tests and the Recover button).
    pub fn recover(&mut self) {
        let Some(r) = self.recovery_offer.take() else {
            return;
        };
        match r.load() {
            Ok(p) => {
                self.open_project(p, r.project_path.clone());
                // Recovered work is not in the project until the analyst saves it.
                self.session.mark_unsaved();
                self.recovery_checked = true;
            }
            Err(e) => self.error = Some(format!("The recovered work cannot be read: {e}")),
        }
    }

    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(r) = &self.recovery_offer else {
            return;
        };
        let when =
            r.saved_at
                .elapsed()
                .map(|d| d.as_secs() / 60)
                .map_or("earlier".to_string(), |m| {
                    if m < 1 {
                        "less than a minute ago".into()
                    } else {
                        format!("{m} minute(s) ago")
                    }
                });
        let what = r
            .project_path
            .as_deref()
            .map_or("a study that was never saved".to_string(), |p| {
                format!("the project {}", short(p))
            });
        let mut choice = None;
        egui::Window::new("Recover unsaved work?")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label(format!(
                    "Kith was not closed properly. Work on {what} was saved for recovery {when}."
                ));
                ui.horizontal(|ui| {
                    if ui
                        .button("Recover")
                        .on_hover_text("Open the recovered work; save it to keep it")
                        .clicked()
                    {
                        choice = Some(true);
                    }
                    if ui
                        .button("Discard")
                        .on_hover_text("Delete the recovery file")
                        .clicked()
                    {
                        choice = Some(false);
                    }
                });
            });
        match choice {
            Some(true) => self.recover(),
            Some(false) => {
                if let Some(r) = self.recovery_offer.take() {
                    let _ = r.discard();
                }
            }
            None => {}
        }
    }

    fn confirm_ui(&mut self, ctx: &egui::Context) {
        if self.confirm.is_none() {
            return;
        }
        let mut choice = None;
        egui::Window::new("Unsaved changes")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.label("The project has changes that are not saved.");
                ui.horizontal(|ui| {
                    if ui
                        .button("Save")
                        .on_hover_text("Save the project first")
                        .clicked()
                    {
                        choice = Some(0);
                    }
                    if ui
                        .button("Don't save")
                        .on_hover_text("Go on without saving the changes")
                        .clicked()
                    {
                        choice = Some(1);
                    }
                    if ui
                        .button("Cancel")
                        .on_hover_text("Go back to the project")
                        .clicked()
                    {
                        choice = Some(2);
                    }
                });
            });
        let Some(choice) = choice else {
            return;
        };
        let Some(pending) = self.confirm.take() else {
            return;
        };
        if choice == 2 || choice == 0 && !self.save_project() {
            return;
        }
        match pending {
            Pending::OpenProject(p, path) => self.open_project(*p, Some(path)),
            Pending::Close => {
                if let Some(dir) = &self.recovery {
                    let _ = dir.discard(self.session.project_path());
                }
                self.session.mark_saved();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Keeps the window title on the document's name, with a dot while unsaved.
    fn title_ui(&mut self, ctx: &egui::Context) {
        let name = self
            .session
            .project_path()
            .map_or_else(|| self.session.source().name.clone(), short);
        let title = format!(
            "{}{} — Kith",
            if self.session.is_dirty() { "● " } else { "" },
            name
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Saves the study in view as a network file (GraphML by default).
    fn save_study(&mut self) {
        let name = format!(
            "{}.graphml",
            self.session.shown_text(self.session.study().name.trim())
        );
        let Some(path) = self
            .dialog
            .save_file(&name, &["graphml", "gexf", "net", "dl", "csv"])
        else {
            return;
        };
        // With names hidden, the file is the anonymised study: it may be shared.
        let (written, removed) = if self.session.names_hidden() {
            let anon = crate::privacy::anonymise(self.session.study());
            (io::write_path(&anon.study, &path), Some(anon.report()))
        } else {
            (io::write_path(self.session.study(), &path), None)
        };
        match (written, removed) {
            (Err(e), _) => self.error = Some(format!("{}: {e}", short(&path))),
            (Ok(_), Some(report)) => self.notice_names_hidden(&path, &report),
            (Ok(_), None) => {}
        }
    }

    /// Writes the project as it may be shared: names hidden, identifying columns left out
    /// (File ▸ Export anonymised copy…).
    fn export_anonymised_copy(&mut self) {
        let stem = self
            .session
            .project_path()
            .and_then(|p| p.file_stem())
            .map_or("study".to_string(), |s| s.to_string_lossy().into_owned());
        let name = format!(
            "{}-anonymised.{}",
            self.session.pseudonyms().scrub(&stem),
            project::EXTENSION
        );
        let Some(mut path) = self.dialog.save_file(&name, &[project::EXTENSION]) else {
            return;
        };
        if path.extension().is_none() {
            path.set_extension(project::EXTENSION);
        }
        let (copy, report) = self.session.anonymised_project();
        match copy.save(&path) {
            Ok(()) => self.notice_names_hidden(&path, &report),
            Err(e) => self.error = Some(format!("The anonymised copy was not saved: {e}")),
        }
    }

    /// Says what a file written with names hidden left out.
    fn notice_names_hidden(&mut self, path: &Path, removed: &[String]) {
        let mut msg = format!(
            "{} was written with names hidden: people appear under their pseudonyms \
             (P001, …), and the merge record is left out.",
            short(path)
        );
        if removed.is_empty() {
            msg.push_str("\nNo column identifies people, so every column was kept.");
        } else {
            msg.push_str("\nColumns that identify people were removed:");
            for line in removed {
                let line = line.strip_prefix("removed column ").unwrap_or(line);
                msg.push_str(&format!("\n• {line}"));
            }
        }
        self.notice = Some(("Names hidden".into(), msg));
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.open_dialog();
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F11)) {
            self.present();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&COPY_FIGURE)) {
            self.copy_figure();
        }
        let (save_as, save, export, find, undo, redo, space) = ctx.input_mut(|i| {
            // Ctrl+Shift+Z first: Ctrl+Z would otherwise take it as an undo.
            let shift_redo = i.consume_shortcut(&REDO_SHIFT);
            (
                i.consume_shortcut(&SAVE_AS),
                i.consume_shortcut(&SAVE),
                i.consume_shortcut(&EXPORT),
                i.consume_shortcut(&FIND),
                !shift_redo && i.consume_shortcut(&UNDO),
                shift_redo || i.consume_shortcut(&REDO),
                !typing && i.key_pressed(Key::Space),
            )
        });
        if save_as {
            self.save_project_as();
        } else if save {
            self.save_project();
        }
        if export {
            self.open_export();
        }
        if find {
            self.search.focus();
        }
        if undo {
            self.commands.push(Command::Undo);
        }
        if redo {
            self.commands.push(Command::Redo);
        }
        if space {
            self.commands
                .push(Command::PauseLayout(!self.session.layout().paused()));
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu(ui));
            ui.menu_button("Edit", |ui| self.edit_menu(ui));
            ui.menu_button("Network", |ui| self.network_menu(ui));
            ui.menu_button("View", |ui| self.view_menu(ui));
        });
    }

    /// The File menu.
    fn file_menu(&mut self, ui: &mut egui::Ui) {
        if ui
            .add(egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN)))
            .on_hover_text("Open a survey or network file")
            .clicked()
        {
            self.open_dialog();
        }
        ui.menu_button("Open recent", |ui| {
            if self.settings.recent.is_empty() {
                ui.label("No recent files");
            }
            for p in self.settings.recent.clone() {
                if ui
                    .button(short(&p))
                    .on_hover_text(p.display().to_string())
                    .clicked()
                {
                    self.open_path(&p);
                }
            }
        });
        if ui
            .button("Open sample")
            .on_hover_text("Open the bundled sample study")
            .clicked()
        {
            self.open_sample();
        }
        if ui
            .button("Import survey wave…")
            .on_hover_text("Add a later survey (read with this study's recipe) as a new wave")
            .clicked()
        {
            self.open_wave_import();
        }
        ui.separator();
        if ui
            .add(egui::Button::new("Save project").shortcut_text(ui.ctx().format_shortcut(&SAVE)))
            .on_hover_text(
                "Save everything (study, merges, layout, views, notes) as a .kith project",
            )
            .clicked()
        {
            self.save_project();
        }
        if ui
            .add(
                egui::Button::new("Save project as…")
                    .shortcut_text(ui.ctx().format_shortcut(&SAVE_AS)),
            )
            .on_hover_text("Save the project under another name")
            .clicked()
        {
            self.save_project_as();
        }
        if ui
            .button("Export network as…")
            .on_hover_text(
                "Save the network in view as GraphML, GEXF, Pajek, DL or CSV (with \
                 pseudonyms when names are hidden)",
            )
            .clicked()
        {
            self.save_study();
        }
        if ui
            .button("Export anonymised copy…")
            .on_hover_text(
                "Save a copy of the project to share: pseudonyms for names, columns \
                 that identify people (names, email, phone, address, postcode, date \
                 of birth, notes) left out",
            )
            .clicked()
        {
            self.export_anonymised_copy();
        }
        if ui
            .add(
                egui::Button::new("Export figure…")
                    .shortcut_text(ui.ctx().format_shortcut(&EXPORT)),
            )
            .on_hover_text("Export the sociogram as PNG, SVG, PDF, TIFF, JPEG or WebP")
            .clicked()
        {
            self.open_export();
        }
        if ui
            .add(
                egui::Button::new("Copy figure")
                    .shortcut_text(ui.ctx().format_shortcut(&COPY_FIGURE)),
            )
            .on_hover_text(
                "Put the figure on the clipboard at the export size, to paste into \
                 slides",
            )
            .clicked()
        {
            self.copy_figure();
        }
    }

    /// The Edit menu.
    fn edit_menu(&mut self, ui: &mut egui::Ui) {
        if ui
            .add_enabled(
                self.session.history().can_undo(),
                egui::Button::new(
                    self.session
                        .history()
                        .undo_name()
                        .map_or("Undo".to_string(), |w| format!("Undo {w}")),
                )
                .shortcut_text(ui.ctx().format_shortcut(&UNDO)),
            )
            .on_hover_text("Undo the last change")
            .clicked()
        {
            self.commands.push(Command::Undo);
        }
        if ui
            .add_enabled(
                self.session.history().can_redo(),
                egui::Button::new(
                    self.session
                        .history()
                        .redo_name()
                        .map_or("Redo".to_string(), |w| format!("Redo {w}")),
                )
                .shortcut_text(ui.ctx().format_shortcut(&REDO)),
            )
            .on_hover_text("Redo the last undone change")
            .clicked()
        {
            self.commands.push(Command::Redo);
        }
        if ui
            .add(egui::Button::new("Find person").shortcut_text(ui.ctx().format_shortcut(&FIND)))
            .on_hover_text("Find a person by name and centre them")
            .clicked()
        {
            self.search.focus();
        }
    }

    /// The Network menu.
    fn network_menu(&mut self, ui: &mut egui::Ui) {
        let nodes = self.session.study().nodes();
        let mixed =
            nodes.iter().any(|n| n.kind.is_person()) && nodes.iter().any(|n| !n.kind.is_person());
        if ui
            .add_enabled(
                mixed,
                egui::Button::new("Project to people (shared places)"),
            )
            .on_hover_text(
                "A network of people only, tied when they use the same places or \
                 groups; tie weight = how many they share",
            )
            .clicked()
        {
            self.project(crate::analysis::projection::Mode::People);
        }
        if ui
            .add_enabled(
                mixed,
                egui::Button::new("Project to places (shared people)"),
            )
            .on_hover_text(
                "A network of places and groups only, tied when the same people use \
                 them; tie weight = how many people they share",
            )
            .clicked()
        {
            self.project(crate::analysis::projection::Mode::Places);
        }
        if !mixed {
            ui.label("Projections need people and places or groups in one network.");
        }
        ui.separator();
        if ui
            .button("Review names…")
            .on_hover_text(
                "The names that may be one person and were left open, most important \
                 first: accept, reject or another person on one key",
            )
            .clicked()
        {
            self.review = Some(super::review_window::ReviewWindow::new(&self.session));
        }
    }

    /// The View menu.
    fn view_menu(&mut self, ui: &mut egui::Ui) {
        let paused = self.session.layout().paused();
        if ui
            .add(
                egui::Button::new(if paused {
                    "Resume layout"
                } else {
                    "Pause layout"
                })
                .shortcut_text("Space"),
            )
            .on_hover_text("Pause or resume the layout animation")
            .clicked()
        {
            self.commands.push(Command::PauseLayout(!paused));
        }
        if ui
            .button("Re-run layout")
            .on_hover_text("Lay the network out again from new starting positions")
            .clicked()
        {
            self.rerun();
        }
        if ui
            .button("Fit to view")
            .on_hover_text("Zoom so that the whole network fits")
            .clicked()
        {
            self.canvas.fit_next();
        }
        ui.separator();
        if ui
            .checkbox(&mut self.settings.dark, "Dark theme")
            .on_hover_text("Switch between the light and the dark theme")
            .changed()
        {
            self.theme_applied = None;
        }
    }

    fn rerun(&mut self) {
        self.canvas.fit_next();
        let seed = self.session.revision().wrapping_mul(2654435761) % 100_000 + 2;
        self.commands.push(Command::RerunLayout(seed));
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui
                .button("📂 Open…")
                .on_hover_text("Open a survey or network file (Ctrl+O)")
                .clicked()
            {
                self.open_dialog();
            }
            if ui
                .button("Open sample")
                .on_hover_text("Open the bundled sample study")
                .clicked()
            {
                self.open_sample();
            }
            ui.separator();
            if ui
                .add_enabled(self.session.history().can_undo(), egui::Button::new("Undo"))
                .on_hover_text(match self.session.history().undo_name() {
                    Some(w) => format!("Undo {w} (Ctrl+Z)"),
                    None => "Nothing to undo".to_string(),
                })
                .clicked()
            {
                self.commands.push(Command::Undo);
            }
            if ui
                .add_enabled(self.session.history().can_redo(), egui::Button::new("Redo"))
                .on_hover_text(match self.session.history().redo_name() {
                    Some(w) => format!("Redo {w} (Ctrl+Y)"),
                    None => "Nothing to redo".to_string(),
                })
                .clicked()
            {
                self.commands.push(Command::Redo);
            }
            ui.separator();
            let paused = self.session.layout().paused();
            if ui
                .button(if paused { "▶ Resume" } else { "⏸ Pause" })
                .on_hover_text("Pause or resume the layout animation (Space)")
                .clicked()
            {
                self.commands.push(Command::PauseLayout(!paused));
            }
            if ui
                .button("⟳ Re-run")
                .on_hover_text("Lay out again with a new seed")
                .clicked()
            {
                self.rerun();
            }
            if ui
                .button("⛶ Fit")
                .on_hover_text("Zoom so that the whole network fits")
                .clicked()
            {
                self.canvas.fit_next();
            }
            ui.separator();
            if ui
                .button("Export figure…")
                .on_hover_text("Export the sociogram as PNG, SVG, PDF, TIFF, JPEG or WebP (Ctrl+E)")
                .clicked()
            {
                self.open_export();
            }
            ui.separator();
            let mut anonymise = self.session.view().anonymise;
            if ui
                .checkbox(&mut anonymise, "Hide names")
                .on_hover_text(
                    "Show pseudonyms (P001, …) instead of names, on screen and in exports",
                )
                .changed()
            {
                self.commands.push(Command::Anonymise(anonymise));
            }
            ui.separator();
            if self.presentation.toolbar_ui(ui) {
                self.present();
            }
            ui.separator();
            if let Some(node) = self.search.ui(ui, &self.session) {
                self.commands.push(Command::Select(Some(node)));
                self.canvas.centre_on(node.index());
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let s = self.session.study();
            ui.strong(&self.session.source().name);
            ui.separator();
            ui.label(format!(
                "{} nodes · {} ties · {} shown",
                s.node_count(),
                s.tie_count(),
                self.session.visible_count()
            ));
            ui.separator();
            let l = self.session.layout();
            ui.label(if l.paused() {
                format!("Layout paused ({} iterations)", l.iterations())
            } else if l.settled() {
                format!("Layout settled ({} iterations)", l.iterations())
            } else {
                format!("Laying out… {} iterations", l.iterations())
            });
            if let Some(copy) = &self.copying {
                ui.separator();
                if let Some(m) = copy.poll(ui.ctx()) {
                    self.copied = Some(m);
                    self.copying = None;
                } else {
                    ui.spinner();
                    ui.label("Copying the figure…");
                    if ui.small_button("Cancel").clicked() {
                        self.copying = None;
                    }
                    ui.ctx().request_repaint();
                }
            }
            if let Some(m) = &self.copied {
                ui.separator();
                ui.label(m);
            }
            if let Some(job) = self.session.metrics_job() {
                ui.separator();
                ui.label("Computing metrics");
                ui.add(
                    egui::ProgressBar::new(job.progress.fraction())
                        .desired_width(120.0)
                        .show_percentage(),
                );
            }
            if let Some((_, job)) = &self.opening {
                ui.separator();
                ui.label(&job.what);
                ui.add(
                    egui::ProgressBar::new(job.progress.fraction())
                        .desired_width(120.0)
                        .animate(true),
                );
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop reading the file")
                    .clicked()
                {
                    job.progress.cancel();
                    self.opening = None;
                }
            }
            if let Some(e) = self.session.style_error() {
                ui.separator();
                ui.colored_label(theme::ERROR, e);
            }
        });
    }

    fn error_ui(&mut self, ctx: &egui::Context) {
        let Some(msg) = self.error.clone() else {
            return;
        };
        let mut open = true;
        egui::Window::new("Could not open the file")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .show(ctx, |ui| {
                ui.colored_label(theme::ERROR, &msg);
                ui.label("The study you had open is still open.");
                if ui
                    .button("OK")
                    .on_hover_text("Close this message")
                    .clicked()
                {
                    self.error = None;
                }
            });
        if !open {
            self.error = None;
        }
    }

    fn notice_ui(&mut self, ctx: &egui::Context) {
        let Some((title, msg)) = self.notice.clone() else {
            return;
        };
        let mut open = true;
        egui::Window::new(title)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(&msg);
                if ui
                    .button("OK")
                    .on_hover_text("Close this message")
                    .clicked()
                {
                    self.notice = None;
                }
            });
        if !open {
            self.notice = None;
        }
    }

    /// The Change panel (tests wait for its comparison).
    pub fn change_panel(&mut self) -> &mut super::change::ChangePanel {
        &mut self.change
    }

    /// The message about the last edit that could not be made, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|(_, m)| m.as_str())
    }

    /// Draws one frame and applies the commands the panels issued.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        // Presentation mode (F11) takes the whole window: no panels, no workbench keys.
        if self.opening.is_none() && self.wizard.is_none() && self.commands.is_empty() {
            self.presentation
                .start_if_asked(&self.session, &mut self.commands);
        }
        if self.presentation.is_active() {
            if self.session.poll() {
                self.canvas.layout_moved();
            }
            self.presentation.ui(ui, &self.session, &mut self.commands);
            for c in std::mem::take(&mut self.commands) {
                self.session.apply(c);
            }
            // Presentation moves its own camera; the workbench canvas stays where it was.
            self.session.take_camera_request();
            self.autosave(false);
            return;
        }
        let ctx = ui.ctx().clone();
        if self.theme_applied != Some(self.settings.dark) {
            theme::apply(&ctx, self.settings.dark);
            self.theme_applied = Some(self.settings.dark);
        }
        self.poll_background(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        // The tables span the window's width under the side panels, which end at their
        // top edge: no panel draws over another.
        // Every panel draws through `Panel::ui` with the same context; a person one of
        // them asks to show is centred on the canvas after the frame's panels.
        let camera = self.canvas.camera();
        let mut show = None;
        let tables = egui::Panel::bottom("tables")
            .resizable(true)
            .default_size(theme::TABLES_HEIGHT)
            // A tab with little in it (a comparison still running) must not shrink it.
            .min_size(theme::TABLES_MIN_HEIGHT)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.bottom, BottomTab::Metrics, "Metrics")
                        .on_hover_text("Every node metric, sortable and searchable");
                    ui.selectable_value(&mut self.bottom, BottomTab::Groups, "Groups")
                        .on_hover_text("Compare groups of an attribute");
                    ui.selectable_value(&mut self.bottom, BottomTab::Models, "Models")
                        .on_hover_text("Regression, QAP and CUG tests with permutation p-values");
                    ui.selectable_value(&mut self.bottom, BottomTab::Change, "Change")
                        .on_hover_text("What changed between two survey waves");
                });
                ui.separator();
                let panel: &mut dyn Panel = match self.bottom {
                    BottomTab::Metrics => &mut self.metrics,
                    BottomTab::Groups => &mut self.groups,
                    BottomTab::Models => &mut self.models,
                    BottomTab::Change => &mut self.change,
                };
                let mut cx = PanelContext::new(
                    &self.session,
                    &mut self.commands,
                    self.dialog.as_mut(),
                    camera,
                );
                panel.ui(ui, &mut cx);
                show = show.or(cx.show);
            });
        let mut side = |ui: &mut egui::Ui, panels: [&mut dyn Panel; 3]| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut cx = PanelContext::new(
                    &self.session,
                    &mut self.commands,
                    self.dialog.as_mut(),
                    camera,
                );
                for panel in panels {
                    egui::CollapsingHeader::new(panel.title())
                        .default_open(true)
                        .show(ui, |ui| panel.ui(ui, &mut cx));
                }
                show = show.or(cx.show);
            });
        };
        let left = egui::Panel::left("left")
            .resizable(true)
            .default_size(theme::SIDE_PANEL_WIDTH)
            .show(ui, |ui| {
                side(ui, [&mut self.data, &mut self.style, &mut self.filter]);
            });
        let right = egui::Panel::right("right")
            .resizable(true)
            .default_size(theme::SIDE_PANEL_WIDTH)
            .show(ui, |ui| {
                side(ui, [&mut self.inspector, &mut self.views, &mut self.flags]);
            });
        if let Some(i) = show {
            self.canvas.centre_on(i);
        }
        self.panel_rects = vec![
            ("left panel", left.response.rect),
            ("right panel", right.response.rect),
            ("tables", tables.response.rect),
        ];
        egui::CentralPanel::default().show(ui, |ui| {
            self.canvas.ui(ui, &self.session, &mut self.commands);
        });

        self.windows_ui(&ctx);
        self.error_ui(&ctx);
        self.notice_ui(&ctx);
        self.check_recovery();
        self.recovery_ui(&ctx);
        self.confirm_ui(&ctx);
        self.title_ui(&ctx);
        if ctx.input(|i| i.viewport().close_requested())
            && self.session.is_dirty()
            && self.confirm.is_none()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Pending::Close);
        }

        // The one place the document changes.
        for c in std::mem::take(&mut self.commands) {
            self.session.apply(c);
        }
        if let Some(n) = self.session.take_notice() {
            self.notice = Some(("Not done".into(), n));
        }
        self.autosave(false);
        if let Some(camera) = self.session.take_camera_request() {
            self.canvas.set_camera(camera);
        }
        if !self.session.layout().settled() && !self.session.layout().paused()
            || self.session.metrics_job().is_some()
            || self.opening.is_some()
            || self.projecting.is_some()
            || self
                .session
                .wave_change()
                .is_some_and(|c| c.started.elapsed().as_secs_f32() < theme::WAVE_TRANSITION)
            || self.wizard.as_ref().is_some_and(ImportWizard::busy)
        {
            ctx.request_repaint();
        }
    }

    /// Takes what the background work finished (layout steps, a file read, a projection)
    /// and the files dropped on the window.
    fn poll_background(&mut self, ctx: &egui::Context) {
        if self.session.poll() {
            self.canvas.layout_moved();
        }
        if let Some(job) = &self.projecting
            && let Some(result) = job.poll()
        {
            self.projecting = None;
            self.projected(result.unwrap_or(Err(ProjectingError::Stopped)));
        }
        if let Some((path, job)) = &self.opening
            && let Some(result) = job.poll()
        {
            let path = path.clone();
            self.opening = None;
            self.opened(&path, result.unwrap_or(Err(OpenError::Stopped)));
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(p) = dropped.first() {
            self.open_path(p);
        }
    }

    /// The windows over the workbench: import wizard, name review, wave import, export.
    fn windows_ui(&mut self, ctx: &egui::Context) {
        if let Some(w) = &mut self.wizard {
            match w.ui(ctx) {
                super::import_wizard::WizardOutcome::Open => {}
                super::import_wizard::WizardOutcome::Cancelled => self.wizard = None,
                super::import_wizard::WizardOutcome::Done(study, source) => {
                    self.commands.push(Command::ReplaceStudy { study, source });
                    self.canvas.fit_next();
                    self.wizard = None;
                }
            }
        }
        if let Some(w) = &mut self.review
            && !w.ui(ctx, &self.session, &mut self.commands)
        {
            self.review = None;
        }
        if let Some(w) = &mut self.wave_import {
            match w.ui(ctx, &self.session, self.dialog.as_mut()) {
                super::wave_import::WaveImportOutcome::Open => {}
                super::wave_import::WaveImportOutcome::Cancelled => self.wave_import = None,
                super::wave_import::WaveImportOutcome::Done(study, report) => {
                    self.wave_imported(study, report);
                }
            }
        }
        if let Some(d) = &mut self.export {
            let open = d.ui(ctx, &self.session, self.dialog.as_mut());
            self.commands.append(&mut d.commands);
            if !open {
                self.export = None;
            }
        }
    }
}

impl eframe::App for Workbench {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Workbench::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit: nothing to recover next time, unless changes were left unsaved
        // on purpose ("Don't save" already discarded them).
        if !self.session.is_dirty()
            && let Some(dir) = &self.recovery
        {
            let _ = dir.discard(self.session.project_path());
            let _ = dir.discard(None);
        }
    }
}

/// Reads a network file, or a survey table with a proposed recipe; errors name the file,
/// line and column.
fn read_any(path: &Path, prog: &crate::session::Progress) -> Result<Opened, OpenError> {
    let bytes = std::fs::read(path).map_err(|source| OpenError::Read {
        file: crate::io::display_name(path),
        source,
    })?;
    prog.set(1, 3);
    if project::is_project_path(path) {
        return Ok(Opened::Project(Box::new(Project::from_bytes(
            &bytes,
            &crate::io::display_name(path),
        )?)));
    }
    let delimited = io::detect(path, &bytes).is_none_or(|f| f == io::Format::Spreadsheet);
    if delimited
        && let Ok(grid) = survey::read_table(path, &bytes)
        && let Ok(recipe) = survey::propose::propose(&grid)
        && !recipe.relations.is_empty()
    {
        return Ok(Opened::Survey(grid, Box::new(recipe)));
    }
    prog.set(2, 3);
    crate::survey::open::read_noted(path, &bytes, &ReadOptions::default())
        .map(|i| Opened::Network(Box::new(i.study), i.notes))
        .map_err(OpenError::from)
}
