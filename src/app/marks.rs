//! Drawing shared by the live canvas (egui_graphs' displays in [`super::sociogram`]) and
//! the reference painter: node marks, tie quads and arrowheads, labels placed without
//! overlap and the colour legend, all on the rules of the exported figure.

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Shape, Stroke, Vec2, epaint};

use super::theme;
use crate::layout::Point;
use crate::scene::{Mark, NodeStyles};

/// The size of the colour legend's frame, if there is a legend.
pub(super) fn legend_size(
    painter: &egui::Painter,
    styles: &NodeStyles,
    style: &theme::CanvasStyle,
) -> Option<Vec2> {
    if styles.legend.is_empty() {
        return None;
    }
    let size = style.legend_size;
    let font = egui::FontId::proportional(size);
    let row = size * 1.5;
    // Swatches and padding grow with the text, so a large legend keeps its proportions.
    let g = size / theme::LABEL_SIZE;
    let width = styles
        .legend
        .iter()
        .map(|(_, t)| {
            painter
                .layout_no_wrap(t.clone(), font.clone(), style.label)
                .size()
                .x
        })
        .fold(0.0f32, f32::max)
        + 36.0 * g;
    let height = row * styles.legend.len() as f32 + 12.0 * g;
    Some(Vec2::new(width, height))
}

/// Draws the colour legend in `frame`.
pub(super) fn paint_legend(
    painter: &egui::Painter,
    frame: Rect,
    styles: &NodeStyles,
    style: &theme::CanvasStyle,
) {
    let size = style.legend_size;
    let font = egui::FontId::proportional(size);
    let row = size * 1.5;
    let g = size / theme::LABEL_SIZE;
    painter.rect(
        frame,
        4.0,
        theme::LEGEND_FILL,
        Stroke::new(1.0, theme::LEGEND_STROKE),
        egui::StrokeKind::Inside,
    );
    for (k, (c, text)) in styles.legend.iter().enumerate() {
        let y = frame.top() + 6.0 * g + row * (k as f32 + 0.5);
        let x = frame.left() + 10.0 * g;
        match c {
            Some(c) => {
                painter.circle_filled(Pos2::new(x + 5.0 * g, y), 5.0 * g, theme::color(*c));
                painter.text(
                    Pos2::new(x + 16.0 * g, y),
                    egui::Align2::LEFT_CENTER,
                    text,
                    font.clone(),
                    style.label,
                );
            }
            None => {
                painter.text(
                    Pos2::new(x, y),
                    egui::Align2::LEFT_CENTER,
                    text,
                    egui::FontId::proportional(size + g),
                    style.label,
                );
            }
        }
    }
}

/// Adds a dashed line of `width` to `mesh`.
pub(super) fn add_dashed_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.5 {
        return;
    }
    let (dash, gap) = ((width * 4.0).max(4.0), (width * 3.0).max(3.0));
    let step = d / len;
    let mut at = 0.0;
    while at < len {
        let end = (at + dash).min(len);
        add_line(mesh, a + step * at, a + step * end, width, color);
        at = end + gap;
    }
}

/// Adds a straight line of `width` to `mesh` as one quad.
pub(super) fn add_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.5 {
        return;
    }
    let n = Vec2::new(-d.y, d.x) / len * (width * 0.5);
    let i = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b - n, b + n] {
        mesh.vertices.push(epaint::Vertex {
            pos: p,
            uv: epaint::WHITE_UV,
            color,
        });
    }
    mesh.indices
        .extend_from_slice(&[i, i + 1, i + 2, i, i + 2, i + 3]);
}

/// Adds an arrowhead on the line from `from` to `to`, its tip `inset` short of `to`.
pub(super) fn add_arrowhead(
    mesh: &mut Mesh,
    from: Pos2,
    to: Pos2,
    inset: f32,
    width: f32,
    color: Color32,
) {
    let d = to - from;
    let len = d.length();
    let head = theme::ARROW_HEAD + width * 1.2;
    if len < inset + head * 2.0 {
        return;
    }
    let u = d / len;
    let n = Vec2::new(-u.y, u.x);
    let tip = to - u * inset;
    let back = tip - u * head * 1.5;
    let i = mesh.vertices.len() as u32;
    for p in [tip, back + n * head * 0.6, back - n * head * 0.6] {
        mesh.vertices.push(epaint::Vertex {
            pos: p,
            uv: epaint::WHITE_UV,
            color,
        });
    }
    mesh.indices.extend_from_slice(&[i, i + 1, i + 2]);
}

