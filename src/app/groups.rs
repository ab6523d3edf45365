//! The Groups panel: the group comparison table and a bar chart (egui_plot) for any
//! categorical attribute.

use eframe::egui;
use egui_plot::{Bar, BarChart, Plot};

use super::theme;
use crate::analysis::{self, GroupComparison};
use crate::model::AttrType;
use crate::session::Session;

/// The grouping attribute and the comparison computed for it.
#[derive(Debug, Default)]
pub struct GroupsPanel {
    attribute: Option<String>,
    cached: Option<(u64, String, Result<GroupComparison, String>)>,
}

impl GroupsPanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, session: &Session) {
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
            let cmp = analysis::compare_groups(study, &attr, &scores, &full.nodes)
                .map_err(|e| e.to_string());
            self.cached = Some((rev, attr.clone(), cmp));
        }
        let Some((_, _, cmp)) = &self.cached else {
            return;
        };
        let cmp = match cmp {
            Ok(c) => c,
            Err(e) => {
                ui.label(e);
                return;
            }
        };
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
