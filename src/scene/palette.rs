//! Colours for figures: the Okabe-Ito palette for categories (safe for the common forms of
//! colour blindness and in greyscale print), a sequential scale for numbers, and the greys
//! and marks of the figure furniture. No colour literals live anywhere else in figures.

use std::fmt;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Color {
    /// A colour from its three components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }

    /// Mixes towards `other` by `t` (0 = self, 1 = other).
    pub fn mix(self, other: Color, t: f32) -> Color {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        Color::rgb(m(self.r, other.r), m(self.g, other.g), m(self.b, other.b))
    }
}

impl fmt::Display for Color {
    /// `#rrggbb`, as SVG wants it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// The Okabe-Ito categorical palette, in the order categories receive them. Yellow comes
/// late because it is faint on white; black comes last because rings and bridges are black.
pub const CATEGORICAL: [Color; 8] = [
    Color::rgb(0xE6, 0x9F, 0x00), // orange
    Color::rgb(0x56, 0xB4, 0xE9), // sky blue
    Color::rgb(0x00, 0x9E, 0x73), // bluish green
    Color::rgb(0xD5, 0x5E, 0x00), // vermillion
    Color::rgb(0x00, 0x72, 0xB2), // blue
    Color::rgb(0xCC, 0x79, 0xA7), // reddish purple
    Color::rgb(0xF0, 0xE4, 0x42), // yellow
    Color::rgb(0x00, 0x00, 0x00), // black
];

/// Five classes of a sequential scale (viridis, without its faint yellow end), low to high.
pub const SEQUENTIAL: [Color; 5] = [
    Color::rgb(0x44, 0x01, 0x54),
    Color::rgb(0x3B, 0x52, 0x8B),
    Color::rgb(0x21, 0x90, 0x8C),
    Color::rgb(0x5D, 0xC8, 0x63),
    Color::rgb(0xC2, 0xDF, 0x23),
];

/// Nodes when nothing chooses their colour.
pub const NEUTRAL: Color = Color::rgb(0x00, 0x72, 0xB2);
/// The "other" category once the palette is used up.
pub const OTHER: Color = Color::rgb(0x99, 0x99, 0x99);
/// Nodes whose value is missing.
pub const MISSING: Color = Color::rgb(0xE0, 0xE0, 0xE0);
/// Nodes and ties that a filter fades out.
pub const FADED: Color = Color::rgb(0xD9, 0xD9, 0xD9);
/// Ties.
pub const TIE: Color = Color::rgb(0x8C, 0x8C, 0x8C);
/// Highlight rings, bridges and leader lines.
pub const INK: Color = Color::rgb(0x1A, 0x1A, 0x1A);
/// Titles and labels.
pub const TEXT: Color = Color::rgb(0x1A, 0x1A, 0x1A);
/// Captions, counts and secondary text.
pub const MUTED: Color = Color::rgb(0x59, 0x59, 0x59);
/// Group boxes and the legend frame.
pub const FRAME: Color = Color::rgb(0xBF, 0xBF, 0xBF);
/// Ties present in this wave and the previous one (the same grey as ordinary ties).
pub const TIE_KEPT: Color = TIE;
/// Ties gained since the previous wave: Okabe-Ito blue, darker than the kept grey so the
/// difference survives greyscale print (they are drawn wider too).
pub const TIE_GAINED: Color = Color::rgb(0x00, 0x72, 0xB2);
/// Ties lost since the previous wave: Okabe-Ito vermillion, always drawn dashed so they
/// read without colour.
pub const TIE_LOST: Color = Color::rgb(0xD5, 0x5E, 0x00);
/// The page.
pub const BACKGROUND: Color = Color::rgb(0xFF, 0xFF, 0xFF);

/// The colour of category number `i` of `count` categories shown (the last one is "other"
/// when there are more than the palette holds).
pub fn categorical(i: usize) -> Color {
    CATEGORICAL.get(i).copied().unwrap_or(OTHER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_print_as_hex_and_mix() {
        assert_eq!(CATEGORICAL[0].to_string(), "#e69f00");
        assert_eq!(BACKGROUND.mix(INK, 0.0), BACKGROUND);
        assert_eq!(
            Color::rgb(0, 0, 0).mix(Color::rgb(200, 100, 0), 0.5),
            Color::rgb(100, 50, 0)
        );
        assert_eq!(categorical(20), OTHER);
    }
}
