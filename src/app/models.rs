//! The Models panel: node-level regression, QAP / MRQAP and CUG tests, run on a worker
//! thread with a progress bar and Cancel, shown as a table with the sentence of what was
//! tested, the CUG null distribution as a small histogram, and CSV export.

use eframe::egui;
use egui_plot::{Bar, BarChart, Plot, VLine};

use super::panel::{Panel, PanelContext};
use super::theme;
use crate::analysis::TieSelection;
use crate::analysis::inference::cug::{CugStatistic, CugTest, Given, cug_test, histogram};
use crate::analysis::inference::qap::{DyadicTerm, QapResult, qap};
use crate::analysis::inference::regress::regress;
use crate::analysis::inference::table::{self, Table};
use crate::analysis::inference::{Control, DEFAULT_SEED, Draws, InferenceError};
use crate::session::Session;
use crate::session::jobs::{Job, Progress};

/// Which test the panel sets up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Regression,
    Qap,
    Cug,
}

/// What a finished run shows.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The result table.
    pub table: Table,
    /// The sentence of what was tested.
    pub method: String,
    /// For a CUG test, the null draws and the observed value.
    pub null: Option<(Vec<f64>, f64)>,
}

/// Why a test gave no result.
#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    /// The test could not be run as set up (an unknown term, collinear predictors...).
    #[error(transparent)]
    Inference(InferenceError),
    /// The analyst pressed Cancel.
    #[error("Cancelled.")]
    Cancelled,
    /// The test's thread ended without a result.
    #[error("the test stopped")]
    Stopped,
}

impl From<InferenceError> for ModelsError {
    fn from(e: InferenceError) -> Self {
        match e {
            InferenceError::Cancelled => ModelsError::Cancelled,
            e => ModelsError::Inference(e),
        }
    }
}

/// The Models panel's settings, its running job and its last result.
#[derive(Debug)]
pub struct ModelsPanel {
    kind: Kind,
    formula: String,
    logit: bool,
    y: String,
    x: String,
    stat: String,
    given: Given,
    permutations: usize,
    seed: u64,
    job: Option<Job<Result<Shown, ModelsError>>>,
    result: Option<Result<Shown, ModelsError>>,
    saved: Option<String>,
}

impl Default for ModelsPanel {
    fn default() -> Self {
        ModelsPanel {
            kind: Kind::Regression,
            formula: String::new(),
            logit: false,
            y: String::new(),
            x: String::new(),
            stat: "transitivity".into(),
            given: Given::Edges,
            permutations: 1000,
            seed: DEFAULT_SEED,
            job: None,
            result: None,
            saved: None,
        }
    }
}

const STATISTICS: [&str; 6] = [
    "density",
    "isolates",
    "reciprocity",
    "transitivity",
    "degree_centralisation",
    "betweenness_centralisation",
];

impl ModelsPanel {
    /// The last result, if any (tests).
    pub fn result(&self) -> Option<&Result<Shown, ModelsError>> {
        self.result.as_ref()
    }

