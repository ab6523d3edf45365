//! One interface for the workbench's panels (as egui's demo app has one `View::ui`): the
//! side panels (Data, Style, Filter, Inspector, Views, Flags) and the tabs under the canvas
//! (Metrics, Groups, Models, Change) are each drawn by [`Panel::ui`] with the same
//! [`PanelContext`], so the workbench lays them out in one loop and a new panel needs no
//! new call.

use eframe::egui;

use super::FileDialog;
use crate::session::{Camera, Command, Session};

/// What a panel is given to draw itself, and what it may ask of the workbench.
pub struct PanelContext<'a> {
    /// The document, read only: panels change it by sending commands.
    pub session: &'a Session,
    /// Commands the workbench applies after the frame (undoable edits).
    pub commands: &'a mut Vec<Command>,
    /// The open and save dialogs (a fake one in tests).
    pub dialog: &'a mut dyn FileDialog,
    /// Where the canvas looks now (a saved view keeps it).
    pub camera: Camera,
    /// A person (node index in the study in view) the panel asks the canvas to centre on.
    pub show: Option<usize>,
}

impl<'a> PanelContext<'a> {
    /// A context asking nothing of the workbench yet.
    pub fn new(
        session: &'a Session,
        commands: &'a mut Vec<Command>,
        dialog: &'a mut dyn FileDialog,
        camera: Camera,
    ) -> Self {
        PanelContext {
            session,
            commands,
            dialog,
            camera,
            show: None,
        }
    }
}

/// A part of the workbench window with a heading of its own.
pub trait Panel {
    /// Its heading, as the user reads it.
    fn title(&self) -> &'static str;

    /// Draws the panel into `ui`.
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelContext<'_>);
}
