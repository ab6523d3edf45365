//! Node positions for drawing: seeded and deterministic.

pub mod circular;

/// A position in layout units (the scene scales them to the figure or the canvas).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, growing downwards as on screen.
    pub y: f32,
}
