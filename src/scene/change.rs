//! How the drawn ties changed between two waves: the classes the waves figure, the
//! workbench's animated transition and the figure styles share.

use crate::model::NodeId;

/// How a tie between two waves changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TieClass {
    /// Tied in both waves.
    Kept,
    /// Tied in the later wave only.
    Gained,
    /// Tied in the earlier wave only.
    Lost,
}

impl TieClass {
    /// Opacity multiplier of a tie of this class at time `t` of an animation from the
    /// earlier wave (`t = 0`) to the later one (`t = 1`): kept ties stay (1), gained ties
    /// fade in and lost ties fade out, both along a smoothstep curve so they start and end
    /// gently. `t` outside `[0, 1]` is clamped.
    pub fn opacity_at(self, t: f32) -> f32 {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let ease = t * t * (3.0 - 2.0 * t);
        match self {
            TieClass::Kept => 1.0,
            TieClass::Gained => ease,
            TieClass::Lost => 1.0 - ease,
        }
    }

    /// The legend's word for the class.
    pub fn name(self) -> &'static str {
        match self {
            TieClass::Kept => "kept",
            TieClass::Gained => "gained",
            TieClass::Lost => "lost",
        }
    }
}

/// One drawn tie (a pair of nodes) and how it changed between two waves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TieChange {
    /// The node with the smaller index.
    pub source: NodeId,
    /// The node with the larger index.
    pub target: NodeId,
    /// Kept, gained or lost.
    pub class: TieClass,
}
