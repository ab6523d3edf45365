//! Colours, sizes and fonts of the workbench, in one place. Figure colours come from
//! `scene::palette` through [`colour`], so the canvas matches exports.

use eframe::egui::{self, Color32, Visuals};

use crate::scene::Color;

/// Text colour of error messages.
pub const ERROR: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
/// The canvas is paper-white in both themes, like the exported figure.
pub const PAPER: Color32 = Color32::WHITE;
/// Selection ring on the canvas.
pub const SELECTED: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);
/// Label text on the canvas.
pub const LABEL: Color32 = Color32::from_rgb(0x1A, 0x1A, 0x1A);
/// Halo behind labels so they read over ties.
pub const LABEL_HALO: Color32 = Color32::from_rgba_premultiplied(0xFF, 0xFF, 0xFF, 0xC8);
/// Legend frame fill.
pub const LEGEND_FILL: Color32 = Color32::from_rgba_premultiplied(0xFF, 0xFF, 0xFF, 0xE6);
/// Legend frame outline.
pub const LEGEND_STROKE: Color32 = Color32::from_rgb(0xBF, 0xBF, 0xBF);
/// Leader line and frame of a note on the canvas.
pub const CALLOUT_LINE: Color32 = Color32::from_rgb(0x59, 0x59, 0x59);
/// Badge saying names are hidden.
pub const NAMES_HIDDEN: Color32 = Color32::from_rgb(0x00, 0x6B, 0x3C);
/// Badge warning that real names are on screen.
pub const NAMES_VISIBLE: Color32 = Color32::from_rgb(0xB0, 0x3A, 0x00);
/// Opacity of faded nodes and ties.
pub const FADED_ALPHA: f32 = 0.55;

/// Screen radius in points of a node of relative radius 1 at the fitted zoom.
pub const NODE_RADIUS: f32 = 3.2;
/// Size of explanatory notes in panels (the rule behind a list): small enough to sit
/// under a heading, large enough to read on a laptop screen.
pub const NOTE_SIZE: f32 = 11.5;
/// Canvas label size in points.
pub const LABEL_SIZE: f32 = 12.0;
/// Tie width in points.
pub const TIE_WIDTH: f32 = 0.8;
/// Length of an arrowhead on a directed tie, in points, before its width is added.
pub const ARROW_HEAD: f32 = 2.6;
/// Width of the side panels.
pub const SIDE_PANEL_WIDTH: f32 = 280.0;
/// Height of a table row.
pub const ROW_HEIGHT: f32 = 20.0;
/// Width of a metrics table column.
pub const COLUMN_WIDTH: f32 = 92.0;
/// Width of the name column.
pub const NAME_COLUMN_WIDTH: f32 = 170.0;
/// Size of the export preview.
pub const PREVIEW_WIDTH: f32 = 420.0;

/// A figure colour as an egui colour.
pub fn colour(c: Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// A figure colour with opacity.
pub fn colour_alpha(c: Color, alpha: f32) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b).gamma_multiply(alpha)
}

/// Sets the light or dark theme.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_visuals(if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    });
}
