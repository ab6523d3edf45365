//! The import wizard: the proposed recipe as a table of column roles with a preview of the
//! first rows (editable), the import off the UI thread with progress and Cancel, then the
//! suggested merges to accept or reject one by one or all at once.

use std::path::PathBuf;

use eframe::egui;

use super::theme;
use crate::io::grid::Grid;
use crate::model::{AttrType, Study};
use crate::session::{Job, Source};
use crate::survey::{self, MergeMode, Recipe, Status, Survey};

/// What the wizard asks the workbench to do.
pub enum Outcome {
    /// Still open.
    Open,
    /// Closed without importing.
    Cancelled,
    /// Open this study.
    Done(Box<Study>, Source),
}

/// Steps of the wizard.
enum Step {
    Recipe,
    Importing(Job<Result<Survey, String>>),
    Merges(Box<Survey>, Vec<bool>),
}

/// The wizard's state.
pub struct ImportWizard {
    path: PathBuf,
    grid: Grid,
    recipe: Recipe,
    step: Step,
    error: Option<String>,
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
        }
    }

    /// Whether an import is running.
    pub fn busy(&self) -> bool {
        matches!(self.step, Step::Importing(_))
    }

    fn start(&mut self) {
        let grid = self.grid.clone();
        let recipe = self.recipe.clone();
        let name = super::short(&self.path);
        match Job::spawn("kith-import", format!("Importing {name}"), move |p| {
            p.set(1, 3);
            let r =
                survey::import(&grid, &recipe, MergeMode::None, &name).map_err(|e| e.to_string());
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
                Some(Err(e)) => self.error = Some(e),
                None => {}
            }
        }
    }

    fn show_merges(&mut self, s: Survey) {
        let accept = s
            .suggestions
            .iter()
            .map(|r| r.status == Status::Auto)
            .collect();
        self.step = Step::Merges(Box::new(s), accept);
    }

    /// Accepts the import with the merges chosen (tests and the Finish button).
    pub fn finish(&mut self) -> Option<(Box<Study>, Source)> {
        let Step::Merges(s, accept) = &self.step else {
            return None;
        };
        let mut study = s.study.clone();
        for (row, ok) in s.suggestions.iter().zip(accept) {
            if !ok {
                continue;
            }
            // Earlier merges may have absorbed either node; then this one is already done.
            if let (Some(a), Some(b)) = (study.find(&row.id_a), study.find(&row.id_b)) {
                let _ = study.merge_nodes(a, &[b], row.score, row.evidence.clone(), false);
            }
        }
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
    pub fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Open;
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
                let mut finished: Option<Result<Survey, String>> = None;
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
                            if ui.button("Import").on_hover_text("Read the survey with these roles").clicked() {
                                start = true;
                            }
                            if ui.button("Cancel").on_hover_text("Close without importing; the open study stays").clicked() {
                                outcome = Outcome::Cancelled;
                            }
                        });
                    }
                    Step::Importing(job) => {
                        ui.label(&job.what);
                        ui.add(egui::ProgressBar::new(job.progress.fraction()).animate(true));
                        if ui.button("Cancel").on_hover_text("Stop the import; the open study stays").clicked() {
                            job.progress.cancel();
                            outcome = Outcome::Cancelled;
                        }
                        if let Some(r) = job.poll() {
                            finished = Some(r.unwrap_or_else(|()| Err("the import stopped".into())));
                        }
                    }
                    Step::Merges(s, accept) => {
                        ui.label(format!(
                            "{} people and places, {} ties. Kith found {} names that may be the same person: accept or reject each.",
                            s.study.node_count(),
                            s.study.tie_count(),
                            s.suggestions.len()
                        ));
                        ui.horizontal(|ui| {
                            if ui.button("Accept all").on_hover_text("Merge every suggested pair").clicked() {
                                accept.iter_mut().for_each(|a| *a = true);
                            }
                            if ui.button("Reject all").on_hover_text("Keep every name apart").clicked() {
                                accept.iter_mut().for_each(|a| *a = false);
                            }
                        });
                        egui::ScrollArea::vertical().max_height(340.0).show(ui, |ui| {
                            egui::Grid::new("merges").striped(true).show(ui, |ui| {
                                for (row, ok) in s.suggestions.iter().zip(accept.iter_mut()) {
                                    ui.checkbox(ok, "merge")
                                        .on_hover_text(row.evidence.join("; "));
                                    ui.label(format!("{} = {}", row.name_a, row.name_b));
                                    ui.label(format!("{:.2}", row.score));
                                    ui.label(row.status.name());
                                    ui.end_row();
                                }
                            });
                        });
                        ui.horizontal(|ui| {
                            if ui.button("Finish").on_hover_text("Open the imported study").clicked() {
                                start = false;
                                finished = None;
                                outcome = Outcome::Open;
                                ui.ctx().data_mut(|d| d.insert_temp(egui::Id::new("kith_finish"), true));
                            }
                            if ui.button("Cancel").on_hover_text("Close without importing").clicked() {
                                outcome = Outcome::Cancelled;
                            }
                        });
                    }
                }
                if start {
                    self.error = None;
                    self.start();
                }
                if let Some(r) = finished {
                    match r {
                        Ok(s) => self.show_merges(s),
                        Err(e) => {
                            self.error = Some(e);
                            self.step = Step::Recipe;
                        }
                    }
                }
            });
        let finish = ctx.data_mut(|d| d.remove_temp::<bool>(egui::Id::new("kith_finish")));
        if finish == Some(true)
            && let Some((study, source)) = self.finish()
        {
            outcome = Outcome::Done(study, source);
        }
        outcome
    }
}

/// Sets `column`'s role: 0 ignored, 1 categorical attribute, 2 numeric attribute.
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