    /// Whether a run is going on.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    fn defaults(&mut self, session: &Session) {
        let study = session.base_study();
        if self.formula.is_empty() {
            let outcome = crate::analysis::groups::default_scores(study)
                .into_iter()
                .next()
                .unwrap_or_else(|| "degree".into());
            let mut terms = vec![if outcome == "degree" {
                "betweenness".to_string()
            } else {
                "degree".to_string()
            }];
            if let Some(a) = study
                .node_attributes()
                .iter()
                .find(|a| a.ty() == crate::model::AttrType::Categorical && a.name() != "label")
            {
                terms.push(a.name().to_string());
            }
            self.formula = format!("{outcome} ~ {}", terms.join(" + "));
        }
        let relations = relation_names(session);
        if !relations.contains(&self.y) {
            self.y = relations.first().cloned().unwrap_or_default();
            self.x = relations.get(1).cloned().unwrap_or_default();
        }
    }

    fn start(&mut self, session: &Session) {
        self.saved = None;
        self.result = None;
        let kind = self.kind;
        let draws = Draws::new(self.permutations, self.seed);
        let formula = self.formula.clone();
        let logit = self.logit;
        let y = self.y.clone();
        let x: Vec<DyadicTerm> = self
            .x
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(DyadicTerm::parse)
            .collect();
        let stat = self.stat.clone();
        let given = self.given;
        // Regression and CUG run on the ties in view; QAP names its relations itself.
        let view = session.study().clone();
        let base = session.base_study().compacted();
        let what = match kind {
            Kind::Regression => "Fitting the model",
            Kind::Qap => "Running QAP",
            Kind::Cug => "Drawing random networks",
        };
        self.job = Job::spawn("kith-models", what, move |p: &Progress| {
            let progress = |done: usize, total: usize| p.set(done, total);
            let cancelled = || p.cancelled();
            let control = Control {
                progress: &progress,
                cancelled: &cancelled,
            };
            let sel = TieSelection::default();
            let shown = match kind {
                Kind::Regression => {
                    regress(&view, &sel, &formula, logit, &draws, control).map(|r| Shown {
                        table: table::regression(&r),
                        method: r.method.clone(),
                        null: None,
                    })
                }
                Kind::Qap => qap(&base, &sel, &y, &x, logit, &draws, control).map(|r| match r {
                    QapResult::Correlation(c) => Shown {
                        table: table::qap_correlation(&c),
                        method: c.method,
                        null: None,
                    },
                    QapResult::Regression(q) => Shown {
                        table: table::qap_regression(&q),
                        method: q.method.clone(),
                        null: None,
                    },
                }),
                Kind::Cug => CugStatistic::parse(&stat)
                    .and_then(|s| cug_test(&view, &sel, &s, given, &draws, control))
                    .map(|t: CugTest| Shown {
                        table: table::cug(&t),
                        method: t.method.clone(),
                        null: Some((t.null, t.observed)),
                    }),
            };
            shown.map_err(ModelsError::from)
        })
        .ok();
    }

    fn poll(&mut self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else { return };
        match job.poll() {
            Some(r) => {
                self.result = Some(r.unwrap_or(Err(ModelsError::Stopped)));
                self.job = None;
            }
            None => {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::ProgressBar::new(job.progress.fraction())
                            .desired_width(240.0)
                            .show_percentage(),
                    );
                    ui.label(&job.what);
                    if ui.button("Cancel").clicked() {
                        job.progress.cancel();
                    }
                });
                ui.ctx().request_repaint();
            }
        }
    }
}

impl Panel for ModelsPanel {
    fn title(&self) -> &'static str {
        "Models"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, dialog) = (cx.session, &mut *cx.dialog);
        self.defaults(session);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.kind, Kind::Regression, "Regression")
                .on_hover_text(
                    "A person-level outcome on measures and attributes, with permutation p-values",
                );
            ui.selectable_value(&mut self.kind, Kind::Qap, "QAP")
                .on_hover_text("Does one relation overlap another, or follow shared attributes?");
            ui.selectable_value(&mut self.kind, Kind::Cug, "CUG")
                .on_hover_text(
                    "Is a whole-network figure unusual for random networks like this one?",
                );
        });
        ui.horizontal_wrapped(|ui| match self.kind {
            Kind::Regression => {
                ui.label("Model");
                ui.add(
                    egui::TextEdit::singleline(&mut self.formula)
                        .desired_width(360.0)
                        .hint_text("wemwbs ~ degree + constraint + employment_status"),
                )
                .on_hover_text("outcome ~ term + term: measures (degree, betweenness, constraint, isolate, …) or attributes");
                ui.checkbox(&mut self.logit, "logistic (yes/no outcome)");
            }
            Kind::Qap => {
                ui.label("Relation");
                egui::ComboBox::from_id_salt("qap_y")
                    .selected_text(self.y.clone())
                    .show_ui(ui, |ui| {
                        for r in relation_names(session) {
                            ui.selectable_value(&mut self.y, r.clone(), r);
                        }
                    });
                ui.label("on");
                ui.add(
                    egui::TextEdit::singleline(&mut self.x)
                        .desired_width(260.0)
                        .hint_text("advice, same:gender, diff:age_band"),
                )
                .on_hover_text("Relations, same:ATTRIBUTE and diff:ATTRIBUTE, comma separated; one relation alone gives the correlation");
                ui.checkbox(&mut self.logit, "logistic");
            }
            Kind::Cug => {
                ui.label("Statistic");
                egui::ComboBox::from_id_salt("cug_stat")
                    .selected_text(self.stat.replace('_', " "))
                    .show_ui(ui, |ui| {
                        for s in STATISTICS {
                            ui.selectable_value(&mut self.stat, s.to_string(), s.replace('_', " "));
                        }
                    });
                ui.label("given");
                egui::ComboBox::from_id_salt("cug_given")
                    .selected_text(format!("{:?}", self.given).to_lowercase())
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.given, Given::Size, "size");
                        ui.selectable_value(&mut self.given, Given::Edges, "edges");
                        ui.selectable_value(&mut self.given, Given::Degree, "degree");
                    });
            }
        });
        ui.horizontal(|ui| {
            ui.label(if self.kind == Kind::Cug {
                "Random networks"
            } else {
                "Permutations"
            });
            ui.add(egui::DragValue::new(&mut self.permutations).range(10..=100_000));
            ui.label("seed");
            ui.add(egui::DragValue::new(&mut self.seed));
            let running = self.job.is_some();
            if ui
                .add_enabled(!running, egui::Button::new("▶ Run test"))
                .on_hover_text("Runs on a worker thread; the window stays responsive")
                .clicked()
            {
                self.start(session);
            }
            if let Some(Ok(shown)) = &self.result
                && ui.button("Export CSV…").clicked()
                && let Some(path) = dialog.save_file("test.csv", &["csv"])
            {
                self.saved = Some(
                    match crate::io::save_atomic(&path, shown.table.to_csv().as_bytes()) {
                        Ok(()) => format!("Saved {}", path.display()),
                        Err(e) => format!("{}: {e}", path.display()),
                    },
                );
            }
            if let Some(s) = &self.saved {
                ui.label(s);
            }
        });
        self.poll(ui);
        match &self.result {
            Some(Ok(shown)) => result_ui(ui, shown),
            Some(Err(e)) => {
                ui.colored_label(theme::ERROR, e.to_string());
            }
            None => {}
        }
    }
}

