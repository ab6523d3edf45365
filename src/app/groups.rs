//! The Groups panel: the group comparison table and a bar chart (egui_plot) for any
//! categorical attribute.

use eframe::egui;
use egui_plot::{Bar, BarChart, Plot};

use super::panel::{Panel, PanelContext};
use super::theme;
use crate::analysis::inference::groups::{GroupTest, group_test};
use crate::analysis::inference::{Control, Draws, InferenceError, format_p};
use crate::analysis::{self, AnalysisError, GroupComparison, TieSelection};
use crate::model::AttrType;
use crate::session::Session;
use crate::session::jobs::{Job, Progress};

/// Why the permutation tests gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
enum TestsError {
    /// The analyst pressed Cancel.
    #[error("Cancelled.")]
    Cancelled,
    /// The tests' thread ended without a result.
    #[error("the tests stopped")]
    Stopped,
}

/// Permutation tests of one grouping, for one revision of the study.
type Tests = Result<Vec<GroupTest>, TestsError>;

/// The grouping attribute and the comparison computed for it.
#[derive(Debug, Default)]
pub struct GroupsPanel {
    attribute: Option<String>,
    cached: Option<(u64, String, Result<GroupComparison, AnalysisError>)>,
    testing: Option<(u64, String, Job<Tests>)>,
    tests: Option<(u64, String, Tests)>,
}

impl GroupsPanel {
    /// Permutation p-values beside the classical tests: isolates, degree, betweenness,
    /// constraint and every score, run on a worker thread.
    fn permutation_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        attr: &str,
        scores: &[String],
        rev: u64,
    ) {
        if let Some((r, a, job)) = &self.testing {
            if let Some(out) = job.poll() {
                let out = out.unwrap_or(Err(TestsError::Stopped));
                self.tests = Some((*r, a.clone(), out));
                self.testing = None;
            } else {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::ProgressBar::new(job.progress.fraction())
                            .desired_width(200.0)
                            .show_percentage(),
                    );
                    if ui.button("Cancel").clicked() {
                        job.progress.cancel();
                    }
                });
                ui.ctx().request_repaint();
                return;
            }
        }
        let current = self
            .tests
            .as_ref()
            .filter(|(r, a, _)| *r == rev && a == attr);
        if current.is_none()
            && ui
                .button("Permutation tests")
                .on_hover_text(
                    "Shuffle the group labels 5,000 times (or list every arrangement when there are few) to test each difference without assuming independent people",
                )
                .clicked()
        {
            let study = session.study().clone();
            let attr_owned = attr.to_string();
            let mut measures: Vec<String> = ["isolate", "degree", "betweenness", "constraint"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            measures.extend(scores.iter().cloned());
            let job = Job::spawn("kith-group-tests", "Permutation tests", move |p: &Progress| {
                let total = measures.len();
                let mut out = Vec::new();
                for (i, m) in measures.iter().enumerate() {
                    let progress = |done: usize, of: usize| p.set(i * of + done, total * of);
                    let cancelled = || p.cancelled();
                    let control = Control {
                        progress: &progress,
                        cancelled: &cancelled,
                    };
                    match group_test(
                        &study,
                        &TieSelection::default(),
                        &attr_owned,
                        m,
                        &Draws::default(),
                        control,
                    ) {
                        Ok(t) => out.push(t),
                        Err(InferenceError::Cancelled) => return Err(TestsError::Cancelled),
                        // A measure that cannot be tested here (no variation) is left out.
                        Err(_) => {}
                    }
                }
                Ok(out)
            });
            if let Ok(job) = job {
                self.testing = Some((rev, attr.to_string(), job));
            }
            return;
        }
        let Some((_, _, tests)) = current else { return };
        match tests {
            Err(e) => {
                ui.colored_label(theme::ERROR, e.to_string());
            }
            Ok(tests) => {
                egui::Grid::new("group_permutation_tests")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("measure");
                        ui.strong("statistic");
                        ui.strong("permutation p");
                        ui.strong("classical p");
                        ui.strong("effect (95% CI)");
                        ui.end_row();
                        for t in tests {
                            ui.label(&t.measure).on_hover_text(&t.method);
                            ui.label(format!("{} = {:.2}", t.statistic_name, t.observed));
                            ui.label(format_p(t.p_value, Some(&t.sampling)))
                                .on_hover_text(&t.method);
                            ui.label(
                                t.classical
                                    .as_ref()
                                    .map_or("—".into(), |c| format_p(c.p, None)),
                            );
                            ui.label(format!(
                                "{} {:.3} ({:.3}–{:.3})",
                                t.effect_name, t.effect, t.effect_ci[0], t.effect_ci[1]
                            ));
                            ui.end_row();
                        }
                    });
                if let Some(t) = tests.first() {
                    ui.label(egui::RichText::new(&t.method).size(theme::NOTE_SIZE).weak());
                }
            }
        }
    }
}