/// A node mark: a circle, square or diamond of radius `r` around `c`.
pub(super) fn mark_shape(m: Mark, c: Pos2, r: f32, fill: Option<Color32>, stroke: Stroke) -> Shape {
    match m {
        Mark::Circle => match fill {
            Some(f) => Shape::Circle(epaint::CircleShape {
                center: c,
                radius: r,
                fill: f,
                stroke,
            }),
            None => Shape::circle_stroke(c, r, stroke),
        },
        Mark::Square | Mark::Diamond => {
            let k = if m == Mark::Square { 0.88 } else { 1.2 };
            let pts: Vec<Pos2> = if m == Mark::Square {
                vec![
                    c + Vec2::new(-r * k, -r * k),
                    c + Vec2::new(r * k, -r * k),
                    c + Vec2::new(r * k, r * k),
                    c + Vec2::new(-r * k, r * k),
                ]
            } else {
                vec![
                    c + Vec2::new(0.0, -r * k),
                    c + Vec2::new(r * k, 0.0),
                    c + Vec2::new(0.0, r * k),
                    c + Vec2::new(-r * k, 0.0),
                ]
            };
            Shape::convex_polygon(pts, fill.unwrap_or(Color32::TRANSPARENT), stroke)
        }
    }
}

/// Writes the names the label rule picks, placed as in exported figures: each tries spots
/// around its node and takes the first that covers neither a node nor another label; the
/// selection goes first, then highlighted and larger nodes. A label with no free spot is
/// left out (the selection's is drawn at its node's right all the same), so the dense
/// centre stays readable. `order` lists the nodes drawn, `pos` puts a node on the screen.
#[allow(clippy::too_many_arguments)]
pub(super) fn paint_labels(
    painter: &egui::Painter,
    rect: Rect,
    styles: &NodeStyles,
    order: &[usize],
    pos: &dyn Fn(usize) -> Pos2,
    faded: &dyn Fn(usize) -> bool,
    selected: Option<usize>,
    node_scale: f32,
    style: &theme::CanvasStyle,
) {
    let clip = rect.expand(10.0);
    // Labels: those the label rule picks, placed as in exported figures: each tries spots
    // around its node and takes the first that covers neither a node nor another label;
    // the selection goes first, then highlighted and larger nodes. A label with no free
    // spot is left out (the selection's is drawn at its node's right all the same), so the
    // dense centre stays readable.
    let font = egui::FontId::proportional(style.label_size);
    let mut wanted: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| styles.nodes[i].label.is_some() && (!faded(i) || Some(i) == selected))
        .filter(|&i| rect.contains(pos(i)))
        .collect();
    wanted.sort_by(|&a, &b| {
        let (sa, sb) = (&styles.nodes[a], &styles.nodes[b]);
        (Some(b) == selected)
            .cmp(&(Some(a) == selected))
            .then(sb.rings.len().cmp(&sa.rings.len()))
            .then(sb.radius.total_cmp(&sa.radius))
            .then(a.cmp(&b))
    });
    let point = |p: Pos2| Point::new(p.x, p.y);
    let reach_of = |i: usize| {
        let s = &styles.nodes[i];
        s.radius * node_scale
            + if s.rings.is_empty() {
                1.0
            } else {
                2.0 + 2.4 * s.rings.len() as f32
            }
    };
    let mut occupied = crate::scene::Occupancy::new(style.label_size * 2.0);
    for &i in order {
        if clip.contains(pos(i)) {
            occupied.add_disc(point(pos(i)), reach_of(i));
        }
    }
    let bounds = crate::layout::Rect {
        min: point(rect.min),
        max: point(rect.max),
    };
    let mut drawn: Vec<(usize, Rect)> = Vec::new();
    for i in wanted {
        let s = &styles.nodes[i];
        let Some(text) = &s.label else { continue };
        let galley = painter.layout_no_wrap(text.clone(), font.clone(), style.label);
        let size = galley.size() + Vec2::splat(2.0 * style.label_pad);
        let spot = crate::scene::place_label(
            &occupied,
            &bounds,
            point(pos(i)),
            reach_of(i),
            size.x,
            size.y,
            3.0,
        );
        let r = match spot {
            Some(p) => {
                if p.leader {
                    let to = Rect::from_min_max(
                        Pos2::new(p.rect.min.x, p.rect.min.y),
                        Pos2::new(p.rect.max.x, p.rect.max.y),
                    );
                    let from = pos(i);
                    let end = to.center() + (from - to.center()).normalized() * 2.0;
                    let c = from + (end - from).normalized() * reach_of(i);
                    painter.line_segment([c, to.clamp(end)], Stroke::new(1.0, style.label));
                }
                Rect::from_min_max(
                    Pos2::new(p.rect.min.x, p.rect.min.y),
                    Pos2::new(p.rect.max.x, p.rect.max.y),
                )
            }
            None if Some(i) == selected => egui::Align2::LEFT_CENTER
                .anchor_size(pos(i) + Vec2::new(reach_of(i) + 3.0, 0.0), size),
            None => continue,
        };
        occupied.add_rect(crate::layout::Rect {
            min: point(r.min),
            max: point(r.max),
        });
        painter.rect_filled(r, 2.0, style.label_halo);
        painter.galley(r.min + Vec2::splat(style.label_pad), galley, style.label);
        drawn.push((i, r));
    }
    // Kept for the window tests, which check that no two labels overlap.
    painter
        .ctx()
        .data_mut(|d| d.insert_temp(egui::Id::new(LABELS_DRAWN), drawn));
}

/// The egui temporary data key under which the canvas keeps the label boxes it drew in
/// the last frame, in screen points (node index, box).
pub const LABELS_DRAWN: &str = "kith labels drawn";
