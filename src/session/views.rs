//! Saved views: named snapshots of what the canvas shows (style, filters, highlights,
//! annotations, the relations and waves in view, and the camera), kept in the project so a
//! workshop can step through them and every figure can be rendered again from them.

use std::collections::BTreeSet;

use crate::layout::Point;
use crate::scene::View;

/// Where the canvas looks: the layout point at the centre of the screen and the zoom.
/// `None` in a [`SavedView`] means "fit everything".
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Camera {
    /// Layout point shown at the centre.
    pub center: Point,
    /// Screen pixels per layout unit divided by the shorter side of the canvas in pixels,
    /// so that a view framed on a laptop frames the same part on a projector.
    pub zoom: f32,
}

/// A named snapshot of the view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedView {
    /// The name shown in the views panel and used by `kith render --view`.
    pub name: String,
    /// Style rules, filters, highlights, labels, title, caption, callouts, anonymise.
    pub view: View,
    /// The relations in view (`None`: all).
    #[serde(default)]
    pub relations: Option<BTreeSet<String>>,
    /// The waves in view (`None`: all).
    #[serde(default)]
    pub waves: Option<BTreeSet<String>>,
    /// The camera, or `None` to fit the whole network.
    #[serde(default)]
    pub camera: Option<Camera>,
}