impl Panel for GroupsPanel {
    fn title(&self) -> &'static str {
        "Groups"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let session = cx.session;
        let study = session.study();
        let names: Vec<String> = study
            .node_attributes()
            .iter()
            .filter(|a| a.ty() == AttrType::Categorical)
            .map(|a| a.name().to_string())
            .collect();
        if self.attribute.as_ref().is_none_or(|a| !names.contains(a)) {
            self.attribute = names.first().cloned();
        }
        ui.horizontal(|ui| {
            ui.label("Compare groups by");
            egui::ComboBox::from_id_salt("group_by")
                .selected_text(self.attribute.clone().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for n in &names {
                        ui.selectable_value(&mut self.attribute, Some(n.clone()), n);
                    }
                })
                .response
                .on_hover_text("The categorical attribute whose groups are compared");
        });
        let Some(attr) = self.attribute.clone() else {
            ui.label("This study has no categorical attribute to group by.");
            return;
        };
        let Some(full) = session.full_metrics() else {
            ui.label("Computing metrics…");
            return;
        };
        let rev = session.revision();
        if self
            .cached
            .as_ref()
            .is_none_or(|(r, a, _)| *r != rev || *a != attr)
        {
            let scores = analysis::groups::default_scores(study);
            let cmp = analysis::compare_groups(study, &attr, &scores, &full.nodes);
            self.cached = Some((rev, attr.clone(), cmp));
        }
        let Some((_, _, cmp)) = &self.cached else {
            return;
        };
        let cmp = match cmp {
            Ok(c) => c.clone(),
            Err(e) => {
                ui.label(e.to_string());
                return;
            }
        };
        let cmp = &cmp;
        ui.columns(2, |cols| {
            egui::ScrollArea::vertical()
                .id_salt("groups_table")
                .show(&mut cols[0], |ui| {
                    egui::Grid::new("groups").striped(true).show(ui, |ui| {
                        ui.strong("group");
                        ui.strong("n");
                        ui.strong("% isolates");
                        ui.strong("mean degree");
                        ui.strong("mean betweenness");
                        for s in &cmp.scores {
                            ui.strong(format!("mean {s}"));
                        }
                        ui.end_row();
                        for g in &cmp.groups {
                            ui.label(&g.group);
                            ui.label(format!("{}{}", g.n, if g.small { " (small)" } else { "" }));
                            ui.label(format!("{:.1}", g.isolate_share * 100.0));
                            ui.label(format!("{:.2}", g.mean_degree));
                            ui.label(format!("{:.1}", g.mean_betweenness));
                            for s in &g.scores {
                                ui.label(s.mean.map_or("—".into(), |m| format!("{m:.1}")));
                            }
                            ui.end_row();
                        }
                    });
                    if let Some(t) = &cmp.isolates_test {
                        ui.label(format!(
                            "Isolates by group: χ² = {:.2}, df = {}, p = {:.3}",
                            t.statistic, t.df, t.p
                        ));
                    }
                    ui.label(
                        egui::RichText::new(&cmp.isolate_explanation)
                            .size(theme::NOTE_SIZE)
                            .weak(),
                    );
                    ui.separator();
                    self.permutation_ui(ui, session, &attr, &cmp.scores, rev);
                });
            let bars: Vec<Bar> = cmp
                .groups
                .iter()
                .enumerate()
                .map(|(k, g)| {
                    Bar::new(k as f64, g.isolate_share * 100.0)
                        .name(&g.group)
                        .width(0.6)
                })
                .collect();
            let labels: Vec<String> = cmp.groups.iter().map(|g| g.group.clone()).collect();
            Plot::new("groups_chart")
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .y_axis_label("% isolates")
                .x_axis_formatter(move |m, _| {
                    let k = m.value.round();
                    if (m.value - k).abs() < 1e-6 && k >= 0.0 {
                        labels.get(k as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .show(&mut cols[1], |p| {
                    p.bar_chart(BarChart::new("% isolates", bars))
                });
        });
    }
}
