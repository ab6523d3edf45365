//! The import wizard: the proposed recipe as a table of column roles with a preview of the
//! first rows (editable), an optional roster and alias table, the import off the UI thread
//! with progress and Cancel (names matched automatically, each merge recorded), then the
//! review queue: the names left open, most important first, each decided on one key.

use std::path::PathBuf;

use eframe::egui;

use super::theme;
use crate::io::ImportError;
use crate::io::grid::Grid;
use crate::model::{AttrType, Study};
use crate::session::{Job, Source};
use crate::survey::review::{self, Decision, ReviewItem};
use crate::survey::{self, KnownNames, MergeMode, Recipe, Survey};

/// What the wizard asks the workbench to do.
pub enum WizardOutcome {
    /// Still open.
    Open,
    /// Closed without importing.
    Cancelled,
    /// Open this study.
    Done(Box<Study>, Source),
}

/// Why a survey (the first or a later wave) could not be imported in the window.
#[derive(Debug, thiserror::Error)]
pub(super) enum SurveyImportError {
    /// A file could not be read from disk.
    #[error("{file}: {source}")]
    Read {
        /// The file, as typed or chosen.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The survey, its recipe, the roster or the alias table could not be read (the error
    /// names the file, line and column).
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The wave could not be named or added (a wave of that name already exists...).
    #[error(transparent)]
    Waves(#[from] crate::waves::WaveError),
    /// The import's thread ended without a result.
    #[error("the import stopped")]
    Stopped,
}

/// Steps of the wizard.
enum Step {
    Recipe,
    Importing(Job<Result<Survey, SurveyImportError>>),
    Review(Box<Review>),
}

/// The review step: the study as matched, with the decisions taken so far.
struct Review {
    survey: Survey,
    study: Study,
    queue: Vec<ReviewItem>,
    decided: usize,
}

/// The wizard's state.
pub struct ImportWizard {
    path: PathBuf,
    grid: Grid,
    recipe: Recipe,
    step: Step,
    error: Option<String>,
    /// The roster file (CSV of known people), if any.
    roster: String,
    /// The alias table of earlier decisions, if any.
    aliases: String,
}

/// A column's role in the recipe, as the table shows it.
fn role(recipe: &Recipe, column: &str) -> String {
    if recipe.id == column {
        return "id".into();
    }
    if recipe.name.as_deref() == Some(column) {
        return "name".into();
    }
    if recipe.wave.as_deref() == Some(column) {
        return "wave".into();
    }
    if let Some(a) = recipe.attributes.iter().find(|a| a.column == column) {
        return format!("attribute ({})", a.ty.name());
    }
    if let Some(r) = recipe
        .relations
        .iter()
        .find(|r| r.columns.iter().any(|c| c == column))
    {
        let what = match r.names {
            survey::recipe::Names::People => "people",
            survey::recipe::Names::Places => "places",
            survey::recipe::Names::Groups => "groups",
        };
        return format!("relation naming {what} (\"{}\")", r.name);
    }
    if recipe
        .scales
        .iter()
        .any(|s| s.columns.iter().any(|c| c == column))
    {
        return "scale item".into();
    }
    "ignored".into()
}

impl ImportWizard {
    /// A wizard for the table read from `path`, with the recipe Kith proposed.
    pub fn new(path: PathBuf, grid: Grid, recipe: Recipe) -> Self {
        ImportWizard {
            path,
            grid,
            recipe,
            step: Step::Recipe,
            error: None,
            roster: String::new(),
            aliases: String::new(),
        }
    }

    /// Sets the roster file (tests and the Roster field).
    pub fn set_roster(&mut self, path: &str) {
        self.roster = path.to_string();
    }

    /// The names left for review, most important first (empty before the import).
    pub fn review_queue(&self) -> &[ReviewItem] {
        match &self.step {
            Step::Review(r) => &r.queue,
            _ => &[],
        }
    }

    /// The roster and alias table named in the fields, read.
    fn known(&self) -> Result<KnownNames, SurveyImportError> {
        let mut known = KnownNames::default();
        let roster = self.roster.trim();
        if !roster.is_empty() {
            let bytes = std::fs::read(roster).map_err(|source| SurveyImportError::Read {
                file: roster.to_string(),
                source,
            })?;
            known.roster = survey::aliases::Roster::from_csv(roster, &bytes)?;
        }
        let aliases = self.aliases.trim();
        if !aliases.is_empty() {
            let text =
                std::fs::read_to_string(aliases).map_err(|source| SurveyImportError::Read {
                    file: aliases.to_string(),
                    source,
                })?;
            known.aliases = survey::aliases::AliasTable::from_csv(aliases, &text)?;
        }
        Ok(known)
    }

    /// Whether an import is running.
    pub fn busy(&self) -> bool {
        matches!(self.step, Step::Importing(_))
    }

    fn start(&mut self) {
        let grid = self.grid.clone();
        let recipe = self.recipe.clone();
        let name = super::short(&self.path);
        let known = match self.known() {
            Ok(k) => k,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        match Job::spawn("kith-import", format!("Importing {name}"), move |p| {
            p.set(1, 3);
            let r =
                crate::waves::survey::import_with(&grid, &recipe, MergeMode::Auto, &name, &known)
                    .map_err(SurveyImportError::from);
            p.set(3, 3);
            r
        }) {
            Ok(job) => self.step = Step::Importing(job),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Blocks until a running import finishes (tests).
    pub fn finish_import(&mut self) {
        if let Step::Importing(job) = std::mem::replace(&mut self.step, Step::Recipe) {
            match job.wait() {
                Some(Ok(s)) => self.show_merges(s),
                Some(Err(e)) => self.error = Some(e.to_string()),
                None => {}
            }
        }
    }

    fn show_merges(&mut self, s: Survey) {
        self.step = Step::Review(Box::new(Review {
            study: s.study.clone(),
            queue: s.review.clone(),
            survey: s,
            decided: 0,
        }));
    }

    /// Decides the first name of the review queue (tests and the A, R and N keys).
    pub fn decide(&mut self, decision: Decision) {
        let Step::Review(r) = &mut self.step else {
            return;
        };
        let before = r.queue.len();
        match review::decide(&mut r.study, &mut r.queue, decision) {
            Ok(_) => r.decided += before - r.queue.len(),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Accepts the import with the decisions taken; names not reviewed stay as they are
    /// (tests and the Finish button).
    pub fn finish(&mut self) -> Option<(Box<Study>, Source)> {
        let Step::Review(r) = &self.step else {
            return None;
        };
        // Accepted merges leave gaps: the study starts numbered 0.. in the workbench.
        let study = r.study.compacted();
        Some((
            Box::new(study),
            Source {
                name: super::short(&self.path),
                path: Some(self.path.clone()),
                recipe: Some(self.recipe.to_toml()),
            },
        ))
    }

    /// Draws the wizard window.
    pub fn ui(&mut self, ctx: &egui::Context) -> WizardOutcome {
        let mut outcome = WizardOutcome::Open;
        let title = format!("Import survey: {}", super::short(&self.path));
        egui::Window::new(title)
            .collapsible(false)
            .default_size([820.0, 520.0])
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                if let Some(e) = &self.error {
                    ui.colored_label(theme::ERROR, e);
                }
                let mut start = false;
                let mut decision: Option<Decision> = None;
                let mut finished: Option<Result<Survey, SurveyImportError>> = None;
                match &mut self.step {
                    Step::Recipe => {
                        ui.label("Kith proposes how to read each column. Change a role if it is wrong, then press Import.");
                        let columns: Vec<String> = self
                            .grid
                            .rows
                            .first()
                            .map(|r| r.cells.clone())
                            .unwrap_or_default();
                        egui::ScrollArea::both().max_height(380.0).show(ui, |ui| {
                            egui::Grid::new("recipe").striped(true).show(ui, |ui| {
                                ui.strong("column");
                                ui.strong("role");
                                for k in 1..=3 {
                                    ui.strong(format!("row {k}"));
                                }
                                ui.end_row();
                                for (c, col) in columns.iter().enumerate() {
                                    ui.label(col);
                                    let current = role(&self.recipe, col);
                                    egui::ComboBox::from_id_salt(("role", c))
                                        .selected_text(&current)
                                        .show_ui(ui, |ui| {
                                            for choice in Role::ALL {
                                                let text = choice.label();
                                                if ui.selectable_label(current.starts_with(text), text).clicked() {
                                                    set_role(&mut self.recipe, col, choice);
                                                }
                                            }
                                        })
                                        .response
                                        .on_hover_text("How this column is read");
                                    for r in self.grid.rows.iter().skip(1).take(3) {
                                        ui.label(r.cells.get(c).cloned().unwrap_or_default());
                                    }
                                    ui.end_row();
                                }
                            });
                        });
                        ui.horizontal(|ui| {
                            ui.label("Roster (optional)");
                            ui.add(egui::TextEdit::singleline(&mut self.roster).hint_text("known people: CSV with a name column").desired_width(300.0))
                                .on_hover_text("A CSV of known people (name, and optionally id and short_names separated by |): short forms that fit someone on it nobody wrote in full wait for review");
                        });
                        ui.horizontal(|ui| {
                            ui.label("Aliases (optional)");
                            ui.add(egui::TextEdit::singleline(&mut self.aliases).hint_text("earlier decisions: written_name,respondent,person").desired_width(300.0))
                                .on_hover_text("An alias table exported from an earlier wave or run: its decisions are applied first");
                        });
                        ui.horizontal(|ui| {
                            if ui.button("Import").on_hover_text("Read the survey with these roles").clicked() {
                                start = true;
                            }
                            if ui.button("Cancel").on_hover_text("Close without importing; the open study stays").clicked() {
                                outcome = WizardOutcome::Cancelled;
                            }
                        });
                    }
                    Step::Importing(job) => {
                        ui.label(&job.what);
                        ui.add(egui::ProgressBar::new(job.progress.fraction()).animate(true));
                        if ui.button("Cancel").on_hover_text("Stop the import; the open study stays").clicked() {
                            job.progress.cancel();
                            outcome = WizardOutcome::Cancelled;
                        }
                        if let Some(r) = job.poll() {
                            finished = Some(r.unwrap_or(Err(SurveyImportError::Stopped)));
                        }
                    }
                    Step::Review(r) => {
                        review_ui(ui, r, &mut decision);
                        ui.horizontal(|ui| {
                            if ui.button("Finish").on_hover_text("Open the imported study; names not reviewed stay as they are").clicked() {
                                ui.ctx().data_mut(|d| d.insert_temp(egui::Id::new("kith_finish"), true));
                            }
                            if ui.button("Cancel").on_hover_text("Close without importing").clicked() {
                                outcome = WizardOutcome::Cancelled;
                            }
                        });
                        queue_ui(ui, &r.queue);
                    }
                }
                if start {
                    self.error = None;
                    self.start();
                }
                if let Some(d) = decision {
                    self.decide(d);
                }
                if let Some(r) = finished {
                    match r {
                        Ok(s) => self.show_merges(s),
                        Err(e) => {
                            self.error = Some(e.to_string());
                            self.step = Step::Recipe;
                        }
                    }
                }
            });
        let finish = ctx.data_mut(|d| d.remove_temp::<bool>(egui::Id::new("kith_finish")));
        if finish == Some(true)
            && let Some((study, source)) = self.finish()
        {
            outcome = WizardOutcome::Done(study, source);
        }
        outcome
    }
}

/// The review queue: what matching did, the name to decide now with its readings, and the
/// buttons (and keys) for the decision.
fn review_ui(ui: &mut egui::Ui, r: &Review, decision: &mut Option<Decision>) {
    let report = &r.survey.report;
    ui.label(format!(
        "{} people and places, {} ties. {} names were joined automatically (each can be split \
         again in the Inspector); {} names wait for review, most important first ({} decided).",
        r.study.node_count(),
        r.study.tie_count(),
        report.merged_nodes,
        r.queue.len(),
        r.decided
    ));
    let Some(first) = r.queue.first() else {
        ui.label("Nothing left to review.");
        return;
    };
    if decision.is_none() {
        *decision = item_ui(ui, first);
    }
}

/// The name to decide now, its readings and the decision buttons; A, R and N (and Enter
/// for accept) decide too, unless a text field is being typed in.
pub(super) fn item_ui(ui: &mut egui::Ui, first: &ReviewItem) -> Option<Decision> {
    let mut decision = None;
    ui.group(|ui| {
        ui.strong(first.line());
        for (k, c) in first.candidates.iter().enumerate().skip(1) {
            ui.label(format!(
                "  or {}: \"{}\" {:.0}%: {}",
                k + 1,
                c.label,
                c.share * 100.0,
                c.evidence
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Accept (A)").on_hover_text("The name is this person: merge them").clicked() {
                decision = Some(Decision::Accept);
            }
            if ui.button("Reject (R)").on_hover_text("Not this person: show the next reading, or keep the name apart when none is left").clicked() {
                decision = Some(Decision::Reject);
            }
            if ui.button("Another person (N)").on_hover_text("None of them: keep the name apart").clicked() {
                decision = Some(Decision::AnotherPerson);
            }
        });
    });
    if decision.is_none() && ui.ctx().memory(|m| m.focused().is_none()) {
        ui.input(|i| {
            if i.key_pressed(egui::Key::A) || i.key_pressed(egui::Key::Enter) {
                decision = Some(Decision::Accept);
            } else if i.key_pressed(egui::Key::R) {
                decision = Some(Decision::Reject);
            } else if i.key_pressed(egui::Key::N) {
                decision = Some(Decision::AnotherPerson);
            }
        });
    }
    decision
}

/// The names waiting after the one shown, in order.
pub(super) fn queue_ui(ui: &mut egui::Ui, queue: &[ReviewItem]) {
    if queue.len() < 2 {
        return;
    }
    ui.label("Next:");
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            for item in queue.iter().skip(1).take(200) {
                ui.label(item.line());
            }
        });
}
/// A role the user can give a column in the recipe table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ignored,
    Id,
    Name,
    Categorical,
    Numeric,
    Text,
    People,
    Places,
    Groups,
    Wave,
}

impl Role {
    const ALL: [Role; 10] = [
        Role::Ignored,
        Role::Id,
        Role::Name,
        Role::Wave,
        Role::Categorical,
        Role::Numeric,
        Role::Text,
        Role::People,
        Role::Places,
        Role::Groups,
    ];

    /// The text in the role menu; relation roles match the start of what [`role`] shows.
    fn label(self) -> &'static str {
        match self {
            Role::Ignored => "ignored",
            Role::Id => "id",
            Role::Name => "name",
            Role::Categorical => "attribute (categorical)",
            Role::Numeric => "attribute (numeric)",
            Role::Text => "attribute (text)",
            Role::People => "relation naming people",
            Role::Places => "relation naming places",
            Role::Groups => "relation naming groups",
            Role::Wave => "wave",
        }
    }
}

/// The relation a numbered column belongs to: `rely_on_3` -> `rely_on`.
fn relation_base(column: &str) -> String {
    let base = column.trim_end_matches(|c: char| c.is_ascii_digit());
    let base = base.trim_end_matches(['_', ' ', '-', '.']);
    if base.is_empty() {
        column.to_string()
    } else {
        base.to_string()
    }
}

/// Gives `column` a new role in the recipe, taking it out of its old one. The id column
/// can only be moved (by making another column the id), since every survey needs one.
fn set_role(recipe: &mut Recipe, column: &str, choice: Role) {
    if recipe.id == column && choice != Role::Id {
        return;
    }
    recipe.attributes.retain(|a| a.column != column);
    for r in &mut recipe.relations {
        r.columns.retain(|c| c != column);
    }
    recipe.relations.retain(|r| !r.columns.is_empty());
    for s in &mut recipe.scales {
        s.columns.retain(|c| c != column);
    }
    recipe.scales.retain(|s| !s.columns.is_empty());
    if recipe.name.as_deref() == Some(column) {
        recipe.name = None;
    }
    if recipe.wave.as_deref() == Some(column) {
        recipe.wave = None;
    }
    let attribute = |ty| survey::recipe::AttributeSpec {
        column: column.to_string(),
        ty,
    };
    let names = match choice {
        Role::Ignored => return,
        Role::Id => {
            recipe.id = column.to_string();
            return;
        }
        Role::Name => {
            recipe.name = Some(column.to_string());
            return;
        }
        Role::Wave => {
            // One file holding several waves: a respondent appears once per wave.
            recipe.wave = Some(column.to_string());
            return;
        }
        Role::Categorical => return recipe.attributes.push(attribute(AttrType::Categorical)),
        Role::Numeric => return recipe.attributes.push(attribute(AttrType::Numeric)),
        Role::Text => return recipe.attributes.push(attribute(AttrType::Text)),
        Role::People => survey::recipe::Names::People,
        Role::Places => survey::recipe::Names::Places,
        Role::Groups => survey::recipe::Names::Groups,
    };
    let name = relation_base(column);
    match recipe.relations.iter_mut().find(|r| r.name == name) {
        Some(r) => {
            r.names = names;
            r.columns.push(column.to_string());
        }
        None => recipe.relations.push(survey::recipe::RelationSpec {
            name,
            names,
            columns: vec![column.to_string()],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipe() -> Recipe {
        let header: Vec<String> = ["id", "name", "gender", "friend_1", "friend_2", "club_1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows = vec![
            vec!["R1", "Ann", "F", "Bob", "", "Chess"],
            vec!["R2", "Bob", "M", "Ann", "Cat", ""],
        ];
        let mut text = header.join(",") + "\n";
        for r in rows {
            text += &(r.join(",") + "\n");
        }
        let grid = crate::io::grid::read_delimited("s.csv", text.as_bytes()).unwrap();
        survey::propose::propose(&grid).unwrap()
    }

    #[test]
    fn roles_move_columns_between_parts_of_the_recipe() {
        let mut r = recipe();
        set_role(&mut r, "friend_2", Role::Ignored);
        assert_eq!(role(&r, "friend_2"), "ignored");
        set_role(&mut r, "friend_2", Role::People);
        assert!(role(&r, "friend_2").starts_with("relation"));
        set_role(&mut r, "club_1", Role::Groups);
        set_role(&mut r, "gender", Role::Wave);
        assert_eq!(r.wave.as_deref(), Some("gender"));
        assert_eq!(role(&r, "gender"), "wave");
        set_role(&mut r, "gender", Role::Categorical);
        assert_eq!(r.wave, None);
        let club = r.relations.iter().find(|x| x.name == "club").unwrap();
        assert_eq!(club.names, survey::recipe::Names::Groups);
        set_role(&mut r, "gender", Role::Text);
        assert_eq!(role(&r, "gender"), "attribute (text)");
        set_role(&mut r, "name", Role::Categorical);
        assert_eq!(r.name, None);
        set_role(&mut r, "gender", Role::Name);
        assert_eq!(r.name.as_deref(), Some("gender"));
    }

    #[test]
    fn the_id_column_moves_but_is_never_left_empty() {
        let mut r = recipe();
        set_role(&mut r, "id", Role::Ignored);
        assert_eq!(r.id, "id");
        set_role(&mut r, "name", Role::Id);
        assert_eq!(r.id, "name");
        assert_eq!(relation_base("rely_on_12"), "rely_on");
        assert_eq!(relation_base("2019"), "2019");
    }
}
