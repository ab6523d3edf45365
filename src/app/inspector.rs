//! The Inspector: the selected person's attributes, scores and metrics, and their ego
//! network (1 or 2 steps) highlighted on the canvas.

use eframe::egui;

use crate::session::{Command, Session};

/// Draws the Inspector.
pub fn inspector_ui(ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
    let Some(sel) = session.selection() else {
        ui.label("Click a person on the canvas, or in a list, to see them here.");
        return;
    };
    let study = session.study();
    let Some(node) = study.node(sel) else {
        return;
    };
    let i = sel.index();
    let anonymise = session.view().anonymise;
    let shown = if anonymise {
        crate::scene::Pseudonyms::new(study)
            .names
            .get(i)
            .cloned()
            .unwrap_or_default()
    } else {
        node.label.clone()
    };
    ui.heading(shown);
    ui.label(format!(
        "{} · id {}",
        node.kind.name(),
        if anonymise { "hidden" } else { &node.id }
    ));
    ui.horizontal(|ui| {
        ui.label("Ego network:");
        for k in [1u8, 2] {
            if ui
                .selectable_label(
                    session.ego_steps() == k,
                    format!("{k} step{}", if k == 1 { "" } else { "s" }),
                )
                .on_hover_text(format!(
                    "Highlight everyone within {k} step(s) of this person"
                ))
                .clicked()
            {
                commands.push(Command::EgoSteps(k));
            }
        }
        if ui.button("Clear").on_hover_text("Deselect").clicked() {
            commands.push(Command::Select(None));
        }
    });
    let ego = session.ego_nodes();
    ui.label(format!(
        "{} people in the ego network",
        ego.iter().filter(|&&e| e).count() - 1
    ));
    egui::Grid::new("inspector").striped(true).show(ui, |ui| {
        for a in study.node_attributes() {
            ui.label(a.name());
            ui.label(a.value(i).map_or("—".to_string(), |v| v.to_string()));
            ui.end_row();
        }
        if let Some(m) = session.full_metrics() {
            let n = &m.nodes;
            let row = |ui: &mut egui::Ui, k: &str, v: String| {
                ui.strong(k);
                ui.label(v);
                ui.end_row();
            };
            row(ui, "degree", n.degree[i].to_string());
            row(ui, "betweenness", format!("{:.2}", n.betweenness[i]));
            row(ui, "closeness", format!("{:.3}", n.closeness[i]));
            row(ui, "eigenvector", format!("{:.3}", n.eigenvector[i]));
            row(ui, "PageRank", format!("{:.4}", n.pagerank[i]));
            row(
                ui,
                "constraint",
                n.constraint[i].map_or("—".into(), |c| format!("{c:.3}")),
            );
            row(ui, "community", n.community[i].to_string());
            row(ui, "broker", if n.broker[i] { "yes" } else { "no" }.into());
            row(
                ui,
                "isolate",
                if n.isolate[i] { "yes" } else { "no" }.into(),
            );
        }
    });
}
