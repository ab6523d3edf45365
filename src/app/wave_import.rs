//! Import survey wave: a later survey file read with the recipe the study was imported
//! with, its people matched to the study's by respondent id, name and merge record, and added
//! as a new wave (off the window's thread).

use std::path::PathBuf;

use eframe::egui;

use super::import_wizard::SurveyImportError;
use super::{FileDialog, theme};
use crate::model::Study;
use crate::session::{Job, Session};
use crate::survey::{self, MergeMode, Recipe};
use crate::waves;

/// What the dialog ended with.
pub enum WaveImportOutcome {
    /// Still open.
    Open,
    /// Closed without a change.
    Cancelled,
    /// The study with the new wave, and what the matching did.
    Done(Box<Study>, String),
}

/// The dialog's state.
pub struct WaveImport {
    path: Option<PathBuf>,
    first: String,
    name: String,
    job: Option<Job<Result<(Study, String), SurveyImportError>>>,
    error: Option<String>,
}

impl WaveImport {
    /// A dialog for adding a wave to the session's study.
    pub fn new(session: &Session) -> Self {
        let existing = waves::wave_names(session.base_study());
        WaveImport {
            path: None,
            first: "baseline".into(),
            name: if existing.is_empty() {
                "follow-up".into()
            } else {
                format!("wave {}", existing.len() + 1)
            },
            job: None,
            error: None,
        }
    }

    /// Sets the file (tests and the Choose button).
    pub fn set_path(&mut self, path: PathBuf) {
        self.path = Some(path);
    }

    /// Sets the new wave's name (tests).
    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
    }

    /// Starts the import.
    pub fn start(&mut self, session: &Session) {
        let Some(path) = self.path.clone() else {
            self.error = Some("Choose the survey file of the new wave.".into());
            return;
        };
        let recipe_text = session.source().recipe.clone();
        let mut study = session.base_study().compacted();
        let (first, name) = (self.first.trim().to_string(), self.name.trim().to_string());
        self.error = None;
        self.job = Job::spawn("kith-wave", "Importing the wave", move |p| {
            p.set(1, 4);
            let file = crate::io::display_name(&path);
            let bytes = std::fs::read(&path).map_err(|source| SurveyImportError::Read {
                file: file.clone(),
                source,
            })?;
            let grid = survey::read_table(&path, &bytes)?;
            let recipe = match &recipe_text {
                Some(text) => Recipe::from_toml("the study's recipe", text)?,
                None => survey::propose::propose(&grid)?,
            };
            p.set(2, 4);
            let wave = crate::waves::survey::import(&grid, &recipe, MergeMode::Auto, &file)?;
            p.set(3, 4);
            if waves::wave_names(&study).is_empty() {
                study = waves::name_wave(study, &first)?;
            }
            let report = waves::add_wave(&mut study, &name, &wave.study)?;
            p.set(4, 4);
            Ok((study, report.summary()))
        })
        .ok();
    }

    /// Blocks until a running import finishes (tests); returns the outcome.
    pub fn finish(&mut self) -> WaveImportOutcome {
        match self.job.take().and_then(Job::wait) {
            Some(Ok((study, report))) => WaveImportOutcome::Done(Box::new(study), report),
            Some(Err(e)) => {
                self.error = Some(e.to_string());
                WaveImportOutcome::Open
            }
            None => WaveImportOutcome::Open,
        }
    }

    /// Draws the dialog.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        dialog: &mut dyn FileDialog,
    ) -> WaveImportOutcome {
        if let Some(job) = &self.job {
            if let Some(r) = job.poll() {
                self.job = None;
                match r {
                    Ok(Ok((study, report))) => {
                        return WaveImportOutcome::Done(Box::new(study), report);
                    }
                    Ok(Err(e)) => self.error = Some(e.to_string()),
                    Err(()) => self.error = Some(SurveyImportError::Stopped.to_string()),
                }
            } else {
                ctx.request_repaint();
            }
        }
        let mut outcome = WaveImportOutcome::Open;
        let has_waves = !waves::wave_names(session.base_study()).is_empty();
        let mut open = true;
        egui::Window::new("Import survey wave")
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(match session.source().recipe {
                    Some(_) => "The file is read with the recipe this study was imported with.",
                    None => {
                        "This study has no saved recipe: Kith proposes one from the file's \
                         columns, as for a first import."
                    }
                });
                ui.label(
                    "People are matched to the study's by respondent id, by name and by the \
                     merges already made; everyone keeps their place on the canvas.",
                );
                egui::Grid::new("wave_import").show(ui, |ui| {
                    if !has_waves {
                        ui.label("The study open now is the wave");
                        ui.text_edit_singleline(&mut self.first);
                        ui.end_row();
                    }
                    ui.label("Name of the new wave");
                    ui.text_edit_singleline(&mut self.name);
                    ui.end_row();
                    ui.label("Survey file");
                    ui.horizontal(|ui| {
                        ui.label(
                            self.path
                                .as_ref()
                                .map_or("none chosen".into(), |p| super::short(p)),
                        );
                        if ui
                            .button("Choose…")
                            .on_hover_text("Choose the survey file")
                            .clicked()
                            && let Some(p) = dialog.open_file()
                        {
                            self.path = Some(p);
                        }
                    });
                    ui.end_row();
                });
                if let Some(e) = &self.error {
                    ui.colored_label(theme::ERROR, e);
                }
                ui.horizontal(|ui| {
                    if let Some(job) = &self.job {
                        ui.add(
                            egui::ProgressBar::new(job.progress.fraction())
                                .desired_width(160.0)
                                .show_percentage(),
                        );
                    } else if ui
                        .add_enabled(self.path.is_some(), egui::Button::new("Import wave"))
                        .on_hover_text("Read the file and add it to the study as a new wave")
                        .clicked()
                    {
                        self.start(session);
                    }
                    if ui
                        .button("Cancel")
                        .on_hover_text("Close without importing")
                        .clicked()
                    {
                        if let Some(job) = &self.job {
                            job.progress.cancel();
                        }
                        outcome = WaveImportOutcome::Cancelled;
                    }
                });
            });
        if !open {
            outcome = WaveImportOutcome::Cancelled;
        }
        outcome
    }
}
