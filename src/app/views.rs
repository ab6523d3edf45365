//! The Views panel: save the current view under a name, and list, show, rename, reorder
//! and delete saved views. A workshop steps through them in this order.

use eframe::egui;

use super::panel::{Panel, PanelContext};
use crate::session::Command;

/// The panel's own state: the name typed for a new view and the view being renamed.
#[derive(Debug, Default)]
pub struct ViewsPanel {
    new_name: String,
    renaming: Option<(usize, String)>,
    /// What the last "Export every view" did.
    message: Option<String>,
}

impl Panel for ViewsPanel {
    fn title(&self) -> &'static str {
        "Views"
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>) {
        let (session, camera, commands, dialog) =
            (cx.session, cx.camera, &mut *cx.commands, &mut *cx.dialog);
        let views = session.saved_views();
        let current = session.current_saved_view();
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.new_name)
                    .hint_text("name, e.g. who people rely on")
                    .desired_width(150.0),
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let name = self.new_name.trim().to_string();
            let replaces = views.iter().any(|v| v.name == name);
            let clicked = ui
                .add_enabled(!name.is_empty(), egui::Button::new("Save view"))
                .on_hover_text(if replaces {
                    "Replace the saved view of this name with what is shown now"
                } else {
                    "Save what is shown now (style, filters, highlights, notes, zoom) under this name"
                })
                .clicked();
            if clicked || enter && !name.is_empty() {
                commands.push(Command::SaveView {
                    name,
                    camera: Some(camera),
                });
                self.new_name.clear();
            }
        });
        if views.is_empty() {
            ui.label(
                egui::RichText::new(
                    "No saved views yet. Set up the sociogram, name it and press Save view; \
                     presentation mode (F11) steps through the saved views in order.",
                )
                .size(super::theme::NOTE_SIZE),
            );
            return;
        }
        let last = views.len() - 1;
        for (i, v) in views.iter().enumerate() {
            ui.horizontal(|ui| {
                if let Some((k, text)) = &mut self.renaming
                    && *k == i
                {
                    let r = ui.add(egui::TextEdit::singleline(text).desired_width(150.0));
                    r.request_focus();
                    if r.lost_focus() {
                        if ui.input(|inp| !inp.key_pressed(egui::Key::Escape)) {
                            commands.push(Command::RenameView {
                                index: i,
                                name: text.clone(),
                            });
                        }
                        self.renaming = None;
                    }
                    return;
                }
                let r = ui
                    .selectable_label(current == Some(i), format!("{}. {}", i + 1, v.name))
                    .on_hover_text("Show this view (double-click to rename)");
                if r.double_clicked() {
                    self.renaming = Some((i, v.name.clone()));
                } else if r.clicked() {
                    commands.push(Command::ApplyView(i));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .small_button("🗑")
                        .on_hover_text(format!("Delete the view \"{}\"", v.name))
                        .clicked()
                    {
                        commands.push(Command::DeleteView(i));
                    }
                    if ui
                        .add_enabled(i < last, egui::Button::new("⏷").small())
                        .on_hover_text("Move down")
                        .clicked()
                    {
                        commands.push(Command::MoveView { from: i, to: i + 1 });
                    }
                    if ui
                        .add_enabled(i > 0, egui::Button::new("⏶").small())
                        .on_hover_text("Move up")
                        .clicked()
                    {
                        commands.push(Command::MoveView { from: i, to: i - 1 });
                    }
                    if ui
                        .small_button("✏")
                        .on_hover_text(format!("Rename the view \"{}\"", v.name))
                        .clicked()
                    {
                        self.renaming = Some((i, v.name.clone()));
                    }
                });
            });
        }
        ui.horizontal(|ui| {
            if ui
                .button("Export every view…")
                .on_hover_text(
                    "One figure per saved view (name-view.pdf, …), drawn as `kith render \
                     --all-views` draws them from the saved project",
                )
                .clicked()
            {
                let ext = session.export_settings().format.extension();
                if let Some(path) =
                    dialog.save_file(&format!("views.{ext}"), &super::figure_extensions())
                {
                    self.message = Some(match session.export_views(&path) {
                        Ok(files) => format!("Wrote {} figures", files.len()),
                        Err(e) => e.to_string(),
                    });
                }
            }
            if let Some(m) = &self.message {
                ui.label(m);
            }
        });
    }
}
