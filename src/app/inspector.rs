//! The Inspector: the selected person's attributes, scores and metrics, and their ego
//! network (1 or 2 steps) highlighted on the canvas.

use eframe::egui;

use super::panel::{Panel, PanelContext};
use crate::session::{Command, Session};

/// The Inspector: the selected person's attributes, measures and flags, notes on the figure
/// and merging by hand. Keeps between frames the note being typed and the merge search.
#[derive(Debug, Default)]
pub struct InspectorPanel {
    note: String,
    merge_query: String,
}

impl Panel for InspectorPanel {
    fn title(&self) -> &'static str {
        "Inspector"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, commands, state) = (cx.session, &mut *cx.commands, self);
        let Some(sel) = session.selection() else {
            ui.label("Click a person on the canvas, or in a list, to see them here.");
            return;
        };
        let study = session.study();
        let Some(node) = study.node(sel) else {
            return;
        };
        let i = sel.index();
        ui.heading(session.shown_name(i));
        ui.label(format!(
            "{} · id {}",
            node.kind.name(),
            if session.names_hidden() {
                "hidden"
            } else {
                &node.id
            }
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
        // Wellbeing scores first, then the other attributes; a scale's items folded away.
        // With names hidden, columns that identify people (contact details, names, notes) are
        // not shown.
        let (items, mut attributes): (Vec<_>, Vec<_>) = study
            .node_attributes()
            .iter()
            .filter(|a| session.shows_column(a.name()))
            .partition(|a| crate::survey::scales::is_item_name(a.name()));
        attributes.sort_by_key(|a| !crate::analysis::groups::is_score_name(a.name()));
        let value = |a: &crate::model::Attribute| {
            a.value(i).map_or("—".to_string(), |v| {
                session.shown_text(&v.to_string()).into_owned()
            })
        };
        egui::Grid::new("inspector").striped(true).show(ui, |ui| {
            for a in &attributes {
                ui.label(a.name());
                ui.label(value(a));
                ui.end_row();
            }
        });
        if !items.is_empty() {
            egui::CollapsingHeader::new(format!("Scale items ({})", items.len()))
                .id_salt("inspector items")
                .default_open(false)
                .show(ui, |ui| {
                    egui::Grid::new("inspector items")
                        .striped(true)
                        .show(ui, |ui| {
                            for a in &items {
                                ui.label(a.name());
                                ui.label(value(a));
                                ui.end_row();
                            }
                        });
                });
        }
        egui::Grid::new("inspector metrics")
            .striped(true)
            .show(ui, |ui| {
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
                    if let Some(c) = &n.cliques {
                        row(ui, "cliques", c[i].to_string());
                    }
                    row(ui, "broker", if n.broker[i] { "yes" } else { "no" }.into());
                    row(
                        ui,
                        "isolate",
                        if n.isolate[i] { "yes" } else { "no" }.into(),
                    );
                }
            });
        edit_ui(ui, session, state, commands);
    }
}

/// Notes on the figure, merging with another name for the same person, splitting a merge
/// and deleting: every one an undoable command.
fn edit_ui(
    ui: &mut egui::Ui,
    session: &Session,
    state: &mut InspectorPanel,
    commands: &mut Vec<Command>,
) {
    let Some(sel) = session.selection() else {
        return;
    };
    let study = session.study();
    let Some(node) = study.node(sel) else {
        return;
    };
    let id = node.id.clone();
    let anonymise = session.names_hidden();
    let shown = |i: usize| session.shown_name(i);
    ui.separator();
    ui.strong("Note on the figure");
    let callouts = &session.view().callouts;
    for (k, c) in callouts.iter().enumerate().filter(|(_, c)| c.node == id) {
        ui.horizontal(|ui| {
            ui.label(format!("“{}”", session.shown_text(&c.text)));
            if ui
                .small_button("🗑")
                .on_hover_text("Remove this note")
                .clicked()
            {
                let mut rest = callouts.clone();
                rest.remove(k);
                commands.push(Command::SetCallouts(rest));
            }
        });
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.note)
                .hint_text("e.g. runs the food bank")
                .desired_width(160.0),
        );
        let text = state.note.trim().to_string();
        if ui
            .add_enabled(!text.is_empty(), egui::Button::new("Add note"))
            .on_hover_text("A note pointing at this person on the canvas and in exported figures")
            .clicked()
        {
            let mut all = callouts.clone();
            all.push(crate::scene::Callout {
                node: id.clone(),
                text,
            });
            commands.push(Command::SetCallouts(all));
            state.note.clear();
        }
    });

    ui.separator();
    ui.strong("Same person under another name?");
    ui.add(
        egui::TextEdit::singleline(&mut state.merge_query)
            .hint_text("type the other name")
            .desired_width(200.0),
    );
    let query = state.merge_query.trim().to_lowercase();
    if !query.is_empty() {
        let matches: Vec<usize> = (0..study.node_count())
            .filter(|&i| i != sel.index())
            .filter(|&i| shown(i).to_lowercase().contains(&query))
            .take(6)
            .collect();
        if matches.is_empty() {
            ui.label("Nobody of that name.");
        }
        for i in matches {
            let Some(other) = study.nodes().get(i) else {
                continue;
            };
            if ui
                .button(format!("Merge {} into {}", shown(i), shown(sel.index())))
                .on_hover_text(
                    "Join the two names into one person: their ties move here; \
                     the merge is recorded and can be split again",
                )
                .clicked()
            {
                commands.push(Command::MergeNodes {
                    keep: id.clone(),
                    absorb: vec![other.id.clone()],
                });
                state.merge_query.clear();
            }
        }
    }
    for (k, m) in study
        .merges()
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kept == id)
    {
        ui.horizontal(|ui| {
            let joined = if anonymise {
                format!("{} name(s) merged here", m.absorbed.len())
            } else {
                m.names()
            };
            ui.label(joined);
            if ui
                .small_button("Split")
                .on_hover_text("Undo this merge: the names become separate people again")
                .clicked()
            {
                commands.push(Command::Unmerge(k));
            }
        });
    }
    ui.separator();
    if ui
        .button("Delete from the study")
        .on_hover_text("Remove this node and its ties (Undo brings them back)")
        .clicked()
    {
        commands.push(Command::DeleteNodes(vec![id]));
    }
}
