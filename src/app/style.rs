//! The Style panel: colour, size and shape rules, labels, tie width, anonymity.

use eframe::egui;

use super::panel::{Panel, PanelContext};
use crate::model::AttrType;
use crate::scene::Labels;
use crate::session::{Command, Session};

/// Names the view can colour by: attributes (with names hidden, those that do not identify
/// people), then metrics.
pub fn color_names(session: &Session) -> Vec<String> {
    let mut names: Vec<String> = session
        .study()
        .node_attributes()
        .iter()
        .filter(|a| a.ty() != AttrType::Text && session.shows_column(a.name()))
        .map(|a| a.name().to_string())
        .collect();
    scores_first(&mut names);
    names.extend(session.node_metrics().values.keys().cloned());
    names
}

/// Puts wellbeing scores (WEMWBS, SWEMWBS, life satisfaction) before other attributes.
fn scores_first(names: &mut [String]) {
    names.sort_by_key(|n| !crate::analysis::groups::is_score_name(n));
}

/// Names that can size nodes: metrics and numeric attributes (with names hidden, those that
/// do not identify people).
pub fn numeric_names(session: &Session) -> Vec<String> {
    let mut names: Vec<String> = session.node_metrics().values.keys().cloned().collect();
    let mut attributes: Vec<String> = session
        .study()
        .node_attributes()
        .iter()
        .filter(|a| a.ty() == AttrType::Numeric && session.shows_column(a.name()))
        .map(|a| a.name().to_string())
        .collect();
    scores_first(&mut attributes);
    names.extend(attributes);
    names
}

fn pick(
    ui: &mut egui::Ui,
    label: &str,
    tip: &str,
    current: &Option<String>,
    names: &[String],
) -> Option<Option<String>> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.label(label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(current.clone().unwrap_or_else(|| "nothing".into()))
            .show_ui(ui, |ui| {
                if ui.selectable_label(current.is_none(), "nothing").clicked() {
                    out = Some(None);
                }
                for n in names {
                    if ui
                        .selectable_label(current.as_deref() == Some(n.as_str()), n)
                        .clicked()
                    {
                        out = Some(Some(n.clone()));
                    }
                }
            })
            .response
            .on_hover_text(tip);
    });
    out
}

/// The Style panel: colour, size and shape rules, labels, tie width, anonymity.
#[derive(Debug, Default)]
pub struct StylePanel;

impl Panel for StylePanel {
    fn title(&self) -> &'static str {
        "Style"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, commands) = (cx.session, &mut *cx.commands);
        let view = session.view();
        if let Some(c) = pick(
            ui,
            "Colour by",
            "Colour nodes by an attribute or metric",
            &view.color_by,
            &color_names(session),
        ) {
            commands.push(Command::ColorBy(c));
        }
        if let Some(c) = pick(
            ui,
            "Size by",
            "Size nodes by a metric or numeric attribute",
            &view.size_by,
            &numeric_names(session),
        ) {
            commands.push(Command::SizeBy(c));
        }
        let mut shape = view.shape_by_kind;
        if ui
            .checkbox(&mut shape, "Shape by kind")
            .on_hover_text(
                "Circles for respondents, diamonds for people named, squares for places and groups",
            )
            .changed()
        {
            commands.push(Command::ShapeByKind(shape));
        }
        let mut width = view.width_by_weight;
        if ui
            .checkbox(&mut width, "Tie width by weight")
            .on_hover_text("Draw stronger ties wider (in exported figures)")
            .changed()
        {
            commands.push(Command::WidthByWeight(width));
        }
        ui.horizontal(|ui| {
            ui.label("Labels");
            let current = view.labels.clone();
            for (l, text, tip) in [
                (Labels::None, "None", "No names"),
                (
                    Labels::Auto,
                    "Auto",
                    "All names for small networks, else the top 15",
                ),
                (
                    Labels::Top(10),
                    "Top 10",
                    "The ten highest on the size metric (or degree)",
                ),
                (Labels::All, "All", "Every name that fits"),
            ] {
                if ui
                    .selectable_label(current == l, text)
                    .on_hover_text(tip)
                    .clicked()
                {
                    commands.push(Command::Labels(l));
                }
            }
        });
    }
}
