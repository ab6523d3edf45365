//! The Flags panel: isolates and brokers as lists, each with its rule in one sentence.

use eframe::egui;

use super::panel::{Panel, PanelContext};
use super::theme;
use crate::analysis::BrokerRule;
use crate::analysis::broker::ISOLATE_EXPLANATION;
use crate::model::NodeId;
use crate::scene::Highlight;
use crate::session::Command;

/// The Flags panel: isolates and brokers as lists, each with its rule in one sentence; a
/// click selects the person and centres the canvas on them.
#[derive(Debug, Default)]
pub struct FlagsPanel;

impl Panel for FlagsPanel {
    fn title(&self) -> &'static str {
        "Flags"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, commands) = (cx.session, &mut *cx.commands);
        let mut centre = None;
        let m = session.node_metrics();
        let name = |id: NodeId| session.shown_name(id.index());
        let mut list =
            |ui: &mut egui::Ui, title: &str, rule: &str, ids: &[NodeId], h: Highlight| {
                ui.horizontal(|ui| {
                    ui.strong(format!("{title} ({})", ids.len()));
                    let mut on = session.view().highlights.contains(&h);
                    if ui
                        .checkbox(&mut on, "ring")
                        .on_hover_text(format!("Ring the {} on the canvas", title.to_lowercase()))
                        .changed()
                    {
                        commands.push(Command::Highlight(h.clone(), on));
                    }
                });
                ui.label(egui::RichText::new(rule).size(theme::NOTE_SIZE).weak());
                // A whole number of rows, so the list never ends on half a name.
                let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
                egui::ScrollArea::vertical()
                    .id_salt(title)
                    .max_height(row * theme::FLAG_ROWS as f32)
                    .show(ui, |ui| {
                        for &id in ids {
                            let selected = session.selection() == Some(id);
                            if ui
                                .selectable_label(selected, name(id))
                                .on_hover_text("Select and centre this person")
                                .clicked()
                            {
                                commands.push(Command::Select(Some(id)));
                                centre = Some(id.index());
                            }
                        }
                    });
            };
        list(
            ui,
            "Isolates",
            ISOLATE_EXPLANATION,
            &m.isolates,
            Highlight::Isolates,
        );
        ui.separator();
        if session.metrics_job().is_some() && m.brokers.is_empty() {
            ui.label("Brokers: computing betweenness…");
        } else {
            list(
                ui,
                "Brokers",
                &BrokerRule::default().explanation(),
                &m.brokers,
                Highlight::Brokers,
            );
        }
        if centre.is_some() {
            cx.show = centre;
        }
    }
}
