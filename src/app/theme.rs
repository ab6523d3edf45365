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
/// Seconds the canvas takes to turn one wave's ties into the next wave's.
pub const WAVE_TRANSITION: f32 = 0.8;
/// Opacity a lost tie keeps after the transition, so the loss stays visible.
pub const LOST_TIE_ALPHA: f32 = 0.45;
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
/// Bars of a null distribution (the random networks or permutations).
pub const NULL_BAR: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);
/// The observed value drawn over a null distribution.
pub const OBSERVED_LINE: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
/// Height of a null-distribution histogram.
pub const HISTOGRAM_HEIGHT: f32 = 150.0;
/// Height of the bottom panel with the tables.
pub const TABLES_HEIGHT: f32 = 230.0;
/// The least height of the bottom panel.
pub const TABLES_MIN_HEIGHT: f32 = 200.0;
/// Width of the picture of the waves side by side.
pub const SIDE_BY_SIDE_WIDTH: f32 = 1100.0;
/// Height of the per-person table in the Change tab.
pub const CHANGE_TABLE_HEIGHT: f32 = 260.0;
/// Width of a metrics table column.
pub const COLUMN_WIDTH: f32 = 92.0;
/// Width of the name column.
pub const NAME_COLUMN_WIDTH: f32 = 170.0;
/// Size of the export preview.
pub const PREVIEW_WIDTH: f32 = 420.0;

/// A figure colour as an egui colour.
pub fn color(c: Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// A figure colour with opacity.
pub fn color_alpha(c: Color, alpha: f32) -> Color32 {
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

/// How the canvas (and the reference [`super::paint_frame`]) draws the sociogram: label size
/// and colours, line widths and the legend. The workbench and presentation mode differ only in these.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CanvasStyle {
    /// Label text size in points.
    pub label_size: f32,
    /// Label text colour.
    pub label: Color32,
    /// Halo behind labels.
    pub label_halo: Color32,
    /// Padding of the halo around a label, in points.
    pub label_pad: f32,
    /// Ordinary tie width in points.
    pub tie_width: f32,
    /// Tie opacity is multiplied by this (capped at 1), so ties read on a projector.
    pub tie_alpha: f32,
    /// Width of the outline around node marks.
    pub node_outline: f32,
    /// Width of the selection ring.
    pub selected_width: f32,
    /// Legend text size in points.
    pub legend_size: f32,
}

impl CanvasStyle {
    /// The workbench canvas: small labels, fine lines, like the exported figure.
    pub const WORKBENCH: CanvasStyle = CanvasStyle {
        label_size: LABEL_SIZE,
        label: LABEL,
        label_halo: LABEL_HALO,
        label_pad: 1.0,
        tie_width: TIE_WIDTH,
        tie_alpha: 1.0,
        node_outline: 0.7,
        selected_width: 2.5,
        legend_size: LABEL_SIZE,
    };

    /// Presentation mode on a window `height` points high: labels readable from the back
    /// of a community hall (38.6 points on a 1080-line projector, never under 24), black on
    /// opaque white, heavier lines.
    pub fn presentation(height: f32) -> CanvasStyle {
        let label_size = (height * PRESENT_LABEL_PER_HEIGHT).max(PRESENT_LABEL_MIN);
        CanvasStyle {
            label_size,
            label: PRESENT_INK,
            label_halo: PRESENT_PAPER,
            label_pad: label_size * 0.12,
            tie_width: TIE_WIDTH * 2.2,
            tie_alpha: 1.6,
            node_outline: 1.5,
            selected_width: 5.0,
            legend_size: label_size * 0.8,
        }
    }
}

/// Presentation label size as a share of the window height (38.6 points at 1080, so capitals
/// stand 27 pixels high).
pub const PRESENT_LABEL_PER_HEIGHT: f32 = 1.0 / 28.0;
/// The smallest presentation label size in points, whatever the window.
pub const PRESENT_LABEL_MIN: f32 = 24.0;
/// Presentation node radius for a relative radius of 1, as a share of the window height.
pub const PRESENT_NODE_PER_HEIGHT: f32 = 1.0 / 150.0;
/// Presentation overlay text (step indicator, names indicator, hints) as a share of the
/// window height.
pub const PRESENT_TEXT_PER_HEIGHT: f32 = 1.0 / 34.0;
/// Card heading size as a share of the window height.
pub const PRESENT_HEADING_PER_HEIGHT: f32 = 1.0 / 20.0;
/// Card body text as a share of the window height.
pub const PRESENT_BODY_PER_HEIGHT: f32 = 1.0 / 38.0;
/// Card width as a share of the window width.
pub const PRESENT_CARD_WIDTH: f32 = 0.42;
/// How long a step between saved views takes, in seconds (fade out, then in).
pub const PRESENT_TRANSITION: f32 = 0.4;
/// How long a camera move between saved views takes, in seconds.
pub const PRESENT_CAMERA_TIME: f32 = 0.6;
/// Text and lines in presentation mode: pure black for the strongest contrast.
pub const PRESENT_INK: Color32 = Color32::BLACK;
/// The presentation background: pure white, which projectors show brightest.
pub const PRESENT_PAPER: Color32 = Color32::WHITE;
/// Background of the step indicator (the names badge uses [`NAMES_HIDDEN`] and
/// [`NAMES_VISIBLE`], as on the workbench canvas).
pub const PRESENT_BADGE: Color32 = Color32::from_rgb(0x1A, 0x1A, 0x1A);
/// Text on badges.
pub const PRESENT_BADGE_TEXT: Color32 = Color32::WHITE;
/// Flag lines on the person card (isolate, broker).
pub const PRESENT_FLAG: Color32 = Color32::from_rgb(0xA0, 0x30, 0x00);
/// Weak text on the card (explanations).
pub const PRESENT_WEAK: Color32 = Color32::from_rgb(0x40, 0x40, 0x40);
/// Card outline width in points.
pub const PRESENT_CARD_STROKE: f32 = 4.0;
/// Corner radius of the card and badges.
pub const PRESENT_CORNER: u8 = 10;
/// Space between the window edge and the overlays, as a share of the window height.
pub const PRESENT_MARGIN_PER_HEIGHT: f32 = 1.0 / 60.0;

/// The style of widgets in presentation mode (the card, the badges) on a window `height`
/// points high: large text, black on white, strong outlines.
pub fn presentation_style(base: &egui::Style, height: f32) -> egui::Style {
    let mut style = base.clone();
    let body = height * PRESENT_BODY_PER_HEIGHT;
    style.text_styles = [
        (
            egui::TextStyle::Heading,
            egui::FontId::proportional(height * PRESENT_HEADING_PER_HEIGHT),
        ),
        (egui::TextStyle::Body, egui::FontId::proportional(body)),
        (egui::TextStyle::Button, egui::FontId::proportional(body)),
        (
            egui::TextStyle::Small,
            egui::FontId::proportional(body * 0.8),
        ),
        (egui::TextStyle::Monospace, egui::FontId::monospace(body)),
    ]
    .into();
    style.visuals = Visuals::light();
    style.visuals.override_text_color = Some(PRESENT_INK);
    style.visuals.panel_fill = PRESENT_PAPER;
    style.visuals.window_fill = PRESENT_PAPER;
    style.visuals.window_stroke = egui::Stroke::new(PRESENT_CARD_STROKE, PRESENT_INK);
    style.spacing.item_spacing = egui::vec2(body * 0.5, body * 0.35);
    style.interaction.selectable_labels = false;
    style
}

/// Names shown at once in each Flags list before it scrolls.
pub const FLAG_ROWS: usize = 7;
