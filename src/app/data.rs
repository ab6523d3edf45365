//! The Data panel: relations and waves to include, attributes with their types and counts.

use std::collections::BTreeSet;

use eframe::egui;

use crate::session::{Command, Session};

/// Draws the Data panel.
pub fn data_ui(ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
    let base = session.base_study();
    ui.label(format!(
        "{} nodes, {} ties{}",
        base.node_count(),
        base.tie_count(),
        if base.directed { ", directed" } else { "" }
    ));
    let choose = |ui: &mut egui::Ui,
                  heading: &str,
                  all: &[String],
                  chosen: Option<&BTreeSet<String>>|
     -> Option<Option<BTreeSet<String>>> {
        if all.is_empty() {
            return None;
        }
        ui.strong(heading);
        let mut out = None;
        for name in all {
            let mut on = chosen.is_none_or(|c| c.contains(name));
            if ui
                .checkbox(&mut on, name)
                .on_hover_text(format!("Include the ties of \"{name}\""))
                .changed()
            {
                let mut set: BTreeSet<String> = chosen
                    .cloned()
                    .unwrap_or_else(|| all.iter().cloned().collect());
                if on {
                    set.insert(name.clone());
                } else {
                    set.remove(name);
                }
                out = Some(if set.len() == all.len() {
                    None
                } else {
                    Some(set)
                });
            }
        }
        out
    };
    if let Some(r) = choose(ui, "Relations", base.relations(), session.relations()) {
        commands.push(Command::TieSelection {
            relations: r,
            waves: session.waves().cloned(),
        });
    }
    if let Some(w) = choose(ui, "Waves", base.waves(), session.waves()) {
        commands.push(Command::TieSelection {
            relations: session.relations().cloned(),
            waves: w,
        });
    }
    ui.strong("Attributes");
    egui::Grid::new("attributes").striped(true).show(ui, |ui| {
        for a in base.node_attributes() {
            ui.label(a.name());
            ui.label(a.ty().name());
            ui.label(format!("{} values", a.present_count()))
                .on_hover_text("People with a value for this attribute");
            ui.end_row();
        }
    });
}
