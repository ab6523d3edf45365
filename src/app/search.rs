//! The search box: finds people by name (or pseudonym when names are hidden).

use eframe::egui;

use crate::model::NodeId;
use crate::session::Session;

/// The search box's text and focus request.
#[derive(Debug, Default)]
pub struct Search {
    text: String,
    focus: bool,
}

impl Search {
    /// Puts the cursor in the search box on the next frame.
    pub fn focus(&mut self) {
        self.focus = true;
    }

    /// Draws the box and its matches; returns the person chosen.
    pub fn ui(&mut self, ui: &mut egui::Ui, session: &Session) -> Option<NodeId> {
        let r = ui.add(
            egui::TextEdit::singleline(&mut self.text)
                .hint_text("Find a person (Ctrl+F)")
                .desired_width(200.0),
        );
        let r = r.on_hover_text("Type part of a name and press Enter to select and centre them");
        if std::mem::take(&mut self.focus) {
            r.request_focus();
        }
        let q = self.text.trim().to_lowercase();
        if q.is_empty() {
            return None;
        }
        let hits: Vec<usize> = (0..session.study().node_count())
            .filter(|&i| session.shown_name(i).to_lowercase().contains(&q))
            .take(8)
            .collect();
        let mut chosen = None;
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            chosen = hits.first().copied();
        }
        if hits.is_empty() {
            ui.weak("no match");
        }
        for &i in hits.iter().take(4) {
            if ui
                .small_button(session.shown_name(i))
                .on_hover_text("Select and centre this person")
                .clicked()
            {
                chosen = Some(i);
            }
        }
        if chosen.is_some() {
            self.text.clear();
        }
        chosen.map(|i| NodeId(i as u32))
    }
}