fn relation_names(session: &Session) -> Vec<String> {
    let r = session.base_study().relations();
    if r.is_empty() {
        vec![crate::analysis::inference::qap::ALL_TIES.to_string()]
    } else {
        r.to_vec()
    }
}

/// The result table, the sentence, and for CUG the null histogram.
pub(super) fn result_ui(ui: &mut egui::Ui, shown: &Shown) {
    ui.label(egui::RichText::new(&shown.method).strong());
    ui.columns(if shown.null.is_some() { 2 } else { 1 }, |cols| {
        egui::ScrollArea::both()
            .id_salt("models_table")
            .show(&mut cols[0], |ui| table_ui(ui, &shown.table, "models_grid"));
        if let (Some((null, observed)), Some(ui)) = (&shown.null, cols.get_mut(1)) {
            null_histogram_ui(ui, null, *observed);
        }
    });
}

/// A result table as a grid, numbers shortened, without the method column.
pub(super) fn table_ui(ui: &mut egui::Ui, t: &Table, id: &str) {
    let keep: Vec<usize> = (0..t.header.len())
        .filter(|&i| t.header[i] != "method")
        .collect();
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for &i in &keep {
            ui.strong(&t.header[i]);
        }
        ui.end_row();
        for row in &t.rows {
            for &i in &keep {
                ui.label(short(&row[i]));
            }
            ui.end_row();
        }
    });
}

/// Numbers to 4 decimals for reading.
fn short(cell: &str) -> String {
    match cell.parse::<f64>() {
        Ok(v) if v.fract() != 0.0 => {
            if v.abs() < 1e-3 {
                format!("{v:.2e}")
            } else {
                format!("{v:.4}")
            }
        }
        _ => cell.to_string(),
    }
}

fn null_histogram_ui(ui: &mut egui::Ui, null: &[f64], observed: f64) {
    let finite: Vec<f64> = null.iter().copied().filter(|x| x.is_finite()).collect();
    let Some(h) = histogram(&finite, 24) else {
        return;
    };
    let bars: Vec<Bar> = h
        .counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            Bar::new(h.start + (i as f64 + 0.5) * h.width, c as f64)
                .width(h.width * 0.95)
                .fill(theme::NULL_BAR)
        })
        .collect();
    Plot::new("cug_null")
        .height(theme::HISTOGRAM_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label("random networks' values (line: observed)")
        .show(ui, |p| {
            p.bar_chart(BarChart::new("random networks", bars));
            p.vline(VLine::new("observed", observed).color(theme::OBSERVED_LINE));
        });
}
