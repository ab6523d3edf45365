//! The Filter panel: a checkbox per value of each categorical attribute, metric ranges, and
//! hide or fade.

use eframe::egui;

use super::panel::{Panel, PanelContext};
use crate::model::AttrType;
use crate::scene::{Filter, FilterMode};
use crate::session::Command;

/// The Filter panel: who is shown, faded or left out.
#[derive(Debug, Default)]
pub struct FilterPanel;

impl Panel for FilterPanel {
    fn title(&self) -> &'static str {
        "Filter"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, commands) = (cx.session, &mut *cx.commands);
        let view = session.view();
        ui.horizontal(|ui| {
            ui.label("Left out:");
            for (m, text, tip) in [
                (
                    FilterMode::Hide,
                    "Hide",
                    "Leave out people the filters exclude",
                ),
                (
                    FilterMode::Fade,
                    "Fade",
                    "Draw excluded people faint, as context",
                ),
            ] {
                if ui
                    .selectable_label(view.filter_mode == m, text)
                    .on_hover_text(tip)
                    .clicked()
                {
                    commands.push(Command::FilterMode(m));
                }
            }
            if ui
                .add_enabled(!view.filters.is_empty(), egui::Button::new("Clear"))
                .on_hover_text("Remove every filter")
                .clicked()
            {
                commands.push(Command::ClearFilters);
            }
        });
        let study = session.study();
        // With names hidden, a column that identifies people lists no values: they would be
        // names, addresses or phone numbers.
        for a in study
            .node_attributes()
            .iter()
            .filter(|a| session.shows_column(a.name()))
        {
            if a.ty() != AttrType::Categorical {
                continue;
            }
            let cats = a.categories();
            if cats.len() > 30 || cats.is_empty() {
                continue;
            }
            let accepted: Option<&Vec<String>> = view.filters.iter().find_map(|f| match f {
                Filter::Values { attribute, values } if attribute == a.name() => Some(values),
                _ => None,
            });
            egui::CollapsingHeader::new(a.name())
                .default_open(accepted.is_some() || cats.len() <= 4)
                .show(ui, |ui| {
                    for c in &cats {
                        let count = a
                            .values()
                            .iter()
                            .filter(|v| v.as_ref().is_some_and(|x| x.to_string() == *c))
                            .count();
                        let mut on = accepted.is_none_or(|v| v.contains(c));
                        if ui
                            .checkbox(&mut on, format!("{c} ({count})"))
                            .on_hover_text(format!("Show people whose {} is {c}", a.name()))
                            .changed()
                        {
                            let mut vals: Vec<String> =
                                accepted.cloned().unwrap_or_else(|| cats.clone());
                            if on {
                                vals.push(c.clone());
                            } else {
                                vals.retain(|v| v != c);
                            }
                            vals.sort();
                            vals.dedup();
                            let values = (vals.len() != cats.len()).then_some(vals);
                            commands.push(Command::FilterValues {
                                attribute: a.name().to_string(),
                                values,
                            });
                        }
                    }
                });
        }
        ui.strong("Metric ranges");
        for name in session.node_metrics().values.keys() {
            let Some(values) = session.node_metrics().metric(name) else {
                continue;
            };
            let hi = values.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
            if hi <= 0.0 {
                continue;
            }
            let (mut lo_v, mut hi_v) = view
                .filters
                .iter()
                .find_map(|f| match f {
                    Filter::Range { name: n, min, max } if n == name => {
                        Some((min.unwrap_or(0.0), max.unwrap_or(hi)))
                    }
                    _ => None,
                })
                .unwrap_or((0.0, hi));
            ui.label(name);
            // Sliders apply when let go (or on a click on the track), so a drag is one filter
            // change, not one per frame.
            let a = ui
                .add(egui::Slider::new(&mut lo_v, 0.0..=hi).text("from"))
                .on_hover_text(format!("Lowest {name} shown"));
            let b = ui
                .add(egui::Slider::new(&mut hi_v, 0.0..=hi).text("to"))
                .on_hover_text(format!("Highest {name} shown"));
            let released = |r: &egui::Response| {
                r.drag_stopped() || (r.changed() && !r.dragged()) || r.lost_focus()
            };
            if released(&a) || released(&b) {
                let full = lo_v <= 0.0 && hi_v >= hi;
                commands.push(Command::FilterRange {
                    name: name.clone(),
                    min: (!full).then_some(lo_v),
                    max: (!full).then_some(hi_v),
                });
            }
        }
    }
}
