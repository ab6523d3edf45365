//! The Data panel: relations and waves to include, attributes with their types and counts.

use std::collections::BTreeSet;

use eframe::egui;

use super::panel::{Panel, PanelContext};
use crate::session::{Command, Session};

/// The Data panel: relations and waves to include, attributes with their types and counts.
#[derive(Debug, Default)]
pub struct DataPanel;

impl Panel for DataPanel {
    fn title(&self) -> &'static str {
        "Data"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, commands) = (cx.session, &mut *cx.commands);
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
        left_out_ui(ui, session, commands);
        waves_ui(ui, session, commands);
        ui.strong("Attributes");
        // Columns of one wave (`wemwbs@baseline`) are listed once, under their plain name.
        let per_wave = crate::waves::per_wave_attributes(base);
        let waves = crate::waves::wave_names(base);
        let of_a_wave = |name: &str| {
            name.rsplit_once(crate::waves::SEPARATOR)
                .is_some_and(|(_, w)| waves.iter().any(|x| x == w))
        };
        // A scale's items are folded away under one line, as in the Inspector.
        let is_item = |name: &str| crate::survey::scales::is_item_name(name);
        let row = |ui: &mut egui::Ui, a: &crate::model::Attribute| {
            if session.shows_column(a.name()) {
                ui.label(a.name());
            } else {
                ui.label(egui::RichText::new(format!("{} (hidden)", a.name())).weak())
                    .on_hover_text(
                        "Identifies people: not shown, filtered or exported while names are hidden",
                    );
            }
            if per_wave.iter().any(|p| p == a.name()) {
                ui.label(format!("{} · per wave", a.ty().name()))
                    .on_hover_text("Measured in each wave; a single wave shows its own values");
            } else {
                ui.label(a.ty().name());
            }
            ui.label(format!("{} values", a.present_count()))
                .on_hover_text("People with a value for this attribute");
            ui.end_row();
        };
        let (items, attributes): (Vec<_>, Vec<_>) = base
            .node_attributes()
            .iter()
            .filter(|a| !of_a_wave(a.name()))
            .partition(|a| is_item(a.name()));
        egui::Grid::new("attributes").striped(true).show(ui, |ui| {
            for a in &attributes {
                row(ui, a);
            }
        });
        if !items.is_empty() {
            egui::CollapsingHeader::new(format!("Scale items ({})", items.len()))
                .id_salt("data items")
                .default_open(false)
                .show(ui, |ui| {
                    egui::Grid::new("attribute items")
                        .striped(true)
                        .show(ui, |ui| {
                            for a in &items {
                                row(ui, a);
                            }
                        });
                });
        }
    }
}

/// With some relations only, how many places and groups (and people named in other
/// relations) are left out, and a button that brings the places and groups back.
fn left_out_ui(ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
    let Some(chosen) = session.relations() else {
        return;
    };
    let study = session.study();
    let out = crate::waves::left_out(study);
    let place = |k: crate::model::NodeKind| {
        matches!(
            k,
            crate::model::NodeKind::Place | crate::model::NodeKind::Group
        )
    };
    let places = (0..study.node_count())
        .filter(|&i| out.get(i).copied().unwrap_or(false) && place(study.nodes()[i].kind))
        .count();
    if places == 0 {
        return;
    }
    ui.label(format!(
        "{places} places and groups are hidden: no tie of the relations shown reaches them."
    ));
    // The relations whose ties reach a place or a group.
    let base = session.base_study();
    let mut with_places: BTreeSet<String> = chosen.clone();
    for t in base.ties() {
        let reaches = [t.source, t.target]
            .iter()
            .any(|&n| base.node(n).is_some_and(|n| place(n.kind)));
        if reaches && let Some(name) = t.relation.and_then(|r| base.relation_name(r)) {
            with_places.insert(name.to_string());
        }
    }
    if ui
        .button("Show places and groups")
        .on_hover_text("Include the relations that name places and groups")
        .clicked()
    {
        let all = with_places.len() == base.relations().len();
        commands.push(Command::TieSelection {
            relations: (!all).then_some(with_places),
            waves: session.waves().cloned(),
        });
    }
}

/// The waves: all together, or one wave as it was (its ties and its answers), with every
/// person staying where they are so the change shows.
fn waves_ui(ui: &mut egui::Ui, session: &Session, commands: &mut Vec<Command>) {
    let names = crate::waves::wave_names(session.base_study());
    if names.is_empty() {
        return;
    }
    ui.strong("Waves");
    let current = session.wave().map(str::to_string);
    let mut chosen: Option<Option<String>> = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .selectable_label(session.waves().is_none(), "All")
            .on_hover_text("Every wave's ties together")
            .clicked()
        {
            chosen = Some(None);
        }
        for w in &names {
            if ui
                .selectable_label(current.as_deref() == Some(w.as_str()), w)
                .on_hover_text(format!(
                    "The network as it was in \"{w}\": its ties and its answers"
                ))
                .clicked()
            {
                chosen = Some(Some(w.clone()));
            }
        }
    });
    if let Some(pos) = current
        .as_ref()
        .and_then(|c| names.iter().position(|n| n == c))
    {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(pos > 0, egui::Button::new("◀ Earlier"))
                .on_hover_text("Show the wave before")
                .clicked()
            {
                chosen = Some(names.get(pos - 1).cloned());
            }
            if ui
                .add_enabled(pos + 1 < names.len(), egui::Button::new("Later ▶"))
                .on_hover_text("Show the next wave")
                .clicked()
            {
                chosen = Some(names.get(pos + 1).cloned());
            }
        });
    }
    if let Some(change) = session.wave_change() {
        ui.label(
            egui::RichText::new(format!(
                "From {} to {}: {} ties gained, {} lost",
                change.from,
                change.to,
                change.gained.iter().filter(|g| **g).count(),
                change.lost.len()
            ))
            .size(super::theme::NOTE_SIZE),
        );
    }
    if let Some(w) = chosen {
        commands.push(Command::TieSelection {
            relations: session.relations().cloned(),
            waves: w.map(|w| [w].into_iter().collect::<BTreeSet<String>>()),
        });
    }
}
