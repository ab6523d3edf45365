//! Scene to SVG text, written by hand: the scene is a flat list of simple shapes, and
//! writing them directly keeps the output byte-for-byte stable (fixed number formatting,
//! no generated ids, no dates).

use std::fmt::Write;

use crate::layout::Point;
use crate::scene::{Anchor, Canvas, Mark, Scene, Shape, Stroke, palette, text};

/// A coordinate with at most two decimals and no trailing zeros, so output is stable and
/// small.
fn f(x: f32) -> String {
    let v = (x * 100.0).round() / 100.0;
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Text for the SVG, escaped as every XML file Kith writes is.
fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    crate::io::xml_escape(s, false).0
}

fn stroke_attrs(s: Option<&Stroke>) -> String {
    match s {
        None => " stroke=\"none\"".to_string(),
        Some(s) => {
            let mut a = format!(" stroke=\"{}\" stroke-width=\"{}\"", s.color, f(s.width));
            if let Some((d, g)) = s.dash {
                let _ = write!(a, " stroke-dasharray=\"{} {}\"", f(d), f(g));
            }
            a
        }
    }
}

/// Opacity as paint opacities rather than group `opacity`: the result is the same for
/// these simple shapes, but renderers need no offscreen layer per shape (resvg would
/// allocate one, svg2pdf would write a form object), which keeps large figures fast.
fn opacity_attr(o: f32, fill: bool, stroke: bool) -> String {
    if o >= 1.0 {
        return String::new();
    }
    let mut a = String::new();
    if fill {
        let _ = write!(a, " fill-opacity=\"{}\"", f(o));
    }
    if stroke {
        let _ = write!(a, " stroke-opacity=\"{}\"", f(o));
    }
    a
}

fn points(pts: &[Point]) -> String {
    pts.iter()
        .map(|p| format!("{},{}", f(p.x), f(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scene as a standalone SVG document.
pub fn svg(scene: &Scene) -> String {
    let mut out = String::with_capacity(256 + scene.shapes.len() * 96);
    let (w, h) = (scene.width, scene.height);
    let (ws, hs) = match scene.canvas {
        Canvas::Page {
            width_mm,
            height_mm,
        } => (format!("{}mm", f(width_mm)), format!("{}mm", f(height_mm))),
        Canvas::Pixels { width, height } => (width.to_string(), height.to_string()),
    };
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ws}\" height=\"{hs}\" viewBox=\"0 0 {} {}\" font-family=\"{}\">",
        f(w),
        f(h),
        text::FAMILY
    );
    if let Some(t) = &scene.title {
        let _ = writeln!(out, "<title>{}</title>", esc(t));
    }
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        f(w),
        f(h),
        palette::BACKGROUND
    );
    for s in &scene.shapes {
        match s {
            Shape::Line {
                from,
                to,
                stroke,
                opacity,
            } => {
                let _ = writeln!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{} stroke-linecap=\"round\"{}/>",
                    f(from.x),
                    f(from.y),
                    f(to.x),
                    f(to.y),
                    stroke_attrs(Some(stroke)),
                    opacity_attr(*opacity, false, true)
                );
            }
            Shape::Polygon {
                points: pts,
                fill,
                opacity,
            } => {
                let _ = writeln!(
                    out,
                    "<polygon points=\"{}\" fill=\"{fill}\"{}/>",
                    points(pts),
                    opacity_attr(*opacity, true, false)
                );
            }
            Shape::Node {
                center,
                radius,
                mark,
                fill,
                stroke,
                opacity,
            } => {
                let rest = format!(
                    " fill=\"{}\"{}{}",
                    fill.map_or("none".to_string(), |c| c.to_string()),
                    stroke_attrs(stroke.as_ref()),
                    opacity_attr(*opacity, fill.is_some(), stroke.is_some())
                );
                let (x, y, r) = (center.x, center.y, *radius);
                match mark {
                    Mark::Circle => {
                        let _ = writeln!(
                            out,
                            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{rest}/>",
                            f(x),
                            f(y),
                            f(r)
                        );
                    }
                    Mark::Square => {
                        // Same area as the circle, so sizes compare across kinds.
                        let half = r * 0.886;
                        let _ = writeln!(
                            out,
                            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{rest}/>",
                            f(x - half),
                            f(y - half),
                            f(2.0 * half),
                            f(2.0 * half)
                        );
                    }
                    Mark::Diamond => {
                        let d = r * 1.253;
                        let pts = [
                            Point::new(x, y - d),
                            Point::new(x + d, y),
                            Point::new(x, y + d),
                            Point::new(x - d, y),
                        ];
                        let _ = writeln!(out, "<polygon points=\"{}\"{rest}/>", points(&pts));
                    }
                }
            }
            Shape::Rect {
                min,
                max,
                fill,
                stroke,
                corner,
                opacity,
            } => {
                let paint = opacity_attr(*opacity, fill.is_some(), stroke.is_some());
                let fill = fill.map_or("none".to_string(), |c| c.to_string());
                let rx = if *corner > 0.0 {
                    format!(" rx=\"{}\"", f(*corner))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{rx} fill=\"{fill}\"{}{}/>",
                    f(min.x),
                    f(min.y),
                    f(max.x - min.x),
                    f(max.y - min.y),
                    stroke_attrs(stroke.as_ref()),
                    paint
                );
            }
            Shape::Text {
                at,
                text: t,
                size,
                bold,
                anchor,
                color,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "",
                    Anchor::Middle => " text-anchor=\"middle\"",
                    Anchor::End => " text-anchor=\"end\"",
                };
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{weight}{anchor} fill=\"{color}\">{}</text>",
                    f(at.x),
                    f(at.y),
                    f(*size),
                    esc(t)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        assert_eq!(f(1.0), "1");
        assert_eq!(f(1.256), "1.26");
        assert_eq!(f(-0.001), "0");
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        // The same rules as GraphML and GEXF: what XML cannot hold is replaced, a carriage
        // return kept as a reference.
        assert_eq!(esc("a\u{1}b\r"), "a\u{FFFD}b&#13;");
        assert_eq!(esc("Zoë's"), "Zoë&apos;s");
    }
}
