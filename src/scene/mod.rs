//! From a study, its layout and a [`View`] to a [`Scene`]: a backend-free list of shapes and
//! texts in page units, which [`crate::render`] turns into SVG, PNG and PDF and the
//! workbench can draw on its canvas.
//!
//! The page is laid out from the outside in: title at the top, caption at the bottom,
//! legend on the right, and the network scaled into what is left, so that the figure reads
//! the same at any size. Everything is computed in node order with fixed tie-breaks, so the
//! same inputs give the same scene.

mod build;
pub mod change;
mod labels;
pub mod metrics_input;
pub mod palette;
pub mod text;
pub mod view;
pub mod waves;

use crate::layout::Point;

pub use build::{
    NodeStyle, NodeStyles, TiePair, Vis, build, counts_sentence, node_styles, relative_radii,
    tie_opacity, tie_pairs, tie_weight_range,
};
// The workbench's canvas places its labels as figures do.
pub use change::{TieChange, TieClass};
#[cfg(feature = "gui")]
pub(crate) use labels::{Occupancy, place as place_label};
pub use metrics_input::NodeMetrics;
pub use palette::Color;
pub use view::{Callout, Canvas, Filter, FilterMode, Highlight, Labels, View};
pub use waves::{WaveFigure, WavePanel, build_panels, transition};

/// A line style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line colour.
    pub color: Color,
    /// Line width in scene units.
    pub width: f32,
    /// Dash and gap lengths, for a dashed line.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    /// A solid line.
    pub fn solid(color: Color, width: f32) -> Self {
        Stroke {
            color,
            width,
            dash: None,
        }
    }
}

/// The mark drawn for a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// A disc (respondents).
    Circle,
    /// A diamond (alters: people named but not surveyed).
    Diamond,
    /// A square (places and groups).
    Square,
}

/// Horizontal alignment of a text at its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at the point.
    Start,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point.
    End,
}

/// One thing to draw, in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A straight line (a tie, a leader, a legend sample).
    Line {
        /// Start.
        from: Point,
        /// End.
        to: Point,
        /// Style.
        stroke: Stroke,
        /// 0 (invisible) to 1.
        opacity: f32,
    },
    /// A filled polygon (an arrowhead).
    Polygon {
        /// Corners in order.
        points: Vec<Point>,
        /// Fill colour.
        fill: Color,
        /// 0 to 1.
        opacity: f32,
    },
    /// A node mark, a highlight ring or a legend swatch.
    Node {
        /// Centre.
        center: Point,
        /// Radius (half the side of a square or diamond's bounding box, roughly).
        radius: f32,
        /// Which mark.
        mark: Mark,
        /// Fill, or none for a ring.
        fill: Option<Color>,
        /// Outline.
        stroke: Option<Stroke>,
        /// 0 to 1.
        opacity: f32,
    },
    /// A rectangle (label background, callout box, group box, legend frame).
    Rect {
        /// Top-left corner.
        min: Point,
        /// Bottom-right corner.
        max: Point,
        /// Fill.
        fill: Option<Color>,
        /// Outline.
        stroke: Option<Stroke>,
        /// Corner radius.
        corner: f32,
        /// 0 to 1.
        opacity: f32,
    },
    /// One line of text.
    Text {
        /// The anchor point on the baseline.
        at: Point,
        /// The text.
        text: String,
        /// Font size in scene units.
        size: f32,
        /// Bold or regular.
        bold: bool,
        /// Alignment at `at`.
        anchor: Anchor,
        /// Colour.
        color: Color,
    },
}

/// A figure ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The surface it was laid out for.
    pub canvas: Canvas,
    /// Width in scene units.
    pub width: f32,
    /// Height in scene units.
    pub height: f32,
    /// The title, for file metadata (already anonymised when asked).
    pub title: Option<String>,
    /// Shapes in drawing order.
    pub shapes: Vec<Shape>,
    /// Labels that found no free spot and were left out.
    pub labels_dropped: usize,
}

/// A view that names something the study does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SceneError {
    /// An attribute or metric name that matches nothing.
    #[error("{role}: \"{name}\" is neither a node attribute nor a metric (known: {known})")]
    UnknownName {
        /// What the name was for ("colour", "size", "filter", "labels").
        role: &'static str,
        /// The name given.
        name: String,
        /// The names that would work, comma-separated.
        known: String,
    },
    /// A node id (callout or ego) that matches no node.
    #[error("{role}: there is no node with id \"{id}\"")]
    UnknownNode {
        /// What the id was for.
        role: &'static str,
        /// The id given.
        id: String,
    },
    /// A wave name the study does not have.
    #[error("wave \"{name}\" is not in the network (known waves: {known})")]
    UnknownWave {
        /// The name given.
        name: String,
        /// The study's waves, comma-separated.
        known: String,
    },
    /// An attribute that identifies people, asked for while names are hidden.
    #[error(
        "{role}: \"{name}\" identifies people ({reason}) and is not shown while names are hidden"
    )]
    Identifying {
        /// What the name was for.
        role: &'static str,
        /// The attribute.
        name: String,
        /// Why it counts as identifying.
        reason: String,
    },
    /// A name that is known but cannot be used this way (e.g. sizing by a text attribute).
    #[error("{role}: \"{name}\" is not numeric")]
    NotNumeric {
        /// What the name was for.
        role: &'static str,
        /// The name given.
        name: String,
    },
}
