//! Colours and sizes of the workbench, in one place.

use eframe::egui::Color32;

use crate::model::NodeKind;

/// Text colour of error messages.
pub const ERROR: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);

/// Node colour by kind (Okabe-Ito colours, safe for colour-blind readers).
pub fn kind_colour(kind: NodeKind) -> Color32 {
    match kind {
        NodeKind::Respondent => Color32::from_rgb(0x00, 0x72, 0xB2),
        NodeKind::Alter => Color32::from_rgb(0x99, 0x99, 0x99),
        NodeKind::Place => Color32::from_rgb(0xE6, 0x9F, 0x00),
        NodeKind::Group => Color32::from_rgb(0x00, 0x9E, 0x73),
    }
}
