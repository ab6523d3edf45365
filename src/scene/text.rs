//! The figure font (Noto Sans, from `assets/fonts/`, OFL) and text measurement, so that
//! labels, the legend and the caption can be laid out before anything is drawn. The same
//! bytes are the only fonts the renderer loads, so measured and drawn text agree on every
//! machine.

use std::sync::OnceLock;

/// The font family name written into SVG text.
pub const FAMILY: &str = "Noto Sans";
/// Noto Sans Regular.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// Advance widths of one face, in em, for the characters figures use most; others are
/// looked up in the face on demand.
struct Widths {
    ascii: [f32; 128],
    face: Option<ttf_parser::Face<'static>>,
    fallback: f32,
}

impl Widths {
    fn load(bytes: &'static [u8]) -> Widths {
        let face = ttf_parser::Face::parse(bytes, 0).ok();
        let mut w = Widths {
            ascii: [0.55; 128],
            face,
            fallback: 0.55,
        };
        for c in 0u8..128 {
            if let Some(x) = w.lookup(char::from(c)) {
                w.ascii[c as usize] = x;
            }
        }
        w.fallback = w.ascii[b'n' as usize];
        w
    }

    fn lookup(&self, c: char) -> Option<f32> {
        let face = self.face.as_ref()?;
        let glyph = face.glyph_index(c)?;
        let advance = face.glyph_hor_advance(glyph)?;
        Some(f32::from(advance) / f32::from(face.units_per_em()))
    }

    fn em(&self, c: char) -> f32 {
        match usize::try_from(u32::from(c)) {
            Ok(i) if i < 128 => self.ascii[i],
            _ => self.lookup(c).unwrap_or(self.fallback),
        }
    }
}

fn widths(bold: bool) -> &'static Widths {
    static REG: OnceLock<Widths> = OnceLock::new();
    static BLD: OnceLock<Widths> = OnceLock::new();
    if bold {
        BLD.get_or_init(|| Widths::load(BOLD))
    } else {
        REG.get_or_init(|| Widths::load(REGULAR))
    }
}

/// Width of `text` set at `size` (same units as the result), without kerning, which only
/// makes the estimate a hair wide.
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    let w = widths(bold);
    text.chars().map(|c| w.em(c)).sum::<f32>() * size
}

/// Breaks `text` into lines no wider than `max_width` at `size`, at spaces; a word longer
/// than a line gets a line of its own.
pub fn wrap(text: &str, size: f32, bold: bool, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && width(&candidate, size, bold) > max_width {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps() {
        let narrow = width("iiii", 10.0, false);
        let wide = width("MMMM", 10.0, false);
        assert!(narrow > 0.0 && wide > 2.0 * narrow);
        assert!(width("Ł", 10.0, true) > 3.0);
        let lines = wrap("one two three four five six", 10.0, false, 60.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0, false) <= 60.0));
    }
}
